/** What "Export report" and "Export dashboard" write: sheets typed by the catalog, and file names. */
// The modules, not the index: the index also carries the workbook writer, which loads on demand.
import { keyValueSheet, reportSheets, reportFileName } from '../../../core/export';
import type { KeyValuePair, ISheetSpec } from '../../../core/export';
import type { IReportColumn, IReportEntry, ReportRow } from '../../../core/reports';

/** One report's rows as the screen shows them (filtered and sorted), with its headers in order. */
export interface IShownReport {
  entry: IReportEntry;
  rows: ReadonlyArray<ReportRow>;
  /** Headers in screen order; a date range adds `Report Date`. */
  headers: ReadonlyArray<string>;
  /** `D30`, a date, or `start_to_end`; undefined for parameterless reports. */
  param: string | undefined;
  refreshDate: string | null;
}

/**
 * The headers a report shows, in screen order: `Report Date` when a date range added it, then for detail
 * reports who or what a row is about (the chart's label column and the display name), then the rest in
 * Microsoft's order, then any column Microsoft added since the catalog was written (the readers keep them
 * under their own names), so the table and "Export report" drop nothing, as the CLI's export does not.
 */
export function shownHeaders(entry: IReportEntry, rows: ReadonlyArray<ReportRow>): string[] {
  const headers = entry.columns.map(c => c.header);
  const lead = entry.kind === 'detail' ? [entry.chart.x, 'Display Name'].filter((h): h is string => !!h && headers.includes(h)) : [];
  // One walk over the rows finds both a merged `Report Date` and the columns the catalog lacks.
  const known = new Set(headers);
  const added: string[] = [];
  let merged = false;
  for (const row of rows) {
    for (const key in row) {
      if (known.has(key)) continue;
      known.add(key);
      if (key === 'Report Date') merged = true;
      else added.push(key);
    }
  }
  const ordered = [...new Set([...lead, ...headers, ...added])];
  return merged ? ['Report Date', ...ordered] : ordered;
}

/** The workbook of one report: its rows as shown (typed cells), and a file name with report, parameter and today. */
export function reportExport(shown: IShownReport, today: Date): { sheets: ISheetSpec[]; fileName: string } {
  return {
    sheets: reportSheets(shown.entry, shown.rows, { headers: shown.headers }),
    fileName: reportFileName(shown.entry.fn, shown.param, today)
  };
}

/** One tile for the dashboard workbook: its rows, or why it has none. */
export interface IDashboardPart {
  title: string;
  /** The catalog entry (or a merged tile's stand-in) typing the columns. */
  entry: IReportEntry;
  rows?: ReadonlyArray<ReportRow>;
  refreshDate?: string | null;
  /** Set when the tile could not load; the About sheet says so. */
  problem?: string;
}

/** A stand-in catalog entry for a tile that merges several reports (its own columns and title). */
export function tileEntry(key: string, title: string, columns: IReportColumn[]): IReportEntry {
  return { fn: key, workload: 'Overview', title, description: title, kind: 'trend', subject: 'tenant', params: ['period'], retired: false, columns, jsonShape: 'flat', chart: { type: 'line', series: [] } };
}

/** The dashboard workbook: an About sheet (period, refresh dates, tiles that failed), then a sheet per loaded tile. */
export function dashboardExport(parts: ReadonlyArray<IDashboardPart>, period: string, today: Date, tenantName?: string): { sheets: ISheetSpec[]; fileName: string } {
  const about: KeyValuePair[] = [
    ['Tenant', tenantName ?? ''],
    ['Period', period],
    ['Exported', today.toISOString(), 'datetime']
  ];
  for (const p of parts) about.push([p.title, p.problem ? `Not exported: ${p.problem}` : `Data as of ${p.refreshDate ?? 'unknown'}`]);
  const sheets: ISheetSpec[] = [keyValueSheet('About', about)];
  for (const p of parts) {
    if (!p.rows) continue;
    sheets.push(...reportSheets(p.entry, p.rows, { sheetName: p.title }));
  }
  return { sheets, fileName: reportFileName('usage-dashboard', period, today) };
}
