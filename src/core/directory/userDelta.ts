/**
 * The warm reload's Graph side (issue 18): `/users/delta` for what changed in the directory since a kept list
 * was read. `latestDeltaLink` asks for a link that starts from now; `applyUserDelta` follows a kept link page
 * by page and applies adds, updates and deletions to the kept list. Whoever keeps the list (see userCache.ts)
 * decides when to read afresh: a link Graph refuses ends in a DeltaRefusedError, and only then.
 */
import type { GraphGateway } from '../graph/GraphGateway';
import { GraphError, isRecord } from '../graph/GraphError';
import { USER_LIST_SELECT, toUserRecord } from './users';
import type { IUserRecord } from './users';

/** Whether `/users/delta` reports changes of a user property, and why (Microsoft Graph's delta query docs). */
export interface IDeltaTracking {
  tracked: boolean;
  why: string;
}

const MAIN_STORE = 'kept in Entra ID\'s main directory store, which delta tracks';
const OUTSIDE = 'stored outside Entra ID\'s main store (SharePoint / Exchange profile): delta does not report its changes';

/**
 * Every property the list selects, and the user properties known not to be tracked, each decided once.
 * A property the list selects that is not tracked must be refreshed the way the list reads it today
 * (a kept value could be stale forever); one missing here is undecided, and a unit test says so.
 */
export const DELTA_TRACKED: Readonly<Record<string, IDeltaTracking>> = {
  id: { tracked: true, why: 'the key: every delta item carries it, removals included' },
  displayName: { tracked: true, why: MAIN_STORE },
  userPrincipalName: { tracked: true, why: MAIN_STORE },
  mail: { tracked: true, why: MAIN_STORE },
  jobTitle: { tracked: true, why: MAIN_STORE },
  department: { tracked: true, why: MAIN_STORE },
  officeLocation: { tracked: true, why: MAIN_STORE },
  userType: { tracked: true, why: MAIN_STORE },
  accountEnabled: { tracked: true, why: MAIN_STORE },
  createdDateTime: { tracked: true, why: `${MAIN_STORE} (set once, at creation)` },
  usageLocation: { tracked: true, why: MAIN_STORE },
  assignedLicenses: { tracked: true, why: `${MAIN_STORE} (licence assignments are user properties)` },
  // Not selected by the list today; decided here so that adding one to its $select is already answered.
  aboutMe: { tracked: false, why: OUTSIDE },
  birthday: { tracked: false, why: OUTSIDE },
  hireDate: { tracked: false, why: OUTSIDE },
  interests: { tracked: false, why: OUTSIDE },
  mySite: { tracked: false, why: OUTSIDE },
  pastProjects: { tracked: false, why: OUTSIDE },
  preferredName: { tracked: false, why: OUTSIDE },
  responsibilities: { tracked: false, why: OUTSIDE },
  schools: { tracked: false, why: OUTSIDE },
  skills: { tracked: false, why: OUTSIDE },
  mailboxSettings: { tracked: false, why: OUTSIDE },
  signInActivity: { tracked: false, why: 'cannot be selected on /users/delta at all (Graph refuses it); the sign-in join reads it' }
};

/** The properties of a `$select`, sorted by what delta does with them (`undecided`: not in DELTA_TRACKED). */
export function deltaTracking(select: string = USER_LIST_SELECT): { tracked: string[]; untracked: string[]; undecided: string[] } {
  const out = { tracked: [] as string[], untracked: [] as string[], undecided: [] as string[] };
  for (const property of select.split(',').map(p => p.trim()).filter(Boolean)) {
    const decided = Object.prototype.hasOwnProperty.call(DELTA_TRACKED, property) ? DELTA_TRACKED[property] : undefined;
    (decided ? (decided.tracked ? out.tracked : out.untracked) : out.undecided).push(property);
  }
  return out;
}

/**
 * Graph will not go on from a delta link (expired, unknown, malformed, not allowed) or answered without
 * a new one: the kept list cannot be brought up to date and is read afresh. `cause` is Graph's answer.
 */
export class DeltaRefusedError extends Error {
  public readonly name: string = 'DeltaRefusedError';
  public constructor(message: string, public readonly cause?: unknown) {
    super(message);
    Object.setPrototypeOf(this, DeltaRefusedError.prototype);
  }
}

/** Whether a failure of latestDeltaLink or applyUserDelta means "read afresh" (anything else may pass: keep the list). */
export function isDeltaRefused(error: unknown): error is DeltaRefusedError {
  return error instanceof DeltaRefusedError;
}

/**
 * Whether Graph refused a delta request itself: a 4xx, but not 429 (throttled beyond the client's retries),
 * 408 (timed out) or 401 (the token, not the link: a full read would be refused alike, and the kept list is
 * still right). A link to another host than the gateway's is refused too (it can never be followed).
 * Network and server failures (status 0, 5xx) may pass and are not refusals.
 */
export function refusesDeltaLink(error: unknown): boolean {
  if (!(error instanceof GraphError)) return false;
  if (error.code === 'ForeignHost') return true;
  return error.status >= 400 && error.status < 500 && ![401, 408, 429].includes(error.status);
}

/** One delta page as read: its items, and the link to the next page or the new delta link. */
interface IDeltaPage {
  value: unknown[];
  nextLink?: string;
  deltaLink?: string;
}

/** GET one delta page; a refusal becomes a DeltaRefusedError, other failures pass through unchanged. */
async function readDeltaPage(gateway: GraphGateway, url: string, signal?: AbortSignal): Promise<IDeltaPage> {
  let body: unknown;
  try {
    body = await gateway.get<unknown>(url, { signal });
  } catch (e) {
    if (refusesDeltaLink(e)) throw new DeltaRefusedError(`Microsoft Graph refused the /users/delta link: ${(e as Error).message}`, e);
    throw e;
  }
  if (!isRecord(body) || !Array.isArray(body.value)) throw new DeltaRefusedError('Microsoft Graph answered /users/delta without a list of changes.');
  const page = body;
  const link = (key: string): string | undefined => {
    const v = page[key];
    return typeof v === 'string' && v !== '' ? v : undefined;
  };
  return { value: page.value as unknown[], nextLink: link('@odata.nextLink'), deltaLink: link('@odata.deltaLink') };
}

/**
 * Follow delta pages from `url` to the last, handing each page's items to `onItems`; the new delta link.
 * Pages are read one after another (a reload's changes are a page or a few, not worth reading ahead).
 */
async function followDelta(gateway: GraphGateway, url: string, onItems: (items: unknown[]) => void, signal?: AbortSignal): Promise<string> {
  let page = await readDeltaPage(gateway, url, signal);
  for (;;) {
    onItems(page.value);
    if (!page.nextLink) break;
    page = await readDeltaPage(gateway, page.nextLink, signal);
  }
  if (!page.deltaLink) throw new DeltaRefusedError('Microsoft Graph ended /users/delta without a delta link to go on from.');
  return page.deltaLink;
}

/**
 * A delta link that starts from now (`$deltaToken=latest`: no users, only the link), for the list's `$select`.
 * Ask it before a full read of /users: changes made while the read runs are then replayed by the next
 * applyUserDelta (harmless) rather than missed. A refusal, or an answer without a link, is a DeltaRefusedError.
 */
export async function latestDeltaLink(gateway: GraphGateway, signal?: AbortSignal): Promise<string> {
  return followDelta(gateway, `/users/delta?$select=${USER_LIST_SELECT}&$deltaToken=latest`, () => undefined, signal);
}

/** The kept list brought up to date, and what it took. */
export interface IUserDeltaResult {
  /** A new array: kept users in their order (changed ones replaced), then the users added, in Graph's order. */
  users: IUserRecord[];
  /** The link to keep for next time. */
  deltaLink: string;
  /** Users not in the kept list before. */
  added: number;
  /** Kept users whose fields changed (a replayed change that alters nothing is not counted). */
  updated: number;
  /** Kept users dropped (deleted, or no longer in the directory's scope). */
  removed: number;
}

/**
 * Follow a kept delta link to its end and apply what changed to `users`: updates in place (order kept),
 * adds appended, `@removed` dropped. The last change of a user wins; replays are harmless (a removal of an
 * unknown user, or the same values again, change nothing). Never changes `users` or its records: unchanged
 * records are shared with the result. One pass over the list whatever its length (changes are indexed by id).
 * A refused link (see refusesDeltaLink) or an answer without a new link is a DeltaRefusedError; any other
 * failure (network, throttling, server, cancellation) is thrown as is, and the kept list stays right.
 */
export async function applyUserDelta(gateway: GraphGateway, users: readonly IUserRecord[], deltaLink: string, signal?: AbortSignal): Promise<IUserDeltaResult> {
  const { changes, deltaLink: next } = await readUserChanges(gateway, deltaLink, signal);
  return { ...mergeUserChanges(users, changes), deltaLink: next };
}

/** What a delta link says changed: id → the user as now, or null when removed; and the link to keep. */
export interface IUserChanges {
  changes: ReadonlyMap<string, IUserRecord | null>;
  deltaLink: string;
}

/**
 * applyUserDelta's first half: follow the link and gather the changes (the last change of a user wins).
 * Apart, so a kept list's changes can be asked while the list itself is still being read from its store.
 * More than `maxChanges()` (asked at each page) is a DeltaRefusedError: the caller reads afresh.
 */
export async function readUserChanges(gateway: GraphGateway, deltaLink: string, signal?: AbortSignal, maxChanges: () => number = () => Infinity): Promise<IUserChanges> {
  // A Map keeps the first time each id was met, for appending.
  const changes = new Map<string, IUserRecord | null>();
  const next = await followDelta(gateway, deltaLink, items => {
    for (const item of items) {
      if (!isRecord(item) || typeof item.id !== 'string') continue;
      if ('@removed' in item) changes.set(item.id, null);
      else {
        const record = toUserRecord(item);
        if (record) changes.set(item.id, record);
      }
    }
    // Delta pages come one after another (a few hundred users each): past a point, reading afresh in ranges
    // side by side is quicker than going on (a bulk licence change, a list kept for days in a busy tenant).
    if (changes.size > maxChanges()) throw new DeltaRefusedError(`More than ${maxChanges()} users changed since the list was kept: reading it afresh is quicker.`);
  }, signal);
  return { changes, deltaLink: next };
}

/** The kept list with `changes` applied, and the counts (applyUserDelta's second half). */
export function mergeUserChanges(users: readonly IUserRecord[], changes: ReadonlyMap<string, IUserRecord | null>): Omit<IUserDeltaResult, 'deltaLink'> {
  const out: IUserRecord[] = [];
  const kept = new Set<string>();
  let updated = 0;
  let removed = 0;
  for (const user of users) {
    kept.add(user.id);
    const change = changes.get(user.id);
    if (change === undefined) out.push(user);
    else if (change === null) removed++;
    else if (sameUser(user, change)) out.push(user);
    else {
      out.push(change);
      updated++;
    }
  }
  let added = 0;
  for (const [id, change] of changes) {
    if (change && !kept.has(id)) {
      out.push(change);
      added++;
    }
  }
  return { users: out, added, updated, removed };
}

/**
 * Whether a kept record holds the same fields as Graph's (`fresh`, whole from toUserRecord: a kept record
 * missing a field differs). Licences are compared in order, as Graph lists them.
 */
function sameUser(kept: IUserRecord, fresh: IUserRecord): boolean {
  for (const key of Object.keys(fresh) as Array<keyof IUserRecord>) {
    if (key !== 'skuIds' && kept[key] !== fresh[key]) return false;
  }
  const skus = Array.isArray(kept.skuIds) ? kept.skuIds : [];
  return skus.length === fresh.skuIds.length && skus.every((s, i) => s === fresh.skuIds[i]);
}
