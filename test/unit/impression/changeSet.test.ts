import { GraphGateway } from '../../../src/core/graph/GraphGateway';
import type { IGraphClientLike, IGraphRequestLike } from '../../../src/core/graph/types';
import { addGroup, applyChanges, changeKey, describeChange, emptyChangeSet, plan, removeGroup, setField, toggleLicense } from '../../../src/core/impression/changeSet';
import { toGroupInfo } from '../../../src/core/directory/groups';
import type { IGroupInfo } from '../../../src/core/directory/groups';

const sales = toGroupInfo({ id: 'g-sales', displayName: 'Sales', groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false }) as IGroupInfo;
const vpn = toGroupInfo({ id: 'g-vpn', displayName: 'VPN users', groupTypes: [], mailEnabled: false, securityEnabled: true }) as IGroupInfo;
const E3 = { skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965', name: 'Microsoft 365 E3' };

/**
 * A batch endpoint that answers each request by its id; records what was sent. `failingPost` (1 = the
 * first) is a $batch call that fails as a whole, as a dropped connection does.
 */
function batchClient(answer: (req: { id: string; method: string; url: string; body?: unknown; dependsOn?: string[] }) => { status: number; body?: unknown }, failingPost?: number) {
  const sent: Array<{ id: string; method: string; url: string; body?: unknown; dependsOn?: string[] }> = [];
  let posts = 0;
  const client: IGraphClientLike = {
    api(): IGraphRequestLike {
      const req: IGraphRequestLike = {
        version: () => req, headers: () => req, responseType: () => req, option: () => req,
        get: async () => { throw new Error('GET not expected'); },
        patch: async () => { throw new Error('PATCH not expected outside $batch'); },
        delete: async () => { throw new Error('DELETE not expected outside $batch'); },
        post: async (body: unknown) => {
          const requests = (body as { requests: typeof sent }).requests;
          if (++posts === failingPost) throw new TypeError('Failed to fetch');
          sent.push(...requests);
          const responses = requests.map(r => ({ id: r.id, ...answer(r) }));
          return new Response(JSON.stringify({ responses }), { status: 200, headers: { 'content-type': 'application/json' } });
        }
      };
      return req;
    }
  };
  return { gateway: new GraphGateway(client), sent };
}

describe('change set', () => {
  it('stages field edits, and setting a field back drops the change', () => {
    let set = emptyChangeSet('u1');
    set = setField(set, 'jobTitle', 'Engineer', 'Lead engineer');
    set = setField(set, 'department', 'IT', 'IT');
    expect(set.changes).toEqual([{ kind: 'field', field: 'jobTitle', from: 'Engineer', to: 'Lead engineer' }]);
    set = setField(set, 'jobTitle', 'Engineer', '  Engineer ');
    expect(set.changes).toEqual([]);
  });

  it('pairs group adds and removes: removing a staged add cancels it', () => {
    let set = addGroup(emptyChangeSet('u1'), sales, false);
    expect(set.changes.map(c => c.kind)).toEqual(['groupAdd']);
    set = removeGroup(set, sales, false);
    expect(set.changes).toEqual([]);
    set = removeGroup(set, vpn, true);
    expect(describeChange(set.changes[0]!)).toBe('Remove from VPN users');
    set = addGroup(set, vpn, true);
    expect(set.changes).toEqual([]);
  });

  it('plans one PATCH for all fields, a $ref call per group and one assignLicense after the usage location', () => {
    let set = emptyChangeSet('u1');
    set = setField(set, 'usageLocation', null, 'NL');
    set = setField(set, 'accountEnabled', true, false);
    set = addGroup(set, sales, false);
    set = removeGroup(set, vpn, true);
    set = toggleLicense(set, E3, false);
    const calls = plan(set);
    expect(calls.map(c => `${c.request.method} ${c.request.url}`)).toEqual([
      'PATCH /users/u1', 'POST /groups/g-sales/members/$ref', 'DELETE /groups/g-vpn/members/u1/$ref', 'POST /users/u1/assignLicense'
    ]);
    expect(calls[0]?.request.body).toEqual({ usageLocation: 'NL', accountEnabled: false });
    expect(calls[1]?.request.body).toEqual({ '@odata.id': 'https://graph.microsoft.com/v1.0/directoryObjects/u1' });
    expect(calls[3]?.request.body).toEqual({ addLicenses: [{ skuId: E3.skuId, disabledPlans: [] }], removeLicenses: [] });
    expect(calls[3]?.after).toBe('profile');
    expect(calls.every(c => c.request.dependsOn === undefined)).toBe(true);
    expect(plan(toggleLicense(emptyChangeSet('u1'), E3, true))[0]?.after).toBeUndefined();
  });

  it('applies in one $batch, reports per change, and keeps only the failures pending', async () => {
    const { gateway, sent } = batchClient(r =>
      r.id === 'add-g-sales'
        ? { status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } } }
        : { status: 204 }
    );
    let set = setField(emptyChangeSet('u1'), 'jobTitle', 'A', 'B');
    set = addGroup(set, sales, false);
    set = removeGroup(set, vpn, true);
    const out = await applyChanges(gateway, set);
    expect(sent).toHaveLength(3);
    expect(out.requests).toBe(1);
    expect(out.results.map(r => [changeKey(r.change), r.ok])).toEqual([['field:jobTitle', true], ['group:g-sales', false], ['group:g-vpn', true]]);
    expect(out.results[1]?.error?.message).toMatch(/Insufficient privileges/);
    expect(out.remaining.changes.map(changeKey)).toEqual(['group:g-sales']);
  });

  it('counts an add to a group the user is already in, and a removal from one already left, as applied', async () => {
    const { gateway } = batchClient(r =>
      r.id === 'add-g-sales'
        ? { status: 400, body: { error: { code: 'Request_BadRequest', message: 'One or more added object references already exist for the following modified properties: \'members\'.' } } }
        : r.id === 'remove-g-vpn' ? { status: 404, body: { error: { code: 'Request_ResourceNotFound', message: 'Resource does not exist or one of its queried reference-property objects are not present.' } } } : { status: 204 }
    );
    const out = await applyChanges(gateway, removeGroup(addGroup(emptyChangeSet('u1'), sales, false), vpn, true));
    expect(out.results.map(r => r.ok)).toEqual([true, true]);
    expect(out.remaining.changes).toEqual([]);
    // a 404 for another reason, or a 400 for another reason, stays a failure
    const { gateway: gone } = batchClient(() => ({ status: 404, body: { error: { code: 'Request_UnsupportedQuery', message: 'Unsupported.' } } }));
    expect((await applyChanges(gone, removeGroup(emptyChangeSet('u1'), vpn, true))).results[0]?.ok).toBe(false);
    const { gateway: other } = batchClient(() => ({ status: 400, body: { error: { code: 'Request_BadRequest', message: 'Invalid object identifier.' } } }));
    expect((await applyChanges(other, addGroup(emptyChangeSet('u1'), sales, false))).results[0]?.ok).toBe(false);
  });

  it('sends licences after a new usage location in a second batch, never with dependsOn', async () => {
    const posts: string[][] = [];
    const { gateway, sent } = batchClient(() => ({ status: 204 }));
    const post = gateway.batch.bind(gateway);
    gateway.batch = (requests, options) => { posts.push(requests.map(r => r.id)); return post(requests, options); };
    let set = setField(emptyChangeSet('u1'), 'usageLocation', null, 'NL');
    set = addGroup(set, sales, false);
    set = toggleLicense(set, E3, false);
    const out = await applyChanges(gateway, set);
    expect(posts).toEqual([['profile', 'add-g-sales'], ['licenses']]);
    expect(sent.every(r => r.dependsOn === undefined)).toBe(true);
    expect(out.results.every(r => r.ok)).toBe(true);
    expect(out.requests).toBe(2);
  });

  it('applies licences after a usage location even when the calls split into batches of 20', async () => {
    const { gateway, sent } = batchClient(() => ({ status: 204 }));
    let set = setField(emptyChangeSet('u1'), 'usageLocation', null, 'NL');
    for (let i = 0; i < 24; i++) set = removeGroup(set, { ...vpn, id: `g${i}`, displayName: `Group ${i}` }, true);
    set = toggleLicense(set, E3, false);
    const out = await applyChanges(gateway, set);
    expect(out.results.every(r => r.ok)).toBe(true);
    expect(sent.map(r => r.id).pop()).toBe('licenses');
    expect(sent.every(r => r.dependsOn === undefined)).toBe(true);
  });

  it('reports the calls of a batch that failed as a whole, and the results of the others', async () => {
    const { gateway } = batchClient(() => ({ status: 204 }), 2);
    let set = emptyChangeSet('u1');
    for (let i = 0; i < 25; i++) set = removeGroup(set, { ...vpn, id: `g${i}`, displayName: `Group ${i}` }, true);
    const out = await applyChanges(gateway, set);
    expect(out.results.filter(r => r.ok)).toHaveLength(20);
    expect(out.results.filter(r => !r.ok).map(r => r.error?.kind)).toEqual(Array(5).fill('network'));
    expect(out.remaining.changes).toHaveLength(5);
  });

  it('does not send licences when the usage location they need failed, and says why', async () => {
    const { gateway, sent } = batchClient(r => (r.id === 'profile' ? { status: 400, body: { error: { code: 'Request_BadRequest', message: 'Invalid value for usageLocation.' } } } : { status: 204 }));
    const out = await applyChanges(gateway, toggleLicense(setField(emptyChangeSet('u1'), 'usageLocation', null, 'XX'), E3, false));
    expect(sent.map(r => r.id)).toEqual(['profile']);
    expect(out.results.map(r => r.ok)).toEqual([false, false]);
    expect(out.results[1]?.error?.message).toMatch(/needs the profile change, which failed \(Invalid value for usageLocation\.\)/);
    expect(out.remaining.changes.map(changeKey)).toEqual(['field:usageLocation', 'license:05e9a617-0261-4cee-bb44-138d3ef5d965']);
    // its own status: a licence never sent is not "refused" (nor throttled) by Graph
    expect(out.results[1]?.error?.status).toBe(424);
    const { gateway: denied } = batchClient(r => (r.id === 'profile' ? { status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } } } : { status: 204 }));
    const refused = await applyChanges(denied, toggleLicense(setField(emptyChangeSet('u1'), 'usageLocation', null, 'NL'), E3, false));
    expect(refused.results.map(r => r.error?.kind)).toEqual(['permission', 'unknown']);
  });

  it('retries only the failed changes on the next Finish', async () => {
    let fail = true;
    const { gateway, sent } = batchClient(r => (r.id === 'licenses' && fail ? { status: 400, body: { error: { code: 'Request_BadRequest', message: 'License assignment failed because the user has an invalid usage location.' } } } : { status: 200, body: {} }));
    let set = setField(emptyChangeSet('u1'), 'department', 'IT', 'Sales');
    set = toggleLicense(set, E3, false);
    const first = await applyChanges(gateway, set);
    expect(first.remaining.changes.map(changeKey)).toEqual(['license:05e9a617-0261-4cee-bb44-138d3ef5d965']);
    fail = false;
    sent.length = 0;
    const second = await applyChanges(gateway, first.remaining);
    expect(sent.map(r => r.id)).toEqual(['licenses']);
    expect(second.remaining.changes).toEqual([]);
  });

  it('keeps every change pending when the batch itself fails', async () => {
    const client: IGraphClientLike = { api: () => { throw new TypeError('Failed to fetch'); } };
    const set = setField(emptyChangeSet('u1'), 'jobTitle', 'A', 'B');
    const out = await applyChanges(new GraphGateway(client), set);
    expect(out.results[0]?.ok).toBe(false);
    expect(out.remaining).toEqual(set);
  });
});

describe('group kinds', () => {
  it('classifies every kind and says why the unchangeable ones are', () => {
    const kind = (g: object) => toGroupInfo({ id: 'x', displayName: 'x', ...g });
    expect(kind({ groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false })?.kind).toBe('microsoft365');
    expect(kind({ groupTypes: [], mailEnabled: false, securityEnabled: true })?.notEditable).toBeUndefined();
    expect(kind({ groupTypes: [], mailEnabled: true, securityEnabled: true })?.kind).toBe('mailSecurity');
    expect(kind({ groupTypes: [], mailEnabled: true, securityEnabled: false })?.notEditable).toMatch(/Exchange/);
    expect(kind({ groupTypes: ['Unified', 'DynamicMembership'] })?.kind).toBe('dynamic');
    expect(kind({ groupTypes: [], securityEnabled: true, onPremisesSyncEnabled: true })?.notEditable).toMatch(/on-premises/);
    expect(toGroupInfo({ id: 'r', '@odata.type': '#microsoft.graph.directoryRole', displayName: 'Global Administrator' })).toBeUndefined();
  });
});
