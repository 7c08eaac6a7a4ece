/**
 * The HTTP layer: CORS as Graph sends it (and none on report downloads), latency (a base round trip plus a
 * cost per kilobyte), random faults, report throttling, the resource-unit throttle of identity requests,
 * authentication, $batch, the request log and the /_demo control endpoints; SharePoint's REST slice
 * (`/sites/{site}/_api/...`, sharePoint.ts) rides on the same authentication, latency, faults and CORS.
 */
import { lifecyclePeople } from './lifecycleSeams';
import { createServer, IncomingMessage, Server, ServerResponse } from 'http';
import { gzipSync } from 'zlib';
import { Activity } from './activity';
import { IDemoState, IDownload, IGraphRequest, IGraphResponse, IHandlerCtx } from './context';
import { errorBody, graphError, GraphHttpError, MSG, newRequestId } from './errors';
import { csvChunks, reportSpec } from './render';
import { reportCtx } from './reportRoutes';
import { route } from './router';
import { Sequence } from './rng';
import { ISharePointResponse, SharePointSites, sharePointErrorResponse } from './sharePoint';
import { ACTIVATED_ROLES, ISecurityPeople, ROLES, securityOf } from './security';
import { Tenant } from './tenant';
import { answerDelayMs, directoryCost, directoryQuota, DirectoryThrottle, IDirectoryUsage, tenantSize } from './throttle';
import { ALL_SCOPES, authenticate, IAuth, makeToken } from './token';

/** One served request. */
export interface IRequestLogEntry {
  method: string;
  /** Path with query, as requested. */
  path: string;
  status: number;
  ms: number;
  /** ISO time the request arrived. */
  at: string;
  /** Graph and SharePoint answers: the body's bytes as produced (before gzip), the size model's input. */
  bytes?: number;
  /** Graph and SharePoint answers: the modelled answer time, `latencyMs + bytes / 1024 × latencyPerKbMs`. */
  modelMs?: number;
  /** Identity requests: the resource units Graph costs them (sent as `x-ms-resource-unit`). */
  ru?: number;
  /** For $batch: each item's method, url, status and, for an identity item, its resource units. */
  items?: IBatchItemLog[];
}

/** One $batch item in the request log. */
export interface IBatchItemLog {
  id: string;
  method: string;
  url: string;
  status: number;
  ru?: number;
}

/** A bounded log: the last `capacity` entries, oldest first. */
export class RequestLog {
  private readonly buf: Array<IRequestLogEntry | undefined>;
  private next = 0;
  private size = 0;
  public constructor(private readonly capacity = 100000) {
    this.buf = new Array<IRequestLogEntry | undefined>(capacity);
  }
  public add(e: IRequestLogEntry): void {
    this.buf[this.next] = e;
    this.next = (this.next + 1) % this.capacity;
    this.size = Math.min(this.size + 1, this.capacity);
  }
  public entries(): IRequestLogEntry[] {
    const out: IRequestLogEntry[] = [];
    const start = (this.next - this.size + this.capacity) % this.capacity;
    for (let k = 0; k < this.size; k++) {
      const e = this.buf[(start + k) % this.capacity];
      if (e) out.push(e);
    }
    return out;
  }
  public clear(): void {
    this.buf.fill(undefined);
    this.next = 0;
    this.size = 0;
  }
}

/** Graph's documented report limits, per report API per app: CSV 14 and JSON 100 per 10 minutes. */
export const REPORT_LIMITS = { csv: 14, json: 100, windowMs: 10 * 60 * 1000 };

const CORS_EXPOSE = 'ETag, Location, Preference-Applied, Content-Range, request-id, client-request-id, ReadWriteConsistencyToken, SdkVersion, WWW-Authenticate, Retry-After';
const MAX_BATCH = 20;
/** SharePoint's REST root in a site: `/sites/{site}/_api/...` or `/teams/{site}/_api/...` (any case). */
const SHAREPOINT_API = /^\/(sites|teams)\/([^/]+)\/_api(\/.*)?$/i;
/** What a browser may send SharePoint cross-origin: SPHttpClient's headers and the form digest. */
const SHAREPOINT_ALLOW_HEADERS = 'Authorization, Content-Type, Accept, odata-version, OData-MaxVersion, X-RequestDigest, X-HTTP-Method, IF-MATCH, client-request-id';

export interface IServerDeps {
  t: Tenant;
  state: IDemoState;
  log: RequestLog;
  /** The SharePoint sites (document libraries) served under `/sites/{site}/_api`. */
  sharePoint: SharePointSites;
  /** Called once the server knows its own URL (for the default token's claims). */
  tokenFor(scopes: readonly string[]): string;
  /** The clock of the throttles (ms since the epoch); default Date.now. Tests and benchmarks drive their own. */
  now?: () => number;
}

export class DemoServer {
  public readonly http: Server;
  private readonly a: Activity;
  private readonly downloads = new Map<string, IDownload>();
  private readonly reportCalls = new Map<string, number[]>();
  private readonly faults: Sequence;
  private readonly shuffle: Sequence;
  private readonly ctx: IHandlerCtx;
  private readonly now: () => number;
  private readonly directory: DirectoryThrottle;

  public constructor(private readonly deps: IServerDeps) {
    this.a = new Activity(deps.t);
    this.now = deps.now ?? Date.now;
    const setting = (): IDemoState['directoryThrottle'] => deps.state.directoryThrottle;
    this.directory = new DirectoryThrottle(
      this.now,
      () => {
        const s = setting();
        return typeof s === 'object' ? s.ruPer10s : directoryQuota(deps.t.nUsers);
      },
      () => setting() !== false,
      tenantSize(deps.t.nUsers)
    );
    this.faults = new Sequence(deps.t.seed ^ 0xfa17);
    this.shuffle = new Sequence(deps.t.seed ^ 0xba7c);
    this.ctx = {
      t: deps.t,
      a: this.a,
      state: deps.state,
      downloads: this.downloads,
      throttleReport: (fn, format) => this.throttleReport(fn, format),
      now: () => this.now()
    };
    this.http = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end(String(err));
      });
    });
  }

  // ------------------------------------------------------------ throttling and faults

  private throttleReport(fn: string, format: 'csv' | 'json'): void {
    if (!this.deps.state.throttle) return;
    const key = `${fn.toLowerCase()}|${format}`;
    const now = this.now();
    const calls = (this.reportCalls.get(key) ?? []).filter((at) => at > now - this.deps.state.reportWindowMs);
    const limit = REPORT_LIMITS[format];
    if (calls.length >= limit) {
      const retry = Math.max(1, Math.ceil(((calls[0] ?? now) + this.deps.state.reportWindowMs - now) / 1000));
      this.reportCalls.set(key, calls);
      throw graphError(429, 'TooManyRequests', MSG.throttled, { 'Retry-After': String(retry) });
    }
    calls.push(now);
    this.reportCalls.set(key, calls);
  }

  /** A random 429/503 at the configured rate; deterministic in request order for a given seed. */
  private maybeFault(): void {
    const rate = this.deps.state.faultRate;
    if (!(rate > 0)) return;
    const r = this.faults.next();
    const kind = this.faults.next();
    if (r >= rate) return;
    if (kind < 0.5) throw graphError(429, 'TooManyRequests', MSG.throttled, { 'Retry-After': '1' });
    throw graphError(503, 'serviceNotAvailable', MSG.unavailable, { 'Retry-After': '1' });
  }

  /** The resource-unit figures of identity requests (see throttle.ts). */
  public directoryUsage(): IDirectoryUsage {
    return this.directory.usage();
  }

  /** Clear the report counters and the identity buckets and figures. */
  public resetThrottle(): void {
    this.reportCalls.clear();
    this.directory.reset();
  }

  // ------------------------------------------------------------ Graph requests

  private execute(req: IGraphRequest): IGraphResponse {
    try {
      this.maybeFault();
      return this.serve(req);
    } catch (err) {
      return this.errorResponse(err, req);
    }
  }

  /**
   * Route one Graph request or $batch item. An identity request is costed first, from its own method, path
   * and query, to the token's application + tenant pair: 429 with Retry-After when the bucket cannot pay
   * (and the quota is enforced); every identity answer, served, refused or failed, says its cost in
   * `x-ms-resource-unit`, as Graph's do.
   */
  private serve(req: IGraphRequest): IGraphResponse {
    const cost = directoryCost(req.method, req.path, req.query);
    if (cost === undefined) return route(this.ctx, req);
    const claims = req.auth.claims;
    const app = typeof claims.appid === 'string' ? claims.appid : typeof claims.azp === 'string' ? claims.azp : '';
    const tenant = typeof claims.tid === 'string' ? claims.tid : '';
    const charge = this.directory.charge(app, tenant, cost);
    const ru = { 'x-ms-resource-unit': String(cost) };
    if (!charge.paid)
      throw graphError(429, 'TooManyRequests', MSG.throttled, {
        'Retry-After': String(charge.retryAfterS),
        ...ru,
        'x-ms-throttle-scope': `Tenant_Application/ReadWrite/${app}/${tenant}`,
        'x-ms-throttle-information': 'ResourceUnitLimitExceeded'
      });
    // Graph says how much of the quota is used once more than 80% of it is.
    const headers: Record<string, string> = charge.usedFraction > 0.8 ? { ...ru, 'x-ms-throttle-limit-percentage': charge.usedFraction.toFixed(2) } : ru;
    let response: IGraphResponse;
    try {
      response = route(this.ctx, req);
    } catch (err) {
      response = this.errorResponse(err, req);
    }
    return { ...response, headers: { ...response.headers, ...headers } };
  }

  private errorResponse(err: unknown, req: { requestId: string; headers: Record<string, string> }): IGraphResponse {
    const e = err instanceof GraphHttpError ? err : new GraphHttpError(500, 'generalException', err instanceof Error ? err.message : String(err));
    return {
      status: e.status,
      headers: { 'Content-Type': 'application/json', ...e.headers },
      body: errorBody(e.code, e.message, req.requestId, req.headers['client-request-id'])
    };
  }

  private async batch(outer: IGraphRequest): Promise<IGraphResponse> {
    const body = outer.body as { requests?: unknown } | null;
    const requests = body && Array.isArray(body.requests) ? (body.requests as unknown[]) : undefined;
    if (!requests) throw graphError(400, 'BadRequest', 'Invalid batch payload format.');
    if (requests.length > MAX_BATCH) throw graphError(400, 'BadRequest', `Maximum number of requests in a batch is ${MAX_BATCH}.`);
    interface IItem {
      id: string;
      method: string;
      url: string;
      headers: Record<string, string>;
      body: unknown;
      dependsOn: string[];
    }
    const items: IItem[] = [];
    const ids = new Set<string>();
    for (const r of requests) {
      const o = (typeof r === 'object' && r !== null ? r : {}) as Record<string, unknown>;
      const id = typeof o.id === 'string' || typeof o.id === 'number' ? String(o.id) : '';
      if (!id || ids.has(id)) throw graphError(400, 'BadRequest', id ? `Batch request contains duplicate id '${id}'.` : 'Batch request is missing the required id property.');
      if (typeof o.method !== 'string' || typeof o.url !== 'string') throw graphError(400, 'BadRequest', `Batch request '${id}' must have a method and a url.`);
      ids.add(id);
      const headers: Record<string, string> = {};
      if (typeof o.headers === 'object' && o.headers !== null) for (const [k, v] of Object.entries(o.headers as Record<string, unknown>)) headers[k.toLowerCase()] = String(v);
      items.push({ id, method: o.method.toUpperCase(), url: o.url, headers, body: o.body, dependsOn: Array.isArray(o.dependsOn) ? o.dependsOn.map(String) : [] });
    }
    for (const it of items) for (const dep of it.dependsOn) if (!ids.has(dep) || dep === it.id) throw graphError(400, 'BadRequest', `Batch request '${it.id}' depends on unknown request '${dep}'.`);
    const byId = new Map(items.map((it) => [it.id, it]));
    const done = new Map<string, Promise<IGraphResponse>>();
    const start = (id: string, chain: ReadonlySet<string>): Promise<IGraphResponse> => {
      const existing = done.get(id);
      if (existing) return existing;
      const it = byId.get(id);
      if (!it || chain.has(id)) return Promise.resolve<IGraphResponse>({ status: 424, headers: {} });
      const p = run(it, new Set([...chain, id]));
      done.set(id, p);
      return p;
    };
    const run = async (it: IItem, chain: ReadonlySet<string>): Promise<IGraphResponse> => {
      const deps = await Promise.all(it.dependsOn.map((d) => start(d, chain)));
      const requestId = newRequestId();
      if (deps.some((r) => r.status >= 400)) return { status: 424, headers: { 'Content-Type': 'application/json' }, body: errorBody('FailedDependency', 'The request could not be completed because a request it depends on failed.', requestId) };
      const rel = it.url.startsWith('/') ? it.url : `/${it.url}`;
      if (/^\/(v1\.0|beta)\//i.test(rel) || /^https?:/i.test(it.url))
        return this.errorResponse(graphError(400, 'BadRequest', 'The url of a batch request must be relative to the version, e.g. /users.'), { requestId, headers: it.headers });
      const u = new URL(rel, 'http://batch.invalid');
      return this.execute({
        method: it.method,
        version: outer.version,
        path: decodePath(u.pathname),
        query: u.searchParams,
        headers: { ...it.headers, authorization: outer.headers.authorization ?? '' },
        body: it.body,
        base: outer.base,
        auth: outer.auth,
        requestId,
        inBatch: true
      });
    };
    const results = await Promise.all(items.map(async (it) => ({ it, r: await start(it.id, new Set()) })));
    // Graph returns batch responses in any order.
    for (let k = results.length - 1; k > 0; k--) {
      const j = Math.floor(this.shuffle.next() * (k + 1));
      const tmp = results[k];
      const other = results[j];
      if (tmp && other) {
        results[k] = other;
        results[j] = tmp;
      }
    }
    const responses = results.map(({ it, r }) => {
      const out: Record<string, unknown> = { id: it.id, status: r.status, headers: { ...r.headers } };
      if (r.raw) out.body = r.raw.toString('base64');
      else if (r.text !== undefined) out.body = r.text;
      else if (r.body !== undefined) out.body = r.body;
      return out;
    });
    (outer as IGraphRequest & { batchItems?: IBatchItemLog[] }).batchItems = results.map(({ it, r }) => {
      const ru = r.headers['x-ms-resource-unit'];
      return { id: it.id, method: it.method, url: it.url, status: r.status, ...(ru !== undefined ? { ru: Number(ru) } : {}) };
    });
    return { status: 200, headers: { 'Content-Type': 'application/json' }, body: { responses } };
  }

  // ------------------------------------------------------------ HTTP

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = process.hrtime.bigint();
    const at = new Date().toISOString();
    const host = req.headers.host ?? '127.0.0.1';
    const base = `http://${host}`;
    const rawUrl = req.url ?? '/';
    const url = new URL(rawUrl, base);
    const method = (req.method ?? 'GET').toUpperCase();
    let items: IRequestLogEntry['items'];
    let sized: { bytes: number; modelMs: number } | undefined;
    let ru: number | undefined;
    const log = (status: number): IRequestLogEntry => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      const entry: IRequestLogEntry = { method, path: rawUrl, status, ms: Math.round(ms * 100) / 100, at, ...(sized ?? {}), ...(ru !== undefined ? { ru } : {}), ...(items ? { items } : {}) };
      this.deps.log.add(entry);
      return entry;
    };

    if (url.pathname.startsWith('/_demo/')) return this.demoEndpoint(req, res, url, method);

    const sp = SHAREPOINT_API.exec(url.pathname);
    if (sp) {
      const answer = await this.sharePoint(req, res, url, method, base, sp);
      sized = answer.sized;
      this.deps.sharePoint.record(log(answer.status));
      return;
    }

    if (url.pathname.startsWith('/_download/')) {
      await this.latency();
      const status = await this.download(res, url, method);
      log(status);
      return;
    }

    const m = /^\/(v1\.0|beta)(\/.*)?$/i.exec(url.pathname);
    if (!m) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('Not found: Graph paths start with /v1.0/ or /beta/.');
      log(404);
      return;
    }
    const cors = corsHeaders(req);
    if (method === 'OPTIONS') {
      res.writeHead(204, {
        ...cors,
        'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE, OPTIONS',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'Authorization, ConsistencyLevel, Content-Type, SdkVersion, client-request-id, Prefer, If-None-Match, return-client-request-id',
        'Access-Control-Max-Age': '3600'
      });
      res.end();
      log(204);
      return;
    }
    // Graph's answer time: the simulator does its work while the modelled time runs, so that time is the whole
    // time a request takes (as Graph's own work is part of a real request's time), not model + our work.
    const arrived = performance.now();
    const version = (m[1] ?? 'v1.0').toLowerCase() === 'beta' ? 'beta' : 'v1.0';
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers[k.toLowerCase()] = v;
    const requestId = newRequestId();
    let response: IGraphResponse;
    try {
      const body = await readJson(req);
      this.maybeFault();
      const auth: IAuth = authenticate(headers.authorization);
      const graphReq: IGraphRequest = { method, version, path: decodePath(m[2] ?? '/'), query: url.searchParams, headers, body, base, auth, requestId, inBatch: false };
      if (graphReq.path.replace(/\/+$/, '') === '/$batch') {
        if (method !== 'POST') throw graphError(405, 'Request_BadRequest', `The HTTP method '${method}' is not allowed for this resource.`);
        response = await this.batch(graphReq);
        items = (graphReq as IGraphRequest & { batchItems?: IRequestLogEntry['items'] }).batchItems;
      } else {
        response = this.serve(graphReq);
      }
    } catch (err) {
      response = this.errorResponse(err, { requestId, headers });
    }
    const out: Record<string, string> = { ...cors, 'request-id': requestId, 'client-request-id': headers['client-request-id'] ?? requestId, ...response.headers };
    const cost = response.headers['x-ms-resource-unit'];
    if (cost !== undefined) ru = Number(cost);
    const text = !response.raw && response.text === undefined && response.body !== undefined ? JSON.stringify(response.body) : undefined;
    // Graph compresses JSON for clients that accept gzip (every browser, Node's fetch); so does the simulator.
    const zipped = text !== undefined && text.length > 1024 && /\bgzip\b/i.test(headers['accept-encoding'] ?? '') ? gzipSync(text, { level: 1 }) : undefined;
    const bytes = response.raw ? response.raw.length : response.text !== undefined ? Buffer.byteLength(response.text) : text !== undefined ? Buffer.byteLength(text) : 0;
    sized = this.sized(bytes);
    await waitUntil(arrived + sized.modelMs);
    if (response.raw) {
      res.writeHead(response.status, { ...out, 'Content-Length': String(response.raw.length) });
      res.end(response.raw);
    } else if (response.text !== undefined) {
      res.writeHead(response.status, out);
      res.end(response.text);
    } else if (zipped) {
      res.writeHead(response.status, { ...out, 'Content-Encoding': 'gzip', Vary: 'Accept-Encoding', 'Content-Length': String(zipped.length) });
      res.end(zipped);
    } else if (text !== undefined) {
      res.writeHead(response.status, { ...out, 'Content-Length': String(Buffer.byteLength(text)) });
      res.end(text);
    } else {
      res.writeHead(response.status, out);
      res.end();
    }
    log(response.status);
  }

  /** The size model's answer time for a body of `bytes` bytes, under the current options. */
  private sized(bytes: number): { bytes: number; modelMs: number } {
    const s = this.deps.state;
    return { bytes, modelMs: Math.round(answerDelayMs(s.latencyMs, s.latencyPerKbMs, bytes) * 1000) / 1000 };
  }

  /** A SharePoint REST request: CORS, latency, faults and the bearer token as for Graph, then sharePoint.ts. */
  private async sharePoint(req: IncomingMessage, res: ServerResponse, url: URL, method: string, base: string, m: RegExpExecArray): Promise<{ status: number; sized?: { bytes: number; modelMs: number } }> {
    const cors = corsHeaders(req);
    if (method === 'OPTIONS') {
      res.writeHead(204, {
        ...cors,
        'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, MERGE, DELETE, OPTIONS',
        'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? SHAREPOINT_ALLOW_HEADERS,
        'Access-Control-Max-Age': '3600'
      });
      res.end();
      return { status: 204 };
    }
    const arrived = performance.now();
    const requestId = newRequestId();
    let response: ISharePointResponse;
    try {
      const body = await readRaw(req);
      this.maybeFault();
      const auth = authenticate(typeof req.headers.authorization === 'string' ? req.headers.authorization : undefined);
      response = this.deps.sharePoint.handle({
        method,
        kind: m[1] ?? 'sites',
        site: decodePath(m[2] ?? ''),
        path: decodePath(m[3] ?? '/'),
        query: url.searchParams,
        body,
        base,
        auth,
        headers: req.headers
      });
    } catch (err) {
      response = sharePointErrorResponse(err, this.deps.t.tid);
    }
    const out: Record<string, string> = { ...cors, SPRequestGuid: requestId, 'request-id': requestId, ...response.headers };
    const raw = response.raw ?? (response.body !== undefined ? Buffer.from(JSON.stringify(response.body)) : undefined);
    const sized = this.sized(raw ? raw.length : 0);
    await waitUntil(arrived + sized.modelMs);
    if (raw) res.writeHead(response.status, { ...out, 'Content-Length': String(raw.length) });
    else res.writeHead(response.status, out);
    res.end(raw);
    return { status: response.status, sized };
  }

  /** A report download's wait before it streams: the base round trip only (its size is not known up front). */
  private async latency(): Promise<void> {
    const ms = this.deps.state.latencyMs;
    if (ms > 0) await new Promise((r) => setTimeout(r, ms));
  }

  /** The pre-authenticated report download: CSV streamed, no auth, and deliberately no CORS headers. */
  private async download(res: ServerResponse, url: URL, method: string): Promise<number> {
    const id = url.pathname.slice('/_download/'.length);
    const d = this.downloads.get(id);
    if (method !== 'GET' && method !== 'HEAD') {
      res.writeHead(405, { 'Content-Type': 'text/plain' });
      res.end('Method not allowed');
      return 405;
    }
    if (!d || d.expires < Date.now()) {
      if (d) this.downloads.delete(id);
      res.writeHead(403, { 'Content-Type': 'application/xml' });
      res.end('<?xml version="1.0" encoding="utf-8"?><Error><Code>AuthenticationFailed</Code><Message>The download link is invalid or has expired.</Message></Error>');
      return 403;
    }
    const spec = reportSpec(d.fn);
    if (!spec) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      res.end('Unknown report');
      return 404;
    }
    const source = d.to > d.from ? spec.build(reportCtx(this.ctx, d, d.concealed)) : { count: 0, item: () => [] };
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Disposition': `attachment; filename="${spec.fn.replace(/^get/, '')}${new Date().toISOString().slice(0, 10).replace(/-/g, '')}.csv"`
    });
    if (method === 'HEAD') {
      res.end();
      return 200;
    }
    for (const chunk of csvChunks(spec, source)) {
      if (!res.write(chunk)) await new Promise<void>((resolve) => res.once('drain', () => resolve()));
    }
    res.end();
    return 200;
  }

  private async demoEndpoint(req: IncomingMessage, res: ServerResponse, url: URL, method: string): Promise<void> {
    const cors = corsHeaders(req);
    const send = (status: number, body?: unknown): void => {
      if (body === undefined) {
        res.writeHead(status, cors);
        res.end();
        return;
      }
      res.writeHead(status, { ...cors, 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (method === 'OPTIONS') {
      res.writeHead(204, { ...cors, 'Access-Control-Allow-Methods': 'GET, PATCH, DELETE, OPTIONS', 'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? 'Content-Type' });
      res.end();
      return;
    }
    const what = url.pathname.slice('/_demo/'.length);
    if (what === 'requests') {
      if (method === 'DELETE') {
        this.deps.log.clear();
        return send(204);
      }
      return send(200, { value: this.deps.log.entries() });
    }
    if (what === 'token') {
      const scopes = url.searchParams.get('scopes');
      return send(200, { token: this.deps.tokenFor(scopes === null ? ALL_SCOPES : scopes.split(/[\s,]+/).filter(Boolean)) });
    }
    if (what === 'options') {
      if (method === 'PATCH') {
        const body = (await readJson(req).catch(() => null)) as Partial<IDemoState> | null;
        const s = this.deps.state;
        if (body) {
          if (typeof body.concealed === 'boolean') s.concealed = body.concealed;
          if (typeof body.throttle === 'boolean') s.throttle = body.throttle;
          if (typeof body.noP1 === 'boolean') s.noP1 = body.noP1;
          if (typeof body.noReportRole === 'boolean') s.noReportRole = body.noReportRole;
          if (typeof body.noAttackSimulation === 'boolean') s.noAttackSimulation = body.noAttackSimulation;
          if (typeof body.noSecurityRole === 'boolean') s.noSecurityRole = body.noSecurityRole;
          if (typeof body.securityDefaults === 'boolean') s.securityDefaults = body.securityDefaults;
          if (typeof body.noIntune === 'boolean') s.noIntune = body.noIntune;
          if (typeof body.noPrivilegedRole === 'boolean') s.noPrivilegedRole = body.noPrivilegedRole;
          if (body.leaveDateUnscoped === 'refuse' || body.leaveDateUnscoped === 'null') s.leaveDateUnscoped = body.leaveDateUnscoped;
          if (typeof body.jsonDocumentedOnly === 'boolean') s.jsonDocumentedOnly = body.jsonDocumentedOnly;
          if (typeof body.faultRate === 'number') s.faultRate = Math.min(1, Math.max(0, body.faultRate));
          if (typeof body.latencyMs === 'number') s.latencyMs = Math.max(0, body.latencyMs);
          if (typeof body.latencyPerKbMs === 'number' && Number.isFinite(body.latencyPerKbMs)) s.latencyPerKbMs = Math.max(0, body.latencyPerKbMs);
          const dt = directoryThrottleSetting(body.directoryThrottle);
          if (dt !== undefined) s.directoryThrottle = dt;
          if (typeof body.reportPageCap === 'number' && Number.isFinite(body.reportPageCap)) s.reportPageCap = Math.max(1, Math.floor(body.reportPageCap));
          if (body.reportTopOverCap === 'cap' || body.reportTopOverCap === 'reject') s.reportTopOverCap = body.reportTopOverCap;
        }
        if (body && (body as { resetThrottle?: unknown }).resetThrottle === true) this.resetThrottle();
      }
      return send(200, { ...this.deps.state, directoryUsage: this.directory.usage() });
    }
    if (what === 'info') return send(200, demoInfo(this.deps.t, `http://${req.headers.host ?? ''}`));
    send(404, { error: { code: 'NotFound', message: 'Unknown demo endpoint. Try /_demo/requests, /_demo/token, /_demo/options, /_demo/info.' } });
  }
}

/**
 * `directoryThrottle` as an option or a PATCH gives it: a boolean, or `{ ruPer10s }` with a positive number
 * (rounded up to a whole unit); undefined for anything else.
 */
export function directoryThrottleSetting(v: unknown): IDemoState['directoryThrottle'] | undefined {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'object' && v !== null) {
    const ru = (v as { ruPer10s?: unknown }).ruPer10s;
    if (typeof ru === 'number' && Number.isFinite(ru) && ru > 0) return { ruPer10s: Math.ceil(ru) };
  }
  return undefined;
}

/** Resolve at `due` (a performance.now() time); at once when it has passed. */
async function waitUntil(due: number): Promise<void> {
  const wait = due - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
}

/** Graph answers every JSON response with CORS for any origin. */
function corsHeaders(req: IncomingMessage): Record<string, string> {
  const origin = req.headers.origin;
  return origin
    ? { 'Access-Control-Allow-Origin': origin, 'Access-Control-Allow-Credentials': 'true', 'Access-Control-Expose-Headers': CORS_EXPOSE, Vary: 'Origin' }
    : { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': CORS_EXPOSE };
}

function decodePath(p: string): string {
  return p
    .split('/')
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    })
    .join('/');
}

/** The request body's bytes (empty when there is none). */
async function readRaw(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  if (!chunks.length) return undefined;
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text.trim()) return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw graphError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.');
  }
}

/** Where the awkward people and groups are, so tests and demos can find them. */
export interface IDemoInfo {
  url: string;
  tid: string;
  domain: string;
  users: number;
  seed: number;
  today: string;
  refreshDate: string;
  people: Record<string, { id: string; userPrincipalName: string } | undefined>;
  deletedUsers: string[];
  groups: Record<string, string | undefined>;
  unknownSkuId: string;
  /** Conditional Access policy ids by what each one is for. */
  policies: Record<string, string>;
  /** Directory role template ids by role. */
  roles: Record<string, string>;
  /** Template ids of the roles activated in the tenant; the others' members answer 404. */
  activatedRoles: string[];
}

const PEOPLE = ['admin', 'guest', 'disabled', 'unlicensed', 'unicode', 'arabic', 'hebrew', 'cjk', 'commaQuotes', 'formulaName', 'noManagerNoPhoto', 'inactive', 'synced', 'unknownSku', 'noUsageLocation', 'nearQuota', 'guestUnicode', 'createdAfterRefresh', 'inactive90', 'exchangeOnly', 'breakGlass'];

/** Security readiness people, in the order info lists them. */
const SECURITY_PEOPLE: Array<keyof ISecurityPeople> = [
  'clicker',
  'compromised',
  'repeatOffender',
  'neverSimulated',
  'neverSimulatedListed',
  'trainingOverdue',
  'trainingInProgress',
  'trainingCompleted',
  'mfaNotEnforced',
  'mfaNotEnforcedNotRegistered',
  'mfaReportOnly',
  'mfaViaNestedGroup',
  'userAdministrator',
  'securityReader'
];

export function demoInfo(t: Tenant, url: string): IDemoInfo {
  const people: IDemoInfo['people'] = {};
  PEOPLE.forEach((name, i) => (people[name] = i < t.nUsers ? { id: t.userId(i), userPrincipalName: t.upn(i) } : undefined));
  const groups: IDemoInfo['groups'] = {};
  for (const kind of ['unified', 'security', 'mailSecurity', 'distribution', 'dynamic', 'synced'] as const) groups[kind] = t.groups.find((g) => g.kind === kind)?.id;
  groups.team = t.groups.find((g) => g.isTeam)?.id;
  // The groups the Conditional Access policies name: excluded from the all-users policy, required by the
  // group policy, and nested inside that one.
  groups.mfaExcluded = t.groups[2]?.id;
  groups.mfaRequired = t.groups[1]?.id;
  groups.mfaRequiredNested = t.nestedIn.has(5) ? t.groups[5]?.id : undefined;
  const sec = securityOf(t);
  const found = sec.people();
  for (const name of SECURITY_PEOPLE) {
    const i = found[name];
    people[name] = i === undefined ? undefined : { id: t.userId(i), userPrincipalName: t.upn(i) };
  }
  // The Joiners & leavers people (lifecycle.ts).
  Object.assign(people, lifecyclePeople(t));
  const policies: Record<string, string> = {};
  sec.policies().forEach((p, n) => (policies[p.key] = sec.policyId(n)));
  const roles: Record<string, string> = {};
  for (const [key, r] of Object.entries(ROLES)) roles[key] = r.templateId;
  const deletedUsers: string[] = [];
  for (let i = t.nUsers; i < t.total; i++) deletedUsers.push(t.upn(i));
  return {
    url,
    tid: t.tid,
    domain: t.domain,
    users: t.nUsers,
    seed: t.seed,
    today: t.today,
    refreshDate: t.refreshDate,
    people,
    deletedUsers,
    groups,
    unknownSkuId: t.skuByPart.get('CONTOSO_LEGACY_ADDON')?.skuId ?? '',
    policies,
    roles,
    activatedRoles: ACTIVATED_ROLES.map((k) => ROLES[k].templateId)
  };
}

export { makeToken };
