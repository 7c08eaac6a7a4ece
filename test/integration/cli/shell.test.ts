import * as fs from 'fs';
import * as path from 'path';
import * as XLSX from 'xlsx';
import { REPORT_CATALOG } from '../../../src/core/reports/catalog';
import { USER_COLUMNS } from '../../../src/core/directory/userColumns';
import { parseArgs } from '../../../src/cli/args';
import { normalizeGraphUrl } from '../../../src/cli/connect';
import { usersFilters } from '../../../src/cli/commands/users';
import { closestReports } from '../../../src/cli/commands/report';
import { redact, UsageError } from '../../../src/cli/errors';
import { cli, readWorkbookFile, rowsOf, summaryOf, tempDir } from './cli';

// The shell around the commands: the catalog listing, help and usage errors, auth order without a
// token, --demo, and (in-process, no child needed) the parser and the value checks.
jest.setTimeout(60_000);

describe('m365-impressions shell', () => {
  let dir: string;
  beforeAll(() => { dir = tempDir(); });
  afterAll(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('reports: lists the catalog as a table, or as JSON with --json, without signing in', async () => {
    const table = await cli(['reports']);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^FUNCTION\s+WORKLOAD\s+KIND\s+PARAMS\s+RETIRED$/);
    expect(lines).toHaveLength(REPORT_CATALOG.length + 1);
    expect(lines.find(l => l.startsWith('getSkypeForBusinessActivityUserDetail '))).toMatch(/retired$/);
    expect(lines.find(l => l.startsWith('getMailboxUsageDetail '))).toMatch(/Exchange\s+detail\s+period\s*$/);

    const json = await cli(['reports', '--json']);
    expect(json.code).toBe(0);
    const list = JSON.parse(json.stdout) as Array<{ function: string; workload: string; kind: string; params: string[]; retired: boolean }>;
    expect(list.map(l => l.function)).toEqual(REPORT_CATALOG.map(e => e.fn));
    expect(list.find(l => l.function === 'getEmailActivityUserDetail')).toMatchObject({ workload: 'Exchange', kind: 'detail', params: ['date', 'period'], retired: false });
  });

  it('--help prints the usage on stdout (exit 0); no or an unknown command is a usage error (exit 2)', async () => {
    const help = await cli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: m365-impressions <command>/);
    expect(help.stdout).toMatch(/Exit codes: 0 done, 2 usage, 3 sign-in or permission, 4 user or report not found,\s+5 throttled/);
    const none = await cli([]);
    expect(none.code).toBe(2);
    const unknown = await cli(['userz', '--json']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^m365-impressions: Unknown command "userz"\.\n\nUsage:/);
    expect(summaryOf(unknown)).toMatchObject({ ok: false, exitCode: 2 });
  });

  it('without any credentials and no terminal: exit 3 saying how to sign in', async () => {
    const run = await cli(['users', '--out', path.join(dir, 'x.xlsx')]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/No credentials\. Pass --token, set GRAPH_TOKEN, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET/);
    const partial = await cli(['users', '--out', path.join(dir, 'x.xlsx')], { env: { AZURE_CLIENT_SECRET: 'a-client-secret-value' } });
    expect(partial.code).toBe(3);
    expect(partial.stderr).toMatch(/App sign-in needs AZURE_TENANT_ID and AZURE_CLIENT_ID/);
    expect(partial.stderr).not.toContain('a-client-secret-value');
  });

  it('uses client-secret credentials from AZURE_* when no token is given; a failed sign-in is exit 3 and the secret stays hidden', async () => {
    const secret = 'Zx8Q~not-a-real-secret-value';
    const run = await cli(['users', '--out', path.join(dir, 'x.xlsx'), '--verbose'], {
      env: {
        AZURE_TENANT_ID: '11111111-1111-1111-1111-111111111111',
        AZURE_CLIENT_ID: '22222222-2222-2222-2222-222222222222',
        AZURE_CLIENT_SECRET: secret,
        // Nothing listens there: the sign-in fails fast, offline.
        AZURE_AUTHORITY_HOST: 'https://127.0.0.1:9'
      }
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/Sign-in \(client secret\) failed/);
    expect(run.stdout + run.stderr).not.toContain(secret);
  });

  it('--graph-url must be https except on this machine (exit 2)', async () => {
    const run = await cli(['users', '--out', path.join(dir, 'x.xlsx'), '--graph-url', 'http://graph.example.com', '--token', 'abc']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--graph-url must use https/);
  });

  it('--demo starts the demo tenant in-process and writes a real workbook', async () => {
    const out = path.join(dir, 'demo.xlsx');
    const run = await cli(['users', '--demo', '--out', out, '--json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/Demo tenant \(Graph simulator\) at http:\/\/127\.0\.0\.1:\d+ with 200 users/);
    expect(summaryOf(run)).toMatchObject({ ok: true, rows: 200 });
    const rows = rowsOf(readWorkbookFile(out).Sheets.Users);
    expect(rows[0]).toEqual(USER_COLUMNS.map(c => c.header));
    expect(rows).toHaveLength(201);
    expect(XLSX.utils.decode_range(readWorkbookFile(out).Sheets.Users?.['!ref'] ?? 'A1').e.c).toBe(USER_COLUMNS.length - 1);
  });

  describe('in-process checks', () => {
    const usage = (f: () => unknown): string => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        return (e as Error).message;
      }
      throw new Error('no usage error');
    };

    it('parses --flag value, --flag=value, switches anywhere, and rejects what the contract lacks', () => {
      const a = parseArgs(['--json', 'report', 'getX', '--period=D7', '--out', 'a.csv', '--quiet']);
      expect(a.command).toBe('report');
      expect(a.positionals).toEqual(['getX']);
      expect([...a.values]).toEqual([['period', 'D7'], ['out', 'a.csv']]);
      expect([...a.switches].sort()).toEqual(['json', 'quiet']);
      expect(usage(() => parseArgs(['users', '--out']))).toMatch(/--out needs a value/);
      expect(usage(() => parseArgs(['users', '--out', 'a', '--out', 'b']))).toMatch(/given twice/);
      expect(usage(() => parseArgs(['users', '--user', 'x']))).toMatch(/--user does not apply to "users"/);
      expect(usage(() => parseArgs(['users', '--json=yes']))).toMatch(/--json takes no value/);
      expect(usage(() => parseArgs(['users', 'extra']))).toMatch(/Unexpected argument "extra"/);
      expect(usage(() => parseArgs(['users', '-x']))).toMatch(/Unknown option -x/);
    });

    it('maps the users flags onto the view\'s filters', () => {
      const f = (pairs: Array<[string, string]>) => usersFilters(new Map(pairs));
      expect(f([])).toEqual({});
      expect(f([['guests', 'include']])).toEqual({}); // include is no filter: "Export all"
      expect(f([['licensed', 'YES'], ['mfa', 'not-registered'], ['inactive-days', '90'], ['guests', 'only']])).toEqual({ inM365: true, mfaEnabled: false, inactiveDays: 90, userType: 'Guest' });
      expect(f([['licensed', 'no'], ['mfa', 'registered'], ['guests', 'exclude']])).toEqual({ inM365: false, mfaEnabled: true, userType: 'Member' });
      expect(usage(() => f([['guests', 'some']]))).toMatch(/--guests takes include, exclude or only/);
      expect(usage(() => f([['mfa', 'on']]))).toMatch(/--mfa takes registered or not-registered/);
      expect(usage(() => f([['inactive-days', '1.5']]))).toMatch(/whole number/);
    });

    it('normalizes --graph-url', () => {
      expect(normalizeGraphUrl('https://graph.microsoft.com/')).toBe('https://graph.microsoft.com');
      expect(normalizeGraphUrl('https://graph.microsoft.us/v1.0')).toBe('https://graph.microsoft.us');
      expect(normalizeGraphUrl('http://localhost:8000/beta/')).toBe('http://localhost:8000');
      expect(normalizeGraphUrl('http://127.0.0.1:7000')).toBe('http://127.0.0.1:7000');
      expect(usage(() => normalizeGraphUrl('ftp://x'))).toMatch(/https/);
      expect(usage(() => normalizeGraphUrl('graph'))).toMatch(/not a URL/);
    });

    it('suggests the closest report names', () => {
      expect(closestReports('getMailboxUsageDetial')[0]).toBe('getMailboxUsageDetail');
      expect(closestReports('TeamsUserActivity')).toEqual(expect.arrayContaining(['getTeamsUserActivityUserDetail']));
      expect(closestReports('zzzzzzzzzzzzzzzzzz')).toEqual([]);
    });

    it('redacts tokens and secrets', () => {
      const jwt = 'eyJ0eXAiOiJKV1QifQ.eyJzY3AiOiJVc2VyLlJlYWQuQWxsIn0.sig';
      expect(redact(`Bearer ${jwt} and s3cr3t-value`, ['s3cr3t-value'])).toBe('Bearer [redacted] and [redacted]');
    });
  });
});
