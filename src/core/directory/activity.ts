import type { IReportResult, IReportSource } from '../reports/reader';
import type { ReportRow } from '../reports/types';

/** A user's latest activity across Microsoft 365 workloads. */
export interface ILastActivity {
  /** YYYY-MM-DD, or null when the user never had activity in the report's window. */
  date: string | null;
  /** The workload of that latest activity. */
  workload: string | null;
}

/** Active-user detail columns and the workload names admins know them by. */
const WORKLOADS: Array<[string, string]> = [
  ['Exchange Last Activity Date', 'Exchange'],
  ['OneDrive Last Activity Date', 'OneDrive'],
  ['SharePoint Last Activity Date', 'SharePoint'],
  ['Teams Last Activity Date', 'Teams'],
  ['Yammer Last Activity Date', 'Viva Engage'],
  ['Skype For Business Last Activity Date', 'Skype for Business']
];

/** The report the Users view reads for last activity (per user, every workload). */
export const ACTIVITY_REPORT = 'getOffice365ActiveUserDetail';

/** Latest activity of one active-user-detail row. */
export function lastActivityOf(row: ReportRow): ILastActivity {
  let best: ILastActivity = { date: null, workload: null };
  for (const [header, workload] of WORKLOADS) {
    const v = row[header];
    if (typeof v === 'string' && v && (best.date === null || v > best.date)) best = { date: v, workload };
  }
  return best;
}

/** What the active-user report gives the user list. */
export interface IActivityIndex {
  /** Keyed by lower-case UPN. */
  byUpn: Map<string, ILastActivity>;
  refreshDate: string | null;
  /** Rows whose names are concealed: activity cannot be matched to users. */
  concealedRows: number;
  totalRows: number;
  /** Set when the report's rows came from the relay. */
  source?: IReportSource;
}

/** Index the active-user detail rows by UPN; concealed rows are counted, not joined. */
export function indexActivity(result: IReportResult): IActivityIndex {
  const byUpn = new Map<string, ILastActivity>();
  for (const row of result.rows) {
    const upn = row['User Principal Name'];
    if (typeof upn === 'string' && upn) byUpn.set(upn.toLowerCase(), lastActivityOf(row));
  }
  return { byUpn, refreshDate: result.refreshDate, concealedRows: result.concealment.concealedRows, totalRows: result.rows.length, ...(result.source ? { source: result.source } : {}) };
}

/** Whole days between two YYYY-MM-DD dates (b - a). */
export function daysBetween(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}
