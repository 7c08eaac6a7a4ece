/**
 * The way into core/plans: reviewed bulk plans (offboarding, "set up like", bulk licence and group changes),
 * the facts they are built from, the reference colleagues "set up like" suggests, review helpers, Finish (applyPlan),
 * Try again, the record workbook and the script.
 */
export type { IBulkOutcome, IBulkPlan, IPlanGap, IPlanStep, StepKind, StepMarker, StepResult } from './types';
export { PART_SCOPES, PLAN_PEOPLE_SELECT, PLAN_PROFILE_SELECT, partReason, readGroupMembership, readOffboardFacts, readPlanPeople, readPlanSkus, readSetupLikeFacts, toAuthMethod, toDirectoryRole, toLicenseHoldings, toPlanPerson } from './facts';
export type { IAuthMethodInfo, IDirectoryRoleInfo, ILicenseHolding, IManagerRef, IOffboardFacts, IPlanPerson, ISetupLikeFacts } from './facts';
export { SELF_LOCK, isSignedIn, signedInFromToken } from './steps';
export type { IPlanOptions } from './steps';
export { DESTRUCTIVE_LOCK, REQUESTED_STEP_SCOPE, STEP_ROLES, STEP_SCOPES, alreadyDone, scopeLock, stepErrorText } from './policy';
export type { SentKind } from './policy';
export { OFFBOARD_CHECKLIST, PERSONAL_DEVICE_RETIRED, buildOffboardPlan, isPersonalDevice } from './offboard';
export type { IOffboardOptions } from './offboard';
export { OVERWRITE_NOTE, SETUP_FIELDS, buildSetupLikePlan } from './setupLike';
export { LIKENESS_WEIGHTS, MAX_SUGGESTIONS, NEW_COLLEAGUE_DAYS, SUGGEST_PEOPLE_SELECT, SUGGEST_PROFILE_SELECT, departmentFilter, rankColleagues, suggestReferences } from './suggest';
export type { ISuggestion, ISuggestionBasis, ISuggestions } from './suggest';
export { buildGroupPlan, buildLicenseRemovePlan, withGroupMembership, withPlanPeople } from './bulk';
export type { IBulkLicense, IBulkPerson } from './bulk';
export { canSend, countSelected, countSteps, selectAll, selectKind, selectPerson, selectedSteps, setDeviceAction, stepsByPerson, toggleStep } from './edit';
export type { IPersonSteps, IPlanCounts } from './edit';
export { APPLY_PHASES, applyPlan, mergeOutcomes, needsRetry, outcomeCounts, retryFailed } from './apply';
export type { IApplyPlanOptions, IApplyProgress } from './apply';
export { PURPOSE_LABEL, RECORD_SHEETS, STEPS_COLUMNS, STEP_KIND_LABEL, historyText, offboardingRecordSheets, resultText } from './record';
export {
  DEFAULT_OFFBOARD_STEPS, OFFBOARD_STEP_NAMES, STEP_NAME_KINDS, exceptEntries, exceptMatches, isPersonalRetire, offboardRecordName, offboardScript, parseExcept,
  parseStepNames, selectedStepNames, stepTarget
} from './script';
export type { IExceptEntry, IOffboardScript, OffboardStepName } from './script';
