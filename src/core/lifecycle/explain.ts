/** Each lifecycle part's failure in words: the scope, role or licence it needs, and what still works without it. */
import { GraphError } from '../graph/GraphError';
import { explainError } from '../graph/explain';
import type { IExplainedError, SectionTopic } from '../graph/explain';
import type { LifecyclePart } from './types';
import { explainDeviceError } from '../directory/deviceCounts';
import { deviceErrorPart } from './enrich';

/** What each part is, in the words its message and the notes sheet use. */
export const PART_NAME: Record<LifecyclePart, string> = {
  hireDates: 'Hire dates',
  created: 'Accounts created in the window',
  leaveDates: 'Leave dates',
  users: 'The user list',
  licenses: 'Licence names',
  manager: 'Managers',
  mfa: 'MFA registration',
  signIns: 'Sign-ins',
  activity: 'Last activity (usage report)',
  groups: 'Group memberships',
  devices: 'Devices'
};

const TOPIC: Record<LifecyclePart, SectionTopic> = {
  hireDates: 'users', created: 'users', leaveDates: 'users', users: 'users', licenses: 'licenses', manager: 'profile',
  mfa: 'mfa', signIns: 'signIns', activity: 'reports', groups: 'groups', devices: 'users'
};

const LEAVE_SCOPE = 'User-LifeCycleInfo.Read.All';
/** Microsoft's user resource: reading employeeLeaveDateTime signed in needs one of these (the first least privileged); a Global Administrator holds every right. */
const LEAVE_ROLES = 'Lifecycle Workflows Administrator or Global Reader';

/** A part's failure explained; the leave dates' refusal names their own scope and roles, which Graph does not. */
export function explainPart(part: LifecyclePart, error: unknown): IExplainedError {
  if (part === 'leaveDates' && error instanceof GraphError && (error.kind === 'permission' || error.kind === 'role')) {
    return {
      title: 'Leave dates refused',
      detail: `Reading employeeLeaveDateTime needs ${LEAVE_SCOPE} besides User.Read.All, and a signed-in admin needs the ${LEAVE_ROLES} role (a Global Administrator reads them too). Who left but is still enabled cannot be told without them; disabled and unused accounts are still listed.`,
      action: `Grant ${LEAVE_SCOPE} to the app (for the web part: SharePoint admin center, Advanced > API access) and ask a Global Administrator for the ${LEAVE_ROLES} role.`
    };
  }
  if (part === 'hireDates' && error instanceof GraphError && error.kind === 'badRequest') {
    return { title: 'Hire dates could not be asked for', detail: `Microsoft Graph refused the hire-date filter (${error.message}). Accounts created in the window are still listed.` };
  }
  if (part === 'devices') {
    // Entra's or Intune's own words (the scope, the Intune role), not the user list's.
    const d = explainDeviceError(error, deviceErrorPart(error));
    return { ...d, title: `${PART_NAME.devices}: ${d.title}` };
  }
  const e = explainError(error, TOPIC[part]);
  return { ...e, title: `${PART_NAME[part]}: ${e.title}` };
}
