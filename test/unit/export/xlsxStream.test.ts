/**
 * Core's own workbook writer (xlsxStream.ts) against SheetJS's path (workbook.ts) for the same sheets: both files
 * read back with SheetJS, compared cell by cell (type, value, number format, shown text), with the sheets' names,
 * used ranges, autofilters and column widths; then the package itself: well-formed parts, CRCs, sizes, no formulas.
 */
import * as XLSX from 'xlsx';
import * as zlib from 'zlib';
import { buildWorkbook } from '../../../src/core/export/workbook';
import { buildWorkbookInBrowser, writeWorkbook } from '../../../src/core/export/xlsxStream';
import { crc32 } from '../../../src/core/export/crc32';
import type { IRawDeflateStream, RawDeflateStreams } from '../../../src/core/export/deflate';
import { keyValueSheet } from '../../../src/core/export';
import type { CellValue, ISheetSpec } from '../../../src/core/export';
import type { IBuildOptions } from '../../../src/core/export/types';
import { zlibDeflateStreams } from '../../../src/cli/deflate';
import { parseXml } from './artifactParsers';
import { readBack, sheetOf, zipEntries } from './readBack';
import type { IZipEntry } from './readBack';

const LONG = 'q'.repeat(40_000);
/** 32,766 units then an emoji: the cut at 32,767 falls inside the surrogate pair and must not split it. */
const LONG_PAIR = `${'w'.repeat(32_766)}😀 tail`;

/** Values no cell may turn into anything else: formulas, controls, scripts, long text, empty things. */
const AWKWARD_TEXT: CellValue[] = [
  '=SUM(A1)', '+1', '-2', '@x', '\t=1+1', "=cmd|' /C calc'!A0", '=HYPERLINK("http://evil","click")',
  'ctrl \u0001 \u0008 \u000b \u001f end', 'nul \u0000', 'cr lf \r\n and lf \n', 'nonchars \ufffe \uffff', 'lone \ud800 high',
  '👩‍💻 emoji 🇩🇪', 'مرحبا بالعالم', 'עברית', '漢字テキスト 한국어', ' lead', 'trail ', 'a & b < c > "d"', LONG, LONG_PAIR,
  '', null, undefined, 42, true, ['Microsoft 365 E3', 'Power BI Pro'], [], new Date(Date.UTC(2024, 4, 1, 10, 20, 30))
];

const awkward: ISheetSpec = {
  name: 'Awkward: values/names?',
  columns: [
    { header: 'Text', type: 'string' },
    { header: 'Number', type: 'number' },
    { header: 'Bytes', type: 'bytes' },
    { header: 'Flag', type: 'boolean' },
    { header: 'Day', type: 'date' },
    { header: 'When', type: 'datetime' },
    { header: 'Anything', type: 'general' },
    { header: 'Share', type: 'number', numberFormat: '0.0%' },
    { header: 'Size', type: 'bytes', numberFormat: '0.00 "GB"' },
    { header: 'Fixed', type: 'string', width: 12 },
    { header: '=1+1', type: 'date', numberFormat: 'd mmm yyyy' }
  ],
  rows: AWKWARD_TEXT.map((text, i): CellValue[] => [
    text,
    (['2048', '-3.5', 'n/a', NaN, Infinity, 1e21, -0, 0.1 + 0.2, '1e5', ' 7 ', 12345678.9, -1e-7] as CellValue[])[i % 12],
    ([1234567, '2048', 0, 5_368_709_120, 'lots'] as CellValue[])[i % 5],
    (['TRUE', 'false', 'yes', true, false, null] as CellValue[])[i % 6],
    (['2024-02-29', '2024-02-31', '1899-12-31', '1900-02-28', '1900-03-01', '9999-12-31', '10000-01-01', new Date(Date.UTC(1800, 0, 1)), new Date(NaN), new Date(Date.UTC(2024, 0, 2, 13))] as CellValue[])[i % 10],
    (['2024-05-01T10:20:30Z', '2024-05-01 10:20', '2024-05-01T10:20:30.123+02:00', 'soon', '2023-12-31T23:59:59Z', new Date(Date.UTC(2023, 11, 31, 23, 59, 59))] as CellValue[])[i % 6],
    ([new Date(Date.UTC(2024, 1, 1)), new Date(Date.UTC(2024, 1, 1, 3)), 12.5, 'text', false, ['x', 'y'], '=2+5'] as CellValue[])[i % 7],
    i / 7,
    i * 1.5,
    i % 2 ? 'short' : 'a much longer text than twelve',
    (['2024-07-04', null] as CellValue[])[i % 2]
  ]).concat([['short row'], []])
};

const SHEETS: ISheetSpec[] = [
  awkward,
  keyValueSheet('Summary', [['Name', 'Ann'], ['Created', '2024-01-31', 'date'], ['Signed in', '2024-01-31T08:00:00Z', 'datetime'], ['Storage', '2048', 'bytes'], ['Enabled', 'true', 'boolean'], ['Seats', 12, 'string']]),
  { name: 'awkward: VALUES/names?', columns: [{ header: '', type: 'string' }, { header: 'B', type: 'number' }], rows: [['dup name', 1]] },
  { name: 'History', columns: [{ header: 'Only headers', type: 'string' }], rows: [] },
  { name: 'Bob\'s [sheet] with a name far longer than thirty-one characters', columns: [{ header: 'x', type: 'string' }], rows: [['1']] }
];

/** A cell as compared: type, value (dates as ISO text), number format, shown text, formula (never any). */
function cellView(cell: XLSX.CellObject): Record<string, unknown> {
  return { t: cell.t, v: cell.v instanceof Date ? cell.v.toISOString() : cell.v, z: cell.z, w: cell.w, f: cell.f };
}

/** Everything a reader sees of a sheet: cells, used range, autofilter, column widths. */
function sheetView(ws: XLSX.WorkSheet): Record<string, unknown> {
  const cells: Record<string, unknown> = {};
  for (const [address, cell] of Object.entries(ws)) if (!address.startsWith('!')) cells[address] = cellView(cell as XLSX.CellObject);
  return { cells, ref: ws['!ref'], autofilter: ws['!autofilter'], cols: ws['!cols'] };
}

/** The autofilters' defined names, with the sheet reference unquoted (quoting a name is optional in a reference). */
function filterNames(wb: XLSX.WorkBook): unknown[] {
  return (wb.Workbook?.Names ?? []).map((n) => ({ Name: n.Name, Sheet: n.Sheet, Ref: n.Ref.replace(/^'(.*)'!/, '$1!') }));
}

/** Both files read back alike, sheet by sheet and cell by cell. */
function expectSameWorkbook(ours: Uint8Array, theirs: Uint8Array): void {
  const a = readBack(ours);
  const b = readBack(theirs);
  expect(a.SheetNames).toEqual(b.SheetNames);
  for (const name of b.SheetNames) expect(sheetView(sheetOf(a, name))).toEqual(sheetView(sheetOf(b, name)));
  expect(filterNames(a)).toEqual(filterNames(b));
}

const inflate = (e: IZipEntry): Buffer => (e.method === 8 ? zlib.inflateRawSync(e.data) : Buffer.from(e.data));

/** Each part's text, its CRC and size checked against the bytes. */
function partsOf(bytes: Uint8Array): Map<string, string> {
  const parts = new Map<string, string>();
  for (const e of zipEntries(bytes)) {
    const data = inflate(e);
    expect({ part: e.name, size: data.length, crc: crc32(data) }).toEqual({ part: e.name, size: e.size, crc: e.crc });
    parts.set(e.name, data.toString('utf8'));
  }
  return parts;
}

describe.each<[string, (sheets: ISheetSpec[], options?: IBuildOptions) => Promise<Uint8Array>]>([
  ['zlib (the CLI)', (sheets, options) => writeWorkbook(sheets, zlibDeflateStreams, options)],
  ['CompressionStream (browsers and the worker)', (sheets, options) => buildWorkbookInBrowser(sheets, options)],
  ['stored (no deflate)', (sheets, options) => writeWorkbook(sheets, undefined, options)]
])('core\'s writer, deflated by %s', (_, write) => {
  it('holds what SheetJS\'s path holds for the same sheets: every cell, name, range, filter and width', async () => {
    expectSameWorkbook(await write(SHEETS), buildWorkbook(XLSX, SHEETS));
  });

  it('holds the same with inline strings, and with other options', async () => {
    expectSameWorkbook(await write(SHEETS, { sharedStrings: false }), buildWorkbook(XLSX, SHEETS));
    const options: IBuildOptions = { autofilter: false, maxColumnWidth: 20, listSeparator: ' | ' };
    expectSameWorkbook(await write(SHEETS, options), buildWorkbook(XLSX, SHEETS, options));
  });

  it('writes a workbook with no sheets as one empty sheet, as before', async () => {
    expectSameWorkbook(await write([]), buildWorkbook(XLSX, []));
  });
});

describe('the text of cells', () => {
  let ws: XLSX.WorkSheet;
  beforeAll(async () => {
    ws = sheetOf(readBack(await writeWorkbook(SHEETS, zlibDeflateStreams)), 'Awkward values names');
  });

  it.each(AWKWARD_TEXT.slice(0, 7).map((text, i) => [text, i] as const))('keeps %j as text, never a formula', (text, i) => {
    expect(ws[`A${i + 2}`]).toMatchObject({ t: 's', v: text });
    expect((ws[`A${i + 2}`] as XLSX.CellObject).f).toBeUndefined();
  });

  it('keeps emoji, right-to-left and CJK text, cuts text at 32,767 units without splitting a pair, and writes lone surrogates as U+FFFD', () => {
    const at = (text: CellValue): unknown => (ws[`A${AWKWARD_TEXT.indexOf(text) + 2}`] as XLSX.CellObject | undefined)?.v;
    for (const text of ['👩‍💻 emoji 🇩🇪', 'مرحبا بالعالم', 'עברית', '漢字テキスト 한국어']) expect(at(text)).toBe(text);
    expect(at(LONG)).toBe(LONG.slice(0, 32_767));
    expect(at(LONG_PAIR)).toBe('w'.repeat(32_766));
    expect(at('lone \ud800 high')).toBe('lone \ufffd high');
    expect(at('ctrl \u0001 \u0008 \u000b \u001f end')).toBe('ctrl \u0001 \u0008 \u000b \u001f end');
  });

  it('reads back a literal _xHHHH_ as written (SheetJS\'s path wrote it unescaped: it read back as the character)', async () => {
    const spec: ISheetSpec = { name: 'S', columns: [{ header: 'x', type: 'string' }], rows: [['_x0041_ and _x00E9_'], ['file_x_name']] };
    const ours = sheetOf(readBack(await writeWorkbook([spec], zlibDeflateStreams)), 'S');
    expect(ours.A2?.v).toBe('_x0041_ and _x00E9_');
    expect(ours.A3?.v).toBe('file_x_name');
    expect(sheetOf(readBack(buildWorkbook(XLSX, [spec])), 'S').A2?.v).toBe('A and é');
  });
});

describe('the package', () => {
  let parts: Map<string, string>;
  beforeAll(async () => {
    parts = partsOf(await writeWorkbook(SHEETS, zlibDeflateStreams));
  });

  it('has the parts of a workbook, each well-formed XML with only characters XML 1.0 allows, each with a content type', () => {
    expect([...parts.keys()]).toEqual([
      '[Content_Types].xml', '_rels/.rels', 'docProps/app.xml', 'docProps/core.xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels',
      'xl/theme/theme1.xml', 'xl/styles.xml', ...SHEETS.map((_, i) => `xl/worksheets/sheet${i + 1}.xml`), 'xl/sharedStrings.xml'
    ]);
    for (const [name, xml] of parts) {
      expect(() => parseXml(xml)).not.toThrow();
      // eslint-disable-next-line no-control-regex -- the characters XML 1.0 forbids are what this looks for
      expect({ name, forbidden: /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(xml) }).toEqual({ name, forbidden: false });
    }
    const types = parseXml(parts.get('[Content_Types].xml') ?? '').children;
    for (const name of parts.keys()) {
      const typed = types.some((t) => t.attrs.PartName === `/${name}` || (t.name === 'Default' && name.endsWith(`.${t.attrs.Extension}`)));
      expect({ name, typed }).toEqual({ name, typed: true });
    }
  });

  it('relates every part it lists, and nothing it lacks', () => {
    const targets = (rels: string, base: string): string[] => parseXml(rels).children.map((r) => `${base}${r.attrs.Target}`);
    const related = [...targets(parts.get('_rels/.rels') ?? '', ''), ...targets(parts.get('xl/_rels/workbook.xml.rels') ?? '', 'xl/')];
    expect(related.sort()).toEqual([...parts.keys()].filter((n) => !n.includes('_rels') && n !== '[Content_Types].xml').sort());
  });

  it('writes no formula and no cell type but shared strings, numbers and booleans', () => {
    const types = new Set<string>();
    for (const [name, xml] of parts) {
      if (!name.startsWith('xl/worksheets/')) continue;
      expect(xml).not.toMatch(/<f[ >/]/);
      for (const m of xml.matchAll(/<c r="[A-Z]+\d+"( t="\w+")?/g)) types.add(m[1] ?? '');
    }
    expect(types).toEqual(new Set(['', ' t="s"', ' t="b"']));
  });

  it('writes inline strings when shared strings are off, and stores every part when compression is off', async () => {
    const entries = zipEntries(await writeWorkbook(SHEETS, zlibDeflateStreams, { sharedStrings: false, compression: false }));
    expect(entries.every((e) => e.method === 0)).toBe(true);
    expect(entries.map((e) => e.name)).not.toContain('xl/sharedStrings.xml');
    const sheet = Buffer.from(entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')?.data ?? []).toString('utf8');
    expect(sheet).toContain('<c r="A2" t="inlineStr"><is><t>=SUM(A1)</t></is></c>');
    expect(sheet).toContain('<c r="A6" t="inlineStr"><is><t xml:space="preserve">\t=1+1</t></is></c>');
  });

  it('makes the same bytes from the same sheets', async () => {
    expect(Buffer.from(await writeWorkbook(SHEETS, zlibDeflateStreams)).equals(Buffer.from(await writeWorkbook(SHEETS, zlibDeflateStreams)))).toBe(true);
  });
});

/** Raw deflate streams that record what they were given. */
function recordingStreams(): { streams: RawDeflateStreams; written: number[][] } {
  const written: number[][] = [];
  const streams: RawDeflateStreams = () => {
    const inner: IRawDeflateStream = zlibDeflateStreams();
    const sizes: number[] = [];
    written.push(sizes);
    return { write: (chunk) => { sizes.push(chunk.length); return inner.write(chunk); }, end: () => inner.end() };
  };
  return { streams, written };
}

describe('streaming', () => {
  const rows = (n: number): CellValue[][] => Array.from({ length: n }, (_, i) => [`user${i}@contoso.com`, i, i % 3 === 0, '2024-05-01T10:20:30Z', ['E3', 'E5']]);
  const columns: ISheetSpec['columns'] = [
    { header: 'UPN', type: 'string' }, { header: 'N', type: 'number' }, { header: 'On', type: 'boolean' }, { header: 'When', type: 'datetime' }, { header: 'Products', type: 'string' }
  ];

  it('hands a large sheet to the deflate in slices, never whole', async () => {
    const { streams, written } = recordingStreams();
    const spec: ISheetSpec = { name: 'Big', columns, rows: rows(20_000) };
    const bytes = await writeWorkbook([spec], streams);
    const sheetSize = zipEntries(bytes).find((e) => e.name === 'xl/worksheets/sheet1.xml')?.size ?? 0;
    const sheetWrites = written.reduce((most, w) => (w.length > most.length ? w : most), []);
    expect(sheetSize).toBeGreaterThan(1_500_000);
    expect(sheetWrites.length).toBeGreaterThan(10);
    expect(Math.max(...sheetWrites)).toBeLessThan(300_000);
    expectSameWorkbook(bytes, buildWorkbook(XLSX, [spec]));
  });

  it('puts a head longer than a stored block (65,535 bytes of column widths) in front of the deflated rows', async () => {
    const wide: ISheetSpec = { name: 'Wide', columns: Array.from({ length: 1500 }, (_, c) => ({ header: `Column ${c}`, type: 'string' as const })), rows: [Array.from({ length: 1500 }, (_, c) => `v${c}`)] };
    const bytes = await writeWorkbook([wide], zlibDeflateStreams);
    partsOf(bytes);
    expectSameWorkbook(bytes, buildWorkbook(XLSX, [wide]));
  });

  it('reports rows across all sheets, then writing, then done, as SheetJS\'s path does', async () => {
    const sheets: ISheetSpec[] = [{ name: 'A', columns, rows: rows(250) }, { name: 'B', columns, rows: rows(120) }];
    const calls: Array<[number, number, string]> = [];
    const theirs: Array<[number, number, string]> = [];
    await writeWorkbook(sheets, zlibDeflateStreams, { progress: (done, total, phase) => calls.push([done, total, phase]), progressEvery: 100 });
    buildWorkbook(XLSX, sheets, { progress: (done, total, phase) => theirs.push([done, total, phase]), progressEvery: 100 });
    expect(calls).toEqual(theirs);
  });

  it('fails with the deflate\'s error, and refuses a sheet wider than Excel, naming it', async () => {
    const failing: RawDeflateStreams = () => ({ write: () => Promise.reject(new Error('deflate broke')), end: () => Promise.resolve([]) });
    await expect(writeWorkbook([{ name: 'Big', columns, rows: rows(100) }], failing)).rejects.toThrow('deflate broke');
    const tooWide = Array.from({ length: 16_385 }, (_, i) => ({ header: `c${i}`, type: 'string' as const }));
    await expect(writeWorkbook([{ name: 'Wide', columns: tooWide, rows: [] }], zlibDeflateStreams)).rejects.toThrow(/Sheet "Wide".*16384 columns/);
  });

  it('stores the parts where the engine has no CompressionStream (the worker then still makes a file)', async () => {
    const saved = globalThis.CompressionStream;
    try {
      (globalThis as { CompressionStream?: unknown }).CompressionStream = undefined;
      const bytes = await buildWorkbookInBrowser(SHEETS);
      expect(zipEntries(bytes).every((e) => e.method === 0)).toBe(true);
      expectSameWorkbook(bytes, buildWorkbook(XLSX, SHEETS));
    } finally {
      globalThis.CompressionStream = saved;
    }
  });
});
