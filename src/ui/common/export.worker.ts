// Builds a workbook off the UI thread: receives sheet specs (their rows in slices), posts progress,
// then the file's bytes. Core's own writer makes the file (no SheetJS in this script).
import { buildWorkbookInBrowser } from '../../core/export/xlsxStream';
import type { CellValue, ISheetSpec } from '../../core/export';

/**
 * Messages the worker accepts: the sheets without their rows, then the rows in slices (each copy to the
 * worker is a short task on the UI thread, not one long one), then `end`.
 */
export type ExportWorkerRequest =
  | { type: 'begin'; sheets: Array<Omit<ISheetSpec, 'rows'>> }
  | { type: 'rows'; sheet: number; rows: ReadonlyArray<readonly CellValue[]> }
  | { type: 'end' };
/** Messages the worker sends. */
export type ExportWorkerMessage = { type: 'progress'; done: number; total: number } | { type: 'done'; bytes: Uint8Array } | { type: 'error'; message: string };

const ctx = self as unknown as { onmessage: ((e: MessageEvent<ExportWorkerRequest>) => void) | null; postMessage(m: ExportWorkerMessage, transfer?: Transferable[]): void };

let heads: Array<Omit<ISheetSpec, 'rows'>> = [];
let rowsOf: Array<Array<readonly CellValue[]>> = [];

ctx.onmessage = async e => {
  const m = e.data;
  if (m.type === 'begin') {
    heads = m.sheets;
    rowsOf = m.sheets.map(() => []);
    return;
  }
  if (m.type === 'rows') {
    const rows = rowsOf[m.sheet];
    if (rows) for (const row of m.rows) rows.push(row);
    return;
  }
  const sheets: ISheetSpec[] = heads.map((head, i) => ({ ...head, rows: rowsOf[i] ?? [] }));
  heads = [];
  rowsOf = [];
  try {
    const progress = (done: number, total: number): void => ctx.postMessage({ type: 'progress', done, total });
    // Each sheet's XML streamed through the worker's own deflate (CompressionStream).
    const bytes = await buildWorkbookInBrowser(sheets, { progress });
    ctx.postMessage({ type: 'done', bytes }, [bytes.buffer]);
  } catch (err) {
    ctx.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) });
  }
};
