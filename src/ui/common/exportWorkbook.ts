import type { ISheetSpec } from '../../core/export';
import type { ExportWorkerMessage, ExportWorkerRequest } from './export.worker';

/** Progress of an export: rows written of rows in all sheets. */
export type ExportProgressHandler = (done: number, total: number) => void;

/** Rows above which a workbook is built in a Web Worker when the host offers one. */
export const WORKER_THRESHOLD = 5000;

/**
 * Build a workbook and hand it to the browser as a download. Large exports go to a Web Worker
 * (the UI stays responsive); without one, core's workbook writer is loaded on demand and runs here.
 */
export async function exportWorkbook(
  sheets: ISheetSpec[],
  fileName: string,
  options: { worker?: () => Promise<Worker>; onProgress?: ExportProgressHandler } = {}
): Promise<void> {
  const rows = sheets.reduce((n, s) => n + s.rows.length, 0);
  let bytes: Uint8Array | undefined;
  if (options.worker && rows >= WORKER_THRESHOLD) {
    try {
      bytes = await inWorker(options.worker, sheets, options.onProgress);
    } catch {
      bytes = undefined; // a worker that cannot start (CSP, cross-origin) falls back to the UI thread
    }
  }
  if (!bytes) {
    const { buildWorkbookInBrowser } = await import(/* webpackChunkName: 'xlsx' */ '../../core/export/xlsxStream');
    bytes = await buildWorkbookInBrowser(sheets, { progress: options.onProgress });
  }
  download(bytes, fileName);
}

/**
 * Start the export worker from its generated script (its own chunk, loaded on first use) through a
 * same-origin blob URL: SharePoint serves chunks from a CDN origin, from which `new Worker(url)` is refused.
 */
export async function startExportWorker(): Promise<Worker> {
  if (typeof Worker === 'undefined' || typeof Blob === 'undefined' || typeof URL.createObjectURL !== 'function') {
    throw new Error('Web Workers are not available here.');
  }
  const { default: source } = await import(/* webpackChunkName: 'export-worker' */ './exportWorkerSource.gen');
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  const worker = new Worker(url);
  // The script is fetched asynchronously; release the URL once the worker is gone.
  const terminate = worker.terminate.bind(worker);
  worker.terminate = () => { terminate(); URL.revokeObjectURL(url); };
  return worker;
}

/** Rows per message to the export worker: each message's copy is a short task on the UI thread. */
const ROWS_PER_MESSAGE = 5000;

async function inWorker(create: () => Promise<Worker>, sheets: ISheetSpec[], onProgress?: ExportProgressHandler): Promise<Uint8Array> {
  const worker = await create();
  const finished = new Promise<Uint8Array>((resolve, reject) => {
    worker.onmessage = (e: MessageEvent<ExportWorkerMessage>) => {
      const m = e.data;
      if (m.type === 'progress') onProgress?.(m.done, m.total);
      else {
        worker.terminate();
        if (m.type === 'done') resolve(m.bytes);
        else reject(new Error(m.message));
      }
    };
    worker.onerror = e => { worker.terminate(); reject(new Error(e.message || 'The export worker failed.')); };
  });
  finished.catch(() => undefined); // awaited below, once every slice is sent
  const post = (m: ExportWorkerRequest): void => worker.postMessage(m);
  post({ type: 'begin', sheets: sheets.map(({ rows, ...rest }) => rest) });
  for (let s = 0; s < sheets.length; s++) {
    const rows = sheets[s]?.rows ?? [];
    for (let i = 0; i < rows.length; i += ROWS_PER_MESSAGE) {
      post({ type: 'rows', sheet: s, rows: rows.slice(i, i + ROWS_PER_MESSAGE) });
      await new Promise(r => setTimeout(r, 0)); // let the page draw and answer between slices
    }
  }
  post({ type: 'end' });
  return finished;
}

/** Save bytes as a file through a temporary object URL. */
export function download(bytes: Uint8Array, fileName: string): void {
  const blob = new Blob([bytes], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
