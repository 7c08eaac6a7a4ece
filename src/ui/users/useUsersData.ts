import * as React from 'react';
import { streamUsers } from '../../core/directory/users';
import type { IUserRecord } from '../../core/directory/users';
import { loadActivityJoin, loadLicenseJoin, loadMfaJoin, loadSignInJoin } from '../../core/directory/loadUsers';
import type { UserJoinKey } from '../../core/directory/loadUsers';
import { buildRows } from '../../core/directory/userIndex';
import type { IJoinSources, IUserRow, SourceState } from '../../core/directory/userIndex';
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

type JoinKey = UserJoinKey;

/** While users stream in, the list redraws at most this often (the count line with it). */
const REDRAW_MS = 250;

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
 * A list read to its end, kept per host (its services) for when the viewer comes back to the view, and
 * the directory version it was read at: the app bumps that version when an impression applies changes.
 */
const kept = new WeakMap<IImpressionsServices, { model: IModel; directoryVersion: number }>();

/** The kept list, when it may be shown again: read to its end, at this directory version, and no Try again asked. */
function reusable(services: IImpressionsServices, attempt: number, directoryVersion: number): IModel | undefined {
  const prior = kept.get(services);
  return attempt === 0 && prior?.directoryVersion === directoryVersion && prior.model.status === 'done' ? prior.model : undefined;
}

/**
 * Loads the tenant's users page by page (the first page renders at once) and joins licences, MFA,
 * last activity and — once its column is shown — sign-ins, as each arrives. Each join degrades alone.
 * Unmounting (leaving the view) aborts every outstanding request. Coming back shows a list that was
 * read to its end at once, and reads again only the joins that were cut off; a list left half-read,
 * Try again, or changes applied since (`directoryVersion`) read everything again.
 */
export function useUsersData(services: IImpressionsServices, wantSignIns: boolean, attempt: number, directoryVersion = 0): IUsersData {
  const model = React.useRef<IModel>(fresh());
  // A kept list shows from the first render, without a "Loading users…" frame.
  const [data, setData] = React.useState<IUsersData>(() => snapshot(reusable(services, attempt, directoryVersion) ?? model.current));
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
      m.rows = buildRows(m.users, m.joins, m.rows);
      publish(m);
    },
    [publish]
  );

  React.useEffect(() => {
    const reuse = reusable(services, attempt, directoryVersion);
    const m = (model.current = reuse ?? fresh());
    const controller = new AbortController();
    const { signal } = controller;
    setData(snapshot(m));
    if (!reuse) kept.delete(services);

    if (!reuse) void (async () => {
      let shownAt = -Infinity;
      try {
        for await (const page of streamUsers(services.gateway, { signal })) {
          m.users = m.users.concat(page);
          m.rows = m.rows.concat(buildRows(page, m.joins));
          // The first page shows at once; after that the list redraws a few times a second, not per page,
          // so drawing never holds up reading the next page.
          if (Date.now() - shownAt >= REDRAW_MS) {
            publish(m);
            shownAt = Date.now();
          }
        }
        m.status = 'done';
        kept.set(services, { model: m, directoryVersion });
      } catch (e) {
        if (signal.aborted) return;
        m.status = 'error';
        m.error = e; // the pages already loaded stay
      }
      publish(m);
    })();

    // The same loaders the CLI's loadUsers runs (core/directory/loadUsers.ts); a kept list reads only
    // the joins cut off when the viewer left (they stayed 'loading').
    const pending = (key: 'skus' | 'mfa' | 'activity'): boolean => !reuse || m.joins[key].status === 'loading';
    if (pending('skus')) void join(m, 'skus', signal, () => loadLicenseJoin(services.gateway, signal, names => { m.joins.skuNames = names; }));
    if (pending('mfa')) void join(m, 'mfa', signal, () => loadMfaJoin(services.gateway, signal));
    if (pending('activity')) void join(m, 'activity', signal, () => loadActivityJoin(services.reports, signal));
    return () => controller.abort();
  }, [services, attempt, directoryVersion, join, publish]);

  // Sign-ins cost a request per 120 users: read them only once their column is shown.
  React.useEffect(() => {
    if (!wantSignIns) return undefined;
    const m = model.current;
    if (m.joins.signIns.status !== 'off') return undefined;
    const controller = new AbortController();
    void join(m, 'signIns', controller.signal, () => loadSignInJoin(services.gateway, controller.signal));
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
