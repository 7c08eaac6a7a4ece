/** Security readiness in the demo tenant: Attack simulation reports, security defaults, Conditional Access, groups and roles. */
import { IDemoTenant, startDemoTenant } from '../../../workbench/demo-tenant';
import { client, expectGraphError, TODAY, REFRESH } from './helpers';

let t: IDemoTenant;
beforeAll(async () => {
  t = await startDemoTenant({ users: 300, seed: 7, today: TODAY });
});
afterAll(async () => {
  await t.close();
});

type Page<T> = { value: T[]; '@odata.nextLink'?: string; '@odata.context'?: string };
interface ISimUser {
  userId: string;
  displayName: string | null;
  email: string | null;
}
interface ISimRow {
  attackSimulationUser: ISimUser;
  simulationCount: number | null;
  clickCount: number | null;
  compromisedCount: number | null;
  latestSimulationDateTime: string | null;
}
interface ITrainingRow {
  attackSimulationUser: ISimUser;
  userTrainings: Array<{ displayName: string; assignedDateTime: string; completionDateTime: string | null; trainingStatus: string }>;
}
interface IOffenderRow {
  attackSimulationUser: ISimUser;
  repeatOffenceCount: number;
}
interface IPolicy {
  id: string;
  displayName: string;
  state: string;
  conditions: {
    clientAppTypes: string[];
    applications: { includeApplications: string[]; excludeApplications: string[] };
    users: { includeUsers: string[]; excludeUsers: string[]; includeGroups: string[]; excludeGroups: string[]; includeRoles: string[]; excludeRoles: string[] };
  };
  grantControls: { operator: string; builtInControls: string[]; authenticationStrength: { id: string; requirementsSatisfied: string } | null };
}

const SIM = '/v1.0/reports/security/getAttackSimulationSimulationUserCoverage';
const TRAINING = '/v1.0/reports/security/getAttackSimulationTrainingUserCoverage';
const OFFENDERS = '/v1.0/reports/security/getAttackSimulationRepeatOffenders';
const CA = '/v1.0/identity/conditionalAccess/policies';
const DEFAULTS = '/v1.0/policies/identitySecurityDefaultsEnforcementPolicy';
const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10';

/** Every item of a paged collection, following @odata.nextLink. */
async function all<T>(tenant: IDemoTenant, url: string, token = tenant.token): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let next: string | undefined = url;
  let pages = 0;
  while (next) {
    const r = await client(tenant, token).get(next);
    if (r.status !== 200) throw new Error(`${next}: ${r.status} ${r.text}`);
    const body = r.body as Page<T>;
    items.push(...body.value);
    next = body['@odata.nextLink'];
    if (next) expect(next).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\.0\//);
    if (++pages > 1000) throw new Error('paging does not end');
  }
  return { items, pages };
}

const person = (name: string): { id: string; userPrincipalName: string } => {
  const p = t.info.people[name];
  if (!p) throw new Error(`no ${name} in info.people`);
  return p;
};

function patchOptions(tenant: IDemoTenant, body: Record<string, unknown>): Promise<Response> {
  return fetch(`${tenant.url}/_demo/options`, { method: 'PATCH', body: JSON.stringify(body) });
}

describe('/_demo/info and /_demo/options', () => {
  it('names the security people, the policies, the groups they use and the roles', async () => {
    for (const name of ['breakGlass', 'clicker', 'compromised', 'repeatOffender', 'neverSimulated', 'neverSimulatedListed', 'trainingOverdue', 'trainingInProgress', 'trainingCompleted', 'mfaNotEnforced', 'mfaNotEnforcedNotRegistered', 'mfaReportOnly', 'mfaViaNestedGroup', 'userAdministrator', 'securityReader'])
      expect(t.info.people[name]?.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(person('breakGlass').userPrincipalName).toBe(`emergency.access@${t.info.domain}`);
    expect(Object.keys(t.info.policies).sort()).toEqual(['blockLegacyAuthentication', 'disabled', 'requireMfaAdmins', 'requireMfaAllUsers', 'requireMfaAzureManagement', 'requireMfaGroup', 'requireMfaGuestsReportOnly']);
    expect(t.info.groups).toMatchObject({ mfaExcluded: t.info.groups.mailSecurity, mfaRequired: t.info.groups.security, mfaRequiredNested: t.info.groups.synced });
    expect(t.info.roles).toMatchObject({ globalAdministrator: GLOBAL_ADMIN, userAdministrator: 'fe930be7-5e62-47db-91af-98c3a49a38b1', securityReader: '5d6b6bb7-de71-4623-b4af-96380a352509' });
    expect(t.info.activatedRoles).not.toContain(t.info.roles.securityAdministrator);
    const served = (await (await fetch(`${t.url}/_demo/info`)).json()) as typeof t.info;
    expect(served.people).toEqual(t.info.people);
    expect(served.policies).toEqual(t.info.policies);
  });

  it('the people are the same for the same seed and differ for another', async () => {
    const again = await startDemoTenant({ users: 300, seed: 7, today: TODAY });
    const other = await startDemoTenant({ users: 300, seed: 8, today: TODAY });
    try {
      expect(again.info.people).toEqual(t.info.people);
      expect(again.info.policies).toEqual(t.info.policies);
      expect(other.info.people.clicker?.id).not.toBe(t.info.people.clicker?.id);
    } finally {
      await again.close();
      await other.close();
    }
  });

  it('lists the new switches and changes them at runtime', async () => {
    const before = (await (await fetch(`${t.url}/_demo/options`)).json()) as Record<string, unknown>;
    expect(before).toMatchObject({ noAttackSimulation: false, noSecurityRole: false, securityDefaults: false });
    const patched = (await (await patchOptions(t, { securityDefaults: true })).json()) as Record<string, unknown>;
    expect(patched.securityDefaults).toBe(true);
    expect((await patchOptions(t, { securityDefaults: false })).status).toBe(200);
  });

  it('the default token carries AttackSimulation.Read.All, Policy.Read.All and RoleManagement.Read.Directory', () => {
    const scp = String((JSON.parse(Buffer.from(t.token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { scp: string }).scp).split(' ');
    expect(scp).toEqual(expect.arrayContaining(['AttackSimulation.Read.All', 'Policy.Read.All', 'RoleManagement.Read.Directory']));
  });
});

describe('Attack simulation training reports', () => {
  it('simulation coverage: Graph shape, directory users once each, paged by @odata.nextLink', async () => {
    const { items, pages } = await all<ISimRow>(t, `${SIM}?$top=25`);
    expect(pages).toBeGreaterThan(2);
    const first = (await client(t).get(SIM)).body as Page<ISimRow>;
    expect(first['@odata.context']).toMatch(/\$metadata#Collection\(microsoft\.graph\.attackSimulationSimulationUserCoverage\)$/);
    // One page holds them all by default; the paged read returns the same rows.
    expect(first['@odata.nextLink']).toBeUndefined();
    expect(first.value).toEqual(items);
    const ids = items.map((r) => r.attackSimulationUser.userId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const r of items) {
      expect(Object.keys(r).sort()).toEqual(['attackSimulationUser', 'clickCount', 'compromisedCount', 'latestSimulationDateTime', 'simulationCount']);
      expect(Object.keys(r.attackSimulationUser).sort()).toEqual(['displayName', 'email', 'userId']);
      if (r.simulationCount === null) {
        expect(r).toMatchObject({ clickCount: null, compromisedCount: null, latestSimulationDateTime: null });
        continue;
      }
      expect(r.simulationCount).toBeGreaterThan(0);
      expect(r.clickCount).toBeLessThanOrEqual(r.simulationCount);
      expect(r.compromisedCount).toBeLessThanOrEqual(r.clickCount ?? 0);
      expect(r.latestSimulationDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect((r.latestSimulationDateTime ?? '') <= `${REFRESH}T23:59:59Z`).toBe(true);
    }
    // Coverage rows are real directory users.
    const sample = await client(t).get(`/v1.0/users/${ids[ids.length - 1] ?? ''}?$select=id`);
    expect(sample.status).toBe(200);
  });

  it('the awkward people are where info says', async () => {
    const rows = new Map((await all<ISimRow>(t, SIM)).items.map((r) => [r.attackSimulationUser.userId, r]));
    expect(rows.get(person('clicker').id)).toMatchObject({ compromisedCount: 0 });
    expect(rows.get(person('clicker').id)?.clickCount).toBeGreaterThan(0);
    expect(rows.get(person('compromised').id)?.compromisedCount).toBe(1);
    expect(rows.get(person('repeatOffender').id)?.compromisedCount).toBeGreaterThanOrEqual(2);
    expect(rows.has(person('neverSimulated').id)).toBe(false);
    expect(rows.has(person('breakGlass').id)).toBe(false);
    expect(rows.get(person('neverSimulatedListed').id)).toMatchObject({ simulationCount: null, clickCount: null });
    // Guests have no mailbox here to simulate.
    expect(rows.has(person('guest').id)).toBe(false);
    const u = (await client(t).get(`/v1.0/users/${person('clicker').id}?$select=displayName,mail`)).body as { displayName: string; mail: string };
    expect(rows.get(person('clicker').id)?.attackSimulationUser).toEqual({ userId: person('clicker').id, displayName: u.displayName, email: u.mail });
  });

  it('training coverage: statuses, dates and overdue as documented', async () => {
    const { items } = await all<ITrainingRow>(t, `${TRAINING}?$top=10`);
    expect(items.length).toBeGreaterThan(10);
    const statuses = new Set<string>();
    for (const r of items) {
      expect(Object.keys(r).sort()).toEqual(['attackSimulationUser', 'userTrainings']);
      expect(r.userTrainings.length).toBeGreaterThan(0);
      for (const x of r.userTrainings) {
        expect(Object.keys(x).sort()).toEqual(['assignedDateTime', 'completionDateTime', 'displayName', 'trainingStatus']);
        statuses.add(x.trainingStatus);
        expect(['assigned', 'inProgress', 'completed', 'overdue']).toContain(x.trainingStatus);
        expect(x.assignedDateTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/);
        if (x.trainingStatus === 'completed') expect(x.completionDateTime! > x.assignedDateTime).toBe(true);
        else expect(x.completionDateTime).toBeNull();
        const ageDays = (Date.parse(`${REFRESH}T00:00:00Z`) - Date.parse(x.assignedDateTime)) / 86400000;
        if (x.trainingStatus === 'overdue') expect(ageDays).toBeGreaterThan(29);
        if (x.trainingStatus === 'assigned' || x.trainingStatus === 'inProgress') expect(ageDays).toBeLessThan(31);
      }
    }
    expect([...statuses].sort()).toEqual(['assigned', 'completed', 'inProgress', 'overdue']);
    const byId = new Map(items.map((r) => [r.attackSimulationUser.userId, r]));
    expect(byId.get(person('trainingOverdue').id)?.userTrainings.some((x) => x.trainingStatus === 'overdue')).toBe(true);
    expect(byId.get(person('trainingInProgress').id)?.userTrainings.some((x) => x.trainingStatus === 'inProgress')).toBe(true);
    expect(byId.get(person('trainingCompleted').id)?.userTrainings.every((x) => x.trainingStatus === 'completed')).toBe(true);
    expect(byId.has(person('neverSimulated').id)).toBe(false);
    // Graph's own example: some rows name the user with nulls; the id is always there.
    expect(items.every((r) => /^[0-9a-f-]{36}$/.test(r.attackSimulationUser.userId))).toBe(true);
  });

  it('repeat offenders agree with the coverage report', async () => {
    const sims = new Map((await all<ISimRow>(t, SIM)).items.map((r) => [r.attackSimulationUser.userId, r]));
    const { items } = await all<IOffenderRow>(t, `${OFFENDERS}?$top=3`);
    expect(items.length).toBeGreaterThan(0);
    for (const r of items) {
      expect(Object.keys(r).sort()).toEqual(['attackSimulationUser', 'repeatOffenceCount']);
      expect(r.repeatOffenceCount).toBeGreaterThanOrEqual(2);
      expect(sims.get(r.attackSimulationUser.userId)?.compromisedCount).toBe(r.repeatOffenceCount);
    }
    const expected = [...sims.values()].filter((r) => (r.compromisedCount ?? 0) >= 2).length;
    expect(items).toHaveLength(expected);
    expect(items.some((r) => r.attackSimulationUser.userId === person('repeatOffender').id)).toBe(true);
  });

  it('is a pure function of the seed: another tenant of the same seed answers the same rows', async () => {
    const again = await startDemoTenant({ users: 300, seed: 7, today: TODAY });
    try {
      for (const url of [SIM, TRAINING, OFFENDERS]) {
        const a = ((await client(t).get(url)).body as Page<unknown>).value;
        const b = ((await client(again).get(url)).body as Page<unknown>).value;
        expect(b).toEqual(a);
      }
    } finally {
      await again.close();
    }
  });

  it('refuses a missing scope, an unlicensed tenant, and a signed-in person without a security role', async () => {
    const noScope = client(t, t.tokenFor(['User.Read.All', 'Reports.Read.All']));
    for (const url of [SIM, TRAINING, OFFENDERS]) expectGraphError(await noScope.get(url), 403, 'Forbidden', /required scopes are missing/);
    // A clicker is not an admin; a User Administrator holds a role, but not one that reads simulations.
    for (const who of ['clicker', 'userAdministrator']) expectGraphError(await client(t, t.tokenAs(person(who).id)).get(SIM), 403, 'S2SUnauthorized', 'Invalid Permission.');
    expect((await client(t, t.tokenAs(person('securityReader').id)).get(OFFENDERS)).status).toBe(200);
    expect((await client(t, t.tokenAs(person('breakGlass').id)).get(OFFENDERS)).status).toBe(200);
    try {
      await patchOptions(t, { noAttackSimulation: true });
      for (const url of [SIM, TRAINING, OFFENDERS]) expectGraphError(await client(t).get(url), 403, 'Forbidden', 'Your tenant is not licensed for this feature.');
      await patchOptions(t, { noAttackSimulation: false, noSecurityRole: true });
      expectGraphError(await client(t).get(SIM), 403, 'S2SUnauthorized');
    } finally {
      await patchOptions(t, { noAttackSimulation: false, noSecurityRole: false });
    }
    expect((await client(t).get(SIM)).status).toBe(200);
  });

  it('an app-only token (roles, no scp) needs no role', async () => {
    const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
    const appOnly = `${b64({ alg: 'none' })}.${b64({ roles: ['AttackSimulation.Read.All', 'Policy.Read.All'], tid: t.info.tid })}.`;
    expect((await client(t, appOnly).get(OFFENDERS)).status).toBe(200);
    expect((await client(t, appOnly).get(CA)).status).toBe(200);
  });

  it('rejects a page size beyond 1000 and an unknown function', async () => {
    expectGraphError(await client(t).get(`${SIM}?$top=1001`), 400, 'BadRequest');
    expectGraphError(await client(t).get('/v1.0/reports/security/getAttackSimulationNothing'), 400, 'BadRequest', /getAttackSimulationNothing/);
    expect((await client(t).get(`${OFFENDERS}()`)).status).toBe(200);
  });
});

describe('security defaults and Conditional Access', () => {
  it('security defaults: off by default with the policies present; on: no policies', async () => {
    const off = (await client(t).get(DEFAULTS)).body as Record<string, unknown>;
    expect(off).toMatchObject({ id: '00000000-0000-0000-0000-000000000005', displayName: 'Security Defaults', isEnabled: false });
    expect(typeof off.description).toBe('string');
    expect(((await client(t).get(CA)).body as Page<IPolicy>).value.length).toBe(7);
    try {
      await patchOptions(t, { securityDefaults: true });
      expect(((await client(t).get(`${DEFAULTS}?$select=isEnabled`)).body as Record<string, unknown>).isEnabled).toBe(true);
      expect(((await client(t).get(CA)).body as Page<IPolicy>).value).toEqual([]);
    } finally {
      await patchOptions(t, { securityDefaults: false });
    }
  });

  it('the policies: all users with exclusions, a group, a role, report-only, disabled, one app only', async () => {
    const { items } = await all<IPolicy>(t, CA);
    const byKey = (key: string): IPolicy => {
      const p = items.find((x) => x.id === t.info.policies[key]);
      if (!p) throw new Error(key);
      return p;
    };
    const bg = person('breakGlass').id;
    expect(new Set(items.map((p) => p.state))).toEqual(new Set(['enabled', 'disabled', 'enabledForReportingButNotEnforced']));
    const allUsers = byKey('requireMfaAllUsers');
    expect(allUsers).toMatchObject({ displayName: 'Require MFA for all users', state: 'enabled', grantControls: { operator: 'OR', builtInControls: ['mfa'], authenticationStrength: null } });
    expect(allUsers.conditions.users).toMatchObject({ includeUsers: ['All'], excludeGroups: [t.info.groups.mfaExcluded] });
    expect(allUsers.conditions.users.excludeUsers).toEqual(expect.arrayContaining([bg, 'GuestsOrExternalUsers']));
    expect(allUsers.conditions.applications.includeApplications).toEqual(['All']);
    expect(byKey('requireMfaGroup').conditions.users.includeGroups).toEqual([t.info.groups.mfaRequired]);
    const admins = byKey('requireMfaAdmins');
    expect(admins.conditions.users.includeRoles).toContain(GLOBAL_ADMIN);
    expect(admins.grantControls.authenticationStrength).toMatchObject({ id: '00000000-0000-0000-0000-000000000004', requirementsSatisfied: 'mfa' });
    expect(byKey('requireMfaGuestsReportOnly')).toMatchObject({ state: 'enabledForReportingButNotEnforced', conditions: { users: { includeUsers: ['GuestsOrExternalUsers'] } } });
    expect(byKey('disabled').state).toBe('disabled');
    expect(byKey('requireMfaAzureManagement').conditions.applications.includeApplications).toEqual(['797f4846-ba00-4fd7-ba43-dac1f8f63013']);
    expect(byKey('blockLegacyAuthentication').grantControls.builtInControls).toEqual(['block']);
    const one = await client(t).get(`${CA}/${allUsers.id}?$select=displayName,state`);
    expect(one.body).toMatchObject({ id: allUsers.id, displayName: 'Require MFA for all users', state: 'enabled' });
    expectGraphError(await client(t).get(`${CA}/00000000-0000-4000-8000-000000000000`), 404, 'Request_ResourceNotFound');
    const enabledOnly = ((await client(t).get(`${CA}?$filter=${encodeURIComponent("state eq 'enabled'")}&$select=id,state`)).body as Page<IPolicy>).value;
    expect(enabledOnly.length).toBe(items.filter((p) => p.state === 'enabled').length);
    expect(Object.keys(enabledOnly[0] ?? {}).sort()).toEqual(['id', 'state']);
  });

  it('refuses a missing Policy.Read.All and a signed-in person without a role that reads policies', async () => {
    const noScope = client(t, t.tokenFor(['User.Read.All', 'Directory.Read.All']));
    expectGraphError(await noScope.get(CA), 403, 'AccessDenied', 'You cannot perform the requested operation, required scopes are missing in the token.');
    expectGraphError(await noScope.get(DEFAULTS), 403, 'AccessDenied', /required scopes are missing/);
    const clicker = client(t, t.tokenAs(person('clicker').id));
    expectGraphError(await clicker.get(CA), 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    expectGraphError(await clicker.get(DEFAULTS), 403, 'Authorization_RequestDenied');
    const reader = client(t, t.tokenAs(person('securityReader').id));
    expect((await reader.get(CA)).status).toBe(200);
    expect((await reader.get(DEFAULTS)).status).toBe(200);
  });
});

describe('groups and roles the policies name', () => {
  it('transitiveMembers flattens the nested group; members lists the group itself', async () => {
    const nested = person('mfaViaNestedGroup').id;
    const direct = await all<{ '@odata.type': string; id: string }>(t, `/v1.0/groups/${t.info.groups.mfaRequired}/members?$select=id`);
    expect(direct.items.some((m) => m['@odata.type'] === '#microsoft.graph.group' && m.id === t.info.groups.mfaRequiredNested)).toBe(true);
    expect(direct.items.some((m) => m.id === nested)).toBe(false);
    const users = await all<Record<string, unknown>>(t, `/v1.0/groups/${t.info.groups.mfaRequired}/transitiveMembers/microsoft.graph.user?$select=id&$top=7`);
    expect(users.pages).toBeGreaterThan(1);
    expect(users.items.every((u) => Object.keys(u).join() === 'id')).toBe(true);
    const ids = users.items.map((u) => String(u.id));
    expect(ids).toContain(nested);
    expect(new Set(ids).size).toBe(ids.length);
    // Everyone listed directly (and every member of the nested group) is a transitive member.
    const nestedMembers = await all<{ id: string }>(t, `/v1.0/groups/${t.info.groups.mfaRequiredNested}/members?$select=id`);
    for (const m of [...direct.items.filter((x) => x['@odata.type'] === '#microsoft.graph.user'), ...nestedMembers.items]) expect(ids).toContain(m.id);
    const withGroups = await all<{ '@odata.type': string; id: string }>(t, `/v1.0/groups/${t.info.groups.mfaRequired}/transitiveMembers?$select=id`);
    expect(withGroups.items.filter((m) => m['@odata.type'] === '#microsoft.graph.group').map((m) => m.id)).toEqual([t.info.groups.mfaRequiredNested]);
    const onlyGroups = ((await client(t).get(`/v1.0/groups/${t.info.groups.mfaRequired}/transitiveMembers/microsoft.graph.group`)).body as Page<{ id: string }>).value;
    expect(onlyGroups.map((g) => g.id)).toEqual([t.info.groups.mfaRequiredNested]);
    // The nested member's transitiveMemberOf names the outer group; memberOf does not.
    const memberOf = ((await client(t).get(`/v1.0/users/${nested}/memberOf?$select=id`)).body as Page<{ id: string }>).value.map((g) => g.id);
    const transitive = ((await client(t).get(`/v1.0/users/${nested}/transitiveMemberOf?$select=id`)).body as Page<{ id: string }>).value.map((g) => g.id);
    expect(memberOf).not.toContain(t.info.groups.mfaRequired);
    expect(transitive).toContain(t.info.groups.mfaRequired);
  });

  it('transitiveMembers: scopes, limited information without a user scope, unknown casts', async () => {
    const group = t.info.groups.mfaRequired ?? '';
    expectGraphError(await client(t, t.tokenFor(['User.Read.All'])).get(`/v1.0/groups/${group}/transitiveMembers`), 403, 'Authorization_RequestDenied');
    const basic = (await client(t, t.tokenFor(['GroupMember.ReadBasic.All'])).get(`/v1.0/groups/${group}/transitiveMembers/microsoft.graph.user?$select=id,displayName&$top=3`)).body as Page<{ id: string; displayName: string | null }>;
    expect(basic.value).toHaveLength(3);
    expect(basic.value.every((u) => /^[0-9a-f-]{36}$/.test(u.id) && u.displayName === null)).toBe(true);
    const full = (await client(t, t.tokenFor(['GroupMember.Read.All', 'User.Read.All'])).get(`/v1.0/groups/${group}/transitiveMembers/microsoft.graph.user?$select=id,displayName&$top=3`)).body as Page<{ displayName: string | null }>;
    expect(full.value.every((u) => typeof u.displayName === 'string')).toBe(true);
    expectGraphError(await client(t).get(`/v1.0/groups/${group}/transitiveMembers/microsoft.graph.device`), 400, 'BadRequest');
    expectGraphError(await client(t).get('/v1.0/groups/00000000-0000-4000-8000-000000000000/transitiveMembers'), 404, 'Request_ResourceNotFound');
  });

  it('role members by template id (both URL forms); a role never activated is 404; an activated empty role is []', async () => {
    const ga = await all<{ '@odata.type': string; id: string }>(t, `/v1.0/directoryRoles(roleTemplateId='${GLOBAL_ADMIN}')/members?$select=id`);
    expect(ga.items.map((m) => m.id).sort()).toEqual([person('admin').id, person('breakGlass').id].sort());
    expect(ga.items.every((m) => m['@odata.type'] === '#microsoft.graph.user')).toBe(true);
    const legacy = ((await client(t).get(`/v1.0/directoryRoles/roleTemplateId=${t.info.roles.userAdministrator}/members?$select=id`)).body as Page<{ id: string }>).value;
    expect(legacy.map((m) => m.id)).toContain(person('userAdministrator').id);
    expect(legacy.length).toBe(2);
    const reader = ((await client(t).get(`/v1.0/directoryRoles(roleTemplateId='${t.info.roles.securityReader}')/members?$select=id`)).body as Page<{ id: string }>).value;
    expect(reader.map((m) => m.id)).toEqual([person('securityReader').id]);
    expect(((await client(t).get(`/v1.0/directoryRoles(roleTemplateId='${t.info.roles.exchangeAdministrator}')/members`)).body as Page<unknown>).value).toEqual([]);
    expectGraphError(await client(t).get(`/v1.0/directoryRoles(roleTemplateId='${t.info.roles.securityAdministrator}')/members`), 404, 'Request_ResourceNotFound');
    // By object id, as /directoryRoles lists them.
    const roles = ((await client(t).get('/v1.0/directoryRoles')).body as Page<{ id: string; roleTemplateId: string; displayName: string }>).value;
    expect(roles.map((r) => r.roleTemplateId).sort()).toEqual([...t.info.activatedRoles].sort());
    const gaRole = roles.find((r) => r.roleTemplateId === GLOBAL_ADMIN);
    expect(gaRole?.displayName).toBe('Global Administrator');
    expect(((await client(t).get(`/v1.0/directoryRoles/${gaRole?.id ?? ''}/members?$select=id`)).body as Page<unknown>).value).toHaveLength(2);
  });

  it('role members: RoleManagement.Read.Directory suffices; without a role scope 403; users come back limited without a user scope', async () => {
    const url = `/v1.0/directoryRoles(roleTemplateId='${GLOBAL_ADMIN}')/members?$select=id,displayName`;
    expectGraphError(await client(t, t.tokenFor(['User.Read.All', 'GroupMember.Read.All'])).get(url), 403, 'Authorization_RequestDenied');
    const limited = (await client(t, t.tokenFor(['RoleManagement.Read.Directory'])).get(url)).body as Page<{ displayName: string | null }>;
    expect(limited.value.map((m) => m.displayName)).toEqual([null, null]);
    const named = (await client(t, t.tokenFor(['RoleManagement.Read.Directory', 'User.ReadBasic.All'])).get(url)).body as Page<{ displayName: string | null }>;
    expect(named.value.map((m) => m.displayName)).toContain('Emergency Access Admin');
  });

  it("a user's memberOf lists their directory roles, and tokenAs carries them as wids", async () => {
    const of = ((await client(t).get(`/v1.0/users/${person('securityReader').id}/memberOf`)).body as Page<{ '@odata.type': string; roleTemplateId?: string }>).value;
    expect(of.filter((x) => x['@odata.type'] === '#microsoft.graph.directoryRole').map((x) => x.roleTemplateId)).toEqual([t.info.roles.securityReader]);
    const claims = JSON.parse(Buffer.from((t.tokenAs(person('breakGlass').id) ?? '').split('.')[1] ?? '', 'base64url').toString('utf8')) as { wids: string[] };
    expect(claims.wids).toEqual([GLOBAL_ADMIN]);
  });
});

describe('MFA enforcement evaluated from what Graph serves', () => {
  /** Which enabled / report-only policies require MFA of this user for all apps, from the API's data alone. */
  async function coverage(userId: string, isGuest: boolean): Promise<{ enforced: string[]; reportOnly: string[] }> {
    const policies = (await all<IPolicy>(t, CA)).items;
    const groupsOf = new Map<string, Set<string>>();
    const rolesOf = new Map<string, Set<string>>();
    const inGroup = async (g: string): Promise<boolean> => {
      if (!groupsOf.has(g)) groupsOf.set(g, new Set((await all<{ id: string }>(t, `/v1.0/groups/${g}/transitiveMembers/microsoft.graph.user?$select=id`)).items.map((u) => u.id)));
      return groupsOf.get(g)?.has(userId) ?? false;
    };
    const inRole = async (r: string): Promise<boolean> => {
      if (!rolesOf.has(r)) {
        const res = await client(t).get(`/v1.0/directoryRoles(roleTemplateId='${r}')/members?$select=id`);
        rolesOf.set(r, new Set(res.status === 404 ? [] : (res.body as Page<{ id: string }>).value.map((u) => u.id)));
      }
      return rolesOf.get(r)?.has(userId) ?? false;
    };
    const matches = async (users: string[], groups: string[], roles: string[]): Promise<boolean> => {
      if (users.includes('All') || users.includes(userId) || (isGuest && users.includes('GuestsOrExternalUsers'))) return true;
      for (const g of groups) if (await inGroup(g)) return true;
      for (const r of roles) if (await inRole(r)) return true;
      return false;
    };
    const out = { enforced: [] as string[], reportOnly: [] as string[] };
    for (const p of policies) {
      const u = p.conditions.users;
      const mfa = p.grantControls.builtInControls.includes('mfa') || p.grantControls.authenticationStrength !== null;
      const everywhere = p.conditions.applications.includeApplications.includes('All') && p.conditions.clientAppTypes.includes('all');
      if (p.state === 'disabled' || !mfa || !everywhere) continue;
      if (!(await matches(u.includeUsers, u.includeGroups, u.includeRoles)) || (await matches(u.excludeUsers, u.excludeGroups, u.excludeRoles))) continue;
      (p.state === 'enabled' ? out.enforced : out.reportOnly).push(p.displayName);
    }
    return out;
  }

  it('the break-glass account is excluded from every MFA policy, whatever its state', async () => {
    const bg = person('breakGlass').id;
    for (const p of (await all<IPolicy>(t, CA)).items) {
      const mfa = p.grantControls.builtInControls.includes('mfa') || p.grantControls.authenticationStrength !== null;
      const targetsMembers = p.conditions.users.includeUsers.includes('All') || p.conditions.users.includeGroups.length > 0 || p.conditions.users.includeRoles.length > 0;
      if (mfa && targetsMembers) expect({ policy: p.displayName, excluded: p.conditions.users.excludeUsers.includes(bg) }).toEqual({ policy: p.displayName, excluded: true });
    }
    expect(await coverage(bg, false)).toEqual({ enforced: [], reportOnly: [] });
  });

  it('who is enforced, by what, and who is not', async () => {
    expect((await coverage(person('admin').id, false)).enforced).toEqual(['Require MFA for IT Security', 'Require phishing-resistant MFA for administrators']);
    expect(await coverage(person('mfaNotEnforced').id, false)).toEqual({ enforced: [], reportOnly: [] });
    expect(await coverage(person('mfaReportOnly').id, true)).toEqual({ enforced: [], reportOnly: ['Require MFA for guests (pilot)'] });
    expect((await coverage(person('mfaViaNestedGroup').id, false)).enforced).toContain('Require MFA for IT Security');
    // The all-users policy covers a plain member exactly when they are outside its excluded group.
    for (const name of ['clicker', 'compromised', 'repeatOffender', 'trainingOverdue', 'trainingInProgress', 'trainingCompleted']) {
      const id = person(name).id;
      const groups = ((await client(t).get(`/v1.0/users/${id}/transitiveMemberOf?$select=id`)).body as Page<{ id: string }>).value.map((g) => g.id);
      const enforced = (await coverage(id, false)).enforced;
      expect({ name, allUsers: enforced.includes('Require MFA for all users') }).toEqual({ name, allUsers: !groups.includes(t.info.groups.mfaExcluded ?? '') });
    }
    // Not enforced and not registered either.
    const urd = (await client(t).get(`/v1.0/reports/authenticationMethods/userRegistrationDetails/${person('mfaNotEnforcedNotRegistered').id}`)).body as { isMfaRegistered: boolean };
    expect(urd.isMfaRegistered).toBe(false);
    expect(await coverage(person('mfaNotEnforcedNotRegistered').id, false)).toEqual({ enforced: [], reportOnly: [] });
  });
});
