import { startDemoTenant } from '../../workbench/demo-tenant';
import type { IDemoTenant } from '../../workbench/demo-tenant';
import { REPORT_CATALOG } from '../../src/core/reports/catalog';
import { readReport } from '../../src/core/reports/reader';
import { ReportStore } from '../../src/core/reports/store';
import type { ReportParam } from '../../src/core/reports/params';
import { GraphError } from '../../src/core/graph/GraphError';
import { GraphGateway } from '../../src/core/graph/GraphGateway';
import { createTokenClient } from '../../src/core/graph/tokenClient';
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
    const entry = REPORT_CATALOG.find(e => e.fn === 'getOffice365ActiveUserDetail')!;
    const res = await readReport(gw, entry, { period: 'D30' }, { format: 'csv' });
    expect(res.requests).toBe(2);
    const log = t.requests.map(r => `${r.status} ${r.path}`);
    expect(log[0]).toMatch(/^302 .*getOffice365ActiveUserDetail/);
    expect(log[1]).toMatch(/^200 /);
  });

  it('reads a date, and Graph refuses dates older than 30 days', async () => {
    const gw = gatewayFor(t.url, t.token);
    const entry = REPORT_CATALOG.find(e => e.fn === 'getEmailActivityUserDetail')!;
    await expect(readReport(gw, entry, { date: '2020-01-01' }, { format: 'json' })).rejects.toMatchObject({ status: 400 });
  });

  it('the store reads each report once per session and shares it', async () => {
    const gw = gatewayFor(t.url, t.token);
    const store = new ReportStore(gw, { format: 'json' });
    const entry = REPORT_CATALOG.find(e => e.fn === 'getMailboxUsageDetail')!;
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
      const entry = REPORT_CATALOG.find(e => e.fn === 'getEmailActivityCounts')!;
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
      const entry = REPORT_CATALOG.find(e => e.fn === 'getEmailActivityCounts')!;
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
      const gw = new GraphGateway(createTokenClient({ baseUrl: limited.url, getToken: async () => limited.token, maxRetries: 0 }), limited.url);
      const entry = REPORT_CATALOG.find(e => e.fn === 'getEmailActivityCounts')!;
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
