/**
 * Report reads as objects a screen watches (core/graph/subscribable): one report for a period or a day,
 * several at once (a tile over two reports), a range of days read one by one, and a read's progress.
 * Each owns its whole lifecycle — the store's read, its progress, Graph's throttling waited out — and
 * says where it stands in one union, with waits as timestamps (a screen counts down; nothing here ticks).
 * `ReportReads` keeps them for the session, so a screen that comes back finds its reads as it left them; a
 * read settled before the store was last cleared is read again by the next screen that comes to it.
 */
import { Subscribable, unchanging } from '../graph/subscribable';
import type { IWatchable } from '../graph/subscribable';
import type { IConcealment } from './concealed';
import { mergeDayRows } from './params';
import type { ReportParam } from './params';
import { reportKey } from './reader';
import type { IReportResult } from './reader';
import { timeAtLimit } from './limiter';
import type { IReadProgress, ReportStore } from './store';
import { readWithWaits } from './throttle';
import type { IReportEntry, ReportRow } from './types';

/** Where one report read stands: a union a screen can tell apart (never "empty" for "failed"). */
export type ReportReadState =
  | { status: 'idle' }
  /** Reading; `rows` read so far once the first page is in. */
  | { status: 'loading'; rows?: number }
  /**
   * Waiting, then going on by itself until `until` (ms since epoch): 'throttled' waits out Graph's
   * Retry-After; 'limit' waits for a place in Graph's report window (with `rows` so far; it goes on
   * where it stopped).
   */
  | { status: 'waiting'; reason: 'throttled' | 'limit'; until: number; rows?: number }
  | { status: 'ready'; result: IReportResult }
  /** Failed: usually a GraphError (explainError words it); a Try again is `retry()`. */
  | { status: 'error'; error: unknown };

/** The state of a read that is not asked for (no report chosen yet). */
const IDLE: ReportReadState = { status: 'idle' };
export const IDLE_READ: IWatchable<ReportReadState> = unchanging(IDLE);
const LOADING: ReportReadState = { status: 'loading' };

/**
 * What the store's progress adds to a read in flight: rows so far, and a wait for Graph's report
 * limit. A wait shorter than a second is not reported by the store (it passes like latency).
 */
function withProgress(progress: IReadProgress | undefined): ReportReadState {
  if (progress?.waitingUntil !== undefined) return { status: 'waiting', reason: 'limit', until: progress.waitingUntil, rows: progress.rows };
  return progress && progress.rows > 0 ? { status: 'loading', rows: progress.rows } : { status: 'loading' };
}

/**
 * One report read through the session's store (memory, persistence, Graph), watched by screens.
 * It starts when first watched; a failure stays until `retry()` or the next time a screen comes to it.
 * The store's read is never cancelled from here: it is shared by every screen asking, so leaving one
 * must not cancel what another (or the next visit) waits for. A throttling wait, though, ends when no
 * one watches (nothing is sent meanwhile), and starts again when someone does.
 */
export class ReportRead extends Subscribable<ReportReadState> {
  public readonly key: string;
  private run = 0;
  private unfollow: (() => void) | undefined;
  /** The store generation the state was read at: a clear since makes it stale for the next screen. */
  private generation: number;

  public constructor(private readonly store: ReportStore, public readonly entry: IReportEntry, public readonly param: ReportParam | undefined, private readonly clock: () => number = Date.now) {
    super(IDLE);
    this.key = reportKey(entry.fn, param);
    this.generation = store.generation;
  }

  /** The result, when settled and read since the store was last cleared. */
  public get settled(): IReportResult | undefined {
    return this.state.status === 'ready' && !this.stale ? this.state.result : undefined;
  }

  /** Unwatched, a read that would start (or start again) when watched shows as loading: no idle frame first. */
  protected snapshot(current: ReportReadState): ReportReadState {
    return !this.watched && this.startsWhenWatched ? LOADING : current;
  }

  /** Read again after a failure; nothing otherwise. */
  public retry(): void {
    if (this.state.status === 'error') this.read();
  }

  /**
   * A screen coming to this read starts it when it has not read, failed, or read before the store was
   * cleared (a screen still showing it keeps it until it leaves; the next one reads again).
   */
  protected onActive(): void {
    if (this.startsWhenWatched) this.read();
  }

  private get stale(): boolean {
    return this.generation !== this.store.generation;
  }

  private get startsWhenWatched(): boolean {
    const status = this.state.status;
    return status === 'idle' || status === 'error' || (status === 'ready' && this.stale);
  }

  protected onIdle(): void {
    const state = this.state;
    if (state.status === 'waiting' && state.reason === 'throttled') {
      this.run++;
      this.follow(false);
      this.setState(IDLE);
    }
  }

  private read(): void {
    const id = ++this.run;
    const live = (): boolean => this.run === id;
    this.generation = this.store.generation;
    this.setState(withProgress(this.store.progress(this.key)));
    this.follow(true);
    readWithWaits(() => this.store.get(this.entry, this.param), {
      cancelled: () => !live(),
      onWait: left => {
        if (!live()) return;
        const now = this.state;
        // One wait, one timestamp: the countdown is the screen's.
        if (left > 0 && !(now.status === 'waiting' && now.reason === 'throttled')) this.setState({ status: 'waiting', reason: 'throttled', until: this.clock() + left * 1000 });
        if (left === 0) this.setState({ status: 'loading' });
      }
    }).then(
      result => { if (live()) { this.follow(false); this.setState({ status: 'ready', result }); } },
      (error: unknown) => { if (live()) { this.follow(false); this.setState({ status: 'error', error }); } }
    );
  }

  /** Fold the store's progress of this key into the state while reading (not while waiting out a 429). */
  private follow(on: boolean): void {
    this.unfollow?.();
    this.unfollow = on
      ? this.store.subscribe((key, progress) => {
        const now = this.state;
        if (key === this.key && (now.status === 'loading' || (now.status === 'waiting' && now.reason === 'limit'))) this.setState(withProgress(progress));
      })
      : undefined;
  }
}

/** Several reads watched as one (a tile over two reports): their states in order, and each read for its own Try again. */
export class ReportReadSet extends Subscribable<readonly ReportReadState[]> {
  private stops: Array<() => void> = [];
  private shown: readonly ReportReadState[];

  public constructor(public readonly reads: readonly ReportRead[]) {
    super([]);
    this.shown = reads.map(r => r.getState());
  }

  /** The reads' states now, in one array that keeps its identity while none of them changes. */
  protected snapshot(): readonly ReportReadState[] {
    const now = this.reads.map(r => r.getState());
    if (now.some((s, i) => s !== this.shown[i])) this.shown = now;
    return this.shown;
  }

  protected onActive(): void {
    const update = (): void => this.setState(this.snapshot());
    this.stops = this.reads.map(r => r.subscribe(update));
    update();
  }

  protected onIdle(): void {
    for (const stop of this.stops) stop();
    this.stops = [];
  }
}

/** A read's progress in the store (rows so far, a wait for the report limit), without starting a read: undefined when none is in flight. */
export class ReadProgress extends Subscribable<IReadProgress | undefined> {
  private stop: (() => void) | undefined;

  public constructor(private readonly store: ReportStore, public readonly key: string) {
    super(undefined);
  }

  protected onActive(): void {
    this.setState(this.store.progress(this.key));
    this.stop = this.store.subscribe((key, progress) => { if (key === this.key) this.setState(progress && { ...progress }); });
  }

  protected onIdle(): void {
    this.stop?.();
    this.stop = undefined;
    this.setState(undefined);
  }
}

/** A date range read day by day. */
export type DateRangeState =
  | { status: 'idle' }
  /**
   * Reading `current`; `until` while it waits (Graph's 429, or a place in Graph's report window:
   * `reason`); `estimateMs`: time the rest needs at Graph's report limit, once a day's size is known.
   */
  | { status: 'running'; done: number; total: number; current?: string; until?: number; reason?: 'throttled' | 'limit'; rows?: number; estimateMs?: number }
  | { status: 'ready'; from: string; to: string; rows: ReportRow[]; refreshDate: string | null; concealment: IConcealment }
  | { status: 'error'; error: unknown; done: number; total: number };

/**
 * A detail report read once per day of a range (through the store, one day at a time), the days merged.
 * `run(dates)` starts (a running range stops); the last screen leaving stops it and forgets it.
 */
export class DateRangeRead extends Subscribable<DateRangeState> {
  private run_ = 0;
  private unfollow: (() => void) | undefined;

  public constructor(private readonly store: ReportStore, public readonly entry: IReportEntry, private readonly clock: () => number = Date.now) {
    super({ status: 'idle' });
  }

  /** Read these days (YYYY-MM-DD, in order) and merge them. */
  public run(dates: readonly string[]): void {
    const id = ++this.run_;
    void this.readDays(dates, () => this.run_ === id);
  }

  /** Stop and forget. */
  public reset(): void {
    this.run_++;
    this.follow(undefined);
    this.setState({ status: 'idle' });
  }

  protected onIdle(): void {
    this.reset();
  }

  private async readDays(dates: readonly string[], live: () => boolean): Promise<void> {
    const total = dates.length;
    const days: Array<{ date: string; rows: ReportRow[] }> = [];
    let refreshDate: string | null = null;
    const concealment: IConcealment = { concealedRows: 0, totalRows: 0, columns: [] };
    let requests = 0;
    let estimateMs: number | undefined;
    this.setState({ status: 'running', done: 0, total });
    for (const date of dates) {
      const at = { status: 'running' as const, done: days.length, total, current: date, estimateMs };
      this.setState(at);
      this.follow({ key: reportKey(this.entry.fn, { date }), at, live });
      try {
        const result = await readWithWaits(() => this.store.get(this.entry, { date }), {
          cancelled: () => !live(),
          onWait: left => {
            if (!live()) return;
            const now = this.state;
            if (left > 0 && !(now.status === 'running' && now.reason === 'throttled')) this.setState({ ...at, until: this.clock() + left * 1000, reason: 'throttled' });
            if (left === 0) this.setState(at);
          }
        });
        if (!live()) return;
        days.push({ date, rows: result.rows });
        if (result.refreshDate && (!refreshDate || result.refreshDate > refreshDate)) refreshDate = result.refreshDate;
        concealment.concealedRows += result.concealment.concealedRows;
        concealment.totalRows += result.concealment.totalRows;
        for (const c of result.concealment.columns) if (!concealment.columns.includes(c)) concealment.columns.push(c);
        requests += result.requests;
        estimateMs = timeAtLimit((requests / days.length) * (total - days.length), this.store.limiter.limit(this.store.format));
      } catch (error) {
        if (live()) { this.follow(undefined); this.setState({ status: 'error', error, done: days.length, total }); }
        return;
      }
    }
    if (!live()) return;
    this.follow(undefined);
    this.setState({ status: 'ready', from: dates[0] ?? '', to: dates[dates.length - 1] ?? '', rows: mergeDayRows(days), refreshDate, concealment });
  }

  /** While the current day is read, its rows so far and any wait for Graph's report window join the state. */
  private follow(day: { key: string; at: Extract<DateRangeState, { status: 'running' }>; live: () => boolean } | undefined): void {
    this.unfollow?.();
    this.unfollow = undefined;
    if (!day) return;
    const fold = (progress: IReadProgress | undefined): void => {
      const now = this.state;
      if (!day.live() || !progress || (now.status === 'running' && now.reason === 'throttled')) return;
      this.setState(progress.waitingUntil !== undefined
        ? { ...day.at, until: progress.waitingUntil, reason: 'limit', rows: progress.rows }
        : { ...day.at, rows: progress.rows });
    };
    fold(this.store.progress(day.key));
    this.unfollow = this.store.subscribe((key, progress) => { if (key === day.key) fold(progress); });
  }
}

/**
 * The session's report reads, kept per question so a screen that comes back finds them as it left them
 * (a settled read renders at once, without a loading frame). The store's memory stays the one source of
 * truth: after a clear, each read is read again by the next screen that comes to it, and a read begun
 * before the clear is handed to the screen that waits for it but not kept past the clear.
 */
export class ReportReads {
  private readonly reads = new Map<string, ReportRead>();
  private readonly sets = new Map<string, ReportReadSet>();
  private readonly ranges = new Map<string, DateRangeRead>();
  private readonly progresses = new Map<string, ReadProgress>();

  public constructor(public readonly store: ReportStore, private readonly clock: () => number = Date.now) {}

  /** One report for a period or a day. */
  public read(entry: IReportEntry, param: ReportParam | undefined): ReportRead {
    const key = reportKey(entry.fn, param);
    let read = this.reads.get(key);
    if (!read) this.reads.set(key, (read = new ReportRead(this.store, entry, param, this.clock)));
    return read;
  }

  /** Several reports with the same parameter, watched as one. */
  public readAll(entries: readonly IReportEntry[], param: ReportParam | undefined): ReportReadSet {
    const reads = entries.map(e => this.read(e, param));
    const key = reads.map(r => r.key).join('\n');
    let set = this.sets.get(key);
    if (!set) this.sets.set(key, (set = new ReportReadSet(reads)));
    return set;
  }

  /** A report read day by day over a range. */
  public dateRange(entry: IReportEntry): DateRangeRead {
    let range = this.ranges.get(entry.fn);
    if (!range) this.ranges.set(entry.fn, (range = new DateRangeRead(this.store, entry, this.clock)));
    return range;
  }

  /** The progress of a read another part of the app started (rows so far, limit waits), by its key. */
  public progress(key: string): ReadProgress {
    let progress = this.progresses.get(key);
    if (!progress) this.progresses.set(key, (progress = new ReadProgress(this.store, key)));
    return progress;
  }

  /** The result of a read that has settled since the last clear, if any; never starts one (an export takes only what screens read). */
  public settled(entry: IReportEntry, param: ReportParam | undefined): IReportResult | undefined {
    return this.reads.get(reportKey(entry.fn, param))?.settled;
  }
}
