import type { ReportRow } from '../../../src/core/reports/types';
import { GraphError } from '../../../src/core/graph/GraphError';
import { requireReport } from '../../../src/core/reports/catalog';
import { cellText, filterSortRows } from '../../../src/ui/usage/model/detailRows';
import { reportExport, shownHeaders } from '../../../src/ui/usage/model/exports';
import { mergeDayRows, paramLabel, reportGroups, resolveDay } from '../../../src/ui/usage/model/params';
import { DEFAULT_WAIT_SECONDS, MAX_THROTTLE_WAITS, readWithWaits, waitSeconds } from '../../../src/core/reports/throttle';

const entry = requireReport;

describe('report groups', () => {
  it('groups the catalog by workload and hides retired services unless asked', () => {
    const live = reportGroups(false);
    expect(live.some(g => g.workload === 'Skype for Business')).toBe(false);
    expect(live.flatMap(g => g.entries).some(e => e.retired)).toBe(false);
    const all = reportGroups(true);
    expect(all[all.length - 1]?.workload).toBe('Skype for Business');
    expect(all.flatMap(g => g.entries)).toHaveLength(75);
    expect(live.flatMap(g => g.entries).length).toBe(75 - (all[all.length - 1]?.entries.length ?? 0));
  });
});

describe('day input', () => {
  const today = '2026-11-21';
  it('turns days back into a date and refuses days beyond Graph\'s 30-day window', () => {
    expect(resolveDay({ mode: 'daysBack', date: '', daysBack: '3' }, today)).toEqual({ ok: true, value: '2026-11-18' });
    const old = resolveDay({ mode: 'daysBack', date: '', daysBack: '31' }, today);
    expect(old.ok).toBe(false);
    expect(!old.ok && old.error).toMatch(/more than 30 days ago/);
    expect(resolveDay({ mode: 'daysBack', date: '', daysBack: 'x' }, today).ok).toBe(false);
    expect(resolveDay({ mode: 'date', date: '2026-10-22', daysBack: '' }, today)).toEqual({ ok: true, value: '2026-10-22' });
    expect(resolveDay({ mode: 'date', date: '2026-10-21', daysBack: '' }, today).ok).toBe(false);
    expect(resolveDay({ mode: 'date', date: '', daysBack: '' }, today).ok).toBe(false);
  });

  it('names parameters for captions and file names', () => {
    expect(paramLabel({ period: 'D30' })).toBe('D30');
    expect(paramLabel({ date: '2026-11-15' })).toBe('2026-11-15');
    expect(paramLabel({ from: '2026-11-10', to: '2026-11-15' })).toBe('2026-11-10_to_2026-11-15');
    expect(paramLabel(undefined)).toBeUndefined();
  });

  it('merges day-by-day rows under a Report Date', () => {
    expect(mergeDayRows([{ date: '2026-11-18', rows: [{ a: 1 }] }, { date: '2026-11-19', rows: [{ a: 2 }, { a: 3 }] }])).toEqual([
      { a: 1, 'Report Date': '2026-11-18' }, { a: 2, 'Report Date': '2026-11-19' }, { a: 3, 'Report Date': '2026-11-19' }
    ]);
  });
});

describe('throttling wait', () => {
  const throttled = (s?: number): GraphError => new GraphError(429, 'TooManyRequests', 'Too many requests.', undefined, s);

  it('counts down Retry-After each second, then tries again', async () => {
    const ticks: number[] = [];
    let calls = 0;
    const result = await readWithWaits(async () => { calls++; if (calls === 1) throw throttled(3); return 'rows'; }, {
      onWait: s => ticks.push(s), cancelled: () => false, sleep: async () => undefined
    });
    expect(result).toBe('rows');
    expect(ticks).toEqual([3, 2, 1, 0]);
    expect(calls).toBe(2);
  });

  it('stops after a few waits, and never waits on other errors', async () => {
    let calls = 0;
    await expect(readWithWaits(async () => { calls++; throw throttled(1); }, { onWait: () => undefined, cancelled: () => false, sleep: async () => undefined })).rejects.toThrow('Too many');
    expect(calls).toBe(MAX_THROTTLE_WAITS + 1);
    calls = 0;
    await expect(readWithWaits(async () => { calls++; throw new GraphError(403, 'S2SUnauthorized', 'Invalid Permission.'); }, { onWait: () => undefined, cancelled: () => false, sleep: async () => undefined })).rejects.toThrow('Invalid Permission');
    expect(calls).toBe(1);
  });

  it('gives up waiting when the screen goes away', async () => {
    let gone = false;
    const p = readWithWaits(async () => { throw throttled(5); }, { onWait: s => { if (s === 4) gone = true; }, cancelled: () => gone, sleep: async () => undefined });
    await expect(p).rejects.toMatchObject({ kind: 'aborted' });
  });

  it('clamps odd Retry-After values', () => {
    expect(waitSeconds(throttled(undefined))).toBe(DEFAULT_WAIT_SECONDS);
    expect(waitSeconds(throttled(0.2))).toBe(1);
    expect(waitSeconds(throttled(100000))).toBe(600);
  });
});

describe('detail rows', () => {
  const rows = [
    { 'User Principal Name': 'ann@x.com', 'Send Count': 3, 'Is Deleted': false, 'Assigned Products': ['E3', 'Power BI'] },
    { 'User Principal Name': 'bob@x.com', 'Send Count': null, 'Is Deleted': true, 'Assigned Products': [] },
    { 'User Principal Name': 'cy@x.com', 'Send Count': 10, 'Is Deleted': false, 'Assigned Products': ['E5'] }
  ];
  const headers = ['User Principal Name', 'Send Count', 'Is Deleted', 'Assigned Products'];

  it('searches every word in any cell, lists included', () => {
    expect(filterSortRows(rows, headers, 'power ann').map(r => r['User Principal Name'])).toEqual(['ann@x.com']);
    expect(filterSortRows(rows, headers, '  ').length).toBe(3);
  });

  it('sorts numbers numerically with empty cells last in both directions', () => {
    expect(filterSortRows(rows, headers, '', { header: 'Send Count', descending: true }).map(r => r['User Principal Name'])).toEqual(['cy@x.com', 'ann@x.com', 'bob@x.com']);
    expect(filterSortRows(rows, headers, '', { header: 'Send Count', descending: false }).map(r => r['User Principal Name'])).toEqual(['ann@x.com', 'cy@x.com', 'bob@x.com']);
  });

  it('shows cells as people read them', () => {
    expect(cellText(true, { type: 'boolean' })).toBe('Yes');
    expect(cellText(['E3', 'E5'], { type: 'products' })).toBe('E3, E5');
    expect(cellText(4_190_224_715_141, { type: 'number', unit: 'bytes' })).toBe('3.81 TB');
    expect(cellText(1234, { type: 'number', unit: 'count' })).toBe('1,234');
    expect(cellText(null, undefined)).toBe('');
    // Teams' durations arrive as ISO 8601 text
    expect(cellText('PT1H2M3S', { type: 'string' })).toBe('1 h 02 min');
    expect(cellText('PT0S', { type: 'string' })).toBe('0 s');
    expect(cellText('PT5M3.6S', { type: 'string' })).toBe('5 min 04 s');
    expect(cellText('P1DT2H', { type: 'string' })).toBe('26 h 00 min');
    // text that only looks a little like one stays text
    expect(cellText('PTO Team', { type: 'string' })).toBe('PTO Team');
    expect(cellText('P', { type: 'string' })).toBe('P');
    expect(cellText('PT', { type: 'string' })).toBe('PT');
  });
});

describe('report export', () => {
  it('leads a detail export with who the row is about, and a date range with its Report Date', () => {
    const e = entry('getEmailActivityUserDetail');
    const headers = shownHeaders(e, [{ 'Report Date': '2026-11-19' }]);
    expect(headers.slice(0, 3)).toEqual(['Report Date', 'User Principal Name', 'Display Name']);
    expect(headers).toHaveLength(e.columns.length + 1);
    expect(shownHeaders(entry('getEmailActivityCounts'), [{ 'Report Date': '2026-11-19' }])).toEqual(entry('getEmailActivityCounts').columns.map(c => c.header));
  });

  it('keeps a column Microsoft added since the catalog, after the catalog\'s own, in the table and the export', () => {
    const e = entry('getEmailActivityUserDetail');
    const rows: ReportRow[] = [{ 'User Principal Name': 'a@x', 'Send Count': 3, copilotDraftCount: '4' }, { 'User Principal Name': 'b@x', copilotDraftCount: '1', newerThing: 'y' }];
    const headers = shownHeaders(e, rows);
    expect(headers.slice(-2)).toEqual(['copilotDraftCount', 'newerThing']);
    expect(headers).toHaveLength(e.columns.length + 2);
    const sheet = reportExport({ entry: e, rows, headers, param: 'D7', refreshDate: null }, new Date(2026, 10, 21, 12)).sheets[0]!;
    expect(sheet.columns.slice(-2).map(c => c.header)).toEqual(['copilotDraftCount', 'newerThing']);
    expect(sheet.rows[1]?.slice(-2)).toEqual(['1', 'y']);
  });

  it('names the file after report, parameter and today, and types the merged Report Date as a date', () => {
    const e = entry('getEmailActivityUserDetail');
    const rows = [{ 'Report Date': '2026-11-18', 'User Principal Name': 'a@x', 'Send Count': 3 }];
    const out = reportExport({ entry: e, rows, headers: shownHeaders(e, rows), param: '2026-11-18_to_2026-11-19', refreshDate: null }, new Date(2026, 10, 21, 12));
    expect(out.fileName).toBe('m365-report-getEmailActivityUserDetail-2026-11-18_to_2026-11-19-2026-11-21.xlsx');
    expect(out.sheets[0]?.columns[0]).toEqual({ header: 'Report Date', type: 'date' });
    expect(out.sheets[0]?.rows[0]?.slice(0, 2)).toEqual(['2026-11-18', 'a@x']);
  });
});
