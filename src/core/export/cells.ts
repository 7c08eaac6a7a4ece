/**
 * What each value of a sheet becomes: the one decision both workbook writers share (SheetJS's cells in
 * workbook.ts, the streamed sheet XML in xlsxStream.ts), so the two can never hold different cells.
 * A decision is written into a reusable `ICellOut` instead of a new object per cell: a 100,000-user sheet
 * has 1.6 million cells, and the streamed writer needs no object for any of them.
 */
import type { CellValue, ExportColumnType, IBuildOptions, IColumnSpec } from './types';
import { excelDaySerial, excelSerial, parseIsoDate, toBoolean, toNumber } from './values';

/** Default number formats per column type. */
const DEFAULT_FORMATS: Partial<Record<ExportColumnType, string>> = {
  bytes: '#,##0',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm:ss'
};

/** Excel refuses longer text in a cell; SheetJS would throw and lose the whole export. */
export const MAX_TEXT = 32_767;
/** Rows whose numbers are measured for column widths (text is measured on every row: it is cheap). */
export const WIDTH_SAMPLE_ROWS = 2_000;
export const MIN_WIDTH = 6;
/** Excel's grid. */
export const MAX_ROWS = 1_048_576;
export const MAX_COLS = 16_384;

/** No cell (null, undefined, empty text, NaN, a date Excel cannot hold as a date and no text to keep). */
export const EMPTY = 0;
/** Text (`text`); never a formula. */
export const TEXT = 1;
/** A number (`num`), with a number format (`z`) or none. */
export const NUMBER = 2;
/** A boolean (`bool`). */
export const BOOLEAN = 3;
export type CellKind = typeof EMPTY | typeof TEXT | typeof NUMBER | typeof BOOLEAN;

/** Where `classifyCell` writes its decision; only the field of the kind it returns is meaningful. */
export interface ICellOut {
  text: string;
  num: number;
  bool: boolean;
  z: string | undefined;
}

/** A new scratch cell. */
export function cellOut(): ICellOut {
  return { text: '', num: 0, bool: false, z: undefined };
}

/** A column ready for its values, with its widest content so far. */
export interface IPreparedColumn {
  type: ExportColumnType;
  /** Number format of number and date cells, if any. */
  z: string | undefined;
  /** Date format used by `general` columns for Dates. */
  dateZ: string;
  dateTimeZ: string;
  /** Widest content seen, in characters. */
  width: number;
  fixedWidth: number | undefined;
}

export function prepareColumn(column: IColumnSpec): IPreparedColumn {
  return {
    type: column.type,
    z: column.numberFormat ?? DEFAULT_FORMATS[column.type],
    dateZ: column.numberFormat ?? DEFAULT_FORMATS.date ?? 'yyyy-mm-dd',
    dateTimeZ: column.numberFormat ?? DEFAULT_FORMATS.datetime ?? 'yyyy-mm-dd hh:mm:ss',
    width: column.header.length,
    fixedWidth: column.width
  };
}

/** Refuse a sheet larger than Excel's grid, naming it. */
export function checkSheetSize(name: string, rows: number, columns: number): void {
  if (rows + 1 > MAX_ROWS || columns > MAX_COLS) {
    throw new RangeError(`Sheet "${name}" has ${rows} rows x ${columns} columns; Excel holds at most ${MAX_ROWS - 1} rows under a header and ${MAX_COLS} columns`);
  }
}

/** The options every sheet of a build shares. */
export interface ISheetOptions {
  separator: string;
  maxWidth: number;
  autofilter: boolean;
}

export function sheetOptions(options: IBuildOptions): ISheetOptions {
  return {
    separator: options.listSeparator ?? ', ',
    maxWidth: Math.max(MIN_WIDTH, options.maxColumnWidth ?? 60),
    autofilter: options.autofilter ?? true
  };
}

/** A column's width in characters: its own, or its widest content plus a margin, capped. */
export function columnWidth(column: IPreparedColumn, maxWidth: number): number {
  return column.fixedWidth ?? Math.min(maxWidth, Math.max(MIN_WIDTH, column.width + 2));
}

/**
 * The cell for one value in one column, into `out`. Text is text only: a value such as `=SUM(A1)` is never
 * a formula. Text that is not the column's type (a date column's `soon`) stays text: no value is lost.
 */
export function classifyCell(value: CellValue, column: IPreparedColumn, separator: string, out: ICellOut): CellKind {
  if (value === null || value === undefined) return EMPTY;
  switch (typeof value) {
    case 'string':
      return stringCell(value, column, out);
    case 'number':
      // NaN/Infinity would be #NUM!/#DIV/0! errors; an empty cell says "no figure".
      if (!Number.isFinite(value)) return EMPTY;
      // Only number columns lend their format: a date format on a bare number would fake a date.
      return numberOut(value, column.type === 'number' || column.type === 'bytes' ? column.z : undefined, out);
    case 'boolean':
      out.bool = value;
      return BOOLEAN;
    default:
      break;
  }
  if (value instanceof Date) {
    const kind = dateCell(value.getTime(), column, column.type === 'date' ? 'date' : 'datetime', out);
    return kind === EMPTY ? textOrEmpty(String(value), out) : kind;
  }
  if (Array.isArray(value)) return textOrEmpty(value.join(separator), out);
  return textOrEmpty(String(value), out);
}

function stringCell(value: string, column: IPreparedColumn, out: ICellOut): CellKind {
  if (value === '') return EMPTY;
  switch (column.type) {
    case 'number':
    case 'bytes': {
      const n = toNumber(value);
      return n === undefined ? textOut(value, out) : numberOut(n, column.z, out);
    }
    case 'boolean': {
      const b = toBoolean(value);
      if (b === undefined) return textOut(value, out);
      out.bool = b;
      return BOOLEAN;
    }
    case 'date':
    case 'datetime': {
      const ms = parseIsoDate(value);
      // Text that is not a date (or is outside Excel's range) stays as it was.
      const kind = Number.isNaN(ms) ? EMPTY : dateCell(ms, column, column.type, out);
      return kind === EMPTY ? textOut(value, out) : kind;
    }
    default:
      return textOut(value, out);
  }
}

function numberOut(value: number, z: string | undefined, out: ICellOut): CellKind {
  out.num = value;
  out.z = z;
  return NUMBER;
}

/**
 * A real date: the Excel serial with a date format. Excel shows it as a date and SheetJS (`cellDates`) reads
 * it back as a Date. Dates before 1900-03-01 or after 9999 are no date (EMPTY), and the caller keeps the text.
 */
function dateCell(ms: number, column: IPreparedColumn, kind: 'date' | 'datetime', out: ICellOut): CellKind {
  const generalDay = column.type === 'general' && ms % 86_400_000 === 0;
  if (kind === 'date' || generalDay) {
    const serial = excelDaySerial(ms);
    return serial === undefined ? EMPTY : numberOut(serial, column.type === 'date' ? (column.z ?? column.dateZ) : column.dateZ, out);
  }
  const serial = excelSerial(ms);
  return serial === undefined ? EMPTY : numberOut(serial, column.type === 'datetime' ? (column.z ?? column.dateTimeZ) : column.dateTimeZ, out);
}

/** Text, cut to Excel's limit (never inside a surrogate pair). */
export function textOut(value: string, out: ICellOut): CellKind {
  out.text = value.length > MAX_TEXT ? sliceChars(value, MAX_TEXT) : value;
  return TEXT;
}

function textOrEmpty(value: string, out: ICellOut): CellKind {
  return value === '' ? EMPTY : textOut(value, out);
}

/** Characters a number or boolean cell shows, for its column's width. */
export function displayLength(kind: CellKind, num: number, z: string | undefined, column: IPreparedColumn): number {
  if (kind === BOOLEAN) return 5;
  const format = z ?? '';
  if (/[yd]/i.test(format)) return format.length;
  const digits = String(num).length;
  // Thousands separators add a third.
  return format.includes(',') && column.type !== 'general' ? Math.ceil((digits * 4) / 3) : digits;
}

/** Widen `column` for a cell just classified (numbers only in the first rows: see WIDTH_SAMPLE_ROWS). */
export function measureCell(kind: CellKind, out: ICellOut, column: IPreparedColumn, sampleNumbers: boolean): void {
  if (kind === TEXT) {
    if (out.text.length > column.width) column.width = out.text.length;
  } else if (sampleNumbers && kind !== EMPTY) {
    const len = displayLength(kind, out.num, out.z, column);
    if (len > column.width) column.width = len;
  }
}

/** Column letters of a 0-based index: 0 -> A, 25 -> Z, 26 -> AA. */
export function columnName(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    s = String.fromCharCode(65 + rem) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** First `max` UTF-16 units without splitting a surrogate pair. */
export function sliceChars(s: string, max: number): string {
  if (s.length <= max) return s;
  const code = s.charCodeAt(max - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
