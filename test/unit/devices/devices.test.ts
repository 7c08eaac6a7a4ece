import { GraphGateway } from '../../../src/core/graph/GraphGateway';
import { GraphError } from '../../../src/core/graph/GraphError';
import { countDevices, dedupeEntra, loadUserDevices, mergeDevices, toEntraDevice, toManagedDevice, userDevicesOf } from '../../../src/core/devices';
import type { IDeviceInfo, IUserDevices } from '../../../src/core/devices';
import { explainDeviceError, deviceFailureMayPass, isNoIntune } from '../../../src/core/devices';
import { fakeClient } from '../../component/fakeGraph';
import type { Route } from '../../component/fakeGraph';

// A person's devices: parsers tolerant of what Graph leaves out, Entra's two lists made one, Entra and Intune
// entries of one device counted once, and each part failing alone.

const LAPTOP = 'aaaaaaaa-0000-4000-8000-000000000001';
const PHONE = 'aaaaaaaa-0000-4000-8000-000000000002';
const laptop = { '@odata.type': '#microsoft.graph.device', id: 'e1', deviceId: LAPTOP, displayName: 'ANN-LAPTOP', operatingSystem: 'Windows', operatingSystemVersion: '10.0.26100', model: 'Surface Laptop 6', manufacturer: 'Microsoft', isCompliant: true, approximateLastSignInDateTime: '2026-11-20T08:00:00Z', trustType: 'AzureAd' };
const phone = { '@odata.type': '#microsoft.graph.device', id: 'e2', deviceId: PHONE, displayName: "Ann's iPhone", operatingSystem: 'iOS', trustType: 'Workplace', isCompliant: false };
const managedLaptop = { id: 'm1', deviceName: 'ANN-LAPTOP', operatingSystem: 'Windows', osVersion: '10.0.26100.2314', model: 'Surface Laptop 6', manufacturer: 'Microsoft', serialNumber: 'SN-123', complianceState: 'compliant', lastSyncDateTime: '2026-11-21T07:00:00Z', managedDeviceOwnerType: 'company', azureADDeviceId: LAPTOP };
const unregistered = { id: 'm2', deviceName: 'Kiosk', operatingSystem: 'Android', complianceState: 'noncompliant', lastSyncDateTime: '0001-01-01T00:00:00Z', managedDeviceOwnerType: 'personal', azureADDeviceId: '00000000-0000-0000-0000-000000000000' };

const refused = (code = 'Authorization_RequestDenied', message = 'Insufficient privileges to complete the operation.', status = 403): { status: number; body: unknown } =>
  ({ status, body: { error: { code, message } } });

type Item = { id: string; method: string; url: string };
/** A $batch answering each part from `parts` (a body or an error), and further pages from `pages`. */
function batchRoutes(parts: Record<string, { status?: number; body: unknown }>, pages: Record<string, Route> = {}): Record<string, Route> {
  return {
    '/$batch': (_p, b) => ({
      body: { responses: (b as { requests: Item[] }).requests.map(r => ({ id: r.id, status: parts[r.id]?.status ?? 200, body: parts[r.id]?.body ?? { value: [] } })) }
    }),
    ...pages
  };
}

describe('device parsers', () => {
  it('reads an Entra device, wording trust type and compliance', () => {
    expect(toEntraDevice(laptop, 'registered')).toEqual({
      id: 'e1', source: 'registered', displayName: 'ANN-LAPTOP', operatingSystem: 'Windows', osVersion: '10.0.26100', model: 'Surface Laptop 6', manufacturer: 'Microsoft',
      serialNumber: null, complianceState: 'compliant', lastSeen: '2026-11-20T08:00:00Z', ownership: 'Entra joined', deviceId: LAPTOP
    });
    expect(toEntraDevice(phone, 'owned')).toMatchObject({ ownership: 'Entra registered', complianceState: 'noncompliant', model: null, lastSeen: null });
  });

  it('tolerates missing fields, skips what is not a device, and keeps ids-only entries (no Device.Read.All)', () => {
    expect(toEntraDevice({ id: 'x' }, 'owned')).toMatchObject({ id: 'x', displayName: '', operatingSystem: null, complianceState: null, ownership: null, deviceId: null });
    expect(toEntraDevice({ '@odata.type': '#microsoft.graph.servicePrincipal', id: 'sp' }, 'owned')).toBeUndefined();
    expect(toEntraDevice({ displayName: 'no id' }, 'owned')).toBeUndefined();
    expect(toEntraDevice(null, 'owned')).toBeUndefined();
    expect(toEntraDevice({ id: 'y', trustType: 'SomethingNew', isCompliant: 'yes' }, 'owned')).toMatchObject({ ownership: 'SomethingNew', complianceState: null });
  });

  it('reads an Intune managed device; Intune\'s 0001-01-01 is no date', () => {
    expect(toManagedDevice(managedLaptop)).toEqual({
      id: 'm1', source: 'managed', displayName: 'ANN-LAPTOP', operatingSystem: 'Windows', osVersion: '10.0.26100.2314', model: 'Surface Laptop 6', manufacturer: 'Microsoft',
      serialNumber: 'SN-123', complianceState: 'compliant', lastSeen: '2026-11-21T07:00:00Z', ownership: 'Company', deviceId: LAPTOP
    });
    expect(toManagedDevice(unregistered)).toMatchObject({ lastSeen: null, ownership: 'Personal', model: null, serialNumber: null });
    expect(toManagedDevice({ id: 'm3' })).toMatchObject({ displayName: '', complianceState: null });
    expect(toManagedDevice({})).toBeUndefined();
  });
});

describe('merging and counting', () => {
  const entra = (d: unknown, s: 'registered' | 'owned' = 'registered'): IDeviceInfo => toEntraDevice(d, s) as IDeviceInfo;
  const managed = (d: unknown): IDeviceInfo => toManagedDevice(d) as IDeviceInfo;
  const devices = (e: IDeviceInfo[], m: IDeviceInfo[] | GraphError): IUserDevices => ({
    entra: { status: 'ready', data: e },
    managed: m instanceof GraphError ? { status: 'error', error: m } : { status: 'ready', data: m }
  });

  it('lists a device both registered and owned once, as registered', () => {
    const both = dedupeEntra([entra(laptop)], [entra(laptop, 'owned'), entra(phone, 'owned')]);
    expect(both.map(d => [d.id, d.source])).toEqual([['e1', 'registered'], ['e2', 'owned']]);
  });

  it('counts an Entra device and its Intune record once; an Intune device not in Entra (zero GUID) on its own', () => {
    const d = devices([entra(laptop), entra(phone)], [managed(managedLaptop), managed(unregistered)]);
    const merged = mergeDevices(d);
    expect(merged.map(m => [m.entra?.id, m.managed?.id])).toEqual([['e1', 'm1'], ['e2', undefined], [undefined, 'm2']]);
    expect(countDevices(d)).toBe(3);
  });

  it('counts what is known: one part refused counts the other; nothing read or still loading is undefined', () => {
    const noIntune = new GraphError(400, 'BadRequest', 'Request not applicable to target tenant.');
    expect(countDevices(devices([entra(laptop)], noIntune))).toBe(1);
    expect(countDevices({ entra: { status: 'error', error: noIntune }, managed: { status: 'error', error: noIntune } })).toBeUndefined();
    expect(countDevices({ entra: { status: 'ready', data: [] }, managed: { status: 'loading' } })).toBeUndefined();
    expect(countDevices(devices([], []))).toBe(0);
  });

  it('says when Entra listed devices without their details', () => {
    const limited = userDevicesOf({ status: 'ready', data: [{ '@odata.type': '#microsoft.graph.device', id: 'e9' }] }, { status: 'ready', data: [] }, { status: 'ready', data: [] });
    expect(limited.entraLimited).toBe(true);
    expect(userDevicesOf({ status: 'ready', data: [laptop] }, { status: 'ready', data: [] }, { status: 'ready', data: [] }).entraLimited).toBeUndefined();
  });
});

describe('loadUserDevices', () => {
  it('reads the three parts in ONE $batch and follows a part\'s next pages', async () => {
    const { client, calls } = fakeClient(batchRoutes(
      {
        registered: { body: { value: [laptop] } },
        owned: { body: { value: [laptop], '@odata.nextLink': 'https://graph.microsoft.com/v1.0/users/u1/ownedDevices?$skiptoken=2' } },
        managed: { body: { value: [managedLaptop, unregistered] } }
      },
      { '/users/u1/ownedDevices?$skiptoken=2': { body: { value: [phone] } } }
    ));
    const d = await loadUserDevices(new GraphGateway(client), 'u1');
    expect(calls.filter(c => c.includes('$batch'))).toHaveLength(1);
    expect(calls).toContain('GET v1.0/users/u1/ownedDevices?$skiptoken=2');
    expect(d.entra.status === 'ready' && d.entra.data.map(x => `${x.id}:${x.source}`)).toEqual(['e1:registered', 'e2:owned']);
    expect(d.managed.status === 'ready' && d.managed.data.map(x => x.id)).toEqual(['m1', 'm2']);
    expect(countDevices(d)).toBe(3);
  });

  it('a refused Intune part is its error alone; Entra devices stay', async () => {
    const { client } = fakeClient(batchRoutes({ registered: { body: { value: [laptop] } }, managed: refused('Forbidden', 'Application is not authorized to perform this operation.') }));
    const d = await loadUserDevices(new GraphGateway(client), 'u1');
    expect(d.entra.status).toBe('ready');
    expect(d.managed.status).toBe('error');
    const why = d.managed.status === 'error' ? explainDeviceError(d.managed.error, 'managed') : undefined;
    expect(why?.detail).toMatch(/DeviceManagementManagedDevices\.Read\.All/);
    expect(why?.detail).toMatch(/Intune role/);
  });

  it('a refused Entra part names Device.Read.All; Intune devices stay', async () => {
    const { client } = fakeClient(batchRoutes({ registered: refused(), owned: refused(), managed: { body: { value: [managedLaptop] } } }));
    const d = await loadUserDevices(new GraphGateway(client), 'u1');
    expect(d.entra.status === 'error' && explainDeviceError(d.entra.error, 'entra').detail).toMatch(/does not carry Device\.Read\.All/);
    expect(d.managed.status === 'ready' && d.managed.data).toHaveLength(1);
    expect(countDevices(d)).toBe(1);
  });

  it('a failed $batch fails each part, and a part whose next page fails is that part\'s error', async () => {
    const down = await loadUserDevices(new GraphGateway(fakeClient({ '/$batch': { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'Down' } } } }).client), 'u1');
    expect([down.entra.status, down.managed.status]).toEqual(['error', 'error']);
    const { client } = fakeClient(batchRoutes(
      { managed: { body: { value: [managedLaptop], '@odata.nextLink': 'https://graph.microsoft.com/v1.0/users/u1/managedDevices?$skiptoken=2' } } },
      { '/users/u1/managedDevices?$skiptoken=2': refused('TooManyRequests', 'busy', 500) }
    ));
    const half = await loadUserDevices(new GraphGateway(client), 'u1');
    expect([half.entra.status, half.managed.status]).toEqual(['ready', 'error']);
  });
});

describe('device errors in words', () => {
  it('says Intune is not there (no Try again), apart from a missing scope', () => {
    const noIntune = new GraphError(400, 'BadRequest', 'Request not applicable to target tenant.');
    expect(isNoIntune(noIntune)).toBe(true);
    expect(explainDeviceError(noIntune, 'managed')).toMatchObject({ title: 'Intune not available' });
    expect(explainDeviceError(noIntune, 'managed').detail).toMatch(/no active Microsoft Intune licence/);
    expect(deviceFailureMayPass(noIntune)).toBe(false);
    expect(deviceFailureMayPass(new GraphError(403, 'Authorization_RequestDenied', 'x'))).toBe(false);
    expect(deviceFailureMayPass(new GraphError(503, 'ServiceUnavailable', 'x'))).toBe(true);
    expect(explainDeviceError(new GraphError(403, 'Forbidden', 'Your tenant is not licensed for this feature.'), 'managed').title).toBe('Intune not available');
  });

  it('says which part a passing failure hit', () => {
    expect(explainDeviceError(new GraphError(0, 'NetworkError', 'offline'), 'entra').detail).toMatch(/^Entra devices: /);
    expect(explainDeviceError(new GraphError(403, 'Authorization_RequestDenied', 'x'), 'entra').action).toMatch(/API access/);
  });
});
