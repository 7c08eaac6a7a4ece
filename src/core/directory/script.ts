/**
 * "Generate script" of the Users view: its filters and visible columns as the CLI's `users` flags and
 * `--columns`, the file named as "Export view" names it. What the CLI cannot express (a product or
 * department filter, an activity choice other than "inactive N+ days", the account state, the search, the
 * sort) is said in a comment of the script, never dropped without a word.
 */
import { graphUrlArgs, runScript, safeFileNamePart } from '../export';
import type { IRunScript } from '../export';
import { userColumn } from './userColumns';
import { ACTIVITY_LABELS } from './userIndex';
import type { ActivityFilter, IUserFilters } from './userIndex';

/** The view's state a script carries. */
export interface IUsersScriptInput {
  filters: IUserFilters;
  /** Visible column keys, in order. */
  columns: readonly string[];
  /** As the export names its file (`m365-users-<tenant>-<date>-filtered.xlsx`). */
  tenantName?: string;
  /** The search box's text: the CLI has none. */
  search?: string;
  /** The view's sort: the CLI writes users in directory order. */
  sort?: { key: string; descending?: boolean };
  graphUrl?: string;
}

/** The activity choices the CLI's `--inactive-days N` holds exactly (never active counts as inactive in both). */
const INACTIVE: Partial<Record<ActivityFilter, number>> = { inactive30: 30, inactive90: 90, inactive180: 180 };

/** The attack simulation filters and their switches. */
const SIMULATION_FLAGS = {
  clicked: '--clicked',
  compromised: '--compromised',
  repeatOffender: '--repeat-offenders',
  neverSimulated: '--never-simulated',
  trainingOverdue: '--training-overdue',
  trainingIncomplete: '--training-incomplete'
} as const;

/** The `users` flags for the view's filters and columns, and what they leave out, in words. */
export function usersScriptArgs(input: IUsersScriptInput): { args: string[]; notes: string[] } {
  const f = input.filters;
  const args: string[] = [];
  const missing: string[] = [];
  if (f.inM365 !== undefined) args.push('--licensed', f.inM365 ? 'yes' : 'no');
  // "Not enforced and not registered" is --mfa-not-enforced with --mfa not-registered: both must hold.
  const notRegistered = f.mfaEnabled === false || (f.mfaEnforcement === 'notEnforcedNotRegistered' && f.mfaEnabled === undefined);
  if (f.mfaEnabled === true) args.push('--mfa', 'registered');
  else if (notRegistered) args.push('--mfa', 'not-registered');
  if (f.mfaEnforcement === 'notEnforcedNotRegistered' && f.mfaEnabled === true) {
    missing.push('"MFA not enforced and not registered" with "MFA: Enabled" (they match no one together; the script keeps "MFA: Enabled" and "MFA not enforced")');
  }
  // Both must hold: inactive at least the larger number of days.
  const inactive = Math.max(f.inactiveDays ?? -1, f.activity !== undefined ? INACTIVE[f.activity] ?? -1 : -1);
  if (inactive >= 0) args.push('--inactive-days', String(inactive));
  if (f.activity !== undefined && INACTIVE[f.activity] === undefined) missing.push(`"${ACTIVITY_LABELS[f.activity]}"`);
  if (f.userType) args.push('--guests', f.userType === 'Guest' ? 'only' : 'exclude');
  if (f.mfaEnforcement !== undefined) args.push('--mfa-not-enforced');
  for (const [key, flag] of Object.entries(SIMULATION_FLAGS) as Array<[keyof typeof SIMULATION_FLAGS, string]>) if (f[key]) args.push(flag);
  if (f.accountEnabled !== undefined) missing.push(`"Account: ${f.accountEnabled ? 'Enabled' : 'Disabled'}"`);
  if (f.products?.length) missing.push(`products (${f.products.map(p => `"${p}"`).join(', ')})`);
  if (f.departments?.length) missing.push(`departments (${f.departments.map(d => `"${d || '(none)'}"`).join(', ')})`);

  const columns = input.columns.filter(k => userColumn(k) !== undefined);
  if (columns.length) args.push('--columns', columns.join(','));
  const tenant = safeFileNamePart(input.tenantName ?? 'tenant', 'tenant');
  args.push(...graphUrlArgs(input.graphUrl), '--out', `m365-users-${tenant}-{today}-filtered.xlsx`);

  const notes: string[] = [];
  if (missing.length) {
    notes.push(`Not carried over, the CLI has no such filter: ${missing.join('; ')}. This writes every user the other filters keep, more than the view shows.`);
  }
  if (input.search?.trim()) notes.push(`Not carried over: the search "${input.search.trim()}" (the CLI has no search).`);
  if (input.sort) {
    const header = userColumn(input.sort.key)?.header ?? input.sort.key;
    notes.push(`Not carried over: the sort by ${header}${input.sort.descending ? ' (descending)' : ''}; the CLI writes users in directory order.`);
  }
  return { args, notes };
}

/** The script of the Users view as it stands: its filters and columns, as "Export view" writes them. */
export function usersScript(input: IUsersScriptInput): IRunScript {
  const { args, notes } = usersScriptArgs(input);
  return runScript({ args: ['users', ...args], title: 'Users view', notes });
}
