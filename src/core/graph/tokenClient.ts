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

/** Options of a token-based Graph client for the workbench and the CLI. */
export interface ITokenClientOptions {
  /** Graph endpoint without version, e.g. `https://graph.microsoft.com` or the demo tenant's URL. */
  baseUrl: string;
  getToken: TokenSource;
  /** Retries of 429/503/504 by the graph client's RetryHandler (default 3). */
  maxRetries?: number;
}

/** A graph-client v3 Client with bearer auth, Graph's retry handler and fetch. */
export function createTokenClient(options: ITokenClientOptions): IGraphClientLike {
  const auth = new BearerMiddleware(options.getToken);
  const retry = new RetryHandler(new RetryHandlerOptions(1, options.maxRetries ?? 3));
  const http = new HTTPMessageHandler();
  auth.setNext(retry);
  retry.setNext(http);
  return Client.initWithMiddleware({ baseUrl: options.baseUrl.replace(/\/+$/, ''), middleware: auth }) as unknown as IGraphClientLike;
}
