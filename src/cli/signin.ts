/**
 * The saved sign-in of `m365-impressions login`: an authentication record (who signed in, with which app,
 * in which tenant; no token) in a small JSON file of the user's config folder, and MSAL's token cache
 * (the refresh token) in the OS secret store through @azure/identity-cache-persistence, or, only when
 * the admin passed --allow-unencrypted-cache on a machine without one, in a file beside the record that
 * only the user can read. Later runs hand the record to @azure/identity, which refreshes silently.
 *
 * @azure/identity and the persistence plugin are loaded only here and only when used. The plugin is an
 * optional dependency: it pulls keytar, a native keychain binding that npm cannot build on a machine
 * without libsecret's headers (or fetch prebuilt), so `npm ci` goes on without it and a missing or
 * unloadable plugin is "no secret store", said plainly.
 */
import { promises as fsp } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CliError, EXIT } from './errors';

/** The token cache's name for @azure/identity (it adds `.nocae` / `.cae`). */
export const CACHE_NAME = 'm365-impressions';

/**
 * The app a sign-in uses without --client-id: @azure/identity's default public client (the Azure
 * CLI's, a first-party app Microsoft pre-authorized for a fixed set of Graph delegated permissions),
 * which the CLI's device-code sign-in has always used. Named here so the record says which app it is.
 */
export const DEFAULT_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';

/** The record's file name in the config folder. */
export const RECORD_FILE = 'login.json';

const PLUGIN_PACKAGE = '@azure/identity-cache-persistence';

/** Where MSAL's token cache is kept. */
export type CacheKind = 'secret store' | 'file';

/** @azure/identity's AuthenticationRecord: who signed in, where, with which app; never a token. */
export interface IAuthRecord {
  authority: string;
  homeAccountId: string;
  clientId: string;
  tenantId: string;
  username: string;
}

/** The saved sign-in as read from its file. */
export interface ISavedSignIn {
  record: IAuthRecord;
  cache: CacheKind;
  /** When login wrote it (ISO). */
  savedAt: string;
}

/** A token as @azure/identity returns it. */
export interface IAccessToken {
  token: string;
  expiresOnTimestamp: number;
}

/** MSAL's serializable cache, as a cache plugin sees it. */
export interface ITokenCacheContext {
  cacheHasChanged: boolean;
  tokenCache: { serialize(): string; deserialize(text: string): void };
}

/** MSAL's cache plugin. */
export interface ICachePlugin {
  beforeCacheAccess(context: ITokenCacheContext): Promise<void>;
  afterCacheAccess(context: ITokenCacheContext): Promise<void>;
}

/** Where MSAL's serialized cache lives: the OS secret store or an unencrypted file. */
export interface ITokenCacheStore {
  kind: CacheKind;
  /** For messages: "the system keyring (libsecret)", or the file's path. */
  where: string;
  /** MSAL's cache plugin for one of @azure/identity's caches (`<CACHE_NAME>.nocae`, `.cae`). */
  plugin(name: string): Promise<ICachePlugin>;
  /** Remove one account's tokens for one app (logout); other apps' entries in a shared store stay. */
  forget(homeAccountId: string, clientId: string): Promise<void>;
}

/** What a credential is built from. */
export interface ICredentialSpec {
  /** `login`'s interaction; later runs never interact. */
  flow: 'device code' | 'browser';
  clientId: string;
  tenantId: string;
  /** e.g. https://login.microsoftonline.com; unset: AZURE_AUTHORITY_HOST or the public cloud. */
  authorityHost?: string;
  /** Later runs: the saved account, refreshed silently (no prompt ever). */
  record?: IAuthRecord;
  cache: ITokenCacheStore;
  /** Device-code instructions (stderr). */
  prompt: (text: string) => void;
}

/** The part of DeviceCodeCredential / InteractiveBrowserCredential the CLI uses. */
export interface IUserCredential {
  getToken(scope: string): Promise<IAccessToken | null>;
  authenticate(scope: string): Promise<IAuthRecord | undefined>;
}

/** What the saved sign-in needs from the machine; tests give fakes (no keychain, no network). */
export interface ISignInDeps {
  /** The folder of the record (and of an unencrypted cache). */
  configDir: string;
  /** The OS secret store; throws NoSecretStoreError saying why there is none. `verify` also writes and reads a test entry. */
  openSecretStore(verify: boolean): Promise<ITokenCacheStore>;
  createCredential(spec: ICredentialSpec): Promise<IUserCredential>;
}

/** There is no OS secret store to keep the token cache in. */
export class NoSecretStoreError extends Error {
  public readonly name: string = 'NoSecretStoreError';
  /** Why, without a closing full stop (it goes inside sentences). */
  public readonly reason: string;
  public constructor(reason: string) {
    super(`No OS secret store: ${reason}`);
    this.reason = reason.trim().replace(/\.+$/, '');
    Object.setPrototypeOf(this, NoSecretStoreError.prototype);
  }
}

/**
 * The CLI's config folder: M365_IMPRESSIONS_CONFIG_DIR when set (another account's profile, tests),
 * else `%APPDATA%\m365-impressions` on Windows, else `$XDG_CONFIG_HOME/m365-impressions` or
 * `~/.config/m365-impressions`.
 */
export function configDir(env: Record<string, string | undefined>, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  const own = env.M365_IMPRESSIONS_CONFIG_DIR?.trim();
  if (own) return path.resolve(own);
  if (platform === 'win32') return path.join(env.APPDATA?.trim() || path.join(home, 'AppData', 'Roaming'), 'm365-impressions');
  return path.join(env.XDG_CONFIG_HOME?.trim() || path.join(home, '.config'), 'm365-impressions');
}

export function recordPath(dir: string): string {
  return path.join(dir, RECORD_FILE);
}

/** The unencrypted cache file for one of @azure/identity's cache names. */
export function cacheFilePath(dir: string, name: string): string {
  const suffix = name.startsWith(`${CACHE_NAME}.`) ? name.slice(CACHE_NAME.length + 1) : name;
  return path.join(dir, `token-cache.${suffix.replace(/[^A-Za-z0-9_-]/g, '_')}.json`);
}

/** The machine's own: the real secret store, the real credentials. */
export function defaultSignInDeps(env: Record<string, string | undefined>): ISignInDeps {
  return { configDir: configDir(env), openSecretStore: openOsSecretStore, createCredential: createIdentityCredential };
}

// ---------------------------------------------------------------------------------------------
// The record file

/** Read the saved sign-in; undefined when there is none. A file that is there but unreadable is exit 3. */
export async function readSavedSignIn(dir: string): Promise<ISavedSignIn | undefined> {
  const file = recordPath(dir);
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(EXIT.auth, `The saved sign-in (${file}) cannot be read: ${firstLine(e)}.`);
  }
  const saved = parseSavedSignIn(text);
  if (!saved) {
    throw new CliError(EXIT.auth, `The saved sign-in (${file}) is not one this CLI wrote; run \`m365-impressions login\` again, or \`m365-impressions logout\` to remove it.`);
  }
  return saved;
}

function parseSavedSignIn(text: string): ISavedSignIn | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!json || typeof json !== 'object') return undefined;
  const o = json as Record<string, unknown>;
  const r = o.authenticationRecord as Record<string, unknown> | undefined;
  if (o.version !== 1 || !r || typeof r !== 'object') return undefined;
  const fields = ['authority', 'homeAccountId', 'clientId', 'tenantId', 'username'] as const;
  if (!fields.every(f => typeof r[f] === 'string' && r[f] !== '')) return undefined;
  if (o.tokenCache !== 'secret store' && o.tokenCache !== 'file') return undefined;
  const record: IAuthRecord = {
    authority: String(r.authority),
    homeAccountId: String(r.homeAccountId),
    clientId: String(r.clientId),
    tenantId: String(r.tenantId),
    username: String(r.username)
  };
  return { record, cache: o.tokenCache, savedAt: typeof o.savedAt === 'string' ? o.savedAt : '' };
}

/** Write the record, readable by the user only. It holds no token: the record is @azure/identity's serialized form. */
export async function writeSavedSignIn(dir: string, saved: ISavedSignIn): Promise<string> {
  const file = recordPath(dir);
  const body = {
    version: 1,
    note: 'm365-impressions login: who signed in, with which app, and where the token cache is. No token is kept here.',
    // As @azure/identity's serializeAuthenticationRecord writes it.
    authenticationRecord: { ...pick(saved.record), version: '1.0' },
    tokenCache: saved.cache,
    savedAt: saved.savedAt
  };
  await writePrivateFile(file, JSON.stringify(body, null, 2) + '\n');
  return file;
}

function pick(r: IAuthRecord): IAuthRecord {
  return { authority: r.authority, homeAccountId: r.homeAccountId, clientId: r.clientId, tenantId: r.tenantId, username: r.username };
}

/** Remove a file; false when it was not there. */
export async function removeFile(file: string): Promise<boolean> {
  try {
    await fsp.unlink(file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw e;
  }
}

/**
 * Write a file only its owner can read (0600, in a 0700 folder when the folder is new), replacing it
 * whole: a crash or a concurrent run never leaves half a file. (Windows ignores the modes; the file is
 * in the user's profile.)
 */
export async function writePrivateFile(file: string, text: string): Promise<void> {
  await fsp.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    await fsp.writeFile(temp, text, { mode: 0o600, flag: 'wx' });
    await fsp.chmod(temp, 0o600);
    await fsp.rename(temp, file);
  } catch (e) {
    await removeFile(temp).catch(() => undefined);
    throw e;
  }
}

// ---------------------------------------------------------------------------------------------
// Token cache stores

/** MSAL's cache in a file only the user can read: the opt-in for machines without a secret store. */
export function fileCacheStore(dir: string): ITokenCacheStore {
  const names = [`${CACHE_NAME}.nocae`, `${CACHE_NAME}.cae`];
  return {
    kind: 'file',
    where: cacheFilePath(dir, names[0] ?? CACHE_NAME),
    plugin: name => {
      const file = cacheFilePath(dir, name);
      const plugin: ICachePlugin = {
        beforeCacheAccess: async context => {
          const text = await readIfThere(file);
          if (text) context.tokenCache.deserialize(text);
        },
        afterCacheAccess: async context => {
          if (context.cacheHasChanged) await writePrivateFile(file, context.tokenCache.serialize());
        }
      };
      return Promise.resolve(plugin);
    },
    forget: async (homeAccountId, clientId) => {
      for (const name of names) {
        const file = cacheFilePath(dir, name);
        const text = await readIfThere(file);
        if (text === undefined) continue;
        let left: string | undefined;
        try {
          left = withoutAccount(text, homeAccountId, clientId);
        } catch {
          left = undefined; // not a cache MSAL wrote: it is this CLI's file all the same
        }
        if (left === undefined) await removeFile(file);
        else if (left !== text) await writePrivateFile(file, left);
      }
    }
  };
}

async function readIfThere(file: string): Promise<string | undefined> {
  try {
    return await fsp.readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/**
 * MSAL's serialized cache without one account's tokens for one app; undefined when nothing is left.
 * A shared secret-store entry (the plugin keeps one per OS user for every app that uses it) keeps
 * everyone else's.
 */
export function withoutAccount(text: string, homeAccountId: string, clientId: string): string | undefined {
  const cache = JSON.parse(text) as Record<string, Record<string, Record<string, unknown>> | undefined>;
  const credentials = ['AccessToken', 'RefreshToken', 'IdToken'];
  for (const section of credentials) {
    const entries = cache[section];
    if (!entries) continue;
    for (const [key, entry] of Object.entries(entries)) {
      if (entry.home_account_id === homeAccountId && entry.client_id === clientId) delete entries[key];
    }
  }
  const stillUsed = credentials.some(s => Object.values(cache[s] ?? {}).some(e => e.home_account_id === homeAccountId));
  const accounts = cache.Account;
  if (accounts && !stillUsed) {
    for (const [key, entry] of Object.entries(accounts)) if (entry.home_account_id === homeAccountId) delete accounts[key];
  }
  const empty = [...credentials, 'Account'].every(s => Object.keys(cache[s] ?? {}).length === 0);
  return empty ? undefined : JSON.stringify(cache);
}

/** The part of msal-node-extensions' persistence the CLI touches. */
interface IPersistence {
  load(): Promise<string | null>;
  save(contents: string): Promise<void>;
  delete(): Promise<boolean>;
  verifyPersistence(): Promise<boolean>;
}

type PersistenceFactory = (options: { name: string; unsafeAllowUnencryptedStorage: boolean }) => Promise<ICachePlugin & { persistence?: IPersistence }>;

const OS_STORE: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'the system keyring (Secret Service, through libsecret)',
  darwin: 'the macOS Keychain',
  win32: 'a file encrypted for this Windows user (DPAPI)'
};

/**
 * The OS secret store through @azure/identity-cache-persistence: the Keychain on macOS, DPAPI on
 * Windows, the Secret Service (GNOME Keyring, KWallet) on Linux. Never falls back to a plain file
 * itself (that is fileCacheStore, only on the admin's word).
 */
export async function openOsSecretStore(verify: boolean): Promise<ITokenCacheStore> {
  const where = OS_STORE[process.platform] ?? 'an OS secret store';
  let factory: PersistenceFactory | undefined;
  try {
    // A name TypeScript does not resolve: the package is optional and may not be installed.
    const specifier: string = PLUGIN_PACKAGE;
    const plugin = (await import(specifier)) as { cachePersistencePlugin?: (context: unknown) => void };
    plugin.cachePersistencePlugin?.({ cachePluginControl: { setPersistence: (f: PersistenceFactory) => { factory = f; } } });
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND' || (e as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND';
    throw new NoSecretStoreError(
      missing
        ? `${PLUGIN_PACKAGE} is not installed (npm installs it only where its keychain binding, keytar, builds: on Linux that needs libsecret-1-dev at npm ci time)`
        : `${PLUGIN_PACKAGE} could not load its keychain binding (${firstLine(e)})`
    );
  }
  if (!factory) throw new NoSecretStoreError(`${PLUGIN_PACKAGE} did not offer a token cache`);
  const make = factory;
  const plugins = new Map<string, Promise<ICachePlugin & { persistence?: IPersistence }>>();
  const open = (name: string): Promise<ICachePlugin & { persistence?: IPersistence }> => {
    let p = plugins.get(name);
    if (!p) {
      p = make({ name, unsafeAllowUnencryptedStorage: false });
      plugins.set(name, p);
    }
    return p;
  };
  const main = `${CACHE_NAME}.nocae`;
  try {
    // The plugin reads the store once and refuses when it cannot (no keyring daemon, no session bus).
    const first = await open(main);
    if (verify && first.persistence && !(await first.persistence.verifyPersistence())) throw new Error(`${where} could be read but not written`);
  } catch (e) {
    throw new NoSecretStoreError(firstLine(e));
  }
  return {
    kind: 'secret store',
    where,
    plugin: open,
    forget: async (homeAccountId, clientId) => {
      for (const name of [main, `${CACHE_NAME}.cae`]) {
        const persistence = (await open(name)).persistence;
        if (!persistence) continue;
        const text = await persistence.load();
        if (!text) continue;
        const left = withoutAccount(text, homeAccountId, clientId);
        if (left === undefined) await persistence.delete();
        else if (left !== text) await persistence.save(left);
      }
    }
  };
}

// ---------------------------------------------------------------------------------------------
// Credentials

/** DeviceCodeCredential or InteractiveBrowserCredential over the chosen cache, never prompting on later runs. */
export async function createIdentityCredential(spec: ICredentialSpec): Promise<IUserCredential> {
  let identity: typeof import('@azure/identity');
  try {
    identity = await import('@azure/identity');
  } catch {
    throw new CliError(EXIT.auth, 'Signing in needs the @azure/identity package (run npm ci in the clone), or pass --token / GRAPH_TOKEN.');
  }
  // @azure/identity asks its persistence plugin for each cache; this one answers with the store chosen.
  identity.useIdentityPlugin(context => {
    const control = (context as { cachePluginControl?: { setPersistence?: (factory: (options?: { name?: string }) => Promise<ICachePlugin>) => void } }).cachePluginControl;
    if (typeof control?.setPersistence !== 'function') throw new CliError(EXIT.auth, 'This @azure/identity has no token cache plugin hook; run npm ci in the clone.');
    control.setPersistence(options => {
      const plugin = spec.cache.plugin(options?.name ?? `${CACHE_NAME}.nocae`);
      // @azure/identity opens the CAE cache too and may never await it: its failure must not go unhandled.
      plugin.catch(() => undefined);
      return plugin;
    });
  });
  const options = {
    tenantId: spec.tenantId,
    clientId: spec.clientId,
    ...(spec.authorityHost ? { authorityHost: spec.authorityHost } : {}),
    ...(spec.record ? { authenticationRecord: spec.record } : {}),
    // getToken never prompts: a saved sign-in that cannot refresh says so (exit 3) instead of waiting for a person.
    disableAutomaticAuthentication: true,
    tokenCachePersistenceOptions: { enabled: true, name: CACHE_NAME, unsafeAllowUnencryptedStorage: spec.cache.kind === 'file' }
  };
  const credential =
    spec.flow === 'browser'
      ? new identity.InteractiveBrowserCredential(options)
      : new identity.DeviceCodeCredential({ ...options, userPromptCallback: info => spec.prompt(info.message) });
  return {
    getToken: scope => credential.getToken(scope),
    authenticate: scope => credential.authenticate(scope)
  };
}

/** The first line of an error's message (MSAL's run to paragraphs with trace ids). */
export function firstLine(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split(/\r?\n/).find(l => l.trim())?.trim() ?? 'unknown error';
}
