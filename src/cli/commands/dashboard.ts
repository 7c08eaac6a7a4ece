/**
 * `dashboard --site <url> | --to <history.jsonl>`: publishes the usage dashboard for visitors (issue 17) as an admin's
 * "Publish for visitors" does: reads the overview's reports for the last 180 days (tenant-wide trend reports, one v1.0
 * CSV download each, through the CLI's report store) and writes the same publication — the tiles' daily figures and
 * report dates, never a row per person — to the shared store ("M365 Impressions history" in the site, or the file).
 * Scheduled daily, visitors of the web part without a report role always see figures at most a day old. A tile whose
 * report cannot be read is left out and said (exit 6, the others are published); nothing read, nothing is written.
 */
import { StoreError, buildPublication } from '../../core/history';
import type { IBuiltPublication, IPublicationRead, ITenantStore } from '../../core/history';
import { GraphError } from '../../core/graph';
import type { IReportEntry, IReportResult } from '../../core/reports';
import { PUBLICATION_PARAM, PUBLICATION_SPECS, publicationEntries } from '../../ui/usage/model/publication';
import { tokenAccount } from '../auth';
import type { ICommandContext, ICommandResult } from '../context';
import { EXIT, UsageError, describeError, exitCodeOf } from '../errors';
import { count } from '../progress';
import { checkStoreFlags, openCliStore, storeCliError } from '../store';
import { SHAREPOINT_PERMISSION_HINT } from './publish';
import type { ICliStore, ICliStoreFlags } from '../store';

/** Where the dashboard goes: the site whose list keeps it, or a JSON-lines file. */
export interface IDashboardPlan {
  site?: string;
  to?: string;
}

/** --site or --to (one of them), checked before sign-in as every store command checks them. */
export function dashboardPlan(values: ReadonlyMap<string, string>): IDashboardPlan {
  const site = values.get('site')?.trim();
  const to = values.get('to')?.trim();
  if (!site && !to) {
    throw new UsageError('dashboard needs --site <https://contoso.sharepoint.com/sites/it>: the site whose list "M365 Impressions history" keeps the dashboard (the one hosting the web part, or the store site it names); or --to <history.jsonl> for a file.');
  }
  return checkStoreFlags({ site, to });
}

/** What publishing the dashboard came to. */
export interface IDashboardOutcome {
  built: IBuiltPublication;
  /** Written to the store (false: nothing could be read, so nothing replaced what visitors see). */
  written: boolean;
  /** Each report function's read failure. */
  failures: Map<string, unknown>;
  rows: number;
  requests: number;
}

/**
 * Read the overview's reports with `read` and publish them to `store` as `by`: the command's work, over any reader and
 * store (tests give the demo tenant's and a memory store). Throws the store's failure; reads that fail are kept.
 */
export async function publishDashboard(read: (entry: IReportEntry) => Promise<IReportResult>, store: ITenantStore, now: () => Date, by: string): Promise<IDashboardOutcome> {
  const entries = publicationEntries();
  const results = await Promise.allSettled(entries.map(e => read(e)));
  const reads = new Map<string, IPublicationRead>();
  const failures = new Map<string, unknown>();
  let rows = 0;
  let requests = 0;
  results.forEach((r, i) => {
    const fn = entries[i]?.fn ?? '';
    if (r.status === 'fulfilled') {
      reads.set(fn, { rows: r.value.rows, refreshDate: r.value.refreshDate });
      rows += r.value.rows.length;
      requests += r.value.requests;
    } else {
      failures.set(fn, r.reason);
    }
  });
  const built = buildPublication(PUBLICATION_SPECS, fn => reads.get(fn), now(), by);
  if (built.published.length === 0) return { built, written: false, failures, rows, requests };
  await store.publish(built.publication);
  return { built, written: true, failures, rows, requests };
}

/** Why a tile was left out, with its report's failure in words where Graph refused it. */
function leftLine(left: IBuiltPublication['left'][number], failures: ReadonlyMap<string, unknown>): string {
  const spec = PUBLICATION_SPECS.find(t => t.key === left.key);
  const failure = spec?.sources.map(s => failures.get(s.fn)).find(f => f !== undefined);
  const why = failure instanceof GraphError ? describeError(failure, 'reports') : failure instanceof Error ? failure.message : left.why;
  return `${left.title}: not published: ${why}`;
}

/** Opens the store the flags name (src/cli/store.ts: the SharePoint list through a SharePoint token, or the file). */
export type OpenDashboardStore = (ctx: ICommandContext, flags: ICliStoreFlags) => Promise<ICliStore>;

/** The dashboard command over a way to open the store. */
export async function runDashboard(ctx: ICommandContext, open: OpenDashboardStore): Promise<ICommandResult> {
  const plan = dashboardPlan(ctx.args.values);
  const p = ctx.progress;
  const conn = await ctx.connect();
  ctx.topic.current = 'reports';
  const { store, where } = await open(ctx, { ...plan, connection: conn });
  const by = tokenAccount(await conn.auth.getToken()) ?? 'cli';
  // `where` is a sentence of its own ("History is kept in the list … at …."): said beside, never inside, another.
  p.step(`Reading the usage overview's reports for the last 180 days to publish for visitors. ${where}`);
  let outcome: IDashboardOutcome;
  try {
    outcome = await publishDashboard(entry => conn.reports.get(entry, PUBLICATION_PARAM), store, ctx.now, by);
  } catch (e) {
    throw e instanceof StoreError ? storeCliError(e) : e;
  }
  const { built, failures } = outcome;
  const warnings = built.left.map(l => leftLine(l, failures));
  for (const w of warnings) p.warn(w);
  const details = {
    where,
    publishedBy: by,
    publishedAt: built.publication.publishedAt,
    tiles: built.published,
    left: built.left.map(l => l.key),
    reportDates: built.publication.reportDates
  };
  if (!outcome.written) {
    const first = [...failures.values()][0];
    return { output: where, rows: 0, requests: outcome.requests, warnings, exitCode: first === undefined ? EXIT.other : exitCodeOf(first), error: `Nothing was published for visitors: ${warnings[0] ?? 'no report could be read'}`, details };
  }
  p.step(`Published ${built.published.length} of ${PUBLICATION_SPECS.length} tiles for visitors as ${by} (${count(outcome.rows)} report rows read; only daily counts are kept). ${where}`);
  const partial = built.left.length > 0;
  return {
    output: where,
    rows: outcome.rows,
    requests: outcome.requests,
    warnings,
    ...(partial ? { exitCode: EXIT.partial, error: `${built.left.length} of ${PUBLICATION_SPECS.length} tiles were not published (the others were); the first: ${warnings[0] ?? ''}` } : {}),
    details
  };
}

/** `dashboard --site <url> | --to <history.jsonl>`. */
export function dashboardCommand(ctx: ICommandContext): Promise<ICommandResult> {
  return runDashboard(ctx, openCliStore);
}

/** What a scheduled dashboard says above its command. */
export const DASHBOARD_NOTES: readonly string[] = [
  'dashboard publishes the usage overview for visitors without a report role into the site\'s list "M365 Impressions history": it signs in to SharePoint as well as Graph.',
  SHAREPOINT_PERMISSION_HINT
];
