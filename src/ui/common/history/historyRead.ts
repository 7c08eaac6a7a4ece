/**
 * The session's read of the history: the store is read whole once (a 3-year daily history is ~1,100 snapshots)
 * and shared by every chart and the daily snapshot, so switching views or charts never reads it again; a snapshot
 * written this session is added to it in place of a new read.
 */
import type { IWatchable } from '../../../core/graph';
import type { ISnapshot, ITenantStore } from '../../../core/history';

/** The history as a view shows it. */
export type HistoryState =
  | { status: 'loading' }
  | { status: 'ready'; snapshots: readonly ISnapshot[] }
  | { status: 'error'; error: unknown }
  /** The host has no store (no hosting site named): nothing to show. */
  | { status: 'none' };

const LOADING: HistoryState = { status: 'loading' };

/** One store's snapshots, read once while watched; `reload` reads again (Try again). */
export class HistoryRead implements IWatchable<HistoryState> {
  private state: HistoryState = LOADING;
  private readonly listeners = new Set<() => void>();
  private running: Promise<readonly ISnapshot[]> | undefined;

  public constructor(private readonly store: Pick<ITenantStore, 'readSnapshots'>) {}

  public readonly getState = (): HistoryState => this.state;

  public readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.state === LOADING) void this.read().catch(() => undefined);
    return () => { this.listeners.delete(listener); };
  };

  /** The snapshots, read once (concurrent asks share the read); rejects with the store's refusal. */
  public read(): Promise<readonly ISnapshot[]> {
    if (this.state.status === 'ready') return Promise.resolve(this.state.snapshots);
    if (!this.running) {
      const running = this.store.readSnapshots();
      this.running = running;
      running.then(
        snapshots => this.set({ status: 'ready', snapshots: sortByDay(snapshots) }),
        error => { this.running = undefined; this.set({ status: 'error', error }); }
      );
    }
    return this.running;
  }

  /** Read again after a failure. */
  public reload(): void {
    this.running = undefined;
    this.set(LOADING);
    void this.read().catch(() => undefined);
  }

  /** Snapshots written this session (today's, a backfill): kept, replacing those of the same day. */
  public add(written: readonly ISnapshot[]): void {
    if (this.state.status !== 'ready' || written.length === 0) return;
    const byDay = new Map(this.state.snapshots.map(s => [s.day, s] as const));
    for (const s of written) byDay.set(s.day, s);
    this.set({ status: 'ready', snapshots: sortByDay([...byDay.values()]) });
  }

  private set(next: HistoryState): void {
    this.state = next;
    for (const l of [...this.listeners]) l();
  }
}

function sortByDay(snapshots: readonly ISnapshot[]): ISnapshot[] {
  return [...snapshots].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

const reads = new WeakMap<object, HistoryRead>();

/** The one history read of a store (per store object, so per session and host). */
export function historyReadFor(store: Pick<ITenantStore, 'readSnapshots'>): HistoryRead {
  let read = reads.get(store);
  if (!read) reads.set(store, (read = new HistoryRead(store)));
  return read;
}

/** What a view watches when the host has no store. */
export const NO_HISTORY: IWatchable<HistoryState> = { getState: () => NONE, subscribe: () => () => undefined };
const NONE: HistoryState = { status: 'none' };
