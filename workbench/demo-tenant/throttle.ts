/**
 * Time and throttling for large reads, as pure functions and one small stateful bucket set:
 * - the size model: a response's time is a base round trip plus a cost per kilobyte of its body;
 * - Microsoft Graph's resource-unit (RU) throttle for identity and access (directory) requests, after
 *   "Microsoft Graph service-specific throttling limits -> Identity and access service limits": a token bucket
 *   per application + tenant pair, its quota by tenant size, each request costed from Microsoft's table.
 * The clock is injected, so tests and benchmarks drive time themselves.
 */

/** The window Graph's identity quota is stated over: resource units per 10 seconds. */
export const DIRECTORY_WINDOW_MS = 10_000;

/** Graph's resource-unit quota per application + tenant pair, per 10 seconds, by tenant size. */
export const DIRECTORY_QUOTAS = { S: 3500, M: 5000, L: 8000 } as const;

export type TenantSize = keyof typeof DIRECTORY_QUOTAS;

/** Microsoft's sizes: S under 50 users, M 50 to 500, L above 500. */
export function tenantSize(users: number): TenantSize {
  if (users < 50) return 'S';
  if (users <= 500) return 'M';
  return 'L';
}

/** The resource units an application may spend per 10 seconds in a tenant of `users` users. */
export function directoryQuota(users: number): number {
  return DIRECTORY_QUOTAS[tenantSize(users)];
}

// ------------------------------------------------------------------ the size model

/**
 * The modelled time of one answer: `latencyMs + (bodyBytes / 1024) × latencyPerKbMs`. `bodyBytes` is the body
 * as the service produced it (before any gzip), so the same page costs the same time whatever the client
 * accepts. The simulator answers at the later of this and its own work being done.
 */
export function answerDelayMs(latencyMs: number, latencyPerKbMs: number, bodyBytes: number): number {
  const base = Math.max(0, latencyMs);
  const perKb = Math.max(0, latencyPerKbMs);
  return perKb > 0 ? base + (Math.max(0, bodyBytes) / 1024) * perKb : base;
}

// ------------------------------------------------------------------ request costs

/**
 * The first path segments of Graph's identity and access service (the resources Microsoft lists under its
 * limits: users, groups, directory objects and roles, devices, applications, service principals, contacts,
 * contracts, domains, organization, subscribed SKUs, OAuth2 grants, group settings, policies), lower case.
 * Not here: reports (their own limits), `identity/conditionalAccess` (the identity protection and Conditional
 * Access limits), `security`, `sites`, SharePoint's REST.
 */
const IDENTITY_ROOTS = new Set([
  'users',
  'me',
  'groups',
  'directoryobjects',
  'directoryroles',
  'directoryroletemplates',
  'devices',
  'applications',
  'serviceprincipals',
  'contacts',
  'contracts',
  'domains',
  'organization',
  'subscribedskus',
  'oauth2permissiongrants',
  'groupsettings',
  'groupsettingtemplates',
  'policies',
  'getobjectsbyid',
  'ismemberof'
]);

/**
 * What a user's or a group's path may lead to that is another service's (mail, calendars, files, photos,
 * authentication methods, Teams, Planner, ...): such a request is not an identity request. Lower case.
 */
const OTHER_SERVICES = new Set([
  'photo',
  'photos',
  'drive',
  'drives',
  'sites',
  'authentication',
  'mailfolders',
  'messages',
  'events',
  'calendar',
  'calendars',
  'calendarview',
  'calendargroups',
  'contacts',
  'contactfolders',
  'mailboxsettings',
  'insights',
  'onenote',
  'planner',
  'todo',
  'outlook',
  'chats',
  'joinedteams',
  'presence',
  'teamwork',
  'onlinemeetings',
  'people',
  'activities',
  'followedsites',
  'conversations',
  'threads',
  'team',
  'sendmail',
  'findmeetingtimes',
  'getmailtips',
  'inferenceclassification',
  'employeeexperience',
  'solutions',
  // Open extensions have limits of their own.
  'extensions'
]);

/** Microsoft's base costs (resource units) for the requests it lists; `me/...` stands for `users/{id}/...` too. */
const BASE_COSTS: ReadonlyArray<readonly [method: string, path: string, cost: number]> = [
  ['GET', 'applications', 2],
  ['GET', 'applications/{id}/extensionProperties', 2],
  ['GET', 'contracts', 3],
  ['POST', 'directoryObjects/getByIds', 3],
  ['GET', 'domains/{id}/domainNameReferences', 4],
  ['POST', 'getObjectsById', 3],
  ['GET', 'groups/{id}/members', 3],
  ['GET', 'groups/{id}/transitiveMembers', 5],
  ['POST', 'isMemberOf', 4],
  ['POST', 'me/checkMemberGroups', 4],
  ['POST', 'me/checkMemberObjects', 4],
  ['POST', 'me/getMemberGroups', 2],
  ['POST', 'me/getMemberObjects', 2],
  ['GET', 'me/licenseDetails', 2],
  ['GET', 'me/memberOf', 2],
  ['GET', 'me/ownedObjects', 2],
  ['GET', 'me/transitiveMemberOf', 2],
  ['GET', 'oauth2PermissionGrants', 2],
  ['GET', 'oauth2PermissionGrants/{id}', 2],
  ['GET', 'servicePrincipals/{id}/appRoleAssignments', 2],
  ['GET', 'subscribedSkus', 3],
  ['GET', 'users', 2]
];
const BASE_TABLE = BASE_COSTS.map(([method, path, cost]) => ({ method, segs: path.toLowerCase().split('/'), cost }));

/** Derived types an OData cast names (`.../members/microsoft.graph.user`): the cast reads the same collection. */
const CAST_TYPES = new Set(['user', 'group', 'device', 'serviceprincipal', 'orgcontact', 'application', 'directoryrole', 'administrativeunit']);

/** The path's segments as the cost table names them: lower case, casts dropped, `users/{id}/` as `me/`. */
function costSegments(path: string): string[] {
  const segs = path
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => s.replace(/^microsoft\.graph\./i, '').toLowerCase());
  const out: string[] = [];
  segs.forEach((s, i) => {
    // directoryRoles(roleTemplateId='...') is the collection keyed in one segment.
    const keyed = /^([a-z0-9]+)\(.*\)$/i.exec(s);
    if (keyed && i === 0) {
      out.push(keyed[1] ?? s, '{key}');
      return;
    }
    if (i > 0 && CAST_TYPES.has(s)) return;
    out.push(s);
  });
  if (out[0] === 'users' && out.length >= 2 && !isCollectionWord(out[1] ?? '')) out.splice(0, 2, 'me');
  return out;
}

/** A segment after a collection that is no key: a function, `$count`, `$ref`. */
function isCollectionWord(seg: string): boolean {
  return seg.startsWith('$') || seg === 'delta' || /^(getbyids|validateproperties|getavailableextensionproperties|getuserownedobjects)$/.test(seg);
}

/**
 * True when a request to `path` (after the version, e.g. `/users/{id}/memberOf`) is an identity and access
 * request, which Graph costs in resource units.
 */
export function isIdentityPath(path: string): boolean {
  const segs = costSegments(path);
  const root = segs[0];
  if (root === undefined || !IDENTITY_ROOTS.has(root)) return false;
  // me/photo, groups/{id}/drive, ...: another service's resource under a user or a group.
  const sub = root === 'me' ? segs[1] : root === 'groups' ? segs[2] : undefined;
  return sub === undefined || !OTHER_SERVICES.has(sub);
}

/** The documented base cost of an identity request: the table's, or 1 for any request not listed. */
export function baseCost(method: string, path: string): number {
  const segs = costSegments(path);
  const m = method.toUpperCase();
  for (const row of BASE_TABLE) {
    if (row.method !== m || row.segs.length !== segs.length) continue;
    if (row.segs.every((p, i) => (p === '{id}' ? !isCollectionWord(segs[i] ?? '') : p === segs[i]))) return row.cost;
  }
  return 1;
}

/** A query option given with or without its `$` (Graph accepts both). */
function option(query: URLSearchParams, name: string): string | null {
  for (const [k, v] of query) if (k.toLowerCase() === `$${name}` || k.toLowerCase() === name) return v;
  return null;
}

/**
 * A request's cost in resource units, or undefined when it is no identity request (not costed): the base
 * cost, −1 with `$select`, +1 with `$expand`, −1 with a `$top` under 20; never below 1.
 */
export function directoryCost(method: string, path: string, query: URLSearchParams): number | undefined {
  if (!isIdentityPath(path)) return undefined;
  let cost = baseCost(method, path);
  if (option(query, 'select') !== null) cost -= 1;
  if (option(query, 'expand') !== null) cost += 1;
  const top = option(query, 'top');
  if (top !== null && top.trim() !== '' && Number(top) < 20) cost -= 1;
  return Math.max(1, cost);
}

// ------------------------------------------------------------------ the token buckets

/** How a charge went: paid (the request is served) or refused (429 with Retry-After). */
export type Charge = { paid: true; cost: number; usedFraction: number } | { paid: false; cost: number; retryAfterS: number };

/** The figures of one application + tenant pair. */
export interface IDirectoryBucketUsage {
  app: string;
  tenant: string;
  /** Resource units paid by served requests. */
  ruSpent: number;
  /** The most resource units paid within any 10 seconds (sliding; see IDirectoryUsage.peakRuIn10s). */
  peakRuIn10s: number;
  requestsCosted: number;
  requestsThrottled: number;
}

/** What a benchmark reads: the tenant's resource-unit figures since it started or the last reset. */
export interface IDirectoryUsage {
  /** True when the quota is enforced (429 past it); the figures are kept either way. */
  enforced: boolean;
  /** The quota in force, resource units per application + tenant pair per 10 seconds. */
  ruPer10s: number;
  /** Microsoft's size for the tenant's user count (what sets the quota unless it is overridden). */
  tenantSize: TenantSize;
  /** Resource units paid by served identity requests, all pairs. */
  ruSpent: number;
  /**
   * The most resource units one application + tenant pair paid within any 10 seconds: a sliding window,
   * summed over each paid request's own time and the 10 seconds before it (the window (t − 10 s, t]), which is
   * the peak over every window. A client whose peak stays at or under `ruPer10s` never meets this throttle.
   */
  peakRuIn10s: number;
  /** Identity requests costed (served or refused). */
  requestsCosted: number;
  /** Identity requests refused with 429 for want of resource units. */
  requestsThrottled: number;
  /** The same per application + tenant pair. */
  buckets: IDirectoryBucketUsage[];
}

interface IBucket extends IDirectoryBucketUsage {
  /**
   * What the bucket holds as of `at`, in resource units × 10,000 (a unit refills in 10,000 / quota ms, so
   * whole-millisecond clocks keep this exact); below 0 after a request costing more than the whole quota.
   */
  fill: number;
  at: number;
  /** Paid charges of the last 10 seconds, oldest first, and their sum. */
  recent: Array<{ at: number; cost: number }>;
  recentSum: number;
}

/**
 * Graph's token buckets for identity requests, one per application + tenant pair: each holds up to `ruPer10s`
 * resource units, refills continuously at `ruPer10s` per 10 seconds and starts full; a request is served when
 * the bucket holds its cost (a request costing more than the whole quota is served from a full bucket, which
 * it leaves in debt). Refused requests pay nothing. When not enforced the buckets are not drawn on, and the
 * figures are kept all the same.
 */
export class DirectoryThrottle {
  private readonly buckets = new Map<string, IBucket>();

  /**
   * `now`: the clock (ms). `quota`: the quota in force, asked at every charge (it may change at run time).
   * `enforced`: whether a bucket that cannot pay refuses, asked at every charge.
   */
  public constructor(
    private readonly now: () => number,
    private readonly quota: () => number,
    private readonly enforced: () => boolean,
    private readonly size: TenantSize
  ) {}

  /** Charge `cost` to the application + tenant pair. */
  public charge(app: string, tenant: string, cost: number): Charge {
    const now = this.now();
    const quota = Math.max(1, this.quota());
    const full = quota * DIRECTORY_WINDOW_MS;
    const key = `${app}|${tenant}`;
    let b = this.buckets.get(key);
    if (!b) {
      b = { app, tenant, ruSpent: 0, peakRuIn10s: 0, requestsCosted: 0, requestsThrottled: 0, fill: full, at: now, recent: [], recentSum: 0 };
      this.buckets.set(key, b);
    }
    b.requestsCosted++;
    // Refill: `quota` units per 10,000 ms is `quota` fill units per ms.
    b.fill = Math.min(full, b.fill + Math.max(0, now - b.at) * quota);
    b.at = Math.max(b.at, now);
    if (this.enforced()) {
      const needed = Math.min(cost, quota) * DIRECTORY_WINDOW_MS;
      if (b.fill < needed) {
        b.requestsThrottled++;
        return { paid: false, cost, retryAfterS: Math.max(1, Math.ceil((needed - b.fill) / quota / 1000)) };
      }
      b.fill -= cost * DIRECTORY_WINDOW_MS;
    }
    b.ruSpent += cost;
    b.recent.push({ at: now, cost });
    b.recentSum += cost;
    while (b.recent.length && (b.recent[0]?.at ?? now) <= now - DIRECTORY_WINDOW_MS) b.recentSum -= b.recent.shift()?.cost ?? 0;
    b.peakRuIn10s = Math.max(b.peakRuIn10s, b.recentSum);
    return { paid: true, cost, usedFraction: (full - b.fill) / full };
  }

  /** Empty every bucket's history: full buckets, figures from zero. */
  public reset(): void {
    this.buckets.clear();
  }

  /** The figures so far. */
  public usage(): IDirectoryUsage {
    const buckets = [...this.buckets.values()].map(({ app, tenant, ruSpent, peakRuIn10s, requestsCosted, requestsThrottled }) => ({ app, tenant, ruSpent, peakRuIn10s, requestsCosted, requestsThrottled }));
    const sum = (f: (b: IDirectoryBucketUsage) => number): number => buckets.reduce((n, b) => n + f(b), 0);
    return {
      enforced: this.enforced(),
      ruPer10s: Math.max(1, this.quota()),
      tenantSize: this.size,
      ruSpent: sum((b) => b.ruSpent),
      peakRuIn10s: buckets.reduce((n, b) => Math.max(n, b.peakRuIn10s), 0),
      requestsCosted: sum((b) => b.requestsCosted),
      requestsThrottled: sum((b) => b.requestsThrottled),
      buckets
    };
  }
}
