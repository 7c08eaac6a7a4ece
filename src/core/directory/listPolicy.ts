/**
 * The Users list's rules, apart from how it is drawn: which optional joins are read (wantedJoins), when a
 * filter cannot apply yet (or at all), which failed joins offer a Try again, and how an export is sequenced
 * (what it writes empty, which joins "Export all" must read first). Plain data in, plain data out, so the
 * rules are tested without a DOM.
 */
import { isPassingFailure } from '../graph/GraphError';
import { explainError } from '../graph/explain';
import type { IExplainedError } from '../graph/explain';
import { ACTIVITY_CONCEALED } from '../reports/concealed';
import { JOINED_SOURCES, USER_COLUMNS, joinStateOf } from './userColumns';
import type { ColumnSource, IUserColumn } from './userColumns';
import type { IJoinSources, IUserFilters, SourceState } from './userIndex';
import { OPTIONAL_JOINS } from './loadUsers';
import { deviceCountsProblem, deviceFailureMayPass } from './deviceCounts';
import type { OptionalJoinKey, UserJoinKey } from './loadUsers';

const fmt = new Intl.NumberFormat('en-US');

/** Where a join stands: loading, ready, failed, or not asked for (an optional join while nothing wants it). */
export type JoinStatus = SourceState<unknown>['status'];

/** The joins a filter of the list reads; the other filters read the directory itself. */
export type FilterSource = 'mfa' | 'activity' | 'attackSimulation' | 'mfaEnforcement';

/** The filters over attack simulation training, each a chip of its own. */
export const SIMULATION_FILTERS = ['clicked', 'compromised', 'repeatOffender', 'neverSimulated', 'trainingOverdue', 'trainingIncomplete'] as const;

/** The optional joins the set filters read: a filter over data must have it read, as a column must. */
export function filterJoins(f: IUserFilters): Record<OptionalJoinKey, boolean> {
  return { signIns: false, attackSimulation: SIMULATION_FILTERS.some(k => f[k] !== undefined), mfaEnforcement: f.mfaEnforcement !== undefined, devices: false };
}

/**
 * Which optional joins the list reads now: those whose columns are shown, those a set filter reads, and
 * all of them while "Export all" waits (every column holds theirs). Nothing else wants them, so a join
 * no longer wanted stops its read.
 */
export function wantedJoins(visible: readonly Pick<IUserColumn, 'source'>[], filters: IUserFilters, exportAwaits: boolean): Record<OptionalJoinKey, boolean> {
  const byFilter = filterJoins(filters);
  const want = (k: OptionalJoinKey): boolean => exportAwaits || byFilter[k] || visible.some(c => c.source === k);
  return { signIns: want('signIns'), attackSimulation: want('attackSimulation'), mfaEnforcement: want('mfaEnforcement'), devices: want('devices') };
}

/** Why a filter does not apply: its data is still loading, or could not be read (or matched). */
export interface IFilterHold {
  kind: 'waiting' | 'unavailable';
  /** What the filter waits for, in words: "MFA data", "last activity". */
  what: string;
  /** Why it cannot apply, when unavailable. */
  why?: string;
}

/**
 * Why the filters over joined data have none behind them: their join failed, or report names are
 * concealed so no row matches a user; undefined where the data is (or will be) there.
 */
export function unavailableFilters(joins: IJoinSources): Record<FilterSource, string | undefined> {
  const activity = joins.activity.status === 'ready' ? joins.activity.data : undefined;
  const failed = (source: 'mfa' | 'attackSimulation' | 'mfaEnforcement'): string | undefined => {
    const state = joins[source];
    return state.status === 'error' ? explainError(state.error, source).detail : undefined;
  };
  return {
    mfa: failed('mfa'),
    activity: joins.activity.status === 'error'
      ? explainError(joins.activity.error, 'reports').detail
      : activity && activity.concealedRows > 0 ? ACTIVITY_CONCEALED : undefined,
    attackSimulation: failed('attackSimulation'),
    mfaEnforcement: failed('mfaEnforcement')
  };
}

const FILTER_DATA: Record<FilterSource, string> = { mfa: 'MFA data', activity: 'last activity', attackSimulation: 'attack simulation data', mfaEnforcement: 'MFA enforcement' };

/**
 * A filter over data still loading (or not asked for yet: setting the filter asks for it) waits for it;
 * over data that failed (or cannot be matched) it cannot apply. Either way it matches no one: a filtered
 * view never vouches for a user it cannot.
 */
export function filterHold(source: FilterSource, joins: IJoinSources, unavailable = unavailableFilters(joins)): IFilterHold | undefined {
  const what = FILTER_DATA[source];
  const status = joins[source].status;
  if (status === 'loading' || status === 'off') return { kind: 'waiting', what };
  const why = unavailable[source];
  return why ? { kind: 'unavailable', what, why } : undefined;
}

/**
 * The holds on the active filters, by the key of their chip ('mfa', 'activity', each attack simulation
 * filter's own key, 'mfaEnforcement'); chips without one are absent or undefined. "MFA not enforced and not
 * registered" reads both MFA joins: it holds on enforcement first, then on registration.
 */
export function filterHolds(filters: IUserFilters, joins: IJoinSources): Record<string, IFilterHold | undefined> {
  const unavailable = unavailableFilters(joins);
  const holds: Record<string, IFilterHold | undefined> = {
    mfa: filters.mfaEnabled !== undefined ? filterHold('mfa', joins, unavailable) : undefined,
    activity: filters.activity !== undefined ? filterHold('activity', joins, unavailable) : undefined
  };
  for (const key of SIMULATION_FILTERS) if (filters[key] !== undefined) holds[key] = filterHold('attackSimulation', joins, unavailable);
  if (filters.mfaEnforcement !== undefined) {
    holds.mfaEnforcement = filterHold('mfaEnforcement', joins, unavailable)
      ?? (filters.mfaEnforcement === 'notEnforcedNotRegistered' ? filterHold('mfa', joins, unavailable) : undefined);
  }
  return holds;
}

/** A chip's words with its hold, so a chip that matches no one says why: "MFA: Enabled (waiting for MFA data)". */
export function heldChipLabel(label: string, hold: IFilterHold | undefined): string {
  return hold ? `${label} (${hold.kind === 'waiting' ? `waiting for ${hold.what}` : 'cannot apply'})` : label;
}

/** Why the list shows no one: a filter waiting for its data or unable to apply, a list still loading, or no match. */
export function noMatchText(heldLabel: string | undefined, hold: IFilterHold | undefined, loading: boolean, loaded: number): string {
  if (heldLabel && hold?.kind === 'waiting') return `Waiting for ${hold.what} to apply “${heldLabel}”…`;
  if (heldLabel && hold) return `“${heldLabel}” cannot be applied: ${hold.why ?? `${hold.what} is unavailable.`} Remove that filter to see users.`;
  if (loading) return `No users match yet: ${fmt.format(loaded)} loaded so far, more are on their way.`;
  return 'No users match the search and filters.';
}

/** A source joined onto the directory: every column source but the directory itself. */
export type JoinedSource = Exclude<ColumnSource, 'directory'>;

/** A join that failed, as its banner says it: which columns, why, and whether Try again is offered. */
export interface IDegradedJoin {
  source: JoinedSource;
  /** The join Try again reads again. */
  join: UserJoinKey;
  /** The columns' name in the banner: "MFA columns". */
  name: string;
  why: IExplainedError;
  /**
   * Only where the failure may pass (not a missing scope, role or licence, which only an admin mends),
   * and for an optional join only while it is wanted: it is read only then, so a Try again could not.
   */
  canRetry: boolean;
}

/** Which optional joins are wanted (wantedJoins), or true / false for all of them alike. */
export type WantedJoins = boolean | Partial<Record<OptionalJoinKey, boolean>>;

const isOptional = (join: UserJoinKey): join is OptionalJoinKey => (OPTIONAL_JOINS as readonly string[]).includes(join);

/**
 * The failed joins, in the order of JOINED_SOURCES; each degrades only its own columns. The devices join is read
 * when either of its parts (Entra, Intune) was: a part that failed is its problem all the same, worded per part.
 */
export function degradedJoins(joins: IJoinSources, wanted: WantedJoins): IDegradedJoin[] {
  const out: IDegradedJoin[] = [];
  for (const source of Object.keys(JOINED_SOURCES) as JoinedSource[]) {
    const state = joinStateOf(source, joins);
    const { join, name, topic } = JOINED_SOURCES[source];
    const readable = !isOptional(join) || (typeof wanted === 'boolean' ? wanted : !!wanted[join]);
    if (state?.status === 'error') {
      out.push({ source, join, name, why: explainError(state.error, topic), canRetry: isPassingFailure(state.error) && readable });
    } else if (source === 'devices' && joins.devices.status === 'ready') {
      const why = deviceCountsProblem(joins.devices.data);
      const errors = Object.values(joins.devices.data.problems);
      if (why) out.push({ source, join, name, why, canRetry: errors.some(deviceFailureMayPass) && readable });
    }
  }
  return out;
}

/** A join read again by its Try again: one that failed, or the devices join with a part that failed. */
export function joinFailed(joins: IJoinSources, join: UserJoinKey): boolean {
  const state = joins[join];
  if (state.status === 'error') return true;
  return join === 'devices' && joins.devices.status === 'ready' && Object.keys(joins.devices.data.problems).length > 0;
}

const WRITTEN_EMPTY: Record<Exclude<JoinedSource, 'licenses'>, string> = {
  mfa: 'MFA', activity: 'last activity', signIns: 'last sign-in', attackSimulation: 'attack simulation', mfaEnforcement: 'MFA enforcement', devices: 'devices'
};

/** Joins still being read are written empty: the Export menu's note naming them among `columns`, before the click; '' when none. */
export function writtenEmptyNote(joins: IJoinSources, columns: readonly IUserColumn[]): string {
  const reading = (Object.keys(WRITTEN_EMPTY) as Array<keyof typeof WRITTEN_EMPTY>).filter(k => joins[k].status === 'loading' && columns.some(c => c.source === k));
  return reading.length ? `; ${reading.map(k => WRITTEN_EMPTY[k]).join(' and ')} still loading, written empty` : '';
}

/** A join has been read, or failed (a file then leaves its columns empty; its banner says why). */
export function joinSettled(status: JoinStatus): boolean {
  return status === 'ready' || status === 'error';
}

/** Sign-ins have been read, or failed: joinSettled for them. */
export function signInsSettled(signIns: JoinStatus): boolean {
  return joinSettled(signIns);
}

/**
 * The optional joins "Export all" must read before it writes, in OPTIONAL_JOINS order: every column holds
 * theirs too, so it reads those not settled first (as the CLI's export does) and waits; none: it writes now.
 */
export function exportAllAwaits(joins: IJoinSources): OptionalJoinKey[] {
  return OPTIONAL_JOINS.filter(k => !joinSettled(joins[k].status));
}

/** "Export all" with sign-ins alone in view: exportAllAwaits for one join (the view asks exportAllAwaits). */
export function exportAllStep(signIns: JoinStatus): 'run' | 'awaitSignIns' {
  return signInsSettled(signIns) ? 'run' : 'awaitSignIns';
}

/**
 * An "Export all" waiting for the optional joins starts once they all settle (the statuses of each, or of
 * one), and not while another export is running.
 */
export function awaitedExportMayStart(awaiting: boolean, pending: JoinStatus | readonly JoinStatus[], exporting: boolean): boolean {
  const statuses: readonly JoinStatus[] = typeof pending === 'string' ? [pending] : pending;
  return awaiting && statuses.every(joinSettled) && !exporting;
}

const READING: Record<OptionalJoinKey, string> = { signIns: 'last sign-ins', attackSimulation: 'attack simulation data', mfaEnforcement: 'MFA enforcement', devices: 'devices' };

/** "a", "a and b", "a, b and c". */
const inWords = (items: readonly string[]): string =>
  items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1] ?? ''}`;

/** What a waiting "Export all" reads first, in words: "last sign-ins", "last sign-ins and MFA enforcement". */
export function awaitedText(pending: readonly OptionalJoinKey[]): string {
  return pending.length ? inWords(pending.map(k => READING[k])) : 'the remaining columns';
}

/**
 * A waiting "Export all"'s progress: what it reads first, and what that costs (sign-ins a request per 120
 * users; attack simulation three reports; MFA enforcement the policies and their groups' and roles' members).
 */
export function exportAwaitProgress(pending: readonly OptionalJoinKey[], users: number): { label: string; description: string } {
  const costs: string[] = [];
  if (pending.includes('signIns')) costs.push(`about ${fmt.format(Math.ceil(users / 120))} requests to Microsoft Graph (one per 120 users)`);
  if (pending.includes('attackSimulation')) costs.push('three attack simulation reports');
  if (pending.includes('mfaEnforcement')) costs.push('security defaults, Conditional Access policies and the members of the groups and roles they name');
  if (pending.includes('devices')) costs.push('every device of the tenant in Entra ID (100 a request) and Intune');
  const cost = inWords(costs);
  return { label: `Export all: reading ${awaitedText(pending)} first`, description: `${cost ? `${cost.charAt(0).toUpperCase()}${cost.slice(1)}; t` : 'T'}he file follows.` };
}

/** One item of the Export menu as plain data: its words, and whether it can be chosen. */
export interface IExportMenuItem {
  key: 'view' | 'all';
  text: string;
  disabled: boolean;
}

/** What the Export menu shows depends on. */
export interface IExportMenuInput {
  /** The read of /users itself. */
  listStatus: 'loading' | 'done' | 'error';
  /** The list is the one kept from the last visit (whole, but not brought up to date when the check failed). */
  kept?: boolean;
  /** Users read so far. */
  total: number;
  /** Users the search and filters keep. */
  shown: number;
  /** The columns shown, which "Export view" writes. */
  visibleColumns: readonly IUserColumn[];
  joins: IJoinSources;
  /** An export is being written. */
  exporting: boolean;
  /** "Export all" is reading the optional joins first (exportAllAwaits). */
  awaitingJoins: boolean;
}

/** The Export menu: off while an export runs or waits, or with no one to write; "Export all" only once every user is read. */
export function exportMenu(m: IExportMenuInput): { disabled: boolean; items: [IExportMenuItem, IExportMenuItem] } {
  const view: IExportMenuItem = {
    key: 'view',
    text: `Export view (${fmt.format(m.shown)} users, visible columns${writtenEmptyNote(m.joins, m.visibleColumns)})`,
    disabled: false
  };
  // Export all reads the optional joins itself before writing, so their columns are never written empty.
  const allNote = writtenEmptyNote(m.joins, USER_COLUMNS.filter(c => !(OPTIONAL_JOINS as readonly string[]).includes(c.source)));
  const all: IExportMenuItem = m.awaitingJoins
    ? { key: 'all', text: `Export all (reading ${awaitedText(exportAllAwaits(m.joins))} first…)`, disabled: true }
    : m.listStatus === 'done'
    ? { key: 'all', text: `Export all (${fmt.format(m.total)} users, every column${allNote})`, disabled: false }
    // "All" promises every user: not until the list has been read to its end.
    : { key: 'all', text: m.listStatus === 'loading' ? 'Export all (once every user is read)' : m.kept ? 'Export all (the list as kept could not be brought up to date: try again first)' : 'Export all (the list is incomplete: try again first)', disabled: true };
  return { disabled: m.exporting || m.awaitingJoins || m.total === 0, items: [view, all] };
}
