/**
 * The Joiners and Leavers lists as objects a view watches (and the CLI awaits): each part read on its own, the
 * rows rebuilt as parts arrive. Nothing here reads the clock: the window comes in with its bounds.
 */
import type { GraphGateway } from '../graph/GraphGateway';
import { Subscribable, settle } from '../graph/subscribable';
import { isPassingFailure } from '../graph/GraphError';
import { activityAsOf } from '../directory/userIndex';
import type { SourceState } from '../directory/userIndex';
import { loadLicenseJoin } from '../directory/loadUsers';
import type { IReportSource } from '../directory/loadUsers';
import { productNames } from '../directory/skus';
import type { ISkuInfo, SkuNameLookup } from '../directory/skus';
import { UserList } from '../directory/userList';
import type { IUserListState } from '../directory/userList';
import { readCreated, readHireDates, readLeaveDates } from './reads';
import { DEVICES_READ, GROUPS_READ, MANAGER_READ, MFA_READ, SIGN_IN_READ, readPerPerson } from './enrich';
import type { IPerPersonRead } from './enrich';
import { joinerRows, leaverCandidates, leaverRows } from './rows';
import type { IJoinersState, ILeaversState, ILifecycleUser, IWindowBounds, JoinerPart, LeaverPart } from './types';

type Parts<P extends string> = Record<P, SourceState<unknown>>;
const LOADING = { status: 'loading' } as const;
const settled = (s: SourceState<unknown>): boolean => s.status === 'ready' || s.status === 'error';
const dataOf = <T>(s: SourceState<unknown>): T | undefined => (s.status === 'ready' ? (s.data as T) : undefined);

/** Product names from a licence part and Microsoft's names (each may still be missing). */
function productsFrom(skus: SourceState<unknown>, names: SkuNameLookup | undefined): (skuIds: readonly string[]) => string[] {
  return ids => productNames(ids, dataOf<Map<string, ISkuInfo>>(skus), names);
}

const JOINER_READS: ReadonlyArray<[JoinerPart, IPerPersonRead<unknown>]> = [['manager', MANAGER_READ], ['mfa', MFA_READ], ['signIns', SIGN_IN_READ], ['groups', GROUPS_READ], ['devices', DEVICES_READ]];

const joinersInitial = (bounds: IWindowBounds): IJoinersState => ({
  status: 'loading', rows: [], bounds,
  parts: { hireDates: LOADING, created: LOADING, licenses: LOADING, manager: LOADING, mfa: LOADING, signIns: LOADING, groups: LOADING, devices: LOADING }
});

/**
 * The Joiners list: hire dates in the window and accounts created in it (two reads of /users), then for the people
 * they name, manager, MFA registration, last sign-in, groups and devices, batched. Read when first watched; a
 * list read to its end is kept for the next watcher, one cut off is read again.
 */
export class JoinersRead extends Subscribable<IJoinersState> {
  private controller: AbortController | undefined;
  private names: SkuNameLookup | undefined;

  public constructor(private readonly gateway: GraphGateway, public readonly bounds: IWindowBounds) {
    super(joinersInitial(bounds));
  }

  /** Read everything again (Try again). */
  public retry(): void {
    this.controller?.abort();
    this.setState(joinersInitial(this.bounds));
    if (this.watched) this.start();
  }

  protected onActive(): void {
    const s = this.state;
    const done = s.status !== 'loading' && Object.values(s.parts).every(p => settled(p) && (p.status !== 'error' || !isPassingFailure(p.error)));
    if (!done) this.retry();
  }

  protected onIdle(): void {
    this.controller?.abort();
    this.controller = undefined;
  }

  private start(): void {
    const controller = (this.controller = new AbortController());
    const { signal } = controller;
    const live = (): boolean => this.controller === controller && !signal.aborted;
    const set = (part: JoinerPart, state: SourceState<unknown>): void => { if (live()) this.update({ [part]: state }); };
    const part = <T>(name: JoinerPart, read: Promise<T>): Promise<T | undefined> =>
      read.then(data => { set(name, { status: 'ready', data }); return data; }, (error: unknown) => { set(name, { status: 'error', error }); return undefined; });
    void part('licenses', loadLicenseJoin(this.gateway, signal, names => { this.names = names; }));
    const hired = part('hireDates', readHireDates(this.gateway, this.bounds, signal));
    const created = part('created', readCreated(this.gateway, this.bounds, signal));
    void Promise.all([hired, created]).then(() => {
      if (!live()) return;
      const ids = this.state.rows.map(r => r.user.id);
      for (const [name, kind] of JOINER_READS) void readPerPerson(this.gateway, ids, kind, signal).then(state => set(name, state));
    });
  }

  private update(patch: Partial<Parts<JoinerPart>>): void {
    const parts = { ...this.state.parts, ...patch };
    const { hireDates, created } = parts;
    const rows = joinerRows(dataOf<ILifecycleUser[]>(hireDates), dataOf<ILifecycleUser[]>(created), this.bounds, {
      products: productsFrom(parts.licenses, this.names),
      manager: dataOf(parts.manager), mfa: dataOf(parts.mfa), signIns: dataOf(parts.signIns), groups: dataOf(parts.groups), devices: dataOf(parts.devices)
    });
    // Both reads of who joins failed: there is no list, only the reasons.
    const failed = hireDates.status === 'error' && created.status === 'error';
    const status = failed ? 'error' : settled(hireDates) && settled(created) ? 'done' : 'loading';
    this.setState({ ...this.state, parts, rows, status, ...(failed ? { error: hireDates.error } : {}) });
  }
}

const leaversInitial = (bounds: IWindowBounds): ILeaversState => ({
  status: 'loading', rows: [], bounds,
  parts: { users: LOADING, leaveDates: LOADING, licenses: LOADING, mfa: LOADING, signIns: LOADING, activity: LOADING, groups: LOADING, devices: LOADING }
});

/** The list's joins that decide who looks left behind: with them settled, candidates are final. */
const DECIDING = ['signIns', 'activity'] as const;

/**
 * The Leavers list: leave dates in the window (their own read; User-LifeCycleInfo.Read.All) and, from the user
 * list the session already holds (its sign-in, activity and MFA joins), disabled and unused accounts; then the
 * groups and devices of each, batched. In the browser `list` is the Users view's own list (no second read of
 * /users); the CLI passes a list of its own.
 */
export class LeaversRead extends Subscribable<ILeaversState> {
  private controller: AbortController | undefined;
  private unwatch: (() => void) | undefined;
  private leaving: SourceState<ILifecycleUser[]> = LOADING;
  private readonly groups = new Map<string, number>();
  private readonly devices = new Map<string, number>();
  private readonly asked = new Set<string>();
  private inFlight = 0;
  private enrichError: { groups?: unknown; devices?: unknown } = {};

  public constructor(private readonly gateway: GraphGateway, private readonly list: UserList, public readonly bounds: IWindowBounds) {
    super(leaversInitial(bounds));
  }

  /** Read the leave dates, groups and devices again, and the list's failed parts (Try again). */
  public retry(): void {
    this.stop();
    this.reset();
    if (this.list.getState().status === 'error') this.list.retry();
    for (const key of ['skus', 'mfa', 'activity', 'signIns'] as const) this.list.retryJoin(key);
    if (this.watched) this.start();
  }

  protected onActive(): void {
    const s = this.state;
    if (s.status !== 'done' || (this.leaving.status === 'error' && isPassingFailure(this.leaving.error))) this.reset();
    this.start();
  }

  protected onIdle(): void {
    this.stop();
  }

  private reset(): void {
    this.leaving = LOADING;
    this.groups.clear();
    this.devices.clear();
    this.asked.clear();
    this.enrichError = {};
    this.setState(leaversInitial(this.bounds), true);
  }

  private stop(): void {
    this.controller?.abort();
    this.controller = undefined;
    this.inFlight = 0;
    this.unwatch?.();
    this.unwatch = undefined;
  }

  private start(): void {
    const controller = (this.controller = new AbortController());
    const { signal } = controller;
    this.unwatch = this.list.subscribe(() => this.rebuild());
    // Sign-ins decide who went unused; the list reads them only while asked.
    this.list.want('signIns', true);
    if (this.leaving.status !== 'ready') {
      readLeaveDates(this.gateway, this.bounds, signal).then(
        data => { if (!signal.aborted) { this.leaving = { status: 'ready', data }; this.rebuild(); } },
        (error: unknown) => { if (!signal.aborted) { this.leaving = { status: 'error', error }; this.rebuild(); } }
      );
    }
    this.rebuild();
  }

  /** Groups and devices of the candidates not asked for yet, once who is a candidate is settled. */
  private enrich(ids: string[]): void {
    const signal = this.controller?.signal;
    const wanted = ids.filter(id => !this.asked.has(id));
    if (!signal || !wanted.length) return;
    for (const id of wanted) this.asked.add(id);
    const run = (kind: 'groups' | 'devices', read: IPerPersonRead<number>, into: Map<string, number>): void => {
      this.inFlight++;
      void readPerPerson(this.gateway, wanted, read, signal).then(state => {
        if (signal.aborted) return;
        this.inFlight--;
        if (state.status === 'ready') for (const [k, v] of state.data) into.set(k, v);
        else if (state.status === 'error') this.enrichError[kind] = state.error;
        this.rebuild();
      });
    };
    run('groups', GROUPS_READ, this.groups);
    run('devices', DEVICES_READ, this.devices);
  }

  private rebuild(): void {
    if (!this.controller) return;
    const list: IUserListState = this.list.getState();
    const users: SourceState<unknown> = list.status === 'done' ? { status: 'ready', data: list.users.length } : list.status === 'error' ? { status: 'error', error: list.error } : LOADING;
    const deciding = list.status !== 'loading' && settled(this.leaving) && DECIDING.every(k => settled(list.joins[k]));
    const asOf = activityAsOf(list.joins, this.bounds.today);
    const leaving = dataOf<ILifecycleUser[]>(this.leaving);
    if (deciding) this.enrich(leaverCandidates(list.rows, leaving, this.bounds.today, asOf));
    const enriching = !deciding || this.inFlight > 0;
    const enriched = (kind: 'groups' | 'devices'): SourceState<unknown> =>
      this.enrichError[kind] !== undefined ? { status: 'error', error: this.enrichError[kind] } : enriching ? LOADING : { status: 'ready', data: kind === 'groups' ? this.groups : this.devices };
    const parts: Parts<LeaverPart> = {
      users, leaveDates: this.leaving, licenses: list.joins.skus, mfa: list.joins.mfa, signIns: list.joins.signIns, activity: list.joins.activity,
      groups: enriched('groups'), devices: enriched('devices')
    };
    const rows = leaverRows(list.status === 'loading' ? [] : list.rows, this.bounds, asOf, {
      products: productsFrom(list.joins.skus, list.joins.skuNames), leaving,
      groups: this.groups.size || !enriching ? this.groups : undefined, devices: this.devices.size || !enriching ? this.devices : undefined
    });
    const status = list.status === 'error' ? 'error' : deciding && !enriching ? 'done' : 'loading';
    this.setState({ status, rows, parts, bounds: this.bounds, ...(list.status === 'error' ? { error: list.error } : {}) });
  }
}

const allSettled = (parts: Parts<string>): boolean => Object.values(parts).every(settled);

/** The whole Joiners list with every part settled (the CLI's `joiners`). */
export function loadJoiners(gateway: GraphGateway, bounds: IWindowBounds, signal?: AbortSignal): Promise<IJoinersState> {
  return settle<IJoinersState, IJoinersState>(new JoinersRead(gateway, bounds), s => (s.status !== 'loading' && allSettled(s.parts) ? { value: s } : undefined), signal);
}

/** The whole Leavers list with every part settled (the CLI's `leavers`), over a user list of its own. */
export function loadLeavers(gateway: GraphGateway, reports: IReportSource, bounds: IWindowBounds, signal?: AbortSignal): Promise<ILeaversState> {
  const read = new LeaversRead(gateway, new UserList(gateway, reports), bounds);
  return settle<ILeaversState, ILeaversState>(read, s => (s.status !== 'loading' && allSettled(s.parts) ? { value: s } : undefined), signal);
}
