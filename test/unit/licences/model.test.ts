import { assignmentOf, buildLicenceModel, daysBefore, overlapOf, wasteAvailability } from '../../../src/core/licences/model';
import { coveringSkus, planShare } from '../../../src/core/licences/overlap';
import { freeReason, toLicenceSku } from '../../../src/core/licences/skus';
import { toAssignments } from '../../../src/core/licences/assignments';
import { GraphError } from '../../../src/core/graph/GraphError';
import type { ILicenceModel, WasteKind } from '../../../src/core/licences/types';
import { ID, P, REPORT_DATE, TODAY, activityReady, joins, names, row, signInsReady, skus, user } from './fixtures';

const SIGNED = '2026-11-01T08:00:00Z';

function tenantRows(): ReturnType<typeof row>[] {
  return [
    row(user('u1', [ID.E5, ID.M365E3, ID.O365E3]), { date: '2026-11-17', workload: 'Exchange' }, SIGNED),
    row(user('u2', [ID.M365E3], { accountEnabled: false }), null, SIGNED),
    row(user('u3', [ID.M365E3]), { date: '2026-07-01', workload: 'Teams' }, SIGNED),
    row(user('u4', [ID.O365E3.toUpperCase()]), { date: null, workload: null }, SIGNED),
    row(user('u5', [ID.EXO1, ID.FLOW], { userType: 'Guest' }), null, SIGNED),
    row(user('u6', [ID.M365E3]), undefined, SIGNED),
    row(user('u7', [ID.PBI, ID.E5]), { date: '2026-11-10', workload: 'SharePoint' }, null),
    row(user('u8', [ID.M365E3]), { date: daysBefore(REPORT_DATE, 30), workload: 'Exchange' }, SIGNED),
    row(user('u9', [ID.M365E3]), { date: daysBefore(REPORT_DATE, 29), workload: 'Exchange' }, SIGNED),
    row(user('u10', []), { date: null, workload: null }, null)
  ];
}

function model(activity = activityReady(), signIns = signInsReady): ILicenceModel {
  return buildLicenceModel({ rows: tenantRows(), joins: joins(activity, signIns), skus: skus(), today: TODAY });
}

const ids = (m: ILicenceModel, skuId: string, kind: WasteKind): string[] => {
  const u = m.skus.find(s => s.sku.skuId === skuId);
  return (u?.waste[kind].holders ?? []).map(r => m.rows[r]?.user.id ?? '?');
};

describe('SKUs as the Licences view reads them', () => {
  it('keeps every unit count and the plans, available never below 0', () => {
    const [e5, , , exo1] = skus();
    expect(e5).toMatchObject({ name: 'Microsoft 365 E5', key: ID.E5, enabled: 20, assigned: 10, available: 10, capabilityStatus: 'Enabled', freeWhy: null });
    expect(exo1).toMatchObject({ enabled: 10, assigned: 12, available: 0 });
    const odd = toLicenceSku({ skuId: 'ABC', skuPartNumber: 'X', prepaidUnits: { enabled: 3, warning: 2, suspended: 1, lockedOut: 4 } }, () => undefined);
    expect(odd).toMatchObject({ key: 'abc', name: 'X', warning: 2, suspended: 1, lockedOut: 4, capabilityStatus: 'Unknown', servicePlans: [] });
    expect(toLicenceSku({ skuPartNumber: 'X' }, names)).toBeUndefined();
  });

  it('decides free or trial from the part number, the name or the plans, never a list of products', () => {
    expect(freeReason('FLOW_FREE', 'Microsoft Power Automate Free', [P.FLOW])).toMatch(/part number says "FREE"/);
    expect(freeReason('POWER_BI_STANDARD', 'Microsoft Fabric (Free)', [])).toMatch(/name says "Free"/);
    expect(freeReason('Dynamics_365_Guides_vTrial', 'x', [])).toMatch(/vTrial/);
    expect(freeReason('TEAMS_EXPLORATORY', 'Microsoft Teams Exploratory', [P.TEAMS])).not.toBeNull();
    expect(freeReason('SOME_ADDON', 'Some add-on', [P.FLOW, P.FORMS_FREE, P.TENANT])).toMatch(/every service plan/);
    // Words inside other words do not count; a SKU without plans is paid.
    expect(freeReason('FREEDOM_SUITE', 'Trials Manager', [P.EXO])).toBeNull();
    expect(freeReason('CONTOSO_LEGACY_ADDON', 'Legacy', [])).toBeNull();
  });
});

describe('overlap from service plans', () => {
  it('measures the share of the smaller SKU inside the larger', () => {
    expect(planShare(new Set(['a', 'b', 'c', 'd', 'e']), new Set(['a', 'b', 'c', 'd']))).toBe(0.8);
    expect(planShare(new Set(), new Set(['a']))).toBe(0);
  });

  it('covers a SKU whose counted plans are 80% or more inside a larger one; free, viral and tenant plans are left out', () => {
    const covers = coveringSkus(skus());
    expect(covers.get(ID.M365E3)).toEqual([ID.E5]); // the free Forms plan and E5's tenant plan do not count
    expect(covers.get(ID.O365E3)).toEqual([ID.E5, ID.M365E3]);
    expect(covers.get(ID.PBI)).toEqual([ID.E5]);
    expect(covers.has(ID.E5)).toBe(false);
    expect(covers.has(ID.EXO1)).toBe(false); // Exchange Plan 1 is another plan than E3's Exchange
    expect(covers.has(ID.FLOW)).toBe(false); // free: wastes nothing
  });

  it('below 80% is no overlap; two SKUs of the same plans list only one of them', () => {
    const mk = (id: string, plans: object[]): ReturnType<typeof toLicenceSku> => toLicenceSku({ skuId: id, skuPartNumber: id.toUpperCase(), servicePlans: plans }, () => undefined);
    const business = mk('b', [P.EXO1, P.SPO, P.TEAMS, P.APPS, P.YAMMER]);
    const e3 = mk('e3', [P.EXO, P.SPO, P.TEAMS, P.APPS, P.YAMMER, P.P1]);
    const twin = mk('twin', [P.EXO, P.SPO, P.TEAMS, P.APPS, P.YAMMER, P.P1]);
    const list = [business, e3, twin].filter((s): s is NonNullable<typeof s> => !!s);
    const covers = coveringSkus(list);
    expect(covers.get('b')).toEqual(['e3', 'twin']); // 4 of 5 = 80%
    expect(covers.has('e3')).toBe(false);
    expect(covers.get('twin')).toEqual(['e3']);
    const small = coveringSkus([mk('x', [P.EXO1, P.SPO, P.TEAMS, P.PBI]), e3].filter((s): s is NonNullable<typeof s> => !!s));
    expect(small.has('x')).toBe(false); // 2 of 4
  });
});

describe('waste per SKU', () => {
  it('lists holders and each category from the list rows (any case of skuId)', () => {
    const m = model();
    expect(m.asOf).toBe(REPORT_DATE);
    expect(m.activityDate).toBe(REPORT_DATE);
    const holders = (id: string): string[] => (m.skus.find(s => s.sku.skuId === id)?.holders ?? []).map(r => m.rows[r]?.user.id ?? '?');
    expect(holders(ID.M365E3)).toEqual(['u1', 'u2', 'u3', 'u6', 'u8', 'u9']);
    expect(holders(ID.O365E3)).toEqual(['u1', 'u4']);
    expect(ids(m, ID.M365E3, 'disabled')).toEqual(['u2']);
  });

  it('counts no activity in 30/90/180 days from the report date; unknown activity is never inactive', () => {
    const m = model();
    // u2: no row in the report; u6: not known (concealed) — neither counted. u8: exactly 30 days; u9: 29.
    expect(ids(m, ID.M365E3, 'inactive30')).toEqual(['u3', 'u8']);
    expect(ids(m, ID.M365E3, 'inactive90')).toEqual(['u3']);
    expect(ids(m, ID.M365E3, 'inactive180')).toEqual([]);
    expect(ids(m, ID.O365E3, 'inactive180')).toEqual(['u4']); // in the report, never active
  });

  it('counts never signed in only with sign-in data, and says why not otherwise', () => {
    expect(ids(model(), ID.E5, 'neverSignedIn')).toEqual(['u7']);
    const off = model(activityReady(), { status: 'off' });
    expect(off.availability.neverSignedIn).toMatchObject({ status: 'unavailable', why: 'Sign-in data were not read.' });
    expect(off.skus.filter(s => s.sku.freeWhy === null).every(s => s.waste.neverSignedIn.status === 'unavailable' && s.waste.neverSignedIn.holders.length === 0)).toBe(true);
    const refused = new GraphError(403, 'Authorization_RequestDenied', 'Neither tenant is B2C or tenant does not have premium license');
    expect(model(activityReady(), { status: 'error', error: refused }).availability.neverSignedIn).toMatchObject({ status: 'unavailable', error: refused });
    expect(model(activityReady(), { status: 'loading' }).skus[0]?.waste.neverSignedIn.status).toBe('loading');
  });

  it('without the activity report no one is inactive, and the category says so', () => {
    const m = model({ status: 'error', error: new GraphError(403, 'Forbidden', 'no role') });
    expect(m.availability.inactive90.status).toBe('unavailable');
    expect(ids(m, ID.M365E3, 'inactive30')).toEqual([]);
    expect(m.asOf).toBe(TODAY);
    expect(model(activityReady(4)).availability.inactive30.why).toMatch(/4 rows of the usage report have concealed names/);
  });

  it('lists the covered SKU of overlapping holders, with what covers it', () => {
    const m = model();
    expect(ids(m, ID.M365E3, 'overlap')).toEqual(['u1']);
    expect(ids(m, ID.O365E3, 'overlap')).toEqual(['u1']);
    expect(ids(m, ID.PBI, 'overlap')).toEqual(['u7']);
    expect(ids(m, ID.E5, 'overlap')).toEqual([]);
    expect(overlapOf(m, 0, ID.O365E3)).toEqual([ID.E5, ID.M365E3]);
    expect(overlapOf(m, 6, ID.PBI)).toEqual([ID.E5]);
  });

  it('lists guests holding a paid licence, not a free one', () => {
    const m = model();
    expect(ids(m, ID.EXO1, 'guestPaid')).toEqual(['u5']);
    expect(ids(m, ID.FLOW, 'guestPaid')).toEqual([]);
  });

  it('counts no waste on a free or trial SKU: its lists are counted and empty, and no total includes its holders', () => {
    // u5, a guest with no row in the report, holds the free Power Automate SKU; a disabled, never-active holder too.
    const rows = [...tenantRows(), row(user('u11', [ID.FLOW], { accountEnabled: false }), { date: null, workload: null }, null)];
    const m = buildLicenceModel({ rows, joins: joins(activityReady(), signInsReady), skus: skus(), today: TODAY });
    const flow = m.skus.find(s => s.sku.skuId === ID.FLOW);
    expect(flow?.sku.freeWhy).not.toBeNull();
    expect(flow?.holders).toHaveLength(2);
    for (const k of ['disabled', 'inactive30', 'inactive90', 'inactive180', 'neverSignedIn', 'overlap', 'guestPaid'] as WasteKind[]) {
      expect(flow?.waste[k]).toEqual({ status: 'ready', holders: [] });
    }
    // The paid SKUs are counted as before; the total over every SKU has none of the free one's holders.
    const disabledTotal = m.skus.reduce((n, u) => n + u.waste.disabled.holders.length, 0);
    expect(disabledTotal).toBe(1); // u2 on Microsoft 365 E3 only, not u11
    expect(ids(m, ID.M365E3, 'disabled')).toEqual(['u2']);
  });

  it('splits holders direct and through groups once the assignments are read', () => {
    const byUser = new Map([
      ['u1', toAssignments({ licenseAssignmentStates: [{ skuId: ID.M365E3, assignedByGroup: 'g1', state: 'Active' }, { skuId: ID.E5, assignedByGroup: null, state: 'Active' }] })],
      ['u2', toAssignments({ licenseAssignmentStates: [{ skuId: ID.M365E3, assignedByGroup: null, state: 'Active' }, { skuId: ID.M365E3, assignedByGroup: 'g1', state: 'Active' }] })],
      ['u3', toAssignments({ licenseAssignmentStates: [{ skuId: ID.M365E3, assignedByGroup: null, state: 'Active' }, { skuId: ID.M365E3, assignedByGroup: 'g2', state: 'Error' }] })]
    ]);
    const m = buildLicenceModel({ rows: tenantRows(), joins: joins(activityReady(), signInsReady), skus: skus(), today: TODAY, assignments: { status: 'ready', data: { byUser, groupNames: new Map([['g1', 'All staff']]) } } });
    const e3 = m.skus.find(s => s.sku.skuId === ID.M365E3);
    // u1 only through the group; u2 both ways; u3's group assignment failed and gives nothing; u6, u8, u9 are not among
    // the group holders at all: direct.
    expect(e3).toMatchObject({ direct: 5, viaGroup: 2 });
    expect(assignmentOf(m, 0, ID.M365E3)).toEqual({ direct: false, groupIds: ['g1'] });
    expect(assignmentOf(m, 5, ID.M365E3)).toEqual({ direct: true, groupIds: [] });
    expect(assignmentOf(model(), 5, ID.M365E3)).toBeUndefined();
    expect(model().skus[0]?.direct).toBeUndefined();
  });

  it('availability follows each join', () => {
    const a = wasteAvailability(joins({ status: 'loading' }, { status: 'ready', data: new Map() }));
    expect(a.inactive30.status).toBe('loading');
    expect(a.neverSignedIn.status).toBe('ready');
    expect(a.disabled.status).toBe('ready');
  });
});

describe('reading the assignments', () => {
  it('keeps only the users holding something through a group, under their id as given and lower-cased, and names the groups', async () => {
    const { readAssignments, ASSIGNMENTS_PATH } = await import('../../../src/core/licences/assignments');
    const asked: string[] = [];
    const gateway = {
      pages: async function* (path: string, options: { headers?: Record<string, string> }) {
        asked.push(`${path} ${JSON.stringify(options.headers)}`);
        yield [
          { id: 'A1', licenseAssignmentStates: [{ skuId: ID.M365E3, assignedByGroup: 'g1', state: 'Active' }] },
          { id: 'b2', licenseAssignmentStates: [{ skuId: ID.M365E3, assignedByGroup: null, state: 'Active' }] }
        ];
      },
      batch: async (requests: Array<{ id: string; url: string }>) => new Map(requests.map(r => [r.id, { id: r.id, status: 200, headers: {}, body: { id: 'g1', displayName: 'All staff' } }]))
    };
    const index = await readAssignments(gateway as never);
    expect(asked).toEqual([`${ASSIGNMENTS_PATH} {"ConsistencyLevel":"eventual"}`]);
    expect([...index.byUser.keys()]).toEqual(['A1', 'a1']);
    expect(index.groupNames.get('g1')).toBe('All staff');
  });
});
