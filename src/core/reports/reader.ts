import type { GraphGateway } from '../graph/GraphGateway';
import { ensureOk } from '../graph/GraphGateway';
import { GraphError } from '../graph/GraphError';
import { WarningList } from './cells';
import { parseReportCsv } from './csv';
import { rowsFromJsonValues } from './json';
import { reportPath } from './params';
import type { ReportParam } from './params';
import { detectConcealedNames } from './concealed';
import type { IConcealment } from './concealed';
import type { IParsedReport, IReportEntry, ReportRow } from './types';

/**
 * How reports are read. Browsers: beta `?$format=application/json` (v1.0's CSV download has no CORS).
 * Node: v1.0 CSV, following the 302 ourselves so the token never goes to the download host.
 */
export type ReportFormat = 'json' | 'csv';

/**
 * What a sheet or a card says in place of a figure whose column the read did not carry at all (see
 * IReportResult.missingColumns): Graph's beta JSON, which browsers read, lacks some of the CSV's columns.
 */
export function notInReport(format: ReportFormat): string {
  return format === 'json' ? "Not in Graph's JSON report" : "Not in Graph's CSV report";
}

/** One report read: typed rows plus what a screen needs to say about them. */
export interface IReportResult {
  fn: string;
  param: ReportParam | undefined;
  format: ReportFormat;
  rows: ReportRow[];
  refreshDate: string | null;
  warnings: string[];
  unknownColumns: string[];
  /** Catalog columns the read did not carry at all (see IParsedReport); absent when none, and in reads kept before it existed. */
  missingColumns?: string[];
  concealment: IConcealment;
  /** Round trips it took (pages, or the 302 + download). */
  requests: number;
}

/** Options of one read. */
export interface IReadOptions {
  format: ReportFormat;
  signal?: AbortSignal;
  /** Beta JSON page size (`$top`); Graph's default is 200. */
  pageSize?: number;
  /**
   * Awaited before every request that counts against Graph's report limits (each JSON page; the CSV
   * request, not its download); the function it gives is called when that request's answer arrived.
   * The ReportStore passes its ReportLimiter here.
   */
  gate?: () => Promise<() => void>;
  /** Called after each page with the rows so far. */
  onProgress?: (rows: number) => void;
  /** Download a pre-authenticated URL without our token (CSV). Defaults to global fetch. */
  download?: (url: string, signal?: AbortSignal) => Promise<string>;
}

/** Read one report function with one parameter, in the given format. */
export async function readReport(gateway: GraphGateway, entry: IReportEntry, param: ReportParam | undefined, options: IReadOptions): Promise<IReportResult> {
  const path = '/' + reportPath(entry, param);
  let parsed: IParsedReport;
  let requests = 0;
  if (options.format === 'json') {
    const rows: ReportRow[] = [];
    // One list for the whole read: a page's warning that every page repeats is said once, within the cap.
    const warnings = new WarningList();
    const unknown = new Set<string>();
    let refreshDate: string | null = null;
    // Missing from the read: missing from every page that had rows (a page may lack what another carries).
    let missing: string[] | undefined;
    const top = options.pageSize ? `&$top=${options.pageSize}` : '';
    for await (const page of gateway.pages<unknown>(`${path}?$format=application/json${top}`, { version: 'beta', signal: options.signal }, options.gate)) {
      requests++;
      const part = rowsFromJsonValues(page, entry);
      for (const r of part.rows) rows.push(r);
      for (const w of part.warnings) warnings.add(w);
      part.unknownColumns.forEach(c => unknown.add(c));
      refreshDate ??= part.refreshDate;
      if (part.rows.length > 0) {
        const lacks = new Set(part.missingColumns ?? []);
        missing = (missing ?? part.missingColumns ?? []).filter(h => lacks.has(h));
      }
      options.onProgress?.(rows.length);
    }
    parsed = { rows, refreshDate, warnings: warnings.toArray(), unknownColumns: [...unknown], ...(missing?.length ? { missingColumns: missing } : {}) };
  } else {
    const settle = await options.gate?.();
    const res = await gateway.send('GET', path, undefined, { version: 'v1.0', redirect: 'manual', signal: options.signal }).finally(() => settle?.());
    requests++;
    let text: string;
    if (res.status === 302 || res.status === 301 || res.status === 307) {
      const location = res.headers.location;
      if (!location) throw new GraphError(res.status, 'MissingLocation', 'Microsoft Graph redirected the report download without a location.');
      text = await (options.download ?? plainDownload)(location, options.signal);
      requests++;
    } else {
      const body = ensureOk(res);
      text = typeof body === 'string' ? body : '';
    }
    parsed = parseReportCsv(text, entry);
    options.onProgress?.(parsed.rows.length);
  }
  return { fn: entry.fn, param, format: options.format, ...parsed, concealment: detectConcealedNames(parsed.rows, entry), requests };
}

/** Fetch a pre-authenticated download URL with no Authorization header. */
async function plainDownload(url: string, signal?: AbortSignal): Promise<string> {
  let res: Response;
  try {
    res = await fetch(url, { signal });
  } catch (e) {
    throw new GraphError(0, 'DownloadFailed', `The report download could not be fetched (${e instanceof Error ? e.message : String(e)}).`);
  }
  const text = await res.text();
  if (!res.ok) throw new GraphError(res.status, 'DownloadFailed', `The report download answered ${res.status}.`);
  return text;
}

/** A stable key for one read: function plus parameter. */
export function reportKey(fn: string, param: ReportParam | undefined): string {
  return param === undefined ? fn : 'period' in param ? `${fn}(period=${param.period})` : `${fn}(date=${param.date})`;
}
