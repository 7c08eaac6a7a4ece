import { GraphGateway } from '../../../src/core/graph/GraphGateway';
import { GraphError } from '../../../src/core/graph/GraphError';
import { DELTA_TRACKED, DeltaRefusedError, applyUserDelta, deltaTracking, isDeltaRefused, latestDeltaLink, refusesDeltaLink } from '../../../src/core/directory/userDelta';
import { USER_LIST_SELECT, toUserRecord } from '../../../src/core/directory/users';
import type { IUserRecord } from '../../../src/core/directory/users';
import { fakeClient } from '../../component/fakeGraph';
import type { Route } from '../../component/fakeGraph';

// /users/delta for the warm reload: the kept list brought up to date by what changed since its link.

const GRAPH = 'https://graph.microsoft.com/v1.0';
const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
const E5 = '06ebc4ee-1bb5-47dd-8120-11324bc54e06';
const raw = (n: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  id: `u${n}`,
  displayName: `User ${n}`,
  userPrincipalName: `user${n}@contoso.com`,
  mail: `user${n}@contoso.com`,
  jobTitle: 'Analyst',
  userType: 'Member',
  accountEnabled: true,
  assignedLicenses: [{ skuId: E3, disabledPlans: [] }],
  ...extra
});
const record = (n: number, extra: Record<string, unknown> = {}): IUserRecord => toUserRecord(raw(n, extra)) as IUserRecord;
const removed = (n: number, reason = 'deleted'): unknown => ({ id: `u${n}`, '@removed': { reason } });
const link = (token: string): string => `${GRAPH}/users/delta?$deltatoken=${token}`;
const next = (token: string): string => `${GRAPH}/users/delta?$skiptoken=${token}`;

/** A gateway whose /users/delta answers by the token in the URL (`$deltatoken=` or `$skiptoken=`). */
function deltaGateway(pages: Record<string, { status?: number; body: unknown }>): { gateway: GraphGateway; calls: string[] } {
  const route: Route = path => {
    const token = /\$(?:delta|skip)token=([^&]+)/.exec(path)?.[1] ?? (path.includes('$deltaToken=latest') ? 'latest' : '');
    return pages[token] ?? { status: 400, body: { error: { code: 'BadRequest', message: `No page ${token}` } } };
  };
  const { client, calls } = fakeClient({ '/users/delta': route });
  return { gateway: new GraphGateway(client), calls };
}

/** Deep-frozen copies, so any write to the input throws in strict mode. */
function frozen(users: IUserRecord[]): readonly IUserRecord[] {
  return Object.freeze(users.map(u => Object.freeze({ ...u, skuIds: Object.freeze([...u.skuIds]) as string[] })));
}

const refusal = async (p: Promise<unknown>): Promise<unknown> => p.then(() => 'resolved', (e: unknown) => e);

describe('which selected properties /users/delta tracks', () => {
  it('every property the list selects is decided in DELTA_TRACKED (add one to USER_LIST_SELECT: decide it there)', () => {
    const { undecided } = deltaTracking(USER_LIST_SELECT);
    expect(undecided).toEqual([]);
  });

  it('every property the list selects today is tracked, so the kept list needs delta only', () => {
    // An untracked property in the list's $select would be stale forever in a kept list: it must be
    // refreshed the way the list reads it today before this expectation changes.
    const { tracked, untracked } = deltaTracking(USER_LIST_SELECT);
    expect(untracked).toEqual([]);
    expect(tracked).toEqual(USER_LIST_SELECT.split(','));
  });

  it('knows the properties kept outside the main store and the one delta cannot select', () => {
    expect(deltaTracking('id,skills,aboutMe,hireDate,mailboxSettings,signInActivity,department,favouriteColour')).toEqual({
      tracked: ['id', 'department'],
      untracked: ['skills', 'aboutMe', 'hireDate', 'mailboxSettings', 'signInActivity'],
      undecided: ['favouriteColour']
    });
    for (const entry of Object.values(DELTA_TRACKED)) expect(entry.why).not.toBe('');
    // Inherited object members are not decisions.
    expect(deltaTracking('constructor,toString').undecided).toEqual(['constructor', 'toString']);
  });
});

describe('latestDeltaLink', () => {
  it('asks for a link from now with the list\'s $select, following pages to the link', async () => {
    const { gateway, calls } = deltaGateway({
      latest: { body: { value: [], '@odata.nextLink': next('p2') } },
      p2: { body: { value: [], '@odata.deltaLink': link('d1') } }
    });
    await expect(latestDeltaLink(gateway)).resolves.toBe(link('d1'));
    expect(calls).toEqual([`GET v1.0/users/delta?$select=${USER_LIST_SELECT}&$deltaToken=latest`, 'GET v1.0/users/delta?$skiptoken=p2']);
  });

  it('says so when Graph gives no link, or refuses', async () => {
    const none = deltaGateway({ latest: { body: { value: [] } } });
    const e = await refusal(latestDeltaLink(none.gateway));
    expect(isDeltaRefused(e)).toBe(true);
    expect((e as Error).message).toMatch(/without a delta link/);
    const forbidden = deltaGateway({ latest: { status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' } } } });
    const f = await refusal(latestDeltaLink(forbidden.gateway));
    expect(isDeltaRefused(f)).toBe(true);
    expect((f as DeltaRefusedError).cause).toBeInstanceOf(GraphError);
  });
});

describe('applyUserDelta', () => {
  const kept = (): IUserRecord[] => [record(1), record(2), record(3), record(4)];

  it('updates in place, appends adds, drops removals, and returns the new link', async () => {
    const { gateway, calls } = deltaGateway({
      d1: { body: { value: [raw(2, { jobTitle: 'Manager' }), raw(9), removed(3), raw(8, { userType: 'Guest' })], '@odata.deltaLink': link('d2') } }
    });
    const input = frozen(kept());
    const result = await applyUserDelta(gateway, input, link('d1'));
    expect(result.users.map(u => u.id)).toEqual(['u1', 'u2', 'u4', 'u9', 'u8']);
    expect(result.users[1]?.jobTitle).toBe('Manager');
    expect(result.users[4]?.userType).toBe('Guest');
    expect(result).toMatchObject({ deltaLink: link('d2'), added: 2, updated: 1, removed: 1 });
    expect(calls).toEqual(['GET v1.0/users/delta?$deltatoken=d1']);
  });

  it('never changes the kept array or its records, and shares the unchanged ones', async () => {
    const { gateway } = deltaGateway({ d1: { body: { value: [raw(1, { department: 'Sales' }), removed(2), raw(5)], '@odata.deltaLink': link('d2') } } });
    const before = kept();
    const input = frozen(before);
    const snapshot = JSON.stringify(input);
    const result = await applyUserDelta(gateway, input, link('d1'));
    expect(JSON.stringify(input)).toBe(snapshot);
    expect(result.users).not.toBe(input);
    expect(result.users[1]).toBe(input[2]); // u3 unchanged: the same record
    expect(result.users[0]).not.toBe(input[0]);
    expect(input[0]?.department).toBeNull();
  });

  it('treats a property Graph leaves out as not set (null), and licences as the new assignment', async () => {
    const { gateway } = deltaGateway({ d1: { body: { value: [{ id: 'u1', displayName: 'User 1', userPrincipalName: 'user1@contoso.com', assignedLicenses: [{ skuId: E5 }] }], '@odata.deltaLink': link('d2') } } });
    const result = await applyUserDelta(gateway, kept(), link('d1'));
    expect(result.users[0]).toEqual({ ...record(1), mail: null, jobTitle: null, userType: null, accountEnabled: null, skuIds: [E5] });
    expect(result.updated).toBe(1);
  });

  it('is idempotent: the same changes again change nothing, and an unknown removal is ignored', async () => {
    const changes = { value: [raw(2, { jobTitle: 'Manager' }), raw(9), removed(3), removed(77, 'changed')], '@odata.deltaLink': link('d2') };
    const { gateway } = deltaGateway({ d1: { body: changes }, d2: { body: { ...changes, '@odata.deltaLink': link('d3') } } });
    const once = await applyUserDelta(gateway, kept(), link('d1'));
    const twice = await applyUserDelta(gateway, once.users, link('d2'));
    expect(twice.users).toEqual(once.users);
    expect(twice.users.every((u, i) => u === once.users[i])).toBe(true);
    expect(twice).toMatchObject({ deltaLink: link('d3'), added: 0, updated: 0, removed: 0 });
    // The same change twice in one answer counts once.
    const doubled = deltaGateway({ d1: { body: { value: [raw(9), raw(9), raw(2, { jobTitle: 'Manager' }), raw(2, { jobTitle: 'Manager' })], '@odata.deltaLink': link('d2') } } });
    await expect(applyUserDelta(doubled.gateway, kept(), link('d1'))).resolves.toMatchObject({ added: 1, updated: 1, removed: 0 });
  });

  it('follows nextLinks page by page to the new delta link; a user\'s last change wins', async () => {
    const { gateway, calls } = deltaGateway({
      d1: { body: { '@odata.nextLink': next('p2'), value: [raw(1, { jobTitle: 'Lead' }), raw(9), removed(4)] } },
      p2: { body: { '@odata.nextLink': next('p3'), value: [removed(1), raw(10)] } },
      p3: { body: { value: [raw(4, { displayName: 'Back again' }), removed(9), raw(2, { mail: null })], '@odata.deltaLink': link('d2') } }
    });
    const result = await applyUserDelta(gateway, kept(), link('d1'));
    // u1 updated then removed; u9 added then removed; u4 removed then back (in place); u10 added.
    expect(result.users.map(u => u.id)).toEqual(['u2', 'u3', 'u4', 'u10']);
    expect(result.users[2]?.displayName).toBe('Back again');
    expect(result.users[0]?.mail).toBeNull();
    expect(result).toMatchObject({ deltaLink: link('d2'), added: 1, updated: 2, removed: 1 });
    expect(calls).toEqual(['GET v1.0/users/delta?$deltatoken=d1', 'GET v1.0/users/delta?$skiptoken=p2', 'GET v1.0/users/delta?$skiptoken=p3']);
  });

  it('passes over items without an id', async () => {
    const { gateway } = deltaGateway({ d1: { body: { value: [null, 'x', { displayName: 'no id' }, { id: 5, '@removed': {} }, raw(6)], '@odata.deltaLink': link('d2') } } });
    const result = await applyUserDelta(gateway, kept(), link('d1'));
    expect(result.users.map(u => u.id)).toEqual(['u1', 'u2', 'u3', 'u4', 'u6']);
  });

  it('keeps a large list\'s order through one pass (100,000 users, 3,000 changes)', async () => {
    const many = Array.from({ length: 100_000 }, (_, i) => record(i));
    const value: unknown[] = [];
    for (let i = 0; i < 1000; i++) {
      value.push(raw(i * 97, { jobTitle: 'Changed' }), removed(i * 97 + 1), raw(200_000 + i));
    }
    const { gateway } = deltaGateway({ d1: { body: { value, '@odata.deltaLink': link('d2') } } });
    const result = await applyUserDelta(gateway, many, link('d1'));
    expect(result).toMatchObject({ added: 1000, updated: 1000, removed: 1000 });
    expect(result.users).toHaveLength(100_000);
    // u1 and u98 were removed: u97 (changed) moves up one, u99 follows it.
    expect(result.users.slice(95, 98).map(u => [u.id, u.jobTitle])).toEqual([['u96', 'Analyst'], ['u97', 'Changed'], ['u99', 'Analyst']]);
    expect(result.users[99_000]?.id).toBe('u200000');
    expect(many[97]?.jobTitle).toBe('Analyst');
  });
});

describe('a refused delta link versus a failure that may pass', () => {
  const answer = (status: number, code: string): { status: number; body: unknown } => ({ status, body: { error: { code, message: `${code} said Graph.` } } });

  it.each([
    [400, 'syncStateNotFound'],
    [400, 'BadRequest'],
    [403, 'Authorization_RequestDenied'],
    [404, 'Request_ResourceNotFound'],
    [410, 'resyncRequired']
  ])('%i %s: refused (the caller reads afresh)', async (status, code) => {
    const { gateway } = deltaGateway({ d1: answer(status, code) });
    const e = await refusal(applyUserDelta(gateway, [record(1)], link('d1')));
    expect(e).toBeInstanceOf(DeltaRefusedError);
    expect(isDeltaRefused(e)).toBe(true);
    expect((e as DeltaRefusedError).cause).toMatchObject({ status, code });
    expect((e as Error).message).toContain(`${code} said Graph.`);
  });

  it.each([
    [429, 'TooManyRequests'],
    [401, 'InvalidAuthenticationToken'],
    [408, 'RequestTimeout'],
    [500, 'InternalServerError'],
    [503, 'ServiceUnavailable']
  ])('%i %s: thrown as is, not a refusal (the kept list stays)', async (status, code) => {
    const { gateway } = deltaGateway({ d1: answer(status, code) });
    const e = await refusal(applyUserDelta(gateway, [record(1)], link('d1')));
    expect(e).toBeInstanceOf(GraphError);
    expect(isDeltaRefused(e)).toBe(false);
    expect(e).toMatchObject({ status, code });
  });

  it('a failure on a later page is judged the same way', async () => {
    const throttled = deltaGateway({ d1: { body: { value: [raw(9)], '@odata.nextLink': next('p2') } }, p2: answer(503, 'ServiceUnavailable') });
    expect(isDeltaRefused(await refusal(applyUserDelta(throttled.gateway, [record(1)], link('d1'))))).toBe(false);
    const expired = deltaGateway({ d1: { body: { value: [raw(9)], '@odata.nextLink': next('p2') } }, p2: answer(400, 'syncStateNotFound') });
    expect(isDeltaRefused(await refusal(applyUserDelta(expired.gateway, [record(1)], link('d1'))))).toBe(true);
  });

  it('an answer without a new delta link, or without a list, is refused', async () => {
    const noLink = deltaGateway({ d1: { body: { value: [raw(9)] } } });
    expect(isDeltaRefused(await refusal(applyUserDelta(noLink.gateway, [record(1)], link('d1'))))).toBe(true);
    const noValue = deltaGateway({ d1: { body: { '@odata.deltaLink': link('d2') } } });
    expect(isDeltaRefused(await refusal(applyUserDelta(noValue.gateway, [record(1)], link('d1'))))).toBe(true);
  });

  it('a link to another host is refused without sending it, and a network failure or a cancel is not', async () => {
    const { gateway, calls } = deltaGateway({});
    const foreign = await refusal(applyUserDelta(gateway, [record(1)], 'https://elsewhere.example/v1.0/users/delta?$deltatoken=d1'));
    expect(isDeltaRefused(foreign)).toBe(true);
    expect(calls).toEqual([]);
    expect(refusesDeltaLink(new GraphError(0, 'NetworkError', 'offline'))).toBe(false);
    expect(refusesDeltaLink(new GraphError(0, 'aborted', 'The request was cancelled.'))).toBe(false);
    expect(refusesDeltaLink(new Error('anything else'))).toBe(false);
    const controller = new AbortController();
    controller.abort();
    const cancelled = await refusal(applyUserDelta(deltaGateway({ d1: { body: { value: [], '@odata.deltaLink': link('d2') } } }).gateway, [record(1)], link('d1'), controller.signal));
    expect(isDeltaRefused(cancelled)).toBe(false);
  });
});
