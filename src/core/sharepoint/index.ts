// SharePoint REST, for what the product keeps in the tenant's own SharePoint (the report relay's library).
export { SharePointLibrary } from './library';
export type { ISharePointLibraryOptions, ISharePointResponse, LibraryState, SharePointFetch } from './library';
export { bearerFetch } from './bearer';
export type { IBearerFetchOptions } from './bearer';
export { SharePointList, SharePointListError, odataString } from './list';
export type { IListFieldSpec, IListItem, IListQuery, ISharePointListOptions } from './list';
