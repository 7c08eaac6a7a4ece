import * as React from 'react';
import type { ISheetSpec } from '../../core/export';
import { exportWorkbook } from './exportWorkbook';
import { useServices } from './services';

/** A running or failed export, as every "Export" button of the app shows it. */
export interface IExportState {
  /** Rows written of rows in all sheets while an export runs; undefined when idle. */
  progress?: { done: number; total: number };
  /** Why the last export failed, in words; undefined when it did not. */
  error?: string;
  clearError: () => void;
  /** Build the sheets (errors there count as export failures) and hand the workbook to the browser. */
  run: (build: () => { sheets: ISheetSpec[]; fileName: string }, totalRows?: number) => Promise<void>;
}

/** The export state shared by the Users, usage overview and report views: progress, failure text, the worker. */
export function useExport(failure: (e: unknown) => string): IExportState {
  const { exportWorker } = useServices();
  const [progress, setProgress] = React.useState<{ done: number; total: number } | undefined>(undefined);
  const [error, setError] = React.useState<string | undefined>(undefined);
  const run = async (build: () => { sheets: ISheetSpec[]; fileName: string }, totalRows = 0): Promise<void> => {
    setError(undefined);
    setProgress({ done: 0, total: totalRows });
    try {
      const { sheets, fileName } = build();
      await exportWorkbook(sheets, fileName, { worker: exportWorker, onProgress: (done, total) => setProgress({ done, total }) });
    } catch (e) {
      setError(failure(e));
    } finally {
      setProgress(undefined);
    }
  };
  return { progress, error, clearError: () => setError(undefined), run };
}
