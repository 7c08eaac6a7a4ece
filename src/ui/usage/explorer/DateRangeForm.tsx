import * as React from 'react';
import { DefaultButton, PrimaryButton } from '@fluentui/react/lib/Button';
import { ProgressIndicator } from '@fluentui/react/lib/ProgressIndicator';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import { planDateRange } from '../../../core/reports';
import type { DateRangeRead, DateRangeState } from '../../../core/reports';
import { formatSeconds } from '../../common/format';
import { resolveDay } from '../model/params';
import type { IDaySpec } from '../model/params';
import { ReportProblem, ThrottleWait } from '../parts/ReportNotes';
import { DateProblem } from './DateProblem';
import { DayInput } from './DayInput';

/** Props of DateRangeForm. */
export interface IDateRangeFormProps {
  /** The range read (the explorer's, so a read survives switching to another way of reading and back). */
  range: DateRangeRead;
  /** Where it stands. */
  state: DateRangeState;
  /** First and last day as given. */
  start: IDaySpec;
  end: IDaySpec;
  /** Today, whose UTC day the date checks read (Graph's report days are UTC days). */
  today: Date;
  onStart: (value: IDaySpec) => void;
  onEnd: (value: IDaySpec) => void;
}

const grouped = new Intl.NumberFormat('en-US');

/** "3 of 14 days read · 4,200 rows of this day so far · about 20 min more at Graph's report limit". */
function rangeProgressText(state: Extract<DateRangeState, { status: 'running' }>): string {
  const parts = [`${state.done} of ${state.total} days read`];
  if (state.rows) parts.push(`${grouped.format(state.rows)} rows of this day so far`);
  if (state.estimateMs) parts.push(`about ${formatSeconds(state.estimateMs / 1000)} more at Graph's report limit`);
  return parts.join(' · ');
}

/** "Date range" (detail reports): start, end, how many requests that takes, then the day-by-day read and its progress. */
export const DateRangeForm: React.FC<IDateRangeFormProps> = ({ range, state, start, end, today, onStart, onEnd }) => {
  const startCheck = resolveDay(start, today);
  const endCheck = resolveDay(end, today);
  const plan = startCheck.ok && endCheck.ok ? planDateRange(startCheck.value, endCheck.value, today) : undefined;
  return (
    <Stack tokens={{ childrenGap: 8 }}>
      <Stack horizontal wrap verticalAlign="start" tokens={{ childrenGap: 16 }}>
        <DayInput label="Start" value={start} onChange={v => { onStart(v); range.reset(); }} invalid={!startCheck.ok} errorId="m365i-start-error" />
        <DayInput label="End" value={end} onChange={v => { onEnd(v); range.reset(); }} invalid={!endCheck.ok} errorId="m365i-end-error" />
      </Stack>
      {!startCheck.ok && <DateProblem id="m365i-start-error" text={`Start: ${startCheck.error}`} />}
      {!endCheck.ok && <DateProblem id="m365i-end-error" text={`End: ${endCheck.error}`} />}
      {plan && !plan.ok && <DateProblem text={plan.error} />}
      <Stack horizontal wrap verticalAlign="center" tokens={{ childrenGap: 12 }}>
        <PrimaryButton text={plan?.ok ? `Read ${plan.value.length} ${plan.value.length === 1 ? 'day' : 'days'}` : 'Read days'} disabled={!plan?.ok || state.status === 'running'}
          onClick={() => plan?.ok && range.run(plan.value)} />
        {state.status === 'running' && <DefaultButton text="Stop" onClick={() => range.reset()} />}
        <Text data-testid="range-requests">
          {plan?.ok ? `${plan.value.length} ${plan.value.length === 1 ? 'request' : 'requests'} to Microsoft Graph (one per day), read one after another; days already read come from the cache.` : 'Choose a start and end within the last 30 days.'}
        </Text>
      </Stack>
      {state.status === 'running' && (
        state.until !== undefined ? <ThrottleWait until={state.until} reason={state.reason} rows={state.rows} what={`day ${state.done + 1} of ${state.total}`} />
          : <ProgressIndicator label="Reading day by day" percentComplete={state.total ? state.done / state.total : 0}
            description={<span data-testid="range-progress">{rangeProgressText(state)}</span>} />
      )}
      {state.status === 'error' && (
        <>
          <Text variant="small">{`Stopped after ${state.done} of ${state.total} days.`}</Text>
          <ReportProblem error={state.error} onRetry={() => plan?.ok && range.run(plan.value)} />
        </>
      )}
    </Stack>
  );
};
