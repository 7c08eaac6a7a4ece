/**
 * One user's security readiness in the impression: their attack simulation figures and trainings (picked from
 * the tenant-wide coverage reports, which Graph offers for everyone or no one) and how MFA is enforced for them.
 * Each part is read, and fails, on its own.
 */
import { mfaEnforcementFor } from '../security';
import type { SecurityReads } from '../security';
import type { ISecurityTrainingIndex, ISimulationFigures, ITrainingSummary, MfaEnforcement } from '../security';
import type { SourceState } from '../directory/userIndex';

/** One user's attack simulation training. */
export interface IUserAttackSimulation {
  /** The coverage report's figures; null when the user is not in it (never simulated). */
  simulation: ISimulationFigures | null;
  /** Simulations fallen for more than once; 0 when the repeat offenders report does not list the user. */
  repeatOffences: number;
  /** The user's assigned trainings; null when the training report does not list the user (none assigned). */
  training: ITrainingSummary | null;
}

/** The user's entries of the three reports (keys are lower-case user ids). */
export function userAttackSimulation(index: ISecurityTrainingIndex, userId: string): IUserAttackSimulation {
  const id = userId.toLowerCase();
  return {
    simulation: index.simulations.get(id) ?? null,
    repeatOffences: index.repeatOffences.get(id) ?? 0,
    training: index.trainings.get(id) ?? null
  };
}

/** Read the three attack simulation reports and pick the user's entries; a refusal is this part's error alone. */
export async function loadUserAttackSimulation(security: SecurityReads, userId: string, signal?: AbortSignal): Promise<SourceState<IUserAttackSimulation>> {
  try {
    return { status: 'ready', data: userAttackSimulation(await security.attackSimulation(signal), userId) };
  } catch (error) {
    return { status: 'error', error };
  }
}

/** Read security defaults and the Conditional Access policies (with their groups' and roles' members) and evaluate the user. */
export async function loadUserMfaEnforcement(security: SecurityReads, user: { id: string; userType?: string | null }, signal?: AbortSignal): Promise<SourceState<MfaEnforcement>> {
  try {
    return { status: 'ready', data: mfaEnforcementFor(user, await security.mfaEnforcement(signal)) };
  } catch (error) {
    return { status: 'error', error };
  }
}

/** What enforcementText's words leave out: what security defaults do, that report-only policies only log, or why not; null for policies (their names say it). */
export function enforcementDetail(e: MfaEnforcement): string | null {
  switch (e.kind) {
    case 'securityDefaults': return 'Security defaults are on: every user registers for MFA and is asked for it when Microsoft Entra sees a need, administrators at every sign-in.';
    case 'policies': return null;
    case 'conditional': return `Asked for only when: ${e.when.join(', ')} (${e.policies.join('; ')}); other sign-ins are not asked for MFA by Conditional Access.`;
    case 'reportOnly': return `Only report-only policies would require it (they log, and do not ask): ${e.policies.join('; ')}`;
    case 'unknown': return e.why;
    case 'notEnforced': return e.why;
  }
}
