import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import * as XLSX from 'xlsx';
import { fakeServices } from '../fakeGraph';
import type { Route } from '../fakeGraph';
import { overviewRoutes, renderUsage } from './usageFixtures';
import { withText } from '../messages';

// The Security readiness tile: every user of the session's list with its attack simulation and MFA enforcement
// joins, over the faked Graph edge.

const SIM = '/reports/security/getAttackSimulationSimulationUserCoverage';
const REPEAT = '/reports/security/getAttackSimulationRepeatOffenders';
const TRAIN = '/reports/security/getAttackSimulationTrainingUserCoverage';
const POLICIES = '/identity/conditionalAccess/policies';
const refused: Route = { status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } } };

const person = (id: string, userType: string, accountEnabled = true): object =>
  ({ id, displayName: id, userPrincipalName: `${id}@contoso.com`, mail: null, userType, accountEnabled, assignedLicenses: [] });
const who = (userId: string): object => ({ attackSimulationUser: { userId, displayName: userId, email: `${userId}@contoso.com` } });
const training = (trainingStatus: string): object => ({ displayName: 'Phishing', assignedDateTime: '2026-10-01T00:00:00Z', completionDateTime: null, trainingStatus });

/** Three enabled members (two simulated, both clicked, one compromised), a guest, and a disabled member counted nowhere. */
function securityRoutes(over: Record<string, Route> = {}): Record<string, Route> {
  return {
    ...overviewRoutes(),
    '/users?': { body: { value: [person('u1', 'Member'), person('u2', 'Member'), person('u3', 'Member'), person('g1', 'Guest'), person('d1', 'Member', false)] } },
    [SIM]: { body: { value: [
      { ...who('u1'), simulationCount: 4, clickCount: 2, compromisedCount: 1, latestSimulationDateTime: '2026-11-01T09:00:00Z' },
      { ...who('u2'), simulationCount: 2, clickCount: 1, compromisedCount: 0, latestSimulationDateTime: '2026-11-01T09:00:00Z' },
      { ...who('d1'), simulationCount: 9, clickCount: 9, compromisedCount: 9, latestSimulationDateTime: '2026-11-01T09:00:00Z' }
    ] } },
    [REPEAT]: { body: { value: [] } },
    [TRAIN]: { body: { value: [{ ...who('u1'), userTrainings: [training('completed'), training('overdue')] }, { ...who('u2'), userTrainings: [training('completed')] }] } },
    '/policies/identitySecurityDefaultsEnforcementPolicy': { body: { isEnabled: false } },
    [POLICIES]: { body: { value: [{
      id: 'p1', displayName: 'All users MFA', state: 'enabled',
      conditions: { users: { includeUsers: ['All'], excludeUsers: ['u3'] }, applications: { includeApplications: ['All'] } },
      grantControls: { operator: 'OR', builtInControls: ['mfa'] }
    }] } },
    ...over
  };
}

const tile = (): HTMLElement => screen.getByTestId('tile-securityReadiness');
const shown = (): string[] => [...tile().querySelectorAll('[data-testid="chart-table"] tbody tr')].map(r => r.textContent ?? '');
const table = (): void => { fireEvent.click(within(tile()).getByRole('switch', { name: 'Table' })); };

describe('Usage overview: Security readiness tile', () => {
  it('is not among the default tiles, and the default overview reads no user nor security data', async () => {
    const { services, calls } = fakeServices(securityRoutes());
    renderUsage(services);
    await waitFor(() => expect(screen.getAllByTestId('usage-chart')).toHaveLength(6));
    expect(screen.queryByTestId('tile-securityReadiness')).not.toBeInTheDocument();
    expect(calls.filter(c => /\/users\?|\/reports\/security\/|conditionalAccess/.test(c))).toEqual([]);
  });

  it('once ticked, charts each share of users as bars with MFA enforced as its headline', async () => {
    const { services } = fakeServices(securityRoutes());
    renderUsage(services, { tiles: ['securityReadiness'] });
    const headline = await withText(() => within(tile()).getByTestId('tile-headline'), '75%');
    expect(headline).toHaveTextContent('75%MFA enforced');
    expect(headline).toHaveAttribute('title', '3 of 4 enabled accounts');
    await waitFor(() => expect(within(tile()).getByTestId('usage-chart')).toHaveAttribute('data-chart-type', 'bar'));
    expect(tile().querySelectorAll('.recharts-bar-rectangle')).toHaveLength(5);
    table();
    expect(shown()).toEqual(['Simulated66.7%', 'Clicked100%', 'Compromised50%', 'Training completed50%', 'MFA enforced75%']);
    expect(within(tile()).getByTestId('security-users')).toHaveTextContent('5 users, read live');
    expect(within(tile()).queryByTestId('security-loading-attackSimulation')).not.toBeInTheDocument();
  });

  it('shows progress while every user is read, then the figures', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>(resolve => { release = resolve; });
    const routes = securityRoutes();
    const users = routes['/users?'] as { body: unknown };
    const { services } = fakeServices({ ...routes, '/users?': async () => { await held; return users; } });
    renderUsage(services, { tiles: ['securityReadiness'] });
    await withText(() => within(tile()).getByTestId('security-users-loading'), 'Reading every user');
    expect(within(tile()).queryByTestId('usage-chart')).not.toBeInTheDocument();
    expect(within(tile()).queryByTestId('tile-headline')).not.toBeInTheDocument();
    release();
    await withText(() => within(tile()).getByTestId('tile-headline'), '75%');
    expect(within(tile()).queryByTestId('security-users-loading')).not.toBeInTheDocument();
  });

  it('a refused attack simulation read says why, and MFA enforcement still shows alone', async () => {
    const { services } = fakeServices(securityRoutes({ [SIM]: refused, [REPEAT]: refused, [TRAIN]: refused }));
    renderUsage(services, { tiles: ['securityReadiness'] });
    const error = await withText(() => within(tile()).getByTestId('security-error-attackSimulation'), 'AttackSimulation.Read.All');
    expect(within(error).queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
    await withText(() => within(tile()).getByTestId('tile-headline'), '75%');
    table();
    expect(shown()).toEqual(['MFA enforced75%']);
  });

  it('refused policies say which permission and roles; the simulation figures stay, and the headline falls back to them', async () => {
    const { services } = fakeServices(securityRoutes({ [POLICIES]: refused }));
    renderUsage(services, { tiles: ['securityReadiness'] });
    await withText(() => within(tile()).getByTestId('security-error-mfaEnforcement'), 'Policy.Read.All');
    const headline = await withText(() => within(tile()).getByTestId('tile-headline'), '66.7%');
    expect(headline).toHaveTextContent('simulated');
    table();
    expect(shown()).toHaveLength(4);
  });

  it('offers Try again for a failure that may pass, and reads that join again', async () => {
    let reads = 0;
    const { services } = fakeServices(securityRoutes({ [POLICIES]: () => (++reads === 1 ? { status: 500, body: { error: { code: 'InternalServerError', message: 'Oops.' } } } : securityRoutes()[POLICIES] as { body: unknown }) }));
    renderUsage(services, { tiles: ['securityReadiness'] });
    const error = await withText(() => within(tile()).getByTestId('security-error-mfaEnforcement'), 'Oops.');
    fireEvent.click(within(error).getByRole('button', { name: 'Try again' }));
    await withText(() => within(tile()).getByTestId('tile-headline'), '75%');
    expect(within(tile()).queryByTestId('security-error-mfaEnforcement')).not.toBeInTheDocument();
  });

  it('"Export dashboard" carries its figures without reading again', async () => {
    const files: Blob[] = [];
    const urls = URL as unknown as { createObjectURL?: (b: Blob) => string; revokeObjectURL?: (u: string) => void };
    const saved = { create: urls.createObjectURL, revoke: urls.revokeObjectURL };
    urls.createObjectURL = (b: Blob) => { files.push(b); return `blob:test/${files.length}`; };
    urls.revokeObjectURL = () => undefined;
    const click = jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    try {
      const { services, calls } = fakeServices(securityRoutes({ [SIM]: refused, [REPEAT]: refused, [TRAIN]: refused }));
      renderUsage(services, { tiles: ['email', 'securityReadiness'] });
      await withText(() => within(tile()).getByTestId('tile-headline'), '75%');
      await within(screen.getByTestId('tile-email')).findByTestId('usage-chart');
      const before = calls.length;
      fireEvent.click(screen.getByRole('button', { name: 'Export dashboard' }));
      await waitFor(() => expect(files).toHaveLength(1));
      // jsdom's Blob has no arrayBuffer(): read it as the browser's FileReader would.
      const bytes = await new Promise<ArrayBuffer>((resolve, reject) => {
        const r = new FileReader();
        r.onload = () => resolve(r.result as ArrayBuffer);
        r.onerror = () => reject(r.error);
        r.readAsArrayBuffer(files[0] as Blob);
      });
      const wb = XLSX.read(new Uint8Array(bytes), { type: 'array' });
      expect(wb.SheetNames).toEqual(['About', 'Email activity', 'Security readiness']);
      const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['Security readiness']!, { raw: true });
      expect(rows.find(r => r.Figure === 'MFA enforced')).toEqual({ Figure: 'MFA enforced', Users: 3, Of: 4, 'Of What': 'enabled accounts', 'Share (%)': 75 });
      expect(String(rows.find(r => r.Figure === 'Simulated')?.Status)).toMatch(/^Unavailable: .*AttackSimulation\.Read\.All/);
      expect(calls).toHaveLength(before);
    } finally {
      click.mockRestore();
      urls.createObjectURL = saved.create;
      urls.revokeObjectURL = saved.revoke;
    }
  });
});
