/** The way into core/impression: one user's directory batch, report joins, security readiness, staged edits, workbook and script. */
export { addGroup, applyChanges, describeChange, emptyChangeSet, normalizeField, removeGroup, setField, toggleLicense } from './changeSet';
export type { Change, EditableField, FieldValue, IApplyOutcome, IChangeSet, ILicenseRef } from './changeSet';
export { loadImpressionDirectory } from './directory';
export type { IImpressionDirectory } from './directory';
export { editAccess, editErrorText } from './editPolicy';
export type { IEditAccess } from './editPolicy';
export { loadActiveUserRow, loadWorkloads } from './loadImpression';
export type { IImpression } from './loadImpression';
export { impressionScript } from './script';
export { enforcementDetail, loadUserAttackSimulation, loadUserMfaEnforcement, userAttackSimulation } from './security';
export type { IUserAttackSimulation } from './security';
export { ImpressionSession, loadImpression } from './session';
export type { IImpressionState, RetriablePart, SecurityPart } from './session';
export type { IImpressionScript } from './script';
export { DEVICE_COLUMNS, DEVICE_SOURCE_LABEL, devicesSheet, impressionSheets, partStatus } from './workbook';
export { WORKLOAD_SOURCES } from './workloads';
export type { IFigure, WorkloadKey, WorkloadPart } from './workloads';
