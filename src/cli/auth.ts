/**
 * Where the CLI's Graph token comes from, in this order: --token, GRAPH_TOKEN, app-only client
 * credentials (AZURE_TENANT_ID + AZURE_CLIENT_ID + AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH)
 * through @azure/identity, the sign-in saved by `m365-impressions login` (refreshed silently, never a
 * prompt), then device-code sign-in when a terminal is attached. Tokens are never printed or written
 * (the saved sign-in's refresh token is @azure/identity's, in the OS secret store); @azure/identity is
 * loaded only when it is used.
 */
import type { TokenSource } from '../core/graph';
import { CliError, EXIT } from './errors';
import { DEFAULT_CLIENT_ID, defaultSignInDeps, fileCacheStore, firstLine, NoSecretStoreError, readSavedSignIn } from './signin';
import type { IAccessToken, ISavedSignIn, ISignInDeps, ITokenCacheStore } from './signin';

/** How the run signed in (for --verbose; never the token itself). */
export type AuthKind = 'token flag' | 'GRAPH_TOKEN' | 'client secret' | 'client certificate' | 'saved sign-in' | 'device code' | 'browser';

/** A token source and what to keep out of every message. */
export interface IAuth {
  kind: AuthKind;
  getToken: TokenSource;
  /** Texts never to print: the static token, the client secret. */
  secrets: string[];
  /** Set when the credential failed after the first token (a refresh): the run exits 3. */
  failure?: CliError;
  /**
   * The same credential's tokens for another resource, e.g. SharePoint's `https://contoso.sharepoint.com/.default`
   * (publish); each source caches and refreshes its own token. Absent for a fixed token (--token,
   * GRAPH_TOKEN), which is a token for Graph only.
   */
  forScope?: (scope: string) => TokenSource;
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
  /** The saved sign-in's folder, secret store and credentials (tests: fakes); else the machine's. */
  signIn?: ISignInDeps;
  /** Milliseconds since the epoch, for token expiry (tests: a fixed clock); else Date.now. */
  clock?: () => number;
}

interface ICredential {
  getToken(scopes: string | string[]): Promise<IAccessToken | null>;
}

/** Refresh this long before expiry. */
const EARLY_MS = 5 * 60 * 1000;

const NO_CREDENTIALS =
  'No credentials. Pass --token, set GRAPH_TOKEN, or set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET ' +
  '(or AZURE_CLIENT_CERTIFICATE_PATH) for an app registration with Microsoft Graph application permissions, ' +
  'or run `m365-impressions login` once to keep a sign-in for later runs; ' +
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
  const clock = input.clock ?? Date.now;

  if (secret || certificatePath) {
    const missing = [!tenantId && 'AZURE_TENANT_ID', !clientId && 'AZURE_CLIENT_ID'].filter(Boolean);
    if (missing.length || !tenantId || !clientId) {
      throw new CliError(EXIT.auth, `App sign-in needs ${missing.join(' and ')} as well as ${secret ? 'AZURE_CLIENT_SECRET' : 'AZURE_CLIENT_CERTIFICATE_PATH'}.`);
    }
    const identity = await loadIdentity();
    if (secret) {
      return credentialAuth('client secret', new identity.ClientSecretCredential(tenantId, clientId, secret), scope, [secret], clock);
    }
    const certificatePassword = input.env.AZURE_CLIENT_CERTIFICATE_PASSWORD || undefined;
    const credential = new identity.ClientCertificateCredential(tenantId, clientId, { certificatePath: certificatePath ?? '', certificatePassword });
    return credentialAuth('client certificate', credential, scope, certificatePassword ? [certificatePassword] : [], clock);
  }

  const signIn = input.signIn ?? defaultSignInDeps(input.env);
  const saved = await readSavedSignIn(signIn.configDir);
  if (saved) return savedSignInAuth(saved, signIn, scope, clock);

  if (input.stdinIsTTY) {
    const identity = await loadIdentity();
    const credential = new identity.DeviceCodeCredential({
      tenantId: tenantId ?? 'organizations',
      // Without an app of their own, @azure/identity's default public client is used.
      ...(clientId ? { clientId } : {}),
      userPromptCallback: info => input.prompt(info.message)
    });
    return credentialAuth('device code', credential, scope, [], clock);
  }
  throw new CliError(EXIT.auth, NO_CREDENTIALS);
}

function staticAuth(kind: AuthKind, token: string): IAuth {
  return { kind, getToken: () => Promise.resolve(token), secrets: [token] };
}

async function credentialAuth(kind: AuthKind, credential: ICredential, scope: string, secrets: string[], clock: () => number): Promise<IAuth> {
  const auth: IAuth = { kind, secrets, getToken: async () => '' };
  /** One scope's token, cached until shortly before it expires; every token joins the secrets never printed. */
  const tokens = (forScope: string): (() => Promise<string>) => {
    let cached: IAccessToken | undefined;
    return async () => {
      if (cached && cached.expiresOnTimestamp - EARLY_MS > clock()) return cached.token;
      let next: IAccessToken | null;
      try {
        next = await credential.getToken(forScope);
      } catch (e) {
        throw e instanceof CliError ? e : signInFailed(kind, e);
      }
      if (!next) throw new CliError(EXIT.auth, `Sign-in (${kind}) returned no token.`);
      cached = next;
      if (!auth.secrets.includes(next.token)) auth.secrets.push(next.token);
      return next.token;
    };
  };
  const fetchToken = tokens(scope);
  auth.getToken = async () => {
    try {
      return await fetchToken();
    } catch (e) {
      // Inside a request the graph client would call this a network failure; remember the truth.
      auth.failure = e instanceof CliError ? e : signInFailed(kind, e);
      throw auth.failure;
    }
  };
  // Another resource's token failing is that resource's failure (publish says so), not the Graph sign-in's.
  auth.forScope = other => (other === scope ? auth.getToken : tokens(other));
  await fetchToken();
  return auth;
}

/**
 * The saved sign-in: @azure/identity with the record and its cache, silent only. One that can no
 * longer refresh (the refresh token expired or was revoked, or its tokens left the cache) is exit 3
 * with the command that renews it; a scheduled run never waits on a prompt.
 */
async function savedSignInAuth(saved: ISavedSignIn, signIn: ISignInDeps, scope: string, clock: () => number): Promise<IAuth> {
  const { record } = saved;
  let cache: ITokenCacheStore;
  if (saved.cache === 'file') cache = fileCacheStore(signIn.configDir);
  else {
    try {
      cache = await signIn.openSecretStore(false);
    } catch (e) {
      if (!(e instanceof NoSecretStoreError)) throw e;
      throw new CliError(
        EXIT.auth,
        `The sign-in saved for ${record.username} keeps its tokens in the OS secret store, which this run cannot reach: ${e.reason}. ` +
          'A scheduled task may run without the desktop session that unlocks the keyring; run it in one, ' +
          `or run \`${loginCommandFor(saved, true)}\` to keep the token cache in a file only this user can read.`
      );
    }
  }
  const credential = await signIn.createCredential({
    flow: 'device code',
    clientId: record.clientId,
    tenantId: record.tenantId,
    authorityHost: `https://${record.authority}`,
    record,
    cache,
    prompt: () => undefined
  });
  const silent: ICredential = {
    getToken: async (asked: string | string[]) => {
      try {
        return await credential.getToken(typeof asked === 'string' ? asked : asked.join(' '));
      } catch (e) {
        if (e instanceof Error && e.name === 'AuthenticationRequiredError') {
          if (asked !== scope) {
            // Graph's token still comes silently: this resource wants what the sign-in never gave (consent, a permission).
            throw new CliError(
              EXIT.auth,
              `The sign-in saved for ${record.username} cannot get a token for ${String(asked)} without you: the app may lack the permission ` +
                `or its consent for that resource (${firstLine(e.cause ?? e)}).`
            );
          }
          throw new CliError(
            EXIT.auth,
            `The sign-in saved for ${record.username} can no longer get a token without you: its refresh token expired or was revoked ` +
              `(or its tokens are gone from the cache). Run \`${loginCommandFor(saved, saved.cache === 'file')}\` again.`
          );
        }
        throw e;
      }
    }
  };
  return credentialAuth('saved sign-in', silent, scope, [], clock);
}

/** The login command that renews a saved sign-in with the same app and tenant. */
export function loginCommandFor(saved: ISavedSignIn, unencrypted: boolean): string {
  const custom = saved.record.clientId !== DEFAULT_CLIENT_ID;
  return ['m365-impressions login', custom ? `--client-id ${saved.record.clientId} --tenant ${saved.record.tenantId}` : '', unencrypted ? '--allow-unencrypted-cache' : '']
    .filter(Boolean)
    .join(' ');
}

/**
 * Who a token was issued to, from its claims (read, not verified: the resource verifies it): the UPN of a
 * delegated sign-in, undefined for an app's token or anything that is not a JWT. Publish writes it into its copies.
 */
export function tokenAccount(token: string): string | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    for (const claim of ['upn', 'preferred_username', 'unique_name']) {
      const v = claims[claim];
      if (typeof v === 'string' && v.includes('@')) return v;
    }
  } catch {
    // not a JWT: nobody to name
  }
  return undefined;
}

export function signInFailed(kind: AuthKind, e: unknown): CliError {
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
