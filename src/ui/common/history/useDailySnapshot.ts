import * as React from 'react';
import type { IWasteFigures } from '../../../core/history';
import { useServices } from '../services';
import { dailySnapshotFor } from './dailySnapshot';
import type { DailySnapshotState } from './dailySnapshot';

/** Options of useDailySnapshot. */
export interface IUseDailySnapshotOptions {
  /** The version the Users list is read at, as the app passes it to the views. */
  directoryVersion: number;
  /** The view on show: a change looks again at what the session has read (the view read more). */
  view?: string;
  /** The Licences view's waste and cost, once computed. */
  waste?: () => IWasteFigures | undefined;
  /** Off: take nothing (e.g. a visitor's published dashboard). Default on. */
  enabled?: boolean;
}

/** How often the session's reads are looked at again while the app is open (cheap: nothing is read from Graph). */
const LOOK_AGAIN_MS = 60_000;

/**
 * Takes today's snapshot of tenant-wide figures from what the session has read (and backfills the history on
 * first use), beside the views: never blocking or breaking one. Mounted once in the app; returns where it stands,
 * whose `refused` message the app may show once, quietly. Nothing without a tenant store.
 */
export function useDailySnapshot({ directoryVersion, view, waste, enabled = true }: IUseDailySnapshotOptions): DailySnapshotState {
  const services = useServices();
  const wasteRef = React.useRef(waste);
  wasteRef.current = waste;
  const runner = React.useMemo(() => dailySnapshotFor(services, { waste: () => wasteRef.current?.() }), [services]);
  const [state, setState] = React.useState<DailySnapshotState>(() => runner.getState());
  const on = enabled && !!services.tenantStore;
  React.useEffect(() => runner.subscribe(setState), [runner]);
  React.useEffect(() => {
    if (!on) return undefined;
    const look = (): void => runner.poke(directoryVersion);
    look();
    const timer = setInterval(look, LOOK_AGAIN_MS);
    // A report read that ended may hold figures (the progress callback says undefined at the end).
    const unwatch = services.reports.subscribe((_key, progress) => { if (!progress) setTimeout(look, 0); });
    return () => { clearInterval(timer); unwatch(); };
  }, [on, runner, services, directoryVersion, view]);
  return state;
}

/** Where today's snapshot stands, without taking it (the history's charts word an empty history by it). */
export function useDailySnapshotState(): DailySnapshotState {
  const services = useServices();
  const runner = React.useMemo(() => dailySnapshotFor(services), [services]);
  const [state, setState] = React.useState<DailySnapshotState>(() => runner.getState());
  React.useEffect(() => {
    setState(runner.getState());
    return runner.subscribe(setState);
  }, [runner]);
  return state;
}
