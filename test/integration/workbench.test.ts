import * as http from 'http';
import { isOwnHost, startWorkbench } from '../../workbench/server';
import type { IWorkbench } from '../../workbench/server';
import { identityFromToken } from '../../src/core/graph/scopes';
import { requireReport } from '../../src/core/reports/catalog';
import { readReport } from '../../src/core/reports/reader';
import { gatewayFor } from '../helpers/graph';

jest.setTimeout(120_000);

/** A GET with exactly these headers (node sends Host as given: what a DNS-rebinding page's request carries). */
function get(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'GET', headers }, res => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', c => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the workbench token endpoint', () => {
  let wb: IWorkbench;
  let port: string;
  let token: string;
  beforeAll(async () => {
    wb = await startWorkbench({ demo: { users: 40, seed: 3 } });
    port = new URL(wb.url).port;
    token = wb.demo?.token ?? '';
    expect(token).toMatch(/\./);
  });
  afterAll(async () => { await wb?.close(); });

  const tokenUrl = (): string => `${wb.url}_workbench/token`;

  it.each([['127.0.0.1'], ['localhost'], ['LOCALHOST']])('hands the token to its own page at %s:<port>', async host => {
    const res = await get(tokenUrl(), { Host: `${host}:${port}`, 'Sec-Fetch-Site': 'same-origin' });
    expect(res).toEqual({ status: 200, body: token });
    // A fetch without Sec-Fetch-Site (older browsers, curl) from its own host is still served.
    expect(await get(tokenUrl(), { Host: `${host}:${port}` })).toEqual({ status: 200, body: token });
  });

  it.each([
    ['a re-pointed site name (DNS rebinding)', 'attacker.example'],
    ['a re-pointed site name with the right port', `attacker.example:PORT`],
    ['its own address on another port', '127.0.0.1:1'],
    ['localhost without the port', 'localhost'],
    ['a look-alike name', `localhost.attacker.example:PORT`]
  ])('refuses %s, even same-origin', async (_what, host) => {
    const res = await get(tokenUrl(), { Host: host.replace('PORT', port), 'Sec-Fetch-Site': 'same-origin' });
    expect(res.status).toBe(403);
    expect(res.body).not.toContain(token);
    expect(res.body).not.toMatch(/\.[A-Za-z0-9_-]{20,}\./);
  });

  it('still refuses cross-site and same-site fetches from its own host', async () => {
    for (const site of ['cross-site', 'same-site', 'none']) {
      const res = await get(tokenUrl(), { Host: `127.0.0.1:${port}`, 'Sec-Fetch-Site': site });
      expect(res.status).toBe(404);
      expect(res.body).not.toContain(token);
    }
  });

  it('the page itself and its config are served to its own host, and the config never carries the token', async () => {
    const config = await get(`${wb.url}_workbench/config.json`, { Host: `127.0.0.1:${port}` });
    expect(config.status).toBe(200);
    expect(config.body).not.toContain(token);
    // The tenant key is stable for a restart of the same demo tenant (no clock in it), so kept reads stay meaningful.
    expect(JSON.parse(config.body)).toMatchObject({ tenant: `demo-3-40-${wb.demo?.info.today}`, tokenSource: 'demo' });
  });

  it('signs in as another of the demo tenant\'s people with ?as=, who is refused reports (no report role)', async () => {
    const reader = wb.demo?.info.people.inactive90?.userPrincipalName ?? '';
    const admin = wb.demo?.info.people.admin;
    const res = await get(`${tokenUrl()}?as=${encodeURIComponent(reader)}`, { Host: `localhost:${port}`, 'Sec-Fetch-Site': 'same-origin' });
    expect(res.status).toBe(200);
    const them = identityFromToken(res.body);
    const adminId = identityFromToken(token);
    expect(adminId.userId).toBe(admin?.id);
    // Same tenant, another person.
    expect(them.tenantId).toBe(adminId.tenantId);
    expect(them.userId).toBe(wb.demo?.info.people.inactive90?.id);
    expect(them.userId).not.toBe(adminId.userId);

    const entry = requireReport('getEmailActivityUserDetail');
    const admins = await readReport(gatewayFor(wb.graphUrl, token), entry, { period: 'D7' }, { format: 'json' });
    expect(admins.rows.length).toBeGreaterThan(0);
    await expect(readReport(gatewayFor(wb.graphUrl, res.body, 0), entry, { period: 'D7' }, { format: 'json' })).rejects.toMatchObject({ status: 403, kind: 'role' });
    // Directory reads are not a report role's business: the same person reads users.
    const users = await gatewayFor(wb.graphUrl, res.body, 0).get<{ value: unknown[] }>('/users?$select=id&$top=5');
    expect(users.value.length).toBe(5);

    // ?as= follows the same Host rule, and names a real person.
    expect((await get(`${tokenUrl()}?as=${encodeURIComponent(reader)}`, { Host: `rebound.example:${port}` })).status).toBe(403);
    expect((await get(`${tokenUrl()}?as=nobody%40contoso.onmicrosoft.com`, { Host: `127.0.0.1:${port}` })).status).toBe(404);
  });
});

describe('isOwnHost', () => {
  it('takes 127.0.0.1, localhost and the host it was told to listen on, each with its port only', () => {
    expect(isOwnHost('127.0.0.1:4321', 4321)).toBe(true);
    expect(isOwnHost('localhost:4321', 4321)).toBe(true);
    expect(isOwnHost('wb.lan:4321', 4321, 'wb.lan')).toBe(true);
    expect(isOwnHost('[::1]:4321', 4321, '::1')).toBe(true);
    expect(isOwnHost('wb.lan:4321', 4321)).toBe(false);
    expect(isOwnHost('127.0.0.1:4322', 4321)).toBe(false);
    expect(isOwnHost('127.0.0.1', 4321)).toBe(false);
    expect(isOwnHost(undefined, 4321)).toBe(false);
    expect(isOwnHost('', 4321)).toBe(false);
    expect(isOwnHost('evil.example:4321', 4321)).toBe(false);
  });
});
