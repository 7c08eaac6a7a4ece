import * as fs from 'fs';
import * as path from 'path';
import { startDemoTenant } from '../../../workbench/demo-tenant';
import type { IDemoTenant } from '../../../workbench/demo-tenant';
import { run } from '../../../src/cli/main';
import { fileDate } from '../../../src/core/export/fileNames';
import { reportSheets } from '../../../src/core/export/sheets';
import { requireReport } from '../../../src/core/reports/catalog';
import { mergeDayRows } from '../../../src/core/reports/params';
import { readReport } from '../../../src/core/reports/reader';
import type { ReportRow } from '../../../src/core/reports/types';
import { gatewayFor } from '../../helpers/graph';
import { cellsOf, expectedWorkbook, readWorkbookFile, tempDir } from './cli';

// `report` with days back and date ranges, and `--log`, run in this process against the demo tenant with
// one clock for both: the tenant's today and the CLI's are the same fixed day, never the machine's.
jest.setTimeout(60_000);

const TODAY = '2026-11-27';
const NOW = new Date(`${TODAY}T10:00:00Z`);

interface IRun {
  code: number;
  stdout: string;
  stderr: string;
}

describe('m365-impressions report: every parameter of the explorer, and --log', () => {
  let tenant: IDemoTenant;
  let dir: string;
  const email = requireReport('getEmailActivityUserDetail');
  const graph = (): string[] => ['--graph-url', tenant.url, '--token', tenant.token];
  const cli = async (argv: string[]): Promise<IRun> => {
    let stdout = '';
    let stderr = '';
    const code = await run({
      argv,
      env: {},
      stdout: { write: (t: string) => { stdout += t; } },
      stderr: { write: (t: string) => { stderr += t; } },
      stdinIsTTY: false,
      cwd: dir,
      now: () => NOW
    });
    return { code, stdout, stderr };
  };
  /** What the web part's explorer reads for these days (the browser's beta JSON), merged as its range read merges them. */
  const browserRange = async (dates: string[]): Promise<ReportRow[]> => {
    const gw = gatewayFor(tenant.url, tenant.token);
    const days = [];
    for (const date of dates) days.push({ date, rows: (await readReport(gw, email, { date }, { format: 'json' })).rows });
    return mergeDayRows(days);
  };
  const served = (): string[] => tenant.requests.filter(r => r.path.includes('getEmailActivityUserDetail')).map(r => `${r.status} ${r.path.split('?')[0] ?? ''}`);
  const logLines = (file: string): Array<Record<string, unknown>> => fs.readFileSync(file, 'utf8').trimEnd().split('\n').map(l => JSON.parse(l) as Record<string, unknown>);

  beforeAll(async () => {
    tenant = await startDemoTenant({ users: 30, seed: 4, today: TODAY });
    dir = tempDir();
  });
  afterAll(async () => {
    await tenant.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    tenant.options.faultRate = 0;
  });

  it('reads a range given as days back day by day, merged under Report Date, the file named as the explorer names it, and logs the run without the token', async () => {
    tenant.clearRequests();
    const log = path.join(dir, 'run-{today}.jsonl');
    const r = await cli(['report', 'getEmailActivityUserDetail', '--from-days-back', '5', '--to-days-back', '3', '--out', 'm365-report-getEmailActivityUserDetail-{param}-{today}.xlsx', '--log', log, '--quiet', ...graph()]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const dates = ['2026-11-22', '2026-11-23', '2026-11-24'];
    // One v1.0 CSV read per day, in order, each a 302 to its download.
    expect(served()).toEqual(dates.map(d => `302 /v1.0/reports/getEmailActivityUserDetail(date=${d})`));

    const out = path.join(dir, `m365-report-getEmailActivityUserDetail-2026-11-22_to_2026-11-24-${fileDate(NOW)}.xlsx`);
    const rows = await browserRange(dates);
    expect(rows.length).toBeGreaterThan(10);
    const [sheet] = reportSheets(email, rows, { headers: ['Report Date', ...email.columns.map(c => c.header)] });
    if (!sheet) throw new Error('no sheet');
    const got = readWorkbookFile(out);
    expect(cellsOf(got.Sheets[email.title])).toEqual(cellsOf(expectedWorkbook([sheet]).Sheets[email.title]));
    // The first column is each row's day, as a date.
    expect(got.Sheets[email.title]?.A1?.v).toBe('Report Date');
    expect(got.Sheets[email.title]?.A2?.v).toEqual(new Date('2026-11-22T00:00:00Z'));

    const file = path.join(dir, `run-${fileDate(NOW)}.jsonl`);
    const text = fs.readFileSync(file, 'utf8');
    // Never the token, in any form the run saw it (the command line, the Authorization header).
    expect(text).not.toContain(tenant.token);
    expect(text).not.toMatch(/Bearer|eyJ/);
    const events = logLines(file);
    expect(events[0]).toMatchObject({ at: NOW.toISOString(), event: 'start', command: 'report' });
    expect(events[0]?.args).toEqual(expect.arrayContaining(['--token', '[redacted]', '--from-days-back', '5']));
    const requests = events.filter(e => e.event === 'request');
    expect(requests.filter(e => String(e.path).includes('getEmailActivityUserDetail'))).toEqual(dates.map(d => ({
      at: NOW.toISOString(), event: 'request', method: 'GET', path: `/v1.0/reports/getEmailActivityUserDetail(date=${d})`, status: 302, ms: expect.any(Number)
    })));
    expect(events.filter(e => e.event === 'step').map(e => e.text)).toEqual(expect.arrayContaining([expect.stringMatching(/^Reading getEmailActivityUserDetail day by day: 2026-11-22 to 2026-11-24 \(3 days/)]));
    expect(events[events.length - 1]).toMatchObject({ event: 'result', ok: true, output: out, rows: rows.length, requests: 6 });
  });

  it('reads one day given as days back, as --date reads it', async () => {
    const byDays = await cli(['report', 'getEmailActivityUserDetail', '--days-back', '2', '--out', 'back.xlsx', '--quiet', ...graph()]);
    const byDate = await cli(['report', 'getEmailActivityUserDetail', '--date', '2026-11-25', '--out', 'date.xlsx', '--quiet', ...graph()]);
    expect([byDays.code, byDate.code]).toEqual([0, 0]);
    expect(cellsOf(readWorkbookFile(path.join(dir, 'back.xlsx')).Sheets[email.title])).toEqual(cellsOf(readWorkbookFile(path.join(dir, 'date.xlsx')).Sheets[email.title]));
  });

  it('refuses Graph\'s window and an end before the start before any request: exit 2 with the reason, logged', async () => {
    tenant.clearRequests();
    const cases: Array<[string[], RegExp]> = [
      [['--days-back', '31'], /^m365-impressions: 2026-10-27 is more than 30 days ago; Graph keeps daily report data only for the last 30 days/],
      [['--from-days-back', '40', '--to-days-back', '2'], /^m365-impressions: Start date: 2026-10-18 is more than 30 days ago/],
      [['--from', '2026-11-25', '--to-days-back', '5'], /^m365-impressions: The start date 2026-11-25 is after the end date 2026-11-22\./],
      [['--from-days-back', '5'], /A range needs its end too/]
    ];
    const log = path.join(dir, 'refused.jsonl');
    for (const [a, message] of cases) {
      const r = await cli(['report', 'getEmailActivityUserDetail', ...a, '--out', 'x.xlsx', '--log', log, ...graph()]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).toMatch(/Usage: m365-impressions/);
    }
    expect(tenant.requests).toHaveLength(0);
    const results = logLines(log).filter(e => e.event === 'result');
    expect(results).toHaveLength(cases.length);
    expect(results.every(e => e.ok === false && e.exitCode === 2)).toBe(true);
    // A usage error the parser finds is logged too.
    const typo = await cli(['report', 'getEmailActivityUserDetail', '--days-bak', '2', '--out', 'x.xlsx', '--log', log, ...graph()]);
    expect(typo.code).toBe(2);
    expect(logLines(log).pop()).toMatchObject({ event: 'result', ok: false, exitCode: 2, error: 'Unknown option --days-bak.' });
  });

  it('logs a throttled answer and the wait before its retry, in seconds', async () => {
    tenant.options.faultRate = 1;
    tenant.clearRequests();
    const log = path.join(dir, 'throttled.jsonl');
    const running = cli(['report', 'getMailboxUsageDetail', '--period', 'D7', '--out', 'mailbox.xlsx', '--log', log, '--quiet', ...graph()]);
    const deadline = Date.now() + 20_000;
    while (!tenant.requests.some(r => r.status === 429 || r.status === 503) && Date.now() < deadline) await new Promise(res => setTimeout(res, 10));
    tenant.options.faultRate = 0;
    expect((await running).code).toBe(0);
    const events = logLines(log);
    const refused = events.find(e => e.event === 'request' && (e.status === 429 || e.status === 503));
    expect(refused).toMatchObject({ method: 'GET', path: "/v1.0/reports/getMailboxUsageDetail(period='D7')" });
    const wait = events.find(e => e.event === 'wait');
    expect(wait).toMatchObject({ reason: 'throttled', seconds: 1, status: refused?.status });
    // The wait comes between the refused request and its retry.
    expect(events.indexOf(wait as Record<string, unknown>)).toBeGreaterThan(events.indexOf(refused as Record<string, unknown>));
    expect(events.slice(events.indexOf(wait as Record<string, unknown>)).some(e => e.event === 'request' && e.status === 302)).toBe(true);
  });
});
