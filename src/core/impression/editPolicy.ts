import type { GraphError } from '../graph/GraphError';
import { explainError } from '../graph/explain';
import { hasScope } from '../graph/scopes';
import type { Change } from './changeSet';

/** The kinds of edit the impression offers; each needs its own permission and admin role. */
export type EditKind = 'profile' | 'groups' | 'licenses';

/** Delegated scopes that allow each kind of edit (any one suffices; Directory.ReadWrite.All covers all three). */
export const EDIT_SCOPES: Record<EditKind, string[]> = {
  profile: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
  groups: ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  licenses: ['User.ReadWrite.All', 'LicenseAssignment.ReadWrite.All', 'Directory.ReadWrite.All']
};

/** The admin role Graph also asks for, per kind of edit: a 403 with the scope present is about this. */
export const EDIT_ROLES: Record<EditKind, string> = {
  profile: 'changing a user needs the User Administrator role (and a privileged role to change an administrator)',
  groups: 'changing members needs the Groups Administrator role or ownership of the group',
  licenses: 'assigning licences needs the License Administrator or User Administrator role'
};

/** What the notice calls each kind when the sign-in lacks it, in the notice's order. */
const MISSING_NAMES: ReadonlyArray<[EditKind, string]> = [['profile', 'profile fields'], ['groups', 'group membership'], ['licenses', 'licences']];

/** The kind of edit a staged change is, so its failure names the right scope and role. */
export function editKind(change: Change): EditKind {
  return change.kind === 'field' ? 'profile' : change.kind === 'groupAdd' || change.kind === 'groupRemove' ? 'groups' : 'licenses';
}

/**
 * Why a change failed. A 403 from a sign-in known to carry the permission is the admin's role, not the
 * permission: saying "approve the permission" would send the admin to change nothing.
 */
export function editErrorText(error: GraphError, change: Change, scopes: Set<string> | undefined): string {
  const kind = editKind(change);
  if (error.kind === 'permission' && scopes !== undefined && hasScope(scopes, EDIT_SCOPES[kind])) {
    return `Microsoft Graph refused this for your admin role: the sign-in carries the permission, but ${EDIT_ROLES[kind]}.`;
  }
  return explainError(error, 'edits').detail;
}

/** The edits a sign-in may offer, decided before any request so the view offers only what can succeed. */
export interface IEditAccess {
  /** Per kind, whether the token allows it (unknown scopes: yes; Graph's answer per change then says what is missing). */
  can: Record<EditKind, boolean>;
  /** Whether Edit is offered: the web part allows edits and the token allows at least one kind. */
  canEdit: boolean;
  /** The kinds the sign-in lacks, each with the scope to approve ("licences (User.ReadWrite.All)"); none when edits are off. */
  missing: string[];
}

/** The edits `scopes` allow, given the property pane's "allow edits". */
export function editAccess(scopes: Set<string> | undefined, allowEdits: boolean): IEditAccess {
  const can: Record<EditKind, boolean> = {
    profile: hasScope(scopes, EDIT_SCOPES.profile),
    groups: hasScope(scopes, EDIT_SCOPES.groups),
    licenses: hasScope(scopes, EDIT_SCOPES.licenses)
  };
  const canEdit = allowEdits && (can.profile || can.groups || can.licenses);
  // With edits off nothing is offered, so nothing is said to be missing.
  const missing = allowEdits ? MISSING_NAMES.filter(([kind]) => !can[kind]).map(([kind, name]) => `${name} (${EDIT_SCOPES[kind][0] ?? ''})`) : [];
  return { can, canEdit, missing };
}
