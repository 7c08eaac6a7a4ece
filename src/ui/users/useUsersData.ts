import * as React from 'react';
import { streamUsers, loadActivityJoin, loadLicenseJoin, loadMfaJoin, loadSignInJoin, buildRows } from '../../core/directory';
import type { IUserRecord, UserJoinKey, IJoinSources, IUserRow, SourceState } from '../../core/directory';
import type { IImpressionsServices } from '../common/services';
import { isPassingFailure } from '../../core/graph';

/** Everything the Users view knows, as it arrives. */
export interface IUsersData {
  /** /users itself. */
  status: 'loading' | 'done' | 'error';
  error?: unknown;
  /** A new array whenever a page or a join arrives (rows are rebuilt, never changed in place), for memoized queries. */
  rows: IUserRow[];
  joins: IJoinSources;
}

/** What useUsersData gives the view: the data, and a way to read one failed join again. */
export interface IUsersDataHandle extends IUsersData {
  /** Read a join again after it failed (its columns show loading meanwhile); nothing when it has not failed. */
  retryJoin: (key: JoinKey) => void;
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
}

const fresh = (): IModel => ({
  users: [],
  rows: [],
  joins: { skus: { status: 'loading' }, mfa: { status: 'loading' }, activity: { status: 'loading' }, signIns: { status: 'off' } },
  status: 'loading'
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
export function useUsersData(services: IImpressionsServices, wantSignIns: boolean, attempt: number, directoryVersion = 0): IUsersDataHandle {
  const model = React.useRef<IModel>(fresh());
  // The signal of the view's current reads: leaving the view aborts it, and a join read again uses it.
  const reading = React.useRef<AbortSignal | undefined>(undefined);
  // Bumped to read sign-ins again after they failed.
  const [signInAttempt, setSignInAttempt] = React.useState(0);
  // A kept list shows from the first render, without a "Loading users…" frame.
  const [data, setData] = React.useState<IUsersData>(() => snapshot(reusable(services, attempt, directoryVersion) ?? model.current));
  const publish = React.useCallback((m: IModel) => { if (m === model.current) setData(snapshot(m)); }, []);

  const join = React.useCallback(
    async <T,>(m: IModel, key: JoinKey, signal: AbortSignal, load: () => Promise<T>): Promise<void> => {
      setJoin(m, key, { status: 'loading' });
      publish(m);
      try {
        const value = await load();
        setJoin(m, key, { status: 'ready', data: value });
      } catch (e) {
        if (signal.aborted) return;
        setJoin(m, key, { status: 'error', error: e });
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
    reading.current = signal;
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

    // A kept list reads only the joins cut off when the viewer left (they stayed 'loading') and those
    // that failed for a reason that may have passed.
    const pending = (key: ListJoin): boolean => {
      const state = m.joins[key];
      return !reuse || state.status === 'loading' || (state.status === 'error' && isPassingFailure(state.error));
    };
    for (const key of LIST_JOINS) if (pending(key)) void join(m, key, signal, () => loadJoin(services, m, key, signal));
    return () => controller.abort();
  }, [services, attempt, directoryVersion, join, publish]);

  const retryJoin = React.useCallback((key: JoinKey) => {
    const m = model.current;
    const signal = reading.current;
    if (m.joins[key].status !== 'error' || !signal || signal.aborted) return;
    if (key === 'signIns') {
      // Read again by the sign-in effect, which reads only while their column shows (or an export waits).
      setJoin(m, 'signIns', { status: 'off' });
      publish(m);
      setSignInAttempt(a => a + 1);
      return;
    }
    void join(m, key, signal, () => loadJoin(services, m, key, signal));
  }, [services, join, publish]);

  // Sign-ins cost a request per 120 users: read them only once their column is shown.
  React.useEffect(() => {
    if (!wantSignIns) return undefined;
    const m = model.current;
    if (m.joins.signIns.status !== 'off') return undefined;
    const controller = new AbortController();
    void join(m, 'signIns', controller.signal, () => loadSignInJoin(services.gateway, controller.signal));
    return () => {
      controller.abort();
      if (m.joins.signIns.status === 'loading') setJoin(m, 'signIns', { status: 'off' });
    };
  }, [services, wantSignIns, attempt, signInAttempt, join]);

  return React.useMemo(() => ({ ...data, retryJoin }), [data, retryJoin]);
}

/** The joins read with the list itself (sign-ins wait for their column). */
type ListJoin = 'skus' | 'mfa' | 'activity';
const LIST_JOINS: readonly ListJoin[] = ['skus', 'mfa', 'activity'];

/** Read one of the list's joins: the same loaders the CLI's loadUsers runs (core/directory/loadUsers.ts). */
function loadJoin(services: IImpressionsServices, m: IModel, key: ListJoin, signal: AbortSignal): Promise<unknown> {
  switch (key) {
    case 'skus': return loadLicenseJoin(services.gateway, signal, names => { m.joins = { ...m.joins, skuNames: names }; });
    case 'mfa': return loadMfaJoin(services.gateway, signal);
    case 'activity': return loadActivityJoin(services.reports, signal);
  }
}

function snapshot(m: IModel): IUsersData {
  return { status: m.status, error: m.error, rows: m.rows, joins: m.joins };
}

/**
 * A join's new state, in a new joins object: the joins change identity exactly when a join's state does,
 * so what the view builds from them (the grid's columns) is rebuilt then, not on every page of users.
 */
function setJoin(m: IModel, key: JoinKey, state: SourceState<unknown>): void {
  m.joins = { ...m.joins, [key]: state } as IJoinSources;
}
