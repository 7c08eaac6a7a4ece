import { GraphGateway } from '../../../src/core/graph/GraphGateway';
import { settle } from '../../../src/core/graph/subscribable';
import type { IGraphClientLike, IGraphRequestLike } from '../../../src/core/graph/types';
import { requireReport } from '../../../src/core/reports/catalog';
import { ReportReads } from '../../../src/core/reports/reads';
import type { ReportReadState } from '../../../src/core/reports/reads';
import { ReportStore } from '../../../src/core/reports/store';
import { ReportLimiter } from '../../../src/core/reports/limiter';
import { fakeClient } from '../../component/fakeGraph';
import type { Route } from '../../component/fakeGraph';

// The report read objects: one union of states, waits as timestamps, reuse per store generation.

const email = requireReport('getEmailActivityCounts');
const apps = requireReport('getM365AppUserCounts');
const NOW = 1_800_000_000_000; // a fixed clock: nothing here depends on today

const rowsOf = (n: number): Route => ({ body: { value: [{ reportRefreshDate: '2026-11-19', reportDate: '2026-11-19', send: n, receive: 1, read: 1, meetingCreated: 0, meetingInteracted: 0, reportPeriod: '7' }] } });

/** A client that answers the first `times` reads under `prefix` with 429 and Retry-After, then passes on. */
function throttling(routes: Record<string, Route>, prefix: string, times: number, retryAfter: string): { client: IGraphClientLike; calls: string[] } {
  const { client: inner, calls } = fakeClient(routes);
  let left = times;
  const client: IGraphClientLike = {
    api(path: string): IGraphRequestLike {
      if (!path.startsWith(prefix) || left <= 0) return inner.api(path);
      const req: IGraphRequestLike = {
        version: () => req, headers: () => req, responseType: () => req, option: () => req,
        get: async () => {
          left--;
          calls.push(`GET ${path} -> 429`);
          const text = JSON.stringify({ error: { code: 'TooManyRequests', message: 'Too many requests.' } });
          return { status: 429, headers: { forEach: (cb: (v: string, k: string) => void) => { cb('application/json', 'content-type'); cb(retryAfter, 'Retry-After'); } }, text: async () => text, arrayBuffer: async () => new ArrayBuffer(0) };
        },
        post: async () => undefined, patch: async () => undefined, delete: async () => undefined
      };
      return req;
    }
  };
  return { client, calls };
}

function reads(client: IGraphClientLike, limiter?: ReportLimiter): { reads: ReportReads; store: ReportStore } {
  const store = new ReportStore(new GraphGateway(client), { format: 'json', limiter });
  return { reads: new ReportReads(store, () => Date.now()), store };
}

/** Every state a read passes through while watched. */
function watch(source: { subscribe: (l: () => void) => () => void; getState: () => ReportReadState }): { seen: ReportReadState[]; stop: () => void } {
  const seen: ReportReadState[] = [];
  const stop = source.subscribe(() => seen.push(source.getState()));
  return { seen, stop };
}

const ready = (s: ReportReadState): boolean => s.status === 'ready';
const until = <T>(source: Parameters<typeof settle>[0], pick: (s: never) => boolean): Promise<T> =>
  settle(source, s => (pick(s as never) ? { value: s as T } : undefined));

describe('a report read', () => {
  it('shows loading before anyone watches, reads once when watched, and is kept for the next screen', async () => {
    const { client, calls } = fakeClient({ '/reports/getEmailActivityCounts': rowsOf(3) });
    const { reads: r } = reads(client);
    const read = r.read(email, { period: 'D7' });
    expect(read.getState()).toEqual({ status: 'loading' });
    expect(r.settled(email, { period: 'D7' })).toBeUndefined();
    const state = await until<Extract<ReportReadState, { status: 'ready' }>>(read, ready);
    expect(state.result.rows[0]?.['Send']).toBe(3);
    // The same question gets the same object, settled: a screen coming back renders it at once.
    expect(r.read(email, { period: 'D7' })).toBe(read);
    expect(r.read(email, { period: 'D7' }).getState()).toBe(state);
    expect(r.settled(email, { period: 'D7' })).toBe(state.result);
    const again = watch(read);
    again.stop();
    expect(again.seen).toEqual([]);
    expect(calls).toHaveLength(1);
    // Another period is another read.
    expect(r.read(email, { period: 'D30' })).not.toBe(read);
  });

  it('keeps a failure until Try again, which reads again', async () => {
    let fail = true;
    const { client, calls } = fakeClient({ '/reports/getEmailActivityCounts': () => (fail ? { status: 403, body: { error: { code: 'Forbidden', message: 'No role.' } } } : rowsOf(5)) as never });
    const read = reads(client).reads.read(email, { period: 'D7' });
    const w = watch(read);
    await until(read, (s: ReportReadState) => s.status === 'error');
    expect(read.getState()).toMatchObject({ status: 'error', error: { status: 403 } });
    fail = false;
    read.retry();
    await until(read, ready);
    w.stop();
    expect(calls).toHaveLength(2);
    // retry() after success does nothing.
    read.retry();
    expect(calls).toHaveLength(2);
  });

  describe('under throttling', () => {
    beforeEach(() => { jest.useFakeTimers(); jest.setSystemTime(NOW); });
    afterEach(() => jest.useRealTimers());

    it('waits out Retry-After as a timestamp (nothing ticks in the read), then reads again by itself', async () => {
      const { client, calls } = throttling({ '/reports/getEmailActivityCounts': rowsOf(1) }, '/reports/getEmailActivityCounts', 1, '3');
      const read = reads(client).reads.read(email, { period: 'D7' });
      const w = watch(read);
      await jest.advanceTimersByTimeAsync(0);
      expect(read.getState()).toEqual({ status: 'waiting', reason: 'throttled', until: NOW + 3000 });
      const changes = w.seen.length;
      await jest.advanceTimersByTimeAsync(2000);
      // The countdown is the screen's: the read told its watchers nothing while waiting.
      expect(w.seen).toHaveLength(changes);
      await jest.advanceTimersByTimeAsync(1000);
      expect(read.getState().status).toBe('ready');
      expect(calls).toEqual(['GET /reports/getEmailActivityCounts(period=\'D7\')?$format=application/json&$top=5000 -> 429', expect.stringContaining('getEmailActivityCounts')]);
      w.stop();
    });

    it('stops waiting when the last screen leaves (nothing is sent meanwhile), and reads again when one comes back', async () => {
      const { client, calls } = throttling({ '/reports/getEmailActivityCounts': rowsOf(1) }, '/reports/getEmailActivityCounts', 1, '5');
      const read = reads(client).reads.read(email, { period: 'D7' });
      const w = watch(read);
      await jest.advanceTimersByTimeAsync(0);
      expect(read.getState().status).toBe('waiting');
      w.stop();
      await jest.advanceTimersByTimeAsync(10_000);
      expect(calls).toHaveLength(1);
      expect(read.getState()).toEqual({ status: 'loading' });
      const back = watch(read);
      await jest.advanceTimersByTimeAsync(0);
      expect(read.getState().status).toBe('ready');
      expect(calls).toHaveLength(2);
      back.stop();
    });

    it('says how long it waits for a place in Graph\'s report window, with the rows read so far', async () => {
      const page = (n: number): Route => () => ({ body: { value: [{ reportRefreshDate: '2026-11-19', reportDate: `2026-11-1${n}`, send: n, receive: 1, read: 1, meetingCreated: 0, meetingInteracted: 0, reportPeriod: '7' }], ...(n < 1 ? { '@odata.nextLink': `https://graph.microsoft.com/beta/reports/getEmailActivityCounts(period='D7')?$format=application/json&page=${n + 1}` } : {}) } });
      const { client } = fakeClient({ "/reports/getEmailActivityCounts(period='D7')?$format=application/json&page=1": page(1), '/reports/getEmailActivityCounts': page(0) });
      const limiter = new ReportLimiter({ limits: { json: { requests: 1, windowMs: 4000 } } });
      const read = reads(client, limiter).reads.read(email, { period: 'D7' });
      const w = watch(read);
      await jest.advanceTimersByTimeAsync(0);
      const waiting = read.getState();
      expect(waiting).toEqual({ status: 'waiting', reason: 'limit', until: expect.any(Number), rows: 1 });
      // The window's 4 s from the first request (the limiter adds a millisecond of margin).
      expect(waiting.status === 'waiting' && waiting.until - NOW).toBeGreaterThanOrEqual(4000);
      expect(waiting.status === 'waiting' && waiting.until - NOW).toBeLessThanOrEqual(4001);
      await jest.advanceTimersByTimeAsync(4001);
      expect(read.getState()).toMatchObject({ status: 'ready', result: { rows: [{}, {}] } });
      w.stop();
    });
  });

  it('after the store is cleared, a screen still showing a read keeps it; the next screen reads again', async () => {
    const { client, calls } = fakeClient({ '/reports/getEmailActivityCounts': rowsOf(3) });
    const { reads: r, store } = reads(client);
    const read = r.read(email, { period: 'D7' });
    const showing = watch(read);
    await until(read, ready);
    await store.clear();
    // Nothing is sent by the clear itself; the screen on show keeps what it shows.
    expect(read.getState().status).toBe('ready');
    expect(calls).toHaveLength(1);
    expect(r.settled(email, { period: 'D7' })).toBeUndefined();
    showing.stop();
    expect(read.getState()).toEqual({ status: 'loading' });
    await until(read, ready);
    expect(calls).toHaveLength(2);
    expect(r.settled(email, { period: 'D7' })).toBeDefined();
  });
});

describe('several reads watched as one', () => {
  it('gives their states in order, one array per change, and watching it starts each', async () => {
    const { client, calls } = fakeClient({ '/reports/getEmailActivityCounts': rowsOf(3), '/reports/getM365AppUserCounts': { status: 404, body: { error: { code: 'NotFound', message: 'No.' } } } });
    const r = reads(client).reads;
    const set = r.readAll([email, apps], { period: 'D7' });
    expect(r.readAll([email, apps], { period: 'D7' })).toBe(set);
    const first = set.getState();
    expect(set.getState()).toBe(first);
    const states = await settle(set, s => (s.every(x => x.status === 'ready' || x.status === 'error') ? { value: s } : undefined));
    expect(states.map(s => s.status)).toEqual(['ready', 'error']);
    expect(set.getState()).toBe(set.getState());
    expect(set.reads[0]).toBe(r.read(email, { period: 'D7' }));
    expect(calls).toHaveLength(2);
  });
});

describe('settle', () => {
  it('rejects as cancelled when its signal aborts, and stops watching', async () => {
    const { client } = fakeClient({ '/reports/getEmailActivityCounts': () => new Promise(() => undefined) as never });
    const read = reads(client).reads.read(email, { period: 'D7' });
    const controller = new AbortController();
    const p = settle(read, s => (s.status === 'ready' ? { value: s } : undefined), controller.signal);
    controller.abort();
    await expect(p).rejects.toMatchObject({ kind: 'aborted' });
  });
});
