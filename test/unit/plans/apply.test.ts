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
    // Block alone, then revoke alone; then 3 group removes + 3 assignLicense (both licences in one call); then 6 methods + 3 devices.
    expect(batches.map(b => b.length)).toEqual([3, 3, 6, 9]);
    expect(batches[0]?.map(r => `${r.method} ${r.url}`)).toEqual(['PATCH /users/a', 'PATCH /users/b', 'PATCH /users/c']);
    expect(batches[1]?.map(r => `${r.method} ${r.url}`)).toEqual(['POST /users/a/revokeSignInSessions', 'POST /users/b/revokeSignInSessions', 'POST /users/c/revokeSignInSessions']);
    expect(batches[2]?.find(r => r.url === '/users/a/assignLicense')?.body).toEqual({ addLicenses: [], removeLicenses: [E3, EMS] });
    expect(sent().every(r => r.dependsOn === undefined)).toBe(true);
    expect(out.requests).toBe(4);
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
    expect(progress).toEqual([[20, 25, 3], [25, 25, 3]]);
    expect(outcomeCounts(out).done).toBe(25);
  });

  it('keeps every success beside a failure, with Graph reason in words (a role refusal as the role needed)', async () => {
    const denied = err(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    const { gateway } = fakeGraph(r => (r.url.startsWith('/users/b') || r.url.includes('/members/c/') ? denied : ok()));
    const plan = offboard(['a', 'b', 'c']);
    const scopes = new Set(['user.readwrite.all', 'groupmember.readwrite.all']);
    const out = await applyPlan(gateway, plan, { now: NOW, scopes });
    expect(['a:block:account', 'a:revoke:sessions', 'a:groupRemove:g-sales'].map(k => status(out.results, k))).toEqual(['done', 'done', 'done']);
    const failed = out.results.get('b:block:account');
    expect(failed?.status).toBe('failed');
    expect(failed?.status === 'failed' && failed.reason).toBe('Microsoft Graph refused this for your admin role: blocking sign-in needs the User Administrator role (a privileged role such as Privileged Authentication Administrator to block an administrator).');
    expect(['c:block:account', 'c:revoke:sessions', `c:licenseRemove:${E3}`].map(k => status(out.results, k))).toEqual(['done', 'done', 'done']);
    const group = out.results.get('c:groupRemove:g-sales');
    expect(group?.status === 'failed' && group.reason).toMatch(/Groups Administrator role or ownership/);
    // Without the scope, the missing permission is named.
    const { gateway: g2 } = fakeGraph(() => err(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'));
    // (Block deselected, so the revoke is sent: a person whose block is not sent is not held.)
    const r2 = (await applyPlan(g2, toggleStep(plan, 'a:block:account'), { now: NOW, scopes: new Set(['user.read.all']) })).results.get('a:revoke:sessions');
    expect(r2?.status === 'failed' && r2.reason).toMatch(/does not carry User\.ReadWrite\.All\. /);
  });

  it('counts idempotent answers as done: already out of the group, licence already gone (a merged call split to tell which)', async () => {
    const { gateway } = fakeGraph(r => {
      if (r.url.includes('/members/')) return err(404, 'Request_ResourceNotFound', "Resource 'a' does not exist or one of its queried reference-property objects are not present.");
      if (r.url.endsWith('/assignLicense')) return (r.body as { removeLicenses: string[] }).removeLicenses.includes(E3) ? err(400, 'Request_BadRequest', 'User does not have a corresponding license.') : ok();
      return ok();
    });
    const out = await applyPlan(gateway, offboard(['a']), { now: NOW });
    expect(out.results.get('a:groupRemove:g-sales')).toEqual({ status: 'done', note: 'Already not a member.', at: '2026-03-10T09:00:00.000Z' });
    // The merged assignLicense failed for one licence: sent again one licence each, so the other is not hidden.
    expect(out.results.get(`a:licenseRemove:${E3}`)).toMatchObject({ status: 'done', note: 'The licence was already removed.' });
    expect(out.results.get(`a:licenseRemove:${EMS}`)).toEqual({ status: 'done', at: '2026-03-10T09:00:00.000Z' });
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
      if (n !== 3) return undefined;
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

  it('blocks before it revokes; a person whose block failed has nothing else sent, and Try again sends the block then the rest', async () => {
    let refuse = true;
    const { gateway, batches } = fakeGraph(r => (refuse && r.method === 'PATCH' && r.url === '/users/b' ? err(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.') : ok()));
    const plan = offboard(['a', 'b']);
    const out = await applyPlan(gateway, plan, { now: NOW, scopes: new Set(['user.readwrite.all', 'groupmember.readwrite.all']) });
    expect(batches.map(b => b.map(r => `${r.method} ${r.url}`))).toEqual([
      ['PATCH /users/a', 'PATCH /users/b'],
      ['POST /users/a/revokeSignInSessions'],
      ['POST /users/a/assignLicense', 'DELETE /groups/g-sales/members/a/$ref']
    ]);
    expect(status(out.results, 'a:groupRemove:g-sales')).toBe('done');
    const held = ['b:revoke:sessions', 'b:groupRemove:g-sales', `b:licenseRemove:${E3}`].map(k => out.results.get(k));
    expect(held.every(r => r?.status === 'skipped' && r.retryable === true)).toBe(true);
    expect(held[0]?.status === 'skipped' && held[0].reason).toBe('Not sent: blocking sign-in failed first (Microsoft Graph refused this for your admin role: blocking sign-in needs the User Administrator role (a privileged role such as Privileged Authentication Administrator to block an administrator).)');
    expect(outcomeCounts(out)).toEqual({ done: 5, failed: 1, notSent: 4 });
    refuse = false;
    const again = retryFailed(plan, out);
    expect(again.steps.map(s => s.key)).toEqual(['b:block:account', 'b:revoke:sessions', `b:licenseRemove:${E3}`, `b:licenseRemove:${EMS}`, 'b:groupRemove:g-sales']);
    batches.length = 0;
    await applyPlan(gateway, again, { now: NOW });
    expect(batches.map(b => b.map(r => r.url))).toEqual([['/users/b'], ['/users/b/revokeSignInSessions'], ['/users/b/assignLicense', '/groups/g-sales/members/b/$ref']]);
  });

  it('holds nothing for a person whose block is deselected or locked (already blocked)', async () => {
    const { gateway, sent } = fakeGraph(r => (r.method === 'PATCH' ? err(403, 'Authorization_RequestDenied', 'Insufficient privileges.') : ok()));
    const blocked = buildOffboardPlan([facts(person('z', { accountEnabled: false }), { groups: { status: 'ready', data: [SALES] } })], SKUS);
    const out = await applyPlan(gateway, blocked, { now: NOW });
    expect(status(out.results, 'z:revoke:sessions')).toBe('done');
    expect(status(out.results, 'z:groupRemove:g-sales')).toBe('done');
    expect(sent().some(r => r.method === 'PATCH')).toBe(false);
  });

  it('keeps a result\'s history across Try again: each answer with its time, the earlier failure kept, and who ran it', async () => {
    let refuse = true;
    const { gateway } = fakeGraph(r => (refuse && r.url.includes('/members/') ? err(403, 'Authorization_RequestDenied', 'Insufficient privileges.') : ok()));
    const plan = offboard(['a']);
    const first = await applyPlan(gateway, plan, { now: NOW, by: 'admin@contoso.com', concurrency: 1 });
    expect(first.by).toBe('admin@contoso.com');
    expect(first.results.get('a:block:account')?.at).toBe('2026-03-10T09:00:00.000Z');
    expect(first.results.get('a:groupRemove:g-dyn')).toBeUndefined();
    expect(first.results.get('a:methodRemove:m-app')?.at).toBeUndefined();
    refuse = false;
    const later = (): Date => new Date('2026-03-10T09:05:00Z');
    const second = await applyPlan(gateway, retryFailed(plan, first), { now: later });
    const merged = mergeOutcomes(first, second);
    const group = merged.results.get('a:groupRemove:g-sales');
    expect(group).toMatchObject({ status: 'done', at: '2026-03-10T09:05:00.000Z' });
    expect(group?.earlier).toEqual([expect.objectContaining({ status: 'failed', at: '2026-03-10T09:00:00.000Z' })]);
    expect(merged.results.get('a:block:account')?.earlier).toBeUndefined();
    expect(merged.by).toBe('admin@contoso.com');
    // A third try after a second failure keeps both, oldest first.
    const third = mergeOutcomes(mergeOutcomes(first, first), second).results.get('a:groupRemove:g-sales');
    expect(third?.earlier?.map(r => r.status)).toEqual(['failed', 'failed']);
  });

  it('keeps the note of an idempotent answer (already a member) through Try again', async () => {
    const { gateway } = fakeGraph(() => err(400, 'Request_BadRequest', "One or more added object references already exist for the following modified properties: 'members'."));
    const plan = buildGroupPlan([{ id: 'a', name: 'Ann' }], SALES, 'add');
    const out = await applyPlan(gateway, plan, { now: NOW });
    expect(out.results.get('a:groupAdd:g-sales')).toMatchObject({ status: 'done', note: 'Already a member.' });
    const merged = mergeOutcomes({ ...out, results: new Map([['a:groupAdd:g-sales', { status: 'skipped', reason: 'Cancelled before it was sent.', retryable: true }]]) }, out);
    expect(merged.results.get('a:groupAdd:g-sales')).toMatchObject({ status: 'done', note: 'Already a member.' });
  });

  it('names its phases in the safe order', () => {
    expect(APPLY_PHASES).toEqual([['block'], ['revoke'], ['field', 'manager', 'groupRemove', 'groupAdd', 'licenseRemove'], ['licenseAdd'], ['methodRemove', 'deviceRetire', 'deviceWipe']]);
  });

  it('fails only its own steps when a whole $batch call fails', async () => {
    let posts = 0;
    const { gateway } = fakeGraph(ok);
    const batch = gateway.batch.bind(gateway);
    // The second round (revoke) dies whole: the block before it and the removals after it stand.
    gateway.batch = (requests, options, settle) => (++posts === 2 ? Promise.resolve(new Map(requests.map(r => [r.id, { id: r.id, status: 0, headers: {}, body: { error: { code: 'NetworkError', message: 'Microsoft Graph could not be reached (Failed to fetch).' } } }]))) : batch(requests, options, settle));
    const out = await applyPlan(gateway, offboard(['a']), { now: NOW });
    expect(status(out.results, 'a:block:account')).toBe('done');
    expect(status(out.results, 'a:revoke:sessions')).toBe('failed');
    expect(status(out.results, 'a:groupRemove:g-sales')).toBe('done');
  });
});

function step(userId: string, kind: IPlanStep['kind'], target: string, request: IPlanStep['request']): IPlanStep {
  return { key: `${userId}:${kind}:${target}`, userId, userName: userId, kind, marker: 'added', label: `${kind} ${target}`, selected: true, request };
}

export type { ISent };
