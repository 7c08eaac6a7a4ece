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
import { GRAPH_DEFAULT_REPORT_PAGE, PageSizer } from './pageSize';

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
  /** Set when the rows came from somewhere other than Graph (a relay copy); absent for Graph's own. */
  source?: IReportSource;
}

/** Where a read's rows came from when not from Graph itself (see ReportStore's relay). */
export interface IReportSource {
  kind: 'relay';
  /** When the copy was published (ISO 8601). */
  publishedAt: string;
  /** Who published it (a name or UPN), when the copy says. */
  publishedBy?: string;
  /** Where the copy lives, in words a person can follow (site and library). */
  where: string;
}

/** Options of one read. */
export interface IReadOptions {
  format: ReportFormat;
  signal?: AbortSignal;
  /** Beta JSON page size (`$top`), fixed; without it the `sizer` decides, and without that Graph's default (200). */
  pageSize?: number;
  /** Learns the tenant's page size (see PageSizer); used when `pageSize` is unset. */
  sizer?: PageSizer;
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

/**
 * A beta JSON read page by page, which may stop before its end and go on later from where it stopped. Its
 * rows are never a whole report until `complete` is true: a read stopped early is a partial read, kept only
 * to be continued or searched, never served as the report.
 */
export class JsonReportRead {
  public readonly rows: ReportRow[] = [];
  /** Pages read (requests answered). */
  public requests = 0;
  /** True once the last page has been read. */
  public complete = false;
  private readonly warnings = new WarningList();
  private readonly unknown = new Set<string>();
  private refreshDate: string | null = null;
  // Missing from the read: missing from every page that had rows (a page may lack what another carries).
  private missing: string[] | undefined;
  /** The next page's link; undefined before the first page. */
  private next: string | undefined;
  /** The size the read asked for (its links carry it on). */
  private size: number | undefined;

  public constructor(private readonly entry: IReportEntry, private readonly param: ReportParam | undefined) {}

  /** Whether any page has been read. */
  public get started(): boolean {
    return this.requests > 0;
  }

  /**
   * Read pages until the end, or until `until` finds a row (the page it is on is read whole). Resolves to
   * whether the read is now complete. Safe to call again after it stopped or failed: it goes on from the
   * last page it read, never from the start.
   */
  public async continue(gateway: GraphGateway, options: IReadOptions & { until?: (row: ReportRow) => boolean; prefetch?: boolean }): Promise<boolean> {
    if (this.complete) return true;
    const fixed = options.pageSize;
    let size = this.size ?? fixed ?? options.sizer?.ask ?? GRAPH_DEFAULT_REPORT_PAGE;
    let stepped = false;
    for (;;) {
      const url = this.next ?? `/${reportPath(this.entry, this.param)}?$format=application/json${PageSizer.topOption(size)}`;
      try {
        for await (const page of gateway.linkedPages<unknown>(url, { version: 'beta', signal: options.signal }, options.gate, options.prefetch ?? true)) {
          const before = this.rows.length;
          this.add(page.value);
          this.size = size;
          if (stepped) { options.sizer?.answeredAt(size); stepped = false; }
          if (fixed === undefined) options.sizer?.page(size, page.value.length, page.next !== undefined);
          this.next = page.next;
          if (page.next === undefined) this.complete = true;
          options.onProgress?.(this.rows.length);
          if (!this.complete && options.until && this.rows.slice(before).some(options.until)) return false;
        }
        this.complete = true;
        return true;
      } catch (e) {
        // A first page refused with 400 at a size above Graph's default: ask again a rung lower.
        const smaller = !this.started && fixed === undefined && e instanceof GraphError && e.status === 400 ? options.sizer?.refusedAt(size) : undefined;
        if (smaller === undefined) throw e;
        size = smaller;
        stepped = true;
      }
    }
  }

  private add(values: unknown[]): void {
    this.requests++;
    const part = rowsFromJsonValues(values, this.entry);
    // A read gone on from later (a row looked up, then the whole report asked) may meet Graph's daily refresh:
    // two days' rows are never one report.
    if (part.refreshDate && this.refreshDate && part.refreshDate !== this.refreshDate) {
      throw new Error(`Microsoft Graph refreshed ${this.entry.fn} (${this.refreshDate} to ${part.refreshDate}) while it was being read; read it again.`);
    }
    for (const r of part.rows) this.rows.push(r);
    for (const w of part.warnings) this.warnings.add(w);
    part.unknownColumns.forEach(c => this.unknown.add(c));
    this.refreshDate ??= part.refreshDate;
    if (part.rows.length > 0) {
      const lacks = new Set(part.missingColumns ?? []);
      this.missing = (this.missing ?? part.missingColumns ?? []).filter(h => lacks.has(h));
    }
  }

  /** The read so far as a result (a copy of the row list): whole only when `complete`. */
  public result(): IReportResult {
    const parsed: IParsedReport = { rows: [...this.rows], refreshDate: this.refreshDate, warnings: this.warnings.toArray(), unknownColumns: [...this.unknown], ...(this.missing?.length ? { missingColumns: this.missing } : {}) };
    return { fn: this.entry.fn, param: this.param, format: 'json', ...parsed, concealment: detectConcealedNames(parsed.rows, this.entry), requests: this.requests };
  }
}

/** Read one report function with one parameter, in the given format. */
export async function readReport(gateway: GraphGateway, entry: IReportEntry, param: ReportParam | undefined, options: IReadOptions): Promise<IReportResult> {
  if (options.format === 'json') {
    const read = new JsonReportRead(entry, param);
    await read.continue(gateway, options);
    return read.result();
  }
  const path = '/' + reportPath(entry, param);
  let requests = 0;
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
  const parsed = parseReportCsv(text, entry);
  options.onProgress?.(parsed.rows.length);
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
