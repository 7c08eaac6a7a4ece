import { startDemoTenant } from '../../workbench/demo-tenant';
import type { IDemoTenant } from '../../workbench/demo-tenant';
import { streamUsers } from '../../src/core/directory/users';
import { GraphError } from '../../src/core/graph/GraphError';
import { gatewayFor } from '../helpers/graph';

// Core <-> demo tenant over real HTTP, exactly as the workbench and CLI talk to Graph.
describe('users over HTTP against the demo tenant', () => {
  let tenant: IDemoTenant;
  beforeAll(async () => { tenant = await startDemoTenant({ users: 2100, seed: 7 }); });
  afterAll(async () => { await tenant.close(); });

  it('streams every user in pages of 999, following @odata.nextLink', async () => {
    const gw = gatewayFor(tenant.url, tenant.token);
    const pages: number[] = [];
    const ids = new Set<string>();
    for await (const page of streamUsers(gw)) {
      pages.push(page.length);
      page.forEach(u => ids.add(u.id));
    }
    const total = pages.reduce((a, b) => a + b, 0);
    expect(pages.length).toBe(Math.ceil(total / 999));
    expect(pages[0]).toBe(999);
    expect(ids.size).toBe(total);
    expect(total).toBeGreaterThanOrEqual(2000);
    expect(gw.stats.requests).toBe(pages.length);
  });

  it('keeps the fields the list shows, including the awkward ones', async () => {
    const gw = gatewayFor(tenant.url, tenant.token);
    const all = [];
    for await (const page of streamUsers(gw)) all.push(...page);
    expect(all.every(u => u.id && u.userPrincipalName)).toBe(true);
    expect(all.some(u => u.userType === 'Guest' && u.userPrincipalName.includes('#EXT#'))).toBe(true);
    expect(all.some(u => u.accountEnabled === false)).toBe(true);
    expect(all.some(u => u.skuIds.length === 0)).toBe(true);
    expect(all.some(u => /^[=+\-@]/.test(u.displayName))).toBe(true);
  });

  it('turns a missing scope into a typed permission error', async () => {
    const gw = gatewayFor(tenant.url, tenant.tokenFor(['Reports.Read.All']));
    const err = await (async () => { for await (const _ of streamUsers(gw)) { /* first page throws */ } })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect((err as GraphError).kind).toBe('permission');
  });

  it('turns a bad token into an authentication error', async () => {
    const gw = gatewayFor(tenant.url, 'not-a-token');
    const err = await gw.get('/users?$top=1').catch((e: unknown) => e);
    expect((err as GraphError).kind).toBe('unauthenticated');
  });
});
