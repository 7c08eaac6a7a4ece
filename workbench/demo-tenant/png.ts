/** A small generated profile photo: a coloured square with a lighter disc, as a valid PNG. */
import { deflateSync } from 'zlib';
import { hash4 } from './rng';

const CRC_TABLE = (() => {
  const t = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = -1;
  for (const byte of buf) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(td));
  return Buffer.concat([len, td, crc]);
}

/** PNG bytes of a size x size avatar whose colour depends on (seed, user). */
export function userPhotoPng(seed: number, user: number, size = 64): Buffer {
  const h = hash4(seed, 990, user);
  const r = 60 + (h & 0x7f);
  const g = 60 + ((h >>> 8) & 0x7f);
  const b = 60 + ((h >>> 16) & 0x7f);
  const raw = Buffer.alloc((size * 3 + 1) * size);
  const c = size / 2;
  for (let y = 0; y < size; y++) {
    const row = y * (size * 3 + 1);
    raw[row] = 0; // filter: none
    for (let x = 0; x < size; x++) {
      const inside = (x - c) ** 2 + (y - c * 0.8) ** 2 < (size * 0.22) ** 2 || ((x - c) ** 2 + (y - size) ** 2 < (size * 0.42) ** 2);
      const o = row + 1 + x * 3;
      raw[o] = inside ? Math.min(255, r + 90) : r;
      raw[o + 1] = inside ? Math.min(255, g + 90) : g;
      raw[o + 2] = inside ? Math.min(255, b + 90) : b;
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // truecolour
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
