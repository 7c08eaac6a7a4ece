/** GET /users/delta over the tenant's change journal (issue 18: an instant warm reload), and the journal's seams. */
import { IDemoTenant, startDemoTenant } from '../../../workbench/demo-tenant';
import type { Tenant } from '../../../workbench/demo-tenant/tenant';
import { client, expectGraphError, IResult, TODAY } from './helpers';

// The seams (updateUsers, removeUsers, addUsers, expireDeltaTokens) are the Tenant model's; startDemoTenant
// does not hand it out, so the tests keep each Tenant it constructs.
const mockTenants: Tenant[] = [];
jest.mock('../../../workbench/demo-tenant/tenant', () => {
  const actual = jest.requireActual<typeof import('../../../workbench/demo-tenant/tenant')>('../../../workbench/demo-tenant/tenant');
  class KeptTenant extends actual.Tenant {
    public constructor(config: ConstructorParameters<typeof actual.Tenant>[0]) {
      super(config);
      mockTenants.push(this);
    }
  }
  return { ...actual, Tenant: KeptTenant };
});

type Obj = Record<string, unknown> & { id: string };
type DeltaPage = { value: Obj[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string; '@odata.context': string };

interface IHarness {
  demo: IDemoTenant;
  model: Tenant;
}

async function start(users: number, seed: number): Promise<IHarness> {
  const demo = await startDemoTenant({ users, seed, today: TODAY });
  const model = mockTenants[mockTenants.length - 1];
  if (!model) throw new Error('no tenant kept');
  return { demo, model };
}

function ok(r: IResult): DeltaPage {
  if (r.status !== 200) throw new Error(`${r.status} ${r.text}`);
  return r.body as DeltaPage;
}

/** Follow a round from `url` to its deltaLink: the objects, the pages, the link. */
async function round(h: IHarness, url: string, headers: Record<string, string> = {}): Promise<{ items: Obj[]; pages: DeltaPage[]; deltaLink: string }> {
  const pages: DeltaPage[] = [];
  let next: string | undefined = url;
  while (next) {
    const body = ok(await client(h.demo).get(next, headers));
    pages.push(body);
    expect(body['@odata.nextLink'] === undefined || body['@odata.deltaLink'] === undefined).toBe(true);
    next = body['@odata.nextLink'];
    if (pages.length > 10000) throw new Error('round does not end');
  }
  const deltaLink = pages[pages.length - 1]?.['@odata.deltaLink'];
  if (!deltaLink) throw new Error('no deltaLink');
  return { items: pages.flatMap((p) => p.value), pages, deltaLink };
}

async function allUserIds(h: IHarness): Promise<string[]> {
  const ids: string[] = [];
  let url: string | undefined = '/v1.0/users?$select=id&$top=999';
  while (url) {
    const body = ok(await client(h.demo).get(url));
    ids.push(...body.value.map((u) => u.id));
    url = body['@odata.nextLink'];
  }
  return ids;
}

async function count(h: IHarness): Promise<number> {
  return Number((await client(h.demo).get('/v1.0/users/$count', { ConsistencyLevel: 'eventual' })).text);
}

describe('the first round and sync from now', () => {
  let h: IHarness;
  beforeAll(async () => {
    h = await start(450, 7);
  });
  afterAll(async () => {
    await h.demo.close();
  });

  it('pages every user in the directory, 200 a page, linked by $skiptoken alone, to a deltaLink', async () => {
    const r = await round(h, '/v1.0/users/delta?$select=id,displayName,jobTitle,mobilePhone');
    expect(r.pages.map((p) => p.value.length)).toEqual([200, 200, 50]);
    for (const p of r.pages.slice(0, -1)) expect(p['@odata.nextLink']).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\.0\/users\/delta\?\$skiptoken=[\w-]+$/);
    expect(r.deltaLink).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1\.0\/users\/delta\?\$deltatoken=[\w-]+$/);
    expect(r.pages[0]?.['@odata.context']).toMatch(/\$metadata#users\(id,displayName,jobTitle,mobilePhone\)$/);
    const ids = r.items.map((u) => u.id);
    expect(new Set(ids).size).toBe(450);
    expect(new Set(ids)).toEqual(new Set(await allUserIds(h)));
  });

  it('leaves out a property never set, keeps id, and remembers the $select in its links', async () => {
    const r = await round(h, '/v1.0/users/delta?$select=displayName,mobilePhone');
    for (const u of r.items) {
      expect(typeof u.id).toBe('string');
      expect(Object.keys(u).every((k) => ['id', 'displayName', 'mobilePhone'].includes(k))).toBe(true);
    }
    const withoutPhone = r.items.filter((u) => !('mobilePhone' in u));
    expect(withoutPhone.length).toBeGreaterThan(0);
    for (const u of withoutPhone.slice(0, 5)) expect((await client(h.demo).get(`/v1.0/users/${u.id}?$select=mobilePhone`)).body).toMatchObject({ mobilePhone: null });
    expect(r.items.every((u) => typeof u.displayName === 'string')).toBe(true);
  });

  it('ignores $top; Prefer: odata.maxpagesize makes pages smaller, never larger than 200; the SDKs\' microsoft.graph.delta() works', async () => {
    expect(ok(await client(h.demo).get('/v1.0/users/delta?$select=id&$top=5')).value).toHaveLength(200);
    const small = await round(h, '/v1.0/users/delta?$select=id', { Prefer: 'odata.maxpagesize=100' });
    expect(small.pages.map((p) => p.value.length)).toEqual([100, 100, 100, 100, 50]);
    expect(ok(await client(h.demo).get('/v1.0/users/delta?$select=id', { Prefer: 'odata.maxpagesize=999' })).value).toHaveLength(200);
    const sdk = await round(h, '/v1.0/users/microsoft.graph.delta()?$select=id');
    expect(sdk.items).toHaveLength(450);
    expect(sdk.deltaLink).toContain('/v1.0/users/microsoft.graph.delta()?$deltatoken=');
  });

  it('$deltatoken=latest: no users and a deltaLink; following it with nothing changed gives nothing', async () => {
    const latest = ok(await client(h.demo).get('/v1.0/users/delta?$select=displayName&$deltatoken=latest'));
    expect(latest.value).toEqual([]);
    expect(latest['@odata.nextLink']).toBeUndefined();
    const again = await round(h, latest['@odata.deltaLink'] ?? '');
    expect(again.items).toEqual([]);
    expect(again.pages).toHaveLength(1);
  });

  it('needs a scope that reads users; only GET', async () => {
    expectGraphError(await client(h.demo, h.demo.tokenFor(['Reports.Read.All'])).get('/v1.0/users/delta'), 403, 'Authorization_RequestDenied');
    for (const scope of ['User.Read.All', 'Directory.Read.All']) expect((await client(h.demo, h.demo.tokenFor([scope])).get('/v1.0/users/delta?$deltatoken=latest')).status).toBe(200);
    expect((await client(h.demo).post('/v1.0/users/delta', {})).status).toBe(405);
  });
});

describe('$filter on delta', () => {
  let h: IHarness;
  beforeAll(async () => {
    h = await start(300, 8);
  });
  afterAll(async () => {
    await h.demo.close();
  });

  it('tracks only the users an id filter names', async () => {
    const people = h.demo.info.people;
    const a = people.unicode?.id ?? '';
    const b = people.arabic?.id ?? '';
    const filter = encodeURIComponent(`id eq '${a}' or id eq '${b}'`);
    const first = await round(h, `/v1.0/users/delta?$select=displayName,jobTitle&$filter=${filter}`);
    expect(first.items.map((u) => u.id).sort()).toEqual([a, b].sort());
    expect((await client(h.demo).patch(`/v1.0/users/${a}`, { jobTitle: 'Filtered' })).status).toBe(204);
    h.model.updateUsers(10, 4);
    const next = await round(h, first.deltaLink);
    expect(next.items).toEqual([{ id: a, displayName: expect.any(String) as string, jobTitle: 'Filtered' }]);
  });

  it('refuses any other filter with 400', async () => {
    const g = client(h.demo);
    const id = h.demo.info.people.admin?.id ?? '';
    const f = (s: string): string => `/v1.0/users/delta?$filter=${encodeURIComponent(s)}`;
    expectGraphError(await g.get(f("displayName eq 'Avery Admin'")), 400, 'Request_UnsupportedQuery', /property 'displayName'/);
    expectGraphError(await g.get(f(`id eq '${id}' and id eq '${id}'`)), 400, 'Request_UnsupportedQuery');
    expectGraphError(await g.get(f(`id in ('${id}')`)), 400, 'Request_UnsupportedQuery');
    expectGraphError(await g.get(f(`id ne '${id}'`)), 400, 'Request_UnsupportedQuery');
    expectGraphError(await g.get(f("startswith(userPrincipalName,'a')")), 400, 'Request_UnsupportedQuery');
    expectGraphError(await g.get(f("favouriteColour eq 'blue'")), 400, 'Request_BadRequest');
    const ids = (await allUserIds(h)).slice(0, 51);
    expectGraphError(await g.get(f(ids.map((x) => `id eq '${x}'`).join(' or '))), 400, 'Request_UnsupportedQuery');
    expect((await g.get(f(ids.slice(0, 50).map((x) => `id eq '${x}'`).join(' or ')))).status).toBe(200);
    expectGraphError(await g.get('/v1.0/users/delta?$orderby=displayName'), 400, 'Request_UnsupportedQuery');
  });
});

describe('following a deltaLink', () => {
  let h: IHarness;
  const SELECT = 'displayName,jobTitle,department,accountEnabled';
  beforeAll(async () => {
    h = await start(400, 9);
  });
  afterAll(async () => {
    await h.demo.close();
  });

  it('gives exactly the users updated, removed and added since, once each, then nothing', async () => {
    const start0 = ok(await client(h.demo).get(`/v1.0/users/delta?$select=${SELECT}&$deltatoken=latest`));
    const before = await count(h);
    const updated = h.model.updateUsers(6, 1);
    const removed = h.model.removeUsers(3, 2);
    const added = h.model.addUsers(4);
    const people = h.demo.info.people;
    const patched = people.unicode?.id ?? '';
    const g = client(h.demo);
    // Two PATCHes of one user: it shows once, as it is now; an emptied property shows as null.
    expect((await g.patch(`/v1.0/users/${patched}`, { department: 'Research' })).status).toBe(204);
    expect((await g.patch(`/v1.0/users/${patched}`, { department: 'Legal', jobTitle: '' })).status).toBe(204);
    // Changes to properties the link does not track do not show.
    expect((await g.patch(`/v1.0/users/${people.hebrew?.id}`, { mobilePhone: '+972 3 555 0100' })).status).toBe(204);
    // A PATCH that changes nothing is no change.
    const same = ok(await g.get(`/v1.0/users/${people.arabic?.id}?$select=jobTitle`)) as unknown as { jobTitle: string };
    expect((await g.patch(`/v1.0/users/${people.arabic?.id}`, { jobTitle: same.jobTitle })).status).toBe(204);

    const r = await round(h, start0['@odata.deltaLink'] ?? '');
    const gone = r.items.filter((u) => '@removed' in u);
    const present = r.items.filter((u) => !('@removed' in u));
    const stillThere = updated.filter((id) => !removed.includes(id));
    expect(gone.sort((x, y) => x.id.localeCompare(y.id))).toEqual(removed.sort().map((id) => ({ id, '@removed': { reason: 'changed' } })));
    expect(present.map((u) => u.id).sort()).toEqual([...stillThere, ...added, patched].sort());
    expect(new Set(r.items.map((u) => u.id)).size).toBe(r.items.length);

    const mine = present.find((u) => u.id === patched);
    expect(mine).toMatchObject({ department: 'Legal', jobTitle: null });
    for (const u of present) {
      const now = ok(await g.get(`/v1.0/users/${u.id}?$select=${SELECT}`)) as unknown as Record<string, unknown>;
      for (const p of SELECT.split(',')) {
        if (p in u) expect(u[p]).toEqual(now[p]);
        // Left out: never set (an emptied property shows as null).
        else expect(now[p]).toBeNull();
      }
    }
    for (const id of updated.filter((x) => !removed.includes(x))) {
      const u = present.find((x) => x.id === id);
      expect(typeof u?.department).toBe('string');
      expect(u?.jobTitle).toMatch(new RegExp(`^${String(u?.department).replace(/[&]/g, '\\$&')} `));
    }

    // /users, /users/{id} and /users/$count agree with the journal.
    expect(await count(h)).toBe(before - removed.length + added.length);
    const listed = new Set(await allUserIds(h));
    expect(listed.size).toBe(before - removed.length + added.length);
    for (const id of removed) {
      expect(listed.has(id)).toBe(false);
      expectGraphError(await g.get(`/v1.0/users/${id}`), 404, 'Request_ResourceNotFound');
    }
    for (const id of added) {
      expect(listed.has(id)).toBe(true);
      expect((await g.get(`/v1.0/users/${id}`)).status).toBe(200);
    }

    const again = await round(h, r.deltaLink);
    expect(again.items).toEqual([]);
  });

  it('tracks licences when assignedLicenses is selected, and a new user by UPN', async () => {
    const g = client(h.demo);
    const link = ok(await g.get('/v1.0/users/delta?$select=assignedLicenses&$deltatoken=latest'))['@odata.deltaLink'] ?? '';
    const skus = (await g.get('/v1.0/subscribedSkus')).body as { value: Array<{ skuId: string; skuPartNumber: string }> };
    const flow = skus.value.find((s) => s.skuPartNumber === 'FLOW_FREE')?.skuId ?? '';
    const who = h.demo.info.people.cjk?.id ?? '';
    expect((await g.post(`/v1.0/users/${who}/assignLicense`, { addLicenses: [{ skuId: flow, disabledPlans: [] }], removeLicenses: [] })).status).toBe(200);
    const [added] = h.model.addUsers(1);
    const r = await round(h, link);
    expect(r.items.map((u) => u.id).sort()).toEqual([who, added].sort());
    expect((r.items.find((u) => u.id === who)?.assignedLicenses as Array<{ skuId: string }>).map((l) => l.skuId)).toContain(flow);
    const upn = (ok(await g.get(`/v1.0/users/${added}?$select=userPrincipalName`)) as unknown as { userPrincipalName: string }).userPrincipalName;
    expect(upn).toMatch(/@contoso\.onmicrosoft\.com$/);
    expect((ok(await g.get(`/v1.0/users/${encodeURIComponent(upn)}?$select=id`)) as unknown as { id: string }).id).toBe(added);
  });

  it('a property a change made null shows as null, derived ones too', async () => {
    const g = client(h.demo);
    const link = ok(await g.get('/v1.0/users/delta?$select=usageLocation,country,preferredLanguage&$deltatoken=latest'))['@odata.deltaLink'] ?? '';
    const who = h.demo.info.people.commaQuotes?.id ?? '';
    expect(ok(await g.get(`/v1.0/users/${who}?$select=usageLocation,country`))).toMatchObject({ usageLocation: 'GB', country: 'United Kingdom' });
    expect((await g.patch(`/v1.0/users/${who}`, { usageLocation: null })).status).toBe(204);
    const r = await round(h, link);
    expect(r.items).toEqual([{ id: who, usageLocation: null, country: null, preferredLanguage: 'en-US' }]);
  });

  it('pages many changes with nextLinks; a change made while a round is paged belongs to the next round', async () => {
    const link = ok(await client(h.demo).get(`/v1.0/users/delta?$select=${SELECT}&$deltatoken=latest`))['@odata.deltaLink'] ?? '';
    const many = h.model.updateUsers(250, 11);
    const first = ok(await client(h.demo).get(link));
    expect(first.value).toHaveLength(200);
    const next = first['@odata.nextLink'] ?? '';
    expect(next).toMatch(/\$skiptoken=/);
    // Changed again mid-round (every property the seam changed): one already served, one not yet. Neither shows
    // again in this round; both show in the next.
    const servedId = first.value[0]?.id ?? '';
    const pending = many.find((id) => !first.value.some((u) => u.id === id)) ?? '';
    expect((await client(h.demo).patch(`/v1.0/users/${servedId}`, { jobTitle: 'Changed mid-round' })).status).toBe(204);
    expect((await client(h.demo).patch(`/v1.0/users/${pending}`, { jobTitle: 'Also mid-round', department: 'Mid-round' })).status).toBe(204);
    const rest = await round(h, next);
    const thisRound = [...first.value, ...rest.items].map((u) => u.id);
    expect(thisRound.sort()).toEqual(many.filter((id) => id !== pending).sort());
    const nextRound = await round(h, rest.deltaLink);
    expect(nextRound.items.map((u) => [u.id, u.jobTitle]).sort()).toEqual(
      [
        [servedId, 'Changed mid-round'],
        [pending, 'Also mid-round']
      ].sort()
    );
  });

  it('the first round, paged while users change, gives every user once; the next round the rest', async () => {
    const first = ok(await client(h.demo).get(`/v1.0/users/delta?$select=${SELECT}`));
    const removed = h.model.removeUsers(2, 21);
    const added = h.model.addUsers(2);
    const rest = await round(h, first['@odata.nextLink'] ?? '');
    const seen = [...first.value, ...rest.items].map((u) => u.id);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of added) expect(seen).not.toContain(id);
    const next = await round(h, rest.deltaLink);
    expect(next.items.filter((u) => !('@removed' in u)).map((u) => u.id).sort()).toEqual([...added].sort());
    expect(next.items.filter((u) => '@removed' in u).map((u) => u.id).sort()).toEqual([...removed].sort());
  });

  it('$orderby listings follow adds, removes and displayName edits', async () => {
    const g = client(h.demo);
    const ordered = async (): Promise<Array<{ id: string; displayName: string }>> => {
      const out: Array<{ id: string; displayName: string }> = [];
      let url: string | undefined = '/v1.0/users?$select=id,displayName&$orderby=displayName&$top=999';
      while (url) {
        const body = ok(await g.get(url));
        out.push(...(body.value as unknown as Array<{ id: string; displayName: string }>));
        url = body['@odata.nextLink'];
      }
      return out;
    };
    await ordered();
    const [added] = h.model.addUsers(1);
    const [removed] = h.model.removeUsers(1, 31);
    const renamed = h.demo.info.people.hebrew?.id ?? '';
    expect((await g.patch(`/v1.0/users/${renamed}`, { displayName: '!!! First In Line' })).status).toBe(204);
    const after = await ordered();
    expect(after).toHaveLength(await count(h));
    expect(after[0]).toEqual({ id: renamed, displayName: '!!! First In Line' });
    expect(after.some((u) => u.id === added)).toBe(true);
    expect(after.some((u) => u.id === removed)).toBe(false);
    const names = after.map((u) => u.displayName.toLowerCase());
    expect([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(names);
  });
});

describe('expired and unknown tokens', () => {
  let h: IHarness;
  const expired = /The sync state generation is not found\. The delta token is expired and data must be synchronized again\./;
  beforeAll(async () => {
    h = await start(250, 10);
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await h.demo.close();
  });

  it('expireDeltaTokens: every deltaLink and nextLink issued before answers 400 syncStateNotFound; a new round starts afresh', async () => {
    const g = client(h.demo);
    const link = ok(await g.get('/v1.0/users/delta?$deltatoken=latest'))['@odata.deltaLink'] ?? '';
    const next = ok(await g.get('/v1.0/users/delta?$select=id'))['@odata.nextLink'] ?? '';
    expect((await g.get(link)).status).toBe(200);
    h.model.expireDeltaTokens();
    expectGraphError(await g.get(link), 400, 'syncStateNotFound', expired);
    expectGraphError(await g.get(next), 400, 'syncStateNotFound', expired);
    const fresh = await round(h, '/v1.0/users/delta?$select=id');
    expect(fresh.items).toHaveLength(250);
    expect((await g.get(fresh.deltaLink)).status).toBe(200);
  });

  it('a token older than seven days, garbled, or from another tenant answers 400 syncStateNotFound', async () => {
    const g = client(h.demo);
    const link = ok(await g.get('/v1.0/users/delta?$deltatoken=latest'))['@odata.deltaLink'] ?? '';
    const realNow = Date.now.bind(Date);
    const spy = jest.spyOn(Date, 'now');
    spy.mockImplementation(() => realNow() + 6 * 86400000);
    expect((await g.get(link)).status).toBe(200);
    spy.mockImplementation(() => realNow() + 7 * 86400000 + 60000);
    expectGraphError(await g.get(link), 400, 'syncStateNotFound', expired);
    spy.mockRestore();
    expectGraphError(await g.get('/v1.0/users/delta?$deltatoken=not-a-token'), 400, 'syncStateNotFound', expired);
    expectGraphError(await g.get('/v1.0/users/delta?$skiptoken=eyJ9'), 400, 'syncStateNotFound', expired);
    const other = await start(250, 10);
    try {
      const foreign = ok(await client(other.demo).get('/v1.0/users/delta?$deltatoken=latest'))['@odata.deltaLink'] ?? '';
      expectGraphError(await g.get(foreign.replace(other.demo.url, h.demo.url)), 400, 'syncStateNotFound', expired);
    } finally {
      await other.demo.close();
    }
  });
});

describe('a 100,000-user tenant', () => {
  it('a delta round over 1% changed costs well under a second', async () => {
    const h = await start(100000, 11);
    try {
      const link = ok(await client(h.demo).get('/v1.0/users/delta?$select=displayName,jobTitle,department&$deltatoken=latest'))['@odata.deltaLink'] ?? '';
      const t0 = Date.now();
      const updated = h.model.updateUsers(900, 1);
      const removed = h.model.removeUsers(50, 2);
      const added = h.model.addUsers(50);
      const seams = Date.now() - t0;
      const t1 = Date.now();
      const r = await round(h, link);
      const ms = Date.now() - t1;
      expect(r.items.length).toBe(new Set([...updated, ...removed, ...added]).size);
      expect(r.pages).toHaveLength(Math.ceil(r.items.length / 200));
      expect(seams).toBeLessThan(1000);
      expect(ms).toBeLessThan(1500);
    } finally {
      await h.demo.close();
    }
  }, 30000);
});
