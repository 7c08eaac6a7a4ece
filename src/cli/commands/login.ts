/**
 * `login [--client-id <id>] [--tenant <id>] [--browser] [--allow-unencrypted-cache]`: sign in once
 * (device code, or the system browser) and keep the sign-in for later runs, which refresh silently
 * until the refresh token expires. `logout`: forget it. Neither talks to Graph; no token is printed.
 */
import { signInFailed } from '../auth';
import { DEFAULT_GRAPH_URL, normalizeGraphUrl } from '../connect';
import type { ICommandContext, ICommandResult } from '../context';
import { CliError, EXIT, UsageError } from '../errors';
import {
  DEFAULT_CLIENT_ID,
  NoSecretStoreError,
  cacheFilePath,
  CACHE_NAME,
  defaultSignInDeps,
  fileCacheStore,
  firstLine,
  readSavedSignIn,
  recordPath,
  removeFile,
  writeSavedSignIn
} from '../signin';
import type { ISavedSignIn, ISignInDeps, ITokenCacheStore } from '../signin';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A tenant id, a verified domain, or organizations / common. */
const TENANT = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|[a-z0-9-]+(?:\.[a-z0-9-]+)+|organizations|common)$/i;

/** The risk --allow-unencrypted-cache takes, in the words of its warning and its refusal. */
export const UNENCRYPTED_RISK =
  'anyone who can read that file, or a copy of it in a backup, can use this sign-in until its refresh token expires or is revoked';

function noTokenFlags(ctx: ICommandContext, command: string): void {
  if (ctx.args.values.has('token')) throw new UsageError(`--token does not apply to "${command}".`);
  if (ctx.args.switches.has('demo')) throw new UsageError(`--demo does not apply to "${command}".`);
}

export async function loginCommand(ctx: ICommandContext): Promise<ICommandResult> {
  noTokenFlags(ctx, 'login');
  const { args, env, progress } = ctx;
  const clientId = (args.values.get('client-id') ?? env.AZURE_CLIENT_ID)?.trim() || DEFAULT_CLIENT_ID;
  if (!GUID.test(clientId)) throw new UsageError(`--client-id must be an application (client) id, a GUID, not "${clientId}".`);
  const tenantId = (args.values.get('tenant') ?? env.AZURE_TENANT_ID)?.trim() || 'organizations';
  if (!TENANT.test(tenantId)) throw new UsageError(`--tenant must be a tenant id (a GUID), a domain such as contoso.onmicrosoft.com, or organizations; not "${tenantId}".`);
  const scope = `${normalizeGraphUrl(args.values.get('graph-url') ?? DEFAULT_GRAPH_URL)}/.default`;
  const deps = ctx.signIn ?? defaultSignInDeps(env);
  const warnings: string[] = [];
  const warn = (text: string): void => {
    warnings.push(text);
    progress.warn(text);
  };

  // Where the tokens will live is settled before anyone signs in: no sign-in is thrown away for want of a store.
  let cache: ITokenCacheStore;
  try {
    cache = await deps.openSecretStore(true);
  } catch (e) {
    if (!(e instanceof NoSecretStoreError)) throw e;
    const file = cacheFilePath(deps.configDir, `${CACHE_NAME}.nocae`);
    if (!args.switches.has('allow-unencrypted-cache')) {
      throw new CliError(
        EXIT.auth,
        `Nothing was saved: there is no OS secret store to keep the sign-in's refresh token in (${e.reason}). ` +
          'Run login in a session that has one (macOS and Windows always do; on Linux, GNOME Keyring or KWallet in a desktop session); ' +
          `or pass --allow-unencrypted-cache to keep it unencrypted in ${file}, readable only by this user, where ${UNENCRYPTED_RISK}; ` +
          'or use app credentials (AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET) for unattended runs.'
      );
    }
    cache = fileCacheStore(deps.configDir);
    warn(
      `No OS secret store (${e.reason}). As --allow-unencrypted-cache asks, the refresh token is kept unencrypted in ${file}, ` +
        `readable only by this user: ${UNENCRYPTED_RISK}. \`m365-impressions logout\` removes it.`
    );
  }

  const previous = await readSavedSignIn(deps.configDir).catch(() => undefined);
  const flow = args.switches.has('browser') ? 'browser' : 'device code';
  const credential = await deps.createCredential({ flow, clientId, tenantId, cache, prompt: text => progress.error(text) });
  let record;
  try {
    record = await credential.authenticate(scope);
  } catch (e) {
    throw e instanceof CliError ? e : signInFailed(flow, e);
  }
  if (!record) throw new CliError(EXIT.auth, 'The sign-in finished without an account; nothing was saved.');

  // A sign-in replaced by another account, app or store leaves no tokens behind.
  if (previous && (previous.record.homeAccountId !== record.homeAccountId || previous.record.clientId !== record.clientId || previous.cache !== cache.kind)) {
    await forgetTokens(previous, deps).catch(e => warn(`The tokens of the previous sign-in (${previous.record.username}) could not be removed: ${firstLine(e)}.`));
  }
  const file = await writeSavedSignIn(deps.configDir, { record, cache: cache.kind, savedAt: ctx.now().toISOString() });
  const app = record.clientId === DEFAULT_CLIENT_ID ? 'the default public client' : `app ${record.clientId}`;
  progress.step(`Signed in as ${record.username} (tenant ${record.tenantId}, ${app}); saved in ${file}, the tokens in ${cache.where}.`);
  progress.step('Runs without --token, GRAPH_TOKEN or AZURE_* app credentials now use this sign-in; `m365-impressions logout` forgets it.');
  const before = ['GRAPH_TOKEN', 'AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PATH'].filter(k => env[k]);
  if (before.length) warn(`${before.join(' and ')} ${before.length > 1 ? 'are' : 'is'} set here: runs with it use that before the saved sign-in.`);
  return { output: file, warnings, requests: 0 };
}

export async function logoutCommand(ctx: ICommandContext): Promise<ICommandResult> {
  noTokenFlags(ctx, 'logout');
  const { progress } = ctx;
  const deps = ctx.signIn ?? defaultSignInDeps(ctx.env);
  const file = recordPath(deps.configDir);
  const warnings: string[] = [];
  let saved: ISavedSignIn | undefined;
  try {
    saved = await readSavedSignIn(deps.configDir);
  } catch {
    saved = undefined; // unreadable: removed below all the same
  }
  let where = '';
  if (saved?.cache === 'secret store') {
    try {
      where = await forgetTokens(saved, deps);
    } catch (e) {
      const text =
        `The tokens of ${saved.record.username} could not be removed from the OS secret store (${e instanceof NoSecretStoreError ? e.reason : firstLine(e)}); ` +
        'with the record gone no run uses them. To end the sign-in everywhere, revoke the user\'s sessions in Entra ID.';
      warnings.push(text);
      progress.warn(text);
    }
  }
  // Any unencrypted cache of this CLI goes too, whichever sign-in wrote it.
  const files = [`${CACHE_NAME}.nocae`, `${CACHE_NAME}.cae`].map(n => cacheFilePath(deps.configDir, n));
  const removedCache = (await Promise.all(files.map(removeFile))).some(Boolean);
  if (removedCache && !where) where = files[0] ?? '';
  const removed = await removeFile(file);
  if (saved) progress.step(`Signed out ${saved.record.username}: removed ${file}${where ? ` and the tokens in ${where}` : ''}.`);
  else progress.step(removed || removedCache ? `Removed ${removed ? file : files.join(' and ')}.` : `No saved sign-in (${file}); nothing to remove.`);
  return { warnings, requests: 0 };
}

/** Remove a saved sign-in's tokens from its store; says where they were. */
async function forgetTokens(saved: ISavedSignIn, deps: ISignInDeps): Promise<string> {
  const store = saved.cache === 'file' ? fileCacheStore(deps.configDir) : await deps.openSecretStore(false);
  await store.forget(saved.record.homeAccountId, saved.record.clientId);
  return store.where;
}
