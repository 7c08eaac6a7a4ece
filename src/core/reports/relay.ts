/**
 * The report relay: copies of whole report reads, kept as files in the tenant's own SharePoint (a document
 * library in the site that hosts the web part), so a browser can open a 50,000-row report with one
 * same-origin request instead of hundreds of Graph pages under Graph's 100-requests-in-10-minutes limit.
 * The CLI (one CSV request per report) and any session that read a report whole publish copies; a session
 * reads the newest copy first and falls back to Graph when it is missing, older than Graph's own refresh
 * date, unreadable or malformed. Who may see a copy: only someone Graph still lets read the report (the
 * store asks Graph for one row before it shows a copy), and only someone the library lets in.
 */
import type { IReportResult, IReportSource, ReportFormat } from './reader';
import type { ReportParam } from './params';
import type { IReportEntry, ReportCell, ReportRow } from './types';
import type { IConcealment } from './concealed';
import { detectConcealedNames } from './concealed';

/** Somewhere named text files live: a SharePoint library in the web part and the CLI, memory in tests. */
export interface IFileStore {
  /** Where the files live, in words a person can follow (e.g. "library 'M365 Impressions relay' in https://…/sites/it"). */
  readonly where: string;
  /** A file's bytes; undefined when there is no such file (or no library yet). Throws RelayAccessError when refused. */
  read(name: string, signal?: AbortSignal): Promise<Uint8Array | undefined>;
  /** Write (replace) a file, creating the library on first use when the store may. */
  write(name: string, bytes: Uint8Array): Promise<void>;
}

/** The store refused us (401/403) or failed (5xx, network): not a missing copy, and said as such. */
export class RelayAccessError extends Error {
  public constructor(public readonly status: number, message: string) {
    super(message);
    this.name = 'RelayAccessError';
  }
}

/**
 * How a screen says rows came from the relay: "relay copy published 2026-11-20 by admin@contoso.com" (the
 * day in UTC, as report dates are). `relaySourceTitle` gives where it lives, for a tooltip.
 */
export function relaySourceText(source: IReportSource): string {
  return `relay copy published ${source.publishedAt.slice(0, 10)}${source.publishedBy ? ` by ${source.publishedBy}` : ''}`;
}

/** Where a relay copy lives and what that means, in a sentence. */
export function relaySourceTitle(source: IReportSource): string {
  return `Read from a copy kept in ${source.where}, as fresh as Microsoft Graph's own report; Graph was asked first whether you may read it.`;
}

/** The title of the library the relay keeps its copies in. */
export const RELAY_LIBRARY_TITLE = 'M365 Impressions relay';

/** The description the library is created with (what it holds and who should have access). */
export const RELAY_LIBRARY_DESCRIPTION = 'Copies of Microsoft 365 usage reports, published by M365 Impressions so report readers open them in one request. Only people who may read usage reports should have access.';

/** What the relay did for one report read. */
export type RelayOutcome =
  /** The copy was as fresh as Graph's report and was shown. */
  | 'used'
  /** No copy (or no library). */
  | 'missing'
  /** The copy's report date was older than Graph's. */
  | 'stale'
  /** The library refused this person (they read Graph as before). */
  | 'forbidden'
  /** The copy could not be read as a report (it was ignored). */
  | 'malformed'
  /** The library could not be reached. */
  | 'unreachable';

/** One relay event, for the screen that says where rows came from and for tests. */
export interface IRelayEvent {
  key: string;
  outcome: RelayOutcome;
  /** Why, in words (the copy's date against Graph's, the store's refusal...). */
  detail?: string;
}

/** What the relay did when publishing one read. */
export interface IRelayPublish {
  key: string;
  ok: boolean;
  detail?: string;
}

/** How a ReportStore uses a relay. */
export interface IReportRelayOptions {
  files: IFileStore;
  /** Read copies before Graph (default true). */
  read?: boolean;
  /** Publish every whole read this store makes from Graph (default true). */
  publish?: boolean;
  /** Who publishes (a UPN or name), written into the copy. */
  publishedBy?: string;
}

const KIND = 'm365-impressions/report-relay';
const VERSION = 1;

/** The file name of a read's copy: `getMailboxUsageDetail-D30.json.gz`, `getX-2026-11-15.json.gz`, `getY.json.gz`. */
export function relayFileName(fn: string, param: ReportParam | undefined): string {
  const suffix = param === undefined ? '' : 'period' in param ? `-${param.period}` : `-${param.date}`;
  return `${fn}${suffix}.json.gz`;
}

/** Whether bytes start as gzip does (1f 8b). */
function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The most JSON a copy may unpack to (a 50,000-user report is about 8 MB): a file that inflates past it is not read. */
export const RELAY_MAX_JSON_BYTES = 256 * 1024 * 1024;

async function streamed(bytes: Uint8Array, transform: { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> }, limit = Infinity): Promise<Uint8Array> {
  // A copy, so the stream owns a plain ArrayBuffer whatever `bytes` views.
  const reader = new Blob([bytes.slice()]).stream().pipeThrough(transform).getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > limit) {
      await reader.cancel();
      throw new RelayCopyError(`it unpacks to more than ${Math.round(limit / 1048576)} MB`);
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

/**
 * A whole read as a relay file: its JSON, gzip-compressed where the platform compresses (every browser SPFx
 * supports, and Node): a 50,000-row report is about 8 MB of JSON and a fraction of that compressed, which is
 * what opening it costs on a real network. Without CompressionStream the JSON is written as it is; a reader
 * tells the two apart by gzip's first bytes.
 */
export async function packRelayCopy(result: IReportResult, publishedAt: Date, publishedBy?: string): Promise<Uint8Array> {
  const json = new TextEncoder().encode(encodeRelayCopy(result, publishedAt, publishedBy));
  return typeof CompressionStream === 'undefined' ? json : streamed(json, new CompressionStream('gzip'));
}

/** A relay file read back as the read of `entry` with `param`; throws RelayCopyError saying what is wrong (see decodeRelayCopy). */
export async function unpackRelayCopy(bytes: Uint8Array, entry: IReportEntry, param: ReportParam | undefined, where: string, maxJsonBytes = RELAY_MAX_JSON_BYTES): Promise<IReportResult> {
  let json = bytes;
  if (isGzip(bytes)) {
    if (typeof DecompressionStream === 'undefined') throw new RelayCopyError('it is compressed and this browser cannot decompress it');
    try {
      json = await streamed(bytes, new DecompressionStream('gzip'), maxJsonBytes);
    } catch (e) {
      throw e instanceof RelayCopyError ? e : new RelayCopyError('its compression is damaged');
    }
  }
  return decodeRelayCopy(new TextDecoder().decode(json), entry, param, where);
}

/** The copy as written: columns once, rows as arrays (a 50,000-row report is about half the size of objects). */
interface IRelayFile {
  kind: string;
  version: number;
  fn: string;
  param: ReportParam | null;
  format: ReportFormat;
  refreshDate: string | null;
  publishedAt: string;
  publishedBy?: string;
  concealment: IConcealment;
  warnings: string[];
  unknownColumns: string[];
  missingColumns?: string[];
  columns: string[];
  rows: ReportCell[][];
}

/** A whole read as a relay file's text. */
export function encodeRelayCopy(result: IReportResult, publishedAt: Date, publishedBy?: string): string {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const row of result.rows) for (const k of Object.keys(row)) if (!seen.has(k)) { seen.add(k); columns.push(k); }
  const file: IRelayFile = {
    kind: KIND, version: VERSION, fn: result.fn, param: result.param ?? null, format: result.format,
    refreshDate: result.refreshDate, publishedAt: publishedAt.toISOString(), ...(publishedBy ? { publishedBy } : {}),
    concealment: result.concealment, warnings: result.warnings, unknownColumns: result.unknownColumns,
    ...(result.missingColumns?.length ? { missingColumns: result.missingColumns } : {}),
    columns, rows: result.rows.map(row => columns.map(c => row[c] ?? null))
  };
  return JSON.stringify(file);
}

/** A relay file that is not a copy of the read asked for. */
export class RelayCopyError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'RelayCopyError';
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every(x => typeof x === 'string');
}

function isCell(v: unknown): v is ReportCell {
  return v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v)) || isStringArray(v);
}

function sameParam(a: unknown, b: ReportParam | undefined): boolean {
  if (b === undefined) return a === null || a === undefined;
  if (!isRecord(a)) return false;
  return 'period' in b ? a.period === b.period && !('date' in a) : a.date === b.date && !('period' in a);
}


/**
 * Read a relay file as the read of `entry` with `param`. Throws RelayCopyError saying what is wrong when the
 * text is not such a copy (another report, another period, rows that are not rows): a copy is used whole or
 * not at all.
 */
export function decodeRelayCopy(text: string, entry: IReportEntry, param: ReportParam | undefined, where: string): IReportResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new RelayCopyError('it is not JSON');
  }
  if (!isRecord(raw) || raw.kind !== KIND) throw new RelayCopyError('it is not a report relay copy');
  if (raw.version !== VERSION) throw new RelayCopyError(`it is version ${String(raw.version)} of the format; this build reads version ${VERSION}`);
  if (raw.fn !== entry.fn || !sameParam(raw.param, param)) throw new RelayCopyError('it holds another report or period');
  if (raw.format !== 'json' && raw.format !== 'csv') throw new RelayCopyError('its format is unknown');
  if (raw.refreshDate !== null && !(typeof raw.refreshDate === 'string' && DATE.test(raw.refreshDate))) throw new RelayCopyError('its report date is not a date');
  if (typeof raw.publishedAt !== 'string' || Number.isNaN(Date.parse(raw.publishedAt))) throw new RelayCopyError('its publication time is not a time');
  if (!isStringArray(raw.columns) || !Array.isArray(raw.rows)) throw new RelayCopyError('it has no columns or rows');
  if (!isStringArray(raw.warnings) || !isStringArray(raw.unknownColumns)) throw new RelayCopyError('its warnings are not a list');
  if (raw.missingColumns !== undefined && !isStringArray(raw.missingColumns)) throw new RelayCopyError('its missing columns are not a list');
  const columns = raw.columns;
  const rows: ReportRow[] = [];
  for (const [i, cells] of (raw.rows as unknown[]).entries()) {
    if (!Array.isArray(cells) || cells.length !== columns.length || !cells.every(isCell)) throw new RelayCopyError(`row ${i + 1} does not match its columns`);
    const row: ReportRow = {};
    columns.forEach((c, k) => { row[c] = cells[k] as ReportCell; });
    rows.push(row);
  }
  const source = { kind: 'relay' as const, publishedAt: raw.publishedAt, ...(typeof raw.publishedBy === 'string' && raw.publishedBy ? { publishedBy: raw.publishedBy } : {}), where };
  return {
    fn: entry.fn, param, format: raw.format, rows, refreshDate: raw.refreshDate, warnings: raw.warnings, unknownColumns: raw.unknownColumns,
    ...(raw.missingColumns?.length ? { missingColumns: raw.missingColumns } : {}),
    // Worked out from the rows, never taken from the file's word for it.
    concealment: detectConcealedNames(rows, entry), requests: 0, source
  };
}

/**
 * Why a copy may not stand for Graph's report, or undefined when it may: its report date must not be older
 * than Graph's (YYYY-MM-DD compares as text), and names must be concealed in both or neither (the tenant's
 * setting may have changed since the copy was published). `graph` is Graph's first page (one row).
 */
export function staleCopy(copy: IReportResult, graph: IReportResult): string | undefined {
  const graphDate = graph.refreshDate;
  if (graphDate === null) return "Graph's report carries no report date to compare the copy's with";
  if (copy.refreshDate === null || copy.refreshDate < graphDate) return `the copy's report date (${copy.refreshDate ?? 'none'}) is older than Graph's (${graphDate})`;
  // A day later than Graph's may be Graph's own refresh seen first by the publisher; more is no report Graph gave.
  if (Date.parse(`${copy.refreshDate}T00:00:00Z`) - Date.parse(`${graphDate}T00:00:00Z`) > 86_400_000) return `the copy's report date (${copy.refreshDate}) is later than Graph's (${graphDate}) by more than a day`;
  if (graph.rows.length > 0 && (graph.concealment.concealedRows > 0) !== (copy.concealment.concealedRows > 0)) {
    return graph.concealment.concealedRows > 0 ? 'names are concealed in Graph\'s report now but not in the copy' : 'names are shown in Graph\'s report now but concealed in the copy';
  }
  return undefined;
}
