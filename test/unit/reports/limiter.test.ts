import { GRAPH_REPORT_LIMITS, ReportLimiter, timeAtLimit } from '../../../src/core/reports/limiter';
import { ReportStore } from '../../../src/core/reports/store';
import { reportKey } from '../../../src/core/reports/reader';
import type { IReadProgress } from '../../../src/core/reports/store';
import { GraphGateway } from '../../../src/core/graph/GraphGateway';
import { GraphError } from '../../../src/core/graph/GraphError';
import { requireReport } from '../../../src/core/reports/catalog';
import { fakeClient } from '../../component/fakeGraph';

/** A clock that only moves when a sleep asks it to (sleeps resolve at once, in order). */
function manualClock(start = 1_000_000): { now: () => number; sleep: (ms: number, signal?: AbortSignal) => Promise<void>; slept: number[] } {
  let t = start;
  const slept: number[] = [];
  return {
    now: () => t,
    slept,
    sleep: async (ms: number, signal?: AbortSignal) => {
      if (signal?.aborted) throw new GraphError(0, 'aborted', 'cancelled');
      slept.push(ms);
      t += ms;
    }
  };
}

describe('ReportLimiter', () => {
  it('holds Graph\'s documented limits: CSV 14 and JSON 100 requests per 10 minutes per report', () => {
    expect(GRAPH_REPORT_LIMITS.csv).toEqual({ requests: 14, windowMs: 600_000 });
    expect(GRAPH_REPORT_LIMITS.json).toEqual({ requests: 100, windowMs: 600_000 });
    expect(new ReportLimiter().limit('json')).toEqual(GRAPH_REPORT_LIMITS.json);
  });

  it('grants up to the limit, then says how long until the oldest request leaves the window', () => {
    const clock = manualClock();
    const limiter = new ReportLimiter({ now: clock.now, sleep: clock.sleep });
    const settles: Array<() => void> = [];
    for (let i = 0; i < 14; i++) {
      const got = limiter.tryAcquire('getEmailActivityCounts', 'csv');
      expect(typeof got).toBe('function');
      settles.push(got as () => void);
    }
    // All fourteen still in flight: no time to count from yet, so look again shortly.
    expect(limiter.tryAcquire('getEmailActivityCounts', 'csv')).toBe(1000);
    // Answers arrive 50 ms later: the window counts from then, not from when the requests left.
    void clock.sleep(50);
    settles.forEach(s => s());
    expect(limiter.tryAcquire('getEmailActivityCounts', 'csv')).toBe(600_001);
    // Another report API, or the other format, has its own budget; the name is not case-sensitive.
    expect(typeof limiter.tryAcquire('getTeamsUserActivityCounts', 'csv')).toBe('function');
    expect(typeof limiter.tryAcquire('getEmailActivityCounts', 'json')).toBe('function');
    expect(limiter.tryAcquire('GETEMAILACTIVITYCOUNTS', 'csv')).toBeGreaterThan(0);
    expect(limiter.stats.granted).toBe(16);
  });

  it('acquire waits (telling when it goes on) instead of failing, and the window slides', async () => {
    const clock = manualClock();
    const limiter = new ReportLimiter({ now: clock.now, sleep: clock.sleep, limits: { csv: { requests: 3, windowMs: 1000 } } });
    const waits: number[] = [];
    const times: number[] = [];
    for (let i = 0; i < 7; i++) {
      const settle = await limiter.acquire('getX', 'csv', { onWait: until => waits.push(until - clock.now()) });
      times.push(clock.now() - 1_000_000);
      settle(); // answered at once
    }
    // Three at once, then each batch of three one window (plus a millisecond) after the previous.
    expect(times).toEqual([0, 0, 0, 1001, 1001, 1001, 2002]);
    expect(waits).toEqual([1001, 1001]);
    expect(limiter.stats).toEqual({ granted: 7, waits: 2, waitedMs: 2002 });
    // No window ever held more than three requests.
    for (const t of times) expect(times.filter(u => u > t - 1000 && u <= t).length).toBeLessThanOrEqual(3);
  });

  it('a cancelled wait rejects as cancelled and takes no slot', async () => {
    const controller = new AbortController();
    const limiter = new ReportLimiter({ limits: { json: { requests: 1, windowMs: 60_000 } } });
    await limiter.acquire('getX', 'json');
    const waiting = limiter.acquire('getX', 'json', { signal: controller.signal, onWait: () => controller.abort() });
    await expect(waiting).rejects.toMatchObject({ kind: 'aborted' });
    expect(limiter.stats.granted).toBe(1);
  });
});

describe('timeAtLimit', () => {
  it('is nothing while the requests fit one window, and a window for each further hundred JSON requests', () => {
    expect(timeAtLimit(100, GRAPH_REPORT_LIMITS.json)).toBeUndefined();
    expect(timeAtLimit(101, GRAPH_REPORT_LIMITS.json)).toBe(600_000);
    // 29 more days of a 50,000-user detail report at 250 pages a day: 7,250 requests, 72 more windows (12 hours).
    expect(timeAtLimit(29 * 250, GRAPH_REPORT_LIMITS.json)).toBe(72 * 600_000);
    expect(timeAtLimit(15, GRAPH_REPORT_LIMITS.csv)).toBe(600_000);
  });
});

describe('ReportStore under the limiter', () => {
  const entry = requireReport('getOffice365ActiveUserDetail');
  const counts = requireReport('getEmailActivityCounts');
  /** JSON pages of one row each: `pages` pages for the detail report, one page for the counts. */
  const routes = (pages: number) => ({
    '/reports/getOffice365ActiveUserDetail': (path: string) => {
      const n = Number(/[?&]page=(\d+)/.exec(path)?.[1] ?? '0');
      const next = n + 1 < pages ? { '@odata.nextLink': `https://graph.microsoft.com/beta/reports/getOffice365ActiveUserDetail(period='D30')?$format=application/json&page=${n + 1}` } : {};
      return { body: { value: [{ reportRefreshDate: '2026-11-19', userPrincipalName: `u${n}@contoso.com`, displayName: `User ${n}` }], ...next } };
    },
    '/reports/getEmailActivityCounts': { body: { value: [{ reportRefreshDate: '2026-11-19', reportDate: '2026-11-19', send: 1, receive: 2, read: 3, reportPeriod: 7 }] } }
  });

  it('a read longer than the window pauses at the limit, reports the wait, and finishes with every page', async () => {
    const clock = manualClock();
    const { client, calls } = fakeClient(routes(7));
    const limiter = new ReportLimiter({ now: clock.now, sleep: clock.sleep, limits: { json: { requests: 3, windowMs: 1000 } } });
    const store = new ReportStore(new GraphGateway(client), { format: 'json', limiter });
    const seen: IReadProgress[] = [];
    store.subscribe((key, p) => { if (p && key.startsWith('getOffice365ActiveUserDetail')) seen.push(p); });
    const result = await store.get(entry, { period: 'D30' });
    expect(result.rows.map(r => r['User Principal Name'])).toEqual(['u0', 'u1', 'u2', 'u3', 'u4', 'u5', 'u6'].map(u => `${u}@contoso.com`));
    expect(calls).toHaveLength(7);
    expect(limiter.stats.waits).toBe(2);
    const waits = seen.filter(p => p.waitingUntil !== undefined);
    expect(waits.length).toBeGreaterThanOrEqual(2);
    expect(waits[0]!.rows).toBeGreaterThan(0); // rows read so far are known while it waits
    expect(seen[seen.length - 1]!.rows).toBe(7);
    expect(store.progress(reportKey(entry.fn, { period: 'D30' }))).toBeUndefined(); // nothing in flight once done
  });

  it('a read waiting for its report\'s limit gives its place up, so other reports are not held up', async () => {
    const { client, calls } = fakeClient(routes(3));
    // The detail report's window is full after one page; at this limit its next page waits an hour.
    const limiter = new ReportLimiter({ limits: { json: { requests: 1, windowMs: 3_600_000 } } });
    const store = new ReportStore(new GraphGateway(client), { format: 'json', limiter, concurrency: 1 });
    const controller = new AbortController();
    let waiting = false;
    store.subscribe((key, p) => { if (key.startsWith('getOffice365') && p?.waitingUntil !== undefined) waiting = true; });
    const detail = store.get(entry, { period: 'D30' }, controller.signal);
    detail.catch(() => undefined);
    while (!waiting) await new Promise(r => setTimeout(r, 5));
    // With one place and that read waiting, another report still reads at once.
    await expect(store.get(counts, { period: 'D7' })).resolves.toMatchObject({ rows: [expect.objectContaining({ Send: 1 })] });
    expect(calls.filter(c => c.includes('getEmailActivityCounts'))).toHaveLength(1);
    controller.abort();
    await expect(detail).rejects.toMatchObject({ kind: 'aborted' });
    expect(store.progress(reportKey(entry.fn, { period: 'D30' }))).toBeUndefined();
  });
});

describe('CLI: announceReportWaits', () => {
  it('says once per wait which report waits for Graph\'s report limit, until when and why', async () => {
    const { Progress, announceReportWaits } = await import('../../../src/cli/progress');
    const out: string[] = [];
    const progress = new Progress({ write: t => out.push(String(t)), isTTY: false }, false);
    const limiter = new ReportLimiter({ limits: { csv: { requests: 1, windowMs: 60_000 } } });
    const store = new ReportStore(new GraphGateway(fakeClient({ '/reports/getEmailActivityUserDetail': { body: 'Report Refresh Date\r\n' } }).client), { format: 'csv', limiter });
    const listeners: Array<(k: string, p: IReadProgress | undefined) => void> = [];
    const source = { format: store.format, limiter, subscribe: (l: (k: string, p: IReadProgress | undefined) => void) => { listeners.push(l); return () => undefined; } };
    announceReportWaits(source, progress, () => Date.parse('2026-11-21T10:00:00Z'));
    const until = Date.parse('2026-11-21T10:09:30Z');
    listeners.forEach(l => l("getEmailActivityUserDetail(date=2026-11-10)", { rows: 0, waitingUntil: until }));
    listeners.forEach(l => l("getEmailActivityUserDetail(date=2026-11-10)", { rows: 0, waitingUntil: until }));
    listeners.forEach(l => l("getEmailActivityUserDetail(date=2026-11-10)", { rows: 0 }));
    expect(out).toEqual([
      "Waiting for Microsoft Graph's report limit (1 requests per 1 minutes for each report): getEmailActivityUserDetail(date=2026-11-10) goes on at 10:09:30 UTC, in 9 min 30 s.\n"
    ]);
  });
});
