/**
 * SheetJS's path: neutral sheet specs -> SheetJS dense worksheets -> .xlsx bytes. The exports themselves are
 * written by xlsxStream.ts (core's own writer, several times faster); this path stays as the reference that
 * writer is tested against, cell by cell, and for callers holding SheetJS anyway (tests reading workbooks back).
 * SheetJS is never imported here at run time; the caller passes the module.
 */
import type * as XLSX from 'xlsx';
import type { IBuildOptions, ISheetSpec, IXlsxWriter } from './types';
import { BOOLEAN, EMPTY, TEXT, WIDTH_SAMPLE_ROWS, cellOut, checkSheetSize, classifyCell, columnName, columnWidth, measureCell, prepareColumn, sheetOptions, textOut } from './cells';
import type { CellKind, ICellOut, IPreparedColumn, ISheetOptions } from './cells';
import { uniqueSheetNames } from './sheetNames';

/** A dense row: `undefined` holes are empty cells (SheetJS skips them; `null` would crash its writer). */
type DenseRow = Array<XLSX.CellObject | undefined>;

export { columnName } from './cells';
export { sanitizeSheetName, uniqueSheetNames } from './sheetNames';

interface IBuildContext extends ISheetOptions {
  done: number;
  total: number;
  every: number;
  nextReport: number;
  progress: IBuildOptions['progress'];
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

function makeContext(total: number, options: IBuildOptions): IBuildContext {
  const every = Math.max(1, Math.floor(options.progressEvery ?? 5000));
  return { ...sheetOptions(options), done: 0, total, every, nextReport: every, progress: options.progress };
}

function fillSheet(spec: ISheetSpec, ctx: IBuildContext): XLSX.WorkSheet {
  checkSheetSize(spec.name, spec.rows.length, spec.columns.length);
  const columns = spec.columns.map(prepareColumn);
  const ncols = columns.length;
  const out = cellOut();
  const data: DenseRow[] = new Array<DenseRow>(spec.rows.length + 1);
  const header: DenseRow = new Array<XLSX.CellObject | undefined>(ncols);
  // Header cells are written even when blank (an empty text cell), as before.
  for (let c = 0; c < ncols; c++) header[c] = sheetjsCell(textOut(spec.columns[c]?.header ?? '', out), out);
  data[0] = header;

  for (let r = 0; r < spec.rows.length; r++) {
    const values = spec.rows[r] ?? [];
    const row: DenseRow = new Array<XLSX.CellObject | undefined>(ncols);
    const sampleNumbers = r < WIDTH_SAMPLE_ROWS;
    for (let c = 0; c < ncols; c++) {
      const column = columns[c] as IPreparedColumn;
      const kind = classifyCell(values[c], column, ctx.separator, out);
      if (kind === EMPTY) continue;
      row[c] = sheetjsCell(kind, out);
      measureCell(kind, out, column, sampleNumbers);
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
  ws['!cols'] = columns.map((column) => ({ wch: columnWidth(column, ctx.maxWidth) }));
  if (ctx.autofilter && ncols > 0) ws['!autofilter'] = { ref };
  // No frozen header row: SheetJS Community Edition 0.20.3 cannot write one. Its XLSX writer
  // (write_ws_xml_sheetviews) emits only `<sheetView workbookViewId="0"/>` (plus rightToLeft from
  // wb.Workbook.Views) and has no `<pane>` support; keys like `!freeze` or `!views` are ignored.
  // The header row carries the autofilter instead.
  return ws;
}

/**
 * A SheetJS cell object of a decision. Dates are number cells holding the Excel serial with a date format
 * (a `d` cell would cost a copy per cell in the writer for the same XML); text is type `s` with no `f`.
 */
function sheetjsCell(kind: CellKind, out: ICellOut): XLSX.CellObject {
  if (kind === TEXT) return { t: 's', v: out.text };
  if (kind === BOOLEAN) return { t: 'b', v: out.bool };
  return out.z === undefined ? { t: 'n', v: out.num } : { t: 'n', v: out.num, z: out.z };
}

function toBytes(out: unknown): Uint8Array {
  // A Node Buffer from another realm (jsdom) fails instanceof; any byte view will do.
  if (out instanceof Uint8Array) return out;
  if (ArrayBuffer.isView(out)) return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  if (out instanceof ArrayBuffer) return new Uint8Array(out);
  if (Array.isArray(out)) return Uint8Array.from(out as number[]);
  throw new Error('SheetJS returned no bytes for the workbook');
}
