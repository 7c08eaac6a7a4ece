import { startDemoTenant } from '../../workbench/demo-tenant';
import type { IDemoTenant, IDemoUserDevices } from '../../workbench/demo-tenant';
import { ALL_SCOPES } from '../../workbench/demo-tenant/token';
import { ReportStore } from '../../src/core/reports/store';
import { loadSkuNames } from '../../src/core/directory/skus';
import { loadUsers } from '../../src/core/directory/userList';
import { deviceCountOf, deviceCountsProblem, loadDeviceCountJoin } from '../../src/core/directory/deviceCounts';
import { degradedJoins } from '../../src/core/directory/listPolicy';
import { countDevices, explainDeviceError, loadUserDevices } from '../../src/core/devices';
import { loadImpression } from '../../src/core/impression/session';
import { impressionSheets } from '../../src/core/impression/workbook';
import { gatewayFor } from '../helpers/graph';

jest.setTimeout(60_000);

// A person's devices and the Users view's Devices column against the demo tenant, over HTTP: Entra and Intune
// each read, refused, or missing on its own.

const TODAY = '2026-11-21';
const ZERO = '00000000-0000-0000-0000-000000000000';

/** Physical devices as the tenant holds them: an Entra device and its Intune record (same device id) once. */
function physical(d: IDemoUserDevices): number {
  const keys = new Set<string>(d.entra.map(e => `device:${e.deviceId.toLowerCase()}`));
  for (const m of d.managed) keys.add(m.azureADDeviceId && m.azureADDeviceId !== ZERO ? `device:${m.azureADDeviceId.toLowerCase()}` : `managed:${m.id}`);
  return keys.size;
}

describe('devices against the demo tenant', () => {
  let t: IDemoTenant;
  beforeAll(async () => { t = await startDemoTenant({ users: 200, seed: 5, today: TODAY }); });
  afterAll(async () => { await t.close(); });
  const admin = (): { id: string; userPrincipalName: string } => {
    const p = t.info.people.admin;
    if (!p) throw new Error('demo tenant has no admin');
    return p;
  };
  const held = (id: string): IDemoUserDevices => {
    const d = t.lifecycle.devicesOf(id);
    if (!d) throw new Error(`no devices for ${id}`);
    return d;
  };
  const without = (...scopes: string[]): string => t.tokenFor(ALL_SCOPES.filter(s => !scopes.includes(s)));

  it('reads a person\'s Entra and Intune devices in one $batch, and counts each physical device once', async () => {
    const gw = gatewayFor(t.url, t.token);
    const d = await loadUserDevices(gw, admin().id);
    expect(gw.stats.batches).toBe(1);
    const tenant = held(admin().id);
    expect(d.entra.status === 'ready' && d.entra.data.map(x => x.id).sort()).toEqual(tenant.entra.map(e => e.id).sort());
    expect(d.managed.status === 'ready' && d.managed.data.map(x => x.id).sort()).toEqual(tenant.managed.map(m => m.id).sort());
    expect(d.entra.status === 'ready' && d.entra.data.every(x => x.displayName && x.operatingSystem)).toBe(true);
    expect(d.entraLimited).toBeUndefined();
    expect(countDevices(d)).toBe(physical(tenant));
    expect(countDevices(d)).toBeGreaterThan(0);
  });

  it('without the Intune scope, Intune is refused in words and the Entra devices stay', async () => {
    const d = await loadUserDevices(gatewayFor(t.url, without('DeviceManagementManagedDevices.Read.All', 'DeviceManagementManagedDevices.PrivilegedOperations.All')), admin().id);
    expect(d.entra.status).toBe('ready');
    expect(d.managed.status === 'error' && explainDeviceError(d.managed.error, 'managed').detail).toMatch(/does not carry DeviceManagementManagedDevices\.Read\.All/);
  });

  it('without Device.Read.All, Entra lists the devices without their details, and says so', async () => {
    const d = await loadUserDevices(gatewayFor(t.url, without('Device.Read.All', 'Directory.Read.All')), admin().id);
    expect(d.entra.status === 'ready' && d.entra.data.length).toBe(held(admin().id).entra.length);
    expect(d.entraLimited).toBe(true);
  });

  it('the impression carries the devices part and its sheet', async () => {
    const gw = gatewayFor(t.url, t.token);
    const imp = await loadImpression(gw, new ReportStore(gw, { format: 'json' }), admin().userPrincipalName, 'D30', await loadSkuNames());
    expect(imp.devices.status).toBe('ready');
    const sheet = impressionSheets(imp, new Date(`${TODAY}T10:00:00Z`)).find(s => s.name === 'Devices');
    const tenant = held(admin().id);
    expect(sheet?.rows).toHaveLength(tenant.entra.length + tenant.managed.length);
    expect(sheet?.rows.map(r => r[0])).toContain('Intune');
  });

  it('the Users list\'s Devices column agrees with each person\'s own devices', async () => {
    const gw = gatewayFor(t.url, t.token);
    const loaded = await loadUsers(gw, new ReportStore(gw, { format: 'json' }), { devices: true });
    expect(loaded.joins.devices.status).toBe('ready');
    expect(degradedJoins(loaded.joins, true).filter(d => d.source === 'devices')).toEqual([]);
    const withDevices = loaded.rows.filter(r => (r.devices ?? 0) > 0);
    expect(withDevices.length).toBeGreaterThan(10);
    // A sample of people, read one by one, count the same.
    for (const row of withDevices.slice(0, 8).concat(loaded.rows.filter(r => r.devices === 0).slice(0, 2))) {
      expect([row.user.userPrincipalName, row.devices]).toEqual([row.user.userPrincipalName, physical(held(row.user.id))]);
    }
  });
});

describe('devices in a tenant without Intune', () => {
  let t: IDemoTenant;
  beforeAll(async () => { t = await startDemoTenant({ users: 60, seed: 5, today: TODAY, noIntune: true }); });
  afterAll(async () => { await t.close(); });

  it('the card\'s Intune part and the column say Intune is not there; Entra devices still count', async () => {
    const gw = gatewayFor(t.url, t.token);
    const admin = t.info.people.admin;
    if (!admin) throw new Error('demo tenant has no admin');
    const d = await loadUserDevices(gw, admin.id);
    expect(d.entra.status).toBe('ready');
    expect(d.managed.status === 'error' && explainDeviceError(d.managed.error, 'managed').title).toBe('Intune not available');
    const counts = await loadDeviceCountJoin(gw);
    expect(deviceCountOf(counts, admin.id)).toBe(t.lifecycle.devicesOf(admin.id)?.entra.length);
    expect(deviceCountsProblem(counts)?.detail).toMatch(/no active Microsoft Intune licence.*counts Entra devices only/);
  });
});
