import * as React from 'react';
import { useSyncExternalStore } from 'use-sync-external-store/shim';
import type { IWatchable } from '../../core/graph';
import { secondsUntil } from '../../core/reports';

/**
 * The one adapter between core's read objects and a view: the object's state now, redrawn when it
 * changes; watching starts its work and the last view leaving stops it. React 17 has no
 * useSyncExternalStore of its own: the shim is React's own back-port (it uses React 18's where present).
 */
export function useQuery<S>(source: IWatchable<S>): S {
  return useSyncExternalStore(source.subscribe, source.getState);
}

/**
 * Seconds left until `until` (ms since epoch), ticking each second; undefined without a wait. Core keeps
 * waits as timestamps: this is the one place a view counts down.
 */
export function useSecondsLeft(until: number | undefined): number | undefined {
  const [, tick] = React.useState(0);
  React.useEffect(() => {
    if (until === undefined) return undefined;
    const timer = setInterval(() => tick(n => n + 1), 1000);
    return () => clearInterval(timer);
  }, [until]);
  return until === undefined ? undefined : secondsUntil(until, Date.now());
}
