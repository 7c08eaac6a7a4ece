import {
  MAX_PUBLISHED_DAYS,
  STALE_AFTER_DAYS,
  buildPublication,
  parsePublication,
  publicationAsOf,
  publicationStaleness,
  publishedRows
} from '../../../src/core/history';
import type { IPublication, IPublicationRead, IPublishedTileSpec } from '../../../src/core/history';
import type { ReportRow } from '../../../src/core/reports';

const REFRESH = '2026-11-19';
const AT = new Date('2026-11-21T08:30:00Z');

/** The last n days up to `last`, newest first. */
function dates(n: number, last = REFRESH): string[] {
  const end = Date.parse(`${last}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => new Date(end - i * 86_400_000).toISOString().slice(0, 10));
}

function trend(n: number, f: (i: number) => ReportRow): IPublicationRead {
  return { refreshDate: REFRESH, rows: dates(n).map((d, i) => ({ 'Report Refresh Date': REFRESH, 'Report Date': d, 'Report Period': n, ...f(i) })) };
}

const ACTIVE: IPublishedTileSpec = { key: 'activeUsers', title: 'Active users by service', sources: [{ fn: 'getOffice365ActiveUserCounts', series: ['Exchange', 'Teams'] }] };
const STORAGE: IPublishedTileSpec = {
  key: 'storage',
  title: 'OneDrive and SharePoint storage',
  sources: [{ fn: 'getOneDriveUsageStorage', series: ['Storage Used (Byte)'] }, { fn: 'getSharePointSiteUsageStorage', series: ['Storage Used (Byte)'] }]
};

describe('building a publication', () => {
  it('keeps, per tile and report, the daily figures of the measures the tile charts and the report dates', () => {
    const reads: Record<string, IPublicationRead> = {
      getOffice365ActiveUserCounts: trend(180, i => ({ Exchange: 100 + i, Teams: 90, 'Office 365': 170, Yammer: 3 })),
      getOneDriveUsageStorage: trend(180, i => ({ 'Site Type': 'OneDrive', 'Storage Used (Byte)': 4e12 - i })),
      getSharePointSiteUsageStorage: { refreshDate: '2026-11-18', rows: dates(180, '2026-11-18').map(d => ({ 'Report Date': d, 'Site Type': 'All', 'Storage Used (Byte)': 1e11 })) }
    };
    const built = buildPublication([ACTIVE, STORAGE], fn => reads[fn], AT, ' admin@contoso.com ');
    expect(built.published).toEqual(['activeUsers', 'storage']);
    expect(built.left).toEqual([]);
    const p = built.publication;
    expect(p.publishedAt).toBe('2026-11-21T08:30:00.000Z');
    expect(p.publishedBy).toBe('admin@contoso.com');
    expect(p.reportDates).toEqual({ getOffice365ActiveUserCounts: REFRESH, getOneDriveUsageStorage: REFRESH, getSharePointSiteUsageStorage: '2026-11-18' });
    const active = parsePublication(JSON.parse(JSON.stringify(p)));
    if (active.status !== 'ok') throw new Error(active.status);
    const source = active.tiles.activeUsers?.sources[0];
    expect(source?.from).toBe(dates(180)[179]);
    // Only the charted measures, oldest first, one value a day.
    expect(Object.keys(source?.series ?? {})).toEqual(['Exchange', 'Teams']);
    expect(source?.series.Exchange).toHaveLength(180);
    expect(source?.series.Exchange?.[179]).toBe(100);
    expect(source?.series.Exchange?.[0]).toBe(279);
  });

  it('holds no name, UPN, id or other text of a report row, even when the rows carry them', () => {
    const people = ['megan.bowen@contoso.com', 'Megan Bowen', '8a1c0b5e-1234-4cde-9f00-aabbccddeeff', 'https://contoso.sharepoint.com/sites/hr'];
    const reads: Record<string, IPublicationRead> = {
      getOffice365ActiveUserCounts: trend(30, i => ({
        Exchange: 10 + i,
        Teams: 5,
        'User Principal Name': people[0] ?? '',
        'Display Name': people[1] ?? '',
        'User Id': people[2] ?? '',
        'Site URL': people[3] ?? '',
        // A header that is itself a person's name, with a number under it, is not a measure of the report.
        [people[0] ?? '']: 1
      }))
    };
    // A per-user detail report named as a source is refused whole.
    const detail: IPublishedTileSpec = { key: 'detail', title: 'People', sources: [{ fn: 'getOffice365ActiveUserDetail' }] };
    const built = buildPublication([ACTIVE, detail], fn => reads[fn] ?? { refreshDate: REFRESH, rows: [{ 'Report Date': REFRESH, 'User Principal Name': people[0] ?? '' }] }, AT, 'admin@contoso.com');
    const text = JSON.stringify(built.publication);
    for (const p of people) expect(text).not.toContain(p);
    expect(text).not.toMatch(/megan/i);
    expect(built.left).toEqual([{ key: 'detail', title: 'People', why: 'getOffice365ActiveUserDetail is not a tenant-wide trend report' }]);
  });

  it('leaves out a tile whose report was not read or has no dated row, and says why', () => {
    const reads: Record<string, IPublicationRead> = {
      getOneDriveUsageStorage: trend(7, () => ({ 'Storage Used (Byte)': 1 })),
      getOffice365ActiveUserCounts: { refreshDate: REFRESH, rows: [{ Exchange: 3 }] }
    };
    const built = buildPublication([ACTIVE, STORAGE], fn => reads[fn], AT, 'cli');
    expect(built.published).toEqual([]);
    expect(built.left.map(l => l.why)).toEqual(['Active users by service has no dated figures', expect.stringMatching(/^SharePoint.* was not read$/)]);
    expect(built.publication.tiles).toEqual({});
  });

  it('adds up the rows of one day (a report with a row per site type) and leaves a missing day empty', () => {
    const rows: ReportRow[] = [
      { 'Report Date': '2026-11-19', 'Storage Used (Byte)': 5 },
      { 'Report Date': '2026-11-19', 'Storage Used (Byte)': 7 },
      { 'Report Date': '2026-11-17', 'Storage Used (Byte)': 1 }
    ];
    const built = buildPublication([STORAGE], () => ({ refreshDate: REFRESH, rows }), AT, 'cli');
    const tile = built.publication.tiles.storage as { sources: Array<{ from: string; series: Record<string, unknown> }> };
    expect(tile.sources[0]).toMatchObject({ from: '2026-11-17', series: { 'Storage Used (Byte)': [1, null, 12] } });
  });

  it('keeps at most MAX_PUBLISHED_DAYS days, the newest', () => {
    const built = buildPublication([ACTIVE], () => trend(400, i => ({ Exchange: i, Teams: i })), AT, 'cli');
    const tile = built.publication.tiles.activeUsers as { sources: Array<{ series: Record<string, number[]> }> };
    expect(tile.sources[0]?.series.Exchange).toHaveLength(MAX_PUBLISHED_DAYS);
    expect(tile.sources[0]?.series.Exchange?.[MAX_PUBLISHED_DAYS - 1]).toBe(0);
  });
});

describe('reading a publication back', () => {
  const good = (): IPublication => buildPublication([ACTIVE], () => trend(180, i => ({ Exchange: i, Teams: 2 })), AT, 'admin@contoso.com').publication;

  it('none is none', () => {
    expect(parsePublication(null)).toEqual({ status: 'none' });
    expect(parsePublication(undefined)).toEqual({ status: 'none' });
  });

  it('damaged is treated as none and says what is wrong', () => {
    expect(parsePublication('{"tiles":')).toEqual({ status: 'damaged', detail: 'it is not a publication' });
    expect(parsePublication({ ...good(), publishedAt: 'yesterday' })).toEqual({ status: 'damaged', detail: 'its publication time is not a time' });
    expect(parsePublication({ ...good(), publishedBy: '' })).toEqual({ status: 'damaged', detail: 'it does not say who published it' });
    expect(parsePublication({ ...good(), tiles: [] })).toEqual({ status: 'damaged', detail: 'it holds no tiles' });
    const all = parsePublication({ ...good(), tiles: { activeUsers: { title: 'x', sources: [{ fn: 'getOffice365ActiveUserDetail', from: REFRESH, series: {} }] } } });
    expect(all).toMatchObject({ status: 'damaged', detail: expect.stringMatching(/^none of its tiles could be read \(.+ is not a tenant-wide trend report\)/) });
    const unknown = parsePublication({ ...good(), tiles: { x: { title: 'x', sources: [{ fn: 'megan.bowen@contoso.com', from: REFRESH, series: {} }] } } });
    expect(unknown).toEqual({ status: 'damaged', detail: 'none of its tiles could be read (a report this version does not know is not a tenant-wide trend report)' });
  });

  it('skips a tile that does not read back and keeps the others', () => {
    const p = good();
    const tampered = {
      ...p,
      tiles: {
        ...p.tiles,
        names: { title: 'Names', sources: [{ fn: 'getOffice365ActiveUserCounts', from: REFRESH, series: { 'megan.bowen@contoso.com': [1] } }] },
        words: { title: 'Words', sources: [{ fn: 'getOffice365ActiveUserCounts', from: REFRESH, series: { Exchange: ['Megan Bowen'] } }] },
        long: { title: 'Long', sources: [{ fn: 'getOffice365ActiveUserCounts', from: REFRESH, series: { Exchange: new Array(MAX_PUBLISHED_DAYS + 1).fill(1) } }] }
      },
      reportDates: { ...p.reportDates, 'not a report': REFRESH, getEmailActivityCounts: 'soon' }
    };
    const back = parsePublication(tampered);
    if (back.status !== 'ok') throw new Error(back.status);
    expect(Object.keys(back.tiles)).toEqual(['activeUsers']);
    expect(back.skipped.map(s => s.key)).toEqual(['names', 'words', 'long']);
    expect(back.skipped[0]?.why).toBe('Active users by service holds a figure that is not one of its measures');
    // What is wrong is said without repeating the damaged text.
    expect(JSON.stringify(back.skipped)).not.toMatch(/megan/i);
    expect(back.publication.reportDates).toEqual({ getOffice365ActiveUserCounts: REFRESH });
    expect(JSON.stringify(back.publication)).not.toContain('Megan');
  });
});

describe('a published series for a period', () => {
  it('gives the last days of the period, newest first, as rows a reader would give', () => {
    const p = buildPublication([ACTIVE], () => trend(180, i => ({ Exchange: 100 + i, Teams: i === 3 ? null : 9 })), AT, 'cli').publication;
    const back = parsePublication(p);
    if (back.status !== 'ok') throw new Error(back.status);
    const source = back.tiles.activeUsers?.sources[0];
    if (!source) throw new Error('no source');
    const d30 = publishedRows(source, 'D30');
    expect(d30).toHaveLength(30);
    expect(d30[0]).toEqual({ 'Report Refresh Date': REFRESH, 'Report Date': REFRESH, Exchange: 100, Teams: 9 });
    expect(d30[29]?.['Report Date']).toBe(dates(30)[29]);
    // A day without a figure of one measure keeps the other.
    expect(d30[3]).toEqual({ 'Report Refresh Date': REFRESH, 'Report Date': dates(30)[3], Exchange: 103 });
    expect(publishedRows(source, 'D7').map(r => r['Report Date'])).toEqual(dates(7));
    expect(publishedRows(source, 'D180')).toHaveLength(180);
  });
});

describe('staleness', () => {
  const p: IPublication = { publishedAt: '2026-11-10T12:00:00.000Z', publishedBy: 'admin@contoso.com', tiles: {}, reportDates: { getOffice365ActiveUserCounts: '2026-11-08', getEmailActivityCounts: '2026-11-06' } };

  it('is fresh within STALE_AFTER_DAYS of publishing, stale after', () => {
    expect(publicationStaleness(p, new Date(Date.parse(p.publishedAt) + STALE_AFTER_DAYS * 86_400_000))).toEqual([]);
    expect(publicationStaleness(p, new Date('2026-11-19T12:00:00Z'))).toEqual(['it was published 9 days ago (more than 7)']);
  });

  it('is stale when a report Graph gives now is newer than the published one', () => {
    const now = new Date('2026-11-11T00:00:00Z');
    expect(publicationStaleness(p, now, { getOffice365ActiveUserCounts: '2026-11-08', getEmailActivityCounts: null })).toEqual([]);
    expect(publicationStaleness(p, now, { getOffice365ActiveUserCounts: '2026-11-09' })).toEqual([
      "its figures are older than the reports now: Active users by service is as of 2026-11-08, Graph's report as of 2026-11-09"
    ]);
  });

  it('says the dates the figures rest on', () => {
    expect(publicationAsOf(p)).toBe('2026-11-06 to 2026-11-08');
    expect(publicationAsOf({ ...p, reportDates: { a: '2026-11-08' } })).toBe('2026-11-08');
    expect(publicationAsOf({ ...p, reportDates: {} })).toBeNull();
  });
});
