import { buildCostModel, formatMoney, priceProblem, savingHolders } from '../../../src/core/licences/cost';
import { buildLicenceModel } from '../../../src/core/licences/model';
import { parsePriceFile } from '../../../src/core/licences/priceFile';
import { buildReclaimPlan, reclaimPeople } from '../../../src/core/licences/reclaim';
import { licencesFileName, licencesSheets } from '../../../src/core/licences/sheets';
import type { ISkuPrice } from '../../../src/core/licences/types';
import { ID, TODAY, activityReady, joins, row, signInsReady, skus, user } from './fixtures';

const AT = '2026-11-20T10:00:00Z';
const price = (skuId: string, monthly: number, currency: string): ISkuPrice => ({ skuId, monthly, currency, by: 'admin@contoso.com', at: AT });

function model(): ReturnType<typeof buildLicenceModel> {
  const rows = [
    row(user('a', [ID.M365E3], { accountEnabled: false }), { date: '2026-01-01', workload: 'Exchange' }, null), // disabled, inactive 30/90/180, never signed in
    row(user('b', [ID.M365E3, ID.E5]), { date: '2026-11-17', workload: 'Teams' }, '2026-11-17T00:00:00Z'), // overlap
    row(user('c', [ID.M365E3]), { date: '2026-11-17', workload: 'Teams' }, '2026-11-17T00:00:00Z'),
    row(user('g', [ID.EXO1], { userType: 'Guest' }), null, '2026-11-01T00:00:00Z')
  ];
  return buildLicenceModel({ rows, joins: joins(activityReady(), signInsReady), skus: skus(), today: TODAY });
}

describe('cost', () => {
  it('prices nothing without an entered price', () => {
    const cost = buildCostModel(model(), []);
    expect(cost.totals).toEqual([]);
    expect(cost.unpriced).toBe(6);
    expect(cost.bySku.get(ID.M365E3)).toEqual({ waste: {} });
  });

  it('a free or trial SKU costs what was entered for its units, and nothing of it is waste or saving', () => {
    const rows = [row(user('f', [ID.FLOW], { accountEnabled: false }), { date: null, workload: null }, null)];
    const m = buildLicenceModel({ rows, joins: joins(activityReady(), signInsReady), skus: skus(), today: TODAY });
    const cost = buildCostModel(m, [price(ID.FLOW, 1, 'EUR')]);
    const flow = cost.bySku.get(ID.FLOW);
    expect(flow).toMatchObject({ monthly: { amount: 10000, currency: 'EUR' }, waste: {} });
    expect(flow?.saving).toBeUndefined();
    expect(flow?.unassigned).toBeUndefined();
    expect(cost.totals).toEqual([expect.objectContaining({ currency: 'EUR', monthly: 10000, unassigned: 0, saving: 0, waste: {} })]);
  });

  it('monthly cost is price x purchased; each waste list and the unassigned units are priced; the saving counts a holding once', () => {
    const cost = buildCostModel(model(), [price(ID.M365E3.toUpperCase(), 33.75, 'EUR')]);
    const e3 = cost.bySku.get(ID.M365E3);
    expect(e3?.monthly).toEqual({ amount: 3375, currency: 'EUR' }); // 100 purchased
    expect(e3?.unassigned).toEqual({ amount: 337.5, currency: 'EUR' }); // 10 available
    expect(e3?.waste).toMatchObject({ disabled: { amount: 33.75, currency: 'EUR' }, inactive30: { amount: 33.75, currency: 'EUR' }, overlap: { amount: 33.75, currency: 'EUR' }, guestPaid: { amount: 0, currency: 'EUR' } });
    // a: disabled + inactive + never signed in (once); b: overlap -> 2 holdings, plus 10 unassigned units.
    expect(savingHolders(model().skus.find(s => s.sku.skuId === ID.M365E3) ?? model().skus[0] as never)).toBe(2);
    expect(e3?.saving).toEqual({ amount: 405, currency: 'EUR' });
    expect(cost.unpriced).toBe(5);
  });

  it('totals per currency, never across, and in cents (no floating-point drift)', () => {
    const cost = buildCostModel(model(), [price(ID.M365E3, 0.1, 'EUR'), price(ID.E5, 0.2, 'EUR'), price(ID.EXO1, 4, 'USD')]);
    expect(cost.totals.map(t => t.currency)).toEqual(['EUR', 'USD']);
    const eur = cost.totals[0];
    expect(eur?.monthly).toBe(14); // 100 x 0.10 + 20 x 0.20, exactly
    expect(eur?.skus).toBe(2);
    const usd = cost.totals[1];
    expect(usd).toMatchObject({ monthly: 40, unassigned: 0, skus: 1 });
    expect(usd?.waste.guestPaid).toBe(4);
    expect(formatMoney({ amount: 1234.5, currency: 'EUR' })).toBe('EUR 1,234.50');
  });

  it('a price that is not valid is not used', () => {
    expect(priceProblem(-1, 'EUR')).toMatch(/0 or more/);
    expect(priceProblem(Number.NaN, 'EUR')).toBeDefined();
    expect(priceProblem(10, 'euro')).toMatch(/three-letter/);
    expect(priceProblem(0, 'EUR')).toBeUndefined();
    expect(buildCostModel(model(), [price(ID.M365E3, 10, 'eur')]).totals).toEqual([]);
  });

  it('reads a prices file by part number or skuId, saying what it could not use', () => {
    const r = parsePriceFile([{ sku: 'spe_e3', monthly: 36, currency: 'eur' }, { sku: ID.E5, monthly: 57 }, { sku: 'NOPE', monthly: 1, currency: 'EUR' }], skus(), 'prices.json', AT);
    expect(r.prices).toEqual([{ skuId: ID.M365E3, monthly: 36, currency: 'EUR', by: 'prices.json', at: AT }]);
    expect(r.problems).toEqual([expect.stringMatching(/needs "monthly".*currency|three-letter/), expect.stringMatching(/"NOPE": no subscribed SKU/)]);
    expect(parsePriceFile({ EXCHANGESTANDARD: { monthly: 4, currency: 'USD' } }, skus(), 'p', AT).prices).toHaveLength(1);
    expect(parsePriceFile('x', skus(), 'p', AT).problems[0]).toMatch(/neither a list nor an object/);
  });

  it('reads a price written as a string as the view does: "36,50" is 36.50, "1,250" is refused, never 1.25', () => {
    const r = parsePriceFile([{ sku: 'SPE_E3', monthly: '36,50', currency: ' eur ' }, { sku: 'SPE_E5', monthly: '1,250', currency: 'EUR' }, { sku: 'POWER_BI_PRO', monthly: '1,250.00', currency: 'EUR' }], skus(), 'p', AT);
    expect(r.prices.map(p => [p.skuId, p.monthly, p.currency])).toEqual([[ID.M365E3, 36.5, 'EUR'], [ID.PBI, 1250, 'EUR']]);
    expect(r.problems).toEqual([expect.stringMatching(/"SPE_E5": "monthly": "1,250" could be 1250 or 1\.25\. Write it as 1250 or 1250\.00/)]);
  });
});

describe('reclaim plan', () => {
  it('locks a holding only through groups, naming the groups; a direct one is removed; unknown is left to Graph', () => {
    const plan = buildReclaimPlan([
      { id: 'a', name: 'Ann', assignment: { direct: true, groupIds: [] } },
      { id: 'b', name: 'Bo', assignment: { direct: false, groupIds: ['g1'] } },
      { id: 'c', name: 'Cy', assignment: { direct: true, groupIds: ['g1', 'g2'] } },
      { id: 'd', name: 'Di' }
    ], { skuId: ID.M365E3, name: 'Microsoft 365 E3' }, new Map([['g1', 'All staff']]), { scopes: new Set(['licenseassignment.readwrite.all']) });
    expect(plan.title).toBe('Reclaim Microsoft 365 E3 from 4 people');
    const [a, b, c, d] = plan.steps;
    expect(a).toMatchObject({ kind: 'licenseRemove', selected: true, before: 'Assigned directly', request: { method: 'POST', url: '/users/a/assignLicense', body: { addLicenses: [], removeLicenses: [ID.M365E3] } } });
    expect(b?.locked).toMatch(/through the group All staff: it stays while Bo is a member/);
    expect(b?.request).toBeUndefined();
    expect(c).toMatchObject({ selected: true, detail: expect.stringMatching(/All staff, g2.*no unit is freed/) });
    expect(d).toMatchObject({ selected: true });
    expect(d?.before).toBeUndefined();
  });

  it('takes the people from model rows with what the assignments say', () => {
    const m = model();
    expect(reclaimPeople(m, [0, 3, 99], ID.M365E3)).toEqual([{ id: 'a', name: 'Person a' }, { id: 'g', name: 'Person g' }]);
  });
});

describe('the Licences workbook', () => {
  it('has SKUs, Cost, Holders, Waste and Notes, values only', () => {
    const m = model();
    const cost = buildCostModel(m, [price(ID.M365E3, 36, 'EUR')]);
    const sheets = licencesSheets(m, cost, new Date(AT));
    expect(sheets.map(s => s.name)).toEqual(['SKUs', 'Cost', 'Holders', 'Waste', 'Notes']);
    const skuSheet = sheets[0];
    const e3 = skuSheet?.rows.find(r => r[2] === ID.M365E3);
    const col = (h: string): number => skuSheet?.columns.findIndex(c => c.header === h) ?? -1;
    expect(e3?.[col('Purchased')]).toBe(100);
    expect(e3?.[col('Assigned to disabled accounts')]).toBe(1);
    expect(e3?.[col('Monthly cost')]).toBe(3600);
    expect(e3?.[col('Currency')]).toBe('EUR');
    const e5 = skuSheet?.rows.find(r => r[2] === ID.E5);
    expect(e5?.[col('Monthly cost')]).toBeNull();
    expect(e5?.[col('Direct')]).toBeNull();
    const holders = sheets[2];
    expect(holders?.rows).toHaveLength(5);
    expect(holders?.rows[0]).toEqual(expect.arrayContaining(['Person b', 'Not known']));
    const waste = sheets[3];
    expect(waste?.rows.some(r => r[0] === 'Overlapping products' && (r[r.length - 1] as string[]).includes('Microsoft 365 E5'))).toBe(true);
    for (const s of sheets) for (const r of s.rows) for (const v of r) if (typeof v === 'string') expect(v.startsWith('=')).toBe(false);
    expect(licencesSheets(m, buildCostModel(m, []), new Date(AT)).map(s => s.name)).toEqual(['SKUs', 'Holders', 'Waste', 'Notes']);
  });

  it('names its file by tenant and date, and a single list by SKU and list', () => {
    expect(licencesFileName('contoso', '2026-11-21')).toBe('m365-licences-contoso-2026-11-21.xlsx');
    expect(licencesFileName('contoso', '2026-11-21', { part: 'SPE_E3', kind: 'inactive90' })).toBe('m365-licences-SPE_E3-inactive90-contoso-2026-11-21.xlsx');
  });
});
