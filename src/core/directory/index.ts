/**
 * The way into core/directory: users, the list's joins (licences, MFA, activity, sign-ins, attack simulation
 * training, MFA enforcement, devices), columns and
 * queries, the list's rules (filter holds, Try again, export sequencing), groups, search and photos.
 * Microsoft's SKU names stay a chunk loaded on demand (loadSkuNames).
 */
export { ACTIVITY_REPORT } from './activity';
export { DEVICE_SCOPES, deviceCountOf, deviceCountsProblem, deviceFailureMayPass, explainDeviceError, isNoIntune, loadDeviceCountJoin, physicalDeviceKey } from './deviceCounts';
export type { DevicePart, IDeviceCounts } from './deviceCounts';
export { GROUP_KIND_LABEL } from './groups';
export type { IGroupInfo } from './groups';
export { ACTIVITY_PERIOD, OPTIONAL_JOINS, loadActivityJoin, loadLicenseJoin, loadMfaJoin, loadSignInJoin } from './loadUsers';
export type { OptionalJoinKey, UserJoinKey } from './loadUsers';
export {
  awaitedExportMayStart,
  degradedJoins,
  exportAllAwaits,
  exportAllStep,
  exportAwaitProgress,
  exportMenu,
  filterHolds,
  filterJoins,
  heldChipLabel,
  joinFailed,
  noMatchText,
  unavailableFilters,
  wantedJoins
} from './listPolicy';
export type { FilterSource, IFilterHold, WantedJoins } from './listPolicy';
export { MFA_STATUS_LABEL } from './mfa';
export { PhotoLoader } from './photos';
export { usersScript, usersScriptArgs } from './script';
export type { IUsersScriptInput } from './script';
export { searchGroups, searchUsers } from './search';
export { loadSkuNames } from './skus';
export { DEFAULT_VISIBLE, JOINED_SOURCES, USER_COLUMNS, joinStateOf, sortValueFor, userColumn, usersSheet } from './userColumns';
export type { IUserColumn } from './userColumns';
export { ACTIVITY_LABELS, activityAsOf, buildRows, queryRows } from './userIndex';
export type { ActivityFilter, IJoinSources, IUserFilters, IUserRow, MfaEnforcementFilter, SourceState } from './userIndex';
export { asKeptLink, asKeptUsers, fromKeptColumns, toKeptColumns } from './keptUsersShape';
export type { IKeptUsers, IUserListCache } from './userCache';
export { DELTA_TRACKED, DeltaRefusedError, applyUserDelta, deltaTracking, isDeltaRefused, latestDeltaLink } from './userDelta';
export type { IDeltaTracking, IUserDeltaResult } from './userDelta';
export { KEPT_FOR_MS, UserList, loadUsers } from './userList';
export type { IUserListState } from './userList';
export { streamUsers } from './users';
export type { IUserRecord } from './users';
