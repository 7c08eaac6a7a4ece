import * as fs from 'fs';
import * as path from 'path';
import { startDemoTenant } from '../../../workbench/demo-tenant';
import type { IDemoTenant } from '../../../workbench/demo-tenant';
import { reportSheets } from '../../../src/core/export/sheets';
import { toCsv } from '../../../src/core/export/csv';
import { requireReport } from '../../../src/core/reports/catalog';
import type { IReportEntry } from '../../../src/core/reports/types';
import { readReport } from '../../../src/core/reports/reader';
import { daysBackToDate } from '../../../src/core/reports/params';
import { gatewayFor } from '../../helpers/graph';
import { cellsOf, cli, expectedWorkbook, readWorkbookFile, rowsOf, startCli, summaryOf, tempDir } from './cli';

// `m365-impressions report` against the demo tenant: the v1.0 CSV read, written as the same sheet the
// web part exports from the browser's beta JSON read of the same report.
jest.setTimeout(60_000);

const entryOf = requireReport;

describe('m365-impressions report', () => {
  let tenant: IDemoTenant;
  let dir: string;
  const today = new Date().toISOString().slice(0, 10);
  const graph = (): string[] => ['--graph-url', tenant.url, '--token', tenant.token];
  const mailbox = entryOf('getMailboxUsageDetail');
  /** The sheet the web part builds: beta JSON rows (the browser's reader) through reportSheets. */
  const browserSheet = async (entry: IReportEntry, param: { period: 'D7' | 'D30' } | { date: string }) => {
    const result = await readReport(gatewayFor(tenant.url, tenant.token), entry, param, { format: 'json' });
    const [sheet] = reportSheets(entry, result.rows);
    if (!sheet) throw new Error('no sheet');
    return { sheet, rows: result.rows.length };
  };

  beforeAll(async () => {
    tenant = await startDemoTenant({ users: 40, seed: 9 });
    dir = tempDir();
  });
  afterAll(async () => {
    await tenant.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    tenant.options.concealed = false;
    tenant.options.faultRate = 0;
    tenant.options.noReportRole = false;
  });

  it('writes the report workbook: v1.0 CSV read (302 followed without the token), same cells as the web part', async () => {
    tenant.clearRequests();
    const out = path.join(dir, 'mailbox.xlsx');
    const run = await cli(['report', 'getMailboxUsageDetail', '--period', 'D7', '--out', out, '--json', ...graph()]);
    expect(run.code).toBe(0);
    const { sheet, rows } = await browserSheet(mailbox, { period: 'D7' });
    expect(rows).toBeGreaterThan(10);
    expect(summaryOf(run)).toMatchObject({ command: 'report', ok: true, output: out, rows, sheets: [mailbox.title], requests: 2, warnings: [] });
    const got = readWorkbookFile(out);
    expect(got.SheetNames).toEqual([mailbox.title]);
    expect(cellsOf(got.Sheets[mailbox.title])).toEqual(cellsOf(expectedWorkbook([sheet]).Sheets[mailbox.title]));
    // It read v1.0 (not beta JSON) and followed the redirect to the download itself.
    const served = tenant.requests.map(r => `${r.status} ${r.path.split('?')[0] ?? ''}`);
    expect(served.filter(s => s.includes('getMailboxUsageDetail'))).toContain("302 /v1.0/reports/getMailboxUsageDetail(period='D7')");
    expect(served.some(s => s.startsWith('200 /_download/'))).toBe(true);
  });

  it('writes formula-safe CSV with --out .csv (the web part\'s sheet through toCsv)', async () => {
    const entry = entryOf('getEmailActivityUserDetail');
    const out = path.join(dir, 'email.csv');
    const run = await cli(['report', 'getEmailActivityUserDetail', '--period', '7', '--out', out, ...graph()]);
    expect(run.code).toBe(0);
    const text = fs.readFileSync(out, 'utf8');
    const { sheet } = await browserSheet(entry, { period: 'D7' });
    expect(text).toBe(toCsv(sheet));
    expect(text.startsWith('\ufeffReport Refresh Date,User Principal Name,')).toBe(true);
    // The demo tenant has a display name that starts like a formula: it is written as text.
    const fields = text.split('\r\n').flatMap(line => line.split(','));
    expect(fields.some(f => /^'[=+\-@]/.test(f) || /^"'[=+\-@]/.test(f))).toBe(true);
    expect(fields.some(f => /^"?[=+@]/.test(f))).toBe(false);
  });

  it('reads one day with --date (within Graph\'s window)', async () => {
    const date = daysBackToDate(3, today);
    const out = path.join(dir, 'day.xlsx');
    const run = await cli(['report', 'getteamsuseractivityuserdetail', '--date', date, '--out', out, ...graph()]);
    expect(run.code).toBe(0); // function names are case-insensitive
    const entry = entryOf('getTeamsUserActivityUserDetail');
    const { sheet } = await browserSheet(entry, { date });
    expect(cellsOf(readWorkbookFile(out).Sheets[entry.title])).toEqual(cellsOf(expectedWorkbook([sheet]).Sheets[entry.title]));
  });

  it('exits 2 with the usage text on a bad period or date, before any request', async () => {
    tenant.clearRequests();
    const cases: Array<[string[], RegExp]> = [
      [['--period', 'D8'], /"D8" is not a report period/],
      [['--date', daysBackToDate(31, today)], /more than 30 days ago/],
      [['--date', '2026-02-30'], /not a real calendar date/],
      [['--period', 'D7', '--date', daysBackToDate(1, today)], /not both/]
    ];
    for (const [args, message] of cases) {
      const run = await cli(['report', 'getMailboxUsageDetail', ...args, '--out', path.join(dir, 'x.xlsx'), ...graph()]);
      expect(run.code).toBe(2);
      expect(run.stderr.split('\n')[0]).toMatch(message);
      expect(run.stderr).toMatch(/Usage: m365-impressions/);
    }
    const noDate = await cli(['report', 'getEmailActivityCounts', '--date', daysBackToDate(1, today), '--out', path.join(dir, 'x.csv'), ...graph()]);
    expect(noDate.code).toBe(2);
    expect(noDate.stderr).toMatch(/does not take a date/);
    const badOut = await cli(['report', 'getMailboxUsageDetail', '--period', 'D7', '--out', path.join(dir, 'x.pdf'), ...graph()]);
    expect(badOut.code).toBe(2);
    expect(badOut.stderr).toMatch(/--out must end in \.xlsx or \.csv/);
    expect(tenant.requests).toHaveLength(0);
  });

  it('exits 2 when Graph itself refuses the date (its window is shorter than 30 days on some tenants)', async () => {
    // Core accepts 30 days back; Graph (and the demo tenant) answer 400 beyond 28.
    const run = await cli(['report', 'getEmailActivityUserDetail', '--date', daysBackToDate(30, today), '--out', path.join(dir, 'old.xlsx'), ...graph()]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/Graph refused getEmailActivityUserDetail\(date=.*\): Invalid date value/);
  });

  it('exits 4 on an unknown report function, with the closest names, before any request', async () => {
    tenant.clearRequests();
    const run = await cli(['report', 'getMailboxUsageDetial', '--period', 'D7', '--out', path.join(dir, 'x.xlsx'), '--json', ...graph()]);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/Unknown report function "getMailboxUsageDetial"\. Did you mean getMailboxUsageDetail/);
    expect(summaryOf(run)).toMatchObject({ ok: false, exitCode: 4 });
    expect(tenant.requests).toHaveLength(0);
  });

  it('exits 3 without Reports.Read.All, and without a report role, saying which', async () => {
    const noScope = await cli(['report', 'getMailboxUsageDetail', '--period', 'D7', '--out', path.join(dir, 'x.xlsx'), '--graph-url', tenant.url, '--token', tenant.tokenFor(['User.Read.All'])]);
    expect(noScope.code).toBe(3);
    expect(noScope.stderr).toMatch(/Reports\.Read\.All/);
    tenant.options.noReportRole = true;
    const noRole = await cli(['report', 'getMailboxUsageDetail', '--period', 'D7', '--out', path.join(dir, 'x.xlsx'), ...graph()]);
    expect(noRole.code).toBe(3);
    expect(noRole.stderr).toMatch(/Admin role missing.*Reports Reader/);
  });

  it('exits 5 when throttled beyond the retries', async () => {
    tenant.options.faultRate = 1;
    tenant.clearRequests();
    const run = await cli(['report', 'getMailboxUsageDetail', '--period', 'D7', '--out', path.join(dir, 'busy.xlsx'), ...graph()]);
    expect(run.code).toBe(5);
    expect(run.stderr).toMatch(/retries ran out.*run again later/i);
    expect(tenant.requests.filter(r => r.path.includes('getMailboxUsageDetail'))).toHaveLength(4); // 1 + 3 retries
  });

  it('succeeds after a throttled answer, once Retry-After has passed', async () => {
    tenant.options.faultRate = 1;
    tenant.clearRequests();
    const out = path.join(dir, 'later.xlsx');
    const running = startCli(['report', 'getMailboxUsageDetail', '--period', 'D30', '--out', out, ...graph()]);
    // Let Graph refuse the first read, then recover: the CLI must wait Retry-After (1 s) and retry.
    const deadline = Date.now() + 20_000;
    while (!tenant.requests.some(r => r.status === 429 || r.status === 503) && Date.now() < deadline) await new Promise(r => setTimeout(r, 10));
    tenant.options.faultRate = 0;
    const run = await running.done;
    expect(run.code).toBe(0);
    const calls = tenant.requests.filter(r => r.path.includes('getMailboxUsageDetail'));
    const refused = calls.find(r => r.status === 429 || r.status === 503);
    const served = calls.find(r => r.status === 302);
    expect(refused).toBeDefined();
    expect(served).toBeDefined();
    expect(Date.parse(served?.at ?? '') - Date.parse(refused?.at ?? '')).toBeGreaterThanOrEqual(900);
    const { sheet } = await browserSheet(mailbox, { period: 'D30' });
    expect(cellsOf(readWorkbookFile(out).Sheets[mailbox.title])).toEqual(cellsOf(expectedWorkbook([sheet]).Sheets[mailbox.title]));
  });

  it('writes concealed reports as they are, and says names are concealed', async () => {
    tenant.options.concealed = true;
    const out = path.join(dir, 'concealed.xlsx');
    const run = await cli(['report', 'getMailboxUsageDetail', '--period', 'D7', '--out', out, '--json', ...graph()]);
    expect(run.code).toBe(0);
    expect(summaryOf(run).warnings).toEqual([expect.stringMatching(/Names are concealed in this report .*User Principal Name/)]);
    const rows = rowsOf(readWorkbookFile(out).Sheets[mailbox.title]);
    const upn = rows[0]?.indexOf('User Principal Name') ?? -1;
    expect(rows.slice(1).every(r => /^[0-9A-F]{32}$/.test(String(r[upn])))).toBe(true);
    const { sheet } = await browserSheet(mailbox, { period: 'D7' });
    expect(cellsOf(readWorkbookFile(out).Sheets[mailbox.title])).toEqual(cellsOf(expectedWorkbook([sheet]).Sheets[mailbox.title]));
  });
});
