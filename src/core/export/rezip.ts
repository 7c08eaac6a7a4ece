/**
 * Re-compress a stored (uncompressed) .zip with a native deflate.
 *
 * SheetJS compresses with its own JavaScript deflate, which is about half of a large export's time.
 * Asked for `compression: false`, it writes the same package with stored entries; this repacks that
 * package with the host's deflate (`zlib` in Node, `CompressionStream('deflate-raw')` in browsers),
 * which is several times faster and compresses better. Entries, names, CRCs and order are kept.
 */

/** A raw-deflate function: bytes in, RFC 1951 deflate data out (no zlib or gzip wrapper). */
export type DeflateRaw = (data: Uint8Array) => Promise<Uint8Array> | Uint8Array;

const LOCAL_SIG = 0x04034b50;
const CENTRAL_SIG = 0x02014b50;
const END_SIG = 0x06054b50;
const STORED = 0;
const DEFLATED = 8;
/** Entries smaller than this are left stored: deflate would save nothing worth a header. */
const MIN_DEFLATE = 256;

interface IEntry {
  name: Uint8Array;
  crc: number;
  size: number;
  data: Uint8Array;
  time: number;
  date: number;
}

/** Read a zip whose entries are all stored (what SheetJS writes with `compression: false`). */
function readStoredZip(zip: Uint8Array): IEntry[] {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let end = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === END_SIG) {
      end = i;
      break;
    }
  }
  if (end < 0) throw new Error('Not a zip package: no end of central directory.');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries: IEntry[] = [];
  for (let k = 0; k < count; k++) {
    if (view.getUint32(at, true) !== CENTRAL_SIG) throw new Error('Not a zip package: broken central directory.');
    const method = view.getUint16(at + 10, true);
    const time = view.getUint16(at + 12, true);
    const date = view.getUint16(at + 14, true);
    const crc = view.getUint32(at + 16, true);
    const compressed = view.getUint32(at + 20, true);
    const size = view.getUint32(at + 24, true);
    const nameLen = view.getUint16(at + 28, true);
    const extraLen = view.getUint16(at + 30, true);
    const commentLen = view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = zip.subarray(at + 46, at + 46 + nameLen);
    if (method !== STORED || compressed !== size) throw new Error('The package is already compressed.');
    if (view.getUint32(local, true) !== LOCAL_SIG) throw new Error('Not a zip package: broken local header.');
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    entries.push({ name, crc, size, data: zip.subarray(start, start + size), time, date });
    at += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Repack a stored zip with `deflateRaw`; the package's parts and their CRCs are unchanged. */
export async function rezip(stored: Uint8Array, deflateRaw: DeflateRaw): Promise<Uint8Array> {
  const entries = readStoredZip(stored);
  const parts: Array<{ entry: IEntry; method: number; body: Uint8Array }> = [];
  for (const entry of entries) {
    const packed = entry.size >= MIN_DEFLATE ? await deflateRaw(entry.data) : undefined;
    parts.push(packed && packed.length < entry.size ? { entry, method: DEFLATED, body: packed } : { entry, method: STORED, body: entry.data });
  }
  let total = 22;
  for (const p of parts) total += 30 + p.entry.name.length + p.body.length + 46 + p.entry.name.length;
  if (total > 0xffffffff) throw new RangeError('The workbook is too large for a zip without ZIP64.');
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const offsets: number[] = [];
  let at = 0;
  for (const p of parts) {
    offsets.push(at);
    view.setUint32(at, LOCAL_SIG, true);
    shared(view, at, p.method, p.entry, p.body.length);
    out.set(p.entry.name, at + 30);
    out.set(p.body, at + 30 + p.entry.name.length);
    at += 30 + p.entry.name.length + p.body.length;
  }
  const central = at;
  parts.forEach((p, k) => {
    shared(view, at + 2, p.method, p.entry, p.body.length); // a local header's fields, 2 bytes further on
    view.setUint32(at, CENTRAL_SIG, true);
    view.setUint16(at + 4, 20, true); // made by: 2.0
    view.setUint16(at + 32, 0, true); // comment
    view.setUint16(at + 34, 0, true); // disk
    view.setUint16(at + 36, 0, true); // internal attributes
    view.setUint32(at + 38, 0, true); // external attributes
    view.setUint32(at + 42, offsets[k] ?? 0, true);
    out.set(p.entry.name, at + 46);
    at += 46 + p.entry.name.length;
  });
  view.setUint32(at, END_SIG, true);
  view.setUint16(at + 8, parts.length, true);
  view.setUint16(at + 10, parts.length, true);
  view.setUint32(at + 12, at - central, true);
  view.setUint32(at + 16, central, true);
  return out;
}

/**
 * The fields a local header (at `at`) and a central record (at `at` - 2) share: version needed, flags,
 * method, time, date, CRC, sizes, name length, extra length (none).
 */
function shared(view: DataView, at: number, method: number, entry: IEntry, compressed: number): void {
  view.setUint16(at + 4, 20, true);
  view.setUint16(at + 6, 0, true);
  view.setUint16(at + 8, method, true);
  view.setUint16(at + 10, entry.time, true);
  view.setUint16(at + 12, entry.date, true);
  view.setUint32(at + 14, entry.crc, true);
  view.setUint32(at + 18, compressed, true);
  view.setUint32(at + 22, entry.size, true);
  view.setUint16(at + 26, entry.name.length, true);
  view.setUint16(at + 28, 0, true);
}

/** The browser's native raw deflate, when it has one (`CompressionStream('deflate-raw')`). */
export function browserDeflateRaw(): DeflateRaw | undefined {
  const CS = (globalThis as { CompressionStream?: new (format: string) => { readable: ReadableStream<Uint8Array>; writable: WritableStream<Uint8Array> } }).CompressionStream;
  if (typeof CS !== 'function' || typeof Response === 'undefined') return undefined;
  try {
    new CS('deflate-raw');
  } catch {
    return undefined; // an engine that knows only gzip/deflate
  }
  return async (data: Uint8Array) => {
    const stream = new CS('deflate-raw');
    const writer = stream.writable.getWriter();
    void writer.write(data).then(() => writer.close(), () => undefined);
    return new Uint8Array(await new Response(stream.readable).arrayBuffer());
  };
}
