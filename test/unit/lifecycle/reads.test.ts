import { GraphGateway } from '../../../src/core/graph/GraphGateway';
import { ReportStore } from '../../../src/core/reports/store';
import { loadJoiners, loadLeavers } from '../../../src/core/lifecycle/read';
import { readPerPerson, DEVICES_READ, GROUPS_READ } from '../../../src/core/lifecycle/enrich';
import { windowBounds } from '../../../src/core/lifecycle/window';
import { explainPart } from '../../../src/core/lifecycle/explain';
import { fakeClient } from '../../component/fakeGraph';
import type { Route } from '../../component/fakeGraph';

// The reads against canned Graph answers: which requests go out, how each part settles alone.

const NOW = new Date('2026-11-21T12:00:00Z');
const bounds = windowBounds(NOW, 30);
const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
const user = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ id, displayName: `Person ${id}`, userPrincipalName: `${id}@contoso.com`, userType: 'Member', accountEnabled: true, createdDateTime: '2020-01-01T00:00:00Z', assignedLicenses: [{ skuId: E3 }], ...extra });
const forbidden = { status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } } };

/** `$batch` answered item by item from the same routes (longest prefix wins), as Graph runs each inner request. */
function withBatch(routes: Record<string, Route>): Record<string, Route> {
  const answer = async (url: string): Promise<{ status?: number; body: unknown }> => {
    const key = Object.keys(routes).filter(k => url.startsWith(k)).sort((a, b) => b.length - a.length)[0];
    if (key === undefined) return { status: 404, body: { error: { code: 'Request_ResourceNotFound', message: url } } };
    const r = routes[key] as Route;
    return typeof r === 'function' ? r(url) : r;
  };
  return {
    ...routes,
    '/$batch': async (_p, b) => {
      const requests = (b as { requests: Array<{ id: string; url: string }> }).requests;
      const responses = await Promise.all(requests.map(async r => { const a = await answer(r.url); return { id: r.id, status: a.status ?? 200, body: a.body }; }));
      return { body: { responses } };
    }
  };
}

const skus = { body: { value: [{ skuId: E3, skuPartNumber: 'SPE_E3', consumedUnits: 1, prepaidUnits: { enabled: 5 }, capabilityStatus: 'Enabled' }] } };

describe('lifecycle reads', () => {
  it('joiners: asks hire dates as an advanced query and created accounts plainly, then each joiner\'s parts in one batch round', async () => {
    const { client, calls } = fakeClient(withBatch({
      '/users?$filter=employeeHireDate': { body: { value: [user('h', { employeeHireDate: '2026-12-01T00:00:00Z' })] } },
      '/users?$filter=createdDateTime': { body: { value: [user('c', { createdDateTime: '2026-11-20T09:00:00Z', employeeHireDate: null }), user('h', { employeeHireDate: '2026-12-01T00:00:00Z' })] } },
      '/subscribedSkus': skus,
      '/users/h/manager': { body: { id: 'm', displayName: 'Mia Manager' } },
      '/users/c/manager': { status: 404, body: { error: { code: 'Request_ResourceNotFound', message: 'no manager' } } },
      '/reports/authenticationMethods/userRegistrationDetails/': { status: 403, body: { error: { code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', message: 'Tenant does not have a SKU required for this feature.' } } },
      '/users/h?$select=id,signInActivity': { body: { id: 'h', signInActivity: { lastSignInDateTime: null } } },
      '/users/c?$select=id,signInActivity': { body: { id: 'c', signInActivity: { lastSignInDateTime: '2026-11-20T10:00:00Z' } } },
      '/users/h/memberOf': { body: { value: [{ '@odata.type': '#microsoft.graph.group', id: 'g1' }, { '@odata.type': '#microsoft.graph.directoryRole', id: 'r1' }] } },
      '/users/c/memberOf': { body: { value: [] } },
      '/users/h/registeredDevices': { body: { value: [{ id: 'd1', deviceId: 'e1' }] } },
      '/users/h/ownedDevices': { body: { value: [{ id: 'd1', deviceId: 'e1' }, { id: 'd2', deviceId: 'e2' }] } },
      // Intune: one record of the Entra device e1 (counted once) and one in no Entra registration (counted).
      '/users/h/managedDevices': { body: { value: [{ id: 'm1', azureADDeviceId: 'E1' }, { id: 'm2', azureADDeviceId: '00000000-0000-0000-0000-000000000000' }] } },
      '/users/c/registeredDevices': { body: { value: [] } },
      '/users/c/ownedDevices': { body: { value: [] } },
      '/users/c/managedDevices': { status: 400, body: { error: { code: 'BadRequest', message: 'Request not applicable to target tenant.' } } }
    }));
    const state = await loadJoiners(new GraphGateway(client), bounds);
    const hire = calls.find(c => c.includes('employeeHireDate%20ge'));
    expect(hire).toContain(encodeURIComponent('employeeHireDate ge 2026-10-22 and employeeHireDate le 2026-12-22'));
    expect(hire).toContain('$count=true');
    expect(calls.filter(c => c.includes('$batch'))).toHaveLength(5); // one per part: two people fit one batch each
    expect(state.status).toBe('done');
    expect(state.rows.map(r => [r.user.id, r.basis])).toEqual([['c', 'created'], ['h', 'hireDate']]);
    expect(state.rows[1]).toMatchObject({ manager: { displayName: 'Mia Manager' }, lastSignIn: null, groups: 1, devices: 3, products: ['Microsoft 365 E3'], mfa: undefined });
    expect(state.rows[0]).toMatchObject({ manager: null, lastSignIn: '2026-11-20T10:00:00Z', groups: 0, devices: 0 });
    // MFA refused alone: its part says why; the rest stands.
    expect(state.parts.mfa.status).toBe('error');
    expect(explainPart('mfa', (state.parts.mfa as { error: unknown }).error).title).toBe('MFA registration: Microsoft Entra ID P1 needed');
  });

  it('devices: a tenant without Intune counts Entra\'s devices; any other refusal fails the part in its own source\'s words', async () => {
    const noIntune = { status: 400, body: { error: { code: 'BadRequest', message: 'Request not applicable to target tenant.' } } };
    const entra = { '/users/a/registeredDevices': { body: { value: [{ id: 'd1', deviceId: 'e1' }] } }, '/users/a/ownedDevices': { body: { value: [{ id: 'd2', deviceId: 'e2' }] } } };
    const count = async (routes: Record<string, Route>) => readPerPerson(new GraphGateway(fakeClient(withBatch(routes)).client), ['a'], DEVICES_READ);
    expect(await count({ ...entra, '/users/a/managedDevices': noIntune })).toEqual({ status: 'ready', data: new Map([['a', 2]]) });
    // Intune refused for the scope or role: no count that leaves its devices out, and the words are Intune's.
    const intune = await count({ ...entra, '/users/a/managedDevices': forbidden });
    expect(intune.status).toBe('error');
    expect(explainPart('devices', (intune as { error: unknown }).error).detail).toMatch(/Intune managed devices: the sign-in does not carry DeviceManagementManagedDevices\.Read\.All/);
    // Entra refused: the part fails in Entra's words.
    const refusedEntra = await count({ ...entra, '/users/a/registeredDevices': forbidden, '/users/a/managedDevices': { body: { value: [] } } });
    expect(refusedEntra.status).toBe('error');
    expect(explainPart('devices', (refusedEntra as { error: unknown }).error).detail).toMatch(/Entra devices: the sign-in does not carry Device\.Read\.All/);
  });

  it('joiners: a refused hire-date read leaves the created accounts listed', async () => {
    const { client } = fakeClient(withBatch({
      '/users?$filter=employeeHireDate': forbidden,
      '/users?$filter=createdDateTime': { body: { value: [user('c', { createdDateTime: '2026-11-20T09:00:00Z' })] } },
      '/subscribedSkus': skus
    }));
    const state = await loadJoiners(new GraphGateway(client), bounds);
    expect(state.status).toBe('done');
    expect(state.parts.hireDates.status).toBe('error');
    expect(state.rows.map(r => r.user.id)).toEqual(['c']);
  });

  it('leavers: leave dates refused (User-LifeCycleInfo.Read.All) say so; disabled and unused accounts are still listed with what remains', async () => {
    const { client, calls } = fakeClient(withBatch({
      '/users?$filter=employeeLeaveDateTime': forbidden,
      '/users?$select=id,signInActivity': { body: { value: [{ id: 'd', signInActivity: null }, { id: 'i', signInActivity: { lastSignInDateTime: '2026-06-01T00:00:00Z' } }, { id: 'ok', signInActivity: { lastSignInDateTime: '2026-11-20T00:00:00Z' } }] } },
      '/users?': { body: { value: [user('d', { accountEnabled: false }), user('i'), user('ok')] } },
      '/subscribedSkus': skus,
      '/reports/authenticationMethods/userRegistrationDetails': { body: { value: [{ id: 'd', isMfaRegistered: true, methodsRegistered: ['mobilePhone', 'email'] }] } },
      '/reports/getOffice365ActiveUserDetail': { body: { value: [] } },
      '/users/d/memberOf': { body: { value: [{ id: 'g1' }, { id: 'g2' }] } },
      '/users/i/memberOf': { body: { value: [] } },
      '/users/d/registeredDevices': { body: { value: [{ id: 'x' }] } },
      '/users/d/ownedDevices': { body: { value: [] } },
      '/users/i/registeredDevices': { body: { value: [] } },
      '/users/i/ownedDevices': { body: { value: [] } },
      '/users/d/managedDevices': { body: { value: [] } },
      '/users/i/managedDevices': { body: { value: [] } }
    }));
    const gateway = new GraphGateway(client);
    const state = await loadLeavers(gateway, new ReportStore(gateway, { format: 'json' }), bounds);
    expect(calls.some(c => c.includes(encodeURIComponent('employeeLeaveDateTime ge 2026-10-22 and')))).toBe(true);
    // Whoever left (any time ago) and is still enabled: its own advanced query, whatever the window.
    expect(calls.some(c => c.includes(encodeURIComponent('employeeLeaveDateTime le 2026-11-22 and accountEnabled eq true')) && c.includes('$count=true'))).toBe(true);
    expect(state.parts.leaveDates.status).toBe('error');
    expect(explainPart('leaveDates', (state.parts.leaveDates as { error: unknown }).error).detail).toMatch(/User-LifeCycleInfo\.Read\.All/);
    expect(state.status).toBe('done');
    expect(state.rows.map(r => [r.user.id, r.reasons])).toEqual([['d', ['disabledLicensed', 'disabledInGroups']], ['i', ['inactiveLicensed']]]);
    expect(state.rows[0]?.remains).toEqual({ licenses: 1, groups: 2, devices: 1, mfaMethods: 2 });
    expect(state.rows[0]?.leaveDate).toBeUndefined();
  });

  it('leavers: who left long ago and is still enabled is listed first, whatever the window; each person once', async () => {
    const gone = user('gone', { employeeLeaveDateTime: '2024-05-31T23:59:59Z' });
    const both = user('both', { employeeLeaveDateTime: '2026-11-10T23:59:59Z' });
    const { client } = fakeClient(withBatch({
      '/users?$filter=employeeLeaveDateTime': (url: string) => ({ body: { value: decodeURIComponent(url).includes('accountEnabled eq true') ? [gone, both] : [both, user('soon', { employeeLeaveDateTime: '2026-12-01T23:59:59Z' })] } }),
      '/users?$select=id,signInActivity': { body: { value: ['gone', 'both', 'soon'].map(id => ({ id, signInActivity: { lastSignInDateTime: '2026-11-20T00:00:00Z' } })) } },
      '/users?': { body: { value: [user('gone'), user('both'), user('soon')] } },
      '/subscribedSkus': skus,
      '/reports/authenticationMethods/userRegistrationDetails': { body: { value: [] } },
      '/reports/getOffice365ActiveUserDetail': { body: { value: [] } },
      '/users/': { body: { value: [] } }
    }));
    const gateway = new GraphGateway(client);
    const state = await loadLeavers(gateway, new ReportStore(gateway, { format: 'json' }), bounds);
    expect(state.parts.leaveDates.status).toBe('ready');
    expect(state.rows.map(r => [r.user.id, r.reasons])).toEqual([['gone', ['leftStillEnabled']], ['both', ['leftStillEnabled', 'leaveDate']], ['soon', ['leaveDate']]]);
  });

  it('per-person reads go 20 to a batch and fail as a part with the first reason', async () => {
    const ids = Array.from({ length: 45 }, (_, i) => `u${i}`);
    const { client, calls } = fakeClient(withBatch({ '/users/': { body: { value: [{ id: 'g' }] } } }));
    const state = await readPerPerson(new GraphGateway(client), ids, GROUPS_READ);
    expect(calls.filter(c => c.includes('$batch'))).toHaveLength(3);
    expect(state.status === 'ready' && state.data.size).toBe(45);
    const refused = fakeClient(withBatch({ '/users/': forbidden }));
    expect((await readPerPerson(new GraphGateway(refused.client), ids, GROUPS_READ)).status).toBe('error');
  });
});
