import * as React from 'react';
import { streamUsers } from '../../core/directory/users';
import type { IUserRecord } from '../../core/directory/users';
import { loadSkuNames, loadSubscribedSkus } from '../../core/directory/skus';
import { streamMfa } from '../../core/directory/mfa';
import type { IMfaInfo } from '../../core/directory/mfa';
import { ACTIVITY_REPORT, indexActivity } from '../../core/directory/activity';
import { streamSignIns } from '../../core/directory/signIns';
import { buildRows } from '../../core/directory/userIndex';
import type { IJoinSources, IUserRow, SourceState } from '../../core/directory/userIndex';
import { findReport } from '../../core/reports/catalog';
import type { IImpressionsServices } from '../common/services';

/** Everything the Users view knows, as it arrives. */
export interface IUsersData {
  /** /users itself. */
  status: 'loading' | 'done' | 'error';
  error?: unknown;
  rows: IUserRow[];
  joins: IJoinSources;
  /** Bumps on every change, for memoized queries. */
  version: number;
}

type JoinKey = 'skus' | 'mfa' | 'activity' | 'signIns';

interface IModel {
  users: IUserRecord[];
  rows: IUserRow[];
  joins: IJoinSources;
  status: IUsersData['status'];
  error?: unknown;
  version: number;
}

const fresh = (): IModel => ({
  users: [],
  rows: [],
  joins: { skus: { status: 'loading' }, mfa: { status: 'loading' }, activity: { status: 'loading' }, signIns: { status: 'off' } },
  status: 'loading',
  version: 0
});

/**
 * Loads the tenant's users page by page (the first page renders at once) and joins licences, MFA,
 * last activity and — once its column is shown — sign-ins, as each arrives. Each join degrades alone.
 * Unmounting (leaving the view) aborts every outstanding request.
 */
export function useUsersData(services: IImpressionsServices, wantSignIns: boolean, attempt: number): IUsersData {
  const model = React.useRef<IModel>(fresh());
  const [data, setData] = React.useState<IUsersData>(() => snapshot(model.current));
  const publish = React.useCallback((m: IModel) => { if (m === model.current) { m.version++; setData(snapshot(m)); } }, []);

  const join = React.useCallback(
    async <T,>(m: IModel, key: JoinKey, signal: AbortSignal, load: () => Promise<T>): Promise<void> => {
      (m.joins as unknown as Record<JoinKey, SourceState<T>>)[key] = { status: 'loading' };
      publish(m);
      try {
        const value = await load();
        (m.joins as unknown as Record<JoinKey, SourceState<T>>)[key] = { status: 'ready', data: value };
      } catch (e) {
        if (signal.aborted) return;
        (m.joins as unknown as Record<JoinKey, SourceState<T>>)[key] = { status: 'error', error: e };
      }
      // A join changes every row: rebuild once per join, not per page.
      m.rows = buildRows(m.users, m.joins);
      publish(m);
    },
    [publish]
  );

  React.useEffect(() => {
    const m = (model.current = fresh());
    const controller = new AbortController();
    const { signal } = controller;
    setData(snapshot(m));

    void (async () => {
      try {
        for await (const page of streamUsers(services.gateway, { signal })) {
          m.users = m.users.concat(page);
          m.rows = m.rows.concat(buildRows(page, m.joins));
          publish(m);
        }
        m.status = 'done';
      } catch (e) {
        if (signal.aborted) return;
        m.status = 'error';
        m.error = e; // the pages already loaded stay
      }
      publish(m);
    })();

    void join(m, 'skus', signal, async () => {
      m.joins.skuNames = await loadSkuNames();
      return loadSubscribedSkus(services.gateway, m.joins.skuNames, signal);
    });
    void join(m, 'mfa', signal, async () => {
      const map = new Map<string, IMfaInfo>();
      for await (const page of streamMfa(services.gateway, signal)) for (const [id, info] of page) map.set(id, info);
      return map;
    });
    void join(m, 'activity', signal, async () => {
      const entry = findReport(ACTIVITY_REPORT);
      if (!entry) throw new Error(`${ACTIVITY_REPORT} is missing from the report catalog.`);
      return indexActivity(await services.reports.get(entry, { period: 'D180' }, signal));
    });
    return () => controller.abort();
  }, [services, attempt, join, publish]);

  // Sign-ins cost a request per 120 users: read them only once their column is shown.
  React.useEffect(() => {
    if (!wantSignIns) return undefined;
    const m = model.current;
    if (m.joins.signIns.status !== 'off') return undefined;
    const controller = new AbortController();
    void join(m, 'signIns', controller.signal, async () => {
      const map = new Map<string, string | null>();
      for await (const page of streamSignIns(services.gateway, controller.signal)) for (const [id, d] of page) map.set(id, d);
      return map;
    });
    return () => {
      controller.abort();
      if (m.joins.signIns.status === 'loading') m.joins.signIns = { status: 'off' };
    };
  }, [services, wantSignIns, attempt, join]);

  return data;
}

function snapshot(m: IModel): IUsersData {
  return { status: m.status, error: m.error, rows: m.rows, joins: { ...m.joins }, version: m.version };
}
