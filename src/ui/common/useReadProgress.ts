import * as React from 'react';
import { secondsUntil } from '../../core/reports';
import type { ReportStore } from '../../core/reports';

/** A read's progress as a screen shows it: rows so far, and seconds until a limit wait ends. */
export interface IShownProgress {
  rows: number;
  /** Set while the read waits for a place in Graph's report window. */
  secondsLeft?: number;
}

/**
 * Follows a read in flight in the store (rows read, waits for Graph's report limit), ticking each
 * second while it waits. `key` undefined or `active` false follows nothing.
 */
export function useReadProgress(store: ReportStore, key: string | undefined, active: boolean): IShownProgress | undefined {
  const [progress, setProgress] = React.useState<{ key: string; rows: number; waitingUntil?: number } | undefined>(undefined);
  const [, tick] = React.useState(0);
  React.useEffect(() => {
    if (!key || !active) return undefined;
    const now = store.progress(key);
    if (now) setProgress({ key, rows: now.rows, waitingUntil: now.waitingUntil });
    return store.subscribe((k, p) => {
      if (k === key) setProgress(p ? { key, rows: p.rows, waitingUntil: p.waitingUntil } : undefined);
    });
  }, [store, key, active]);
  const waitingUntil = progress?.waitingUntil;
  React.useEffect(() => {
    if (waitingUntil === undefined) return undefined;
    const timer = setInterval(() => tick(n => n + 1), 1000);
    return () => clearInterval(timer);
  }, [waitingUntil]);
  if (!active || !progress || progress.key !== key) return undefined;
  return {
    rows: progress.rows,
    secondsLeft: waitingUntil !== undefined ? secondsUntil(waitingUntil, Date.now()) : undefined
  };
}
