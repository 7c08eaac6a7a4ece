import * as React from 'react';
import { Dropdown } from '@fluentui/react/lib/Dropdown';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import { useTheme } from '@fluentui/react/lib/Theme';
import { findReport, daysBackToDate, IDLE_READ, REPORT_PERIODS } from '../../../core/reports';
import type { ReportParam, IReportEntry, ReportPeriod } from '../../../core/reports';
import { useServices } from '../../common/services';
import { useQuery } from '../../common/useQuery';
import { periodLabel } from '../model/format';
import type { IDaySpec } from '../model/params';
import { DateRangeForm } from './DateRangeForm';
import { DayForm } from './DayForm';
import { ExplorerScript } from './ExplorerScript';
import { ReadByChoice, readByFor } from './ReadByChoice';
import type { ReadBy } from './ReadByChoice';
import { ReadOutput } from './ReadOutput';
import { ReportPicker } from './ReportPicker';

/** Props of ReportExplorer. */
export interface IReportExplorerProps {
  /** The period a report opens with. */
  defaultPeriod: ReportPeriod;
  /** The report shown first. */
  defaultReport?: string;
}

const DEFAULT_REPORT = 'getOffice365ActiveUserCounts';

const day = (daysBack: number, today: Date): IDaySpec => ({ mode: 'date', date: daysBackToDate(daysBack, today), daysBack: String(daysBack) });

/** Any catalog report with the parameters a reporting connector offers: period, one day, or a range of days. */
export const ReportExplorer: React.FC<IReportExplorerProps> = ({ defaultPeriod, defaultReport = DEFAULT_REPORT }) => {
  const services = useServices();
  const theme = useTheme();
  // The date checks read this Date's UTC day: Graph's report days are UTC days (see DayInput).
  const today = services.now();
  const [fn, setFn] = React.useState(defaultReport);
  const [showRetired, setShowRetired] = React.useState(false);
  const entry = findReport(fn) ?? (findReport(DEFAULT_REPORT) as IReportEntry);
  const [readBy, setReadBy] = React.useState<ReadBy>(readByFor(entry));
  const [period, setPeriod] = React.useState<ReportPeriod>(defaultPeriod);
  // Report data lags 1-2 days: default to the day before yesterday, and a week ending then.
  const [oneDay, setOneDay] = React.useState<IDaySpec>(() => day(2, today));
  const [start, setStart] = React.useState<IDaySpec>(() => day(8, today));
  const [end, setEnd] = React.useState<IDaySpec>(() => day(2, today));
  const [committedDate, setCommittedDate] = React.useState<string | undefined>(undefined);
  const [tried, setTried] = React.useState(false);
  // The range read is the report's: another report's running range stops as this view leaves it.
  const range = services.sessions.reports.dateRange(entry);
  const rangeState = useQuery(range);

  const choose = (next: string): void => {
    const e = findReport(next);
    if (!e) return;
    setFn(next);
    setReadBy(readByFor(e));
    setCommittedDate(undefined);
    setTried(false);
  };
  const onShowRetired = (show: boolean): void => {
    setShowRetired(show);
    if (!show && entry.retired) choose(DEFAULT_REPORT);
  };

  const param: ReportParam | undefined =
    readBy === 'period' ? { period } : readBy === 'date' && committedDate ? { date: committedDate } : undefined;
  const enabled = readBy === 'period' || readBy === 'none' || (readBy === 'date' && committedDate !== undefined);
  const single = enabled ? services.sessions.reports.read(entry, param) : undefined;
  const read = useQuery(single ?? IDLE_READ);

  return (
    <Stack tokens={{ childrenGap: 12 }} className="m365i-usage-explorer">
      <ReportPicker fn={entry.fn} onChange={choose} showRetired={showRetired} onShowRetired={onShowRetired} />
      <Text variant="small" styles={{ root: { color: theme.semanticColors.bodySubtext } }}>{entry.description}</Text>
      {entry.retired && (
        <MessageBar messageBarType={MessageBarType.info} isMultiline data-testid="retired-note">
          <strong>Skype for Business Online was retired on 31 July 2021.</strong> Microsoft still documents this report, but it holds little or no recent data; it is shown for history only.
        </MessageBar>
      )}
      <ReadByChoice entry={entry} selected={readBy} onChange={next => { setReadBy(next); setTried(false); }} />
      {readBy === 'period' && (
        <Dropdown label="Period" selectedKey={period} options={REPORT_PERIODS.map(p => ({ key: p, text: periodLabel(p) }))}
          onChange={(_, o) => o && setPeriod(o.key as ReportPeriod)} styles={{ root: { width: 160 } }} />
      )}
      {readBy === 'none' && <Text variant="small">This report takes no period or date: it shows the current figures.</Text>}
      {readBy === 'date' && (
        <DayForm value={oneDay} today={today} tried={tried} onChange={v => { setOneDay(v); setTried(false); }}
          onShow={date => { setTried(true); if (date !== undefined) setCommittedDate(date); }} />
      )}
      {readBy === 'range' && <DateRangeForm range={range} state={rangeState} start={start} end={end} today={today} onStart={setStart} onEnd={setEnd} />}
      <ExplorerScript entry={entry} readBy={readBy} period={period} oneDay={oneDay} start={start} end={end} today={today} />
      <ReadOutput entry={entry} byRange={readBy === 'range'} awaitingDate={readBy === 'date' && !committedDate} read={read} onRetry={() => single?.retry()} param={param} range={rangeState} />
    </Stack>
  );
};
