import { Client, HTTPMessageHandler, RetryHandler, RetryHandlerOptions } from '@microsoft/microsoft-graph-client';
import type { Context, Middleware } from '@microsoft/microsoft-graph-client';
import type { IGraphClientLike } from './types';

/** Returns a bearer token for Graph; called per request, so it may refresh. */
export type TokenSource = () => Promise<string>;

/**
 * Adds the bearer token to every request this client sends. The client is built for one base URL,
 * and the gateway refuses absolute URLs on other hosts, so the token never leaves that endpoint.
 * (The graph client's own AuthenticationHandler only attaches tokens over https to Graph's hosts,
 * which rules out a demo tenant on http://localhost — decided here, once.)
 */
class BearerMiddleware implements Middleware {
  private next: Middleware | undefined;
  public constructor(private readonly getToken: TokenSource) {}

  public async execute(context: Context): Promise<void> {
    const token = await this.getToken();
    const options = (context.options ??= {});
    const headers = options.headers;
    if (headers instanceof Headers) headers.set('Authorization', `Bearer ${token}`);
    else options.headers = { ...(headers as Record<string, string> | undefined), Authorization: `Bearer ${token}` };
    if (!this.next) throw new Error('BearerMiddleware has no next middleware.');
    await this.next.execute(context);
  }

  public setNext(next: Middleware): void {
    this.next = next;
  }
}

/** One HTTP request the client sent (each retry is one): never its headers or body. */
export interface IHttpRecord {
  method: string;
  /** The URL as sent (a run log keeps its path and drops query values it does not know). */
  url: string;
  /** The answer's status; 0 when none came (a network failure, a cancel). */
  status: number;
  /** From sending to the answer's headers. */
  ms: number;
}

/** Watches every request as it goes (each retry too) and each wait before a retry: a run log's view. */
export interface IRequestWatcher {
  onRequest?: (record: IHttpRecord) => void;
  /** The retry handler is about to wait this long (Retry-After, or its own back-off) before sending again. */
  onRetryWait?: (seconds: number, status: number) => void;
}

/** Reports each request after its answer; sits after the retry handler, so each attempt is one record. */
class WatchMiddleware implements Middleware {
  private next: Middleware | undefined;
  public constructor(private readonly onRequest: (record: IHttpRecord) => void, private readonly clock: () => number) {}

  public async execute(context: Context): Promise<void> {
    const started = this.clock();
    const request = context.request;
    const url = typeof request === 'string' ? request : request.url;
    const method = (context.options?.method ?? (typeof request === 'string' ? undefined : request.method) ?? 'GET').toUpperCase();
    if (!this.next) throw new Error('WatchMiddleware has no next middleware.');
    try {
      await this.next.execute(context);
    } finally {
      this.onRequest({ method, url, status: context.response?.status ?? 0, ms: this.clock() - started });
    }
  }

  public setNext(next: Middleware): void {
    this.next = next;
  }
}

/** Seconds a 429/503 asks to wait (Retry-After as seconds or an HTTP date), else the handler's own delay. */
function retryWaitSeconds(response: Response | undefined, fallback: number, now: number): number {
  const header = response?.headers?.get('Retry-After') ?? null;
  if (header === null) return fallback;
  const n = Number(header);
  return Number.isNaN(n) ? Math.max(0, Math.round((new Date(header).getTime() - now) / 1000)) : n;
}

/** Options of a token-based Graph client for the workbench and the CLI. */
export interface ITokenClientOptions {
  /** Graph endpoint without version, e.g. `https://graph.microsoft.com` or the demo tenant's URL. */
  baseUrl: string;
  getToken: TokenSource;
  /** Retries of 429/503/504 by the graph client's RetryHandler (default 3). */
  maxRetries?: number;
  /** Told about every request and every wait before a retry (the CLI's --log). */
  watch?: IRequestWatcher;
}

/** A graph-client v3 Client with bearer auth, Graph's retry handler and fetch. */
export function createTokenClient(options: ITokenClientOptions): IGraphClientLike {
  const auth = new BearerMiddleware(options.getToken);
  const watch = options.watch;
  // Called only when a retry will follow (attempts left, a retryable status): its wait is about to begin.
  const shouldRetry = (delay: number, _attempt: number, _request: unknown, _options: unknown, response: Response): boolean => {
    watch?.onRetryWait?.(retryWaitSeconds(response, delay, Date.now()), response.status);
    return true;
  };
  const retry = new RetryHandler(new RetryHandlerOptions(1, options.maxRetries ?? 3, shouldRetry));
  const http = new HTTPMessageHandler();
  auth.setNext(retry);
  if (watch?.onRequest) {
    const watcher = new WatchMiddleware(watch.onRequest, Date.now);
    retry.setNext(watcher);
    watcher.setNext(http);
  } else {
    retry.setNext(http);
  }
  return Client.initWithMiddleware({ baseUrl: options.baseUrl.replace(/\/+$/, ''), middleware: auth }) as unknown as IGraphClientLike;
}
