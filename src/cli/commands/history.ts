/**
 * `snapshot --site <url> | --to history.jsonl`: takes today's snapshot of tenant-wide figures (counts only, never a
 * person) into the shared store, as the web part does when an admin opens it; on first use (no history, or none
 * older than 30 days) the history is backfilled from Graph's 180-day trend reports first. At most one a day: a
 * second run the same day brings today's figures up to date (writing only when one was added or changed).
 *
 * `history --site <url> | --file history.jsonl [--from YYYY-MM-DD] [--to YYYY-MM-DD] --out file.xlsx`: the history's
 * series as the web part's charts export them (licences, waste cost, MFA coverage, daily active users) and every
 * snapshot's figures. Reads the store only: Graph is not asked anything.
 */
import { fileDate } from '../../core/export';
import { explainError } from '../../core/graph';
import type { SectionTopic } from '../../core/graph';
import {
  ACTIVE_DAILY_REPORT,
  ACTIVE_PERIOD_REPORT,
  HISTORY_CHARTS,
  STORAGE_SOURCES,
  StoreError,
  backfillHistory,
  buildSnapshot,
  historySeries,
  historyWorkbook,
  licenceSkuCounts,
  licenceWaste,
  takeDailySnapshot,
  utcDay
} from '../../core/history';
import type { BackfillOutcome, ISnapshotInput, ITenantStore } from '../../core/history';
import { buildCostModel, buildLicenceModel, loadLicences } from '../../core/licences';
import type { ILoadLicencesOptions } from '../../core/licences';
import { requireReport } from '../../core/reports';
import type { IReportEntry, IReportResult, ReportParam } from '../../core/reports';
import type { IConnection } from '../connect';
import type { ICommandContext, ICommandResult } from '../context';
import { CliError, EXIT, UsageError } from '../errors';
import { checkOut, checkOutFolder, fillOutName, workbookBytes, writeWhole } from '../output';
import { count } from '../progress';
import { checkStoreFlags, openCliStore, storeCliError } from '../store';
import type { ICliStore, ICliStoreFlags } from '../store';

/** How the commands reach the store (tests: an in-memory one). */
export interface IHistoryDeps {
  openStore: (ctx: ICommandContext, flags: ICliStoreFlags) => Promise<ICliStore>;
}

const DEFAULT_DEPS: IHistoryDeps = { openStore: openCliStore };

/** A store refusal as the CLI says it; anything else as it is. */
async function storeStep<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (e) {
    throw e instanceof StoreError ? storeCliError(e) : e;
  }
}

/** A part that could not be read, in words (the figure is left out of the snapshot, never 0). */
function partWarning(what: string, error: unknown, topic: SectionTopic): string {
  const x = explainError(error, topic);
  return `${what} not read (left out of today's snapshot). ${x.detail}${x.action ? ` ${x.action}` : ''}`;
}

/** Reports through the run's store, remembering what backfill read (today's newest days come from the same reads). */
function recordingReports(conn: IConnection): { get: (e: IReportEntry, p: ReportParam | undefined, s?: AbortSignal) => Promise<IReportResult>; seen: Map<string, IReportResult | 'refused'> } {
  const seen = new Map<string, IReportResult | 'refused'>();
  return {
    seen,
    get: (entry, param, signal) => conn.reports.get(entry, param, signal).then(
      r => { seen.set(entry.fn, r); return r; },
      (e: unknown) => { seen.set(entry.fn, 'refused'); throw e; })
  };
}

/** Today's report figures: the trend reports' newest day (backfill's reads, else D7) and active users over 7 and 30 days. */
async function reportInput(conn: IConnection, seen: Map<string, IReportResult | 'refused'>, warn: (w: string) => void): Promise<NonNullable<ISnapshotInput['reports']>> {
  const read = (fn: string, param: ReportParam): Promise<IReportResult | undefined> => conn.reports.get(requireReport(fn), param).then(r => r, (e: unknown) => {
    warn(partWarning(`${fn}(period='${'period' in param ? param.period : ''}')`, e, 'reports'));
    return undefined;
  });
  const trends = await Promise.all([ACTIVE_DAILY_REPORT, ...STORAGE_SOURCES.map(s => s.fn)].map(fn => {
    const had = seen.get(fn);
    return had === 'refused' ? undefined : had ?? read(fn, { period: 'D7' });
  }));
  const period7 = await read(ACTIVE_PERIOD_REPORT, { period: 'D7' });
  const period30 = period7 ? await read(ACTIVE_PERIOD_REPORT, { period: 'D30' }) : undefined;
  return { trends: trends.filter((r): r is IReportResult => !!r), ...(period7 ? { period7 } : {}), ...(period30 ? { period30 } : {}) };
}

/** The directory, MFA, SKUs and waste of today's snapshot: the Licences view's read (users and their joins, SKUs, holdings). */
async function directoryInput(ctx: ICommandContext, conn: IConnection, store: ITenantStore, warn: (w: string) => void): Promise<Omit<ISnapshotInput, 'reports'>> {
  const p = ctx.progress;
  // MFA enforcement too (its figure): loadLicences hands its options on to the user list's load.
  const options: ILoadLicencesOptions & { mfaEnforcement: boolean } = { signIns: true, mfaEnforcement: true, onUsers: n => p.update('Reading users', n) };
  const read = await loadLicences(conn.gateway, conn.reports, options);
  p.step(`Users: ${count(read.list.users.length)}`);
  const joins = read.list.joins;
  if (joins.mfa.status === 'error') warn(partWarning('MFA registration', joins.mfa.error, 'mfa'));
  if (joins.mfaEnforcement.status === 'error') warn(partWarning('MFA enforcement', joins.mfaEnforcement.error, 'mfaEnforcement'));
  const input: Omit<ISnapshotInput, 'reports'> = { users: { users: read.list.users, rows: read.list.rows, joins } };
  if (read.skus.status !== 'ready') {
    warn(partWarning('Licences (subscribed SKUs)', read.skus.status === 'error' ? read.skus.error : null, 'licenses'));
    return input;
  }
  const model = buildLicenceModel({ rows: read.list.rows, joins, skus: read.skus.data, assignments: read.assignments, today: ctx.today });
  const prices = await storeStep(() => store.readPrices());
  return { ...input, skus: licenceSkuCounts(model), waste: licenceWaste(model, prices.length ? buildCostModel(model, prices) : undefined) };
}

/** What backfill did, said as a step; its refused reports as warnings. */
function sayBackfill(ctx: ICommandContext, out: BackfillOutcome, warn: (w: string) => void): void {
  if (out.status === 'notNeeded') return;
  for (const problem of out.problems) warn(partWarning(`${problem.fn} (180 days, for the backfill)`, problem.error, 'reports'));
  if (out.status === 'filled') ctx.progress.step(`History backfilled from Graph's 180-day reports: ${count(out.written)} days, ${out.from} to ${out.to}`);
}

export async function snapshotCommand(ctx: ICommandContext, deps: IHistoryDeps = DEFAULT_DEPS): Promise<ICommandResult> {
  const v = ctx.args.values;
  const flags = checkStoreFlags({ site: v.get('site'), to: v.get('to') });
  const conn = await ctx.connect();
  const opened = await deps.openStore(ctx, { ...flags, connection: conn });
  const { store } = opened;
  const p = ctx.progress;
  const warnings: string[] = [];
  const warn = (w: string): void => { warnings.push(w); p.warn(w); };
  const now = ctx.now();
  const day = utcDay(now);
  p.step(opened.where);

  const kept = await storeStep(() => store.readSnapshots());
  ctx.topic.current = 'reports';
  const reports = recordingReports(conn);
  const backfill = await storeStep(() => backfillHistory(store, reports, now, { takenBy: 'cli', kept }));
  sayBackfill(ctx, backfill, warn);
  const reportPart = await reportInput(conn, reports.seen, warn);
  ctx.topic.current = 'users';
  const input: ISnapshotInput = { ...(await directoryInput(ctx, conn, store, warn)), reports: reportPart };
  const today = kept.find(s => s.day === day) ?? null;
  const out = await storeStep(() => takeDailySnapshot(store, () => buildSnapshot(input, now, 'cli'), now, { today }));
  if (out.status === 'nothing') throw new CliError(EXIT.auth, "No figure could be read, so no snapshot was kept: the sign-in needs User.Read.All (and Reports.Read.All with a report role for the usage figures).");
  const figures = Object.keys(out.snapshot.figures).length;
  const said = out.status === 'extended'
    ? `Snapshot of ${day} updated: ${out.added.length} figures added, ${out.changed.length} changed since it was taken (${figures} in all)`
    : out.status === 'taken' ? `Snapshot of ${day} kept (${figures} figures)` : `Snapshot of ${day} was already kept (${figures} figures); no figure has changed since`;
  p.step(said);
  return {
    rows: figures,
    requests: conn.gateway.stats.requests + conn.reports.stats.reads + opened.requests(),
    warnings,
    details: { day, snapshot: out.status, figures, backfilled: backfill.status === 'filled' ? backfill.written : 0, where: opened.where }
  };
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** `--from` / `--to` of history: days (YYYY-MM-DD), the first not after the second. */
export function historyRange(values: ReadonlyMap<string, string>): { from?: string; to?: string } {
  const from = values.get('from');
  const to = values.get('to');
  for (const [flag, day] of [['--from', from], ['--to', to]] as const) {
    if (day !== undefined && (!DAY.test(day) || Number.isNaN(Date.parse(`${day}T00:00:00Z`)))) {
      throw new UsageError(`${flag} takes a day as YYYY-MM-DD, not "${day}"${/\.jsonl?$/i.test(day) ? ' (history reads a file given with --file)' : ''}.`);
    }
  }
  if (from && to && from > to) throw new UsageError(`--from (${from}) is after --to (${to}).`);
  return { ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

export async function historyCommand(ctx: ICommandContext, deps: IHistoryDeps = DEFAULT_DEPS): Promise<ICommandResult> {
  const v = ctx.args.values;
  const range = historyRange(v);
  if (!v.has('out')) throw new UsageError('history needs --out <file.xlsx>.');
  const out = checkOut(fillOutName(v.get('out'), { today: fileDate(ctx.now()) }), ctx.cwd, ['xlsx']);
  const flags = checkStoreFlags({ site: v.get('site'), to: v.get('file') });
  await checkOutFolder(out.file);
  const opened = await deps.openStore(ctx, flags);
  const p = ctx.progress;
  p.step(opened.where);
  const snapshots = await storeStep(() => opened.store.readSnapshots(range));
  if (snapshots.length === 0) {
    const span = range.from || range.to ? ` from ${range.from ?? 'the start'} to ${range.to ?? 'today'}` : '';
    throw new CliError(EXIT.notFound, `No snapshots${span} in the history. "m365-impressions snapshot" takes today's (and backfills six months on first use).`);
  }
  const charts = HISTORY_CHARTS.map(key => historySeries(key, snapshots, range));
  const book = historyWorkbook(snapshots, charts, { where: opened.where, ...range }, ctx.now());
  const bytes = await workbookBytes(book.sheets, (done, total) => p.update('Writing workbook', done, total));
  await writeWhole(out.file, bytes);
  p.step(`Wrote ${out.file} (${count(snapshots.length)} days, ${snapshots[0]?.day ?? ''} to ${snapshots[snapshots.length - 1]?.day ?? ''})`);
  return { output: out.file, rows: snapshots.length, sheets: book.sheets.map(s => s.name), requests: opened.requests(), warnings: [] };
}
