import { GraphGateway } from '../../../src/core/graph/GraphGateway';
import { GraphError } from '../../../src/core/graph/GraphError';
import { mfaEnforcementFor } from '../../../src/core/security/enforcement';
import { CA_POLICIES_PATH, SECURITY_DEFAULTS_PATH, groupMembersPath, loadMfaEnforcement, roleMembersPath } from '../../../src/core/security/loadEnforcement';
import { fakeClient } from '../../component/fakeGraph';
import type { Route } from '../../component/fakeGraph';

// Reading the enforcement model: security defaults, the policies (paged), then the named groups and roles.

const BASE = 'https://graph.microsoft.com/v1.0';
const ALICE = 'aaaaaaaa-0000-0000-0000-000000000001';
const BOB = 'bbbbbbbb-0000-0000-0000-000000000002';
const CAROL = 'cccccccc-0000-0000-0000-000000000003';
const SALES = '11111111-1111-1111-1111-111111111111';
const ADMINS_GROUP = '33333333-3333-3333-3333-333333333333';
const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';
const NEVER_USED_ROLE = 'fe930be7-5e62-47db-91af-98c3a49a38b1';
const SECRET = '44444444-4444-4444-4444-444444444444';

const raw = (id: string, state: string, users: Record<string, unknown>, mfa = true): Record<string, unknown> => ({
  id, displayName: id, state,
  conditions: { users, applications: { includeApplications: ['All'] } },
  grantControls: { operator: 'OR', builtInControls: mfa ? ['mfa'] : ['block'] }
});

const refused = { status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } } };

function routes(over: Record<string, Route> = {}): Record<string, Route> {
  return {
    [SECURITY_DEFAULTS_PATH]: { body: { id: '00000000-0000-0000-0000-000000000005', isEnabled: false } },
    [`${CA_POLICIES_PATH}?$skiptoken=2`]: { body: { value: [raw('Admins', 'enabled', { includeRoles: [GLOBAL_ADMIN, NEVER_USED_ROLE] })] } },
    [CA_POLICIES_PATH]: {
      body: {
        '@odata.nextLink': `${BASE}${CA_POLICIES_PATH}?$skiptoken=2`,
        value: [
          raw('Sales', 'enabled', { includeGroups: [SALES] }),
          raw('Trial', 'enabledForReportingButNotEnforced', { includeUsers: ['All'], excludeGroups: [SECRET] }),
          raw('Old', 'disabled', { includeGroups: ['99999999-9999-9999-9999-999999999999'] }),
          raw('Block', 'enabled', { includeGroups: ['88888888-8888-8888-8888-888888888888'] }, false)
        ]
      }
    },
    [groupMembersPath(SALES)]: { body: { value: [{ '@odata.type': '#microsoft.graph.user', id: ALICE }] } },
    [groupMembersPath(SECRET)]: refused,
    [groupMembersPath(ADMINS_GROUP)]: { body: { value: [{ '@odata.type': '#microsoft.graph.user', id: CAROL.toUpperCase() }] } },
    [roleMembersPath(GLOBAL_ADMIN)]: {
      body: { value: [{ '@odata.type': '#microsoft.graph.user', id: BOB }, { '@odata.type': '#microsoft.graph.group', id: ADMINS_GROUP }, { '@odata.type': '#microsoft.graph.servicePrincipal', id: 'sp-1' }] }
    },
    [roleMembersPath(NEVER_USED_ROLE)]: { status: 404, body: { error: { code: 'Request_ResourceNotFound', message: 'Resource not found.' } } },
    ...over
  };
}

function gatewayFor(r: Record<string, Route>): { gateway: GraphGateway; calls: string[] } {
  const { client, calls } = fakeClient(r);
  return { gateway: new GraphGateway(client), calls };
}

describe('loadMfaEnforcement', () => {
  it('reads security defaults, every page of policies, and the members of the groups and roles MFA policies name', async () => {
    const { gateway, calls } = gatewayFor(routes());
    const model = await loadMfaEnforcement(gateway);
    expect(model.securityDefaults).toBe(false);
    expect(model.policies.map(p => p.displayName)).toEqual(['Sales', 'Trial', 'Old', 'Block', 'Admins']);
    expect(model.groupMembers.get(SALES)).toEqual(new Set([ALICE]));
    // A role's members: its users, the users of a group holding it; a role never used has none (404).
    expect(model.roleMembers.get(GLOBAL_ADMIN)).toEqual(new Set([BOB, CAROL, 'sp-1']));
    expect(model.roleMembers.get(NEVER_USED_ROLE)).toEqual(new Set());
    // A refused group is left out (unknown) with its reason.
    expect(model.groupMembers.has(SECRET)).toBe(false);
    expect(model.groupErrors?.get(SECRET)).toMatchObject({ status: 403, kind: 'permission' });
    // Disabled and non-MFA policies' groups are not read.
    expect(calls.some(c => c.includes('99999999') || c.includes('88888888'))).toBe(false);
    expect(calls.filter(c => c.includes(ADMINS_GROUP))).toHaveLength(1);
    expect(calls).toContain(`GET v1.0${CA_POLICIES_PATH}?$skiptoken=2`);

    expect(mfaEnforcementFor({ id: ALICE }, model)).toEqual({ kind: 'policies', policies: ['Sales'] });
    expect(mfaEnforcementFor({ id: CAROL }, model)).toEqual({ kind: 'policies', policies: ['Admins'] });
    // Only report-only would cover Dave, and its unread exclusion keeps it from counting as surely applying.
    expect(mfaEnforcementFor({ id: 'dddddddd-0000-0000-0000-000000000004' }, model).kind).toBe('notEnforced');
  });

  it('with security defaults on, reads no members, and a refused policy read does not matter', async () => {
    const { gateway, calls } = gatewayFor(routes({ [SECURITY_DEFAULTS_PATH]: { body: { isEnabled: true } }, [CA_POLICIES_PATH]: refused }));
    const model = await loadMfaEnforcement(gateway);
    expect(model).toMatchObject({ securityDefaults: true, policies: [] });
    expect(model.policiesError).toBeInstanceOf(GraphError);
    expect(calls.some(c => c.includes('/groups/') || c.includes('/directoryRoles'))).toBe(false);
    expect(mfaEnforcementFor({ id: ALICE }, model)).toEqual({ kind: 'securityDefaults' });
  });

  it('rejects when security defaults or, with them off, the policies cannot be read', async () => {
    await expect(loadMfaEnforcement(gatewayFor(routes({ [SECURITY_DEFAULTS_PATH]: refused })).gateway)).rejects.toMatchObject({ status: 403 });
    await expect(loadMfaEnforcement(gatewayFor(routes({ [CA_POLICIES_PATH]: refused })).gateway)).rejects.toMatchObject({ status: 403 });
  });

  it('a cancelled read rejects instead of leaving members unknown', async () => {
    const controller = new AbortController();
    const { gateway } = gatewayFor(routes({ [groupMembersPath(SALES)]: async () => { controller.abort(); return { body: { value: [] } }; } }));
    await expect(loadMfaEnforcement(gateway, controller.signal)).rejects.toMatchObject({ kind: 'aborted' });
  });
});
