/**
 * Parts of a zip package written as they are made: each part's bytes go, chunk by chunk, through the host's
 * raw deflate (CompressionStream in browsers and workers, zlib in Node) while their CRC-32 and size are counted,
 * so no part is ever held whole and uncompressed.
 */
import { crc32, crc32Combine } from './crc32';

/** A raw deflate (RFC 1951) compressor fed chunk by chunk: one per part. */
export interface IRawDeflateStream {
  /** Compress a chunk (the caller never reuses it); resolves when the next may be written. */
  write(chunk: Uint8Array): Promise<void>;
  /** Finish; resolves with all the compressed bytes, in order. */
  end(): Promise<Uint8Array[]>;
}

/** Starts a raw deflate stream: what a host gives the workbook writer. */
export type RawDeflateStreams = () => IRawDeflateStream;

/** Zip's compression methods. */
export const STORED = 0;
export const DEFLATED = 8;

/** One part of the package, ready for the zip. */
export interface IZipPart {
  name: string;
  method: typeof STORED | typeof DEFLATED;
  /** CRC-32 and length of the uncompressed bytes. */
  crc: number;
  size: number;
  /** The bytes as stored in the zip (deflated or not). */
  chunks: Uint8Array[];
}

/** Parts this small are stored: deflate would save nothing worth its time. */
const MIN_DEFLATE = 256;
/** A stored deflate block holds at most this many bytes (its LEN field is 16 bits). */
const MAX_STORED_BLOCK = 0xffff;

/** One part being written: its CRC-32 and size counted over the bytes as given, deflated or kept as they are. */
export class PartWriter {
  private crc = 0;
  private size = 0;
  private readonly kept: Uint8Array[] = [];
  private readonly stream: IRawDeflateStream | undefined;

  public constructor(private readonly name: string, streams: RawDeflateStreams | undefined) {
    this.stream = streams?.();
  }

  public async write(bytes: Uint8Array): Promise<void> {
    if (bytes.length === 0) return;
    this.crc = crc32(bytes, this.crc);
    this.size += bytes.length;
    if (this.stream) await this.stream.write(bytes);
    else this.kept.push(bytes);
  }

  /**
   * The finished part, `head` before everything written. A sheet's head (its column widths) is known only once
   * its rows are written, so it is put in front as stored deflate blocks: a deflate stream may begin with
   * stored blocks, and those end on a byte boundary where the deflated rows begin.
   */
  public async end(head?: Uint8Array): Promise<IZipPart> {
    const before = head ?? new Uint8Array(0);
    const crc = before.length ? crc32Combine(crc32(before), this.crc, this.size) : this.crc;
    const size = before.length + this.size;
    if (!this.stream) return { name: this.name, method: STORED, crc, size, chunks: before.length ? [before, ...this.kept] : this.kept };
    const deflated = await this.stream.end();
    return { name: this.name, method: DEFLATED, crc, size, chunks: before.length ? [...storedBlocks(before), ...deflated] : deflated };
  }
}

/** `data` as stored deflate blocks, none of them final: each a 0 byte (BFINAL 0, BTYPE 00), LEN, NLEN, the bytes. */
export function storedBlocks(data: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < data.length; at += MAX_STORED_BLOCK) {
    const piece = data.subarray(at, Math.min(data.length, at + MAX_STORED_BLOCK));
    const header = new Uint8Array(5);
    header[1] = piece.length & 0xff;
    header[2] = piece.length >>> 8;
    header[3] = ~piece.length & 0xff;
    header[4] = (~piece.length >>> 8) & 0xff;
    out.push(header, piece);
  }
  return out;
}

/** A small part written whole (stored when tiny). */
export async function wholePart(name: string, bytes: Uint8Array, streams: RawDeflateStreams | undefined): Promise<IZipPart> {
  const part = new PartWriter(name, bytes.length >= MIN_DEFLATE ? streams : undefined);
  await part.write(bytes);
  return part.end();
}

interface ICompressionStream {
  readable: ReadableStream<Uint8Array>;
  writable: WritableStream<Uint8Array>;
}
type CompressionStreamClass = new (format: string) => ICompressionStream;

/** The browser's (or worker's) raw deflate, when it has one: `CompressionStream('deflate-raw')`. */
export function browserDeflateStreams(): RawDeflateStreams | undefined {
  const CS = (globalThis as { CompressionStream?: CompressionStreamClass }).CompressionStream;
  if (typeof CS !== 'function') return undefined;
  try {
    new CS('deflate-raw');
  } catch {
    return undefined; // an engine that knows only gzip/deflate
  }
  return () => compressionStream(new CS('deflate-raw'));
}

function compressionStream(stream: ICompressionStream): IRawDeflateStream {
  const writer = stream.writable.getWriter();
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  // Read as it is written: a transform stream compresses a chunk only once its output is taken.
  const drained = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return chunks;
      chunks.push(value);
    }
  })();
  drained.catch(() => undefined); // its failure is the writer's too, reported there
  return {
    async write(chunk) {
      await writer.ready;
      // Waiting for `ready` (not for this write) keeps one chunk queued: bounded memory, no idle compressor.
      writer.write(chunk).catch(() => undefined);
    },
    async end() {
      await writer.close();
      return drained;
    }
  };
}
