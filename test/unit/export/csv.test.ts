import * as XLSX from 'xlsx';
import { csvEscape, toCsv } from '../../../src/core/export';
import type { ISheetSpec } from '../../../src/core/export';

describe('csvEscape', () => {
  it.each([
    ['plain', 'plain'],
    ['=SUM(A1)', "'=SUM(A1)"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@x', "'@x"],
    ['\tTab', "'\tTab"],
    ['\rCR', `"'\rCR"`],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['a = b', 'a = b'],
    ['', '']
  ])('%j -> %j', (input, expected) => {
    expect(csvEscape(input)).toBe(expected);
  });

  it('quotes on the delimiter it is given', () => {
    expect(csvEscape('a;b', ';')).toBe('"a;b"');
    expect(csvEscape('a,b', ';')).toBe('a,b');
  });
});

describe('toCsv', () => {
  const spec: ISheetSpec = {
    name: 'Report',
    columns: [
      { header: 'User Principal Name', type: 'string' },
      { header: 'Storage Used (Byte)', type: 'bytes' },
      { header: 'Is Deleted', type: 'boolean' },
      { header: 'Last Activity Date', type: 'date' },
      { header: 'Created', type: 'datetime' },
      { header: 'Assigned Products', type: 'string' },
      { header: 'Delta', type: 'number' }
    ],
    rows: [
      ['adele@contoso.com', 1234567, false, '2024-05-01', '2024-05-01T10:20:30Z', ['E3', 'Power BI Pro'], -5],
      ['=cmd|" /C calc"!A0', '2048', true, null, new Date(Date.UTC(2024, 0, 2, 3, 4, 5)), [], '-7'],
      [undefined, NaN, null, new Date(Date.UTC(2024, 1, 29)), 'later', null, 'n/a']
    ]
  };
  const csv = toCsv(spec);
  const lines = csv.replace(/^\ufeff/, '').split('\r\n');

  it('starts with a UTF-8 BOM and ends every record with CRLF', () => {
    expect(csv.startsWith('\ufeff')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(toCsv(spec, { bom: false }).startsWith('\ufeff')).toBe(false);
  });

  it('writes the header row and one line per row', () => {
    expect(lines[0]).toBe('User Principal Name,Storage Used (Byte),Is Deleted,Last Activity Date,Created,Assigned Products,Delta');
    expect(lines).toHaveLength(spec.rows.length + 2); // + header, + the empty string after the final CRLF
  });

  it('writes typed values: numbers as numbers (negatives unprotected), booleans, ISO dates, joined lists', () => {
    expect(lines[1]).toBe('adele@contoso.com,1234567,False,2024-05-01,2024-05-01T10:20:30Z,"E3, Power BI Pro",-5');
    expect(lines[2]).toBe(`"'=cmd|"" /C calc""!A0",2048,True,,2024-01-02T03:04:05Z,,-7`);
    expect(lines[3]).toBe(',,,2024-02-29,later,,n/a');
  });

  it('reads back in a spreadsheet as text, never as a formula', () => {
    const wb = XLSX.read(csv, { type: 'string', cellFormula: true });
    const ws = wb.Sheets[wb.SheetNames[0] ?? ''];
    const cell = ws?.['A3'] as XLSX.CellObject | undefined;
    expect(cell?.f).toBeUndefined();
    expect(cell?.v).toBe(`'=cmd|" /C calc"!A0`);
  });

  it('honours a delimiter, list separator and boolean texts', () => {
    const out = toCsv(spec, { delimiter: ';', listSeparator: '+', booleans: ['Yes', 'No'], bom: false }).split('\r\n');
    expect(out[1]).toBe('adele@contoso.com;1234567;No;2024-05-01;2024-05-01T10:20:30Z;E3+Power BI Pro;-5');
  });
});
