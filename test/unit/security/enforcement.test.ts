import { GraphError } from '../../../src/core/graph/GraphError';
import { enforcementText, mfaEnforcementFor, prepareEnforcement, toCaPolicy } from '../../../src/core/security/enforcement';
import type { ICaPolicy, IEnforcementModel, MfaEnforcement } from '../../../src/core/security/enforcement';

// The per-user evaluation of MFA enforcement: pure data in, one answer per user out.

const ALICE = 'aaaaaaaa-0000-0000-0000-000000000001';
const BOB = 'bbbbbbbb-0000-0000-0000-000000000002';
const GUEST = 'cccccccc-0000-0000-0000-000000000003';
const SALES = '11111111-1111-1111-1111-111111111111';
const BREAKGLASS = '22222222-2222-2222-2222-222222222222';
const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';

const alice = { id: ALICE, userType: 'Member' };
const bob = { id: BOB, userType: 'Member' };
const guest = { id: GUEST, userType: 'Guest' };

function policy(over: Partial<ICaPolicy> & { displayName: string }): ICaPolicy {
  return {
    id: over.displayName, state: 'enabled', includeUsers: [], excludeUsers: [], includeGroups: [], excludeGroups: [],
    includeRoles: [], excludeRoles: [], allApps: true, requiresMfa: true, ...over
  };
}

function model(policies: ICaPolicy[], over: Partial<IEnforcementModel> = {}): IEnforcementModel {
  return {
    securityDefaults: false, policies,
    groupMembers: new Map([[SALES, new Set([ALICE])], [BREAKGLASS, new Set([BOB])]]),
    roleMembers: new Map([[GLOBAL_ADMIN, new Set([BOB])]]),
    ...over
  };
}

const forUser = (u: { id: string; userType?: string | null }, m: IEnforcementModel): MfaEnforcement => mfaEnforcementFor(u, m);

describe('MFA enforcement per user', () => {
  it('security defaults answer for everyone, whatever the policies say', () => {
    const m = model([policy({ displayName: 'Off for all', includeUsers: ['All'], state: 'disabled' })], { securityDefaults: true });
    expect(forUser(alice, m)).toEqual({ kind: 'securityDefaults' });
    expect(forUser(guest, m)).toEqual({ kind: 'securityDefaults' });
    expect(enforcementText(forUser(alice, m))).toBe('Security defaults');
  });

  it('"All" includes every user, guests too; the policy names come back in order', () => {
    const m = model([policy({ displayName: 'MFA for all', includeUsers: ['All'] }), policy({ displayName: 'MFA for Sales', includeGroups: [SALES] })]);
    expect(forUser(alice, m)).toEqual({ kind: 'policies', policies: ['MFA for all', 'MFA for Sales'] });
    expect(forUser(guest, m)).toEqual({ kind: 'policies', policies: ['MFA for all'] });
    expect(enforcementText(forUser(alice, m))).toBe('MFA for all; MFA for Sales');
  });

  it('exclusion wins over inclusion: by id, by group and by role', () => {
    const byId = model([policy({ displayName: 'All but Alice', includeUsers: ['All'], excludeUsers: [ALICE] })]);
    expect(forUser(alice, byId)).toEqual({ kind: 'notEnforced', why: 'Excluded from: All but Alice' });
    expect(forUser(bob, byId)).toEqual({ kind: 'policies', policies: ['All but Alice'] });

    const byGroup = model([policy({ displayName: 'All but break-glass', includeUsers: ['All'], excludeGroups: [BREAKGLASS] })]);
    expect(forUser(bob, byGroup)).toEqual({ kind: 'notEnforced', why: 'Excluded from: All but break-glass' });

    const byRole = model([policy({ displayName: 'Sales but not admins', includeGroups: [SALES], includeUsers: [BOB], excludeRoles: [GLOBAL_ADMIN] })]);
    expect(forUser(bob, byRole).kind).toBe('notEnforced');
    expect(forUser(alice, byRole)).toEqual({ kind: 'policies', policies: ['Sales but not admins'] });
  });

  it('names every enabled policy the user is excluded from', () => {
    const m = model([
      policy({ displayName: 'A', includeUsers: ['All'], excludeUsers: [ALICE] }),
      policy({ displayName: 'B', includeGroups: [SALES], excludeUsers: [ALICE] }),
      policy({ displayName: 'C', includeUsers: [BOB], excludeUsers: [ALICE] })
    ]);
    expect(forUser(alice, m)).toEqual({ kind: 'notEnforced', why: 'Excluded from: A, B' });
    expect(enforcementText(forUser(alice, m))).toBe('Not enforced');
  });

  it('groups and roles include their members only', () => {
    const m = model([policy({ displayName: 'Sales', includeGroups: [SALES] }), policy({ displayName: 'Admins', includeRoles: [GLOBAL_ADMIN] })]);
    expect(forUser(alice, m)).toEqual({ kind: 'policies', policies: ['Sales'] });
    expect(forUser(bob, m)).toEqual({ kind: 'policies', policies: ['Admins'] });
    expect(forUser(guest, m)).toEqual({ kind: 'notEnforced', why: 'No enabled policy requiring MFA includes this user' });
  });

  it('"GuestsOrExternalUsers" includes and excludes guests only', () => {
    const include = model([policy({ displayName: 'Guests', includeUsers: ['GuestsOrExternalUsers'] })]);
    expect(forUser(guest, include)).toEqual({ kind: 'policies', policies: ['Guests'] });
    expect(forUser(alice, include).kind).toBe('notEnforced');
    expect(forUser({ id: GUEST, userType: 'guest' }, include).kind).toBe('policies');
    expect(forUser({ id: GUEST, userType: null }, include).kind).toBe('notEnforced');

    const exclude = model([policy({ displayName: 'Members', includeUsers: ['All'], excludeUsers: ['GuestsOrExternalUsers'] })]);
    expect(forUser(guest, exclude)).toEqual({ kind: 'notEnforced', why: 'Excluded from: Members' });
    expect(forUser(alice, exclude).kind).toBe('policies');
  });

  it('report-only policies give report-only, below an enabled one', () => {
    const m = model([policy({ displayName: 'Trial', includeUsers: ['All'], state: 'enabledForReportingButNotEnforced' }), policy({ displayName: 'Sales', includeGroups: [SALES] })]);
    expect(forUser(bob, m)).toEqual({ kind: 'reportOnly', policies: ['Trial'] });
    expect(enforcementText(forUser(bob, m))).toBe('Report-only: Trial');
    expect(forUser(alice, m)).toEqual({ kind: 'policies', policies: ['Sales'] });
  });

  it('disabled policies, policies not for all cloud apps and policies without an MFA grant never count', () => {
    const m = model([
      policy({ displayName: 'Off', includeUsers: ['All'], state: 'disabled' }),
      policy({ displayName: 'Exchange only', includeUsers: ['All'], allApps: false }),
      policy({ displayName: 'Compliant device', includeUsers: ['All'], requiresMfa: false })
    ]);
    expect(forUser(alice, m)).toEqual({ kind: 'notEnforced', why: 'Security defaults are off and no enabled Conditional Access policy requires MFA for all cloud apps' });
  });

  it('a group or role that could not be read is never taken as enforcing: unknown, and why', () => {
    const groupErrors = new Map<string, unknown>([[SALES, new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges')]]);
    const m = model([policy({ displayName: 'Sales', includeGroups: [SALES] })], { groupMembers: new Map(), groupErrors });
    const e = forUser(alice, m);
    expect(e).toMatchObject({ kind: 'unknown', policies: ['Sales'] });
    expect(e.kind === 'unknown' && e.why).toMatch(/Could not read who is in a group or role that Sales includes or excludes.*GroupMember\.Read\.All/);
    expect(enforcementText(e)).toBe('Could not tell');

    // An unread exclusion makes an "All" policy uncertain, but a known enforcing policy still answers.
    const roles = model([policy({ displayName: 'All but admins', includeUsers: ['All'], excludeRoles: [GLOBAL_ADMIN] })], { roleMembers: new Map() });
    expect(forUser(alice, roles).kind).toBe('unknown');
    const both = model([policy({ displayName: 'All but admins', includeUsers: ['All'], excludeRoles: [GLOBAL_ADMIN] }), policy({ displayName: 'Bob', includeUsers: [BOB] })], { roleMembers: new Map() });
    expect(forUser(bob, both)).toEqual({ kind: 'policies', policies: ['Bob'] });
    // A known exclusion still excludes, whatever else is unknown.
    const excluded = model([policy({ displayName: 'Sales', includeGroups: [SALES], excludeUsers: [ALICE] })], { groupMembers: new Map() });
    expect(forUser(alice, excluded).kind).toBe('notEnforced');
  });

  it('matches ids whatever their case', () => {
    const m = model([policy({ displayName: 'Alice', includeUsers: [ALICE] })]);
    expect(forUser({ id: ALICE.toUpperCase() }, m).kind).toBe('policies');
  });

  it('prepared once, answers the same as one at a time', () => {
    const m = model([policy({ displayName: 'Sales', includeGroups: [SALES] }), policy({ displayName: 'All but Bob', includeUsers: ['All'], excludeUsers: [BOB] })]);
    const evaluate = prepareEnforcement(m);
    for (const u of [alice, bob, guest]) expect(evaluate(u)).toEqual(forUser(u, m));
  });

  it('has no text for what is not known', () => {
    expect(enforcementText(undefined)).toBeNull();
  });
});

describe('policies that do not always ask', () => {
  // Microsoft's own templates narrow MFA to risky sign-ins, to sign-ins outside trusted locations, or offer it
  // as one control among others: none of them asks every sign-in, so none may count as enforcing.
  const narrowed = (displayName: string, graph: Record<string, unknown>): ICaPolicy => toCaPolicy({
    id: displayName, displayName, state: 'enabled',
    conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] }, ...graph },
    grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    ...(graph.grantControls ? { grantControls: graph.grantControls } : {})
  }) as ICaPolicy;

  it.each([
    ['MFA for risky sign-ins', { signInRiskLevels: ['medium', 'high'] }, 'sign-in risk'],
    ['MFA outside trusted locations', { locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] } }, 'locations'],
    ['MFA or compliant device', { grantControls: { operator: 'OR', builtInControls: ['mfa', 'compliantDevice'] } }, 'MFA or another control'],
    ['Password change for high user risk', { userRiskLevels: ['high'], grantControls: { operator: 'AND', builtInControls: ['mfa', 'passwordChange'] } }, 'user risk'],
    ['MFA for Office 365', { applications: { includeApplications: ['Office365'] } }, 'Office 365 apps only']
  ])('%s is conditional, not enforcing, and says when', (name, graph, when) => {
    const m = model([narrowed(name, graph)]);
    const e = forUser(alice, m);
    expect(e).toEqual({ kind: 'conditional', policies: [name], when: [when] });
    expect(enforcementText(e)).toBe(`Only when: ${when} (${name})`);
  });

  it('an unconditional policy still enforces beside a conditional one; a report-only one is weaker than a conditional one', () => {
    const always = policy({ displayName: 'All users MFA', includeUsers: ['All'], excludeUsers: [BOB] });
    const risky = narrowed('Risky sign-ins', { signInRiskLevels: ['high'] });
    const logOnly = policy({ displayName: 'Log only', includeUsers: ['All'], state: 'enabledForReportingButNotEnforced' });
    const m = model([always, risky, logOnly]);
    expect(forUser(alice, m)).toEqual({ kind: 'policies', policies: ['All users MFA'] });
    expect(forUser(bob, m)).toEqual({ kind: 'conditional', policies: ['Risky sign-ins'], when: ['sign-in risk'] });
  });
});

describe('toCaPolicy', () => {
  const raw = {
    id: 'p1',
    displayName: ' Require MFA ',
    state: 'enabled',
    conditions: {
      users: { includeUsers: ['all'], excludeUsers: [ALICE.toUpperCase()], includeGroups: [SALES], excludeGroups: [], includeRoles: [GLOBAL_ADMIN], excludeRoles: [] },
      applications: { includeApplications: ['All'], excludeApplications: [] },
      clientAppTypes: ['all']
    },
    grantControls: { operator: 'OR', builtInControls: ['mfa'] }
  };

  it('reads users, groups, roles, all apps and the MFA grant', () => {
    expect(toCaPolicy(raw)).toEqual({
      id: 'p1', displayName: 'Require MFA', state: 'enabled',
      includeUsers: ['All'], excludeUsers: [ALICE], includeGroups: [SALES], excludeGroups: [], includeRoles: [GLOBAL_ADMIN], excludeRoles: [],
      allApps: true, requiresMfa: true, conditions: []
    });
  });

  it('counts an authentication strength as requiring MFA', () => {
    expect(toCaPolicy({ ...raw, grantControls: { operator: 'AND', builtInControls: [], authenticationStrength: { id: '00000000-0000-0000-0000-000000000002', displayName: 'Multifactor authentication' } } })?.requiresMfa).toBe(true);
    expect(toCaPolicy({ ...raw, grantControls: { operator: 'OR', builtInControls: ['compliantDevice'], authenticationStrength: null } })?.requiresMfa).toBe(false);
    expect(toCaPolicy({ ...raw, grantControls: null })?.requiresMfa).toBe(false);
  });

  it('is not for all apps when only some apps are included', () => {
    expect(toCaPolicy({ ...raw, conditions: { ...raw.conditions, applications: { includeApplications: ['00000002-0000-0ff1-ce00-000000000000'] } } })?.allApps).toBe(false);
    expect(toCaPolicy({ ...raw, conditions: { ...raw.conditions, applications: { includeApplications: ['Office365'] } } })?.allApps).toBe(false);
  });

  it('names what narrows a policy without changing what it counts as', () => {
    const p = toCaPolicy({
      ...raw,
      conditions: {
        ...raw.conditions,
        applications: { includeApplications: ['All'], excludeApplications: ['app-1'] },
        locations: { includeLocations: ['All'], excludeLocations: ['AllTrusted'] },
        signInRiskLevels: ['high']
      },
      grantControls: { operator: 'OR', builtInControls: ['mfa', 'compliantDevice'] }
    });
    expect(p?.conditions).toEqual(['some apps excluded', 'locations', 'sign-in risk', 'MFA or another control']);
    expect(p).toMatchObject({ allApps: true, requiresMfa: true });
  });

  it('reads guests or external users as GuestsOrExternalUsers where they cover directory guests', () => {
    const withGuests = (users: Record<string, unknown>): ICaPolicy | undefined => toCaPolicy({ ...raw, conditions: { ...raw.conditions, users: { includeUsers: [], ...users } } });
    const all = { guestOrExternalUserTypes: 'internalGuest,b2bCollaborationGuest', externalTenants: { '@odata.type': '#microsoft.graph.conditionalAccessAllExternalTenants', membershipKind: 'all' } };
    const some = { guestOrExternalUserTypes: 'b2bCollaborationGuest', externalTenants: { '@odata.type': '#microsoft.graph.conditionalAccessEnumeratedExternalTenants', membershipKind: 'enumerated', members: ['t1'] } };
    const direct = { guestOrExternalUserTypes: 'b2bDirectConnectUser', externalTenants: { membershipKind: 'all' } };
    expect(withGuests({ includeGuestsOrExternalUsers: all })?.includeUsers).toEqual(['GuestsOrExternalUsers']);
    // Only some external tenants: a guest cannot be matched to them, so no enforcement is claimed...
    expect(withGuests({ includeGuestsOrExternalUsers: some })?.includeUsers).toEqual([]);
    // ...and as an exclusion it may exclude any guest.
    expect(withGuests({ excludeGuestsOrExternalUsers: some })?.excludeUsers).toEqual(['GuestsOrExternalUsers']);
    expect(withGuests({ includeGuestsOrExternalUsers: direct })?.includeUsers).toEqual([]);
  });

  it('tolerates odd input', () => {
    expect(toCaPolicy(null)).toBeUndefined();
    expect(toCaPolicy([])).toBeUndefined();
    expect(toCaPolicy({ displayName: 'no id' })).toBeUndefined();
    expect(toCaPolicy({ id: 'p2' })).toEqual({
      id: 'p2', displayName: 'p2', state: 'disabled', includeUsers: [], excludeUsers: [], includeGroups: [], excludeGroups: [], includeRoles: [], excludeRoles: [],
      allApps: false, requiresMfa: false, conditions: []
    });
    const odd = toCaPolicy({ id: 'p3', state: 'someFutureState', conditions: { users: { includeUsers: 'All', includeGroups: [1, null, 'G1'] }, applications: { includeApplications: [null, 'all'] } }, grantControls: { builtInControls: 'mfa' } });
    expect(odd).toMatchObject({ state: 'disabled', includeUsers: [], includeGroups: ['g1'], allApps: true, requiresMfa: false });
    expect(toCaPolicy({ id: 'p4', state: 'enabledForReportingButNotEnforced' })?.state).toBe('enabledForReportingButNotEnforced');
  });
});
