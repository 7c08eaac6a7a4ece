/**
 * The way into core/export: workbook and CSV builders, host-free; hosts pass the SheetJS module they loaded.
 * The browser loads the workbook builder on demand by its own path (ui/common/exportWorkbook.ts), so it
 * stays a chunk of its own.
 */
export type { CellValue, ExportProgress, IColumnSpec, ISheetSpec } from './types';
export { buildWorkbook, buildWorkbookInBrowser, buildWorkbookNative, buildWorksheet, columnName, sanitizeSheetName, uniqueSheetNames } from './workbook';
export { browserDeflateRaw, rezip } from './rezip';
export type { DeflateRaw } from './rezip';
export { csvEscape, toCsv } from './csv';
export { keyValueSheet, reportColumnType, reportSheets } from './sheets';
export type { KeyValuePair } from './sheets';
export { fileDate, impressionFileName, reportFileName, safeFileNamePart, usersFileName } from './fileNames';
