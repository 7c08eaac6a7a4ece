/**
 * `report <function> [--period Dn | --date YYYY-MM-DD | --days-back N | a range] --out <file.xlsx|file.csv>`:
 * one usage report, read as v1.0 CSV (the 302 followed without the token), written as the web part's
 * report sheet or as formula-safe CSV. A range (`--from`/`--from-days-back` to `--to`/`--to-days-back`) is
 * read day by day, as the explorer's date range, its rows merged under a leading `Report Date`. Every
 * parameter is checked before the first request, as the explorer checks it: report reads are throttled.
 */
import { fileDate, reportSheets, toCsv } from '../../core/export';
import { GraphError } from '../../core/graph';
import { REPORT_CATALOG, findReport, SHOW_NAMES_HELP, mergeDayRows, reportKey, parseDaysBack, parsePeriod, planLabel, planReport, validateReportDate } from '../../core/reports';
import type { DaySpec, IReportEntry, IReportResult, ReportAsk, ReportParam, ReportPlan, ReportRow } from '../../core/reports';
import type { IConnection } from '../connect';
import type { ICommandContext, ICommandResult } from '../context';
import { CliError, EXIT, UsageError } from '../errors';
import { checkOut, checkOutFolder, fillOutName, workbookBytes, writeWhole } from '../output';
import { count } from '../progress';

/** Catalog names closest to a mistyped one (edit distance, then substring), best first. */
export function closestReports(name: string, max = 3): string[] {
  const needle = name.toLowerCase();
  const scored = REPORT_CATALOG.map(e => ({ fn: e.fn, d: distance(needle, e.fn.toLowerCase()) }));
  const near = scored.filter(s => s.d <= Math.max(3, Math.floor(needle.length / 3))).sort((a, b) => a.d - b.d).map(s => s.fn);
  const containing = needle.length >= 4 ? REPORT_CATALOG.filter(e => e.fn.toLowerCase().includes(needle.replace(/^get/, ''))).map(e => e.fn) : [];
  return [...new Set([...near, ...containing])].slice(0, max);
}

function distance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length] ?? 0;
}

/** The day flags of one end: a date, or days back, not both. */
function dayFlag(values: ReadonlyMap<string, string>, dateFlag: string, backFlag: string): DaySpec | undefined {
  const date = values.get(dateFlag);
  const back = values.get(backFlag);
  if (date !== undefined && back !== undefined) throw new UsageError(`Give --${dateFlag} or --${backFlag}, not both.`);
  if (back !== undefined) {
    const n = parseDaysBack(back);
    if (!n.ok) throw new UsageError(`--${backFlag} takes a whole number of days (0 is today), not "${back}".`);
    return { daysBack: n.value };
  }
  return date === undefined ? undefined : { date };
}

/**
 * The report's parameters as flags, checked as the explorer checks them: `--period`, one day (`--date` or
 * `--days-back`), or a range whose ends are each a date or days back (`--from`/`--from-days-back`,
 * `--to`/`--to-days-back`). At most one way; a range needs both ends.
 */
export function reportAsk(values: ReadonlyMap<string, string>): ReportAsk {
  const periodText = values.get('period');
  const day = dayFlag(values, 'date', 'days-back');
  const from = dayFlag(values, 'from', 'from-days-back');
  const to = dayFlag(values, 'to', 'to-days-back');
  const ways = [periodText !== undefined && '--period', day && (values.has('date') ? '--date' : '--days-back'), (from || to) && 'a range (--from ... --to ...)'].filter(Boolean);
  // Two ways at once keep the words they had when there were only --period and --date.
  if (ways.length === 2) throw new UsageError(`Give ${ways.join(' or ')}, not both.`);
  if (ways.length > 2) throw new UsageError(`Give one of --period, --date, --days-back or a range, not ${ways.join(', ')}.`);
  if (periodText !== undefined) {
    const period = parsePeriod(periodText);
    if (!period.ok) throw new UsageError(period.error);
    return { by: 'period', period: period.value };
  }
  if (day) return { by: 'day', day };
  if (from || to) {
    if (!from) throw new UsageError('A range needs its start too: --from YYYY-MM-DD or --from-days-back N.');
    if (!to) throw new UsageError('A range needs its end too: --to YYYY-MM-DD or --to-days-back N.');
    return { by: 'range', from, to };
  }
  return { by: 'none' };
}

/** The function and what to read, checked without asking Graph (dates against `today`, Graph's UTC day). */
export function checkReportArgs(fn: string | undefined, values: ReadonlyMap<string, string>, today: string): { entry: IReportEntry; ask: ReportAsk; plan: ReportPlan } {
  if (!fn) throw new UsageError('report needs a function name, e.g. report getOffice365ActiveUserDetail --period D30 --out active.xlsx.');
  const ask = reportAsk(values);
  // A date's format is checked before the function is looked up, as before: a typo in either is said.
  if (ask.by === 'day' && 'date' in ask.day) {
    const date = validateReportDate(ask.day.date, today);
    if (!date.ok) throw new UsageError(date.error);
  }
  const entry = findReport(fn);
  if (!entry) {
    const near = closestReports(fn);
    throw new CliError(
      EXIT.notFound,
      `Unknown report function "${fn}".${near.length ? ` Did you mean ${near.join(', ')}?` : ''} "m365-impressions reports" lists them all.`
    );
  }
  const plan = planReport(entry, ask, today);
  if (!plan.ok) throw new UsageError(plan.error);
  return { entry, ask, plan: plan.value };
}

/**
 * The sheet of a report read: the catalog's columns, then any Microsoft added since (nothing is dropped);
 * a range's rows lead with their `Report Date`, as the explorer's export of a range does.
 */
export function reportSheetFor(entry: IReportEntry, result: Pick<IReportResult, 'rows' | 'unknownColumns'>, byDay = false): ReturnType<typeof reportSheets>[number] {
  const lead = byDay ? ['Report Date'] : [];
  const headers = result.unknownColumns.length || byDay ? [...lead, ...entry.columns.map(c => c.header), ...result.unknownColumns] : undefined;
  const [sheet] = reportSheets(entry, result.rows, headers ? { headers } : {});
  if (!sheet) throw new Error(`No sheet for ${entry.fn}.`);
  return sheet;
}

/** What one read or a range of reads brought: rows (a range's merged under `Report Date`), and what the summary says. */
interface IRead {
  rows: ReportRow[];
  refreshDate: string | null;
  concealment: IReportResult['concealment'];
  unknownColumns: string[];
  requests: number;
}

/** Graph's own check of a parameter (e.g. a date outside its window) is a usage error too. */
async function refusedAsUsage<T>(label: string, read: () => Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (e) {
    if (e instanceof GraphError && e.kind === 'badRequest') throw new UsageError(`Graph refused ${label}: ${e.message}`);
    throw e;
  }
}

const readLabel = (entry: IReportEntry, param: ReportParam | undefined): string =>
  param === undefined ? entry.fn : 'period' in param ? `${entry.fn}(period='${param.period}')` : `${entry.fn}(date=${param.date})`;

/** One read through the connection's store, so it keeps within Graph's report limits like every other. */
async function readOne(ctx: ICommandContext, conn: IConnection, entry: IReportEntry, param: ReportParam | undefined, label: string): Promise<IReportResult> {
  const p = ctx.progress;
  const key = reportKey(entry.fn, param);
  p.update(`Reading ${label}`, 0);
  const unwatch = conn.reports.subscribe((k, progress) => { if (k === key && progress && progress.rows > 0) p.update(`Reading ${label}`, progress.rows); });
  try {
    return await refusedAsUsage(readLabel(entry, param), () => conn.reports.get(entry, param));
  } finally {
    unwatch();
  }
}

/**
 * A range read day by day, one day after another (each a `date=` read, as the explorer's date range), the
 * days merged with their day in a leading `Report Date` column; the newest refresh date of the days.
 */
async function readRange(ctx: ICommandContext, conn: IConnection, entry: IReportEntry, dates: readonly string[]): Promise<IRead> {
  const days: Array<{ date: string; rows: ReportRow[] }> = [];
  const read: IRead = { rows: [], refreshDate: null, concealment: { concealedRows: 0, totalRows: 0, columns: [] }, unknownColumns: [], requests: 0 };
  for (const [i, date] of dates.entries()) {
    const result = await readOne(ctx, conn, entry, { date }, `${entry.fn}, day ${i + 1} of ${dates.length} (${date})`);
    days.push({ date, rows: result.rows });
    if (result.refreshDate && (!read.refreshDate || result.refreshDate > read.refreshDate)) read.refreshDate = result.refreshDate;
    read.concealment.concealedRows += result.concealment.concealedRows;
    read.concealment.totalRows += result.concealment.totalRows;
    for (const c of result.concealment.columns) if (!read.concealment.columns.includes(c)) read.concealment.columns.push(c);
    for (const c of result.unknownColumns) if (!read.unknownColumns.includes(c)) read.unknownColumns.push(c);
    read.requests += result.requests;
  }
  read.rows = mergeDayRows(days);
  return read;
}

export async function reportCommand(ctx: ICommandContext): Promise<ICommandResult> {
  const { values, positionals } = ctx.args;
  checkOut(values.get('out'), ctx.cwd, ['xlsx', 'csv']);
  const { entry, plan } = checkReportArgs(positionals[0], values, ctx.today);
  const out = checkOut(fillOutName(values.get('out'), { today: fileDate(ctx.now()), param: planLabel(plan) ?? null }), ctx.cwd, ['xlsx', 'csv']);
  await checkOutFolder(out.file);
  const p = ctx.progress;
  const warnings: string[] = [];
  if (entry.retired) warnings.push(`${entry.fn} is a retired workload's report (Skype for Business, retired 2021); Graph may return no rows.`);

  const conn = await ctx.connect();
  ctx.topic.current = 'reports';
  let read: IRead;
  if (plan.single) {
    read = await readOne(ctx, conn, entry, plan.param, readLabel(entry, plan.param));
  } else {
    p.step(`Reading ${entry.fn} day by day: ${plan.dates[0] ?? ''} to ${plan.dates[plan.dates.length - 1] ?? ''} (${plan.dates.length} ${plan.dates.length === 1 ? 'day' : 'days'}, a request each)`);
    read = await readRange(ctx, conn, entry, plan.dates);
  }
  p.step(`${entry.title}: ${count(read.rows.length)} rows${read.refreshDate ? `, data as of ${read.refreshDate}` : ''}`);
  if (read.concealment.concealedRows > 0) {
    warnings.push(
      `Names are concealed in this report (${count(read.concealment.concealedRows)} of ${count(read.concealment.totalRows)} rows show ` +
        `anonymised ids in ${read.concealment.columns.join(', ')}). ${SHOW_NAMES_HELP}`
    );
  }
  if (read.unknownColumns.length) warnings.push(`Columns new to the catalog, exported at the end: ${read.unknownColumns.join(', ')}.`);
  warnings.forEach(w => p.warn(w));

  const sheet = reportSheetFor(entry, read, !plan.single);
  const data = out.format === 'csv' ? toCsv(sheet) : await workbookBytes([sheet], (done, total) => p.update('Writing workbook', done, total));
  await writeWhole(out.file, data);
  p.step(`Wrote ${out.file} (${count(read.rows.length)} rows)`);
  return { output: out.file, rows: read.rows.length, sheets: out.format === 'csv' ? [] : [sheet.name], requests: read.requests, warnings };
}
