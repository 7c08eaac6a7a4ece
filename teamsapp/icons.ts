// Draws the Teams app icons with pure code so they are reproducible:
//   color.png   192x192  white "person + usage chart" glyph on a blue rounded square
//   outline.png  32x32   the same glyph, white (#FFFFFF) on fully transparent
// Shapes are signed distance functions in a 24x24 design grid, rasterised with 8x8 supersampling
// per pixel. PNG encoding: RGBA 8-bit, zlib deflate from Node, CRC32 computed here.
// Run `npx tsx teamsapp/icons.ts` to rewrite teamsapp/color.png and teamsapp/outline.png.
import { writeFileSync } from 'fs';
import { join } from 'path';
import { deflateSync } from 'zlib';

export const COLOR_SIZE = 192;
export const OUTLINE_SIZE = 32;
/** The manifest accentColor (Fluent brand blue, the midtone of the icon background gradient). */
export const ACCENT = '#0F6CBD';
/** Background gradient of the colour icon, top-left -> bottom-right. */
const BG_FROM: Rgb = [0x2a, 0x8a, 0xe0];
const BG_TO: Rgb = [0x0b, 0x4a, 0x9a];

type Rgb = [number, number, number];
type Sdf = (x: number, y: number) => number;

// ---------- signed distance primitives (negative inside) ----------
const circle =
  (cx: number, cy: number, r: number): Sdf =>
  (x, y) =>
    Math.hypot(x - cx, y - cy) - r;

/** Axis-aligned box [x0,x1]x[y0,y1] with top corner radius rt and bottom corner radius rb. */
function roundBox(x0: number, y0: number, x1: number, y1: number, rt: number, rb: number): Sdf {
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const hx = (x1 - x0) / 2;
  const hy = (y1 - y0) / 2;
  return (x, y) => {
    const px = x - cx;
    const py = y - cy;
    const r = py < 0 ? rt : rb;
    const qx = Math.abs(px) - hx + r;
    const qy = Math.abs(py) - hy + r;
    return Math.min(Math.max(qx, qy), 0) + Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) - r;
  };
}

const union =
  (...shapes: Sdf[]): Sdf =>
  (x, y) => {
    let d = Infinity;
    for (const shape of shapes) {
      const v = shape(x, y);
      if (v < d) d = v;
    }
    return d;
  };
const subtract =
  (a: Sdf, b: Sdf): Sdf =>
  (x, y) =>
    Math.max(a(x, y), -b(x, y));
const grow =
  (a: Sdf, d: number): Sdf =>
  (x, y) =>
    a(x, y) - d;

// ---------- the glyph, in a 24x24 grid ----------
// A person (head + shoulders) beside a three-bar usage chart, separated by a clear gap so both
// read at 32px.
const head = circle(4.8, 8.6, 3.4);
const shoulders = roundBox(0, 14.0, 9.6, 21.0, 4.8, 1.0);
const person = union(head, shoulders);
// Bar edges sit on whole grid units so the 32px outline icon (1 unit = 1px) stays crisp.
const bars = union(
  roundBox(11, 9, 14, 21, 1.0, 1.0),
  roundBox(16, 14, 19, 21, 1.0, 1.0),
  roundBox(21, 3, 24, 21, 1.0, 1.0)
);
// Keep a clear gap between the figure and the chart, even if the shapes are moved later.
const GAP = 1.2;
const chart = subtract(bars, grow(person, GAP));
/** Centre of the glyph's bounding box (x 0..24, y 3..21), placed at the centre of the icon. */
const GLYPH_CX = 12;
const GLYPH_CY = 12;

/** Maps pixel coordinates to design coordinates: pixel (cx,cy) -> design (gx,gy), `scale` units/px. */
interface Mapping {
  cx: number;
  cy: number;
  gx: number;
  gy: number;
  scale: number;
}

/**
 * Coverage (0..1) of a shape over one output pixel, from an n x n grid of samples. The distance
 * at the pixel centre bounds the distance to the edge (min/max of distances never overestimates),
 * so pixels farther than half a diagonal from any edge are fully in or out without sampling.
 */
function coverage(shape: Sdf, px: number, py: number, map: Mapping, n = 8): number {
  const centre = shape((px + 0.5 - map.cx) * map.scale + map.gx, (py + 0.5 - map.cy) * map.scale + map.gy);
  const halfDiagonal = Math.SQRT1_2 * map.scale;
  if (centre > halfDiagonal) return 0;
  if (centre < -halfDiagonal) return 1;
  let inside = 0;
  for (let sy = 0; sy < n; sy++) {
    for (let sx = 0; sx < n; sx++) {
      const x = (px + (sx + 0.5) / n - map.cx) * map.scale + map.gx;
      const y = (py + (sy + 0.5) / n - map.cy) * map.scale + map.gy;
      if (shape(x, y) <= 0) inside++;
    }
  }
  return inside / (n * n);
}

export interface Rgba {
  width: number;
  height: number;
  /** width*height*4 bytes, non-premultiplied RGBA */
  data: Uint8Array;
}

/** 192x192 colour icon: gradient rounded square, glyph inside the central safe area. */
export function drawColorIcon(size = COLOR_SIZE): Rgba {
  const data = new Uint8Array(size * size * 4);
  // Background square in pixel units; glyph box: 24 grid units mapped onto the central 112px
  // (Teams crops/rounds the colour icon, so the symbol keeps ~40px of padding on each side).
  const bg = roundBox(0, 0, size, size, size * 0.22, size * 0.22);
  const glyph: Mapping = { cx: size / 2, cy: size / 2, gx: GLYPH_CX, gy: GLYPH_CY, scale: 24 / (size * (112 / 192)) };
  const identity: Mapping = { cx: 0, cy: 0, gx: 0, gy: 0, scale: 1 };
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const a = coverage(bg, px, py, identity, 4);
      const t = (px + py) / (2 * (size - 1));
      const base: Rgb = [
        BG_FROM[0] + (BG_TO[0] - BG_FROM[0]) * t,
        BG_FROM[1] + (BG_TO[1] - BG_FROM[1]) * t,
        BG_FROM[2] + (BG_TO[2] - BG_FROM[2]) * t
      ];
      const p = coverage(person, px, py, glyph);
      const c = coverage(chart, px, py, glyph);
      // person solid white; bars white at 88% so the figure sits in front
      const w = Math.min(1, p + c * 0.88);
      const i = (py * size + px) * 4;
      data[i] = Math.round(base[0] + (255 - base[0]) * w);
      data[i + 1] = Math.round(base[1] + (255 - base[1]) * w);
      data[i + 2] = Math.round(base[2] + (255 - base[2]) * w);
      data[i + 3] = Math.round(a * 255);
    }
  }
  return { width: size, height: size, data };
}

/** 32x32 outline icon: white glyph, alpha only, on a fully transparent background. */
export function drawOutlineIcon(size = OUTLINE_SIZE): Rgba {
  const data = new Uint8Array(size * size * 4);
  // 24 grid units onto the central 24px: 1 unit = 1px at 32x32, 4px padding each side.
  const map: Mapping = { cx: size / 2, cy: size / 2, gx: GLYPH_CX, gy: GLYPH_CY, scale: 24 / (size * (24 / 32)) };
  const glyph = union(person, chart);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const a = coverage(glyph, px, py, map);
      const i = (py * size + px) * 4;
      const alpha = Math.round(a * 255);
      // fully transparent pixels are (0,0,0,0); every visible pixel is pure white
      data[i] = data[i + 1] = data[i + 2] = alpha === 0 ? 0 : 255;
      data[i + 3] = alpha;
    }
  }
  return { width: size, height: size, data };
}

// ---------- PNG encoding ----------
const CRC_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, body: Uint8Array): Buffer {
  const out = Buffer.alloc(12 + body.length);
  out.writeUInt32BE(body.length, 0);
  out.write(type, 4, 'ascii');
  Buffer.from(body).copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + body.length)), 8 + body.length);
  return out;
}

/** Encodes RGBA pixels as a PNG (colour type 6, 8 bits, filter 0 on every row). */
export function encodePng(image: Rgba): Buffer {
  const { width, height, data } = image;
  if (data.length !== width * height * 4) throw new Error(`encodePng: expected ${width * height * 4} bytes, got ${data.length}`);
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type RGBA
  ihdr[10] = 0; // compression
  ihdr[11] = 0; // filter method
  ihdr[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type None
    Buffer.from(data.buffer, data.byteOffset + y * stride, stride).copy(raw, y * (stride + 1) + 1);
  }
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', new Uint8Array(0))
  ]);
}

export function renderIcons(): { color: Buffer; outline: Buffer } {
  return { color: encodePng(drawColorIcon()), outline: encodePng(drawOutlineIcon()) };
}

if (require.main === module) {
  const { color, outline } = renderIcons();
  for (const [name, bytes] of [
    ['color.png', color],
    ['outline.png', outline]
  ] as const) {
    const file = join(__dirname, name);
    writeFileSync(file, bytes);
    console.log(`wrote ${file} (${bytes.length} bytes)`);
  }
}
