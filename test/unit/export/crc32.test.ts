/** CRC-32 as zip records it, against Node's zlib, and the combination a sheet's late head relies on. */
import * as zlib from 'zlib';
import { crc32, crc32Combine } from '../../../src/core/export/crc32';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
/** zlib.crc32 arrived in Node 20.15 / 22.2; the engines field allows 20.11, so tests fall back to a bitwise CRC. */
const reference = (data: Uint8Array): number => {
  const native = (zlib as { crc32?: (d: Uint8Array) => number }).crc32;
  if (native) return native(data);
  let c = ~0;
  for (const b of data) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  }
  return ~c >>> 0;
};

/** Bytes of every value, in a pattern that is not periodic in 8. */
function pattern(n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = (i * 131 + (i >> 5) * 7) & 0xff;
  return out;
}

describe('crc32', () => {
  it('gives the standard check value of "123456789"', () => {
    expect(crc32(bytes('123456789'))).toBe(0xcbf43926);
    expect(crc32(new Uint8Array(0))).toBe(0);
  });

  it.each([1, 7, 8, 9, 63, 64, 1000, 65_537])('agrees with zlib over %i bytes, whole and continued in pieces', (n) => {
    const data = pattern(n);
    expect(crc32(data)).toBe(reference(data));
    const cut = Math.floor(n / 3);
    expect(crc32(data.subarray(cut), crc32(data.subarray(0, cut)))).toBe(reference(data));
  });

  it('combines the CRCs of two pieces into the CRC of both, for any lengths', () => {
    for (const [a, b] of [[0, 0], [5, 0], [0, 5], [13, 1], [300, 70_001], [65_536, 3]]) {
      const first = pattern(a as number);
      const second = pattern(b as number).map((x) => x ^ 0x5a);
      const both = new Uint8Array(first.length + second.length);
      both.set(first);
      both.set(second, first.length);
      expect(crc32Combine(crc32(first), crc32(second), second.length)).toBe(reference(both));
    }
  });
});
