/** Fault modes: report throttling, random 429/503, latency, no report role, the bounded log, the CLI. */
import { spawn } from 'child_process';
import * as http from 'http';
import { gunzipSync } from 'zlib';
import * as path from 'path';
import { IDemoTenant, startDemoTenant } from '../../../workbench/demo-tenant';
import { RequestLog } from '../../../workbench/demo-tenant/server';
import { client, expectGraphError, TODAY } from './helpers';

describe('report throttling at Graph limits', () => {
  let t: IDemoTenant;
  beforeAll(async () => {
    t = await startDemoTenant({ users: 30, today: TODAY, throttle: true });
  });
  afterAll(async () => {
    await t.close();
  });

  it('allows 14 CSV calls per report per 10 minutes, then 429 with Retry-After; other reports and JSON are counted apart', async () => {
    const g = client(t);
    const call = "/v1.0/reports/getEmailActivityCounts(period='D7')";
    for (let k = 0; k < 14; k++) expect((await g.get(call)).status).toBe(302);
    const r = await g.get(call);
    expectGraphError(r, 429, 'TooManyRequests');
    const retry = Number(r.headers.get('retry-after'));
    expect(retry).toBeGreaterThan(500);
    expect(retry).toBeLessThanOrEqual(600);
    expect((await g.get("/v1.0/reports/getEmailActivityUserCounts(period='D7')")).status).toBe(302);
    expect((await g.get("/beta/reports/getEmailActivityCounts(period='D7')?$format=application/json")).status).toBe(200);
    // Inside a batch each item carries its own 429.
    const b = await g.post('/v1.0/$batch', { requests: [{ id: '1', method: 'GET', url: "/reports/getEmailActivityCounts(period='D7')" }, { id: '2', method: 'GET', url: '/users?$top=1' }] });
    const statuses = Object.fromEntries((b.body as { responses: Array<{ id: string; status: number; headers: Record<string, string> }> }).responses.map((x) => [x.id, x.status]));
    expect(statuses).toEqual({ '1': 429, '2': 200 });
  });

  it('allows 100 JSON calls per report per 10 minutes', async () => {
    const g = client(t);
    const call = "/beta/reports/getYammerActivityCounts(period='D7')?$format=application/json";
    const statuses = await Promise.all(Array.from({ length: 100 }, () => g.get(call).then((r) => r.status)));
    expect(statuses.every((s) => s === 200)).toBe(true);
    expectGraphError(await g.get(call), 429, 'TooManyRequests');
  });
});

describe('random faults', () => {
  it('faultRate 1 fails every Graph request with 429 or 503 and a Retry-After', async () => {
    const t = await startDemoTenant({ users: 20, today: TODAY, faultRate: 1 });
    try {
      const codes = new Set<number>();
      for (let k = 0; k < 12; k++) {
        const r = await client(t).get('/v1.0/users?$top=1');
        expect([429, 503]).toContain(r.status);
        expect(Number(r.headers.get('retry-after'))).toBeGreaterThan(0);
        expectGraphError(r, r.status, r.status === 429 ? 'TooManyRequests' : 'serviceNotAvailable');
        codes.add(r.status);
      }
      expect(codes.size).toBe(2);
    } finally {
      await t.close();
    }
  });

  it('a partial rate is deterministic from the seed', async () => {
    const run = async (): Promise<number[]> => {
      const t = await startDemoTenant({ users: 20, today: TODAY, faultRate: 0.3, seed: 42 });
      try {
        const out: number[] = [];
        for (let k = 0; k < 30; k++) out.push((await client(t).get('/v1.0/users?$top=1')).status);
        return out;
      } finally {
        await t.close();
      }
    };
    const a = await run();
    const b = await run();
    expect(a).toEqual(b);
    expect(a.filter((s) => s === 200).length).toBeGreaterThan(10);
    expect(a.filter((s) => s !== 200).length).toBeGreaterThan(2);
  });
});

describe('latency, roles and runtime switches', () => {
  it('takes the configured latency per request (its own work included)', async () => {
    const t = await startDemoTenant({ users: 20, today: TODAY, latencyMs: 80 });
    try {
      const started = Date.now();
      await client(t).get('/v1.0/users?$top=1');
      expect(Date.now() - started).toBeGreaterThanOrEqual(75);
    } finally {
      await t.close();
    }
  });

  it('compresses JSON with gzip for a client that accepts it, as Graph does; the same body either way', async () => {
    const t = await startDemoTenant({ users: 50, today: TODAY });
    try {
      const url = `${t.url}/v1.0/users?$select=id,displayName&$top=50`;
      const raw = (accept: string): Promise<{ encoding: string | undefined; body: Buffer }> => new Promise((resolve, reject) => {
        http.get(url, { headers: { Authorization: `Bearer ${t.token}`, 'Accept-Encoding': accept } }, res => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ encoding: res.headers['content-encoding'], body: Buffer.concat(chunks) }));
        }).on('error', reject);
      });
      const plain = await raw('identity');
      const zipped = await raw('gzip, deflate');
      expect(plain.encoding).toBeUndefined();
      expect(zipped.encoding).toBe('gzip');
      expect(zipped.body.length).toBeLessThan(plain.body.length / 2);
      const body = JSON.parse(plain.body.toString('utf8')) as { value: unknown[] };
      expect(body.value).toHaveLength(50);
      expect(JSON.parse(gunzipSync(zipped.body).toString('utf8'))).toEqual(body);
    } finally {
      await t.close();
    }
  });

  it('without a report role, reports answer 403 S2SUnauthorized "Invalid Permission."; switchable at runtime', async () => {
    const t = await startDemoTenant({ users: 20, today: TODAY, noReportRole: true });
    try {
      expectGraphError(await client(t).get("/v1.0/reports/getEmailActivityCounts(period='D7')"), 403, 'S2SUnauthorized', 'Invalid Permission.');
      expectGraphError(await client(t).get("/beta/reports/getEmailActivityCounts(period='D7')?$format=application/json"), 403, 'S2SUnauthorized');
      const patched = await fetch(`${t.url}/_demo/options`, { method: 'PATCH', body: JSON.stringify({ noReportRole: false, concealed: true }) });
      expect(await patched.json()).toMatchObject({ noReportRole: false, concealed: true });
      expect((await client(t).get("/v1.0/reports/getEmailActivityCounts(period='D7')")).status).toBe(302);
      expect((await client(t).get('/v1.0/admin/reportSettings')).body).toMatchObject({ displayConcealedNames: true });
      const minted = (await (await fetch(`${t.url}/_demo/token?scopes=User.Read.All`)).json()) as { token: string };
      expectGraphError(await client(t, minted.token).get('/v1.0/groups'), 403, 'Authorization_RequestDenied');
    } finally {
      await t.close();
    }
  });
});

describe('request log is bounded', () => {
  it('keeps only the newest entries', () => {
    const log = new RequestLog(3);
    for (let k = 0; k < 5; k++) log.add({ method: 'GET', path: `/${k}`, status: 200, ms: 1, at: '' });
    expect(log.entries().map((e) => e.path)).toEqual(['/2', '/3', '/4']);
    log.clear();
    expect(log.entries()).toEqual([]);
  });
});

describe('CLI', () => {
  it('prints its URL and a demo token, and serves Graph', async () => {
    const root = path.join(__dirname, '../../..');
    const child = spawn(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'workbench/demo-tenant/main.ts', '--port', '0', '--users', '40', '--seed', '3', '--scopes', 'User.Read.All'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const out = await new Promise<string>((resolve, reject) => {
        let text = '';
        const timer = setTimeout(() => reject(new Error(`no URL/TOKEN printed: ${text}`)), 20000);
        child.stdout.on('data', (d: Buffer) => {
          text += d.toString();
          if (/TOKEN=\S+/.test(text)) {
            clearTimeout(timer);
            resolve(text);
          }
        });
        child.on('exit', (code) => reject(new Error(`exited ${String(code)}: ${text}`)));
      });
      const url = /URL=(\S+)/.exec(out)?.[1] ?? '';
      const token = /TOKEN=(\S+)/.exec(out)?.[1] ?? '';
      const users = await fetch(`${url}/v1.0/users?$top=1`, { headers: { Authorization: `Bearer ${token}` } });
      expect(users.status).toBe(200);
      const reports = await fetch(`${url}/v1.0/reports/getEmailActivityCounts(period='D7')`, { headers: { Authorization: `Bearer ${token}` }, redirect: 'manual' });
      expect(reports.status).toBe(403);
    } finally {
      child.kill('SIGTERM');
    }
  }, 30000);
});
