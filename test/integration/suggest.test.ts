import { startDemoTenant } from '../../workbench/demo-tenant';
import type { IDemoTenant } from '../../workbench/demo-tenant';
import { gatewayFor } from '../helpers/graph';
import { loadSkuNames } from '../../src/core/directory/skus';
import { scopesFromToken } from '../../src/core/graph/scopes';
import { LIKENESS_WEIGHTS, buildSetupLikePlan, readPlanSkus, readSetupLikeFacts, suggestReferences } from '../../src/core/plans';
import type { GraphGateway } from '../../src/core/graph/GraphGateway';

// "Set up like…", guided, against the demo tenant over HTTP: the suggestions come from the new user's team, and the
// first one builds a plan.
jest.setTimeout(60_000);

describe('suggested references against the demo tenant', () => {
  let tenant: IDemoTenant;
  let gw: GraphGateway;

  beforeAll(async () => {
    tenant = await startDemoTenant({ users: 60, seed: 11, today: '2026-03-10' });
    gw = gatewayFor(tenant.url, tenant.token);
  });
  afterAll(async () => {
    await tenant.close();
  });

  const read = async <T>(path: string): Promise<T> => gw.get<T>(path);

  it('suggests colleagues of a joiner from the same team (manager or department), and the first builds a plan', async () => {
    const joiner = tenant.lifecycle.people().joined7;
    if (!joiner) throw new Error('no demo joiner');
    const manager = await read<{ id: string; displayName: string }>(`/users/${joiner.id}/manager?$select=id,displayName`);
    const profile = await read<{ displayName: string; department: string | null }>(`/users/${joiner.id}?$select=displayName,department`);
    const before = gw.stats.batches;
    const out = await suggestReferences(gw, joiner.id);
    // Three round trips: the profile and manager, the team and the department, the best ones' admin roles.
    expect(gw.stats.batches - before).toBe(3);
    expect(out.gaps).toEqual([]);
    expect(out.basis.manager).toEqual({ id: manager.id, displayName: manager.displayName });
    expect(out.suggestions.length).toBeGreaterThan(0);
    expect(out.suggestions.length).toBeLessThanOrEqual(5);
    expect(out.suggestions.map(s => s.id)).not.toContain(joiner.id);
    // Each suggestion is what its reasons say, read back from Graph: the same manager, or the same department.
    for (const s of out.suggestions) {
      const theirs = await read<{ accountEnabled: boolean; userType: string; department: string | null }>(`/users/${s.id}?$select=accountEnabled,userType,department`);
      expect([s.id, theirs.accountEnabled, theirs.userType]).toEqual([s.id, true, 'Member']);
      if (s.reasons.includes(`Same manager (${manager.displayName})`)) {
        expect((await read<{ id: string }>(`/users/${s.id}/manager?$select=id`)).id).toBe(manager.id);
      } else {
        expect(s.reasons).toContain(`Same department (${profile.department ?? ''})`);
        expect(theirs.department).toBe(profile.department);
      }
    }
    // Ranked by the likenesses summed, as the reasons name them (LIKENESS_WEIGHTS).
    const weight = (r: string): number => (r.startsWith('Same manager') ? LIKENESS_WEIGHTS.manager : r === 'Same job title' ? LIKENESS_WEIGHTS.jobTitle : r.startsWith('Same department') ? LIKENESS_WEIGHTS.department : LIKENESS_WEIGHTS.office);
    const scores = out.suggestions.map(s => s.reasons.reduce((n, r) => n + weight(r), 0));
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(out.suggestions.some(s => s.reasons.includes(`Same manager (${manager.displayName})`))).toBe(true);

    const top = out.suggestions[0];
    if (!top) throw new Error('no suggestion');
    const { reference, target } = await readSetupLikeFacts(gw, top.id, joiner.id);
    const skus = await readPlanSkus(gw, await loadSkuNames());
    const plan = buildSetupLikePlan(reference, target, skus.status === 'ready' ? skus.data : undefined, { scopes: scopesFromToken(tenant.token) });
    expect(plan.gaps).toEqual([]);
    expect(plan.title).toBe(`Set up ${profile.displayName} like ${top.displayName}`);
    expect(plan.steps.every(s => s.userId === joiner.id)).toBe(true);
    expect(plan.steps.length).toBeGreaterThan(0);
  });

  it('never suggests an account without a licence: the IT admin is offered IT colleagues, not the break-glass account', async () => {
    const admin = tenant.info.people.admin;
    if (!admin) throw new Error('no demo admin');
    const glass = await read<{ value: Array<{ id: string; assignedLicenses: unknown[]; department: string | null }> }>(`/users?$filter=${encodeURIComponent("startswith(userPrincipalName,'emergency.access')")}&$select=id,assignedLicenses,department`);
    const breakGlass = glass.value[0];
    // The demo's break-glass account is in the admin's department and holds no licence (as such accounts should).
    expect(breakGlass?.assignedLicenses).toEqual([]);
    const mine = await read<{ department: string | null }>(`/users/${admin.id}?$select=department`);
    expect(breakGlass?.department).toBe(mine.department);
    const out = await suggestReferences(gw, admin.id);
    expect(out.suggestions.length).toBeGreaterThan(0);
    expect(out.suggestions.map(s => s.id)).not.toContain(breakGlass?.id);
    for (const s of out.suggestions) expect((await read<{ assignedLicenses: unknown[] }>(`/users/${s.id}?$select=assignedLicenses`)).assignedLicenses.length).toBeGreaterThan(0);
  });
});
