import { startDemoTenant } from '../../workbench/demo-tenant';
import type { IDemoTenant } from '../../workbench/demo-tenant';
import { DeltaRefusedError, applyUserDelta, isDeltaRefused, latestDeltaLink } from '../../src/core/directory/userDelta';
import { USER_LIST_SELECT, streamUsers } from '../../src/core/directory/users';
import type { IUserRecord } from '../../src/core/directory/users';
import { GraphError } from '../../src/core/graph/GraphError';
import { gatewayFor } from '../helpers/graph';

// /users/delta against the demo tenant over HTTP: a kept list brought up to date equals the list read afresh.
jest.setTimeout(60_000);

const byId = (users: readonly IUserRecord[]): IUserRecord[] => [...users].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

describe('the kept user list brought up to date through the demo tenant\'s /users/delta', () => {
  let tenant: IDemoTenant;
  beforeAll(async () => { tenant = await startDemoTenant({ users: 1500, seed: 11 }); });
  afterAll(async () => { await tenant.close(); });

  const gateway = (): ReturnType<typeof gatewayFor> => gatewayFor(tenant.url, tenant.token);
  async function readAll(): Promise<IUserRecord[]> {
    const all: IUserRecord[] = [];
    for await (const page of streamUsers(gateway())) all.push(...page);
    return all;
  }
  /** A list kept now: a link from now asked first, then every user read (as the list does). */
  async function keep(): Promise<{ users: IUserRecord[]; link: string }> {
    const link = await latestDeltaLink(gateway());
    return { link, users: await readAll() };
  }

  it('asks for a link from now with the list\'s $select: nothing changed, nothing to apply', async () => {
    tenant.clearRequests();
    const { users, link } = await keep();
    expect(tenant.requests[0]?.path).toContain('/users/delta');
    expect(decodeURIComponent(tenant.requests[0]?.path ?? '')).toContain(`$select=${USER_LIST_SELECT}`);
    const gw = gateway();
    const result = await applyUserDelta(gw, users, link);
    expect(result).toMatchObject({ added: 0, updated: 0, removed: 0 });
    expect(result.users).toEqual(users);
    expect(result.deltaLink).not.toBe(link);
    expect(gw.stats.requests).toBe(1);
  });

  it('applies updates, deletions and additions: the list equals a fresh read, in the kept order with the new users last', async () => {
    const { users, link } = await keep();
    const updated = tenant.directory.updateUsers(40, 3);
    const removed = tenant.directory.removeUsers(12, 4);
    const added = tenant.directory.addUsers(5);
    const result = await applyUserDelta(gateway(), users, link);
    expect(byId(result.users)).toEqual(byId(await readAll()));
    // A user updated and then removed counts as removed.
    expect(result).toMatchObject({ added: 5, removed: 12, updated: updated.filter(id => !removed.includes(id)).length });
    const keptOrder = users.map(u => u.id).filter(id => !removed.includes(id));
    expect(result.users.map(u => u.id)).toEqual([...keptOrder, ...added]);
    expect(result.users.find(u => u.id === updated[0])?.jobTitle).not.toBe(users.find(u => u.id === updated[0])?.jobTitle);

    // Replayed (the old link again over the new list): nothing changes.
    const replay = await applyUserDelta(gateway(), result.users, link);
    expect(replay).toMatchObject({ added: 0, updated: 0, removed: 0 });
    expect(replay.users).toEqual(result.users);
    // From the new link: nothing since.
    await expect(applyUserDelta(gateway(), result.users, result.deltaLink)).resolves.toMatchObject({ added: 0, updated: 0, removed: 0 });
  });

  it('follows the pages of a large change (200 users a page) to the new link', async () => {
    const { users, link } = await keep();
    tenant.directory.updateUsers(450, 9);
    const gw = gateway();
    const result = await applyUserDelta(gw, users, link);
    expect(result.updated).toBe(450);
    expect(gw.stats.requests).toBe(3);
    expect(byId(result.users)).toEqual(byId(await readAll()));
  });

  it('a licence assigned through Graph shows in the kept list', async () => {
    const { users, link } = await keep();
    const target = users.find(u => u.skuIds.length === 0 && u.userType === 'Member' && u.accountEnabled);
    if (!target) throw new Error('no unlicensed member in the demo tenant');
    const skus = await gateway().get<{ value: Array<{ skuId: string }> }>('/subscribedSkus');
    const skuId = skus.value[0]?.skuId ?? '';
    await gateway().write('POST', `/users/${target.id}/assignLicense`, { addLicenses: [{ skuId, disabledPlans: [] }], removeLicenses: [] });
    const result = await applyUserDelta(gateway(), users, link);
    expect(result.users.find(u => u.id === target.id)?.skuIds).toEqual([skuId]);
    expect(result.updated).toBeGreaterThanOrEqual(1);
  });

  it('an expired link, or one another tenant issued, is refused (read afresh); a link to another host is never sent', async () => {
    const { users, link } = await keep();
    tenant.directory.expireDeltaTokens();
    const expired = await applyUserDelta(gateway(), users, link).catch((e: unknown) => e);
    expect(expired).toBeInstanceOf(DeltaRefusedError);
    expect((expired as DeltaRefusedError).cause).toMatchObject({ status: 400, code: 'syncStateNotFound' });

    const other = await startDemoTenant({ users: 50, seed: 11 });
    try {
      const theirs = await latestDeltaLink(gatewayFor(other.url, other.token));
      // The same link's token at this tenant's address: another tenant's state.
      const foreignToken = theirs.replace(other.url, tenant.url);
      expect(isDeltaRefused(await applyUserDelta(gateway(), users, foreignToken).catch((e: unknown) => e))).toBe(true);
      tenant.clearRequests();
      expect(isDeltaRefused(await applyUserDelta(gateway(), users, theirs).catch((e: unknown) => e))).toBe(true);
      expect(tenant.requests).toEqual([]);
      expect(other.requests.filter(r => r.path.includes('deltatoken'))).toEqual([]);
    } finally {
      await other.close();
    }
  });

  it('a 403 on the link (a token without User.Read.All) is a refusal: the fresh read after it says what is missing', async () => {
    const link = await latestDeltaLink(gateway());
    const e = await applyUserDelta(gatewayFor(tenant.url, tenant.tokenFor(['Reports.Read.All'])), [], link).catch((x: unknown) => x);
    expect(isDeltaRefused(e)).toBe(true);
    expect((e as DeltaRefusedError).cause).toBeInstanceOf(GraphError);
    expect(((e as DeltaRefusedError).cause as GraphError).kind).toBe('permission');
  });
});
