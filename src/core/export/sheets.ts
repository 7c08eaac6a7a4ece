/** Sheet builders over the neutral model: usage reports and the two-column Field / Value layout. */
import type { IReportColumn, IReportEntry, ReportRow } from '../reports/types';
import type { CellValue, ExportColumnType, IColumnSpec, ISheetSpec } from './types';
import { parseIsoDate, toBoolean, toNumber } from './values';

/** Options of a report sheet. */
export interface IReportSheetOptions {
  /** Sheet name; default the entry's title. */
  sheetName?: string;
  /**
   * Headers to export, in order ("rows as shown"); default every catalog column. A header the
   * catalog lacks (e.g. `Report Date` added by a date-range merge) is exported too, typed by its name.
   */
  headers?: ReadonlyArray<string>;
}

/** One field of a key/value sheet: name, value, and optionally the type its value is read as. */
export type KeyValuePair = readonly [field: string, value: CellValue] | readonly [field: string, value: CellValue, type: ExportColumnType];

/** The export type of a catalog column (bytes keep their unit as a number format). */
export function reportColumnType(column: Pick<IReportColumn, 'type' | 'unit'>): ExportColumnType {
  switch (column.type) {
    case 'number':
      return column.unit === 'bytes' ? 'bytes' : 'number';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    default:
      // `products` arrive as string arrays and are joined into one text cell.
      return 'string';
  }
}

/** A usage report's rows as one sheet, typed by the catalog entry's columns. */
export function reportSheets(entry: IReportEntry, rows: ReadonlyArray<ReportRow>, options: IReportSheetOptions = {}): ISheetSpec[] {
  const byHeader = new Map(entry.columns.map((column) => [column.header, column] as const));
  const headers = options.headers ?? entry.columns.map((column) => column.header);
  const columns: IColumnSpec[] = headers.map((header) => {
    const known = byHeader.get(header);
    // Microsoft names its date columns "... Date" (Report Date, Last Activity Date).
    const type: ExportColumnType = known ? reportColumnType(known) : / Date$/.test(header) ? 'date' : 'general';
    return { header, type };
  });
  const data = rows.map((row) => headers.map((header): CellValue => row[header]));
  return [{ name: options.sheetName ?? entry.title, columns, rows: data }];
}

/**
 * A two-column sheet with headers `Field` and `Value` (the impression workbook's layout).
 * A pair's type converts its value: `['Created', '2024-01-31', 'date']` becomes a real date.
 */
export function keyValueSheet(name: string, pairs: ReadonlyArray<KeyValuePair>): ISheetSpec {
  return {
    name,
    columns: [
      { header: 'Field', type: 'string' },
      { header: 'Value', type: 'general' }
    ],
    rows: pairs.map((pair) => [pair[0], pair.length === 3 ? coerce(pair[1], pair[2]) : pair[1]])
  };
}

/** A value read as a type, for cells of a `general` column; values that do not fit stay as they were. */
function coerce(value: CellValue, type: ExportColumnType | undefined): CellValue {
  if (typeof value !== 'string' || type === undefined) {
    return type === 'string' && (typeof value === 'number' || typeof value === 'boolean') ? String(value) : value;
  }
  switch (type) {
    case 'number':
    case 'bytes':
      return toNumber(value) ?? value;
    case 'boolean':
      return toBoolean(value) ?? value;
    case 'date':
    case 'datetime': {
      const ms = parseIsoDate(value);
      return Number.isNaN(ms) ? value : new Date(type === 'date' ? Math.floor(ms / 86_400_000) * 86_400_000 : ms);
    }
    default:
      return value;
  }
}
