import { requireReport } from '../../../src/core/reports/catalog';
import type { ReportRow } from '../../../src/core/reports/types';
import { CATEGORY_KEY, VALUE_KEY, aggregateFor, chartTypesFor, distributionModel, isSplitColumn, numericColumns, reportModel, selectSeries, topNModel, trendModel } from '../../../src/ui/usage/model/chartModel';

const entry = requireReport;

describe('series selection', () => {
  const active = entry('getOffice365ActiveUserCounts');
  const rows: ReportRow[] = [{ 'Report Date': '2026-11-19', 'Office 365': 10, Exchange: 5, OneDrive: null, SharePoint: 2, 'Skype For Business': 0, Yammer: 1, Teams: 7 }];

  it('drops retired services, measures without data, and never charts the period length', () => {
    const { series, omitted } = selectSeries(active.columns, [...active.chart.series, 'Report Period'], rows);
    expect(series.map(s => s.key)).toEqual(['Office 365', 'Exchange', 'SharePoint', 'Yammer', 'Teams']);
    expect(omitted).toEqual(['OneDrive (no data)', 'Skype For Business (retired service)']);
  });

  it('keeps retired series when asked (a retired report opened on purpose)', () => {
    expect(selectSeries(active.columns, active.chart.series, rows, { includeRetired: true }).series.map(s => s.key)).toContain('Skype For Business');
  });

  it('never mixes units on one axis: the first series decides', () => {
    const mailbox = entry('getMailboxUsageDetail');
    const r: ReportRow[] = [{ 'Storage Used (Byte)': 10, 'Item Count': 3 }];
    const { series, omitted } = selectSeries(mailbox.columns, ['Storage Used (Byte)', 'Item Count'], r);
    expect(series).toEqual([{ key: 'Storage Used (Byte)', label: 'Storage Used', unit: 'bytes' }]);
    expect(omitted).toEqual(['Item Count (count; shown in the table)']);
  });

  it('lists numeric measures for top-N, without Report Period', () => {
    expect(numericColumns(entry('getEmailActivityUserDetail').columns).map(c => c.header)).toEqual(['Send Count', 'Receive Count', 'Read Count', 'Meeting Created Count', 'Meeting Interacted Count']);
  });
});

describe('trend model', () => {
  it('sorts by report date ascending and fills missing values with null', () => {
    const e = entry('getEmailActivityCounts');
    const rows: ReportRow[] = [
      { 'Report Date': '2026-11-19', Send: 3, Receive: 4, Read: 5 },
      { 'Report Date': '2026-11-17', Send: 1, Receive: 2, Read: null },
      { 'Report Date': '2026-11-18', Send: '2', Receive: 3, Read: 4 }
    ];
    const m = trendModel(e.columns, e.chart, rows);
    expect(m.type).toBe('line');
    expect(m.data.map(d => d['Report Date'])).toEqual(['2026-11-17', '2026-11-18', '2026-11-19']);
    expect(m.data.map(d => d.Send)).toEqual([1, 2, 3]);
    expect(m.data[0]?.Read).toBeNull();
    expect(m.series.map(s => s.key)).toEqual(['Send', 'Receive', 'Read']);
  });

  it('scales bytes to TB and charts storage as an area', () => {
    const e = entry('getOneDriveUsageStorage');
    const m = trendModel(e.columns, e.chart, [{ 'Report Date': '2026-11-19', 'Site Type': 'OneDrive', 'Storage Used (Byte)': 4_190_224_715_141 }]);
    expect(m.type).toBe('area');
    expect(m.unit).toBe('bytes');
    expect(m.scale.suffix).toBe('TB');
    expect(m.series[0]?.label).toBe('Storage Used');
  });

  it('splits series by a text column with a few repeating values (site types)', () => {
    const e = entry('getSharePointSiteUsageStorage');
    const rows: ReportRow[] = ['2026-11-18', '2026-11-19'].flatMap(d => [
      { 'Report Date': d, 'Site Type': 'Team', 'Storage Used (Byte)': 10 },
      { 'Report Date': d, 'Site Type': 'NonTeam', 'Storage Used (Byte)': 20 }
    ]);
    const m = trendModel(e.columns, e.chart, rows);
    expect(m.series.map(s => s.label)).toEqual(['Team · Storage Used', 'NonTeam · Storage Used']);
    expect(m.data).toHaveLength(2);
  });

  it('does not take text measures (Teams durations) for a split', () => {
    const rows: ReportRow[] = ['PT1H', 'PT2H', 'PT1H', 'PT3H'].map((v, i) => ({ 'Report Date': `2026-11-1${i}`, 'Audio Duration': v }));
    expect(isSplitColumn(rows, 'Audio Duration')).toBe(false);
    const e = entry('getTeamsUserActivityCounts');
    const m = trendModel(e.columns, e.chart, rows.map(r => ({ ...r, Calls: 1 })));
    expect(m.series.map(s => s.key)).toEqual(['Calls']);
  });
});

describe('distribution model', () => {
  it('turns one row of counts into categories of a single series (bar or pie)', () => {
    const e = entry('getEmailAppUsageVersionsUserCounts');
    const row: ReportRow = { 'Outlook 2016': 12, 'Outlook 2013': 3, 'Outlook 2010': 0, 'Outlook 2007': 0, Undetermined: 1, 'Outlook M365': 150, 'Outlook 2019': 20 };
    const m = reportModel(e, [row]);
    expect(m?.type).toBe('pie');
    expect(m?.x.key).toBe(CATEGORY_KEY);
    expect(m?.series).toEqual([{ key: VALUE_KEY, label: 'Users', unit: 'count' }]);
    expect(m?.data.find(d => d[CATEGORY_KEY] === 'Outlook M365')?.[VALUE_KEY]).toBe(150);
    expect(m && chartTypesFor(m)).toEqual(['bar', 'pie']);
    expect(reportModel(e, [row], { type: 'bar' })?.type).toBe('bar');
  });

  it('keeps a bar group per row when the report names its categories (product type)', () => {
    const e = entry('getOffice365ActivationCounts');
    const m = distributionModel(e.columns, e.chart, [{ 'Product Type': 'APPS FOR ENTERPRISE', Windows: 4, Mac: 1, Android: 0, iOS: 2, 'Windows 10 Mobile': 0 }]);
    expect(m.type).toBe('bar');
    expect(m.horizontal).toBe(true);
    expect(m.x.key).toBe('Product Type');
    expect(m.series).toHaveLength(5);
    expect(chartTypesFor(m)).toEqual(['bar']);
  });

  it('has no model for a detail report (it charts through top-N)', () => {
    expect(reportModel(entry('getEmailActivityUserDetail'), [])).toBeUndefined();
  });
});

describe('top-N model', () => {
  const e = entry('getEmailActivityUserDetail');
  const rows: ReportRow[] = [
    { 'User Principal Name': 'a@x', 'Send Count': 5 },
    { 'User Principal Name': 'b@x', 'Send Count': 9 },
    { 'User Principal Name': 'a@x', 'Send Count': 6 },
    { 'User Principal Name': 'c@x', 'Send Count': null },
    { 'User Principal Name': 'd@x', 'Send Count': 1 }
  ];

  it('ranks the largest values, adding up a name repeated over days', () => {
    const m = topNModel(e.columns, rows, 'Send Count', 'User Principal Name', 2);
    expect(m.data).toEqual([{ 'User Principal Name': 'a@x', 'Send Count': 11 }, { 'User Principal Name': 'b@x', 'Send Count': 9 }]);
    expect(m.horizontal).toBe(true);
  });

  it('keeps the largest size (not the sum) for bytes', () => {
    expect(aggregateFor('bytes')).toBe('max');
    const mailbox = entry('getMailboxUsageDetail');
    const m = topNModel(mailbox.columns, [{ 'User Principal Name': 'a', 'Storage Used (Byte)': 5 }, { 'User Principal Name': 'a', 'Storage Used (Byte)': 7 }], 'Storage Used (Byte)', 'User Principal Name', 10);
    expect(m.data).toEqual([{ 'User Principal Name': 'a', 'Storage Used (Byte)': 7 }]);
    expect(m.unit).toBe('bytes');
  });

  it('keeps the largest day for counts of what exists (files, members, items), and adds up counts of what happened', () => {
    for (const h of ['File Count', 'Active File Count', 'SharePoint Total File Count', 'SharePoint Active File Count', 'Member Count', 'Guest Count', 'Item Count', 'Deleted Item Count', 'Exchange Mailbox Total Item Count', 'Guests', 'Active Users', 'Active Channels', 'Active External Users', 'Active Shared Channels']) {
      expect([h, aggregateFor('count', h)]).toEqual([h, 'max']);
    }
    for (const h of ['Send Count', 'Synced File Count', 'Viewed Or Edited File Count', 'Page View Count', 'Team Chat Message Count']) {
      expect([h, aggregateFor('count', h)]).toEqual([h, 'sum']);
    }
    const od = entry('getOneDriveUsageAccountDetail');
    const week = [3, 3, 4].map(files => ({ 'Owner Principal Name': 'a@x', 'File Count': files }));
    expect(topNModel(od.columns, week, 'File Count', 'Owner Principal Name', 10).data).toEqual([{ 'Owner Principal Name': 'a@x', 'File Count': 4 }]);
  });
});
