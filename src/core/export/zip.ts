/** A zip package (PKWARE APPNOTE: local headers, the parts, the central directory) of parts already packed. */
import type { IZipPart } from './deflate';

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const END_SIG = 0x06054b50;
/** 1980-01-01 00:00 in MS-DOS form: a fixed time, so the same sheets always make the same bytes. */
const DOS_DATE = (1 << 5) | 1;
const DOS_TIME = 0;

function asciiBytes(name: string): Uint8Array {
  const out = new Uint8Array(name.length);
  for (let i = 0; i < name.length; i++) out[i] = name.charCodeAt(i) & 0x7f;
  return out;
}

function packedSize(part: IZipPart): number {
  let n = 0;
  for (const chunk of part.chunks) n += chunk.length;
  return n;
}

/**
 * The fields a local header (at `at`) and a central record (at `at` - 2) share: version needed (2.0), flags,
 * method, time, date, CRC, sizes, name length, extra length (none).
 */
function shared(view: DataView, at: number, part: IZipPart, compressed: number, nameLength: number): void {
  view.setUint16(at + 4, 20, true);
  view.setUint16(at + 6, 0, true);
  view.setUint16(at + 8, part.method, true);
  view.setUint16(at + 10, DOS_TIME, true);
  view.setUint16(at + 12, DOS_DATE, true);
  view.setUint32(at + 14, part.crc, true);
  view.setUint32(at + 18, compressed, true);
  view.setUint32(at + 22, part.size, true);
  view.setUint16(at + 26, nameLength, true);
  view.setUint16(at + 28, 0, true);
}

/** The package's bytes, parts in the order given (names are ASCII part names). */
export function zipParts(parts: ReadonlyArray<IZipPart>): Uint8Array {
  const names = parts.map((p) => asciiBytes(p.name));
  const sizes = parts.map(packedSize);
  let total = 22;
  parts.forEach((_, k) => { total += 30 + 46 + 2 * (names[k] as Uint8Array).length + (sizes[k] as number); });
  if (total > 0xffffffff || parts.length > 0xffff) throw new RangeError('The workbook is too large for a zip without ZIP64.');
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const offsets: number[] = [];
  let at = 0;
  parts.forEach((part, k) => {
    const name = names[k] as Uint8Array;
    offsets.push(at);
    view.setUint32(at, LOCAL_SIG, true);
    shared(view, at, part, sizes[k] as number, name.length);
    out.set(name, at + 30);
    at += 30 + name.length;
    for (const chunk of part.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
  });
  const central = at;
  parts.forEach((part, k) => {
    const name = names[k] as Uint8Array;
    shared(view, at + 2, part, sizes[k] as number, name.length); // a local header's fields, 2 bytes further on
    view.setUint32(at, CENTRAL_SIG, true);
    view.setUint16(at + 4, 20, true); // made by: 2.0
    view.setUint16(at + 32, 0, true); // comment
    view.setUint16(at + 34, 0, true); // disk
    view.setUint16(at + 36, 0, true); // internal attributes
    view.setUint32(at + 38, 0, true); // external attributes
    view.setUint32(at + 42, offsets[k] as number, true);
    out.set(name, at + 46);
    at += 46 + name.length;
  });
  view.setUint32(at, END_SIG, true);
  view.setUint16(at + 8, parts.length, true);
  view.setUint16(at + 10, parts.length, true);
  view.setUint32(at + 12, at - central, true);
  view.setUint32(at + 16, central, true);
  return out;
}
