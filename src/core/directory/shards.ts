/**
 * The user list read side by side (issue 18): `/users` paged one 999-user page after another costs pages x
 * round trip however fast the client is. Graph filters `userPrincipalName` with `ge`/`le`, so the tenant
 * splits into ranges of UPNs that page at the same time.
 *
 * - First rows stay one round trip away: the first request is the plain list (with `$count`, so the tenant's
 *   size is known) and its page is shown at once. A tenant of a few pages goes on plainly: shards would only
 *   add requests.
 * - Ranges are cut at quantiles of that first page's UPNs (Graph's plain order is not by UPN, so the page is a
 *   sample of the tenant), several per lane so a lane that finishes early takes the next range.
 * - Disjoint and complete by construction: each boundary is a prefix without `@`, which no UPN equals, made of
 *   lowercase letters and digits only (ordered alike by every collation Graph might use), and the ranges
 *   (…, b1], [b1, b2], …, [bn, …) cover every string. Proven on every read: each range must bring at least the
 *   users its own `@odata.count` says it holds; a range that comes back short is read again, and when it is
 *   still short, or Graph refuses a range, the plain list is read to its end and only users not yet read are
 *   added. A tenant's `$count` that moved while the ranges were read (a joiner, a leaver) does not send the whole
 *   list back to the plain read.
 * - Range queries are advanced queries (`ConsistencyLevel: eventual` with `$count=true`).
 * - Lanes: SHARD_LANES at a time. Reading /users with `$select` costs 1 resource unit per page against the
 *   app's 8,000 per 10 s in a large tenant, and in SharePoint that app is every SPFx solution of the tenant
 *   (one app registration): six lanes take a few percent of it, and a 429 is retried after its Retry-After
 *   by the Graph client as for any request.
 */
import type { GraphGateway } from '../graph/GraphGateway';
import { GraphError } from '../graph/GraphError';
import { abortError, abortableSleep } from '../graph/abort';
import { USER_LIST_SELECT, USER_PAGE_SIZE, toUserRecord } from './users';
import type { IUserRecord } from './users';

/** Ranges read at the same time. */
export const SHARD_LANES = 6;
/** Ranges per lane: a lane done early takes another, so one large range does not hold up the end. */
const RANGES_PER_LANE = 3;
/** A tenant of at most this many pages is read plainly. */
const PLAIN_UP_TO_PAGES = 3;

const EVENTUAL = { ConsistencyLevel: 'eventual' };

/** Options of a sharded read. */
export interface IShardedReadOptions {
  signal?: AbortSignal;
  /** Users per page (Graph's largest, 999, unless a test asks for less). */
  pageSize?: number;
  lanes?: number;
  /** Read plainly up to this many pages (default 3). */
  plainUpToPages?: number;
  /** How the read went, once it has ended: for the bench, the README's claims and tests. */
  onDone?: (outcome: IShardedOutcome) => void;
  /** The tenant's `$count`, once the first page has brought it (a progress bar can then say how far the read is). */
  onCount?: (count: number) => void;
}

/** How a sharded read went. */
export interface IShardedOutcome {
  mode: 'plain' | 'sharded' | 'sharded-then-plain';
  /** The tenant's `$count` as Graph gave it with the first page (undefined when Graph gave none). */
  count: number | undefined;
  ranges: number;
  requests: number;
  users: number;
  /** Why the plain list was read after the ranges. */
  fallback?: string;
  /** Ranges that brought fewer users than their own count and were read again. */
  rangesReadAgain?: number;
}

/** One range as read: its filter, the users its first page counted (`@odata.count`), the users it brought. */
interface IRangeTally {
  filter: string;
  counted?: number;
  got: number;
}

/** `userPrincipalName` in [lower, upper] (either open), as a $filter. */
export function rangeFilter(lower: string | undefined, upper: string | undefined): string {
  const q = (s: string): string => `'${s.replace(/'/g, "''")}'`;
  const parts = [lower !== undefined ? `userPrincipalName ge ${q(lower)}` : '', upper !== undefined ? `userPrincipalName le ${q(upper)}` : ''].filter(Boolean);
  return parts.join(' and ');
}

/**
 * Boundaries cutting `upns` (a sample of the tenant) into about `ranges` equal parts: each the shortest prefix
 * of a quantile's local part that is greater than the boundary before it. Lowercased, without `@`, so no UPN
 * equals one; strictly increasing. Only letters and digits: a prefix stops at the first other character (UPNs
 * also hold . - _ ' ! # ^ ~), since Graph's collation is not documented and a linguistic one orders punctuation
 * unlike code points — boundaries it ordered otherwise would make ranges that overlap. Lowercase letters and
 * digits are ordered alike by code point, by case-insensitive and by linguistic comparison.
 */
export function rangeBounds(upns: readonly string[], ranges: number): string[] {
  const local = upns.map(u => /^[a-z0-9]*/.exec(u.toLowerCase().split('@')[0] ?? '')?.[0] ?? '').filter(Boolean).sort();
  const bounds: string[] = [];
  for (let k = 1; k < ranges; k++) {
    const at = local[Math.floor((k * local.length) / ranges)];
    if (!at) continue;
    const last = bounds[bounds.length - 1];
    for (let n = 1; n <= at.length; n++) {
      const prefix = at.slice(0, n);
      if (last === undefined || prefix > last) {
        bounds.push(prefix);
        break;
      }
    }
  }
  return bounds;
}

/** The ranges the boundaries make, as filters: (…, b1], [b1, b2], …, [bn, …). */
export function rangeFilters(bounds: readonly string[]): string[] {
  if (!bounds.length) return [];
  const out = [rangeFilter(undefined, bounds[0])];
  for (let i = 1; i < bounds.length; i++) out.push(rangeFilter(bounds[i - 1], bounds[i]));
  out.push(rangeFilter(bounds[bounds.length - 1], undefined));
  return out;
}

const usersPath = (top: number, filter?: string): string =>
  `/users?$select=${USER_LIST_SELECT}&$top=${top}&$count=true${filter ? `&$filter=${encodeURIComponent(filter)}` : ''}`;

/** Pages arriving from several lanes, handed out one at a time in arrival order. */
class PageQueue {
  private readonly pages: IUserRecord[][] = [];
  private wake: (() => void) | undefined;
  private failure: { error: unknown } | undefined;
  private finished = false;

  /** Every lane has ended: once the queue is empty, `next` gives undefined. */
  public end(): void {
    this.finished = true;
    this.wake?.();
  }

  public push(page: IUserRecord[]): void {
    this.pages.push(page);
    this.wake?.();
  }

  public fail(error: unknown): void {
    this.failure ??= { error };
    this.wake?.();
  }

  /** The next page; undefined once the lanes have ended and nothing is left. */
  public async next(): Promise<IUserRecord[] | undefined> {
    for (;;) {
      if (this.failure) throw this.failure.error;
      const page = this.pages.shift();
      if (page) return page;
      if (this.finished) return undefined;
      await new Promise<void>(resolve => { this.wake = resolve; });
      this.wake = undefined;
    }
  }
}

const records = (raw: unknown[]): IUserRecord[] => {
  const out: IUserRecord[] = [];
  for (const r of raw) {
    const rec = toUserRecord(r);
    if (rec) out.push(rec);
  }
  return out;
};

/** A lane asks a throttled page again this many times after the Graph client's own retries gave up. */
const LANE_THROTTLE_RETRIES = 5;

/**
 * GET one page of a range. Lanes share the app's resource units: when Graph still answers 429 after the client's
 * retries, the lane waits Graph's Retry-After (the client's first) and asks again, a few times, rather than
 * failing the whole read because six lanes outran a tight quota.
 */
async function readThrottled(gateway: GraphGateway, url: string, signal: AbortSignal): Promise<Record<string, unknown>> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await gateway.get<Record<string, unknown>>(url, { signal, headers: EVENTUAL });
    } catch (e) {
      if (!(e instanceof GraphError) || e.status !== 429 || attempt >= LANE_THROTTLE_RETRIES || signal.aborted) throw e;
      await abortableSleep(Math.max(1, e.retryAfterSeconds ?? 1) * 1000, signal);
    }
  }
}

/** Graph refused the range query itself (not the reader): the plain list will do instead. */
const refusesRanges = (e: unknown): boolean => e instanceof GraphError && (e.status === 400 || e.status === 501);

/**
 * Every user of the tenant, a page at a time as pages arrive, each user once: the plain first page, then the
 * ranges side by side, then — only when they did not add up to the tenant's count or Graph refused a range —
 * the plain list to its end. A failure of the plain list (or a range failing otherwise) ends the read; the
 * pages handed out stay the caller's.
 */
export async function* streamUsersSharded(gateway: GraphGateway, options: IShardedReadOptions = {}): AsyncGenerator<IUserRecord[], void, undefined> {
  const { signal } = options;
  const top = Math.min(options.pageSize ?? USER_PAGE_SIZE, USER_PAGE_SIZE);
  const lanes = Math.max(1, options.lanes ?? SHARD_LANES);
  const handed = new Handed();
  const outcome: IShardedOutcome = { mode: 'plain', count: undefined, ranges: 0, requests: 0, users: 0 };
  const first = await gateway.get<Record<string, unknown>>(usersPath(top), { signal, headers: EVENTUAL });
  outcome.requests++;
  const firstPage = handed.plain(records(Array.isArray(first.value) ? first.value : []));
  outcome.count = typeof first['@odata.count'] === 'number' ? first['@odata.count'] : undefined;
  if (outcome.count !== undefined) options.onCount?.(outcome.count);
  yield firstPage;
  const next = typeof first['@odata.nextLink'] === 'string' ? first['@odata.nextLink'] : undefined;
  const small = outcome.count === undefined || outcome.count <= top * (options.plainUpToPages ?? PLAIN_UP_TO_PAGES);
  if (next && small) {
    for await (const page of gateway.pages<unknown>(next, { signal, headers: EVENTUAL })) {
      outcome.requests++;
      yield handed.plain(records(page));
    }
  } else if (next) {
    const tally: IRangeTally[] = [];
    yield* readRanges(gateway, firstPage, outcome, page => handed.ranged(page), { signal, top, lanes }, tally);
    if (!outcome.fallback && tally.length && tally.every(t => t.counted !== undefined)) {
      yield* readShortRangesAgain(gateway, tally, outcome, handed, { signal, top });
    } else if (outcome.count !== undefined && handed.size < outcome.count) {
      outcome.fallback ??= `${handed.size} users read in ranges, ${outcome.count} counted`;
    }
    if (outcome.fallback) {
      outcome.mode = 'sharded-then-plain';
      for await (const page of gateway.pages<unknown>(next, { signal, headers: EVENTUAL })) {
        outcome.requests++;
        yield handed.plain(records(page));
      }
    }
  }
  outcome.users = handed.size;
  options.onDone?.(outcome);
}

/**
 * The users handed out, each once. Ranges are disjoint, so a range page can only repeat a user of the plain first
 * page: it is checked against those few (a set of 999 that empties as they are met again), not against every
 * user read (a set of 100,000 strings costs a noticeable share of a large tenant's load). The plain list read
 * after the ranges (rare) checks every user read.
 */
class Handed {
  private readonly ids: string[] = [];
  private all: Set<string> | undefined;
  private first: Set<string> | undefined;

  public get size(): number {
    return this.ids.length;
  }

  /** A page of the plain list: its users not handed out yet. */
  public plain(page: IUserRecord[]): IUserRecord[] {
    const all = (this.all ??= new Set(this.ids));
    const out = page.filter(u => (all.has(u.id) ? false : (all.add(u.id), true)));
    for (const u of out) this.ids.push(u.id);
    return out;
  }

  /** A page of a range: its users, less those the plain first page handed out. */
  public ranged(page: IUserRecord[]): IUserRecord[] {
    // The ranges start after the first page: from here on, only that page's users can come again.
    const first = (this.first ??= new Set(this.ids));
    this.all = undefined;
    const out = first.size ? page.filter(u => !first.delete(u.id)) : page;
    for (const u of out) this.ids.push(u.id);
    return out;
  }
}

/**
 * Each range must bring the users its own `@odata.count` says it holds (counted when its first page was answered:
 * a tenant's count that moved while the other ranges were read does not matter). One that came back short is read
 * once more, adding only users not yet read; still short, the plain list is read after (`fallback`).
 */
async function* readShortRangesAgain(
  gateway: GraphGateway, tally: readonly IRangeTally[], outcome: IShardedOutcome, handed: Handed, opts: { signal?: AbortSignal; top: number }
): AsyncGenerator<IUserRecord[], void, undefined> {
  const signal = opts.signal ?? new AbortController().signal;
  for (const range of tally.filter(t => t.got < (t.counted ?? 0))) {
    outcome.rangesReadAgain = (outcome.rangesReadAgain ?? 0) + 1;
    const again: IRangeTally = { filter: range.filter, got: 0 };
    for (let url: string | undefined = usersPath(opts.top, range.filter); url;) {
      const body = await readThrottled(gateway, url, signal);
      outcome.requests++;
      const page = records(Array.isArray(body.value) ? body.value : []);
      again.counted ??= typeof body['@odata.count'] === 'number' ? body['@odata.count'] : undefined;
      again.got += page.length;
      yield handed.plain(page);
      url = typeof body['@odata.nextLink'] === 'string' ? body['@odata.nextLink'] : undefined;
    }
    if (again.got < (again.counted ?? 0)) outcome.fallback ??= `a range read twice brought ${again.got} of the ${again.counted ?? 0} users it counted`;
  }
}

/** The ranges, `lanes` at a time, yielding each page's users not yet read; `tally` says what each brought. */
async function* readRanges(
  gateway: GraphGateway, sample: IUserRecord[], outcome: IShardedOutcome, fresh: (page: IUserRecord[]) => IUserRecord[],
  opts: { signal?: AbortSignal; top: number; lanes: number }, tally: IRangeTally[]
): AsyncGenerator<IUserRecord[], void, undefined> {
  const filters = rangeFilters(rangeBounds(sample.map(u => u.userPrincipalName), opts.lanes * RANGES_PER_LANE));
  if (!filters.length) {
    outcome.fallback = 'the first page gave no user names to cut ranges at';
    return;
  }
  outcome.mode = 'sharded';
  outcome.ranges = filters.length;
  // One controller for the lanes: the caller's abort, or a failure, stops every lane.
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  const queue = new PageQueue();
  let nextRange = 0;
  const lane = async (): Promise<void> => {
    for (let i = nextRange++; i < filters.length && !outcome.fallback; i = nextRange++) {
      const range = (tally[i] = { filter: filters[i] ?? '', got: 0 } as IRangeTally);
      for (let url: string | undefined = usersPath(opts.top, range.filter); url;) {
        const body = await readThrottled(gateway, url, stop.signal);
        outcome.requests++;
        const page = records(Array.isArray(body.value) ? body.value : []);
        range.counted ??= typeof body['@odata.count'] === 'number' ? body['@odata.count'] : undefined;
        range.got += page.length;
        queue.push(page);
        url = typeof body['@odata.nextLink'] === 'string' ? body['@odata.nextLink'] : undefined;
      }
    }
  };
  void Promise.all(Array.from({ length: Math.min(opts.lanes, filters.length) }, () => lane().catch((e: unknown) => {
    if (stop.signal.aborted) return;
    if (refusesRanges(e)) outcome.fallback = `Graph refused a range query (${e instanceof Error ? e.message : String(e)})`;
    else queue.fail(e);
    stop.abort();
  }))).then(() => queue.end());
  try {
    for (let page = await queue.next(); page; page = await queue.next()) yield fresh(page);
    if (opts.signal?.aborted) throw abortError();
  } finally {
    stop.abort();
    opts.signal?.removeEventListener('abort', onAbort);
  }
}
