/**
 * How MFA is enforced for a user: security defaults, or the Conditional Access policies that require MFA
 * (or an authentication strength) for all cloud apps and apply to them. Pure: the model comes from
 * loadEnforcement.ts (or a test, or the demo tenant), nothing here reads Graph.
 */
import { GraphError, isRecord } from '../graph/GraphError';

/** conditionalAccessPolicy.state. */
export type PolicyState = 'enabled' | 'disabled' | 'enabledForReportingButNotEnforced';

/** The parts of a Conditional Access policy that decide whether it asks a user for MFA. */
export interface ICaPolicy {
  id: string;
  displayName: string;
  state: PolicyState;
  /** User ids (lower case), or 'All', 'GuestsOrExternalUsers', 'None'. */
  includeUsers: string[];
  excludeUsers: string[];
  /** Group ids (lower case). */
  includeGroups: string[];
  excludeGroups: string[];
  /** Directory role template ids (lower case). */
  includeRoles: string[];
  excludeRoles: string[];
  /** includeApplications has 'All' (all cloud apps). */
  allApps: boolean;
  /** includeApplications has 'Office365' (the Office 365 apps, not all cloud apps): a partial policy. */
  office365?: boolean;
  /** The grant asks for MFA: builtInControls has 'mfa', or an authentication strength is set. */
  requiresMfa: boolean;
  /**
   * Conditions besides users that narrow when the policy asks (excluded apps, Office 365 apps only, locations,
   * platforms, client apps, risk levels, a device filter, MFA offered as one control among others), in words. A
   * policy with any is 'conditional': it does not always ask for MFA, so it never counts as enforcing.
   */
  conditions?: string[];
}

/** How MFA is enforced for one user. */
export type MfaEnforcement =
  | { kind: 'securityDefaults' }
  /** Enabled policies that require MFA for all cloud apps and apply to the user. */
  | { kind: 'policies'; policies: string[] }
  /** Only policies that ask under some conditions apply (sign-in risk, locations, "MFA or a compliant device"…). */
  | { kind: 'conditional'; policies: string[]; when: string[] }
  /** Only report-only policies would. */
  | { kind: 'reportOnly'; policies: string[] }
  /** An enabled MFA policy may apply, but it names a group or role whose members could not be read. */
  | { kind: 'unknown'; policies: string[]; why: string }
  | { kind: 'notEnforced'; why: string };

/** What the evaluation needs, as read from the tenant. */
export interface IEnforcementModel {
  securityDefaults: boolean;
  policies: ICaPolicy[];
  /** Group id -> user ids (transitive). A group absent here could not be read: its members are unknown. */
  groupMembers: Map<string, Set<string>>;
  /** Role template id -> user ids holding the role (active assignments). Absent: unknown. */
  roleMembers: Map<string, Set<string>>;
  /** Why a group's members could not be read, by group id. */
  groupErrors?: Map<string, unknown>;
  /** Why a role's members could not be read, by role template id. */
  roleErrors?: Map<string, unknown>;
  /** The policies could not be read (kept only when security defaults are on, which decide alone). */
  policiesError?: unknown;
}

const SPECIAL_USERS = ['All', 'None', 'GuestsOrExternalUsers'];
const STATES: readonly PolicyState[] = ['enabled', 'disabled', 'enabledForReportingButNotEnforced'];

const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((s): s is string => typeof s === 'string' && s !== '') : []);
const has = (list: string[], value: string): boolean => list.some(s => s.toLowerCase() === value.toLowerCase());
/** Ids lower case (the directory's own casing), the special values in Graph's casing. */
const userRefs = (v: unknown): string[] => strings(v).map(s => SPECIAL_USERS.find(k => k.toLowerCase() === s.toLowerCase()) ?? s.toLowerCase());
const ids = (v: unknown): string[] => strings(v).map(s => s.toLowerCase());

/**
 * Whether a conditionalAccessGuestsOrExternalUsers value surely covers (include) or may cover (exclude) a
 * directory Guest. Guests are covered by the internalGuest and b2bCollaborationGuest kinds; a policy scoped to
 * enumerated external tenants cannot be matched to a user here, so it never adds enforcement, and as an
 * exclusion it is taken to exclude every guest (never claim enforcement that may not hold).
 */
function coversGuests(v: unknown, asExclusion: boolean): boolean {
  if (!isRecord(v)) return false;
  const kinds = typeof v.guestOrExternalUserTypes === 'string' ? v.guestOrExternalUserTypes.split(',').map(s => s.trim().toLowerCase()) : [];
  if (!kinds.includes('internalguest') && !kinds.includes('b2bcollaborationguest')) return false;
  const tenants = isRecord(v.externalTenants) ? v.externalTenants : undefined;
  const enumerated = !!tenants && (tenants.membershipKind === 'enumerated' || Array.isArray(tenants.members));
  return asExclusion || !enumerated;
}

/** Conditions that narrow a policy, in words (see ICaPolicy.conditions). */
function narrowing(conditions: Record<string, unknown>, apps: Record<string, unknown>, grant: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (strings(apps.excludeApplications).length > 0) out.push('some apps excluded');
  if (!has(strings(apps.includeApplications), 'All') && has(strings(apps.includeApplications), 'Office365')) out.push('Office 365 apps only');
  const locations = isRecord(conditions.locations) ? conditions.locations : undefined;
  if (locations && (strings(locations.excludeLocations).length > 0 || !has(strings(locations.includeLocations), 'All'))) out.push('locations');
  const platforms = isRecord(conditions.platforms) ? conditions.platforms : undefined;
  if (platforms && (strings(platforms.excludePlatforms).length > 0 || !has(strings(platforms.includePlatforms), 'all'))) out.push('device platforms');
  const clientApps = strings(conditions.clientAppTypes);
  if (clientApps.length > 0 && !has(clientApps, 'all')) out.push('client apps');
  if (strings(conditions.signInRiskLevels).length > 0) out.push('sign-in risk');
  if (strings(conditions.userRiskLevels).length > 0) out.push('user risk');
  if (isRecord(conditions.devices) && isRecord(conditions.devices.deviceFilter)) out.push('device filter');
  const controls = strings(grant.builtInControls);
  if (String(grant.operator).toUpperCase() === 'OR' && controls.length + (isRecord(grant.authenticationStrength) ? 1 : 0) > 1) out.push('MFA or another control');
  return out;
}

/**
 * A conditionalAccessPolicy from Graph's JSON; undefined without an id. Missing or odd fields read as empty
 * (an unknown state reads as 'disabled', which never counts).
 */
export function toCaPolicy(raw: unknown): ICaPolicy | undefined {
  if (!isRecord(raw) || typeof raw.id !== 'string' || !raw.id) return undefined;
  const conditions = isRecord(raw.conditions) ? raw.conditions : {};
  const users = isRecord(conditions.users) ? conditions.users : {};
  const apps = isRecord(conditions.applications) ? conditions.applications : {};
  const grant = isRecord(raw.grantControls) ? raw.grantControls : {};
  const includeUsers = userRefs(users.includeUsers);
  const excludeUsers = userRefs(users.excludeUsers);
  if (coversGuests(users.includeGuestsOrExternalUsers, false) && !includeUsers.includes('GuestsOrExternalUsers')) includeUsers.push('GuestsOrExternalUsers');
  if (coversGuests(users.excludeGuestsOrExternalUsers, true) && !excludeUsers.includes('GuestsOrExternalUsers')) excludeUsers.push('GuestsOrExternalUsers');
  return {
    id: raw.id,
    displayName: typeof raw.displayName === 'string' && raw.displayName.trim() ? raw.displayName.trim() : raw.id,
    state: STATES.find(s => s === raw.state) ?? 'disabled',
    includeUsers,
    excludeUsers,
    includeGroups: ids(users.includeGroups),
    excludeGroups: ids(users.excludeGroups),
    includeRoles: ids(users.includeRoles),
    excludeRoles: ids(users.excludeRoles),
    allApps: has(strings(apps.includeApplications), 'All'),
    ...(has(strings(apps.includeApplications), 'Office365') ? { office365: true } : {}),
    requiresMfa: has(strings(grant.builtInControls), 'mfa') || isRecord(grant.authenticationStrength),
    conditions: narrowing(conditions, apps, grant)
  };
}

/**
 * Whether a policy takes part in MFA enforcement at all: it asks for MFA, for all cloud apps (or the Office 365
 * apps, which make it conditional), and is not off.
 */
export function isMfaPolicy(p: ICaPolicy): boolean {
  return (p.allApps || !!p.office365) && p.requiresMfa && p.state !== 'disabled';
}

/** A policy made ready for many users: its users, groups and roles flattened into two sets. */
interface IPreparedPolicy {
  name: string;
  enforced: boolean;
  /** What narrows it (empty: it always asks). */
  when: string[];
  all: boolean;
  guestsIn: boolean;
  guestsOut: boolean;
  include: Set<string>;
  exclude: Set<string>;
  /** It includes / excludes a group or role whose members are unknown. */
  includeUnknown: boolean;
  excludeUnknown: boolean;
}

function prepare(p: ICaPolicy, model: IEnforcementModel, unread: Set<string>): IPreparedPolicy {
  const flatten = (users: string[], groups: string[], roles: string[]): { set: Set<string>; unknown: boolean } => {
    const set = new Set(users.filter(u => !SPECIAL_USERS.includes(u)));
    let unknown = false;
    const add = (members: Set<string> | undefined, kind: 'group' | 'role'): void => {
      if (!members) {
        unknown = true;
        unread.add(kind);
        return;
      }
      for (const m of members) set.add(m);
    };
    for (const g of groups) add(model.groupMembers.get(g), 'group');
    for (const r of roles) add(model.roleMembers.get(r), 'role');
    return { set, unknown };
  };
  const include = flatten(p.includeUsers, p.includeGroups, p.includeRoles);
  const exclude = flatten(p.excludeUsers, p.excludeGroups, p.excludeRoles);
  return {
    name: p.displayName,
    enforced: p.state === 'enabled',
    when: p.conditions ?? (p.allApps ? [] : ['Office 365 apps only']),
    all: p.includeUsers.includes('All'),
    guestsIn: p.includeUsers.includes('GuestsOrExternalUsers'),
    guestsOut: p.excludeUsers.includes('GuestsOrExternalUsers'),
    include: include.set,
    exclude: exclude.set,
    includeUnknown: include.unknown,
    excludeUnknown: exclude.unknown
  };
}

/** Which scope a failed member read most likely lacked, in words, when Graph said it was refused. */
function unreadHint(model: IEnforcementModel, unread: Set<string>): string {
  const refused = (errors: Map<string, unknown> | undefined): boolean =>
    [...(errors?.values() ?? [])].some(e => e instanceof GraphError && (e.kind === 'permission' || e.kind === 'role'));
  const scopes = [
    unread.has('group') && refused(model.groupErrors) ? 'GroupMember.Read.All' : '',
    unread.has('role') && refused(model.roleErrors) ? 'RoleManagement.Read.Directory' : ''
  ].filter(Boolean);
  return scopes.length > 0 ? ` (Microsoft Graph refused the read: the sign-in may lack ${scopes.join(' or ')})` : '';
}

const NO_POLICY = 'Security defaults are off and no enabled Conditional Access policy requires MFA for all cloud apps';
const NOT_INCLUDED = 'No enabled policy requiring MFA includes this user';

/**
 * Evaluate many users against one model: the policies' users, groups and roles are flattened and inverted
 * once, so a user costs two map look-ups and a short pass over the MFA policies. A policy applies when it includes the user ('All', their id,
 * 'GuestsOrExternalUsers' for a Guest, or through a group or role) and does not exclude them the same ways;
 * exclusion wins. Only policies requiring MFA for all cloud apps with nothing narrowing them count as
 * enforcing; one narrowed by conditions (risk, locations, platforms, Office 365 apps only, "MFA or another
 * control") gives 'conditional', as it does not always ask; 'disabled' never counts and report-only ones give
 * 'reportOnly'. A group or role whose members could not be read is never taken as enforcing: where
 * an enabled policy may apply only through one, the answer is 'unknown'. With security defaults on, every
 * user's answer is 'securityDefaults' (Entra refuses security defaults while Conditional Access policies are on).
 */
export function prepareEnforcement(model: IEnforcementModel): (user: { id: string; userType?: string | null }) => MfaEnforcement {
  if (model.securityDefaults) {
    const answer: MfaEnforcement = { kind: 'securityDefaults' };
    return () => answer;
  }
  const unread = new Set<string>();
  const policies = model.policies.filter(isMfaPolicy).map(p => prepare(p, model, unread));
  const noEnabled = !policies.some(p => p.enforced);
  const hint = unreadHint(model, unread);
  // Inverted once: user id -> the policies whose sets hold it, so a user costs two map look-ups, then a pass
  // over the policies reading two stamps each (a stamp equal to this user's turn marks "holds the user").
  const includeBy = new Map<string, number[]>();
  const excludeBy = new Map<string, number[]>();
  const index = (by: Map<string, number[]>, set: Set<string>, i: number): void => {
    for (const id of set) {
      const list = by.get(id);
      if (list) list.push(i);
      else by.set(id, [i]);
    }
  };
  policies.forEach((p, i) => { index(includeBy, p.include, i); index(excludeBy, p.exclude, i); });
  const includedAt = new Float64Array(policies.length);
  const excludedAt = new Float64Array(policies.length);
  const none: number[] = [];
  let turn = 0;
  return user => {
    const id = user.id.toLowerCase();
    const guest = typeof user.userType === 'string' && user.userType.toLowerCase() === 'guest';
    turn++;
    for (const i of includeBy.get(id) ?? none) includedAt[i] = turn;
    for (const i of excludeBy.get(id) ?? none) excludedAt[i] = turn;
    let enforcing: string[] | undefined;
    let maybe: string[] | undefined;
    let conditional: string[] | undefined;
    let when: string[] | undefined;
    let reportOnly: string[] | undefined;
    let excludedFrom: string[] | undefined;
    for (let i = 0; i < policies.length; i++) {
      const p = policies[i] as IPreparedPolicy;
      const included = p.all || (guest && p.guestsIn) || includedAt[i] === turn;
      if (excludedAt[i] === turn || (guest && p.guestsOut)) {
        if (included && p.enforced) (excludedFrom ??= []).push(p.name);
        continue;
      }
      if (included && !p.excludeUnknown) {
        if (p.enforced && p.when.length === 0) (enforcing ??= []).push(p.name);
        else if (p.enforced) {
          (conditional ??= []).push(p.name);
          for (const w of p.when) if (!(when ??= []).includes(w)) when.push(w);
        } else (reportOnly ??= []).push(p.name);
      } else if ((included || p.includeUnknown) && p.enforced && p.when.length === 0) {
        (maybe ??= []).push(p.name);
      }
    }
    if (enforcing) return { kind: 'policies', policies: enforcing };
    if (maybe) return { kind: 'unknown', policies: maybe, why: `Could not read who is in a group or role that ${maybe.join(', ')} includes or excludes${hint}` };
    if (conditional) return { kind: 'conditional', policies: conditional, when: when ?? [] };
    if (reportOnly) return { kind: 'reportOnly', policies: reportOnly };
    return { kind: 'notEnforced', why: excludedFrom ? `Excluded from: ${excludedFrom.join(', ')}` : noEnabled ? NO_POLICY : NOT_INCLUDED };
  };
}

/** How MFA is enforced for one user (for many, prepareEnforcement once and call its answer per user). */
export function mfaEnforcementFor(user: { id: string; userType?: string | null }, model: IEnforcementModel): MfaEnforcement {
  return prepareEnforcement(model)(user);
}

/** The column's text: "Security defaults", the policy names joined by "; ", "Only when: conditions (names)", "Report-only: names", "Not enforced". */
export function enforcementText(e: MfaEnforcement | undefined): string | null {
  if (!e) return null;
  switch (e.kind) {
    case 'securityDefaults': return 'Security defaults';
    case 'policies': return e.policies.join('; ');
    case 'conditional': return `Only when: ${e.when.join(', ')} (${e.policies.join('; ')})`;
    case 'reportOnly': return `Report-only: ${e.policies.join('; ')}`;
    case 'unknown': return 'Could not tell';
    case 'notEnforced': return 'Not enforced';
  }
}
