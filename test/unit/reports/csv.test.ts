// The v1.0 CSV reader, fed strings shaped like Microsoft's downloads (BOM, CRLF, quoting, drift).
import { ReportCsvReader, detectConcealedNames, requireReport, isConcealedToken, parseReportCsv } from '../../../src/core/reports';

const entry = requireReport;

const EMAIL = entry('getEmailActivityUserDetail');
const BOM = '\uFEFF';
const EMAIL_HEADER =
  'Report Refresh Date,User Principal Name,Display Name,Is Deleted,Deleted Date,Last Activity Date,Send Count,Receive Count,Read Count,Meeting Created Count,Meeting Interacted Count,Assigned Products,Report Period';

const emailCsv = (eol: string): string =>
  BOM +
  [
    EMAIL_HEADER,
    '2026-11-18,adele@contoso.com,Adele Vance,False,,2026-11-17,12,40,38,1,3,MICROSOFT 365 E5+MICROSOFT TEAMS ROOMS STANDARD,7',
    '2026-11-18,"alex@contoso.com","Wilber, Alex",FALSE,,,0,5,0,0,0,,7',
    '2026-11-18,gone@contoso.com,"Old ""Gone"" User",True,2026-11-01,2026-10-30,,,,,,OFFICE 365 E3,7',
    ''
  ].join(eol);

describe('parseReportCsv', () => {
  it('reads a BOM + CRLF file into typed rows keyed by header', () => {
    const parsed = parseReportCsv(emailCsv('\r\n'), EMAIL);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.unknownColumns).toEqual([]);
    expect(parsed.refreshDate).toBe('2026-11-18');
    expect(parsed.rows).toHaveLength(3);
    expect(parsed.rows[0]).toEqual({
      'Report Refresh Date': '2026-11-18',
      'User Principal Name': 'adele@contoso.com',
      'Display Name': 'Adele Vance',
      'Is Deleted': false,
      'Deleted Date': null,
      'Last Activity Date': '2026-11-17',
      'Send Count': 12,
      'Receive Count': 40,
      'Read Count': 38,
      'Meeting Created Count': 1,
      'Meeting Interacted Count': 3,
      'Assigned Products': ['MICROSOFT 365 E5', 'MICROSOFT TEAMS ROOMS STANDARD'],
      'Report Period': 7
    });
    expect(parsed.rows[1]).toMatchObject({ 'Display Name': 'Wilber, Alex', 'Is Deleted': false, 'Last Activity Date': null, 'Assigned Products': [] });
    expect(parsed.rows[2]).toMatchObject({
      'Display Name': 'Old "Gone" User',
      'Is Deleted': true,
      'Deleted Date': '2026-11-01',
      'Send Count': null,
      'Assigned Products': ['OFFICE 365 E3']
    });
    // The header's BOM must not leak into the first key.
    expect(Object.keys(parsed.rows[0] ?? {})[0]).toBe('Report Refresh Date');
  });

  it('reads LF-only and CR-only files the same as CRLF', () => {
    const crlf = parseReportCsv(emailCsv('\r\n'), EMAIL);
    expect(parseReportCsv(emailCsv('\n'), EMAIL)).toEqual(crlf);
    expect(parseReportCsv(emailCsv('\r'), EMAIL)).toEqual(crlf);
    expect(parseReportCsv(emailCsv('\r\n').slice(1), EMAIL)).toEqual(crlf); // without BOM
  });

  it('strips the BOM before a quoted first header', () => {
    const quotedHeader = EMAIL_HEADER.split(',').map((h) => `"${h}"`).join(',');
    const parsed = parseReportCsv(`${BOM}${quotedHeader}\r\n2026-11-18,a@contoso.com,A,False,,,1,2,3,4,5,E5,7\r\n`, EMAIL);
    expect(parsed.unknownColumns).toEqual([]);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.refreshDate).toBe('2026-11-18');
  });

  it('keeps quoted commas, doubled quotes and line breaks inside quotes', () => {
    const text = [
      EMAIL_HEADER,
      '2026-11-18,a@contoso.com,"Line one\r\nline two, with comma","False",,,1,2,3,4,5,"E5",7',
      '2026-11-18,b@contoso.com,"""Quoted""",False,,,1,2,3,4,5,E3,7'
    ].join('\r\n');
    const parsed = parseReportCsv(text, EMAIL);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.rows.map((r) => r['Display Name'])).toEqual(['Line one\nline two, with comma', '"Quoted"']);
    expect(parsed.rows[0]?.['Is Deleted']).toBe(false);
  });

  it('keeps formula-like display names verbatim (escaping is the exporter\'s job)', () => {
    const text = [EMAIL_HEADER, `2026-11-18,x@contoso.com,"=cmd|' /C calc'!A0",False,,,0,0,0,0,0,,7`, '2026-11-18,y@contoso.com,+SUM(1),False,,,0,0,0,0,0,,7', '2026-11-18,z@contoso.com,@x,False,,,0,0,0,0,0,,7'].join('\r\n');
    const parsed = parseReportCsv(text, EMAIL);
    expect(parsed.rows.map((r) => r['Display Name'])).toEqual(["=cmd|' /C calc'!A0", '+SUM(1)', '@x']);
    // '+SUM(1)' in a string column is not split like a product list.
    expect(parsed.warnings).toEqual([]);
  });

  it('matches headers case-insensitively, trimmed, in any order', () => {
    const text = ['report period , SEND COUNT,user principal name,  Report Refresh Date', '7,5,a@contoso.com,2026-11-18'].join('\n');
    const parsed = parseReportCsv(text, EMAIL);
    expect(parsed.rows[0]).toMatchObject({ 'Report Period': 7, 'Send Count': 5, 'User Principal Name': 'a@contoso.com', 'Report Refresh Date': '2026-11-18' });
    expect(parsed.unknownColumns).toEqual([]);
  });

  it('keeps columns Microsoft added as text under their own header and lists them', () => {
    const header = EMAIL_HEADER.replace('Read Count,', 'Read Count,Copilot Chat Count,') + ',Extra Flag';
    const text = [header, '2026-11-18,a@contoso.com,A,False,,,1,2,3,42,4,5,E5,7,', ''].join('\r\n');
    const parsed = parseReportCsv(text, EMAIL);
    expect(parsed.unknownColumns).toEqual(['Copilot Chat Count', 'Extra Flag']);
    expect(parsed.rows[0]).toMatchObject({ 'Read Count': 3, 'Copilot Chat Count': '42', 'Meeting Created Count': 4, 'Meeting Interacted Count': 5, 'Extra Flag': '' });
    expect(parsed.warnings).toEqual([]);
  });

  it('leaves missing columns null and says which', () => {
    const text = ['Report Refresh Date,User Principal Name,Send Count,Report Period', '2026-11-18,a@contoso.com,9,7'].join('\r\n');
    const parsed = parseReportCsv(text, EMAIL);
    expect(parsed.rows[0]).toMatchObject({ 'Send Count': 9, 'Display Name': null, 'Is Deleted': null, 'Assigned Products': null });
    expect(Object.keys(parsed.rows[0] ?? {})).toHaveLength(EMAIL.columns.length);
    expect(parsed.warnings).toHaveLength(1);
    expect(parsed.warnings[0]).toMatch(/^Columns missing from the file \(left empty\): Display Name, Is Deleted, .*Assigned Products\.$/);
    expect(parsed.missingColumns?.slice(0, 2)).toEqual(['Display Name', 'Is Deleted']);
    expect(parsed.missingColumns).toHaveLength(EMAIL.columns.length - 4);
  });

  it('keeps what it can of malformed rows and names line and column', () => {
    const text = [
      EMAIL_HEADER,
      '2026-11-18,ok@contoso.com,OK,False,,,1,1,1,1,1,E5,7',
      '2026-11-18,short@contoso.com,Short,False',
      '2026-11-18,long@contoso.com,Long,False,,,1,1,1,1,1,E5,7,surplus,more',
      '2026-11-18,nan@contoso.com,NaN,maybe,17/11/2026,,12a,1,1,1,1,E5,7'
    ].join('\r\n');
    const parsed = parseReportCsv(text, EMAIL);
    expect(parsed.rows).toHaveLength(4);
    expect(parsed.rows[1]).toMatchObject({ 'User Principal Name': 'short@contoso.com', 'Is Deleted': false, 'Send Count': null, 'Report Period': null });
    expect(parsed.rows[2]).toMatchObject({ 'User Principal Name': 'long@contoso.com', 'Report Period': 7 });
    expect(parsed.rows[3]).toMatchObject({ 'Is Deleted': null, 'Deleted Date': null, 'Send Count': null, 'Receive Count': 1 });
    expect(parsed.warnings).toEqual([
      'Line 3: expected 13 fields, found 4; missing cells are left empty.',
      'Line 4: expected 13 fields, found 15; extra cells are ignored.',
      'Line 5, column "Is Deleted": "maybe" is not True/False; left empty.',
      'Line 5, column "Deleted Date": "17/11/2026" is not a YYYY-MM-DD date; left empty.',
      'Line 5, column "Send Count": "12a" is not a number; left empty.'
    ]);
  });

  it('counts physical lines when a quoted field spans lines', () => {
    const text = [EMAIL_HEADER, '2026-11-18,a@contoso.com,"two\r\nlines",False,,,1,1,1,1,1,E5,7', '2026-11-18,b@contoso.com,B,False,,,x,1,1,1,1,E5,7'].join('\r\n');
    expect(parseReportCsv(text, EMAIL).warnings).toEqual(['Line 4, column "Send Count": "x" is not a number; left empty.']);
  });

  it('survives an unterminated quote and text after a closing quote', () => {
    const broken = [EMAIL_HEADER, '2026-11-18,a@contoso.com,"never closed,False,,,1,1,1,1,1,E5,7', '2026-11-18,b@contoso.com,B'].join('\r\n');
    const parsed = parseReportCsv(broken, EMAIL);
    expect(parsed.rows).toHaveLength(1);
    expect(parsed.rows[0]?.['Display Name']).toBe('never closed,False,,,1,1,1,1,1,E5,7\r\n2026-11-18,b@contoso.com,B'.replace(/\r\n/g, '\n'));
    expect(parsed.warnings).toContain('Line 2: a quoted field is never closed; read it to the end of the file.');

    const trailing = parseReportCsv([EMAIL_HEADER, '2026-11-18,a@contoso.com,"Ann" Lee,False,,,1,1,1,1,1,E5,7'].join('\n'), EMAIL);
    expect(trailing.rows[0]?.['Display Name']).toBe('Ann Lee');
    expect(trailing.warnings).toEqual(['Line 2: text follows a closing quote; kept it in the field.']);
  });

  it('passes concealed 32-hex user names through as text and can tell they are concealed', () => {
    const text = [
      EMAIL_HEADER,
      '2026-11-18,0A1B2C3D4E5F60718293A4B5C6D7E8F9,5D41402ABC4B2A76B9719D911017C592,False,,,1,1,1,1,1,E5,7',
      '2026-11-18,12345678901234567890123456789012,12345678901234567890123456789012,False,,,1,1,1,1,1,E5,7'
    ].join('\r\n');
    const parsed = parseReportCsv(text, EMAIL);
    expect(parsed.rows.map((r) => r['User Principal Name'])).toEqual(['0A1B2C3D4E5F60718293A4B5C6D7E8F9', '12345678901234567890123456789012']);
    expect(typeof parsed.rows[1]?.['User Principal Name']).toBe('string');
    expect(isConcealedToken(parsed.rows[0]?.['User Principal Name'] ?? null)).toBe(true);
    expect(isConcealedToken('adele@contoso.com')).toBe(false);
    expect(isConcealedToken(12)).toBe(false);
    expect(detectConcealedNames(parsed.rows, EMAIL)).toEqual({ concealedRows: 2, totalRows: 2, columns: ['User Principal Name', 'Display Name'] });
    const plain = parseReportCsv(emailCsv('\r\n'), EMAIL);
    expect(detectConcealedNames(plain.rows, EMAIL)).toEqual({ concealedRows: 0, totalRows: 3, columns: [] });
  });

  it('reads Yes/No booleans and a header with a trailing comma', () => {
    const teams = entry('getTeamsDeviceUsageUserDetail');
    const header = teams.columns.map((c) => c.header).join(',');
    const text = [header, '2026-11-18,00000000-0000-0000-0000-000000000000,a@contoso.com,2026-11-17,False,,Yes,No,no,YES,No,Yes,No,No,Yes,7'].join('\r\n');
    const parsed = parseReportCsv(text, teams);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.rows[0]).toMatchObject({ 'Used Web': true, 'Used Windows Phone': false, 'Used iOS': false, 'Used Mac': true, 'Is Licensed': true });

    const counts = entry('getTeamsTeamCounts');
    const withComma = ['Report Refresh Date,Report Date,Public Teams,Active Public Teams,Private Teams,Active Private Teams,', '2026-11-18,2026-11-17,10,4,3,1', '2026-11-18,2026-11-16,10,5,3,2,'].join('\r\n');
    const p2 = parseReportCsv(withComma, counts);
    expect(p2.warnings).toEqual([]);
    expect(p2.unknownColumns).toEqual([]);
    expect(p2.rows.map((r) => r['Active Public Teams'])).toEqual([4, 5]);
  });

  it('handles an empty file, a header-only file and blank lines', () => {
    expect(parseReportCsv('', EMAIL)).toEqual({ rows: [], refreshDate: null, warnings: ['The file is empty: no header row.'], unknownColumns: [] });
    expect(parseReportCsv(BOM + EMAIL_HEADER + '\r\n', EMAIL)).toEqual({ rows: [], refreshDate: null, warnings: [], unknownColumns: [] });
    const gaps = emailCsv('\r\n').replace('\r\n2026', '\r\n\r\n2026') + '\r\n\r\n';
    expect(parseReportCsv(gaps, EMAIL).rows).toHaveLength(3);
  });

  it('caps a flood of warnings', () => {
    const lines = [EMAIL_HEADER];
    for (let i = 0; i < 300; i++) lines.push(`2026-11-18,u${i}@contoso.com,U,False,,,bad,1,1,1,1,E5,7`);
    const parsed = parseReportCsv(lines.join('\r\n'), EMAIL);
    expect(parsed.rows).toHaveLength(300);
    expect(parsed.warnings).toHaveLength(101);
    expect(parsed.warnings[100]).toBe('200 more warnings not shown.');
  });
});

describe('ReportCsvReader (streaming)', () => {
  const text = [
    EMAIL_HEADER,
    '2026-11-18,a@contoso.com,"Multi\r\nline, ""quoted""",False,,,1,2,3,4,5,E5+E3,7',
    '2026-11-18,b@contoso.com,B,True,2026-11-02,,x,2,3,4,5,,7'
  ].join('\r\n');
  const whole = parseReportCsv(BOM + text, EMAIL);

  function readChunks(chunks: string[]): ReturnType<typeof parseReportCsv> {
    const reader = new ReportCsvReader(EMAIL);
    const rows = chunks.flatMap((c) => reader.push(c));
    rows.push(...reader.end());
    return { rows, ...reader.summary() };
  }

  it('gives the same result wherever the chunks split (CRLF, quotes and BOM included)', () => {
    const full = BOM + text;
    expect(whole.rows).toHaveLength(2);
    for (let i = 0; i <= full.length; i++) {
      expect([i, readChunks([full.slice(0, i), full.slice(i)])]).toEqual([i, whole]);
    }
    expect(readChunks(full.split(''))).toEqual(whole);
  });

  it('returns rows as soon as their line is complete', () => {
    const reader = new ReportCsvReader(EMAIL);
    expect(reader.push(EMAIL_HEADER + '\r\n2026-11-18,a@contoso.com,A')).toEqual([]);
    const first = reader.push(',False,,,1,2,3,4,5,E5,7\r\n2026-11-18,b@c');
    expect(first.map((r) => r['User Principal Name'])).toEqual(['a@contoso.com']);
    expect(reader.end().map((r) => r['User Principal Name'])).toEqual(['b@c']);
    expect(reader.summary().refreshDate).toBe('2026-11-18');
  });
});
