import { activeUserSeries, freeSkus, historyWorkbook, licenceSeries, mfaSeries, NO_PRICES_NOTE, seriesSheet, wasteCostSeries } from '../../../src/core/history';
import type { ISnapshot } from '../../../src/core/history';

const snap = (day: string, figures: Record<string, number>, over: Partial<ISnapshot> = {}): ISnapshot => ({ day, source: 'taken', takenAt: `${day}T08:00:00.000Z`, takenBy: 'cli', figures, ...over });

const HISTORY: ISnapshot[] = [
  snap('2031-01-01', { 'active:teams:1d': 5, 'active:exchange:1d': 6 }, { source: 'backfill', reportDates: { getOffice365ActiveUserCounts: '2031-01-01' } }),
  snap('2031-01-02', { enabled: 10, mfaRegistered: 5, mfaCapable: 4, 'sku:a:purchased': 10, 'sku:a:assigned': 8, 'sku:b:purchased': 5, 'sku:b:assigned': 5, 'wasteCost:total:EUR': 30 }),
  // Taken on the 4th; its daily figure is of the 2nd's report date.
  snap('2031-01-04', { enabled: 10, mfaRegistered: 6, mfaEnforced: 3, mfaEnforcementUnknown: 4, 'sku:a:purchased': 12, 'wasteCost:total:USD': 2, 'active:teams:1d': 7, 'active:teams:7d': 9 }, { reportDates: { getOffice365ActiveUserCounts: '2031-01-02' } })
];

describe('history series', () => {
  it('adds SKUs up, or shows one, with gaps where a day did not know', () => {
    expect(licenceSeries(HISTORY).points).toEqual([
      { day: '2031-01-02', values: { purchased: 15, assigned: 13 } },
      { day: '2031-01-04', values: { purchased: 12, assigned: null } }
    ]);
    const one = licenceSeries(HISTORY, { skuId: 'B' }, id => (id === 'b' ? 'Microsoft 365 E3' : undefined));
    expect(one.title).toContain('Microsoft 365 E3');
    expect(one.points).toEqual([{ day: '2031-01-02', values: { purchased: 5, assigned: 5 } }]);
  });

  it('adds up paid SKUs only: a SKU is free as its newest snapshot telling it says, and one SKU stays choosable', () => {
    const withFree = [
      ...HISTORY,
      // Power Automate Free's 10,055 units would swamp the paid ones; told free only on the 5th.
      snap('2031-01-05', { 'sku:a:purchased': 12, 'sku:a:assigned': 9, 'sku:a:free': 0, 'sku:flow:purchased': 10_055, 'sku:flow:assigned': 30, 'sku:flow:free': 1 })
    ];
    withFree[1] = { ...withFree[1]!, figures: { ...withFree[1]!.figures, 'sku:flow:purchased': 10_000, 'sku:flow:assigned': 20 } };
    expect([...freeSkus(withFree)]).toEqual(['flow']);
    const all = licenceSeries(withFree);
    expect(all.title).toBe('Paid licences assigned and purchased (free and trial SKUs left out)');
    expect(all.series.map(x => x.label)).toEqual(['Paid licences purchased', 'Paid licences assigned']);
    expect(all.points).toEqual([
      { day: '2031-01-02', values: { purchased: 15, assigned: 13 } },
      { day: '2031-01-04', values: { purchased: 12, assigned: null } },
      { day: '2031-01-05', values: { purchased: 12, assigned: 9 } }
    ]);
    expect(seriesSheet(all).name).toBe('Paid licences');
    const flow = licenceSeries(withFree, { skuId: 'flow' });
    expect(flow.points.map(p => p.values.purchased)).toEqual([10_000, 10_055]);
    expect(seriesSheet(flow).name).toBe('Licences');
    // A SKU later told paid again counts as paid.
    expect(freeSkus([...withFree, snap('2031-01-06', { 'sku:flow:free': 0 })]).size).toBe(0);
  });

  it('titles the saving as what it is, and says in its sheet when no prices were entered', () => {
    expect(wasteCostSeries(HISTORY).title).toBe('Potential saving per month');
    const none = seriesSheet(wasteCostSeries([snap('2031-01-02', { users: 3 })]));
    expect(none).toEqual({ name: 'Potential saving per month', columns: [{ header: 'Note', type: 'string' }], rows: [[NO_PRICES_NOTE]] });
  });

  it('says where the history is kept in one sentence, and leaves an unknown tenant out', () => {
    const book = historyWorkbook(HISTORY, [], { where: 'History is kept in the file /tmp/h.jsonl.' }, new Date(2031, 0, 5, 12));
    const fields = book.sheets[0]?.rows.map(r => r[0]);
    expect(fields).not.toContain('Tenant');
    expect(fields).not.toContain('History kept in');
    expect(book.sheets[0]?.rows.find(r => r[0] === 'Where')?.[1]).toBe('History is kept in the file /tmp/h.jsonl.');
  });

  it('keeps waste cost per currency, never converted', () => {
    const s = wasteCostSeries(HISTORY);
    expect(s.series.map(x => x.key)).toEqual(['EUR', 'USD']);
    expect(s.points).toEqual([{ day: '2031-01-02', values: { EUR: 30, USD: null } }, { day: '2031-01-04', values: { EUR: null, USD: 2 } }]);
  });

  it('gives MFA coverage as shares of enabled accounts (enforcement of those whose enforcement is known)', () => {
    expect(mfaSeries(HISTORY).points).toEqual([
      { day: '2031-01-02', values: { registered: 0.5, capable: 0.4, enforced: null } },
      { day: '2031-01-04', values: { registered: 0.6, capable: null, enforced: 0.5 } }
    ]);
  });

  it('draws daily active users over report dates, the later snapshot of a date winning, and windows over days', () => {
    const daily = activeUserSeries(HISTORY);
    expect(daily.points.map(p => [p.day, p.values.teams, p.values.exchange])).toEqual([['2031-01-01', 5, 6], ['2031-01-02', 7, null]]);
    expect(activeUserSeries(HISTORY, { window: '7d' }).points.map(p => [p.day, p.values.teams])).toEqual([['2031-01-04', 9]]);
    expect(activeUserSeries(HISTORY, { from: '2031-01-02' }).points).toHaveLength(1);
  });

  it('exports each chart as a sheet (shares as percentages) and every figure in one', () => {
    const sheet = seriesSheet(mfaSeries(HISTORY));
    expect(sheet.columns.map(c => c.header)).toEqual(['Day', 'Registered (share)', 'Capable (share)', 'Enforced (share)']);
    expect(sheet.columns[1]?.numberFormat).toBe('0.0%');
    const book = historyWorkbook(HISTORY, [licenceSeries(HISTORY)], { tenantName: 'contoso', where: 'memory' }, new Date(2031, 0, 5, 12));
    expect(book.sheets.map(s => s.name)).toEqual(['About', 'Paid licences', 'Figures']);
    expect(book.fileName).toBe('m365-history-licences-contoso-2031-01-05.xlsx');
    const figures = book.sheets[2];
    expect(figures?.rows).toHaveLength(3);
    // A figure a day did not read is an empty cell.
    const col = figures?.columns.findIndex(c => c.header === 'mfaEnforced') ?? -1;
    expect(figures?.rows[0]?.[col]).toBeNull();
  });
});
