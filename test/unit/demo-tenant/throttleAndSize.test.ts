/**
 * Time and throttling for large directory reads (issue 18): the resource-unit cost of identity requests,
 * Graph's token bucket per app + tenant on a clock the test moves, the figures a benchmark reads, and the
 * size model (a page's time grows with its bytes), asserted on the modelled times, never on the wall clock.
 */
import { spawn } from 'child_process';
import * as path from 'path';
import { IDemoTenant, IRequestLogEntry, startDemoTenant } from '../../../workbench/demo-tenant';
import { answerDelayMs, baseCost, directoryCost, directoryQuota, DirectoryThrottle, isIdentityPath, tenantSize } from '../../../workbench/demo-tenant/throttle';
import { client, expectGraphError, IResult, TODAY } from './helpers';

/** A request's cost, from a URL as a client writes it (after the version). */
const cost = (method: string, url: string): number | undefined => {
  const u = new URL(url, 'http://x.invalid');
  return directoryCost(method, decodeURIComponent(u.pathname), u.searchParams);
};
const ID = '00000000-0000-4000-8000-000000000042';
const UPN = 'someone@contoso.onmicrosoft.com';

describe('the cost of an identity request, after Microsoft\'s table', () => {
  it('base costs: users 2, subscribedSkus 3, members 3, transitiveMembers 5, memberOf and licenseDetails 2, getByIds 3; any other 1', () => {
    expect(cost('GET', '/users')).toBe(2);
    expect(cost('GET', '/subscribedSkus')).toBe(3);
    expect(cost('GET', `/groups/${ID}/members`)).toBe(3);
    expect(cost('GET', `/groups/${ID}/transitiveMembers`)).toBe(5);
    expect(cost('GET', `/groups/${ID}/transitiveMembers/microsoft.graph.user`)).toBe(5);
    expect(cost('GET', '/me/memberOf')).toBe(2);
    expect(cost('GET', '/me/licenseDetails')).toBe(2);
    // What costs me/... costs users/{id | userPrincipalName}/... too.
    expect(cost('GET', `/users/${ID}/memberOf`)).toBe(2);
    expect(cost('GET', `/users/${UPN}/licenseDetails`)).toBe(2);
    expect(cost('GET', `/users/${ID}/transitiveMemberOf`)).toBe(2);
    expect(cost('POST', '/directoryObjects/getByIds')).toBe(3);
    expect(cost('POST', '/directoryObjects/microsoft.graph.getByIds')).toBe(3);
    expect(cost('POST', '/me/checkMemberGroups')).toBe(4);
    expect(cost('GET', '/applications')).toBe(2);
    // Not listed: 1.
    for (const url of ['/users/delta', '/users/$count', `/users/${ID}`, '/me', `/users/${ID}/manager`, '/groups', `/groups/${ID}`, '/organization', '/devices', '/directoryRoles', "/directoryRoles(roleTemplateId='62e90394-69f5-4237-9190-012177145e10')/members", '/policies/identitySecurityDefaultsEnforcementPolicy'])
      expect([url, cost('GET', url)]).toEqual([url, 1]);
    expect(cost('PATCH', `/users/${ID}`)).toBe(1);
    expect(cost('POST', `/users/${ID}/assignLicense`)).toBe(1);
    expect(cost('POST', `/groups/${ID}/members/$ref`)).toBe(1);
    // A listed path under another method is not listed.
    expect(baseCost('POST', '/users')).toBe(1);
    expect(baseCost('GET', '/directoryObjects/getByIds')).toBe(1);
  });

  it('modifiers: $select -1, $expand +1, $top under 20 -1; never below 1', () => {
    expect(cost('GET', '/users?$select=id,displayName')).toBe(1);
    expect(cost('GET', '/users?$expand=manager')).toBe(3);
    expect(cost('GET', '/users?$top=5')).toBe(1);
    expect(cost('GET', '/users?$top=19')).toBe(1);
    expect(cost('GET', '/users?$top=20')).toBe(2);
    expect(cost('GET', '/users?$top=999')).toBe(2);
    expect(cost('GET', '/users?$select=id&$top=5')).toBe(1);
    expect(cost('GET', '/users?$select=id&$expand=manager')).toBe(2);
    expect(cost('GET', `/users/${ID}?$select=id`)).toBe(1);
    expect(cost('GET', `/groups/${ID}/transitiveMembers?$select=id&$top=10`)).toBe(3);
    expect(cost('GET', '/subscribedSkus?$select=skuId')).toBe(2);
    // Graph takes the options without their $ too.
    expect(cost('GET', '/users?select=id')).toBe(1);
    // $filter, $count, $search and a skip token change nothing.
    expect(cost('GET', "/users?$filter=accountEnabled eq true&$count=true&$skiptoken=abc")).toBe(2);
  });

  it('costs identity paths only: not reports, Conditional Access, photos, drives, authentication methods, sites', () => {
    for (const p of ['/users', '/users/delta', `/users/${ID}`, '/me', '/groups', '/directoryObjects/getByIds', '/subscribedSkus', '/organization', '/devices', '/directoryRoles', `/servicePrincipals/${ID}/appRoleAssignments`, '/domains', '/contacts'])
      expect([p, isIdentityPath(p)]).toEqual([p, true]);
    for (const p of [
      "/reports/getEmailActivityCounts(period='D7')",
      '/reports/security/getAttackSimulationRepeatOffenders',
      '/reports/authenticationMethods/userRegistrationDetails',
      '/admin/reportSettings',
      '/identity/conditionalAccess/policies',
      `/users/${ID}/photo/$value`,
      `/users/${ID}/photos/48x48/$value`,
      '/me/drive',
      `/users/${UPN}/authentication/methods`,
      `/groups/${ID}/drive`,
      `/users/${ID}/extensions`,
      '/sites/root',
      '/security/alerts_v2',
      '/'
    ])
      expect([p, isIdentityPath(p)]).toEqual([p, false]);
  });

  it('quota by tenant size: S under 50 users 3,500, M 50 to 500 5,000, L above 500 8,000', () => {
    expect([49, 50, 500, 501, 50_000].map((n) => [tenantSize(n), directoryQuota(n)])).toEqual([
      ['S', 3500],
      ['M', 5000],
      ['M', 5000],
      ['L', 8000],
      ['L', 8000]
    ]);
  });
});

describe('the token bucket on its own clock', () => {
  it('refills at the quota per 10 seconds, refuses what it cannot pay with the seconds until it can', () => {
    let now = 1_000_000;
    const b = new DirectoryThrottle(() => now, () => 10, () => true, 'S');
    expect(b.charge('app', 'tid', 6)).toMatchObject({ paid: true, usedFraction: 0.6 });
    expect(b.charge('app', 'tid', 4)).toMatchObject({ paid: true, usedFraction: 1 });
    // Empty: 1 unit per second comes back.
    expect(b.charge('app', 'tid', 3)).toEqual({ paid: false, cost: 3, retryAfterS: 3 });
    now += 2_000;
    expect(b.charge('app', 'tid', 3)).toEqual({ paid: false, cost: 3, retryAfterS: 1 });
    now += 999;
    expect(b.charge('app', 'tid', 3)).toEqual({ paid: false, cost: 3, retryAfterS: 1 });
    now += 1;
    expect(b.charge('app', 'tid', 3)).toMatchObject({ paid: true });
    // Another application (or tenant) has a bucket of its own.
    expect(b.charge('other', 'tid', 10)).toMatchObject({ paid: true });
    expect(b.usage()).toMatchObject({ enforced: true, ruPer10s: 10, tenantSize: 'S', ruSpent: 23, requestsCosted: 7, requestsThrottled: 3 });
    // Never more than full, however long it waits.
    now += 60_000;
    expect(b.charge('app', 'tid', 10)).toMatchObject({ paid: true });
    expect(b.charge('app', 'tid', 1)).toMatchObject({ paid: false, retryAfterS: 1 });
  });

  it('a request costing more than the whole quota is served from a full bucket, which it leaves in debt', () => {
    let now = 0;
    const b = new DirectoryThrottle(() => now, () => 2, () => true, 'S');
    expect(b.charge('a', 't', 5)).toMatchObject({ paid: true });
    // 3 units owed, 2 needed: 5 units at 0.2 per second.
    expect(b.charge('a', 't', 5)).toEqual({ paid: false, cost: 5, retryAfterS: 25 });
    now += 25_000;
    expect(b.charge('a', 't', 5)).toMatchObject({ paid: true });
  });

  it('peak: the most paid within any 10 seconds, sliding over each request\'s time and the 10 s before it', () => {
    let now = 0;
    const b = new DirectoryThrottle(() => now, () => 3500, () => false, 'S');
    for (const [at, ru] of [[0, 2], [5_000, 2], [9_999, 2], [10_000, 2], [19_999, 1], [30_000, 5]] as const) {
      now = at;
      expect(b.charge('a', 't', ru)).toMatchObject({ paid: true });
    }
    // (0, 10 000] holds 5 000, 9 999 and 10 000: 6; [0, 9 999] 6 too; nothing later comes near.
    expect(b.usage()).toMatchObject({ enforced: false, ruSpent: 14, peakRuIn10s: 6, requestsThrottled: 0 });
    b.reset();
    expect(b.usage()).toMatchObject({ ruSpent: 0, peakRuIn10s: 0, requestsCosted: 0, buckets: [] });
  });

  it('a client whose every 10-second window stays within the quota is never refused', () => {
    let now = 0;
    const quota = 50;
    const b = new DirectoryThrottle(() => now, () => quota, () => true, 'S');
    // Bursts of 5 every second (50 per 10 s, exactly the quota), for two minutes.
    for (let s = 0; s < 120; s++) {
      now = s * 1000;
      for (let k = 0; k < 5; k++) expect(b.charge('a', 't', 1)).toMatchObject({ paid: true });
    }
    expect(b.usage()).toMatchObject({ peakRuIn10s: 50, requestsThrottled: 0 });
  });

  it('a full bucket pays a burst of the whole quota, then the refill rate: a peak above the quota is no proof of a 429', () => {
    let now = 0;
    const b = new DirectoryThrottle(() => now, () => 50, () => true, 'S');
    for (let k = 0; k < 50; k++) expect(b.charge('a', 't', 1)).toMatchObject({ paid: true });
    expect(b.charge('a', 't', 1)).toEqual({ paid: false, cost: 1, retryAfterS: 1 });
    // 5 units a second come back, and are spent, for 9 seconds: 95 units within 10 seconds, none refused after the first.
    for (let s = 1; s <= 9; s++) {
      now = s * 1000;
      for (let k = 0; k < 5; k++) expect(b.charge('a', 't', 1)).toMatchObject({ paid: true });
      expect(b.charge('a', 't', 1)).toMatchObject({ paid: false });
    }
    expect(b.usage()).toMatchObject({ peakRuIn10s: 95, requestsThrottled: 10 });
  });
});

describe('the directory throttle over HTTP', () => {
  let t: IDemoTenant;
  let now = Date.parse(`${TODAY}T09:00:00Z`);
  beforeAll(async () => {
    t = await startDemoTenant({ users: 30, today: TODAY, directoryThrottle: { ruPer10s: 5 }, now: () => now });
  });
  afterAll(async () => {
    await t.close();
  });
  beforeEach(() => {
    // A full bucket and figures from zero, on a clock that moves only when a test moves it.
    t.resetThrottle();
    t.clearRequests();
  });
  const ru = (r: IResult): string | null => r.headers.get('x-ms-resource-unit');

  it('spends the quota, then 429 TooManyRequests with Retry-After; served again once the bucket has refilled', async () => {
    const g = client(t);
    const first = await g.get('/v1.0/users');
    expect([first.status, ru(first), first.headers.get('x-ms-throttle-limit-percentage')]).toEqual([200, '2', null]);
    expect((first.body as { value: unknown[] }).value.length).toBeGreaterThan(0);
    expect([(await g.get('/v1.0/users')).status]).toEqual([200]);
    // 1 unit left, 2 needed; 5 units per 10 s come back at 1 per 2 s.
    const refused = await g.get('/v1.0/users');
    expectGraphError(refused, 429, 'TooManyRequests');
    expect([refused.headers.get('retry-after'), ru(refused), refused.headers.get('x-ms-throttle-information')]).toEqual(['2', '2', 'ResourceUnitLimitExceeded']);
    expect(refused.headers.get('x-ms-throttle-scope')).toBe(`Tenant_Application/ReadWrite/d300d300-0000-4000-8000-000000000001/${t.info.tid}`);
    // A cheaper request still fits: $select costs 1. Past 80% of the quota Graph says how much is used.
    const cheap = await g.get('/v1.0/users?$select=id');
    expect([cheap.status, ru(cheap), cheap.headers.get('x-ms-throttle-limit-percentage')]).toEqual([200, '1', '1.00']);
    expect((await g.get('/v1.0/users?$select=id')).headers.get('retry-after')).toBe('2');
    expect((await g.get('/v1.0/subscribedSkus')).headers.get('retry-after')).toBe('6');
    now += 3_999;
    expect((await g.get('/v1.0/users')).headers.get('retry-after')).toBe('1');
    now += 1;
    expect((await g.get('/v1.0/users')).status).toBe(200);
    expect(t.directoryUsage).toMatchObject({ enforced: true, ruPer10s: 5, tenantSize: 'S', ruSpent: 7, requestsCosted: 8, requestsThrottled: 4 });
    // The log says what each cost.
    expect(t.requests.map((e) => [e.status, e.ru])).toEqual([
      [200, 2],
      [200, 2],
      [429, 2],
      [200, 1],
      [429, 1],
      [429, 3],
      [429, 2],
      [200, 2]
    ]);
  });

  it('does not cost reports, Conditional Access, photos or SharePoint, nor refuse them when the bucket is empty', async () => {
    const g = client(t);
    for (let k = 0; k < 5; k++) await g.get('/v1.0/users?$select=id');
    expect((await g.get('/v1.0/users?$select=id')).status).toBe(429);
    const report = await g.get("/v1.0/reports/getEmailActivityCounts(period='D7')");
    const json = await g.get("/beta/reports/getEmailActivityCounts(period='D7')?$format=application/json");
    const policies = await g.get('/v1.0/identity/conditionalAccess/policies');
    const photo = await g.get(`/v1.0/users/${t.info.people.admin?.id}/photo/$value`);
    expect([report, json, policies, photo].map((r) => [r.status, ru(r)])).toEqual([
      [302, null],
      [200, null],
      [200, null],
      [200, null]
    ]);
    const sp = await fetch(`${t.url}/sites/it/_api/contextinfo`, { method: 'POST', headers: { Authorization: `Bearer ${t.token}` } });
    expect([sp.status, sp.headers.get('x-ms-resource-unit')]).toEqual([200, null]);
    expect(t.directoryUsage).toMatchObject({ ruSpent: 5, requestsCosted: 6, requestsThrottled: 1 });
  });

  it('costs each $batch item alone, each with its own 429 and Retry-After; the batch itself is not costed', async () => {
    const g = client(t);
    const b = await g.post('/v1.0/$batch', {
      requests: [
        { id: '1', method: 'GET', url: '/subscribedSkus' },
        { id: '2', method: 'GET', url: '/users?$top=5' },
        { id: '3', method: 'GET', url: '/users' },
        { id: '4', method: 'GET', url: "/reports/getEmailActivityCounts(period='D7')" },
        { id: '5', method: 'GET', url: '/users?$select=id' }
      ]
    });
    expect([b.status, ru(b)]).toEqual([200, null]);
    const items = Object.fromEntries((b.body as { responses: Array<{ id: string; status: number; headers: Record<string, string> }> }).responses.map((x) => [x.id, [x.status, x.headers['x-ms-resource-unit'], x.headers['Retry-After']]]));
    // In order: 3 + 1 paid (1 left), 2 refused (2 s to 2 units), the report free, 1 paid.
    expect(items).toEqual({ '1': [200, '3', undefined], '2': [200, '1', undefined], '3': [429, '2', '2'], '4': [302, undefined, undefined], '5': [200, '1', undefined] });
    const entry = t.requests[t.requests.length - 1] as IRequestLogEntry;
    // (Graph answers a batch's items in any order; so does the log.)
    expect([entry.ru, entry.items?.map((i) => [i.id, i.ru]).sort()]).toEqual([undefined, [['1', 3], ['2', 1], ['3', 2], ['4', undefined], ['5', 1]]]);
    expect(t.directoryUsage).toMatchObject({ ruSpent: 5, requestsCosted: 4, requestsThrottled: 1, peakRuIn10s: 5 });
  });

  it('another application has its own bucket', async () => {
    const g = client(t);
    for (let k = 0; k < 5; k++) await g.get('/v1.0/users?$select=id');
    expect((await g.get('/v1.0/users?$select=id')).status).toBe(429);
    const [header, payload] = t.token.split('.');
    const claims = JSON.parse(Buffer.from(payload ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    delete claims.appid;
    claims.azp = '0ther0a0-0000-4000-8000-000000000002';
    const other = `${header}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    expect((await client(t, other).get('/v1.0/users?$select=id')).status).toBe(200);
    expect(t.directoryUsage.buckets.map((x) => [x.app, x.ruSpent, x.requestsThrottled])).toEqual([
      ['d300d300-0000-4000-8000-000000000001', 5, 1],
      ['0ther0a0-0000-4000-8000-000000000002', 1, 0]
    ]);
  });

  it('the control endpoint shows the figures, changes the quota at run time, turns it off, and resets', async () => {
    const g = client(t);
    await g.get('/v1.0/users');
    const options = async (body?: unknown): Promise<Record<string, unknown>> =>
      (await (await fetch(`${t.url}/_demo/options`, body === undefined ? {} : { method: 'PATCH', body: JSON.stringify(body) })).json()) as Record<string, unknown>;
    expect(await options()).toMatchObject({ directoryThrottle: { ruPer10s: 5 }, directoryUsage: { enforced: true, ruPer10s: 5, ruSpent: 2, peakRuIn10s: 2, requestsThrottled: 0 } });
    expect(await options({ directoryThrottle: { ruPer10s: 2 } })).toMatchObject({ directoryThrottle: { ruPer10s: 2 }, directoryUsage: { ruPer10s: 2 } });
    // The bucket now holds at most 2: one list of users, then refused.
    expect((await g.get('/v1.0/users')).status).toBe(200);
    expect((await g.get('/v1.0/users?$select=id')).status).toBe(429);
    // true: the quota for the tenant's size (30 users: S).
    expect(await options({ directoryThrottle: true })).toMatchObject({ directoryThrottle: true, directoryUsage: { enforced: true, ruPer10s: 3500, tenantSize: 'S' } });
    // Off: costed and counted, never refused; nonsense leaves the setting as it was.
    expect(await options({ directoryThrottle: false })).toMatchObject({ directoryThrottle: false, directoryUsage: { enforced: false } });
    expect(await options({ directoryThrottle: { ruPer10s: -1 } })).toMatchObject({ directoryThrottle: false });
    const r = await g.get('/v1.0/users');
    expect([r.status, ru(r)]).toEqual([200, '2']);
    expect(t.directoryUsage).toMatchObject({ ruSpent: 6, requestsThrottled: 1 });
    expect(await options({ resetThrottle: true })).toMatchObject({ directoryUsage: { ruSpent: 0, peakRuIn10s: 0, requestsCosted: 0, requestsThrottled: 0 } });
    t.options.directoryThrottle = { ruPer10s: 5 };
  });
});

describe('off by default', () => {
  it('costs identity requests and keeps the figures, with no quota enforced', async () => {
    const t = await startDemoTenant({ users: 60, today: TODAY });
    try {
      expect(t.options.directoryThrottle).toBe(false);
      const g = client(t);
      for (let k = 0; k < 30; k++) expect((await g.get(`/v1.0/groups/${t.info.groups.security}/transitiveMembers`)).status).toBe(200);
      expect(t.directoryUsage).toMatchObject({ enforced: false, ruPer10s: 5000, tenantSize: 'M', ruSpent: 150, requestsThrottled: 0 });
      expect(t.directoryUsage.peakRuIn10s).toBeGreaterThan(0);
      expect(t.directoryUsage.peakRuIn10s).toBeLessThanOrEqual(150);
    } finally {
      await t.close();
    }
  });
});

describe('the size model', () => {
  it('an answer\'s modelled time is latencyMs plus its kilobytes times latencyPerKbMs', () => {
    expect(answerDelayMs(100, 0, 1_000_000)).toBe(100);
    expect(answerDelayMs(100, 2, 10 * 1024)).toBe(120);
    expect(answerDelayMs(0, 1, 512)).toBe(0.5);
    expect(answerDelayMs(-5, -1, 4096)).toBe(0);
  });

  it('a bigger page answers later than a small one by its extra kilobytes times the per-KB cost', async () => {
    const t = await startDemoTenant({ users: 50, today: TODAY, latencyMs: 1, latencyPerKbMs: 0.25 });
    try {
      t.clearRequests();
      const small = await client(t).get('/v1.0/users?$top=1&$select=id');
      // fetch accepts gzip: the model counts the body as produced, not as compressed on the wire.
      const big = await client(t).get('/v1.0/users?$top=50');
      const [a, b] = t.requests;
      expect([a?.bytes, b?.bytes]).toEqual([Buffer.byteLength(small.text), Buffer.byteLength(big.text)]);
      expect(big.text.length).toBeGreaterThan(10 * 1024);
      expect(a?.modelMs).toBeCloseTo(1 + (Buffer.byteLength(small.text) / 1024) * 0.25, 2);
      expect((b?.modelMs ?? 0) - (a?.modelMs ?? 0)).toBeCloseTo(((Buffer.byteLength(big.text) - Buffer.byteLength(small.text)) / 1024) * 0.25, 2);
      // SharePoint's slice alike, and the per-KB cost changes at run time.
      const patched = (await (await fetch(`${t.url}/_demo/options`, { method: 'PATCH', body: JSON.stringify({ latencyPerKbMs: 0.5, latencyMs: 0 }) })).json()) as Record<string, unknown>;
      expect(patched).toMatchObject({ latencyPerKbMs: 0.5, latencyMs: 0 });
      t.clearRequests();
      const sp = await fetch(`${t.url}/sites/it/_api/contextinfo`, { method: 'POST', headers: { Authorization: `Bearer ${t.token}` } });
      const spBytes = Buffer.byteLength(await sp.text());
      expect(t.requests.map((e) => [e.bytes, e.modelMs])).toEqual([[spBytes, Math.round((spBytes / 1024) * 0.5 * 1000) / 1000]]);
    } finally {
      await t.close();
    }
  });

  it('defaults to a fixed time per request', async () => {
    const t = await startDemoTenant({ users: 20, today: TODAY, latencyMs: 3 });
    try {
      expect(t.options.latencyPerKbMs).toBe(0);
      await client(t).get('/v1.0/users');
      expect(t.requests.map((e) => e.modelMs)).toEqual([3]);
    } finally {
      await t.close();
    }
  });
});

describe('CLI', () => {
  it('takes --latency-per-kb-ms and --directory-throttle [ru]', async () => {
    const root = path.join(__dirname, '../../..');
    const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'workbench/demo-tenant/main.ts', '--port', '0', '--users', '20', '--latency-per-kb-ms', '1.5', '--directory-throttle', '40'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = '';
        const timer = setTimeout(() => reject(new Error(`no URL printed: ${text}`)), 20000);
        child.stdout.on('data', (d: Buffer) => {
          text += d.toString();
          if (/TOKEN=\S+/.test(text)) {
            clearTimeout(timer);
            resolve(text);
          }
        });
        child.on('exit', (code) => reject(new Error(`exited ${String(code)}: ${text}`)));
      });
      expect(out).toMatch(/0 ms \+ 1\.5 ms per KB of body; directory throttle 40 RU per 10 s/);
      const url = /URL=(\S+)/.exec(out)?.[1] ?? '';
      const options = (await (await fetch(`${url}/_demo/options`)).json()) as Record<string, unknown>;
      expect(options).toMatchObject({ latencyPerKbMs: 1.5, directoryThrottle: { ruPer10s: 40 }, directoryUsage: { enforced: true, ruPer10s: 40 } });
    } finally {
      child.kill('SIGTERM');
    }
  }, 30000);
});
