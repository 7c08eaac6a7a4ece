import { GraphGateway } from '../../../src/core/graph/GraphGateway';
import { settle } from '../../../src/core/graph/subscribable';
import { ReportStore } from '../../../src/core/reports/store';
import { UserList } from '../../../src/core/directory/userList';
import { ImpressionSession } from '../../../src/core/impression/session';
import { SecurityReads } from '../../../src/core/security/shared';
import { CA_POLICIES_PATH, SECURITY_DEFAULTS_PATH } from '../../../src/core/security/loadEnforcement';
import { REPEAT_OFFENDERS_PATH, SIMULATION_COVERAGE_PATH, TRAINING_COVERAGE_PATH } from '../../../src/core/security/simulations';
import { fakeClient } from '../../component/fakeGraph';
import type { Route } from '../../component/fakeGraph';

// One session reads the tenant-wide security data once, whoever asks: the Users list's joins and every impression.

const user = { id: 'u1', displayName: 'Ann Lee', userPrincipalName: 'ann@contoso.com', mail: null, userType: 'Member', accountEnabled: true, assignedLicenses: [] };
const simUser = { userId: 'u1', displayName: 'Ann Lee', email: 'ann@contoso.com' };

function routes(extra: Record<string, Route> = {}): Record<string, Route> {
  return {
    [SIMULATION_COVERAGE_PATH]: { body: { value: [{ attackSimulationUser: simUser, simulationCount: 3, clickCount: 1, compromisedCount: 0, latestSimulationDateTime: '2026-10-01T09:00:00Z' }] } },
    [TRAINING_COVERAGE_PATH]: { body: { value: [] } },
    [REPEAT_OFFENDERS_PATH]: { body: { value: [] } },
    [SECURITY_DEFAULTS_PATH]: { body: { id: 'x', isEnabled: false } },
    [CA_POLICIES_PATH]: { body: { value: [{ id: 'p1', displayName: 'Require MFA for all users', state: 'enabled', conditions: { users: { includeUsers: ['All'] }, applications: { includeApplications: ['All'] } }, grantControls: { operator: 'OR', builtInControls: ['mfa'] } }] } },
    '/users?': { body: { value: [user] } },
    // The impression's directory batch: the profile answers, the rest are not there (each degrades alone).
    '/$batch': (_p, b) => ({ body: { responses: (b as { requests: Array<{ id: string }> }).requests.map(r => (r.id === 'profile' ? { id: r.id, status: 200, body: user } : { id: r.id, status: 404, body: {} })) } }),
    ...extra
  };
}

const reads = (calls: string[], path: string): number => calls.filter(c => c.includes(path)).length;

describe('the session\'s security reads', () => {
  it('are read once for the Users list and for every impression opened after it', async () => {
    const { client, calls } = fakeClient(routes());
    const gateway = new GraphGateway(client);
    const security = new SecurityReads(gateway);
    const list = new UserList(gateway, new ReportStore(gateway, { format: 'json' }), { security });
    list.want('attackSimulation', true);
    list.want('mfaEnforcement', true);
    const state = await settle(list, s => (s.joins.attackSimulation.status === 'ready' && s.joins.mfaEnforcement.status === 'ready' ? { value: s } : undefined));
    expect(state.joins.attackSimulation.status).toBe('ready');
    const index = await security.attackSimulation();
    expect(index.simulations.get('u1')?.clickCount).toBe(1);
    const model = await security.mfaEnforcement();
    expect(model.policies.map(p => p.displayName)).toEqual(['Require MFA for all users']);
    expect(security.stats).toEqual({ attackSimulation: 1, mfaEnforcement: 1 });
    expect(reads(calls, SIMULATION_COVERAGE_PATH)).toBe(1);
    expect(reads(calls, CA_POLICIES_PATH)).toBe(1);
  });

  it('do not keep a failure: the next ask (a Try again) reads again', async () => {
    let fail = true;
    const { client, calls } = fakeClient(routes({ [CA_POLICIES_PATH]: () => (fail ? { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'Later.' } } } : { body: { value: [] } }) }));
    const security = new SecurityReads(new GraphGateway(client));
    await expect(security.mfaEnforcement()).rejects.toMatchObject({ status: 503 });
    fail = false;
    await expect(security.mfaEnforcement()).resolves.toMatchObject({ policies: [] });
    expect(reads(calls, CA_POLICIES_PATH)).toBeGreaterThanOrEqual(2);
  });

  it('stop an asker\'s wait, not the shared read, when its signal aborts; forgetEnforcement reads again', async () => {
    const { client, calls } = fakeClient(routes());
    const security = new SecurityReads(new GraphGateway(client));
    const controller = new AbortController();
    const first = security.mfaEnforcement(controller.signal);
    controller.abort();
    await expect(first).rejects.toMatchObject({ kind: 'aborted' });
    await expect(security.mfaEnforcement()).resolves.toMatchObject({ securityDefaults: false });
    expect(reads(calls, CA_POLICIES_PATH)).toBe(1);
    security.forgetEnforcement();
    await security.mfaEnforcement();
    expect(reads(calls, CA_POLICIES_PATH)).toBe(2);
    await security.attackSimulation();
    security.forget();
    await security.attackSimulation();
    await security.mfaEnforcement();
    expect(security.stats).toEqual({ attackSimulation: 2, mfaEnforcement: 3 });
  });

  it('serve an impression from what the list read', async () => {
    const { client, calls } = fakeClient(routes());
    const gateway = new GraphGateway(client);
    const security = new SecurityReads(gateway);
    await security.attackSimulation();
    await security.mfaEnforcement();
    const before = { sims: reads(calls, SIMULATION_COVERAGE_PATH), policies: reads(calls, CA_POLICIES_PATH) };
    const session = new ImpressionSession(gateway, new ReportStore(gateway, { format: 'json' }), 'u1', async () => ({}) as never, security);
    const state = await settle(session, s => (s.attackSimulation.status !== 'loading' && s.mfaEnforcement.status !== 'loading' ? { value: s } : undefined));
    expect(state.mfaEnforcement).toMatchObject({ status: 'ready', data: { kind: 'policies', policies: ['Require MFA for all users'] } });
    expect({ sims: reads(calls, SIMULATION_COVERAGE_PATH), policies: reads(calls, CA_POLICIES_PATH) }).toEqual(before);
  });
});
