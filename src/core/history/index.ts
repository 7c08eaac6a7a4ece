/** The way into core/history: the shared store's shapes (prices, snapshots, the visitors' publication). */
export { StoreError } from './types';
export type { IPublication, ISnapshot, IStoreLocation, ITenantStore, SnapshotFigures, SnapshotSource, StoreErrorKind } from './types';
