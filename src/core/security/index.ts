/**
 * The way into core/security: each user's security readiness. Attack simulation training (simulation
 * coverage, repeat offences, assigned trainings; AttackSimulation.Read.All and Defender for Office 365 Plan 2
 * or Microsoft 365 E5) and how MFA is enforced (security defaults or Conditional Access policies, evaluated per
 * user; Policy.Read.All with GroupMember.Read.All and RoleManagement.Read.Directory for the policies' groups and roles).
 */
export {
  REPEAT_OFFENDERS_PATH,
  SIMULATION_COVERAGE_PATH,
  TRAINING_COVERAGE_PATH,
  loadAttackSimulationJoin,
  loadRepeatOffenders,
  loadSimulationCoverage,
  loadTrainingCoverage,
  neverSimulated,
  TRAINING_STATUS_LABEL,
  summarizeTrainings,
  toRepeatOffence,
  toSimulationFigures,
  toTrainingStatus,
  toTrainingSummary,
  trainingText
} from './simulations';
export type { ISecurityTrainingIndex, ISimulationFigures, ITraining, ITrainingSummary, TrainingStatus } from './simulations';
export { enforcementText, isMfaPolicy, mfaEnforcementFor, prepareEnforcement, toCaPolicy } from './enforcement';
export type { ICaPolicy, IEnforcementModel, MfaEnforcement, PolicyState } from './enforcement';
export { CA_POLICIES_PATH, SECURITY_DEFAULTS_PATH, groupMembersPath, loadMfaEnforcement, referencedMembers, roleMembersPath } from './loadEnforcement';
export { SecurityReads } from './shared';
