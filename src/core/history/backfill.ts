/**
 * Backfill: on first use the history is filled from Graph's own 180-day daily trend reports where Graph has the
 * figure (daily active users per workload, storage totals), one snapshot per report date, so the first chart
 * already spans six months. Backfill never replaces a kept day: what was taken stays as it was taken.
 */
import type { IReportEntry, IReportResult, ReportParam, ReportPeriod } from '../reports';
import { requireReport } from '../reports';
import { ACTIVE_DAILY_REPORT, STORAGE_SOURCES, trendByDate, trendColumns, trendFigures } from './figures';
import { utcDay } from './snapshot';
import type { ISnapshot, ITenantStore } from './types';

/** The daily trend reports a backfill reads, one request each (a page or two of beta JSON). */
export const BACKFILL_REPORTS: readonly string[] = [ACTIVE_DAILY_REPORT, ...STORAGE_SOURCES.map(s => s.fn)];
/** Graph's longest period. */
export const BACKFILL_PERIOD: ReportPeriod = 'D180';
/** A history whose oldest day is newer than this many days is backfilled (a week of views should not hide six months). */
export const BACKFILL_WITHIN_DAYS = 30;

const DAY_MS = 86_400_000;

/** The day `n` days before `day` (YYYY-MM-DD, UTC). */
export function daysBefore(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - n * DAY_MS).toISOString().slice(0, 10);
}

/** Whether to backfill: no snapshot yet, or none older than 30 days. */
export function needsBackfill(kept: readonly Pick<ISnapshot, 'day'>[], today: string): boolean {
  const limit = daysBefore(today, BACKFILL_WITHIN_DAYS);
  return !kept.some(s => s.day < limit);
}

/**
 * One backfilled snapshot per report date found in the reads (their figures merged by date), oldest first; days
 * from today on are left out (a report dated today is the day's own snapshot's to take). Pure.
 */
export function backfillSnapshots(results: ReadonlyArray<Pick<IReportResult, 'fn' | 'rows'>>, now: Date, takenBy: string): ISnapshot[] {
  const today = utcDay(now);
  const byDay = new Map<string, ISnapshot>();
  for (const result of results) {
    if (!BACKFILL_REPORTS.includes(result.fn)) continue;
    for (const [date, values] of trendByDate(result.rows, trendColumns(result.fn))) {
      if (date >= today) continue;
      const figures = trendFigures(result.fn, values);
      if (!Object.keys(figures).length) continue;
      let s = byDay.get(date);
      if (!s) byDay.set(date, (s = { day: date, source: 'backfill', takenAt: now.toISOString(), takenBy, figures: {}, reportDates: {} }));
      Object.assign(s.figures, figures);
      (s.reportDates as Record<string, string>)[result.fn] = date;
    }
  }
  return [...byDay.values()].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

/** The backfilled snapshots of days the history does not keep yet (a kept day, taken or backfilled, is never written over). */
export function missingDays(backfilled: readonly ISnapshot[], kept: readonly Pick<ISnapshot, 'day'>[]): ISnapshot[] {
  const days = new Set(kept.map(s => s.day));
  return backfilled.filter(s => !days.has(s.day));
}

/** The one thing backfill needs of the session's ReportStore (reads are cached there and kept within Graph's limits). */
export interface IReportGetter {
  get(entry: IReportEntry, param: ReportParam | undefined, signal?: AbortSignal): Promise<IReportResult>;
}

/** A report backfill could not read, and why (a GraphError as the store gave it). */
export interface IBackfillProblem {
  fn: string;
  error: unknown;
}

/** Read the trend reports over 180 days through the session's store, side by side, each failing alone. */
export async function readBackfillReports(reports: IReportGetter, signal?: AbortSignal): Promise<{ results: IReportResult[]; problems: IBackfillProblem[] }> {
  const settled = await Promise.allSettled(BACKFILL_REPORTS.map(fn => reports.get(requireReport(fn), { period: BACKFILL_PERIOD }, signal)));
  const results: IReportResult[] = [];
  const problems: IBackfillProblem[] = [];
  settled.forEach((s, i) => {
    if (s.status === 'fulfilled') results.push(s.value);
    else problems.push({ fn: BACKFILL_REPORTS[i] ?? '', error: s.reason });
  });
  return { results, problems };
}

/** What backfillHistory did. */
export type BackfillOutcome =
  /** The history already reaches back more than 30 days: nothing read. */
  | { status: 'notNeeded' }
  /** Snapshots written for `written` days from `from` to `to`; `problems`: reports that could not be read. */
  | { status: 'filled'; written: number; from: string; to: string; problems: IBackfillProblem[] }
  /** Nothing to write: every report refused (`problems`), or every day is kept already. */
  | { status: 'nothing'; problems: IBackfillProblem[] };

/** Options of backfillHistory. */
export interface IBackfillOptions {
  /** Who backfills ("web part", "cli"). */
  takenBy: string;
  /** The history as already read (saves a read of the store); read whole when absent. */
  kept?: readonly ISnapshot[];
  signal?: AbortSignal;
}

/**
 * Fill the history from Graph's 180-day reports when it needs it (no snapshot, or none older than 30 days):
 * reads the trend reports through the session's store, writes a snapshot for each report date the history lacks
 * (never replacing a kept day). A store refusal rejects with its StoreError; a report refusal is a problem.
 */
export async function backfillHistory(
  store: Pick<ITenantStore, 'readSnapshots' | 'writeSnapshots'>,
  reports: IReportGetter,
  now: Date,
  options: IBackfillOptions
): Promise<BackfillOutcome> {
  const today = utcDay(now);
  const kept = options.kept ?? (await store.readSnapshots(undefined, options.signal));
  if (!needsBackfill(kept, today)) return { status: 'notNeeded' };
  const { results, problems } = await readBackfillReports(reports, options.signal);
  const wanted = missingDays(backfillSnapshots(results, now, options.takenBy), kept);
  const first = wanted[0];
  const last = wanted[wanted.length - 1];
  if (!first || !last) return { status: 'nothing', problems };
  const written = await store.writeSnapshots(wanted, { replace: false, signal: options.signal });
  return { status: 'filled', written, from: first.day, to: last.day, problems };
}
