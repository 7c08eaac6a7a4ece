/**
 * Native re-compression of SheetJS's stored package (no longer the exports' path: core's writer deflates as it
 * writes; the libraries benchmark still measures it): same parts, same cells, deflated with the host's deflate.
 */
import * as XLSX from 'xlsx';
import { deflateRawSync, inflateRawSync } from 'zlib';
import { buildWorkbook } from '../../../src/core/export/workbook';
import { browserDeflateRaw, rezip } from '../../../src/core/export/rezip';
import type { ISheetSpec } from '../../../src/core/export';
import { readBack, sheetOf, zipEntries } from './readBack';

const spec: ISheetSpec = {
  name: 'Users',
  columns: [
    { header: 'Display name', type: 'string' },
    { header: 'Enabled', type: 'boolean' },
    { header: 'Created', type: 'datetime' },
    { header: 'Storage', type: 'bytes' }
  ],
  rows: Array.from({ length: 3000 }, (_, i) => [i === 7 ? '=SUM(A1)' : `User ${i} Ünïcødé ✓`, i % 2 === 0, `2024-0${1 + (i % 9)}-1${i % 10}T10:00:00Z`, i * 1024])
};
const zlibDeflate = (d: Uint8Array): Uint8Array => deflateRawSync(d);

describe('rezip of SheetJS\'s stored package', () => {
  const stored = buildWorkbook(XLSX, [spec], { compression: false });
  let native: Uint8Array;
  beforeAll(async () => {
    native = await rezip(stored, zlibDeflate);
  });

  it('holds the same cells as the SheetJS-compressed workbook', () => {
    const ours = XLSX.utils.sheet_to_json(sheetOf(readBack(native), 'Users'), { header: 1, raw: true });
    const theirs = XLSX.utils.sheet_to_json(sheetOf(readBack(buildWorkbook(XLSX, [spec])), 'Users'), { header: 1, raw: true });
    expect(ours).toHaveLength(3001);
    expect(ours).toEqual(theirs);
    expect((ours[8] as unknown[])[0]).toBe('=SUM(A1)'); // still text, not a formula
  });

  it('deflates every sizeable part and keeps names, order and CRCs of the stored package', () => {
    const before = zipEntries(stored);
    const after = zipEntries(native);
    expect(after.map(e => e.name)).toEqual(before.map(e => e.name));
    expect(after.map(e => e.crc)).toEqual(before.map(e => e.crc));
    expect(before.every(e => e.method === 0)).toBe(true);
    const sheet = after.find(e => e.name === 'xl/worksheets/sheet1.xml');
    expect(sheet?.method).toBe(8);
    expect(sheet && sheet.compressedSize < sheet.size / 3).toBe(true);
    for (const e of after) {
      const original = before.find(b => b.name === e.name);
      const data = e.method === 8 ? inflateRawSync(e.data) : Buffer.from(e.data);
      expect(data.equals(Buffer.from(original?.data ?? []))).toBe(true);
    }
    expect(native.length).toBeLessThan(stored.length / 3);
  });
});

describe('rezip', () => {
  it('keeps a part stored when deflate would make it larger', async () => {
    const stored = buildWorkbook(XLSX, [spec], { compression: false });
    const out = await rezip(stored, d => new Uint8Array(d.length + 10));
    expect(zipEntries(out).every(e => e.method === 0)).toBe(true);
    expect(XLSX.utils.sheet_to_json(sheetOf(readBack(out), 'Users'), { header: 1 })).toHaveLength(3001);
  });

  it('refuses a package that is already compressed, and bytes that are not a zip', async () => {
    await expect(rezip(buildWorkbook(XLSX, [spec]), zlibDeflate)).rejects.toThrow('already compressed');
    await expect(rezip(new TextEncoder().encode('not a zip at all, just some text of a fair length'), zlibDeflate)).rejects.toThrow('no end of central directory');
  });
});

describe('browserDeflateRaw', () => {
  const deflate = browserDeflateRaw();
  (deflate ? it : it.skip)('is raw deflate, where the runtime has CompressionStream("deflate-raw")', async () => {
    const text = new TextEncoder().encode('<row r="1"><c r="A1" t="s"><v>0</v></c></row>'.repeat(500));
    const packed = await (deflate as NonNullable<typeof deflate>)(text);
    expect(packed.length).toBeLessThan(text.length / 10);
    expect(Buffer.from(inflateRawSync(packed)).equals(Buffer.from(text))).toBe(true);
  });
});
