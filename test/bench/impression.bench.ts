/**
 * A first impression in a large tenant (issue 20): report requests and time for the first user's impression
 * (directory + the 10 reports it reads) with the report levers off and on, the Users view's last-activity join,
 * and what publishing the relay costs. Graph's report window (100 JSON requests per report API per 10 minutes)
 * is modelled by the store's ReportLimiter on a virtual clock: a wait for the window costs no real time, and a
 * configuration's time is its real time plus the time it waited on the virtual clock. Goals are printed beside
 * the figures, never asserted.
 */
import { startDemoTenant } from '../../workbench/demo-tenant';
import type { IDemoTenant, IRequestLogEntry } from '../../workbench/demo-tenant';
import { ReportStore } from '../../src/core/reports/store';
import type { IReportStoreOptions } from '../../src/core/reports/store';
import { ReportLimiter } from '../../src/core/reports/limiter';
import type { IReportLimiterOptions, SettleRequest } from '../../src/core/reports/limiter';
import type { ReportFormat } from '../../src/core/reports/reader';
import { GRAPH_DEFAULT_REPORT_PAGE, PageSizer } from '../../src/core/reports/pageSize';
import { RELAY_LIBRARY_TITLE, relayFileName } from '../../src/core/reports/relay';
import type { ReportParam } from '../../src/core/reports/params';
import type { IFileStore } from '../../src/core/reports/relay';
import { requireReport } from '../../src/core/reports/catalog';
import type { IReportEntry } from '../../src/core/reports/types';
import { SharePointLibrary } from '../../src/core/sharepoint/library';
import { bearerFetch } from '../../src/core/sharepoint/bearer';
import { abortError } from '../../src/core/graph/abort';
import { loadSkuNames } from '../../src/core/directory/skus';
import { ACTIVITY_REPORT } from '../../src/core/directory/activity';
import { ACTIVITY_PERIOD, loadActivityJoin } from '../../src/core/directory/loadUsers';
import { loadImpressionDirectory } from '../../src/core/impression/directory';
import { loadActiveUserRow, loadWorkloads } from '../../src/core/impression/loadImpression';
import { findUserRow, WORKLOAD_SOURCES } from '../../src/core/impression/workloads';
import { gatewayFor } from '../helpers/graph';

type Line = Record<string, unknown>;

/** A real wait this short passes in real time; past it, a clock with nothing in flight jumps to the next wake. */
const IDLE_TICK_MS = 5;
/** A request in flight this long without any other activity is taken as lost (its settle never came): jump anyway. */
const STUCK_MS = 10_000;

interface ISleeper {
  at: number;
  resolve: () => void;
}

/**
 * A clock for the ReportLimiter whose waits cost no real time, as a discrete-event simulation: virtual time
 * runs with real time (now() = Date.now() + offset), a short wait passes in real time, and whenever nothing is
 * in flight (no report request granted and unanswered, no grant or answer for two ticks) while some read
 * sleeps, the clock jumps to the earliest wake-up. Parallel reads waiting for their windows therefore wait
 * side by side, as they would in real time, not one after the other.
 */
export class VirtualClock {
  /** Virtual ms added to real time so far: the time spent waiting for Graph's report window. */
  public offset = 0;
  /** Jumps made although a request seemed in flight (its answer never settled): should stay 0. */
  public stuckJumps = 0;
  private inFlight = 0;
  private activity = 0;
  private seen = -1;
  private idleTicks = 0;
  private lastActivityAt = Date.now();
  private readonly sleepers: ISleeper[] = [];
  private timer: NodeJS.Timeout | undefined;

  public readonly now = (): number => Date.now() + this.offset;

  public readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> => new Promise((resolve, reject) => {
    if (signal?.aborted) { reject(abortError()); return; }
    const sleeper: ISleeper = { at: this.now() + ms, resolve: () => { signal?.removeEventListener('abort', onAbort); resolve(); } };
    const onAbort = (): void => {
      const i = this.sleepers.indexOf(sleeper);
      if (i >= 0) this.sleepers.splice(i, 1);
      reject(abortError());
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    this.sleepers.push(sleeper);
    this.schedule();
  });

  /** A report request was granted (it is in flight until its settle). */
  public began(): void {
    this.inFlight++;
    this.touch();
  }

  /** A report request's answer arrived. */
  public ended(): void {
    this.inFlight--;
    this.touch();
  }

  /** Resolves once no report request is in flight (e.g. a page fetched ahead that nobody will use). */
  public async drained(): Promise<void> {
    while (this.inFlight > 0) await new Promise(r => setTimeout(r, 20));
  }

  private touch(): void {
    this.activity++;
    this.lastActivityAt = Date.now();
  }

  private schedule(delay = IDLE_TICK_MS): void {
    if (this.timer) return;
    this.timer = setTimeout(() => { this.timer = undefined; this.tick(); }, Math.max(1, Math.min(IDLE_TICK_MS, delay)));
  }

  private wake(): void {
    const now = this.now();
    for (const s of this.sleepers.filter(x => x.at <= now)) {
      this.sleepers.splice(this.sleepers.indexOf(s), 1);
      s.resolve();
    }
  }

  private tick(): void {
    this.wake();
    if (this.sleepers.length === 0) { this.idleTicks = 0; return; }
    const quiet = this.activity === this.seen;
    this.seen = this.activity;
    this.idleTicks = quiet && this.inFlight === 0 ? this.idleTicks + 1 : 0;
    const stuck = quiet && this.inFlight > 0 && Date.now() - this.lastActivityAt > STUCK_MS;
    if (this.idleTicks >= 2 || stuck) {
      if (stuck) this.stuckJumps++;
      const next = Math.min(...this.sleepers.map(s => s.at));
      this.offset += Math.max(0, next - this.now());
      this.idleTicks = 0;
      this.wake();
    }
    if (this.sleepers.length > 0) this.schedule(Math.min(...this.sleepers.map(s => s.at)) - this.now());
  }
}

/** Graph's report limiter, on the virtual clock, telling it which requests are in flight. */
export class VirtualLimiter extends ReportLimiter {
  /** `limits`: Graph's (the default) unless a check of the clock shortens them. */
  public constructor(private readonly clock: VirtualClock, limits?: IReportLimiterOptions['limits']) {
    super({ now: clock.now, sleep: clock.sleep, limits });
  }

  public override tryAcquire(fn: string, format: ReportFormat): SettleRequest | number {
    const got = super.tryAcquire(fn, format);
    if (typeof got !== 'function') return got;
    this.clock.began();
    let settled = false;
    return () => {
      got();
      if (!settled) { settled = true; this.clock.ended(); }
    };
  }
}

const GRAPH_REPORT = /^\/(v1\.0|beta)\/reports\//i;

/** What Graph saw of report requests in a slice of the demo tenant's log: all of them, and the 400s among them. */
function reportRequestsIn(log: readonly IRequestLogEntry[]): { reportRequests: number; refused: number; downloads: number } {
  const reports = log.filter(e => GRAPH_REPORT.test(e.path));
  return { reportRequests: reports.length, refused: reports.filter(e => e.status === 400).length, downloads: log.filter(e => e.path.startsWith('/_download/')).length };
}

const s1 = (ms: number): number => Math.round(ms / 100) / 10;

/** The first user's impression reports: the 9 workload reports and the active-user report, all D30. */
const IMPRESSION_REPORTS: readonly IReportEntry[] = [...WORKLOAD_SOURCES.map(s => requireReport(s.fn)), requireReport(ACTIVITY_REPORT)];
/** The column naming the user in each of IMPRESSION_REPORTS. */
const IMPRESSION_USER_COLUMNS: readonly string[] = [...WORKLOAD_SOURCES.map(s => s.userColumn), 'User Principal Name'];

/** The SharePoint site whose library holds the relay's copies. */
const SITE = '/sites/it';

type StoreOptions = Omit<IReportStoreOptions, 'limiter'>;

interface IImpressionRun {
  directoryMs: number;
  directoryRoundTrips: number;
  /** Levers off only: where the user's row is in each report (0 = the first row; -1 = none). */
  rowIndexes: number[];
}

interface IRun {
  ms: number;
  realMs: number;
  waitedMs: number;
  reportRequests: number;
  refused: number;
  downloads: number;
  sharePointRequests: number;
  reads: number;
  pagesUsed: number;
  limiterWaits: number;
  stuckJumps: number;
}

/**
 * Runs `work` against the tenant with a store on its own virtual clock; counts what Graph and SharePoint
 * saw (after any request still in flight when `work` resolved has been answered: such a page costs a
 * request though nobody waited for it).
 */
async function measured<T>(t: IDemoTenant, make: (limiter: ReportLimiter) => ReportStore, work: (store: ReportStore) => Promise<T>, on?: { clock: VirtualClock; store: ReportStore }): Promise<{ run: IRun; value: T; store: ReportStore; clock: VirtualClock }> {
  const clock = on?.clock ?? new VirtualClock();
  const store = on?.store ?? make(new VirtualLimiter(clock));
  const limiter = store.limiter;
  const reads0 = store.stats.reads;
  const pages0 = store.stats.requests;
  const waits0 = limiter.stats.waits;
  const stuck0 = clock.stuckJumps;
  t.clearRequests();
  t.sharePoint.clearRequests();
  const offset0 = clock.offset;
  const s = performance.now();
  const value = await work(store);
  const realMs = performance.now() - s;
  const waitedMs = clock.offset - offset0;
  await clock.drained();
  await new Promise(r => setTimeout(r, 50));
  const graph = reportRequestsIn(t.requests);
  return {
    value, store, clock,
    run: {
      ms: realMs + waitedMs, realMs, waitedMs, ...graph, sharePointRequests: t.sharePoint.requests.length, reads: store.stats.reads - reads0,
      pagesUsed: store.stats.requests - pages0, limiterWaits: limiter.stats.waits - waits0, stuckJumps: clock.stuckJumps - stuck0
    }
  };
}

/** The printed figures of one run. */
function figures(run: IRun): Line {
  return {
    reportReads: run.reads, reportRequests: run.reportRequests, ...(run.refused ? { refusedRequests: run.refused } : {}), pagesUsed: run.pagesUsed,
    ...(run.sharePointRequests ? { sharePointRequests: run.sharePointRequests } : {}),
    totalMs: Math.round(run.ms), totalS: s1(run.ms), realS: s1(run.realMs), windowWaitS: s1(run.waitedMs), limiterWaits: run.limiterWaits,
    ...(run.stuckJumps ? { stuckClockJumps: run.stuckJumps } : {})
  };
}

function goal(run: IRun, goalS: number): Line {
  return { goal: `< ${goalS} s`, met: run.ms < goalS * 1000 };
}

/**
 * Report requests and time for the first user's impression (directory + its 10 reports) in a tenant of
 * `users` answering after `latencyMs`, under Graph's real 10-minute report window (on a virtual clock):
 * the levers off and on one by one, both, with a Graph that refuses a `$top` over its cap, and from relay
 * copies; the second user's impression after the first (shared report cache); the Users view's whole
 * last-activity read three ways; and publishing the relay from CSV reads as the CLI does.
 */
export async function impressionBench(users = 50_000, latencyMs = 100): Promise<Line[]> {
  const progress = (what: string): void => { process.stderr.write(`impression bench (${users} users): ${what}\n`); };
  progress('starting the demo tenant');
  const t = await startDemoTenant({ users, seed: 1, latencyMs });
  try {
    const gw = gatewayFor(t.url, t.token);
    const names = await loadSkuNames();
    const first = t.info.people.admin;
    const second = t.info.people.unicode;
    if (!first || !second) throw new Error('demo tenant lacks the benchmark users');
    const library = (): IFileStore => new SharePointLibrary(bearerFetch(async () => t.token), `${t.url}${SITE}`, RELAY_LIBRARY_TITLE);
    const setDemo = (reportPageCap: number, reportTopOverCap: 'cap' | 'reject' = 'cap'): void => {
      t.options.reportPageCap = reportPageCap;
      t.options.reportTopOverCap = reportTopOverCap;
    };
    const common = { users, latencyMs };
    const relayLine = (store: ReportStore): Line => (store.relayLog.length ? { relay: tally(store.relayLog.map(e => e.outcome)) } : {});

    /** One user's impression: the directory in one $batch, then its reports read to the user's row (findRow) or whole. */
    const impression = async (store: ReportStore, who: string, findRow: boolean): Promise<IImpressionRun> => {
      const req0 = gw.stats.requests;
      const s = performance.now();
      const dir = await loadImpressionDirectory(gw, who, names);
      const directoryMs = performance.now() - s;
      const directoryRoundTrips = gw.stats.requests - req0;
      const upn = dir.user.userPrincipalName;
      if (findRow) {
        await Promise.all([...loadWorkloads(store, upn, 'D30'), loadActiveUserRow(store, upn, 'D30')]);
        return { directoryMs, directoryRoundTrips, rowIndexes: [] };
      }
      // Levers off: each report read whole, then the user's row found in it (as the impression did before).
      const results = await Promise.all(IMPRESSION_REPORTS.map(entry => store.get(entry, { period: 'D30' })));
      const rowIndexes = results.map((r, i) => {
        const row = findUserRow(r.rows, IMPRESSION_USER_COLUMNS[i] ?? 'User Principal Name', upn);
        return row ? r.rows.indexOf(row) : -1;
      });
      return { directoryMs, directoryRoundTrips, rowIndexes };
    };

    /**
     * One configuration of the first user's impression on a fresh store; `then` does more with that store and
     * its clock (the store is let go afterwards, so a 50,000-row read held by one run does not slow the next).
     */
    const impressionRun = async <T = undefined>(bench: string, config: string, options: StoreOptions, findRow: boolean, who: string = first.id,
      then?: (store: ReportStore, clock: VirtualClock) => Promise<T>): Promise<{ line: Line; run: IRun; after: T | undefined }> => {
      progress(`${bench}: ${config}`);
      const { run, value, store, clock } = await measured(t, limiter => new ReportStore(gw, { ...options, limiter }), store => impression(store, who, findRow));
      const line: Line = {
        bench, config, ...common, demoPageCap: t.options.reportPageCap, demoTopOverCap: t.options.reportTopOverCap,
        directoryRoundTrips: value.directoryRoundTrips, directoryMs: Math.round(value.directoryMs), ...figures(run),
        reportsAfterBatchMs: Math.round(run.ms - value.directoryMs), pageSize: store.sizer.state(),
        ...(value.rowIndexes.length ? { userRowIndexes: value.rowIndexes } : {}), ...relayLine(store)
      };
      return { line, run, after: then ? await then(store, clock) : undefined };
    };

    /**
     * Lever 2's worst case among users with a row in every report: the directory user whose earliest row
     * across the 10 reports is latest (the admin's row is the first of each). From the whole reads of `store`.
     */
    const lateUser = async (store: ReportStore): Promise<{ upn: string; rowIndexes: number[] }> => {
      const indexes = await Promise.all(IMPRESSION_REPORTS.map(async (entry, i) => {
        const column = IMPRESSION_USER_COLUMNS[i] ?? 'User Principal Name';
        const byUpn = new Map<string, number>();
        (await store.get(entry, { period: 'D30' })).rows.forEach((row, k) => { const upn = row[column]; if (typeof upn === 'string') byUpn.set(upn.toLowerCase(), k); });
        return byUpn;
      }));
      const scored: Array<{ upn: string; rowIndexes: number[]; earliest: number }> = [];
      for (const upn of indexes[indexes.length - 1]?.keys() ?? []) {
        const rowIndexes = indexes.map(m => m.get(upn) ?? -1);
        if (rowIndexes.every(k => k >= 0)) scored.push({ upn, rowIndexes, earliest: Math.min(...rowIndexes) });
      }
      scored.sort((a, b) => b.earliest - a.earliest);
      // A report row may be a deleted user's: the first of the latest that the directory still has.
      for (const c of scored.slice(0, 50)) if ((await gw.send('GET', `/users/${encodeURIComponent(c.upn)}?$select=id`)).status === 200) return c;
      throw new Error('no directory user has a late row in every report');
    };

    const activityRun = async (bench: string, config: string, options: StoreOptions): Promise<{ line: Line; run: IRun }> => {
      progress(`${bench}: ${config}`);
      const { run, value, store } = await measured(t, limiter => new ReportStore(gw, { ...options, limiter }), store => loadActivityJoin(store));
      const period = 'period' in ACTIVITY_PERIOD ? ACTIVITY_PERIOD.period : ACTIVITY_PERIOD.date;
      const line: Line = { bench, config, ...common, report: `${ACTIVITY_REPORT} ${period}`, demoPageCap: t.options.reportPageCap, rows: value.totalRows, ...figures(run), pageSize: store.sizer.state(), ...relayLine(store) };
      return { line, run };
    };

    /** Publish copies as the CLI does: a CSV store (v1.0, one request and one download per report), relay publish on. */
    const publish = async (bench: string, entries: readonly IReportEntry[], param: ReportParam): Promise<Line> => {
      progress(bench);
      const files = library();
      const { run, value } = await measured(t, limiter => new ReportStore(gw, { format: 'csv', limiter, relay: { files, read: false, publish: true, publishedBy: first.userPrincipalName } }), async store => {
        await Promise.all(entries.map(e => store.get(e, param)));
        return store.published();
      });
      const list = t.sharePoint.list(SITE, RELAY_LIBRARY_TITLE);
      const mine = new Set(entries.map(e => relayFileName(e.fn, param)));
      const bytes = (list?.files ?? []).filter(f => mine.has(f)).reduce((n, f) => n + (t.sharePoint.getFileBytes(SITE, `${list?.serverRelativeUrl ?? ''}/${f}`)?.length ?? 0), 0);
      const failed = value.filter(p => !p.ok);
      return {
        bench, config: 'CSV store (v1.0, as the CLI reads), relay publish on', ...common, reports: entries.length, published: value.length - failed.length,
        ...(failed.length ? { failed: failed.map(p => `${p.key}: ${p.detail ?? ''}`) } : {}),
        graphReportRequests: run.reportRequests, downloads: run.downloads, sharePointRequests: run.sharePointRequests,
        totalMs: Math.round(run.ms), totalS: s1(run.ms), realS: s1(run.realMs), windowWaitS: s1(run.waitedMs), copiesMB: Math.round(bytes / 1e5) / 10
      };
    };

    const cap200 = (): StoreOptions => ({ format: 'json', sizer: new PageSizer([GRAPH_DEFAULT_REPORT_PAGE]) });
    const large = (): StoreOptions => ({ format: 'json' });
    const fromRelay = (): StoreOptions => ({ format: 'json', relay: { files: library(), read: true, publish: false } });

    // A Graph serving its default 200-row pages.
    setDemo(200);
    const baseline = await impressionRun('impression-first-user-baseline', 'levers off: 200-row pages, whole reads', cap200(), false, first.id, lateUser);
    const lateRows = baseline.after;
    if (!lateRows) throw new Error('no late user');
    const lever2 = await impressionRun('impression-first-user-lever2', 'lever 2 only: 200-row pages, read to the row', cap200(), true);
    const activity200 = await activityRun('users-activity-200', 'whole read, 200-row pages', cap200());

    // A Graph serving 1,000-row pages.
    setDemo(1000);
    const lever1 = await impressionRun('impression-first-user-lever1', 'lever 1 only: large pages (cap 1000), whole reads', large(), false);
    // The second user after the first: same store and clock (the first user's reads shared).
    const main = await impressionRun('impression-first-user', 'levers 1+2: large pages (cap 1000), read to the row', large(), true, first.id, async (store, clock) => {
      progress('impression-second-user');
      const next = await measured(t, () => store, s => impression(s, second.id, true), { store, clock });
      return {
        bench: 'impression-second-user', config: 'levers 1+2, after the first user (same store)', ...common,
        directoryRoundTrips: next.value.directoryRoundTrips, directoryMs: Math.round(next.value.directoryMs), ...figures(next.run),
        reportsAfterBatchMs: Math.round(next.run.ms - next.value.directoryMs)
      } as Line;
    });
    const late = await impressionRun('impression-late-row-user', "levers 1+2 (cap 1000), lever 2's worst case: the user whose rows come latest", large(), true, lateRows.upn);
    setDemo(1000, 'reject');
    const reject = await impressionRun('impression-first-user-reject', "levers 1+2, a Graph answering 400 to a $top over 1000 ('reject')", large(), true);
    setDemo(1000);
    const activity1000 = await activityRun('users-activity-cap1000', 'whole read, large pages (cap 1000)', large());

    const published = await publish('relay-publish', IMPRESSION_REPORTS, { period: 'D30' });
    const publishedActivity = await publish('relay-publish-users-activity', [requireReport(ACTIVITY_REPORT)], ACTIVITY_PERIOD);
    const relay = await impressionRun('impression-first-user-relay', 'levers 1+2 and the relay: copies read from SharePoint', fromRelay(), true);
    const activityRelay = await activityRun('users-activity-relay', 'relay copy (levers 1+2 on)', fromRelay());

    const ratio = (a: number, b: number): number => Math.round((a / b) * 1000) / 1000;
    const vs = (run: IRun): Line => ({ timeVsBaseline: ratio(run.ms, baseline.run.ms), requestsVsBaseline: ratio(run.reportRequests, baseline.run.reportRequests) });
    return [
      { ...baseline.line, note: 'the figure before issue 20' },
      { ...lever1.line, ...vs(lever1.run) },
      { ...lever2.line, ...vs(lever2.run) },
      { ...main.line, ...vs(main.run), ...goal(main.run, 30) },
      ...(main.after ? [main.after] : []),
      { ...late.line, userRowIndexes: lateRows.rowIndexes, ...vs(late.run), ...goal(late.run, 30) },
      { ...reject.line, ...vs(reject.run), stepDownExtraRequests: reject.run.reportRequests - main.run.reportRequests, stepDownNote: 'a 400 and one more round trip per read begun before the step down; its time is within run-to-run noise' },
      { ...relay.line, ...vs(relay.run), ...goal(relay.run, 3) },
      activity200.line,
      { ...activity1000.line, timeVs200: ratio(activity1000.run.ms, activity200.run.ms) },
      { ...activityRelay.line, timeVs200: ratio(activityRelay.run.ms, activity200.run.ms) },
      published,
      publishedActivity
    ];
  } finally {
    await t.close();
  }
}

function tally(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}
