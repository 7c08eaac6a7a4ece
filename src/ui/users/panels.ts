import * as React from 'react';
import type { FilterPanel } from './FilterPanel';
import type { ColumnsPanel } from './ColumnsPanel';

/** The Users view's two panels: Fluent's Panel, its choice and checkbox controls and our filters (security's too). */
export interface IUsersPanels {
  FilterPanel: typeof FilterPanel;
  ColumnsPanel: typeof ColumnsPanel;
}

// The loaded code (not data): one import for the page, whichever Users view asks.
let loaded: IUsersPanels | undefined;
let loading: Promise<IUsersPanels> | undefined;

function load(): Promise<IUsersPanels> {
  loading ??= Promise.all([
    import(/* webpackChunkName: 'users-panels' */ './FilterPanel'),
    import(/* webpackChunkName: 'users-panels' */ './ColumnsPanel')
  ]).then(([f, c]) => (loaded = { FilterPanel: f.FilterPanel, ColumnsPanel: c.ColumnsPanel }));
  loading.catch(() => { loading = undefined; });
  return loading;
}

/** The panels once their code is in, or why it could not be fetched, with a way to try again. */
export interface IUsersPanelsState {
  panels?: IUsersPanels;
  /** The fetch failed (a network hiccup, a package updated under the page). */
  error?: string;
  retry: () => void;
}

/**
 * The panels, out of the initial bundle (it has a budget, and they are opened, if at all, after the list is
 * on screen): fetched as soon as the view has drawn, so they are there before a viewer reaches for Filters
 * or Columns. Until then the buttons still work: the panel opens once its code is in. A failed fetch says
 * so (the view shows it when a panel is asked for) and is tried again on Try again.
 */
export function useUsersPanels(): IUsersPanelsState {
  const [panels, setPanels] = React.useState(loaded);
  const [error, setError] = React.useState<string | undefined>(undefined);
  const [attempt, setAttempt] = React.useState(0);
  React.useEffect(() => {
    if (panels) return undefined;
    let live = true;
    load().then(
      p => { if (live) { setPanels(p); setError(undefined); } },
      (e: unknown) => { if (live) setError(e instanceof Error ? e.message : String(e)); }
    );
    return () => { live = false; };
  }, [panels, attempt]);
  const retry = React.useCallback(() => { setError(undefined); setAttempt(a => a + 1); }, []);
  return { panels, error, retry };
}
