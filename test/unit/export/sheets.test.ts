import * as XLSX from 'xlsx';
import { keyValueSheet, reportColumnType, reportSheets } from '../../../src/core/export';
import { buildWorkbook } from '../../../src/core/export/workbook';
import type { IReportEntry, ReportRow } from '../../../src/core/reports/types';
import { cellAt, readBack, sheetOf } from './readBack';

// A catalog entry written out here (only the types are shared): the catalog itself is another module.
const entry: IReportEntry = {
  fn: 'getOneDriveUsageAccountDetail',
  workload: 'OneDrive',
  title: 'OneDrive usage: account detail',
  description: 'Storage and files per OneDrive account.',
  kind: 'detail',
  subject: 'user',
  params: ['period', 'date'],
  retired: false,
  columns: [
    { header: 'Report Refresh Date', json: 'reportRefreshDate', type: 'date' },
    { header: 'Owner Principal Name', json: 'ownerPrincipalName', type: 'string' },
    { header: 'Is Deleted', json: 'isDeleted', type: 'boolean' },
    { header: 'File Count', json: 'fileCount', type: 'number', unit: 'count' },
    { header: 'Storage Used (Byte)', json: 'storageUsedInBytes', type: 'number', unit: 'bytes' },
    { header: 'Assigned Products', json: 'assignedProducts', type: 'products' }
  ],
  jsonShape: 'flat',
  chart: { type: 'table', series: [] }
};

const rows: ReportRow[] = [
  {
    'Report Refresh Date': '2024-05-01',
    'Owner Principal Name': '=2+5',
    'Is Deleted': false,
    'File Count': 120,
    'Storage Used (Byte)': 5368709120,
    'Assigned Products': ['MICROSOFT 365 E3', 'POWER BI PRO'],
    'Report Date': '2024-04-28'
  },
  { 'Report Refresh Date': '2024-05-01', 'Owner Principal Name': 'bob@contoso.com', 'Is Deleted': true, 'File Count': null, 'Storage Used (Byte)': 0, 'Assigned Products': [] }
];

describe('reportColumnType', () => {
  it.each([
    [{ type: 'number', unit: 'bytes' }, 'bytes'],
    [{ type: 'number', unit: 'count' }, 'number'],
    [{ type: 'number' }, 'number'],
    [{ type: 'date' }, 'date'],
    [{ type: 'boolean' }, 'boolean'],
    [{ type: 'products' }, 'string'],
    [{ type: 'string' }, 'string']
  ] as const)('%j -> %s', (column, expected) => {
    expect(reportColumnType(column)).toBe(expected);
  });
});

describe('reportSheets', () => {
  it('gives one sheet named by the report, with the catalog headers and types', () => {
    const [sheet, ...rest] = reportSheets(entry, rows);
    expect(rest).toHaveLength(0);
    expect(sheet?.name).toBe('OneDrive usage: account detail');
    expect(sheet?.columns.map((c) => [c.header, c.type])).toEqual([
      ['Report Refresh Date', 'date'],
      ['Owner Principal Name', 'string'],
      ['Is Deleted', 'boolean'],
      ['File Count', 'number'],
      ['Storage Used (Byte)', 'bytes'],
      ['Assigned Products', 'string']
    ]);
  });

  it('builds a workbook whose cells keep their types', () => {
    const wb = readBack(buildWorkbook(XLSX, reportSheets(entry, rows)));
    // The colon is not allowed in a sheet name.
    expect(wb.SheetNames).toEqual(['OneDrive usage account detail']);
    const ws = sheetOf(wb, 'OneDrive usage account detail');
    expect((cellAt(ws, 'A2')?.v as Date).toISOString()).toBe('2024-05-01T00:00:00.000Z');
    expect(cellAt(ws, 'B2')).toMatchObject({ t: 's', v: '=2+5' });
    expect(cellAt(ws, 'B2')?.f).toBeUndefined();
    expect(cellAt(ws, 'C2')).toMatchObject({ t: 'b', v: false });
    expect(cellAt(ws, 'C3')).toMatchObject({ t: 'b', v: true });
    expect(cellAt(ws, 'D2')).toMatchObject({ t: 'n', v: 120 });
    expect(cellAt(ws, 'D3')).toBeUndefined();
    expect(cellAt(ws, 'E2')).toMatchObject({ t: 'n', v: 5368709120, z: '#,##0' });
    expect(cellAt(ws, 'F2')).toMatchObject({ t: 's', v: 'MICROSOFT 365 E3, POWER BI PRO' });
  });

  it('exports the headers as shown, in their order, including one the catalog lacks', () => {
    const [sheet] = reportSheets(entry, rows, { headers: ['Report Date', 'Owner Principal Name', 'File Count'], sheetName: 'Tile 1' });
    expect(sheet?.name).toBe('Tile 1');
    expect(sheet?.columns).toEqual([
      { header: 'Report Date', type: 'date' },
      { header: 'Owner Principal Name', type: 'string' },
      { header: 'File Count', type: 'number' }
    ]);
    expect(sheet?.rows).toEqual([
      ['2024-04-28', '=2+5', 120],
      [undefined, 'bob@contoso.com', null]
    ]);
  });
});

describe('keyValueSheet', () => {
  const spec = keyValueSheet('Summary', [
    ['Display name', '@admin'],
    ['Account enabled', true],
    ['Storage Used (Byte)', 1073741824],
    ['Send Count', '17', 'number'],
    ['Created', '2021-03-04T05:06:07Z', 'datetime'],
    ['Report Refresh Date', '2024-05-01', 'date'],
    ['Report Period', '30'],
    ['Employee ID', 12345, 'string'],
    ['Manager', null]
  ]);
  const ws = sheetOf(readBack(buildWorkbook(XLSX, [spec])), 'Summary');

  it('has the two columns Field and Value', () => {
    expect(spec.columns.map((c) => c.header)).toEqual(['Field', 'Value']);
    expect(cellAt(ws, 'A1')?.v).toBe('Field');
    expect(cellAt(ws, 'B1')?.v).toBe('Value');
    expect(cellAt(ws, 'A4')?.v).toBe('Storage Used (Byte)');
  });

  it('types each value by itself or by the type given with the pair', () => {
    expect(cellAt(ws, 'B2')).toMatchObject({ t: 's', v: '@admin' });
    expect(cellAt(ws, 'B2')?.f).toBeUndefined();
    expect(cellAt(ws, 'B3')).toMatchObject({ t: 'b', v: true });
    expect(cellAt(ws, 'B4')).toMatchObject({ t: 'n', v: 1073741824 });
    expect(cellAt(ws, 'B5')).toMatchObject({ t: 'n', v: 17 });
    expect(cellAt(ws, 'B6')?.t).toBe('d');
    expect((cellAt(ws, 'B6')?.v as Date).toISOString()).toBe('2021-03-04T05:06:07.000Z');
    expect(cellAt(ws, 'B7')?.t).toBe('d');
    expect(cellAt(ws, 'B7')?.w).toBe('2024-05-01');
    // Untyped text stays text, even when it looks like a number.
    expect(cellAt(ws, 'B8')).toMatchObject({ t: 's', v: '30' });
    expect(cellAt(ws, 'B9')).toMatchObject({ t: 's', v: '12345' });
    expect(cellAt(ws, 'B10')).toBeUndefined();
  });
});
