/**
 * Where the CLI's Graph token comes from, in this order: --token, GRAPH_TOKEN, app-only client
 * credentials (AZURE_TENANT_ID + AZURE_CLIENT_ID + AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH)
 * through @azure/identity, then device-code sign-in when a terminal is attached. Tokens are never
 * printed or written; @azure/identity is loaded only when it is used.
 */
import type { TokenSource } from '../core/graph';
import { CliError, EXIT } from './errors';

/** How the run signed in (for --verbose; never the token itself). */
export type AuthKind = 'token flag' | 'GRAPH_TOKEN' | 'client secret' | 'client certificate' | 'device code';

/** A token source and what to keep out of every message. */
export interface IAuth {
  kind: AuthKind;
  getToken: TokenSource;
  /** Texts never to print: the static token, the client secret. */
  secrets: string[];
  /** Set when the credential failed after the first token (a refresh): the run exits 3. */
  failure?: CliError;
}

/** What auth needs from the host. */
export interface IAuthInput {
  /** --token */
  token?: string;
  /** Normalized Graph URL; the scope is `<url>/.default`. */
  graphUrl: string;
  env: Record<string, string | undefined>;
  stdinIsTTY: boolean;
  /** Device-code instructions go here (stderr). */
  prompt: (text: string) => void;
}

interface IAccessToken {
  token: string;
  expiresOnTimestamp: number;
}
interface ICredential {
  getToken(scopes: string | string[]): Promise<IAccessToken | null>;
}

/** Refresh this long before expiry. */
const EARLY_MS = 5 * 60 * 1000;

const NO_CREDENTIALS =
  'No credentials. Pass --token, set GRAPH_TOKEN, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET ' +
  '(or AZURE_CLIENT_CERTIFICATE_PATH) for an app registration with Microsoft Graph application permissions; ' +
  'in a terminal the CLI offers device-code sign-in instead.';

/** Pick the first available way to sign in; credentials get their first token here, so a bad one fails at once (exit 3). */
export async function resolveAuth(input: IAuthInput): Promise<IAuth> {
  const fixed = input.token?.trim() || undefined;
  if (fixed) return staticAuth('token flag', fixed);
  const envToken = input.env.GRAPH_TOKEN?.trim() || undefined;
  if (envToken) return staticAuth('GRAPH_TOKEN', envToken);

  const tenantId = input.env.AZURE_TENANT_ID?.trim() || undefined;
  const clientId = input.env.AZURE_CLIENT_ID?.trim() || undefined;
  const secret = input.env.AZURE_CLIENT_SECRET || undefined;
  const certificatePath = input.env.AZURE_CLIENT_CERTIFICATE_PATH?.trim() || undefined;
  const scope = `${input.graphUrl.replace(/\/+$/, '')}/.default`;

  if (secret || certificatePath) {
    const missing = [!tenantId && 'AZURE_TENANT_ID', !clientId && 'AZURE_CLIENT_ID'].filter(Boolean);
    if (missing.length || !tenantId || !clientId) {
      throw new CliError(EXIT.auth, `App sign-in needs ${missing.join(' and ')} as well as ${secret ? 'AZURE_CLIENT_SECRET' : 'AZURE_CLIENT_CERTIFICATE_PATH'}.`);
    }
    const identity = await loadIdentity();
    if (secret) {
      return credentialAuth('client secret', new identity.ClientSecretCredential(tenantId, clientId, secret), scope, [secret]);
    }
    const certificatePassword = input.env.AZURE_CLIENT_CERTIFICATE_PASSWORD || undefined;
    const credential = new identity.ClientCertificateCredential(tenantId, clientId, { certificatePath: certificatePath ?? '', certificatePassword });
    return credentialAuth('client certificate', credential, scope, certificatePassword ? [certificatePassword] : []);
  }

  if (input.stdinIsTTY) {
    const identity = await loadIdentity();
    const credential = new identity.DeviceCodeCredential({
      tenantId: tenantId ?? 'organizations',
      // Without an app of their own, @azure/identity's default public client is used.
      ...(clientId ? { clientId } : {}),
      userPromptCallback: info => input.prompt(info.message)
    });
    return credentialAuth('device code', credential, scope, []);
  }
  throw new CliError(EXIT.auth, NO_CREDENTIALS);
}

function staticAuth(kind: AuthKind, token: string): IAuth {
  return { kind, getToken: () => Promise.resolve(token), secrets: [token] };
}

async function credentialAuth(kind: AuthKind, credential: ICredential, scope: string, secrets: string[]): Promise<IAuth> {
  let cached: IAccessToken | undefined;
  const auth: IAuth = { kind, secrets, getToken: async () => '' };
  const fetchToken = async (): Promise<string> => {
    if (cached && cached.expiresOnTimestamp - EARLY_MS > Date.now()) return cached.token;
    let next: IAccessToken | null;
    try {
      next = await credential.getToken(scope);
    } catch (e) {
      throw signInFailed(kind, e);
    }
    if (!next) throw new CliError(EXIT.auth, `Sign-in (${kind}) returned no token.`);
    cached = next;
    if (!auth.secrets.includes(next.token)) auth.secrets.push(next.token);
    return next.token;
  };
  auth.getToken = async () => {
    try {
      return await fetchToken();
    } catch (e) {
      // Inside a request the graph client would call this a network failure; remember the truth.
      auth.failure = e instanceof CliError ? e : signInFailed(kind, e);
      throw auth.failure;
    }
  };
  await fetchToken();
  return auth;
}

function signInFailed(kind: AuthKind, e: unknown): CliError {
  const text = e instanceof Error ? e.message : String(e);
  // MSAL messages run to paragraphs with trace ids; the first line says what failed.
  const first = text.split(/\r?\n/).find(l => l.trim())?.trim() ?? 'unknown error';
  // Some MSAL codes only point to a web page; say what they mean here.
  const unreachable = /\b(network_error|endpoints_resolution_error)\b/.test(first)
    ? ' The sign-in service could not be reached (login.microsoftonline.com, or AZURE_AUTHORITY_HOST when set); check the network and AZURE_TENANT_ID.'
    : '';
  return new CliError(EXIT.auth, `Sign-in (${kind}) failed: ${first}${unreachable}`);
}

type IdentityModule = typeof import('@azure/identity');

async function loadIdentity(): Promise<IdentityModule> {
  try {
    return await import('@azure/identity');
  } catch {
    throw new CliError(EXIT.auth, 'App and device-code sign-in need the @azure/identity package (run npm ci in the clone), or pass --token / GRAPH_TOKEN.');
  }
}
