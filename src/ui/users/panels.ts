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

/**
 * The panels, out of the initial bundle (it has a budget, and they are opened, if at all, after the list is
 * on screen): fetched as soon as the view has drawn, so they are there before a viewer reaches for Filters
 * or Columns. Undefined until then (the buttons still work: the panel opens once its code is in); a failed
 * fetch is tried again at the next mount.
 */
export function useUsersPanels(): IUsersPanels | undefined {
  const [panels, setPanels] = React.useState(loaded);
  React.useEffect(() => {
    if (panels) return undefined;
    let live = true;
    load().then(p => { if (live) setPanels(p); }, () => undefined);
    return () => { live = false; };
  }, [panels]);
  return panels;
}
