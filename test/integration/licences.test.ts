import * as fs from 'fs';
import * as path from 'path';
import { startDemoTenant } from '../../workbench/demo-tenant';
import type { IDemoTenant } from '../../workbench/demo-tenant';
import { ReportStore } from '../../src/core/reports/store';
import { fileDate } from '../../src/core/export/fileNames';
import { buildCostModel, buildLicenceModel, buildReclaimPlan, loadLicences, reclaimPeople } from '../../src/core/licences';
import type { ILicenceModel, ISkuUsage, WasteKind } from '../../src/core/licences';
import { applyPlan } from '../../src/core/plans';
import { licencesCommand } from '../../src/cli/commands/licences';
import type { ICommandContext, ICommandResult } from '../../src/cli/context';
import type { CommandName } from '../../src/cli/args';
import { UsageError } from '../../src/cli/errors';
import { Progress } from '../../src/cli/progress';
import { gatewayFor } from '../helpers/graph';
import { readWorkbookFile, rowsOf, tempDir } from './cli/cli';

// The Licences view's reads and figures against the demo tenant over HTTP (its 10 SKUs carry service plans), the
// reclaim plan applied, and the CLI's `licences` run in this process (the lead registers it in the shell).
jest.setTimeout(90_000);

const TODAY = '2026-03-10';
const NOW = new Date(`${TODAY}T09:00:00Z`);
const ALL = ['User.Read.All', 'AuditLog.Read.All', 'Reports.Read.All', 'LicenseAssignment.ReadWrite.All', 'GroupMember.Read.All'];

describe('licences against the demo tenant', () => {
  let tenant: IDemoTenant;
  let dir: string;

  beforeAll(async () => {
    tenant = await startDemoTenant({ users: 150, seed: 17, today: TODAY });
    dir = tempDir();
  });
  afterAll(async () => {
    await tenant.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  async function model(token = tenant.token): Promise<{ model: ILicenceModel; state: Awaited<ReturnType<typeof loadLicences>> }> {
    const gw = gatewayFor(tenant.url, token);
    const state = await loadLicences(gw, new ReportStore(gw, { format: 'csv' }));
    if (state.skus.status !== 'ready') throw new Error('SKUs not read');
    return { state, model: buildLicenceModel({ rows: state.list.rows, joins: state.list.joins, skus: state.skus.data, assignments: state.assignments, today: TODAY }) };
  }
  const part = (m: ILicenceModel, p: string): ISkuUsage => {
    const u = m.skus.find(s => s.sku.skuPartNumber === p);
    if (!u) throw new Error(`no SKU ${p}`);
    return u;
  };
  const upns = (m: ILicenceModel, p: string, kind: WasteKind): string[] => part(m, p).waste[kind].holders.map(r => m.rows[r]?.user.userPrincipalName.split('@')[0] ?? '?');

  it('reads every SKU with its plans and units; the list\'s holders agree with Graph\'s assigned counts', async () => {
    const { model: m, state } = await model();
    expect(m.skus).toHaveLength(10);
    for (const u of m.skus) {
      expect(u.holders.length).toBe(u.sku.assigned);
      expect(u.sku.available).toBe(Math.max(0, u.sku.enabled - u.sku.assigned));
    }
    expect(part(m, 'SPE_E3').sku.servicePlans.map(p => p.servicePlanName)).toEqual(expect.arrayContaining(['EXCHANGE_S_ENTERPRISE', 'TEAMS1']));
    // Free or trial from the SKU's own data; an add-on without plans is paid.
    expect(part(m, 'FLOW_FREE').sku.freeWhy).not.toBeNull();
    expect(part(m, 'TEAMS_EXPLORATORY').sku.freeWhy).not.toBeNull();
    expect(part(m, 'CONTOSO_LEGACY_ADDON').sku.freeWhy).toBeNull();
    expect(part(m, 'SPE_E5').sku.freeWhy).toBeNull();
    // Every assignment in the demo tenant is direct.
    expect(state.assignments.status).toBe('ready');
    expect(part(m, 'SPE_E3')).toMatchObject({ direct: part(m, 'SPE_E3').holders.length, viaGroup: 0 });
  });

  it('overlap from service plans: Office 365 E3 and Power BI Pro are covered by the larger SKUs', async () => {
    const { model: m } = await model();
    const key = (p: string): string => part(m, p).sku.key;
    expect(m.covers.get(key('ENTERPRISEPACK'))).toEqual(expect.arrayContaining([key('SPE_E3'), key('SPE_E5')]));
    expect(m.covers.get(key('SPE_E3'))).toEqual([key('SPE_E5')]);
    expect(m.covers.get(key('POWER_BI_PRO'))).toEqual([key('SPE_E5')]);
    expect(m.covers.has(key('SPE_E5'))).toBe(false);
    expect(m.covers.has(key('FLOW_FREE'))).toBe(false);
    expect(upns(m, 'POWER_BI_PRO', 'overlap')).toContain('admin'); // Avery holds E5 and Power BI Pro
  });

  it('waste: the disabled account, the one never signed in, the inactive ones; unknown activity never counted', async () => {
    const { model: m } = await model();
    expect(upns(m, 'SPE_E3', 'disabled')).toContain('sam.whitaker');
    expect(upns(m, 'SPE_E3', 'neverSignedIn')).toContain('lena.newcomer');
    expect(upns(m, 'SPE_E3', 'inactive90')).toContain('victor.hale');
    expect(upns(m, 'ENTERPRISEPACK', 'inactive90')).toContain('facilities');
    expect(upns(m, 'SPE_E3', 'inactive90')).not.toContain('zoe.angstrom-thorsdottir');
    expect(m.activityDate).toBe('2026-03-08');
    expect(m.asOf).toBe('2026-03-08');
    // Nested: 180 days inside 90 inside 30.
    for (const u of m.skus) {
      expect(u.waste.inactive90.holders.every(r => u.waste.inactive30.holders.includes(r))).toBe(true);
      expect(u.waste.inactive180.holders.every(r => u.waste.inactive90.holders.includes(r))).toBe(true);
    }
    const guests = m.skus.flatMap(u => u.waste.guestPaid.holders.map(r => m.rows[r]?.user.userType));
    expect(guests.every(t => t === 'Guest')).toBe(true);
    // Power Automate Free has holders but no waste: waste is about paid licences.
    const flow = part(m, 'FLOW_FREE');
    expect(flow.sku.freeWhy).not.toBeNull();
    expect(flow.holders.length).toBeGreaterThan(0);
    expect(Object.values(flow.waste).every(w => w.status === 'ready' && w.holders.length === 0)).toBe(true);
  });

  it('without AuditLog.Read.All "never signed in" is unavailable and says why; the rest stands', async () => {
    const { model: m } = await model(tenant.tokenFor(ALL.filter(s => s !== 'AuditLog.Read.All')));
    expect(m.availability.neverSignedIn.status).toBe('unavailable');
    expect(part(m, 'SPE_E3').waste.neverSignedIn.holders).toEqual([]);
    expect(upns(m, 'SPE_E3', 'disabled')).toContain('sam.whitaker');
  });

  it('reclaims two licences through the reviewed plan: only what Finish sends, and the SKU\'s assigned count drops by two', async () => {
    const gw = gatewayFor(tenant.url, tenant.token);
    const { model: m } = await model();
    const e3 = part(m, 'SPE_E3');
    const picked = [...e3.waste.disabled.holders.slice(0, 1), ...e3.waste.neverSignedIn.holders.slice(0, 1)];
    expect(picked).toHaveLength(2);
    const plan = buildReclaimPlan(reclaimPeople(m, picked, e3.sku.key), e3.sku, m.assignments?.groupNames, { scopes: undefined });
    expect(plan.steps.every(s => s.selected && s.kind === 'licenseRemove')).toBe(true);
    const outcome = await applyPlan(gw, plan, { now: () => NOW });
    expect([...outcome.results.values()].every(r => r.status === 'done')).toBe(true);
    const { model: after } = await model();
    expect(part(after, 'SPE_E3').sku.assigned).toBe(e3.sku.assigned - 2);
    expect(upns(after, 'SPE_E3', 'disabled')).not.toContain('sam.whitaker');
  });

  async function run(flags: Record<string, string>): Promise<ICommandResult> {
    const gateway = gatewayFor(tenant.url, tenant.token);
    const ctx: ICommandContext = {
      args: { command: 'licences' as CommandName, positionals: [], values: new Map(Object.entries(flags)), switches: new Set() },
      cwd: dir, today: TODAY, now: () => NOW,
      progress: new Progress({ write: () => true }, false),
      json: false, stdout: () => undefined, env: {}, topic: { current: 'users' }, watchReports: () => undefined,
      connect: async () => ({ graphUrl: tenant.url, gateway, reports: new ReportStore(gateway, { format: 'csv' }), auth: { kind: 'token flag', getToken: async () => tenant.token, secrets: [tenant.token] }, close: async () => undefined })
    };
    return licencesCommand(ctx);
  }

  it('CLI licences --prices --out: SKUs, Cost per currency, Holders, Waste and Notes; an unknown SKU in the file is a warning', async () => {
    const prices = path.join(dir, 'prices.json');
    // A price written as a string is read as the view reads it: "10,50" is 10.50, "1,250" is refused, never 1.25.
    fs.writeFileSync(prices, JSON.stringify([{ sku: 'SPE_E3', monthly: 36, currency: 'EUR' }, { sku: 'POWER_BI_PRO', monthly: '10,50', currency: 'usd' }, { sku: 'NOT_A_SKU', monthly: 1, currency: 'EUR' }, { sku: 'SPE_E5', monthly: '1,250', currency: 'EUR' }]));
    const result = await run({ prices: 'prices.json', out: 'lic.xlsx' });
    expect(result.sheets).toEqual(['SKUs', 'Cost', 'Holders', 'Waste', 'Notes']);
    expect(result.warnings.join(' ')).toMatch(/"NOT_A_SKU": no subscribed SKU/);
    expect(result.warnings.join(' ')).toMatch(/"SPE_E5": "monthly": "1,250" could be 1250 or 1\.25/);
    const wb = readWorkbookFile(path.join(dir, 'lic.xlsx'));
    const skus = rowsOf(wb.Sheets.SKUs);
    const head = skus[0] ?? [];
    const e3 = skus.find(r => r[1] === 'SPE_E3') ?? [];
    const purchased = e3[head.indexOf('Purchased')] as number;
    expect(e3[head.indexOf('Monthly cost')]).toBe(purchased * 36);
    expect(e3[head.indexOf('Currency')]).toBe('EUR');
    expect(skus.find(r => r[1] === 'SPE_E5')?.[head.indexOf('Monthly cost')] ?? null).toBeNull();
    expect(skus.find(r => r[1] === 'POWER_BI_PRO')?.[head.indexOf('Unit price (month)')]).toBe(10.5);
    const cost = rowsOf(wb.Sheets.Cost);
    expect(cost.slice(1).map(r => r[0])).toEqual(['EUR', 'USD']);
    expect(rowsOf(wb.Sheets.Waste).slice(1).some(r => r[0] === 'Assigned to disabled accounts')).toBe(true);
    // Values, never formulas: "=Reception Desk" is a name, kept as text.
    for (const n of ['SKUs', 'Holders', 'Waste', 'Notes']) for (const cell of Object.values(wb.Sheets[n] ?? {})) expect((cell as { f?: string }).f).toBeUndefined();
    expect(rowsOf(wb.Sheets.Holders).some(r => r[1] === '=Reception Desk')).toBe(true);
  });

  it('CLI licences without prices writes no Cost sheet and a default name; a prices file that is not JSON is refused before Graph', async () => {
    const result = await run({});
    // Named after the admin's own day of the run (the machine's zone), as every export is.
    expect(path.basename(result.output ?? '')).toBe(`m365-licences-tenant-${fileDate(NOW)}.xlsx`);
    expect(result.sheets).toEqual(['SKUs', 'Holders', 'Waste', 'Notes']);
    fs.writeFileSync(path.join(dir, 'bad.json'), '{ nope');
    const before = tenant.requests.length;
    await expect(run({ prices: 'bad.json' })).rejects.toThrow(UsageError);
    expect(tenant.requests.length).toBe(before);
    expect(buildCostModel({ skus: [] }, []).totals).toEqual([]);
  });
});
