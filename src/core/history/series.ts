/**
 * The history's charts as plain series (licences assigned vs purchased, waste cost, MFA coverage, active users
 * per workload), and their workbook: the web part's charts, their table toggles and exports, and the CLI's
 * `history --out` all draw from these, so a chart and its export always agree. Pure.
 */
import type { CellValue, IColumnSpec, ISheetSpec, KeyValuePair } from '../export';
import { fileDate, keyValueSheet, safeFileNamePart } from '../export';
import { ACTIVE_DAILY_REPORT, ACTIVE_WORKLOADS, activeFigure, wasteCostFigure } from './figures';
import type { ActiveWindow } from './figures';
import type { ISnapshot } from './types';

/** The history's charts. */
export type HistoryChartKey = 'licences' | 'wasteCost' | 'mfa' | 'activeUsers';
export const HISTORY_CHARTS: readonly HistoryChartKey[] = ['licences', 'wasteCost', 'mfa', 'activeUsers'];

/** How a series' values read: people, licence units, a share (0-1), or money in one currency. */
export type SeriesUnit = 'count' | 'units' | 'share' | 'money';

/** One chart's series over days. */
export interface IHistorySeries {
  key: HistoryChartKey;
  title: string;
  /** What the x axis is: the snapshot's day, or the report date its figures are of (active users). */
  xLabel: string;
  unit: SeriesUnit;
  /** For money: the currency (one chart per currency is drawn as one series each; see wasteCost). */
  series: Array<{ key: string; label: string; currency?: string }>;
  /** Oldest first; a value absent from a snapshot is null (a gap, never 0). */
  points: Array<{ day: string; values: Record<string, number | null> }>;
  /** The export's sheet name when it is not the chart's usual one (the licence chart: "Paid licences" over every paid SKU). */
  sheetName?: string;
  /** Why the chart has no series at all (no prices entered), said in its sheet instead of a bare header. */
  emptyNote?: string;
}

/** Options of the series. */
export interface ISeriesOptions {
  /** Licences: one SKU (its id, free or paid) instead of every paid SKU added up. */
  skuId?: string;
  /** Active users: the window (default: daily, which backfill covers). */
  window?: ActiveWindow;
  /** Only days from..to (YYYY-MM-DD, both optional). */
  from?: string;
  to?: string;
}

const inRange = (day: string, o: ISeriesOptions): boolean => (!o.from || day >= o.from) && (!o.to || day <= o.to);

/** Points where at least one series has a value (a day that knew none of the chart's figures is no point). */
function pointsOf(snapshots: readonly ISnapshot[], o: ISeriesOptions, keys: readonly string[], value: (s: ISnapshot, key: string) => number | null, x: (s: ISnapshot) => string = s => s.day): IHistorySeries['points'] {
  const byDay = new Map<string, Record<string, number | null>>();
  for (const s of snapshots) {
    const day = x(s);
    if (!inRange(day, o)) continue;
    const values: Record<string, number | null> = {};
    let any = false;
    for (const k of keys) {
      const v = value(s, k);
      values[k] = v;
      if (v !== null) any = true;
    }
    // Two snapshots of one report date (a taken one repeats the backfilled day): the later one's known values win.
    const before = byDay.get(day);
    if (!any) continue;
    if (!before) byDay.set(day, values);
    else for (const k of keys) if (values[k] !== null) before[k] = values[k] ?? null;
  }
  return [...byDay.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([day, values]) => ({ day, values }));
}

/**
 * The SKUs that are free or trials (ids, lower case): each as its newest snapshot telling it says (`sku:<id>:free`),
 * so an older snapshot taken before it was told is read the same way. A SKU never told is counted as paid.
 */
export function freeSkus(snapshots: readonly ISnapshot[]): Set<string> {
  const told = new Map<string, { day: string; free: boolean }>();
  for (const s of snapshots) {
    for (const name in s.figures) {
      if (!name.startsWith('sku:') || !name.endsWith(':free')) continue;
      const id = name.slice(4, -5);
      const before = told.get(id);
      if (!before || s.day >= before.day) told.set(id, { day: s.day, free: s.figures[name] === 1 });
    }
  }
  return new Set([...told].filter(([, t]) => t.free).map(([id]) => id));
}

/** Purchased and assigned units of a snapshot, one SKU or every paid one; null where it counted none. One pass over its figures. */
function skuTotals(s: ISnapshot, sku: string | undefined, free: ReadonlySet<string>): { purchased: number | null; assigned: number | null } {
  let purchased: number | null = null;
  let assigned: number | null = null;
  for (const name in s.figures) {
    if (!name.startsWith('sku:')) continue;
    const last = name.lastIndexOf(':');
    const id = name.slice(4, last);
    if (sku ? id !== sku : free.has(id)) continue;
    const measure = name.slice(last + 1);
    const v = s.figures[name] as number;
    if (measure === 'purchased') purchased = (purchased ?? 0) + v;
    else if (measure === 'assigned') assigned = (assigned ?? 0) + v;
  }
  return { purchased, assigned };
}

/**
 * Licences assigned vs purchased: every paid SKU added up (a free offer's thousands of units, e.g. Power Automate
 * Free, would swamp the paid ones; see freeSkus), or one SKU, free or paid.
 */
export function licenceSeries(snapshots: readonly ISnapshot[], o: ISeriesOptions = {}, skuName?: (skuId: string) => string | undefined): IHistorySeries {
  const sku = o.skuId?.toLowerCase();
  const free = sku ? new Set<string>() : freeSkus(snapshots);
  // Both measures from one pass per snapshot: the chart asks for each in turn.
  let last: { s: ISnapshot; totals: ReturnType<typeof skuTotals> } | undefined;
  const value = (s: ISnapshot, measure: string): number | null => {
    if (last?.s !== s) last = { s, totals: skuTotals(s, sku, free) };
    return measure === 'purchased' ? last.totals.purchased : last.totals.assigned;
  };
  return {
    key: 'licences',
    title: sku ? `Licences assigned and purchased (${skuName?.(sku) ?? sku})` : 'Paid licences assigned and purchased (free and trial SKUs left out)',
    xLabel: 'Day',
    unit: 'units',
    series: sku ? [{ key: 'purchased', label: 'Purchased' }, { key: 'assigned', label: 'Assigned' }] : [{ key: 'purchased', label: 'Paid licences purchased' }, { key: 'assigned', label: 'Paid licences assigned' }],
    points: pointsOf(snapshots, o, ['purchased', 'assigned'], value),
    sheetName: sku ? 'Licences' : 'Paid licences'
  };
}

/** Currencies any snapshot prices waste in, sorted. */
export function wasteCurrencies(snapshots: readonly ISnapshot[]): string[] {
  const found = new Set<string>();
  for (const s of snapshots) for (const name in s.figures) if (name.startsWith('wasteCost:total:')) found.add(name.slice('wasteCost:total:'.length));
  return [...found].sort();
}

/** Said in the potential saving's sheet when no snapshot priced anything. */
export const NO_PRICES_NOTE = 'No prices were entered in the Licences view, so no potential saving was kept: enter unit prices there (or give the CLI --prices) and later snapshots carry it.';

/**
 * The potential saving per month (`wasteCost:total:<CUR>`: unassigned units and wasted holdings, each once), a series
 * per currency (prices are never converted).
 */
export function wasteCostSeries(snapshots: readonly ISnapshot[], o: ISeriesOptions = {}): IHistorySeries {
  const currencies = wasteCurrencies(snapshots);
  return {
    key: 'wasteCost',
    title: 'Potential saving per month',
    ...(currencies.length ? {} : { emptyNote: NO_PRICES_NOTE }),
    xLabel: 'Day',
    unit: 'money',
    series: currencies.map(c => ({ key: c, label: c, currency: c })),
    points: pointsOf(snapshots, o, currencies, (s, c) => s.figures[wasteCostFigure('total', c)] ?? null)
  };
}

/** MFA coverage: registered, capable and enforced as shares of enabled accounts (enforcement of those known). */
export function mfaSeries(snapshots: readonly ISnapshot[], o: ISeriesOptions = {}): IHistorySeries {
  const share = (s: ISnapshot, key: string): number | null => {
    const f = s.figures;
    const enabled = f.enabled;
    if (enabled === undefined || enabled <= 0) return null;
    if (key === 'enforced') {
      if (f.mfaEnforced === undefined) return null;
      const of = enabled - (f.mfaEnforcementUnknown ?? 0);
      return of > 0 ? f.mfaEnforced / of : null;
    }
    const n = key === 'registered' ? f.mfaRegistered : f.mfaCapable;
    return n === undefined ? null : n / enabled;
  };
  return {
    key: 'mfa',
    title: 'MFA coverage of enabled accounts',
    xLabel: 'Day',
    unit: 'share',
    series: [{ key: 'registered', label: 'Registered' }, { key: 'capable', label: 'Capable' }, { key: 'enforced', label: 'Enforced' }],
    points: pointsOf(snapshots, o, ['registered', 'capable', 'enforced'], share)
  };
}

const WINDOW_WORDS: Record<ActiveWindow, string> = { '1d': 'Daily active users', '7d': 'Active users in 7 days', '30d': 'Active users in 30 days' };

/** Active users per workload: daily (over report dates: backfill and every snapshot after), or over 7 or 30 days (per snapshot day). */
export function activeUserSeries(snapshots: readonly ISnapshot[], o: ISeriesOptions = {}): IHistorySeries {
  const window = o.window ?? '1d';
  const daily = window === '1d';
  return {
    key: 'activeUsers',
    title: `${WINDOW_WORDS[window]} per service`,
    xLabel: daily ? 'Report date' : 'Day',
    unit: 'count',
    series: ACTIVE_WORKLOADS.map(w => ({ key: w.key, label: w.label })),
    points: pointsOf(snapshots, o, ACTIVE_WORKLOADS.map(w => w.key), (s, w) => s.figures[activeFigure(w, window)] ?? null,
      // A daily figure is of its report's date, not of the day the snapshot was taken (reports lag 2-7 days).
      daily ? s => s.reportDates?.[ACTIVE_DAILY_REPORT] ?? s.day : undefined)
  };
}

/** One chart's series by key. */
export function historySeries(key: HistoryChartKey, snapshots: readonly ISnapshot[], o: ISeriesOptions = {}, skuName?: (skuId: string) => string | undefined): IHistorySeries {
  switch (key) {
    case 'licences': return licenceSeries(snapshots, o, skuName);
    case 'wasteCost': return wasteCostSeries(snapshots, o);
    case 'mfa': return mfaSeries(snapshots, o);
    default: return activeUserSeries(snapshots, o);
  }
}

const SHEET_NAMES: Record<HistoryChartKey, string> = { licences: 'Licences', wasteCost: 'Potential saving per month', mfa: 'MFA coverage', activeUsers: 'Active users' };

/**
 * A chart's series as one sheet: the day (a real date), then a column per series (shares as percentages, money with
 * cents); a chart with no series at all says why in a Note column instead.
 */
export function seriesSheet(series: IHistorySeries): ISheetSpec {
  if (series.series.length === 0 && series.emptyNote) {
    return { name: series.sheetName ?? SHEET_NAMES[series.key], columns: [{ header: 'Note', type: 'string' }], rows: [[series.emptyNote]] };
  }
  const format = series.unit === 'share' ? '0.0%' : series.unit === 'money' ? '#,##0.00' : undefined;
  const columns: IColumnSpec[] = [
    { header: series.xLabel, type: 'date' },
    ...series.series.map((s): IColumnSpec => ({ header: series.unit === 'share' ? `${s.label} (share)` : s.label, type: 'number', ...(format ? { numberFormat: format } : {}) }))
  ];
  const rows = series.points.map(p => [p.day, ...series.series.map((s): CellValue => p.values[s.key] ?? null)]);
  return { name: series.sheetName ?? SHEET_NAMES[series.key], columns, rows };
}

/** Every snapshot as a row: day, source, taken by and at, then each figure under its name (a figure not read is an empty cell). */
export function figuresSheet(snapshots: readonly ISnapshot[]): ISheetSpec {
  const names = [...new Set(snapshots.flatMap(s => Object.keys(s.figures)))].sort();
  return {
    name: 'Figures',
    columns: [
      { header: 'Day', type: 'date' },
      { header: 'Source', type: 'string' },
      { header: 'Taken By', type: 'string' },
      { header: 'Taken At', type: 'datetime' },
      ...names.map((n): IColumnSpec => ({ header: n, type: 'number' }))
    ],
    rows: snapshots.map(s => [s.day, s.source, s.takenBy, s.takenAt, ...names.map(n => s.figures[n] ?? null)])
  };
}

/** What the workbook's About sheet says. */
export interface IHistoryAbout {
  /** The tenant's name; its row is left out when not known. */
  tenantName?: string;
  /** Where the history lives, as a sentence (storeLocationText: "History is kept in the file …"). */
  where?: string;
  from?: string;
  to?: string;
}

/** The history workbook: About, then a sheet per chart, then (`withFigures`) every snapshot's figures. */
export function historyWorkbook(snapshots: readonly ISnapshot[], charts: readonly IHistorySeries[], about: IHistoryAbout, now: Date, withFigures = true): { sheets: ISheetSpec[]; fileName: string } {
  const days = snapshots.map(s => s.day).sort();
  const pairs: KeyValuePair[] = [
    ...(about.tenantName ? [['Tenant', about.tenantName] as const] : []),
    ...(about.where ? [['Where', about.where] as const] : []),
    ['From', about.from ?? days[0] ?? '', 'date'],
    ['To', about.to ?? days[days.length - 1] ?? '', 'date'],
    ['Snapshots', snapshots.length],
    ['Backfilled from Graph reports', snapshots.filter(s => s.source === 'backfill').length],
    ['Exported', now.toISOString(), 'datetime'],
    ['Note', 'A figure that could not be read on a day is an empty cell, never 0.'],
    ['Paid licences', 'Free and trial SKUs (sku:<id>:free = 1) are left out of the paid licences added up; a SKU never told free or paid counts as paid.'],
    ['Potential saving', 'Unassigned units and wasted holdings (each once) at the unit prices entered, per currency, never converted.']
  ];
  const sheets = [keyValueSheet('About', pairs), ...charts.map(seriesSheet), ...(withFigures ? [figuresSheet(snapshots)] : [])];
  const what = charts.length === 1 && charts[0] ? `-${safeFileNamePart(charts[0].key)}` : '';
  return { sheets, fileName: historyFileName(about.tenantName, now, what) };
}

/** `m365-history[-<chart>]-<tenant>-<yyyy-mm-dd>.xlsx`. */
export function historyFileName(tenant: string | undefined, now: Date | string, what = ''): string {
  return `m365-history${what}${tenant ? `-${safeFileNamePart(tenant, 'tenant')}` : ''}-${fileDate(now)}.xlsx`;
}
