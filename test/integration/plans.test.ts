import { startDemoTenant } from '../../workbench/demo-tenant';
import type { IDemoTenant } from '../../workbench/demo-tenant';
import { gatewayFor } from '../helpers/graph';
import { loadSkuNames } from '../../src/core/directory/skus';
import { scopesFromToken } from '../../src/core/graph/scopes';
import {
  SELF_LOCK, applyPlan, buildGroupPlan, buildLicenseRemovePlan, buildOffboardPlan, buildSetupLikePlan, mergeOutcomes, offboardingRecordSheets, outcomeCounts,
  readGroupMembership, readOffboardFacts, readPlanPeople, readPlanSkus, readSetupLikeFacts, retryFailed, selectKind, signedInFromToken, toggleStep,
  withGroupMembership, withPlanPeople
} from '../../src/core/plans';
import type { IBulkPlan, IOffboardFacts } from '../../src/core/plans';
import type { GraphGateway } from '../../src/core/graph/GraphGateway';

// Plans against the demo tenant over HTTP: read the facts, build, apply, and read the tenant back (and its seams).
jest.setTimeout(60_000);

describe('plans against the demo tenant', () => {
  let tenant: IDemoTenant;
  let gw: GraphGateway;
  const now = (): Date => new Date('2026-03-10T09:00:00Z');
  const who = (name: 'leftStillEnabled' | 'leaverUpcoming7' | 'leaverUpcoming30' | 'joined7' | 'joined30' | 'joined90'): { id: string; userPrincipalName: string } => {
    const p = tenant.lifecycle.people()[name];
    if (!p) throw new Error(`no demo person ${name}`);
    return p;
  };
  const plan = async (upns: string[], allowDestructive: boolean): Promise<{ facts: IOffboardFacts[]; plan: IBulkPlan }> => {
    const facts = await readOffboardFacts(gw, upns);
    const skus = await readPlanSkus(gw, await loadSkuNames());
    return { facts, plan: buildOffboardPlan(facts, skus.status === 'ready' ? skus.data : undefined, { scopes: scopesFromToken(tenant.token), allowDestructive }) };
  };

  beforeAll(async () => {
    tenant = await startDemoTenant({ users: 40, seed: 11, today: '2026-03-10' });
    gw = gatewayFor(tenant.url, tenant.token);
  });
  afterAll(async () => {
    await tenant.close();
  });

  it('offboards a leaver fully: blocked, signed out, licences but the one kept, out of every group Graph can change, methods and devices gone', async () => {
    const leaver = who('leaverUpcoming7');
    const built = await plan([leaver.userPrincipalName], true);
    expect(built.plan.gaps).toEqual([]);
    // One licence is kept, as an admin keeps the mailbox's until it is converted to shared (the checklist's first item).
    const licences = built.plan.steps.filter(s => s.kind === 'licenseRemove');
    expect(licences.length).toBeGreaterThan(1);
    const kept = licences[0]?.key ?? '';
    const chosen = toggleStep(selectKind(built.plan, ['methodRemove', 'deviceRetire'], true), kept, false);
    const out = await applyPlan(gw, chosen, { now, scopes: scopesFromToken(tenant.token) });
    const sent = chosen.steps.filter(s => s.selected);
    expect(outcomeCounts(out)).toEqual({ done: sent.length, failed: 0, notSent: 0 });
    // Round trips: a $batch per phase (block, then revoke, removals, then the destructive steps) and, when the
    // default method was refused while others remained, one more for it.
    expect(out.requests).toBeGreaterThanOrEqual(4);
    expect(out.requests).toBeLessThanOrEqual(5);

    const [after] = await readOffboardFacts(gw, [leaver.userPrincipalName]);
    const person = after?.person.status === 'ready' ? after.person.data : undefined;
    expect(person?.accountEnabled).toBe(false);
    expect(person?.licenses.map(l => `${leaver.id}:licenseRemove:${l.skuId.toLowerCase()}`)).toEqual([kept]);
    const groups = after?.groups.status === 'ready' ? after.groups.data : [];
    expect(groups.every(g => g.notEditable)).toBe(true);
    const methods = after?.methods.status === 'ready' ? after.methods.data : [];
    expect(methods.map(m => m.label)).toEqual(['Password']);
    expect(tenant.lifecycle.revoked().map(r => r.userId)).toContain(leaver.id);
    const devices = tenant.lifecycle.devicesOf(leaver.id)?.managed ?? [];
    expect(devices.length).toBeGreaterThan(0);
    expect(devices.every(d => d.managementState === 'retirePending')).toBe(true);
    expect(tenant.lifecycle.deviceActions().filter(a => devices.some(d => d.id === a.managedDeviceId)).map(a => a.action)).toEqual(devices.map(() => 'retire'));

    // The record: each step Done, the state before from the facts read before Finish.
    const sheets = offboardingRecordSheets(chosen, out, built.facts, now());
    const results = sheets[1]?.rows.map(r => r[5]);
    expect(results?.filter(r => r === 'Done')).toHaveLength(sent.length);
    expect(sheets[2]?.rows.find(r => r[2] === 'Account' && r[3] === 'Sign-in')?.[4]).toBe('Enabled');

    // Offboarding again changes nothing: the plan has nothing left to send but what Graph cannot change.
    const again = await plan([leaver.userPrincipalName], true);
    expect(again.plan.steps.find(s => s.kind === 'block')?.locked).toBe('Sign-in is already blocked: nothing to change.');
    expect(again.plan.steps.filter(s => s.kind === 'licenseRemove' || s.kind === 'methodRemove').map(s => s.key)).toEqual([kept]);
  });

  it('half fails: one person refused keeps the other done; Try again sends only the failures', async () => {
    const ok = who('leftStillEnabled');
    const refused = who('leaverUpcoming30');
    tenant.lifecycle.refuseWritesFor(refused.id, 403);
    try {
      const built = await plan([ok.userPrincipalName, refused.userPrincipalName], false);
      const out = await applyPlan(gw, built.plan, { now, scopes: scopesFromToken(tenant.token) });
      const mine = (id: string) => built.plan.steps.filter(s => s.userId === id && s.selected);
      expect(mine(ok.id).every(s => out.results.get(s.key)?.status === 'done')).toBe(true);
      const block = out.results.get(`${refused.id}:block:account`);
      expect(block?.status === 'failed' && block.reason).toMatch(/^Microsoft Graph refused this for your admin role: blocking sign-in needs the User Administrator role/);
      // Their block failed: nothing else of theirs was sent (held for Try again), so no write about them but the block reached the tenant.
      const held = mine(refused.id).filter(s => s.kind !== 'block').map(s => out.results.get(s.key));
      expect(held.length).toBeGreaterThan(0);
      expect(held.every(r => r?.status === 'skipped' && r.retryable === true && r.reason.startsWith('Not sent: blocking sign-in failed first (Microsoft Graph refused this for your admin role'))).toBe(true);
      expect(tenant.lifecycle.revoked().map(r => r.userId)).not.toContain(refused.id);
      // The refused person is untouched; the other is done.
      const [okAfter, refusedAfter] = await readOffboardFacts(gw, [ok.userPrincipalName, refused.userPrincipalName]);
      expect(okAfter?.person.status === 'ready' && okAfter.person.data.accountEnabled).toBe(false);
      expect(refusedAfter?.person.status === 'ready' && refusedAfter.person.data.accountEnabled).toBe(true);

      tenant.lifecycle.refuseWritesFor(refused.id, null);
      const retry = retryFailed(built.plan, out);
      expect(new Set(retry.steps.map(s => s.userId))).toEqual(new Set([refused.id]));
      const later = (): Date => new Date('2026-03-10T09:10:00Z');
      const second = await applyPlan(gw, retry, { now: later, by: 'admin' });
      const all = mergeOutcomes(out, second);
      expect(outcomeCounts(all)).toMatchObject({ failed: 0, notSent: 0 });
      expect(tenant.lifecycle.revoked().map(r => r.userId)).toContain(refused.id);
      // The record tells both tries of the block.
      const sheets = offboardingRecordSheets(built.plan, all, built.facts, later());
      const blockRow = sheets[1]?.rows.find(r => r.at(-1) === `${refused.id}:block:account`);
      expect(blockRow?.[8]).toMatch(/^Failed \(Microsoft Graph refused this for your admin role.*\) at 2026-03-10 09:00:00 UTC, then Done at 2026-03-10 09:10:00 UTC$/);
      const [done] = await readOffboardFacts(gw, [refused.userPrincipalName]);
      expect(done?.person.status === 'ready' && done.person.data.accountEnabled).toBe(false);
    } finally {
      tenant.lifecycle.refuseWritesFor(refused.id, null);
    }
  });

  it('sets up a joiner like a colleague: fields, manager, groups and licences they lacked', async () => {
    const joiner = who('joined7');
    const admin = tenant.info.people.admin;
    if (!admin) throw new Error('no admin');
    const { reference, target } = await readSetupLikeFacts(gw, admin.userPrincipalName, joiner.userPrincipalName);
    const skus = await readPlanSkus(gw, await loadSkuNames());
    const built = buildSetupLikePlan(reference, target, skus.status === 'ready' ? skus.data : undefined, { scopes: scopesFromToken(tenant.token) });
    const out = await applyPlan(gw, built, { now });
    const sent = built.steps.filter(s => s.selected);
    expect(sent.length).toBeGreaterThan(0);
    expect(outcomeCounts(out).failed).toBe(0);
    const { target: after } = await readSetupLikeFacts(gw, admin.userPrincipalName, joiner.userPrincipalName);
    const groups = after.groups.status === 'ready' ? after.groups.data.map(g => g.id) : [];
    for (const s of sent.filter(x => x.kind === 'groupAdd')) expect(groups).toContain(s.key.split(':')[2]);
    const refMgr = reference.manager.status === 'ready' ? reference.manager.data : null;
    if (refMgr && sent.some(s => s.kind === 'manager')) expect(after.manager).toEqual({ status: 'ready', data: refMgr });
  });

  it('puts the admin roles and owned groups Graph lists for a person on their checklist, as the directory has them', async () => {
    // Everyone's facts, to find the people who hold roles and own groups; each is checked against Graph's other view.
    const all: string[] = [];
    for await (const page of gw.pages<{ id: string }>('/users?$select=id&$top=999')) all.push(...page.map(u => u.id));
    const facts = await readOffboardFacts(gw, all);
    const ready = facts.filter(f => f.person.status === 'ready' && f.roles.status === 'ready' && f.owned.status === 'ready');
    expect(ready).toHaveLength(all.length);
    const ids = (f: IOffboardFacts, part: 'roles' | 'owned'): string[] => { const s = f[part]; return s.status === 'ready' ? s.data.map(x => x.id).sort() : []; };
    const withRoles = facts.filter(f => ids(f, 'roles').length > 0);
    const owners = facts.filter(f => ids(f, 'owned').length > 0);
    expect(withRoles.length).toBeGreaterThan(0);
    expect(owners.length).toBeGreaterThan(0);
    // Roles: every activated role's members, as /directoryRoles lists them.
    const roleMembers = new Map<string, string[]>();
    for await (const roles of gw.pages<{ id: string }>('/directoryRoles')) {
      for (const role of roles) for await (const members of gw.pages<{ id: string }>(`/directoryRoles/${role.id}/members?$select=id`)) {
        for (const m of members) roleMembers.set(m.id, [...(roleMembers.get(m.id) ?? []), role.id]);
      }
    }
    for (const f of facts) expect(ids(f, 'roles')).toEqual((roleMembers.get(f.person.status === 'ready' ? f.person.data.id : '') ?? []).sort());
    // Owned groups: each is one the group's owners name the person in.
    const owner = owners[0] as IOffboardFacts;
    const ownerId = owner.person.status === 'ready' ? owner.person.data.id : '';
    for (const groupId of ids(owner, 'owned')) {
      const groupOwners = await gw.get<{ value: Array<{ id: string }> }>(`/groups/${groupId}/owners?$select=id`);
      expect(groupOwners.value.map(o => o.id)).toContain(ownerId);
    }
    const built = buildOffboardPlan([owner, ...withRoles.slice(0, 1)], undefined, { scopes: scopesFromToken(tenant.token) });
    const checklist = built.steps.filter(s => s.kind === 'manual').map(s => s.label);
    expect(checklist.some(l => /^Give the groups? they own another owner: /.test(l))).toBe(true);
    expect(checklist.some(l => /^Remove their admin roles?: /.test(l))).toBe(true);
    expect(built.steps.filter(s => s.kind === 'manual').every(s => !s.request)).toBe(true);
  });

  it('never offboards the signed-in admin: every step of theirs locked, nothing sent', async () => {
    const admin = tenant.info.people.admin;
    if (!admin) throw new Error('no admin');
    const facts = await readOffboardFacts(gw, [admin.userPrincipalName]);
    const built = buildOffboardPlan(facts, undefined, { scopes: scopesFromToken(tenant.token), allowDestructive: true, signedInUserId: signedInFromToken(tenant.token).userId });
    expect(built.steps.length).toBeGreaterThan(2);
    expect(built.steps.every(s => s.locked === SELF_LOCK && !s.selected)).toBe(true);
    const out = await applyPlan(gw, built, { now });
    expect(out.requests).toBe(0);
  });

  it('reads the current state for bulk plans: licence holdings, and direct membership of one group', async () => {
    // People no other test here has changed.
    const leaver = who('joined30');
    const joiner = who('joined90');
    const [facts, joinerFacts] = await readOffboardFacts(gw, [leaver.userPrincipalName, joiner.userPrincipalName]);
    const groupsOf = (f: IOffboardFacts | undefined): string[] => (f?.groups.status === 'ready' ? f.groups.data.map(g => g.id) : []);
    // A group the first is in and the second is not.
    const group = (facts?.groups.status === 'ready' ? facts.groups.data : []).find(g => !groupsOf(joinerFacts).includes(g.id));
    if (!group) throw new Error('no group tells the two apart');
    const people = await readPlanPeople(gw, [leaver.id, joiner.id, 'nobody-there']);
    const held = people[0]?.status === 'ready' ? people[0].data.licenses : [];
    expect(held.length).toBeGreaterThan(0);
    expect(held).toEqual(facts?.person.status === 'ready' ? facts.person.data.licenses : []);
    expect(people[2]?.status).toBe('error');
    const membership = await readGroupMembership(gw, [leaver.id, joiner.id], group.id);
    expect([...membership.entries()]).toEqual([[leaver.id, true], [joiner.id, false]]);
    const add = buildGroupPlan(withGroupMembership([{ id: leaver.id, name: 'Leaver' }], group.id, membership), group, 'add');
    expect(add.steps[0]?.locked).toBe(group.notEditable ?? 'Already a member: nothing to change.');
    const remove1 = buildGroupPlan(withGroupMembership([{ id: joiner.id, name: 'Joiner' }], group.id, membership), group, 'remove');
    expect(remove1.steps[0]?.locked).toBe(group.notEditable ?? 'Not a member: nothing to change.');
    const sku = held[0];
    if (!sku) throw new Error('no licence');
    const remove = buildLicenseRemovePlan(withPlanPeople([{ id: leaver.id, name: 'Leaver' }, { id: joiner.id, name: 'Joiner' }], people.slice(0, 2)), { skuId: sku.skuId, name: 'It' });
    expect(remove.steps[0]?.locked ?? null).toBe(sku.direct ? null : expect.stringMatching(/^Assigned through a group/));
  });
});
