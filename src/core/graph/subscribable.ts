/**
 * The one shape of every read in core: an object that holds its state, says when it changes, and starts
 * (and stops) its work as screens start (and stop) watching it. A view adapts it with one hook
 * (ui/common/useQuery); the CLI awaits it (`settle`). Modelled on TanStack Query's query-core
 * (`Subscribable`, `QueryObserver`): state as one discriminated union, listeners told without arguments,
 * the current state read with `getState`, which keeps its identity until the state changes.
 */
import { abortError } from './abort';

/** Something to watch: its state now, and a way to hear when that changes. */
export interface IWatchable<S> {
  /** The state now; the same object until the state changes (React's useSyncExternalStore compares by identity). */
  readonly getState: () => S;
  /** Hear of changes; the returned function stops. The first watcher starts the work, the last one leaving stops it. */
  readonly subscribe: (listener: () => void) => () => void;
}

/** A state that never changes: what a view watches when it asks nothing (no report chosen, nothing in flight). */
export function unchanging<S>(state: S): IWatchable<S> {
  return { getState: () => state, subscribe: () => () => undefined };
}

/** The base of core's read objects: state, listeners, and `onActive`/`onIdle` when the first watcher comes and the last leaves. */
export abstract class Subscribable<S> implements IWatchable<S> {
  private readonly listeners = new Set<() => void>();
  private current: S;

  protected constructor(initial: S) {
    this.current = initial;
  }

  public readonly getState = (): S => this.snapshot(this.current);

  public readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.onActive();
    return () => {
      if (this.listeners.delete(listener) && this.listeners.size === 0) this.onIdle();
    };
  };

  /** The state as kept, for the object's own decisions (getState may show it otherwise: see snapshot). */
  protected get state(): S {
    return this.current;
  }

  /**
   * What getState shows for the state kept: the state itself, unless a subclass knows better (a read no
   * one watches yet shows what it will be once watched, as TanStack's optimistic result does). Must return
   * the same object for the same state.
   */
  protected snapshot(current: S): S {
    return current;
  }

  /** True while anyone watches. */
  protected get watched(): boolean {
    return this.listeners.size > 0;
  }

  /** A new state; watchers are told only when it is another object, and not at all when `quiet` (they hear of it with the next change). */
  protected setState(next: S, quiet = false): void {
    if (next === this.current) return;
    this.current = next;
    if (!quiet) for (const listener of [...this.listeners]) listener();
  }

  /** The first watcher came: start (or resume) the work. */
  protected onActive(): void { /* nothing by default */ }

  /** The last watcher left: stop what should not go on unwatched. */
  protected onIdle(): void { /* nothing by default */ }
}

/**
 * Watch `source` until `done(state)` gives a value (its state settled), then stop watching and resolve
 * with it. How a host without screens (the CLI) awaits the same objects the views render. A `signal`
 * stops watching and rejects as cancelled.
 */
export function settle<S, T>(source: IWatchable<S>, done: (state: S) => { value: T } | { error: unknown } | undefined, signal?: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    // Set once subscribed; a state settled while subscribe was still starting the work stops after it returns.
    const watching: { stop?: () => void } = {};
    let finished = false;
    const finish = (outcome: { value: T } | { error: unknown }): void => {
      if (finished) return;
      finished = true;
      signal?.removeEventListener('abort', onAbort);
      watching.stop?.();
      if ('value' in outcome) resolve(outcome.value); else reject(outcome.error);
    };
    const check = (): void => {
      const outcome = done(source.getState());
      if (outcome) finish(outcome);
    };
    const onAbort = (): void => finish({ error: abortError() });
    if (signal?.aborted) { reject(abortError()); return; }
    signal?.addEventListener('abort', onAbort, { once: true });
    watching.stop = source.subscribe(check);
    if (finished) watching.stop();
    else check();
  });
}
