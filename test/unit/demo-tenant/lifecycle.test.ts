/** The personnel lifecycle over HTTP: hire and leave dates, devices (Entra and Intune), the offboarding writes and their refusals. */
import { IDemoTenant, startDemoTenant } from '../../../workbench/demo-tenant';
import { client, expectGraphError, IResult, TODAY } from './helpers';

type Page<T> = { value: T[]; '@odata.nextLink'?: string; '@odata.count'?: number };
type Obj = Record<string, unknown>;

const START = Date.parse('2026-03-10T09:00:00Z');
let clock = START;
let t: IDemoTenant;
beforeAll(async () => {
  t = await startDemoTenant({ users: 200, seed: 5, today: TODAY, now: () => clock });
});
afterAll(async () => {
  await t.close();
});

const EVENTUAL = { ConsistencyLevel: 'eventual' };
const LIFE = 'id,createdDateTime,accountEnabled,employeeHireDate,employeeLeaveDateTime,employeeType,employeeId';
const day = (offset: number): string => new Date(Date.parse(`${TODAY}T00:00:00Z`) + offset * 86400000).toISOString().slice(0, 10);
const person = (name: string): { id: string; userPrincipalName: string } => {
  const p = t.info.people[name];
  if (!p) throw new Error(`no ${name}`);
  return p;
};
const patchOptions = (body: Obj): Promise<Response> => fetch(`${t.url}/_demo/options`, { method: 'PATCH', body: JSON.stringify(body) });
/** PUT with a JSON body (the shared client has no PUT). */
async function put(path: string, body: unknown, token = t.token): Promise<IResult> {
  const res = await fetch(`${t.url}${path}`, { method: 'PUT', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? (JSON.parse(text) as unknown) : undefined, text };
}
async function user(id: string, select = LIFE, token = t.token): Promise<Obj> {
  const r = await client(t, token).get(`/v1.0/users/${id}?$select=${select}`);
  expect(r.status).toBe(200);
  return r.body as Obj;
}
async function all<T>(url: string, headers?: Record<string, string>, token = t.token): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let next: string | undefined = url;
  let pages = 0;
  while (next) {
    const r = await client(t, token).get(next, headers);
    expect(r.status).toBe(200);
    const body = r.body as Page<T>;
    items.push(...body.value);
    next = body['@odata.nextLink'];
    pages++;
  }
  return { items, pages };
}

describe('lifecycle properties on users', () => {
  it('are returned only when selected, on /users, /users/{id} and in $batch', async () => {
    const def = (await client(t).get(`/v1.0/users/${person('joined7').id}`)).body as Obj;
    for (const p of ['employeeHireDate', 'employeeLeaveDateTime', 'employeeType']) expect(def).not.toHaveProperty(p);
    const one = await user(person('joined7').id);
    expect(one).toMatchObject({ employeeHireDate: `${day(-3)}T00:00:00Z`, employeeLeaveDateTime: null, employeeType: expect.any(String) });
    const list = (await client(t).get(`/v1.0/users?$select=${LIFE}&$top=5`)).body as Page<Obj>;
    expect(Object.keys(list.value[0] ?? {}).sort()).toEqual(LIFE.split(',').sort());
    const batch = await client(t).post('/v1.0/$batch', { requests: [{ id: '1', method: 'GET', url: `/users/${person('leftStillEnabled').id}?$select=${LIFE}` }] });
    const item = (batch.body as { responses: Array<{ status: number; body: Obj }> }).responses[0];
    expect(item?.status).toBe(200);
    expect(item?.body).toMatchObject({ employeeLeaveDateTime: `${day(-4)}T23:59:59Z`, accountEnabled: true });
  });

  it('spread joiners (past and future hires, in 7/30/90 days) and recent accounts without a hire date', async () => {
    const expected: Array<[string, number]> = [['futureHire7', 4], ['futureHire30', 18], ['futureHire90', 60], ['joined7', -3], ['joined30', -16], ['joined90', -55]];
    for (const [name, offset] of expected) {
      const u = await user(person(name).id);
      expect(u.employeeHireDate).toBe(`${day(offset)}T00:00:00Z`);
      if (offset > 0) expect(Date.parse(String(u.createdDateTime))).toBeLessThan(Date.parse(String(u.employeeHireDate)));
    }
    const fresh = await user(person('recentNoHireDate').id);
    expect(fresh.employeeHireDate).toBeNull();
    expect(Date.parse(String(fresh.createdDateTime))).toBeGreaterThan(Date.parse(`${day(-90)}T00:00:00Z`));
    // Lena Newcomer's account was made ahead of her first day.
    expect((await user(person('createdAfterRefresh').id)).employeeHireDate).toBe(`${day(6)}T00:00:00Z`);
  });

  it('spread leavers past and upcoming, enabled and disabled, and accounts left behind', async () => {
    expect(await user(person('leaverUpcoming7').id)).toMatchObject({ employeeLeaveDateTime: `${day(5)}T23:59:59Z`, accountEnabled: true });
    expect(await user(person('leaverUpcoming30').id)).toMatchObject({ employeeLeaveDateTime: `${day(21)}T23:59:59Z`, accountEnabled: true });
    const sam = await user(person('disabled').id, `${LIFE},assignedLicenses`);
    expect(sam).toMatchObject({ accountEnabled: false, employeeLeaveDateTime: `${day(-30)}T23:59:59Z` });
    expect((sam.assignedLicenses as unknown[]).length).toBeGreaterThan(0);
    expect(((await client(t).get(`/v1.0/users/${person('disabled').id}/memberOf`)).body as Page<Obj>).value.length).toBeGreaterThan(0);
    // Enabled, licensed, not signed in for 90+ days.
    const stale = await user(person('inactive90').id, 'id,accountEnabled,assignedLicenses,signInActivity');
    expect(stale.accountEnabled).toBe(true);
    expect(Date.parse(String((stale.signInActivity as Obj).lastSignInDateTime))).toBeLessThan(Date.parse(`${day(-90)}T00:00:00Z`));
    const leavers = await all<Obj>(`/v1.0/users?$filter=employeeLeaveDateTime ge ${day(-365)}&$count=true&$select=id,accountEnabled,employeeLeaveDateTime&$top=999`, EVENTUAL);
    const past = leavers.items.filter((u) => Date.parse(String(u.employeeLeaveDateTime)) < Date.parse(`${TODAY}T00:00:00Z`));
    expect(past.some((u) => u.accountEnabled === false)).toBe(true);
    expect(past.some((u) => u.accountEnabled === true)).toBe(true);
    expect(leavers.items.some((u) => Date.parse(String(u.employeeLeaveDateTime)) > Date.parse(`${TODAY}T23:59:59Z`))).toBe(true);
  });

  it('gives a small tenant every joiner and leaver too, and is the same for the same seed and day', async () => {
    const a = await startDemoTenant({ users: 30, seed: 9, today: TODAY });
    const b = await startDemoTenant({ users: 30, seed: 9, today: TODAY });
    try {
      expect(Object.keys(a.lifecycle.people()).sort()).toEqual(['futureHire30', 'futureHire7', 'futureHire90', 'joined30', 'joined7', 'joined90', 'leaverUpcoming30', 'leaverUpcoming7', 'leftStillEnabled', 'recentNoHireDate']);
      expect(a.lifecycle.people()).toEqual(b.lifecycle.people());
      const page = async (x: IDemoTenant): Promise<unknown> => (await client(x).get(`/v1.0/users?$select=${LIFE}&$top=999`)).body;
      const devices = async (x: IDemoTenant): Promise<unknown> => (await client(x).get('/v1.0/deviceManagement/managedDevices')).body;
      expect(JSON.stringify(await page(a)).replace(/127\.0\.0\.1:\d+/g, '')).toBe(JSON.stringify(await page(b)).replace(/127\.0\.0\.1:\d+/g, ''));
      expect(JSON.stringify(await devices(a)).replace(/127\.0\.0\.1:\d+/g, '')).toBe(JSON.stringify(await devices(b)).replace(/127\.0\.0\.1:\d+/g, ''));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('refuses employeeLeaveDateTime without User-LifeCycleInfo.Read.All (403, the whole request), or reads it as null in that mode', async () => {
    const usersOnly = client(t, t.tokenFor(['User.Read.All']));
    const id = person('leftStillEnabled').id;
    expectGraphError(await usersOnly.get(`/v1.0/users/${id}?$select=id,employeeLeaveDateTime`), 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    expectGraphError(await usersOnly.get('/v1.0/users?$select=id,employeeLeaveDateTime'), 403, 'Authorization_RequestDenied');
    expectGraphError(await usersOnly.get(`/v1.0/users?$filter=employeeLeaveDateTime ge ${day(-30)}&$count=true`, EVENTUAL), 403, 'Authorization_RequestDenied');
    expect((await usersOnly.get(`/v1.0/users/${id}?$select=id,employeeHireDate`)).status).toBe(200);
    expect((await client(t, t.tokenFor(['User.Read.All', 'User-LifeCycleInfo.Read.All'])).get(`/v1.0/users/${id}?$select=id,employeeLeaveDateTime`)).body).toMatchObject({ employeeLeaveDateTime: `${day(-4)}T23:59:59Z` });
    // Signed in without a role that reads it (a User Administrator): refused too. Microsoft's user resource names Lifecycle
    // Workflows Administrator or Global Reader (not modelled here); the Global Administrator reads it as well.
    expectGraphError(await client(t, t.tokenAs(person('userAdministrator').id)).get(`/v1.0/users/${id}?$select=id,employeeLeaveDateTime`), 403, 'Authorization_RequestDenied');
    expect((await client(t, t.tokenAs(person('admin').id)).get(`/v1.0/users/${id}?$select=id,employeeLeaveDateTime`)).body).toMatchObject({ employeeLeaveDateTime: `${day(-4)}T23:59:59Z` });
    await patchOptions({ leaveDateUnscoped: 'null' });
    try {
      expect((await usersOnly.get(`/v1.0/users/${id}?$select=id,employeeLeaveDateTime`)).body).toMatchObject({ employeeLeaveDateTime: null });
    } finally {
      await patchOptions({ leaveDateUnscoped: 'refuse' });
    }
  });

  it('never gives a last sign-in before the account was created', async () => {
    const joined = await user(person('joined30').id, 'id,createdDateTime,signInActivity');
    const created = Date.parse(String(joined.createdDateTime));
    const sia = joined.signInActivity as Obj;
    for (const k of ['lastSignInDateTime', 'lastNonInteractiveSignInDateTime', 'lastSuccessfulSignInDateTime']) if (sia[k] !== null) expect(Date.parse(String(sia[k]))).toBeGreaterThanOrEqual(created);
    const everyone = await all<Obj>('/v1.0/users?$select=id,createdDateTime,signInActivity&$top=100');
    const early = everyone.items.filter((u) => {
      const at = (u.signInActivity as Obj | null)?.lastSignInDateTime;
      return typeof at === 'string' && Date.parse(at) < Date.parse(String(u.createdDateTime));
    });
    expect(early.map((u) => u.id)).toEqual([]);
  });

  it('reads who left and is still enabled with le and accountEnabled eq true (advanced), whatever how long ago', async () => {
    const q = `employeeLeaveDateTime le ${day(1)} and accountEnabled eq true`;
    const r = await all<Obj>(`/v1.0/users?$filter=${q}&$count=true&$select=id,accountEnabled,employeeLeaveDateTime&$top=999`, EVENTUAL);
    expect(r.items.map((u) => u.id)).toContain(person('leftStillEnabled').id);
    expect(r.items.every((u) => u.accountEnabled === true && Date.parse(String(u.employeeLeaveDateTime)) <= Date.parse(`${day(1)}T00:00:00Z`))).toBe(true);
  });

  it('filters hire and leave dates with ge/le as advanced queries only; gt and lt are refused', async () => {
    const q = `employeeHireDate ge ${day(-7)} and employeeHireDate le ${day(7)}`;
    expectGraphError(await client(t).get(`/v1.0/users?$filter=${q}`), 400, 'Request_UnsupportedQuery');
    expectGraphError(await client(t).get(`/v1.0/users?$filter=${q}&$count=true`), 400, 'Request_BadRequest');
    expectGraphError(await client(t).get(`/v1.0/users?$filter=employeeHireDate gt ${day(-7)}&$count=true`, EVENTUAL), 400, 'Request_UnsupportedQuery');
    expectGraphError(await client(t).get(`/v1.0/users?$filter=employeeLeaveDateTime lt ${day(7)}&$count=true`, EVENTUAL), 400, 'Request_UnsupportedQuery');
    const r = (await client(t).get(`/v1.0/users?$filter=${q}&$count=true&$select=id,employeeHireDate&$top=999`, EVENTUAL)).body as Page<Obj>;
    const ids = r.value.map((u) => u.id);
    expect(ids).toEqual(expect.arrayContaining([person('futureHire7').id, person('joined7').id]));
    expect(ids).not.toContain(person('joined30').id);
    expect(r['@odata.count']).toBe(r.value.length);
    for (const u of r.value) expect(String(u.employeeHireDate) >= `${day(-7)}T00:00:00Z` && String(u.employeeHireDate) <= `${day(7)}T00:00:00Z`).toBe(true);
    // A bare date is that day's midnight: le the hire day includes it.
    const same = (await client(t).get(`/v1.0/users?$filter=employeeHireDate le ${day(-3)} and employeeHireDate ge ${day(-3)}&$count=true&$select=id`, EVENTUAL)).body as Page<Obj>;
    expect(same.value.map((u) => u.id)).toContain(person('joined7').id);
    expect((await client(t).get(`/v1.0/users/$count?$filter=employeeLeaveDateTime ge ${day(1)}`, EVENTUAL)).text).toMatch(/^[1-9]\d*$/);
  });
});

describe('devices', () => {
  const admin = (): string => person('admin').id;

  it('lists a person\'s Entra devices as directory objects (registered and owned); limited to id and type without a device scope', async () => {
    for (const rel of ['registeredDevices', 'ownedDevices']) {
      const r = (await client(t).get(`/v1.0/users/${admin()}/${rel}`)).body as Page<Obj>;
      expect(r.value.length).toBeGreaterThan(0);
      for (const d of r.value) {
        expect(d['@odata.type']).toBe('#microsoft.graph.device');
        for (const p of ['id', 'deviceId', 'displayName', 'operatingSystem', 'operatingSystemVersion', 'model', 'manufacturer', 'trustType', 'isCompliant', 'isManaged', 'approximateLastSignInDateTime', 'accountEnabled']) expect(d).toHaveProperty(p);
      }
    }
    const limited = (await client(t, t.tokenFor(['User.Read.All'])).get(`/v1.0/users/${admin()}/registeredDevices?$select=id,displayName`)).body as Page<Obj>;
    expect(limited.value[0]).toEqual({ '@odata.type': '#microsoft.graph.device', id: expect.any(String), displayName: null });
    expectGraphError(await client(t, t.tokenFor(['Device.Read.All'])).get(`/v1.0/users/${admin()}/registeredDevices`), 403, 'Authorization_RequestDenied');
  });

  it('pages tenant-wide /devices with $expand=registeredOwners($select=id), 100 a page at most, each owner the person who lists it', async () => {
    const { items, pages } = await all<Obj>('/v1.0/devices?$select=id,deviceId&$expand=registeredOwners($select=id)&$top=999');
    expect(pages).toBeGreaterThan(1);
    const owned = new Map<string, string>();
    for (const d of items) {
      expect(Object.keys(d).sort()).toEqual(['deviceId', 'id', 'registeredOwners']);
      owned.set(String(d.id), String(((d.registeredOwners as Obj[])[0] ?? {}).id));
    }
    expect(owned.size).toBe(items.length);
    const mine = (await client(t).get(`/v1.0/users/${admin()}/registeredDevices?$select=id`)).body as Page<Obj>;
    for (const d of mine.value) expect(owned.get(String(d.id))).toBe(admin());
    expectGraphError(await client(t, t.tokenFor(['User.Read.All'])).get('/v1.0/devices'), 403, 'Authorization_RequestDenied');
  });

  it('serves Intune managed devices per user and tenant-wide, most sharing their Entra deviceId; most licensed members have 1-3 devices', async () => {
    const { items } = await all<Obj>('/v1.0/deviceManagement/managedDevices?$select=id,userId,azureADDeviceId,operatingSystem,complianceState');
    expect(items.length).toBeGreaterThan(50);
    for (const d of items) expect(Object.keys(d).sort()).toEqual(['@odata.type', 'azureADDeviceId', 'complianceState', 'id', 'operatingSystem', 'userId']);
    const entra = new Set((await all<Obj>('/v1.0/devices?$select=deviceId')).items.map((d) => String(d.deviceId)));
    const shared = items.filter((d) => entra.has(String(d.azureADDeviceId)));
    expect(shared.length).toBeGreaterThan(items.length / 2);
    expect(items.some((d) => d.azureADDeviceId === '00000000-0000-0000-0000-000000000000')).toBe(true);
    const mine = (await client(t).get(`/v1.0/users/${admin()}/managedDevices`)).body as Page<Obj>;
    for (const d of mine.value) {
      expect(d).toMatchObject({ '@odata.type': '#microsoft.graph.managedDevice', userId: admin(), managementState: 'managed', userPrincipalName: person('admin').userPrincipalName });
      for (const p of ['operatingSystem', 'osVersion', 'model', 'manufacturer', 'serialNumber', 'complianceState', 'lastSyncDateTime', 'managedDeviceOwnerType', 'deviceName']) expect(d[p]).toEqual(expect.any(String));
    }
    const perUser = new Map<string, number>();
    for (const d of (await all<Obj>('/v1.0/devices?$select=id&$expand=registeredOwners($select=id)')).items) {
      const owner = String(((d.registeredOwners as Obj[])[0] ?? {}).id);
      perUser.set(owner, (perUser.get(owner) ?? 0) + 1);
    }
    const licensed = (await client(t).get('/v1.0/users?$select=id,assignedLicenses,userType&$top=999')).body as Page<Obj>;
    const members = licensed.value.filter((u) => u.userType === 'Member' && (u.assignedLicenses as unknown[]).length > 0);
    const withDevices = members.filter((u) => (perUser.get(String(u.id)) ?? 0) >= 1 && (perUser.get(String(u.id)) ?? 0) <= 3);
    expect(withDevices.length).toBeGreaterThan(members.length * 0.7);
    // Leavers keep their devices.
    expect(t.lifecycle.devicesOf(person('leftStillEnabled').id)).toBeDefined();
  });

  it('refuses Intune reads without the scope (403) and in a tenant without Intune (400, Graph\'s reported words)', async () => {
    expectGraphError(await client(t, t.tokenFor(['User.Read.All', 'Device.Read.All'])).get('/v1.0/deviceManagement/managedDevices'), 403, 'Forbidden', /DeviceManagementManagedDevices\.Read\.All/);
    expect((await patchOptions({ noIntune: true })).status).toBe(200);
    try {
      expectGraphError(await client(t).get('/v1.0/deviceManagement/managedDevices'), 400, 'BadRequest', 'Request not applicable to target tenant.');
      expectGraphError(await client(t).get(`/v1.0/users/${admin()}/managedDevices`), 400, 'BadRequest', 'Request not applicable to target tenant.');
      // Entra devices are still there.
      expect((await client(t).get(`/v1.0/users/${admin()}/registeredDevices`)).status).toBe(200);
    } finally {
      await patchOptions({ noIntune: false });
    }
  });
});

describe('offboarding writes', () => {
  /** A generated member with managed devices, licences, and at least three method kinds (not one of the named people). */
  async function target(skip: Set<string>): Promise<string> {
    const named = new Set(Object.values(t.info.people).map((p) => p?.id));
    const page = (await client(t).get('/v1.0/users?$select=id,userType,accountEnabled&$top=999')).body as Page<Obj>;
    for (const u of page.value) {
      const id = String(u.id);
      if (named.has(id) || skip.has(id) || u.userType !== 'Member' || !u.accountEnabled) continue;
      const reg = (await client(t).get(`/v1.0/reports/authenticationMethods/userRegistrationDetails/${id}`)).body as Obj;
      const methods = reg.methodsRegistered as string[];
      if (reg.userPreferredMethodForSecondaryAuthentication !== 'push' || !methods.includes('mobilePhone') || methods.length < 3) continue;
      if ((t.lifecycle.devicesOf(id)?.managed.length ?? 0) === 0) continue;
      skip.add(id);
      return id;
    }
    throw new Error('no target');
  }
  const used = new Set<string>();

  it('revokes sign-in sessions: 200 { value: true }, recorded with the clock, signInSessionsValidFromDateTime moved; scopes and role', async () => {
    const id = await target(used);
    clock = START + 60000;
    const r = await client(t).post(`/v1.0/users/${id}/revokeSignInSessions`, undefined);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ value: true });
    expect(t.lifecycle.revoked().at(-1)).toEqual({ userId: id, userPrincipalName: expect.stringContaining('@'), at: '2026-03-10T09:01:00Z' });
    expect((await user(id, 'id,signInSessionsValidFromDateTime')).signInSessionsValidFromDateTime).toBe('2026-03-10T09:01:00Z');
    for (const scope of ['User.RevokeSessions.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All']) expect((await client(t, t.tokenFor([scope])).post(`/v1.0/users/${id}/revokeSignInSessions`, undefined)).status).toBe(200);
    expectGraphError(await client(t, t.tokenFor(['User.Read.All'])).post(`/v1.0/users/${id}/revokeSignInSessions`, undefined), 403, 'Authorization_RequestDenied');
    expectGraphError(await client(t, t.tokenAs(person('joined7').id)).post(`/v1.0/users/${id}/revokeSignInSessions`, undefined), 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    expect((await client(t, t.tokenAs(person('userAdministrator').id)).post(`/v1.0/users/${id}/revokeSignInSessions`, undefined)).status).toBe(200);
  });

  it('retires and wipes managed devices: 204, then retirePending / wipePending; scope, licence and role refusals', async () => {
    const id = await target(used);
    const [first, second] = t.lifecycle.devicesOf(id)?.managed ?? [];
    if (!first) throw new Error('no device');
    const path = (d: string, a: string): string => `/v1.0/deviceManagement/managedDevices/${d}/${a}`;
    expectGraphError(await client(t, t.tokenFor(['DeviceManagementManagedDevices.Read.All'])).post(path(first.id, 'retire'), undefined), 403, 'Forbidden', /PrivilegedOperations/);
    await patchOptions({ noPrivilegedRole: true });
    expectGraphError(await client(t).post(path(first.id, 'retire'), undefined), 403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    await patchOptions({ noPrivilegedRole: false, noIntune: true });
    expectGraphError(await client(t).post(path(first.id, 'retire'), undefined), 400, 'BadRequest', 'Request not applicable to target tenant.');
    await patchOptions({ noIntune: false });
    expect(t.lifecycle.deviceActions()).toHaveLength(0);
    clock = START + 120000;
    expect((await client(t).post(path(first.id, 'retire'), undefined)).status).toBe(204);
    const got = (await client(t).get(`/v1.0/deviceManagement/managedDevices/${first.id}?$select=id,managementState,deviceActionResults`)).body as Obj;
    expect(got).toMatchObject({ managementState: 'retirePending', deviceActionResults: [{ actionName: 'retire', actionState: 'pending', startDateTime: '2026-03-10T09:02:00Z' }] });
    if (second) {
      expect((await client(t).post(path(second.id, 'wipe'), { keepUserData: false })).status).toBe(204);
      expect(t.lifecycle.devicesOf(id)?.managed.find((d) => d.id === second.id)?.managementState).toBe('wipePending');
    }
    expect(t.lifecycle.deviceActions()[0]).toEqual({ managedDeviceId: first.id, userId: id, action: 'retire', at: '2026-03-10T09:02:00Z' });
    expectGraphError(await client(t).post(path('00000000-1111-4222-8333-444444444444', 'wipe'), undefined), 404, 'ResourceNotFound');
  });

  it('deletes authentication methods: 204 and gone; never the password; the default method stays while others remain', async () => {
    const id = await target(used);
    const methods = async (): Promise<Obj[]> => ((await client(t).get(`/v1.0/users/${id}/authentication/methods`)).body as Page<Obj>).value;
    const of = (list: Obj[], type: string): Obj[] => list.filter((m) => m['@odata.type'] === `#microsoft.graph.${type}AuthenticationMethod`);
    const before = await methods();
    const phone = of(before, 'phone')[0];
    const authenticator = of(before, 'microsoftAuthenticator')[0];
    if (!phone || !authenticator) throw new Error('methods');
    expectGraphError(await client(t, t.tokenFor(['UserAuthenticationMethod.Read.All'])).del(`/v1.0/users/${id}/authentication/phoneMethods/${String(phone.id)}`), 403, 'accessDenied');
    expect((await client(t).del(`/v1.0/users/${id}/authentication/passwordMethods/28c10230-6103-485e-b985-444c60001490`)).status).toBe(405);
    // The authenticator is the default (push) while the phone and others remain.
    expectGraphError(await client(t).del(`/v1.0/users/${id}/authentication/microsoftAuthenticatorMethods/${String(authenticator.id)}`), 400, 'badRequest', /default/);
    expect((await client(t).del(`/v1.0/users/${id}/authentication/phoneMethods/${String(phone.id)}`)).status).toBe(204);
    expect(of(await methods(), 'phone')).toHaveLength(0);
    expectGraphError(await client(t).del(`/v1.0/users/${id}/authentication/phoneMethods/${String(phone.id)}`), 404, 'Request_ResourceNotFound');
    const reg = (await client(t).get(`/v1.0/reports/authenticationMethods/userRegistrationDetails/${id}`)).body as Obj;
    expect(reg.methodsRegistered).not.toContain('mobilePhone');
    // Everything else first, then the default may go too.
    for (const m of await methods()) {
      const type = String(m['@odata.type']).replace('#microsoft.graph.', '').replace('AuthenticationMethod', '');
      if (type === 'password' || type === 'microsoftAuthenticator') continue;
      const collection = type === 'softwareOath' ? 'softwareOathMethods' : `${type}Methods`;
      expect((await client(t).del(`/v1.0/users/${id}/authentication/${collection}/${String(m.id)}`)).status).toBe(204);
    }
    for (const m of of(await methods(), 'microsoftAuthenticator')) expect((await client(t).del(`/v1.0/users/${id}/authentication/microsoftAuthenticatorMethods/${String(m.id)}`)).status).toBe(204);
    expect((await methods()).map((m) => m['@odata.type'])).toEqual(['#microsoft.graph.passwordAuthenticationMethod']);
    expect(t.lifecycle.deletedMethods().filter((d) => d.userId === id)[0]).toMatchObject({ methodType: 'phoneMethods', methodId: phone.id });
    await patchOptions({ noPrivilegedRole: true });
    try {
      expectGraphError(await client(t).del(`/v1.0/users/${person('admin').id}/authentication/fido2Methods/x`), 403, 'Authorization_RequestDenied');
    } finally {
      await patchOptions({ noPrivilegedRole: false });
    }
  });

  it('assigns and removes a manager through manager/$ref', async () => {
    const id = person('joined7').id;
    const manager = person('leaverUpcoming7').id;
    const body = { '@odata.id': `https://graph.microsoft.com/v1.0/users/${manager}` };
    expectGraphError(await put(`/v1.0/users/${id}/manager/$ref`, body, t.tokenFor(['User.Read.All'])), 403, 'Authorization_RequestDenied');
    expect((await put(`/v1.0/users/${id}/manager/$ref`, body)).status).toBe(204);
    expect(((await client(t).get(`/v1.0/users/${id}/manager?$select=id`)).body as Obj).id).toBe(manager);
    expect(t.lifecycle.managerChanges().at(-1)).toMatchObject({ userId: id, managerId: manager });
    expect((await client(t).del(`/v1.0/users/${id}/manager/$ref`)).status).toBe(204);
    expect((await client(t).get(`/v1.0/users/${id}/manager`)).status).toBe(404);
    expect(t.lifecycle.managerChanges().at(-1)).toMatchObject({ userId: id, managerId: null });
  });

  it('blocks sign-in with PATCH accountEnabled false: the user is then reported disabled', async () => {
    const id = person('leaverUpcoming30').id;
    expect((await client(t).patch(`/v1.0/users/${id}`, { accountEnabled: false })).status).toBe(204);
    expect((await user(id)).accountEnabled).toBe(false);
    const disabled = (await client(t).get('/v1.0/users?$filter=accountEnabled eq false&$select=id&$top=999')).body as Page<Obj>;
    expect(disabled.value.map((u) => u.id)).toContain(id);
  });

  it('refuses one user\'s writes through the seam, leaving everyone else\'s alone; null lifts it', async () => {
    const id = person('leaverUpcoming7').id;
    const other = person('joined30').id;
    expect(t.directory.refuseWritesFor(id, 403)).toBe(true);
    expectGraphError(await client(t).patch(`/v1.0/users/${id}`, { accountEnabled: false }), 403, 'Authorization_RequestDenied');
    expectGraphError(await client(t).post(`/v1.0/users/${id}/revokeSignInSessions`, undefined), 403, 'Authorization_RequestDenied');
    expect((await client(t).post(`/v1.0/users/${other}/revokeSignInSessions`, undefined)).status).toBe(200);
    t.directory.refuseWritesFor(id, 503);
    const managed = t.lifecycle.devicesOf(id)?.managed[0];
    if (managed) {
      const r = await client(t).post(`/v1.0/deviceManagement/managedDevices/${managed.id}/retire`, undefined);
      expectGraphError(r, 503, 'ServiceUnavailable');
      expect(r.headers.get('retry-after')).toBe('1');
    }
    t.directory.refuseWritesFor(id, null);
    expect((await client(t).patch(`/v1.0/users/${id}`, { accountEnabled: false })).status).toBe(204);
    expect(t.directory.refuseWritesFor('nobody@contoso.onmicrosoft.com', 403)).toBe(false);
  });

  it('keeps a leaver\'s devices enrolled once their licences are removed, so they can still be retired (as Intune does)', async () => {
    // A licensed leaver-to-be with an Intune device (which of them has one depends on the seed).
    const names = ['leaverUpcoming30', 'leaverUpcoming7', 'leftStillEnabled', 'joined90', 'joined30'];
    const id = names.map(n => t.info.people[n]?.id).find(i => i !== undefined && (t.lifecycle.devicesOf(i)?.managed.length ?? 0) > 0);
    if (!id) throw new Error('no lifecycle person with an Intune device');
    const before = t.lifecycle.devicesOf(id)?.managed ?? [];
    const held = ((await user(id, 'id,assignedLicenses')).assignedLicenses as Array<{ skuId: string }>).map(l => l.skuId);
    expect(held.length).toBeGreaterThan(0);
    expect((await client(t).post(`/v1.0/users/${id}/assignLicense`, { addLicenses: [], removeLicenses: held })).status).toBe(200);
    expect(t.lifecycle.devicesOf(id)?.managed.map(d => d.id)).toEqual(before.map(d => d.id));
    const first = before[0];
    if (!first) throw new Error('no managed device');
    expect((await client(t).post(`/v1.0/deviceManagement/managedDevices/${first.id}/retire`, undefined)).status).toBe(204);
  });

  it('sets hire and leave dates for tests; info names the lifecycle people', async () => {
    const id = person('joined90').id;
    expect(t.lifecycle.setHireDate(id, '2026-03-11')).toBe(true);
    expect(t.lifecycle.setLeaveDate(id, '2026-04-01')).toBe(true);
    expect(await user(id)).toMatchObject({ employeeHireDate: '2026-03-11T00:00:00Z', employeeLeaveDateTime: '2026-04-01T23:59:59Z' });
    t.lifecycle.setLeaveDate(id, null);
    expect((await user(id)).employeeLeaveDateTime).toBeNull();
    const info = (await (await fetch(`${t.url}/_demo/info`)).json()) as { people: Record<string, unknown> };
    for (const name of ['futureHire7', 'joined7', 'recentNoHireDate', 'leaverUpcoming7', 'leftStillEnabled']) expect(info.people[name]).toEqual(t.info.people[name]);
  });
});
