/**
 * The web part's daily snapshot: once a session (and again when a view has read more), today's snapshot is
 * taken from what the session has read, and on first use the history is backfilled from Graph's 180-day
 * reports. It runs beside the views, never in their way: a failure is kept as one quiet message.
 */
import type { IUserListState } from '../../../core/directory';
import { ACTIVE_DAILY_REPORT, ACTIVE_PERIOD_REPORT, BACKFILL_PERIOD, STORAGE_SOURCES, backfillHistory, buildSnapshot, directorySkuCounts, needsBackfill, takeDailySnapshot, utcDay } from '../../../core/history';
import type { ISkuCounts, ISnapshot, ISnapshotInput, IWasteFigures } from '../../../core/history';
import { REPORT_PERIODS, requireReport } from '../../../core/reports';
import type { IReportEntry, IReportResult, ReportParam, ReportPeriod } from '../../../core/reports';
import type { IImpressionsServices } from '../services';
import { historyReadFor } from './historyRead';
import { refusalReason, writeFailureText } from './storeText';

/** Where today's snapshot stands, for whoever shows it (quietly). */
export type DailySnapshotState =
  | { status: 'idle' }
  | { status: 'working' }
  /** Today's is kept (taken now, extended, or by someone before); `backfilled`: days filled from reports this session. */
  | { status: 'done'; snapshot: ISnapshot | null; backfilled?: number }
  /** The store refused: said once, and not tried again this session. `reason`: why, as the end of a sentence. */
  | { status: 'refused'; message: string; reason: string };

/** The trend reports today's snapshot reads its newest day from. */
const TREND_REPORTS: readonly string[] = [ACTIVE_DAILY_REPORT, ...STORAGE_SOURCES.map(s => s.fn)];

/** What the session has read of the user list, when read to its end (a part would undercount); undefined otherwise. */
export function usersInput(list: IUserListState): Pick<ISnapshotInput, 'users' | 'skus'> {
  const out: Pick<ISnapshotInput, 'users' | 'skus'> = {};
  if (list.status === 'done' && !list.kept?.checking && list.users.length > 0) {
    out.users = { users: list.users, rows: list.rows, joins: list.joins };
  }
  // Free or paid told from part numbers and names here; the Licences view tells it from service plans too (offerWaste).
  if (list.joins.skus.status === 'ready') out.skus = directorySkuCounts(list.joins.skus.data.values());
  return out;
}

/** Options of a DailySnapshot. */
export interface IDailySnapshotOptions {
  /** The Licences view's waste and its cost, once computed (core/licences). */
  waste?: () => IWasteFigures | undefined;
}

/**
 * Takes today's snapshot for one session. `poke` is cheap and may be called often (a view changed, a report
 * read ended): it does nothing while running, after a refusal, or when nothing new was read since last time.
 */
export class DailySnapshot {
  private state: DailySnapshotState = { status: 'idle' };
  private readonly listeners = new Set<(s: DailySnapshotState) => void>();
  private running = false;
  private again = false;
  private day = '';
  private today: ISnapshot | null | undefined;
  private reportsTried = false;
  private lastList: IUserListState | undefined;
  private lastWaste: IWasteFigures | undefined;
  private offered: IWasteFigures | undefined;
  private offeredSkus: ISkuCounts[] | undefined;
  private backfilled = 0;
  /** This session's backfill reads (the store keeps them too): today's newest days come from them, and a refused one is not asked again. */
  private readonly backfillReads = new Map<string, IReportResult | 'refused'>();

  public constructor(private readonly services: IImpressionsServices, private readonly options: IDailySnapshotOptions = {}) {}

  public getState(): DailySnapshotState {
    return this.state;
  }

  public subscribe(listener: (s: DailySnapshotState) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /**
   * The Licences view's waste and its cost, once computed there, and its SKUs (free or paid told from their service
   * plans too): kept for today's snapshot, which is looked at again.
   */
  public offerWaste(waste: IWasteFigures, directoryVersion: number, skus?: ISkuCounts[]): void {
    if (this.offered === waste) return;
    this.offered = waste;
    if (skus) this.offeredSkus = skus;
    this.poke(directoryVersion);
  }

  /** Look again at what the session has read, and take or extend today's snapshot if it adds anything. */
  public poke(directoryVersion: number): void {
    if (this.state.status === 'refused' || !this.services.tenantStore) return;
    // A look asked for while one runs (the Licences view's waste arrived) runs once that one ends.
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.take(directoryVersion).finally(() => {
      this.running = false;
      if (this.again) {
        this.again = false;
        this.poke(directoryVersion);
      }
    });
  }

  private set(next: DailySnapshotState): void {
    this.state = next;
    for (const l of [...this.listeners]) l(next);
  }

  private async take(directoryVersion: number): Promise<void> {
    const store = this.services.tenantStore;
    if (!store) return;
    const now = this.services.now();
    if (utcDay(now) !== this.day) {
      // A new day (a page left open overnight): today's is another snapshot.
      this.day = utcDay(now);
      this.today = undefined;
      this.reportsTried = false;
      this.lastList = undefined;
    }
    const list = this.services.sessions.users(directoryVersion).getState();
    const waste = this.options.waste?.() ?? this.offered;
    if (this.today !== undefined && list === this.lastList && waste === this.lastWaste && this.reportsTried) return;
    this.set({ status: 'working' });
    try {
      const history = historyReadFor(store);
      const kept = await history.read();
      if (this.today === undefined) this.today = kept.find(s => s.day === this.day) ?? null;
      if (!this.reportsTried && needsBackfill(kept, this.day)) {
        const getter = {
          get: (entry: IReportEntry, param: ReportParam | undefined, signal?: AbortSignal) => this.services.reports.get(entry, param, signal).then(
            r => { this.backfillReads.set(entry.fn, r); return r; },
            (e: unknown) => { this.backfillReads.set(entry.fn, 'refused'); throw e; })
        };
        const out = await backfillHistory(store, getter, now, { takenBy: 'web part', kept });
        if (out.status === 'filled') {
          this.backfilled = out.written;
          history.add(await store.readSnapshots({ from: out.from, to: out.to }));
        }
      }
      const reports = this.reportsTried || hasReportFigures(this.today) ? undefined : await this.readReports();
      this.reportsTried = true;
      this.lastList = list;
      this.lastWaste = waste;
      const input: ISnapshotInput = { ...usersInput(list), ...(this.offeredSkus ? { skus: this.offeredSkus } : {}), ...(reports ? { reports } : {}), ...(waste ? { waste } : {}) };
      const out = await takeDailySnapshot(store, () => buildSnapshot(input, now, 'web part'), now, { today: this.today });
      if (out.status === 'taken' || out.status === 'extended') history.add([out.snapshot]);
      if (out.status !== 'nothing') this.today = out.snapshot;
      this.set({ status: 'done', snapshot: this.today ?? null, ...(this.backfilled ? { backfilled: this.backfilled } : {}) });
    } catch (e) {
      // Said once; the views go on without a history today.
      this.set({ status: 'refused', message: writeFailureText(e), reason: refusalReason(e) });
    }
  }

  /**
   * The tenant-level reports today's figures come from, once a session: a trend read any view already settled is
   * used as it is; otherwise the shortest period is read (one request each), and active users over 7 and 30 days.
   * A refusal (no report role) leaves those figures out.
   */
  private async readReports(): Promise<NonNullable<ISnapshotInput['reports']>> {
    const reads = this.services.sessions.reports;
    const get = (fn: string, param: ReportParam): Promise<IReportResult | undefined> =>
      this.services.reports.get(requireReport(fn), param).then(r => r, () => undefined);
    const settledTrend = (fn: string): IReportResult | undefined => {
      const periods: readonly ReportPeriod[] = [BACKFILL_PERIOD, ...REPORT_PERIODS];
      for (const period of periods) {
        const r = reads.settled(requireReport(fn), { period });
        if (r) return r;
      }
      return undefined;
    };
    const trends = await Promise.all(TREND_REPORTS.map(fn => {
      const backfill = this.backfillReads.get(fn);
      if (backfill === 'refused') return undefined;
      return settledTrend(fn) ?? backfill ?? get(fn, { period: 'D7' });
    }));
    const [period7, period30] = await Promise.all([get(ACTIVE_PERIOD_REPORT, { period: 'D7' }), get(ACTIVE_PERIOD_REPORT, { period: 'D30' })]);
    return { trends: trends.filter((r): r is IReportResult => !!r), ...(period7 ? { period7 } : {}), ...(period30 ? { period30 } : {}) };
  }
}

/** Whether a kept snapshot already holds figures from the usage reports (then they are not read again today). */
function hasReportFigures(s: ISnapshot | null | undefined): boolean {
  return !!s && Object.keys(s.figures).some(n => n.startsWith('active:') || n.startsWith('storage:'));
}

const runners = new WeakMap<IImpressionsServices, DailySnapshot>();

/** The session's one DailySnapshot (per services object). */
export function dailySnapshotFor(services: IImpressionsServices, options?: IDailySnapshotOptions): DailySnapshot {
  let r = runners.get(services);
  if (!r) runners.set(services, (r = new DailySnapshot(services, options)));
  return r;
}
