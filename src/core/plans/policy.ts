/** Which permission and admin role each kind of plan step needs, how a missing one locks a step, and how a refusal is worded. */
import { GraphError } from '../graph/GraphError';
import { explainError } from '../graph/explain';
import { hasScope } from '../graph/scopes';
import { EDIT_ROLES, EDIT_SCOPES } from '../impression/editPolicy';
import type { StepKind } from './types';

/** Step kinds that are Graph calls (every kind but the manual checklist). */
export type SentKind = Exclude<StepKind, 'manual'>;

/**
 * Delegated scopes that allow each kind of step, least privileged first (any one suffices). Verified on
 * learn.microsoft.com: revokeSignInSessions (User.RevokeSessions.All; User.ReadWrite.All, Directory.ReadWrite.All),
 * user update of accountEnabled (User.EnableDisableAccount.All), manager $ref (User.ReadWrite.All), phone and other
 * method deletion (UserAuthenticationMethod.ReadWrite.All), managedDevice retire/wipe
 * (DeviceManagementManagedDevices.PrivilegedOperations.All).
 */
export const STEP_SCOPES: Record<SentKind, string[]> = {
  block: ['User.EnableDisableAccount.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
  revoke: ['User.RevokeSessions.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
  licenseRemove: EDIT_SCOPES.licenses,
  licenseAdd: EDIT_SCOPES.licenses,
  groupRemove: EDIT_SCOPES.groups,
  groupAdd: EDIT_SCOPES.groups,
  field: EDIT_SCOPES.profile,
  manager: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
  methodRemove: ['UserAuthenticationMethod.ReadWrite.All'],
  deviceRetire: ['DeviceManagementManagedDevices.PrivilegedOperations.All'],
  deviceWipe: ['DeviceManagementManagedDevices.PrivilegedOperations.All']
};

/**
 * The one scope per kind that the package's API access requests (config/package-solution.json): what a locked or
 * refused step tells the admin to approve. The least privileged scope is not always it (blocking sign-in and
 * revoking sessions have narrower ones the package does not ask for, as User.ReadWrite.All covers the rest).
 */
export const REQUESTED_STEP_SCOPE: Record<SentKind, string> = {
  block: 'User.ReadWrite.All',
  revoke: 'User.ReadWrite.All',
  licenseRemove: 'User.ReadWrite.All',
  licenseAdd: 'User.ReadWrite.All',
  groupRemove: 'GroupMember.ReadWrite.All',
  groupAdd: 'GroupMember.ReadWrite.All',
  field: 'User.ReadWrite.All',
  manager: 'User.ReadWrite.All',
  methodRemove: 'UserAuthenticationMethod.ReadWrite.All',
  deviceRetire: 'DeviceManagementManagedDevices.PrivilegedOperations.All',
  deviceWipe: 'DeviceManagementManagedDevices.PrivilegedOperations.All'
};

/** The admin role Graph also asks for, per kind: a 403 while the sign-in carries the scope is about this. */
export const STEP_ROLES: Record<SentKind, string> = {
  block: 'blocking sign-in needs the User Administrator role (a privileged role such as Privileged Authentication Administrator to block an administrator)',
  revoke: 'revoking sessions needs the User Administrator role (a privileged role to revoke an administrator\'s)',
  licenseRemove: EDIT_ROLES.licenses,
  licenseAdd: EDIT_ROLES.licenses,
  groupRemove: EDIT_ROLES.groups,
  groupAdd: EDIT_ROLES.groups,
  field: EDIT_ROLES.profile,
  manager: EDIT_ROLES.profile,
  methodRemove: 'removing authentication methods needs the Authentication Administrator role (Privileged Authentication Administrator for an administrator)',
  deviceRetire: 'retiring a device needs the Intune Administrator role (or an Intune role allowed the Retire remote task)',
  deviceWipe: 'wiping a device needs the Intune Administrator role (or an Intune role allowed the Wipe remote task)'
};

/** The lock of a destructive step while the web part's second switch is off. */
export const DESTRUCTIVE_LOCK = "Turn on 'Allow destructive steps' in the web part's settings.";

const GRANT = 'A SharePoint or Global Administrator approves it in the SharePoint admin center under Advanced > API access (for the workbench and CLI, grant it to the app you sign in with).';

/** Why a step is locked for want of a scope, or undefined when the sign-in carries one (or its scopes are unknown). */
export function scopeLock(kind: SentKind, scopes: Set<string> | undefined): string | undefined {
  const needed = STEP_SCOPES[kind];
  return hasScope(scopes, needed) ? undefined : `This sign-in does not carry ${REQUESTED_STEP_SCOPE[kind]}. ${grantText(kind)}`;
}

/** Where the scope is approved; for an app the admin registers, the narrower scope where Graph has one. */
function grantText(kind: SentKind): string {
  const least = STEP_SCOPES[kind][0];
  return least && least !== REQUESTED_STEP_SCOPE[kind] ? `${GRANT} An app you register yourself may take the narrower ${least} instead.` : GRANT;
}

/**
 * Why a step failed, in words. A 403 from a sign-in known to carry the permission is the admin's role, not the
 * permission; a missing permission names this step's own scope (not the impression's edit scopes).
 */
export function stepErrorText(error: GraphError, kind: SentKind, scopes: Set<string> | undefined): string {
  if (error.kind === 'role' || (error.kind === 'permission' && scopes !== undefined && hasScope(scopes, STEP_SCOPES[kind]))) {
    return `Microsoft Graph refused this for your admin role: ${STEP_ROLES[kind]}.`;
  }
  if (error.kind === 'permission') return `Microsoft Graph refused this: the sign-in does not carry ${REQUESTED_STEP_SCOPE[kind]}. ${grantText(kind)}`;
  if (error.kind === 'aborted') return 'Cancelled while it was being sent: Microsoft Graph may or may not have applied it. Try again sends it again.';
  const x = explainError(error, 'edits');
  // Graph's own message says what is wrong with this one change ("does not have any available licenses").
  return x.title === 'Microsoft Graph refused the request' || x.title === 'Not found' ? `Microsoft Graph refused this: ${error.message}` : x.detail;
}

/**
 * An answer that says the state asked for is already there counts as done, with a note: an add to a group the
 * person is in, a removal from one they left, a licence already gone, a method already removed. Undefined: not so.
 */
export function alreadyDone(kind: SentKind, error: GraphError): string | undefined {
  const notFound = error.status === 404 && error.code === 'Request_ResourceNotFound';
  if (kind === 'groupAdd' && error.status === 400 && /added object references already exist/i.test(error.message)) return 'Already a member.';
  if (kind === 'groupRemove' && notFound) return 'Already not a member.';
  if (kind === 'licenseRemove' && error.status === 400 && /does not have a corresponding license/i.test(error.message)) return 'The licence was already removed.';
  if (kind === 'methodRemove' && error.status === 404) return 'The method was already removed.';
  return undefined;
}

/**
 * Graph refuses to delete a user's default MFA method while other methods remain ("Cannot delete default method
 * with other methods configured"; a phone that is the default "can't be deleted"): learn.microsoft.com,
 * phoneAuthenticationMethod delete. Such a refusal is sent again once the person's other methods are gone.
 */
export function isDefaultMethodRefusal(error: GraphError): boolean {
  return error.status === 400 && /default/i.test(error.message);
}
