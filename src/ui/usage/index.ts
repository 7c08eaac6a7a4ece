/** The Usage view and what a host needs to configure it (tile keys for the property pane). */
export { UsageView } from './UsageView';
export type { IUsageViewProps, UsageMode } from './UsageView';
export { OVERVIEW_TILES, DEFAULT_TILE_KEYS, tilesFor } from './model/tiles';
export type { IOverviewTile } from './model/tiles';
