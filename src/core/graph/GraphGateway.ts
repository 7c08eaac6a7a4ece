import { GraphError, graphErrorFromBody, isRecord } from './GraphError';
import { abortableSleep, abortError } from './abort';
import type {
  GraphVersion,
  IBatchRequest,
  IBatchResponse,
  IGraphClientLike,
  IGraphResponse,
  IRequestOptions
} from './types';

/** Graph's documented batch limit. */
export const MAX_BATCH = 20;
const BATCH_RETRIES = 3;

/** Counts round trips, for benchmarks and the request budget. */
export interface IGatewayStats {
  requests: number;
  batches: number;
}

/**
 * The one door to Microsoft Graph. Every failure leaves it as a GraphError; paging follows
 * `@odata.nextLink`; `$batch` is split into 20s and retries throttled items (the graph client's
 * RetryHandler retries whole requests but not items inside a batch).
 */
export class GraphGateway {
  public readonly stats: IGatewayStats = { requests: 0, batches: 0 };

  public constructor(
    private readonly client: IGraphClientLike,
    /** Base URL of the Graph endpoint without version, e.g. `https://graph.microsoft.com`. */
    public readonly baseUrl: string = 'https://graph.microsoft.com',
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void> = abortableSleep
  ) {}

  /** Send one request and read the whole response; never throws for an HTTP status. */
  public async send(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, options: IRequestOptions = {}): Promise<IGraphResponse> {
    return this.request(method, path, body, options);
  }

  /**
   * `send`, and when `onHead` is given and the answer is a 2xx JSON stream, hand it the body's leading
   * annotations (`@odata.context`, `@odata.nextLink`...) as soon as they have arrived, before the rest.
   */
  private async request(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body: unknown, options: IRequestOptions, onHead?: (head: Record<string, unknown>) => void): Promise<IGraphResponse> {
    const { version, relative } = this.split(path, options.version);
    let request = this.client.api(relative).version(version).responseType('raw');
    if (options.headers) request = request.headers(options.headers);
    if (options.signal) request = request.option('signal', options.signal);
    if (options.redirect) request = request.option('redirect', options.redirect);
    this.stats.requests++;
    let raw: unknown;
    try {
      switch (method) {
        case 'GET': raw = await request.get(); break;
        case 'POST': raw = await request.post(body); break;
        case 'PATCH': raw = await request.patch(body); break;
        case 'DELETE': raw = await request.delete(); break;
      }
    } catch (e) {
      throw toGraphError(e, options.signal);
    }
    return readResponse(raw, options.signal, onHead);
  }

  /** GET and return the JSON body; throws GraphError for any non-2xx status. */
  public async get<T>(path: string, options: IRequestOptions = {}): Promise<T> {
    const res = await this.send('GET', path, undefined, options);
    return ensureOk(res) as T;
  }

  /** Send a write; throws GraphError for any non-2xx status. */
  public async write(method: 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, options: IRequestOptions = {}): Promise<unknown> {
    return ensureOk(await this.send(method, path, body, options));
  }

  /**
   * Iterate the pages of a collection, following `@odata.nextLink` to the end (or until the loop breaks).
   * The next page is requested as soon as its link is known, so the caller's work on one page overlaps the
   * network time of the next: a long list costs about pages x latency, not pages x (latency + work).
   * Graph writes a collection's `@odata.nextLink` before its `value`, so the link is usually known from
   * the first bytes of the answer, and the next request leaves while the rest of this page is still
   * arriving and being parsed. A link written after `value` is followed once the whole page is read.
   * `gate`, when given, is awaited before each page is requested (a rate limit that waits); the function
   * it gives is called once that page's answer has arrived.
   */
  public async *pages<T>(path: string, options: IRequestOptions = {}, gate?: () => Promise<() => void>): AsyncGenerator<T[], void, undefined> {
    for await (const page of this.linkedPages<T>(path, options, gate)) yield page.value;
  }

  /**
   * `pages`, each page with the link to the one after it (undefined on the last): a caller that stops early
   * can keep the link and go on from there later. With `prefetch: false` the next page is requested only
   * when the loop asks for it, so a caller that stops after a page sends no request it does not use.
   */
  public async *linkedPages<T>(path: string, options: IRequestOptions = {}, gate?: () => Promise<() => void>, prefetch = true): AsyncGenerator<ILinkedPage<T>, void, undefined> {
    const start = (url: string): IPageInFlight => {
      let early: (link: string | undefined) => void = () => undefined;
      const next = new Promise<string | undefined>(resolve => { early = resolve; });
      const onHead = (head: Record<string, unknown>): void => {
        // Only a link settles it early: a head without one may still have it after `value`.
        if (typeof head['@odata.nextLink'] === 'string') early(head['@odata.nextLink']);
      };
      const read = (): Promise<unknown> => this.request('GET', url, undefined, options, onHead).then(ensureOk);
      const body = gate ? gate().then(settle => read().finally(settle)) : read();
      // Also observes a failure of `body` (awaited below), so a caller that stops early leaves no unhandled rejection.
      body.then(b => early(nextLinkOf(b)), () => early(undefined));
      return { next, body };
    };
    let current: IPageInFlight | undefined = start(path);
    while (current) {
      const link: string | undefined = await current.next;
      let following: IPageInFlight | undefined = prefetch && link && !options.signal?.aborted ? start(link) : undefined;
      const body = await current.body;
      if (options.signal?.aborted) throw abortError();
      yield { value: isRecord(body) && Array.isArray(body.value) ? (body.value as T[]) : [], next: link ?? nextLinkOf(body) };
      if (!prefetch && link && !options.signal?.aborted) following = start(link);
      current = following;
    }
  }

  /**
   * Run requests through `$batch`, 20 at a time, the chunks side by side (so no request may depend on another).
   * Items answered 429/503/504 are sent again (up to 3 times) after their Retry-After. A `$batch` call that
   * fails as a whole (network, auth) rejects the whole batch; with `settleChunks` it fails only its own
   * requests instead, each answered with that error, and the other chunks' answers are kept.
   */
  public async batch(requests: IBatchRequest[], options: IRequestOptions = {}, settleChunks = false): Promise<Map<string, IBatchResponse>> {
    const results = new Map<string, IBatchResponse>();
    const chunks: IBatchRequest[][] = [];
    for (let i = 0; i < requests.length; i += MAX_BATCH) chunks.push(requests.slice(i, i + MAX_BATCH));
    await Promise.all(chunks.map(chunk => this.batchChunk(chunk, results, options).catch((e: unknown) => {
      if (!settleChunks || options.signal?.aborted) throw e;
      const error = toGraphError(e, options.signal);
      const body = { error: { code: error.code, message: error.message } };
      for (const r of chunk) if (!results.has(r.id)) results.set(r.id, { id: r.id, status: error.status, headers: {}, body });
    })));
    return results;
  }

  private async batchChunk(chunk: IBatchRequest[], results: Map<string, IBatchResponse>, options: IRequestOptions): Promise<void> {
    let pending = chunk;
    for (let attempt = 0; pending.length > 0; attempt++) {
      const body = { requests: pending.map(r => ({ ...r, headers: r.body !== undefined ? { 'Content-Type': 'application/json', ...r.headers } : r.headers })) };
      this.stats.batches++;
      const res = await this.send('POST', '/$batch', body, { ...options, headers: { 'Content-Type': 'application/json', ...options.headers } });
      const payload = ensureOk(res);
      const responses = isRecord(payload) && Array.isArray(payload.responses) ? payload.responses : [];
      const retry: IBatchRequest[] = [];
      let waitSeconds = 0;
      for (const item of responses) {
        if (!isRecord(item) || typeof item.id !== 'string') continue;
        const headers = lowerKeys(isRecord(item.headers) ? item.headers : {});
        const status = typeof item.status === 'number' ? item.status : 0;
        const original = pending.find(r => r.id === item.id);
        if (original && (status === 429 || status === 503 || status === 504) && attempt < BATCH_RETRIES) {
          retry.push(original);
          waitSeconds = Math.max(waitSeconds, Number(headers['retry-after']) || 2 ** attempt);
          continue;
        }
        results.set(item.id, { id: item.id, status, headers, body: item.body });
      }
      for (const r of pending) {
        if (!results.has(r.id) && !retry.includes(r)) {
          results.set(r.id, { id: r.id, status: 0, headers: {}, body: { error: { code: 'MissingBatchResponse', message: 'The batch answer did not include this request.' } } });
        }
      }
      if (retry.length > 0) await this.sleep(waitSeconds * 1000, options.signal);
      pending = retry;
    }
  }

  /** Split an absolute Graph URL (e.g. a nextLink) into version + relative path the client can take. */
  private split(path: string, version: GraphVersion = 'v1.0'): { version: string; relative: string } {
    const base = this.baseUrl.replace(/\/+$/, '');
    let rest = path;
    if (/^https?:\/\//i.test(path)) {
      if (!path.toLowerCase().startsWith(base.toLowerCase() + '/')) {
        throw new GraphError(0, 'ForeignHost', `Refusing to send the Graph token to another host (${safeHost(path)}).`);
      }
      rest = path.slice(base.length + 1);
      const slash = rest.indexOf('/');
      return { version: slash > 0 ? rest.slice(0, slash) : version, relative: slash > 0 ? rest.slice(slash) : '/' };
    }
    return { version, relative: rest.startsWith('/') ? rest : '/' + rest };
  }
}

/** Throw the body's GraphError unless the status is 2xx; return the body. */
export function ensureOk(res: IGraphResponse): unknown {
  if (res.status >= 200 && res.status < 300) return res.body;
  throw graphErrorFromBody(res.status, res.body, res.headers['retry-after']);
}

/** Turn a batch item into its body or a GraphError. */
export function batchResult<T>(res: IBatchResponse | undefined): T | GraphError {
  if (!res) return new GraphError(0, 'MissingBatchResponse', 'The batch answer did not include this request.');
  if (res.status >= 200 && res.status < 300) return res.body as T;
  return graphErrorFromBody(res.status, res.body, res.headers['retry-after']);
}

/** One page of a collection and the link to the next (undefined on the last). */
export interface ILinkedPage<T> {
  value: T[];
  next: string | undefined;
}

interface IByteStreamLike {
  getReader(): { read(): Promise<{ done: boolean; value?: Uint8Array }> };
}

interface IFetchResponseLike {
  status: number;
  body?: IByteStreamLike | null;
  headers: { forEach(cb: (value: string, key: string) => void): void };
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

function isFetchResponse(v: unknown): v is IFetchResponseLike {
  return isRecord(v) && typeof v.status === 'number' && typeof (v as { text?: unknown }).text === 'function';
}

async function readResponse(raw: unknown, signal?: AbortSignal, onHead?: (head: Record<string, unknown>) => void): Promise<IGraphResponse> {
  if (!isFetchResponse(raw)) {
    // A client that parsed for us (some test doubles): treat as 200 JSON.
    return { status: 200, headers: {}, body: raw };
  }
  const headers: Record<string, string> = {};
  raw.headers.forEach((value, key) => { headers[key.toLowerCase()] = value; });
  const type = headers['content-type'] ?? '';
  let body: unknown;
  try {
    if (raw.status === 204 || raw.status === 304) body = undefined;
    else if (/json/i.test(type)) {
      const stream = raw.body;
      const text = onHead && raw.status >= 200 && raw.status < 300 && stream && typeof stream.getReader === 'function' && typeof TextDecoder === 'function'
        ? await readWatchingHead(stream, onHead)
        : await raw.text();
      body = text ? JSON.parse(text) : undefined;
    } else if (/^image\//i.test(type) || /octet-stream/i.test(type)) body = await raw.arrayBuffer();
    else body = await raw.text();
  } catch (e) {
    if (signal?.aborted) throw abortError();
    throw new GraphError(raw.status, 'UnreadableResponse', `Microsoft Graph sent a response that could not be read (${errorText(e)}).`);
  }
  return { status: raw.status, headers, body };
}

/** A page requested: its next link (early when the head of the body has it) and its whole body. */
interface IPageInFlight {
  next: Promise<string | undefined>;
  body: Promise<unknown>;
}

function nextLinkOf(body: unknown): string | undefined {
  return isRecord(body) && typeof body['@odata.nextLink'] === 'string' ? body['@odata.nextLink'] : undefined;
}

/** Where a collection's leading annotations end: the top-level `"value"` member. */
const VALUE_MEMBER = /,\s*"value"\s*:/g;
/** Stop looking for the head after this many characters (annotations are a few KB at most). */
const HEAD_LIMIT = 64 * 1024;

/**
 * Read a JSON body as text, chunk by chunk. Once the text before the top-level `"value"` has arrived,
 * hand those members to `onHead`. The prefix plus `}` parses only when that `"value"` is a member of the
 * outer object (one brace deep, outside any string), so a `"value"` inside an annotation or an item
 * cannot be mistaken for it; when nothing parses, `onHead` is simply not called.
 */
async function readWatchingHead(stream: IByteStreamLike, onHead: (head: Record<string, unknown>) => void): Promise<string> {
  const reader = stream.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let head: string | undefined = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    const chunk = decoder.decode(value, { stream: true });
    parts.push(chunk);
    if (head === undefined) continue;
    // Look again from a little before this chunk, for a member split across two chunks.
    const from = Math.max(0, head.length - 32);
    const text: string = head + chunk;
    head = text.length > HEAD_LIMIT ? undefined : text;
    VALUE_MEMBER.lastIndex = from;
    for (let m = VALUE_MEMBER.exec(text); m; m = VALUE_MEMBER.exec(text)) {
      const members = tryParse(text.slice(0, m.index) + '}');
      if (isRecord(members)) {
        head = undefined;
        onHead(members);
        break;
      }
    }
  }
  parts.push(decoder.decode());
  return parts.join('');
}

function tryParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toGraphError(e: unknown, signal?: AbortSignal): GraphError {
  if (e instanceof GraphError) return e;
  if (signal?.aborted || (isRecord(e) && e.name === 'AbortError')) return abortError();
  // graph-client wraps failures in its own GraphError with statusCode/code/body.
  if (isRecord(e) && typeof e.statusCode === 'number' && e.statusCode > 0) {
    return graphErrorFromBody(e.statusCode, isRecord(e.body) ? e.body : { error: { code: e.code, message: e.message } });
  }
  return new GraphError(0, 'NetworkError', `Microsoft Graph could not be reached (${errorText(e)}).`);
}

function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

function lowerKeys(h: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(h)) out[k.toLowerCase()] = String(h[k]);
  return out;
}

function safeHost(url: string): string {
  const m = /^https?:\/\/([^/?#]+)/i.exec(url);
  return m?.[1] ?? 'unknown host';
}
