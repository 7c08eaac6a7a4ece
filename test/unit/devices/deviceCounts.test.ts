import { GraphGateway } from '../../../src/core/graph/GraphGateway';
import { GraphError } from '../../../src/core/graph/GraphError';
import { settle } from '../../../src/core/graph/subscribable';
import { ReportStore } from '../../../src/core/reports/store';
import {
  ENTRA_COUNT_PATH, MANAGED_COUNT_PATH, countByUser, deviceCountOf, deviceCountsProblem, entraCountPairs, loadDeviceCountJoin, managedCountPairs
} from '../../../src/core/directory/deviceCounts';
import { degradedJoins, joinFailed, wantedJoins } from '../../../src/core/directory/listPolicy';
import { UserList } from '../../../src/core/directory/userList';
import type { IUserListState } from '../../../src/core/directory/userList';
import { USER_COLUMNS, userColumn, usersSheet } from '../../../src/core/directory/userColumns';
import { fakeClient } from '../../component/fakeGraph';
import type { Route } from '../../component/fakeGraph';

// The Users view's Devices column: devices per person read tenant-wide, Entra and Intune entries of one device
// counted once, each part degrading alone and saying which scope is missing.

const D1 = 'aaaaaaaa-0000-4000-8000-000000000001';
const D2 = 'aaaaaaaa-0000-4000-8000-000000000002';
const ZERO = '00000000-0000-0000-0000-000000000000';
const entraDevices = [
  { id: 'e1', deviceId: D1, registeredOwners: [{ '@odata.type': '#microsoft.graph.user', id: 'U1' }] },
  { id: 'e2', deviceId: D2, registeredOwners: [{ id: 'u1' }] },
  { id: 'e3', deviceId: null, registeredOwners: [] },
  { nothing: true }
];
const managedDevices = [
  { id: 'm1', userId: 'u1', azureADDeviceId: D1 }, // the same laptop as e1
  { id: 'm2', userId: 'u1', azureADDeviceId: ZERO }, // not in Entra
  { id: 'm3', userId: 'u2', azureADDeviceId: null },
  { id: 'm4', userId: '', azureADDeviceId: null } // no primary user
];
const refused = { status: 403, body: { error: { code: 'Forbidden', message: 'Application is not authorized to perform this operation.' } } };

const user = (n: number): unknown => ({ id: `u${n}`, displayName: `User ${n}`, userPrincipalName: `user${n}@contoso.com`, mail: null, userType: 'Member', accountEnabled: true, assignedLicenses: [] });
function routes(extra: Record<string, Route> = {}): Record<string, Route> {
  return {
    '/users?': { body: { value: [user(1), user(2), user(3)] } },
    '/subscribedSkus': { body: { value: [] } },
    '/reports/': { body: { value: [] } },
    '/devices?': { body: { value: entraDevices.slice(0, 2), '@odata.nextLink': 'https://graph.microsoft.com/v1.0/devices?$skiptoken=2' } },
    '/devices?$skiptoken=2': { body: { value: entraDevices.slice(2) } },
    '/deviceManagement/managedDevices': { body: { value: managedDevices } },
    ...extra
  };
}

describe('device counts per person', () => {
  it('pairs each device with its owner or primary user, keyed by the Entra device id they share', () => {
    expect(entraCountPairs(entraDevices)).toEqual([['u1', `device:${D1}`], ['u1', `device:${D2}`]]);
    expect(managedCountPairs(managedDevices)).toEqual([['u1', `device:${D1}`], ['u1', 'managed:m2'], ['u2', 'managed:m3']]);
    const counts = countByUser([entraCountPairs(entraDevices), managedCountPairs(managedDevices)]);
    expect(Object.fromEntries(counts)).toEqual({ u1: 3, u2: 1 });
  });

  it('reads both parts in pages, with the selects and expand asked for', async () => {
    const { client, calls } = fakeClient(routes());
    const counts = await loadDeviceCountJoin(new GraphGateway(client));
    expect(calls).toEqual(expect.arrayContaining([`GET v1.0${ENTRA_COUNT_PATH}`, 'GET v1.0/devices?$skiptoken=2', `GET v1.0${MANAGED_COUNT_PATH}`]));
    expect(counts.problems).toEqual({});
    expect([deviceCountOf(counts, 'u1'), deviceCountOf(counts, 'U2'), deviceCountOf(counts, 'u3')]).toEqual([3, 1, 0]);
    expect(deviceCountsProblem(counts)).toBeUndefined();
  });

  it('a refused Intune part leaves the Entra counts, and the problem names the Intune scope', async () => {
    const { client } = fakeClient(routes({ '/deviceManagement/managedDevices': refused }));
    const counts = await loadDeviceCountJoin(new GraphGateway(client));
    expect(deviceCountOf(counts, 'u1')).toBe(2);
    expect(deviceCountOf(counts, 'u2')).toBe(0);
    const why = deviceCountsProblem(counts);
    expect(why?.detail).toMatch(/DeviceManagementManagedDevices\.Read\.All/);
    expect(why?.detail).toMatch(/counts Entra devices only/);
  });

  it('an Entra part failing on a later page adds none of its devices; both refused leave every count unknown', async () => {
    const { client } = fakeClient(routes({ '/devices?$skiptoken=2': { status: 500, body: { error: { code: 'InternalServerError', message: 'boom' } } } }));
    const half = await loadDeviceCountJoin(new GraphGateway(client));
    expect(deviceCountOf(half, 'u1')).toBe(2); // m1 and m2 only
    expect(deviceCountsProblem(half)?.detail).toMatch(/^Entra devices: .*counts Intune managed devices only/);
    const none = await loadDeviceCountJoin(new GraphGateway(fakeClient(routes({ '/devices?': refused, '/deviceManagement/managedDevices': refused })).client));
    expect(deviceCountOf(none, 'u1')).toBeUndefined();
    expect(deviceCountsProblem(none)?.detail).toMatch(/Device\.Read\.All.*DeviceManagementManagedDevices\.Read\.All.*left empty/);
  });
});

describe('the Devices column of the user list', () => {
  const listOver = (r: Record<string, Route>): { list: UserList; calls: string[] } => {
    const { client, calls } = fakeClient(r);
    const gateway = new GraphGateway(client);
    return { list: new UserList(gateway, new ReportStore(gateway, { format: 'json' })), calls };
  };
  const when = (list: UserList, ok: (s: IUserListState) => boolean): Promise<IUserListState> => settle(list, s => (ok(s) ? { value: s } : undefined));

  it('is read only while wanted: its column shown, or Export all waiting', async () => {
    const column = userColumn('devices');
    expect(column?.header).toBe('Devices');
    expect(wantedJoins([], {}, false).devices).toBe(false);
    expect(wantedJoins(column ? [column] : [], {}, false).devices).toBe(true);
    expect(wantedJoins([], {}, true).devices).toBe(true);
    const { list, calls } = listOver(routes());
    const read = await when(list, s => s.status === 'done');
    expect(read.joins.devices.status).toBe('off');
    expect(calls.some(c => c.includes('/devices') || c.includes('managedDevices'))).toBe(false);
    list.want('devices', true);
    const done = await when(list, s => s.joins.devices.status === 'ready');
    expect(done.rows.map(r => r.devices)).toEqual([3, 1, 0]);
    expect(usersSheet(done.rows, USER_COLUMNS.filter(c => c.key === 'displayName' || c.key === 'devices')).rows).toEqual([['User 1', 3], ['User 2', 1], ['User 3', 0]]);
  });

  it('a refused part is a banner of its own with the scope, and Try again reads the devices again when it may pass', async () => {
    let intune: { status: number; body: unknown } = { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'Down' } } };
    const { list } = listOver(routes({ '/deviceManagement/managedDevices': () => intune }));
    // Watched throughout, as the view watches it: Try again reads only while the list is watched.
    const unwatch = list.subscribe(() => undefined);
    list.want('devices', true);
    const partial = await when(list, s => s.status === 'done' && s.joins.devices.status === 'ready');
    expect(partial.rows.map(r => r.devices)).toEqual([2, 0, 0]);
    const [banner] = degradedJoins(partial.joins, { devices: true });
    expect(banner).toMatchObject({ source: 'devices', join: 'devices', name: 'Devices', canRetry: true });
    expect(joinFailed(partial.joins, 'devices')).toBe(true);
    intune = { status: 200, body: { value: managedDevices } };
    list.retryJoin('devices');
    const mended = await when(list, s => s.joins.devices.status === 'ready' && Object.keys(s.joins.devices.data.problems).length === 0);
    expect(mended.rows.map(r => r.devices)).toEqual([3, 1, 0]);
    expect(degradedJoins(mended.joins, { devices: true })).toEqual([]);
    unwatch();
  });

  it('a missing scope offers no Try again', () => {
    const counts = { byUser: new Map(), problems: { managed: new GraphError(403, 'Forbidden', 'Application is not authorized to perform this operation.') } };
    const joins = { skus: { status: 'off' }, mfa: { status: 'off' }, activity: { status: 'off' }, signIns: { status: 'off' }, attackSimulation: { status: 'off' }, mfaEnforcement: { status: 'off' }, devices: { status: 'ready', data: counts } } as const;
    const [banner] = degradedJoins(joins, true);
    expect(banner?.canRetry).toBe(false);
    expect(banner?.why.detail).toMatch(/DeviceManagementManagedDevices\.Read\.All/);
  });
});
