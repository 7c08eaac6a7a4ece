/** The way into core/history: the shared store's shapes (prices, snapshots, the visitors' publication). */
export { StoreError } from './types';
export type { IPublication, ISnapshot, IStoreLocation, ITenantStore, SnapshotFigures, SnapshotSource, StoreErrorKind } from './types';
export { MAX_PUBLISHED_DAYS, PUBLICATION_PERIOD, STALE_AFTER_DAYS, buildPublication, parsePublication, publicationAsOf, publicationStaleness, publishedRows, seriesOf } from './publication';
export type { IBuiltPublication, IPublicationRead, IPublishedSource, IPublishedTile, IPublishedTileSpec, PublicationState } from './publication';
// Snapshots, backfill and the history's series (helper "history").
export {
  ACTIVE_DAILY_REPORT,
  ACTIVE_PERIOD_REPORT,
  ACTIVE_WINDOWS,
  ACTIVE_WORKLOADS,
  SKU_MEASURES,
  SNAPSHOT_FIGURES,
  STORAGE_SOURCES,
  activeFigure,
  FIGURE_FAMILIES,
  describeFigure,
  directoryFigures,
  directorySkuCounts,
  isKnownFigure,
  licenceSkuCounts,
  licenceWaste,
  mfaFigures,
  skuFigure,
  skuFigures,
  skuFreeFigure,
  storageFigure,
  wasteCostFigure,
  wasteFigure,
  wasteFigures
} from './figures';
export type { ActiveWindow, FigureUnit, ISkuCounts, ISnapshotFigure, IWasteFigures, SkuMeasure } from './figures';
export { buildSnapshot, buildSnapshotFigures, takeDailySnapshot, utcDay } from './snapshot';
export type { DailySnapshotOutcome, IBuiltFigures, IDailySnapshotOptions, ISnapshotInput } from './snapshot';
export { BACKFILL_PERIOD, BACKFILL_REPORTS, BACKFILL_WITHIN_DAYS, backfillHistory, backfillSnapshots, daysBefore, missingDays, needsBackfill, readBackfillReports } from './backfill';
export type { BackfillOutcome, IBackfillOptions, IBackfillProblem, IReportGetter } from './backfill';
export {
  HISTORY_CHARTS,
  NO_PRICES_NOTE,
  activeUserSeries,
  figuresSheet,
  freeSkus,
  historyFileName,
  historySeries,
  historyWorkbook,
  licenceSeries,
  mfaSeries,
  seriesSheet,
  wasteCostSeries,
  wasteCurrencies
} from './series';
export type { HistoryChartKey, IHistoryAbout, IHistorySeries, ISeriesOptions, SeriesUnit } from './series';
// The shared store: a SharePoint list in the store's site (web part, workbench, CLI --site), or a JSON-lines file (CLI --to).
export { SharePointTenantStore, STORE_LIST_DESCRIPTION, STORE_LIST_FIELDS, STORE_LIST_TITLE, STORE_PART_CHARS, storeErrorOf } from './store';
export type { ISharePointTenantStoreOptions, IStoreSite } from './store';
export { FileTenantStore } from './storeFile';
export type { IFileTenantStoreOptions, IStoreFileIo } from './storeFile';
export { STORE_SITE_TENANT_PROPERTY, chooseStoreSite, readTenantStoreSite, storeLocationText, storeSiteOnHost } from './storeSite';
export type { IStoreSiteChoice } from './storeSite';
export type { IStoreSkip, StoreRecordKind } from './storeRecords';
