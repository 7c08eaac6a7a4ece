/** `/users` range filters on userPrincipalName (ge / le), the parallel shards of issue 18. */
import { IDemoTenant, startDemoTenant } from '../../../workbench/demo-tenant';
import { client, expectGraphError, TODAY } from './helpers';

let t: IDemoTenant;
beforeAll(async () => {
  t = await startDemoTenant({ users: 700, seed: 18, today: TODAY });
});
afterAll(async () => {
  await t.close();
});

type User = { id: string; userPrincipalName: string };
type Page = { value: User[]; '@odata.nextLink'?: string; '@odata.count'?: number };
const EVENTUAL = { ConsistencyLevel: 'eventual' };

/** Every page of a listing: the users and the `@odata.count` of the first page. */
async function listAll(path: string, headers: Record<string, string> = EVENTUAL): Promise<{ users: User[]; count: number | undefined; pages: number }> {
  const users: User[] = [];
  let url: string | undefined = path;
  let count: number | undefined;
  let pages = 0;
  while (url) {
    const r = await client(t).get(url, headers);
    if (r.status !== 200) throw new Error(`${url}: ${r.status} ${r.text}`);
    const body = r.body as Page;
    if (pages === 0) count = body['@odata.count'];
    users.push(...body.value);
    url = body['@odata.nextLink'];
    pages++;
  }
  return { users, count, pages };
}

const q = (filter: string, top = 999): string => `/v1.0/users?$select=id,userPrincipalName&$count=true&$top=${top}&$filter=${encodeURIComponent(filter)}`;

describe('userPrincipalName ge / le', () => {
  it('disjoint shards cover every user once, each counted by @odata.count', async () => {
    const all = await listAll('/v1.0/users?$select=id,userPrincipalName&$top=999', {});
    expect(all.users).toHaveLength(700);
    // No UPN equals a bound (every UPN has an '@'), so `le b` and `ge b` never share a user.
    const bounds = ['c', 'f', 'j', 'm', 'p', 't'];
    const filters = [`userPrincipalName le '${bounds[0]}'`];
    for (let k = 0; k + 1 < bounds.length; k++) filters.push(`userPrincipalName ge '${bounds[k]}' and userPrincipalName le '${bounds[k + 1]}'`);
    filters.push(`userPrincipalName ge '${bounds[bounds.length - 1]}'`);
    const seen = new Map<string, number>();
    let counted = 0;
    for (const [k, f] of filters.entries()) {
      const shard = await listAll(q(f, 50));
      expect(shard.count).toBe(shard.users.length);
      expect(shard.users.length).toBeGreaterThan(0);
      expect(shard.users.length).toBeLessThan(700);
      counted += shard.count ?? 0;
      const lo = k === 0 ? '' : bounds[k - 1] ?? '';
      const hi = k === filters.length - 1 ? '\uffff' : bounds[k] ?? '';
      for (const u of shard.users) {
        const upn = u.userPrincipalName.toLowerCase();
        expect(upn >= lo && upn <= hi).toBe(true);
        seen.set(u.id, (seen.get(u.id) ?? 0) + 1);
      }
    }
    expect(counted).toBe(700);
    expect(seen.size).toBe(700);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(all.users.map((u) => u.id))).toEqual(new Set(seen.keys()));
  });

  it('compares case-insensitively, and /users/$count agrees with @odata.count', async () => {
    const lower = await listAll(q("userPrincipalName ge 'm' and userPrincipalName le 'p'"));
    const upper = await listAll(q("userPrincipalName ge 'M' and userPrincipalName le 'P'"));
    expect(upper.users.map((u) => u.id)).toEqual(lower.users.map((u) => u.id));
    const n = await client(t).get(`/v1.0/users/$count?$filter=${encodeURIComponent("userPrincipalName ge 'm' and userPrincipalName le 'p'")}`, EVENTUAL);
    expect(n.status).toBe(200);
    expect(Number(n.text)).toBe(lower.count);
  });

  it('is an advanced query: without ConsistencyLevel: eventual and $count=true it is refused', async () => {
    const f = encodeURIComponent("userPrincipalName ge 'c' and userPrincipalName le 'f'");
    const msg = /Unsupported or invalid query filter clause specified for property 'userPrincipalName' of resource 'User'/;
    expectGraphError(await client(t).get(`/v1.0/users?$filter=${f}`), 400, 'Request_UnsupportedQuery', msg);
    expectGraphError(await client(t).get(`/v1.0/users?$filter=${f}`, EVENTUAL), 400, 'Request_UnsupportedQuery', msg);
    expectGraphError(await client(t).get(`/v1.0/users?$filter=${f}&$count=true`), 400, 'Request_BadRequest', /\$count is not currently supported/);
    // gt / lt are not among userPrincipalName's operators, even as advanced queries.
    expectGraphError(await client(t).get(`/v1.0/users?$count=true&$filter=${encodeURIComponent("userPrincipalName gt 'c'")}`, EVENTUAL), 400, 'Request_UnsupportedQuery');
  });
});
