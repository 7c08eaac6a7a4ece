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

  it('pays per-request latency once per page (pages are fetched back to back)', async () => {
    const slow = await startDemoTenant({ users: 3000, seed: 7, latencyMs: 60 });
    try {
      const gw = gatewayFor(slow.url, slow.token);
      const t0 = Date.now();
      let n = 0;
      for await (const page of streamUsers(gw)) n += page.length;
      const ms = Date.now() - t0;
      expect(n).toBeGreaterThanOrEqual(3000);
      expect(ms).toBeGreaterThanOrEqual(Math.ceil(n / 999) * 60); // the latency really applies
      expect(slow.requests.filter(r => r.path.startsWith('/v1.0/users')).length).toBe(Math.ceil(n / 999));
    } finally {
      await slow.close();
    }
  });

  it('last sign-in without Entra ID P1 is a typed licence error', async () => {
    const noP1 = await startDemoTenant({ users: 50, seed: 7, noP1: true });
    try {
      const { streamSignIns } = await import('../../src/core/directory/signIns');
      const err = await (async () => { for await (const _ of streamSignIns(gatewayFor(noP1.url, noP1.token))) { /* throws */ } })().catch((e: unknown) => e);
      expect((err as GraphError).kind).toBe('license');
    } finally {
      await noP1.close();
    }
  });
});
