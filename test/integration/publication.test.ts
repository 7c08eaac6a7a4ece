/**
 * The visitors' dashboard against the demo tenant over HTTP: an admin (the CLI's `dashboard` work, v1.0 CSV; and the
 * web part's Publish for visitors, beta JSON) reads the overview's reports for 180 days and publishes them to the
 * shared store's list in the demo tenant's SharePoint; a person without a report role, whom Graph refuses every
 * report with 403 S2SUnauthorized, reads the same publication back through the list, its figures those Graph gives
 * the admin for any period. No person of the tenant is in the list.
 */
import { startDemoTenant } from '../../workbench/demo-tenant';
import type { IDemoTenant } from '../../workbench/demo-tenant';
import { STORE_LIST_TITLE, SharePointTenantStore, StoreError, buildPublication, parsePublication, publishedRows } from '../../src/core/history';
import type { IPublicationRead } from '../../src/core/history';
import { GraphError } from '../../src/core/graph';
import { ReportStore } from '../../src/core/reports';
import type { IReportEntry, ReportPeriod } from '../../src/core/reports';
import { bearerFetch } from '../../src/core/sharepoint';
import { PUBLICATION_PARAM, PUBLICATION_SPECS, publicationEntries } from '../../src/ui/usage/model/publication';
import { OVERVIEW_TILES } from '../../src/ui/usage/model/tiles';
import { dashboardCommand, dashboardPlan, publishDashboard } from '../../src/cli/commands/dashboard';
import type { CommandName } from '../../src/cli/args';
import type { ICommandContext, ICommandResult } from '../../src/cli/context';
import { Progress } from '../../src/cli/progress';
import { gatewayFor } from '../helpers/graph';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

jest.setTimeout(120_000);

const TODAY = '2026-03-10';
const NOW = new Date(`${TODAY}T07:00:00Z`);

describe('the visitors\u2019 dashboard against the demo tenant', () => {
  let t: IDemoTenant;
  const site = (name: string): string => `${t.url}/sites/${name}`;
  const storeAs = (name: string, token: string): SharePointTenantStore => new SharePointTenantStore(bearerFetch(() => Promise.resolve(token)), site(name), 'property');
  const reportsAs = (token: string, format: 'csv' | 'json'): ReportStore => new ReportStore(gatewayFor(t.url, token), { format });
  /** A person without a report role (not a Global Administrator). */
  const visitorToken = (): string => t.tokenAs(t.info.people.inactive90?.userPrincipalName ?? '') ?? '';

  /** The command in this process with the shell's context (it is tested before the shell registers it). */
  async function runCommand(flags: Record<string, string>, cwd = os.tmpdir()): Promise<{ result: ICommandResult; stderr: string }> {
    let stderr = '';
    const gateway = gatewayFor(t.url, t.token);
    const ctx: ICommandContext = {
      args: { command: 'dashboard' as CommandName, positionals: [], values: new Map(Object.entries(flags)), switches: new Set() },
      cwd,
      today: TODAY,
      now: () => NOW,
      progress: new Progress({ write: (text: string) => { stderr += text; return true; } }, false),
      json: true,
      stdout: () => undefined,
      env: {},
      topic: { current: 'reports' },
      watchReports: () => undefined,
      connect: async () => ({ graphUrl: t.url, gateway, reports: new ReportStore(gateway, { format: 'csv' }), auth: { kind: 'token flag', getToken: async () => t.token, secrets: [t.token] }, close: async () => undefined })
    };
    return { result: await dashboardCommand(ctx), stderr };
  }

  beforeAll(async () => {
    t = await startDemoTenant({ users: 40, seed: 3, today: TODAY });
  });
  afterEach(() => {
    t.options.noReportRole = false;
  });
  afterAll(async () => {
    await t.close();
  });

  it('the CLI publishes every overview tile; a visitor Graph refuses reports reads it back, its figures Graph\u2019s for any period', async () => {
    const admin = reportsAs(t.token, 'csv');
    const outcome = await publishDashboard(entry => admin.get(entry, PUBLICATION_PARAM), storeAs('it', t.token), () => NOW, 'admin@contoso.com');
    expect(outcome.written).toBe(true);
    expect(outcome.built.published).toEqual(OVERVIEW_TILES.map(tile => tile.key));
    expect(outcome.built.left).toEqual([]);
    expect(outcome.failures.size).toBe(0);

    // The visitor: Graph refuses the report for the role...
    const visitor = reportsAs(visitorToken(), 'json');
    const email = publicationEntries().find(e => e.fn === 'getEmailActivityCounts') as IReportEntry;
    const refused = await visitor.get(email, { period: 'D30' }).then(() => undefined, (e: unknown) => e);
    expect(refused).toBeInstanceOf(GraphError);
    expect((refused as GraphError).kind).toBe('role');
    // ...and the list gives the publication.
    const back = parsePublication(await storeAs('it', visitorToken()).readPublication());
    if (back.status !== 'ok') throw new Error(`publication ${back.status}`);
    expect(back.skipped).toEqual([]);
    expect(back.publication.publishedBy).toBe('admin@contoso.com');
    expect(back.publication.publishedAt).toBe(NOW.toISOString());
    expect(Object.values(back.publication.reportDates)).toEqual(expect.arrayContaining([t.info.refreshDate]));

    // Each period's published rows are the figures Graph gives the admin for that period.
    for (const period of ['D7', 'D30', 'D90'] as ReportPeriod[]) {
      const live = await admin.get(email, { period });
      const source = back.tiles.email?.sources[0];
      if (!source) throw new Error('no email tile');
      const published = publishedRows(source, period).map(r => [r['Report Date'], r.Send, r.Receive, r.Read]);
      const graph = live.rows.map(r => [r['Report Date'], r.Send, r.Receive, r.Read]).sort((a, b) => String(b[0]).localeCompare(String(a[0])));
      expect(published).toEqual(graph);
    }
  });

  it('the web part\u2019s reads (beta JSON) publish the same figures as the CLI\u2019s (v1.0 CSV)', async () => {
    const readAll = async (store: ReportStore): Promise<Map<string, IPublicationRead>> => {
      const reads = new Map<string, IPublicationRead>();
      for (const entry of publicationEntries()) {
        const r = await store.get(entry, PUBLICATION_PARAM);
        reads.set(entry.fn, { rows: r.rows, refreshDate: r.refreshDate });
      }
      return reads;
    };
    const csv = await readAll(reportsAs(t.token, 'csv'));
    const json = await readAll(reportsAs(t.token, 'json'));
    const fromCsv = buildPublication(PUBLICATION_SPECS, fn => csv.get(fn), NOW, 'admin@contoso.com').publication;
    const fromJson = buildPublication(PUBLICATION_SPECS, fn => json.get(fn), NOW, 'admin@contoso.com').publication;
    expect(fromJson).toEqual(fromCsv);
  });

  it('holds no UPN, display name or id of anyone in the tenant, only the publisher\u2019s UPN', async () => {
    const publisher = t.info.people.admin?.userPrincipalName ?? '';
    await publishDashboard(entry => reportsAs(t.token, 'csv').get(entry, PUBLICATION_PARAM), storeAs('people', t.token), () => NOW, publisher);
    const users = await gatewayFor(t.url, t.token).get<{ value: Array<{ id: string; userPrincipalName: string; displayName: string }> }>('/users?$select=id,userPrincipalName,displayName&$top=999');
    expect(users.value.length).toBeGreaterThan(30);
    const data = (t.sharePoint.listItems('people', STORE_LIST_TITLE) ?? []).map(i => String(i.fields.Data ?? '')).join('\n');
    expect(data).toContain(`"publishedBy":"${publisher}"`);
    for (const u of users.value) {
      expect(data).not.toContain(u.id);
      expect(data).not.toContain(u.displayName);
      if (u.userPrincipalName !== publisher) expect(data).not.toContain(u.userPrincipalName);
    }
  });

  it('a visitor may not publish: the store says so (read-only), and what visitors see is unchanged', async () => {
    const store = storeAs('it', t.token);
    const before = await store.readPublication();
    const person = t.info.people.inactive90;
    t.sharePoint.denyEdit(person?.id ?? '');
    const failed = await publishDashboard(entry => reportsAs(t.token, 'csv').get(entry, PUBLICATION_PARAM), storeAs('it', visitorToken()), () => new Date(NOW.getTime() + 3_600_000), person?.userPrincipalName ?? '')
      .then(() => undefined, (e: unknown) => e);
    expect(failed).toBeInstanceOf(StoreError);
    expect((failed as StoreError).kind).toBe('readOnly');
    expect(await store.readPublication()).toEqual(before);
  });

  it('nothing read, nothing written: a run whose every report is refused replaces nothing', async () => {
    const store = storeAs('it', t.token);
    const before = await store.readPublication();
    const visitor = reportsAs(visitorToken(), 'csv');
    const outcome = await publishDashboard(entry => visitor.get(entry, PUBLICATION_PARAM), store, () => NOW, 'someone');
    expect(outcome.written).toBe(false);
    expect(outcome.failures.size).toBe(publicationEntries().length);
    expect(await store.readPublication()).toEqual(before);
  });

  it('dashboard --site publishes to the site\u2019s list as the signed-in admin; --to writes the file', async () => {
    const { result, stderr } = await runCommand({ site: site('cli') });
    expect(result.exitCode).toBeUndefined();
    expect(result.warnings).toEqual([]);
    const admin = t.info.people.admin?.userPrincipalName ?? '';
    expect(result.details).toMatchObject({ publishedBy: admin, tiles: OVERVIEW_TILES.map(tile => tile.key), left: [] });
    // Whole sentences: where the dashboard is kept is said beside them, never spliced into one.
    expect(stderr).toMatch(/Published 6 of 6 tiles for visitors as \S+ \(.*\)\. History is kept in the list 'M365 Impressions history' at /);
    expect(stderr).toMatch(/to publish for visitors\. History is kept in the list /);
    expect(stderr).not.toMatch(/visitors to History/);
    const back = parsePublication(await storeAs('cli', visitorToken()).readPublication());
    expect(back.status).toBe('ok');
    expect(back.status === 'ok' && back.publication.publishedBy).toBe(admin);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'm365i-dashboard-'));
    try {
      const file = await runCommand({ to: 'history.jsonl' }, dir);
      expect(file.result.exitCode).toBeUndefined();
      const lines = fs.readFileSync(path.join(dir, 'history.jsonl'), 'utf8').trim().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`"publishedBy":"${admin}"`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('dashboard with every report refused for the role writes nothing and exits as a permission failure (3), saying why', async () => {
    t.options.noReportRole = true;
    const { result } = await runCommand({ site: site('refused') });
    expect(result.exitCode).toBe(3);
    expect(result.error).toMatch(/^Nothing was published for visitors: Active users by service: not published: .*role/);
    expect(result.warnings).toHaveLength(OVERVIEW_TILES.length);
    expect(t.sharePoint.list('refused', STORE_LIST_TITLE)).toBeUndefined();
  });

  it('the command\u2019s flags: --site (a site, not a page) or --to, one of them', () => {
    expect(dashboardPlan(new Map([['site', 'https://contoso.sharepoint.com/sites/it/']]))).toEqual({ site: 'https://contoso.sharepoint.com/sites/it' });
    expect(dashboardPlan(new Map([['to', 'history.jsonl']]))).toEqual({ to: 'history.jsonl' });
    expect(() => dashboardPlan(new Map())).toThrow(/dashboard needs --site/);
    expect(() => dashboardPlan(new Map([['site', 'https://contoso.sharepoint.com/sites/it'], ['to', 'h.jsonl']]))).toThrow(/not both/);
    expect(() => dashboardPlan(new Map([['to', 'history.xlsx']]))).toThrow(/JSON-lines file/);
    expect(() => dashboardPlan(new Map([['site', 'https://contoso.sharepoint.com/sites/it/SitePages/Home.aspx']]))).toThrow(/not a page/);
  });
});
