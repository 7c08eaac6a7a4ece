import type { ColumnType, ColumnUnit, IReportEntry, ReportCell, ReportPeriod, ReportRow } from '../reports/types';
import type { IReportSource } from '../reports/reader';

/** The workload sections of an impression. */
export type WorkloadKey = 'Exchange' | 'OneDrive' | 'SharePoint' | 'Teams' | 'Apps';

/** Which per-user report feeds which section, and the column that names the user. */
export interface IWorkloadSource {
  workload: WorkloadKey;
  fn: string;
  userColumn: string;
}

/** Per-user reports behind each section, in sheet order. */
export const WORKLOAD_SOURCES: readonly IWorkloadSource[] = [
  { workload: 'Exchange', fn: 'getMailboxUsageDetail', userColumn: 'User Principal Name' },
  { workload: 'Exchange', fn: 'getEmailActivityUserDetail', userColumn: 'User Principal Name' },
  { workload: 'Exchange', fn: 'getEmailAppUsageUserDetail', userColumn: 'User Principal Name' },
  { workload: 'OneDrive', fn: 'getOneDriveUsageAccountDetail', userColumn: 'Owner Principal Name' },
  { workload: 'OneDrive', fn: 'getOneDriveActivityUserDetail', userColumn: 'User Principal Name' },
  { workload: 'SharePoint', fn: 'getSharePointActivityUserDetail', userColumn: 'User Principal Name' },
  { workload: 'Teams', fn: 'getTeamsUserActivityUserDetail', userColumn: 'User Principal Name' },
  { workload: 'Teams', fn: 'getTeamsDeviceUsageUserDetail', userColumn: 'User Principal Name' },
  { workload: 'Apps', fn: 'getM365AppUserDetail', userColumn: 'User Principal Name' }
];

/** Columns that identify rather than measure; not repeated as figures. */
const IDENTITY = new Set(['Report Refresh Date', 'Report Period', 'User Principal Name', 'Owner Principal Name', 'Display Name', 'Owner Display Name', 'User Id', 'Tenant Display Name', 'Shared Channel Tenant Display Names', 'Assigned Products', 'Site URL', 'Is Deleted', 'Deleted Date']);

/** One figure: Microsoft's own column name and the user's value. */
export interface IFigure {
  field: string;
  value: ReportCell;
  /** Units from the catalog (bytes, seconds...), for display. */
  unit?: ColumnUnit;
  /** The catalog column's type, so a sheet writes a date as a date and a flag as a boolean. */
  type: ColumnType;
  /**
   * Set when the report read did not carry this column at all (Graph's beta JSON lacks some CSV columns): the
   * words shown and written where the value would be (notInReport), since the value is not the user's blank.
   */
  missing?: string;
}

/** What one report says about one user. */
export type WorkloadPart =
  | { status: 'ready'; fn: string; figures: IFigure[]; refreshDate: string | null; period: number | null; source?: IReportSource }
  /** The report has no row for this user in this period (e.g. no mailbox without an Exchange licence). */
  | { status: 'noRow'; fn: string; refreshDate: string | null; source?: IReportSource }
  /** Names are concealed: rows cannot be matched to the user. */
  | { status: 'concealed'; fn: string; refreshDate: string | null; source?: IReportSource }
  | { status: 'error'; fn: string; error: unknown }
  | { status: 'loading'; fn: string };

/** Find a user's row in a report by UPN (case-insensitive). */
export function findUserRow(rows: readonly ReportRow[], userColumn: string, upn: string): ReportRow | undefined {
  const want = upn.toLowerCase();
  return rows.find(r => typeof r[userColumn] === 'string' && (r[userColumn] as string).toLowerCase() === want);
}

/** Columns a read did not carry, and what to say for them (IReportResult.missingColumns, notInReport). */
export interface IMissingColumns {
  headers: readonly string[];
  text: string;
}

/** The figures of one row, in the report's column order, identity columns left out; a column the read lacked says so. */
export function figuresOf(entry: IReportEntry, row: ReportRow, missing?: IMissingColumns): IFigure[] {
  const lacks = new Set(missing?.headers ?? []);
  return entry.columns.filter(c => !IDENTITY.has(c.header)).map(c => {
    const figure: IFigure = { field: c.header, value: row[c.header] ?? null, type: c.type };
    if (c.unit !== undefined) figure.unit = c.unit;
    if (missing && lacks.has(c.header)) figure.missing = missing.text;
    return figure;
  });
}

/** Period label as Graph writes it in `Report Period` (days). */
export function periodDays(period: ReportPeriod): number {
  return Number(period.slice(1));
}
