import * as React from 'react';
import type { IReportResult, ReportParam, ReportStore, IReportEntry } from '../../core/reports';
import { reportKey } from '../../core/reports';
import { useServices } from '../common/services';
import { readWithWaits } from './model/throttle';
import { useReadProgress } from '../common/useReadProgress';
import type { IShownProgress } from '../common/useReadProgress';

/** Where one report read stands; a union the screen can tell apart (never "empty" for "failed"). */
export type ReportState =
  | { status: 'idle' }
  /** Reading; `rows` read so far once the first page is in. */
  | { status: 'loading'; rows?: number }
  /**
   * Waiting, then going on by itself: 'throttled' counts down Graph's Retry-After; 'limit' waits for a
   * place in Graph's report window (the read has `rows` so far and goes on where it stopped).
   */
  | { status: 'waiting'; secondsLeft: number; reason: 'throttled' | 'limit'; rows?: number }
  | { status: 'ready'; result: IReportResult }
  | { status: 'error'; error: unknown };

// Reads the store already answered, per store, so a screen that comes back renders them at once
// (no shimmer flash); the store's own memory is still the one source of truth, and a store cleared
// since (its generation moved on) has none of them.
const settled = new WeakMap<ReportStore, { generation: number; reads: Map<string, IReportResult> }>();

/** A settled read of this store, if any. */
export function settledRead(store: ReportStore, key: string): IReportResult | undefined {
  const s = settled.get(store);
  return s?.generation === store.generation ? s.reads.get(key) : undefined;
}

/** Read a report through the session's ReportStore, then remember it as settled. Never bypasses the store. */
export async function readThroughStore(store: ReportStore, entry: IReportEntry, param: ReportParam | undefined): Promise<IReportResult> {
  // No abort signal: the store shares one read between every screen asking, so leaving a screen
  // must not cancel a read another screen (or the next visit) is waiting for.
  const generation = store.generation;
  const result = await store.get(entry, param);
  // A read that began before a clear is handed to its screen but not remembered past the clear.
  if (generation !== store.generation) return result;
  let s = settled.get(store);
  if (s?.generation !== generation) settled.set(store, (s = { generation, reads: new Map() }));
  s.reads.set(reportKey(entry.fn, param), result);
  return result;
}

/**
 * One report read for a screen: from the store (memory, persistence, Graph), waiting out throttling
 * with a countdown. `entry` undefined or `enabled` false reads nothing. `retry()` asks again after a failure.
 */
export function useReport(entry: IReportEntry | undefined, param: ReportParam | undefined, enabled = true): ReportState & { retry: () => void } {
  const { reports } = useServices();
  const key = entry && enabled ? reportKey(entry.fn, param) : undefined;
  const initial = (): ReportState => {
    if (!key) return { status: 'idle' };
    const done = settledRead(reports, key);
    return done ? { status: 'ready', result: done } : { status: 'loading' };
  };
  const [state, setState] = React.useState<{ key: string | undefined; value: ReportState }>(() => ({ key, value: initial() }));
  const [attempt, setAttempt] = React.useState(0);
  // What `key` was made of (callers may pass new but equal objects each render): the read follows the key.
  const latest = React.useRef({ entry, param });
  latest.current = { entry, param };

  React.useEffect(() => {
    const { entry, param } = latest.current;
    if (!key || !entry) {
      setState({ key, value: { status: 'idle' } });
      return undefined;
    }
    const done = settledRead(reports, key);
    if (done) {
      setState({ key, value: { status: 'ready', result: done } });
      return undefined;
    }
    let cancelled = false;
    setState({ key, value: { status: 'loading' } });
    readWithWaits(() => readThroughStore(reports, entry, param), {
      cancelled: () => cancelled,
      onWait: left => { if (!cancelled) setState({ key, value: left > 0 ? { status: 'waiting', secondsLeft: left, reason: 'throttled' } : { status: 'loading' } }); }
    }).then(
      result => { if (!cancelled) setState({ key, value: { status: 'ready', result } }); },
      error => { if (!cancelled) setState({ key, value: { status: 'error', error } }); }
    );
    return () => { cancelled = true; };
  }, [reports, key, attempt]);

  const retry = React.useCallback(() => setAttempt(a => a + 1), []);
  // Between a key change and its effect, show the new key's state, never the old report's rows.
  const value = state.key === key ? state.value : initial();
  const progress = useReadProgress(reports, key, value.status === 'loading');
  return { ...withProgress(value, progress), retry };
}

/** A loading state told what the store knows: rows so far, or a wait for the report limit. */
function withProgress(value: ReportState, progress: IShownProgress | undefined): ReportState {
  if (value.status !== 'loading' || !progress) return value;
  if (progress.secondsLeft !== undefined) return { status: 'waiting', secondsLeft: progress.secondsLeft, reason: 'limit', rows: progress.rows };
  return progress.rows > 0 ? { status: 'loading', rows: progress.rows } : value;
}
