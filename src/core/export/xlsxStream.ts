/**
 * The workbook writer: sheet specs -> .xlsx bytes, with no SheetJS. Each sheet's XML is made a slice of rows at
 * a time, UTF-8 encoded and handed to the host's deflate as it goes (CRC-32 counted on the way), so neither the
 * sheet's XML nor its uncompressed bytes ever exist whole. Cells are decided by cells.ts, as SheetJS's path
 * decides them (workbook.ts): the same values, types, formats, widths and names.
 */
import type { CellValue, IBuildOptions, ISheetSpec } from './types';
import { BOOLEAN, EMPTY, NUMBER, TEXT, WIDTH_SAMPLE_ROWS, cellOut, checkSheetSize, classifyCell, columnName, columnWidth, measureCell, prepareColumn, sheetOptions, textOut } from './cells';
import type { ICellOut, IPreparedColumn, ISheetOptions } from './cells';
import { PartWriter, browserDeflateStreams, wholePart } from './deflate';
import type { IZipPart, RawDeflateStreams } from './deflate';
import { CellStyles, appPropsXml, colsXml, contentTypesXml, corePropsXml, rootRelsXml, themeXml, workbookRelsXml, workbookXml, worksheetClosing, worksheetOpening } from './parts';
import type { ISheetEntry } from './parts';
import { uniqueSheetNames } from './sheetNames';
import { XML_DECLARATION, textElement } from './xml';
import { utf8Encoder } from './utf8';
import { zipParts } from './zip';

/** Characters of XML gathered before they are encoded and deflated: big enough to keep the deflate busy, small next to the heap. */
const SLICE_CHARS = 1 << 16;

/** Shared strings: each distinct text once, cells refer to it by index (what Excel writes; the sheet stays small). */
class SharedStrings {
  public readonly indexes = new Map<string, number>();
  public count = 0;
  /** The text asked last: a row's e-mail is often its UPN, the same string, and needs no look-up in a large map. */
  private lastText = '';
  private lastIndex = -1;

  public index(text: string): number {
    this.count++;
    if (text === this.lastText && this.lastIndex >= 0) return this.lastIndex;
    let i = this.indexes.get(text);
    if (i === undefined) {
      i = this.indexes.size;
      this.indexes.set(text, i);
    }
    this.lastText = text;
    this.lastIndex = i;
    return i;
  }
}

interface IWriteContext extends ISheetOptions {
  done: number;
  total: number;
  every: number;
  nextReport: number;
  progress: IBuildOptions['progress'];
  streams: RawDeflateStreams | undefined;
  strings: SharedStrings | undefined;
  styles: CellStyles;
  encode: (text: string) => Uint8Array;
  out: ICellOut;
}

/** One sheet's state while its rows are written. */
interface ISheetState {
  columns: IPreparedColumn[];
  /** Each column's `<c r="B` (the row number follows). */
  cellOpen: string[];
}

/**
 * Builds an .xlsx workbook (one sheet per spec, in order) and returns its bytes. `streams` deflates the parts
 * (the host's raw deflate); without it, or with `compression: false`, the parts are stored.
 * Text cells are text only: a value such as `=SUM(A1)` never becomes a formula.
 */
export async function writeWorkbook(sheets: ReadonlyArray<ISheetSpec>, streams: RawDeflateStreams | undefined, options: IBuildOptions = {}): Promise<Uint8Array> {
  const total = sheets.reduce((sum, sheet) => sum + sheet.rows.length, 0);
  const every = Math.max(1, Math.floor(options.progressEvery ?? 5000));
  const ctx: IWriteContext = {
    ...sheetOptions(options),
    done: 0,
    total,
    every,
    nextReport: every,
    progress: options.progress,
    streams: options.compression === false ? undefined : streams,
    strings: options.sharedStrings === false ? undefined : new SharedStrings(),
    styles: new CellStyles(),
    encode: utf8Encoder(),
    out: cellOut()
  };
  // A workbook needs one sheet; an empty export still opens.
  const specs = sheets.length ? sheets : [{ name: 'Sheet', columns: [], rows: [] }];
  const names = uniqueSheetNames(specs.map((sheet) => sheet.name));
  const sheetParts: IZipPart[] = [];
  const entries: ISheetEntry[] = [];
  for (let i = 0; i < specs.length; i++) {
    const { part, filter } = await writeSheet(specs[i] as ISheetSpec, i + 1, ctx);
    sheetParts.push(part);
    entries.push({ name: names[i] as string, filter });
  }
  options.progress?.(total, total, 'writing');
  const bytes = await packWorkbook(ctx, sheetParts, entries);
  options.progress?.(total, total, 'done');
  return bytes;
}

/** In a page or a worker: `writeWorkbook` with the engine's own deflate (parts stored where it has none). */
export function buildWorkbookInBrowser(sheets: ReadonlyArray<ISheetSpec>, options: IBuildOptions = {}): Promise<Uint8Array> {
  return writeWorkbook(sheets, browserDeflateStreams(), options);
}

async function packWorkbook(ctx: IWriteContext, sheetParts: IZipPart[], entries: ISheetEntry[]): Promise<Uint8Array> {
  const strings = ctx.strings && ctx.strings.indexes.size > 0 ? ctx.strings : undefined;
  const small = (name: string, xml: string): Promise<IZipPart> => wholePart(name, ctx.encode(xml), ctx.streams);
  const names = entries.map((entry) => entry.name);
  const parts: IZipPart[] = [
    await small('[Content_Types].xml', contentTypesXml(entries.length, strings !== undefined)),
    await small('_rels/.rels', rootRelsXml()),
    await small('docProps/app.xml', appPropsXml(names)),
    await small('docProps/core.xml', corePropsXml()),
    await small('xl/workbook.xml', workbookXml(entries)),
    await small('xl/_rels/workbook.xml.rels', workbookRelsXml(entries.length, strings !== undefined)),
    await small('xl/theme/theme1.xml', themeXml()),
    await small('xl/styles.xml', ctx.styles.xml()),
    ...sheetParts
  ];
  if (strings) parts.push(await writeSharedStrings(strings, ctx));
  // Dropped before the package is assembled: the only large copy made is the file itself.
  sheetParts.length = 0;
  return zipParts(parts);
}

async function writeSheet(spec: ISheetSpec, n: number, ctx: IWriteContext): Promise<{ part: IZipPart; filter: string | undefined }> {
  checkSheetSize(spec.name, spec.rows.length, spec.columns.length);
  const columns = spec.columns.map(prepareColumn);
  const sheet: ISheetState = { columns, cellOpen: columns.map((_, c) => `<c r="${columnName(c)}`) };
  const part = new PartWriter(`xl/worksheets/sheet${n}.xml`, ctx.streams);
  let xml = '<sheetData>' + headerRow(spec, sheet, ctx);
  for (let r = 0; r < spec.rows.length; r++) {
    xml += rowXml(spec.rows[r] ?? [], String(r + 2), r < WIDTH_SAMPLE_ROWS, sheet, ctx);
    if (xml.length >= SLICE_CHARS) {
      await part.write(ctx.encode(xml));
      xml = '';
    }
    if (++ctx.done >= ctx.nextReport) {
      ctx.nextReport += ctx.every;
      // The last rows are reported as the 'writing' phase instead.
      if (ctx.done < ctx.total) ctx.progress?.(ctx.done, ctx.total, 'cells');
    }
  }
  const ref = `A1:${columnName(Math.max(columns.length - 1, 0))}${spec.rows.length + 1}`;
  const filter = ctx.autofilter && columns.length > 0 ? ref : undefined;
  await part.write(ctx.encode(`${xml}</sheetData>${worksheetClosing(ref, filter !== undefined)}`));
  // The widths are known now that every row was seen; they go before the rows (see PartWriter.end).
  const head = worksheetOpening(ref) + colsXml(columns.map((column) => columnWidth(column, ctx.maxWidth)));
  return { part: await part.end(ctx.encode(head)), filter };
}

/** The header row: each column's header as text, written even when blank, as before. */
function headerRow(spec: ISheetSpec, sheet: ISheetState, ctx: IWriteContext): string {
  let xml = '';
  spec.columns.forEach((column, c) => {
    textOut(column.header, ctx.out);
    xml += textCell(sheet.cellOpen[c] as string, '1', ctx.out.text, ctx.strings);
  });
  return xml ? `<row r="1">${xml}</row>` : '';
}

function textCell(open: string, rowNumber: string, text: string, strings: SharedStrings | undefined): string {
  return strings
    ? `${open}${rowNumber}" t="s"><v>${strings.index(text)}</v></c>`
    : `${open}${rowNumber}" t="inlineStr"><is>${textElement(text)}</is></c>`;
}

/** One row's XML (none for a row without cells). Text is `t="s"` or `t="inlineStr"`, never a formula (`<f>` is never written). */
function rowXml(values: ReadonlyArray<CellValue>, rowNumber: string, sampleNumbers: boolean, sheet: ISheetState, ctx: IWriteContext): string {
  const { columns, cellOpen } = sheet;
  const out = ctx.out;
  let xml = '';
  for (let c = 0; c < columns.length; c++) {
    const column = columns[c] as IPreparedColumn;
    const kind = classifyCell(values[c], column, ctx.separator, out);
    if (kind === EMPTY) continue;
    measureCell(kind, out, column, sampleNumbers);
    const open = cellOpen[c] as string;
    if (kind === TEXT) xml += textCell(open, rowNumber, out.text, ctx.strings);
    else if (kind === NUMBER) xml += out.z === undefined ? `${open}${rowNumber}"><v>${out.num}</v></c>` : `${open}${rowNumber}" s="${ctx.styles.index(out.z)}"><v>${out.num}</v></c>`;
    else if (kind === BOOLEAN) xml += `${open}${rowNumber}" t="b"><v>${out.bool ? 1 : 0}</v></c>`;
  }
  return xml ? `<row r="${rowNumber}">${xml}</row>` : '';
}

/** The shared strings part, after every sheet (only then are they all known), a slice at a time. */
async function writeSharedStrings(strings: SharedStrings, ctx: IWriteContext): Promise<IZipPart> {
  const part = new PartWriter('xl/sharedStrings.xml', ctx.streams);
  let xml = `${XML_DECLARATION}<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${strings.count}" uniqueCount="${strings.indexes.size}">`;
  for (const text of strings.indexes.keys()) {
    xml += `<si>${textElement(text)}</si>`;
    if (xml.length >= SLICE_CHARS) {
      await part.write(ctx.encode(xml));
      xml = '';
    }
  }
  await part.write(ctx.encode(`${xml}</sst>`));
  strings.indexes.clear();
  return part.end();
}
