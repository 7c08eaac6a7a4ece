import type { GraphGateway } from '../graph/GraphGateway';
import { abortError } from '../graph/abort';
import { JsonReportRead, readReport, reportKey } from './reader';
import type { IReportResult, ReportFormat } from './reader';
import { PageSizer } from './pageSize';
import { packRelayCopy, RelayAccessError, relayFileName, staleCopy, unpackRelayCopy } from './relay';
import type { IRelayEvent, IRelayPublish, IReportRelayOptions, RelayOutcome } from './relay';
import type { ReportRow } from './types';
import { detectConcealedNames } from './concealed';
import { GraphError } from '../graph/GraphError';
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
  /** Beta JSON page size (`$top`), fixed; when unset the store's PageSizer asks large and learns the tenant's cap. */
  pageSize?: number;
  /** Learns the report page size Graph gives this tenant (default: a new PageSizer, so one per store). */
  sizer?: PageSizer;
  /** Copies of whole reads in the tenant's SharePoint: read before Graph, published after it (see relay.ts). */
  relay?: IReportRelayOptions;
  /** Keeps requests within Graph's report limits (default: one with Graph's documented limits). */
  limiter?: ReportLimiter;
  now?: () => number;
}

/**
 * Which reads go through the relay: per-user detail reports over a period (D7 to D180), the ones that take
 * many pages and that the Users view and impressions read. A trend or distribution report is a page or two:
 * a copy would cost as much to check as it saves. A single day's read (the explorer's dates and ranges) is
 * not kept either: a 30-day range would leave 30 copies in the library that nothing reads again.
 */
function relayed(entry: IReportEntry, param: ReportParam | undefined): boolean {
  return entry.kind === 'detail' && param !== undefined && 'period' in param;
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

/** One user's row looked up in a report (see ReportStore.findRow). */
export interface IFoundRow {
  /** The read the row was looked up in: the whole report, or when `complete` is false the pages read so far. */
  result: IReportResult;
  row: ReportRow | undefined;
  /** Whether `result` is the whole report; a partial result is never the report (only where this row was). */
  complete: boolean;
}

/** What one relay check found: the rows to use (if any), and whether the library left it undecided (asked again next time). */
interface IRelayCheck {
  copy?: IReportResult;
  undecided?: boolean;
}

/** A JSON read stopped when a row was found, kept to be searched again or finished (never served as the report). */
interface IPartial {
  read: JsonReportRead;
  running?: Promise<unknown>;
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
  /** What this store has learned about Graph's report page size in this tenant. */
  public readonly sizer: PageSizer;
  /** What the relay did for each read that asked it (newest last). */
  public readonly relayLog: IRelayEvent[] = [];
  /** What the relay did with each read this store published (newest last). */
  public readonly publishLog: IRelayPublish[] = [];
  private readonly partials = new Map<string, IPartial>();
  private readonly relayChecks = new Map<string, Promise<IReportResult | undefined>>();
  private readonly publishing = new Set<Promise<void>>();
  private readonly publishListeners = new Set<(publication: IRelayPublish) => void>();
  private readonly memory = new Map<string, Promise<IReportResult>>();
  private readonly inFlight = new Map<string, IReadProgress>();
  private readonly listeners = new Set<(key: string, progress: IReadProgress | undefined) => void>();
  private active = 0;
  private readonly waiting: Array<() => void> = [];
  private clears = 0;
  private pruned = false;

  public constructor(private readonly gateway: GraphGateway, private readonly options: IReportStoreOptions) {
    this.limiter = options.limiter ?? new ReportLimiter();
    this.sizer = options.sizer ?? new PageSizer();
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
    this.partials.clear();
    this.relayChecks.clear();
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

  /**
   * One user's row of a report, reading no more of it than it takes: from the whole report when it is held
   * (memory, persistence, a fresh relay copy) or being read, otherwise from Graph page by page until the
   * row's page. What was read stays as a partial read: the next lookup searches it first and goes on from
   * where it stopped, and a later `get` finishes it rather than starting over. A partial read is never
   * given as the report (`complete` says which it is). A row not in the report reads the report whole.
   */
  public async findRow(entry: IReportEntry, param: ReportParam | undefined, match: (row: ReportRow) => boolean, signal?: AbortSignal): Promise<IFoundRow> {
    const key = reportKey(entry.fn, param);
    const whole = async (): Promise<IFoundRow> => {
      const result = await this.get(entry, param, signal);
      return { result, row: result.rows.find(match), complete: true };
    };
    if (this.memory.has(key) || this.options.format !== 'json') return whole();
    const generation = this.clears;
    const held = (await this.fromPersistence(key)) ?? (await this.fromRelay(entry, param, key, signal));
    if (held) {
      if (generation === this.clears && !this.memory.has(key)) this.memory.set(key, Promise.resolve(held));
      return { result: held, row: held.rows.find(match), complete: true };
    }
    // Where names are concealed no row can be matched: the first page that shows tokens answers the lookup.
    const concealed = (row: ReportRow): boolean => detectConcealedNames([row], entry).concealedRows > 0;
    for (;;) {
      if (this.memory.has(key)) return whole();
      let partial = this.partials.get(key);
      if (!partial) this.partials.set(key, (partial = { read: new JsonReportRead(entry, param) }));
      const row = partial.read.rows.find(match);
      if (row || partial.read.complete || partial.read.rows.some(concealed)) return { result: partial.read.result(), row, complete: partial.read.complete };
      if (partial.running) {
        await partial.running.catch(() => undefined);
        continue;
      }
      const read = partial.read;
      const running = this.readGraph(entry, key, signal, read, { until: r => match(r) || concealed(r) });
      partial.running = running;
      try {
        await running;
      } catch (e) {
        // A read that failed (a link gone stale, the report refreshed meanwhile) is not gone on from: the next
        // ask starts over. A cancelled one keeps its pages.
        if (!signal?.aborted && this.partials.get(key) === partial) this.partials.delete(key);
        throw e;
      } finally {
        partial.running = undefined;
      }
      if (read.complete) {
        const result = read.result();
        if (this.partials.get(key) === partial) this.partials.delete(key);
        // Kept only when no clear() came meanwhile; answered either way (a clear never makes a lookup read again).
        if (generation === this.clears && !this.memory.has(key)) {
          this.memory.set(key, Promise.resolve(result));
          await this.kept(entry, key, result);
        }
        return { result, row: result.rows.find(match), complete: true };
      }
    }
  }

  /** Be told of each relay publication as it ends (the web part says when one was refused). */
  public onPublished(listener: (publication: IRelayPublish) => void): () => void {
    this.publishListeners.add(listener);
    return () => { this.publishListeners.delete(listener); };
  }

  private published1(publication: IRelayPublish): void {
    this.publishLog.push(publication);
    for (const l of [...this.publishListeners]) l(publication);
  }

  /** Wait for every relay publication begun so far; resolves to what each did (the CLI awaits this). */
  public async published(): Promise<IRelayPublish[]> {
    while (this.publishing.size > 0) await Promise.all([...this.publishing]);
    return [...this.publishLog];
  }

  private storeKey(key: string): string {
    return `${this.persistPrefix}${this.options.format}|${key}`;
  }

  private async fromPersistence(key: string): Promise<IReportResult | undefined> {
    const persistence = this.persistence;
    if (!persistence) return undefined;
    const now = this.options.now ?? Date.now;
    const maxAgeMs = this.options.maxAgeMs ?? 6 * 3600_000;
    const generation = this.clears;
    if (!this.pruned) {
      // Once per session: reads past their age are deleted, anyone's, so none lingers on the device.
      this.pruned = true;
      void persistence.prune?.(now() - maxAgeMs).catch(() => undefined);
    }
    const persisted = await persistence.get(this.storeKey(key)).catch(() => undefined);
    if (persisted && generation === this.clears && now() - persisted.savedAt < maxAgeMs) {
      this.stats.persistedHits++;
      return persisted.result;
    }
    return undefined;
  }

  private async load(entry: IReportEntry, param: ReportParam | undefined, key: string, signal?: AbortSignal): Promise<IReportResult> {
    const generation = this.clears;
    const held = (await this.fromPersistence(key)) ?? (await this.fromRelay(entry, param, key, signal));
    if (held) return held;
    let read: JsonReportRead | undefined;
    if (this.options.format === 'json') {
      // A partial read (a row looked up) is finished, never started over.
      const partial = this.partials.get(key);
      if (partial?.running) await partial.running.catch(() => undefined);
      read = this.partials.get(key)?.read ?? new JsonReportRead(entry, param);
    }
    let result: IReportResult | undefined;
    const done = (): void => { if (read && this.partials.get(key)?.read === read) this.partials.delete(key); };
    try {
      result = await this.readGraph(entry, key, signal, read, {}, param);
    } catch (e) {
      // A failed read (a link gone stale, the report refreshed meanwhile) is started over by the next ask;
      // a cancelled one keeps its pages for whoever asks next.
      if (!signal?.aborted) done();
      throw e;
    }
    done();
    // A read that began before a clear() is not kept: the clear said this person's reads are gone.
    if (generation === this.clears && result) await this.kept(entry, key, result);
    if (!result) throw new Error(`The read of ${key} ended before its last page.`);
    return result;
  }

  /** A whole read from Graph arrived: keep it across reloads and publish it to the relay (detail reports only). */
  private async kept(entry: IReportEntry, key: string, result: IReportResult): Promise<void> {
    const now = this.options.now ?? Date.now;
    await this.persistence?.set(this.storeKey(key), { savedAt: now(), result }).catch(() => undefined);
    const relay = this.options.relay;
    if (!relay || relay.publish === false || result.source || !relayed(entry, result.param)) return;
    const name = relayFileName(result.fn, result.param);
    const job = packRelayCopy(result, new Date(now()), relay.publishedBy).then(bytes => relay.files.write(name, bytes))
      .then(() => this.published1({ key, ok: true }), (e: unknown) => this.published1({ key, ok: false, detail: e instanceof Error ? e.message : String(e) }));
    this.publishing.add(job);
    void job.finally(() => this.publishing.delete(job));
  }

  private relayEvent(key: string, outcome: RelayOutcome, detail?: string): void {
    this.relayLog.push({ key, outcome, ...(detail ? { detail } : {}) });
  }

  /** A relay copy that may stand for Graph's report, once per read and session; undefined to read Graph. */
  private fromRelay(entry: IReportEntry, param: ReportParam | undefined, key: string, signal?: AbortSignal): Promise<IReportResult | undefined> {
    const relay = this.options.relay;
    if (!relay || relay.read === false || this.options.format !== 'json' || !relayed(entry, param)) return Promise.resolve(undefined);
    let check = this.relayChecks.get(key);
    if (!check) {
      // A failed check (Graph refused, the read was cancelled) is asked again next time, and so is one the
      // library could not answer (refused, unreachable): only a decided copy (used, missing, stale, malformed) is kept.
      const forget = (): void => { if (this.relayChecks.get(key) === made) this.relayChecks.delete(key); };
      const made: Promise<IReportResult | undefined> = this.checkRelay(relay, entry, param, key, signal).then(
        ({ copy, undecided }) => { if (undecided) forget(); return copy; },
        (e: unknown) => { forget(); throw e; }
      );
      this.relayChecks.set(key, (check = made));
    }
    return check;
  }

  private async checkRelay(relay: IReportRelayOptions, entry: IReportEntry, param: ReportParam | undefined, key: string, signal?: AbortSignal): Promise<IRelayCheck> {
    let bytes: Uint8Array | undefined;
    try {
      bytes = await relay.files.read(relayFileName(entry.fn, param), signal);
    } catch (e) {
      if (signal?.aborted) throw e;
      const refused = e instanceof RelayAccessError && (e.status === 401 || e.status === 403);
      this.relayEvent(key, refused ? 'forbidden' : 'unreachable', e instanceof Error ? e.message : String(e));
      return { undecided: true };
    }
    if (bytes === undefined) {
      this.relayEvent(key, 'missing');
      return {};
    }
    let copy: IReportResult;
    try {
      copy = await unpackRelayCopy(bytes, entry, param, relay.files.where);
    } catch (e) {
      this.relayEvent(key, 'malformed', e instanceof Error ? e.message : String(e));
      return {};
    }
    // One row from Graph: proves this person may read the report (a refusal is the read's answer, and no
    // copy is shown), and gives Graph's report date to hold the copy's against.
    const probe = new JsonReportRead(entry, param);
    try {
      await this.readGraph(entry, key, signal, probe, { until: () => true, pageSize: 1, prefetch: false });
    } catch (e) {
      // A refusal is the read's answer: no copy for someone Graph refuses. Anything else (a one-row page
      // Graph would not give) leaves the copy unused and the read to Graph as before.
      if (signal?.aborted || !(e instanceof GraphError) || e.status === 401 || e.status === 403) throw e;
      this.relayEvent(key, 'unreachable', `Graph's one-row check failed (${e.message})`);
      return { undecided: true };
    }
    const graph = probe.result();
    // A report of at most one row: Graph's answer is the whole report.
    if (probe.complete) return { copy: graph };
    const stale = staleCopy(copy, graph);
    if (stale) {
      this.relayEvent(key, 'stale', stale);
      return {};
    }
    this.relayEvent(key, 'used');
    return { copy };
  }

  /**
   * Read from Graph under the store's concurrency and Graph's report limits: a JSON read goes on from where
   * `read` stopped, to its end or (with `until`) to the page of the row sought; resolves to the whole
   * report, or undefined when the read stopped early. A CSV read is always whole.
   */
  private async readGraph(entry: IReportEntry, key: string, signal: AbortSignal | undefined, read: JsonReportRead | undefined,
    json: { until?: (row: ReportRow) => boolean; pageSize?: number; prefetch?: boolean }, param?: ReportParam): Promise<IReportResult | undefined> {
    await this.slot(signal);
    let holding = true;
    let finished = false;
    const progress: IReadProgress = { rows: read?.rows.length ?? 0 };
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
      const options = { format: this.options.format, pageSize: json.pageSize ?? this.options.pageSize, sizer: this.sizer, signal, gate, onProgress: (rows: number) => update({ rows }) };
      if (!read) {
        const result = await readReport(this.gateway, entry, param, options);
        this.stats.requests += result.requests;
        return result;
      }
      const before = read.requests;
      try {
        await read.continue(this.gateway, { ...options, until: json.until, prefetch: json.prefetch });
      } finally {
        this.stats.requests += read.requests - before;
      }
      return read.complete ? read.result() : undefined;
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
