/**
 * Concealed names: since 2021 tenants hide user, group and site names in reports by default and put a
 * 32-character hex token where the UPN would be. Such rows cannot be joined to /users, so say so.
 */
import type { IReportEntry, ReportCell, ReportRow } from './types';

const TOKEN = /^[0-9A-F]{32}$/i;
// Columns that name a person, group, team or site; the ones concealment replaces.
const NAME_COLUMN = /(Principal Name|Display Name|Team Name)$/;

/** Where an admin shows names again: the same words in the web part's banners and the CLI's warnings. */
export const SHOW_NAMES_HELP =
  'A Global Administrator can show names in the Microsoft 365 admin center: Settings > Org settings > Reports, ' +
  'by clearing "Display concealed user, group, and site names in all reports".';

/** Why last activity cannot be joined to users while report names are concealed (cells, filters, banners). */
export const ACTIVITY_CONCEALED = 'Names are concealed in usage reports, so activity cannot be matched to users.';

/** What a report's rows reveal about name concealment. */
export interface IConcealment {
  /** Rows whose name columns hold a concealment token. */
  concealedRows: number;
  /** All rows looked at. */
  totalRows: number;
  /** Name columns in which tokens were found. */
  columns: string[];
}

/** True for a 32-character hex token, the value Graph shows instead of a concealed name. */
export function isConcealedToken(value: ReportCell): boolean {
  return typeof value === 'string' && TOKEN.test(value);
}

/** Counts rows whose user/group/team name columns hold concealment tokens. */
export function detectConcealedNames(rows: readonly ReportRow[], entry: IReportEntry): IConcealment {
  const nameColumns = entry.columns.filter((c) => c.type === 'string' && NAME_COLUMN.test(c.header)).map((c) => c.header);
  const columns = new Set<string>();
  let concealedRows = 0;
  for (const row of rows) {
    let hit = false;
    for (const header of nameColumns) {
      if (isConcealedToken(row[header] ?? null)) {
        columns.add(header);
        hit = true;
      }
    }
    if (hit) concealedRows++;
  }
  return { concealedRows, totalRows: rows.length, columns: nameColumns.filter((h) => columns.has(h)) };
}
