/** Types of the usage-report catalog: one plain entry per Graph report function. */

/** Graph's report periods. */
export type ReportPeriod = 'D7' | 'D30' | 'D90' | 'D180';
export const REPORT_PERIODS: readonly ReportPeriod[] = ['D7', 'D30', 'D90', 'D180'];

/** trend: one row per report date; distribution: one row of counts; detail: one row per user/site/group/team. */
export type ReportKind = 'trend' | 'distribution' | 'detail';

/** What a detail report has one row per. */
export type ReportSubject = 'user' | 'site' | 'group' | 'team' | 'tenant';

/**
 * A cell's type. `products` is the `+`-joined list in CSV and a string array in JSON;
 * `date` is YYYY-MM-DD text (empty -> null); `number` may carry a unit.
 */
export type ColumnType = 'string' | 'number' | 'boolean' | 'date' | 'products';

/** Units a numeric column is measured in, for charts and number formats. */
export type ColumnUnit = 'count' | 'bytes' | 'seconds' | 'days';

/** One column: its CSV header (Microsoft's name, the key of every row) and its beta JSON field. */
export interface IReportColumn {
  /** CSV header exactly as documented, e.g. `Storage Used (Byte)`; rows are keyed by it. */
  header: string;
  /** camelCase field of the beta JSON row, e.g. `storageUsedInBytes`; undefined when JSON lacks it. */
  json?: string;
  type: ColumnType;
  unit?: ColumnUnit;
  /** True when the beta JSON keeps this field inside the nested array item (see IReportEntry.jsonShape). */
  jsonNested?: boolean;
}

/** Where the beta JSON keeps a row's fields: flat, or nested in `userCounts[]` / `details[]`. */
export type JsonShape = 'flat' | 'userCounts' | 'details';

/** How a report charts by default. */
export interface IReportChart {
  type: 'line' | 'area' | 'bar' | 'pie' | 'table';
  /** Header of the x axis / category column (e.g. `Report Date`). */
  x?: string;
  /** Headers of the series (numeric columns) shown by default. */
  series: string[];
}

/** One report function. */
export interface IReportEntry {
  /** Graph function name, e.g. `getEmailActivityUserDetail`. */
  fn: string;
  workload: string;
  title: string;
  description: string;
  kind: ReportKind;
  subject: ReportSubject;
  /** Parameters the function accepts; empty for the few that take none. */
  params: ReadonlyArray<'period' | 'date'>;
  /** Skype for Business: documented but the service retired in 2021. */
  retired: boolean;
  columns: IReportColumn[];
  jsonShape: JsonShape;
  /** Graph's name for the nested array when it is not `userCounts`/`details` (e.g. `teamsTeamUsageByDate`). */
  jsonArray?: string;
  chart: IReportChart;
}

/** A cell value as both readers yield it. */
export type ReportCell = string | number | boolean | null | string[];

/** A report row keyed by CSV header. Both readers (CSV and beta JSON) yield identical rows. */
export type ReportRow = Record<string, ReportCell>;

/** What both readers (CSV and beta JSON) return: typed rows plus what they had to tolerate. */
export interface IParsedReport {
  /** Rows keyed by CSV header; unknown columns keep their raw text under their own name. */
  rows: ReportRow[];
  /** `Report Refresh Date` of the first row that has one; null when the data has none. */
  refreshDate: string | null;
  /** Human-readable notes on what was malformed or missing (never thrown). */
  warnings: string[];
  /** Headers (CSV) or fields (JSON) the catalog does not know, in order of first appearance. */
  unknownColumns: string[];
  /**
   * Catalog columns the data did not carry at all, in catalog order: a CSV without the header, or beta JSON
   * whose rows have no field for it (Graph's JSON lacks some CSV columns). Their cells are null, which here
   * means "not in the report", not "empty". Absent when none (and in reads kept before it existed).
   */
  missingColumns?: string[];
}
