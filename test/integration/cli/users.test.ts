import * as fs from 'fs';
import * as path from 'path';
import { ALL_SCOPES, startDemoTenant } from '../../../workbench/demo-tenant';
import type { IDemoTenant } from '../../../workbench/demo-tenant';
import { loadUsers } from '../../../src/core/directory/userList';
import type { ILoadedUsers } from '../../../src/core/directory/userList';
import { DEFAULT_VISIBLE, USER_COLUMNS, userColumn, usersSheet } from '../../../src/core/directory/userColumns';
import type { IUserColumn } from '../../../src/core/directory/userColumns';
import { activityAsOf, queryRows } from '../../../src/core/directory/userIndex';
import type { IUserFilters, IUserRow } from '../../../src/core/directory/userIndex';
import { ReportStore } from '../../../src/core/reports/store';
import { gatewayFor } from '../../helpers/graph';
import { cellsOf, cli, expectedWorkbook, readWorkbookFile, rowsOf, summaryOf, tempDir } from './cli';

// `m365-impressions users` as a child process against the demo tenant, compared cell by cell with the
// sheet the web part's "Export all" / "Export view" builds from the same data (read the browser's way:
// beta JSON reports).
jest.setTimeout(60_000);

describe('m365-impressions users', () => {
  let tenant: IDemoTenant;
  let dir: string;
  let browser: ILoadedUsers;
  const today = new Date().toISOString().slice(0, 10);
  const graph = (): string[] => ['--graph-url', tenant.url, '--token', tenant.token];
  const defaultColumns = DEFAULT_VISIBLE.map(k => userColumn(k)).filter((c): c is IUserColumn => !!c);

  beforeAll(async () => {
    tenant = await startDemoTenant({ users: 60, seed: 5 });
    dir = tempDir();
    const gw = gatewayFor(tenant.url, tenant.token);
    // The browser host: beta JSON report store; the optional joins read (as when their columns are shown).
    browser = await loadUsers(gw, new ReportStore(gw, { format: 'json' }), { signIns: true, attackSimulation: true, mfaEnforcement: true, devices: true });
  });
  afterAll(async () => {
    await tenant.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    tenant.options.concealed = false;
    tenant.options.faultRate = 0;
    tenant.options.noAttackSimulation = false;
  });

  it('without filters writes "Export all": every user, every column, the same cells as the web part', async () => {
    const out = path.join(dir, 'all.xlsx');
    const run = await cli(['users', '--out', out, '--json', ...graph()]);
    expect(run.stderr).not.toMatch(/Warning/);
    expect(run.code).toBe(0);
    const summary = summaryOf(run);
    expect(summary).toMatchObject({ command: 'users', ok: true, output: out, rows: 60, sheets: ['Users'], warnings: [] });
    expect(summary.requests).toEqual(expect.any(Number));
    expect(summary.requests as number).toBeGreaterThanOrEqual(6);
    expect(summary.seconds).toEqual(expect.any(Number));

    const got = readWorkbookFile(out);
    const want = expectedWorkbook([usersSheet(browser.rows, USER_COLUMNS)]);
    expect(got.SheetNames).toEqual(['Users']);
    expect(rowsOf(got.Sheets.Users)[0]).toEqual(USER_COLUMNS.map(c => c.header));
    expect(cellsOf(got.Sheets.Users)).toEqual(cellsOf(want.Sheets.Users));
    // The joins really arrived (not a comparison of two empty columns).
    const rows = rowsOf(got.Sheets.Users);
    const col = (h: string): number => USER_COLUMNS.findIndex(c => c.header === h);
    expect(rows.slice(1).some(r => typeof r[col('Assigned Products')] === 'string' && r[col('Assigned Products')] !== '')).toBe(true);
    expect(rows.slice(1).some(r => r[col('MFA Status')] === 'Not registered')).toBe(true);
    expect(rows.slice(1).some(r => r[col('Last Activity Date')] instanceof Date)).toBe(true);
    // Formula-looking names stay text.
    expect(Object.values(got.Sheets.Users ?? {}).some(c => typeof c === 'object' && c !== null && 'f' in c)).toBe(false);
  });

  it('with filters writes the filtered view (default columns), as "Export view" does', async () => {
    // Ages count to the report's date (two days before today in the demo tenant), as the view counts them:
    // take a number of days for which that differs from counting to today, so the run tells them apart.
    const asOf = activityAsOf(browser.joins, today);
    expect(asOf < today).toBe(true);
    const ids = (filters: IUserFilters, day: string): string[] => queryRows(browser.rows, { filters }, day).map(r => r.user.id);
    const base: IUserFilters = { inM365: true, userType: 'Member' };
    const days = Array.from({ length: 120 }, (_, i) => i + 1).find(n => ids({ ...base, inactiveDays: n }, asOf).join() !== ids({ ...base, inactiveDays: n }, today).join());
    if (days === undefined) throw new Error('the demo tenant should have activity two days either side of some age');
    const filters: IUserFilters = { ...base, inactiveDays: days };
    const out = path.join(dir, 'view.xlsx');
    const run = await cli(['users', '--out', out, '--licensed', 'yes', '--guests', 'exclude', '--inactive-days', String(days), '--json', ...graph()]);
    expect(run.code).toBe(0);
    const expectedRows = queryRows(browser.rows, { filters }, asOf);
    expect(expectedRows.length).toBeGreaterThan(0);
    expect(expectedRows.length).toBeLessThan(browser.rows.length);
    expect(summaryOf(run)).toMatchObject({ ok: true, rows: expectedRows.length });
    const got = readWorkbookFile(out);
    expect(cellsOf(got.Sheets.Users)).toEqual(cellsOf(expectedWorkbook([usersSheet(expectedRows, defaultColumns)]).Sheets.Users));
  });

  it('maps --mfa and --guests only onto the view\'s filters', async () => {
    const out = path.join(dir, 'mfa.xlsx');
    const run = await cli(['users', '--out', out, '--mfa', 'not-registered', '--guests', 'only', ...graph()]);
    expect(run.code).toBe(0);
    const expectedRows = queryRows(browser.rows, { filters: { mfaEnabled: false, userType: 'Guest' } }, activityAsOf(browser.joins, today));
    expect(expectedRows.length).toBeGreaterThan(0);
    expect(cellsOf(readWorkbookFile(out).Sheets.Users)).toEqual(cellsOf(expectedWorkbook([usersSheet(expectedRows, defaultColumns)]).Sheets.Users));
    // Progress and notes went to stderr, never to stdout (no --json: stdout stays empty).
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/Wrote .*mfa\.xlsx/);
  });

  it('exits 2 with the usage text on a bad flag value, before any request', async () => {
    tenant.clearRequests();
    for (const args of [['--licensed', 'maybe'], ['--inactive-days', '-3'], ['--colour', 'red']]) {
      const run = await cli(['users', '--out', path.join(dir, 'x.xlsx'), ...args, ...graph()]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/Usage: m365-impressions/);
      expect(run.stderr.split('\n')[0]).toMatch(new RegExp(args[0] === '--colour' ? 'Unknown option --colour' : args[0] ?? ''));
    }
    const noOut = await cli(['users', ...graph()]);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/--out <file\.xlsx> is required/);
    expect(tenant.requests).toHaveLength(0);
  });

  it('exits 3 naming the missing scope when the token cannot read users', async () => {
    const out = path.join(dir, 'denied.xlsx');
    const run = await cli(['users', '--out', out, '--graph-url', tenant.url, '--token', tenant.tokenFor(['Reports.Read.All'])]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/User\.Read\.All/);
    expect(run.stderr).not.toMatch(/\n\s+at /); // no stack trace without --verbose
    expect(fs.existsSync(out)).toBe(false);
  });

  it('degrades a column whose scope is missing (exit 0, warning), but refuses a filter over it (exit 3)', async () => {
    // Every scope but AuditLog.Read.All (the security columns' scopes too: they degrade on their own below).
    const token = tenant.tokenFor(ALL_SCOPES.filter(s => s !== 'AuditLog.Read.All'));
    const out = path.join(dir, 'nomfa.xlsx');
    const all = await cli(['users', '--out', out, '--json', '--graph-url', tenant.url, '--token', token]);
    expect(all.code).toBe(0);
    const summary = summaryOf(all);
    // MFA and sign-ins both need AuditLog.Read.All: both columns degrade, each says why.
    expect(summary.warnings).toEqual([
      expect.stringMatching(/^MFA columns unavailable.*AuditLog\.Read\.All/),
      expect.stringMatching(/^Last sign-in unavailable.*AuditLog\.Read\.All/)
    ]);
    const rows = rowsOf(readWorkbookFile(out).Sheets.Users);
    const mfaCol = USER_COLUMNS.findIndex(c => c.key === 'mfaStatus');
    expect(rows.slice(1).every(r => r[mfaCol] === null)).toBe(true); // empty, never "No"

    const filtered = await cli(['users', '--out', path.join(dir, 'nomfa2.xlsx'), '--mfa', 'registered', '--graph-url', tenant.url, '--token', token]);
    expect(filtered.code).toBe(3);
    expect(filtered.stderr).toMatch(/--mfa needs data that could not be read.*AuditLog\.Read\.All/);
  });

  it('on concealed report names: warns on "Export all" and refuses --inactive-days (exit 1)', async () => {
    tenant.options.concealed = true;
    const out = path.join(dir, 'concealed.xlsx');
    const all = await cli(['users', '--out', out, '--json', ...graph()]);
    expect(all.code).toBe(0);
    expect(summaryOf(all).warnings).toEqual([expect.stringMatching(/Names are concealed/)]);
    expect(all.stderr).toMatch(/Warning: Names are concealed/);
    const rows = rowsOf(readWorkbookFile(out).Sheets.Users);
    const last = USER_COLUMNS.findIndex(c => c.key === 'lastActivity');
    expect(rows.slice(1).every(r => r[last] === null)).toBe(true);

    const inactive = await cli(['users', '--out', path.join(dir, 'c2.xlsx'), '--inactive-days', '30', ...graph()]);
    expect(inactive.code).toBe(1);
    expect(inactive.stderr).toMatch(/--inactive-days cannot be answered: names are concealed/);
  });

  it('exits 5 when Graph keeps throttling beyond the retries', async () => {
    tenant.options.faultRate = 1;
    const run = await cli(['users', '--out', path.join(dir, 'busy.xlsx'), '--json', ...graph()]);
    expect(run.code).toBe(5);
    expect(summaryOf(run)).toMatchObject({ ok: false, exitCode: 5 });
    expect(run.stderr).toMatch(/retries ran out/);
    // The transport retried (Retry-After honoured) before giving up: 1 try + 3 retries of /users.
    expect(tenant.requests.filter(r => r.path.startsWith('/v1.0/users?$select=id,displayName')).length).toBeGreaterThanOrEqual(4);
  });

  it('exits 1 for anything else: an output folder that does not exist, an unreachable Graph', async () => {
    tenant.clearRequests();
    const noFolder = await cli(['users', '--out', path.join(dir, 'missing', 'x.xlsx'), ...graph()]);
    expect(noFolder.code).toBe(1);
    expect(noFolder.stderr).toMatch(/folder .*missing does not exist/);
    expect(tenant.requests).toHaveLength(0); // checked before asking Graph
    const down = await cli(['users', '--out', path.join(dir, 'down.xlsx'), '--graph-url', 'http://127.0.0.1:9', '--token', tenant.token]);
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/could not be reached/);
  });

  it('never prints the token, even with --verbose stack traces', async () => {
    const token = tenant.tokenFor(['Reports.Read.All']);
    const run = await cli(['users', '--out', path.join(dir, 'v.xlsx'), '--verbose', '--json', '--graph-url', tenant.url, '--token', token]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/\n\s+at /); // the stack trace is there with --verbose
    expect(run.stdout + run.stderr).not.toContain(token);
    expect(run.stdout + run.stderr).not.toContain(token.split('.')[1] ?? '');
  });

  it('takes --token before GRAPH_TOKEN, and GRAPH_TOKEN when no --token is given', async () => {
    const bad = 'not-a-token';
    const flagWins = await cli(['users', '--out', path.join(dir, 't1.xlsx'), '--graph-url', tenant.url, '--token', tenant.token, '--quiet'], { env: { GRAPH_TOKEN: bad } });
    expect(flagWins.code).toBe(0);
    expect(flagWins.stderr).toBe(''); // --quiet
    const envOnly = await cli(['users', '--out', path.join(dir, 't2.xlsx'), '--graph-url', tenant.url, '--quiet'], { env: { GRAPH_TOKEN: bad } });
    expect(envOnly.code).toBe(3);
    expect(envOnly.stderr).toMatch(/Not signed in/);
  });

  describe('security readiness', () => {
    const upn = (person: string): string => tenant.info.people[person]?.userPrincipalName ?? `no ${person} in the demo tenant`;
    const upns = (rows: readonly IUserRow[]): string[] => rows.map(r => r.user.userPrincipalName);
    const view = (filters: IUserFilters): IUserRow[] => queryRows(browser.rows, { filters }, activityAsOf(browser.joins, today));

    it('"Export all" carries the simulation figures, trainings and how MFA is enforced, as the web part reads them', async () => {
      const out = path.join(dir, 'security-all.xlsx');
      const run = await cli(['users', '--out', out, '--json', ...graph()]);
      expect(run.code).toBe(0);
      expect(summaryOf(run).warnings).toEqual([]);
      const rows = rowsOf(readWorkbookFile(out).Sheets.Users);
      const col = (key: string): number => USER_COLUMNS.findIndex(c => c.key === key);
      const rowOf = (person: string): unknown[] => rows.find(r => r[col('userPrincipalName')] === upn(person)) ?? [];
      expect(rowOf('repeatOffender')[col('repeatOffences')]).toEqual(expect.any(Number));
      expect(rowOf('repeatOffender')[col('repeatOffences')] as number).toBeGreaterThan(0);
      expect(rowOf('repeatOffender')[col('lastSimulation')]).toBeInstanceOf(Date);
      expect(rowOf('neverSimulated').slice(col('simulations'), col('lastSimulation') + 1)).toEqual([0, 0, 0, 0, null]);
      expect(rowOf('trainingOverdue')[col('training')]).toMatch(/^\d+ of \d+ completed, \d+ overdue$/);
      expect(rowOf('mfaNotEnforced')[col('mfaEnforcedBy')]).toBe('Not enforced');
      expect(rowOf('mfaReportOnly')[col('mfaEnforcedBy')]).toMatch(/^Report-only: /);
      expect(rowOf('mfaViaNestedGroup')[col('mfaEnforcedBy')]).toMatch(/Require MFA for IT Security/);
    });

    it('maps the security switches onto the view\'s filters: the same users, the same cells', async () => {
      const cases: Array<{ args: string[]; filters: IUserFilters; in: string[]; out: string[] }> = [
        { args: ['--mfa-not-enforced'], filters: { mfaEnforcement: 'notEnforced' }, in: ['mfaNotEnforced', 'mfaNotEnforcedNotRegistered', 'mfaReportOnly', 'breakGlass'], out: ['mfaViaNestedGroup', 'admin'] },
        { args: ['--mfa-not-enforced', '--mfa', 'not-registered'], filters: { mfaEnforcement: 'notEnforced', mfaEnabled: false }, in: ['mfaNotEnforcedNotRegistered'], out: ['mfaNotEnforced'] },
        { args: ['--clicked', '--repeat-offenders'], filters: { clicked: true, repeatOffender: true }, in: ['repeatOffender'], out: ['clicker', 'neverSimulated'] },
        { args: ['--compromised'], filters: { compromised: true }, in: ['compromised', 'repeatOffender'], out: ['clicker'] },
        { args: ['--never-simulated'], filters: { neverSimulated: true }, in: ['neverSimulated', 'neverSimulatedListed'], out: ['clicker'] },
        { args: ['--training-overdue'], filters: { trainingOverdue: true }, in: ['trainingOverdue'], out: ['trainingInProgress', 'trainingCompleted'] },
        { args: ['--training-incomplete'], filters: { trainingIncomplete: true }, in: ['trainingOverdue', 'trainingInProgress'], out: ['trainingCompleted', 'neverSimulated'] }
      ];
      for (const c of cases) {
        const out = path.join(dir, `security-${c.args.join('').replace(/\W/g, '')}.xlsx`);
        const run = await cli(['users', '--out', out, '--json', ...c.args, ...graph()]);
        expect(run.code).toBe(0);
        const expected = view(c.filters);
        expect(upns(expected)).toEqual(expect.arrayContaining(c.in.map(upn)));
        for (const person of c.out) expect(upns(expected)).not.toContain(upn(person));
        expect(summaryOf(run)).toMatchObject({ ok: true, rows: expected.length });
        expect(cellsOf(readWorkbookFile(out).Sheets.Users)).toEqual(cellsOf(expectedWorkbook([usersSheet(expected, defaultColumns)]).Sheets.Users));
      }
    });

    it('reads the security reports only when a column or a filter needs them', async () => {
      tenant.clearRequests();
      const run = await cli(['users', '--out', path.join(dir, 'security-mfa-only.xlsx'), '--mfa-not-enforced', ...graph()]);
      expect(run.code).toBe(0);
      expect(tenant.requests.some(r => r.path.includes('/identity/conditionalAccess/policies'))).toBe(true);
      expect(tenant.requests.some(r => r.path.includes('/reports/security/'))).toBe(false);
      expect(tenant.requests.some(r => r.path.includes('signInActivity'))).toBe(false);
      tenant.clearRequests();
      expect((await cli(['users', '--out', path.join(dir, 'security-none.xlsx'), '--licensed', 'yes', ...graph()])).code).toBe(0);
      expect(tenant.requests.some(r => r.path.includes('/reports/security/') || r.path.includes('/identity/conditionalAccess/'))).toBe(false);
    });

    it('degrades the security columns alone without their scopes (exit 0, warnings), and refuses a filter over them (exit 3)', async () => {
      const token = tenant.tokenFor(ALL_SCOPES.filter(s => s !== 'AttackSimulation.Read.All' && s !== 'Policy.Read.All'));
      const out = path.join(dir, 'security-noscope.xlsx');
      const all = await cli(['users', '--out', out, '--json', '--graph-url', tenant.url, '--token', token]);
      expect(all.code).toBe(0);
      expect(summaryOf(all).warnings).toEqual([
        expect.stringMatching(/^Attack simulation columns unavailable \(left empty\).*AttackSimulation\.Read\.All/),
        expect.stringMatching(/^MFA enforcement unavailable \(left empty\).*Policy\.Read\.All/)
      ]);
      const rows = rowsOf(readWorkbookFile(out).Sheets.Users).slice(1);
      for (const key of ['simulations', 'clicked', 'training', 'mfaEnforcedBy']) {
        const at = USER_COLUMNS.findIndex(c => c.key === key);
        expect(rows.every(r => r[at] === null)).toBe(true); // empty, never 0 or "Not enforced"
      }
      expect(rows.some(r => r[USER_COLUMNS.findIndex(c => c.key === 'mfaStatus')] === 'Not registered')).toBe(true); // the other columns stay

      const clicked = await cli(['users', '--out', path.join(dir, 'security-noscope2.xlsx'), '--clicked', '--training-overdue', '--graph-url', tenant.url, '--token', token]);
      expect(clicked.code).toBe(3);
      expect(clicked.stderr).toMatch(/--clicked, --training-overdue needs data that could not be read.*AttackSimulation\.Read\.All/);
      const enforced = await cli(['users', '--out', path.join(dir, 'security-noscope3.xlsx'), '--mfa-not-enforced', '--graph-url', tenant.url, '--token', token]);
      expect(enforced.code).toBe(3);
      expect(enforced.stderr).toMatch(/--mfa-not-enforced needs data that could not be read.*Policy\.Read\.All/);
      expect(fs.existsSync(path.join(dir, 'security-noscope3.xlsx'))).toBe(false);
    });

    it('without the Defender licence, says the training is not available, and refuses --never-simulated rather than calling everyone never simulated', async () => {
      tenant.options.noAttackSimulation = true;
      const run = await cli(['users', '--out', path.join(dir, 'security-nolicence.xlsx'), '--never-simulated', ...graph()]);
      expect(run.code).toBe(3);
      expect(run.stderr).toMatch(/--never-simulated needs data that could not be read.*Defender for Office 365 Plan 2/);
    });

    it('--mfa-not-enforced leaves out, and counts in a warning, the users whose enforcement cannot be told', async () => {
      // Nothing that reads group members (GroupMember.Read.All, Group.Read.All, Directory.Read.All): the members of
      // the groups the policies name cannot be read.
      const token = tenant.tokenFor(['User.Read.All', 'Reports.Read.All', 'LicenseAssignment.Read.All', 'AuditLog.Read.All', 'Policy.Read.All', 'RoleManagement.Read.Directory']);
      const out = path.join(dir, 'security-unknown.xlsx');
      const run = await cli(['users', '--out', out, '--json', '--mfa-not-enforced', '--graph-url', tenant.url, '--token', token]);
      expect(run.code).toBe(0);
      const warnings = summaryOf(run).warnings as string[];
      expect(warnings).toEqual([expect.stringMatching(/^MFA enforcement could not be told for \d+ users \("Could not tell"; --mfa-not-enforced leaves them out\)\. .*GroupMember\.Read\.All/)]);
      const told = Number(/for (\d+) users/.exec(warnings[0] ?? '')?.[1]);
      expect(told).toBeGreaterThan(0);
      // The people a policy excludes by name, or covers only report-only, are still told apart.
      expect(rowsOf(readWorkbookFile(out).Sheets.Users).length - 1).toBeLessThan(browser.rows.length - told + 1);
    });

    it('rejects a value given to a switch (exit 2)', async () => {
      const run = await cli(['users', '--out', path.join(dir, 'x.xlsx'), '--clicked=yes', ...graph()]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/--clicked takes no value/);
    });
  });
});
