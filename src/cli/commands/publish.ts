/**
 * `publish --site <url> [--period D30[,D90...]] [--reports fn,fn]`: the report relay's publisher (issue 20). Reads
 * the per-user detail reports the web part's Users view and impressions need, each as one v1.0 CSV download
 * through the CLI's report store, and publishes each whole read as a copy in the relay's library of the site
 * given ("M365 Impressions relay"), which the web part reads before Graph: a 50,000-user tenant's reports open
 * in one request each instead of minutes of Graph pages. A report that cannot be read or published is said with
 * its reason and the others are kept (exit 6); nothing published is the failure's own exit code.
 */
import { ACTIVITY_PERIOD, ACTIVITY_REPORT } from '../../core/directory';
import { GraphError } from '../../core/graph';
import { WORKLOAD_SOURCES } from '../../core/impression';
import { RELAY_LIBRARY_DESCRIPTION, RELAY_LIBRARY_TITLE, RelayAccessError, ReportStore, findReport, parsePeriod, relayFileName } from '../../core/reports';
import type { IFileStore, IReportEntry, ReportPeriod } from '../../core/reports';
import { SharePointLibrary, bearerFetch } from '../../core/sharepoint';
import type { LibraryState } from '../../core/sharepoint';
import { tokenAccount } from '../auth';
import type { IAuth } from '../auth';
import type { IConnection } from '../connect';
import type { ICommandContext, ICommandResult } from '../context';
import { CliError, EXIT, UsageError, describeError, exitCodeOf } from '../errors';
import { count } from '../progress';
import { closestReports } from './report';

/** The period when --period is not given: the web part's default period. */
export const DEFAULT_PUBLISH_PERIOD: ReportPeriod = 'D30';

/** The reports read when --reports is not given: the impression's workload reports and the active-user report. */
export const DEFAULT_PUBLISH_REPORTS: readonly string[] = [...WORKLOAD_SOURCES.map(s => s.fn), ACTIVITY_REPORT];

/** The description a library created here gets (the web part gives the same). */

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/** What an app registration needs for publish's SharePoint token (said when SharePoint or the sign-in refuses it). */
export const SHAREPOINT_PERMISSION_HINT =
  "A delegated sign-in's app needs SharePoint's delegated permission AllSites.Write to write the copies, and AllSites.Manage and AllSites.FullControl " +
  'to create the library with permissions of its own the first time; an app-only sign-in needs a SharePoint application permission ' +
  '(Sites.Selected with write access to that site, or Sites.FullControl.All) and a certificate (SharePoint refuses app-only tokens got with a secret).';

/** One read to publish. */
export interface IPublishRead {
  entry: IReportEntry;
  param: { period: ReportPeriod };
  /** Why it is read, when not for the periods asked (the Users view's D180 activity). */
  note?: string;
}

/** What publish will do, checked before sign-in. */
export interface IPublishPlan {
  /** The site's URL: scheme, host and path, no trailing slash. */
  site: string;
  periods: ReportPeriod[];
  reads: IPublishRead[];
}

/**
 * `--site` as the library's site: https (plain http only for this machine: the demo tenant), no query, fragment
 * or credentials, and the site itself rather than a page, a library or an API path in it.
 */
export function normalizeSiteUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new UsageError(`--site "${input}" is not a URL; give the site's address, e.g. https://contoso.sharepoint.com/sites/it.`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new UsageError(`--site must be an https URL, not ${url.protocol}.`);
  if (url.protocol === 'http:' && !LOOPBACK.test(url.hostname)) throw new UsageError('--site must use https (plain http only for localhost), so the token is never sent unencrypted.');
  if (url.search || url.hash || url.username || url.password) throw new UsageError('--site takes the site\'s address alone: no query, fragment or credentials.');
  const path = url.pathname.replace(/\/+$/, '');
  if (/\.aspx$/i.test(path) || /\/(_api|_layouts|_vti_bin|SitePages|Shared%20Documents|Shared Documents|Forms)(\/|$)/i.test(path)) {
    throw new UsageError(`--site takes the site's address, not a page or a library in it (e.g. https://${url.host}/sites/it, not ${url.host}${path}).`);
  }
  return `${url.protocol}//${url.host}${path}`;
}

/** Comma- or space-separated words. */
function listOf(text: string): string[] {
  return text.split(/[\s,]+/).map(w => w.trim()).filter(Boolean);
}

/** The reads of a publish, checked without asking anyone: --site, --period and --reports. */
export function publishPlan(values: ReadonlyMap<string, string>): IPublishPlan {
  const siteText = values.get('site');
  if (!siteText?.trim()) throw new UsageError('publish needs --site <https://contoso.sharepoint.com/sites/it>: the site whose library keeps the copies (the one that hosts the web part).');
  const site = normalizeSiteUrl(siteText);

  const periods: ReportPeriod[] = [];
  const periodText = values.get('period');
  for (const word of periodText === undefined ? [DEFAULT_PUBLISH_PERIOD] : listOf(periodText)) {
    const period = parsePeriod(word);
    if (!period.ok) throw new UsageError(period.error);
    if (!periods.includes(period.value)) periods.push(period.value);
  }
  if (!periods.length) throw new UsageError('--period takes one or more periods, e.g. --period D30 or --period D7,D30.');

  const reportsText = values.get('reports');
  const names = reportsText === undefined ? DEFAULT_PUBLISH_REPORTS : listOf(reportsText);
  if (!names.length) throw new UsageError('--reports takes one or more report functions, e.g. --reports getMailboxUsageDetail,getOffice365ActiveUserDetail.');
  const entries: IReportEntry[] = [];
  for (const name of names) {
    const entry = findReport(name);
    if (!entry) {
      const near = closestReports(name);
      throw new CliError(EXIT.notFound, `Unknown report function "${name}".${near.length ? ` Did you mean ${near.join(', ')}?` : ''} "m365-impressions reports" lists them all.`);
    }
    // The relay keeps per-user detail reads (the store publishes nothing else): the long ones worth a copy.
    if (entry.kind !== 'detail' || !entry.params.includes('period')) {
      throw new UsageError(`${entry.fn} is not a detail report read by period; the relay keeps copies of detail reports (per user, site, group or team) read by --period.`);
    }
    if (!entries.includes(entry)) entries.push(entry);
  }

  const reads: IPublishRead[] = [];
  for (const period of periods) for (const entry of entries) reads.push({ entry, param: { period } });
  // The Users view reads last activity from the active-user report over its own period (D180): its copy too.
  const activity = findReport(ACTIVITY_REPORT);
  const usersPeriod = 'period' in ACTIVITY_PERIOD ? ACTIVITY_PERIOD.period : undefined;
  if (reportsText === undefined && activity && usersPeriod && !periods.includes(usersPeriod)) {
    reads.push({ entry: activity, param: { period: usersPeriod }, note: "the Users view's last activity" });
  }
  return { site, periods, reads };
}

/** The site on the demo tenant (`--demo`): the same path, served by the demo tenant's SharePoint. */
export function siteOnDemo(site: string, demoUrl: string): string {
  return `${demoUrl.replace(/\/+$/, '')}${new URL(site).pathname.replace(/\/+$/, '')}`;
}

/**
 * SharePoint's token for the site's host: SHAREPOINT_TOKEN when set; the Graph token when Graph and the site
 * share an origin (the demo tenant serves both); else the sign-in's credential asked for `https://<host>/.default`.
 * Its first token is got now, so a sign-in that cannot have one stops the run before Graph is read (exit 3).
 */
export async function sharePointTokens(auth: IAuth, graphUrl: string, site: string, env: Record<string, string | undefined>): Promise<() => Promise<string>> {
  const origin = new URL(site).origin;
  const fixed = env.SHAREPOINT_TOKEN?.trim();
  if (fixed) return () => Promise.resolve(fixed);
  if (new URL(graphUrl).origin === origin) return auth.getToken;
  if (!auth.forScope) {
    throw new CliError(
      EXIT.auth,
      `publish needs a token for SharePoint (${origin}) as well as Graph's, and a token given with --token or GRAPH_TOKEN is for Graph only. ` +
        `Set SHAREPOINT_TOKEN as well (e.g. az account get-access-token --resource ${origin}), or sign in another way (login, app credentials, device code), which asks for both.`
    );
  }
  const source = auth.forScope(`${origin}/.default`);
  try {
    await source();
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new CliError(EXIT.auth, `Could not get a token for SharePoint (${origin}): ${why} ${SHAREPOINT_PERMISSION_HINT}`);
  }
  return source;
}

/** What one read and its publication came to. */
export interface IPublishOutcome {
  report: string;
  period: ReportPeriod;
  /** Rows read; undefined when the read failed. */
  rows?: number;
  requests?: number;
  published: boolean;
  /** Why not, in words. */
  reason?: string;
  /** The failure, for the exit code. */
  error?: unknown;
}

/** The exit code of one failure: Graph's as the CLI maps it, SharePoint's refusal as a permission (3). */
export function publishExitCode(e: unknown): number {
  if (e instanceof RelayAccessError) return e.status === 401 || e.status === 403 ? EXIT.auth : EXIT.other;
  return exitCodeOf(e);
}

/**
 * The exit code of the whole run: 0 when every read was published; EXIT.partial (6) when some were and some were
 * not (those published are kept); the first failure's own code when none was.
 */
export function publishRunCode(outcomes: readonly IPublishOutcome[]): number {
  const failed = outcomes.filter(o => !o.published);
  if (!failed.length) return EXIT.ok;
  if (failed.length < outcomes.length) return EXIT.partial;
  return publishExitCode(failed[0]?.error);
}

/** SharePoint's refusal in words an admin can act on (what the library said, and what to do). */
function sharePointWords(e: RelayAccessError, auth: IAuth, site: string): string {
  const parts = [e.message];
  if (e.status === 401 && auth.kind === 'client secret') parts.push('SharePoint accepts app-only tokens only from a certificate: set AZURE_CLIENT_CERTIFICATE_PATH instead of AZURE_CLIENT_SECRET.');
  else if (e.status === 401) parts.push(`SharePoint did not accept the token for ${new URL(site).host}. ${SHAREPOINT_PERMISSION_HINT}`);
  else if (e.status === 403 && !/Creating it takes|manage permissions/.test(e.message)) parts.push(`The account needs Contribute (edit) access to the library, or to the site while there is no library. ${SHAREPOINT_PERMISSION_HINT}`);
  else if (e.status === 404 && /create the library/.test(e.message)) parts.push(`Check that there is a site at ${site}.`);
  else if (/already exists/i.test(e.message)) parts.push(`There is a library of that name this account cannot see (it has permissions of its own): its owner grants this account Contribute on it.`);
  return parts.join(' ');
}

/** Why a read or its publication failed, in one line. */
function reasonOf(e: unknown, auth: IAuth, site: string): string {
  if (e instanceof RelayAccessError) return sharePointWords(e, auth, site);
  if (e instanceof GraphError) return describeError(e, 'reports');
  return e instanceof Error ? e.message : String(e);
}

const lineOf = (o: IPublishOutcome): string => {
  const head = `${o.report} ${o.period}: `;
  if (o.rows === undefined) return `${head}not read: ${o.reason ?? ''}`;
  const read = `${count(o.rows)} rows, ${count(o.requests ?? 0)} ${o.requests === 1 ? 'request' : 'requests'}`;
  return o.published ? `${head}${read}, published` : `${head}${read}, not published: ${o.reason ?? ''}`;
};

const secondsSince = (t: number): number => Math.round((Date.now() - t) / 100) / 10;

export async function publishCommand(ctx: ICommandContext): Promise<ICommandResult> {
  const plan = publishPlan(ctx.args.values);
  const p = ctx.progress;
  const conn: IConnection = await ctx.connect();
  ctx.topic.current = 'reports';
  const site = ctx.args.switches.has('demo') ? siteOnDemo(plan.site, conn.graphUrl) : plan.site;
  if (site !== plan.site) p.step(`Demo tenant: publishing to ${site}`);
  const spToken = await sharePointTokens(conn.auth, conn.graphUrl, site, ctx.env);
  const publishedBy = tokenAccount(await conn.auth.getToken());

  let sharePointRequests = 0;
  const library = new SharePointLibrary(bearerFetch(spToken, { onResponse: () => { sharePointRequests++; } }), site, RELAY_LIBRARY_TITLE, { description: RELAY_LIBRARY_DESCRIPTION });
  const where = library.where;
  // Before any report is read: SharePoint takes the token, and the site lets this account in.
  try {
    await library.read(relayFileName(plan.reads[0]?.entry.fn ?? ACTIVITY_REPORT, plan.reads[0]?.param));
  } catch (e) {
    if (!(e instanceof RelayAccessError)) throw e;
    throw new CliError(publishExitCode(e), sharePointWords(e, conn.auth, site));
  }

  // The library is made (or found) once, by the first whole read: an account that cannot read reports creates
  // nothing, and one that cannot create the library stops the reads still to come instead of making them all.
  const stop = new AbortController();
  let ensured: Promise<LibraryState> | undefined;
  let stopped: unknown;
  const ensure = (): Promise<LibraryState> => {
    ensured ??= library.ensure().then(
      state => {
        if (state === 'created') {
          p.step(`Created ${where} with permissions of its own: only ${publishedBy ?? 'this account'} and the site's administrators (in a group or Teams site, its owners) can open it. Grant Read on it to the people who read usage reports in the web part (Library settings, Permissions for this document library).`);
        }
        return state;
      },
      (e: unknown) => {
        stopped = e;
        stop.abort();
        throw e;
      }
    );
    return ensured;
  };
  const writes = new Map<string, Promise<void>>();
  const files: IFileStore = {
    where,
    read: (name, signal) => library.read(name, signal),
    write: (name, text) => {
      const job = ensure().then(() => library.write(name, text));
      writes.set(name, job);
      return job;
    }
  };
  const store = new ReportStore(conn.gateway, {
    format: 'csv',
    concurrency: 2,
    limiter: conn.reports.limiter,
    sizer: conn.reports.sizer,
    relay: { files, read: false, publish: true, ...(publishedBy ? { publishedBy } : {}) }
  });
  ctx.watchReports(store);

  const started = Date.now();
  const graphBefore = conn.gateway.stats.requests;
  p.step(`Publishing ${plan.reads.length} report ${plan.reads.length === 1 ? 'copy' : 'copies'} (${plan.periods.join(', ')}) to ${where}${publishedBy ? ` as ${publishedBy}` : ''}`);
  const outcomes = await Promise.all(plan.reads.map(async (read): Promise<IPublishOutcome> => {
    const outcome: IPublishOutcome = { report: read.entry.fn, period: read.param.period, published: false };
    try {
      const result = await store.get(read.entry, read.param, stop.signal);
      outcome.rows = result.rows.length;
      outcome.requests = result.requests;
      // The store compresses a copy before it writes it: wait for its publications begun so far.
      await store.published();
      const job = writes.get(relayFileName(read.entry.fn, read.param));
      if (!job) throw new Error('the report store did not publish it');
      await job;
      outcome.published = true;
    } catch (e) {
      // A read cut short because the library could not be made fails for that reason.
      const cut = outcome.rows === undefined && stopped !== undefined && stop.signal.aborted;
      outcome.error = cut ? stopped : e;
      outcome.reason = cut ? 'stopped, as the library could not be made (above)' : reasonOf(outcome.error, conn.auth, site);
    }
    if (outcome.published) p.step(lineOf(outcome));
    else p.warn(lineOf(outcome));
    return outcome;
  }));
  const seconds = secondsSince(started);
  // Graph's requests (refused ones too), and the downloads Graph's redirects led to (a whole read's requests but its first).
  const graphRequests = conn.gateway.stats.requests - graphBefore;
  const downloads = outcomes.reduce((n, o) => n + Math.max(0, (o.requests ?? 0) - 1), 0);
  const requests = graphRequests + downloads;
  const plural = (n: number, one: string, many: string): string => `${count(n)} ${n === 1 ? one : many}`;
  const published = outcomes.filter(o => o.published);
  const rows = published.reduce((n, o) => n + (o.rows ?? 0), 0);
  p.step(
    `Published ${published.length} of ${outcomes.length} report ${outcomes.length === 1 ? 'copy' : 'copies'} to ${where} in ${seconds} s: ` +
      `${count(rows)} rows; ${plural(graphRequests, 'Graph request', 'Graph requests')} and ${plural(downloads, 'report download', 'report downloads')}, ` +
      `${plural(sharePointRequests, 'SharePoint request', 'SharePoint requests')}.`
  );

  const exitCode = publishRunCode(outcomes);
  const failed = outcomes.filter(o => !o.published);
  const first = failed[0];
  let error: string | undefined;
  if (first && failed.length === outcomes.length) {
    // One cause for all (the library could not be made, every report refused alike) is said once.
    const reasons = new Set(failed.map(o => o.reason));
    const cause = stopped !== undefined ? reasonOf(stopped, conn.auth, site) : reasons.size === 1 ? first.reason : undefined;
    error = cause !== undefined ? `Nothing was published to ${where}: ${cause}` : `Nothing was published to ${where}; the first failure: ${lineOf(first)}`;
  } else if (first) {
    error = `${failed.length} of ${outcomes.length} report copies were not published (the others were); the first: ${lineOf(first)}`;
  }
  return {
    output: site,
    rows,
    requests,
    warnings: failed.map(lineOf),
    ...(exitCode !== EXIT.ok ? { exitCode, error } : {}),
    details: {
      site,
      library: RELAY_LIBRARY_TITLE,
      publishedBy: publishedBy ?? null,
      published: published.length,
      failed: failed.length,
      graphRequests,
      downloads,
      sharePointRequests,
      publishSeconds: seconds,
      reports: outcomes.map(o => ({ report: o.report, period: o.period, rows: o.rows ?? null, requests: o.requests ?? null, published: o.published, ...(o.reason ? { reason: o.reason } : {}) }))
    }
  };
}
