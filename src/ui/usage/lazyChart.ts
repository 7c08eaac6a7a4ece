import * as React from 'react';

/**
 * The chart, loaded on demand: recharts lives only in the `usage-charts` chunk, fetched the first
 * time a Usage chart renders (wrap uses in <React.Suspense>).
 */
export const LazyUsageChart = React.lazy(() => import(/* webpackChunkName: 'usage-charts' */ './charts/UsageChart'));
