/**
 * Issue 17: reading a 3-year daily history (~1,100 snapshots of ~170 figures each) from the shared store (the demo
 * tenant's SharePoint list over HTTP) and drawing its charts, each beside a baseline of the same run:
 * - read: SharePointTenantStore.readSnapshots against the same list items fetched bare (the same requests, each
 *   item's JSON parsed, nothing checked or ordered);
 * - draw: the four charts' series built and drawn (the recharts chunk's component, to SVG markup) against recharts
 *   drawing the same lines from data prepared beforehand.
 * Prints times only: no goal is asserted here, as in every bench.
 */
import * as React from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { CartesianGrid, Line, LineChart, XAxis, YAxis } from 'recharts';
import { createTheme } from '@fluentui/react/lib/Styling';
import { startDemoTenant } from '../../workbench/demo-tenant';
import { HISTORY_CHARTS, STORE_LIST_TITLE, SharePointTenantStore, historySeries } from '../../src/core/history';
import type { IHistorySeries, ISnapshot } from '../../src/core/history';
import { SharePointList, bearerFetch } from '../../src/core/sharepoint';
import HistoryLineChart from '../../src/ui/common/history/HistoryLineChart';
import { historyLook } from '../../src/ui/common/history/historyLook';

const DAY_MS = 86_400_000;
const WORKLOADS = ['office365', 'exchange', 'oneDrive', 'sharePoint', 'teams', 'yammer'];
const WASTE = ['disabled', 'inactive30', 'inactive90', 'inactive180', 'neverSignedIn', 'overlap', 'guestPaid'];

/** `days` daily snapshots ending on `last`, with the figures a 40-SKU tenant keeps (the first 180 days backfilled). */
export function syntheticHistory(days: number, last = '2026-03-10', skus = 40): ISnapshot[] {
  const end = Date.parse(`${last}T00:00:00Z`);
  return Array.from({ length: days }, (_, k) => {
    const day = new Date(end - (days - 1 - k) * DAY_MS).toISOString().slice(0, 10);
    const backfill = k < 180;
    const f: Record<string, number> = {};
    for (const w of WORKLOADS) f[`active:${w}:1d`] = 4000 + ((k * 37 + w.length * 11) % 900);
    f['storage:mailbox'] = 4e12 + k * 1e9;
    f['storage:oneDrive'] = 9e12 + k * 3e9;
    f['storage:sharePoint'] = 2e12 + k * 2e9;
    if (!backfill) {
      Object.assign(f, { users: 10_000 + k, members: 9_000 + k, guests: 1_000, enabled: 9_500 + k, licensed: 8_800 + k, mfaRegistered: 7_000 + k * 2, mfaCapable: 6_500 + k * 2, mfaEnforced: 6_000 + k, mfaEnforcementUnknown: 40 });
      for (const w of WORKLOADS) { f[`active:${w}:7d`] = 6000 + (k % 300); f[`active:${w}:30d`] = 7000 + (k % 200); }
      for (let s = 0; s < skus; s++) {
        const id = `00000000-0000-0000-0000-${String(s).padStart(12, '0')}`;
        f[`sku:${id}:purchased`] = 500 + s * 10;
        f[`sku:${id}:assigned`] = 450 + s * 9 + (k % 20);
        f[`sku:${id}:available`] = 50 + s - (k % 20);
      }
      for (const w of WASTE) f[`waste:${w}`] = 100 + (k % 50);
      for (const w of WASTE) f[`wasteCost:${w}:EUR`] = 3000 + (k % 500);
      f['wasteCost:total:EUR'] = 12_000 + (k % 900);
    }
    const reportDate = new Date(Date.parse(`${day}T00:00:00Z`) - (backfill ? 0 : 2 * DAY_MS)).toISOString().slice(0, 10);
    return { day, source: backfill ? 'backfill' : 'taken', takenAt: `${day}T07:00:00.000Z`, takenBy: 'cli', figures: f, reportDates: { getOffice365ActiveUserCounts: reportDate } };
  });
}

/** The median of timed runs (ms). */
async function median(runs: number, fn: () => Promise<unknown> | unknown): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return Math.round((times[times.length >> 1] ?? 0) * 10) / 10;
}

/** Recharts alone: the same lines from data prepared beforehand (the baseline of drawing). */
function bareChart(series: IHistorySeries, data: ReadonlyArray<Record<string, unknown>>): string {
  // recharts' own prop types do not meet createElement's overloads here (a .ts file has no JSX): props checked by use.
  const h = (type: unknown, props: Record<string, unknown>, ...children: React.ReactNode[]): React.ReactElement =>
    React.createElement(type as React.ComponentType<Record<string, unknown>>, props, ...children);
  return renderToStaticMarkup(h(LineChart, { width: 800, height: 240, data: [...data] },
    h(CartesianGrid, { strokeDasharray: '3 3', vertical: false }),
    h(XAxis, { dataKey: 'day' }),
    h(YAxis, {}),
    ...series.series.map(s => h(Line, { key: s.key, dataKey: s.key, dot: false, isAnimationActive: false }))));
}

/** Read and draw a `days`-day history; `runs` timed rounds of each (medians). */
export async function historyBench(days = 1100, runs = 5): Promise<Array<Record<string, unknown>>> {
  const t = await startDemoTenant({ users: 20, seed: 3, today: '2026-03-10' });
  try {
    const site = `${t.url}/sites/history`;
    const fetch = bearerFetch(() => Promise.resolve(t.token));
    const store = new SharePointTenantStore(fetch, site, 'property', { requestDigest: true, concurrency: 8 });
    const snapshots = syntheticHistory(days);
    const w0 = performance.now();
    await store.writeSnapshots(snapshots);
    const writeMs = Math.round(performance.now() - w0);
    const bytes = snapshots.reduce((n, s) => n + JSON.stringify(s).length, 0);

    // Read: the store's read against the same items fetched bare, alternating, in the same run.
    let read: ISnapshot[] = [];
    t.sharePoint.clearRequests();
    await new SharePointTenantStore(fetch, site, 'property').readSnapshots();
    const storeRequests = t.sharePoint.requests.length;
    const storeMs = await median(runs, async () => { read = await new SharePointTenantStore(fetch, site, 'property').readSnapshots(); });
    const bareMs = await median(runs, async () => {
      const items = await new SharePointList(fetch, site, STORE_LIST_TITLE).items({ select: ['Id', 'Title', 'Day', 'Data'], filter: "Kind eq 'snapshot'" });
      return (items ?? []).map(i => JSON.parse(String((i as unknown as { Data?: string }).Data ?? 'null')) as unknown);
    });

    // Draw: series built and drawn by the history's chart component, against recharts drawing prepared data.
    const look = historyLook(createTheme({}));
    const prepared = HISTORY_CHARTS.map(key => historySeries(key, read)).map(s => ({ s, data: s.points.map(p => ({ day: p.day, ...p.values })) }));
    const drawMs = await median(runs, () => HISTORY_CHARTS.map(key => renderToStaticMarkup(React.createElement(HistoryLineChart, { series: historySeries(key, read), look, height: 240, width: 800, title: key }))));
    const seriesMs = await median(runs, () => HISTORY_CHARTS.map(key => historySeries(key, read)));
    const bareDrawMs = await median(runs, () => prepared.map(({ s, data }) => bareChart(s, data)));
    return [
      { bench: 'history-write-setup', snapshots: days, figuresPerSnapshot: Object.keys(snapshots[snapshots.length - 1]?.figures ?? {}).length, jsonBytes: bytes, ms: writeMs },
      { bench: 'history-read', snapshots: read.length, requests: storeRequests, storeMs, bareFetchMs: bareMs, ratio: Math.round((storeMs / Math.max(bareMs, 0.1)) * 100) / 100, runs },
      { bench: 'history-draw', charts: HISTORY_CHARTS.length, points: prepared.reduce((n, p) => n + p.data.length, 0), ms: drawMs, seriesMs, bareRechartsMs: bareDrawMs, ratio: Math.round((drawMs / Math.max(bareDrawMs, 0.1)) * 100) / 100, runs }
    ];
  } finally {
    await t.close();
  }
}
