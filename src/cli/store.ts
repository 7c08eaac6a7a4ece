/**
 * The shared store for CLI commands (issue 17: `snapshot`, `history`, `licences --prices`, the visitors'
 * publication): `--site <url>` is the same list the web part keeps ("M365 Impressions history"), reached with a
 * SharePoint token as `publish` gets one (SHAREPOINT_TOKEN, else the sign-in asked for `https://<host>/.default`;
 * the demo tenant's Graph token with `--demo`); `--to history.jsonl` is a local JSON-lines file for tenants
 * without a site. Flags are checked before anyone is asked anything.
 */
import { promises as fs } from 'fs';
import * as path from 'path';
import { FileTenantStore, SharePointTenantStore, StoreError, storeLocationText } from '../core/history';
import type { IStoreSkip, ITenantStore } from '../core/history';
import { bearerFetch } from '../core/sharepoint';
import type { IConnection } from './connect';
import type { ICommandContext } from './context';
import { CliError, EXIT, UsageError } from './errors';
import { SHAREPOINT_PERMISSION_HINT, normalizeSiteUrl, sharePointTokens, siteOnDemo } from './commands/publish';

/** Where a command's store is: `--site` or `--to` (one of them). */
export interface ICliStoreFlags {
  site?: string;
  to?: string;
  /** The command's connection, when it has one (each `ctx.connect()` signs in, or starts a demo tenant, again). */
  connection?: IConnection;
}

/** A store the CLI opened, and its location in words for the command's output. */
export interface ICliStore {
  store: ITenantStore;
  /** "History is kept in the list … at …" or "… in the file …". */
  where: string;
  /** SharePoint requests the store made so far (0 for a file). */
  requests: () => number;
}

/** `--site` / `--to` checked without asking anyone (exit 2 when neither or both are given, or --site is not a site). */
export function checkStoreFlags(flags: { site?: string; to?: string }): { site?: string; to?: string } {
  const site = flags.site?.trim();
  const to = flags.to?.trim();
  if (site && to) throw new UsageError('Give --site <url> (the SharePoint list) or --to <file.jsonl> (a local file), not both.');
  if (!site && !to) throw new UsageError('Where is the history kept? Give --site <https://contoso.sharepoint.com/sites/it> (the list the web part uses) or --to history.jsonl (a local file).');
  if (site) return { site: normalizeSiteUrl(site) };
  if (!/\.jsonl?$/i.test(to ?? '')) throw new UsageError(`--to takes a JSON-lines file (history.jsonl), not "${to ?? ''}".`);
  return { to };
}

/** Open the store a command's flags name: a SharePoint list with --site, a JSON-lines file with --to. */
export async function openCliStore(ctx: ICommandContext, flags: ICliStoreFlags): Promise<ICliStore> {
  const checked = checkStoreFlags(flags);
  const onSkipped = (skipped: readonly IStoreSkip[]): void => {
    for (const s of skipped) ctx.progress.warn(`Skipped a damaged ${s.kind} record (${s.key || 'no key'}, ${s.at}): ${s.reason}.`);
  };
  if (checked.to) {
    const file = path.resolve(ctx.cwd, checked.to);
    const store = new FileTenantStore({ read: () => readIfThere(file), append: (text) => fs.appendFile(file, text, 'utf8') }, file, { onSkipped });
    return { store, where: storeLocationText(store.location), requests: () => 0 };
  }
  const conn = flags.connection ?? (await ctx.connect());
  const named = checked.site ?? '';
  const site = ctx.args.switches.has('demo') ? siteOnDemo(named, conn.graphUrl) : named;
  if (site !== named) ctx.progress.step(`Demo tenant: the history is kept at ${site}`);
  const token = await sharePointTokens(conn.auth, conn.graphUrl, site, ctx.env);
  let requests = 0;
  const fetch = bearerFetch(token, { onResponse: () => { requests++; } });
  const store = new SharePointTenantStore(fetch, site, undefined, { requestDigest: true, onSkipped });
  return { store, where: storeLocationText(store.location), requests: () => requests };
}

/** A StoreError as the CLI says it: SharePoint's refusals exit 3 with what the account needs, a missing site 4. */
export function storeCliError(e: StoreError): CliError {
  switch (e.kind) {
    case 'cannotCreate':
    case 'readOnly':
      return new CliError(EXIT.auth, `${e.message} ${SHAREPOINT_PERMISSION_HINT}`);
    case 'notFound':
      return new CliError(EXIT.notFound, e.message);
    default:
      return new CliError(e.status === 401 ? EXIT.auth : EXIT.other, e.status === 401 ? `${e.message} ${SHAREPOINT_PERMISSION_HINT}` : e.message);
  }
}

async function readIfThere(file: string): Promise<string | undefined> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (e) {
    if ((e as { code?: unknown }).code === 'ENOENT') return undefined;
    throw e;
  }
}
