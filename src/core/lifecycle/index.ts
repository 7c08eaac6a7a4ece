/** The way into core/lifecycle: the Joiners and Leavers lists, their window, columns, queries, sheets and explanations. */
export type {
  IJoinerRow,
  IJoinersState,
  ILeaverRow,
  ILeaversState,
  ILifecycleState,
  ILifecycleUser,
  IManagerRef,
  IRemains,
  IWindowBounds,
  JoinerBasis,
  JoinerPart,
  LeaverPart,
  LeaverReason,
  LifecyclePart,
  LifecycleWindow
} from './types';
export { DEFAULT_WINDOW, LIFECYCLE_WINDOWS, addDays, daysFrom, inWindow, parseWindow, windowBounds } from './window';
export { JOINER_SELECT, LEAVER_SELECT, readCreated, readHireDates, readLeaveDates, toLifecycleUser } from './reads';
export { DEVICES_READ, GROUPS_READ, MANAGER_READ, MFA_READ, SIGN_IN_READ, readPerPerson } from './enrich';
export type { IPerPersonRead } from './enrich';
export { INACTIVE_DAYS, inactiveLicensed, joinerRows, leaverCandidates, leaverReasons, leaverRows, leftBy } from './rows';
export type { IJoinerEnrichment, ILeaverEnrichment } from './rows';
export { BASIS_LABEL, JOINER_COLUMNS, JOINER_VISIBLE, LEAVER_COLUMNS, LEAVER_VISIBLE, NEVER_SIGNED_IN, NOT_SIGNED_IN, REASON_LABEL, reasonsText, sortValue } from './columns';
export type { ILifecycleColumn } from './columns';
export { hasLifecycleFilters, queryJoiners, queryLeavers } from './query';
export type { IJoinerFilters, ILeaverFilters, ILifecycleSort } from './query';
export { PART_NAME, explainPart } from './explain';
export { joinersSheet, joinersSheets, leaversSheet, leaversSheets, lifecycleFileName, notesSheet } from './sheets';
export { JoinersRead, LeaversRead, loadJoiners, loadLeavers } from './read';
