/**
 * The Users list's rules, apart from how it is drawn: when a filter cannot apply yet (or at all), which
 * failed joins offer a Try again, and how an export is sequenced (what it writes empty, when "Export all"
 * must read sign-ins first). Plain data in, plain data out, so the rules are tested without a DOM.
 */
import { isPassingFailure } from '../graph/GraphError';
import { explainError } from '../graph/explain';
import type { IExplainedError } from '../graph/explain';
import { ACTIVITY_CONCEALED } from '../reports/concealed';
import { JOINED_SOURCES, USER_COLUMNS, joinStateOf } from './userColumns';
import type { ColumnSource, IUserColumn } from './userColumns';
import type { IJoinSources, IUserFilters, SourceState } from './userIndex';
import type { UserJoinKey } from './loadUsers';

const fmt = new Intl.NumberFormat('en-US');

/** Where a join stands: loading, ready, failed, or not asked for (sign-ins while their column is hidden). */
export type JoinStatus = SourceState<unknown>['status'];

/** The joins a filter of the list reads; the other filters read the directory itself. */
export type FilterSource = 'mfa' | 'activity';

/** Why a filter does not apply: its data is still loading, or could not be read (or matched). */
export interface IFilterHold {
  kind: 'waiting' | 'unavailable';
  /** What the filter waits for, in words: "MFA data", "last activity". */
  what: string;
  /** Why it cannot apply, when unavailable. */
  why?: string;
}

/**
 * Why the MFA and last-activity filters have no data behind them: their join failed, or report names
 * are concealed so no row matches a user; undefined where the data is (or will be) there.
 */
export function unavailableFilters(joins: IJoinSources): Record<FilterSource, string | undefined> {
  const activity = joins.activity.status === 'ready' ? joins.activity.data : undefined;
  return {
    mfa: joins.mfa.status === 'error' ? explainError(joins.mfa.error, 'mfa').detail : undefined,
    activity: joins.activity.status === 'error'
      ? explainError(joins.activity.error, 'reports').detail
      : activity && activity.concealedRows > 0 ? ACTIVITY_CONCEALED : undefined
  };
}

/**
 * A filter over data still loading waits for it; over data that failed (or cannot be matched) it cannot
 * apply. Either way it matches no one: a filtered view never vouches for a user it cannot.
 */
export function filterHold(source: FilterSource, joins: IJoinSources, unavailable = unavailableFilters(joins)): IFilterHold | undefined {
  const what = source === 'mfa' ? 'MFA data' : 'last activity';
  if (joins[source].status === 'loading') return { kind: 'waiting', what };
  const why = unavailable[source];
  return why ? { kind: 'unavailable', what, why } : undefined;
}

/** The holds on the active filters, by the key of their chip ('mfa', 'activity'); chips without one are absent or undefined. */
export function filterHolds(filters: IUserFilters, joins: IJoinSources): Record<string, IFilterHold | undefined> {
  const unavailable = unavailableFilters(joins);
  return {
    mfa: filters.mfaEnabled !== undefined ? filterHold('mfa', joins, unavailable) : undefined,
    activity: filters.activity !== undefined ? filterHold('activity', joins, unavailable) : undefined
  };
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
   * and for sign-ins only while their column shows: they are read only then, so a Try again could not.
   */
  canRetry: boolean;
}

/** The failed joins, in the order of JOINED_SOURCES; each degrades only its own columns. */
export function degradedJoins(joins: IJoinSources, signInsShown: boolean): IDegradedJoin[] {
  const out: IDegradedJoin[] = [];
  for (const source of Object.keys(JOINED_SOURCES) as JoinedSource[]) {
    const state = joinStateOf(source, joins);
    if (state?.status !== 'error') continue;
    const { join, name, topic } = JOINED_SOURCES[source];
    out.push({ source, join, name, why: explainError(state.error, topic), canRetry: isPassingFailure(state.error) && (source !== 'signIns' || signInsShown) });
  }
  return out;
}

const WRITTEN_EMPTY: Record<'mfa' | 'activity' | 'signIns', string> = { mfa: 'MFA', activity: 'last activity', signIns: 'last sign-in' };

/** Joins still being read are written empty: the Export menu's note naming them among `columns`, before the click; '' when none. */
export function writtenEmptyNote(joins: IJoinSources, columns: readonly IUserColumn[]): string {
  const reading = (['mfa', 'activity', 'signIns'] as const).filter(k => joins[k].status === 'loading' && columns.some(c => c.source === k));
  return reading.length ? `; ${reading.map(k => WRITTEN_EMPTY[k]).join(' and ')} still loading, written empty` : '';
}

/** Sign-ins have been read, or failed (the file then leaves their column empty; its banner says why). */
export function signInsSettled(signIns: JoinStatus): boolean {
  return signIns === 'ready' || signIns === 'error';
}

/**
 * What choosing "Export all" does: every column holds last sign-in too, so with sign-ins settled it
 * writes the file now; otherwise it reads them first (as the CLI's export does) and waits.
 */
export function exportAllStep(signIns: JoinStatus): 'run' | 'awaitSignIns' {
  return signInsSettled(signIns) ? 'run' : 'awaitSignIns';
}

/** An "Export all" waiting for sign-ins starts once they settle, and not while another export is running. */
export function awaitedExportMayStart(awaiting: boolean, signIns: JoinStatus, exporting: boolean): boolean {
  return awaiting && signInsSettled(signIns) && !exporting;
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
  /** Users read so far. */
  total: number;
  /** Users the search and filters keep. */
  shown: number;
  /** The columns shown, which "Export view" writes. */
  visibleColumns: readonly IUserColumn[];
  joins: IJoinSources;
  /** An export is being written. */
  exporting: boolean;
  /** "Export all" is reading sign-ins first. */
  awaitingSignIns: boolean;
}

/** The Export menu: off while an export runs or waits, or with no one to write; "Export all" only once every user is read. */
export function exportMenu(m: IExportMenuInput): { disabled: boolean; items: [IExportMenuItem, IExportMenuItem] } {
  const view: IExportMenuItem = {
    key: 'view',
    text: `Export view (${fmt.format(m.shown)} users, visible columns${writtenEmptyNote(m.joins, m.visibleColumns)})`,
    disabled: false
  };
  // Export all reads sign-ins itself before writing, so their column is never written empty.
  const allNote = writtenEmptyNote(m.joins, USER_COLUMNS.filter(c => c.source !== 'signIns'));
  const all: IExportMenuItem = m.awaitingSignIns
    ? { key: 'all', text: 'Export all (reading last sign-ins first…)', disabled: true }
    : m.listStatus === 'done'
    ? { key: 'all', text: `Export all (${fmt.format(m.total)} users, every column${allNote})`, disabled: false }
    // "All" promises every user: not until the list has been read to its end.
    : { key: 'all', text: m.listStatus === 'loading' ? 'Export all (once every user is read)' : 'Export all (the list is incomplete: try again first)', disabled: true };
  return { disabled: m.exporting || m.awaitingSignIns || m.total === 0, items: [view, all] };
}
