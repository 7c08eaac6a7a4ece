// A small, independent PNG reader for the Teams icon tests: checks the signature and every chunk's
// CRC, inflates the IDAT stream with zlib and reverses the per-row filters (None, Sub, Up, Average,
// Paeth). Supports 8-bit greyscale, grey+alpha, RGB and RGBA, non-interlaced; returns RGBA.
import { inflateSync } from 'zlib';

export interface DecodedPng {
  width: number;
  height: number;
  colorType: number;
  /** width*height*4 bytes RGBA */
  rgba: Uint8Array;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Width and height straight from the IHDR chunk. */
export function readIhdr(bytes: Uint8Array): { width: number; height: number; bitDepth: number; colorType: number } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (buf.length < 33 || !buf.subarray(0, 8).equals(signature)) throw new Error('not a PNG (bad signature)');
  if (buf.toString('ascii', 12, 16) !== 'IHDR') throw new Error('first chunk is not IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20), bitDepth: buf[24] ?? 0, colorType: buf[25] ?? 0 };
}

export function decodePng(bytes: Uint8Array): DecodedPng {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { width, height, bitDepth, colorType } = readIhdr(bytes);
  const interlace = buf[28];
  if (bitDepth !== 8) throw new Error(`unsupported bit depth ${bitDepth}`);
  if (interlace !== 0) throw new Error('interlaced PNGs are not supported');
  const channels = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colorType];
  if (channels === undefined) throw new Error(`unsupported colour type ${colorType}`);

  const idat: Buffer[] = [];
  let offset = 8;
  let sawEnd = false;
  while (offset + 12 <= buf.length) {
    const length = buf.readUInt32BE(offset);
    const type = buf.toString('ascii', offset + 4, offset + 8);
    const body = buf.subarray(offset + 8, offset + 8 + length);
    const stored = buf.readUInt32BE(offset + 8 + length);
    if (crc(buf.subarray(offset + 4, offset + 8 + length)) !== stored) throw new Error(`bad CRC in ${type} chunk`);
    if (type === 'IDAT') idat.push(body);
    offset += 12 + length;
    if (type === 'IEND') {
      sawEnd = true;
      break;
    }
  }
  if (!sawEnd) throw new Error('missing IEND chunk');
  if (idat.length === 0) throw new Error('no IDAT chunk');

  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length !== (stride + 1) * height) throw new Error(`IDAT holds ${raw.length} bytes, expected ${(stride + 1) * height}`);
  const pixels = new Uint8Array(stride * height);
  const at = (i: number): number => pixels[i] ?? 0;
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const row = y * stride;
    for (let x = 0; x < stride; x++) {
      const value = raw[y * (stride + 1) + 1 + x] ?? 0;
      const left = x >= channels ? at(row + x - channels) : 0;
      const up = y > 0 ? at(row - stride + x) : 0;
      const upLeft = y > 0 && x >= channels ? at(row - stride + x - channels) : 0;
      let predictor: number;
      switch (filter) {
        case 0:
          predictor = 0;
          break;
        case 1:
          predictor = left;
          break;
        case 2:
          predictor = up;
          break;
        case 3:
          predictor = (left + up) >> 1;
          break;
        case 4: {
          const p = left + up - upLeft;
          const pa = Math.abs(p - left);
          const pb = Math.abs(p - up);
          const pc = Math.abs(p - upLeft);
          predictor = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
          break;
        }
        default:
          throw new Error(`bad filter type ${String(filter)} on row ${y}`);
      }
      pixels[row + x] = (value + predictor) & 0xff;
    }
  }

  const rgba = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) {
    const s = i * channels;
    const grey = channels <= 2;
    rgba[i * 4] = at(s);
    rgba[i * 4 + 1] = grey ? at(s) : at(s + 1);
    rgba[i * 4 + 2] = grey ? at(s) : at(s + 2);
    rgba[i * 4 + 3] = channels === 2 ? at(s + 1) : channels === 4 ? at(s + 3) : 255;
  }
  return { width, height, colorType, rgba };
}
