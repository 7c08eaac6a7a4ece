/**
 * Workbook core: neutral sheet specs -> SheetJS dense worksheets -> .xlsx bytes.
 * SheetJS is never imported here at run time; the host passes the module it loaded on demand.
 */
import type * as XLSX from 'xlsx';
import type { CellValue, ExportColumnType, IBuildOptions, IColumnSpec, ISheetSpec, IXlsxWriter } from './types';
import { excelDaySerial, excelSerial, parseIsoDate, toBoolean, toNumber } from './values';
import { browserDeflateRaw, rezip } from './rezip';
import type { DeflateRaw } from './rezip';

/** Default number formats per column type (SheetJS registers custom ones in the styles part). */
const DEFAULT_FORMATS: Partial<Record<ExportColumnType, string>> = {
  bytes: '#,##0',
  date: 'yyyy-mm-dd',
  datetime: 'yyyy-mm-dd hh:mm:ss'
};

/** Excel refuses longer text in a cell; SheetJS would throw and lose the whole export. */
const MAX_TEXT = 32_767;
/** Rows whose numbers are measured for column widths (text is measured on every row: it is cheap). */
const WIDTH_SAMPLE_ROWS = 2_000;
const MIN_WIDTH = 6;
const MAX_SHEET_NAME = 31;
/** Excel's grid. */
const MAX_ROWS = 1_048_576;
const MAX_COLS = 16_384;

/** A dense row: `undefined` holes are empty cells (SheetJS skips them; `null` would crash its writer). */
type DenseRow = Array<XLSX.CellObject | undefined>;

interface IPreparedColumn {
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

interface IBuildContext {
  done: number;
  total: number;
  every: number;
  nextReport: number;
  progress: IBuildOptions['progress'];
  separator: string;
  maxWidth: number;
  autofilter: boolean;
}

/**
 * A sheet name Excel accepts: no `[]:*?/\`, no apostrophes (SheetJS writes the autofilter's
 * defined name as `'<name>'!A1:B2` without doubling them), not blank, not `History`, at most 31 characters.
 */
export function sanitizeSheetName(name: string): string {
  let s = name
    // eslint-disable-next-line no-control-regex -- replacing control characters is this line's purpose
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/[[\]:*?/\\']/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (s.toLowerCase() === 'history') s = 'History (sheet)';
  s = sliceChars(s, MAX_SHEET_NAME).trim();
  return s || 'Sheet';
}

/** Sanitized names made unique the way Excel compares them (case-insensitively): `Name`, `Name (2)`, ... */
export function uniqueSheetNames(names: ReadonlyArray<string>): string[] {
  const taken = new Set<string>();
  return names.map((raw) => {
    const base = sanitizeSheetName(raw);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = `${sliceChars(base, MAX_SHEET_NAME - suffix.length).trim()}${suffix}`;
    }
    taken.add(name.toLowerCase());
    return name;
  });
}

/** Builds one SheetJS dense worksheet (header row, typed cells, widths, autofilter) from a spec. */
export function buildWorksheet(spec: ISheetSpec, options: IBuildOptions = {}): XLSX.WorkSheet {
  return fillSheet(spec, makeContext(spec.rows.length, options));
}

/**
 * Builds an .xlsx workbook (one sheet per spec, in order) and returns its bytes.
 * Text cells are written as text only: a value such as `=SUM(A1)` never becomes a formula.
 */
export function buildWorkbook(xlsx: IXlsxWriter, sheets: ReadonlyArray<ISheetSpec>, options: IBuildOptions = {}): Uint8Array {
  const total = sheets.reduce((sum, sheet) => sum + sheet.rows.length, 0);
  const ctx = makeContext(total, options);
  const names = uniqueSheetNames(sheets.map((sheet) => sheet.name));
  const wb = xlsx.utils.book_new();
  sheets.forEach((spec, i) => {
    xlsx.utils.book_append_sheet(wb, fillSheet(spec, ctx), names[i]);
  });
  if (sheets.length === 0) {
    // A workbook needs one sheet; an empty export still opens.
    xlsx.utils.book_append_sheet(wb, fillSheet({ name: 'Sheet', columns: [], rows: [] }, ctx), 'Sheet');
  }
  options.progress?.(total, total, 'writing');
  // type 'buffer' hands back the zip's own bytes (Buffer in Node, Uint8Array in a browser or worker);
  // type 'array' would first build a binary string of the whole file and copy it again.
  const out: unknown = xlsx.writeXLSX(wb, {
    type: 'buffer',
    bookType: 'xlsx',
    compression: options.compression ?? true,
    bookSST: options.sharedStrings ?? true
  });
  const bytes = toBytes(out);
  options.progress?.(total, total, 'done');
  return bytes;
}

/**
 * `buildWorkbook`, compressed by the host's native deflate instead of SheetJS's JavaScript one: SheetJS
 * writes the package stored, `rezip` deflates its parts (in browsers a little faster, and the file less
 * than half the size). Same parts, same cells.
 */
export async function buildWorkbookNative(xlsx: IXlsxWriter, sheets: ReadonlyArray<ISheetSpec>, deflateRaw: DeflateRaw, options: IBuildOptions = {}): Promise<Uint8Array> {
  const { progress } = options;
  const stored = buildWorkbook(xlsx, sheets, { ...options, compression: false, progress: progress && ((done, total, phase) => { if (phase !== 'done') progress(done, total, phase); }) });
  const bytes = await rezip(stored, deflateRaw);
  const total = sheets.reduce((sum, sheet) => sum + sheet.rows.length, 0);
  progress?.(total, total, 'done');
  return bytes;
}

/** In a page or a worker: the engine's own deflate when it has one (`buildWorkbookNative`), else SheetJS's. */
export async function buildWorkbookInBrowser(xlsx: IXlsxWriter, sheets: ReadonlyArray<ISheetSpec>, options: IBuildOptions = {}): Promise<Uint8Array> {
  const deflate = browserDeflateRaw();
  return deflate ? buildWorkbookNative(xlsx, sheets, deflate, options) : buildWorkbook(xlsx, sheets, options);
}

function makeContext(total: number, options: IBuildOptions): IBuildContext {
  const every = Math.max(1, Math.floor(options.progressEvery ?? 5000));
  return {
    done: 0,
    total,
    every,
    nextReport: every,
    progress: options.progress,
    separator: options.listSeparator ?? ', ',
    maxWidth: Math.max(MIN_WIDTH, options.maxColumnWidth ?? 60),
    autofilter: options.autofilter ?? true
  };
}

function prepareColumn(column: IColumnSpec): IPreparedColumn {
  return {
    type: column.type,
    z: column.numberFormat ?? DEFAULT_FORMATS[column.type],
    dateZ: column.numberFormat ?? DEFAULT_FORMATS.date ?? 'yyyy-mm-dd',
    dateTimeZ: column.numberFormat ?? DEFAULT_FORMATS.datetime ?? 'yyyy-mm-dd hh:mm:ss',
    width: column.header.length,
    fixedWidth: column.width
  };
}

function fillSheet(spec: ISheetSpec, ctx: IBuildContext): XLSX.WorkSheet {
  if (spec.rows.length + 1 > MAX_ROWS || spec.columns.length > MAX_COLS) {
    throw new RangeError(`Sheet "${spec.name}" has ${spec.rows.length} rows x ${spec.columns.length} columns; Excel holds at most ${MAX_ROWS - 1} rows under a header and ${MAX_COLS} columns`);
  }
  const columns = spec.columns.map(prepareColumn);
  const ncols = columns.length;
  const data: DenseRow[] = new Array<DenseRow>(spec.rows.length + 1);
  const header: DenseRow = new Array<XLSX.CellObject | undefined>(ncols);
  for (let c = 0; c < ncols; c++) header[c] = textCell(spec.columns[c]?.header ?? '');
  data[0] = header;

  for (let r = 0; r < spec.rows.length; r++) {
    const values = spec.rows[r] ?? [];
    const row: DenseRow = new Array<XLSX.CellObject | undefined>(ncols);
    const measureNumbers = r < WIDTH_SAMPLE_ROWS;
    for (let c = 0; c < ncols; c++) {
      const column = columns[c] as IPreparedColumn;
      const cell = makeCell(values[c], column, ctx.separator);
      if (cell === undefined) continue;
      row[c] = cell;
      if (cell.t === 's') {
        const len = (cell.v as string).length;
        if (len > column.width) column.width = len;
      } else if (measureNumbers) {
        const len = displayLength(cell, column);
        if (len > column.width) column.width = len;
      }
    }
    data[r + 1] = row;
    if (++ctx.done >= ctx.nextReport) {
      ctx.nextReport += ctx.every;
      // The last rows are reported as the 'writing' phase instead.
      if (ctx.done < ctx.total) ctx.progress?.(ctx.done, ctx.total, 'cells');
    }
  }

  const lastCol = Math.max(ncols - 1, 0);
  const ref = `A1:${columnName(lastCol)}${spec.rows.length + 1}`;
  const ws: XLSX.WorkSheet = { '!data': data as XLSX.CellObject[][], '!ref': ref };
  ws['!cols'] = columns.map((column) => ({
    wch: column.fixedWidth ?? Math.min(ctx.maxWidth, Math.max(MIN_WIDTH, column.width + 2))
  }));
  if (ctx.autofilter && ncols > 0) ws['!autofilter'] = { ref };
  // No frozen header row: SheetJS Community Edition 0.20.3 cannot write one. Its XLSX writer
  // (write_ws_xml_sheetviews) emits only `<sheetView workbookViewId="0"/>` (plus rightToLeft from
  // wb.Workbook.Views) and has no `<pane>` support; keys like `!freeze` or `!views` are ignored.
  // The header row carries the autofilter instead.
  return ws;
}

/** The cell for one value in one column, or undefined for an empty cell. */
function makeCell(value: CellValue, column: IPreparedColumn, separator: string): XLSX.CellObject | undefined {
  if (value === null || value === undefined) return undefined;
  switch (typeof value) {
    case 'string':
      return stringCell(value, column);
    case 'number':
      return numberCell(value, column);
    case 'boolean':
      return { t: 'b', v: value };
    default:
      break;
  }
  if (value instanceof Date) return dateCell(value.getTime(), column, column.type === 'date' ? 'date' : 'datetime') ?? textOrEmpty(String(value));
  if (Array.isArray(value)) return textOrEmpty(value.join(separator));
  return textOrEmpty(String(value));
}

function stringCell(value: string, column: IPreparedColumn): XLSX.CellObject | undefined {
  if (value === '') return undefined;
  switch (column.type) {
    case 'number':
    case 'bytes': {
      const n = toNumber(value);
      return n === undefined ? textCell(value) : numCell(n, column.z);
    }
    case 'boolean': {
      const b = toBoolean(value);
      return b === undefined ? textCell(value) : { t: 'b', v: b };
    }
    case 'date':
    case 'datetime': {
      const ms = parseIsoDate(value);
      // Text that is not a date (or is outside Excel's range) stays as it was: never lose a value.
      return (Number.isNaN(ms) ? undefined : dateCell(ms, column, column.type)) ?? textCell(value);
    }
    default:
      return textCell(value);
  }
}

function numberCell(value: number, column: IPreparedColumn): XLSX.CellObject | undefined {
  // SheetJS would write NaN/Infinity as #NUM!/#DIV/0! errors; an empty cell says "no figure".
  if (!Number.isFinite(value)) return undefined;
  // Only number columns lend their format: a date format on a bare number would fake a date.
  return numCell(value, column.type === 'number' || column.type === 'bytes' ? column.z : undefined);
}

function numCell(value: number, z: string | undefined): XLSX.CellObject {
  return z === undefined ? { t: 'n', v: value } : { t: 'n', v: value, z };
}

/**
 * A real date: a number cell holding the Excel serial with a date format. Excel shows it as a
 * date and SheetJS (`cellDates`) reads it back as a Date; a `d` cell would cost a copy per cell
 * in the writer for the same XML.
 */
function dateCell(ms: number, column: IPreparedColumn, kind: 'date' | 'datetime'): XLSX.CellObject | undefined {
  const generalDay = column.type === 'general' && ms % 86_400_000 === 0;
  if (kind === 'date' || generalDay) {
    const serial = excelDaySerial(ms);
    return serial === undefined ? undefined : { t: 'n', v: serial, z: column.type === 'date' ? (column.z ?? column.dateZ) : column.dateZ };
  }
  const serial = excelSerial(ms);
  return serial === undefined ? undefined : { t: 'n', v: serial, z: column.type === 'datetime' ? (column.z ?? column.dateTimeZ) : column.dateTimeZ };
}

/** A plain text cell: type `s`, never a formula (`f` is never set), so `=SUM(A1)` stays text. */
function textCell(value: string): XLSX.CellObject {
  return { t: 's', v: value.length > MAX_TEXT ? sliceChars(value, MAX_TEXT) : value };
}

function textOrEmpty(value: string): XLSX.CellObject | undefined {
  return value === '' ? undefined : textCell(value);
}

function displayLength(cell: XLSX.CellObject, column: IPreparedColumn): number {
  if (cell.t === 'b') return 5;
  const z = typeof cell.z === 'string' ? cell.z : '';
  if (/[yd]/i.test(z)) return z.length;
  const digits = String(cell.v).length;
  // Thousands separators add a third.
  return z.includes(',') && column.type !== 'general' ? Math.ceil((digits * 4) / 3) : digits;
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
function sliceChars(s: string, max: number): string {
  if (s.length <= max) return s;
  const code = s.charCodeAt(max - 1);
  return s.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

function toBytes(out: unknown): Uint8Array {
  // A Node Buffer from another realm (jsdom) fails instanceof; any byte view will do.
  if (out instanceof Uint8Array) return out;
  if (ArrayBuffer.isView(out)) return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  if (out instanceof ArrayBuffer) return new Uint8Array(out);
  if (Array.isArray(out)) return Uint8Array.from(out as number[]);
  throw new Error('SheetJS returned no bytes for the workbook');
}
