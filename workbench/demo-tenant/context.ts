/** Types shared by the HTTP layer and the handlers: one request shape for HTTP requests and $batch items. */
import { Activity } from './activity';
import { IAuth } from './token';
import { Tenant } from './tenant';

/** What a beta JSON report read gets when its `$top` is over the page cap (see IDemoState.reportTopOverCap). */
export type ReportTopOverCap = 'cap' | 'reject';

/** Whether Graph's identity resource-unit quota is enforced, and at which quota (see IDemoState.directoryThrottle). */
export type DirectoryThrottleSetting = boolean | { ruPer10s: number };

/** Graph's documented default page size for beta JSON reports: the default page cap and the default `$top`. */
export const REPORT_DEFAULT_PAGE = 200;

/** Fault switches; all can change at runtime (PATCH /_demo/options, PATCH /admin/reportSettings). */
export interface IDemoState {
  concealed: boolean;
  throttle: boolean;
  faultRate: number;
  noP1: boolean;
  noReportRole: boolean;
  /** No Defender for Office 365 Plan 2 / Microsoft 365 E5: the Attack simulation training reports refuse. */
  noAttackSimulation: boolean;
  /** Nobody signed in holds a role that may read Attack simulation data or Conditional Access policies. */
  noSecurityRole: boolean;
  /** Security defaults on (the tenant then has no Conditional Access policies). */
  securityDefaults: boolean;
  /**
   * No active Intune licence: every Intune call (managedDevices, retire, wipe) answers 400 BadRequest "Request
   * not applicable to target tenant.", as Graph is reported to answer such a tenant (undocumented).
   */
  noIntune: boolean;
  /**
   * The signed-in admin holds no role that may revoke sessions, delete authentication methods or retire and
   * wipe devices: those answer 403 Authorization_RequestDenied "Insufficient privileges to complete the operation.".
   */
  noPrivilegedRole: boolean;
  /**
   * What selecting or filtering employeeLeaveDateTime without User-LifeCycleInfo.Read.All (or a reading role)
   * gets: 'refuse' (default) answers the whole request 403 Authorization_RequestDenied; 'null' answers it with
   * the property null, as one report of Graph shows. Microsoft documents neither.
   */
  leaveDateUnscoped: 'refuse' | 'null';
  /**
   * Beta JSON reports carry only the fields Microsoft documents for them (its example rows and the catalog's
   * names): the CSV columns named by convention alone are left out of the JSON, as an independent Graph
   * built from the reference leaves them out. Off: the JSON has every CSV column.
   */
  jsonDocumentedOnly: boolean;
  /**
   * The largest page of a beta JSON report the tenant serves (Graph's documented default page size, 200, by
   * default). Graph's real maximum `$top` for these reports is undocumented.
   */
  reportPageCap: number;
  /**
   * What a beta JSON report read whose `$top` exceeds `reportPageCap` gets: 'cap' serves a page of at most
   * `reportPageCap` rows (shorter than asked) whose next link resumes after the rows served; 'reject' answers
   * 400 BadRequest naming the `$top` value as too large.
   */
  reportTopOverCap: ReportTopOverCap;
  /** The base round trip of every Graph and SharePoint answer, ms (with `latencyPerKbMs`, see throttle.ts). */
  latencyMs: number;
  /**
   * Added per kilobyte of an answer's body (as produced, before gzip), ms: an answer takes
   * `latencyMs + bytes / 1024 × latencyPerKbMs`, its own work included. Default 0 (a fixed time per request).
   */
  latencyPerKbMs: number;
  /**
   * Graph's resource-unit throttle for identity (directory) requests: false (default) costs them and keeps
   * the figures without refusing any; true enforces the quota for the tenant's size (3,500 / 5,000 / 8,000
   * per 10 seconds); `{ ruPer10s }` enforces that quota instead.
   */
  directoryThrottle: DirectoryThrottleSetting;
  /** Length of the report throttling window; Graph's is 10 minutes. Tests and benchmarks shorten it. */
  reportWindowMs: number;
}

export interface IGraphRequest {
  method: string;
  version: 'v1.0' | 'beta';
  /** Decoded path after the version, e.g. `/users/a@b.com/manager`. */
  path: string;
  query: URLSearchParams;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  body: unknown;
  /** Scheme and host the client used, for absolute links. */
  base: string;
  auth: IAuth;
  requestId: string;
  inBatch: boolean;
}

export interface IGraphResponse {
  status: number;
  headers: Record<string, string>;
  /** JSON body. */
  body?: unknown;
  /** Binary body (photos). */
  raw?: Buffer;
  /** Plain-text body ($count). */
  text?: string;
}

export interface IDownload {
  fn: string;
  from: number;
  to: number;
  period: number;
  concealed: boolean;
  expires: number;
}

export interface IHandlerCtx {
  t: Tenant;
  a: Activity;
  state: IDemoState;
  downloads: Map<string, IDownload>;
  /** Throttle check for a report call: throws 429 when over the limit. */
  throttleReport(fn: string, format: 'csv' | 'json'): void;
  /** The tenant's clock (ms since the epoch): when writes are recorded. */
  now(): number;
}

export function json(body: unknown, status = 200, headers: Record<string, string> = {}): IGraphResponse {
  return { status, headers: { 'Content-Type': 'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8', ...headers }, body };
}

export function noContent(): IGraphResponse {
  return { status: 204, headers: {} };
}
