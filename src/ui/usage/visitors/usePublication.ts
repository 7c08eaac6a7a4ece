import * as React from 'react';
import { StoreError, parsePublication } from '../../../core/history';
import type { IPublication, ITenantStore, PublicationState } from '../../../core/history';

/** The visitors' publication as a screen sees it: being read, read (none, damaged or its tiles), or the store's failure. */
export type PublicationView = { status: 'loading' } | PublicationState | { status: 'failed'; error: unknown };

// One read per store for the session: the visitor's period changes, or a mode switch and back, never read it again.
const kept = new WeakMap<ITenantStore, Promise<PublicationView>>();

function readOnce(store: ITenantStore): Promise<PublicationView> {
  let job = kept.get(store);
  if (!job) {
    job = store.readPublication().then(
      raw => parsePublication(raw),
      (e: unknown): PublicationView => {
        // No list yet is no publication yet; any other failure is said as it is.
        if (e instanceof StoreError && e.kind === 'notFound') return { status: 'none' };
        if (e instanceof StoreError && e.kind === 'damaged') return { status: 'damaged', detail: e.message };
        return { status: 'failed', error: e };
      }
    );
    kept.set(store, job);
  }
  return job;
}

/**
 * The publication in the store, read when `wanted` (once per store for the session), and `published` to show the one
 * this session just wrote. `retry` reads again after a failure.
 */
export function usePublication(store: ITenantStore | undefined, wanted: boolean): { view: PublicationView | undefined; published: (p: IPublication) => void; retry: () => void } {
  const [view, setView] = React.useState<PublicationView | undefined>(undefined);
  const [attempt, setAttempt] = React.useState(0);
  React.useEffect(() => {
    if (!store || !wanted) return undefined;
    let live = true;
    setView(v => v ?? { status: 'loading' });
    void readOnce(store).then(v => { if (live) setView(v); });
    return () => { live = false; };
  }, [store, wanted, attempt]);
  const published = React.useCallback((p: IPublication) => {
    const next = parsePublication(p);
    if (store) kept.set(store, Promise.resolve(next));
    setView(next);
  }, [store]);
  const retry = React.useCallback(() => {
    if (store) kept.delete(store);
    setView({ status: 'loading' });
    setAttempt(n => n + 1);
  }, [store]);
  return { view, published, retry };
}
