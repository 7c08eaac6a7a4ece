/**
 * Our hand-written code against the library that would replace it, in one run (issue 14, part 5):
 *
 * - CSV: the 50,000-row getOffice365ActiveUserDetail report (the catalog's 24 headers, BOM, CRLF),
 *   fed in 64 KiB text chunks as a download stream gives them, read by our ReportCsvReader and by
 *   papaparse in its streaming (chunk) mode. Two shapes of file: display names without commas (no
 *   quote in the file: papaparse's fast path) and every display name "Last, First" (quoted).
 * - Zip: the rezip step of the 100,000-row Users export (SheetJS's stored package -> deflated parts),
 *   ours against fflate, with each deflate that could do the work.
 *
 * Medians of 9 (CSV) and 5 (zip) runs, taken in turn, the order reversed every run, so a slow minute
 * of this shared machine falls on both. One JSON line per variant (with every run's ms), one per pair
 * with the ratio theirs / ours (> 1: ours faster), and the min+gzip bytes each would add to a bundle.
 * Each library's output is checked against ours first (same typed rows; same zip parts).
 *
 *   npm run bench -- --only libraries [--quick: 10,000 report rows, a 20,000-row export, fewer runs]
 */
import * as v8 from 'v8';
import * as vm from 'vm';
import * as zlib from 'zlib';
import * as path from 'path';
import { build } from 'esbuild';
import Papa from 'papaparse';
import { unzip, unzipSync, zip, zipSync, deflateSync, Zip, ZipPassThrough } from 'fflate';
import type { Unzipped } from 'fflate';
import * as XLSX from 'xlsx';
import { ReportCsvReader, requireReport } from '../../src/core/reports';
import type { IReportEntry, ReportRow } from '../../src/core/reports/types';
import { buildWorkbook } from '../../src/core/export/workbook';
import { browserDeflateRaw, rezip } from '../../src/core/export/rezip';
import type { DeflateRaw } from '../../src/core/export/rezip';
import { makeUserRows, USER_COLUMNS } from './export.bench';

type Line = Record<string, unknown>;

const ROOT = path.resolve(__dirname, '..', '..');
const CHUNK = 64 * 1024;

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

const round = (n: number, digits = 1): number => Math.round(n * 10 ** digits) / 10 ** digits;
const mb = (bytes: number): number => round(bytes / 1048576, 1);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

// ------------------------------------------------------------------------------------- CSV

const FIRST = ['Adele', 'Alex', 'Diego', 'Grady', 'Henrietta', 'Isaiah', 'Johanna', 'Joni', 'Lee', 'Lidia', 'Lynne', 'Megan', 'Miriam', 'Nestor', 'Patti', 'Pradeep'];
const LAST = ['Vance', 'Wilber', 'Siciliani', 'Archie', 'Mueller', 'Langer', 'Lorenz', 'Sherman', 'Gu', 'Holloway', 'Robbins', 'Bowen', 'Graham', 'Wilke', 'Fernandez', 'Gupta'];
const PRODUCTS = ['MICROSOFT 365 E5', 'MICROSOFT 365 E3', 'OFFICE 365 E1', 'POWER BI PRO', 'VISIO PLAN 2', 'MICROSOFT TEAMS ROOMS STANDARD'];

/** Days before the refresh date as Graph's YYYY-MM-DD (UTC, so the file is the same in every zone). */
const REFRESH_MS = Date.UTC(2026, 10, 18);
const dayBefore = (days: number): string => new Date(REFRESH_MS - days * 86_400_000).toISOString().slice(0, 10);

/**
 * A getOffice365ActiveUserDetail CSV as Graph's v1.0 download writes it: BOM, CRLF, the catalog's
 * headers, a field quoted only when it holds a comma or quote. Deterministic (a fixed seed).
 */
export function makeActiveUserCsv(rows: number, quotedNames: boolean): string {
  const entry = requireReport('getOffice365ActiveUserDetail');
  let seed = 7;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const refresh = dayBefore(0);
  const lines: string[] = [entry.columns.map(c => c.header).join(',')];
  for (let i = 0; i < rows; i++) {
    const first = FIRST[rnd(FIRST.length)] ?? '';
    const last = LAST[rnd(LAST.length)] ?? '';
    const deleted = rnd(200) === 0;
    const licences = [0, 1, 2, 3, 4, 5].map(() => rnd(5) !== 0);
    const activity = licences.map(l => (l && rnd(4) !== 0 ? dayBefore(rnd(90)) : ''));
    const assigned = licences.map(l => (l ? dayBefore(100 + rnd(900)) : ''));
    const products = PRODUCTS.filter(() => rnd(3) === 0).join('+');
    lines.push(
      [
        refresh,
        `${first}.${last}${i}@contoso.com`.toLowerCase(),
        quotedNames ? `"${last}, ${first}"` : `${first} ${last}`,
        deleted ? 'True' : 'False',
        deleted ? dayBefore(rnd(30)) : '',
        ...licences.map(l => (l ? 'True' : 'False')),
        ...activity,
        ...assigned,
        products
      ].join(',')
    );
  }
  return '\uFEFF' + lines.join('\r\n') + '\r\n';
}

/** The text cut into download-sized chunks (as a TextDecoderStream over a fetch body gives them). */
function chunksOf(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += CHUNK) out.push(text.slice(i, i + CHUNK));
  return out;
}

/** Ours: the ReportCsvReader the CLI's v1.0 CSV read goes through, fed chunk by chunk. */
function readOurs(entry: IReportEntry, chunks: string[]): ReportRow[] {
  const reader = new ReportCsvReader(entry);
  const rows: ReportRow[] = [];
  for (const chunk of chunks) for (const row of reader.push(chunk)) rows.push(row);
  for (const row of reader.end()) rows.push(row);
  return rows;
}

/** ReportCsvReader's own steps after the tokenizer: a header row to columns, a record to a typed row. */
interface IReaderSteps {
  readHeader(fields: string[]): void;
  readRow(fields: string[], line: number): ReportRow;
}

/**
 * papaparse as the reader's tokenizer: its ReadableStreamStreamer (streaming mode, a chunk callback per
 * chunk) fed the same chunks, its records typed by the very same code as ours (ReportCsvReader's header
 * and row steps, reached past `private`: a bench-only shortcut), so the difference is the tokenizer.
 * A lower bound of a switch: it leaves out what ours also does and papaparse does not (physical line
 * numbers for warnings, CRLF inside quoted values made '\n', line ends told across a chunk boundary,
 * text after a closing quote).
 */
function readPapa(entry: IReportEntry, chunks: string[]): ReportRow[] {
  const rows: ReportRow[] = [];
  const steps = new ReportCsvReader(entry) as unknown as IReaderSteps;
  let line = 0;
  const take = (record: string[]): void => {
    line++;
    if (line === 1) steps.readHeader(record);
    else rows.push(steps.readRow(record, line));
  };
  // A minimal readable: papaparse listens for data and end, and parses each chunk as it arrives.
  const on: Record<string, (chunk?: string) => void> = {};
  const source = { readable: true, read: () => null, on: (event: string, fn: (chunk?: string) => void) => void (on[event] = fn), removeListener: () => undefined, pause: () => undefined, resume: () => undefined };
  Papa.parse(source as unknown as NodeJS.ReadableStream, {
    skipEmptyLines: true,
    chunk: (result: Papa.ParseResult<string[]>) => {
      for (const record of result.data) take(record);
    },
    complete: () => undefined
  });
  chunks.forEach((chunk, i) => on.data?.(i === 0 && chunk.charCodeAt(0) === 0xfeff ? chunk.slice(1) : chunk));
  on.end?.();
  return rows;
}

/** Our tokenizer alone: ReportCsvReader with its row step replaced by one that keeps the record as it is. */
function tokensOurs(entry: IReportEntry, chunks: string[]): string[][] {
  const reader = new ReportCsvReader(entry);
  (reader as unknown as { readRow: (fields: string[]) => string[] }).readRow = fields => fields;
  const records: string[][] = [];
  for (const chunk of chunks) for (const record of reader.push(chunk)) records.push(record as unknown as string[]);
  for (const record of reader.end()) records.push(record as unknown as string[]);
  return records;
}

/** papaparse's tokenizer alone (its StringStreamer in chunks, records untyped): what it costs at least. */
function tokensPapa(text: string): string[][] {
  const records: string[][] = [];
  let header = true;
  Papa.parse<string[]>(text, {
    chunkSize: CHUNK,
    skipEmptyLines: true,
    chunk: (result: Papa.ParseResult<string[]>) => {
      for (const record of result.data) {
        if (header) header = false;
        else records.push(record);
      }
    },
    complete: () => undefined
  });
  return records;
}

interface ITimed {
  ms: number[];
  heap: number[];
  count: number;
}

/** Times fn `runs` times; heap delta = heap with the result held minus heap before (both after a full GC). */
function timeRuns(runs: number, fns: Record<string, () => unknown[]>): Record<string, ITimed> {
  const out: Record<string, ITimed> = {};
  for (const name of Object.keys(fns)) out[name] = { ms: [], heap: [], count: 0 };
  for (let r = 0; r < runs; r++) {
    // Alternate the order every run, so neither side always runs on a warmer (or a busier) machine.
    const names = r % 2 === 0 ? Object.keys(fns) : Object.keys(fns).reverse();
    for (const name of names) {
      const fn = fns[name];
      const t = out[name];
      if (!fn || !t) continue;
      gc();
      const before = process.memoryUsage().heapUsed;
      const t0 = performance.now();
      let result: unknown[] | undefined = fn();
      t.ms.push(performance.now() - t0);
      gc();
      t.heap.push(process.memoryUsage().heapUsed - before);
      t.count = result.length;
      result = undefined;
    }
  }
  return out;
}

export function csvBench(rows: number, runs: number): Line[] {
  const entry = requireReport('getOffice365ActiveUserDetail');
  const out: Line[] = [];
  for (const quoted of [false, true]) {
    const text = makeActiveUserCsv(rows, quoted);
    const chunks = chunksOf(text);
    const shape = quoted ? 'quoted-names' : 'plain';
    // Same rows, same cells: otherwise the timing compares different work.
    const ours = readOurs(entry, chunks);
    const theirs = readPapa(entry, chunks);
    const same = ours.length === rows && JSON.stringify(ours) === JSON.stringify(theirs);
    if (!same) throw new Error(`csv ${shape}: papaparse's rows differ from ours`);
    // Warm both up (the JIT), then time.
    readOurs(entry, chunks);
    tokensPapa(text);
    const timed = timeRuns(runs, {
      ours: () => readOurs(entry, chunks),
      papaparse: () => readPapa(entry, chunks),
      'ours-tokens-only': () => tokensOurs(entry, chunks),
      'papaparse-tokens-only': () => tokensPapa(text)
    });
    const line = (variant: string, t: ITimed): Line => {
      const ms = median(t.ms);
      return { bench: `libraries-csv-${variant}`, shape, rows: t.count, fileMB: mb(text.length), chunkKiB: CHUNK / 1024, runs, medianMs: round(ms), rowsPerSec: Math.round((t.count * 1000) / ms), heapDeltaMB: mb(median(t.heap)), runsMs: t.ms.map(x => Math.round(x)) };
    };
    const o = timed.ours as ITimed;
    const p = timed.papaparse as ITimed;
    const ot = timed['ours-tokens-only'] as ITimed;
    const pt = timed['papaparse-tokens-only'] as ITimed;
    out.push(line('ours', o), line('papaparse', p), line('ours-tokens-only', ot), line('papaparse-tokens-only', pt));
    out.push({
      bench: 'libraries-csv-ratio',
      shape,
      rows,
      oursMs: round(median(o.ms)),
      papaparseMs: round(median(p.ms)),
      papaparseOverOurs: round(median(p.ms) / median(o.ms), 2),
      oursTokensOnlyMs: round(median(ot.ms)),
      papaparseTokensOnlyMs: round(median(pt.ms)),
      tokensOnlyPapaparseOverOurs: round(median(pt.ms) / median(ot.ms), 2),
      sameRows: same
    });
  }
  return out;
}

// ------------------------------------------------------------------------------------- zip

const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};

/** A part for fflate's Zip whose data goes in already deflated (the CRC is still fflate's, of the raw data). */
class Predeflated extends ZipPassThrough {
  public constructor(name: string, private readonly packed: Uint8Array) {
    super(name);
    this.compression = 8;
  }

  protected process(_chunk: Uint8Array, final: boolean): void {
    this.ondata(null, this.packed, final);
  }
}

/** fflate does it all: unzip the stored package, zip it again with its own (JavaScript) deflate. */
function fflateSync(stored: Uint8Array): Uint8Array {
  return zipSync(unzipSync(stored), { level: 6 });
}

/** fflate's async API: in Node, worker threads (one per part); in a browser, Web Workers. */
async function fflateAsync(stored: Uint8Array): Promise<Uint8Array> {
  const files = await new Promise<Unzipped>((resolve, reject) => unzip(stored, (e, d) => (e ? reject(e) : resolve(d))));
  return new Promise<Uint8Array>((resolve, reject) => zip(files, { level: 6 }, (e, d) => (e ? reject(e) : resolve(d))));
}

/**
 * fflate only for the container, the deflate stays native: its streaming Zip with one ZipPassThrough
 * per part whose output is the part deflated by `deflateRaw` (the shape a switch that keeps
 * CompressionStream would have). fflate writes data descriptors and recomputes the CRCs.
 */
async function fflateContainer(stored: Uint8Array, deflateRaw: DeflateRaw): Promise<Uint8Array> {
  const files = unzipSync(stored);
  const parts: Uint8Array[] = [];
  let done: (() => void) | undefined;
  let failed: ((e: Error) => void) | undefined;
  const finished = new Promise<void>((resolve, reject) => {
    done = resolve;
    failed = reject;
  });
  const archive = new Zip((e, chunk, final) => {
    if (e) failed?.(e);
    else {
      parts.push(chunk);
      if (final) done?.();
    }
  });
  for (const [name, data] of Object.entries(files)) {
    const packed = data.length >= 256 ? await deflateRaw(data) : undefined;
    const file = packed && packed.length < data.length ? new Predeflated(name, packed) : new ZipPassThrough(name);
    archive.add(file);
    file.push(data, true);
  }
  archive.end();
  await finished;
  return concat(parts);
}

const zlibDeflate: DeflateRaw = d => zlib.deflateRawSync(d);
const fflateDeflate: DeflateRaw = d => deflateSync(d, { level: 6 });

export async function zipBench(rows: number, runs: number): Promise<Line[]> {
  const cs = browserDeflateRaw();
  if (!cs) throw new Error('This Node has no CompressionStream("deflate-raw") (Node 20.12 or later has).');
  const stored = buildWorkbook(XLSX, [{ name: 'Users', columns: USER_COLUMNS, rows: makeUserRows(rows) }], { compression: false });
  const variants: Record<string, () => Promise<Uint8Array> | Uint8Array> = {
    'ours-compressionstream': () => rezip(stored, cs),
    'fflate-zipsync': () => fflateSync(stored),
    'fflate-zip-async': () => fflateAsync(stored),
    'ours-zlib': () => rezip(stored, zlibDeflate),
    'ours-fflate-deflate': () => rezip(stored, fflateDeflate),
    'fflate-container-compressionstream': () => fflateContainer(stored, cs)
  };
  const ms: Record<string, number[]> = {};
  const cpu: Record<string, number[]> = {};
  const size: Record<string, number> = {};
  for (let r = 0; r < runs; r++) {
    const names = r % 2 === 0 ? Object.keys(variants) : Object.keys(variants).reverse();
    for (const name of names) {
      const run = variants[name];
      if (!run) continue;
      gc();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const bytes = await run();
      (ms[name] ??= []).push(performance.now() - t0);
      const c = process.cpuUsage(c0);
      (cpu[name] ??= []).push((c.user + c.system) / 1000);
      size[name] = bytes.length;
      // Every variant's file must hold the stored package's parts, byte for byte.
      if (r === 0) checkSameParts(stored, bytes, name);
    }
  }
  const out: Line[] = [];
  for (const name of Object.keys(variants)) {
    out.push({ bench: `libraries-rezip-${name}`, rows, storedMB: mb(stored.length), runs, medianMs: Math.round(median(ms[name] ?? [])), cpuMs: Math.round(median(cpu[name] ?? [])), fileMB: mb(size[name] ?? 0), fileBytes: size[name], runsMs: (ms[name] ?? []).map(x => Math.round(x)) });
  }
  const pair = (what: string, oursName: string, theirsName: string): Line => {
    const o = median(ms[oursName] ?? []);
    const t = median(ms[theirsName] ?? []);
    return { bench: 'libraries-rezip-ratio', what, rows, ours: oursName, theirs: theirsName, oursMs: Math.round(o), theirsMs: Math.round(t), theirsOverOurs: round(t / o, 2), oursBytes: size[oursName], theirsBytes: size[theirsName], theirsSizeOverOurs: round((size[theirsName] ?? 0) / (size[oursName] ?? 1), 3) };
  };
  out.push(
    pair('the browser path: native deflate (CompressionStream) vs fflate doing it all', 'ours-compressionstream', 'fflate-zipsync'),
    pair('the browser path vs fflate async (workers)', 'ours-compressionstream', 'fflate-zip-async'),
    pair('deflate alone: native (CompressionStream) vs fflate, both in our repack', 'ours-compressionstream', 'ours-fflate-deflate'),
    pair('repack alone: ours vs fflate container, both with CompressionStream', 'ours-compressionstream', 'fflate-container-compressionstream')
  );
  return out;
}

/** Throws unless `bytes` unzips to the same parts (names in order, contents) as the stored package. */
function checkSameParts(stored: Uint8Array, bytes: Uint8Array, name: string): void {
  const a = unzipSync(stored);
  const b = unzipSync(bytes);
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  const same = ka.join('\n') === kb.join('\n') && ka.every(k => Buffer.from(a[k] ?? []).equals(Buffer.from(b[k] ?? [])));
  if (!same) throw new Error(`rezip ${name}: the parts differ from the stored package's`);
}

// ------------------------------------------------------------------------------------- bundle

/** Minified + gzip bytes a browser bundle gains from one import (esbuild, as the worker is built). */
async function bundleBytes(contents: string, external: string[] = []): Promise<{ bytes: number; gzipBytes: number }> {
  const result = await build({
    stdin: { contents, resolveDir: ROOT, loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2019',
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'silent',
    external
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { bytes: code.length, gzipBytes: zlib.gzipSync(code, { level: 9 }).length };
}

export async function bundleBench(): Promise<Line[]> {
  const sizes: Array<[string, string, string[]]> = [
    ['ours-csv', "export { ReportCsvReader } from './src/core/reports/csv';", ['./cells']],
    ['papaparse', "import Papa from 'papaparse'; export const parse = Papa.parse;", []],
    ['ours-rezip', "export { rezip, browserDeflateRaw } from './src/core/export/rezip';", []],
    ['fflate-zipsync-unzipsync', "export { zipSync, unzipSync } from 'fflate';", []],
    ['fflate-zip-passthrough-unzipsync', "export { Zip, ZipPassThrough, unzipSync } from 'fflate';", []]
  ];
  const out: Line[] = [];
  for (const [what, contents, external] of sizes) out.push({ bench: 'libraries-bundle', what, ...(await bundleBytes(contents, external)) });
  return out;
}

/** Every figure of the libraries bench, printed part by part. */
export async function librariesBench(quick: boolean, print: (line: Line) => void): Promise<void> {
  for (const line of await bundleBench()) print(line);
  for (const line of csvBench(quick ? 10_000 : 50_000, quick ? 3 : 9)) print(line);
  for (const line of await zipBench(quick ? 20_000 : 100_000, quick ? 1 : 5)) print(line);
}
