/**
 * `report <function> (--period Dn | --date YYYY-MM-DD) --out <file.xlsx|file.csv>`: one usage report,
 * read as v1.0 CSV (the 302 followed without the token), written as the web part's report sheet or as
 * formula-safe CSV. Every parameter is checked before the first request: report reads are throttled.
 */
import { reportSheets, toCsv } from '../../core/export';
import { GraphError } from '../../core/graph';
import { REPORT_CATALOG, findReport, SHOW_NAMES_HELP, checkReportParam, parsePeriod, validateReportDate } from '../../core/reports';
import type { ReportParam, IReportResult, IReportEntry } from '../../core/reports';
import type { ICommandContext, ICommandResult } from '../context';
import { CliError, EXIT, UsageError } from '../errors';
import { checkOut, checkOutFolder, workbookBytes, writeWhole } from '../output';
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

/** The function and its parameter, checked without asking Graph. */
export function checkReportArgs(fn: string | undefined, values: ReadonlyMap<string, string>, today: string): { entry: IReportEntry; param: ReportParam | undefined } {
  if (!fn) throw new UsageError('report needs a function name, e.g. report getOffice365ActiveUserDetail --period D30 --out active.xlsx.');
  const periodText = values.get('period');
  const dateText = values.get('date');
  if (periodText !== undefined && dateText !== undefined) throw new UsageError('Give --period or --date, not both.');
  let param: ReportParam | undefined;
  if (periodText !== undefined) {
    const period = parsePeriod(periodText);
    if (!period.ok) throw new UsageError(period.error);
    param = { period: period.value };
  } else if (dateText !== undefined) {
    const date = validateReportDate(dateText, today);
    if (!date.ok) throw new UsageError(date.error);
    param = { date: date.value };
  }
  const entry = findReport(fn);
  if (!entry) {
    const near = closestReports(fn);
    throw new CliError(
      EXIT.notFound,
      `Unknown report function "${fn}".${near.length ? ` Did you mean ${near.join(', ')}?` : ''} "m365-impressions reports" lists them all.`
    );
  }
  const checked = checkReportParam(entry, param);
  if (!checked.ok) throw new UsageError(checked.error);
  return { entry, param: checked.value };
}

/** The sheet of a report read: the catalog's columns, then any Microsoft added since (nothing is dropped). */
export function reportSheetFor(entry: IReportEntry, result: Pick<IReportResult, 'rows' | 'unknownColumns'>): ReturnType<typeof reportSheets>[number] {
  const headers = result.unknownColumns.length ? [...entry.columns.map(c => c.header), ...result.unknownColumns] : undefined;
  const [sheet] = reportSheets(entry, result.rows, headers ? { headers } : {});
  if (!sheet) throw new Error(`No sheet for ${entry.fn}.`);
  return sheet;
}

export async function reportCommand(ctx: ICommandContext): Promise<ICommandResult> {
  const { values, positionals } = ctx.args;
  const out = checkOut(values.get('out'), ctx.cwd, ['xlsx', 'csv']);
  const { entry, param } = checkReportArgs(positionals[0], values, ctx.today);
  await checkOutFolder(out.file);
  const p = ctx.progress;
  const warnings: string[] = [];
  if (entry.retired) warnings.push(`${entry.fn} is a retired workload's report (Skype for Business, retired 2021); Graph may return no rows.`);

  const conn = await ctx.connect();
  ctx.topic.current = 'reports';
  const label = param === undefined ? entry.fn : 'period' in param ? `${entry.fn}(period='${param.period}')` : `${entry.fn}(date=${param.date})`;
  p.update(`Reading ${label}`, 0);
  let result: IReportResult;
  // Through the connection's store, so the read keeps within Graph's report limits like every other.
  const unwatch = conn.reports.subscribe((_key, progress) => { if (progress && progress.rows > 0) p.update(`Reading ${label}`, progress.rows); });
  try {
    result = await conn.reports.get(entry, param);
  } catch (e) {
    // Graph's own check of the parameter (e.g. a date outside its window) is a usage error too.
    if (e instanceof GraphError && e.kind === 'badRequest' && param !== undefined) throw new UsageError(`Graph refused ${label}: ${e.message}`);
    throw e;
  } finally {
    unwatch();
  }
  p.step(`${entry.title}: ${count(result.rows.length)} rows${result.refreshDate ? `, data as of ${result.refreshDate}` : ''}`);
  if (result.concealment.concealedRows > 0) {
    warnings.push(
      `Names are concealed in this report (${count(result.concealment.concealedRows)} of ${count(result.concealment.totalRows)} rows show ` +
        `anonymised ids in ${result.concealment.columns.join(', ')}). ${SHOW_NAMES_HELP}`
    );
  }
  if (result.unknownColumns.length) warnings.push(`Columns new to the catalog, exported at the end: ${result.unknownColumns.join(', ')}.`);
  warnings.forEach(w => p.warn(w));

  const sheet = reportSheetFor(entry, result);
  const data = out.format === 'csv' ? toCsv(sheet) : await workbookBytes([sheet], (done, total) => p.update('Writing workbook', done, total));
  await writeWhole(out.file, data);
  p.step(`Wrote ${out.file} (${count(result.rows.length)} rows)`);
  return { output: out.file, rows: result.rows.length, sheets: out.format === 'csv' ? [] : [sheet.name], requests: result.requests, warnings };
}
