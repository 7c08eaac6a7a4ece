import { GraphGateway } from '../../../src/core/graph/GraphGateway';
import { settle } from '../../../src/core/graph/subscribable';
import { ReportStore } from '../../../src/core/reports/store';
import { UserList, loadUsers } from '../../../src/core/directory/userList';
import type { IUserListState } from '../../../src/core/directory/userList';
import { fakeClient } from '../../component/fakeGraph';
import type { Route } from '../../component/fakeGraph';

// The user list object: the Users view watches it, the CLI awaits it (loadUsers); both read the same way.

const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
const user = (n: number): unknown => ({ id: `u${n}`, displayName: `User ${n}`, userPrincipalName: `user${n}@contoso.com`, mail: null, userType: 'Member', accountEnabled: true, assignedLicenses: [{ skuId: E3 }] });
const page2 = 'https://graph.microsoft.com/v1.0/users?page=2';

function routes(extra: Record<string, Route> = {}): Record<string, Route> {
  return {
    '/users?page=2': { body: { value: [user(3)] } },
    '/users?$select=id,signInActivity': { body: { value: [{ id: 'u1', signInActivity: { lastSignInDateTime: '2026-11-18T08:00:00Z' } }] } },
    '/users?': { body: { value: [user(1), user(2)], '@odata.nextLink': page2 } },
    '/subscribedSkus': { body: { value: [{ skuId: E3, skuPartNumber: 'SPE_E3', consumedUnits: 3, prepaidUnits: { enabled: 5 }, capabilityStatus: 'Enabled' }] } },
    '/reports/authenticationMethods/userRegistrationDetails': { body: { value: [{ id: 'u1', isMfaRegistered: true, isMfaCapable: true, methodsRegistered: [] }] } },
    '/reports/getOffice365ActiveUserDetail': { body: { value: [{ reportRefreshDate: '2026-11-19', userPrincipalName: 'user1@contoso.com', displayName: 'User 1', isDeleted: false, exchangeLastActivityDate: '2026-11-18', assignedProducts: [] }] } },
    ...extra
  };
}

function listOver(r: Record<string, Route>): { list: UserList; calls: string[]; gateway: GraphGateway; store: ReportStore } {
  const { client, calls } = fakeClient(r);
  const gateway = new GraphGateway(client);
  const store = new ReportStore(gateway, { format: 'json' });
  return { list: new UserList(gateway, store), calls, gateway, store };
}

const settled = (s: IUserListState): boolean =>
  s.status !== 'loading' && s.joins.skus.status !== 'loading' && s.joins.mfa.status !== 'loading' && s.joins.activity.status !== 'loading';
const whenSettled = (list: UserList): Promise<IUserListState> => settle(list, s => (settled(s) ? { value: s } : undefined));
const count = (calls: string[], part: string): number => calls.filter(c => c.includes(part)).length;
/** Reads of the list's first page (not its next pages, nor the sign-in pages). */
const firstPages = (calls: string[]): number => count(calls, '/users?$select=id,displayName');
const signInReads = (calls: string[]): number => count(calls, 'signInActivity');

describe('the user list', () => {
  it('reads every page and each join while watched, and keeps a list read to its end for the next visit', async () => {
    const { list, calls } = listOver(routes());
    const done = await whenSettled(list);
    expect(done.status).toBe('done');
    expect(done.rows.map(r => r.user.id)).toEqual(['u1', 'u2', 'u3']);
    expect(done.rows[0]?.mfa).toMatchObject({ status: 'capable' });
    expect(done.rows[1]?.mfa).toBeNull();
    expect(done.joins.signIns.status).toBe('off');
    // Coming back: nothing read again.
    const before = calls.length;
    const again = await whenSettled(list);
    expect(again.rows).toBe(done.rows);
    expect(calls).toHaveLength(before);
  });

  it('reads a list left half-read again whole, and only the joins cut off of a list read to its end', async () => {
    let releaseMfa: (() => void) | undefined;
    const held = new Promise<void>(resolve => { releaseMfa = resolve; });
    const r = routes({ '/reports/authenticationMethods/userRegistrationDetails': async () => { await held; return { body: { value: [] } }; } });
    const { list, calls } = listOver(r);
    await settle(list, s => (s.status === 'done' && s.joins.skus.status === 'ready' && s.joins.activity.status === 'ready' ? { value: s } : undefined));
    // MFA is still on its way when the last watcher leaves: it is cut off, and stays 'loading'.
    expect(list.getState().joins.mfa.status).toBe('loading');
    releaseMfa?.();
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(list.getState().joins.mfa.status).toBe('loading');
    await whenSettled(list);
    expect(firstPages(calls)).toBe(1);
    expect(count(calls, '/subscribedSkus')).toBe(1);
    expect(count(calls, 'userRegistrationDetails')).toBe(2);

    // Half-read: the second page never came; coming back reads the list again from its first page.
    let hold = true;
    const r2 = routes({ '/users?page=2': async () => { while (hold) await new Promise(resolve => setTimeout(resolve, 1)); return { body: { value: [user(3)] } }; } });
    const half = listOver(r2);
    await settle(half.list, s => (s.users.length === 2 ? { value: s } : undefined));
    hold = false;
    const whole = await whenSettled(half.list);
    expect(whole.users).toHaveLength(3);
    expect(firstPages(half.calls)).toBe(2);
  });

  it('keeps what a join brought to the pages read before it settled, while /users reads on', async () => {
    // MFA settles while the second page is on its way: the first page's rows, rebuilt then, must keep it.
    let mfaRead = false;
    const { list } = listOver(routes({
      '/reports/authenticationMethods/userRegistrationDetails': () => { mfaRead = true; return { body: { value: [{ id: 'u1', isMfaRegistered: true, isMfaCapable: true, methodsRegistered: [] }] } }; },
      '/users?page=2': async () => {
        while (!mfaRead) await new Promise(resolve => setTimeout(resolve, 1));
        await new Promise(resolve => setTimeout(resolve, 5));
        return { body: { value: [user(3)] } };
      }
    }));
    const seen: string[] = [];
    const done = await settle(list, s => {
      seen.push(`${s.users.length}:${s.joins.mfa.status}`);
      return s.status === 'done' && s.joins.mfa.status === 'ready' ? { value: s } : undefined;
    });
    expect(seen).toContain('2:ready'); // MFA did settle between the pages
    expect(done.rows[0]?.mfa).toMatchObject({ status: 'capable' });
    expect(done.rows.map(r => r.mfa === undefined)).toEqual([false, false, false]);
  });

  it('keeps the pages read when /users fails, and Try again reads everything again', async () => {
    let fail = true;
    const { list, calls } = listOver(routes({ '/users?page=2': () => (fail ? { status: 500, body: { error: { code: 'InternalServerError', message: 'Boom.' } } } : { body: { value: [user(3)] } }) }));
    const stop = list.subscribe(() => undefined);
    const failed = await settle(list, s => (s.status === 'error' ? { value: s } : undefined));
    expect(failed.users).toHaveLength(2);
    fail = false;
    list.retry();
    const done = await whenSettled(list);
    stop();
    expect(done.status).toBe('done');
    expect(done.users).toHaveLength(3);
    expect(firstPages(calls)).toBe(2);
  });

  it('reads sign-ins only while asked for, and a failed join alone again on Try again', async () => {
    let mfaFails = true;
    const { list, calls } = listOver(routes({ '/reports/authenticationMethods/userRegistrationDetails': () => (mfaFails ? { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'Later.' } } } : { body: { value: [] } }) }));
    const stop = list.subscribe(() => undefined);
    await whenSettled(list);
    expect(signInReads(calls)).toBe(0);
    expect(list.getState().joins.mfa.status).toBe('error');
    list.wantSignIns(true);
    await settle(list, s => (s.joins.signIns.status === 'ready' ? { value: s } : undefined));
    expect(signInReads(calls)).toBe(1);
    expect(list.getState().rows[0]?.lastSignIn).toBe('2026-11-18T08:00:00Z');
    mfaFails = false;
    list.retryJoin('mfa');
    await settle(list, s => (s.joins.mfa.status === 'ready' ? { value: s } : undefined));
    expect(firstPages(calls)).toBe(1);
    expect(count(calls, 'userRegistrationDetails')).toBe(2);
    stop();
  });
});

describe('the user list after "Clear cached data"', () => {
  it('keeps what a screen shows until it leaves; the next screen reads the list and its joins again', async () => {
    const { list, calls } = listOver(routes());
    const showing = list.subscribe(() => undefined);
    const done = await whenSettled(list);
    list.invalidate();
    // The screen on show keeps its rows, and the clear itself sends nothing.
    expect(list.getState()).toBe(done);
    const before = calls.length;
    showing();
    // Unwatched, it shows as a list that will be read afresh, never the old rows.
    expect(list.getState().rows).toEqual([]);
    expect(list.getState().status).toBe('loading');
    expect(calls).toHaveLength(before);
    const again = await whenSettled(list);
    expect(again.rows).not.toBe(done.rows);
    expect(firstPages(calls)).toBe(2);
    expect(count(calls, '/subscribedSkus')).toBe(2);
  });

  it('never shows a half-read list or an old error for a frame when a screen comes back', async () => {
    const { list } = listOver(routes({ '/users?page=2': { status: 500, body: { error: { code: 'InternalServerError', message: 'Boom.' } } } }));
    const failed = await settle(list, s => (s.status === 'error' ? { value: s } : undefined));
    expect(failed.users).toHaveLength(2);
    // Not watched: what the next screen will draw first is a fresh list, not the error with two users.
    expect(list.getState()).toMatchObject({ status: 'loading', users: [] });
  });
});

describe('loadUsers (the CLI): the same list, awaited', () => {
  it('resolves with every user and every join settled, telling progress on the way', async () => {
    const { client } = fakeClient(routes());
    const gateway = new GraphGateway(client);
    const loaded: number[] = [];
    const joins: string[] = [];
    const result = await loadUsers(gateway, new ReportStore(gateway, { format: 'json' }), { signIns: true, onUsers: n => loaded.push(n), onJoin: k => joins.push(k) });
    expect(result.users).toHaveLength(3);
    expect(loaded).toEqual([2, 3]);
    expect(joins.sort()).toEqual(['activity', 'mfa', 'signIns', 'skus']);
    expect(result.joins.signIns.status).toBe('ready');
  });

  it('rejects when /users fails (there is no list without it)', async () => {
    const { client } = fakeClient(routes({ '/users?': { status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' } } } }));
    const gateway = new GraphGateway(client);
    await expect(loadUsers(gateway, new ReportStore(gateway, { format: 'json' }))).rejects.toMatchObject({ status: 403 });
  });
});

describe('the security joins: read like sign-ins, only while wanted', () => {
  const coverage = { value: [{ attackSimulationUser: { userId: 'U1' }, simulationCount: 2, clickCount: 1, compromisedCount: 0, latestSimulationDateTime: '2026-11-02T09:30:00Z' }] };
  const offenders = { value: [{ attackSimulationUser: { userId: 'u1' }, repeatOffenceCount: 2 }] };
  const trainings = { value: [{ attackSimulationUser: { userId: 'u2' }, userTrainings: [{ displayName: 'Phishing 101', trainingStatus: 'overdue' }] }] };
  const allUsers = { id: 'p1', displayName: 'MFA for everyone', state: 'enabled', conditions: { users: { includeUsers: ['All'], excludeUsers: ['u3'] }, applications: { includeApplications: ['All'] } }, grantControls: { operator: 'OR', builtInControls: ['mfa'] } };
  const security = (extra: Record<string, Route> = {}): Record<string, Route> => routes({
    '/reports/security/getAttackSimulationSimulationUserCoverage': { body: coverage },
    '/reports/security/getAttackSimulationRepeatOffenders': { body: offenders },
    '/reports/security/getAttackSimulationTrainingUserCoverage': { body: trainings },
    '/policies/identitySecurityDefaultsEnforcementPolicy': { body: { isEnabled: false } },
    '/identity/conditionalAccess/policies': { body: { value: [allUsers] } },
    ...extra
  });
  const simReads = (calls: string[]): number => count(calls, '/reports/security/');
  const policyReads = (calls: string[]): number => count(calls, '/identity/conditionalAccess/policies');

  it('reads neither until asked for; each alone once wanted, joined onto the rows', async () => {
    const { list, calls } = listOver(security());
    const stop = list.subscribe(() => undefined);
    await whenSettled(list);
    expect(simReads(calls) + policyReads(calls)).toBe(0);
    expect(list.getState().joins.attackSimulation.status).toBe('off');
    expect(list.getState().rows[0]?.simulation).toBeUndefined();
    list.want('attackSimulation', true);
    const sim = await settle(list, s => (s.joins.attackSimulation.status === 'ready' ? { value: s } : undefined));
    expect(simReads(calls)).toBe(3);
    expect(policyReads(calls)).toBe(0);
    expect(sim.rows.map(r => [r.simulation?.clickCount ?? r.simulation, r.repeatOffences, r.training?.overdue ?? r.training])).toEqual([[1, 2, null], [null, 0, 1], [null, 0, null]]);
    expect(sim.joins.mfaEnforcement.status).toBe('off');
    list.want('mfaEnforcement', true);
    const mfa = await settle(list, s => (s.joins.mfaEnforcement.status === 'ready' ? { value: s } : undefined));
    expect(mfa.rows.map(r => r.mfaEnforcement?.kind)).toEqual(['policies', 'policies', 'notEnforced']);
    // Wanted again (or still): nothing read twice.
    list.want('attackSimulation', false);
    list.want('attackSimulation', true);
    expect(simReads(calls)).toBe(3);
    expect(firstPages(calls)).toBe(1);
    stop();
  });

  it('no longer wanting one stops its read in flight; the other reads on', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>(resolve => { release = resolve; });
    const { list, calls } = listOver(security({ '/identity/conditionalAccess/policies': async () => { await held; return { body: { value: [allUsers] } }; } }));
    const stop = list.subscribe(() => undefined);
    await whenSettled(list);
    list.want('mfaEnforcement', true);
    list.want('attackSimulation', true);
    await settle(list, s => (policyReads(calls) === 1 && s.joins.mfaEnforcement.status === 'loading' ? { value: s } : undefined));
    list.want('mfaEnforcement', false);
    expect(list.getState().joins.mfaEnforcement.status).toBe('off');
    release();
    await settle(list, s => (s.joins.attackSimulation.status === 'ready' ? { value: s } : undefined));
    await new Promise(resolve => setTimeout(resolve, 0));
    expect(list.getState().joins.mfaEnforcement.status).toBe('off'); // the late answer is dropped
    stop();
  });

  it('Try again reads a failed one again while it is wanted, and waits, not asked for, while it is not', async () => {
    let fails = true;
    const answer = (body: unknown): Route => () => (fails ? { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'Later.' } } } : { body });
    const { list, calls } = listOver(security({ '/reports/security/getAttackSimulationSimulationUserCoverage': answer(coverage) }));
    const stop = list.subscribe(() => undefined);
    await whenSettled(list);
    list.want('attackSimulation', true);
    await settle(list, s => (s.joins.attackSimulation.status === 'error' ? { value: s } : undefined));
    fails = false;
    list.retryJoin('attackSimulation');
    await settle(list, s => (s.joins.attackSimulation.status === 'ready' ? { value: s } : undefined));
    expect(list.getState().rows[0]?.simulation?.simulationCount).toBe(2);
    expect(list.getState().joins.mfa.status).toBe('ready');

    // Failed while wanted, then no longer wanted: Try again reads nothing until something wants it.
    fails = true;
    const other = listOver(security({ '/policies/identitySecurityDefaultsEnforcementPolicy': answer({ isEnabled: false }) }));
    const stopOther = other.list.subscribe(() => undefined);
    await whenSettled(other.list);
    other.list.want('mfaEnforcement', true);
    await settle(other.list, s => (s.joins.mfaEnforcement.status === 'error' ? { value: s } : undefined));
    other.list.want('mfaEnforcement', false);
    fails = false;
    const before = other.calls.length;
    other.list.retryJoin('mfaEnforcement');
    expect(other.list.getState().joins.mfaEnforcement.status).toBe('off');
    expect(other.calls).toHaveLength(before);
    other.list.want('mfaEnforcement', true);
    await settle(other.list, s => (s.joins.mfaEnforcement.status === 'ready' ? { value: s } : undefined));
    expect(simReads(calls)).toBe(6);
    stop();
    stopOther();
  });

  it('loadUsers (the CLI) reads them when asked, waits for them, and not otherwise', async () => {
    const { client, calls } = fakeClient(security());
    const gateway = new GraphGateway(client);
    const joins: string[] = [];
    const asked = await loadUsers(gateway, new ReportStore(gateway, { format: 'json' }), { attackSimulation: true, mfaEnforcement: true, onJoin: k => joins.push(k) });
    expect(asked.joins.attackSimulation.status).toBe('ready');
    expect(asked.joins.mfaEnforcement.status).toBe('ready');
    expect(asked.joins.signIns.status).toBe('off');
    expect(joins.sort()).toEqual(['activity', 'attackSimulation', 'mfa', 'mfaEnforcement', 'skus']);
    expect(asked.rows[2]?.mfaEnforcement).toEqual({ kind: 'notEnforced', why: 'Excluded from: MFA for everyone' });

    const before = calls.length;
    const plain = await loadUsers(gateway, new ReportStore(gateway, { format: 'json' }), { mfaEnforcement: true });
    expect(plain.joins.attackSimulation.status).toBe('off');
    expect(plain.rows[0]?.simulation).toBeUndefined();
    expect(simReads(calls.slice(before))).toBe(0);
    expect(policyReads(calls.slice(before))).toBe(1);
  });

  it('a refused one settles as failed: the CLI still gets every user', async () => {
    const refused: Route = { status: 403, body: { error: { code: 'Forbidden', message: 'Your tenant is not licensed for this feature.' } } };
    const { client } = fakeClient(security({ '/reports/security/getAttackSimulationRepeatOffenders': refused }));
    const gateway = new GraphGateway(client);
    const loaded = await loadUsers(gateway, new ReportStore(gateway, { format: 'json' }), { attackSimulation: true });
    expect(loaded.rows).toHaveLength(3);
    expect(loaded.joins.attackSimulation).toMatchObject({ status: 'error', error: { status: 403 } });
  });
});
