import { GraphGateway } from '../../../src/core/graph/GraphGateway';
import { GraphError } from '../../../src/core/graph/GraphError';
import { explainError } from '../../../src/core/graph/explain';
import { scopesFromToken, hasScope } from '../../../src/core/graph/scopes';
import type { IGraphClientLike, IGraphRequestLike } from '../../../src/core/graph/types';

// Fake only the edge: a graph-client look-alike that records calls and answers with real Responses.
interface ICall { path: string; version: string; method: string; body?: unknown; headers: Record<string, string>; options: Record<string, unknown> }

function fakeClient(answer: (call: ICall) => Response): { client: IGraphClientLike; calls: ICall[] } {
  const calls: ICall[] = [];
  const client: IGraphClientLike = {
    api(path: string): IGraphRequestLike {
      const call: ICall = { path, version: 'v1.0', method: 'GET', headers: {}, options: {} };
      const run = async (method: string, body?: unknown): Promise<unknown> => {
        call.method = method;
        call.body = body;
        calls.push(call);
        return answer(call);
      };
      const req: IGraphRequestLike = {
        version: v => { call.version = v; return req; },
        headers: h => { Object.assign(call.headers, h); return req; },
        responseType: () => req,
        option: (k, v) => { call.options[k] = v; return req; },
        get: () => run('GET'),
        post: b => run('POST', b),
        patch: b => run('PATCH', b),
        delete: () => run('DELETE')
      };
      return req;
    }
  };
  return { client, calls };
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

describe('GraphGateway', () => {
  it('follows @odata.nextLink to the end, turning absolute links into version + path', async () => {
    const { client, calls } = fakeClient(call => {
      if (call.path.startsWith('/users?$top')) return json(200, { value: [{ id: 'a' }], '@odata.nextLink': 'http://127.0.0.1:7000/v1.0/users?$skiptoken=2' });
      if (call.path === '/users?$skiptoken=2') return json(200, { value: [{ id: 'b' }, { id: 'c' }] });
      return json(404, { error: { code: 'NotFound', message: call.path } });
    });
    const gw = new GraphGateway(client, 'http://127.0.0.1:7000');
    const ids: string[] = [];
    for await (const page of gw.pages<{ id: string }>('/users?$top=1')) ids.push(...page.map(u => u.id));
    expect(ids).toEqual(['a', 'b', 'c']);
    expect(calls.map(c => `${c.version} ${c.path}`)).toEqual(['v1.0 /users?$top=1', 'v1.0 /users?$skiptoken=2']);
  });

  it('requests the next page as soon as the head of the answer names it, before the rest of the page arrives', async () => {
    const events: string[] = [];
    let page2Requested: () => void = () => undefined;
    const requested = new Promise<void>(resolve => { page2Requested = resolve; });
    const enc = new TextEncoder();
    const head = '{"@odata.context":"http://127.0.0.1:7000/v1.0/$metadata#users","@odata.nextLink":"http://127.0.0.1:7000/v1.0/users?$skiptoken=2", "value" : [{"id":"a"}';
    const { client } = fakeClient(call => {
      if (call.path === '/users?$skiptoken=2') {
        events.push('page 2 requested');
        page2Requested();
        return json(200, { value: [{ id: 'b' }] });
      }
      const body = new ReadableStream<Uint8Array>({
        async start(controller) {
          // The head in 7-byte pieces, so the top-level "value" arrives split across chunks.
          for (let i = 0; i < head.length; i += 7) controller.enqueue(enc.encode(head.slice(i, i + 7)));
          await Promise.race([requested, new Promise(r => setTimeout(r, 500))]);
          events.push('page 1 complete');
          controller.enqueue(enc.encode(',{"id":"a2"}]}'));
          controller.close();
        }
      });
      return new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
    });
    const ids: string[] = [];
    for await (const page of new GraphGateway(client, 'http://127.0.0.1:7000').pages<{ id: string }>('/users?$top=2')) ids.push(...page.map(u => u.id));
    expect(ids).toEqual(['a', 'a2', 'b']);
    expect(events).toEqual(['page 2 requested', 'page 1 complete']);
  });

  it('follows a next link written after value, and is not fooled by a "value" or link nested in an annotation', async () => {
    const { client, calls } = fakeClient(call => {
      if (call.path === '/users') {
        const text = '{"@odata.context":"x","extra":{"@odata.nextLink":"http://127.0.0.1:7000/v1.0/wrong","value":1},"value":[{"id":"a"}],"@odata.nextLink":"http://127.0.0.1:7000/v1.0/users?$skiptoken=2"}';
        return new Response(text, { status: 200, headers: { 'content-type': 'application/json' } });
      }
      if (call.path === '/users?$skiptoken=2') return json(200, { '@odata.context': 'x', value: [{ id: 'b' }] });
      return json(404, { error: { code: 'NotFound', message: call.path } });
    });
    const ids: string[] = [];
    for await (const page of new GraphGateway(client, 'http://127.0.0.1:7000').pages<{ id: string }>('/users')) ids.push(...page.map(u => u.id));
    expect(ids).toEqual(['a', 'b']);
    expect(calls.map(c => c.path)).toEqual(['/users', '/users?$skiptoken=2']);
  });

  it('refuses to send a request (and its token) to a foreign host', async () => {
    const { client, calls } = fakeClient(() => json(200, { value: [] }));
    const gw = new GraphGateway(client, 'https://graph.microsoft.com');
    await expect(gw.get('https://evil.example.com/v1.0/users')).rejects.toMatchObject({ code: 'ForeignHost' });
    expect(calls).toHaveLength(0);
  });

  it('turns a Graph error body into a typed GraphError with code, request id and kind', async () => {
    const { client } = fakeClient(() =>
      json(403, { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.', innerError: { 'request-id': 'r-1' } } })
    );
    const gw = new GraphGateway(client);
    const err = await gw.get('/users').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GraphError);
    expect(err).toMatchObject({ status: 403, code: 'Authorization_RequestDenied', requestId: 'r-1', kind: 'permission' });
    expect(explainError(err, 'users').detail).toContain('User.Read.All');
  });

  it('counts a 503 or 504 with Retry-After as throttling (wait, then try again), and one without as a server error', () => {
    expect(new GraphError(429, 'TooManyRequests', 'x').kind).toBe('throttled');
    expect(new GraphError(503, 'serviceNotAvailable', 'x', undefined, 12).kind).toBe('throttled');
    expect(new GraphError(504, 'gatewayTimeout', 'x', undefined, 3).kind).toBe('throttled');
    expect(new GraphError(503, 'serviceNotAvailable', 'x').kind).toBe('server');
    expect(new GraphError(500, 'generalException', 'x', undefined, 12).kind).toBe('server');
    expect(explainError(new GraphError(503, 'serviceNotAvailable', 'x', undefined, 12), 'users').detail).toMatch(/unavailable \(HTTP 503\)/);
    expect(explainError(new GraphError(429, 'TooManyRequests', 'x', undefined, 12), 'users').detail).toMatch(/Too many requests/);
  });

  it('classifies the 403s Graph sends for roles and licences', () => {
    expect(new GraphError(403, 'S2SUnauthorized', 'Invalid Permission.').kind).toBe('role');
    expect(new GraphError(403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', 'x').kind).toBe('license');
    expect(explainError(new GraphError(403, 'S2SUnauthorized', 'x'), 'reports').action).toMatch(/Reports Reader/);
    expect(explainError(new GraphError(403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', 'x'), 'signIns').title).toMatch(/P1/);
  });

  it('words a missing Entra ID P1 for the data each section lacks: MFA registration is not sign-in activity', () => {
    const noP1 = new GraphError(403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', "Neither tenant is B2C or tenant doesn't have premium license");
    const mfa = explainError(noP1, 'mfa');
    const signIns = explainError(noP1, 'signIns');
    expect(mfa.title).toMatch(/Entra ID P1/);
    expect(mfa.detail).toMatch(/^MFA registration details .* only available in tenants with Microsoft Entra ID P1 or P2\.$/);
    expect(`${mfa.detail} ${mfa.action ?? ''}`).not.toMatch(/sign-in/i);
    expect(signIns.detail).toBe('Sign-in activity is only available in tenants with Microsoft Entra ID P1 or P2.');
    expect(`${signIns.detail} ${signIns.action ?? ''}`).not.toMatch(/MFA/);
    // Another section refused for a licence says so, in Graph's own words, without naming data it is not.
    const other = explainError(new GraphError(403, 'Forbidden', 'Your tenant is not licensed for this feature.'), 'users');
    expect(other.detail).toMatch(/licence.*not licensed for this feature/);
    expect(other.detail).not.toMatch(/sign-in|MFA/i);
  });

  it('reports a network failure as a GraphError, not a crash', async () => {
    const client: IGraphClientLike = fakeClient(() => { throw new TypeError('Failed to fetch'); }).client;
    const err = await new GraphGateway(client).get('/users').catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 0, kind: 'network' });
  });

  it('splits $batch into 20s and retries only the throttled items after Retry-After', async () => {
    let round = 0;
    const { client, calls } = fakeClient(call => {
      const reqs = (call.body as { requests: { id: string }[] }).requests;
      round++;
      return json(200, {
        responses: reqs.map(r => (r.id === '3' && round <= 2 ? { id: r.id, status: 429, headers: { 'Retry-After': '1' }, body: {} } : { id: r.id, status: 200, body: { id: r.id } }))
      });
    });
    const waits: number[] = [];
    const gw = new GraphGateway(client, undefined, async ms => { waits.push(ms); });
    const requests = Array.from({ length: 25 }, (_, i) => ({ id: String(i), method: 'GET' as const, url: `/users/${i}` }));
    const res = await gw.batch(requests);
    expect(res.size).toBe(25);
    expect(res.get('3')?.status).toBe(200);
    expect(calls.map(c => (c.body as { requests: unknown[] }).requests.length).sort((a, b) => a - b)).toEqual([1, 5, 20]);
    expect(waits).toEqual([1000]);
    expect(calls.every(c => c.path === '/$batch' && c.method === 'POST')).toBe(true);
  });

  it('stops paging when cancelled', async () => {
    const controller = new AbortController();
    const { client } = fakeClient(() => json(200, { value: [{ id: 'a' }], '@odata.nextLink': 'https://graph.microsoft.com/v1.0/users?$skiptoken=x' }));
    const gw = new GraphGateway(client);
    const seen: number[] = [];
    const run = (async () => {
      for await (const page of gw.pages('/users', { signal: controller.signal })) {
        seen.push(page.length);
        if (seen.length === 2) controller.abort();
      }
    })();
    await expect(run).rejects.toMatchObject({ kind: 'aborted' });
    expect(seen).toEqual([1, 1]);
  });
});

describe('token scopes', () => {
  const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
  it('reads delegated scopes from a JWT and treats ReadWrite as Read', () => {
    const token = `${b64({ alg: 'none' })}.${b64({ scp: 'User.Read.All GroupMember.ReadWrite.All' })}.`;
    const scopes = scopesFromToken(token);
    expect(hasScope(scopes, ['User.Read.All'])).toBe(true);
    expect(hasScope(scopes, ['GroupMember.Read.All'])).toBe(true);
    expect(hasScope(scopes, ['Reports.Read.All'])).toBe(false);
    expect(scopesFromToken('opaque-token')).toBeUndefined();
  });
});
