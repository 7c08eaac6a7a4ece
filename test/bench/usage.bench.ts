import { startWorkbench } from '../../workbench/server';
import { chromiumPath, launchChromium } from '../helpers/chromium';

/** The usage overview cold (empty cache) and warm (after a reload: IndexedDB), in Chromium. */
export async function usageOverviewBench(users: number, latencyMs: number): Promise<Array<Record<string, unknown>>> {
  const exe = chromiumPath();
  if (!exe) throw new Error('No Chromium (apt-get install chromium or CHROME_PATH).');
  const wb = await startWorkbench({ demo: { users, seed: 1, latencyMs }, minify: true });
  const browser = await launchChromium(exe);
  const demo = wb.demo;
  if (!demo) throw new Error('the bench needs the demo tenant');
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 1000 } });
    const out: Array<Record<string, unknown>> = [];
    for (const run of ['cold', 'warm'] as const) {
      demo.clearRequests();
      const t0 = Date.now();
      if (run === 'cold') await page.goto(`${wb.url}?host=sharepoint&view=usage`);
      else await page.reload();
      await page.getByText(/Data as of \d{4}-\d{2}-\d{2}/).nth(5).waitFor({ timeout: 600_000 });
      const ms = Date.now() - t0;
      // Report requests are the GETs; the browser's CORS preflights (OPTIONS) are counted apart.
      const all = demo.requests.filter(r => r.path.includes('/reports/get'));
      const reports = all.filter(r => r.method === 'GET');
      const functions = new Set(reports.map(r => /reports\/(get\w+)/.exec(r.path)?.[1]));
      out.push({ bench: `usage-overview-${run}`, users, latencyMs, ms, reportRequests: reports.length, reportFunctions: functions.size, preflights: all.length - reports.length });
    }
    return out;
  } finally {
    await browser.close();
    await wb.close();
  }
}

/**
 * A detail report larger than Graph's report window (the 50,000-user active-user report is ~250 beta
 * JSON pages of 200; Graph allows 100 per 10 minutes), read through the store with and without the
 * limiter, against a simulator enforcing the same counts in a shortened window (`windowMs`; Graph's is
 * 10 minutes). Prints pages, 429s drawn, limiter waits and time, and what that means at Graph's window.
 */
export async function largeReportBench(users: number, windowMs: number): Promise<Array<Record<string, unknown>>> {
  const { startDemoTenant } = await import('../../workbench/demo-tenant');
  const { ReportStore } = await import('../../src/core/reports/store');
  const { ReportLimiter, GRAPH_REPORT_LIMITS, timeAtLimit } = await import('../../src/core/reports/limiter');
  const { requireReport } = await import('../../src/core/reports/catalog');
  const { gatewayFor } = await import('../helpers/graph');
  const entry = requireReport('getOffice365ActiveUserDetail');
  const out: Array<Record<string, unknown>> = [];
  for (const limited of [true, false]) {
    const t = await startDemoTenant({ users, seed: 1, throttle: true, reportWindowMs: windowMs });
    try {
      // As the web part builds it: the graph client's RetryHandler (3 tries, Retry-After) under the gateway.
      const gw = gatewayFor(t.url, t.token);
      const limiter = new ReportLimiter({ limits: { json: limited ? { requests: GRAPH_REPORT_LIMITS.json.requests, windowMs } : { requests: Number.MAX_SAFE_INTEGER, windowMs } } });
      const store = new ReportStore(gw, { format: 'json', limiter });
      const shown = new Set<number>();
      store.subscribe((_k, p) => { if (p?.waitingUntil !== undefined) shown.add(p.waitingUntil); });
      const t0 = Date.now();
      let rows = 0;
      let error: string | undefined;
      try {
        rows = (await store.get(entry, { period: 'D30' })).rows.length;
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
      }
      const reportRequests = t.requests.filter(r => r.path.includes('getOffice365ActiveUserDetail'));
      const pages = reportRequests.filter(r => r.status === 200).length;
      out.push({
        bench: `large-report-${limited ? 'with-limiter' : 'without-limiter'}`,
        users,
        windowMs,
        rows,
        pages,
        requests: reportRequests.length,
        throttled429: reportRequests.filter(r => r.status === 429).length,
        limiterWaits: limiter.stats.waits,
        waitsShown: shown.size,
        ms: Date.now() - t0,
        error,
        atGraphWindowMin: limited ? Math.round((timeAtLimit(pages, GRAPH_REPORT_LIMITS.json) ?? 0) / 60_000) : undefined
      });
    } finally {
      await t.close();
    }
  }
  return out;
}
