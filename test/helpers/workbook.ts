import * as fs from 'fs';
import * as XLSX from 'xlsx';

/** Read a downloaded workbook back: sheet names and each sheet's rows as arrays (SheetJS as the reference reader). */
export function readBack(file: string): Record<string, unknown[][]> {
  const wb = XLSX.read(fs.readFileSync(file), { cellDates: true });
  return Object.fromEntries(wb.SheetNames.map(n => [n, XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[n]!, { header: 1, raw: true })]));
}
