import { GraphError } from './GraphError';

/** What a section was trying to load, so the message can name the right scope and role. */
export type SectionTopic =
  | 'users'
  | 'licenses'
  | 'mfa'
  | 'signIns'
  | 'reports'
  | 'reportSettings'
  | 'groups'
  | 'profile'
  | 'edits'
  /** Attack simulation training reports (simulations, repeat offences, trainings). */
  | 'attackSimulation'
  /** Security defaults and Conditional Access policies (how MFA is enforced). */
  | 'mfaEnforcement';

/** An error explained in words an admin can act on. */
export interface IExplainedError {
  title: string;
  detail: string;
  /** What to do about it, where that is known. */
  action?: string;
  /** A wait (throttling), in seconds. */
  retryAfterSeconds?: number;
}

const SCOPE_FOR: Record<SectionTopic, string> = {
  users: 'User.Read.All',
  licenses: 'LicenseAssignment.Read.All',
  mfa: 'AuditLog.Read.All',
  signIns: 'AuditLog.Read.All',
  reports: 'Reports.Read.All',
  reportSettings: 'ReportSettings.Read.All',
  groups: 'GroupMember.Read.All',
  profile: 'User.Read.All',
  edits: 'User.ReadWrite.All / GroupMember.ReadWrite.All / LicenseAssignment.ReadWrite.All',
  attackSimulation: 'AttackSimulation.Read.All',
  mfaEnforcement: 'Policy.Read.All'
};

const GRANT =
  'A SharePoint or Global Administrator approves it in the SharePoint admin center under Advanced > API access (or, for the workbench and CLI, grant it to the app you sign in with).';

const ATTACK_SIM_LICENCE = 'Attack simulation training needs Microsoft Defender for Office 365 Plan 2 (or Microsoft 365 E5, which includes it).';
const CA_ROLES = 'Security Reader, Security Administrator, Global Reader, Conditional Access Administrator or Global Secure Access Administrator';

/**
 * The topics whose refusals need more than the scope's name: Graph gives one 403 for a missing scope, role or
 * licence alike, so the words name each that can cause it.
 */
function explainSecurity(error: GraphError, topic: 'attackSimulation' | 'mfaEnforcement'): IExplainedError | undefined {
  if (topic === 'attackSimulation') {
    switch (error.kind) {
      case 'permission':
      case 'role':
        return {
          title: 'Attack simulation data refused',
          detail: `Microsoft Graph refused the attack simulation reports: the sign-in does not carry AttackSimulation.Read.All, your role cannot read Attack simulation training, or the tenant is not licensed for it. ${ATTACK_SIM_LICENCE}`,
          action: `${GRANT} A role such as Security Reader or Attack Simulation Administrator reads the reports.`
        };
      case 'license':
      case 'notFound':
        return { title: 'Attack simulation training not available', detail: `Microsoft Graph has no attack simulation data for this tenant. ${ATTACK_SIM_LICENCE}`, action: 'Without it the rest of the data still works.' };
      default:
        return undefined;
    }
  }
  switch (error.kind) {
    case 'permission':
      return {
        title: 'Permission missing',
        detail: `Microsoft Graph refused to read security defaults or Conditional Access policies: the sign-in does not carry Policy.Read.All, or you do not hold a role that reads them (${CA_ROLES}).`,
        action: GRANT
      };
    case 'role':
      return {
        title: 'Admin role missing',
        detail: `Reading Conditional Access policies needs Policy.Read.All and a role: ${CA_ROLES}.`,
        action: 'Ask a Global Administrator to assign you the Security Reader or Global Reader role in the Microsoft Entra admin center (Roles & admins).'
      };
    case 'license':
      return {
        title: 'Microsoft Entra ID P1 needed',
        detail: 'Conditional Access is only available in tenants with Microsoft Entra ID P1 or P2.',
        action: 'Without Conditional Access, MFA is enforced by security defaults or by per-user MFA settings.'
      };
    default:
      return undefined;
  }
}

/**
 * What a missing Entra ID P1/P2 costs, in the words of each section's own data: MFA registration details and
 * sign-in activity are both refused without it (one Graph error code), but they are different data.
 */
const P1_DATA: Partial<Record<SectionTopic, { detail: string; action: string }>> = {
  mfa: {
    detail: 'MFA registration details (the methods each user registered, and their default) are only available in tenants with Microsoft Entra ID P1 or P2.',
    action: 'Without it the rest of the data still works; MFA status is left empty rather than shown as not registered.'
  },
  signIns: {
    detail: 'Sign-in activity is only available in tenants with Microsoft Entra ID P1 or P2.',
    action: 'Without it the rest of the data still works; last activity comes from usage reports.'
  }
};

function explainLicence(error: GraphError, topic: SectionTopic): IExplainedError {
  const data = P1_DATA[topic];
  if (data) return { title: 'Microsoft Entra ID P1 needed', ...data };
  return { title: 'Licence missing', detail: `Microsoft Graph refused this for want of a licence the tenant does not have (${error.message}).`, action: 'Without it the rest of the data still works.' };
}

/** Explain a failure of a section in words; never says "No" where the truth is "could not read". */
export function explainError(error: unknown, topic: SectionTopic): IExplainedError {
  if (!(error instanceof GraphError)) {
    return { title: 'Something went wrong', detail: error instanceof Error ? error.message : String(error) };
  }
  const scope = SCOPE_FOR[topic];
  const security = topic === 'attackSimulation' || topic === 'mfaEnforcement' ? explainSecurity(error, topic) : undefined;
  if (security) return security;
  switch (error.kind) {
    case 'permission':
      return { title: 'Permission missing', detail: `Microsoft Graph refused this: the sign-in does not carry ${scope}.`, action: GRANT };
    case 'role':
      return topic === 'reports' || topic === 'reportSettings'
        ? {
            title: 'Admin role missing',
            detail: 'Usage reports need Reports.Read.All and an admin role: Reports Reader, Global Reader, Global, Exchange, SharePoint or Teams Administrator.',
            action: 'Ask a Global Administrator to assign you the Reports Reader role in the Microsoft Entra admin center (Roles & admins).'
          }
        : { title: 'Admin role missing', detail: `Microsoft Graph refused this for your role (${error.message}).`, action: 'Ask a Global Administrator for a role that can read this.' };
    case 'license':
      return explainLicence(error, topic);
    case 'unauthenticated':
      return { title: 'Not signed in', detail: 'The token was missing or expired.', action: 'Reload the page to sign in again.' };
    case 'notFound':
      return { title: 'Not found', detail: error.message };
    case 'throttled':
      return {
        title: 'Microsoft Graph is busy',
        detail: error.status === 429 ? 'Too many requests were sent; Graph asked us to wait.' : `Graph is briefly unavailable (HTTP ${error.status}) and asked us to wait.`,
        retryAfterSeconds: error.retryAfterSeconds
      };
    case 'network':
      return { title: 'Microsoft Graph could not be reached', detail: error.message, action: 'Check the connection and try again.' };
    case 'aborted':
      return { title: 'Cancelled', detail: 'The request was cancelled.' };
    case 'server':
      return { title: 'Microsoft Graph had a problem', detail: `${error.message} (HTTP ${error.status}).`, action: 'Try again in a few minutes.' };
    default:
      return { title: 'Microsoft Graph refused the request', detail: `${error.message} (${error.code}, HTTP ${error.status}).` };
  }
}
