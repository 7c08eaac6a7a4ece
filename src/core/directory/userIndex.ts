import type { IUserRecord } from './users';
import type { ISkuInfo, SkuNameLookup } from './skus';
import { productNames } from './skus';
import type { IMfaInfo } from './mfa';
import type { IActivityIndex, ILastActivity } from './activity';
import { daysBetween } from './activity';
import { neverSimulated, prepareEnforcement } from '../security';
import { deviceCountOf } from './deviceCounts';
import type { IDeviceCounts } from './deviceCounts';
import type { IEnforcementModel, ISecurityTrainingIndex, ISimulationFigures, ITrainingSummary, MfaEnforcement } from '../security';

/** A source joined into the list: loading, ready with data, or failed with the reason. */
export type SourceState<T> =
  | { status: 'loading' }
  | { status: 'ready'; data: T }
  | { status: 'error'; error: unknown }
  | { status: 'off' };

/** Everything joined into the list besides /users itself; each degrades alone. */
export interface IJoinSources {
  skus: SourceState<Map<string, ISkuInfo>>;
  skuNames?: SkuNameLookup;
  mfa: SourceState<Map<string, IMfaInfo>>;
  activity: SourceState<IActivityIndex>;
  /** user id -> last sign-in (ISO) — Entra ID P1 only. */
  signIns: SourceState<Map<string, string | null>>;
  /** Attack simulation training: simulation coverage, repeat offences and trainings by lower-case user id. */
  attackSimulation: SourceState<ISecurityTrainingIndex>;
  /** What MFA enforcement is decided by (security defaults, Conditional Access); evaluated per row. */
  mfaEnforcement: SourceState<IEnforcementModel>;
  /** Devices per person (Entra and Intune, each part failing alone: see IDeviceCounts.problems). */
  devices: SourceState<IDeviceCounts>;
}

/** One row of the Users view: the directory record and what the joins know about it. */
export interface IUserRow {
  user: IUserRecord;
  products: string[];
  inM365: boolean;
  /** undefined: MFA data not available (loading, failed or no scope) — never shown as "No". */
  mfa: IMfaInfo | null | undefined;
  /**
   * undefined: not known (loading, failed, or names concealed in the report, so no row can be matched);
   * null: the report has no row for this user (no licence for its workloads, a guest, or newer than the
   * report); a row whose `date` is null: in the report, with no activity in its 180 days.
   */
  activity: ILastActivity | null | undefined;
  lastSignIn: string | null | undefined;
  /**
   * undefined: attack simulation data not known (not read, loading or failed); null: the user is not in the
   * simulation coverage report, so was never simulated.
   */
  simulation: ISimulationFigures | null | undefined;
  /** Times the user fell for more than one simulation (0 when not a repeat offender); undefined: not known. */
  repeatOffences: number | undefined;
  /** The user's assigned trainings; null: none assigned (not in the training coverage report); undefined: not known. */
  training: ITrainingSummary | null | undefined;
  /** How MFA is enforced for the user; undefined: not known (not read, loading or failed). */
  mfaEnforcement: MfaEnforcement | undefined;
  /** The person's devices (Entra and Intune, one physical device once); undefined: not known (not read, loading, or neither part read). */
  devices?: number;
  /** Name, UPN and mail folded for search (lower case, accents off: see foldText), for instant search. */
  search: string;
}

type Enforcer = (user: { id: string; userType?: string | null }) => MfaEnforcement;
/** Each model prepared once (its policies' sets inverted), however many pages and joins rebuild the rows. */
const enforcers = new WeakMap<IEnforcementModel, Enforcer>();

function enforcerFor(model: IEnforcementModel): Enforcer {
  let enforcer = enforcers.get(model);
  if (!enforcer) enforcers.set(model, (enforcer = prepareEnforcement(model)));
  return enforcer;
}

/** One user's entries of the three attack simulation reports. */
interface ISimulationEntry {
  simulation: ISimulationFigures | null;
  repeatOffences: number;
  training: ITrainingSummary | null;
}

const NOT_LISTED: ISimulationEntry = { simulation: null, repeatOffences: 0, training: null };
/** The three reports merged by user id, once per index: a row then costs one look-up, not three. */
const simulationEntries = new WeakMap<ISecurityTrainingIndex, Map<string, ISimulationEntry>>();

function entriesOf(index: ISecurityTrainingIndex): Map<string, ISimulationEntry> {
  const known = simulationEntries.get(index);
  if (known) return known;
  const merged = new Map<string, ISimulationEntry>();
  const entry = (id: string): ISimulationEntry => {
    let e = merged.get(id);
    if (!e) merged.set(id, (e = { ...NOT_LISTED }));
    return e;
  };
  for (const [id, s] of index.simulations) entry(id).simulation = s;
  for (const [id, n] of index.repeatOffences) entry(id).repeatOffences = n;
  for (const [id, t] of index.trainings) entry(id).training = t;
  simulationEntries.set(index, merged);
  return merged;
}

/**
 * Build rows from users and joins (cheap enough to redo as each join arrives: ~50 ms per 100k).
 * `previous`, the rows built before from the same users (when a join arrives), lends each row whose
 * user is the same object its search text, which no join changes.
 */
export function buildRows(users: readonly IUserRecord[], joins: IJoinSources, previous?: readonly IUserRow[]): IUserRow[] {
  const skus = joins.skus.status === 'ready' ? joins.skus.data : undefined;
  const mfa = joins.mfa.status === 'ready' ? joins.mfa.data : undefined;
  const act = joins.activity.status === 'ready' ? joins.activity.data : undefined;
  const sign = joins.signIns.status === 'ready' ? joins.signIns.data : undefined;
  const sim = joins.attackSimulation.status === 'ready' ? entriesOf(joins.attackSimulation.data) : undefined;
  const enforce = joins.mfaEnforcement.status === 'ready' ? enforcerFor(joins.mfaEnforcement.data) : undefined;
  const devices = joins.devices.status === 'ready' ? joins.devices.data : undefined;
  const rows: IUserRow[] = new Array(users.length);
  for (let i = 0; i < users.length; i++) {
    const u = users[i] as IUserRecord;
    const before = previous?.[i];
    // The reports key users by lower-case id, as Graph writes the directory's: lower-cased only on a miss.
    const listed = sim ? sim.get(u.id) ?? sim.get(u.id.toLowerCase()) ?? NOT_LISTED : undefined;
    rows[i] = {
      user: u,
      products: productNames(u.skuIds, skus, joins.skuNames),
      inM365: u.skuIds.length > 0,
      mfa: mfa ? mfa.get(u.id) ?? null : undefined,
      // With names concealed, a user without a matching row may be any of the anonymised ones: unknown.
      activity: act ? act.byUpn.get(u.userPrincipalName.toLowerCase()) ?? (act.concealedRows > 0 ? undefined : null) : undefined,
      lastSignIn: sign ? sign.get(u.id) ?? null : undefined,
      simulation: listed?.simulation,
      repeatOffences: listed?.repeatOffences,
      training: listed?.training,
      // A guest is matched by GuestsOrExternalUsers; the evaluator reads userType for that.
      mfaEnforcement: enforce ? enforce(u) : undefined,
      devices: devices ? deviceCountOf(devices, u.id) : undefined,
      search: before?.user === u ? before.search : foldText(`${u.displayName}\u0000${u.userPrincipalName}\u0000${u.mail ?? ''}`)
    };
  }
  return rows;
}

const NON_ASCII = /[\u0080-\uffff]/;
const MARKS = /\p{M}+/gu;
/** Letters that are not a base letter plus an accent, so NFD leaves them whole; as they are usually typed. */
const LETTERS: Record<string, string> = { ø: 'o', æ: 'ae', œ: 'oe', ß: 'ss', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };
const OTHER_LETTERS = /[øæœßłđðþı]/g;

/**
 * Text as search and sort compare it: lower case, accents taken off ("José" → "jose", "Åsa" → "asa",
 * "Søren" → "soren", "Straße" → "strasse"), so either spelling finds the name and "Émile" sorts among the
 * e's. ASCII text (most names) skips the work.
 */
export function foldText(text: string): string {
  const lower = text.toLowerCase();
  return NON_ASCII.test(lower) ? lower.normalize('NFD').replace(MARKS, '').replace(OTHER_LETTERS, c => LETTERS[c] ?? c) : lower;
}

/** Last-activity filter choices. */
export type ActivityFilter = 'active7' | 'active30' | 'active90' | 'inactive30' | 'inactive90' | 'inactive180' | 'never';

/** The last-activity choices in words: the filter panel, its chips and the scripts' comments say them alike. */
export const ACTIVITY_LABELS: Record<ActivityFilter, string> = {
  active7: 'Active in the last 7 days',
  active30: 'Active in the last 30 days',
  active90: 'Active in the last 90 days',
  inactive30: 'Inactive 30+ days',
  inactive90: 'Inactive 90+ days',
  inactive180: 'Inactive 180+ days',
  never: 'Never active'
};

/**
 * MFA enforcement filter choices: no enforcement (no enabled policy requiring MFA applies and security
 * defaults are off; report-only policies do not enforce), and that while MFA is not registered either.
 * A user whose enforcement cannot be told (kind 'unknown') matches neither.
 */
export type MfaEnforcementFilter = 'notEnforced' | 'notEnforcedNotRegistered';

/** The Users view's filters; an absent field does not filter. */
export interface IUserFilters {
  inM365?: boolean;
  /** true: registered or capable; false: not registered. */
  mfaEnabled?: boolean;
  activity?: ActivityFilter;
  /**
   * Inactive for at least this many days (as-of day - last activity >= N), or never active; the CLI's
   * `--inactive-days N`. Same rule as the `inactive30/90/180` choices, for any N: users the report has no
   * row for are left out (their activity is unknown).
   */
  inactiveDays?: number;
  accountEnabled?: boolean;
  userType?: 'Member' | 'Guest';
  /** Product names; a user matches holding any. */
  products?: string[];
  departments?: string[];
  /** Clicked in at least one attack simulation. */
  clicked?: true;
  /** Compromised (entered credentials) in at least one simulation. */
  compromised?: true;
  /** In the repeat offenders report: fell for more than one simulation. */
  repeatOffender?: true;
  /** Not in the simulation coverage report, or in it with no simulation and no date (neverSimulated). */
  neverSimulated?: true;
  /** An assigned training is overdue. */
  trainingOverdue?: true;
  /** An assigned training is not completed (users with none assigned are not matched). */
  trainingIncomplete?: true;
  /** MFA not enforced, alone or with MFA not registered. */
  mfaEnforcement?: MfaEnforcementFilter;
}

/** Search text, filters and sort. */
export interface IUserQuery {
  text?: string;
  filters?: IUserFilters;
  sort?: { key: string; descending?: boolean };
}

const ACTIVE_DAYS: Partial<Record<ActivityFilter, number>> = { active7: 7, active30: 30, active90: 90 };
const INACTIVE_DAYS: Partial<Record<ActivityFilter, number>> = { inactive30: 30, inactive90: 90, inactive180: 180 };

/**
 * The day last-activity ages are counted to: the active-user report's own date when it is known (its data
 * ends there, two or three days before today), else today. YYYY-MM-DD.
 */
export function activityAsOf(joins: IJoinSources, today: string): string {
  const refresh = joins.activity.status === 'ready' ? joins.activity.data.refreshDate : null;
  return refresh && /^\d{4}-\d{2}-\d{2}$/.test(refresh) && refresh < today ? refresh : today;
}

/**
 * True when the row passes every filter. A filter over data the row does not have (still loading, failed,
 * names concealed, or a user the report has no row for) does not match it: a filtered view, and its
 * export, holds only users it can vouch for. `asOf` is the day activity ages count to (`activityAsOf`).
 */
export function matchesFilters(row: IUserRow, f: IUserFilters, asOf: string): boolean {
  const u = row.user;
  if (f.inM365 !== undefined && row.inM365 !== f.inM365) return false;
  if (f.accountEnabled !== undefined && u.accountEnabled !== f.accountEnabled) return false;
  if (f.userType !== undefined && u.userType !== f.userType) return false;
  if (f.departments?.length && !f.departments.includes(u.department ?? '')) return false;
  if (f.products?.length && !row.products.some(p => f.products?.includes(p))) return false;
  if (f.mfaEnabled !== undefined) {
    if (row.mfa === undefined) return false;
    const enabled = row.mfa !== null && row.mfa.status !== 'notRegistered';
    if (enabled !== f.mfaEnabled) return false;
  }
  if (f.activity !== undefined && !matchesActivity(row.activity, f.activity, asOf)) return false;
  if (f.inactiveDays !== undefined) {
    if (!row.activity) return false;
    // Never active counts as inactive, as with the inactive30/90/180 choices.
    if (row.activity.date !== null && daysBetween(row.activity.date, asOf) < f.inactiveDays) return false;
  }
  return matchesSecurity(row, f);
}


/** Whether MFA is not enforced for a user: not enforced, or only by report-only or conditional policies (they do not always ask); unknown is not vouched for. */
function notEnforced(e: MfaEnforcement | undefined): boolean {
  return e !== undefined && (e.kind === 'notEnforced' || e.kind === 'reportOnly' || e.kind === 'conditional');
}

/** The security readiness filters; unknown data (not read, loading, failed, enforcement not told) matches none. */
function matchesSecurity(row: IUserRow, f: IUserFilters): boolean {
  const sim = row.simulation;
  if (f.clicked && !(sim && sim.clickCount > 0)) return false;
  if (f.compromised && !(sim && sim.compromisedCount > 0)) return false;
  if (f.repeatOffender && !(row.repeatOffences !== undefined && row.repeatOffences > 0)) return false;
  if (f.neverSimulated && !(sim !== undefined && neverSimulated(sim))) return false;
  if (f.trainingOverdue && !(row.training && row.training.overdue > 0)) return false;
  if (f.trainingIncomplete && !(row.training && row.training.notCompleted > 0)) return false;
  if (f.mfaEnforcement !== undefined) {
    if (!notEnforced(row.mfaEnforcement)) return false;
    if (f.mfaEnforcement === 'notEnforcedNotRegistered' && (row.mfa === undefined || (row.mfa !== null && row.mfa.status !== 'notRegistered'))) return false;
  }
  return true;
}

/**
 * Whether a user's activity passes a choice. Active in the last N days: 0 to N-1 days before the as-of
 * day; inactive N+ days: N days or more, or never active. The two never overlap.
 */
function matchesActivity(activity: ILastActivity | null | undefined, choice: ActivityFilter, asOf: string): boolean {
  if (!activity) return false;
  const date = activity.date;
  if (choice === 'never') return date === null;
  if (date === null) return INACTIVE_DAYS[choice] !== undefined; // never active counts as inactive
  const age = daysBetween(date, asOf);
  const active = ACTIVE_DAYS[choice];
  if (active !== undefined) return age < active;
  const inactive = INACTIVE_DAYS[choice];
  return inactive === undefined || age >= inactive;
}

/** A sortable value of a row for a column key (text folded by foldText; missing sorts last). */
export type SortValue = (row: IUserRow) => string | number | null;

/**
 * Filter, search and sort rows; returns a new array (the input stays in load order). The search text's
 * words each must appear in the name, UPN or mail, in any order ("lee ann" finds "Ann Lee").
 */
export function queryRows(rows: readonly IUserRow[], query: IUserQuery, asOf: string, sortValue?: SortValue): IUserRow[] {
  const words = foldText(query.text ?? '').split(/\s+/).filter(Boolean);
  const text = words.length > 0;
  const hit = (r: IUserRow): boolean => words.every(w => r.search.includes(w));
  const f = query.filters ?? {};
  const hasFilters = Object.values(f).some(v => v !== undefined && (!Array.isArray(v) || v.length > 0));
  let out: IUserRow[] = text || hasFilters
    ? rows.filter(r => (!text || hit(r)) && (!hasFilters || matchesFilters(r, f, asOf)))
    : rows.slice();
  if (query.sort && sortValue) {
    const dir = query.sort.descending ? -1 : 1;
    // Decorate-sort-undecorate: each value computed once, not once per comparison.
    const keyed = out.map(r => ({ r, v: sortValue(r) }));
    keyed.sort((a, b) => {
      if (a.v === b.v) return 0;
      if (a.v === null) return 1;
      if (b.v === null) return -1;
      return (a.v < b.v ? -1 : 1) * dir;
    });
    out = keyed.map(k => k.r);
  }
  return out;
}
