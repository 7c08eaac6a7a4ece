import { GraphGateway } from '../../src/core/graph/GraphGateway';
import { ReportStore } from '../../src/core/reports/store';
import type { ReportLimiter } from '../../src/core/reports/limiter';
import type { IGraphClientLike, IGraphRequestLike } from '../../src/core/graph/types';
import type { IImpressionsServices, IKeyValueStore } from '../../src/ui/common/services';
import { Sessions } from '../../src/ui/common/sessions';

/** A canned answer for a path (prefix match after the version), or a function of the path. */
type Answer = { status?: number; body: unknown };
/** A fixed answer, or one computed from the request (and possibly held back: a promise). */
export type Route = Answer | ((path: string, body?: unknown) => Answer | Promise<Answer>);

/** Minimal Response stand-in: jsdom has no fetch Response, and the gateway reads only these members. */
function response(status: number, body: unknown): unknown {
  const text = body === undefined ? '' : JSON.stringify(body);
  return {
    status,
    headers: { forEach: (cb: (v: string, k: string) => void) => cb('application/json', 'content-type') },
    text: async () => text,
    arrayBuffer: async () => new ArrayBuffer(0)
  };
}

/** The edge faked, not the core: a graph-client look-alike answering from routes; records every request. */
export function fakeClient(routes: Record<string, Route>): { client: IGraphClientLike; calls: string[] } {
  const calls: string[] = [];
  const client: IGraphClientLike = {
    api(path: string): IGraphRequestLike {
      let version = 'v1.0';
      const run = async (method: string, body?: unknown): Promise<unknown> => {
        calls.push(`${method} ${version}${path}`);
        const key = Object.keys(routes).filter(k => path.startsWith(k)).sort((a, b) => b.length - a.length)[0];
        if (key === undefined) return response(404, { error: { code: 'Request_ResourceNotFound', message: `No route for ${path}` } });
        const route = routes[key] as Route;
        const r = typeof route === 'function' ? await route(path, body) : route;
        return response(r.status ?? 200, r.body);
      };
      const req: IGraphRequestLike = {
        version: v => { version = v; return req; },
        headers: () => req,
        responseType: () => req,
        option: () => req,
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

/** An in-memory key-value store standing in for localStorage. */
export function memoryStore(): IKeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: k => data.get(k) ?? null, setItem: (k, v) => { data.set(k, v); } };
}

/** Services over a graph client (a gateway and a report store over it), as a host would build them. */
export function servicesFor(client: IGraphClientLike, options: { store?: IKeyValueStore; limiter?: ReportLimiter } = {}): IImpressionsServices {
  const gateway = new GraphGateway(client);
  const reports = new ReportStore(gateway, { format: 'json', limiter: options.limiter });
  return {
    gateway,
    reports,
    sessions: new Sessions(gateway, reports),
    host: 'workbench',
    instanceId: 'test',
    tenantName: 'contoso',
    store: options.store ?? memoryStore(),
    now: () => new Date('2026-11-21T12:00:00Z')
  };
}

/** Services over the fake client answering `routes`. */
export function fakeServices(routes: Record<string, Route>, store = memoryStore(), limiter?: ReportLimiter): { services: IImpressionsServices; calls: string[] } {
  const { client, calls } = fakeClient(routes);
  return { calls, services: servicesFor(client, { store, limiter }) };
}
