import { abortableSleep, abortError } from '../graph/abort';
import type { ReportFormat } from './reader';

/** How many requests one report API takes in a window. */
export interface IReportLimit {
  requests: number;
  windowMs: number;
}

/**
 * Graph's documented limits for usage reports, per report API, per app, per tenant: CSV 14 requests in
 * 10 minutes, JSON 100 in 10 minutes. Every page of a JSON read is a request; a CSV read is one request
 * (the 302), its download goes to another host.
 */
export const GRAPH_REPORT_LIMITS: Readonly<Record<ReportFormat, IReportLimit>> = {
  csv: { requests: 14, windowMs: 10 * 60_000 },
  json: { requests: 100, windowMs: 10 * 60_000 }
};

/** Whole seconds until `until` (ms since epoch), at least 1: what a countdown to the next report request shows. */
export function secondsUntil(until: number, now: number): number {
  return Math.max(1, Math.ceil((until - now) / 1000));
}

/** Options of a ReportLimiter; tests and benchmarks shorten the window, the product never does. */
export interface IReportLimiterOptions {
  limits?: Partial<Record<ReportFormat, IReportLimit>>;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** Hooks of one acquire. */
export interface IAcquireHooks {
  signal?: AbortSignal;
  /** Called before each wait with the time (ms since epoch) the next request may go, and the wait in ms. */
  onWait?: (until: number, waitMs: number) => void;
}

/** What the limiter did, for benchmarks and tests. */
export interface IReportLimiterStats {
  granted: number;
  waits: number;
  waitedMs: number;
}

/** Call when the request's answer has arrived. */
export type SettleRequest = () => void;

interface IStamp {
  /** When the answer arrived; undefined while the request is in flight (it counts, but has no time yet). */
  at: number | undefined;
}

/**
 * Keeps report reads within Graph's limits by waiting, never by failing: a sliding window of the
 * requests of each report API (function name, any parameter) and format. A request counts from the
 * moment it is granted; its time is the moment its answer arrived, which is never earlier than Graph
 * saw it, so our window never closes before Graph's. A request over the limit waits until the oldest
 * request in the window leaves it. Graph's own 429 stays possible (other apps share the tenant's budget)
 * and is still waited out by the transport's retry handler.
 */
export class ReportLimiter {
  public readonly stats: IReportLimiterStats = { granted: 0, waits: 0, waitedMs: 0 };
  private readonly log = new Map<string, IStamp[]>();
  private readonly limits: Record<ReportFormat, IReportLimit>;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;

  public constructor(options: IReportLimiterOptions = {}) {
    this.limits = { ...GRAPH_REPORT_LIMITS, ...options.limits };
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? abortableSleep;
  }

  /** The limit a format is held to. */
  public limit(format: ReportFormat): IReportLimit {
    return this.limits[format];
  }

  /**
   * Take a request place now if the window has one (returns the function to call when the answer
   * arrives), or say how many ms until one may free (returns a number; nothing taken).
   */
  public tryAcquire(fn: string, format: ReportFormat): SettleRequest | number {
    const { requests, windowMs } = this.limits[format];
    const key = `${fn.toLowerCase()}|${format}`;
    const now = this.now();
    const stamps = (this.log.get(key) ?? []).filter(s => s.at === undefined || s.at > now - windowMs);
    this.log.set(key, stamps);
    if (stamps.length < requests) {
      const stamp: IStamp = { at: undefined };
      stamps.push(stamp);
      this.stats.granted++;
      return () => { if (stamp.at === undefined) stamp.at = this.now(); };
    }
    const settled = stamps.filter(s => s.at !== undefined).map(s => s.at as number);
    // The oldest answered request leaves the window at its time + windowMs (one more ms so it has);
    // when every place is still in flight, look again shortly.
    return settled.length ? Math.max(1, Math.min(...settled) + windowMs - now + 1) : Math.max(1, Math.min(1000, Math.ceil(windowMs / 10)));
  }

  /** Wait (as long as it takes) for a request place of this report API, then take it. */
  public async acquire(fn: string, format: ReportFormat, hooks: IAcquireHooks = {}): Promise<SettleRequest> {
    for (;;) {
      if (hooks.signal?.aborted) throw abortError();
      const got = this.tryAcquire(fn, format);
      if (typeof got === 'function') return got;
      this.stats.waits++;
      this.stats.waitedMs += got;
      hooks.onWait?.(this.now() + got, got);
      await this.sleep(got, hooks.signal);
    }
  }
}

/**
 * How long `requests` more requests take at Graph's report limit: whole windows beyond the first
 * (requests within one window go at network speed). Undefined when they fit in one window.
 */
export function timeAtLimit(requests: number, limit: IReportLimit): number | undefined {
  const windows = Math.ceil(requests / limit.requests) - 1;
  return windows > 0 ? windows * limit.windowMs : undefined;
}
