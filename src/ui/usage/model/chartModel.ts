/**
 * Report rows -> what a chart draws: which series, on what axis, in which unit. Pure and free of
 * recharts, so the lazy chart chunk stays the only place recharts lives and this is unit-tested.
 */
import type { ColumnUnit, IReportChart, IReportColumn, IReportEntry, ReportRow } from '../../../core/reports';
import { scaleFor, seriesLabel } from './format';
import type { ChartUnit } from './format';
import { PLAIN } from '../../common/format';
import type { IValueScale } from '../../common/format';

/** The chart shapes the Usage view draws. */
export type ChartType = 'line' | 'area' | 'bar' | 'pie';

/** One measure drawn as a line, area, bar group or pie. */
export interface IChartSeries {
  /** Key of the value in each datum (a column header, or a pivoted `Split · Header`). */
  key: string;
  /** Legend and table label. */
  label: string;
  unit: ChartUnit;
}

/** One point / bar / slice: the category under `x.key`, then a number (or null) per series key. */
export type ChartDatum = Record<string, string | number | null>;

/** Everything a chart (and its table alternative) needs. */
export interface IChartModel {
  type: ChartType;
  /** The category axis: report dates for trends, names for distributions and top-N. */
  x: { key: string; label: string; kind: 'date' | 'category' };
  series: IChartSeries[];
  data: ChartDatum[];
  /** The one unit all series share (mixed units never share an axis). */
  unit: ChartUnit;
  /** How byte values are scaled on the axis and in tooltips. */
  scale: IValueScale;
  /** Bars run sideways (category names on the vertical axis), which suits long names and narrow tiles. */
  horizontal: boolean;
  /** Measures left out of the chart, with why (still in the table and the export). */
  omitted: string[];
  /** The value axis runs at least this far (a share's 100%), so small values are drawn small. */
  axisMax?: number;
}

/** Category key used when a distribution's series become its categories. */
export const CATEGORY_KEY = 'Category';
/** Value key of single-series charts built from series (distribution without x, top-N). */
export const VALUE_KEY = 'Value';

const RETIRED_SERIES = /skype/i;
// Not measures: the period length is the same on every row.
const NOT_A_MEASURE = new Set(['Report Period']);

/** Numeric columns that are measures (not the period length): what a top-N chart may rank by. */
export function numericColumns(columns: ReadonlyArray<IReportColumn>): IReportColumn[] {
  return columns.filter(c => c.type === 'number' && !NOT_A_MEASURE.has(c.header));
}

/** A number from a cell (report JSON sometimes sends numbers as text); null when it is not one. */
export function toNumber(cell: unknown): number | null {
  if (typeof cell === 'number') return Number.isFinite(cell) ? cell : null;
  if (typeof cell === 'string' && cell.trim() !== '' && /^-?\d+(\.\d+)?$/.test(cell.trim())) return Number(cell);
  return null;
}

/**
 * The series a chart should draw: the catalog's default series that are numeric, present in the data
 * (at least one number), not a retired service's (Skype for Business) unless asked, and of one unit
 * (the first series' unit wins; others are listed in `omitted`).
 */
export function selectSeries(
  columns: ReadonlyArray<IReportColumn>,
  requested: ReadonlyArray<string>,
  rows: ReadonlyArray<ReportRow>,
  options: { includeRetired?: boolean } = {}
): { series: IChartSeries[]; omitted: string[] } {
  const byHeader = new Map(columns.map(c => [c.header, c] as const));
  const omitted: string[] = [];
  const picked: IChartSeries[] = [];
  for (const header of requested) {
    const column = byHeader.get(header);
    if (!column || column.type !== 'number' || NOT_A_MEASURE.has(header)) continue;
    if (!options.includeRetired && RETIRED_SERIES.test(header)) {
      omitted.push(`${seriesLabel(header)} (retired service)`);
      continue;
    }
    if (!rows.some(r => toNumber(r[header]) !== null)) {
      omitted.push(`${seriesLabel(header)} (no data)`);
      continue;
    }
    picked.push({ key: header, label: seriesLabel(header), unit: column.unit ?? 'count' });
  }
  const unit = picked[0]?.unit;
  const series = picked.filter(s => {
    if (s.unit === unit) return true;
    omitted.push(`${s.label} (${s.unit}; shown in the table)`);
    return false;
  });
  return { series, omitted };
}

function scaleOf(series: ReadonlyArray<IChartSeries>, data: ReadonlyArray<ChartDatum>): IValueScale {
  const unit = series[0]?.unit;
  if (unit !== 'bytes') return PLAIN;
  const values: number[] = [];
  for (const d of data) for (const s of series) { const v = d[s.key]; if (typeof v === 'number') values.push(v); }
  return scaleFor(unit, values);
}

/** A text cell, trimmed; empty for anything else. */
function text(cell: unknown): string {
  return typeof cell === 'string' ? cell.trim() : typeof cell === 'number' ? String(cell) : '';
}

/**
 * True when a text column splits each day's figures into a few groups (e.g. `Site Type`: OneDrive,
 * SharePoint): 2 to 8 values, each on several rows. Text measures (Teams' `PT1H2M` durations) differ
 * on nearly every row and are not splits.
 */
export function isSplitColumn(rows: ReadonlyArray<ReportRow>, header: string): boolean {
  const values = rows.map(r => text(r[header])).filter(Boolean);
  if (values.some(v => /^P(\d|T)/.test(v))) return false;
  const distinct = new Set(values).size;
  return distinct >= 2 && distinct <= 8 && distinct * 2 <= values.length;
}

/**
 * A trend: one point per report date (ascending), a series per measure. When rows also split by a
 * text column with several values (e.g. `Site Type`), each value gets its own series.
 */
export function trendModel(
  columns: ReadonlyArray<IReportColumn>,
  chart: IReportChart,
  rows: ReadonlyArray<ReportRow>,
  options: { includeRetired?: boolean; type?: ChartType } = {}
): IChartModel {
  const xKey = chart.x ?? 'Report Date';
  const { series: measures, omitted } = selectSeries(columns, chart.series, rows, options);
  const splitColumn = columns.find(c => c.type === 'string' && c.header !== xKey && isSplitColumn(rows, c.header));
  const byDate = new Map<string, ChartDatum>();
  const series: IChartSeries[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const date = text(row[xKey]);
    if (!date) continue;
    const datum = byDate.get(date) ?? { [xKey]: date };
    byDate.set(date, datum);
    const split = splitColumn ? text(row[splitColumn.header]) : '';
    for (const m of measures) {
      const key = split ? `${split} · ${m.key}` : m.key;
      if (!seen.has(key)) {
        seen.add(key);
        series.push({ key, label: split ? `${split} · ${m.label}` : m.label, unit: m.unit });
      }
      const v = toNumber(row[m.key]);
      // Two rows for one date and series: add them (e.g. an "All" total split over two site types).
      const prev = datum[key];
      datum[key] = v === null ? (prev ?? null) : (typeof prev === 'number' ? prev + v : v);
    }
  }
  const data = [...byDate.values()].sort((a, b) => String(a[xKey]).localeCompare(String(b[xKey])));
  for (const d of data) for (const s of series) if (!(s.key in d)) d[s.key] = null;
  return {
    type: options.type === 'area' || options.type === 'line' ? options.type : chart.type === 'area' ? 'area' : 'line',
    x: { key: xKey, label: xKey, kind: 'date' },
    series,
    data,
    unit: series[0]?.unit ?? 'count',
    scale: scaleOf(series, data),
    horizontal: false,
    omitted
  };
}

/**
 * A distribution: with an x column (e.g. `Product Type`) a bar group per row; without one, the first
 * row's measures become the categories of one series (bar or pie).
 */
export function distributionModel(
  columns: ReadonlyArray<IReportColumn>,
  chart: IReportChart,
  rows: ReadonlyArray<ReportRow>,
  options: { includeRetired?: boolean; type?: ChartType; valueLabel?: string } = {}
): IChartModel {
  const { series, omitted } = selectSeries(columns, chart.series, rows, options);
  const unit = series[0]?.unit ?? 'count';
  if (chart.x) {
    const xKey = chart.x;
    const data = rows.map(r => {
      const d: ChartDatum = { [xKey]: text(r[xKey]) || '(none)' };
      for (const s of series) d[s.key] = toNumber(r[s.key]);
      return d;
    });
    return { type: 'bar', x: { key: xKey, label: xKey, kind: 'category' }, series, data, unit, scale: scaleOf(series, data), horizontal: true, omitted };
  }
  const first = rows[0];
  const data: ChartDatum[] = first ? series.map(s => ({ [CATEGORY_KEY]: s.label, [VALUE_KEY]: toNumber(first[s.key]) })) : [];
  const one: IChartSeries[] = series.length ? [{ key: VALUE_KEY, label: options.valueLabel ?? 'Count', unit }] : [];
  const wanted = options.type ?? chart.type;
  return {
    type: wanted === 'pie' ? 'pie' : 'bar',
    x: { key: CATEGORY_KEY, label: CATEGORY_KEY, kind: 'category' },
    series: one,
    data,
    unit,
    scale: scaleOf(one, data),
    horizontal: true,
    omitted
  };
}

/**
 * Count columns that say what exists on a day (files stored or active, members, guests, mailbox items) or
 * how many distinct users or channels were active that day, not how often something happened: seven days
 * of 100 files are 100 files, not 700.
 */
const STATE_COUNT = /^(?:(?:(?:SharePoint )?(?:Total |Active )?File|Member|Guest|(?:Deleted )?Item|Exchange Mailbox Total Item) Count|Guests|Active (?:Users|External Users|Channels|Shared Channels))$/;

/**
 * How top-N combines one name's values when rows repeat it (a date range): counts of what happened add
 * up; sizes and counts of what exists keep the largest day.
 */
export function aggregateFor(unit: ColumnUnit | undefined, header?: string): 'sum' | 'max' {
  return unit === 'bytes' || (header !== undefined && STATE_COUNT.test(header)) ? 'max' : 'sum';
}

/**
 * The N rows with the largest value of one numeric column, labelled by `labelHeader`; rows repeating a
 * label (one per day in a date range) are combined first (see aggregateFor).
 */
export function topNModel(
  columns: ReadonlyArray<IReportColumn>,
  rows: ReadonlyArray<ReportRow>,
  valueHeader: string,
  labelHeader: string,
  n: number
): IChartModel {
  const column = columns.find(c => c.header === valueHeader);
  const unit = column?.unit ?? 'count';
  const how = aggregateFor(unit, valueHeader);
  const totals = new Map<string, number>();
  for (const r of rows) {
    const v = toNumber(r[valueHeader]);
    if (v === null) continue;
    const label = text(r[labelHeader]) || '(no name)';
    const prev = totals.get(label);
    totals.set(label, prev === undefined ? v : how === 'sum' ? prev + v : Math.max(prev, v));
  }
  const data: ChartDatum[] = [...totals.entries()]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, Math.max(0, n))
    .map(([label, value]) => ({ [labelHeader]: label, [valueHeader]: value }));
  const series: IChartSeries[] = [{ key: valueHeader, label: seriesLabel(valueHeader), unit }];
  return { type: 'bar', x: { key: labelHeader, label: labelHeader, kind: 'category' }, series, data, unit, scale: scaleOf(series, data), horizontal: true, omitted: [] };
}

/** The default chart of a trend or distribution report (detail reports chart through topNModel). */
export function reportModel(entry: IReportEntry, rows: ReadonlyArray<ReportRow>, options: { includeRetired?: boolean; type?: ChartType } = {}): IChartModel | undefined {
  // A retired report is only ever shown on request, and then with its own series.
  const includeRetired = options.includeRetired ?? entry.retired;
  if (entry.kind === 'trend') return trendModel(entry.columns, entry.chart, rows, { ...options, includeRetired });
  // `...UserCounts` functions count users; the others count teams, activations or activities.
  const valueLabel = /User/.test(entry.fn) ? 'Users' : 'Count';
  if (entry.kind === 'distribution') return distributionModel(entry.columns, entry.chart, rows, { ...options, includeRetired, valueLabel });
  return undefined;
}

/** Chart types a report kind can switch between. */
export function chartTypesFor(model: IChartModel): ChartType[] {
  if (model.x.kind === 'date') return ['line', 'area'];
  return model.x.key === CATEGORY_KEY ? ['bar', 'pie'] : ['bar'];
}
