import * as http from 'http';
import { isOwnHost, startWorkbench } from '../../workbench/server';
import type { IWorkbench } from '../../workbench/server';

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
