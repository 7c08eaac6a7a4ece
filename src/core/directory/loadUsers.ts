/**
 * How the user list is loaded: /users and the joins (licences, MFA, last activity, sign-ins).
 * One recipe for every host: the Users view (useUsersData) calls the join loaders one by one as it
 * renders; the CLI calls loadUsers, which runs them all and waits. Each join degrades alone.
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
import { buildRows } from './userIndex';
import type { IJoinSources, IUserRow, SourceState } from './userIndex';
import { streamUsers } from './users';
import type { IUserRecord } from './users';

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

/** The joins loadUsers can run. */
export type UserJoinKey = 'skus' | 'mfa' | 'activity' | 'signIns';

/** Options of a whole load. */
export interface ILoadUsersOptions {
  /** Read sign-ins too (costly: a request per 120 users); default false, as the view does until the column shows. */
  signIns?: boolean;
  signal?: AbortSignal;
  /** Users loaded so far, after each /users page. */
  onUsers?: (loaded: number) => void;
  /** A join settled (ready or error). */
  onJoin?: (key: UserJoinKey, state: SourceState<unknown>) => void;
}

/** Every user with every join settled. */
export interface ILoadedUsers {
  users: IUserRecord[];
  rows: IUserRow[];
  joins: IJoinSources;
}

/**
 * Load the whole list and wait for every join. A /users failure rejects (there is no list without it);
 * a join failure becomes `{ status: 'error' }` in `joins` and its columns stay empty, as in the view.
 */
export async function loadUsers(gateway: GraphGateway, reports: IReportSource, options: ILoadUsersOptions = {}): Promise<ILoadedUsers> {
  // Our own controller, so a /users failure also stops the joins still running.
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  options.signal?.addEventListener('abort', stop, { once: true });
  if (options.signal?.aborted) controller.abort();
  const { signal } = controller;
  const joins: IJoinSources = { skus: { status: 'loading' }, mfa: { status: 'loading' }, activity: { status: 'loading' }, signIns: { status: 'off' } };
  const settle = async <T,>(key: UserJoinKey, load: () => Promise<T>): Promise<void> => {
    let state: SourceState<T>;
    try {
      state = { status: 'ready', data: await load() };
    } catch (error) {
      state = { status: 'error', error };
    }
    (joins as unknown as Record<UserJoinKey, SourceState<T>>)[key] = state;
    options.onJoin?.(key, state);
  };
  const pending = [
    settle('skus', () => loadLicenseJoin(gateway, signal, names => { joins.skuNames = names; })),
    settle('mfa', () => loadMfaJoin(gateway, signal)),
    settle('activity', () => loadActivityJoin(reports, signal))
  ];
  if (options.signIns) {
    joins.signIns = { status: 'loading' };
    pending.push(settle('signIns', () => loadSignInJoin(gateway, signal)));
  }
  const users: IUserRecord[] = [];
  try {
    for await (const page of streamUsers(gateway, { signal })) {
      for (const u of page) users.push(u);
      options.onUsers?.(users.length);
    }
    // Joins never reject (settle catches them into their state).
    await Promise.all(pending);
  } catch (e) {
    controller.abort();
    throw e;
  } finally {
    options.signal?.removeEventListener('abort', stop);
  }
  return { users, rows: buildRows(users, joins), joins };
}
