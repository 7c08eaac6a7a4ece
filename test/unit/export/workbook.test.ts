import * as fs from 'fs';
import * as path from 'path';
import * as XLSX from 'xlsx';
import { buildWorkbook, buildWorksheet, columnName, sanitizeSheetName, uniqueSheetNames } from '../../../src/core/export/workbook';
import type { ISheetSpec } from '../../../src/core/export';
import { cellAt, readBack, sheetOf, zipPart } from './readBack';

const HOSTILE = ['=SUM(A1)', '+1', '-1', '@x', "=cmd|' /C calc'!A0", '=HYPERLINK("http://evil","click")', '\t=1+1'];

const users: ISheetSpec = {
  name: 'Users',
  columns: [
    { header: 'Display name', type: 'string' },
    { header: 'Storage', type: 'bytes' },
    { header: 'Enabled', type: 'boolean' },
    { header: 'Created', type: 'datetime' },
    { header: 'Last activity', type: 'date' },
    { header: 'Products', type: 'string' },
    { header: 'Count', type: 'number' }
  ],
  rows: [
    ['Adele Vance', 1234567, true, '2024-05-01T10:20:30Z', '2024-02-29', ['Microsoft 365 E3', 'Power BI Pro'], 42],
    ['Alex Wilber', '2048', 'FALSE', new Date(Date.UTC(2023, 11, 31, 23, 59, 59)), new Date(Date.UTC(2024, 0, 2)), [], '-3.5'],
    ['Diego', null, undefined, 'not a date', 'soon', null, 'n/a']
  ]
};

describe('buildWorkbook', () => {
  const bytes = buildWorkbook(XLSX, [users]);
  const ws = sheetOf(readBack(bytes), 'Users');

  it('returns the bytes of an xlsx (zip) file', () => {
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect(String.fromCharCode(bytes[0] ?? 0, bytes[1] ?? 0)).toBe('PK');
  });

  it('writes the header row in column order', () => {
    const headers = users.columns.map((_, c) => cellAt(ws, `${columnName(c)}1`)?.v);
    expect(headers).toEqual(['Display name', 'Storage', 'Enabled', 'Created', 'Last activity', 'Products', 'Count']);
    expect(ws['!ref']).toBe('A1:G4');
  });

  it('keeps numbers as numbers and booleans as booleans', () => {
    expect(cellAt(ws, 'B2')).toMatchObject({ t: 'n', v: 1234567 });
    expect(cellAt(ws, 'C2')).toMatchObject({ t: 'b', v: true });
    expect(cellAt(ws, 'G2')).toMatchObject({ t: 'n', v: 42 });
  });

  it('turns numeric and true/false text into numbers and booleans in typed columns', () => {
    expect(cellAt(ws, 'B3')).toMatchObject({ t: 'n', v: 2048 });
    expect(cellAt(ws, 'C3')).toMatchObject({ t: 'b', v: false });
    expect(cellAt(ws, 'G3')).toMatchObject({ t: 'n', v: -3.5 });
  });

  it('shows bytes with thousands separators', () => {
    expect(cellAt(ws, 'B2')?.z).toBe('#,##0');
    expect(cellAt(ws, 'B2')?.w).toBe('1,234,567');
  });

  it('writes dates and date-times as real dates (UTC), from ISO text and from Dates', () => {
    const created = cellAt(ws, 'D2');
    expect(created?.t).toBe('d');
    expect((created?.v as Date).toISOString()).toBe('2024-05-01T10:20:30.000Z');
    expect(created?.w).toBe('2024-05-01 10:20:30');
    const leap = cellAt(ws, 'E2');
    expect(leap?.t).toBe('d');
    expect((leap?.v as Date).toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(leap?.w).toBe('2024-02-29');
    expect((cellAt(ws, 'D3')?.v as Date).toISOString()).toBe('2023-12-31T23:59:59.000Z');
    expect((cellAt(ws, 'E3')?.v as Date).toISOString()).toBe('2024-01-02T00:00:00.000Z');
  });

  it('stores dates as Excel serials with a date format (what Excel itself reads as a date)', () => {
    const raw = XLSX.read(bytes, { type: 'array', cellNF: true });
    const cell = cellAt(sheetOf(raw, 'Users'), 'E2');
    // 2024-02-29 is day 45351 in Excel's 1900 date system.
    expect(cell).toMatchObject({ t: 'n', v: 45351, z: 'yyyy-mm-dd' });
  });

  it('keeps text that is not a date or a number as text instead of dropping it', () => {
    expect(cellAt(ws, 'D4')).toMatchObject({ t: 's', v: 'not a date' });
    expect(cellAt(ws, 'E4')).toMatchObject({ t: 's', v: 'soon' });
    expect(cellAt(ws, 'G4')).toMatchObject({ t: 's', v: 'n/a' });
  });

  it('joins string arrays with ", " and leaves null, undefined and empty lists empty', () => {
    expect(cellAt(ws, 'F2')).toMatchObject({ t: 's', v: 'Microsoft 365 E3, Power BI Pro' });
    expect(cellAt(ws, 'F3')).toBeUndefined();
    expect(cellAt(ws, 'B4')).toBeUndefined();
    expect(cellAt(ws, 'C4')).toBeUndefined();
  });

  it('sets column widths from headers and content', () => {
    const cols = ws['!cols'] ?? [];
    expect(cols).toHaveLength(7);
    for (const col of cols) expect(col.wch).toBeGreaterThan(0);
    // "Microsoft 365 E3, Power BI Pro" (30) is wider than the header "Products" (8).
    expect(cols[5]?.wch).toBeGreaterThanOrEqual(30);
    expect(cols[5]?.wch).toBeGreaterThan(cols[2]?.wch ?? Infinity);
  });

  it('puts an autofilter over the used range', () => {
    expect(ws['!autofilter']).toEqual({ ref: 'A1:G4' });
    expect(zipPart(bytes, 'xl/worksheets/sheet1.xml')).toContain('<autoFilter ref="A1:G4"/>');
  });
});

describe.each([true, false])('text never becomes a formula (sharedStrings: %s)', (sharedStrings) => {
  const spec: ISheetSpec = {
    name: 'Names',
    columns: [
      { header: 'Display name', type: 'string' },
      { header: 'Value', type: 'general' }
    ],
    rows: HOSTILE.map((name) => [name, name])
  };
  const bytes = buildWorkbook(XLSX, [spec], { sharedStrings });
  const ws = sheetOf(readBack(bytes), 'Names');

  it.each(HOSTILE.map((name, i) => [name, i] as const))('%j reads back as the identical text, with no formula', (name, i) => {
    for (const col of ['A', 'B']) {
      const cell = cellAt(ws, `${col}${i + 2}`);
      expect(cell?.t).toBe('s');
      expect(cell?.v).toBe(name);
      expect(cell?.f).toBeUndefined();
    }
  });

  it('writes no formula element into the sheet XML at all, and text as text cells', () => {
    const xml = zipPart(bytes, 'xl/worksheets/sheet1.xml');
    expect(xml).not.toMatch(/<f[ >]/);
    // Shared strings (t="s", what Excel writes) or inline strings (t="str"), never another type.
    expect(xml).toContain(sharedStrings ? '<c r="A2" t="s">' : '<c r="A2" t="str">');
  });

  it('keeps a formula-looking header as text too', () => {
    const out = readBack(buildWorkbook(XLSX, [{ name: 'S', columns: [{ header: '=1+1', type: 'string' }], rows: [] }]));
    expect(cellAt(sheetOf(out, 'S'), 'A1')).toMatchObject({ t: 's', v: '=1+1' });
    expect(cellAt(sheetOf(out, 'S'), 'A1')?.f).toBeUndefined();
  });
});

describe('sheets', () => {
  it('writes several sheets in the order given', () => {
    const names = ['Summary', 'Licenses', 'Groups', 'Security', 'Exchange', 'OneDrive', 'SharePoint', 'Teams', 'Apps'];
    const sheets = names.map((name, i): ISheetSpec => ({ name, columns: [{ header: 'Field', type: 'string' }], rows: [[`row of ${i}`]] }));
    const wb = readBack(buildWorkbook(XLSX, sheets));
    expect(wb.SheetNames).toEqual(names);
    expect(cellAt(sheetOf(wb, 'Teams'), 'A2')?.v).toBe('row of 7');
  });

  it('sanitizes and de-duplicates sheet names (case-insensitively, as Excel does)', () => {
    const sheets = ['Report: Q1/Q2 [draft]*?', 'report: q1/q2 [draft]*?', "O'Brien's", 'A very long sheet name that Excel would refuse'].map(
      (name): ISheetSpec => ({ name, columns: [{ header: 'x', type: 'string' }], rows: [['1']] })
    );
    const wb = readBack(buildWorkbook(XLSX, sheets));
    expect(wb.SheetNames).toEqual(['Report Q1 Q2 draft', 'report q1 q2 draft (2)', 'O Brien s', 'A very long sheet name that Exc']);
    for (const name of wb.SheetNames) expect(name.length).toBeLessThanOrEqual(31);
  });

  it('keeps the autofilter valid on a sheet whose name had an apostrophe', () => {
    const bytes = buildWorkbook(XLSX, [{ name: "Bob's", columns: [{ header: 'x', type: 'string' }], rows: [['1']] }]);
    const names = readBack(bytes).Workbook?.Names ?? [];
    expect(names).toEqual([expect.objectContaining({ Name: '_xlnm._FilterDatabase', Ref: "'Bob s'!$A$1:$A$2" })]);
  });

  it('builds a sheet with headers only, and a workbook with no sheets', () => {
    const empty = readBack(buildWorkbook(XLSX, [{ name: 'Empty', columns: [{ header: 'A', type: 'string' }, { header: 'B', type: 'number' }], rows: [] }]));
    expect(cellAt(sheetOf(empty, 'Empty'), 'B1')?.v).toBe('B');
    expect(sheetOf(empty, 'Empty')['!ref']).toBe('A1:B1');
    expect(readBack(buildWorkbook(XLSX, [])).SheetNames).toHaveLength(1);
  });
});

describe('sanitizeSheetName / uniqueSheetNames', () => {
  it.each([
    ['Users', 'Users'],
    ['a:b\\c/d?e*f[g]h', 'a b c d e f g h'],
    ["'quoted'", 'quoted'],
    ['   ', 'Sheet'],
    ['History', 'History (sheet)'],
    ['x'.repeat(40), 'x'.repeat(31)]
  ])('%j -> %j', (input, expected) => {
    expect(sanitizeSheetName(input)).toBe(expected);
  });

  it('keeps suffixed duplicates within 31 characters', () => {
    const long = 'y'.repeat(31);
    expect(uniqueSheetNames([long, long, long.toUpperCase()])).toEqual([long, `${'y'.repeat(27)} (2)`, `${'Y'.repeat(27)} (3)`]);
  });
});

describe('widths and limits', () => {
  it('caps computed widths and honours explicit ones', () => {
    const ws = buildWorksheet(
      { name: 'W', columns: [{ header: 'Long', type: 'string' }, { header: 'Fixed', type: 'string', width: 12 }], rows: [['z'.repeat(500), 'a']] },
      { maxColumnWidth: 40 }
    );
    expect(ws['!cols']).toEqual([{ wch: 40 }, { wch: 12 }]);
  });

  it('truncates text beyond Excel’s 32,767 characters instead of failing the export', () => {
    const wb = readBack(buildWorkbook(XLSX, [{ name: 'T', columns: [{ header: 'Notes', type: 'string' }], rows: [['q'.repeat(40_000)]] }]));
    expect((cellAt(sheetOf(wb, 'T'), 'A2')?.v as string).length).toBe(32_767);
  });

  it('leaves NaN and Infinity empty rather than writing #NUM! errors', () => {
    const wb = readBack(buildWorkbook(XLSX, [{ name: 'N', columns: [{ header: 'n', type: 'number' }], rows: [[NaN], [Infinity], [1]] }]));
    const ws = sheetOf(wb, 'N');
    expect(cellAt(ws, 'A2')).toBeUndefined();
    expect(cellAt(ws, 'A3')).toBeUndefined();
    expect(cellAt(ws, 'A4')?.v).toBe(1);
  });

  it('refuses more columns than Excel has, with a message naming the sheet', () => {
    const columns = Array.from({ length: 16_385 }, (_, i) => ({ header: `c${i}`, type: 'string' as const }));
    expect(() => buildWorkbook(XLSX, [{ name: 'Wide', columns, rows: [] }])).toThrow(/Sheet "Wide".*16384 columns/);
  });

  it('can leave the autofilter out', () => {
    const wb = readBack(buildWorkbook(XLSX, [users], { autofilter: false }));
    expect(sheetOf(wb, 'Users')['!autofilter']).toBeUndefined();
  });
});

describe('progress', () => {
  it('reports rows built across all sheets, then writing, then done', () => {
    const rows = (n: number): string[][] => Array.from({ length: n }, (_, i) => [`r${i}`]);
    const sheets: ISheetSpec[] = [
      { name: 'A', columns: [{ header: 'x', type: 'string' }], rows: rows(250) },
      { name: 'B', columns: [{ header: 'x', type: 'string' }], rows: rows(120) }
    ];
    const calls: Array<[number, number, string]> = [];
    buildWorkbook(XLSX, sheets, { progress: (done, total, phase) => calls.push([done, total, phase]), progressEvery: 100 });
    expect(calls).toEqual([
      [100, 370, 'cells'],
      [200, 370, 'cells'],
      [300, 370, 'cells'],
      [370, 370, 'writing'],
      [370, 370, 'done']
    ]);
  });
});

describe('host boundary', () => {
  it('imports SheetJS only as types, so hosts can load it on demand', () => {
    const dir = path.resolve(__dirname, '../../../src/core/export');
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts'))) {
      const src = fs.readFileSync(path.join(dir, file), 'utf8');
      const xlsxImports = src.match(/^import[^;]*from '(?:xlsx|@e965\/xlsx)[^']*';/gm) ?? [];
      for (const line of xlsxImports) expect(`${file}: ${line}`).toMatch(/: import type /);
    }
  });

  it('works with a narrow writer (book_new, book_append_sheet, writeXLSX) and nothing else', () => {
    const narrow = { utils: { book_new: XLSX.utils.book_new, book_append_sheet: XLSX.utils.book_append_sheet }, writeXLSX: XLSX.writeXLSX };
    const wb = readBack(buildWorkbook(narrow, [users]));
    expect(cellAt(sheetOf(wb, 'Users'), 'A2')?.v).toBe('Adele Vance');
  });
});
