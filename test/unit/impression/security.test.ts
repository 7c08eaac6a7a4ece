import { GraphGateway } from '../../../src/core/graph/GraphGateway';
import { GraphError } from '../../../src/core/graph/GraphError';
import { settle } from '../../../src/core/graph/subscribable';
import { ReportStore } from '../../../src/core/reports/store';
import { ImpressionSession, loadImpression } from '../../../src/core/impression/session';
import type { IImpressionState } from '../../../src/core/impression/session';
import { enforcementDetail, userAttackSimulation } from '../../../src/core/impression/security';
import { CA_POLICIES_PATH, SECURITY_DEFAULTS_PATH, groupMembersPath } from '../../../src/core/security/loadEnforcement';
import { REPEAT_OFFENDERS_PATH, SIMULATION_COVERAGE_PATH, TRAINING_COVERAGE_PATH } from '../../../src/core/security/simulations';
import { fakeClient } from '../../component/fakeGraph';
import type { Route } from '../../component/fakeGraph';

// The impression's two security parts, read by the session over a faked edge: each degrades alone.

const ANN = 'aaaaaaaa-0000-0000-0000-000000000001';
const GUEST = 'bbbbbbbb-0000-0000-0000-000000000002';
const SALES = '11111111-1111-1111-1111-111111111111';
const refused = { status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } } };
const busy = { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'Try later.' } } };

const profiles: Record<string, object> = {
  ann: { id: ANN.toUpperCase(), displayName: 'Ann Lee', userPrincipalName: 'ann@contoso.com', userType: 'Member', accountEnabled: true, assignedLicenses: [] },
  guest: { id: GUEST, displayName: 'Gus Guest', userPrincipalName: 'gus_fabrikam.com#EXT#@contoso.com', userType: 'Guest', accountEnabled: true, assignedLicenses: [] }
};

/** The directory batch: the profile asked for, nothing else of note. */
const batch: Route = (_path, body) => ({
  body: {
    responses: (body as { requests: Array<{ id: string; url: string }> }).requests.map(r => {
      if (r.id === 'profile') return { id: r.id, status: 200, body: r.url.includes(GUEST) ? profiles.guest : profiles.ann };
      if (r.id === 'groups' || r.id === 'skus') return { id: r.id, status: 200, body: { value: [] } };
      return { id: r.id, status: 404, body: { error: { code: 'Request_ResourceNotFound', message: 'none' } } };
    })
  }
});

const training = (displayName: string, status: string, completed: string | null = null): object =>
  ({ displayName, assignedDateTime: '2026-10-01T08:00:00Z', completionDateTime: completed, trainingStatus: status });
const who = (userId: string): object => ({ attackSimulationUser: { userId, displayName: 'x', email: 'x@contoso.com' } });
const policy = (id: string, state: string, users: object): object =>
  ({ id, displayName: id, state, conditions: { users, applications: { includeApplications: ['All'] } }, grantControls: { operator: 'OR', builtInControls: ['mfa'] } });

function routes(over: Record<string, Route> = {}): Record<string, Route> {
  return {
    '/$batch': batch,
    '/reports/': { body: { value: [] } },
    [SIMULATION_COVERAGE_PATH]: { body: { value: [{ ...who(ANN), simulationCount: 4, clickCount: 2, compromisedCount: 1, latestSimulationDateTime: '2026-11-02T09:30:00Z' }] } },
    [REPEAT_OFFENDERS_PATH]: { body: { value: [{ ...who(ANN), repeatOffenceCount: 2 }] } },
    [TRAINING_COVERAGE_PATH]: { body: { value: [{ ...who(ANN), userTrainings: [training('Phishing basics', 'completed', '2026-10-04T10:00:00Z'), training('Passwords', 'overdue')] }] } },
    [SECURITY_DEFAULTS_PATH]: { body: { isEnabled: false } },
    [CA_POLICIES_PATH]: { body: { value: [policy('Sales MFA', 'enabled', { includeGroups: [SALES] }), policy('Guests MFA', 'enabledForReportingButNotEnforced', { includeUsers: ['GuestsOrExternalUsers'] })] } },
    [groupMembersPath(SALES)]: { body: { value: [{ '@odata.type': '#microsoft.graph.user', id: ANN }] } },
    ...over
  };
}

function setup(over: Record<string, Route> = {}): { gateway: GraphGateway; store: ReportStore; calls: string[] } {
  const { client, calls } = fakeClient(routes(over));
  const gateway = new GraphGateway(client);
  return { gateway, store: new ReportStore(gateway, { format: 'json' }), calls };
}

const load = (over: Record<string, Route> = {}, user = 'ann@contoso.com'): ReturnType<typeof loadImpression> => {
  const { gateway, store } = setup(over);
  return loadImpression(gateway, store, user, 'D30', () => undefined);
};

const settled = (s: IImpressionState): boolean => s.attackSimulation.status !== 'loading' && s.mfaEnforcement.status !== 'loading';

describe('impression: security readiness', () => {
  it("picks the user's simulations, repeat offences and trainings from the tenant-wide reports, matching ids in any case", async () => {
    const imp = await load();
    expect(imp.attackSimulation).toEqual({
      status: 'ready',
      data: {
        simulation: { simulationCount: 4, clickCount: 2, compromisedCount: 1, latestSimulationDateTime: '2026-11-02T09:30:00Z' },
        repeatOffences: 2,
        training: expect.objectContaining({ assigned: 2, completed: 1, overdue: 1, trainings: [
          { displayName: 'Phishing basics', assignedDateTime: '2026-10-01T08:00:00Z', completionDateTime: '2026-10-04T10:00:00Z', status: 'completed' },
          { displayName: 'Passwords', assignedDateTime: '2026-10-01T08:00:00Z', completionDateTime: null, status: 'overdue' }
        ] })
      }
    });
    // Ann is in Sales (read through the group's members), so the enabled policy names her.
    expect(imp.mfaEnforcement).toEqual({ status: 'ready', data: { kind: 'policies', policies: ['Sales MFA'] } });
  });

  it('a user the coverage reports do not list was never simulated and has no training', async () => {
    const imp = await load({ [SIMULATION_COVERAGE_PATH]: { body: { value: [] } }, [REPEAT_OFFENDERS_PATH]: { body: { value: [] } }, [TRAINING_COVERAGE_PATH]: { body: { value: [] } } });
    expect(imp.attackSimulation).toEqual({ status: 'ready', data: { simulation: null, repeatOffences: 0, training: null } });
  });

  it("evaluates MFA enforcement with the user's type: a guest under a report-only guests policy only", async () => {
    const imp = await load({}, GUEST);
    expect(imp.mfaEnforcement).toEqual({ status: 'ready', data: { kind: 'reportOnly', policies: ['Guests MFA'] } });
    expect(enforcementDetail({ kind: 'reportOnly', policies: ['Guests MFA'] })).toMatch(/report-only .*: Guests MFA$/);
    expect(imp.attackSimulation.status === 'ready' && imp.attackSimulation.data.simulation).toBeNull();
  });

  it('a refused attack simulation read is that part\'s error alone: enforcement, directory and reports still come', async () => {
    const imp = await load({ [TRAINING_COVERAGE_PATH]: refused });
    expect(imp.attackSimulation.status).toBe('error');
    expect(imp.attackSimulation.status === 'error' && imp.attackSimulation.error).toBeInstanceOf(GraphError);
    expect(imp.mfaEnforcement.status).toBe('ready');
    expect(imp.directory.user.displayName).toBe('Ann Lee');
    expect(imp.workloads.every(w => w.status !== 'loading' && w.status !== 'error')).toBe(true);
  });

  it('refused policies are the enforcement part\'s error alone', async () => {
    const imp = await load({ [CA_POLICIES_PATH]: refused });
    expect(imp.mfaEnforcement.status).toBe('error');
    expect(imp.attackSimulation.status).toBe('ready');
  });

  it('Try again reads a failed part again; a reload after Finish reads enforcement again but not the simulation reports', async () => {
    let simulationReads = 0;
    const { gateway, store, calls } = setup({
      [SIMULATION_COVERAGE_PATH]: () => (++simulationReads === 1 ? busy : { body: { value: [] } })
    });
    const session = new ImpressionSession(gateway, store, 'ann@contoso.com', async () => () => undefined);
    session.setPeriod('D30');
    const states: IImpressionState[] = [];
    const stop = session.subscribe(() => states.push(session.getState()));
    try {
      const first = await settle(session, s => (settled(s) ? { value: s } : undefined));
      expect(first.attackSimulation.status).toBe('error');
      expect(first.mfaEnforcement.status).toBe('ready');
      session.retrySecurity('attackSimulation');
      expect(session.getState().attackSimulation.status).toBe('loading');
      // The other part is not read again, nor shown loading meanwhile.
      expect(session.getState().mfaEnforcement.status).toBe('ready');
      const retried = await settle(session, s => (settled(s) ? { value: s } : undefined));
      expect(retried.attackSimulation).toMatchObject({ status: 'ready', data: { simulation: null, repeatOffences: 2, training: { assigned: 2 } } });
      const policyReads = calls.filter(c => c.includes(CA_POLICIES_PATH)).length;
      const reportReads = calls.filter(c => c.includes(SIMULATION_COVERAGE_PATH)).length;
      session.reload();
      await settle(session, s => (s.directory.status === 'ready' && settled(s) && calls.filter(c => c.includes(CA_POLICIES_PATH)).length > policyReads ? { value: s } : undefined));
      expect(calls.filter(c => c.includes(SIMULATION_COVERAGE_PATH))).toHaveLength(reportReads);
      expect(session.getState().mfaEnforcement.status).toBe('ready');
    } finally {
      stop();
    }
  });

  it('matches the user id in any case', () => {
    const index = { simulations: new Map([[ANN, { simulationCount: 1, clickCount: 0, compromisedCount: 0, latestSimulationDateTime: null }]]), repeatOffences: new Map(), trainings: new Map() };
    expect(userAttackSimulation(index, ANN.toUpperCase()).simulation?.simulationCount).toBe(1);
  });
});
