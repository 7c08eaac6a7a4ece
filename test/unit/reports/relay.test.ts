import { decodeRelayCopy, encodeRelayCopy, packRelayCopy, RelayAccessError, RelayCopyError, relayFileName, staleCopy, unpackRelayCopy } from '../../../src/core/reports/relay';
import type { IFileStore } from '../../../src/core/reports/relay';
import type { IReportResult } from '../../../src/core/reports/reader';
import { PageSizer } from '../../../src/core/reports/pageSize';
import { ReportStore } from '../../../src/core/reports/store';
import { GraphGateway } from '../../../src/core/graph/GraphGateway';
import { requireReport } from '../../../src/core/reports/catalog';
import { fakeClient } from '../../component/fakeGraph';

const entry = requireReport('getEmailActivityUserDetail');
const WHERE = "the library 'M365 Impressions relay' in https://contoso.sharepoint.com/sites/it";

function result(rows: IReportResult['rows'], refreshDate: string | null = '2026-11-19'): IReportResult {
  return {
    fn: entry.fn, param: { period: 'D30' }, format: 'csv', rows, refreshDate, warnings: ['a warning'], unknownColumns: ['Extra'],
    missingColumns: ['Meeting Created Count'], concealment: { concealedRows: 0, totalRows: rows.length, columns: [] }, requests: 2
  };
}

const ann = { 'User Principal Name': 'ann@contoso.com', 'Send Count': 3, 'Is Deleted': false, 'Last Activity Date': '2026-11-18', 'Assigned Products': ['OFFICE 365 E3', 'EMS'] };
const bob = { 'User Principal Name': 'bob@contoso.com', 'Send Count': null, 'Is Deleted': true, 'Last Activity Date': null, 'Assigned Products': [] };

describe('relay copies', () => {
  it('names each read\'s file by function and parameter', () => {
    expect(relayFileName('getMailboxUsageDetail', { period: 'D30' })).toBe('getMailboxUsageDetail-D30.json.gz');
    expect(relayFileName('getX', { date: '2026-11-15' })).toBe('getX-2026-11-15.json.gz');
    expect(relayFileName('getY', undefined)).toBe('getY.json.gz');
  });

  it('gives back exactly the rows, dates, warnings and concealment published, with where and when they came from', () => {
    const text = encodeRelayCopy(result([ann, bob]), new Date(Date.UTC(2026, 10, 20, 6, 0)), 'admin@contoso.com');
    const back = decodeRelayCopy(text, entry, { period: 'D30' }, WHERE);
    expect(back.rows).toEqual([ann, bob]);
    expect(back).toMatchObject({ fn: entry.fn, format: 'csv', refreshDate: '2026-11-19', warnings: ['a warning'], unknownColumns: ['Extra'], missingColumns: ['Meeting Created Count'], requests: 0 });
    expect(back.source).toEqual({ kind: 'relay', publishedAt: '2026-11-20T06:00:00.000Z', publishedBy: 'admin@contoso.com', where: WHERE });
  });

  it('packs a copy as gzip and unpacks it to the same read; a copy written as plain JSON reads too', async () => {
    const read = result([ann, bob]);
    const packed = await packRelayCopy(read, new Date(Date.UTC(2026, 10, 20)), 'admin@contoso.com');
    expect([packed[0], packed[1]]).toEqual([0x1f, 0x8b]);
    expect((await unpackRelayCopy(packed, entry, { period: 'D30' }, WHERE)).rows).toEqual([ann, bob]);
    const plain = new TextEncoder().encode(encodeRelayCopy(read, new Date(0)));
    expect((await unpackRelayCopy(plain, entry, { period: 'D30' }, WHERE)).rows).toEqual([ann, bob]);
    await expect(unpackRelayCopy(packed.slice(0, 40), entry, { period: 'D30' }, WHERE)).rejects.toThrow('its compression is damaged');
  });

  it.each([
    ['not JSON', () => 'nope', /not JSON/],
    ['another kind of file', () => JSON.stringify({ kind: 'other' }), /not a report relay copy/],
    ['another report', () => encodeRelayCopy({ ...result([ann]), fn: 'getMailboxUsageDetail' }, new Date(0)), /another report or period/],
    ['another period', () => encodeRelayCopy({ ...result([ann]), param: { period: 'D7' } }, new Date(0)), /another report or period/],
    ['a row that does not match its columns', () => encodeRelayCopy(result([ann]), new Date(0)).replace('"rows":[[', '"rows":[[1,'), /row 1 does not match/],
    ['a cell that is an object', () => encodeRelayCopy(result([ann]), new Date(0)).replace('"ann@contoso.com"', '{"x":1}'), /row 1 does not match/],
    ['a report date that is not a date', () => encodeRelayCopy(result([ann], 'yesterday'), new Date(0)), /report date is not a date/],
    ['a later format version', () => encodeRelayCopy(result([ann]), new Date(0)).replace('"version":1', '"version":2'), /version 2/]
  ])('refuses %s, saying what is wrong', (_name, make, message) => {
    expect(() => decodeRelayCopy(make(), entry, { period: 'D30' }, WHERE)).toThrow(RelayCopyError);
    expect(() => decodeRelayCopy(make(), entry, { period: 'D30' }, WHERE)).toThrow(message);
  });

  it('holds a copy stale when its report date is older than Graph\'s, or names are concealed in one and not the other', () => {
    const graph = result([ann], '2026-11-19');
    expect(staleCopy(result([ann], '2026-11-19'), graph)).toBeUndefined();
    expect(staleCopy(result([ann], '2026-11-20'), graph)).toBeUndefined();
    expect(staleCopy(result([ann], '2026-11-18'), graph)).toMatch(/older than Graph's \(2026-11-19\)/);
    expect(staleCopy(result([ann], null), graph)).toMatch(/older/);
    expect(staleCopy(result([ann]), result([ann], null))).toMatch(/no report date/);
    const concealed = { ...graph, concealment: { concealedRows: 1, totalRows: 1, columns: ['User Principal Name'] } };
    expect(staleCopy(result([ann]), concealed)).toMatch(/concealed in Graph's report now/);
  });
});

describe('page sizes', () => {
  it('asks large, takes a shorter page with more to come as the cap, and never asks above it again', () => {
    const s = new PageSizer();
    expect(s.ask).toBe(5000);
    s.page(5000, 999, true);
    expect(s.state()).toEqual({ ask: 999, cap: 999, refused: [] });
    s.page(999, 10, false); // the last page is short because the report ends, not a cap
    expect(s.ask).toBe(999);
  });

  it('steps down a rung after a 400 and remembers the size only once Graph answered it', () => {
    const s = new PageSizer();
    expect(s.refusedAt(5000)).toBe(1000);
    expect(s.ask).toBe(5000); // not yet: the 400 may not be about the size
    s.answeredAt(1000);
    expect(s.state()).toEqual({ ask: 1000, refused: [5000] });
    expect(s.refusedAt(1000)).toBe(200);
    expect(s.refusedAt(200)).toBeUndefined();
  });

  it('leaves $top out at Graph\'s default size', () => {
    expect(PageSizer.topOption(200)).toBe('');
    expect(PageSizer.topOption(1000)).toBe('&$top=1000');
  });
});

describe('a store with a relay it cannot use', () => {
  const answer = { body: { value: [{ reportRefreshDate: '2026-11-19', userPrincipalName: 'ann@contoso.com', sendCount: 3, reportPeriod: '30' }] } };

  it.each([
    ['refuses this person', new RelayAccessError(403, 'Could not read: SharePoint refused.'), 'forbidden'],
    ['cannot be reached', new RelayAccessError(0, 'SharePoint could not be reached.'), 'unreachable']
  ])('reads Graph when the library %s, and says so', async (_name, error, outcome) => {
    const files: IFileStore = { where: WHERE, read: () => Promise.reject(error), write: () => Promise.resolve() };
    const { client, calls } = fakeClient({ '/reports/getEmailActivityUserDetail': answer });
    const store = new ReportStore(new GraphGateway(client), { format: 'json', relay: { files, publish: false } });
    const read = await store.get(entry, { period: 'D30' });
    expect(read.rows.map(r => r['User Principal Name'])).toEqual(['ann@contoso.com']);
    expect(read.source).toBeUndefined();
    expect(calls).toHaveLength(1);
    expect(store.relayLog).toEqual([{ key: 'getEmailActivityUserDetail(period=D30)', outcome, detail: error.message }]);
  });

  it('keeps a failed publication\'s reason and still serves the read', async () => {
    const files: IFileStore = { where: WHERE, read: () => Promise.resolve(undefined), write: () => Promise.reject(new RelayAccessError(403, 'Could not create the library: SharePoint refused.')) };
    const { client } = fakeClient({ '/reports/getEmailActivityUserDetail': answer });
    const store = new ReportStore(new GraphGateway(client), { format: 'json', relay: { files } });
    expect((await store.get(entry, { period: 'D30' })).rows).toHaveLength(1);
    expect(await store.published()).toEqual([{ key: 'getEmailActivityUserDetail(period=D30)', ok: false, detail: 'Could not create the library: SharePoint refused.' }]);
  });
});

describe('row lookups and copies that could go wrong', () => {
  const BASE = 'https://graph.microsoft.com/beta/reports/getEmailActivityUserDetail(period=\'D30\')';
  const row = (upn: string, date: string): Record<string, unknown> => ({ reportRefreshDate: date, userPrincipalName: upn, sendCount: 1, reportPeriod: '30' });
  const upns = (r: IReportResult): unknown[] => r.rows.map(x => x['User Principal Name']);
  /** Two pages: ann on the first, bob on the second; `second()` gives the second page's answer. */
  function twoPages(first: () => unknown[], second: () => Promise<unknown[]> | unknown[]): ReturnType<typeof fakeClient> {
    return fakeClient({
      '/reports/getEmailActivityUserDetail': async (path: string) =>
        path.includes('skiptoken=2') ? { body: { value: await second() } } : { body: { '@odata.nextLink': `${BASE}?$format=application/json&$skiptoken=2`, value: first() } }
    });
  }

  it('never joins two days\' rows: a lookup\'s pages met by Graph\'s daily refresh fail the whole read, which the next ask starts over', async () => {
    let refreshed = false;
    const { client, calls } = twoPages(() => [row('ann@contoso.com', refreshed ? '2026-11-20' : '2026-11-19')], () => { refreshed = true; return [row('bob@contoso.com', '2026-11-20')]; });
    const store = new ReportStore(new GraphGateway(client), { format: 'json', sizer: new PageSizer([200]) });
    const found = await store.findRow(entry, { period: 'D30' }, r => r['User Principal Name'] === 'ann@contoso.com');
    expect(found.complete).toBe(false);
    await expect(store.get(entry, { period: 'D30' })).rejects.toThrow(/refreshed getEmailActivityUserDetail \(2026-11-19 to 2026-11-20\)/);
    const again = await store.get(entry, { period: 'D30' });
    expect(upns(again)).toEqual(['ann@contoso.com', 'bob@contoso.com']);
    expect(again.refreshDate).toBe('2026-11-20');
    expect(calls.filter(c => !c.includes('skiptoken'))).toHaveLength(2); // started over from the first page
  });

  it('ends a lookup at the first page that shows concealed names: no row can match there', async () => {
    const token = 'A1B2C3D4E5F60718293A4B5C6D7E8F90';
    const { client } = twoPages(() => [row(token, '2026-11-19')], () => [row('0F1E2D3C4B5A69788796A5B4C3D2E1F0', '2026-11-19')]);
    const store = new ReportStore(new GraphGateway(client), { format: 'json', sizer: new PageSizer([200]) });
    const found = await store.findRow(entry, { period: 'D30' }, r => r['User Principal Name'] === 'ann@contoso.com');
    expect(found).toMatchObject({ row: undefined, complete: false });
    expect(found.result.concealment.concealedRows).toBe(1);
    expect(store.stats.requests).toBe(1);
  });

  it('answers a lookup that read the report whole while the cached data was cleared, reading Graph no more', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>(r => { release = r; });
    const { client, calls } = twoPages(() => [row('ann@contoso.com', '2026-11-19')], async () => { await held; return [row('bob@contoso.com', '2026-11-19')]; });
    const store = new ReportStore(new GraphGateway(client), { format: 'json', sizer: new PageSizer([200]) });
    const lookup = store.findRow(entry, { period: 'D30' }, r => r['User Principal Name'] === 'nobody@contoso.com');
    while (calls.length < 2) await new Promise(r => setTimeout(r, 1));
    await store.clear();
    release();
    const found = await lookup;
    expect(found).toMatchObject({ row: undefined, complete: true });
    expect(upns(found.result)).toEqual(['ann@contoso.com', 'bob@contoso.com']);
    expect(calls).toHaveLength(2);
  });

  it('holds a copy dated more than a day after Graph\'s report for no copy of it', () => {
    const graph = result([ann], '2026-11-19');
    expect(staleCopy(result([ann], '2026-11-21'), graph)).toMatch(/later than Graph's \(2026-11-19\) by more than a day/);
  });

  it('works out a copy\'s concealment from its rows, whatever the file says, and reads none that unpacks past the limit', async () => {
    const token = 'A1B2C3D4E5F60718293A4B5C6D7E8F90';
    const lying = encodeRelayCopy({ ...result([{ ...ann, 'User Principal Name': token }]), concealment: { concealedRows: 0, totalRows: 1, columns: [] } }, new Date(0));
    expect(decodeRelayCopy(lying, entry, { period: 'D30' }, WHERE).concealment.concealedRows).toBe(1);
    const packed = await packRelayCopy(result([ann, bob]), new Date(0));
    await expect(unpackRelayCopy(packed, entry, { period: 'D30' }, WHERE, 100)).rejects.toThrow('it unpacks to more than 0 MB');
  });
});
