import * as fs from 'fs';
import * as path from 'path';
import { startDemoTenant } from '../../../workbench/demo-tenant';
import type { IDemoTenant } from '../../../workbench/demo-tenant';
import { loadSkuNames } from '../../../src/core/directory/skus';
import { loadImpression } from '../../../src/core/impression/session';
import { IMPRESSION_SHEETS, impressionSheets } from '../../../src/core/impression/workbook';
import { ReportStore } from '../../../src/core/reports/store';
import type { ReportPeriod } from '../../../src/core/reports/types';
import { gatewayFor } from '../../helpers/graph';
import { cellsOf, cli, expectedWorkbook, readWorkbookFile, rowsOf, summaryOf, tempDir } from './cli';
import type { ICellView } from './cli';

// `m365-impressions impression` against the demo tenant, compared with the web part's "Export to Excel"
// built from the browser's reads (beta JSON reports) of the same user and period.
jest.setTimeout(60_000);

describe('m365-impressions impression', () => {
  let tenant: IDemoTenant;
  let dir: string;
  const graph = (): string[] => ['--graph-url', tenant.url, '--token', tenant.token];
  const upn = (who: string): string => {
    const p = tenant.info.people[who];
    if (!p) throw new Error(`no demo person ${who}`);
    return p.userPrincipalName;
  };
  /** The web part's workbook for a user and period, read back. */
  const browserWorkbook = async (user: string, period: ReportPeriod) => {
    const gw = gatewayFor(tenant.url, tenant.token);
    const imp = await loadImpression(gw, new ReportStore(gw, { format: 'json' }), user, period, await loadSkuNames());
    return expectedWorkbook(impressionSheets(imp, new Date()));
  };
  /** Cells of a sheet without the "Generated" time (the one cell that differs between two runs). */
  const stable = (cells: Record<string, ICellView>): Record<string, ICellView> => {
    const out = { ...cells };
    const row = Object.entries(cells).find(([a, c]) => a.startsWith('A') && c.v === 'Generated')?.[0].slice(1);
    if (row) delete out[`B${row}`];
    return out;
  };

  beforeAll(async () => {
    tenant = await startDemoTenant({ users: 40, seed: 11 });
    dir = tempDir();
  });
  afterAll(async () => {
    await tenant.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(() => {
    tenant.options.concealed = false;
  });

  it('writes the impression workbook: the public sheet layout, the same cells as "Export to Excel"', async () => {
    const user = upn('admin');
    const out = path.join(dir, 'admin.xlsx');
    const run = await cli(['impression', '--user', user, '--period', 'D90', '--out', out, '--json', ...graph()]);
    expect(run.code).toBe(0);
    const summary = summaryOf(run);
    expect(summary).toMatchObject({ command: 'impression', ok: true, output: out, sheets: [...IMPRESSION_SHEETS], warnings: [] });
    const got = readWorkbookFile(out);
    const want = await browserWorkbook(user, 'D90');
    expect(got.SheetNames).toEqual([...IMPRESSION_SHEETS]);
    for (const name of IMPRESSION_SHEETS) expect([name, stable(cellsOf(got.Sheets[name]))]).toEqual([name, stable(cellsOf(want.Sheets[name]))]);
    // Field / Value layout, Microsoft's column names, then refresh date and period.
    const exchange = rowsOf(got.Sheets.Exchange);
    expect(exchange[0]).toEqual(['Field', 'Value']);
    expect(exchange.map(r => r[0])).toEqual(expect.arrayContaining(['Storage Used (Byte)', 'Send Count', 'Report Refresh Date', 'Report Period']));
    expect(exchange.find(r => r[0] === 'Report Period')?.[1]).toBe(90);
    expect(exchange.at(-1)?.[0]).toBe('Report Period');
  });

  it('accepts a user id, and defaults to the D30 period', async () => {
    const person = tenant.info.people.guest;
    if (!person) throw new Error('no guest');
    const out = path.join(dir, 'guest.xlsx');
    const run = await cli(['impression', '--user', person.id, '--out', out, ...graph()]);
    expect(run.code).toBe(0);
    const got = readWorkbookFile(out);
    const want = await browserWorkbook(person.id, 'D30');
    expect(stable(cellsOf(got.Sheets.Summary))).toEqual(stable(cellsOf(want.Sheets.Summary)));
    expect(rowsOf(got.Sheets.Summary).find(r => r[0] === 'Report Period')?.[1]).toBe(30);
  });

  it("writes the user's simulations, trainings and MFA enforcement on Security; a refused part is a warning and a cell, not a failure", async () => {
    const user = upn('repeatOffender');
    const out = path.join(dir, 'repeat.xlsx');
    const run = await cli(['impression', '--user', user, '--out', out, '--json', ...graph()]);
    expect(run.code).toBe(0);
    const security = new Map(rowsOf(readWorkbookFile(out).Sheets.Security).map(r => [r[0], r[1]]));
    expect(['Simulations', 'Clicked', 'Compromised', 'Repeat Offences'].map(f => security.get(f))).toEqual([9, 4, 3, 3]);
    expect(security.get('Training')).toBe('0 of 2 completed, 1 overdue');
    expect(security.get('Training 1 Status')).toBe('Overdue');
    expect(security.get('MFA Enforced By')).toEqual(expect.any(String));
    tenant.options.noAttackSimulation = true;
    try {
      const refused = await cli(['impression', '--user', user, '--out', out, '--json', ...graph()]);
      expect(refused.code).toBe(0);
      expect(summaryOf(refused).warnings).toEqual([expect.stringMatching(/^Security \(attack simulation training\) unavailable\. .*Defender for Office 365 Plan 2/)]);
      const after = new Map(rowsOf(readWorkbookFile(out).Sheets.Security).map(r => [r[0], r[1]]));
      expect(String(after.get('Simulations'))).toMatch(/^Unavailable: /);
      expect(after.get('MFA Enforced By')).toBe(security.get('MFA Enforced By'));
    } finally {
      tenant.options.noAttackSimulation = false;
    }
  });

  it('exits 4 for a user the tenant does not have', async () => {
    const run = await cli(['impression', '--user', `nobody@${tenant.info.domain}`, '--out', path.join(dir, 'x.xlsx'), '--json', ...graph()]);
    expect(run.code).toBe(4);
    expect(run.stderr).toMatch(/No user "nobody@/);
    expect(summaryOf(run)).toMatchObject({ ok: false, exitCode: 4 });
  });

  it('exits 2 on a missing --user or a bad period, before any request', async () => {
    tenant.clearRequests();
    const noUser = await cli(['impression', '--out', path.join(dir, 'x.xlsx'), ...graph()]);
    expect(noUser.code).toBe(2);
    expect(noUser.stderr).toMatch(/--user <upn\|id> is required/);
    const badPeriod = await cli(['impression', '--user', upn('admin'), '--period', 'D365', '--out', path.join(dir, 'x.xlsx'), ...graph()]);
    expect(badPeriod.code).toBe(2);
    expect(badPeriod.stderr).toMatch(/"D365" is not a report period[\s\S]*Usage:/);
    expect(tenant.requests).toHaveLength(0);
  });

  it('exits 3 when the token cannot read the profile', async () => {
    const run = await cli(['impression', '--user', upn('admin'), '--out', path.join(dir, 'x.xlsx'), '--graph-url', tenant.url, '--token', tenant.tokenFor(['Reports.Read.All'])]);
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/User\.Read\.All/);
  });

  it('on concealed report names: writes the workbook and says activity cannot be matched', async () => {
    tenant.options.concealed = true;
    const user = upn('admin');
    const out = path.join(dir, 'concealed.xlsx');
    const run = await cli(['impression', '--user', user, '--out', out, '--json', ...graph()]);
    expect(run.code).toBe(0);
    expect(summaryOf(run).warnings).toEqual([expect.stringMatching(/Names are concealed in usage reports/)]);
    const got = readWorkbookFile(out);
    expect(rowsOf(got.Sheets.Exchange).some(r => r[0] === 'Status' && /concealed/.test(String(r[1])))).toBe(true);
    const want = await browserWorkbook(user, 'D30');
    for (const name of IMPRESSION_SHEETS) expect([name, stable(cellsOf(got.Sheets[name]))]).toEqual([name, stable(cellsOf(want.Sheets[name]))]);
  });
});
