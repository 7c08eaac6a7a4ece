/**
 * `users --out <file.xlsx> [--licensed yes|no] [--mfa registered|not-registered] [--inactive-days N]
 * [--guests include|exclude|only] [--mfa-not-enforced] [--clicked] [--compromised] [--repeat-offenders]
 * [--never-simulated] [--training-overdue] [--training-incomplete] [--columns k,k] [--cache <dir>]`: the
 * Users view's exports. No filter: "Export all" (every user, every column). A filter: "Export view" of a
 * fresh view (the filtered rows, the default columns). `--columns` chooses the columns (the view's visible
 * ones, in its script). `--cache` keeps the user list between runs (../userCache.ts). Same loaders, same
 * filter rules and the same sheet as the web part.
 */
import {
  loadUsers,
  DEFAULT_VISIBLE,
  JOINED_SOURCES,
  filterJoins,
  joinStateOf,
  USER_COLUMNS,
  usersSheet,
  userColumn,
  activityAsOf,
  queryRows,
  deviceCountsProblem
} from '../../core/directory';
import type { FilterSource, UserJoinKey, IKeptUsers, IUserColumn, IUserFilters, IUserListCache, IUserRow, OptionalJoinKey } from '../../core/directory';
import { fileDate } from '../../core/export';
import { explainError, identityFromToken } from '../../core/graph';
import { SHOW_NAMES_HELP } from '../../core/reports';
import type { IConnection } from '../connect';
import type { ICommandContext, ICommandResult } from '../context';
import { CliError, EXIT, UsageError, describeError, exitCodeOf } from '../errors';
import { checkOut, checkOutFolder, fillOutName, workbookBytes, writeWhole } from '../output';
import { count } from '../progress';
import { fileUserCache } from '../userCache';
import type { IFileUserCache } from '../userCache';

const JOIN_DONE: Record<UserJoinKey, string> = {
  skus: 'Licences',
  mfa: 'MFA registration',
  activity: 'Last activity (usage report)',
  signIns: 'Last sign-in',
  attackSimulation: 'Attack simulation training',
  mfaEnforcement: 'MFA enforcement (security defaults, Conditional Access)',
  devices: 'Devices (Entra ID, Intune)'
};

/** The attack simulation switches and the view's filters they set. */
const SIMULATION_SWITCHES = {
  clicked: 'clicked',
  compromised: 'compromised',
  'repeat-offenders': 'repeatOffender',
  'never-simulated': 'neverSimulated',
  'training-overdue': 'trainingOverdue',
  'training-incomplete': 'trainingIncomplete'
} as const;

/**
 * The filter flags as the core's filters (only the flags given). `--mfa-not-enforced` with
 * `--mfa not-registered` is the view's "MFA not enforced and not registered": both must hold.
 */
export function usersFilters(values: ReadonlyMap<string, string>, switches: ReadonlySet<string> = new Set()): IUserFilters {
  const f: IUserFilters = {};
  const licensed = values.get('licensed');
  if (licensed !== undefined) {
    const v = licensed.toLowerCase();
    if (v !== 'yes' && v !== 'no') throw new UsageError(`--licensed takes yes or no, not "${licensed}".`);
    f.inM365 = v === 'yes';
  }
  const mfa = values.get('mfa');
  if (mfa !== undefined) {
    const v = mfa.toLowerCase();
    if (v !== 'registered' && v !== 'not-registered') throw new UsageError(`--mfa takes registered or not-registered, not "${mfa}".`);
    // "Registered" in the view's MFA filter: registered or capable.
    f.mfaEnabled = v === 'registered';
  }
  const days = values.get('inactive-days');
  if (days !== undefined) {
    if (!/^\d{1,5}$/.test(days.trim())) throw new UsageError(`--inactive-days takes a whole number of days (0 or more), not "${days}".`);
    f.inactiveDays = Number(days.trim());
  }
  const guests = values.get('guests');
  if (guests !== undefined) {
    const v = guests.toLowerCase();
    if (v !== 'include' && v !== 'exclude' && v !== 'only') throw new UsageError(`--guests takes include, exclude or only, not "${guests}".`);
    // "include" is no filter at all; exclude/only are the view's Members/Guests choice.
    if (v === 'exclude') f.userType = 'Member';
    if (v === 'only') f.userType = 'Guest';
  }
  for (const [flag, key] of Object.entries(SIMULATION_SWITCHES)) if (switches.has(flag)) f[key] = true;
  if (switches.has('mfa-not-enforced')) f.mfaEnforcement = 'notEnforced';
  return f;
}

/** Users whose MFA enforcement could not be told, and why (the first reason): a filter leaves them out, the column says "Could not tell". */
function enforcementUnknown(rows: readonly IUserRow[]): { count: number; why: string } | undefined {
  let count = 0;
  let why = '';
  for (const r of rows) {
    if (r.mfaEnforcement?.kind !== 'unknown') continue;
    if (count++ === 0) why = r.mfaEnforcement.why;
  }
  return count ? { count, why } : undefined;
}

/**
 * `--columns key,key,...`: the columns to write, in this order (the Users view's visible columns, as its
 * "Generate script" writes them); keys as the property pane's default columns take them, any case.
 */
export function usersColumnsArg(value: string | undefined): IUserColumn[] | undefined {
  if (value === undefined) return undefined;
  const keys = value.split(',').map(k => k.trim()).filter(k => k !== '');
  const columns: IUserColumn[] = [];
  for (const key of keys) {
    const column = USER_COLUMNS.find(c => c.key.toLowerCase() === key.toLowerCase());
    if (!column) throw new UsageError(`--columns: "${key}" is not a column; use ${USER_COLUMNS.map(c => c.key).join(', ')}.`);
    if (!columns.includes(column)) columns.push(column);
  }
  if (!columns.length) throw new UsageError('--columns needs at least one column key, e.g. displayName,userPrincipalName.');
  return columns;
}

/** Columns of the export: every column for "Export all", the view's default columns for a filtered view. */
export function usersColumns(exportAll: boolean): IUserColumn[] {
  return exportAll ? [...USER_COLUMNS] : DEFAULT_VISIBLE.map(k => userColumn(k)).filter((c): c is IUserColumn => c !== undefined);
}

/** `--cache <dir>` for this run: the store, and what the run made of it (for the step line and --json). */
interface IRunCache {
  store: IFileUserCache;
  /** The list the store gave back (undefined: none kept). */
  kept: IKeptUsers | undefined;
  /** Whether /users was read afresh (none kept, a refused delta link, another $select). */
  readAfresh: boolean;
}

/**
 * The kept list's store for the signed-in identity: the token's tenant (`tid`) and account (`oid`, an app's
 * own for app-only credentials). A token that names neither (not a JWT) keeps nothing: its list could be
 * anyone's.
 */
async function runCache(dir: string | undefined, conn: IConnection, warn: (text: string) => void): Promise<IRunCache | undefined> {
  if (dir === undefined) return undefined;
  const { tenantId, userId } = identityFromToken(await conn.auth.getToken());
  if (!tenantId || !userId) {
    warn('--cache: the token does not say which tenant and account it is for, so no list is kept; every user is read.');
    return undefined;
  }
  return { store: fileUserCache(dir, tenantId, userId, { onProblem: warn }), kept: undefined, readAfresh: false };
}

/** The store as the list sees it, noting what it gave back. */
/**
 * A kept list brought up to date with nothing changed is not written again (its link stays good): it is still
 * kept, and the next run goes on from it.
 */
function keptStillCurrent(run: IRunCache): boolean {
  return !!run.kept && !run.readAfresh && run.store.lastSave === 'none';
}

function watchedCache(run: IRunCache): IUserListCache {
  return {
    load: async () => (run.kept = await run.store.load()),
    save: kept => run.store.save(kept),
    clear: () => run.store.clear()
  };
}

/** The Users step's words for where the list came from. */
function cacheNote(run: IRunCache): string {
  if (run.kept && !run.readAfresh) return ` (the list kept ${new Date(run.kept.savedAt).toISOString()}, brought up to date through /users/delta)`;
  return run.kept ? ' (read afresh: Graph would not bring the kept list up to date)' : '';
}

export async function usersCommand(ctx: ICommandContext): Promise<ICommandResult> {
  const { values } = ctx.args;
  const out = checkOut(fillOutName(values.get('out'), { today: fileDate(ctx.now()) }), ctx.cwd, ['xlsx']);
  const filters = usersFilters(values, ctx.args.switches);
  const exportAll = Object.keys(filters).length === 0;
  // --columns: the view's visible columns, over every user or the filtered ones.
  const columns = usersColumnsArg(values.get('columns')) ?? usersColumns(exportAll);
  await checkOutFolder(out.file);

  const cacheDir = values.get('cache');
  const conn = await ctx.connect();
  ctx.topic.current = 'users';
  const warnings: string[] = [];
  const p = ctx.progress;
  // Said as they happen (a save fails after the other warnings are said), and listed with them in --json.
  const cacheWarnings: string[] = [];
  const cache = await runCache(cacheDir, conn, text => { cacheWarnings.push(text); p.warn(text); });
  // The optional joins are read only when a column or a filter needs them, as the view does (sign-ins cost
  // a request per 120 users; attack simulation three reports; MFA enforcement the policies and their members).
  const byFilter = filterJoins(filters);
  const reads = (k: OptionalJoinKey): boolean => byFilter[k] || columns.some(c => c.source === k);
  const loaded = await loadUsers(conn.gateway, conn.reports, {
    signIns: reads('signIns'),
    attackSimulation: reads('attackSimulation'),
    mfaEnforcement: reads('mfaEnforcement'),
    devices: reads('devices'),
    ...(cache ? { cache: watchedCache(cache), onRead: () => { cache.readAfresh = true; } } : {}),
    onUsers: n => p.update('Reading users', n),
    onJoin: (key, state) => {
      if (state.status === 'ready') p.step(`${JOIN_DONE[key]}: done`);
    }
  });
  p.step(`Users: ${count(loaded.users.length)}${cache ? cacheNote(cache) : ''}`);

  // A filter over data that could not be read would match no one: refuse, and say why, instead.
  const need = (flag: string, source: FilterSource): void => {
    const state = joinStateOf(source, loaded.joins);
    if (state?.status === 'error') {
      const code = exitCodeOf(state.error);
      throw new CliError(code === EXIT.notFound ? EXIT.other : code, `${flag} needs data that could not be read. ${describeError(state.error, JOINED_SOURCES[source].topic)}`);
    }
  };
  const activity = loaded.joins.activity.status === 'ready' ? loaded.joins.activity.data : undefined;
  if (filters.mfaEnabled !== undefined) need('--mfa', 'mfa');
  if (filters.mfaEnforcement !== undefined) need('--mfa-not-enforced', 'mfaEnforcement');
  const simulationFlags = Object.entries(SIMULATION_SWITCHES).filter(([, key]) => filters[key]).map(([flag]) => `--${flag}`);
  if (simulationFlags.length) need(simulationFlags.join(', '), 'attackSimulation');
  if (filters.inactiveDays !== undefined) {
    need('--inactive-days', 'activity');
    if (activity && activity.concealedRows > 0) {
      throw new CliError(
        EXIT.other,
        `--inactive-days cannot be answered: names are concealed in usage reports, so activity cannot be matched to users ` +
          `(${count(activity.concealedRows)} of ${count(activity.totalRows)} report rows are anonymised). ${SHOW_NAMES_HELP}`
      );
    }
  }

  // Columns whose source failed stay empty, as in the web part; say why.
  const exported = new Set(columns.map(c => c.source));
  for (const source of Object.keys(JOINED_SOURCES) as Array<keyof typeof JOINED_SOURCES>) {
    const s = JOINED_SOURCES[source];
    const state = joinStateOf(source, loaded.joins);
    if (!exported.has(source) || state?.status !== 'error') continue;
    const x = explainError(state.error, s.topic);
    warnings.push(`${s.name} unavailable (left empty). ${x.detail}${x.action ? ` ${x.action}` : ''}`);
  }
  // The devices join is ready when one of its parts (Entra, Intune) was read: the column then counts the other's
  // devices alone, which the warning says, as the web part's banner does.
  const deviceProblem = exported.has('devices') && loaded.joins.devices?.status === 'ready' ? deviceCountsProblem(loaded.joins.devices.data) : undefined;
  if (deviceProblem) warnings.push(`${deviceProblem.title}. ${deviceProblem.detail}${deviceProblem.action ? ` ${deviceProblem.action}` : ''}`);
  if (activity && activity.concealedRows > 0 && exported.has('activity')) {
    warnings.push(
      `Names are concealed in usage reports: last activity cannot be matched to users (${count(activity.concealedRows)} of ` +
        `${count(activity.totalRows)} report rows are anonymised). ${SHOW_NAMES_HELP}`
    );
  }
  const unknown = loaded.joins.mfaEnforcement.status === 'ready' && (exported.has('mfaEnforcement') || filters.mfaEnforcement) ? enforcementUnknown(loaded.rows) : undefined;
  if (unknown) {
    warnings.push(
      `MFA enforcement could not be told for ${count(unknown.count)} users ("Could not tell"${filters.mfaEnforcement ? '; --mfa-not-enforced leaves them out' : ''}). ${unknown.why}.`
    );
  }
  warnings.forEach(w => p.warn(w));

  const rows = exportAll ? loaded.rows : queryRows(loaded.rows, { filters }, activityAsOf(loaded.joins, ctx.today));
  if (!exportAll) p.step(`Filtered view: ${count(rows.length)} of ${count(loaded.rows.length)} users`);
  const sheet = usersSheet(rows, columns);
  const bytes = await workbookBytes([sheet], (done, total) => p.update('Writing workbook', done, total));
  await writeWhole(out.file, bytes);
  p.step(`Wrote ${out.file} (${count(rows.length)} users, ${columns.length} columns)`);
  // The list is kept while the workbook is written; the run ends only once it is (or could not be).
  if (cache) {
    await cache.store.flush();
    if (cache.store.lastSave === 'written') p.step(`User list kept for the next run in ${cache.store.file}`);
    else if (cache.store.lastSave === 'none' && keptStillCurrent(cache)) p.step(`User list kept in ${cache.store.file} is up to date: nothing changed since it was kept`);
    else if (cache.store.lastSave === 'none') p.step('User list not kept: Graph gave no /users/delta link to go on from (the next run reads every user again)');
  }
  return {
    output: out.file,
    rows: rows.length,
    sheets: [sheet.name],
    // Each CSV report read is the 302 plus a download the gateway does not see.
    requests: conn.gateway.stats.requests + conn.reports.stats.reads,
    warnings: [...warnings, ...cacheWarnings],
    ...(cache ? { details: { cache: { file: cache.store.file, users: cache.kept && !cache.readAfresh ? 'delta' : 'read', kept: cache.store.lastSave === 'written' || keptStillCurrent(cache) } } } : {})
  };
}
