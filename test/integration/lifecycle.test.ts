import { startDemoTenant } from '../../workbench/demo-tenant';
import type { IDemoTenant } from '../../workbench/demo-tenant';
import { ReportStore } from '../../src/core/reports/store';
import { loadJoiners, loadLeavers } from '../../src/core/lifecycle/read';
import { windowBounds } from '../../src/core/lifecycle/window';
import { explainPart } from '../../src/core/lifecycle/explain';
import { countDevices, loadUserDevices } from '../../src/core/devices/loadDevices';
import { gatewayFor } from '../helpers/graph';

// Joiners and leavers against the demo tenant over HTTP: its dates are laid out around `today`, so the windows
// hold the same people on any day the tests run.
jest.setTimeout(60_000);

const TODAY = '2026-03-10';
const NOW = new Date(`${TODAY}T09:00:00Z`);
const ALL = ['User.Read.All', 'AuditLog.Read.All', 'Reports.Read.All', 'LicenseAssignment.Read.All', 'GroupMember.Read.All', 'User-LifeCycleInfo.Read.All'];

describe('lifecycle against the demo tenant', () => {
  let tenant: IDemoTenant;
  const id = (name: string): string => {
    // The lifecycle's own people, else the tenant's awkward ones (disabled, inactive90).
    const p = (tenant.lifecycle.people() as Record<string, { id: string } | undefined>)[name] ?? (tenant.info.people as Record<string, { id: string } | undefined>)[name];
    if (!p) throw new Error(`no demo person ${name}`);
    return p.id;
  };

  beforeAll(async () => { tenant = await startDemoTenant({ users: 120, seed: 5, today: TODAY }); });
  afterAll(async () => { await tenant.close(); });

  it('joiners: hire dates either side of today in each window, accounts without one by creation, with their parts', async () => {
    const gw = gatewayFor(tenant.url, tenant.token);
    const week = await loadJoiners(gw, windowBounds(NOW, 7));
    const ids7 = week.rows.map(r => r.user.id);
    expect(ids7).toEqual(expect.arrayContaining([id('futureHire7'), id('joined7')]));
    expect(ids7).not.toContain(id('futureHire30'));
    const month = await loadJoiners(gw, windowBounds(NOW, 30));
    expect(month.rows.map(r => r.user.id)).toEqual(expect.arrayContaining([id('futureHire7'), id('futureHire30'), id('joined30')]));
    expect(month.rows.map(r => r.user.id)).not.toContain(id('futureHire90'));
    const quarter = await loadJoiners(gw, windowBounds(NOW, 90));
    expect(quarter.rows.map(r => r.user.id)).toEqual(expect.arrayContaining([id('futureHire90'), id('joined90')]));
    const upcoming = month.rows.find(r => r.user.id === id('futureHire7'));
    expect(upcoming).toMatchObject({ basis: 'hireDate', days: 4 });
    // Every part was read: numbers for groups and devices, a sign-in state, a manager (or none).
    for (const part of ['hireDates', 'created', 'licenses', 'manager', 'mfa', 'signIns', 'groups', 'devices'] as const) expect(month.parts[part].status).toBe('ready');
    expect(month.rows.every(r => typeof r.groups === 'number' && typeof r.devices === 'number' && r.lastSignIn !== undefined)).toBe(true);
    // The device count is the impression's (Entra and Intune, each physical device once).
    for (const r of month.rows) expect([r.user.id, r.devices]).toEqual([r.user.id, countDevices(await loadUserDevices(gw, r.user.id))]);
    expect(month.rows.some(r => (r.devices ?? 0) > 0)).toBe(true);
    const noHire = month.rows.find(r => r.user.id === id('recentNoHireDate'));
    expect(noHire?.basis).toBe('created');
  });

  it('leavers: leave dates in the window and accounts left behind, each with its reasons and what remains', async () => {
    const gw = gatewayFor(tenant.url, tenant.token);
    const state = await loadLeavers(gw, new ReportStore(gw, { format: 'csv' }), windowBounds(NOW, 30));
    expect(state.status).toBe('done');
    const byId = new Map(state.rows.map(r => [r.user.id, r]));
    expect(byId.get(id('leaverUpcoming7'))?.reasons).toContain('leaveDate');
    expect(byId.get(id('leaverUpcoming30'))?.reasons).toContain('leaveDate');
    expect(byId.get(id('leftStillEnabled'))).toMatchObject({ reasons: ['leftStillEnabled', 'leaveDate'], days: -4 });
    // Gone but still enabled: the riskiest, listed first.
    expect(state.rows[0]?.reasons).toContain('leftStillEnabled');
    expect(byId.get(id('disabled'))?.reasons).toEqual(expect.arrayContaining(['disabledLicensed', 'disabledInGroups']));
    expect(byId.get(id('inactive90'))?.reasons).toContain('inactiveLicensed');
    const gone = byId.get(id('disabled'));
    expect(gone?.remains.licenses).toBeGreaterThan(0);
    expect(gone?.remains.groups).toBeGreaterThan(0);
    expect(typeof gone?.remains.devices).toBe('number');
  });

  it('leavers: without User-LifeCycleInfo.Read.All the leave dates say so and the rest is still listed', async () => {
    const gw = gatewayFor(tenant.url, tenant.tokenFor(ALL.filter(s => s !== 'User-LifeCycleInfo.Read.All')));
    const state = await loadLeavers(gw, new ReportStore(gw, { format: 'csv' }), windowBounds(NOW, 30));
    expect(state.parts.leaveDates.status).toBe('error');
    expect(explainPart('leaveDates', (state.parts.leaveDates as { error: unknown }).error).detail).toMatch(/User-LifeCycleInfo\.Read\.All/);
    const disabled = state.rows.find(r => r.user.id === id('disabled'));
    expect(disabled?.reasons).toEqual(expect.arrayContaining(['disabledLicensed']));
    expect(disabled?.leaveDate).toBeUndefined();
    expect(state.rows.some(r => r.reasons.includes('leaveDate'))).toBe(false);
  });

  it('leavers: someone who left long before the window and is still enabled is listed (first) in every window', async () => {
    const who = id('joined90');
    expect(tenant.lifecycle.setLeaveDate(who, '2025-08-22')).toBe(true);
    try {
      const gw = gatewayFor(tenant.url, tenant.token);
      const state = await loadLeavers(gw, new ReportStore(gw, { format: 'csv' }), windowBounds(NOW, 7));
      expect(state.rows[0]).toMatchObject({ user: { id: who }, reasons: ['leftStillEnabled'], days: -200 });
    } finally {
      tenant.lifecycle.setLeaveDate(who, null);
    }
  });
});
