import * as React from 'react';
import { Text } from '@fluentui/react/lib/Text';
import type { DateRangeState, IReportEntry, ReportParam, ReportReadState } from '../../../core/reports';
import { periodLabel } from '../model/format';
import { paramLabel } from '../model/params';
import { LoadingBlock, ReportProblem, ThrottleWait } from '../parts/ReportNotes';
import { ReportResult } from './ReportResult';
import type { IExplorerData } from './ReportResult';

/** Props of ReadOutput. */
export interface IReadOutputProps {
  entry: IReportEntry;
  /** Read as a range of days: the result is the range's, and the single read's notes are not shown. */
  byRange: boolean;
  /** "One day" with no day shown yet: says how to get one. */
  awaitingDate: boolean;
  /** The single read (period, one day or no parameter). */
  read: ReportReadState;
  /** Read the single read again after it failed. */
  onRetry: () => void;
  /** The single read's parameter, for the caption and the export's name. */
  param: ReportParam | undefined;
  /** The range read. */
  range: DateRangeState;
}

/** The rows to show, from the range read or the single one, once ready. */
function explorerData(byRange: boolean, range: DateRangeState, read: ReportReadState, param: ReportParam | undefined): IExplorerData | undefined {
  if (byRange) {
    if (range.status !== 'ready') return undefined;
    return { rows: range.rows, refreshDate: range.refreshDate, concealment: range.concealment, param: paramLabel({ from: range.from, to: range.to }), caption: `${range.from} to ${range.to}, day by day` };
  }
  if (read.status !== 'ready') return undefined;
  const caption = param === undefined ? 'Current figures' : 'period' in param ? periodLabel(param.period) : `On ${param.date}`;
  return { rows: read.result.rows, refreshDate: read.result.refreshDate, ...(read.result.source ? { source: read.result.source } : {}), concealment: read.result.concealment, param: paramLabel(param), caption };
}

/** Under the explorer's form: a hint, the read's loading, wait or failure, then the report itself. */
export const ReadOutput: React.FC<IReadOutputProps> = ({ entry, byRange, awaitingDate, read, onRetry, param, range }) => {
  const data = explorerData(byRange, range, read, param);
  return (
    <>
      {awaitingDate && <Text variant="small" data-testid="date-hint">Choose a day within the last 30 days, then Show report.</Text>}
      {!byRange && read.status === 'loading' && <LoadingBlock height={300} label={`Loading ${entry.title}`} rows={read.rows} />}
      {!byRange && read.status === 'waiting' && <ThrottleWait until={read.until} reason={read.reason} rows={read.rows} what={`"${entry.title}"`} />}
      {!byRange && read.status === 'error' && <ReportProblem error={read.error} onRetry={onRetry} />}
      {data && <ReportResult key={`${entry.fn}|${data.param ?? ''}`} entry={entry} data={data} />}
    </>
  );
};
