import { isRecord } from '../graph/GraphError';

/** The kinds of group admins tell apart, and whether Graph lets us change membership. */
export type GroupKind = 'microsoft365' | 'security' | 'mailSecurity' | 'distribution' | 'dynamic' | 'onPremises';

/** Words for each kind. */
export const GROUP_KIND_LABEL: Record<GroupKind, string> = {
  microsoft365: 'Microsoft 365 group',
  security: 'Security group',
  mailSecurity: 'Mail-enabled security group',
  distribution: 'Distribution list',
  dynamic: 'Dynamic membership group',
  onPremises: 'Synced from on-premises'
};

/** A group a user belongs to (or may be added to). */
export interface IGroupInfo {
  id: string;
  displayName: string;
  kind: GroupKind;
  /** Why Graph cannot change this group's members here; undefined when it can. */
  notEditable?: string;
  /** A role-assignable group: Microsoft Entra roles may be assigned to it, so its members may hold them through it. */
  roleAssignable?: boolean;
}

/** Why a role-assignable group's members are not changed here. */
export const ROLE_ASSIGNABLE_WHY = 'A role-assignable group (admin roles may be assigned to it): its members change only with RoleManagement.ReadWrite.Directory and a Privileged Role Administrator, which this app does not ask for. Microsoft Entra admin center > Groups > the group > Members.';

const WHY: Partial<Record<GroupKind, string>> = {
  mailSecurity: 'Mail-enabled security groups are managed in Exchange (Exchange admin center or PowerShell), not through Microsoft Graph.',
  distribution: 'Distribution lists are managed in Exchange (Exchange admin center or PowerShell), not through Microsoft Graph.',
  dynamic: 'Members of a dynamic group come from its membership rule; they cannot be added or removed by hand.',
  onPremises: 'This group is synced from on-premises Active Directory; change its members there.'
};

/** Classify a Graph group object; undefined for non-groups (directory roles, administrative units). */
export function toGroupInfo(raw: unknown): IGroupInfo | undefined {
  if (!isRecord(raw) || typeof raw.id !== 'string') return undefined;
  const type = typeof raw['@odata.type'] === 'string' ? raw['@odata.type'] : '#microsoft.graph.group';
  if (type !== '#microsoft.graph.group') return undefined;
  const types = Array.isArray(raw.groupTypes) ? raw.groupTypes : [];
  let kind: GroupKind;
  // Order matters: a synced or dynamic group is that first, whatever else it is.
  if (raw.onPremisesSyncEnabled === true) kind = 'onPremises';
  else if (types.includes('DynamicMembership')) kind = 'dynamic';
  else if (types.includes('Unified')) kind = 'microsoft365';
  else if (raw.mailEnabled === true && raw.securityEnabled === true) kind = 'mailSecurity';
  else if (raw.mailEnabled === true) kind = 'distribution';
  else kind = 'security';
  // Without GroupMember.Read.All, Graph returns memberOf groups with their id only.
  const displayName = typeof raw.displayName === 'string' ? raw.displayName : `${raw.id} (name needs GroupMember.Read.All)`;
  const roleAssignable = raw.isAssignableToRole === true;
  return { id: raw.id, displayName, kind, notEditable: WHY[kind] ?? (roleAssignable ? ROLE_ASSIGNABLE_WHY : undefined), ...(roleAssignable ? { roleAssignable } : {}) };
}

/** The `$select` that classification needs. */
export const GROUP_SELECT = 'id,displayName,groupTypes,mailEnabled,securityEnabled,onPremisesSyncEnabled,isAssignableToRole';
