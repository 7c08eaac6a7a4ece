import * as React from 'react';
import type { IConcealment, IReportEntry, ReportRow } from '../../../core/reports';
import { useServices } from '../../common/services';
import { mergeDayRows } from '../model/params';
import { readWithWaits } from '../model/throttle';
import { readThroughStore } from '../useReport';
import { useReadProgress } from '../../common/useReadProgress';
import { reportKey, timeAtLimit } from '../../../core/reports';

/** A date range read day by day. */
export type DateRangeState =
  | { status: 'idle' }
  /**
   * Reading `current`; `secondsLeft` while waiting (Graph's 429, or a place in Graph's report window:
   * `reason`); `estimateMs`: time the rest needs at Graph's report limit, once a day's size is known.
   */
  | { status: 'running'; done: number; total: number; current?: string; secondsLeft?: number; reason?: 'throttled' | 'limit'; rows?: number; estimateMs?: number }
  | { status: 'ready'; from: string; to: string; rows: ReportRow[]; refreshDate: string | null; concealment: IConcealment }
  | { status: 'error'; error: unknown; done: number; total: number };

/** Reads a detail report once per day of a range (through the store, one day at a time) and merges the days. */
export function useDateRange(entry: IReportEntry): { state: DateRangeState; run: (dates: string[]) => void; reset: () => void } {
  const { reports } = useServices();
  const [state, setState] = React.useState<DateRangeState>({ status: 'idle' });
  const running = state.status === 'running' && state.current !== undefined;
  const progress = useReadProgress(reports, running ? reportKey(entry.fn, { date: state.current as string }) : undefined, running);
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
      let requests = 0;
      let estimateMs: number | undefined;
      for (const date of dates) {
        setState({ status: 'running', done: days.length, total, current: date, estimateMs });
        try {
          const result = await readWithWaits(() => readThroughStore(reports, entry, { date }), {
            cancelled: () => !live(),
            onWait: left => { if (live()) setState({ status: 'running', done: days.length, total, current: date, secondsLeft: left > 0 ? left : undefined, reason: 'throttled', estimateMs }); }
          });
          if (!live()) return;
          days.push({ date, rows: result.rows });
          if (result.refreshDate && (!refreshDate || result.refreshDate > refreshDate)) refreshDate = result.refreshDate;
          concealment.concealedRows += result.concealment.concealedRows;
          concealment.totalRows += result.concealment.totalRows;
          for (const c of result.concealment.columns) if (!concealment.columns.includes(c)) concealment.columns.push(c);
          requests += result.requests;
          // The next day's state (or 'ready') follows at once: no render of its own here.
          estimateMs = timeAtLimit((requests / days.length) * (total - days.length), reports.limiter.limit(reports.format));
        } catch (error) {
          if (live()) setState({ status: 'error', error, done: days.length, total });
          return;
        }
      }
      if (live()) setState({ status: 'ready', from: dates[0] ?? '', to: dates[dates.length - 1] ?? '', rows: mergeDayRows(days), refreshDate, concealment });
    })();
  }, [reports, entry]);

  const reset = React.useCallback(() => { run_.current++; setState({ status: 'idle' }); }, []);
  // While the current day waits for a place in Graph's report window, say so (and how long).
  const shown: DateRangeState = state.status === 'running' && progress
    ? progress.secondsLeft !== undefined
      ? { ...state, secondsLeft: progress.secondsLeft, reason: 'limit', rows: progress.rows }
      : { ...state, rows: progress.rows }
    : state;
  return { state: shown, run, reset };
}
