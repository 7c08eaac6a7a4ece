/** Test helpers: read a built workbook back with SheetJS, the way a user's Excel or script would see it. */
import * as XLSX from 'xlsx';

/** The workbook as SheetJS reads it: dates as Dates, formulas and number formats kept, widths parsed. */
export function readBack(bytes: Uint8Array): XLSX.WorkBook {
  return XLSX.read(bytes, { type: 'array', cellDates: true, cellFormula: true, cellNF: true, cellStyles: true });
}

/** A sheet of a workbook read back, failing loudly when it is missing. */
export function sheetOf(wb: XLSX.WorkBook, name: string): XLSX.WorkSheet {
  const ws = wb.Sheets[name];
  if (!ws) throw new Error(`no sheet ${name} in ${wb.SheetNames.join(', ')}`);
  return ws;
}

/** The cell at an A1 address (sparse sheets, as `read` returns by default). */
export function cellAt(ws: XLSX.WorkSheet, address: string): XLSX.CellObject | undefined {
  return ws[address] as XLSX.CellObject | undefined;
}

/** The raw XML of a part of the .xlsx zip, e.g. `xl/worksheets/sheet1.xml`. */
export function zipPart(bytes: Uint8Array, part: string): string {
  const zip = XLSX.CFB.read(bytes, { type: 'array' });
  const entry = XLSX.CFB.find(zip, `/${part}`) as { content: Uint8Array } | null;
  if (!entry) throw new Error(`no ${part} in the workbook`);
  return new TextDecoder().decode(entry.content);
}

/** One entry of a zip's central directory, with its (possibly compressed) data. */
export interface IZipEntry {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  crc: number;
  size: number;
  compressedSize: number;
  data: Uint8Array;
}

/** The entries of a .zip as its central directory lists them (read independently of SheetJS). */
export function zipEntries(bytes: Uint8Array): IZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.length - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const out: IZipEntry[] = [];
  for (let k = 0; k < count; k++) {
    const nameLen = view.getUint16(at + 28, true);
    const compressedSize = view.getUint32(at + 20, true);
    const local = view.getUint32(at + 42, true);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    out.push({
      name: new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLen)),
      method: view.getUint16(at + 10, true),
      crc: view.getUint32(at + 16, true),
      size: view.getUint32(at + 24, true),
      compressedSize,
      data: bytes.subarray(start, start + compressedSize)
    });
    at += 46 + nameLen + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return out;
}
