/**
 * The demo tenant: a Microsoft Graph simulator over real HTTP that fails the way Graph fails.
 * Test and demo infrastructure for the workbench, the CLI's --demo, integration/e2e tests and benchmarks;
 * production code never imports it.
 */
import { AddressInfo } from 'net';
import { DirectoryThrottleSetting, IDemoState, REPORT_DEFAULT_PAGE, ReportTopOverCap } from './context';
import { DemoServer, demoInfo, directoryThrottleSetting, IBatchItemLog, IDemoInfo, IRequestLogEntry, REPORT_LIMITS, RequestLog } from './server';
import { Tenant } from './tenant';
import { ROLES, securityOf } from './security';
import { IDemoSharePoint, SharePointSites } from './sharePoint';
import { IDirectoryUsage } from './throttle';
import { ALL_SCOPES, makeToken } from './token';
import { demoLifecycle, IDemoLifecycle, refuseWritesFor } from './lifecycleSeams';

export type { IRequestLogEntry, IBatchItemLog, IDemoInfo, ReportTopOverCap, DirectoryThrottleSetting, IDirectoryUsage };
export type { IDirectoryBucketUsage, TenantSize } from './throttle';
export { answerDelayMs, directoryCost, directoryQuota, DIRECTORY_QUOTAS, DIRECTORY_WINDOW_MS } from './throttle';
export type { IDemoSharePoint, ISharePointListInfo } from './sharePoint';
export type { IDemoLifecycle, IDemoUserDevices } from './lifecycleSeams';
export type { IRevocation, IDeletedMethod, IManagerChange } from './lifecycle';
export type { IDeviceAction } from './devices';
export { ALL_SCOPES };

export interface IDemoTenantOptions {
  /** 0 / undefined = ephemeral. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Default 200. */
  users?: number;
  /** Default 1. */
  seed?: number;
  /**
   * Every Graph and SharePoint answer's base round trip, ms; default 0. With `latencyPerKbMs` an answer takes
   * `latencyMs + bytes / 1024 × latencyPerKbMs`; either way the simulator's own work is inside that time.
   */
  latencyMs?: number;
  /**
   * Ms added per kilobyte of an answer's body (as produced, before gzip), so a page's time grows with its
   * size; default 0 (every answer takes `latencyMs`). Not applied to report downloads (streamed).
   */
  latencyPerKbMs?: number;
  /**
   * Graph's resource-unit throttle for identity (directory) requests, per application + tenant pair, a token
   * bucket of the quota for the tenant's size (S, under 50 users: 3,500; M, 50 to 500: 5,000; L, over 500:
   * 8,000 units per 10 seconds): a request the bucket cannot pay answers 429 TooManyRequests with Retry-After.
   * `{ ruPer10s }` sets another quota (tests). Default false: identity requests are costed
   * (`x-ms-resource-unit`, `directoryUsage`) and never refused.
   */
  directoryThrottle?: DirectoryThrottleSetting;
  /**
   * The clock of the report and identity throttles, ms since the epoch; default Date.now. Tests pass a clock
   * they move by hand; a benchmark on a virtual clock passes its own.
   */
  now?: () => number;
  /** Reports conceal names (also togglable via PATCH /admin/reportSettings). */
  concealed?: boolean;
  /** Enforce Graph's report limits (CSV 14 / 10 min, JSON 100 / 10 min per report API) -> 429 + Retry-After. */
  throttle?: boolean;
  /** Report throttling window in ms (default Graph's 10 minutes); shortened only by tests and benchmarks. */
  reportWindowMs?: number;
  /** 0..1: random 429/503 (with Retry-After) on any request, deterministic from the seed. */
  faultRate?: number;
  /** signInActivity (and MFA registration details) -> 403 Authentication_RequestFromNonPremiumTenantOrB2CTenant. */
  noP1?: boolean;
  /** Reports -> 403 S2SUnauthorized "Invalid Permission.". */
  noReportRole?: boolean;
  /**
   * No Defender for Office 365 Plan 2 / Microsoft 365 E5: the three Attack simulation training reports answer
   * 403 Forbidden "Your tenant is not licensed for this feature." (Graph's behaviour here is unverified).
   */
  noAttackSimulation?: boolean;
  /** No signed-in person holds a role that may read Attack simulation data or Conditional Access policies. */
  noSecurityRole?: boolean;
  /** Security defaults on (then no Conditional Access policies); default off, with the policies present. */
  securityDefaults?: boolean;
  /** No Intune licence: Intune calls answer 400 BadRequest "Request not applicable to target tenant.". */
  noIntune?: boolean;
  /** The signed-in admin holds no role for revoke, method deletion, retire and wipe (403 Authorization_RequestDenied). */
  noPrivilegedRole?: boolean;
  /** employeeLeaveDateTime without User-LifeCycleInfo.Read.All: 'refuse' (403, default) or 'null' (the value null). */
  leaveDateUnscoped?: 'refuse' | 'null';
  /**
   * Beta JSON reports leave out the fields only the camelCase convention names (getMailboxUsageDetail's
   * deletedItemQuotaInBytes and hasArchive, getEmailActivityUserDetail's meetingCreatedCount and
   * meetingInteractedCount, ...), as a Graph built from Microsoft's reference does; the CSV keeps every column.
   * Default off: the JSON carries every CSV column.
   */
  jsonDocumentedOnly?: boolean;
  /**
   * The largest page of a beta JSON report the tenant serves; default 200, Graph's documented default page
   * size (Graph's maximum `$top` for these reports is undocumented). Changeable at run time through `options`.
   */
  reportPageCap?: number;
  /**
   * What a beta JSON report read with `$top` over `reportPageCap` gets (default 'cap'): 'cap' serves at most
   * `reportPageCap` rows, a page shorter than asked, whose `@odata.nextLink` resumes after the rows served and
   * keeps the asked `$top`; 'reject' answers 400 BadRequest "Invalid $top value: '5000'. The maximum is 1000.".
   */
  reportTopOverCap?: ReportTopOverCap;
  /** 'YYYY-MM-DD', default: current UTC date; Report Refresh Date = today - 2 days. */
  today?: string;
}

export interface IDemoTenant {
  /** e.g. 'http://127.0.0.1:7000'; Graph paths are `${url}/v1.0/...` and `${url}/beta/...`. */
  url: string;
  /** A demo bearer token carrying all scopes the product uses. */
  token: string;
  /** A token with only these scopes (a missing scope -> 403 the way Graph answers). */
  tokenFor(scopes: string[]): string;
  /**
   * A token for another of the tenant's people (id or UPN), with these scopes (default: all): the same
   * app, a different signed-in user, whose `wids` claim lists the roles they hold. Only the Global
   * Administrators (the admin and the break-glass account) hold a report role; anyone else's report reads
   * are refused with 403 S2SUnauthorized, as Graph refuses them. Security reads need a security role
   * (e.g. info.people.securityReader). Undefined when there is no such user.
   */
  tokenAs(user: string, scopes?: readonly string[]): string | undefined;
  /** Requests served, oldest first (the last 100k); also GET `${url}/_demo/requests` (DELETE clears). */
  readonly requests: IRequestLogEntry[];
  /** Empty the request log. */
  clearRequests(): void;
  /**
   * The live fault switches (same as PATCH /_demo/options): tests change them in place, e.g.
   * `tenant.options.reportPageCap = 1000; tenant.options.reportTopOverCap = 'reject'`.
   */
  readonly options: IDemoState;
  /** Where the awkward people and groups are (ids, UPNs), the refresh date, the tenant id. */
  readonly info: IDemoInfo;
  /**
   * The resource units identity requests cost since the start or the last reset: spent, the peak in any
   * 10 seconds, requests throttled, the quota in force (also `directoryUsage` in GET /_demo/options).
   */
  readonly directoryUsage: IDirectoryUsage;
  /** Clear the report counters and the identity buckets and figures (as PATCH /_demo/options `resetThrottle`). */
  resetThrottle(): void;
  /**
   * SharePoint's REST API for document libraries, served at `${url}/sites/{site}/_api/...` with the same
   * tokens (the caller is the token's `oid`): its state and test seams (create a library, grant, deny list
   * management, put and get files, the SharePoint request log).
   */
  readonly sharePoint: IDemoSharePoint;
  /**
   * The directory's change seams (what /users, $count and /users/delta see): update, remove (soft delete) or
   * add n users, each returning their ids, remove one by id, and expire every delta token issued so far.
   */
  readonly directory: IDemoDirectory;
  /**
   * The personnel lifecycle's seams: the offboarding writes made (sessions revoked, devices retired or wiped,
   * authentication methods deleted, managers changed), hire and leave dates set by hand, a user's devices.
   */
  readonly lifecycle: IDemoLifecycle;
  close(): Promise<void>;
}

/** The directory's change seams (see IDemoTenant.directory). */
export type IDemoDirectory = Pick<Tenant, 'updateUsers' | 'removeUsers' | 'addUsers' | 'expireDeltaTokens'> & {
  /** Remove (soft-delete) one user by id or UPN; false when there is no such user. */
  removeUser(idOrUpn: string): boolean;
  /**
   * Make every write about one user (id or UPN) answer `status` with Graph's error for it (403
   * Authorization_RequestDenied, 404 Request_ResourceNotFound, 400 Request_BadRequest, 409, 429 or 503 with
   * Retry-After, 500): PATCH, assignLicense, group member adds and removes, revoke, method deletes, manager,
   * and retire / wipe of their devices. `null` lifts it. False when there is no such user.
   */
  refuseWritesFor(idOrUpn: string, status: number | null): boolean;
};

/** Start a demo tenant on its own HTTP server. */
export async function startDemoTenant(options: IDemoTenantOptions = {}): Promise<IDemoTenant> {
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new Error(`today must be YYYY-MM-DD, got '${today}'`);
  const t = new Tenant({ users: options.users ?? 200, seed: options.seed ?? 1, today });
  const state: IDemoState = {
    concealed: options.concealed ?? false,
    throttle: options.throttle ?? false,
    faultRate: Math.min(1, Math.max(0, options.faultRate ?? 0)),
    noP1: options.noP1 ?? false,
    noReportRole: options.noReportRole ?? false,
    noAttackSimulation: options.noAttackSimulation ?? false,
    noSecurityRole: options.noSecurityRole ?? false,
    securityDefaults: options.securityDefaults ?? false,
    noIntune: options.noIntune ?? false,
    noPrivilegedRole: options.noPrivilegedRole ?? false,
    leaveDateUnscoped: options.leaveDateUnscoped ?? 'refuse',
    jsonDocumentedOnly: options.jsonDocumentedOnly ?? false,
    reportPageCap: Number.isFinite(options.reportPageCap) ? Math.max(1, Math.floor(options.reportPageCap ?? REPORT_DEFAULT_PAGE)) : REPORT_DEFAULT_PAGE,
    reportTopOverCap: options.reportTopOverCap ?? 'cap',
    latencyMs: Math.max(0, options.latencyMs ?? 0),
    latencyPerKbMs: Number.isFinite(options.latencyPerKbMs) ? Math.max(0, options.latencyPerKbMs ?? 0) : 0,
    directoryThrottle: options.directoryThrottle === undefined ? false : checkedDirectoryThrottle(options.directoryThrottle),
    reportWindowMs: Math.max(1, options.reportWindowMs ?? REPORT_LIMITS.windowMs)
  };
  const admin = t.user(0);
  const tokenFor = (scopes: readonly string[]): string => makeToken(scopes, t.tid, admin.userPrincipalName, admin.displayName, admin.id);
  const tokenAs = (user: string, scopes: readonly string[] = ALL_SCOPES): string | undefined => {
    const i = t.findUser(user.trim());
    if (i < 0) return undefined;
    const u = t.user(i);
    return makeToken(scopes, t.tid, u.userPrincipalName, u.displayName, u.id, securityOf(t).rolesOf(i).map((r) => ROLES[r].templateId));
  };
  const log = new RequestLog(100000);
  const sharePoint = new SharePointSites();
  const server = new DemoServer({ t, state, log, sharePoint, tokenFor, now: options.now });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.http.once('error', reject);
    server.http.listen(options.port ?? 0, host, () => {
      server.http.off('error', reject);
      resolve();
    });
  });
  server.http.keepAliveTimeout = 5000;
  const port = (server.http.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  const info = demoInfo(t, url);
  return {
    url,
    token: tokenFor(ALL_SCOPES),
    tokenFor: (scopes: string[]) => tokenFor(scopes),
    tokenAs,
    get requests(): IRequestLogEntry[] {
      return log.entries();
    },
    clearRequests: () => log.clear(),
    options: state,
    info,
    get directoryUsage(): IDirectoryUsage {
      return server.directoryUsage();
    },
    resetThrottle: () => server.resetThrottle(),
    sharePoint,
    directory: {
      updateUsers: (n, seed) => t.updateUsers(n, seed),
      removeUsers: (n, seed) => t.removeUsers(n, seed),
      addUsers: n => t.addUsers(n),
      expireDeltaTokens: () => t.expireDeltaTokens(),
      removeUser: idOrUpn => {
        const i = t.findUser(idOrUpn);
        return i >= 0 && t.removeUser(i);
      },
      refuseWritesFor: (idOrUpn, status) => refuseWritesFor(t, idOrUpn, status)
    },
    lifecycle: demoLifecycle(t),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.http.close((err) => (err ? reject(err) : resolve()));
        server.http.closeAllConnections();
      })
  };
}

function checkedDirectoryThrottle(v: DirectoryThrottleSetting): DirectoryThrottleSetting {
  const setting = directoryThrottleSetting(v);
  if (setting === undefined) throw new Error(`directoryThrottle must be a boolean or { ruPer10s: a positive number }, got ${JSON.stringify(v)}`);
  return setting;
}
