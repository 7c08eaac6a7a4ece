/**
 * The history against the demo tenant: `snapshot` (run in this process with the shell's context, before the shell
 * registers it) backfills six months from the tenant's 180-day trend reports and takes today's figures from the
 * directory, licences and reports, into the demo tenant's SharePoint list or a JSON-lines file; a second run the
 * same day backfills nothing and changes nothing; `history` exports the charts' series; a person without a report
 * role still gets the directory figures, the report ones left out (never 0).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as XLSX from 'xlsx';
import { startDemoTenant } from '../../workbench/demo-tenant';
import type { IDemoTenant } from '../../workbench/demo-tenant';
import { historyCommand, snapshotCommand } from '../../src/cli/commands/history';
import type { ICommandContext, ICommandResult } from '../../src/cli/context';
import type { CommandName } from '../../src/cli/args';
import { Progress } from '../../src/cli/progress';
import { CliError } from '../../src/cli/errors';
import { ReportStore } from '../../src/core/reports/store';
import { requireReport } from '../../src/core/reports/catalog';
import { readReport } from '../../src/core/reports/reader';
import { FileTenantStore, NO_PRICES_NOTE, SharePointTenantStore, STORE_LIST_TITLE } from '../../src/core/history';
import { streamUsers } from '../../src/core/directory';
import { bearerFetch } from '../../src/core/sharepoint';
import { fileDate } from '../../src/core/export';
import { gatewayFor } from '../helpers/graph';
import { tempDir } from './cli/cli';

jest.setTimeout(120_000);

const TODAY = '2026-03-10';

describe('history against the demo tenant', () => {
  let t: IDemoTenant;
  let dir: string;
  let reportStores: ReportStore[] = [];

  async function run(command: 'snapshot' | 'history', flags: Record<string, string>, token = (): string => t.token): Promise<{ result: ICommandResult; stderr: string }> {
    let stderr = '';
    const gateway = gatewayFor(t.url, token());
    const reports = new ReportStore(gateway, { format: 'csv' });
    reportStores.push(reports);
    const ctx: ICommandContext = {
      args: { command: command as CommandName, positionals: [], values: new Map(Object.entries(flags)), switches: new Set() },
      cwd: dir,
      today: TODAY,
      now: () => new Date(`${TODAY}T09:00:00Z`),
      progress: new Progress({ write: (s: string) => { stderr += s; return true; } }, false),
      json: false,
      stdout: () => undefined,
      env: {},
      topic: { current: 'users' },
      watchReports: () => undefined,
      connect: async () => ({ graphUrl: t.url, gateway, reports, auth: { kind: 'token flag', getToken: async () => token(), secrets: [token()] }, close: async () => undefined })
    };
    const result = await (command === 'snapshot' ? snapshotCommand : historyCommand)(ctx);
    return { result, stderr };
  }
  const fileStore = (name: string): FileTenantStore =>
    new FileTenantStore({ read: async () => (fs.existsSync(path.join(dir, name)) ? fs.readFileSync(path.join(dir, name), 'utf8') : undefined), append: async s => fs.appendFileSync(path.join(dir, name), s) }, name);

  beforeAll(async () => {
    t = await startDemoTenant({ users: 80, seed: 7, today: TODAY });
    dir = tempDir();
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(() => { reportStores = []; });
  afterEach(() => { t.options.noReportRole = false; });

  it('snapshot --site: backfills six months into the SharePoint list and keeps today\'s figures, as Graph gives them', async () => {
    const site = `${t.url}/sites/it`;
    const { result, stderr } = await run('snapshot', { site });
    expect(result.details).toMatchObject({ day: TODAY, snapshot: 'taken' });
    expect(result.details?.backfilled).toBeGreaterThanOrEqual(170);
    expect(stderr).toMatch(/History backfilled from Graph's 180-day reports: \d+ days/);
    expect(t.sharePoint.list('it', STORE_LIST_TITLE)).toBeDefined();

    const store = new SharePointTenantStore(bearerFetch(() => Promise.resolve(t.token)), site, undefined);
    const snaps = await store.readSnapshots();
    const today = snaps.find(s => s.day === TODAY);
    expect(today?.source).toBe('taken');
    expect(snaps.filter(s => s.source === 'backfill').every(s => s.day < TODAY)).toBe(true);

    // The directory counts are the directory's.
    const users = [];
    for await (const page of streamUsers(gatewayFor(t.url, t.token))) users.push(...page);
    expect(today?.figures).toMatchObject({
      users: users.length,
      guests: users.filter(u => u.userType === 'Guest').length,
      enabled: users.filter(u => u.accountEnabled === true).length,
      licensed: users.filter(u => u.skuIds.length > 0).length
    });
    expect(Object.keys(today?.figures ?? {}).some(n => /^sku:.*:purchased$/.test(n))).toBe(true);
    expect(today?.figures.mfaRegistered).toBeGreaterThan(0);
    // Today's daily active users are the report's newest day, and backfill holds the days before it.
    const direct = await readReport(gatewayFor(t.url, t.token), requireReport('getOffice365ActiveUserCounts'), { period: 'D7' }, { format: 'csv' });
    const newest = [...direct.rows].sort((a, b) => String(b['Report Date']).localeCompare(String(a['Report Date'])))[0];
    expect(today?.reportDates?.getOffice365ActiveUserCounts).toBe(newest?.['Report Date']);
    expect(today?.figures['active:teams:1d']).toBe(newest?.Teams);
    expect(snaps.find(s => s.day === newest?.['Report Date'])?.figures['active:teams:1d']).toBe(newest?.Teams);
    expect(typeof today?.figures['active:exchange:30d']).toBe('number');
    expect(typeof today?.figures['storage:oneDrive']).toBe('number');
    // The backfill's 180-day reads gave today's trends too: each trend report read once.
    expect(reportStores[0]?.stats.reads).toBe(4 + 2 + 1); // four trends (D180), services D7 and D30, the activity join (D180)
  });

  it('a second run the same day backfills nothing and changes nothing', async () => {
    const site = `${t.url}/sites/it`;
    const before = await new SharePointTenantStore(bearerFetch(() => Promise.resolve(t.token)), site, undefined).readSnapshots();
    const { result } = await run('snapshot', { site });
    expect(result.details).toMatchObject({ snapshot: 'kept', backfilled: 0 });
    const after = await new SharePointTenantStore(bearerFetch(() => Promise.resolve(t.token)), site, undefined).readSnapshots();
    expect(after).toEqual(before);
  });

  it('snapshot --to: a file for tenants without a site; without a report role the report figures are left out, never 0', async () => {
    t.options.noReportRole = true;
    const { result, stderr } = await run('snapshot', { to: 'history.jsonl' });
    expect(result.details).toMatchObject({ snapshot: 'taken', backfilled: 0 });
    expect(stderr).toMatch(/getOffice365ActiveUserCounts \(180 days, for the backfill\) not read/);
    const snaps = await fileStore('history.jsonl').readSnapshots();
    expect(snaps.map(s => s.day)).toEqual([TODAY]);
    const figures = snaps[0]?.figures ?? {};
    expect(figures.users).toBeGreaterThan(0);
    expect(Object.keys(figures).filter(n => n.startsWith('active:') || n.startsWith('storage:'))).toEqual([]);
  });

  it('history --out: the charts\' series and every figure, from the list, without asking Graph', async () => {
    const site = `${t.url}/sites/it`;
    t.clearRequests();
    const { result } = await run('history', { site, out: 'history-{today}.xlsx', from: '2026-01-01' });
    // {today} is the machine's local day of the run's clock, as every export names it.
    expect(result.output).toBe(path.join(dir, `history-${fileDate(new Date(`${TODAY}T09:00:00Z`))}.xlsx`));
    expect(t.requests.filter(r => r.path.startsWith('/v1.0/') || r.path.startsWith('/beta/'))).toEqual([]);
    const wb = XLSX.read(fs.readFileSync(result.output ?? ''), { type: 'buffer', cellDates: true });
    expect(wb.SheetNames).toEqual(['About', 'Paid licences', 'Potential saving per month', 'MFA coverage', 'Active users', 'Figures']);
    // About: where, in one sentence under its own field; no empty Tenant row (history reads the store only).
    const about = XLSX.utils.sheet_to_json<{ Field: string; Value: unknown }>(wb.Sheets.About!, { raw: true });
    expect(about.map(r => r.Field)).not.toContain('Tenant');
    expect(about.find(r => r.Field === 'Where')?.Value).toMatch(/^History is kept in the list 'M365 Impressions history' at .*\/sites\/it/);
    expect(about.some(r => /History kept in/.test(r.Field))).toBe(false);
    // No prices were entered: the saving's sheet says so rather than show a bare Day header.
    expect(XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['Potential saving per month']!, { raw: true })).toEqual([{ Note: NO_PRICES_NOTE }]);
    const active = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['Active users']!, { raw: true });
    expect(active.length).toBeGreaterThan(60);
    expect(Object.keys(active[0] ?? {})).toEqual(expect.arrayContaining(['Report date', 'Teams', 'Exchange']));
    const licences = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['Paid licences']!, { raw: true });
    expect(licences).toHaveLength(1);
    // Paid SKUs only: Power Automate Free's 10,000 spare units are not added to the paid ones.
    const today = (await new SharePointTenantStore(bearerFetch(() => Promise.resolve(t.token)), site, undefined).readSnapshots({ from: TODAY })).find(s => s.day === TODAY);
    const figures = today?.figures ?? {};
    const free = Object.keys(figures).filter(n => n.endsWith(':free') && figures[n] === 1).map(n => n.split(':')[1]);
    expect(free.length).toBeGreaterThan(0);
    const paid = Object.keys(figures).filter(n => n.endsWith(':purchased') && !free.includes(n.split(':')[1])).reduce((sum, n) => sum + (figures[n] ?? 0), 0);
    expect(Number(licences[0]?.['Paid licences purchased'])).toBe(paid);
    expect(paid).toBeLessThan(10_000);
  });

  it('history says when there is nothing to export, and checks its days before reading anything', async () => {
    await expect(run('history', { file: 'nothing.jsonl', out: 'h.xlsx' })).rejects.toMatchObject({ exitCode: 4, message: expect.stringContaining('No snapshots in the history') });
    await expect(run('history', { to: 'history.jsonl', out: 'h.xlsx' })).rejects.toMatchObject({ exitCode: 2, message: expect.stringContaining('--file') });
    await expect(run('history', { file: 'nothing.jsonl', out: 'h.xlsx', from: '2026-03-10', to: '2026-03-01' })).rejects.toBeInstanceOf(CliError);
    expect(fs.existsSync(path.join(dir, 'nothing.jsonl'))).toBe(false);
  });
});
