/**
 * `m365-impressions publish` against the demo tenant (Graph and SharePoint's REST slice from one server, the
 * same token): the relay's library created with permissions of its own, a copy of each report read whole as
 * v1.0 CSV whose rows are those of a direct CSV read, a second run replacing them, SharePoint's refusal to
 * create the library, and reports Graph refuses, each said with its reason while the others are kept.
 */
import { gunzipSync } from 'zlib';
import { startDemoTenant } from '../../../workbench/demo-tenant';
import type { IDemoTenant } from '../../../workbench/demo-tenant';
import { requireReport } from '../../../src/core/reports/catalog';
import { readReport } from '../../../src/core/reports/reader';
import { RELAY_LIBRARY_TITLE, decodeRelayCopy, relayFileName } from '../../../src/core/reports/relay';
import { DEFAULT_PUBLISH_REPORTS } from '../../../src/cli/commands/publish';
import { gatewayFor } from '../../helpers/graph';
import { cli, startCli, summaryOf } from './cli';

jest.setTimeout(120_000);

interface IReportLine {
  report: string;
  period: string;
  rows: number | null;
  requests: number | null;
  published: boolean;
  reason?: string;
}

describe('m365-impressions publish', () => {
  let t: IDemoTenant;
  const graph = (token = t.token): string[] => ['--graph-url', t.url, '--token', token];
  const siteUrl = (site: string): string => `${t.url}/sites/${site}`;
  /** A copy's JSON (copies are gzip-compressed). */
  const copyOf = (site: string, fn: string, period: 'D30' | 'D180'): string | undefined => {
    const bytes = t.sharePoint.getFileBytes(site, `${t.sharePoint.list(site, RELAY_LIBRARY_TITLE)?.serverRelativeUrl ?? ''}/${relayFileName(fn, { period })}`);
    return bytes && gunzipSync(bytes).toString('utf8');
  };
  const reportRequests = (): string[] => t.requests.map(r => r.path.split('?')[0] ?? '').filter(p => p.startsWith('/v1.0/reports/'));

  beforeAll(async () => {
    t = await startDemoTenant({ users: 300, seed: 11 });
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => {
    t.options.noReportRole = false;
    t.options.latencyMs = 0;
  });

  it('creates the library with permissions of its own and publishes a copy of each report: the rows of a direct CSV read', async () => {
    t.clearRequests();
    const run = await cli(['publish', '--site', siteUrl('it'), '--json', ...graph()]);
    expect(run.code).toBe(0);
    const admin = t.info.people.admin?.userPrincipalName ?? '';
    const summary = summaryOf(run);
    expect(summary).toMatchObject({ command: 'publish', ok: true, output: siteUrl('it'), library: RELAY_LIBRARY_TITLE, publishedBy: admin, published: 11, failed: 0, graphRequests: 11, downloads: 11, warnings: [] });
    const lines = summary.reports as IReportLine[];
    expect(lines.map(l => `${l.report} ${l.period}`)).toEqual([...DEFAULT_PUBLISH_REPORTS.map(fn => `${fn} D30`), 'getOffice365ActiveUserDetail D180']);
    expect(lines.every(l => l.published && l.requests === 2)).toBe(true);
    expect(reportRequests()).toHaveLength(11);

    const list = t.sharePoint.list('it', RELAY_LIBRARY_TITLE);
    expect(list).toMatchObject({ hasUniqueRoleAssignments: true, readers: [t.info.people.admin?.id], writers: [t.info.people.admin?.id] });
    expect([...(list?.files ?? [])].sort()).toEqual([...DEFAULT_PUBLISH_REPORTS.map(fn => relayFileName(fn, { period: 'D30' })), relayFileName('getOffice365ActiveUserDetail', { period: 'D180' })].sort());
    const direct = gatewayFor(t.url, t.token);
    for (const line of lines) {
      const entry = requireReport(line.report);
      const param = { period: line.period as 'D30' | 'D180' };
      const copy = decodeRelayCopy(copyOf('it', line.report, param.period) ?? '', entry, param, 'the library');
      const csv = await readReport(direct, entry, param, { format: 'csv' });
      expect(copy.rows).toEqual(csv.rows);
      expect(copy.rows.length).toBe(line.rows);
      expect(copy.refreshDate).toBe(csv.refreshDate);
      expect(copy.format).toBe('csv');
      expect(copy.source).toMatchObject({ kind: 'relay', publishedBy: admin });
    }
    expect(lines.find(l => l.report === 'getOffice365ActiveUserDetail')?.rows).toBeGreaterThan(100);

    // One line per report, then the summary with the time and the requests; the token nowhere.
    expect(run.stderr).toMatch(/^Created the library 'M365 Impressions relay' in .*sites\/it with permissions of its own: only admin@/m);
    expect(run.stderr).toMatch(/^getMailboxUsageDetail D30: [\d,]+ rows, 2 requests, published$/m);
    expect(run.stderr).toMatch(/^getOffice365ActiveUserDetail D180: [\d,]+ rows, 2 requests, published$/m);
    expect(run.stderr).toMatch(/^Published 11 of 11 report copies to the library 'M365 Impressions relay' in \S+ in [\d.]+ s: [\d,]+ rows; 11 Graph requests and 11 report downloads, \d+ SharePoint requests\.$/m);
    expect(run.stderr + run.stdout).not.toContain(t.token);
  });

  it('a second run replaces the copies, creating nothing', async () => {
    const before = JSON.parse(copyOf('it', 'getMailboxUsageDetail', 'D30') ?? '{}') as { publishedAt: string };
    t.sharePoint.clearRequests();
    await new Promise(r => setTimeout(r, 5));
    const run = await cli(['publish', '--site', `${siteUrl('it')}/`, '--reports', 'getMailboxUsageDetail,getTeamsUserActivityUserDetail', ...graph()]);
    expect(run.code).toBe(0);
    const after = JSON.parse(copyOf('it', 'getMailboxUsageDetail', 'D30') ?? '{}') as { publishedAt: string };
    expect(after.publishedAt > before.publishedAt).toBe(true);
    expect(t.sharePoint.list('it', RELAY_LIBRARY_TITLE)?.files).toHaveLength(11);
    const sp = t.sharePoint.requests.map(r => `${r.method} ${decodeURIComponent(r.path.split('?')[0] ?? '')}`);
    expect(sp.filter(r => r.endsWith('/_api/web/lists'))).toEqual([]);
    expect(sp.filter(r => r.includes('AddUsingPath'))).toHaveLength(2);
    expect(run.stderr).not.toMatch(/Created the library/);
    expect(run.stderr).toMatch(/^Published 2 of 2 report copies/m);
  });

  it('SharePoint refuses to create the library: exit 3, saying what it takes, the reads still to come not made', async () => {
    const breakGlass = t.info.people.breakGlass;
    if (!breakGlass) throw new Error('no break-glass account');
    t.sharePoint.denyManageLists(breakGlass.id);
    t.clearRequests();
    const run = await cli(['publish', '--site', siteUrl('denied'), '--json', ...graph(t.tokenAs(breakGlass.userPrincipalName))]);
    expect(run.code).toBe(3);
    const summary = summaryOf(run);
    expect(summary).toMatchObject({ ok: false, exitCode: 3, published: 0, failed: 11 });
    expect(summary.error).toMatch(/^Nothing was published to the library 'M365 Impressions relay' in \S+\/sites\/denied: Could not create the library 'M365 Impressions relay' in \S+\/sites\/denied: SharePoint refused \(Access denied\.\)\. Creating it takes the right to create libraries in that site \(a site owner, or the Edit permission level\); or a site owner creates a document library named 'M365 Impressions relay' there\./);
    expect(run.stderr).toMatch(/^m365-impressions: Nothing was published/m);
    // The read that found it out says why; the reads it stopped say so.
    expect(run.stderr).toMatch(/^Warning: \w+ D30: [\d,]+ rows, 2 requests, not published: Could not create the library 'M365 Impressions relay'/m);
    expect(run.stderr).toMatch(/^Warning: \w+ D(30|180): not read: stopped, as the library could not be made \(above\)$/m);
    expect(t.sharePoint.list('denied', RELAY_LIBRARY_TITLE)).toBeUndefined();
    // The reads still to come were not made once SharePoint had refused (two go at a time).
    expect(reportRequests().length).toBeLessThan(8);
  });

  it('someone Graph does not let read reports: each report says so, nothing is created, exit 3', async () => {
    const plain = t.info.people.inactive90;
    if (!plain) throw new Error('no such person');
    const run = await cli(['publish', '--site', siteUrl('plain'), '--reports', 'getMailboxUsageDetail,getOffice365ActiveUserDetail', '--json', ...graph(t.tokenAs(plain.userPrincipalName))]);
    expect(run.code).toBe(3);
    const summary = summaryOf(run);
    const lines = summary.reports as IReportLine[];
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line).toMatchObject({ published: false, rows: null });
      expect(line.reason).toMatch(/Reports Reader/);
    }
    expect(run.stderr).toMatch(/^Warning: getMailboxUsageDetail D30: not read: .*Reports Reader/m);
    expect(t.sharePoint.list('plain', RELAY_LIBRARY_TITLE)).toBeUndefined();
  });

  it('reports refused midway: their failures kept, the others published, exit 6', async () => {
    t.options.latencyMs = 40;
    t.sharePoint.clearRequests();
    const started = startCli(['publish', '--site', siteUrl('partial'), '--json', ...graph()]);
    // Graph stops letting the admin read reports once the first copy is in.
    for (let i = 0; i < 1000; i++) {
      if (t.sharePoint.requests.some(r => r.path.includes('AddUsingPath') && r.status === 200)) break;
      await new Promise(r => setTimeout(r, 5));
    }
    t.options.noReportRole = true;
    const run = await started.done;
    expect(run.code).toBe(6);
    const summary = summaryOf(run);
    expect(summary).toMatchObject({ ok: false, exitCode: 6 });
    const lines = summary.reports as IReportLine[];
    const published = lines.filter(l => l.published);
    const refused = lines.filter(l => !l.published);
    expect(published.length).toBeGreaterThanOrEqual(1);
    expect(refused.length).toBeGreaterThanOrEqual(1);
    expect(published.length + refused.length).toBe(11);
    for (const l of refused) expect(l.reason).toMatch(/Reports Reader/);
    expect(summary.error).toMatch(new RegExp(`^${refused.length} of 11 report copies were not published \\(the others were\\); the first: `));
    expect([...(t.sharePoint.list('partial', RELAY_LIBRARY_TITLE)?.files ?? [])].sort()).toEqual(published.map(l => relayFileName(l.report, { period: l.period as 'D30' })).sort());
  });

  it('--demo: the site\'s path on the in-process demo tenant', async () => {
    const run = await cli(['publish', '--demo', '--site', 'https://contoso.sharepoint.com/sites/it', '--reports', 'getM365AppUserDetail']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^Demo tenant: publishing to http:\/\/127\.0\.0\.1:\d+\/sites\/it$/m);
    expect(run.stderr).toMatch(/^Published 1 of 1 report copy to /m);
  });

  it('a Graph-only token for a real SharePoint host: exit 3 before anything is read', async () => {
    t.clearRequests();
    const run = await cli(['publish', '--site', 'https://contoso.sharepoint.com/sites/it', ...graph()]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/publish needs a token for SharePoint \(https:\/\/contoso\.sharepoint\.com\) as well as Graph's/);
    expect(reportRequests()).toEqual([]);
  });
});
