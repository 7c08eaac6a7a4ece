/** Workbook and CSV export core: host-free; hosts pass the SheetJS module they loaded. */
export type { CellValue, ExportColumnType, ExportPhase, ExportProgress, IBuildOptions, IColumnSpec, ISheetSpec, IXlsxWriter } from './types';
export { buildWorkbook, buildWorkbookInBrowser, buildWorkbookNative, buildWorksheet, columnName, sanitizeSheetName, uniqueSheetNames } from './workbook';
export { browserDeflateRaw, rezip } from './rezip';
export type { DeflateRaw } from './rezip';
export { csvEscape, toCsv } from './csv';
export type { ICsvOptions } from './csv';
export { keyValueSheet, reportColumnType, reportSheets } from './sheets';
export type { IReportSheetOptions, KeyValuePair } from './sheets';
export { fileDate, impressionFileName, reportFileName, safeFileNamePart, usersFileName } from './fileNames';
export { excelSerial, parseIsoDate } from './values';
