/** Public API of the host-free report core: catalog, readers (CSV and beta JSON) and parameters. */
export * from './types';
export { REPORT_CATALOG, findReport, requireReport } from './catalog';
export { parseReportCsv, ReportCsvReader } from './csv';
export { rowsFromJsonValues, nestedJsonKey } from './json';
export { conventionalJsonName } from './cells';
export {
  MAX_DAYS_BACK,
  checkReportParam,
  daysBackToDate,
  parsePeriod,
  planDateRange,
  reportPath,
  validateReportDate
} from './params';
export type { DayInput, ParamCheck, ReportParam } from './params';
export { detectConcealedNames, isConcealedToken } from './concealed';
export type { IConcealment } from './concealed';
