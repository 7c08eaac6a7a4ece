/**
 * The page side of exportChromium.bench.ts, bundled by esbuild into one script for a blank Chromium page.
 *
 * - Ours: the users workbook built exactly as the app's export worker builds it (src/ui/common/export.worker.ts):
 *   `buildWorkbookInBrowser(sheets, { progress })`, that is core's own writer (core/export/xlsxStream.ts) streaming
 *   each sheet's XML through the browser's `CompressionStream('deflate-raw')`; no SheetJS.
 * - SheetJS's default path: `json_to_sheet` + `book_append_sheet` + `write(wb, { type: 'array', bookType: 'xlsx' })`
 *   through the `XLSX` global of SheetJS's own browser build (dist/xlsx.full.min.js, added to the page beside this).
 *
 * The rows (and the objects json_to_sheet takes) come from the Node bench's makers and are made here, untimed.
 */
import type * as XLSXModule from 'xlsx';
import { buildWorkbookInBrowser } from '../../src/core/export/xlsxStream';
import type { CellValue } from '../../src/core/export';
import { makeUserRows, toObjects, USER_COLUMNS } from './export.bench';

/** One timed build: page-clock times (performance.now) and the file's size. */
export interface IPageRun {
  ms: number;
  bytes: number;
  startedAt: number;
  endedAt: number;
}

/** What this script puts on `window.__exportBench`. */
export interface IExportBenchPage {
  /** Make `n` users' rows (kept until `dropRows`); returns how many. */
  makeRows(n: number): number;
  dropRows(): void;
  /** The rows as json_to_sheet's objects (kept until `dropObjects`), as export.bench.ts gives them to SheetJS. */
  makeObjects(): void;
  dropObjects(): void;
  /** Ours, timed, started in a task of its own (as a click's would be); `keep` keeps the file for `takeKept`. */
  ours(keep: boolean): Promise<IPageRun>;
  /** SheetJS's default path, the same way. */
  sheetjs(keep: boolean): Promise<IPageRun>;
  /** The kept file as base64 (then forgotten). */
  takeKept(): string;
  /** The longest main-thread task (ms) overlapping [from, to] on the page's clock. */
  longestTask(from: number, to: number): Promise<number>;
}

type Sheetjs = Pick<typeof XLSXModule, 'utils' | 'write'>;

let rows: CellValue[][] | undefined;
let objects: ReturnType<typeof toObjects> | undefined;
let kept: Uint8Array | undefined;
const longTasks: Array<[number, number]> = [];
new PerformanceObserver(list => {
  for (const e of list.getEntries()) longTasks.push([e.startTime, e.duration]);
}).observe({ type: 'longtask', buffered: true });

/** Run `fn` in a task of its own: work inside DevTools' evaluate is not reported as a long task. */
function inTask<T>(fn: () => T | Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => setTimeout(() => { Promise.resolve().then(fn).then(resolve, reject); }, 0));
}

function theRows(): CellValue[][] {
  if (!rows) throw new Error('makeRows first');
  return rows;
}

const page: IExportBenchPage = {
  makeRows(n) {
    rows = makeUserRows(n);
    return rows.length;
  },
  dropRows() {
    rows = undefined;
  },
  makeObjects() {
    objects = toObjects(theRows());
  },
  dropObjects() {
    objects = undefined;
  },
  ours: keep => inTask(async () => {
    const data = theRows();
    let progressCalls = 0;
    const startedAt = performance.now();
    // The worker posts each progress call to the UI thread; here it is counted.
    const bytes = await buildWorkbookInBrowser([{ name: 'Users', columns: USER_COLUMNS, rows: data }], { progress: () => void progressCalls++ });
    const endedAt = performance.now();
    if (progressCalls === 0) throw new Error('progress was never called');
    if (keep) kept = bytes;
    return { ms: endedAt - startedAt, bytes: bytes.length, startedAt, endedAt };
  }),
  sheetjs: keep => inTask(() => {
    const XLSX = (window as unknown as { XLSX?: Sheetjs }).XLSX;
    if (!XLSX) throw new Error('SheetJS (dist/xlsx.full.min.js) is not in the page');
    if (!objects) throw new Error('makeObjects first');
    const startedAt = performance.now();
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.json_to_sheet(objects), 'Users');
    const out = XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer;
    const endedAt = performance.now();
    if (keep) kept = new Uint8Array(out);
    return { ms: endedAt - startedAt, bytes: out.byteLength, startedAt, endedAt };
  }),
  takeKept() {
    if (!kept) throw new Error('nothing kept');
    let binary = '';
    for (let i = 0; i < kept.length; i += 0x8000) binary += String.fromCharCode(...kept.subarray(i, i + 0x8000));
    kept = undefined;
    return btoa(binary);
  },
  async longestTask(from, to) {
    // Long-task entries arrive after their task; give the observer a turn.
    await new Promise(resolve => setTimeout(resolve, 100));
    let longest = 0;
    for (const [start, duration] of longTasks) if (start < to && start + duration > from && duration > longest) longest = duration;
    return longest;
  }
};

(window as unknown as { __exportBench: IExportBenchPage }).__exportBench = page;
