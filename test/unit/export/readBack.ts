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
