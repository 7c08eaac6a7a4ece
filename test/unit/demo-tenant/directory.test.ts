/** Directory endpoints, auth and scopes, OData options, writes and $batch, over HTTP. */
import { IDemoTenant, startDemoTenant } from '../../../workbench/demo-tenant';
import { client, errorCode, expectGraphError, TODAY } from './helpers';

let t: IDemoTenant;
beforeAll(async () => {
  t = await startDemoTenant({ users: 200, seed: 5, today: TODAY });
});
afterAll(async () => {
  await t.close();
});

type Page<T> = { value: T[]; '@odata.nextLink'?: string; '@odata.count'?: number };

describe('authentication and scopes', () => {
  it('401 InvalidAuthenticationToken without a token or with a malformed one', async () => {
    const none = await fetch(`${t.url}/v1.0/users`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('InvalidAuthenticationToken');
    expect(none.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expectGraphError(await client(t, 'not-a-jwt').get('/v1.0/users'), 401, 'InvalidAuthenticationToken');
    expectGraphError(await client(t, 'e30.bm90IGpzb24.').get('/v1.0/users'), 401, 'InvalidAuthenticationToken');
  });

  it('tokens are unsigned JWTs with scp, tid, upn and name', () => {
    const payload = JSON.parse(Buffer.from(t.tokenFor(['User.Read.All']).split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    expect(payload).toMatchObject({ scp: 'User.Read.All', tid: t.info.tid, upn: t.info.people.admin?.userPrincipalName });
    expect(typeof payload.name).toBe('string');
  });

  it('answers a missing scope the way Graph does, per endpoint', async () => {
    const reportsOnly = client(t, t.tokenFor(['Reports.Read.All']));
    expectGraphError(await reportsOnly.get('/v1.0/users'), 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    expectGraphError(await reportsOnly.get('/v1.0/subscribedSkus'), 403, 'Authorization_RequestDenied');
    expectGraphError(await reportsOnly.get('/v1.0/groups'), 403, 'Authorization_RequestDenied');
    const usersOnly = client(t, t.tokenFor(['User.Read.All']));
    expect((await usersOnly.get('/v1.0/users?$top=1')).status).toBe(200);
    expectGraphError(await usersOnly.get("/v1.0/reports/getEmailActivityCounts(period='D7')"), 403, 'S2SUnauthorized', 'Invalid scope claims/roles.');
    expectGraphError(await usersOnly.get('/v1.0/users?$select=id,signInActivity'), 403, 'Authentication_MSGraphPermissionMissing', /AuditLog\.Read\.All/);
    expectGraphError(await usersOnly.get('/v1.0/reports/authenticationMethods/userRegistrationDetails'), 403, 'Authentication_MSGraphPermissionMissing');
    expectGraphError(await usersOnly.patch(`/v1.0/users/${t.info.people.unicode?.id}`, { jobTitle: 'x' }), 403, 'Authorization_RequestDenied');
    expectGraphError(await usersOnly.get('/v1.0/admin/reportSettings'), 403, 'Authorization_RequestDenied');
    expectGraphError(await usersOnly.get(`/v1.0/users/${t.info.people.admin?.id}/drive`), 403, 'accessDenied');
    expectGraphError(await usersOnly.get(`/v1.0/users/${t.info.people.admin?.id}/authentication/methods`), 403, 'accessDenied');
    expect((await usersOnly.get(`/v1.0/users/${t.info.people.admin?.id}/memberOf`)).status).toBe(200);
  });
});

describe('/users', () => {
  const g = () => client(t);
  it('pages with $top and an absolute nextLink until every user is listed once', async () => {
    const ids: string[] = [];
    let url: string | undefined = '/v1.0/users?$select=id,displayName&$top=37';
    let pages = 0;
    while (url) {
      const body = (await g().get(url)).body as Page<{ id: string; displayName: string }>;
      ids.push(...body.value.map((u) => u.id));
      url = body['@odata.nextLink'];
      if (url) expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\.0\/users\?/);
      pages++;
    }
    expect(pages).toBe(Math.ceil(200 / 37));
    expect(new Set(ids).size).toBe(200);
  });

  it('returns only selected properties, the default set otherwise, and 400 for unknown ones', async () => {
    const sel = ((await g().get('/v1.0/users?$select=displayName,accountEnabled&$top=1')).body as Page<Record<string, unknown>>).value[0] ?? {};
    expect(Object.keys(sel).sort()).toEqual(['accountEnabled', 'displayName', 'id']);
    const def = ((await g().get('/v1.0/users?$top=1')).body as Page<Record<string, unknown>>).value[0] ?? {};
    expect(def).toHaveProperty('userPrincipalName');
    expect(def).not.toHaveProperty('accountEnabled');
    expectGraphError(await g().get('/v1.0/users?$select=nope'), 400, 'Request_BadRequest', /nope/);
  });

  it('caps $top at 999, and at 120 when signInActivity is selected; noP1 -> 403', async () => {
    expectGraphError(await g().get('/v1.0/users?$top=1000'), 400, 'Request_UnsupportedQuery', /between 1 and 999/);
    expectGraphError(await g().get('/v1.0/users?$select=id,signInActivity&$top=121'), 400, 'Request_UnsupportedQuery', /between 1 and 120/);
    const ok = (await g().get('/v1.0/users?$select=id,signInActivity&$top=120')).body as Page<{ signInActivity: Record<string, unknown> }>;
    expect(ok.value).toHaveLength(120);
    expect(ok.value[0]?.signInActivity).toHaveProperty('lastSignInDateTime');
    t.options.noP1 = true;
    try {
      expectGraphError(await g().get('/v1.0/users?$select=id,signInActivity'), 403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant');
      expectGraphError(await g().get('/v1.0/reports/authenticationMethods/userRegistrationDetails'), 403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant');
      expect((await g().get('/v1.0/users?$select=id')).status).toBe(200);
    } finally {
      t.options.noP1 = false;
    }
  });

  it('$count and $search need ConsistencyLevel: eventual', async () => {
    expectGraphError(await g().get('/v1.0/users?$count=true'), 400, 'Request_BadRequest');
    expectGraphError(await g().get('/v1.0/users?$search="displayName:zo"'), 400, 'Request_UnsupportedQuery', /ConsistencyLevel/);
    const counted = (await g().get('/v1.0/users?$count=true&$top=5', { ConsistencyLevel: 'eventual' })).body as Page<unknown>;
    expect(counted['@odata.count']).toBe(200);
    const found = (await g().get(`/v1.0/users?$search=${encodeURIComponent('"displayName:zoë"')}`, { ConsistencyLevel: 'eventual' })).body as Page<{ displayName: string }>;
    expect(found.value.map((u) => u.displayName)).toContain('Zoë Ångström-Þórsdóttir');
    const count = await g().get('/v1.0/users/$count', { ConsistencyLevel: 'eventual' });
    expect(count.text).toBe('200');
  });

  it('supports the $filter forms the product uses and rejects others with 400', async () => {
    const f = async (filter: string, headers?: Record<string, string>) =>
      ((await g().get(`/v1.0/users?$top=999&$select=id,userType,accountEnabled,displayName,assignedLicenses&$filter=${encodeURIComponent(filter)}`, headers)).body as Page<{
        id: string;
        userType: string;
        accountEnabled: boolean;
        displayName: string;
        assignedLicenses: Array<{ skuId: string }>;
      }>).value;
    const disabled = await f('accountEnabled eq false');
    expect(disabled.length).toBeGreaterThan(0);
    expect(disabled.every((u) => !u.accountEnabled)).toBe(true);
    const guests = await f("userType eq 'Guest'");
    expect(guests.length).toBeGreaterThan(0);
    expect(guests.every((u) => u.userType === 'Guest')).toBe(true);
    const e3 = await f('assignedLicenses/any(x:x/skuId eq 05e9a617-0261-4cee-bb44-138d3ef5d965)');
    expect(e3.length).toBeGreaterThan(0);
    expect(e3.every((u) => u.assignedLicenses.some((l) => l.skuId === '05e9a617-0261-4cee-bb44-138d3ef5d965'))).toBe(true);
    const starts = await f("startswith(displayName,'zo')");
    expect(starts.map((u) => u.displayName)).toContain('Zoë Ångström-Þórsdóttir');
    const ids = [t.info.people.admin?.id, t.info.people.guest?.id];
    expect((await f(`id in ('${ids.join("','")}')`)).map((u) => u.id).sort()).toEqual([...ids].sort());
    expectGraphError(await g().get(`/v1.0/users?$filter=${encodeURIComponent("endswith(mail,'@fabrikam.com')")}`), 400, 'Request_UnsupportedQuery');
    expect((await g().get(`/v1.0/users?$count=true&$filter=${encodeURIComponent("endswith(mail,'@fabrikam.com')")}`, { ConsistencyLevel: 'eventual' })).status).toBe(200);
    expectGraphError(await g().get(`/v1.0/users?$filter=${encodeURIComponent("nope eq 'x'")}`), 400, 'Request_BadRequest');
    expectGraphError(await g().get(`/v1.0/users?$filter=${encodeURIComponent("displayName eq 'x")}`), 400, 'BadRequest');
  });

  it('finds a user by id or UPN (case-insensitive, #EXT# encoded) and 404s the way Graph does', async () => {
    const guest = t.info.people.guest;
    const byUpn = await g().get(`/v1.0/users/${encodeURIComponent(guest?.userPrincipalName.toUpperCase() ?? '')}`);
    expect((byUpn.body as { id: string }).id).toBe(guest?.id);
    expect(encodeURIComponent(guest?.userPrincipalName ?? '')).toContain('%23EXT%23');
    expectGraphError(await g().get('/v1.0/users/nobody@contoso.onmicrosoft.com'), 404, 'Request_ResourceNotFound');
    const me = (await g().get('/v1.0/me')).body as { userPrincipalName: string };
    expect(me.userPrincipalName).toBe(t.info.people.admin?.userPrincipalName);
  });

  it('pages memberOf and includes directory roles for the admin', async () => {
    const admin = t.info.people.admin?.id;
    const first = (await g().get(`/v1.0/users/${admin}/memberOf?$top=2`)).body as Page<{ '@odata.type': string }>;
    expect(first.value).toHaveLength(2);
    expect(first['@odata.nextLink']).toBeDefined();
    const all: Array<{ '@odata.type': string }> = [];
    let url: string | undefined = `/v1.0/users/${admin}/memberOf?$top=2`;
    while (url) {
      const body = (await g().get(url)).body as Page<{ '@odata.type': string }>;
      all.push(...body.value);
      url = body['@odata.nextLink'];
    }
    expect(all.some((x) => x['@odata.type'] === '#microsoft.graph.directoryRole')).toBe(true);
    expect(all.some((x) => x['@odata.type'] === '#microsoft.graph.group')).toBe(true);
  });

  it('answers memberOf by key: the group a user is a direct member of, 404 for another', async () => {
    const admin = t.info.people.admin?.id;
    const mine = ((await g().get(`/v1.0/users/${admin}/memberOf/microsoft.graph.group?$select=id`)).body as Page<{ id: string }>).value.map(x => x.id);
    const member = mine[0];
    if (!member) throw new Error('the admin is in no group');
    const one = await g().get(`/v1.0/users/${admin}/memberOf/${member}?$select=id`);
    expect(one.status).toBe(200);
    expect(one.body).toEqual({ '@odata.type': '#microsoft.graph.group', id: member });
    const all = ((await g().get('/v1.0/groups?$select=id&$top=999')).body as Page<{ id: string }>).value.map(x => x.id);
    const other = all.find(id => !mine.includes(id));
    if (!other) throw new Error('the admin is in every group');
    expectGraphError(await g().get(`/v1.0/users/${admin}/memberOf/${other}?$select=id`), 404, 'Request_ResourceNotFound');
  });

  it('serves drive quota, authentication methods and MFA registration details (paged, filterable)', async () => {
    const admin = t.info.people.admin?.id;
    const drive = (await g().get(`/v1.0/users/${admin}/drive`)).body as { quota: { state: string } };
    expect(['normal', 'nearing', 'critical', 'exceeded']).toContain(drive.quota.state);
    expectGraphError(await g().get(`/v1.0/users/${t.info.people.guest?.id}/drive`), 404, 'ResourceNotFound');
    const methods = (await g().get(`/v1.0/users/${admin}/authentication/methods`)).body as Page<{ '@odata.type': string }>;
    expect(methods.value.map((m) => m['@odata.type'])).toContain('#microsoft.graph.passwordAuthenticationMethod');
    const first = (await g().get('/v1.0/reports/authenticationMethods/userRegistrationDetails?$top=50')).body as Page<Record<string, unknown>>;
    expect(first.value).toHaveLength(50);
    expect(first.value[0]).toMatchObject({ isMfaRegistered: expect.any(Boolean), methodsRegistered: expect.any(Array), userPreferredMethodForSecondaryAuthentication: expect.any(String) });
    const unregistered = (await g().get(`/v1.0/reports/authenticationMethods/userRegistrationDetails?$top=999&$filter=${encodeURIComponent('isMfaRegistered eq false')}`)).body as Page<{ isMfaRegistered: boolean }>;
    expect(unregistered.value.length).toBeGreaterThan(0);
    expect(unregistered.value.every((r) => !r.isMfaRegistered)).toBe(true);
  });

  it('searches groups with ConsistencyLevel and gets a group by id', async () => {
    const found = (await g().get(`/v1.0/groups?$search=${encodeURIComponent('"displayName:sales"')}`, { ConsistencyLevel: 'eventual' })).body as Page<{ id: string; displayName: string }>;
    expect(found.value.length).toBeGreaterThan(0);
    expect(found.value.every((x) => /sales/i.test(x.displayName))).toBe(true);
    const one = (await g().get(`/v1.0/groups/${found.value[0]?.id}`)).body as { displayName: string };
    expect(one.displayName).toBe(found.value[0]?.displayName);
    expectGraphError(await g().get('/v1.0/groups/00000000-0000-4000-8000-000000000000'), 404, 'Request_ResourceNotFound');
  });
});

describe('writes persist, with Graph errors', () => {
  const g = () => client(t);
  it('PATCH /users/{id} -> 204 and the change shows; synced users and bad values -> 400', async () => {
    const id = t.info.people.unicode?.id;
    expect((await g().patch(`/v1.0/users/${id}`, { jobTitle: 'Principal Designer', department: 'Marketing' })).status).toBe(204);
    expect((await g().get(`/v1.0/users/${id}?$select=jobTitle,department`)).body).toMatchObject({ jobTitle: 'Principal Designer', department: 'Marketing' });
    expectGraphError(await g().patch(`/v1.0/users/${t.info.people.synced?.id}`, { jobTitle: 'x' }), 400, 'Request_BadRequest', /on-premises/);
    expect((await g().patch(`/v1.0/users/${t.info.people.synced?.id}`, { usageLocation: 'DE' })).status).toBe(204);
    expectGraphError(await g().patch(`/v1.0/users/${id}`, { usageLocation: 'Germany' }), 400, 'Request_BadRequest');
    expectGraphError(await g().patch(`/v1.0/users/${id}`, { favouriteColour: 'blue' }), 400, 'Request_BadRequest');
  });

  it('group members: add, already a member, remove; DLs, mail-enabled security, synced and dynamic groups refuse', async () => {
    const user = t.info.people.unlicensed?.id ?? '';
    const ref = { '@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${user}` };
    const groups = t.info.groups;
    const memberOf = async (): Promise<string[]> => ((await g().get(`/v1.0/users/${user}/memberOf?$top=999`)).body as Page<{ id: string }>).value.map((x) => x.id);
    if ((await memberOf()).includes(groups.security ?? '')) expect((await g().del(`/v1.0/groups/${groups.security}/members/${user}/$ref`)).status).toBe(204);
    expect(await memberOf()).not.toContain(groups.security);
    expect((await g().post(`/v1.0/groups/${groups.security}/members/$ref`, ref)).status).toBe(204);
    expect(await memberOf()).toContain(groups.security);
    expectGraphError(await g().post(`/v1.0/groups/${groups.security}/members/$ref`, ref), 400, 'Request_BadRequest', /already exist/);
    expect((await g().del(`/v1.0/groups/${groups.security}/members/${user}/$ref`)).status).toBe(204);
    expect(await memberOf()).not.toContain(groups.security);
    expectGraphError(await g().del(`/v1.0/groups/${groups.security}/members/${user}/$ref`), 404, 'Request_ResourceNotFound');
    expectGraphError(await g().post(`/v1.0/groups/${groups.distribution}/members/$ref`, ref), 400, 'Request_BadRequest', /mail-enabled security groups and or distribution list/);
    expectGraphError(await g().post(`/v1.0/groups/${groups.mailSecurity}/members/$ref`, ref), 400, 'Request_BadRequest', /mail-enabled/);
    expectGraphError(await g().post(`/v1.0/groups/${groups.synced}/members/$ref`, ref), 400, 'Request_BadRequest', /on-premises/);
    expectGraphError(await g().post(`/v1.0/groups/${groups.dynamic}/members/$ref`, ref), 400, 'Request_BadRequest', /dynamic/);
    expectGraphError(await g().post(`/v1.0/groups/${groups.unified}/members/$ref`, { '@odata.id': 'https://graph.microsoft.com/v1.0/directoryObjects/00000000-0000-4000-8000-000000000000' }), 404, 'Request_ResourceNotFound');
  });

  it('assignLicense: 400 without usageLocation, 200 and counted with it, 400 when no units are left', async () => {
    const user = t.info.people.noUsageLocation?.id ?? '';
    const skuId = '05e9a617-0261-4cee-bb44-138d3ef5d965';
    const consumed = async (id: string): Promise<number> =>
      ((await g().get('/v1.0/subscribedSkus')).body as Page<{ skuId: string; consumedUnits: number }>).value.find((s) => s.skuId === id)?.consumedUnits ?? -1;
    const body = { addLicenses: [{ skuId, disabledPlans: [] }], removeLicenses: [] };
    expectGraphError(await g().post(`/v1.0/users/${user}/assignLicense`, body), 400, 'Request_BadRequest', /usage location/);
    expect((await g().patch(`/v1.0/users/${user}`, { usageLocation: 'US' })).status).toBe(204);
    const before = await consumed(skuId);
    const r = await g().post(`/v1.0/users/${user}/assignLicense`, body);
    expect(r.status).toBe(200);
    expect(await consumed(skuId)).toBe(before + 1);
    const lic = (await g().get(`/v1.0/users/${user}?$select=assignedLicenses`)).body as { assignedLicenses: Array<{ skuId: string }> };
    expect(lic.assignedLicenses.map((l) => l.skuId)).toContain(skuId);
    const full = '4b9405b0-7788-4568-add1-99614e613b69'; // EXCHANGESTANDARD: every unit consumed
    expectGraphError(await g().post(`/v1.0/users/${user}/assignLicense`, { addLicenses: [{ skuId: full, disabledPlans: [] }], removeLicenses: [] }), 400, 'Request_BadRequest', /available/);
    expect((await g().post(`/v1.0/users/${user}/assignLicense`, { addLicenses: [], removeLicenses: [skuId] })).status).toBe(200);
    expect(await consumed(skuId)).toBe(before);
  });
});

describe('$batch', () => {
  const g = () => client(t);
  it('routes items through the same handlers with per-item status; a report 302 comes back with a Location', async () => {
    const admin = t.info.people.admin?.id;
    const r = await g().post('/v1.0/$batch', {
      requests: [
        { id: '1', method: 'GET', url: `/users/${admin}?$select=displayName` },
        { id: '2', method: 'GET', url: `/users/${t.info.people.noManagerNoPhoto?.id}/manager` },
        { id: '3', method: 'GET', url: "/reports/getEmailActivityCounts(period='D7')" },
        { id: '4', method: 'GET', url: `/users/${admin}/photo/$value` },
        { id: '5', method: 'GET', url: '/users?$count=true&$top=1', headers: { ConsistencyLevel: 'eventual' } }
      ]
    });
    expect(r.status).toBe(200);
    const byId = new Map((r.body as { responses: Array<{ id: string; status: number; headers: Record<string, string>; body?: unknown }> }).responses.map((x) => [x.id, x]));
    expect(byId.get('1')?.status).toBe(200);
    expect(byId.get('1')?.body).toMatchObject({ displayName: 'Avery Admin' });
    expect(byId.get('2')?.status).toBe(404);
    expect((byId.get('2')?.body as { error: { code: string } }).error.code).toBe('Request_ResourceNotFound');
    expect(byId.get('3')?.status).toBe(302);
    expect(byId.get('3')?.headers.Location).toMatch(/\/_download\//);
    expect(byId.get('4')?.headers['Content-Type']).toBe('image/png');
    expect(Buffer.from(String(byId.get('4')?.body), 'base64').subarray(1, 4).toString()).toBe('PNG');
    expect(byId.get('5')?.body).toMatchObject({ '@odata.count': 200 });
  });

  it('dependsOn a failed item -> 424; more than 20 requests -> 400', async () => {
    const r = await g().post('/v1.0/$batch', {
      requests: [
        { id: 'a', method: 'GET', url: '/users/nobody@contoso.onmicrosoft.com' },
        { id: 'b', method: 'GET', url: '/users?$top=1', dependsOn: ['a'] },
        { id: 'c', method: 'GET', url: '/users?$top=1' }
      ]
    });
    const byId = new Map((r.body as { responses: Array<{ id: string; status: number }> }).responses.map((x) => [x.id, x.status]));
    expect(Object.fromEntries(byId)).toEqual({ a: 404, b: 424, c: 200 });
    const many = Array.from({ length: 21 }, (_, i) => ({ id: String(i), method: 'GET', url: '/users?$top=1' }));
    expectGraphError(await g().post('/v1.0/$batch', { requests: many }), 400, 'BadRequest', /20/);
  });
});

describe('request log', () => {
  it('lists served requests (method, path, status, ms) and clears', async () => {
    t.clearRequests();
    await client(t).get('/v1.0/users?$top=1');
    await client(t).get('/v1.0/users/nobody@contoso.onmicrosoft.com');
    const entries = t.requests;
    expect(entries.map((e) => [e.method, e.path, e.status])).toEqual([
      ['GET', '/v1.0/users?$top=1', 200],
      ['GET', '/v1.0/users/nobody@contoso.onmicrosoft.com', 404]
    ]);
    expect(typeof entries[0]?.ms).toBe('number');
    const viaHttp = (await (await fetch(`${t.url}/_demo/requests`)).json()) as { value: unknown[] };
    expect(viaHttp.value).toHaveLength(2);
    expect((await fetch(`${t.url}/_demo/requests`, { method: 'DELETE' })).status).toBe(204);
    expect(t.requests).toHaveLength(0);
    expect(errorCode({ status: 0, headers: new Headers(), body: undefined, text: '' })).toBeUndefined();
  });
});
