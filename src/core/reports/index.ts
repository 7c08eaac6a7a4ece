/** The way into core/reports: the catalog, readers (CSV and beta JSON), parameters, the rate limits and the report store. */
export { REPORT_PERIODS } from './types';
export type { ColumnUnit, IReportChart, IReportColumn, IReportEntry, ReportCell, ReportPeriod, ReportRow } from './types';
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
  validateReportDate,
  mergeDayRows
} from './params';
export type { DayInput, ParamCheck, ReportParam } from './params';
export { isRelative, parseDaysBack, planLabel, planReport, readsByRange, reportParamLabel, resolveDaySpec } from './days';
export type { DaySpec, ReportAsk, ReportPlan } from './days';
export { ACTIVITY_CONCEALED, SHOW_NAMES_HELP, detectConcealedNames, isConcealedToken } from './concealed';
export type { IConcealment } from './concealed';
export { DEFAULT_WAIT_SECONDS, MAX_THROTTLE_WAITS, MAX_WAIT_SECONDS, isThrottled, readWithWaits, waitSeconds } from './throttle';
export { GRAPH_REPORT_LIMITS, secondsUntil, timeAtLimit } from './limiter';
export type { IReportLimit } from './limiter';
export { notInReport, reportKey } from './reader';
export type { IReportResult, IReportSource, ReportFormat } from './reader';
export { DateRangeRead, IDLE_READ, ReadProgress, ReportRead, ReportReadSet, ReportReads } from './reads';
export type { DateRangeState, ReportReadState } from './reads';
export { NAMES_CONCEALED_BY_SETTING, ReportSettingsRead, readReportSettings } from './settings';
export type { IReportSettings, ReportSettingsState } from './settings';
export { ReportStore } from './store';
export type { IClearedReports, IFoundRow, IReadProgress, IReportPersistence } from './store';
export { GRAPH_DEFAULT_REPORT_PAGE, PageSizer, REPORT_PAGE_RUNGS } from './pageSize';
export type { IPageSizerState } from './pageSize';
export { RELAY_LIBRARY_DESCRIPTION, RELAY_LIBRARY_TITLE, RelayAccessError, RelayCopyError, decodeRelayCopy, encodeRelayCopy, packRelayCopy, relayFileName, unpackRelayCopy, relaySourceText, relaySourceTitle, staleCopy } from './relay';
export type { IFileStore, IRelayEvent, IRelayPublish, IReportRelayOptions, RelayOutcome } from './relay';
