import { startDemoTenant } from '../../workbench/demo-tenant';
import type { IDemoTenant } from '../../workbench/demo-tenant';
import { rangeBounds, rangeFilters, streamUsersSharded } from '../../src/core/directory/shards';
import type { IShardedOutcome, IShardedReadOptions } from '../../src/core/directory/shards';
import { streamUsers } from '../../src/core/directory/users';
import type { IUserRecord } from '../../src/core/directory/users';
import { GraphGateway } from '../../src/core/graph/GraphGateway';
import { GraphError } from '../../src/core/graph/GraphError';
import { createTokenClient } from '../../src/core/graph/tokenClient';
import type { IRequestOptions } from '../../src/core/graph/types';
import { gatewayFor } from '../helpers/graph';

/** A gateway that answers range queries its own way (refuses, drops, fails), the rest as the tenant does. */
class RangeGateway extends GraphGateway {
  public constructor(url: string, token: string, private readonly onRange: (path: string) => 'refuse' | 'drop' | 'forbid' | undefined) {
    super(createTokenClient({ baseUrl: url, getToken: async () => token }), url);
  }

  public async get<T>(path: string, options: IRequestOptions = {}): Promise<T> {
    const range = path.includes('%24filter') || path.includes('$filter') ? this.onRange(decodeURIComponent(path)) : undefined;
    if (range === 'refuse') throw new GraphError(400, 'Request_UnsupportedQuery', 'Unsupported query.');
    if (range === 'forbid') throw new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    const answer = await super.get<T>(path, options);
    // A short page: one user fewer than Graph gave, its count as Graph gave it.
    if (range === 'drop') return { ...(answer as Record<string, unknown>), value: ((answer as { value: unknown[] }).value ?? []).slice(1) } as T;
    return answer;
  }
}

async function readAll(gw: GraphGateway, options: IShardedReadOptions = {}): Promise<{ users: IUserRecord[]; pages: number; outcome?: IShardedOutcome }> {
  let outcome: IShardedOutcome | undefined;
  const users: IUserRecord[] = [];
  let pages = 0;
  for await (const page of streamUsersSharded(gw, { ...options, onDone: o => { outcome = o; } })) {
    pages++;
    users.push(...page);
  }
  return { users, pages, outcome };
}

jest.setTimeout(60_000);

describe('the user list read in UPN ranges side by side (issue 18)', () => {
  let tenant: IDemoTenant;
  let plainIds: string[];
  beforeAll(async () => {
    tenant = await startDemoTenant({ users: 3000, seed: 11 });
    plainIds = [];
    for await (const page of streamUsers(gatewayFor(tenant.url, tenant.token))) plainIds.push(...page.map(u => u.id));
  });
  afterAll(async () => { await tenant.close(); });

  it('reads every user exactly once, the first page first, in ranges cut from that page', async () => {
    const gw = gatewayFor(tenant.url, tenant.token);
    const { users, outcome } = await readAll(gw, { pageSize: 100 });
    const ids = users.map(u => u.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual([...plainIds].sort());
    expect(outcome).toMatchObject({ mode: 'sharded', count: plainIds.length, users: plainIds.length, ranges: 18 });
    expect(outcome?.fallback).toBeUndefined();
    expect(outcome?.requests).toBe(gw.stats.requests);
  });

  it('reads a tenant of a few pages plainly: ranges would only add requests', async () => {
    const gw = gatewayFor(tenant.url, tenant.token);
    const { users, outcome } = await readAll(gw, { pageSize: 1000, plainUpToPages: 4 });
    expect(users).toHaveLength(plainIds.length);
    expect(outcome).toMatchObject({ mode: 'plain', ranges: 0, requests: Math.ceil(plainIds.length / 999) });
  });

  it('reads the plain list when Graph refuses a range query, adding only the users not read yet', async () => {
    const gw = new RangeGateway(tenant.url, tenant.token, () => 'refuse');
    const { users, outcome } = await readAll(gw, { pageSize: 100 });
    expect(new Set(users.map(u => u.id)).size).toBe(plainIds.length);
    expect(users).toHaveLength(plainIds.length);
    expect(outcome?.mode).toBe('sharded-then-plain');
    expect(outcome?.fallback).toMatch(/refused a range query/);
  });

  it('proves each range complete against its own count: one that came back short is read again, the read stays in ranges', async () => {
    let dropped = 0;
    const gw = new RangeGateway(tenant.url, tenant.token, path => (!dropped && path.includes(' and ') ? ((dropped = 1), 'drop') : undefined));
    const { users, outcome } = await readAll(gw, { pageSize: 100 });
    expect(dropped).toBe(1);
    expect(users).toHaveLength(plainIds.length);
    expect(new Set(users.map(u => u.id)).size).toBe(plainIds.length);
    expect(outcome).toMatchObject({ mode: 'sharded', rangesReadAgain: 1 });
    expect(outcome?.fallback).toBeUndefined();
  });

  it('reads the plain list when a range still comes back short when read again', async () => {
    let target: string | undefined;
    const gw = new RangeGateway(tenant.url, tenant.token, path => {
      const filter = /\$filter=([^&]*)/.exec(path)?.[1];
      if (!filter?.includes(' and ')) return undefined;
      target ??= filter;
      return filter === target ? 'drop' : undefined;
    });
    const { users, outcome } = await readAll(gw, { pageSize: 100 });
    expect(users).toHaveLength(plainIds.length);
    expect(new Set(users.map(u => u.id)).size).toBe(plainIds.length);
    expect(outcome?.mode).toBe('sharded-then-plain');
    expect(outcome?.fallback).toMatch(/a range read twice brought \d+ of the \d+ users it counted/);
  });

  it('ends the read when a range fails otherwise (the pages given stay the caller\'s)', async () => {
    const gw = new RangeGateway(tenant.url, tenant.token, path => (path.includes(' and ') ? 'forbid' : undefined));
    const got: IUserRecord[] = [];
    await expect((async () => { for await (const page of streamUsersSharded(gw, { pageSize: 100 })) got.push(...page); })()).rejects.toMatchObject({ status: 403 });
    expect(got.length).toBeGreaterThanOrEqual(100);
  });

  it('stays complete under Graph\'s identity throttle: a 429 waits its Retry-After and is asked again', async () => {
    tenant.options.directoryThrottle = { ruPer10s: 20 };
    tenant.resetThrottle();
    try {
      const gw = gatewayFor(tenant.url, tenant.token);
      const { users, outcome } = await readAll(gw, { pageSize: 100 });
      expect(users).toHaveLength(plainIds.length);
      expect(outcome?.mode).toBe('sharded');
      expect(tenant.directoryUsage.requestsThrottled).toBeGreaterThan(0);
    } finally {
      tenant.options.directoryThrottle = false;
      tenant.resetThrottle();
    }
  });

  it('stops every lane when the caller stops', async () => {
    const gw = gatewayFor(tenant.url, tenant.token);
    let pages = 0;
    for await (const page of streamUsersSharded(gw, { pageSize: 100 })) {
      void page;
      if (++pages === 3) break;
    }
    const after = gw.stats.requests;
    await new Promise(resolve => setTimeout(resolve, 50));
    // Lanes may finish the request each had in flight; none starts another.
    expect(gw.stats.requests).toBeLessThanOrEqual(after + 6);
    expect(gw.stats.requests).toBeLessThan(Math.ceil(plainIds.length / 100));
  });
  // Last: it takes a user away from the tenant the tests above count.
  it('is not sent to the plain list by a tenant count that moved while the ranges were read', async () => {
    const gw = gatewayFor(tenant.url, tenant.token);
    let joined: string[] = [];
    let pages = 0;
    const users: IUserRecord[] = [];
    let outcome: IShardedOutcome | undefined;
    for await (const page of streamUsersSharded(gw, { pageSize: 100, onDone: o => { outcome = o; } })) {
      // After the first page (the tenant counted), someone leaves.
      if (++pages === 1) joined = tenant.directory.removeUsers(1, 21);
      users.push(...page);
    }
    expect(joined).toHaveLength(1);
    expect(outcome?.mode).toBe('sharded');
    expect(new Set(users.map(u => u.id)).size).toBe(users.length);
    expect(users.some(u => u.id === joined[0])).toBe(false);
  });
});

describe('range boundaries', () => {
  it('are increasing prefixes without "@", so no UPN equals one and the ranges are disjoint', () => {
    const upns = ['zoe@x.com', 'adam@x.com', 'anna@x.com', 'bob@x.com', 'bea@x.com', 'carl@x.com', 'mia@x.com', 'max@x.com', 'mo@x.com', "o'neil@x.com"];
    const bounds = rangeBounds(upns, 4);
    expect(bounds.every(b => !b.includes('@'))).toBe(true);
    expect([...bounds].sort()).toEqual(bounds);
    expect(new Set(bounds).size).toBe(bounds.length);
    const filters = rangeFilters(bounds);
    expect(filters).toHaveLength(bounds.length + 1);
    expect(filters[0]).toMatch(/^userPrincipalName le '/);
    expect(filters[filters.length - 1]).toMatch(/^userPrincipalName ge '[^']*'$/);
  });

  it('are letters and digits only, whatever the UPNs hold: a collation orders punctuation its own way', () => {
    const upns = ['a-lee@x.com', 'a.smith@x.com', 'a_jones@x.com', "a'hern@x.com", 'a~b@x.com', 'Ab@x.com', 'a#c@x.com', 'b-1@x.com', 'b.2@x.com', '9lives@x.com', '_x@x.com', '.y@x.com'];
    const bounds = rangeBounds(upns, 6);
    expect(bounds.length).toBeGreaterThan(0);
    expect(bounds.every(b => /^[a-z0-9]+$/.test(b))).toBe(true);
    expect([...bounds].sort()).toEqual(bounds);
    // Code point order and a linguistic (ICU) order agree on them.
    expect([...bounds].sort(new Intl.Collator('en').compare)).toEqual(bounds);
  });

  it('quote a boundary with an apostrophe as OData does', () => {
    expect(rangeFilters(["o'n"])).toEqual(["userPrincipalName le 'o''n'", "userPrincipalName ge 'o''n'"]);
  });

  it('give no ranges for an empty sample', () => {
    expect(rangeFilters(rangeBounds([], 18))).toEqual([]);
  });
});
