/** The way into core/history: the shared store's shapes (prices, snapshots, the visitors' publication). */
export { StoreError } from './types';
export type { IPublication, ISnapshot, IStoreLocation, ITenantStore, SnapshotFigures, SnapshotSource, StoreErrorKind } from './types';
export { MAX_PUBLISHED_DAYS, PUBLICATION_PERIOD, STALE_AFTER_DAYS, buildPublication, parsePublication, publicationAsOf, publicationStaleness, publishedRows, seriesOf } from './publication';
export type { IBuiltPublication, IPublicationRead, IPublishedSource, IPublishedTile, IPublishedTileSpec, PublicationState } from './publication';
