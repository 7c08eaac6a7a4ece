/**
 * The user list as one object the Users view watches and the CLI awaits: /users page by page, and the
 * joins (licences, MFA, last activity, and — once asked for — sign-ins, attack simulation training and MFA
 * enforcement), each degrading alone.
 */
import type { GraphGateway } from '../graph/GraphGateway';
import { isPassingFailure } from '../graph/GraphError';
import { Subscribable, settle } from '../graph/subscribable';
import { SecurityReads } from '../security';
import { OPTIONAL_JOINS, loadActivityJoin, loadLicenseJoin, loadMfaJoin, loadSignInJoin } from './loadUsers';
import { loadDeviceCountJoin } from './deviceCounts';
import { joinFailed } from './listPolicy';
import type { IReportSource, OptionalJoinKey, UserJoinKey } from './loadUsers';
import { streamUsersSharded } from './shards';
import type { IShardedOutcome } from './shards';
import type { IKeptLink, IKeptUsers, IUserListCache } from './userCache';
import { isDeltaRefused, latestDeltaLink, mergeUserChanges, readUserChanges } from './userDelta';
import type { IUserChanges } from './userDelta';
import { buildRows } from './userIndex';
import type { IJoinSources, IUserRow, SourceState } from './userIndex';
import { USER_LIST_SELECT, streamUsers } from './users';
import type { IUserRecord } from './users';

/** Everything the list knows, as it arrives. A new object whenever something arrives; rows are rebuilt, never changed in place. */
export interface IUserListState {
  /** /users itself: read to its end, still reading, or stopped (the pages read stay). */
  status: 'loading' | 'done' | 'error';
  error?: unknown;
  users: readonly IUserRecord[];
  /** A new array whenever a page or a join arrives, for memoized queries. */
  rows: IUserRow[];
  /** A new object exactly when a join's state changes (not per page), so what is built from them is rebuilt then. */
  joins: IJoinSources;
  /**
   * The list kept from an earlier visit is shown while Graph is asked what changed since (`checking`), and
   * when (ms since the epoch) it was kept. Absent for a list read afresh.
   */
  kept?: { savedAt: number; checking: boolean };
  /** How many users Graph counts in the tenant (`$count`), once a fresh read knows: how far the read is. */
  expected?: number;
}

/** Options of a UserList. */
export interface IUserListOptions {
  /** While users stream in, watchers hear of new pages at most this often (the first page at once); 0: every page. */
  redrawMs?: number;
  /** The clock of that pacing. */
  clock?: () => number;
  /** The session's shared security reads (the readiness tile and impressions ask the same); the list's own by default. */
  security?: SecurityReads;
  /** Where the list is kept between visits (per tenant and signed-in person): a visit then asks /users/delta what changed. */
  cache?: IUserListCache;
  /** Users per /users page (Graph's largest unless a test asks for less). */
  pageSize?: number;
  /** Read /users in UPN ranges side by side (default); false: one page after another (the benchmark's baseline). */
  shards?: boolean;
  /** How the last afresh read of /users went (plain or in ranges, requests, a fallback's reason). */
  onRead?: (outcome: IShardedOutcome) => void;
}

/** A kept list that nothing changed is written again, with its new delta link, once its link is this old (Graph keeps directory delta tokens 7 days). */
const RELINK_AFTER_MS = 24 * 60 * 60 * 1000;

/**
 * How long a kept list is shown: Graph keeps a directory delta link 7 days, and a list older than that could only
 * be read afresh. Stores delete anyone's older lists (idbPersistence.ts).
 */
export const KEPT_FOR_MS = 7 * 24 * 60 * 60 * 1000;

/** Changes past which a kept list is read afresh instead: a tenth of it, and never fewer than this. */
const MIN_DELTA_BOUND = 1000;
const deltaBound = (users: number): number => Math.max(MIN_DELTA_BOUND, Math.ceil(users / 10));

/** A macrotask later: what runs after it is a task of its own. */
const nextTask = (): Promise<void> => new Promise(resolve => setTimeout(resolve, 0));

/** A kept list (or its link) read with the list's current shape and `$select`. */
const isCurrent = (kept: IKeptLink): boolean => kept.version === 1 && kept.select === USER_LIST_SELECT;

/** A redraw may take at most this share of the time while users load: a slow one spaces the next ones out. */
const REDRAW_SHARE = 0.25;

/** The joins read with the list itself (the optional ones wait until asked for). */
type ListJoin = 'skus' | 'mfa' | 'activity';
const LIST_JOINS: readonly ListJoin[] = ['skus', 'mfa', 'activity'];

const fresh = (): IUserListState => ({
  status: 'loading',
  users: [],
  rows: [],
  joins: {
    skus: { status: 'loading' },
    mfa: { status: 'loading' },
    activity: { status: 'loading' },
    signIns: { status: 'off' },
    attackSimulation: { status: 'off' },
    mfaEnforcement: { status: 'off' },
    devices: { status: 'off' }
  }
});

/** What a list that will read afresh shows before anyone watches it (one object, so getState keeps its identity). */
const FRESH: IUserListState = fresh();

const isOptional = (key: UserJoinKey): key is OptionalJoinKey => (OPTIONAL_JOINS as readonly string[]).includes(key);

/**
 * Loads the tenant's users page by page and joins licences, MFA, last activity and — once asked for —
 * sign-ins, attack simulation training and MFA enforcement, as each arrives. The first watcher starts it;
 * the last one leaving aborts every outstanding request. Coming back finds a list read to its end as it
 * was, and reads again only the joins that were cut off or failed for a reason that may have passed; a
 * list left half-read is read again whole.
 */
export class UserList extends Subscribable<IUserListState> {
  private run = 0;
  private controller: AbortController | undefined;
  /** The optional joins' reads in flight, each stopped alone when no longer wanted. */
  private readonly optional = new Map<OptionalJoinKey, AbortController>();
  private readonly wanted = new Set<OptionalJoinKey>();
  private shownAt = -Infinity;

  private readonly security: SecurityReads;
  /** Set by invalidate(): the next watcher reads everything again. */
  private stale = false;
  /** The run going on when invalidate() was called: it shows what it reads, and keeps none of it. */
  private unkeptRun = -1;

  public constructor(private readonly gateway: GraphGateway, private readonly reports: IReportSource, private readonly options: IUserListOptions = {}) {
    super(fresh());
    this.security = options.security ?? new SecurityReads(gateway);
  }

  /** Read everything again (Try again after /users failed). */
  public retry(): void {
    this.stop();
    this.setState(fresh());
    if (this.watched) this.start();
  }

  /** Read a join again after it failed, or a part of it did (its columns show loading meanwhile); nothing when it has not failed. */
  public retryJoin(key: UserJoinKey): void {
    const signal = this.controller?.signal;
    if (!joinFailed(this.state.joins, key) || !signal || signal.aborted) return;
    if (isOptional(key)) {
      // Read again only while wanted: otherwise it waits, not asked for, until something wants it.
      this.setJoin(key, { status: 'off' });
      this.readOptional(key);
      return;
    }
    void this.join(key, this.run, signal, () => this.load(key, signal));
  }

  /**
   * The optional joins cost more than the list asks for by default (sign-ins a request per 120 users,
   * attack simulation three reports, MFA enforcement the policies and their members): each is read only
   * while asked for (its columns show, a filter reads it, or an export waits for it). Asking reads it once;
   * no longer asking stops the list's read in flight and the join goes back to not asked for (for the
   * security joins the list stops waiting: the session's shared read, SecurityReads, goes on for others).
   */
  public want(join: OptionalJoinKey, on: boolean): void {
    if (on === this.wanted.has(join)) return;
    if (on) {
      this.wanted.add(join);
      this.readOptional(join);
    } else {
      this.wanted.delete(join);
      this.stopOptional(join);
    }
  }

  /** want('signIns', on). */
  public wantSignIns(on: boolean): void {
    this.want('signIns', on);
  }

  /**
   * The data behind the list may have changed ("Clear cached data"): screens showing it keep it until they
   * leave; the next one reads it again whole, joins included.
   */
  public invalidate(): void {
    this.stale = true;
    // What is being read now is not kept when it is done: "Clear cached data" just emptied the store.
    this.unkeptRun = this.run;
  }

  /** Unwatched, a list that will be read afresh shows as fresh: never a frame of a half-read list, an old error, or stale rows. */
  protected snapshot(current: IUserListState): IUserListState {
    return !this.watched && (current.status !== 'done' || this.stale) ? FRESH : current;
  }

  protected onActive(): void {
    this.start();
  }

  /** Leaving stops everything; whoever watches next says again which optional joins they want. */
  protected onIdle(): void {
    this.wanted.clear();
    this.stop();
  }

  private start(): void {
    const reuse = this.state.status === 'done' && !this.stale;
    this.stale = false;
    if (!reuse) this.setState(fresh());
    const run = ++this.run;
    const controller = (this.controller = new AbortController());
    const { signal } = controller;
    let begun: () => void = () => undefined;
    // The joins start once the users are under way: a kept list is read from the browser's store first (the
    // joins' own kept reports would be read from it at the same time and hold it up); a fresh read at once.
    const underway = reuse ? Promise.resolve() : new Promise<void>(resolve => { begun = resolve; });
    if (!reuse) void this.readUsers(run, signal, begun).finally(begun);
    void underway.then(() => {
      if (run !== this.run) return;
      // A kept list reads only the joins cut off when the watchers left (they stayed 'loading') and those
      // that failed for a reason that may have passed.
      for (const key of LIST_JOINS) {
        const state = this.state.joins[key];
        if (!reuse || state.status === 'loading' || (state.status === 'error' && isPassingFailure(state.error))) void this.join(key, run, signal, () => this.load(key, signal));
      }
    });
    for (const key of OPTIONAL_JOINS) this.readOptional(key);
  }

  private stop(): void {
    this.run++;
    this.controller?.abort();
    this.controller = undefined;
    for (const key of OPTIONAL_JOINS) this.stopOptional(key);
  }

  /**
   * /users: the kept list brought up to date through /users/delta when there is one, else read afresh in
   * ranges side by side (shards.ts). A delta link Graph refuses (expired, unknown) sends the list to a fresh
   * read; a failure that may pass (network, throttling) leaves the kept list shown, with the error.
   */
  private async readUsers(run: number, signal: AbortSignal, begun: () => void): Promise<void> {
    const cache = this.options.cache;
    if (cache) {
      // The link first where the store keeps it apart (read in a moment): Graph is asked what changed while
      // the list itself is still being read.
      const now = (this.options.clock ?? Date.now)();
      const usable = (k: IKeptLink | undefined): k is IKeptLink => !!k && isCurrent(k) && now - k.savedAt <= KEPT_FOR_MS;
      const link = await cache.loadLink?.();
      // Until the list is read its length is not known: a bound for a large one, then its own.
      const bound = { changes: MIN_DELTA_BOUND * 10 };
      const early = usable(link) ? readUserChanges(this.gateway, link.deltaLink, signal, () => bound.changes) : undefined;
      early?.catch(() => undefined);
      const kept = await cache.load();
      if (run !== this.run) return;
      // A list kept longer than Graph keeps its delta link is not shown (and not kept on).
      if (kept && isCurrent(kept) && !usable(kept)) void cache.clear().catch(() => undefined);
      if (kept && usable(kept)) {
        bound.changes = deltaBound(kept.users.length);
        const asked = early && link?.savedAt === kept.savedAt && link.deltaLink === kept.deltaLink ? early : undefined;
        if (await this.readKept(run, signal, kept, asked, begun)) return;
        if (run !== this.run) return;
        this.setState({ ...fresh(), joins: this.state.joins });
      }
    }
    begun();
    await this.readFresh(run, signal);
  }

  /**
   * Show the kept list at once, then apply what changed (`asked`: its changes, already asked for). False when
   * the link was refused (read afresh).
   */
  private async readKept(run: number, signal: AbortSignal, kept: IKeptUsers, asked: Promise<IUserChanges> | undefined, shown: () => void): Promise<boolean> {
    const { users, savedAt } = kept;
    // Reading a large kept list was one long task: the rows are built and drawn in the next one.
    await nextTask();
    if (run !== this.run) return true;
    this.setState({ ...this.state, users, rows: buildRows(users, this.state.joins), kept: { savedAt, checking: true } });
    shown();
    try {
      const { changes, deltaLink } = await (asked ?? readUserChanges(this.gateway, kept.deltaLink, signal, () => deltaBound(users.length)));
      if (run !== this.run) return true;
      const result = changes.size ? mergeUserChanges(users, changes) : { users, added: 0, updated: 0, removed: 0 };
      const changed = result.added + result.updated + result.removed > 0;
      const now = (this.options.clock ?? Date.now)();
      const current = changed ? result.users : users;
      // Kept before the list says it is done: a watcher that leaves then (an awaited load) ends this run. An
      // unchanged list keeps its link (still good: it replays nothing) unless the link is getting old.
      if ((changed || now - savedAt > RELINK_AFTER_MS) && run !== this.unkeptRun) void this.options.cache?.save({ version: 1, select: USER_LIST_SELECT, deltaLink, savedAt: now, users: current }).catch(() => undefined);
      this.setState({
        ...this.state, status: 'done', users: current, kept: { savedAt: now, checking: false },
        rows: changed ? buildRows(current, this.state.joins, this.state.rows) : this.state.rows
      });
      return true;
    } catch (error) {
      if (signal.aborted || run !== this.run) return true;
      if (isDeltaRefused(error)) {
        void this.options.cache?.clear().catch(() => undefined);
        return false;
      }
      this.setState({ ...this.state, status: 'error', error, kept: { savedAt, checking: false } });
      return true;
    }
  }

  /** Read /users afresh, in ranges side by side; keep the list with a delta link asked for before the read. */
  private async readFresh(run: number, signal: AbortSignal): Promise<void> {
    const redrawMs = this.options.redrawMs ?? 0;
    const clock = this.options.clock ?? Date.now;
    // Asked before the read: changes made while it runs are replayed by the next visit, never missed.
    const link = this.options.cache ? latestDeltaLink(this.gateway, signal).catch(() => undefined) : undefined;
    let users: IUserRecord[] = [];
    let gap = redrawMs;
    this.shownAt = -Infinity;
    try {
      const pages = this.options.shards === false
        ? streamUsers(this.gateway, { signal, pageSize: this.options.pageSize })
        : streamUsersSharded(this.gateway, { signal, pageSize: this.options.pageSize, onDone: this.options.onRead, onCount: expected => this.replace({ ...this.state, expected }) });
      for await (const page of pages) {
        if (run !== this.run) return;
        if (!page.length) continue;
        users = users.concat(page);
        // The rows read so far as they stand now: a join that settled while this page was on its way has
        // rebuilt them (setJoin), and rows kept from before that would drop what it brought.
        const rows = this.state.rows.concat(buildRows(page, this.state.joins));
        // The first page shows at once; after that a few times a second, not per page, so drawing never
        // holds up reading: a redraw that took long (a large list) spaces the next ones out further.
        if (clock() - this.shownAt >= gap) {
          const before = clock();
          this.setState({ ...this.state, users, rows });
          this.shownAt = clock();
          gap = Math.max(redrawMs, (this.shownAt - before) / REDRAW_SHARE);
        } else {
          this.replace({ ...this.state, users, rows });
        }
      }
      if (run !== this.run) return;
      // The link was asked before the first page (it is in hand by now as a rule). The list is kept before it
      // says it is done: a watcher that leaves then (an awaited load) ends this run.
      const deltaLink = await link;
      if (run !== this.run) return;
      if (deltaLink && run !== this.unkeptRun) void this.options.cache?.save({ version: 1, select: USER_LIST_SELECT, deltaLink, savedAt: clock(), users }).catch(() => undefined);
      this.setState({ ...this.state, users, status: 'done' });
    } catch (error) {
      if (signal.aborted || run !== this.run) return;
      // The pages already read stay.
      this.setState({ ...this.state, users, status: 'error', error });
    }
  }

  /** Read an optional join when it is wanted, the list is watched, and it has not been read (nor is being read). */
  private readOptional(key: OptionalJoinKey): void {
    const signal = this.controller?.signal;
    if (!this.wanted.has(key) || !signal || this.state.joins[key].status !== 'off') return;
    const controller = new AbortController();
    this.optional.set(key, controller);
    const stopWith = (): void => controller.abort();
    signal.addEventListener('abort', stopWith, { once: true });
    void this.join(key, this.run, controller.signal, () => this.loadOptional(key, controller.signal))
      .finally(() => {
        signal.removeEventListener('abort', stopWith);
        if (this.optional.get(key) === controller) this.optional.delete(key);
      });
  }

  /** Stop an optional join's read in flight; it goes back to not asked for (what was read stays). */
  private stopOptional(key: OptionalJoinKey): void {
    this.optional.get(key)?.abort();
    this.optional.delete(key);
    if (this.state.joins[key].status === 'loading') this.setJoin(key, { status: 'off' });
  }

  /** Read one of the optional joins: sign-ins are directory's, the security joins core/security's as they are. */
  private loadOptional(key: OptionalJoinKey, signal: AbortSignal): Promise<unknown> {
    switch (key) {
      case 'signIns': return loadSignInJoin(this.gateway, signal);
      case 'attackSimulation': return this.security.attackSimulation(signal);
      case 'mfaEnforcement': return this.security.mfaEnforcement(signal);
      case 'devices': return loadDeviceCountJoin(this.gateway, signal);
    }
  }

  private async join<T>(key: UserJoinKey, run: number, signal: AbortSignal, load: () => Promise<T>): Promise<void> {
    this.setJoin(key, { status: 'loading' });
    let state: SourceState<unknown>;
    try {
      state = { status: 'ready', data: await load() };
    } catch (error) {
      if (signal.aborted) return;
      state = { status: 'error', error };
    }
    if (run !== this.run || signal.aborted) return;
    this.setJoin(key, state);
  }

  /** Read one of the list's joins: the loaders are core's (loadUsers.ts). */
  private load(key: ListJoin, signal: AbortSignal): Promise<unknown> {
    switch (key) {
      case 'skus': return loadLicenseJoin(this.gateway, signal, names => this.replace({ ...this.state, joins: { ...this.state.joins, skuNames: names } }));
      case 'mfa': return loadMfaJoin(this.gateway, signal);
      case 'activity': return loadActivityJoin(this.reports, signal);
    }
  }

  /** A join's new state, in a new joins object; every row is rebuilt once per join, not per page. */
  private setJoin(key: UserJoinKey, state: SourceState<unknown>): void {
    const joins = { ...this.state.joins, [key]: state } as IJoinSources;
    const settledNow = state.status === 'ready' || state.status === 'error';
    this.setState({ ...this.state, joins, rows: settledNow ? buildRows(this.state.users, joins, this.state.rows) : this.state.rows });
  }

  /** Keep a newer state without telling watchers yet (a page between redraws; the SKU names before the licences). */
  private replace(next: IUserListState): void {
    this.setState(next, true);
  }
}

/** Options of a whole load. */
export interface ILoadUsersOptions {
  /** Read sign-ins too (costly: a request per 120 users); default false, as the view does until the column shows. */
  signIns?: boolean;
  /** Read attack simulation training too (three reports; AttackSimulation.Read.All); default false. */
  attackSimulation?: boolean;
  /** Read how MFA is enforced too (security defaults, Conditional Access and their members; Policy.Read.All); default false. */
  mfaEnforcement?: boolean;
  /** Read every device of the tenant too, for the Devices column (Device.Read.All; Intune's DeviceManagementManagedDevices.Read.All); default false. */
  devices?: boolean;
  signal?: AbortSignal;
  /** Users loaded so far, after each /users page. */
  onUsers?: (loaded: number) => void;
  /** A join settled (ready or error). */
  onJoin?: (key: UserJoinKey, state: SourceState<unknown>) => void;
  /** Keep the list between runs (the CLI's `--cache <dir>`): a run then asks /users/delta what changed. */
  cache?: IUserListCache;
  /** How /users was read afresh (plain or in ranges), when it was. */
  onRead?: (outcome: IShardedOutcome) => void;
}

/** Every user with every join settled. */
export interface ILoadedUsers {
  users: IUserRecord[];
  rows: IUserRow[];
  joins: IJoinSources;
}

const JOIN_KEYS: readonly UserJoinKey[] = ['skus', 'mfa', 'activity', ...OPTIONAL_JOINS];

/**
 * Load the whole list and wait for every join: the Users view's list object, awaited. A /users failure
 * rejects (there is no list without it) and stops the joins; a join failure becomes `{ status: 'error' }`
 * in `joins` and its columns stay empty, as in the view.
 */
export function loadUsers(gateway: GraphGateway, reports: IReportSource, options: ILoadUsersOptions = {}): Promise<ILoadedUsers> {
  const list = new UserList(gateway, reports, { cache: options.cache, onRead: options.onRead });
  const asked = (k: UserJoinKey): boolean => isOptional(k) && !!options[k];
  for (const key of OPTIONAL_JOINS) list.want(key, asked(key));
  let told = 0;
  const heard = new Set<UserJoinKey>();
  return settle<IUserListState, ILoadedUsers>(list, state => {
    if (state.users.length !== told) options.onUsers?.((told = state.users.length));
    for (const key of JOIN_KEYS) {
      const join = state.joins[key];
      if ((join.status === 'ready' || join.status === 'error') && !heard.has(key)) {
        heard.add(key);
        options.onJoin?.(key, join);
      }
    }
    if (state.status === 'error') return { error: state.error };
    const joinsDone = JOIN_KEYS.every(k => state.joins[k].status !== 'loading' && (!asked(k) || state.joins[k].status !== 'off'));
    return state.status === 'done' && joinsDone ? { value: { users: [...state.users], rows: state.rows, joins: state.joins } } : undefined;
  }, options.signal);
}
