import { startDemoTenant } from '../../workbench/demo-tenant';
import type { IDemoTenant } from '../../workbench/demo-tenant';
import { REPORT_CATALOG, requireReport } from '../../src/core/reports/catalog';
import { readReport } from '../../src/core/reports/reader';
import { ReportStore } from '../../src/core/reports/store';
import { ReportLimiter } from '../../src/core/reports/limiter';
import type { ReportParam } from '../../src/core/reports/params';
import { GraphError } from '../../src/core/graph/GraphError';
import { explainError } from '../../src/core/graph/explain';
import { gatewayFor } from '../helpers/graph';

jest.setTimeout(120_000);

// The browser reads beta JSON, Node reads v1.0 CSV: on the same tenant they must yield the same rows.
describe('report readers against the demo tenant', () => {
  let t: IDemoTenant;
  beforeAll(async () => { t = await startDemoTenant({ users: 120, seed: 5 }); });
  afterAll(async () => { await t.close(); });

  const paramOf = (params: readonly string[]): ReportParam | undefined => (params.includes('period') ? { period: 'D7' } : params.includes('date') ? { date: t.info.refreshDate } : undefined);

  it.each(REPORT_CATALOG.map(e => [e.fn, e] as const))('%s: CSV and JSON readers give identical rows', async (_fn, entry) => {
    const gw = gatewayFor(t.url, t.token);
    const param = paramOf(entry.params);
    const [csv, json] = await Promise.all([readReport(gw, entry, param, { format: 'csv' }), readReport(gw, entry, param, { format: 'json', pageSize: 50 })]);
    expect(csv.rows.length).toBeGreaterThan(0);
    // JSON-only extras (e.g. SharePoint's PascalCase fields) are kept as unknown columns; the catalog's columns must agree.
    const headers = entry.columns.map(c => c.header);
    const project = (rows: typeof csv.rows) => rows.map(r => Object.fromEntries(headers.map(h => [h, r[h] ?? null])));
    expect(project(json.rows)).toEqual(project(csv.rows));
    expect(csv.unknownColumns).toEqual([]);
    expect(csv.refreshDate).toBe(json.refreshDate);
    expect(csv.warnings).toEqual([]);
  });

  it('follows the v1.0 302 to the download without sending the token there', async () => {
    const gw = gatewayFor(t.url, t.token);
    t.clearRequests();
    const entry = requireReport('getOffice365ActiveUserDetail');
    const res = await readReport(gw, entry, { period: 'D30' }, { format: 'csv' });
    expect(res.requests).toBe(2);
    const log = t.requests.map(r => `${r.status} ${r.path}`);
    expect(log[0]).toMatch(/^302 .*getOffice365ActiveUserDetail/);
    expect(log[1]).toMatch(/^200 /);
  });

  it('reads a date, and Graph refuses dates older than 30 days', async () => {
    const gw = gatewayFor(t.url, t.token);
    const entry = requireReport('getEmailActivityUserDetail');
    await expect(readReport(gw, entry, { date: '2020-01-01' }, { format: 'json' })).rejects.toMatchObject({ status: 400 });
  });

  it('the store reads each report once per session and shares it', async () => {
    const gw = gatewayFor(t.url, t.token);
    const store = new ReportStore(gw, { format: 'json' });
    const entry = requireReport('getMailboxUsageDetail');
    const [a, b] = await Promise.all([store.get(entry, { period: 'D30' }), store.get(entry, { period: 'D30' })]);
    await store.get(entry, { period: 'D30' });
    expect(a).toBe(b);
    expect(store.stats.reads).toBe(1);
    await store.get(entry, { period: 'D7' });
    expect(store.stats.reads).toBe(2);
  });

  it('waits out throttling (429 + Retry-After) and then reads', async () => {
    const busy = await startDemoTenant({ users: 30, seed: 5, faultRate: 0.5 });
    try {
      const gw = gatewayFor(busy.url, busy.token);
      const entry = requireReport('getEmailActivityCounts');
      const res = await readReport(gw, entry, { period: 'D7' }, { format: 'json' });
      expect(res.rows.length).toBeGreaterThan(0);
      expect(busy.requests.some(r => r.status === 429 || r.status === 503)).toBe(true);
    } finally {
      await busy.close();
    }
  });

  it('no report role is a typed role error', async () => {
    const noRole = await startDemoTenant({ users: 20, seed: 5, noReportRole: true });
    try {
      const entry = requireReport('getEmailActivityCounts');
      const err = await readReport(gatewayFor(noRole.url, noRole.token), entry, { period: 'D7' }, { format: 'json' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GraphError);
      expect((err as GraphError).kind).toBe('role');
    } finally {
      await noRole.close();
    }
  });

  it('at Graph\'s documented limit (14 CSV reads / 10 min) the next read is throttled with a wait to count down', async () => {
    const limited = await startDemoTenant({ users: 20, seed: 5, throttle: true });
    try {
      // No client retries here: the 15th read must surface as data, not hang for minutes.
      const gw = gatewayFor(limited.url, limited.token, 0);
      const entry = requireReport('getEmailActivityCounts');
      for (let i = 0; i < 14; i++) await readReport(gw, entry, { period: 'D7' }, { format: 'csv' });
      const err = await readReport(gw, entry, { period: 'D7' }, { format: 'csv' }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(GraphError);
      expect((err as GraphError).kind).toBe('throttled');
      expect((err as GraphError).retryAfterSeconds).toBeGreaterThan(0);
      expect(explainError(err, 'reports').retryAfterSeconds).toBe((err as GraphError).retryAfterSeconds);
      // The session store would never have asked twice.
      const store = new ReportStore(gatewayFor(limited.url, limited.token), { format: 'json' });
      await store.get(entry, { period: 'D30' });
      await store.get(entry, { period: 'D30' });
      expect(store.stats.reads).toBe(1);
    } finally {
      await limited.close();
    }
  });
});

describe('the report limiter against a demo tenant that enforces Graph\'s limits', () => {
  // The simulator and the limiter share a shortened window (Graph's is 10 minutes); the counts are Graph's.
  const WINDOW_MS = 2500;
  const throttled = (t: IDemoTenant) => t.requests.filter(r => r.status === 429);

  it('CSV: a 16th read of one report inside the window waits for a place instead of drawing a 429', async () => {
    const t = await startDemoTenant({ users: 20, seed: 5, throttle: true, reportWindowMs: WINDOW_MS });
    try {
      const limiter = new ReportLimiter({ limits: { csv: { requests: 14, windowMs: WINDOW_MS } } });
      // No client retries: a 429 would fail the read, not be hidden by the retry handler.
      const gw = gatewayFor(t.url, t.token, 0);
      const store = new ReportStore(gw, { format: 'csv', limiter, concurrency: 4 });
      const entry = requireReport('getEmailActivityUserDetail');
      const dates = Array.from({ length: 16 }, (_, i) => new Date(Date.parse(`${t.info.refreshDate}T00:00:00Z`) - i * 86_400_000).toISOString().slice(0, 10));
      const waits: number[] = [];
      store.subscribe((_k, p) => { if (p?.waitingUntil !== undefined) waits.push(p.waitingUntil); });
      const results = await Promise.all(dates.map(date => store.get(entry, { date })));
      expect(results.every(r => r.rows.length > 0)).toBe(true);
      expect(throttled(t)).toEqual([]);
      expect(limiter.stats.granted).toBe(16);
      expect(limiter.stats.waits).toBeGreaterThanOrEqual(2);
      expect(waits.length).toBeGreaterThanOrEqual(2);
    } finally {
      await t.close();
    }
  });

  it('JSON: a report of more pages than the window allows finishes in two windows with every row, without a 429', async () => {
    const t = await startDemoTenant({ users: 230, seed: 5, throttle: true, reportWindowMs: WINDOW_MS });
    try {
      const limiter = new ReportLimiter({ limits: { json: { requests: 100, windowMs: WINDOW_MS } } });
      const gw = gatewayFor(t.url, t.token, 0);
      const store = new ReportStore(gw, { format: 'json', limiter, pageSize: 1 });
      const entry = requireReport('getOffice365ActiveUserDetail');
      const started = Date.now();
      const json = await store.get(entry, { period: 'D7' });
      expect(json.requests).toBeGreaterThan(100);
      expect(Date.now() - started).toBeGreaterThanOrEqual(WINDOW_MS);
      expect(throttled(t)).toEqual([]);
      expect(limiter.stats.waits).toBeGreaterThanOrEqual(1);
      const csv = await readReport(gatewayFor(t.url, t.token), entry, { period: 'D7' }, { format: 'csv' });
      expect(json.rows.map(r => r['User Principal Name'])).toEqual(csv.rows.map(r => r['User Principal Name']));
    } finally {
      await t.close();
    }
  });

  it('without the limiter the same JSON read runs into Graph\'s 429 (what the limiter prevents)', async () => {
    const t = await startDemoTenant({ users: 230, seed: 5, throttle: true, reportWindowMs: 60_000 });
    try {
      const gw = gatewayFor(t.url, t.token, 0);
      const entry = requireReport('getOffice365ActiveUserDetail');
      const err = await readReport(gw, entry, { period: 'D7' }, { format: 'json', pageSize: 1 }).catch((e: unknown) => e);
      expect((err as GraphError).kind).toBe('throttled');
      expect(throttled(t).length).toBeGreaterThan(0);
    } finally {
      await t.close();
    }
  });
});
