/**
 * What the Licences view reads, as one object a view watches (and the CLI awaits): the session's user list (its
 * activity and sign-in joins; in the browser the Users view's own list, no second read of /users), the SKUs with
 * their service plans, and who holds what directly or through groups. Each part degrades alone.
 */
import type { GraphGateway } from '../graph/GraphGateway';
import { isPassingFailure } from '../graph/GraphError';
import { Subscribable } from '../graph/subscribable';
import { loadSkuNames } from '../directory/skus';
import type { SkuNameLookup } from '../directory/skus';
import { loadUsers } from '../directory/userList';
import type { ILoadUsersOptions, IUserListState, UserList } from '../directory/userList';
import type { IReportSource } from '../directory/loadUsers';
import type { SourceState } from '../directory/userIndex';
import { readAssignments } from './assignments';
import { readLicenceSkus } from './skus';
import type { IAssignmentIndex, ILicenceSku } from './types';

/** The Licences view's reads as they arrive. */
export interface ILicencesState {
  /** The user list (rows, joins, whether /users is read to its end). */
  list: IUserListState;
  skus: SourceState<ILicenceSku[]>;
  assignments: SourceState<IAssignmentIndex>;
}

type Part = 'skus' | 'assignments';
const LOADING = { status: 'loading' } as const;
/** A part to read (again) when a watcher comes: never read, cut off, or failed for a reason that may pass. */
const needsRead = (s: SourceState<unknown>): boolean => s.status === 'loading' || s.status === 'off' || (s.status === 'error' && isPassingFailure(s.error));

/**
 * The Licences view's reads over a user list. Watching starts them (and asks the list for sign-ins, which decide
 * "never signed in"); the last watcher leaving stops them, and a part read to its end is kept for the next one.
 */
export class LicencesRead extends Subscribable<ILicencesState> {
  private controller: AbortController | undefined;
  private unwatch: (() => void) | undefined;

  public constructor(private readonly gateway: GraphGateway, public readonly list: UserList, private readonly names: () => Promise<SkuNameLookup> = loadSkuNames) {
    super({ list: list.getState(), skus: LOADING, assignments: LOADING });
  }

  /** Read every failed part again: the SKUs, the assignments, /users and the list's activity and sign-in joins. */
  public retry(): void {
    if (this.state.list.status === 'error') this.list.retry();
    for (const key of ['skus', 'activity', 'signIns'] as const) this.list.retryJoin(key);
    const again = (s: SourceState<unknown>): boolean => s.status === 'error';
    this.stop();
    this.setState({ ...this.state, skus: again(this.state.skus) ? LOADING : this.state.skus, assignments: again(this.state.assignments) ? LOADING : this.state.assignments });
    if (this.watched) this.start();
  }

  protected onActive(): void {
    this.start();
  }

  protected onIdle(): void {
    this.stop();
  }

  private stop(): void {
    this.controller?.abort();
    this.controller = undefined;
    this.unwatch?.();
    this.unwatch = undefined;
  }

  private start(): void {
    const controller = (this.controller = new AbortController());
    const { signal } = controller;
    this.unwatch = this.list.subscribe(() => this.setState({ ...this.state, list: this.list.getState() }));
    this.list.want('signIns', true);
    this.setState({ ...this.state, list: this.list.getState() });
    const read = <T>(part: Part, load: () => Promise<T>): void => {
      if (!needsRead(this.state[part])) return;
      this.setState({ ...this.state, [part]: LOADING });
      load().then(
        data => { if (!signal.aborted) this.setState({ ...this.state, [part]: { status: 'ready', data } }); },
        (error: unknown) => { if (!signal.aborted) this.setState({ ...this.state, [part]: { status: 'error', error } }); }
      );
    };
    read('skus', async () => readLicenceSkus(this.gateway, await this.names(), signal));
    read('assignments', () => readAssignments(this.gateway, signal));
  }
}

/** Options of the CLI's whole read. */
export interface ILoadLicencesOptions extends Pick<ILoadUsersOptions, 'signal' | 'onUsers' | 'onJoin' | 'cache' | 'onRead'> {
  /** Read sign-ins ("never signed in"); default true. */
  signIns?: boolean;
}

/** The whole read, awaited (the CLI): the user list with its activity and sign-in joins, the SKUs, the assignments. */
export async function loadLicences(gateway: GraphGateway, reports: IReportSource, options: ILoadLicencesOptions = {}): Promise<ILicencesState & { list: IUserListState }> {
  const { signal } = options;
  const settle = <T>(p: Promise<T>): Promise<SourceState<T>> => p.then(data => ({ status: 'ready' as const, data }), (error: unknown) => ({ status: 'error' as const, error }));
  const [users, skus, assignments] = await Promise.all([
    loadUsers(gateway, reports, { ...options, signIns: options.signIns !== false }),
    settle(loadSkuNames().then(names => readLicenceSkus(gateway, names, signal))),
    settle(readAssignments(gateway, signal))
  ]);
  return { list: { status: 'done', users: users.users, rows: users.rows, joins: users.joins }, skus, assignments };
}
