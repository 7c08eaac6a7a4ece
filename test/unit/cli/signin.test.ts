/**
 * `login`, `logout` and the runs between them, with a fake Entra ID behind a fake credential (the
 * credential factory is injected): it keeps its tokens through the cache plugin the CLI hands it, as
 * MSAL does, in a fake keyring or in the CLI's unencrypted file. No network, no real keychain, a fixed clock.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { resolveAuth } from '../../../src/cli/auth';
import { run } from '../../../src/cli/main';
import {
  CACHE_NAME,
  DEFAULT_CLIENT_ID,
  NoSecretStoreError,
  cacheFilePath,
  configDir,
  recordPath,
  withoutAccount
} from '../../../src/cli/signin';
import type { IAuthRecord, ICachePlugin, ICredentialSpec, ISignInDeps, ITokenCacheContext, ITokenCacheStore, IUserCredential } from '../../../src/cli/signin';

const NOW = Date.UTC(2025, 4, 1, 6, 0, 0);
const HOUR = 3_600_000;
const TENANT = '6f1c2a4e-0b7d-4c39-9a51-2e8d7f3b9c10';
const ANN = { username: 'ann@contoso.com', homeAccountId: `0a1b2c3d-1111-2222-3333-444455556666.${TENANT}` };
const GRAPH = 'https://graph.microsoft.com';
const isPosix = process.platform !== 'win32';

type Section = Record<string, Record<string, string>>;
interface IMsalCache {
  Account: Section;
  IdToken: Section;
  AccessToken: Section;
  RefreshToken: Section;
  AppMetadata: Section;
}

function authRequired(): Error {
  const e = new Error('Automatic authentication has been disabled. You may call the authentication() method.');
  e.name = 'AuthenticationRequiredError';
  return e;
}

/** Open the cache through the plugin, change it, write it back: what MSAL does around each request. */
async function withCache<T>(plugin: ICachePlugin, change: (cache: IMsalCache) => T): Promise<T> {
  let state: IMsalCache = { Account: {}, IdToken: {}, AccessToken: {}, RefreshToken: {}, AppMetadata: {} };
  let changed = false;
  const context: ITokenCacheContext = {
    get cacheHasChanged() {
      return changed;
    },
    tokenCache: {
      serialize: () => JSON.stringify(state),
      deserialize: text => {
        state = JSON.parse(text) as IMsalCache;
      }
    }
  };
  await plugin.beforeCacheAccess(context);
  const before = JSON.stringify(state);
  try {
    return change(state);
  } finally {
    changed = JSON.stringify(state) !== before;
    await plugin.afterCacheAccess(context);
  }
}

/** Entra ID as the credential sees it: issues tokens, refreshes while the refresh token is valid. */
class FakeEntra {
  public clock = NOW;
  public refreshValid = true;
  public interactive = 0;
  public silent = 0;
  /** Every token ever issued, access and refresh, to look for where it must not be. */
  public issued: string[] = [];

  public credential(spec: ICredentialSpec): IUserCredential {
    const cachePlugin = (): Promise<ICachePlugin> => spec.cache.plugin(`${CACHE_NAME}.nocae`);
    const issue = (cache: IMsalCache, homeAccountId: string): string => {
      const n = this.issued.length + 1;
      const access = `eyJ0eXAiOiJKV1QifQ.eyJzY3AiOiJVc2VyLlJlYWQuQWxsIn0.access-${n}`;
      const refresh = `0.ARfake-refresh-token-${n}`;
      this.issued.push(access, refresh);
      const key = `${homeAccountId}-${spec.clientId}`;
      cache.AccessToken[key] = { home_account_id: homeAccountId, client_id: spec.clientId, secret: access, expires_on: String((this.clock + HOUR) / 1000) };
      cache.RefreshToken[key] = { home_account_id: homeAccountId, client_id: spec.clientId, secret: refresh };
      return access;
    };
    return {
      authenticate: async () => {
        this.interactive++;
        spec.prompt('To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code F4KE-C0DE to authenticate.');
        const tenantId = spec.tenantId === 'organizations' ? TENANT : spec.tenantId;
        await withCache(await cachePlugin(), cache => {
          cache.Account[ANN.homeAccountId] = { home_account_id: ANN.homeAccountId, username: ANN.username };
          issue(cache, ANN.homeAccountId);
        });
        const record: IAuthRecord = { authority: 'login.microsoftonline.com', homeAccountId: ANN.homeAccountId, clientId: spec.clientId, tenantId, username: ANN.username };
        return record;
      },
      getToken: async () => {
        // Later runs pass the record and never interact (disableAutomaticAuthentication).
        const record = spec.record;
        if (!record) throw authRequired();
        this.silent++;
        const token = await withCache(await cachePlugin(), cache => {
          const key = `${record.homeAccountId}-${record.clientId}`;
          const access = cache.AccessToken[key];
          if (access?.secret && Number(access.expires_on) * 1000 > this.clock) return { token: access.secret, expiresOnTimestamp: Number(access.expires_on) * 1000 };
          if (!cache.RefreshToken[key] || !this.refreshValid) return undefined;
          const fresh = issue(cache, record.homeAccountId);
          return { token: fresh, expiresOnTimestamp: this.clock + HOUR };
        });
        if (!token) throw authRequired();
        return token;
      }
    };
  }
}

/** A keyring that keeps each cache by name, as the persistence plugin's store does. */
function fakeKeyring(): ITokenCacheStore & { items: Map<string, string> } {
  const items = new Map<string, string>();
  return {
    kind: 'secret store',
    where: 'the test keyring',
    items,
    plugin: name =>
      Promise.resolve({
        beforeCacheAccess: async (c: ITokenCacheContext) => {
          const text = items.get(name);
          if (text) c.tokenCache.deserialize(text);
        },
        afterCacheAccess: async (c: ITokenCacheContext) => {
          if (c.cacheHasChanged) items.set(name, c.tokenCache.serialize());
        }
      }),
    forget: async (homeAccountId, clientId) => {
      for (const [name, text] of [...items]) {
        const left = withoutAccount(text, homeAccountId, clientId);
        if (left === undefined) items.delete(name);
        else items.set(name, left);
      }
    }
  };
}

interface IMachine {
  root: string;
  deps: ISignInDeps;
  keyring: ReturnType<typeof fakeKeyring>;
  entra: FakeEntra;
  specs: ICredentialSpec[];
  /** Whether the secret store answers (a desktop session) or not (a server, a cron job). */
  keyringUp: boolean;
  storeOpened: number;
}

const roots: string[] = [];
afterAll(() => {
  for (const r of roots) fs.rmSync(r, { recursive: true, force: true });
});

function machine(keyringUp: boolean): IMachine {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'm365i-signin-'));
  roots.push(root);
  const m: IMachine = {
    root,
    keyring: fakeKeyring(),
    entra: new FakeEntra(),
    specs: [],
    keyringUp,
    storeOpened: 0,
    deps: undefined as unknown as ISignInDeps
  };
  m.deps = {
    configDir: path.join(root, 'config', 'm365-impressions'),
    openSecretStore: async () => {
      m.storeOpened++;
      if (!m.keyringUp) throw new NoSecretStoreError('Unable to read from the system keyring (libsecret).');
      return m.keyring;
    },
    createCredential: async spec => {
      m.specs.push(spec);
      return m.entra.credential(spec);
    }
  };
  return m;
}

interface IRun {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(m: IMachine, argv: string[], env: Record<string, string | undefined> = {}): Promise<IRun> {
  let stdout = '';
  let stderr = '';
  const code = await run({
    argv,
    env,
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { write: (t: string) => (stderr += t) },
    stdinIsTTY: false,
    cwd: m.root,
    now: () => new Date(m.entra.clock),
    signIn: m.deps
  });
  return { code, stdout, stderr };
}

function summary(r: IRun): Record<string, unknown> {
  return JSON.parse(r.stdout.trim()) as Record<string, unknown>;
}

function mode(file: string): number {
  return fs.statSync(file).mode & 0o777;
}

/** Every file under a folder, with its text. */
function filesUnder(dir: string): Array<{ file: string; text: string }> {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(d =>
    d.isDirectory() ? filesUnder(path.join(dir, d.name)) : [{ file: path.join(dir, d.name), text: fs.readFileSync(path.join(dir, d.name), 'utf8') }]
  );
}

function savedAuth(m: IMachine, stdinIsTTY = false, env: Record<string, string | undefined> = {}): ReturnType<typeof resolveAuth> {
  return resolveAuth({ graphUrl: GRAPH, env, stdinIsTTY, prompt: () => { throw new Error('a later run prompted'); }, signIn: m.deps, clock: () => m.entra.clock });
}

describe('login', () => {
  it('keeps an authentication record (0600, no token in it) and the tokens in the OS secret store; the device code goes to stderr, no token anywhere', async () => {
    const m = machine(true);
    const r = await cli(m, ['login', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/microsoft\.com\/devicelogin and enter the code F4KE-C0DE/);
    expect(r.stderr).toMatch(/Signed in as ann@contoso\.com \(tenant 6f1c2a4e-0b7d-4c39-9a51-2e8d7f3b9c10, the default public client\); saved in .*login\.json, the tokens in the test keyring\./);
    const file = recordPath(m.deps.configDir);
    expect(summary(r)).toMatchObject({ command: 'login', ok: true, output: file, warnings: [] });
    expect(m.specs).toHaveLength(1);
    expect(m.specs[0]).toMatchObject({ flow: 'device code', clientId: DEFAULT_CLIENT_ID, tenantId: 'organizations' });
    expect(m.specs[0]?.record).toBeUndefined();

    // The record: @azure/identity's serialized AuthenticationRecord and where the cache is; no token.
    const text = fs.readFileSync(file, 'utf8');
    expect(JSON.parse(text)).toMatchObject({
      version: 1,
      authenticationRecord: { authority: 'login.microsoftonline.com', homeAccountId: ANN.homeAccountId, clientId: DEFAULT_CLIENT_ID, tenantId: TENANT, username: ANN.username, version: '1.0' },
      tokenCache: 'secret store',
      savedAt: new Date(NOW).toISOString()
    });
    expect(m.entra.issued).toHaveLength(2);
    for (const token of m.entra.issued) {
      expect(text).not.toContain(token);
      expect(r.stdout + r.stderr).not.toContain(token);
    }
    expect(text).not.toMatch(/eyJ|0\.AR|"secret"/);
    // The refresh token is where it belongs: in the secret store.
    expect([...m.keyring.items.values()].join()).toContain(m.entra.issued[1]);
    // Nothing else was written: no unencrypted cache beside the record.
    expect(filesUnder(m.root).map(f => path.basename(f.file))).toEqual(['login.json']);
    if (isPosix) {
      expect(mode(file)).toBe(0o600);
      expect(mode(m.deps.configDir)).toBe(0o700);
    }
  });

  it('--client-id and --tenant sign in with an organisation\'s own app; --browser uses the browser; a bad id or --token is a usage error (exit 2)', async () => {
    const m = machine(true);
    const app = '9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e';
    const r = await cli(m, ['login', '--client-id', app, '--tenant', 'contoso.onmicrosoft.com', '--browser']);
    expect(r.code).toBe(0);
    expect(m.specs[0]).toMatchObject({ flow: 'browser', clientId: app, tenantId: 'contoso.onmicrosoft.com' });
    expect(r.stderr).toContain(`app ${app}`);
    expect(JSON.parse(fs.readFileSync(recordPath(m.deps.configDir), 'utf8'))).toMatchObject({ authenticationRecord: { clientId: app } });

    const bad = await cli(m, ['login', '--client-id', 'my-app']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--client-id must be an application \(client\) id, a GUID/);
    const token = await cli(m, ['login', '--token', 'abcdefgh12345']);
    expect(token.code).toBe(2);
    expect(token.stderr).toMatch(/--token does not apply to "login"/);
    const elsewhere = await cli(m, ['users', '--out', 'x.xlsx', '--client-id', app]);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toMatch(/--client-id does not apply to "users"/);
  });

  it('without a secret store refuses plainly (exit 3, nothing signed in or saved) unless --allow-unencrypted-cache, which warns of the risk and keeps the cache in a 0600 file', async () => {
    const m = machine(false);
    const refused = await cli(m, ['login', '--json']);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toMatch(/^m365-impressions: Nothing was saved: there is no OS secret store to keep the sign-in's refresh token in \(Unable to read from the system keyring \(libsecret\)\)\./);
    expect(refused.stderr).toMatch(/pass --allow-unencrypted-cache to keep it unencrypted in .*token-cache\.nocae\.json, readable only by this user, where anyone who can read that file, or a copy of it in a backup, can use this sign-in/);
    expect(summary(refused)).toMatchObject({ ok: false, exitCode: 3 });
    expect(m.specs).toHaveLength(0); // refused before anyone signed in
    expect(filesUnder(m.root)).toEqual([]);

    const allowed = await cli(m, ['login', '--allow-unencrypted-cache', '--json']);
    expect(allowed.code).toBe(0);
    expect(allowed.stderr).toMatch(/Warning: No OS secret store \(Unable to read from the system keyring \(libsecret\)\)\. As --allow-unencrypted-cache asks, the refresh token is kept unencrypted in .*token-cache\.nocae\.json, readable only by this user: anyone who can read that file, or a copy of it in a backup, can use this sign-in until its refresh token expires or is revoked\./);
    expect((summary(allowed).warnings as string[])).toHaveLength(1);
    const record = recordPath(m.deps.configDir);
    const cache = cacheFilePath(m.deps.configDir, `${CACHE_NAME}.nocae`);
    expect(JSON.parse(fs.readFileSync(record, 'utf8'))).toMatchObject({ tokenCache: 'file' });
    // The file holds the refresh token (that is the risk named); the record does not.
    const [access, refresh] = m.entra.issued;
    expect(fs.readFileSync(cache, 'utf8')).toContain(refresh);
    for (const t of [access, refresh]) expect(fs.readFileSync(record, 'utf8')).not.toContain(t);
    if (isPosix) {
      expect(mode(record)).toBe(0o600);
      expect(mode(cache)).toBe(0o600);
    }
    // No temporary files left behind by the whole-file writes.
    expect(filesUnder(m.deps.configDir).map(f => path.basename(f.file)).sort()).toEqual(['login.json', 'token-cache.nocae.json']);
  });

  it('with --allow-unencrypted-cache still uses the secret store when there is one', async () => {
    const m = machine(true);
    const r = await cli(m, ['login', '--allow-unencrypted-cache']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/Warning/);
    expect(JSON.parse(fs.readFileSync(recordPath(m.deps.configDir), 'utf8'))).toMatchObject({ tokenCache: 'secret store' });
    expect(fs.existsSync(cacheFilePath(m.deps.configDir, `${CACHE_NAME}.nocae`))).toBe(false);
  });
});

describe('runs with the saved sign-in', () => {
  it('use the record and refresh silently, never prompting, even in a terminal; the tokens are kept out of every message', async () => {
    const m = machine(true);
    expect((await cli(m, ['login'])).code).toBe(0);
    const interactive = m.entra.interactive;

    const auth = await savedAuth(m, true);
    expect(auth.kind).toBe('saved sign-in');
    const spec = m.specs[1];
    expect(spec).toMatchObject({ flow: 'device code', clientId: DEFAULT_CLIENT_ID, tenantId: TENANT, authorityHost: 'https://login.microsoftonline.com' });
    expect(spec?.record).toMatchObject({ username: ANN.username, homeAccountId: ANN.homeAccountId });
    // The access token login got is still good: no refresh yet.
    const first = await auth.getToken();
    expect(first).toBe(m.entra.issued[0]);

    // Two hours on, the run asks again and the credential refreshes with the saved refresh token.
    m.entra.clock += 2 * HOUR;
    const second = await auth.getToken();
    expect(second).toBe(m.entra.issued[2]);
    expect(m.entra.interactive).toBe(interactive);
    expect(auth.secrets).toEqual(expect.arrayContaining([first, second]));
  });

  it('an expired or revoked refresh token is exit 3 with "run `m365-impressions login` again", without a prompt', async () => {
    const m = machine(true);
    expect((await cli(m, ['login'])).code).toBe(0);
    m.entra.refreshValid = false;
    m.entra.clock += 2 * HOUR;
    const r = await cli(m, ['users', '--out', 'users.xlsx', '--json']);
    expect(r.code).toBe(3);
    const line = 'The sign-in saved for ann@contoso.com can no longer get a token without you: its refresh token expired or was revoked (or its tokens are gone from the cache). Run `m365-impressions login` again.';
    expect(r.stderr).toBe(`m365-impressions: ${line}\n`);
    expect(summary(r)).toMatchObject({ ok: false, exitCode: 3, error: line });
    expect(m.entra.interactive).toBe(1);
    expect(fs.existsSync(path.join(m.root, 'users.xlsx'))).toBe(false);
  });

  it('names the app, tenant and unencrypted cache in what to run when the sign-in used them', async () => {
    const m = machine(false);
    const app = '9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e';
    expect((await cli(m, ['login', '--client-id', app, '--tenant', TENANT, '--allow-unencrypted-cache'])).code).toBe(0);
    m.entra.refreshValid = false;
    m.entra.clock += 2 * HOUR;
    const r = await cli(m, ['users', '--out', 'users.xlsx']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`Run \`m365-impressions login --client-id ${app} --tenant ${TENANT} --allow-unencrypted-cache\` again.`);
    // The file cache needed no secret store: the run never asked for one.
    expect(m.storeOpened).toBe(1);
  });

  it('a saved sign-in whose secret store this run cannot reach (a cron job without the desktop session) is exit 3 saying so', async () => {
    const m = machine(true);
    expect((await cli(m, ['login'])).code).toBe(0);
    m.keyringUp = false;
    const r = await cli(m, ['users', '--out', 'users.xlsx']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/The sign-in saved for ann@contoso\.com keeps its tokens in the OS secret store, which this run cannot reach: Unable to read from the system keyring \(libsecret\)\. .*`m365-impressions login --allow-unencrypted-cache`/);
  });

  it('come after --token, GRAPH_TOKEN and app credentials, and before device code', async () => {
    const m = machine(true);
    expect((await cli(m, ['login'])).code).toBe(0);
    const viaEnv = await savedAuth(m, true, { GRAPH_TOKEN: 'a-static-graph-token' });
    expect(viaEnv.kind).toBe('GRAPH_TOKEN');
    const viaFlag = await resolveAuth({ token: 'a-flag-token-value', graphUrl: GRAPH, env: {}, stdinIsTTY: true, prompt: () => undefined, signIn: m.deps });
    expect(viaFlag.kind).toBe('token flag');
    const partialApp = savedAuth(m, true, { AZURE_CLIENT_SECRET: 'a-client-secret-value' });
    await expect(partialApp).rejects.toThrow(/App sign-in needs AZURE_TENANT_ID and AZURE_CLIENT_ID/);
    expect(m.specs).toHaveLength(1); // only login's
  });

  it('a record that is not one this CLI wrote is exit 3; logout removes it', async () => {
    const m = machine(true);
    fs.mkdirSync(m.deps.configDir, { recursive: true });
    fs.writeFileSync(recordPath(m.deps.configDir), '{"version": 1, "authenticationRecord": {}}');
    const r = await cli(m, ['users', '--out', 'users.xlsx']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/The saved sign-in \(.*login\.json\) is not one this CLI wrote; run `m365-impressions login` again, or `m365-impressions logout` to remove it\./);
    expect((await cli(m, ['logout'])).code).toBe(0);
    expect(fs.existsSync(recordPath(m.deps.configDir))).toBe(false);
  });
});

describe('logout', () => {
  it('removes the record and the account\'s tokens from the secret store, and leaves other apps\' entries', async () => {
    const m = machine(true);
    expect((await cli(m, ['login'])).code).toBe(0);
    // Another app's tokens for the same user share the store's entry (the plugin keeps one per OS user).
    const other = JSON.parse(m.keyring.items.get(`${CACHE_NAME}.nocae`) ?? '{}') as IMsalCache;
    other.RefreshToken.other = { home_account_id: ANN.homeAccountId, client_id: 'another-app', secret: 'another-apps-refresh-token' };
    m.keyring.items.set(`${CACHE_NAME}.nocae`, JSON.stringify(other));

    const r = await cli(m, ['logout', '--json']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Signed out ann@contoso\.com: removed .*login\.json and the tokens in the test keyring\./);
    expect(summary(r)).toMatchObject({ command: 'logout', ok: true, warnings: [] });
    expect(fs.existsSync(recordPath(m.deps.configDir))).toBe(false);
    const left = m.keyring.items.get(`${CACHE_NAME}.nocae`) ?? '';
    for (const token of m.entra.issued) expect(left).not.toContain(token);
    expect(left).toContain('another-apps-refresh-token');

    // Signed out: a run without a terminal has no credentials at all.
    const after = await cli(m, ['users', '--out', 'users.xlsx']);
    expect(after.code).toBe(3);
    expect(after.stderr).toMatch(/No credentials\..*or run `m365-impressions login` once/);
    const again = await cli(m, ['logout']);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/No saved sign-in \(.*login\.json\); nothing to remove\./);
  });

  it('removes the unencrypted cache files with the record', async () => {
    const m = machine(false);
    expect((await cli(m, ['login', '--allow-unencrypted-cache'])).code).toBe(0);
    expect(filesUnder(m.deps.configDir)).toHaveLength(2);
    const r = await cli(m, ['logout']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Signed out ann@contoso\.com: removed .*login\.json and the tokens in .*token-cache\.nocae\.json\./);
    expect(filesUnder(m.deps.configDir)).toEqual([]);
  });

  it('with the secret store out of reach still removes the record, and warns that the tokens stay', async () => {
    const m = machine(true);
    expect((await cli(m, ['login'])).code).toBe(0);
    m.keyringUp = false;
    const r = await cli(m, ['logout']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Warning: The tokens of ann@contoso\.com could not be removed from the OS secret store \(Unable to read from the system keyring \(libsecret\)\); with the record gone no run uses them\. To end the sign-in everywhere, revoke the user's sessions in Entra ID\./);
    expect(fs.existsSync(recordPath(m.deps.configDir))).toBe(false);
  });

  it('login as someone else replaces the sign-in and forgets the first one\'s tokens', async () => {
    const m = machine(true);
    expect((await cli(m, ['login'])).code).toBe(0);
    const firstTokens = [...m.entra.issued];
    // The same account with another app: the first app's tokens go.
    const app = '9b8c7d6e-5f4a-4b3c-8d2e-1f0a9b8c7d6e';
    expect((await cli(m, ['login', '--client-id', app])).code).toBe(0);
    const store = [...m.keyring.items.values()].join();
    for (const t of firstTokens) expect(store).not.toContain(t);
    expect(store).toContain(m.entra.issued[3]);
  });
});

describe('the saved sign-in\'s files', () => {
  it('live in M365_IMPRESSIONS_CONFIG_DIR, else %APPDATA% on Windows, else $XDG_CONFIG_HOME or ~/.config', () => {
    expect(configDir({ M365_IMPRESSIONS_CONFIG_DIR: '/srv/reports/.m365' }, 'linux', '/home/ann')).toBe(path.resolve('/srv/reports/.m365'));
    expect(configDir({}, 'linux', '/home/ann')).toBe(path.join('/home/ann', '.config', 'm365-impressions'));
    expect(configDir({ XDG_CONFIG_HOME: '/xdg' }, 'linux', '/home/ann')).toBe(path.join('/xdg', 'm365-impressions'));
    expect(configDir({}, 'darwin', '/Users/ann')).toBe(path.join('/Users/ann', '.config', 'm365-impressions'));
    expect(configDir({ APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'win32', 'C:\\Users\\ann')).toBe(path.join('C:\\Users\\ann\\AppData\\Roaming', 'm365-impressions'));
  });

  it('withoutAccount drops one account\'s tokens for one app, the account when nothing else uses it, and says when nothing is left', () => {
    const cache = {
      Account: { a: { home_account_id: 'h1' }, b: { home_account_id: 'h2' } },
      IdToken: { a: { home_account_id: 'h1', client_id: 'c1', secret: 'id1' } },
      AccessToken: { a: { home_account_id: 'h1', client_id: 'c1', secret: 'at1' }, b: { home_account_id: 'h2', client_id: 'c1', secret: 'at2' } },
      RefreshToken: { a: { home_account_id: 'h1', client_id: 'c1', secret: 'rt1' }, b: { home_account_id: 'h1', client_id: 'c2', secret: 'rt-c2' } },
      AppMetadata: {}
    };
    const left = JSON.parse(withoutAccount(JSON.stringify(cache), 'h1', 'c1') ?? 'null') as typeof cache;
    expect(Object.values(left.RefreshToken).map(e => e.secret)).toEqual(['rt-c2']);
    expect(Object.values(left.AccessToken).map(e => e.secret)).toEqual(['at2']);
    expect(left.IdToken).toEqual({});
    expect(Object.keys(left.Account)).toEqual(['a', 'b']); // h1 still has c2's refresh token
    const h2Only = { Account: { b: { home_account_id: 'h2' } }, AccessToken: { b: { home_account_id: 'h2', client_id: 'c1', secret: 'at2' } } };
    expect(withoutAccount(JSON.stringify(h2Only), 'h2', 'c1')).toBeUndefined();
  });
});
