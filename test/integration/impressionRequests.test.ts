/**
 * What a first impression costs in report requests (issue 20), against the demo tenant over real HTTP: the
 * impression's 10 reports (9 workload reports and the active-user report) read whole at Graph's default 200
 * rows a page, as before; read to the user's row in large pages (levers 1+2); and from relay copies in a
 * SharePoint library, where Graph is asked for one row per report. Request counts only: times are the
 * benchmark's (test/bench/impression.bench.ts), never asserted here.
 */
import { startDemoTenant } from '../../workbench/demo-tenant';
import type { IDemoTenant } from '../../workbench/demo-tenant';
import { ReportStore } from '../../src/core/reports/store';
import type { IReportStoreOptions } from '../../src/core/reports/store';
import { requireReport } from '../../src/core/reports/catalog';
import { PageSizer } from '../../src/core/reports/pageSize';
import { RELAY_LIBRARY_TITLE } from '../../src/core/reports/relay';
import { SharePointLibrary } from '../../src/core/sharepoint/library';
import { bearerFetch } from '../../src/core/sharepoint/bearer';
import { ACTIVITY_REPORT } from '../../src/core/directory/activity';
import { loadSkuNames } from '../../src/core/directory/skus';
import type { SkuNameLookup } from '../../src/core/directory/skus';
import { findUserRow, WORKLOAD_SOURCES } from '../../src/core/impression/workloads';
import { loadImpression } from '../../src/core/impression/session';
import type { IImpression } from '../../src/core/impression/loadImpression';
import type { IReportEntry } from '../../src/core/reports/types';
import { gatewayFor } from '../helpers/graph';

jest.setTimeout(120_000);

/** The impression's reports and the column naming the user in each. */
const REPORTS: ReadonlyArray<{ entry: IReportEntry; userColumn: string }> = [
  ...WORKLOAD_SOURCES.map(s => ({ entry: requireReport(s.fn), userColumn: s.userColumn })),
  { entry: requireReport(ACTIVITY_REPORT), userColumn: 'User Principal Name' }
];
const D30 = { period: 'D30' } as const;
const SITE = 'impression-relay';

describe('a first impression\'s report requests', () => {
  let t: IDemoTenant;
  let names: SkuNameLookup;
  let upn: string;
  /** Per report: its rows, and where the user's row is (-1: none), from whole reads. */
  let shape: Map<string, { rows: number; at: number }>;

  const library = (): SharePointLibrary => new SharePointLibrary(bearerFetch(async () => t.token), `${t.url}/sites/${SITE}`, RELAY_LIBRARY_TITLE);

  /** Graph's report requests since the log was cleared, per report function (the 400s too). */
  const graphRequests = (): Map<string, string[]> => {
    const out = new Map<string, string[]>(REPORTS.map(r => [r.entry.fn, []]));
    for (const e of t.requests) {
      const fn = /^\/(?:v1\.0|beta)\/reports\/(\w+)\(/.exec(e.path)?.[1];
      if (fn) out.get(fn)?.push(`${e.status} ${e.path}`);
    }
    return out;
  };
  const total = (byFn: Map<string, string[]>): number => [...byFn.values()].reduce((n, list) => n + list.length, 0);

  /** A first impression on a fresh store (so nothing is held yet), after the request logs are cleared. */
  const firstImpression = async (options: IReportStoreOptions): Promise<{ impression: IImpression; store: ReportStore }> => {
    const gw = gatewayFor(t.url, t.token);
    const store = new ReportStore(gw, options);
    t.clearRequests();
    t.sharePoint.clearRequests();
    const impression = await loadImpression(gw, store, upn, 'D30', names);
    // Let a page fetched ahead of a lookup that has ended finish, so the log holds every request Graph answered.
    await new Promise(r => setTimeout(r, 300));
    return { impression, store };
  };

  const expectRows = (impression: IImpression): void => {
    expect(impression.directory.requests).toBe(1);
    expect(impression.workloads.map(w => w.status)).toEqual(REPORTS.slice(0, -1).map(r => (shape.get(r.entry.fn)?.at ?? -1) >= 0 ? 'ready' : 'noRow'));
    expect(impression.activeUser.status).toBe('ready');
  };

  beforeAll(async () => {
    t = await startDemoTenant({ users: 2300, seed: 6 });
    names = await loadSkuNames();
    upn = t.info.people.admin?.userPrincipalName ?? '';
    const whole = new ReportStore(gatewayFor(t.url, t.token), { format: 'json', sizer: new PageSizer([200]) });
    shape = new Map(await Promise.all(REPORTS.map(async ({ entry, userColumn }) => {
      const rows = (await whole.get(entry, D30)).rows;
      const row = findUserRow(rows, userColumn, upn);
      return [entry.fn, { rows: rows.length, at: row ? rows.indexOf(row) : -1 }] as const;
    })));
    // More than one 1,000-row page in each report: large pages do not read a report in one request.
    expect(Math.min(...[...shape.values()].map(s => s.rows))).toBeGreaterThan(1000);
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => {
    t.options.reportPageCap = 200;
    t.options.reportTopOverCap = 'cap';
  });

  /** Pages of `size` rows it takes to reach row `at` (a row not there: the whole report). */
  const pagesTo = (fn: string, size: number): number => {
    const s = shape.get(fn);
    if (!s) throw new Error(`no shape for ${fn}`);
    return s.at >= 0 ? Math.floor(s.at / size) + 1 : Math.max(1, Math.ceil(s.rows / size));
  };

  let leversOff = 0;

  it('levers off (200-row pages, whole reads): every report read whole, a request per 200 rows', async () => {
    const gw = gatewayFor(t.url, t.token);
    const store = new ReportStore(gw, { format: 'json', sizer: new PageSizer([200]) });
    t.clearRequests();
    await Promise.all(REPORTS.map(r => store.get(r.entry, D30)));
    const byFn = graphRequests();
    for (const { entry } of REPORTS) expect([entry.fn, byFn.get(entry.fn)?.length]).toEqual([entry.fn, Math.ceil((shape.get(entry.fn)?.rows ?? 0) / 200)]);
    leversOff = total(byFn);
    expect(leversOff).toBe(store.stats.requests);
    // Several pages a report: reading to the row has something to save.
    expect(leversOff).toBeGreaterThan(5 * REPORTS.length);
  });

  it('levers 1+2 (large pages, read to the row): the user\'s page and at most one page fetched ahead per report, far fewer than whole reads', async () => {
    t.options.reportPageCap = 1000;
    const { impression, store } = await firstImpression({ format: 'json' });
    expectRows(impression);
    const byFn = graphRequests();
    for (const { entry } of REPORTS) {
      const pages = pagesTo(entry.fn, 1000);
      const sent = byFn.get(entry.fn)?.length ?? 0;
      expect([entry.fn, sent >= pages && sent <= pages + 1]).toEqual([entry.fn, true]);
      // The first page asks for more than Graph serves (learning its cap); none is refused.
      expect(byFn.get(entry.fn)?.every(r => r.startsWith('200 '))).toBe(true);
    }
    expect(store.stats.requests).toBe(REPORTS.reduce((n, r) => n + pagesTo(r.entry.fn, 1000), 0));
    expect(store.stats.requests).toBeLessThan(leversOff / 5);
    expect(total(byFn)).toBeLessThan(leversOff / 2);
    expect(store.sizer.state()).toEqual({ ask: 1000, cap: 1000, refused: [] });
  });

  it('lever 2 alone (200-row pages, read to the row) also reads only to the user\'s page', async () => {
    const { impression, store } = await firstImpression({ format: 'json', sizer: new PageSizer([200]) });
    expectRows(impression);
    expect(store.stats.requests).toBe(REPORTS.reduce((n, r) => n + pagesTo(r.entry.fn, 200), 0));
    expect(total(graphRequests())).toBeLessThanOrEqual(store.stats.requests + REPORTS.length);
    expect(total(graphRequests())).toBeLessThan(leversOff);
  });

  it('a Graph that refuses a $top over its cap costs at most one 400 per read begun before the step down', async () => {
    t.options.reportPageCap = 1000;
    t.options.reportTopOverCap = 'reject';
    const { impression, store } = await firstImpression({ format: 'json', concurrency: 4 });
    expectRows(impression);
    const refused = [...graphRequests().values()].flat().filter(r => r.startsWith('400 '));
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeLessThanOrEqual(4);
    expect(store.stats.requests).toBe(REPORTS.reduce((n, r) => n + pagesTo(r.entry.fn, 1000), 0));
    expect(store.sizer.state()).toEqual({ ask: 1000, refused: [5000] });
  });

  it('from relay copies: exactly one Graph report request per report (one row: access and report date), the rows from SharePoint', async () => {
    // Published as the CLI publishes: a CSV store reading each report whole (one v1.0 request each).
    const publisher = new ReportStore(gatewayFor(t.url, t.token), { format: 'csv', relay: { files: library(), read: false, publish: true } });
    t.clearRequests();
    await Promise.all(REPORTS.map(r => publisher.get(r.entry, D30)));
    expect((await publisher.published()).filter(p => p.ok)).toHaveLength(REPORTS.length);
    expect(total(graphRequests())).toBe(REPORTS.length);

    t.options.reportPageCap = 1000;
    const { impression, store } = await firstImpression({ format: 'json', relay: { files: library(), read: true, publish: false } });
    expectRows(impression);
    const byFn = graphRequests();
    for (const { entry } of REPORTS) {
      expect([entry.fn, byFn.get(entry.fn)?.length]).toEqual([entry.fn, 1]);
      expect(byFn.get(entry.fn)?.[0]).toMatch(/^200 \/beta\/reports\/.*\$top=1(&|$)/);
    }
    expect(store.stats.requests).toBe(REPORTS.length);
    expect(store.relayLog.map(e => e.outcome)).toEqual(REPORTS.map(() => 'used'));
    // SharePoint: the library found once, then one file per report.
    expect(t.sharePoint.requests).toHaveLength(1 + REPORTS.length);
  });
});
