import { BACKFILL_REPORTS, backfillHistory, backfillSnapshots, missingDays, needsBackfill, takeDailySnapshot } from '../../../src/core/history';
import type { ISnapshot } from '../../../src/core/history';
import { GraphError } from '../../../src/core/graph';
import type { IReportEntry, IReportResult, ReportParam, ReportRow } from '../../../src/core/reports';
import { MemoryTenantStore, readOnly } from './snapshotMemoryStore';

const NOW = new Date('2031-03-10T09:30:00Z');
const TODAY = '2031-03-10';

/** YYYY-MM-DD `n` days before 2031-03-10. */
const back = (n: number): string => new Date(Date.parse(`${TODAY}T00:00:00Z`) - n * 86_400_000).toISOString().slice(0, 10);

/** A trend report's rows over `days` days ending two days ago (reports lag), plus one dated today (Graph never has it; tolerated). */
function trendRows(fn: string, days: number): ReportRow[] {
  const rows: ReportRow[] = [];
  for (let i = days + 1; i >= 2; i--) {
    if (fn === 'getOffice365ActiveUserCounts') rows.push({ 'Report Date': back(i), 'Office 365': 100 - i, Exchange: 90 - i, OneDrive: 40, SharePoint: 30, Teams: 80 - i, Yammer: null });
    else if (fn === 'getSharePointSiteUsageStorage') rows.push({ 'Report Date': back(i), 'Site Type': 'All', 'Storage Used (Byte)': 1000 + i });
    else rows.push({ 'Report Date': back(i), 'Storage Used (Byte)': 500 + i });
  }
  if (fn === 'getMailboxUsageStorage') rows.push({ 'Report Date': TODAY, 'Storage Used (Byte)': 1 });
  return rows;
}

const result = (fn: string, rows: ReportRow[]): IReportResult => ({ fn, param: { period: 'D180' }, format: 'json', rows, refreshDate: back(2), warnings: [], unknownColumns: [], concealment: { concealedRows: 0, totalRows: rows.length, columns: [] }, requests: 1 });

/** A report store stand-in: each read answered from rows, or refused. */
function reports(refuse: string[] = []) {
  const asked: Array<{ fn: string; param: ReportParam | undefined }> = [];
  return {
    asked,
    get: (entry: IReportEntry, param: ReportParam | undefined): Promise<IReportResult> => {
      asked.push({ fn: entry.fn, param });
      if (refuse.includes(entry.fn)) return Promise.reject(new GraphError(403, 'S2SUnauthorized', 'Invalid Permission.'));
      return Promise.resolve(result(entry.fn, trendRows(entry.fn, 180)));
    }
  };
}

const taken = (day: string, figures: Record<string, number>): ISnapshot => ({ day, source: 'taken', takenAt: `${day}T08:00:00.000Z`, takenBy: 'web part', figures });

describe('backfill', () => {
  it('is needed with no history, or none older than 30 days', () => {
    expect(needsBackfill([], TODAY)).toBe(true);
    expect(needsBackfill([{ day: back(29) }, { day: TODAY }], TODAY)).toBe(true);
    expect(needsBackfill([{ day: back(31) }], TODAY)).toBe(false);
  });

  it('makes one snapshot per report date from the trend reports, merged across reports, never today', () => {
    const snaps = backfillSnapshots(BACKFILL_REPORTS.map(fn => result(fn, trendRows(fn, 180))), NOW, 'cli');
    expect(snaps).toHaveLength(180);
    expect(snaps[0]?.day).toBe(back(181));
    expect(snaps[snaps.length - 1]?.day).toBe(back(2));
    const last = snaps[snaps.length - 1] as ISnapshot;
    expect(last).toMatchObject({ source: 'backfill', takenBy: 'cli', takenAt: NOW.toISOString() });
    expect(last.figures).toEqual({
      'active:office365:1d': 98, 'active:exchange:1d': 88, 'active:oneDrive:1d': 40, 'active:sharePoint:1d': 30, 'active:teams:1d': 78,
      'storage:mailbox': 502, 'storage:oneDrive': 502, 'storage:sharePoint': 1002
    });
    // Yammer had no number: absent, not 0.
    expect('active:yammer:1d' in last.figures).toBe(false);
    expect(last.reportDates).toEqual(Object.fromEntries(BACKFILL_REPORTS.map(fn => [fn, back(2)])));
  });

  it('takes a site type "All" row as the day\'s total rather than adding it to the others', () => {
    const rows: ReportRow[] = [
      { 'Report Date': back(3), 'Site Type': 'Team', 'Storage Used (Byte)': 7 },
      { 'Report Date': back(3), 'Site Type': 'All', 'Storage Used (Byte)': 9 },
      { 'Report Date': back(3), 'Site Type': 'Team', 'Storage Used (Byte)': 7 },
      { 'Report Date': back(4), 'Site Type': 'Team', 'Storage Used (Byte)': 7 },
      { 'Report Date': back(4), 'Site Type': 'Communication', 'Storage Used (Byte)': 3 }
    ];
    const snaps = backfillSnapshots([result('getSharePointSiteUsageStorage', rows)], NOW, 'cli');
    expect(snaps.map(s => [s.day, s.figures['storage:sharePoint']])).toEqual([[back(4), 10], [back(3), 9]]);
  });

  it('never writes over a kept day', () => {
    const kept = [taken(back(5), { users: 3 })];
    const snaps = missingDays(backfillSnapshots([result('getMailboxUsageStorage', trendRows('getMailboxUsageStorage', 10))], NOW, 'cli'), kept);
    expect(snaps.map(s => s.day)).not.toContain(back(5));
    expect(snaps).toHaveLength(9);
  });

  it('fills a new history through the session\'s reports (D180, each report once) and keeps what was taken', async () => {
    const store = new MemoryTenantStore([taken(back(5), { users: 3 }), taken(TODAY, { users: 4 })]);
    const r = reports();
    const out = await backfillHistory(store, r, NOW, { takenBy: 'web part' });
    expect(out).toEqual({ status: 'filled', written: 179, from: back(181), to: back(2), problems: [] });
    expect(r.asked).toEqual(BACKFILL_REPORTS.map(fn => ({ fn, param: { period: 'D180' } })));
    expect(store.all.find(s => s.day === back(5))).toEqual(taken(back(5), { users: 3 }));
    expect(store.all.find(s => s.day === TODAY)?.source).toBe('taken');
    expect(store.log.writes.every(w => !w.replace)).toBe(true);
    // Once filled, the history reaches back: no second backfill reads anything.
    expect(await backfillHistory(store, r, NOW, { takenBy: 'web part' })).toEqual({ status: 'notNeeded' });
    expect(r.asked).toHaveLength(BACKFILL_REPORTS.length);
    // And a snapshot taken later the same day still goes in as today's.
    expect((await takeDailySnapshot(store, () => taken(TODAY, { users: 4, guests: 1 }), NOW)).status).toBe('extended');
  });

  it('fills what it can when a report is refused, and says which', async () => {
    const store = new MemoryTenantStore();
    const out = await backfillHistory(store, reports(['getOffice365ActiveUserCounts']), NOW, { takenBy: 'web part' });
    expect(out.status).toBe('filled');
    if (out.status !== 'filled') return;
    expect(out.problems.map(p => p.fn)).toEqual(['getOffice365ActiveUserCounts']);
    expect(Object.keys(store.all[0]?.figures ?? {}).sort()).toEqual(['storage:mailbox', 'storage:oneDrive', 'storage:sharePoint']);
  });

  it('writes nothing when every report is refused, and passes a store refusal on', async () => {
    const store = new MemoryTenantStore();
    const out = await backfillHistory(store, reports(BACKFILL_REPORTS as string[]), NOW, { takenBy: 'web part' });
    expect(out).toMatchObject({ status: 'nothing' });
    expect(store.log.writes).toEqual([]);
    store.refuseWrites = readOnly();
    await expect(backfillHistory(store, reports(), NOW, { takenBy: 'web part' })).rejects.toMatchObject({ kind: 'readOnly' });
  });
});
