import { APPLY_PHASES, applyPlan, buildGroupPlan, buildOffboardPlan, mergeOutcomes, outcomeCounts, retryFailed, selectKind, toggleStep } from '../../../src/core/plans';
import type { IBulkPlan, IPlanStep, StepResult } from '../../../src/core/plans';
import { AUTHENTICATOR, E3, EMS, LAPTOP, PASSWORD, PHONE, SALES, SKUS, err, facts, fakeGraph, person } from './fixtures';
import type { ISent } from './fixtures';

const NOW = (): Date => new Date('2026-03-10T09:00:00Z');
const ok = (): { status: number } => ({ status: 204 });
const offboard = (ids: string[], allowDestructive = false): IBulkPlan => buildOffboardPlan(ids.map(id => facts(person(id, { licenses: [{ skuId: E3, direct: true, groupIds: [] }, { skuId: EMS, direct: true, groupIds: [] }] }), {
  groups: { status: 'ready', data: [SALES] },
  methods: { status: 'ready', data: [PASSWORD, AUTHENTICATOR, PHONE] },
  devices: { status: 'ready', data: [{ ...LAPTOP, id: `d-${id}` }] }
})), SKUS, { allowDestructive });
const status = (results: ReadonlyMap<string, StepResult>, key: string): string | undefined => results.get(key)?.status;

describe('applyPlan', () => {
  it('applies in phases, each a round of $batch calls of 20 across people, never with dependsOn', async () => {
    const { gateway, batches, sent } = fakeGraph(ok);
    const plan = selectKind(offboard(['a', 'b', 'c'], true), ['methodRemove', 'deviceRetire'], true);
    const out = await applyPlan(gateway, plan, { now: NOW });
    // Phase 1: 3 blocks + 3 revokes; phase 2: 3 group removes + 3 assignLicense (both licences in one call); phase 4: 6 methods + 3 devices.
    expect(batches.map(b => b.length)).toEqual([6, 6, 9]);
    expect(batches[0]?.map(r => `${r.method} ${r.url}`)).toEqual(['PATCH /users/a', 'POST /users/a/revokeSignInSessions', 'PATCH /users/b', 'POST /users/b/revokeSignInSessions', 'PATCH /users/c', 'POST /users/c/revokeSignInSessions']);
    expect(batches[1]?.find(r => r.url === '/users/a/assignLicense')?.body).toEqual({ addLicenses: [], removeLicenses: [E3, EMS] });
    expect(sent().every(r => r.dependsOn === undefined)).toBe(true);
    expect(out.requests).toBe(3);
    expect(outcomeCounts(out)).toEqual({ done: 24, failed: 0, notSent: 0 });
    expect(out.startedAt).toBe('2026-03-10T09:00:00.000Z');
    expect(out.cancelled).toBeUndefined();
    // Every step has a result: manual and unselected ones skipped with why.
    expect(out.results.size).toBe(plan.steps.length);
    expect(out.results.get('a:manual:sharedMailbox')).toEqual({ status: 'skipped', reason: 'Done by hand: Microsoft Graph cannot do this from here.' });
  });

  it('splits a phase of more than 20 calls into batches of 20 across people, with progress after each', async () => {
    const { gateway, batches } = fakeGraph(ok);
    const people = Array.from({ length: 25 }, (_, i) => ({ id: `u${i}`, name: `User ${i}` }));
    const progress: Array<[number, number, number]> = [];
    const out = await applyPlan(gateway, buildGroupPlan(people, SALES, 'add'), { now: NOW, concurrency: 1, onProgress: p => progress.push([p.done, p.total, p.phase]) });
    expect(batches.map(b => b.length)).toEqual([20, 5]);
    expect(progress).toEqual([[20, 25, 2], [25, 25, 2]]);
    expect(outcomeCounts(out).done).toBe(25);
  });

  it('keeps every success beside a failure, with Graph reason in words (a role refusal as the role needed)', async () => {
    const { gateway } = fakeGraph(r => (r.url.startsWith('/users/b') || r.url.includes('/members/b/') ? err(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.') : ok()));
    const plan = offboard(['a', 'b']);
    const scopes = new Set(['user.readwrite.all', 'groupmember.readwrite.all']);
    const out = await applyPlan(gateway, plan, { now: NOW, scopes });
    expect(['a:block:account', 'a:revoke:sessions', 'a:groupRemove:g-sales'].map(k => status(out.results, k))).toEqual(['done', 'done', 'done']);
    const failed = out.results.get('b:block:account');
    expect(failed?.status).toBe('failed');
    expect(failed?.status === 'failed' && failed.reason).toBe('Microsoft Graph refused this for your admin role: blocking sign-in needs the User Administrator role (a privileged role such as Privileged Authentication Administrator to block an administrator).');
    const group = out.results.get('b:groupRemove:g-sales');
    expect(group?.status === 'failed' && group.reason).toMatch(/Groups Administrator role or ownership/);
    // Without the scope, the missing permission is named.
    const { gateway: g2 } = fakeGraph(() => err(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'));
    const r2 = (await applyPlan(g2, plan, { now: NOW, scopes: new Set(['user.read.all']) })).results.get('a:revoke:sessions');
    expect(r2?.status === 'failed' && r2.reason).toMatch(/does not carry User\.RevokeSessions\.All/);
  });

  it('counts idempotent answers as done: already out of the group, licence already gone (a merged call split to tell which)', async () => {
    const { gateway } = fakeGraph(r => {
      if (r.url.includes('/members/')) return err(404, 'Request_ResourceNotFound', "Resource 'a' does not exist or one of its queried reference-property objects are not present.");
      if (r.url.endsWith('/assignLicense')) return (r.body as { removeLicenses: string[] }).removeLicenses.includes(E3) ? err(400, 'Request_BadRequest', 'User does not have a corresponding license.') : ok();
      return ok();
    });
    const out = await applyPlan(gateway, offboard(['a']), { now: NOW });
    expect(out.results.get('a:groupRemove:g-sales')).toEqual({ status: 'done', note: 'Already not a member.' });
    // The merged assignLicense failed for one licence: sent again one licence each, so the other is not hidden.
    expect(out.results.get(`a:licenseRemove:${E3}`)).toEqual({ status: 'done', note: 'The licence was already removed.' });
    expect(out.results.get(`a:licenseRemove:${EMS}`)).toEqual({ status: 'done' });
  });

  it('adds licences after a usage location of the same person, and holds them back when it failed', async () => {
    const plan: IBulkPlan = {
      purpose: 'setupLike', title: 't', gaps: [],
      steps: ['n1', 'n2'].flatMap(id => [
        step(id, 'field', 'usageLocation', { method: 'PATCH', url: `/users/${id}`, body: { usageLocation: 'NL' } }),
        step(id, 'field', 'department', { method: 'PATCH', url: `/users/${id}`, body: { department: 'Sales' } }),
        step(id, 'licenseAdd', E3, { method: 'POST', url: `/users/${id}/assignLicense`, body: { addLicenses: [{ skuId: E3, disabledPlans: [] }], removeLicenses: [] } })
      ])
    };
    const { gateway, batches } = fakeGraph(r => (r.url === '/users/n2' ? err(400, 'Request_BadRequest', "Invalid value specified for property 'usageLocation' of resource 'User'.") : ok()));
    const out = await applyPlan(gateway, plan, { now: NOW });
    // One PATCH per person (fields merged); the licence in a later round, n2's not sent.
    expect(batches[0]?.filter(r => r.method === 'PATCH').map(r => r.body)).toEqual([{ usageLocation: 'NL', department: 'Sales' }, { usageLocation: 'NL', department: 'Sales' }]);
    expect(batches.flat().filter(r => r.url.endsWith('/assignLicense')).map(r => r.url)).toEqual(['/users/n1/assignLicense']);
    expect(status(out.results, `n1:licenseAdd:${E3}`)).toBe('done');
    const held = out.results.get(`n2:licenseAdd:${E3}`);
    expect(held).toMatchObject({ status: 'skipped', retryable: true });
    expect(held?.status === 'skipped' && held.reason).toMatch(/^Not sent: it needs the new usage location, which was not set \(Microsoft Graph refused this: Invalid value/);
  });

  it('removes the default method last: one refused while others remained is sent again once they are gone', async () => {
    let appRemoved = false;
    const { gateway, batches } = fakeGraph(r => {
      if (r.url.endsWith('/microsoftAuthenticatorMethods/m-app')) {
        if (!appRemoved) return err(400, 'badRequest', 'Cannot delete default method with other methods configured. Please change default method before deletion.');
        return ok();
      }
      if (r.url.endsWith('/phoneMethods/m-phone')) appRemoved = true;
      return ok();
    });
    const plan = selectKind(offboard(['a'], true), 'methodRemove', true);
    const out = await applyPlan(gateway, plan, { now: NOW });
    expect(batches.at(-1)?.map(r => r.url)).toEqual(['/users/a/authentication/microsoftAuthenticatorMethods/m-app']);
    expect(status(out.results, 'a:methodRemove:m-app')).toBe('done');
    expect(status(out.results, 'a:methodRemove:m-phone')).toBe('done');
  });

  it('keeps what was done when cancelled; the rest is not sent, and Try again sends only that', async () => {
    const controller = new AbortController();
    const { gateway } = fakeGraph(ok, n => {
      if (n !== 2) return undefined;
      controller.abort();
      return 'drop';
    });
    const plan = selectKind(offboard(['a'], true), 'deviceRetire', true);
    const out = await applyPlan(gateway, plan, { now: NOW, signal: controller.signal });
    expect(out.cancelled).toBe(true);
    expect(status(out.results, 'a:block:account')).toBe('done');
    // The batch in flight when cancelled: Graph may have applied it, so it is a failure Try again sends.
    const inFlight = out.results.get('a:groupRemove:g-sales');
    expect(inFlight?.status === 'failed' && inFlight.reason).toMatch(/^Cancelled while it was being sent/);
    expect(out.results.get('a:deviceRetire:d-a')).toEqual({ status: 'skipped', reason: 'Cancelled before it was sent.', retryable: true });
    const again = retryFailed(plan, out);
    expect(again.steps.map(s => s.kind).sort()).toEqual(['deviceRetire', 'groupRemove', 'licenseRemove', 'licenseRemove']);
    expect(again.steps.every(s => s.selected)).toBe(true);
    const { gateway: g2 } = fakeGraph(ok);
    const second = await applyPlan(g2, again, { now: NOW });
    const merged = mergeOutcomes(out, second);
    expect(outcomeCounts(merged)).toMatchObject({ done: 6, failed: 0, notSent: 0 });
    expect(merged.cancelled).toBeUndefined();
    expect(merged.requests).toBe(out.requests + second.requests);
  });

  it('never sends a deselected, locked or manual step', async () => {
    const { gateway, sent } = fakeGraph(ok);
    const plan = toggleStep(offboard(['a']), 'a:groupRemove:g-sales');
    const out = await applyPlan(gateway, plan, { now: NOW });
    expect(sent().some(r => r.url.includes('/members/'))).toBe(false);
    expect(out.results.get('a:groupRemove:g-sales')).toEqual({ status: 'skipped', reason: 'Not selected.' });
    expect(out.results.get('a:methodRemove:m-app')).toEqual({ status: 'skipped', reason: "Turn on 'Allow destructive steps' in the web part's settings." });
    expect(retryFailed(plan, out).steps).toEqual([]);
  });

  it('names its phases in the safe order', () => {
    expect(APPLY_PHASES).toEqual([['block', 'revoke'], ['field', 'manager', 'groupRemove', 'groupAdd', 'licenseRemove'], ['licenseAdd'], ['methodRemove', 'deviceRetire', 'deviceWipe']]);
  });

  it('fails only its own steps when a whole $batch call fails', async () => {
    let posts = 0;
    const { gateway } = fakeGraph(ok);
    const batch = gateway.batch.bind(gateway);
    gateway.batch = (requests, options, settle) => (++posts === 1 ? Promise.resolve(new Map(requests.map(r => [r.id, { id: r.id, status: 0, headers: {}, body: { error: { code: 'NetworkError', message: 'Microsoft Graph could not be reached (Failed to fetch).' } } }]))) : batch(requests, options, settle));
    const out = await applyPlan(gateway, offboard(['a']), { now: NOW });
    expect(status(out.results, 'a:block:account')).toBe('failed');
    expect(status(out.results, 'a:groupRemove:g-sales')).toBe('done');
  });
});

function step(userId: string, kind: IPlanStep['kind'], target: string, request: IPlanStep['request']): IPlanStep {
  return { key: `${userId}:${kind}:${target}`, userId, userName: userId, kind, marker: 'added', label: `${kind} ${target}`, selected: true, request };
}

export type { ISent };
