// Builds a workbook off the UI thread: receives sheet specs, posts progress, then the file's bytes.
import { writeXLSX, utils } from 'xlsx';
import { buildWorkbook } from '../../core/export/workbook';
import type { ISheetSpec } from '../../core/export/types';

/** Messages the worker accepts and sends. */
export type ExportWorkerRequest = { sheets: ISheetSpec[] };
export type ExportWorkerMessage = { type: 'progress'; done: number; total: number } | { type: 'done'; bytes: Uint8Array } | { type: 'error'; message: string };

const ctx = self as unknown as { onmessage: ((e: MessageEvent<ExportWorkerRequest>) => void) | null; postMessage(m: ExportWorkerMessage, transfer?: Transferable[]): void };

ctx.onmessage = e => {
  try {
    const bytes = buildWorkbook({ utils, writeXLSX }, e.data.sheets, {
      progress: (done, total) => ctx.postMessage({ type: 'progress', done, total })
    });
    ctx.postMessage({ type: 'done', bytes }, [bytes.buffer]);
  } catch (err) {
    ctx.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
