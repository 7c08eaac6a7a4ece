import { startDemoTenant } from '../../workbench/demo-tenant';
import type { IDemoTenant } from '../../workbench/demo-tenant';
import { ReportStore } from '../../src/core/reports/store';
import { loadSkuNames } from '../../src/core/directory/skus';
import type { SkuNameLookup } from '../../src/core/directory/skus';
import { loadImpression } from '../../src/core/impression/session';
import { loadImpressionDirectory } from '../../src/core/impression/directory';
import { addGroup, applyChanges, emptyChangeSet, removeGroup, setField, toggleLicense } from '../../src/core/impression/changeSet';
import { toGroupInfo } from '../../src/core/directory/groups';
import type { IGroupInfo } from '../../src/core/directory/groups';
import { GraphError } from '../../src/core/graph/GraphError';
import { searchGroups } from '../../src/core/directory/search';
import { gatewayFor } from '../helpers/graph';
import { neverSimulated } from '../../src/core/security/simulations';
import { impressionSheets } from '../../src/core/impression/workbook';
import { ALL_SCOPES } from '../../workbench/demo-tenant/token';

jest.setTimeout(60_000);

describe('impression against the demo tenant', () => {
  let t: IDemoTenant;
  let names: SkuNameLookup;
  beforeAll(async () => { t = await startDemoTenant({ users: 300, seed: 3 }); names = await loadSkuNames(); });
  afterAll(async () => { await t.close(); });
  const person = (k: string): { id: string; userPrincipalName: string } => {
    const p = t.info.people[k];
    if (!p) throw new Error(`demo tenant has no ${k}`);
    return p;
  };
  const group = async (kind: string): Promise<IGroupInfo> => {
    const id = t.info.groups[kind];
    const gw = gatewayFor(t.url, t.token);
    return toGroupInfo(await gw.get(`/groups/${id}?$select=id,displayName,groupTypes,mailEnabled,securityEnabled,onPremisesSyncEnabled`)) as IGroupInfo;
  };

  it('loads the directory part in one $batch and the second user costs no report request', async () => {
    const gw = gatewayFor(t.url, t.token);
    const store = new ReportStore(gw, { format: 'json' });
    const first = await loadImpression(gw, store, person('admin').userPrincipalName, 'D30', names);
    expect(first.directory.requests).toBe(1);
    expect(first.directory.groups.status).toBe('ready');
    expect(first.workloads.some(w => w.status === 'ready')).toBe(true);
    const reads = store.stats.reads;
    const batches = gw.stats.batches;
    const second = await loadImpression(gw, store, person('unicode').id, 'D30', names);
    expect(store.stats.reads).toBe(reads);
    // The directory's $batch and the devices' own (security reads are the session's, shared).
    expect(gw.stats.batches).toBe(batches + 2);
    expect(second.directory.user.userPrincipalName).toBe(person('unicode').userPrincipalName);
  });

  it('says when the user has no manager or photo instead of failing', async () => {
    const d = await loadImpressionDirectory(gatewayFor(t.url, t.token), person('noManagerNoPhoto').id, names);
    expect(d.manager).toEqual({ status: 'ready', data: null });
    expect(d.photo).toEqual({ status: 'ready', data: null });
  });

  it('classifies every group kind the tenant has', async () => {
    const kinds = await Promise.all(['unified', 'security', 'mailSecurity', 'distribution', 'dynamic', 'synced'].map(group));
    expect(kinds.map(g => g.kind)).toEqual(['microsoft365', 'security', 'mailSecurity', 'distribution', 'dynamic', 'onPremises']);
  });

  it('applies profile and group edits, and they persist', async () => {
    const gw = gatewayFor(t.url, t.token);
    const u = person('unicode');
    const before = await loadImpressionDirectory(gw, u.id, names);
    const sec = await group('security');
    const isMember = before.groups.status === 'ready' && before.groups.data.some(g => g.id === sec.id);
    let set = setField(emptyChangeSet(u.id), 'jobTitle', before.user.jobTitle, 'Chief Tester');
    set = isMember ? removeGroup(set, sec, true) : addGroup(set, sec, false);
    const out = await applyChanges(gw, set);
    expect(out.results.map(r => r.ok)).toEqual([true, true]);
    expect(out.requests).toBe(1);
    const after = await loadImpressionDirectory(gw, u.id, names);
    expect(after.user.jobTitle).toBe('Chief Tester');
    expect(after.groups.status === 'ready' && after.groups.data.some(g => g.id === sec.id)).toBe(!isMember);
  });

  it('reports Graph\'s refusals per change (distribution list, dynamic, synced); an add to a group already joined counts as applied', async () => {
    const gw = gatewayFor(t.url, t.token);
    const u = person('admin');
    const d = await loadImpressionDirectory(gw, u.id, names);
    const memberOf = d.groups.status === 'ready' ? d.groups.data : [];
    let set = emptyChangeSet(u.id);
    for (const kind of ['distribution', 'dynamic', 'synced']) {
      const g = await group(kind);
      if (!memberOf.some(m => m.id === g.id)) set = addGroup(set, g, false);
    }
    const refusals = set.changes.length;
    const already = memberOf.find(g => !g.notEditable);
    if (!already) throw new Error('the admin should be in an editable group');
    set = addGroup(set, already, false); // a stale picker: Graph says "already exist", which is the state asked for
    const out = await applyChanges(gw, set);
    expect(refusals).toBeGreaterThanOrEqual(1);
    const refused = out.results.filter(r => r.change.kind === 'groupAdd' && r.change.group.id !== already.id);
    expect(refused.every(r => !r.ok && r.error instanceof GraphError && r.error.status === 400)).toBe(true);
    expect(out.results.find(r => r.change.kind === 'groupAdd' && r.change.group.id === already.id)?.ok).toBe(true);
    expect(out.remaining.changes).toHaveLength(refusals);
  });

  it('needs a usage location for licences, and waits for it when the same Finish sets one', async () => {
    const gw = gatewayFor(t.url, t.token);
    const u = person('noUsageLocation');
    const d = await loadImpressionDirectory(gw, u.id, names);
    const skus = d.skus.status === 'ready' ? [...d.skus.data.values()] : [];
    const free = skus.find(s => s.enabled - s.consumed > 0 && !d.user.skuIds.includes(s.skuId));
    if (!free) throw new Error('the demo tenant should have a SKU with free units');
    const lic = { skuId: free.skuId, name: free.name };
    const refused = await applyChanges(gw, toggleLicense(emptyChangeSet(u.id), lic, false));
    expect(refused.results[0]?.ok).toBe(false);
    expect(refused.results[0]?.error?.status).toBe(400);
    const both = await applyChanges(gw, toggleLicense(setField(emptyChangeSet(u.id), 'usageLocation', null, 'NL'), lic, false));
    expect(both.results.map(r => r.ok)).toEqual([true, true]);
  });

  it('each section degrades alone: no report role, no P1, no group scope for the picker', async () => {
    const limited = await startDemoTenant({ users: 50, seed: 3, noReportRole: true, noP1: true });
    try {
      const token = limited.tokenFor(['User.Read.All', 'AuditLog.Read.All', 'Reports.Read.All', 'LicenseAssignment.Read.All']);
      const gw = gatewayFor(limited.url, token);
      const imp = await loadImpression(gw, new ReportStore(gw, { format: 'json' }), limited.info.people.admin!.id, 'D7', names);
      expect(imp.directory.user.displayName).toBeTruthy();
      // The group picker needs GroupMember.Read.All; without it the search says so.
      const err = await searchGroups(gw, 'a').catch((e: unknown) => e);
      expect((err as GraphError).kind).toBe('permission');
      expect(imp.directory.signIn.status === 'error' && (imp.directory.signIn.error as GraphError).kind).toBe('license');
      expect(imp.workloads.every(w => w.status === 'error' && (w.error as GraphError).kind === 'role')).toBe(true);
      expect(imp.directory.skus.status).toBe('ready');
    } finally {
      await limited.close();
    }
  });

  it('says activity cannot be matched when names are concealed', async () => {
    const hidden = await startDemoTenant({ users: 50, seed: 3, concealed: true });
    try {
      const gw = gatewayFor(hidden.url, hidden.token);
      const imp = await loadImpression(gw, new ReportStore(gw, { format: 'json' }), hidden.info.people.admin!.id, 'D30', names);
      expect(imp.workloads.filter(w => w.status === 'concealed').length).toBeGreaterThan(3);
    } finally {
      await hidden.close();
    }
  });

  it('a user that does not exist is a not-found error', async () => {
    await expect(loadImpressionDirectory(gatewayFor(t.url, t.token), 'nobody@contoso.onmicrosoft.com', names)).rejects.toMatchObject({ status: 404 });
  });
});

describe('impression security readiness against the demo tenant', () => {
  let t: IDemoTenant;
  let names: SkuNameLookup;
  beforeAll(async () => { t = await startDemoTenant({ users: 300, seed: 3 }); names = await loadSkuNames(); });
  afterAll(async () => { await t.close(); });
  const id = (k: string): string => {
    const p = t.info.people[k];
    if (!p) throw new Error(`demo tenant has no ${k}`);
    return p.id;
  };
  const load = (tenant: IDemoTenant, who: string, token = tenant.token): ReturnType<typeof loadImpression> => {
    const gw = gatewayFor(tenant.url, token);
    return loadImpression(gw, new ReportStore(gw, { format: 'json' }), who, 'D30', names);
  };

  it("reads each person's simulations, repeat offences and trainings from the tenant's reports", async () => {
    const clicker = await load(t, id('clicker'));
    expect(clicker.attackSimulation).toMatchObject({ status: 'ready', data: {
      simulation: { simulationCount: 6, clickCount: 2, compromisedCount: 0 }, repeatOffences: 0,
      training: { assigned: 1, completed: 0, trainings: [{ displayName: 'Spear Phishing', status: 'assigned' }] }
    } });
    const repeat = await load(t, id('repeatOffender'));
    expect(repeat.attackSimulation).toMatchObject({ status: 'ready', data: { simulation: { simulationCount: 9, clickCount: 4, compromisedCount: 3 }, repeatOffences: 3, training: { assigned: 2, overdue: 1 } } });
    for (const k of ['neverSimulated', 'neverSimulatedListed']) {
      const never = await load(t, id(k));
      expect([k, never.attackSimulation.status === 'ready' && neverSimulated(never.attackSimulation.data.simulation)]).toEqual([k, true]);
    }
  });

  it('evaluates how MFA is enforced per person from the policies, their groups (nested) and roles', async () => {
    const admin = await load(t, id('admin'));
    // Through the Global Administrator role (an authentication strength counts as MFA).
    expect(admin.mfaEnforcement).toMatchObject({ status: 'ready', data: { kind: 'policies', policies: expect.arrayContaining(['Require phishing-resistant MFA for administrators']) } });
    expect((await load(t, id('mfaViaNestedGroup'))).mfaEnforcement).toMatchObject({ status: 'ready', data: { kind: 'policies', policies: expect.arrayContaining(['Require MFA for IT Security']) } });
    expect((await load(t, id('mfaReportOnly'))).mfaEnforcement).toEqual({ status: 'ready', data: { kind: 'reportOnly', policies: ['Require MFA for guests (pilot)'] } });
    const none = await load(t, id('mfaNotEnforced'));
    expect(none.mfaEnforcement).toMatchObject({ status: 'ready', data: { kind: 'notEnforced', why: 'Excluded from: Require MFA for all users' } });
    const security = new Map(impressionSheets(none, new Date()).find(sh => sh.name === 'Security')!.rows.map(r => [r[0], r[1]]));
    expect([security.get('MFA Enforced By'), security.get('MFA Enforcement Detail')]).toEqual(['Not enforced', 'Excluded from: Require MFA for all users']);
  });

  it('with security defaults on, they enforce MFA for everyone', async () => {
    const on = await startDemoTenant({ users: 50, seed: 3, securityDefaults: true });
    try {
      expect((await load(on, on.info.people.guest!.id)).mfaEnforcement).toEqual({ status: 'ready', data: { kind: 'securityDefaults' } });
    } finally {
      await on.close();
    }
  });

  it('each security part degrades alone: no licence, no scope, no role', async () => {
    const unlicensed = await startDemoTenant({ users: 50, seed: 3, noAttackSimulation: true });
    try {
      const imp = await load(unlicensed, unlicensed.info.people.admin!.id);
      expect(imp.attackSimulation.status).toBe('error');
      expect(imp.mfaEnforcement.status).toBe('ready');
      expect(imp.workloads.some(w => w.status === 'ready')).toBe(true);
      const row = impressionSheets(imp, new Date()).find(sh => sh.name === 'Security')!.rows.find(r => r[0] === 'Simulations');
      expect(String(row?.[1])).toMatch(/^Unavailable: .*Defender for Office 365 Plan 2/);
    } finally {
      await unlicensed.close();
    }
    const noPolicyScope = await load(t, id('clicker'), t.tokenFor(ALL_SCOPES.filter(s => s !== 'Policy.Read.All')));
    expect(noPolicyScope.mfaEnforcement.status === 'error' && (noPolicyScope.mfaEnforcement.error as GraphError).kind).toBe('permission');
    expect(noPolicyScope.attackSimulation.status).toBe('ready');
    // A signed-in person without a security role: both refused, the profile and the rest still there.
    const plain = await load(t, id('clicker'), t.tokenAs(id('trainingOverdue'))!);
    expect([plain.attackSimulation.status, plain.mfaEnforcement.status]).toEqual(['error', 'error']);
    expect(plain.directory.user.id).toBe(id('clicker'));
  });
});
