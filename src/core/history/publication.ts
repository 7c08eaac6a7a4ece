/**
 * The usage dashboard published for visitors (issue 17): the overview's tenant-level figures, kept in the shared
 * store so a person Graph refuses usage reports (no report role) still sees the page's dashboard. What it may hold
 * is narrow on purpose: for each tile, per report, dated values of the measures the tile charts and the report's
 * refresh date. Nothing else of a report row is copied (no name, UPN, id, site URL or other text), only tenant-wide
 * trend reports are accepted, and reading one back checks the same, so a damaged or hand-made item cannot put
 * more on the screen than a publication from this code would.
 */
import { findReport } from '../reports';
import type { IReportEntry, ReportPeriod, ReportRow } from '../reports';
import type { IPublication } from './types';

const DAY_MS = 86_400_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The most days a published series spans: Graph keeps 180; more is not a report Graph gave. */
export const MAX_PUBLISHED_DAYS = 200;

/** A publication older than this many days is said to be stale. */
export const STALE_AFTER_DAYS = 7;

/** The period a publication is read for: the longest, so a visitor may pick any shorter one (days are the same figures). */
export const PUBLICATION_PERIOD: ReportPeriod = 'D180';

/** Days of each report period, for slicing a published series to the period a visitor picks. */
const PERIOD_DAYS: Record<ReportPeriod, number> = { D7: 7, D30: 30, D90: 90, D180: 180 };

/** A tile as the publication needs it: its key and title, and the measures it charts of each report it reads. */
export interface IPublishedTileSpec {
  key: string;
  title: string;
  /** Each report function, and its measures (CSV headers) the tile charts; the catalog's chart series when omitted. */
  sources: ReadonlyArray<{ fn: string; series?: readonly string[] }>;
}

/** One report read whole, as a reader gave it. */
export interface IPublicationRead {
  rows: readonly ReportRow[];
  refreshDate: string | null;
}

/** One report's figures in a publication: one value per day from `from` (oldest) on, null for a day the report lacked. */
export interface IPublishedSource {
  fn: string;
  refreshDate: string | null;
  /** YYYY-MM-DD of the first value of every series. */
  from: string;
  /** Measure (the report's CSV header) -> daily values. */
  series: Record<string, Array<number | null>>;
}

/** One tile's figures in a publication. */
export interface IPublishedTile {
  title: string;
  sources: IPublishedSource[];
}

/** What building a publication came to: the publication, and the tiles left out with why. */
export interface IBuiltPublication {
  publication: IPublication;
  /** Tile keys published, in the order given. */
  published: string[];
  left: Array<{ key: string; title: string; why: string }>;
}

/** A report a publication may carry figures of: a tenant-wide trend (one row per day, counts only). */
function publishable(fn: string): IReportEntry | undefined {
  const entry = findReport(fn);
  return entry && entry.fn === fn && entry.kind === 'trend' && entry.subject === 'tenant' ? entry : undefined;
}

/** The measures of `entry` a tile may publish: numeric columns of the catalog, never the period or any text. */
function measuresOf(entry: IReportEntry, wanted: readonly string[] | undefined): string[] {
  const numeric = new Set(entry.columns.filter(c => c.type === 'number' && c.header !== 'Report Period').map(c => c.header));
  return (wanted ?? entry.chart.series).filter(h => numeric.has(h));
}

const dayOf = (date: string): number => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOf = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10);

/** One report's rows as daily series of the given measures; rows of one day add up (a report with one row per site type). */
export function seriesOf(fn: string, measures: readonly string[], read: IPublicationRead): IPublishedSource | undefined {
  const byDay = new Map<number, Record<string, number>>();
  for (const row of read.rows) {
    const date = row['Report Date'];
    if (typeof date !== 'string' || !DATE.test(date) || Number.isNaN(dayOf(date))) continue;
    const values = byDay.get(dayOf(date)) ?? {};
    for (const m of measures) {
      const v = row[m];
      if (typeof v === 'number' && Number.isFinite(v)) values[m] = (values[m] ?? 0) + v;
    }
    byDay.set(dayOf(date), values);
  }
  if (!byDay.size) return undefined;
  const last = Math.max(...byDay.keys());
  const first = Math.max(Math.min(...byDay.keys()), last - MAX_PUBLISHED_DAYS + 1);
  const series: Record<string, Array<number | null>> = {};
  for (const m of measures) {
    series[m] = Array.from({ length: last - first + 1 }, (_, i) => byDay.get(first + i)?.[m] ?? null);
  }
  const refreshDate = read.refreshDate && DATE.test(read.refreshDate) ? read.refreshDate : null;
  return { fn, refreshDate, from: dateOf(first), series };
}

/**
 * A publication of the tiles whose reports were all read (`reads` by report function); a tile with a report not
 * read, not a tenant-wide trend, or without a dated row is left out and said. Only dated numbers are copied.
 */
export function buildPublication(
  specs: readonly IPublishedTileSpec[],
  reads: (fn: string) => IPublicationRead | undefined,
  publishedAt: Date,
  publishedBy: string
): IBuiltPublication {
  const tiles: Record<string, IPublishedTile> = {};
  const reportDates: Record<string, string> = {};
  const published: string[] = [];
  const left: IBuiltPublication['left'] = [];
  for (const spec of specs) {
    const sources: IPublishedSource[] = [];
    let why: string | undefined;
    for (const s of spec.sources) {
      const entry = publishable(s.fn);
      const read = reads(s.fn);
      if (!entry) why = `${s.fn} is not a tenant-wide trend report`;
      else if (!read) why = `${entry.title} was not read`;
      const source = entry && read && seriesOf(entry.fn, measuresOf(entry, s.series), read);
      if (!why && !source) why = `${entry?.title ?? s.fn} has no dated figures`;
      if (why || !source) break;
      sources.push(source);
    }
    if (why) {
      left.push({ key: spec.key, title: spec.title, why });
      continue;
    }
    tiles[spec.key] = { title: spec.title, sources };
    for (const s of sources) if (s.refreshDate) reportDates[s.fn] = s.refreshDate;
    published.push(spec.key);
  }
  return { publication: { publishedAt: publishedAt.toISOString(), publishedBy: publishedBy.trim(), tiles, reportDates }, published, left };
}

/** A publication as read back: none, damaged (treated as none, and said), or its tiles checked one by one. */
export type PublicationState =
  | { status: 'none' }
  | { status: 'damaged'; detail: string }
  | {
      status: 'ok';
      publication: IPublication;
      tiles: Record<string, IPublishedTile>;
      /** Tiles that could not be read back (left out of the screen), with why. */
      skipped: Array<{ key: string; why: string }>;
    };

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** One published source read back, or why not: a known tenant-wide trend, a date, series of the catalog's measures. */
function parseSource(raw: unknown): IPublishedSource | string {
  if (!isRecord(raw) || typeof raw.fn !== 'string') return 'a report without a name';
  const entry = publishable(raw.fn);
  // Words about a damaged item never repeat its text (it may be anything, a person's name included).
  if (!entry) return `${findReport(raw.fn)?.title ?? 'a report this version does not know'} is not a tenant-wide trend report`;
  if (typeof raw.from !== 'string' || !DATE.test(raw.from) || Number.isNaN(dayOf(raw.from))) return `${entry.title} has no first day`;
  const refreshDate = typeof raw.refreshDate === 'string' && DATE.test(raw.refreshDate) ? raw.refreshDate : null;
  if (!isRecord(raw.series)) return `${entry.title} has no figures`;
  const allowed = new Set(measuresOf(entry, entry.columns.map(c => c.header)));
  const series: Record<string, Array<number | null>> = {};
  for (const [name, values] of Object.entries(raw.series)) {
    if (!allowed.has(name)) return `${entry.title} holds a figure that is not one of its measures`;
    if (!Array.isArray(values) || values.length > MAX_PUBLISHED_DAYS || !values.every(v => v === null || (typeof v === 'number' && Number.isFinite(v)))) {
      return `${entry.title}'s ${name} is not a list of daily figures`;
    }
    series[name] = values as Array<number | null>;
  }
  return { fn: entry.fn, refreshDate, from: raw.from, series };
}

/** One published tile read back, or why not. */
function parseTile(raw: unknown): IPublishedTile | string {
  if (!isRecord(raw) || typeof raw.title !== 'string' || !Array.isArray(raw.sources) || raw.sources.length === 0) return 'it is not a tile';
  const sources: IPublishedSource[] = [];
  for (const s of raw.sources) {
    const source = parseSource(s);
    if (typeof source === 'string') return source;
    sources.push(source);
  }
  return { title: raw.title.slice(0, 200), sources };
}

/**
 * A publication as the store gave it (anything), checked: not an object, no time, no publisher or no tiles is
 * 'damaged' (treated as none, and said); a tile that does not read back is left out and named in `skipped`.
 */
export function parsePublication(raw: unknown): PublicationState {
  if (raw === null || raw === undefined) return { status: 'none' };
  if (!isRecord(raw)) return { status: 'damaged', detail: 'it is not a publication' };
  if (typeof raw.publishedAt !== 'string' || Number.isNaN(Date.parse(raw.publishedAt))) return { status: 'damaged', detail: 'its publication time is not a time' };
  if (typeof raw.publishedBy !== 'string' || !raw.publishedBy.trim()) return { status: 'damaged', detail: 'it does not say who published it' };
  if (!isRecord(raw.tiles)) return { status: 'damaged', detail: 'it holds no tiles' };
  const reportDates: Record<string, string> = {};
  if (isRecord(raw.reportDates)) {
    for (const [fn, d] of Object.entries(raw.reportDates)) if (publishable(fn) && typeof d === 'string' && DATE.test(d)) reportDates[fn] = d;
  }
  const tiles: Record<string, IPublishedTile> = {};
  const skipped: Array<{ key: string; why: string }> = [];
  for (const [key, value] of Object.entries(raw.tiles)) {
    const tile = parseTile(value);
    if (typeof tile === 'string') skipped.push({ key: key.slice(0, 60), why: tile });
    else tiles[key] = tile;
  }
  if (Object.keys(tiles).length === 0 && skipped.length > 0) return { status: 'damaged', detail: `none of its tiles could be read (${skipped[0]?.why ?? ''})` };
  const publication: IPublication = { publishedAt: new Date(raw.publishedAt).toISOString(), publishedBy: raw.publishedBy.trim().slice(0, 256), tiles, reportDates };
  return { status: 'ok', publication, tiles, skipped };
}

/**
 * A published source's rows for a period, as a reader would give them (newest first): the last `period`'s days up to
 * its newest day, each with its Report Date, the source's refresh date and its figures (a day without any left out).
 */
export function publishedRows(source: IPublishedSource, period: ReportPeriod): ReportRow[] {
  const first = dayOf(source.from);
  const length = Math.max(0, ...Object.values(source.series).map(v => v.length));
  const rows: ReportRow[] = [];
  for (let i = length - 1; i >= 0 && i >= length - PERIOD_DAYS[period]; i--) {
    const row: ReportRow = { 'Report Refresh Date': source.refreshDate, 'Report Date': dateOf(first + i) };
    let any = false;
    for (const [name, values] of Object.entries(source.series)) {
      const v = values[i];
      if (typeof v === 'number') { row[name] = v; any = true; }
    }
    if (any) rows.push(row);
  }
  return rows;
}

/** The report dates a publication's figures rest on: one date, or the oldest and newest ("2026-11-15 to 2026-11-19"); null when none. */
export function publicationAsOf(publication: IPublication): string | null {
  const dates = Object.values(publication.reportDates).sort();
  const first = dates[0];
  const last = dates[dates.length - 1];
  if (!first || !last) return null;
  return first === last ? first : `${first} to ${last}`;
}

/**
 * Why a publication is stale, in words (none: fresh): published more than STALE_AFTER_DAYS before `now`, or a report
 * date older than the one Graph gives now (`live`, by report function, where the viewer could read it).
 */
export function publicationStaleness(publication: IPublication, now: Date, live: Readonly<Record<string, string | null | undefined>> = {}): string[] {
  const reasons: string[] = [];
  const age = Math.floor((now.getTime() - Date.parse(publication.publishedAt)) / DAY_MS);
  if (age > STALE_AFTER_DAYS) reasons.push(`it was published ${age} days ago (more than ${STALE_AFTER_DAYS})`);
  const older = Object.entries(publication.reportDates)
    .filter(([fn, d]) => { const l = live[fn]; return typeof l === 'string' && l > d; })
    .map(([fn, d]) => `${findReport(fn)?.title ?? fn} is as of ${d}, Graph's report as of ${live[fn] ?? ''}`);
  if (older.length) reasons.push(`its figures are older than the reports now: ${older.join('; ')}`);
  return reasons;
}
