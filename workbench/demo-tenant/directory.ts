/** Directory endpoints: users, groups, licences, photos, drive, authentication methods, MFA registration. */
import { WL } from './tenant';
import type { IGroup, IUserRecord } from './tenant';
import { BREAK_GLASS, F } from './names';
import { IGraphRequest, IGraphResponse, IHandlerCtx, json, noContent } from './context';
import { graphError, MSG, notFound } from './errors';
import { checkFilter, evalFilter, FilterNode, IFilterRules, nextLink, option, parseFilter, parseSearch, readSkipToken, searchMatches, skipToken, unknownProperty } from './odata';
import { hash4, unit } from './rng';
import { hasAny, requireScope, SCOPES } from './token';
import { hasOneDrive, oneDriveBytes } from './reports';
import { userPhotoPng } from './png';
import { ROLES, securityOf } from './security';
import { lifecycleOf } from './lifecycle';
import { checkRefused, leaveDateReadable } from './lifecycleRoutes';

export const DEFAULT_USER_PROPS = ['businessPhones', 'displayName', 'givenName', 'jobTitle', 'mail', 'mobilePhone', 'officeLocation', 'preferredLanguage', 'surname', 'userPrincipalName', 'id'];
const WRITABLE = ['jobTitle', 'department', 'officeLocation', 'usageLocation', 'accountEnabled', 'displayName', 'givenName', 'surname', 'mobilePhone', 'companyName', 'employeeId', 'city', 'country'];
/** Properties on-premises sync masters; cloud edits fail for synced users. */
const SYNC_MASTERED = ['jobTitle', 'department', 'officeLocation', 'accountEnabled', 'displayName', 'givenName', 'surname', 'mobilePhone', 'companyName', 'employeeId', 'city', 'country'];
const MAX_LEN: Record<string, number> = { jobTitle: 128, department: 64, officeLocation: 128, displayName: 256, givenName: 64, surname: 64, companyName: 64, employeeId: 16, city: 128, country: 128, mobilePhone: 64 };

type Ctx = IHandlerCtx;
type Req = IGraphRequest;

// ---------------------------------------------------------------- user projection

function countryOf(loc: string | null): string | null {
  const m: Record<string, string> = { US: 'United States', GB: 'United Kingdom', NL: 'Netherlands', DE: 'Germany', IN: 'India', JP: 'Japan', IL: 'Israel', AE: 'United Arab Emirates', BR: 'Brazil', FR: 'France' };
  return loc ? (m[loc] ?? null) : null;
}

/** Sign-in activity derived from the same activity that drives the reports. */
export function signInActivity(ctx: Ctx, u: IUserRecord): Record<string, string | null> {
  const { t, a } = ctx;
  const i = u.index;
  const empty = { lastSignInDateTime: null, lastSignInRequestId: null, lastNonInteractiveSignInDateTime: null, lastNonInteractiveSignInRequestId: null, lastSuccessfulSignInDateTime: null, lastSuccessfulSignInRequestId: null };
  if ((t.flags[i] ?? 0) & F.NEVER_SIGNED_IN) return empty;
  let best = -1;
  for (const w of [WL.EXO, WL.TEAMS, WL.SPO, WL.ODB, WL.APPS]) {
    if (!a.licensed(i, w)) continue;
    const d = a.lastActive(i, w);
    if (d >= 0 && (best < 0 || d < best)) best = d;
  }
  if (best < 0) best = (t.quietOff[i] ?? 0) + (hash4(t.seed, 900, i) % 200);
  // No one signs in before their account exists: an account made days ago signed in on those days at most.
  const age = t.createdOff[i] ?? 0;
  if (age < 0) return empty;
  best = Math.min(best, age);
  const created = Date.parse(u.createdDateTime);
  const at = (day: number, salt: number): string => {
    const dayStart = (t.refreshDay - day) * 86400000;
    let ms = dayStart + (hash4(t.seed, 901 + salt, i) % 86400) * 1000;
    // On the creation day itself, after the account was made (between then and the day's end).
    if (ms < created) ms = created + Math.floor((dayStart + 86399000 - created) / 2000) * 1000;
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  };
  const interactive = at(best, 0);
  const nonInteractive = at(Math.max(0, best - (hash4(t.seed, 903, i) % 2)), 1);
  return {
    lastSignInDateTime: interactive,
    lastSignInRequestId: t.requestGuid(i * 3),
    lastNonInteractiveSignInDateTime: nonInteractive,
    lastNonInteractiveSignInRequestId: t.requestGuid(i * 3 + 1),
    lastSuccessfulSignInDateTime: interactive > nonInteractive ? interactive : nonInteractive,
    lastSuccessfulSignInRequestId: t.requestGuid(i * 3 + 2)
  };
}

export const USER_PROPS: Record<string, (ctx: Ctx, u: IUserRecord) => unknown> = {
  id: (_, u) => u.id,
  displayName: (_, u) => u.displayName,
  givenName: (_, u) => u.givenName,
  surname: (_, u) => u.surname,
  userPrincipalName: (_, u) => u.userPrincipalName,
  mail: (_, u) => u.mail,
  mailNickname: (_, u) => u.userPrincipalName.split('@')[0] ?? null,
  jobTitle: (_, u) => u.jobTitle,
  department: (_, u) => u.department,
  officeLocation: (_, u) => u.officeLocation,
  usageLocation: (_, u) => u.usageLocation,
  accountEnabled: (_, u) => u.accountEnabled,
  userType: (_, u) => u.userType,
  createdDateTime: (_, u) => u.createdDateTime,
  businessPhones: (c, u) => (u.userType === 'Guest' ? [] : [`+1 425 555 ${String(1000 + (hash4(c.t.seed, 910, u.index) % 9000))}`]),
  mobilePhone: (c, u) => ('mobilePhone' in u ? (u as unknown as Record<string, unknown>).mobilePhone : u.userType === 'Guest' || hash4(c.t.seed, 911, u.index) % 3 ? null : `+1 206 555 ${String(1000 + (hash4(c.t.seed, 912, u.index) % 9000))}`),
  preferredLanguage: (_, u) => (u.userType === 'Guest' ? null : u.usageLocation === 'DE' ? 'de-DE' : u.usageLocation === 'FR' ? 'fr-FR' : u.usageLocation === 'JP' ? 'ja-JP' : 'en-US'),
  companyName: (_, u) => ('companyName' in u ? (u as unknown as Record<string, unknown>).companyName : u.userType === 'Guest' ? null : 'Contoso'),
  city: (_, u) => ('city' in u ? (u as unknown as Record<string, unknown>).city : u.officeLocation),
  country: (_, u) => ('country' in u ? (u as unknown as Record<string, unknown>).country : countryOf(u.usageLocation)),
  employeeId: (c, u) => ('employeeId' in u ? (u as unknown as Record<string, unknown>).employeeId : u.userType === 'Guest' ? null : String(100000 + u.index)),
  onPremisesSyncEnabled: (_, u) => (u.flags & F.SYNCED ? true : null),
  onPremisesSamAccountName: (_, u) => (u.flags & F.SYNCED ? (u.userPrincipalName.split('@')[0] ?? '').slice(0, 20) : null),
  externalUserState: (_, u) => (u.userType === 'Guest' ? 'Accepted' : null),
  creationType: (_, u) => (u.userType === 'Guest' ? 'Invitation' : null),
  otherMails: () => [],
  proxyAddresses: (_, u) => (u.mail && u.userType === 'Member' ? [`SMTP:${u.mail}`] : []),
  assignedLicenses: (c, u) => c.t.skusOf(c.t.lic[u.index] ?? 0).map((s) => ({ disabledPlans: [], skuId: s.skuId })),
  // The demo tenant assigns every licence directly (no group-based licensing).
  licenseAssignmentStates: (c, u) =>
    c.t.skusOf(c.t.lic[u.index] ?? 0).map((s) => ({ assignedByGroup: null, disabledPlans: [], error: 'None', lastUpdatedDateTime: u.createdDateTime, skuId: s.skuId, state: 'Active' })),
  assignedPlans: (c, u) =>
    c.t.skusOf(c.t.lic[u.index] ?? 0).flatMap((s) => s.plans.map((p) => ({ assignedDateTime: u.createdDateTime, capabilityStatus: 'Enabled', service: p.servicePlanName, servicePlanId: p.servicePlanId }))),
  signInActivity: (c, u) => signInActivity(c, u),
  deletedDateTime: () => null,
  // The personnel lifecycle (lifecycle.ts): returned only on $select.
  employeeHireDate: (c, u) => lifecycleOf(c.t).hireDate(u.index),
  employeeLeaveDateTime: (c, u) => lifecycleOf(c.t).leaveDate(u.index),
  employeeType: (c, u) => lifecycleOf(c.t).employeeType(u.index),
  signInSessionsValidFromDateTime: (c, u) => lifecycleOf(c.t).sessionsValidFrom(u.index, u.createdDateTime)
};

/** Date-time properties whose $filter literals are compared as instants (a bare date is that day's midnight UTC). */
const DATE_PROPS = new Set(['createdDateTime', 'employeeHireDate', 'employeeLeaveDateTime']);

/** A filter with its date-time literals written as Graph writes the values (`2026-03-01` -> `2026-03-01T00:00:00Z`). */
function normaliseDates(f: FilterNode): FilterNode {
  const iso = (v: unknown): unknown => {
    if (typeof v !== 'string') return v;
    const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
    return Number.isFinite(ms) ? new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z') : v;
  };
  switch (f.op) {
    case 'and':
    case 'or':
      return { ...f, left: normaliseDates(f.left), right: normaliseDates(f.right) };
    case 'not':
      return { ...f, expr: normaliseDates(f.expr) };
    case 'in':
      return DATE_PROPS.has(f.path) ? { ...f, values: f.values.map((v) => iso(v) as typeof v) } : f;
    case 'eq':
    case 'ne':
    case 'gt':
    case 'ge':
    case 'lt':
    case 'le':
      return DATE_PROPS.has(f.path) ? { ...f, value: iso(f.value) as typeof f.value } : f;
    default:
      return f;
  }
}

/** Whether a filter names a property. */
function filterNames(f: FilterNode, prop: string): boolean {
  switch (f.op) {
    case 'and':
    case 'or':
      return filterNames(f.left, prop) || filterNames(f.right, prop);
    case 'not':
      return filterNames(f.expr, prop);
    default:
      return f.path === prop;
  }
}

/**
 * employeeLeaveDateTime needs User-LifeCycleInfo.Read.All (and, signed in, a role that reads it) when selected or
 * filtered on: true when it reads, false when it reads as null (leaveDateUnscoped 'null'); throws 403 otherwise.
 */
function leaveDateCheck(ctx: Ctx, req: Req, select: string[] | null, filter: FilterNode | null): boolean {
  const asked = (select?.includes('employeeLeaveDateTime') ?? false) || (filter ? filterNames(filter, 'employeeLeaveDateTime') : false);
  return asked ? leaveDateReadable(ctx, req) : true;
}

/** projectUser, with employeeLeaveDateTime null when the request may not read it. */
function projectUserFor(ctx: Ctx, u: IUserRecord, select: string[] | null, leaveOk: boolean): Record<string, unknown> {
  const o = projectUser(ctx, u, select);
  if (!leaveOk && 'employeeLeaveDateTime' in o) o.employeeLeaveDateTime = null;
  return o;
}

/** The properties a change to which delta reports (signInActivity is outside change tracking). */
const TRACKED_PROPS = Object.keys(USER_PROPS).filter((p) => p !== 'signInActivity');

/** A user's tracked property values, comparable (see changedProps). */
function trackedValues(ctx: Ctx, u: IUserRecord): string[] {
  return TRACKED_PROPS.map((p) => JSON.stringify(USER_PROPS[p]?.(ctx, u) ?? null));
}

/** The tracked properties whose values differ between two trackedValues. */
function changedProps(before: string[], after: string[]): string[] {
  return TRACKED_PROPS.filter((_, k) => before[k] !== after[k]);
}

export function parseSelect(raw: string | null, known: Record<string, unknown>, resource: string): string[] | null {
  if (raw === null || raw.trim() === '') return null;
  const props = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const p of props) if (!(p in known)) throw unknownProperty(p, resource);
  if (!props.includes('id')) props.push('id');
  return props;
}

export function projectUser(ctx: Ctx, u: IUserRecord, select: string[] | null): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of select ?? DEFAULT_USER_PROPS) out[p] = USER_PROPS[p]?.(ctx, u) ?? null;
  return out;
}

/** signInActivity needs AuditLog.Read.All and an Entra ID P1/P2 tenant. */
function checkSignInActivity(ctx: Ctx, req: Req): void {
  if (!hasAny(req.auth, SCOPES.auditLog)) throw graphError(403, 'Authentication_MSGraphPermissionMissing', MSG.auditLogScope);
  if (ctx.state.noP1) throw graphError(403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', MSG.noPremium);
}

export function pageSize(req: Req, max: number, def = 100): number {
  const raw = option(req.query, 'top');
  if (raw === null) return Math.min(def, max);
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > max) throw graphError(400, 'Request_UnsupportedQuery', `Invalid page size specified: '${raw}'. Must be between 1 and ${max} inclusive.`);
  return n;
}

function isEventual(req: Req): boolean {
  return (req.headers.consistencylevel ?? '').toLowerCase() === 'eventual';
}

const USER_FILTER: IFilterRules = {
  resource: 'User',
  basic: {
    id: ['eq', 'in'],
    userPrincipalName: ['eq', 'in', 'startswith'],
    displayName: ['eq', 'in', 'startswith'],
    givenName: ['eq', 'in', 'startswith'],
    surname: ['eq', 'in', 'startswith'],
    mail: ['eq', 'in', 'startswith'],
    jobTitle: ['eq', 'in', 'startswith'],
    department: ['eq', 'in', 'startswith'],
    employeeId: ['eq', 'in', 'startswith'],
    accountEnabled: ['eq'],
    userType: ['eq', 'in'],
    usageLocation: ['eq'],
    createdDateTime: ['eq', 'ge', 'le', 'in'],
    'signInActivity/lastSignInDateTime': ['eq', 'ge', 'gt', 'le', 'lt'],
    'signInActivity/lastNonInteractiveSignInDateTime': ['eq', 'ge', 'gt', 'le', 'lt'],
    'signInActivity/lastSuccessfulSignInDateTime': ['eq', 'ge', 'gt', 'le', 'lt']
  },
  advanced: {
    id: ['ne'],
    // ge/le on userPrincipalName (range shards): the user resource lists them among its $filter operators, but
    // Microsoft's advanced-query table does not settle whether they need advanced queries (one version marks le
    // as default and leaves ge blank, another leaves both blank), so they are advanced here: the stricter choice,
    // which catches a client that forgets ConsistencyLevel: eventual and $count=true. Compared case-insensitively.
    userPrincipalName: ['ne', 'endswith', 'ge', 'le'],
    displayName: ['ne', 'endswith'],
    givenName: ['ne'],
    surname: ['ne', 'endswith'],
    mail: ['ne', 'endswith'],
    jobTitle: ['ne'],
    department: ['ne'],
    accountEnabled: ['ne'],
    userType: ['ne'],
    usageLocation: ['ne', 'in'],
    officeLocation: ['eq', 'ne', 'in', 'startswith'],
    companyName: ['eq', 'ne', 'in', 'startswith', 'endswith'],
    city: ['eq', 'ne', 'in', 'startswith', 'endswith'],
    country: ['eq', 'ne', 'in', 'startswith', 'endswith'],
    onPremisesSyncEnabled: ['eq', 'ne'],
    'assignedLicenses/$count': ['eq', 'ne', 'gt', 'ge', 'lt', 'le'],
    // Microsoft's advanced-query table: employeeHireDate eq, ne, ge, le, in are advanced only (the table's second
    // "employeeHireDate" row stands where employeeLeaveDateTime belongs; the user resource lists the same operators
    // for both, no gt or lt).
    employeeHireDate: ['eq', 'ne', 'ge', 'le', 'in'],
    employeeLeaveDateTime: ['eq', 'ne', 'ge', 'le', 'in'],
    employeeType: ['eq', 'ne', 'ge', 'le', 'in', 'startswith']
  },
  collections: { assignedLicenses: { skuId: ['eq'] }, proxyAddresses: { '': ['eq', 'startswith'] }, otherMails: { '': ['eq', 'startswith'] } }
};

function userGetter(ctx: Ctx, u: IUserRecord, leaveOk = true): (p: string) => unknown {
  let sia: Record<string, string | null> | undefined;
  return (p) => {
    if (p === 'employeeLeaveDateTime' && !leaveOk) return null;
    if (p === 'assignedLicenses/$count') return ctx.t.skusOf(ctx.t.lic[u.index] ?? 0).length;
    if (p.startsWith('signInActivity/')) {
      sia ??= signInActivity(ctx, u);
      return sia[p.slice('signInActivity/'.length)] ?? null;
    }
    const f = USER_PROPS[p];
    return f ? f(ctx, u) : undefined;
  };
}

/** Per tenant and sort property: the live users in order, for the directory version they were sorted at. */
const sortedCache = new WeakMap<object, Map<string, { version: number; order: Uint32Array; keys: string[] }>>();
/**
 * The order /users lists in: by default every directory position (users not in the directory are skipped by
 * the caller, see Tenant.isLive); with $orderby, the users in the directory now, sorted (re-sorted only after
 * users are added or removed or a displayName / userPrincipalName changes).
 */
function userOrder(ctx: Ctx, key: string | null): { length: number; at: (k: number) => number } {
  const t = ctx.t;
  if (!key) return { length: t.dirLength, at: (k) => t.dirIndex(k) };
  let m = sortedCache.get(t);
  if (!m) sortedCache.set(t, (m = new Map()));
  const [prop, dir] = key.split(' ');
  let cached = m.get(prop ?? '');
  if (!cached || cached.version !== t.directoryVersion) {
    const users: number[] = [];
    const keys: string[] = [];
    for (let p = 0; p < t.dirLength; p++) {
      const i = t.dirIndex(p);
      if (!t.isLive(i)) continue;
      users.push(i);
      const upn = t.edits.get(i)?.userPrincipalName;
      keys.push((prop === 'userPrincipalName' ? (typeof upn === 'string' ? upn : t.upn(i)) : t.user(i).displayName).toLowerCase());
    }
    const at = Array.from({ length: users.length }, (_, k) => k).sort((x, y) => ((keys[x] ?? '') < (keys[y] ?? '') ? -1 : (keys[x] ?? '') > (keys[y] ?? '') ? 1 : (users[x] ?? 0) - (users[y] ?? 0)));
    cached = { version: t.directoryVersion, order: Uint32Array.from(at, (k) => users[k] ?? 0), keys: at.map((k) => keys[k] ?? '') };
    m.set(prop ?? '', cached);
  }
  const a = cached.order;
  const n = a.length;
  return dir === 'desc' ? { length: n, at: (k) => a[n - 1 - k] ?? 0 } : { length: n, at: (k) => a[k] ?? 0 };
}

/** The bounds of a filter made only of `userPrincipalName ge/le '…'` clauses joined by `and`; null otherwise. */
function upnRange(f: FilterNode): { lower?: string; upper?: string } | null {
  if (f.op === 'and') {
    const l = upnRange(f.left);
    const r = upnRange(f.right);
    if (!l || !r) return null;
    const max = (a?: string, b?: string): string | undefined => (a === undefined ? b : b === undefined ? a : a > b ? a : b);
    const min = (a?: string, b?: string): string | undefined => (a === undefined ? b : b === undefined ? a : a < b ? a : b);
    return { lower: max(l.lower, r.lower), upper: min(l.upper, r.upper) };
  }
  if ((f.op === 'ge' || f.op === 'le') && f.path === 'userPrincipalName' && typeof f.value === 'string') {
    return f.op === 'ge' ? { lower: f.value.toLowerCase() } : { upper: f.value.toLowerCase() };
  }
  return null;
}

/**
 * A UPN range answered from the UPN-sorted order by binary search, as Graph answers it from an index: the
 * same users as evaluating the filter on each (case-insensitive), without reading the other 99% of a large
 * tenant on every page (range shards read a 100,000-user tenant in ~120 pages).
 */
function upnRangeOrder(ctx: Ctx, range: { lower?: string; upper?: string }): { length: number; at: (k: number) => number } {
  userOrder(ctx, 'userPrincipalName asc');
  const cached = sortedCache.get(ctx.t)?.get('userPrincipalName');
  if (!cached) throw new Error('The UPN order was not built.');
  const { keys, order } = cached;
  const firstAtLeast = (v: string, strict: boolean): number => {
    let lo = 0;
    let hi = keys.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const k = keys[mid] ?? '';
      if (strict ? k <= v : k < v) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const from = range.lower === undefined ? 0 : firstAtLeast(range.lower, false);
  const to = range.upper === undefined ? keys.length : firstAtLeast(range.upper, true);
  const n = Math.max(0, to - from);
  return { length: n, at: (k) => order[from + k] ?? 0 };
}

// ---------------------------------------------------------------- /users

export function listUsers(ctx: Ctx, req: Req): IGraphResponse {
  requireScope(req.auth, SCOPES.readUsers);
  const select = parseSelect(option(req.query, 'select'), USER_PROPS, 'User');
  const wantsSignIn = select?.includes('signInActivity') ?? false;
  const filterRaw = option(req.query, 'filter');
  if (wantsSignIn || (filterRaw ?? '').includes('signInActivity')) checkSignInActivity(ctx, req);
  const top = pageSize(req, wantsSignIn ? 120 : 999);
  const eventual = isEventual(req);
  const count = (option(req.query, 'count') ?? '').toLowerCase() === 'true';
  if (count && !eventual) throw graphError(400, 'Request_BadRequest', '$count is not currently supported.');
  const searchRaw = option(req.query, 'search');
  if (searchRaw !== null && !eventual) throw graphError(400, 'Request_UnsupportedQuery', "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
  const search = searchRaw !== null ? parseSearch(searchRaw, ['displayName', 'mail', 'userPrincipalName', 'givenName', 'surname', 'jobTitle', 'department', 'employeeId']) : null;
  const parsed = filterRaw !== null && filterRaw.trim() !== '' ? parseFilter(filterRaw) : null;
  if (parsed) checkFilter(parsed, USER_FILTER, eventual && count, (p) => p in USER_PROPS || p in USER_FILTER.basic || p in USER_FILTER.advanced);
  const filter = parsed ? normaliseDates(parsed) : null;
  const leaveOk = leaveDateCheck(ctx, req, select, filter);
  const orderRaw = option(req.query, 'orderby');
  let order: string | null = null;
  if (orderRaw) {
    const m = /^(displayName|userPrincipalName)(?:\s+(asc|desc))?$/.exec(orderRaw.trim());
    if (!m) throw graphError(400, 'Request_UnsupportedQuery', `Order by '${orderRaw}' is not supported.`);
    if ((filter || search) && !(eventual && count)) throw graphError(400, 'Request_UnsupportedQuery', 'Sorting not supported for current query.');
    order = `${m[1] ?? 'displayName'} ${m[2] ?? 'asc'}`;
  }
  const range = filter && !search && !order ? upnRange(filter) : null;
  const seq = range ? upnRangeOrder(ctx, range) : userOrder(ctx, order);
  const matches = (i: number): boolean => {
    if (!ctx.t.isLive(i)) return false;
    if ((!filter || range) && !search) return true;
    const u = ctx.t.user(i);
    if (filter && !evalFilter(filter, userGetter(ctx, u, leaveOk))) return false;
    if (search) {
      const get = userGetter(ctx, u);
      const hits = search.clauses.map((c) => searchMatches(get(c.property), c.term));
      if (search.mode === 'or' ? !hits.some(Boolean) : !hits.every(Boolean)) return false;
    }
    return true;
  };
  let pos = readSkipToken(option(req.query, 'skiptoken'));
  const value: Array<Record<string, unknown>> = [];
  while (pos < seq.length && value.length < top) {
    const i = seq.at(pos++);
    if (matches(i)) value.push(projectUserFor(ctx, ctx.t.user(i), select, leaveOk));
  }
  // Only link a next page that has something on it.
  let more = false;
  for (let p = pos; p < seq.length; p++)
    if (matches(seq.at(p))) {
      more = true;
      pos = p;
      break;
    }
  const body: Record<string, unknown> = { '@odata.context': `${req.base}/${req.version}/$metadata#users${select ? `(${select.join(',')})` : ''}` };
  if (count) {
    let total = 0;
    for (let p = 0; p < seq.length; p++) if (matches(seq.at(p))) total++;
    body['@odata.count'] = total;
  }
  if (more) body['@odata.nextLink'] = nextLink(req.base, `/${req.version}/users`, req.query, '$skiptoken', skipToken(pos));
  body.value = value;
  return json(body);
}

export function countUsers(ctx: Ctx, req: Req): IGraphResponse {
  requireScope(req.auth, SCOPES.readUsers);
  if (!isEventual(req)) throw graphError(400, 'Request_BadRequest', 'Count is not currently supported.');
  const filterRaw = option(req.query, 'filter');
  let n = ctx.t.userCount;
  if (filterRaw) {
    const parsed = parseFilter(filterRaw);
    checkFilter(parsed, USER_FILTER, true, (p) => p in USER_PROPS || p in USER_FILTER.basic || p in USER_FILTER.advanced);
    const filter = normaliseDates(parsed);
    const leaveOk = leaveDateCheck(ctx, req, null, filter);
    n = 0;
    for (let p = 0; p < ctx.t.dirLength; p++) {
      const i = ctx.t.dirIndex(p);
      if (ctx.t.isLive(i) && evalFilter(filter, userGetter(ctx, ctx.t.user(i), leaveOk))) n++;
    }
  }
  return { status: 200, headers: { 'Content-Type': 'text/plain' }, text: String(n) };
}

/** Resolve `{id|upn}` (or `me`) to a directory index; 404 as Graph answers. */
export function resolveUser(ctx: Ctx, req: Req, key: string): number {
  const k = key === 'me' ? String(req.auth.claims.upn ?? '') : key;
  const i = ctx.t.findUser(k);
  if (i < 0) throw notFound(key);
  return i;
}

export function getUser(ctx: Ctx, req: Req, key: string): IGraphResponse {
  const i = resolveUser(ctx, req, key);
  const self = key === 'me' || i === ctx.t.findUser(String(req.auth.claims.upn ?? ''));
  if (!(self && hasAny(req.auth, ['User.Read']))) requireScope(req.auth, SCOPES.readUsers);
  const select = parseSelect(option(req.query, 'select'), USER_PROPS, 'User');
  if (select?.includes('signInActivity')) checkSignInActivity(ctx, req);
  const leaveOk = leaveDateCheck(ctx, req, select, null);
  return json({ '@odata.context': `${req.base}/${req.version}/$metadata#users${select ? `(${select.join(',')})` : ''}/$entity`, ...projectUserFor(ctx, ctx.t.user(i), select, leaveOk) });
}

export function getManager(ctx: Ctx, req: Req, key: string): IGraphResponse {
  requireScope(req.auth, SCOPES.readUsers);
  const i = resolveUser(ctx, req, key);
  const m = ctx.t.managerOf(i);
  if (m < 0) throw graphError(404, 'Request_ResourceNotFound', "Resource 'manager' does not exist or one of its queried reference-property objects are not present.");
  const select = parseSelect(option(req.query, 'select'), USER_PROPS, 'User');
  return json({ '@odata.context': `${req.base}/${req.version}/$metadata#directoryObjects/$entity`, '@odata.type': '#microsoft.graph.user', ...projectUser(ctx, ctx.t.user(m), select) });
}

/**
 * GET /users/{id}/directReports: the users whose manager is this user (managerOf, so manager/$ref edits count),
 * in directory order; `$select`, `$top` (≤ 999, 100 by default) and `$skiptoken` paging. Needs a user-read scope.
 */
export function listDirectReports(ctx: Ctx, req: Req, key: string): IGraphResponse {
  requireScope(req.auth, SCOPES.readUsers);
  const i = resolveUser(ctx, req, key);
  const select = parseSelect(option(req.query, 'select'), USER_PROPS, 'DirectoryObject');
  const top = pageSize(req, 999);
  const reports: number[] = [];
  for (let p = 0; p < ctx.t.dirLength; p++) {
    const j = ctx.t.dirIndex(p);
    if (j !== i && ctx.t.isLive(j) && ctx.t.managerOf(j) === i) reports.push(j);
  }
  const pos = readSkipToken(option(req.query, 'skiptoken'));
  const body: Record<string, unknown> = { '@odata.context': `${req.base}/${req.version}/$metadata#directoryObjects` };
  if (pos + top < reports.length) body['@odata.nextLink'] = nextLink(req.base, `/${req.version}/users/${ctx.t.userId(i)}/directReports`, req.query, '$skiptoken', skipToken(pos + top));
  body.value = reports.slice(pos, pos + top).map((j) => ({ '@odata.type': '#microsoft.graph.user', ...projectUser(ctx, ctx.t.user(j), select) }));
  return json(body);
}

export function patchUser(ctx: Ctx, req: Req, key: string): IGraphResponse {
  requireScope(req.auth, SCOPES.writeUser);
  const i = resolveUser(ctx, req, key);
  checkRefused(ctx, i, key);
  const body = req.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw graphError(400, 'BadRequest', 'Empty Payload. JSON content expected.');
  const synced = ((ctx.t.flags[i] ?? 0) & F.SYNCED) !== 0;
  const edits: Record<string, string | boolean | null> = {};
  for (const [k, v] of Object.entries(body as Record<string, unknown>)) {
    if (k === 'id' || k === 'createdDateTime') throw graphError(400, 'Request_BadRequest', `Property '${k}' is read-only and cannot be set.`);
    if (!WRITABLE.includes(k) && k in USER_PROPS) throw graphError(400, 'Request_BadRequest', `Updating property '${k}' is not supported by the demo tenant.`);
    if (!WRITABLE.includes(k)) throw graphError(400, 'Request_BadRequest', `Property '${k}' does not exist as a declared property or extension property.`);
    if (synced && SYNC_MASTERED.includes(k)) throw graphError(400, 'Request_BadRequest', MSG.onPremGroup);
    if (k === 'accountEnabled') {
      if (typeof v !== 'boolean') throw graphError(400, 'Request_BadRequest', "Invalid value specified for property 'accountEnabled' of resource 'User'.");
      edits[k] = v;
      continue;
    }
    if (v !== null && typeof v !== 'string') throw graphError(400, 'Request_BadRequest', `Invalid value specified for property '${k}' of resource 'User'.`);
    if (k === 'usageLocation' && v !== null && !/^[A-Z]{2}$/.test(v)) throw graphError(400, 'Request_BadRequest', "Invalid value specified for property 'usageLocation' of resource 'User'.");
    if (k === 'displayName' && (v === null || v.trim() === '')) throw graphError(400, 'Request_BadRequest', "Invalid value specified for property 'displayName' of resource 'User'.");
    if (typeof v === 'string' && v.length > (MAX_LEN[k] ?? 256)) throw graphError(400, 'Request_BadRequest', `Invalid value specified for property '${k}' of resource 'User'.`);
    edits[k] = v === '' ? null : v;
  }
  const before = trackedValues(ctx, ctx.t.user(i));
  ctx.t.editUser(i, edits, () => changedProps(before, trackedValues(ctx, ctx.t.user(i))));
  return noContent();
}

// ---------------------------------------------------------------- licences

export function subscribedSkus(ctx: Ctx, req: Req): IGraphResponse {
  requireScope(req.auth, SCOPES.subscribedSkus);
  const { t } = ctx;
  const value = t.skus.map((s) => ({
    accountName: 'Contoso',
    accountId: t.tid,
    appliesTo: 'User',
    capabilityStatus: 'Enabled',
    consumedUnits: t.consumed[s.index] ?? 0,
    id: `${t.tid}_${s.skuId}`,
    skuId: s.skuId,
    skuPartNumber: s.skuPartNumber,
    subscriptionIds: [t.requestGuid(90000 + s.index)],
    prepaidUnits: { enabled: t.prepaid[s.index] ?? 0, suspended: 0, warning: 0, lockedOut: 0 },
    servicePlans: s.plans.map((p) => ({ servicePlanId: p.servicePlanId, servicePlanName: p.servicePlanName, provisioningStatus: 'Success', appliesTo: 'User' }))
  }));
  return json({ '@odata.context': `${req.base}/${req.version}/$metadata#subscribedSkus`, value });
}

export function licenseDetails(ctx: Ctx, req: Req, key: string): IGraphResponse {
  requireScope(req.auth, [...SCOPES.readUsers, 'LicenseAssignment.Read.All']);
  const i = resolveUser(ctx, req, key);
  const value = ctx.t.skusOf(ctx.t.lic[i] ?? 0).map((s) => ({ id: `${s.skuId}`, skuId: s.skuId, skuPartNumber: s.skuPartNumber, servicePlans: s.plans.map((p) => ({ ...p, provisioningStatus: 'Success', appliesTo: 'User' })) }));
  return json({ '@odata.context': `${req.base}/${req.version}/$metadata#users('${ctx.t.userId(i)}')/licenseDetails`, value });
}

export function assignLicense(ctx: Ctx, req: Req, key: string): IGraphResponse {
  requireScope(req.auth, SCOPES.assignLicense);
  const i = resolveUser(ctx, req, key);
  checkRefused(ctx, i, key);
  const { t } = ctx;
  const body = req.body as { addLicenses?: unknown; removeLicenses?: unknown } | null;
  if (!body || !Array.isArray(body.addLicenses) || !Array.isArray(body.removeLicenses))
    throw graphError(400, 'Request_BadRequest', "Invalid value specified for property 'addLicenses' of resource 'User'.");
  let mask = t.lic[i] ?? 0;
  const adds: number[] = [];
  for (const item of body.addLicenses as unknown[]) {
    const skuId = typeof item === 'object' && item !== null ? (item as { skuId?: unknown }).skuId : undefined;
    const sku = typeof skuId === 'string' ? t.skuById.get(skuId.toLowerCase()) : undefined;
    if (!sku) throw graphError(400, 'Request_BadRequest', `License ${String(skuId)} does not correspond to a valid company License.`);
    adds.push(sku.index);
  }
  const removes: number[] = [];
  for (const skuId of body.removeLicenses as unknown[]) {
    const sku = typeof skuId === 'string' ? t.skuById.get(skuId.toLowerCase()) : undefined;
    if (!sku) throw graphError(400, 'Request_BadRequest', `License ${String(skuId)} does not correspond to a valid company License.`);
    if (!(mask & (1 << sku.index))) throw graphError(400, 'Request_BadRequest', 'User does not have a corresponding license.');
    removes.push(sku.index);
  }
  const newAdds = adds.filter((s) => !(mask & (1 << s)));
  if (newAdds.length && !t.user(i).usageLocation) throw graphError(400, 'Request_BadRequest', MSG.usageLocation);
  for (const s of newAdds) {
    if ((t.consumed[s] ?? 0) >= (t.prepaid[s] ?? 0))
      throw graphError(400, 'Request_BadRequest', `Subscription for SKU ${t.skus[s]?.skuId ?? ''} does not have any available licenses.`);
  }
  for (const s of removes) {
    mask &= ~(1 << s);
    t.consumed[s] = (t.consumed[s] ?? 1) - 1;
  }
  for (const s of newAdds) {
    mask |= 1 << s;
    t.consumed[s] = (t.consumed[s] ?? 0) + 1;
  }
  const before = trackedValues(ctx, t.user(i));
  t.setLicences(i, mask, () => changedProps(before, trackedValues(ctx, t.user(i))));
  return json({ '@odata.context': `${req.base}/${req.version}/$metadata#users/$entity`, ...projectUser(ctx, t.user(i), null) });
}

// ---------------------------------------------------------------- groups

function groupObject(ctx: Ctx, g: IGroup): Record<string, unknown> {
  const mailEnabled = g.kind === 'unified' || g.kind === 'mailSecurity' || g.kind === 'distribution';
  const created = new Date((ctx.t.refreshDay - g.createdOff) * 86400000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return {
    id: g.id,
    deletedDateTime: null,
    classification: null,
    createdDateTime: created,
    description: g.description,
    displayName: g.displayName,
    groupTypes: g.kind === 'unified' ? ['Unified'] : g.kind === 'dynamic' ? ['DynamicMembership'] : [],
    isAssignableToRole: null,
    mail: mailEnabled ? `${g.mailNickname}@${ctx.t.domain}` : null,
    mailEnabled,
    mailNickname: g.mailNickname,
    membershipRule: g.kind === 'dynamic' ? `(user.department -eq "${g.ruleDepartment ?? ''}")` : null,
    membershipRuleProcessingState: g.kind === 'dynamic' ? 'On' : null,
    onPremisesSyncEnabled: g.kind === 'synced' ? true : null,
    onPremisesLastSyncDateTime: g.kind === 'synced' ? new Date((ctx.t.todayDay - 1) * 86400000 + 3600000).toISOString().replace(/\.\d{3}Z$/, 'Z') : null,
    onPremisesSamAccountName: g.kind === 'synced' ? g.mailNickname : null,
    proxyAddresses: mailEnabled ? [`SMTP:${g.mailNickname}@${ctx.t.domain}`] : [],
    resourceProvisioningOptions: g.isTeam ? ['Team'] : [],
    securityEnabled: g.kind === 'security' || g.kind === 'mailSecurity' || g.kind === 'dynamic' || g.kind === 'synced',
    visibility: g.visibility
  };
}

const GROUP_PROPS = groupObject(
  { t: { refreshDay: 0, todayDay: 0, domain: '' } } as unknown as Ctx,
  { index: 0, id: '', displayName: '', description: '', mailNickname: '', kind: 'unified', visibility: null, isTeam: false, ownerIndex: 0, createdOff: 0, yammer: false }
);

const GROUP_FILTER: IFilterRules = {
  resource: 'Group',
  basic: {
    id: ['eq', 'in'],
    displayName: ['eq', 'in', 'startswith'],
    mailNickname: ['eq', 'in', 'startswith'],
    mail: ['eq', 'in', 'startswith'],
    mailEnabled: ['eq'],
    securityEnabled: ['eq', 'in'],
    onPremisesSyncEnabled: ['eq'],
    visibility: ['eq']
  },
  advanced: { displayName: ['ne', 'endswith'], mail: ['ne', 'endswith'], mailEnabled: ['ne'], securityEnabled: ['ne'], description: ['eq', 'startswith'] },
  collections: { groupTypes: { '': ['eq'] }, resourceProvisioningOptions: { '': ['eq'] }, proxyAddresses: { '': ['eq', 'startswith'] } }
};

function project(obj: Record<string, unknown>, select: string[] | null): Record<string, unknown> {
  if (!select) return obj;
  const out: Record<string, unknown> = {};
  for (const p of select) out[p] = obj[p] ?? null;
  return out;
}

export function resolveGroup(ctx: Ctx, id: string): IGroup {
  const g = ctx.t.groupById.get(id.toLowerCase());
  const group = g === undefined ? undefined : ctx.t.groups[g];
  if (!group) throw notFound(id);
  return group;
}

export function listGroups(ctx: Ctx, req: Req): IGraphResponse {
  requireScope(req.auth, SCOPES.readGroups);
  const select = parseSelect(option(req.query, 'select'), GROUP_PROPS, 'Group');
  const top = pageSize(req, 999);
  const eventual = isEventual(req);
  const count = (option(req.query, 'count') ?? '').toLowerCase() === 'true';
  if (count && !eventual) throw graphError(400, 'Request_BadRequest', '$count is not currently supported.');
  const searchRaw = option(req.query, 'search');
  if (searchRaw !== null && !eventual) throw graphError(400, 'Request_UnsupportedQuery', "Request with $search query parameter only works through MSGraph with a special request header: 'ConsistencyLevel: eventual'");
  const search = searchRaw !== null ? parseSearch(searchRaw, ['displayName', 'description', 'mail', 'mailNickname']) : null;
  const filterRaw = option(req.query, 'filter');
  const filter = filterRaw ? parseFilter(filterRaw) : null;
  if (filter) checkFilter(filter, GROUP_FILTER, eventual && count, (p) => p in GROUP_PROPS);
  const all = ctx.t.groups
    .map((g) => groupObject(ctx, g))
    .filter((o) => {
      if (filter && !evalFilter(filter, (p) => o[p])) return false;
      if (search) {
        const hits = search.clauses.map((c) => searchMatches(o[c.property], c.term));
        return search.mode === 'or' ? hits.some(Boolean) : hits.every(Boolean);
      }
      return true;
    });
  const pos = readSkipToken(option(req.query, 'skiptoken'));
  const body: Record<string, unknown> = { '@odata.context': `${req.base}/${req.version}/$metadata#groups` };
  if (count) body['@odata.count'] = all.length;
  if (pos + top < all.length) body['@odata.nextLink'] = nextLink(req.base, `/${req.version}/groups`, req.query, '$skiptoken', skipToken(pos + top));
  body.value = all.slice(pos, pos + top).map((o) => project(o, select));
  return json(body);
}

export function getGroup(ctx: Ctx, req: Req, id: string): IGraphResponse {
  requireScope(req.auth, SCOPES.readGroups);
  const select = parseSelect(option(req.query, 'select'), GROUP_PROPS, 'Group');
  return json({ '@odata.context': `${req.base}/${req.version}/$metadata#groups/$entity`, ...project(groupObject(ctx, resolveGroup(ctx, id)), select) });
}

/** GET /groups/{id}/owners: the group's one owner (each demo group has one), as a user. */
export function listGroupOwners(ctx: Ctx, req: Req, id: string): IGraphResponse {
  requireScope(req.auth, SCOPES.readGroups);
  const g = resolveGroup(ctx, id);
  const select = parseSelect(option(req.query, 'select'), USER_PROPS, 'User');
  const value = g.ownerIndex >= 0 && g.ownerIndex < ctx.t.nUsers ? [{ '@odata.type': '#microsoft.graph.user', ...projectUser(ctx, ctx.t.user(g.ownerIndex), select) }] : [];
  return json({ '@odata.context': `${req.base}/${req.version}/$metadata#directoryObjects`, value });
}

export function listGroupMembers(ctx: Ctx, req: Req, id: string): IGraphResponse {
  requireScope(req.auth, SCOPES.readGroups);
  const g = resolveGroup(ctx, id);
  const select = parseSelect(option(req.query, 'select'), USER_PROPS, 'User');
  const top = pageSize(req, 999);
  // Positions: the groups nested directly in this one first, then users by index.
  const children = ctx.t.childGroupsOf(g.index);
  const end = children.length + ctx.t.nUsers;
  const at = (p: number): Record<string, unknown> | null => {
    if (p < children.length) {
      const child = ctx.t.groups[children[p] ?? -1];
      return child ? { '@odata.type': '#microsoft.graph.group', ...project(groupObject(ctx, child), select ? select.filter((x) => x in GROUP_PROPS) : null) } : null;
    }
    const i = p - children.length;
    return ctx.t.isMember(g.index, i) ? { '@odata.type': '#microsoft.graph.user', ...projectUser(ctx, ctx.t.user(i), select) } : null;
  };
  let pos = readSkipToken(option(req.query, 'skiptoken'));
  const value: unknown[] = [];
  for (; pos < end && value.length < top; pos++) {
    const o = at(pos);
    if (o) value.push(o);
  }
  let more = false;
  for (let p = pos; p < end; p++)
    if (p < children.length || ctx.t.isMember(g.index, p - children.length)) {
      more = true;
      pos = p;
      break;
    }
  const body: Record<string, unknown> = { '@odata.context': `${req.base}/${req.version}/$metadata#directoryObjects` };
  if (more) body['@odata.nextLink'] = nextLink(req.base, `/${req.version}/groups/${g.id}/members`, req.query, '$skiptoken', skipToken(pos));
  body.value = value;
  return json(body);
}

/** Every group nested under g, at any depth. */
function descendantGroups(ctx: Ctx, g: number): number[] {
  const out: number[] = [];
  const todo = ctx.t.childGroupsOf(g);
  while (todo.length) {
    const c = todo.shift() ?? -1;
    if (c < 0 || out.includes(c)) continue;
    out.push(c);
    todo.push(...ctx.t.childGroupsOf(c));
  }
  return out;
}

/**
 * GET /groups/{id}/transitiveMembers[/microsoft.graph.user|/microsoft.graph.group]: nested groups and
 * everyone in them, flattened. A token that may not read users gets them with their id and type only.
 */
export function listTransitiveMembers(ctx: Ctx, req: Req, id: string, cast: string | undefined): IGraphResponse {
  requireScope(req.auth, SCOPES.transitiveMembers);
  const g = resolveGroup(ctx, id);
  const castLc = cast?.toLowerCase();
  if (castLc !== undefined && castLc !== 'microsoft.graph.user' && castLc !== 'microsoft.graph.group') throw graphError(400, 'BadRequest', `Resource not found for the segment '${cast ?? ''}'.`);
  const wantUsers = castLc !== 'microsoft.graph.group';
  const wantGroups = castLc !== 'microsoft.graph.user';
  const known = castLc === 'microsoft.graph.user' ? USER_PROPS : castLc === 'microsoft.graph.group' ? GROUP_PROPS : { ...GROUP_PROPS, ...USER_PROPS };
  const select = parseSelect(option(req.query, 'select'), known, castLc === 'microsoft.graph.group' ? 'Group' : castLc === 'microsoft.graph.user' ? 'User' : 'DirectoryObject');
  const top = pageSize(req, 999);
  const basics = hasAny(req.auth, SCOPES.readUserBasics);
  const typed = (type: string, o: Record<string, unknown>): Record<string, unknown> => (castLc ? o : { '@odata.type': type, ...o });
  const groups = wantGroups ? descendantGroups(ctx, g.index) : [];
  const end = groups.length + (wantUsers ? ctx.t.nUsers : 0);
  const has = (p: number): boolean => p < groups.length || ctx.t.isTransitiveMember(g.index, p - groups.length);
  const at = (p: number): Record<string, unknown> => {
    if (p < groups.length) {
      const child = ctx.t.groups[groups[p] ?? -1];
      return typed('#microsoft.graph.group', child ? project(groupObject(ctx, child), select ? select.filter((x) => x in GROUP_PROPS) : null) : {});
    }
    const u = ctx.t.user(p - groups.length);
    if (!basics) {
      // Limited information: the type and id, every other property null.
      const o: Record<string, unknown> = { id: u.id };
      for (const k of select ?? DEFAULT_USER_PROPS) if (k !== 'id') o[k] = null;
      return typed('#microsoft.graph.user', o);
    }
    return typed('#microsoft.graph.user', projectUser(ctx, u, select ? select.filter((x) => x in USER_PROPS) : null));
  };
  let pos = readSkipToken(option(req.query, 'skiptoken'));
  const value: unknown[] = [];
  for (; pos < end && value.length < top; pos++) if (has(pos)) value.push(at(pos));
  let next = -1;
  for (let p = pos; p < end; p++)
    if (has(p)) {
      next = p;
      break;
    }
  const context = castLc === 'microsoft.graph.user' ? 'users' : castLc === 'microsoft.graph.group' ? 'groups' : 'directoryObjects';
  const body: Record<string, unknown> = { '@odata.context': `${req.base}/${req.version}/$metadata#${context}${select ? `(${select.join(',')})` : ''}` };
  if (next >= 0) body['@odata.nextLink'] = nextLink(req.base, `/${req.version}/groups/${g.id}/transitiveMembers${cast ? `/${cast}` : ''}`, req.query, '$skiptoken', skipToken(next));
  body.value = value;
  return json(body);
}

/** A directoryRole object as Graph lists it. */
export function directoryRoleObject(ctx: Ctx, role: keyof typeof ROLES): Record<string, unknown> {
  const r = ROLES[role];
  return { id: securityOf(ctx.t).roleObjectId(role), deletedDateTime: null, description: r.description, displayName: r.displayName, roleTemplateId: r.templateId };
}

export function listMemberOf(ctx: Ctx, req: Req, key: string, cast: string | undefined, transitive = false): IGraphResponse {
  const i = resolveUser(ctx, req, key);
  requireScope(req.auth, SCOPES.readMemberOf);
  // `/memberOf/{id}`: one directory object by key (a group the user is a direct member of), else 404.
  if (cast !== undefined && cast !== 'microsoft.graph.group' && cast !== 'microsoft.graph.directoryRole') return memberOfOne(ctx, req, i, cast, transitive);
  const select = parseSelect(option(req.query, 'select'), { ...GROUP_PROPS, roleTemplateId: null }, 'DirectoryObject');
  const top = pageSize(req, 999);
  const items: Array<Record<string, unknown>> = (transitive ? ctx.t.transitiveGroupsOf(i) : ctx.t.groupsOf(i)).map((g) => {
    const group = ctx.t.groups[g];
    return { '@odata.type': '#microsoft.graph.group', ...(group ? groupObject(ctx, group) : {}) };
  });
  if (cast !== 'microsoft.graph.group')
    items.unshift(...securityOf(ctx.t).rolesOf(i).map((role) => ({ '@odata.type': '#microsoft.graph.directoryRole', ...directoryRoleObject(ctx, role) })));
  const pos = readSkipToken(option(req.query, 'skiptoken'));
  const body: Record<string, unknown> = { '@odata.context': `${req.base}/${req.version}/$metadata#directoryObjects` };
  if (pos + top < items.length) body['@odata.nextLink'] = nextLink(req.base, req.path.startsWith('/me') ? `/${req.version}${req.path}` : `/${req.version}/users/${ctx.t.userId(i)}/${transitive ? 'transitiveMemberOf' : 'memberOf'}${cast ? `/${cast}` : ''}`, req.query, '$skiptoken', skipToken(pos + top));
  body.value = items.slice(pos, pos + top).map((o) => (select ? { '@odata.type': o['@odata.type'], ...project(o, select) } : o));
  return json(body);
}

/**
 * GET /users/{id}/ownedObjects (optionally cast to microsoft.graph.group): the groups the user owns (each demo
 * group has one owner). Reading needs a user-read scope; without a group-read one, Graph returns each object
 * with its type and id only, every other property null (limited information).
 */
export function listOwnedObjects(ctx: Ctx, req: Req, key: string, cast: string | undefined): IGraphResponse {
  const i = resolveUser(ctx, req, key);
  requireScope(req.auth, SCOPES.readUsers);
  if (cast !== undefined && cast !== 'microsoft.graph.group') throw graphError(400, 'Request_BadRequest', `The type '${cast}' is not supported here.`);
  const select = parseSelect(option(req.query, 'select'), GROUP_PROPS, 'DirectoryObject');
  const full = hasAny(req.auth, SCOPES.readGroups);
  const top = pageSize(req, 100);
  const items: Array<Record<string, unknown>> = ctx.t.groups.filter((g) => g.ownerIndex === i).map((g) => ({ '@odata.type': '#microsoft.graph.group', ...groupObject(ctx, g) }));
  const pos = readSkipToken(option(req.query, 'skiptoken'));
  const body: Record<string, unknown> = { '@odata.context': `${req.base}/${req.version}/$metadata#directoryObjects` };
  if (pos + top < items.length) body['@odata.nextLink'] = nextLink(req.base, `/${req.version}/users/${ctx.t.userId(i)}/ownedObjects${cast ? `/${cast}` : ''}`, req.query, '$skiptoken', skipToken(pos + top));
  body.value = items.slice(pos, pos + top).map((o) => {
    const shown: Record<string, unknown> = select ? { '@odata.type': o['@odata.type'], ...project(o, select) } : o;
    if (full) return shown;
    const limited: Record<string, unknown> = {};
    for (const k of Object.keys(shown)) limited[k] = k === '@odata.type' || k === 'id' ? o[k] : null;
    return limited;
  });
  return json(body);
}

/** One group of a user's memberships by its id (`/users/{id}/memberOf/{groupId}`), or 404 as Graph answers it. */
function memberOfOne(ctx: Ctx, req: Req, i: number, id: string, transitive: boolean): IGraphResponse {
  const g = ctx.t.groupById.get(id.toLowerCase()) ?? ctx.t.groupById.get(id);
  const groups = transitive ? ctx.t.transitiveGroupsOf(i) : ctx.t.groupsOf(i);
  const group = g !== undefined && groups.includes(g) ? ctx.t.groups[g] : undefined;
  if (!group) throw graphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
  const select = parseSelect(option(req.query, 'select'), { ...GROUP_PROPS, roleTemplateId: null }, 'DirectoryObject');
  const o = { '@odata.type': '#microsoft.graph.group', ...groupObject(ctx, group) };
  return json(select ? { '@odata.type': o['@odata.type'], ...project(o, select) } : o);
}

/** The `@odata.id` of a $ref body -> a directory user index. */
function refTarget(ctx: Ctx, body: unknown): number {
  const ref = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['@odata.id'] : undefined;
  if (typeof ref !== 'string') throw graphError(400, 'Request_BadRequest', 'Invalid object identifier \'undefined\'.');
  const m = /\/(?:directoryObjects|users)\/([^/?]+)$/i.exec(ref) ?? /\/(?:directoryObjects|users)\('([^']+)'\)$/i.exec(ref);
  const id = m?.[1] ? decodeURIComponent(m[1]) : '';
  const i = ctx.t.findUser(id);
  if (i < 0) throw graphError(404, 'Request_ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
  return i;
}

function checkMembersEditable(g: IGroup): void {
  if (g.kind === 'dynamic') throw graphError(400, 'Request_BadRequest', MSG.dynamicGroup);
  if (g.kind === 'mailSecurity' || g.kind === 'distribution') throw graphError(400, 'Request_BadRequest', MSG.mailEnabledGroup);
  if (g.kind === 'synced') throw graphError(400, 'Request_BadRequest', MSG.onPremGroup);
}

export function addMember(ctx: Ctx, req: Req, id: string): IGraphResponse {
  requireScope(req.auth, SCOPES.writeMembers);
  const g = resolveGroup(ctx, id);
  const i = refTarget(ctx, req.body);
  checkRefused(ctx, i, ctx.t.userId(i));
  checkMembersEditable(g);
  if (ctx.t.isMember(g.index, i)) throw graphError(400, 'Request_BadRequest', MSG.alreadyMember);
  ctx.t.addMember(g.index, i);
  return noContent();
}

export function removeMember(ctx: Ctx, req: Req, id: string, member: string): IGraphResponse {
  requireScope(req.auth, SCOPES.writeMembers);
  const g = resolveGroup(ctx, id);
  const i = ctx.t.findUser(member);
  if (i < 0 || !ctx.t.isMember(g.index, i)) throw notFound(member);
  checkRefused(ctx, i, member);
  checkMembersEditable(g);
  ctx.t.removeMember(g.index, i);
  return noContent();
}

// ---------------------------------------------------------------- photo, drive, auth methods

export function photo(ctx: Ctx, req: Req, key: string, value: boolean, size?: string): IGraphResponse {
  requireScope(req.auth, SCOPES.photo);
  const i = resolveUser(ctx, req, key);
  if (!ctx.t.hasPhoto(i)) throw graphError(404, 'ImageNotFound', MSG.imageNotFound);
  const px = size ? Number(/^(\d+)x\d+$/.exec(size)?.[1] ?? 0) : 240;
  if (!px) throw graphError(404, 'ImageNotFound', MSG.imageNotFound);
  if (!value) return json({ '@odata.context': `${req.base}/${req.version}/$metadata#users('${ctx.t.userId(i)}')/photo/$entity`, '@odata.mediaContentType': 'image/png', '@odata.mediaEtag': `"${ctx.t.userId(i).slice(0, 8)}"`, id: `${px}X${px}`, height: px, width: px });
  return { status: 200, headers: { 'Content-Type': 'image/png', ETag: `"${ctx.t.userId(i).slice(0, 8)}"` }, raw: userPhotoPng(ctx.t.seed, i, Math.min(px, 96)) };
}

export function drive(ctx: Ctx, req: Req, key: string): IGraphResponse {
  if (!hasAny(req.auth, SCOPES.drive)) throw graphError(403, 'accessDenied', 'Access denied');
  const i = resolveUser(ctx, req, key);
  if (!hasOneDrive(ctx.t, ctx.a, i)) throw graphError(404, 'ResourceNotFound', MSG.mysiteNotFound);
  const total = 1099511627776;
  const used = oneDriveBytes(ctx, i, 0);
  const deleted = Math.floor(used * 0.02);
  const remaining = Math.max(0, total - used - deleted);
  const r = used / total;
  const u = ctx.t.user(i);
  return json({
    '@odata.context': `${req.base}/${req.version}/$metadata#drives/$entity`,
    driveType: 'business',
    id: `b!${Buffer.from(u.id).toString('base64url').slice(0, 40)}`,
    name: 'OneDrive',
    webUrl: `${ctx.t.oneDriveUrl(i)}/Documents`,
    createdDateTime: u.createdDateTime,
    owner: { user: { email: u.mail, id: u.id, displayName: u.displayName } },
    quota: { deleted, remaining, state: r >= 1 ? 'exceeded' : r >= 0.98 ? 'critical' : r >= 0.9 ? 'nearing' : 'normal', total, used }
  });
}

/** One registered authentication method of a user (not the password): its kind as methodsOf names it, and id. */
export interface IMethodEntry {
  kind: string;
  id: string;
}

/** The user's registered methods with their ids (ids stay put when others are deleted), deleted ones left out. */
export function methodEntries(ctx: Pick<Ctx, 't'>, i: number): IMethodEntry[] {
  const life = lifecycleOf(ctx.t);
  return baseMethodsOf(ctx, i)
    .map((kind, k) => ({ kind, id: kind === 'mobilePhone' ? PHONE_MOBILE_ID : kind === 'email' ? EMAIL_METHOD_ID : ctx.t.requestGuid(500000 + i * 8 + k + 1) }))
    .filter((e) => !life.isDeleted(i, e.id));
}

/** Registered authentication methods, shared by /authentication/methods and userRegistrationDetails. */
export function methodsOf(ctx: Pick<Ctx, 't'>, i: number): string[] {
  if (!lifecycleOf(ctx.t).deletedMethodIds.has(i)) return baseMethodsOf(ctx, i);
  return methodEntries(ctx, i).map((e) => e.kind);
}

/** Graph's fixed ids: the mobile phone method and the email method. */
const PHONE_MOBILE_ID = '3179e48a-750b-4051-897c-87b9720928f7';
const EMAIL_METHOD_ID = '3ddfcfc8-9383-446f-83cc-3ab9be4be18f';

/** The methods a user registered, before any deletion. */
function baseMethodsOf(ctx: Pick<Ctx, 't'>, i: number): string[] {
  const h = hash4(ctx.t.seed, 950, i);
  const guest = ctx.t.isGuest(i);
  const out: string[] = [];
  const r = unit(h);
  if (guest) return r < 0.2 ? ['email'] : [];
  if (i === 0) return ['microsoftAuthenticatorPush', 'fido2', 'softwareOneTimePasscode'];
  // Emergency-access accounts sign in with a FIDO2 key kept in a safe.
  if (i === BREAK_GLASS) return ['fido2'];
  if (securityOf(ctx.t).forcedUnregistered(i)) return [];
  if (r < 0.18) return [];
  if (r < 0.3) return ['mobilePhone'];
  out.push('microsoftAuthenticatorPush');
  if ((h >>> 8) % 3 === 0) out.push('softwareOneTimePasscode');
  if ((h >>> 10) % 2 === 0) out.push('mobilePhone');
  if ((h >>> 12) % 5 === 0) out.push('email');
  if ((h >>> 14) % 9 === 0) out.push('fido2');
  if ((h >>> 16) % 4 === 0) out.push('windowsHelloForBusiness');
  if ((h >>> 18) % 7 === 0) out.push('microsoftAuthenticatorPasswordless');
  return out;
}

export function authMethods(ctx: Ctx, req: Req, key: string): IGraphResponse {
  if (!hasAny(req.auth, SCOPES.authMethods)) throw graphError(403, 'accessDenied', 'Request Authorization failed');
  const i = resolveUser(ctx, req, key);
  const u = ctx.t.user(i);
  const value: Array<Record<string, unknown>> = [{ '@odata.type': '#microsoft.graph.passwordAuthenticationMethod', id: '28c10230-6103-485e-b985-444c60001490', password: null, createdDateTime: u.createdDateTime }];
  for (const { kind: m, id } of methodEntries(ctx, i)) {
    if (m === 'microsoftAuthenticatorPush' || m === 'microsoftAuthenticatorPasswordless')
      value.push({ '@odata.type': '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod', id, displayName: hash4(ctx.t.seed, 951, i) % 2 ? 'iPhone 15' : 'Pixel 8', deviceTag: 'SoftwareTokenActivated', phoneAppVersion: '6.8.9', createdDateTime: u.createdDateTime });
    else if (m === 'mobilePhone') value.push({ '@odata.type': '#microsoft.graph.phoneAuthenticationMethod', id, phoneNumber: `+1 206555${String(1000 + (i % 9000))}`, phoneType: 'mobile', smsSignInState: 'notEnabled' });
    else if (m === 'email') value.push({ '@odata.type': '#microsoft.graph.emailAuthenticationMethod', id, emailAddress: `${u.userPrincipalName.split('@')[0] ?? 'user'}@outlook.com` });
    else if (m === 'fido2') value.push({ '@odata.type': '#microsoft.graph.fido2AuthenticationMethod', id, displayName: 'YubiKey 5 NFC', model: 'YubiKey 5 NFC', aaGuid: 'cb69481e-8ff7-4039-93ec-0a2729a154a8', createdDateTime: u.createdDateTime });
    else if (m === 'windowsHelloForBusiness') value.push({ '@odata.type': '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod', id, displayName: `LAPTOP-${(i % 10000).toString().padStart(4, '0')}`, keyStrength: 'normal', createdDateTime: u.createdDateTime });
    else if (m === 'softwareOneTimePasscode') value.push({ '@odata.type': '#microsoft.graph.softwareOathAuthenticationMethod', id, secretKey: null });
  }
  return json({ '@odata.context': `${req.base}/${req.version}/$metadata#users('${u.id}')/authentication/methods`, value });
}

/** A user's userRegistrationDetails entry (methods registered now, the preferred second factor). */
export function registrationOf(ctx: Ctx, i: number): Record<string, unknown> {
  const u = ctx.t.user(i);
  const methods = methodsOf(ctx, i);
  const mfa = methods.some((m) => m !== 'email');
  const passwordless = methods.some((m) => m === 'fido2' || m === 'windowsHelloForBusiness' || m === 'microsoftAuthenticatorPasswordless');
  const preferred = methods.includes('microsoftAuthenticatorPush') ? 'push' : methods.includes('softwareOneTimePasscode') ? 'oath' : methods.includes('mobilePhone') ? 'sms' : 'none';
  const sspr = u.userType === 'Member';
  return {
    id: u.id,
    userPrincipalName: u.userPrincipalName,
    userDisplayName: u.displayName,
    userType: u.userType === 'Guest' ? 'guest' : 'member',
    isAdmin: securityOf(ctx.t).rolesOf(i).length > 0,
    isSsprRegistered: sspr && methods.length > 0,
    isSsprEnabled: sspr,
    isSsprCapable: sspr && methods.length > 0 && u.accountEnabled,
    isMfaRegistered: mfa,
    isMfaCapable: mfa && u.accountEnabled,
    isPasswordlessCapable: passwordless,
    methodsRegistered: methods,
    isSystemPreferredAuthenticationMethodEnabled: true,
    systemPreferredAuthenticationMethods: methods.includes('fido2') ? ['Fido2'] : preferred === 'push' ? ['push'] : preferred === 'sms' ? ['sms'] : [],
    userPreferredMethodForSecondaryAuthentication: preferred,
    lastUpdatedDateTime: new Date((ctx.t.refreshDay - (hash4(ctx.t.seed, 960, i) % 60)) * 86400000 + 3600000).toISOString().replace(/\.\d{3}Z$/, 'Z')
  };
}

const URD_FILTER: IFilterRules = {
  resource: 'UserRegistrationDetails',
  basic: {
    id: ['eq', 'in'],
    userPrincipalName: ['eq', 'startswith'],
    userDisplayName: ['eq', 'startswith'],
    userType: ['eq'],
    isAdmin: ['eq'],
    isMfaRegistered: ['eq'],
    isMfaCapable: ['eq'],
    isSsprRegistered: ['eq'],
    isSsprEnabled: ['eq'],
    isSsprCapable: ['eq'],
    isPasswordlessCapable: ['eq'],
    isSystemPreferredAuthenticationMethodEnabled: ['eq'],
    userPreferredMethodForSecondaryAuthentication: ['eq']
  },
  advanced: {},
  collections: { methodsRegistered: { '': ['eq'] }, systemPreferredAuthenticationMethods: { '': ['eq'] } }
};

function checkUrdAccess(ctx: Ctx, req: Req): void {
  if (!hasAny(req.auth, SCOPES.auditLog)) throw graphError(403, 'Authentication_MSGraphPermissionMissing', MSG.auditLogScope);
  if (ctx.state.noP1) throw graphError(403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', MSG.noPremium);
}

export function userRegistrationDetails(ctx: Ctx, req: Req, id?: string): IGraphResponse {
  checkUrdAccess(ctx, req);
  if (id !== undefined) {
    const i = ctx.t.findUser(id);
    if (i < 0) throw notFound(id);
    return json({ '@odata.context': `${req.base}/${req.version}/$metadata#reports/authenticationMethods/userRegistrationDetails/$entity`, ...registrationOf(ctx, i) });
  }
  const top = pageSize(req, 999);
  const filterRaw = option(req.query, 'filter');
  const filter = filterRaw ? parseFilter(filterRaw) : null;
  const sample = registrationOf(ctx, 0);
  if (filter) checkFilter(filter, URD_FILTER, false, (p) => p in sample);
  const select = parseSelect(option(req.query, 'select'), sample, 'UserRegistrationDetails');
  let pos = readSkipToken(option(req.query, 'skiptoken'));
  const value: unknown[] = [];
  const match = (i: number): Record<string, unknown> | null => {
    const r = registrationOf(ctx, i);
    return !filter || evalFilter(filter, (p) => r[p]) ? r : null;
  };
  for (; pos < ctx.t.nUsers && value.length < top; pos++) {
    const r = match(pos);
    if (r) value.push(project(r, select));
  }
  let more = false;
  for (let p = pos; p < ctx.t.nUsers; p++)
    if (match(p)) {
      more = true;
      pos = p;
      break;
    }
  const body: Record<string, unknown> = { '@odata.context': `${req.base}/${req.version}/$metadata#reports/authenticationMethods/userRegistrationDetails` };
  if (more) body['@odata.nextLink'] = nextLink(req.base, `/${req.version}/reports/authenticationMethods/userRegistrationDetails`, req.query, '$skiptoken', skipToken(pos));
  body.value = value;
  return json(body);
}

export function organization(ctx: Ctx, req: Req): IGraphResponse {
  if (!hasAny(req.auth, ['User.Read', 'Organization.Read.All', 'Directory.Read.All', ...SCOPES.readUsers])) throw graphError(403, 'Authorization_RequestDenied', MSG.insufficient);
  return json({
    '@odata.context': `${req.base}/${req.version}/$metadata#organization`,
    value: [{ id: ctx.t.tid, displayName: ctx.t.tenantName, countryLetterCode: 'US', tenantType: 'AAD', verifiedDomains: [{ capabilities: 'Email, OfficeCommunicationsOnline', isDefault: true, isInitial: true, name: ctx.t.domain, type: 'Managed' }] }]
  });
}
