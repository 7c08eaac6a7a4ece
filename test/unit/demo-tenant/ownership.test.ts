/** Group ownership (ownedObjects, owners) and finding every listed user by their UPN, over HTTP. */
import { IDemoTenant, startDemoTenant } from '../../../workbench/demo-tenant';
import { allPages, client, expectGraphError } from './helpers';

type Obj = { '@odata.type'?: string; id: string; displayName?: string | null; groupTypes?: unknown };

let t: IDemoTenant;
beforeAll(async () => {
  // Seed 11 of 40 users names a reserved (not yet created) user like a live one: the UPN must still find the live one.
  t = await startDemoTenant({ users: 40, seed: 11, today: '2026-03-10' });
});
afterAll(async () => {
  await t.close();
});

const all = async <T,>(token: string, path: string): Promise<T[]> => (await allPages<T>(t, path, token)).items;

describe('group ownership and users by UPN', () => {
  it('finds every listed user by their UPN', async () => {
    const users = await all<{ id: string; userPrincipalName: string }>(t.token, '/v1.0/users?$select=id,userPrincipalName&$top=999');
    expect(users.length).toBe(40);
    for (const u of users) {
      const res = await client(t).get(`/v1.0/users/${encodeURIComponent(u.userPrincipalName)}?$select=id`);
      expect([u.userPrincipalName, res.status, (res.body as { id?: string }).id]).toEqual([u.userPrincipalName, 200, u.id]);
    }
  });

  it('lists the groups a user owns, each naming them among its owners; a group-read scope gives more than type and id', async () => {
    const users = await all<{ id: string }>(t.token, '/v1.0/users?$select=id&$top=999');
    const owned = new Map<string, Obj[]>();
    for (const u of users) owned.set(u.id, await all<Obj>(t.token, `/v1.0/users/${u.id}/ownedObjects/microsoft.graph.group?$select=id,displayName,groupTypes`));
    const groups = await all<{ id: string }>(t.token, '/v1.0/groups?$select=id&$top=999');
    // Every group has its owner, and the owner's ownedObjects name it: the two views agree.
    let counted = 0;
    for (const g of groups) {
      const owners = await all<Obj>(t.token, `/v1.0/groups/${g.id}/owners?$select=id,displayName`);
      for (const o of owners) expect(owned.get(o.id)?.map(x => x.id)).toContain(g.id);
      counted += owners.length;
    }
    expect([...owned.values()].reduce((n, v) => n + v.length, 0)).toBe(counted);
    const [ownerId, theirs] = [...owned.entries()].find(([, v]) => v.length > 0) ?? ['', []];
    expect(theirs[0]).toMatchObject({ '@odata.type': '#microsoft.graph.group', id: expect.any(String), displayName: expect.any(String) });
    // User.Read.All alone: Graph's limited information (the type and id, everything else null).
    const limited = await all<Obj>(t.tokenFor(['User.Read.All']), `/v1.0/users/${ownerId}/ownedObjects/microsoft.graph.group?$select=id,displayName`);
    expect(limited[0]).toEqual({ '@odata.type': '#microsoft.graph.group', id: theirs[0]?.id, displayName: null });
    // No user-read scope: refused.
    expectGraphError(await client(t, t.tokenFor(['GroupMember.Read.All'])).get(`/v1.0/users/${ownerId}/ownedObjects`), 403, 'Authorization_RequestDenied');
  });
});
