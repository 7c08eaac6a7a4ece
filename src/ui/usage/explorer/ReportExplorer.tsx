import * as React from 'react';
import { ChoiceGroup } from '@fluentui/react/lib/ChoiceGroup';
import type { IChoiceGroupOption } from '@fluentui/react/lib/ChoiceGroup';
import { Dropdown } from '@fluentui/react/lib/Dropdown';
import { PrimaryButton, DefaultButton } from '@fluentui/react/lib/Button';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { ProgressIndicator } from '@fluentui/react/lib/ProgressIndicator';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import { useTheme } from '@fluentui/react/lib/Theme';
import { findReport, daysBackToDate, planDateRange, REPORT_PERIODS } from '../../../core/reports';
import type { ReportParam, IReportEntry, ReportPeriod } from '../../../core/reports';
import { useServices } from '../../common/services';
import { periodLabel } from '../model/format';
import { formatSeconds } from '../../common/format';
import { paramLabel, resolveDay } from '../model/params';
import type { IDaySpec } from '../model/params';
import { LoadingBlock, ReportProblem, ThrottleWait } from '../parts/ReportNotes';
import { useReport } from '../useReport';
import { DayInput } from './DayInput';
import { ReportPicker } from './ReportPicker';
import { ReportResult } from './ReportResult';
import type { IExplorerData } from './ReportResult';
import { useDateRange } from './useDateRange';
import type { DateRangeState } from './useDateRange';

/** Props of ReportExplorer. */
export interface IReportExplorerProps {
  /** The period a report opens with. */
  defaultPeriod: ReportPeriod;
  /** The report shown first. */
  defaultReport?: string;
}

/** How a report is read: by period, for one day, for a range of days (detail reports), or as is (no parameter). */
type ReadBy = 'period' | 'date' | 'range' | 'none';

const DEFAULT_REPORT = 'getOffice365ActiveUserCounts';

function readByFor(entry: IReportEntry): ReadBy {
  return entry.params.includes('period') ? 'period' : entry.params.includes('date') ? 'date' : 'none';
}

const grouped = new Intl.NumberFormat('en-US');

/** "3 of 14 days read · 4,200 rows of this day so far · about 20 min more at Graph's report limit". */
function rangeProgressText(state: Extract<DateRangeState, { status: 'running' }>): string {
  const parts = [`${state.done} of ${state.total} days read`];
  if (state.rows) parts.push(`${grouped.format(state.rows)} rows of this day so far`);
  if (state.estimateMs) parts.push(`about ${formatSeconds(state.estimateMs / 1000)} more at Graph's report limit`);
  return parts.join(' · ');
}

const day = (daysBack: number, today: Date): IDaySpec => ({ mode: 'date', date: daysBackToDate(daysBack, today), daysBack: String(daysBack) });

/** Props of DateProblem. */
interface IDateProblemProps {
  /** Why the date is refused. */
  text: string;
  /** Element id, so the input can point at the message (aria-describedby). */
  id?: string;
}

/** A date the explorer refuses, said before any request is sent. */
const DateProblem: React.FC<IDateProblemProps> = ({ text, id }) => (
  <div id={id} data-testid="date-error">
    <MessageBar messageBarType={MessageBarType.error} isMultiline>{text}</MessageBar>
  </div>
);

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
  const range = useDateRange(entry);

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

  const dayCheck = resolveDay(oneDay, today);
  const startCheck = resolveDay(start, today);
  const endCheck = resolveDay(end, today);
  const plan = startCheck.ok && endCheck.ok ? planDateRange(startCheck.value, endCheck.value, today) : undefined;
  // A half-typed date is not worth a red message; a full one (or a Show report click) is.
  const showDayError = !dayCheck.ok && (tried || oneDay.mode === 'daysBack' || oneDay.date.length === 10);

  const param: ReportParam | undefined =
    readBy === 'period' ? { period } : readBy === 'date' && committedDate ? { date: committedDate } : undefined;
  const enabled = readBy === 'period' || readBy === 'none' || (readBy === 'date' && committedDate !== undefined);
  const read = useReport(entry, param, enabled);

  const options: IChoiceGroupOption[] = [
    ...(entry.params.includes('period') ? [{ key: 'period', text: 'Period' }] : []),
    ...(entry.params.includes('date') ? [{ key: 'date', text: 'One day' }] : []),
    ...(entry.params.includes('date') && entry.kind === 'detail' ? [{ key: 'range', text: 'Date range' }] : [])
  ];

  let data: IExplorerData | undefined;
  if (readBy === 'range') {
    const s = range.state;
    if (s.status === 'ready') data = { rows: s.rows, refreshDate: s.refreshDate, concealment: s.concealment, param: paramLabel({ from: s.from, to: s.to }), caption: `${s.from} to ${s.to}, day by day` };
  } else if (read.status === 'ready') {
    const caption = param === undefined ? 'Current figures' : 'period' in param ? periodLabel(param.period) : `On ${param.date}`;
    data = { rows: read.result.rows, refreshDate: read.result.refreshDate, concealment: read.result.concealment, param: paramLabel(param), caption };
  }

  return (
    <Stack tokens={{ childrenGap: 12 }} className="m365i-usage-explorer">
      <ReportPicker fn={entry.fn} onChange={choose} showRetired={showRetired} onShowRetired={onShowRetired} />
      <Text variant="small" styles={{ root: { color: theme.semanticColors.bodySubtext } }}>{entry.description}</Text>
      {entry.retired && (
        <MessageBar messageBarType={MessageBarType.info} isMultiline data-testid="retired-note">
          <strong>Skype for Business Online was retired on 31 July 2021.</strong> Microsoft still documents this report, but it holds little or no recent data; it is shown for history only.
        </MessageBar>
      )}
      {options.length > 1 && (
        <ChoiceGroup label="Read" selectedKey={readBy} options={options} onChange={(_, o) => { if (o) { setReadBy(o.key as ReadBy); setTried(false); } }}
          styles={{ flexContainer: { display: 'flex', flexWrap: 'wrap', columnGap: '16px' } }} />
      )}
      {readBy === 'period' && (
        <Dropdown label="Period" selectedKey={period} options={REPORT_PERIODS.map(p => ({ key: p, text: periodLabel(p) }))}
          onChange={(_, o) => o && setPeriod(o.key as ReportPeriod)} styles={{ root: { width: 160 } }} />
      )}
      {readBy === 'none' && <Text variant="small">This report takes no period or date: it shows the current figures.</Text>}
      {readBy === 'date' && (
        <Stack tokens={{ childrenGap: 6 }}>
          <Stack horizontal wrap verticalAlign="end" tokens={{ childrenGap: 12 }}>
            <DayInput label="Date" value={oneDay} onChange={v => { setOneDay(v); setTried(false); }} invalid={showDayError} errorId="m365i-day-error" />
            <PrimaryButton text="Show report" onClick={() => { setTried(true); if (dayCheck.ok) setCommittedDate(dayCheck.value); }} />
          </Stack>
          {showDayError && !dayCheck.ok && <DateProblem id="m365i-day-error" text={dayCheck.error} />}
        </Stack>
      )}
      {readBy === 'range' && (
        <Stack tokens={{ childrenGap: 8 }}>
          <Stack horizontal wrap verticalAlign="start" tokens={{ childrenGap: 16 }}>
            <DayInput label="Start" value={start} onChange={v => { setStart(v); range.reset(); }} invalid={!startCheck.ok} errorId="m365i-start-error" />
            <DayInput label="End" value={end} onChange={v => { setEnd(v); range.reset(); }} invalid={!endCheck.ok} errorId="m365i-end-error" />
          </Stack>
          {!startCheck.ok && <DateProblem id="m365i-start-error" text={`Start: ${startCheck.error}`} />}
          {!endCheck.ok && <DateProblem id="m365i-end-error" text={`End: ${endCheck.error}`} />}
          {plan && !plan.ok && <DateProblem text={plan.error} />}
          <Stack horizontal wrap verticalAlign="center" tokens={{ childrenGap: 12 }}>
            <PrimaryButton text={plan?.ok ? `Read ${plan.value.length} ${plan.value.length === 1 ? 'day' : 'days'}` : 'Read days'} disabled={!plan?.ok || range.state.status === 'running'}
              onClick={() => plan?.ok && range.run(plan.value)} />
            {range.state.status === 'running' && <DefaultButton text="Stop" onClick={range.reset} />}
            <Text data-testid="range-requests">
              {plan?.ok ? `${plan.value.length} ${plan.value.length === 1 ? 'request' : 'requests'} to Microsoft Graph (one per day), read one after another; days already read come from the cache.` : 'Choose a start and end within the last 30 days.'}
            </Text>
          </Stack>
          {range.state.status === 'running' && (
            range.state.secondsLeft ? <ThrottleWait secondsLeft={range.state.secondsLeft} reason={range.state.reason} rows={range.state.rows} what={`day ${range.state.done + 1} of ${range.state.total}`} />
              : <ProgressIndicator label="Reading day by day" percentComplete={range.state.total ? range.state.done / range.state.total : 0}
                description={<span data-testid="range-progress">{rangeProgressText(range.state)}</span>} />
          )}
          {range.state.status === 'error' && (
            <>
              <Text variant="small">{`Stopped after ${range.state.done} of ${range.state.total} days.`}</Text>
              <ReportProblem error={range.state.error} onRetry={() => plan?.ok && range.run(plan.value)} />
            </>
          )}
        </Stack>
      )}
      {readBy === 'date' && !committedDate && <Text variant="small" data-testid="date-hint">Choose a day within the last 30 days, then Show report.</Text>}
      {readBy !== 'range' && read.status === 'loading' && <LoadingBlock height={300} label={`Loading ${entry.title}`} rows={read.rows} />}
      {readBy !== 'range' && read.status === 'waiting' && <ThrottleWait secondsLeft={read.secondsLeft} reason={read.reason} rows={read.rows} what={`"${entry.title}"`} />}
      {readBy !== 'range' && read.status === 'error' && <ReportProblem error={read.error} onRetry={read.retry} />}
      {data && <ReportResult key={`${entry.fn}|${data.param ?? ''}`} entry={entry} data={data} />}
    </Stack>
  );
};
