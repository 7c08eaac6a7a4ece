/**
 * The loaders of the user list's joins (licences, MFA, last activity, sign-ins, attack simulation training
 * and MFA enforcement). The list itself (userList.ts) runs them for every host: the Users view watches it,
 * the CLI awaits it (loadUsers).
 */
import type { GraphGateway } from '../graph/GraphGateway';
import { requireReport } from '../reports/catalog';
import type { ReportParam } from '../reports/params';
import type { IReportResult } from '../reports/reader';
import type { IReportEntry } from '../reports/types';
import { ACTIVITY_REPORT, indexActivity } from './activity';
import type { IActivityIndex } from './activity';
import { streamMfa } from './mfa';
import type { IMfaInfo } from './mfa';
import { streamSignIns } from './signIns';
import { loadSkuNames, loadSubscribedSkus } from './skus';
import type { ISkuInfo, SkuNameLookup } from './skus';

/** The period of the active-user report the list reads last activity from (the longest Graph keeps). */
export const ACTIVITY_PERIOD: ReportParam = { period: 'D180' };

/** Where report rows come from: the session's ReportStore (browser: beta JSON, CLI: v1.0 CSV). */
export interface IReportSource {
  get(entry: IReportEntry, param: ReportParam | undefined, signal?: AbortSignal): Promise<IReportResult>;
}

/**
 * Licences: Microsoft's SKU names first (handed to `onNames` at once, so product names work even
 * when /subscribedSkus fails), then the tenant's subscribed SKUs.
 */
export async function loadLicenseJoin(gateway: GraphGateway, signal?: AbortSignal, onNames?: (names: SkuNameLookup) => void): Promise<Map<string, ISkuInfo>> {
  const names = await loadSkuNames();
  onNames?.(names);
  return loadSubscribedSkus(gateway, names, signal);
}

/** MFA registration of every user, keyed by user id (AuditLog.Read.All). */
export async function loadMfaJoin(gateway: GraphGateway, signal?: AbortSignal): Promise<Map<string, IMfaInfo>> {
  const map = new Map<string, IMfaInfo>();
  for await (const page of streamMfa(gateway, signal)) for (const [id, info] of page) map.set(id, info);
  return map;
}

/** Last activity per UPN from the active-user report (Reports.Read.All and a report role). */
export async function loadActivityJoin(reports: IReportSource, signal?: AbortSignal): Promise<IActivityIndex> {
  return indexActivity(await reports.get(requireReport(ACTIVITY_REPORT), ACTIVITY_PERIOD, signal));
}

/** Last sign-in per user id (AuditLog.Read.All and Entra ID P1/P2; a request per 120 users). */
export async function loadSignInJoin(gateway: GraphGateway, signal?: AbortSignal): Promise<Map<string, string | null>> {
  const map = new Map<string, string | null>();
  for await (const page of streamSignIns(gateway, signal)) for (const [id, date] of page) map.set(id, date);
  return map;
}

/**
 * The joins of the user list. Security readiness comes from core/security as it is: attack simulation
 * training (loadAttackSimulationJoin) and the MFA enforcement model (loadMfaEnforcement), evaluated per row.
 */
export type UserJoinKey = 'skus' | 'mfa' | 'activity' | OptionalJoinKey;

/**
 * The joins read only while wanted (their columns show, a filter reads them, or "Export all" waits for them):
 * each costs more than the list itself asks for by default (sign-ins a request per 120 users, attack simulation
 * three reports, MFA enforcement the policies and their groups' and roles' members, devices every device of the
 * tenant in Entra and Intune).
 */
export type OptionalJoinKey = 'signIns' | 'attackSimulation' | 'mfaEnforcement' | 'devices';

/** The optional joins, in the order banners, notes and progress name them (devices: every device of the tenant, Entra and Intune). */
export const OPTIONAL_JOINS: readonly OptionalJoinKey[] = ['signIns', 'attackSimulation', 'mfaEnforcement', 'devices'];
