/** The CLI's host boundary: a Graph URL and a token source become the core's gateway and report store. */
import { GraphGateway } from '../core/graph';
import { createTokenClient } from '../core/graph/tokenClient';
import type { IRequestWatcher } from '../core/graph/tokenClient';
import { ReportStore } from '../core/reports';
import { resolveAuth } from './auth';
import type { IAuth, IAuthInput } from './auth';
import { startDemo } from './demo';
import { UsageError } from './errors';

/** Microsoft Graph's global endpoint. */
export const DEFAULT_GRAPH_URL = 'https://graph.microsoft.com';

/** Retries of 429/503/504 by the graph client's RetryHandler, honouring Retry-After. */
export const MAX_RETRIES = 3;

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * `--graph-url` as the gateway wants it: scheme, host and any path prefix, without a version segment or
 * trailing slash. Plain http is accepted only for this machine (demo tenant, Dev Proxy): a token never
 * crosses a network unencrypted.
 */
export function normalizeGraphUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new UsageError(`--graph-url "${input}" is not a URL; e.g. https://graph.microsoft.com.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--graph-url must be an https URL, not ${url.protocol}.`);
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) {
    throw new UsageError(`--graph-url must use https (plain http only for localhost), so the token is never sent unencrypted.`);
  }
  if (url.search || url.hash || url.username || url.password) throw new UsageError('--graph-url takes no query, fragment or credentials.');
  const path = url.pathname.replace(/\/+$/, '').replace(/\/(v1\.0|beta)$/i, '');
  return `${url.protocol}//${url.host}${path}`;
}

/** What a command gets to talk to Graph. */
export interface IConnection {
  graphUrl: string;
  gateway: GraphGateway;
  /** v1.0 CSV reads, shared by the joins of one run. */
  reports: ReportStore;
  auth: IAuth;
  /** Demo tenant sample UPNs (for hints), when --demo runs one. */
  demoUpns?: string[];
  close(): Promise<void>;
}

/** Options of connect. */
export interface IConnectInput {
  graphUrl?: string;
  token?: string;
  demo: boolean;
  env: Record<string, string | undefined>;
  stdinIsTTY: boolean;
  prompt: (text: string) => void;
  /** The saved sign-in's machinery and the clock (tests); unset: the machine's. */
  signIn?: IAuthInput['signIn'];
  clock?: IAuthInput['clock'];
  /** Told about the demo tenant once it runs. */
  onDemo?: (url: string, users: number) => void;
  /** Told about every Graph request and every wait before a retry (--log). */
  watch?: IRequestWatcher;
}

/** Sign in (or start the demo tenant) and build the gateway. */
export async function connect(input: IConnectInput): Promise<IConnection> {
  if (input.demo) {
    const demo = await startDemo();
    input.onDemo?.(demo.url, demo.users);
    const auth: IAuth = { kind: 'token flag', getToken: () => Promise.resolve(demo.token), secrets: [demo.token] };
    return build(demo.url, auth, () => demo.close(), demo.sampleUpns, input.watch);
  }
  const graphUrl = normalizeGraphUrl(input.graphUrl ?? DEFAULT_GRAPH_URL);
  const auth = await resolveAuth({ token: input.token, graphUrl, env: input.env, stdinIsTTY: input.stdinIsTTY, prompt: input.prompt, signIn: input.signIn, clock: input.clock });
  return build(graphUrl, auth, () => Promise.resolve(), undefined, input.watch);
}

function build(graphUrl: string, auth: IAuth, close: () => Promise<void>, demoUpns?: string[], watch?: IRequestWatcher): IConnection {
  const gateway = new GraphGateway(createTokenClient({ baseUrl: graphUrl, getToken: auth.getToken, maxRetries: MAX_RETRIES, watch }), graphUrl);
  // Report reads are throttled per app and tenant: two at a time is plenty for a script.
  const reports = new ReportStore(gateway, { format: 'csv', concurrency: 2 });
  return { graphUrl, gateway, reports, auth, demoUpns, close };
}
