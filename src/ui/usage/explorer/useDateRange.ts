import * as React from 'react';
import type { IConcealment } from '../../../core/reports/concealed';
import type { IReportEntry, ReportRow } from '../../../core/reports/types';
import { useServices } from '../../common/services';
import { mergeDayRows } from '../model/params';
import { readWithWaits } from '../model/throttle';
import { readThroughStore } from '../useReport';

/** A date range read day by day. */
export type DateRangeState =
  | { status: 'idle' }
  | { status: 'running'; done: number; total: number; secondsLeft?: number }
  | { status: 'ready'; from: string; to: string; rows: ReportRow[]; refreshDate: string | null; concealment: IConcealment }
  | { status: 'error'; error: unknown; done: number; total: number };

/** Reads a detail report once per day of a range (through the store, one day at a time) and merges the days. */
export function useDateRange(entry: IReportEntry): { state: DateRangeState; run: (dates: string[]) => void; reset: () => void } {
  const { reports } = useServices();
  const [state, setState] = React.useState<DateRangeState>({ status: 'idle' });
  const run_ = React.useRef(0);
  React.useEffect(() => () => { run_.current++; }, []);
  // Another report: a running range for the old one stops.
  React.useEffect(() => { run_.current++; setState({ status: 'idle' }); }, [entry]);

  const run = React.useCallback((dates: string[]) => {
    const id = ++run_.current;
    const live = (): boolean => run_.current === id;
    const total = dates.length;
    setState({ status: 'running', done: 0, total });
    void (async () => {
      const days: Array<{ date: string; rows: ReportRow[] }> = [];
      let refreshDate: string | null = null;
      const concealment: IConcealment = { concealedRows: 0, totalRows: 0, columns: [] };
      for (const date of dates) {
        try {
          const result = await readWithWaits(() => readThroughStore(reports, entry, { date }), {
            cancelled: () => !live(),
            onWait: left => { if (live()) setState({ status: 'running', done: days.length, total, secondsLeft: left > 0 ? left : undefined }); }
          });
          if (!live()) return;
          days.push({ date, rows: result.rows });
          if (result.refreshDate && (!refreshDate || result.refreshDate > refreshDate)) refreshDate = result.refreshDate;
          concealment.concealedRows += result.concealment.concealedRows;
          concealment.totalRows += result.concealment.totalRows;
          for (const c of result.concealment.columns) if (!concealment.columns.includes(c)) concealment.columns.push(c);
          setState({ status: 'running', done: days.length, total });
        } catch (error) {
          if (live()) setState({ status: 'error', error, done: days.length, total });
          return;
        }
      }
      if (live()) setState({ status: 'ready', from: dates[0] ?? '', to: dates[dates.length - 1] ?? '', rows: mergeDayRows(days), refreshDate, concealment });
    })();
  }, [reports, entry]);

  const reset = React.useCallback(() => { run_.current++; setState({ status: 'idle' }); }, []);
  return { state, run, reset };
}
