/** Node's raw deflate for core's workbook writer (kept apart from output.ts: benchmarks bundle it for a page). */
import * as zlib from 'zlib';
import type { RawDeflateStreams } from '../core/export';

/** Queued bytes per part before the writer waits: zlib deflates on libuv's threads while the next rows are made. */
const ZLIB_QUEUE_BYTES = 1 << 20;

/** Raw deflate streams from Node's zlib, for core's workbook writer. */
export const zlibDeflateStreams: RawDeflateStreams = () => {
  // zlib passes its options on to its Transform stream, whose highWaterMark @types/node's ZlibOptions leaves out.
  const z = zlib.createDeflateRaw({ highWaterMark: ZLIB_QUEUE_BYTES } as zlib.ZlibOptions);
  const chunks: Uint8Array[] = [];
  z.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<void>((resolve, reject) => {
    z.on('end', resolve);
    z.on('error', reject);
  });
  finished.catch(() => undefined); // a failure reaches the writer through write() or end()
  return {
    async write(chunk) {
      // A full queue waits for zlib to drain it, or for the stream's failure (which ends any wait).
      if (!z.write(chunk)) await Promise.race([new Promise<void>(resolve => z.once('drain', resolve)), finished]);
    },
    async end() {
      z.end();
      await finished;
      return chunks;
    }
  };
};
