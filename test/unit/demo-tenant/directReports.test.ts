/** GET /users/{id}/directReports over HTTP: it agrees with each report's /manager, pages, selects, and follows manager/$ref. */
import { IDemoTenant, startDemoTenant } from '../../../workbench/demo-tenant';
import { allPages, client, expectGraphError } from './helpers';

type Person = { '@odata.type'?: string; id: string; displayName?: string; department?: string | null };

let t: IDemoTenant;
beforeAll(async () => {
  t = await startDemoTenant({ users: 60, seed: 11, today: '2026-03-10' });
});
afterAll(async () => {
  await t.close();
});

const all = <T,>(path: string, token = t.token): Promise<{ items: T[]; pages: number }> => allPages<T>(t, path, token);

describe('directReports', () => {
  it("lists exactly the users whose /manager is that user, each a #microsoft.graph.user", async () => {
    const { items: users } = await all<Person>('/v1.0/users?$select=id&$top=999');
    const managerOf = new Map<string, string>();
    for (const u of users) {
      const res = await client(t).get(`/v1.0/users/${u.id}/manager?$select=id`);
      if (res.status === 200) managerOf.set(u.id, (res.body as { id: string }).id);
      else expect(res.status).toBe(404);
    }
    expect(managerOf.size).toBeGreaterThan(20);
    let listed = 0;
    for (const u of users) {
      const { items } = await all<Person>(`/v1.0/users/${u.id}/directReports?$select=id,displayName`);
      for (const r of items) {
        expect(r['@odata.type']).toBe('#microsoft.graph.user');
        expect([r.id, managerOf.get(r.id)]).toEqual([r.id, u.id]);
      }
      const expected = [...managerOf.entries()].filter(([, m]) => m === u.id).map(([id]) => id).sort();
      expect([u.id, items.map(r => r.id).sort()]).toEqual([u.id, expected]);
      listed += items.length;
    }
    // Everyone with a manager is listed once, under that manager.
    expect(listed).toBe(managerOf.size);
  });

  it('pages with $top and projects $select; a user-read scope is needed', async () => {
    const { items: users } = await all<Person>('/v1.0/users?$select=id&$top=999');
    let manager = '';
    let most = 0;
    for (const u of users) {
      const n = (await all<Person>(`/v1.0/users/${u.id}/directReports?$select=id`)).items.length;
      if (n > most) [manager, most] = [u.id, n];
    }
    expect(most).toBeGreaterThan(2);
    const whole = await all<Person>(`/v1.0/users/${manager}/directReports?$select=id,department`);
    const paged = await all<Person>(`/v1.0/users/${manager}/directReports?$select=id,department&$top=2`);
    expect(paged.pages).toBe(Math.ceil(most / 2));
    expect(paged.items).toEqual(whole.items);
    expect(Object.keys(whole.items[0] ?? {}).sort()).toEqual(['@odata.type', 'department', 'id']);
    expectGraphError(await client(t, t.tokenFor(['GroupMember.Read.All'])).get(`/v1.0/users/${manager}/directReports`), 403, 'Authorization_RequestDenied');
    expectGraphError(await client(t).get('/v1.0/users/nobody%40contoso.invalid/directReports'), 404, 'Request_ResourceNotFound');
  });

  it('follows a manager/$ref change: the report moves to the new manager', async () => {
    const { items: users } = await all<Person>('/v1.0/users?$select=id&$top=999');
    let report = '';
    let before = '';
    for (const u of users) {
      const res = await client(t).get(`/v1.0/users/${u.id}/manager?$select=id`);
      if (res.status === 200) { report = u.id; before = (res.body as { id: string }).id; break; }
    }
    const after = users.find(u => u.id !== report && u.id !== before)?.id ?? '';
    const put = await fetch(`${t.url}/v1.0/users/${report}/manager/$ref`, {
      method: 'PUT', headers: { Authorization: `Bearer ${t.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ '@odata.id': `https://graph.microsoft.com/v1.0/users/${after}` })
    });
    expect(put.status).toBe(204);
    const ids = async (m: string): Promise<string[]> => (await all<Person>(`/v1.0/users/${m}/directReports?$select=id`)).items.map(r => r.id);
    expect(await ids(after)).toContain(report);
    expect(await ids(before)).not.toContain(report);
  });
});
