/**
 * Today's snapshot: tenant-wide figures built from what a session (the web part's, or the CLI's run) has read,
 * and the once-a-day rule that writes it to the shared store. Building is a pure function of the user rows,
 * joins, SKUs and report rows; nothing here reads Graph.
 */
import type { IJoinSources, IUserRecord, IUserRow } from '../directory';
import type { IReportResult } from '../reports';
import {
  ACTIVE_DAILY_REPORT,
  ACTIVE_PERIOD_REPORT,
  STORAGE_SOURCES,
  directoryFigures,
  latestTrendFigures,
  mfaFigures,
  periodActiveFigures,
  skuFigures,
  wasteFigures
} from './figures';
import type { ISkuCounts, IWasteFigures } from './figures';
import type { ISnapshot, ITenantStore, SnapshotFigures } from './types';

/** What a snapshot is built from; every part optional: a part not read leaves its figures out. */
export interface ISnapshotInput {
  /** The user list, only when /users was read to its end (a part of it would undercount). */
  users?: {
    users: readonly IUserRecord[];
    rows: readonly Pick<IUserRow, 'user' | 'mfa' | 'mfaEnforcement'>[];
    joins: Pick<IJoinSources, 'mfa' | 'mfaEnforcement'>;
  };
  /** The tenant's subscribed SKUs (the list's skus join or the Licences view's). */
  skus?: Iterable<ISkuCounts>;
  /** Waste counts and costs from the Licences view (core/licences), when computed. */
  waste?: IWasteFigures;
  /**
   * Report reads by function: the daily trend reports (active users, storage; any period, the newest date is
   * used) and getOffice365ServicesUserCounts for D7 and D30 under `period7` / `period30`.
   */
  reports?: {
    trends?: ReadonlyArray<Pick<IReportResult, 'fn' | 'rows'>>;
    period7?: Pick<IReportResult, 'rows' | 'refreshDate'>;
    period30?: Pick<IReportResult, 'rows' | 'refreshDate'>;
  };
}

/** The figures of a snapshot and the report dates they rest on. */
export interface IBuiltFigures {
  figures: SnapshotFigures;
  reportDates: Record<string, string>;
}

/** Every figure the input allows, and the report date of each report-based one (by function). */
export function buildSnapshotFigures(input: ISnapshotInput): IBuiltFigures {
  const figures: SnapshotFigures = {};
  const reportDates: Record<string, string> = {};
  if (input.users) {
    Object.assign(figures, directoryFigures(input.users.users), mfaFigures(input.users.rows, input.users.joins));
  }
  if (input.skus) Object.assign(figures, skuFigures(input.skus));
  if (input.waste) Object.assign(figures, wasteFigures(input.waste));
  const reports = input.reports ?? {};
  const trendFns = new Set([ACTIVE_DAILY_REPORT, ...STORAGE_SOURCES.map(s => s.fn)]);
  for (const result of reports.trends ?? []) {
    if (!trendFns.has(result.fn)) continue;
    const latest = latestTrendFigures(result);
    if (!latest) continue;
    Object.assign(figures, latest.figures);
    reportDates[result.fn] = latest.date;
  }
  for (const [key, window] of [['period7', '7d'], ['period30', '30d']] as const) {
    const result = reports[key];
    if (!result) continue;
    const found = periodActiveFigures(result, window);
    if (!Object.keys(found).length) continue;
    Object.assign(figures, found);
    if (result.refreshDate) reportDates[`${ACTIVE_PERIOD_REPORT}(${window === '7d' ? 'D7' : 'D30'})`] = result.refreshDate;
  }
  return { figures, reportDates };
}

/** YYYY-MM-DD of an instant in UTC: snapshots are dated as Graph dates reports. */
export function utcDay(now: Date): string {
  return now.toISOString().slice(0, 10);
}

/** Today's snapshot from what was read; null when nothing could be (a snapshot of no figures is not kept). */
export function buildSnapshot(input: ISnapshotInput, now: Date, takenBy: string): ISnapshot | null {
  const { figures, reportDates } = buildSnapshotFigures(input);
  if (Object.keys(figures).length === 0) return null;
  return {
    day: utcDay(now),
    source: 'taken',
    takenAt: now.toISOString(),
    takenBy,
    figures,
    ...(Object.keys(reportDates).length ? { reportDates } : {})
  };
}

/** What takeDailySnapshot did. */
export type DailySnapshotOutcome =
  /** Today's was missing and is now written. */
  | { status: 'taken'; snapshot: ISnapshot }
  /**
   * Today's was kept, and this look read figures it lacked (`added`) or newer values of figures it had (`changed`: a
   * price corrected, licences reclaimed since): the day's snapshot is replaced by the union, the newest values winning.
   */
  | { status: 'extended'; snapshot: ISnapshot; added: string[]; changed: string[] }
  /** Today's is there and this one has nothing new (no figure it lacks, none of another value): nothing written. */
  | { status: 'kept'; snapshot: ISnapshot }
  /** Nothing could be read: nothing written. */
  | { status: 'nothing' };

/** Options of takeDailySnapshot. */
export interface IDailySnapshotOptions {
  /** Today's snapshot as already read from the store (saves the read); undefined: read it; null: known missing. */
  today?: ISnapshot | null;
  signal?: AbortSignal;
}

/** Figures of `fresh` that `kept` lacks, and those it holds with another value. */
function figureChanges(kept: SnapshotFigures, fresh: SnapshotFigures): { added: string[]; changed: string[] } {
  const added: string[] = [];
  const changed: string[] = [];
  for (const name of Object.keys(fresh)) {
    if (!(name in kept)) added.push(name);
    else if (kept[name] !== fresh[name]) changed.push(name);
  }
  return { added, changed };
}

/**
 * At most one snapshot a day, holding the day's newest figures: writes today's when the store has none. When
 * today's is there (an earlier look, view or person took it), a later look replaces it by the union, this look's
 * values winning (a price corrected or licences reclaimed later that day), figures this look did not read staying
 * as they were; when nothing was added or changed, nothing is written. It never writes another day (backfill keeps
 * its own rule: never over a kept day). `build` runs only when needed (a null build writes nothing). A store refusal
 * rejects with its StoreError, for the caller to word.
 */
export async function takeDailySnapshot(
  store: Pick<ITenantStore, 'readSnapshots' | 'writeSnapshots'>,
  build: (day: string) => ISnapshot | null | Promise<ISnapshot | null>,
  now: Date,
  options: IDailySnapshotOptions = {}
): Promise<DailySnapshotOutcome> {
  const day = utcDay(now);
  const kept = options.today !== undefined ? options.today : (await store.readSnapshots({ from: day, to: day }, options.signal)).find(s => s.day === day) ?? null;
  const fresh = await build(day);
  if (!fresh) return kept ? { status: 'kept', snapshot: kept } : { status: 'nothing' };
  const snapshot: ISnapshot = { ...fresh, day, source: 'taken' };
  if (!kept || kept.day !== day) {
    await store.writeSnapshots([snapshot], { replace: false, signal: options.signal });
    return { status: 'taken', snapshot };
  }
  const { added, changed } = figureChanges(kept.figures, snapshot.figures);
  // A backfilled day that is today (a report dated today) gives way to what was taken.
  if (added.length === 0 && changed.length === 0 && kept.source === 'taken') return { status: 'kept', snapshot: kept };
  const union: ISnapshot = {
    ...snapshot,
    figures: { ...kept.figures, ...snapshot.figures },
    ...(kept.reportDates || snapshot.reportDates ? { reportDates: { ...kept.reportDates, ...snapshot.reportDates } } : {})
  };
  await store.writeSnapshots([union], { replace: true, signal: options.signal });
  return { status: 'extended', snapshot: union, added, changed };
}
