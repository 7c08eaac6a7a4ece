/** A tile's reads -> its chart, headline figure and export rows. Pure: the Tile component and the dashboard export share it. */
import { findReport } from '../../../core/reports';
import type { IConcealment, IReportEntry, ReportReadState, ReportRow } from '../../../core/reports';
import { explainError } from '../../../core/graph';
import { CATEGORY_KEY, VALUE_KEY, distributionModel, toNumber, trendModel } from './chartModel';
import type { IChartModel } from './chartModel';
import { formatValue, seriesLabel } from './format';
import { tileEntry } from './exports';
import { mergeTileRows, mergedTileShape } from './tiles';
import type { IOverviewTile } from './tiles';

/** One source of a tile, read. */
export interface ITilePart {
  entry: IReportEntry;
  rows: ReadonlyArray<ReportRow>;
}

/** What a tile shows. */
export interface ITileView {
  model: IChartModel;
  /** The big figure and its words, when the tile names one and the data has it. */
  headline?: { value: string; label: string; date?: string };
}

/** The catalog entry of every source of a tile (a tile naming an unknown function is a programming error). */
export function tileEntries(tile: IOverviewTile): IReportEntry[] {
  return tile.sources.map(s => {
    const entry = findReport(s.fn);
    if (!entry) throw new Error(`Overview tile ${tile.key} names an unknown report ${s.fn}.`);
    return entry;
  });
}

/** The newest row by Report Date (rows come newest-first from Graph, but do not rely on it). */
export function latestRow(rows: ReadonlyArray<ReportRow>): ReportRow | undefined {
  let best: ReportRow | undefined;
  for (const r of rows) {
    const d = r['Report Date'];
    const b = best?.['Report Date'];
    if (!best || (typeof d === 'string' && (typeof b !== 'string' || d > b))) best = r;
  }
  return best;
}

/** Rows and typing of a tile for export: one report's rows, or merged reports under the tile's names. */
export function tileRows(tile: IOverviewTile, parts: ReadonlyArray<ITilePart>): { entry: IReportEntry; rows: ReportRow[] } {
  const first = parts[0];
  if (tile.sources.length === 1 && first) return { entry: first.entry, rows: [...first.rows] };
  const unitOf = (fn: string, header: string): IReportEntry['columns'][number]['unit'] =>
    parts.find(p => p.entry.fn === fn)?.entry.columns.find(c => c.header === header)?.unit ?? findReport(fn)?.columns.find(c => c.header === header)?.unit;
  const shape = mergedTileShape(tile, unitOf);
  const rows = mergeTileRows(parts.map(p => ({ rows: p.rows, rename: tile.sources.find(s => s.fn === p.entry.fn)?.rename ?? {} })));
  rows.sort((a, b) => String(b['Report Date']).localeCompare(String(a['Report Date'])));
  return { entry: tileEntry(tile.key, tile.title, shape.columns), rows };
}

/** The chart and headline of a tile from the parts that loaded. */
export function tileView(tile: IOverviewTile, parts: ReadonlyArray<ITilePart>): ITileView {
  const first = parts[0];
  let model: IChartModel;
  if (tile.sources.length === 1 && first) {
    const source = tile.sources[0];
    const series = source?.series ?? first.entry.chart.series;
    if (tile.show.latest) {
      const row = latestRow(first.rows);
      model = distributionModel(first.entry.columns, { type: 'bar', series }, row ? [row] : [], { valueLabel: 'Mailboxes' });
      // The newest day is the point of a "latest" tile: name it on the axis.
      if (typeof row?.['Report Date'] === 'string') model.x.label = `State on ${row['Report Date']}`;
    } else {
      model = trendModel(first.entry.columns, { ...first.entry.chart, series }, first.rows, { type: tile.show.chart });
    }
  } else {
    const merged = tileRows(tile, parts);
    model = trendModel(merged.entry.columns, { type: tile.show.chart, x: 'Report Date', series: merged.entry.columns.slice(1).map(c => c.header) }, merged.rows, { type: tile.show.chart });
  }
  return { model, headline: headlineOf(tile, model) };
}

function headlineOf(tile: IOverviewTile, model: IChartModel): ITileView['headline'] {
  const h = tile.headline;
  if (!h) return undefined;
  if (model.x.key === CATEGORY_KEY) {
    const d = model.data.find(x => x[CATEGORY_KEY] === seriesLabel(h.series));
    const v = toNumber(d?.[VALUE_KEY]);
    return v === null ? undefined : { value: formatValue(v, model.unit), label: h.label };
  }
  const s = model.series.find(x => x.key === h.series || x.label === h.series || x.label === seriesLabel(h.series));
  if (!s) return undefined;
  for (let i = model.data.length - 1; i >= 0; i--) {
    const d = model.data[i];
    const v = toNumber(d?.[s.key]);
    if (v !== null) return { value: formatValue(v, s.unit), label: h.label, date: String(d?.[model.x.key] ?? '') };
  }
  return undefined;
}

/** What a tile's reads add up to: the parts read, the longest wait, the failures (grouped), the freshest date. */
export interface ITileReads {
  parts: ITilePart[];
  /** Some read has not settled yet (and is not waiting). */
  loading: boolean;
  /** The longest wait speaks for the tile. */
  longest?: Extract<ReportReadState, { status: 'waiting' }>;
  /** Rows read so far, over the reads still loading. */
  rowsRead: number;
  /** Failed reads grouped by the words that explain them: one message each, retrying every read in it. */
  problems: Array<{ key: string; error: unknown; reads: number[] }>;
  refreshDate: string | null;
  concealment?: IConcealment;
}

/** A tile's reads (in `tileEntries` order) summed up for the screen. */
export function tileReads(entries: readonly IReportEntry[], reads: readonly ReportReadState[]): ITileReads {
  const parts: ITilePart[] = [];
  const groups = new Map<string, { error: unknown; reads: number[] }>();
  let longest: ITileReads['longest'];
  let rowsRead = 0;
  let loading = false;
  let refreshDate: string | null = null;
  let concealment: IConcealment | undefined;
  reads.forEach((r, i) => {
    const entry = entries[i];
    if (r.status === 'ready' && entry) {
      parts.push({ entry, rows: r.result.rows });
      if (r.result.refreshDate && (!refreshDate || r.result.refreshDate > refreshDate)) refreshDate = r.result.refreshDate;
      if (!concealment && r.result.concealment.concealedRows > 0) concealment = r.result.concealment;
    }
    if (r.status === 'loading' || r.status === 'idle') loading = true;
    if (r.status === 'loading') rowsRead += r.rows ?? 0;
    if (r.status === 'waiting' && (!longest || r.until > longest.until)) longest = r;
    if (r.status === 'error') {
      // A tile over two reports that fail alike (a missing role refuses both) says so once.
      const e = explainError(r.error, 'reports');
      const key = `${e.title}|${e.detail}`;
      const g = groups.get(key) ?? { error: r.error, reads: [] };
      g.reads.push(i);
      groups.set(key, g);
    }
  });
  return { parts, loading, longest, rowsRead, problems: [...groups].map(([key, g]) => ({ key, ...g })), refreshDate, concealment };
}
