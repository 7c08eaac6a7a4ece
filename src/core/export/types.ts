/** The neutral sheet model every export (users, impression, reports) is described in. */
import type * as XLSX from 'xlsx';

/**
 * A value as the screens hold it. `string[]` is a list (products, methods) joined into one cell;
 * `null`/`undefined` is an empty cell.
 */
export type CellValue = string | number | boolean | Date | null | undefined | string[];

/**
 * How a column's cells are typed and formatted.
 * - `string`: text; numbers and booleans still keep their own cell type.
 * - `number`: numbers; numeric text (`"42"`) becomes a number, other text stays text.
 * - `bytes`: a number shown with thousands separators (`#,##0`).
 * - `boolean`: booleans; `"true"`/`"false"` (any case) become booleans.
 * - `date`: `YYYY-MM-DD` text or a Date becomes a real date (UTC day), shown `yyyy-mm-dd`.
 * - `datetime`: ISO 8601 text or a Date becomes a real date-time in UTC, shown `yyyy-mm-dd hh:mm:ss`.
 * - `general`: typed by each value alone (the `Value` column of a key/value sheet).
 */
export type ExportColumnType = 'string' | 'number' | 'bytes' | 'boolean' | 'date' | 'datetime' | 'general';

/** One column of a sheet. */
export interface IColumnSpec {
  /** Header text; a public contract (scripts read it). */
  header: string;
  /** How the column's values become cells. */
  type: ExportColumnType;
  /** Width in characters; computed from header and content when omitted. */
  width?: number;
  /** Excel number format (e.g. `0.0%`); overrides the type's default format. */
  numberFormat?: string;
}

/** One sheet: a header row from `columns`, then one row per entry of `rows` (cells in column order). */
export interface ISheetSpec {
  /** Sheet (tab) name; sanitized and made unique when the workbook is built. */
  name: string;
  /** Columns, in order. */
  columns: IColumnSpec[];
  /** Data rows; `rows[r][c]` belongs to `columns[c]`. Short rows leave the rest empty. */
  rows: ReadonlyArray<ReadonlyArray<CellValue>>;
}

/**
 * The few SheetJS members SheetJS's path (workbook.ts) uses; the caller passes the module, core never imports it.
 */
export interface IXlsxWriter {
  /** Workbook helpers. */
  utils: Pick<typeof XLSX.utils, 'book_new' | 'book_append_sheet'>;
  /** The XLSX-only writer (half the chunk of `write`). */
  writeXLSX: typeof XLSX.writeXLSX;
}

/**
 * Where a build is: `cells` while rows become cells (every `progressEvery` rows; core's writer deflates them as it
 * goes), `writing` once all rows are cells and the rest of the package is written (SheetJS's path: the whole zip,
 * roughly 90% of its time), `done` when the bytes are ready.
 */
export type ExportPhase = 'cells' | 'writing' | 'done';

/** Called with rows built so far and rows in all sheets, and the phase (a worker posts these to the UI). */
export type ExportProgress = (done: number, total: number, phase: ExportPhase) => void;

/** Options of workbook building. */
export interface IBuildOptions {
  /** Progress callback, e.g. a worker posting to the UI thread. */
  progress?: ExportProgress;
  /** Rows between progress calls; default 5000. */
  progressEvery?: number;
  /** Deflate the zip; default true (a 100k-row sheet is ~10x smaller). */
  compression?: boolean;
  /**
   * Write text as shared strings (`t="s"`, what Excel itself writes) rather than in the cells (`t="inlineStr"`;
   * SheetJS's path: `t="str"`); default true: repeated texts (departments, products) are stored once, the file
   * shrinks (100,000 users: 6.7 MB against 7.3 MB) and the export is faster.
   */
  sharedStrings?: boolean;
  /** Put an autofilter over each sheet's used range; default true. */
  autofilter?: boolean;
  /** Cap of computed column widths, in characters; default 60. */
  maxColumnWidth?: number;
  /** Joins `string[]` values; default `, `. */
  listSeparator?: string;
}
