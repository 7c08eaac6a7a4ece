/** The history's charts and the daily snapshot (issue 17): what the Licences view, the usage overview and the app mount. */
export { HistoryCharts } from './HistoryCharts';
export type { IHistoryChartsProps } from './HistoryCharts';
export { HistoryChartPanel } from './HistoryChartPanel';
export type { IHistoryChartPanelProps } from './HistoryChartPanel';
export { HistoryTable } from './HistoryTable';
export { useHistory } from './useHistory';
export { HistoryRead, historyReadFor } from './historyRead';
export type { HistoryState } from './historyRead';
export { useDailySnapshot, useDailySnapshotState } from './useDailySnapshot';
export { DailySnapshotNotice } from './DailySnapshotNotice';
export type { IUseDailySnapshotOptions } from './useDailySnapshot';
export { DailySnapshot, dailySnapshotFor, usersInput } from './dailySnapshot';
export type { DailySnapshotState } from './dailySnapshot';
export { NO_HISTORY_YET, noHistoryRefusedText, readFailureText, refusalReason, whereText, writeFailureText } from './storeText';
export { useSnapshotWaste } from './useSnapshotWaste';
export { SnapshotScript, snapshotScript } from './SnapshotScript';
export type { ISnapshotScriptProps } from './SnapshotScript';
