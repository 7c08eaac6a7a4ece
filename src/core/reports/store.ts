import type { GraphGateway } from '../graph/GraphGateway';
import { abortError } from '../graph/abort';
import { readReport, reportKey } from './reader';
import type { IReportResult, ReportFormat } from './reader';
import { ReportLimiter } from './limiter';
import type { ReportParam } from './params';
import type { IReportEntry } from './types';

/** Somewhere to keep report reads across reloads (IndexedDB in browsers); optional. */
export interface IReportPersistence {
  get(key: string): Promise<{ savedAt: number; result: IReportResult } | undefined>;
  set(key: string, value: { savedAt: number; result: IReportResult }): Promise<void>;
  /** Delete every entry whose key starts with `prefix`; resolves to how many there were. */
  clear(prefix: string): Promise<number>;
  /** Delete every entry saved before `savedBefore` (ms since epoch), whoever's it is. */
  prune?(savedBefore: number): Promise<void>;
}

/** Options of the report store. */
export interface IReportStoreOptions {
  format: ReportFormat;
  /** Keys persisted entries per tenant, so two tenants never share rows. */
  tenantKey?: string;
  /**
   * The signed-in person (their directory object id): persisted entries are keyed by tenant and person, so
   * one person's reads are never served to another. Without both keys nothing is persisted.
   */
  userKey?: string;
  persistence?: IReportPersistence;
  /** How long a persisted read stays good (default 6 hours; Graph refreshes reports about daily). */
  maxAgeMs?: number;
  /** Reads in flight at once; a read waiting for the report limit gives its place up meanwhile. */
  concurrency?: number;
  /** Beta JSON page size (`$top`); Graph's default (200) when unset. */
  pageSize?: number;
  /** Keeps requests within Graph's report limits (default: one with Graph's documented limits). */
  limiter?: ReportLimiter;
  now?: () => number;
}

/** Waits for the report limit shorter than this are not reported as waits (they pass like latency). */
const SHOWN_WAIT_MS = 1000;

/** Where a read in flight stands, for a screen that wants to say more than "loading". */
export interface IReadProgress {
  /** Rows read so far. */
  rows: number;
  /** Set while the read waits for Graph's report limit: when (ms since epoch) the next request may go. */
  waitingUntil?: number;
}

/** What `ReportStore.clear()` dropped. */
export interface IClearedReports {
  /** Reads deleted from persistence (this tenant and person only). */
  persisted: number;
  /** Reads dropped from memory (read or in flight). */
  inMemory: number;
  /** Whether this store persists at all (false when the person is unknown or the host keeps nothing). */
  persists: boolean;
}

/** Counts, for benchmarks and tests: how many reads reached Graph, and how many were answered from cache. */
export interface IReportStoreStats {
  reads: number;
  requests: number;
  memoryHits: number;
  persistedHits: number;
}

/**
 * Reads each (function, parameter) once per session and shares it: the user list, the impression and the
 * charts all ask here, so a UI interaction never re-reads a report. Concurrent asks share one read.
 */
export class ReportStore {
  public readonly stats: IReportStoreStats = { reads: 0, requests: 0, memoryHits: 0, persistedHits: 0 };
  /** The request limiter every read of this store goes through. */
  public readonly limiter: ReportLimiter;
  private readonly memory = new Map<string, Promise<IReportResult>>();
  private readonly inFlight = new Map<string, IReadProgress>();
  private readonly listeners = new Set<(key: string, progress: IReadProgress | undefined) => void>();
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private clears = 0;
  private pruned = false;

  public constructor(private readonly gateway: GraphGateway, private readonly options: IReportStoreOptions) {
    this.limiter = options.limiter ?? new ReportLimiter();
  }

  /** The format this store reads in. */
  public get format(): ReportFormat {
    return this.options.format;
  }

  /** Whether reads are kept across reloads: only with somewhere to keep them and both a tenant and a person to key them by. */
  public get persists(): boolean {
    return !!this.persistence;
  }

  /** Bumped by every `clear()`: what a screen remembers from an older generation is stale. */
  public get generation(): number {
    return this.clears;
  }

  /**
   * Forget this person's report reads: every one held in memory (reads in flight are not kept when they
   * end) and every one persisted for this tenant and person. The next ask reads Graph again.
   */
  public async clear(): Promise<IClearedReports> {
    this.clears++;
    const inMemory = this.memory.size;
    this.memory.clear();
    const persistence = this.persistence;
    const persisted = persistence ? await persistence.clear(this.persistPrefix) : 0;
    return { persisted, inMemory, persists: !!persistence };
  }

  private get persistence(): IReportPersistence | undefined {
    const { persistence, tenantKey, userKey } = this.options;
    return persistence && tenantKey && userKey ? persistence : undefined;
  }

  /** `<tenant>|<person>|`: every persisted key of this store starts so (both encoded, so neither can carry a `|`). */
  private get persistPrefix(): string {
    return `${encodeURIComponent(this.options.tenantKey ?? '')}|${encodeURIComponent(this.options.userKey ?? '')}|`;
  }

  /** Progress of a read in flight, by its `reportKey` (undefined when none is). */
  public progress(key: string): IReadProgress | undefined {
    return this.inFlight.get(key);
  }

  /** Be told whenever a read in flight makes progress, waits or ends (progress undefined: it ended). */
  public subscribe(listener: (key: string, progress: IReadProgress | undefined) => void): () => void {
    this.listeners.add(listener);
    return () => { this.listeners.delete(listener); };
  }

  /** The rows of one report read, from memory, persistence or Graph (in that order). */
  public get(entry: IReportEntry, param: ReportParam | undefined, signal?: AbortSignal): Promise<IReportResult> {
    const key = reportKey(entry.fn, param);
    const cached = this.memory.get(key);
    if (cached) {
      this.stats.memoryHits++;
      return cached;
    }
    const promise = this.load(entry, param, key, signal);
    this.memory.set(key, promise);
    // A failed or cancelled read is not cached: the next ask tries again.
    promise.catch(() => { if (this.memory.get(key) === promise) this.memory.delete(key); });
    return promise;
  }

  private async load(entry: IReportEntry, param: ReportParam | undefined, key: string, signal?: AbortSignal): Promise<IReportResult> {
    const persistence = this.persistence;
    const storeKey = `${this.persistPrefix}${this.options.format}|${key}`;
    const now = this.options.now ?? Date.now;
    const maxAgeMs = this.options.maxAgeMs ?? 6 * 3600_000;
    const generation = this.clears;
    if (persistence && !this.pruned) {
      // Once per session: reads past their age are deleted, anyone's, so none lingers on the device.
      this.pruned = true;
      void persistence.prune?.(now() - maxAgeMs).catch(() => undefined);
    }
    const persisted = await persistence?.get(storeKey).catch(() => undefined);
    if (persisted && generation === this.clears && now() - persisted.savedAt < maxAgeMs) {
      this.stats.persistedHits++;
      return persisted.result;
    }
    await this.slot(signal);
    let holding = true;
    let finished = false;
    const progress: IReadProgress = { rows: 0 };
    const update = (change: Partial<IReadProgress>): void => {
      Object.assign(progress, change);
      this.inFlight.set(key, { ...progress });
      this.notify(key);
    };
    // Each request first takes a place in Graph's report window. A read that must wait for one gives
    // its concurrency place to other reads meanwhile, and takes one again before it goes on.
    const gate = async (): Promise<() => void> => {
      const settle = await this.limiter.acquire(entry.fn, this.options.format, {
        signal,
        onWait: (until, waitMs) => {
          if (holding) { holding = false; this.release(); }
          // Past the first long wait, a sliding window paces pages a few ms apart: those are not worth a banner.
          if (waitMs >= SHOWN_WAIT_MS) update({ waitingUntil: until });
        }
      });
      if (!holding) {
        try {
          await this.slot(signal);
        } catch (e) {
          settle(); // the place taken is given its time, though no request went
          throw e;
        }
        if (finished) {
          // A page asked for ahead of a read that has since ended: give the place straight back.
          this.release();
          settle();
          throw abortError();
        }
        holding = true;
      }
      if (progress.waitingUntil !== undefined) update({ waitingUntil: undefined });
      return settle;
    };
    update({});
    try {
      this.stats.reads++;
      const result = await readReport(this.gateway, entry, param, { format: this.options.format, pageSize: this.options.pageSize, signal, gate, onProgress: rows => update({ rows }) });
      this.stats.requests += result.requests;
      // A read that began before a clear() is not kept: the clear said this person's reads are gone.
      if (generation === this.clears) await persistence?.set(storeKey, { savedAt: now(), result }).catch(() => undefined);
      return result;
    } finally {
      finished = true;
      if (holding) this.release();
      this.inFlight.delete(key);
      this.notify(key);
    }
  }

  private notify(key: string): void {
    const progress = this.inFlight.get(key);
    for (const l of [...this.listeners]) l(key, progress);
  }

  private slot(signal?: AbortSignal): Promise<void> {
    if (this.active < (this.options.concurrency ?? 4)) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => {
      const go = (): void => { signal?.removeEventListener('abort', onAbort); this.active++; resolve(); };
      const onAbort = (): void => {
        const i = this.waiting.indexOf(go);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(abortError());
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(go);
    });
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }
}
