import { GraphGateway } from '../../../src/core/graph/GraphGateway';
import { GraphError } from '../../../src/core/graph/GraphError';
import {
  loadAttackSimulationJoin,
  loadRepeatOffenders,
  loadSimulationCoverage,
  loadTrainingCoverage,
  summarizeTrainings,
  toSimulationFigures,
  toTrainingSummary,
  trainingText
} from '../../../src/core/security/simulations';
import type { ITraining } from '../../../src/core/security/simulations';
import { fakeClient } from '../../component/fakeGraph';
import type { Route } from '../../component/fakeGraph';

// The three attack simulation reports, read page by page through the gateway over a faked edge.

const BASE = 'https://graph.microsoft.com/v1.0';
const U1 = 'AAAAAAAA-0000-0000-0000-000000000001';
const U2 = 'bbbbbbbb-0000-0000-0000-000000000002';
const U3 = 'cccccccc-0000-0000-0000-000000000003';
const who = (userId: string | null): Record<string, unknown> => ({ attackSimulationUser: { userId, displayName: 'Someone', email: 'someone@contoso.com' } });

const SIM = '/reports/security/getAttackSimulationSimulationUserCoverage';
const REPEAT = '/reports/security/getAttackSimulationRepeatOffenders';
const TRAIN = '/reports/security/getAttackSimulationTrainingUserCoverage';

/** A report served in two pages, the second behind @odata.nextLink. */
function twoPages(path: string, first: unknown[], second: unknown[]): Record<string, Route> {
  return {
    [`${path}?$skiptoken=2`]: { body: { value: second } },
    [path]: { body: { '@odata.nextLink': `${BASE}${path}?$skiptoken=2`, value: first } }
  };
}

const training = (status: string, displayName = 'Phishing basics'): Record<string, unknown> =>
  ({ displayName, assignedDateTime: '2026-10-01T00:00:00Z', completionDateTime: status === 'completed' ? '2026-10-05T00:00:00Z' : null, trainingStatus: status });

const ROUTES: Record<string, Route> = {
  ...twoPages(SIM,
    [{ ...who(U1), simulationCount: 3, clickCount: 2, compromisedCount: 1, latestSimulationDateTime: '2026-11-01T09:00:00Z' }],
    [{ ...who(U2), simulationCount: 1, clickCount: 0, compromisedCount: 0, latestSimulationDateTime: null }, { ...who(null), simulationCount: 9 }]),
  ...twoPages(REPEAT, [{ ...who(U1), repeatOffenceCount: 2 }], [{ ...who(U3), repeatOffenceCount: 4 }]),
  ...twoPages(TRAIN,
    [{ ...who(U1), userTrainings: [training('completed'), training('completed', 'Passwords'), training('overdue', 'Malware')] }],
    [{ ...who(U2), userTrainings: [training('inProgress'), training('assigned', 'Passwords')] }, { ...who(U3), userTrainings: [] }])
};

function gatewayFor(routes: Record<string, Route>): { gateway: GraphGateway; calls: string[] } {
  const { client, calls } = fakeClient(routes);
  return { gateway: new GraphGateway(client), calls };
}

describe('attack simulation reports', () => {
  it('reads simulation coverage over every page, keyed by lower-case user id, skipping items without one', async () => {
    const { gateway, calls } = gatewayFor(ROUTES);
    const sims = await loadSimulationCoverage(gateway);
    expect([...sims.keys()]).toEqual([U1.toLowerCase(), U2]);
    expect(sims.get(U1.toLowerCase())).toEqual({ simulationCount: 3, clickCount: 2, compromisedCount: 1, latestSimulationDateTime: '2026-11-01T09:00:00Z' });
    expect(sims.get(U2)).toEqual({ simulationCount: 1, clickCount: 0, compromisedCount: 0, latestSimulationDateTime: null });
    expect(calls).toEqual([`GET v1.0${SIM}`, `GET v1.0${SIM}?$skiptoken=2`]);
  });

  it('reads repeat offenders over every page', async () => {
    const { gateway } = gatewayFor(ROUTES);
    expect(await loadRepeatOffenders(gateway)).toEqual(new Map([[U1.toLowerCase(), 2], [U3, 4]]));
  });

  it('reads each user\'s trainings and counts them', async () => {
    const { gateway } = gatewayFor(ROUTES);
    const trainings = await loadTrainingCoverage(gateway);
    expect(trainings.get(U1.toLowerCase())).toMatchObject({ assigned: 3, completed: 2, inProgress: 0, overdue: 1, notCompleted: 1 });
    expect(trainings.get(U1.toLowerCase())?.trainings[2]).toEqual({ displayName: 'Malware', assignedDateTime: '2026-10-01T00:00:00Z', completionDateTime: null, status: 'overdue' });
    expect(trainings.get(U2)).toMatchObject({ assigned: 2, completed: 0, inProgress: 1, overdue: 0, notCompleted: 2 });
    expect(trainings.get(U3)).toMatchObject({ assigned: 0, notCompleted: 0, trainings: [] });
  });

  it('joins the three reports', async () => {
    const { gateway } = gatewayFor(ROUTES);
    const index = await loadAttackSimulationJoin(gateway);
    expect(index.simulations.size).toBe(2);
    expect(index.repeatOffences.get(U3)).toBe(4);
    expect(trainingText(index.trainings.get(U1.toLowerCase()))).toBe('2 of 3 completed, 1 overdue');
    expect(index.simulations.has(U3)).toBe(false);
  });

  it('rejects the join with the first refusal and stops the other reads', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>(resolve => { release = resolve; });
    const refusal = { status: 403, body: { error: { code: 'Forbidden', message: 'You do not have access' } } };
    const { gateway, calls } = gatewayFor({
      [SIM]: refusal,
      // Repeat offenders answer only after the refusal, with a next page that must not be asked for.
      [`${REPEAT}?$skiptoken=2`]: { body: { value: [] } },
      [REPEAT]: async () => { await held; return { body: { '@odata.nextLink': `${BASE}${REPEAT}?$skiptoken=2`, value: [] } }; },
      [TRAIN]: { body: { value: [] } }
    });
    const error = await loadAttackSimulationJoin(gateway).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphError);
    expect(error).toMatchObject({ status: 403, code: 'Forbidden' });
    release();
    for (let i = 0; i < 5; i++) await new Promise(resolve => setImmediate(resolve));
    expect(calls).toContain(`GET v1.0${REPEAT}`);
    expect(calls).not.toContain(`GET v1.0${REPEAT}?$skiptoken=2`);
  });

  it('stops when the caller cancels', async () => {
    const controller = new AbortController();
    const { gateway } = gatewayFor({ ...ROUTES, [SIM]: async () => { controller.abort(); return { body: { value: [] } }; } });
    await expect(loadAttackSimulationJoin(gateway, controller.signal)).rejects.toMatchObject({ kind: 'aborted' });
  });
});

describe('report items', () => {
  it('tolerate odd figures and missing users', () => {
    expect(toSimulationFigures({ ...who(U2), simulationCount: '3', clickCount: -1, compromisedCount: 2.7, latestSimulationDateTime: '' })).toEqual([U2, { simulationCount: 0, clickCount: 0, compromisedCount: 2, latestSimulationDateTime: null }]);
    expect(toSimulationFigures({ attackSimulationUser: null })).toBeUndefined();
    expect(toSimulationFigures('x')).toBeUndefined();
    expect(toTrainingSummary({ ...who(U2), userTrainings: [null, { trainingStatus: 'somethingNew' }] })?.[1]).toEqual({
      assigned: 1, completed: 0, inProgress: 0, overdue: 0, notCompleted: 1,
      trainings: [{ displayName: 'Untitled training', assignedDateTime: null, completionDateTime: null, status: 'unknown' }]
    });
  });
});

describe('trainingText', () => {
  const t = (...statuses: ITraining['status'][]): ReturnType<typeof summarizeTrainings> =>
    summarizeTrainings(statuses.map(status => ({ displayName: 'x', assignedDateTime: null, completionDateTime: null, status })));

  it('says how many of the assigned trainings are completed and how many overdue', () => {
    expect(trainingText(t('completed', 'completed', 'overdue'))).toBe('2 of 3 completed, 1 overdue');
    expect(trainingText(t('completed', 'inProgress'))).toBe('1 of 2 completed');
    expect(trainingText(t('overdue', 'overdue'))).toBe('0 of 2 completed, 2 overdue');
    expect(trainingText(t())).toBe('None assigned');
  });

  it('has no text for a user the report does not list', () => {
    expect(trainingText(undefined)).toBeNull();
  });
});
