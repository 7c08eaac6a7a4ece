/**
 * GET /users/delta: Graph's change tracking for users, over the tenant's change journal (Tenant.lastChange).
 *
 * A round is the pages from one request to the deltaLink that ends it. The first round (no token) pages
 * every user in the directory; a round started from a deltaLink pages the users changed since that link was
 * issued: their selected properties, or `{ id, "@removed": { reason: "changed" } }` for a soft-deleted one.
 * Each token carries the round's bounds in the journal (after `since`, up to `upto`, the sequence number when
 * the round began), so a change made while a round is paged belongs to the next round only, and every
 * change shows once per round however often it was made. Tokens also carry the $select and the id filter of
 * the first request, the tenant's epoch, the token generation and the time of issue: Graph's directory
 * tokens last seven days, and an expired or unknown one answers 400 syncStateNotFound.
 */
import { IGraphRequest, IGraphResponse, IHandlerCtx, json } from './context';
import { DEFAULT_USER_PROPS, parseSelect, USER_PROPS } from './directory';
import { graphError, MSG } from './errors';
import { leaveDateReadable } from './lifecycleRoutes';
import { FilterNode, option, parseFilter, unknownProperty } from './odata';
import { DELTA_TOKEN_LIFETIME_MS } from './tenant';
import { requireScope, SCOPES } from './token';

/**
 * Users per delta page. Microsoft documents no page size for users/delta and says $top is not supported (it
 * is ignored); a Microsoft moderator's answer (Q&A, 2025) gives 200 objects as both the default and the cap
 * of `Prefer: odata.maxpagesize`, and a Graph docs maintainer wrote of "200 object pages" for /users delta.
 */
export const DELTA_PAGE_SIZE = 200;
/** Graph's limit on ids in a delta `$filter` (user: delta). */
export const DELTA_MAX_IDS = 50;

const EXPIRED = 'The sync state generation is not found. The delta token is expired and data must be synchronized again.';

/** What a state token says (base64url JSON; opaque to clients, as Graph's are). */
interface IDeltaToken {
  /** Tenant epoch. */
  e: string;
  /** Token generation. */
  g: number;
  /** Issued at, ms since the epoch. */
  at: number;
  /** Changes after this journal sequence number; -1: the first round (every user in the directory). */
  s: number;
  /** nextLink only: the round's last sequence number, and the directory (or id list) position to go on from. */
  u?: number;
  p?: number;
  /** The $select of the first request (null: Graph's default properties). */
  sel: string[] | null;
  /** The $filter ids of the first request, as sorted user indexes (null: every user). */
  ids: number[] | null;
}

function syncStateNotFound(): Error {
  return graphError(400, 'syncStateNotFound', EXPIRED);
}

function writeToken(tok: IDeltaToken): string {
  return Buffer.from(JSON.stringify(tok), 'utf8').toString('base64url');
}

/** A token this tenant issued in this generation within seven days, or 400 syncStateNotFound. */
function readToken(ctx: IHandlerCtx, raw: string, kind: 'skip' | 'delta'): IDeltaToken {
  let tok: Partial<IDeltaToken>;
  try {
    tok = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')) as Partial<IDeltaToken>;
  } catch {
    throw syncStateNotFound();
  }
  const t = ctx.t;
  const ok =
    typeof tok === 'object' &&
    tok !== null &&
    tok.e === t.epoch &&
    tok.g === t.deltaTokenGeneration &&
    typeof tok.at === 'number' &&
    typeof tok.s === 'number' &&
    tok.s <= t.changeSeq &&
    (kind === 'delta' || (typeof tok.u === 'number' && typeof tok.p === 'number' && tok.u <= t.changeSeq)) &&
    (tok.sel === null || (Array.isArray(tok.sel) && tok.sel.every((p) => typeof p === 'string' && p in USER_PROPS))) &&
    (tok.ids === null || (Array.isArray(tok.ids) && tok.ids.every((i) => Number.isInteger(i))));
  if (!ok || Date.now() - (tok.at ?? 0) > DELTA_TOKEN_LIFETIME_MS) throw syncStateNotFound();
  return tok as IDeltaToken;
}

/** `$filter=id eq '…' or id eq '…'` (up to 50): the only filter Graph takes on users/delta. */
function filterIds(ctx: IHandlerCtx, raw: string | null): number[] | null {
  if (raw === null || raw.trim() === '') return null;
  const node = parseFilter(raw);
  const ids: string[] = [];
  const walk = (n: FilterNode): void => {
    if (n.op === 'or') {
      walk(n.left);
      walk(n.right);
      return;
    }
    if (n.op === 'eq' && n.path === 'id' && typeof n.value === 'string') {
      ids.push(n.value);
      return;
    }
    const path = 'path' in n ? n.path : 'id';
    if (!(path in USER_PROPS)) throw unknownProperty(path, 'User');
    throw graphError(400, 'Request_UnsupportedQuery', `Unsupported or invalid query filter clause specified for property '${path}' of resource 'User'.`);
  };
  walk(node);
  // Graph's wording for more than 50 ids is unverified.
  if (ids.length > DELTA_MAX_IDS) throw graphError(400, 'Request_UnsupportedQuery', `Too many object ids in the filter clause: ${ids.length}. The maximum is ${DELTA_MAX_IDS}.`);
  const indexes = new Set<number>();
  for (const id of ids) {
    const i = ctx.t.indexOfId(id);
    if (i >= 0) indexes.add(i);
  }
  return [...indexes].sort((a, b) => a - b);
}

/** Page size: 200, or less when `Prefer: odata.maxpagesize=N` asks for less (more is capped at 200). */
function deltaPageSize(req: IGraphRequest): number {
  const m = /(?:^|[,;\s])odata\.maxpagesize\s*=\s*(\d+)/i.exec(req.headers.prefer ?? '');
  const n = m ? Number(m[1]) : NaN;
  return Number.isInteger(n) && n >= 1 ? Math.min(n, DELTA_PAGE_SIZE) : DELTA_PAGE_SIZE;
}

/**
 * A user as delta shows it: the selected properties with a value, and null for those a change made null
 * (Graph: a property set to null is included); a property never set is left out; `id` always.
 */
function deltaUser(ctx: IHandlerCtx, i: number, select: string[] | null): Record<string, unknown> {
  const u = ctx.t.user(i);
  const out: Record<string, unknown> = {};
  for (const p of select ?? DEFAULT_USER_PROPS) {
    const v = USER_PROPS[p]?.(ctx, u);
    if (v !== null && v !== undefined) out[p] = v;
    else if (ctx.t.everChanged(i, p)) out[p] = null;
  }
  out.id = u.id;
  return out;
}

export function usersDelta(ctx: IHandlerCtx, req: IGraphRequest): IGraphResponse {
  requireScope(req.auth, SCOPES.readUsers);
  const t = ctx.t;
  const skip = option(req.query, 'skiptoken');
  const delta = option(req.query, 'deltatoken');
  // Where this page starts: the round's bounds, position and the first request's options.
  let since: number;
  let upto: number;
  let pos: number;
  let select: string[] | null;
  let ids: number[] | null;
  if (skip !== null) {
    // Query options come from the token; any others on a nextLink are not Graph's to honour again.
    const tok = readToken(ctx, skip, 'skip');
    ({ s: since, sel: select, ids } = tok);
    upto = tok.u ?? t.changeSeq;
    pos = tok.p ?? 0;
  } else if (delta !== null && delta.toLowerCase() !== 'latest') {
    const tok = readToken(ctx, delta, 'delta');
    ({ s: since, sel: select, ids } = tok);
    upto = t.changeSeq;
    pos = 0;
  } else {
    for (const unsupported of ['orderby', 'search', 'expand', 'count'])
      if (option(req.query, unsupported) !== null)
        // Microsoft documents these as unsupported on users/delta; Graph's wording for them is unverified.
        throw graphError(400, 'Request_UnsupportedQuery', `The query parameter '$${unsupported}' is not supported with change tracking over the 'User' resource.`);
    // $top is not supported either: Graph ignores it (the page size is its own).
    select = parseSelect(option(req.query, 'select'), USER_PROPS, 'User');
    // signInActivity lives outside the directory's main store, which change tracking covers (wording unverified).
    if (select?.includes('signInActivity')) throw graphError(400, 'Request_UnsupportedQuery', "The property 'signInActivity' is not supported with change tracking over the 'User' resource.");
    // Reading employeeLeaveDateTime needs its scope here as on /users (a 403 for the round; 'null' mode is not modelled).
    if (select?.includes('employeeLeaveDateTime') && !leaveDateReadable(ctx, req)) throw graphError(403, 'Authorization_RequestDenied', MSG.insufficient);
    ids = filterIds(ctx, option(req.query, 'filter'));
    if (delta !== null) {
      // "Sync from now": no users, a deltaLink for the current state.
      return page(req, [], { e: t.epoch, g: t.deltaTokenGeneration, at: Date.now(), s: t.changeSeq, sel: select, ids }, select);
    }
    since = -1;
    upto = t.changeSeq;
    pos = 0;
  }

  const tracked = (select ?? DEFAULT_USER_PROPS).filter((p) => p !== 'id');
  const length = ids ? ids.length : t.dirLength;
  const at = ids ? (p: number): number => ids?.[p] ?? -1 : (p: number): number => t.dirIndex(p);
  /**
   * What position p shows in this round: a user, a removal, or nothing. A change made after the round began
   * (after `upto`) is the next round's; the first round shows every user who existed when it began, as they
   * are when their page is read.
   */
  const shows = (i: number): 'user' | 'removed' | null => {
    if (i < 0) return null;
    if (since < 0) return t.isLive(i) && t.addedSeq(i) <= upto ? 'user' : null;
    if ((t.lastChange[i] ?? 0) <= since) return null;
    // Only changes to the tracked properties (the $select, or Graph's default set) count; a creation always does.
    if (t.isLive(i)) return t.changedIn(i, since, upto, tracked) ? 'user' : null;
    // Removed in the window; one created after the link was issued and removed since was never seen by its holder.
    return t.changedIn(i, since, upto, []) && t.addedSeq(i) <= since ? 'removed' : null;
  };
  const size = deltaPageSize(req);
  const value: Array<Record<string, unknown>> = [];
  for (; pos < length && value.length < size; pos++) {
    const i = at(pos);
    const what = shows(i);
    if (what === 'user') value.push(deltaUser(ctx, i, select));
    else if (what === 'removed') value.push({ id: t.userId(i), '@removed': { reason: 'changed' } });
  }
  let more = false;
  for (; pos < length; pos++)
    if (shows(at(pos))) {
      more = true;
      break;
    }
  const base = { e: t.epoch, g: t.deltaTokenGeneration, at: Date.now(), sel: select, ids };
  return more ? page(req, value, { ...base, s: since, u: upto, p: pos }, select, true) : page(req, value, { ...base, s: upto }, select);
}

/** A page of a round: a nextLink before the users, or the round's deltaLink after them. */
function page(req: IGraphRequest, value: Array<Record<string, unknown>>, tok: IDeltaToken, select: string[] | null, next = false): IGraphResponse {
  const link = `${req.base}/${req.version}${req.path.replace(/\/+$/, '')}?${next ? '$skiptoken' : '$deltatoken'}=${writeToken(tok)}`;
  const body: Record<string, unknown> = { '@odata.context': `${req.base}/${req.version}/$metadata#users${select ? `(${select.join(',')})` : ''}` };
  if (next) body['@odata.nextLink'] = link;
  body.value = value;
  if (!next) body['@odata.deltaLink'] = link;
  return json(body);
}
