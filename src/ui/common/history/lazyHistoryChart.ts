import * as React from 'react';

/**
 * The history chart, loaded on demand: recharts lives only in the `history-charts` chunk, fetched the first time
 * a history chart renders (wrap uses in <React.Suspense>).
 */
export const LazyHistoryChart = React.lazy(() => import(/* webpackChunkName: 'history-charts' */ './HistoryLineChart'));
