import type { CellValue, ExportColumnType, IColumnSpec, ISheetSpec } from '../export/types';
import type { SectionTopic } from '../graph/explain';
import { foldText } from './userIndex';
import type { IJoinSources, IUserRow, SortValue, SourceState } from './userIndex';
import type { UserJoinKey } from './loadUsers';
import { MFA_STATUS_LABEL } from './mfa';
import { enforcementText, trainingText } from '../security';

/** Where a column's data comes from; a failed source degrades only its columns. */
export type ColumnSource = 'directory' | 'licenses' | 'mfa' | 'activity' | 'signIns' | 'attackSimulation' | 'mfaEnforcement' | 'devices';

/** A source joined onto the directory: its join, its name in banners and messages, its error topic. */
export const JOINED_SOURCES: Record<Exclude<ColumnSource, 'directory'>, { join: UserJoinKey; name: string; topic: SectionTopic }> = {
  licenses: { join: 'skus', name: 'Assigned products', topic: 'licenses' },
  mfa: { join: 'mfa', name: 'MFA columns', topic: 'mfa' },
  activity: { join: 'activity', name: 'Last activity', topic: 'reports' },
  signIns: { join: 'signIns', name: 'Last sign-in', topic: 'signIns' },
  attackSimulation: { join: 'attackSimulation', name: 'Attack simulation columns', topic: 'attackSimulation' },
  mfaEnforcement: { join: 'mfaEnforcement', name: 'MFA enforcement', topic: 'mfaEnforcement' },
  // Each device part fails on its own inside a join that is read (deviceCountsProblem words it); the topic only
  // words a failure of the join as a whole, which is no refusal of either part.
  devices: { join: 'devices', name: 'Devices', topic: 'users' }
};

/** The state of the join a column source reads; undefined for the directory itself. */
export function joinStateOf(source: ColumnSource, joins: IJoinSources): SourceState<unknown> | undefined {
  return source === 'directory' ? undefined : joins[JOINED_SOURCES[source].join];
}

/** One column of the Users view and its export. */
export interface IUserColumn {
  key: string;
  /** Header in the view and in exports: a public contract (README "Export columns"). */
  header: string;
  type: ExportColumnType;
  source: ColumnSource;
  /** The cell value (typed: dates as YYYY-MM-DD / ISO text, booleans as booleans). */
  value: (row: IUserRow) => CellValue;
  /** Display width in px in the list. */
  width: number;
}

const folded = (v: string | null | undefined): string | null => (v ? foldText(v) : null);
/** A simulation figure: 0 for a user never simulated (not in the coverage report), empty when not known. */
const figure = (r: IUserRow, pick: (s: NonNullable<IUserRow['simulation']>) => number): number | null =>
  r.simulation === undefined ? null : r.simulation === null ? 0 : pick(r.simulation);

/** Every column, in default order. */
export const USER_COLUMNS: readonly IUserColumn[] = [
  { key: 'displayName', header: 'Display Name', type: 'string', source: 'directory', width: 220, value: r => r.user.displayName },
  { key: 'userPrincipalName', header: 'User Principal Name', type: 'string', source: 'directory', width: 240, value: r => r.user.userPrincipalName },
  { key: 'mail', header: 'Email', type: 'string', source: 'directory', width: 220, value: r => r.user.mail },
  { key: 'jobTitle', header: 'Role (Job Title)', type: 'string', source: 'directory', width: 160, value: r => r.user.jobTitle },
  { key: 'department', header: 'Department', type: 'string', source: 'directory', width: 140, value: r => r.user.department },
  { key: 'officeLocation', header: 'Office', type: 'string', source: 'directory', width: 120, value: r => r.user.officeLocation },
  { key: 'userType', header: 'User Type', type: 'string', source: 'directory', width: 90, value: r => r.user.userType },
  { key: 'accountEnabled', header: 'Account Enabled', type: 'boolean', source: 'directory', width: 90, value: r => r.user.accountEnabled },
  { key: 'createdDateTime', header: 'Created', type: 'datetime', source: 'directory', width: 110, value: r => r.user.createdDateTime },
  { key: 'inM365', header: 'In Microsoft 365', type: 'boolean', source: 'directory', width: 100, value: r => r.inM365 },
  { key: 'products', header: 'Assigned Products', type: 'string', source: 'licenses', width: 260, value: r => r.products },
  { key: 'mfaStatus', header: 'MFA Status', type: 'string', source: 'mfa', width: 120, value: r => (r.mfa === undefined ? null : MFA_STATUS_LABEL[r.mfa?.status ?? 'notRegistered']) },
  { key: 'authMethods', header: 'Authentication Methods', type: 'string', source: 'mfa', width: 240, value: r => (r.mfa === undefined ? null : r.mfa?.methods ?? []) },
  { key: 'defaultMfaMethod', header: 'Default MFA Method', type: 'string', source: 'mfa', width: 180, value: r => r.mfa?.defaultMethod ?? null },
  { key: 'lastActivity', header: 'Last Activity Date', type: 'date', source: 'activity', width: 120, value: r => r.activity?.date ?? null },
  { key: 'lastActivityWorkload', header: 'Last Activity Workload', type: 'string', source: 'activity', width: 130, value: r => r.activity?.workload ?? null },
  { key: 'lastSignIn', header: 'Last Sign-in', type: 'datetime', source: 'signIns', width: 150, value: r => r.lastSignIn ?? null },
  { key: 'id', header: 'User Id', type: 'string', source: 'directory', width: 280, value: r => r.user.id },
  // Security readiness, after User Id so every earlier column keeps its place in "Export all".
  { key: 'simulations', header: 'Simulations', type: 'number', source: 'attackSimulation', width: 100, value: r => figure(r, s => s.simulationCount) },
  { key: 'clicked', header: 'Clicked', type: 'number', source: 'attackSimulation', width: 80, value: r => figure(r, s => s.clickCount) },
  { key: 'compromised', header: 'Compromised', type: 'number', source: 'attackSimulation', width: 100, value: r => figure(r, s => s.compromisedCount) },
  { key: 'repeatOffences', header: 'Repeat Offences', type: 'number', source: 'attackSimulation', width: 110, value: r => r.repeatOffences ?? null },
  { key: 'lastSimulation', header: 'Last Simulation', type: 'datetime', source: 'attackSimulation', width: 150, value: r => r.simulation?.latestSimulationDateTime ?? null },
  { key: 'training', header: 'Training', type: 'string', source: 'attackSimulation', width: 200, value: r => (r.training === undefined ? null : r.training === null ? 'None assigned' : trainingText(r.training)) },
  { key: 'mfaEnforcedBy', header: 'MFA Enforced By', type: 'string', source: 'mfaEnforcement', width: 220, value: r => enforcementText(r.mfaEnforcement) },
  // Entra and Intune devices, one physical device once; empty when neither could be read.
  { key: 'devices', header: 'Devices', type: 'number', source: 'devices', width: 80, value: r => r.devices ?? null }
];

/** Columns shown until the property pane or the viewer chooses otherwise. */
export const DEFAULT_VISIBLE = ['displayName', 'userPrincipalName', 'jobTitle', 'department', 'inM365', 'products', 'mfaStatus', 'lastActivity'];

/** Look a column up by key. */
export function userColumn(key: string): IUserColumn | undefined {
  return USER_COLUMNS.find(c => c.key === key);
}

const sortValues = new Map<string, SortValue>();

/**
 * A sort value for a column key (text case- and accent-insensitive, lists by joined text, booleans as 0/1).
 * One function per key, remembering each row's value: rows never change (a join builds new ones), and a
 * sorted list re-sorts on every keystroke of a search.
 */
export function sortValueFor(key: string): SortValue | undefined {
  const known = sortValues.get(key);
  if (known) return known;
  const col = userColumn(key);
  if (!col) return undefined;
  const seen = new WeakMap<IUserRow, string | number | null>();
  const valueOf = (row: IUserRow): string | number | null => {
    const v = col.value(row);
    if (v === null || v === undefined) return null;
    if (typeof v === 'boolean') return v ? 1 : 0;
    if (typeof v === 'number') return v;
    if (Array.isArray(v)) return v.length ? foldText(v.join(', ')) : null;
    if (v instanceof Date) return v.getTime();
    return folded(v);
  };
  const sortValue: SortValue = row => {
    let v = seen.get(row);
    if (v === undefined) seen.set(row, (v = valueOf(row)));
    return v;
  };
  sortValues.set(key, sortValue);
  return sortValue;
}

/** The sheet for a user export: the given columns (view order), one row per user. */
export function usersSheet(rows: readonly IUserRow[], columns: readonly IUserColumn[], name = 'Users'): ISheetSpec {
  const specs: IColumnSpec[] = columns.map(c => ({ header: c.header, type: c.type }));
  return { name, columns: specs, rows: rows.map(r => columns.map(c => c.value(r))) };
}
