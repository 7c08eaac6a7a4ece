import * as React from 'react';
import { PrimaryButton } from '@fluentui/react/lib/Button';
import { Stack } from '@fluentui/react/lib/Stack';
import { resolveDay } from '../model/params';
import type { IDaySpec } from '../model/params';
import { DateProblem } from './DateProblem';
import { DayInput } from './DayInput';

/** Props of DayForm. */
export interface IDayFormProps {
  /** The day as given. */
  value: IDaySpec;
  /** Today, whose UTC day the date checks read (Graph's report days are UTC days). */
  today: Date;
  /** Whether Show report was clicked since the last edit: a refused day is then said even half-typed. */
  tried: boolean;
  onChange: (value: IDaySpec) => void;
  /** Show report: the day to read, or undefined when the day is refused. */
  onShow: (date: string | undefined) => void;
}

/** "One day": the day and Show report; the report is read only when Show report is clicked with a valid day. */
export const DayForm: React.FC<IDayFormProps> = ({ value, today, tried, onChange, onShow }) => {
  const check = resolveDay(value, today);
  // A half-typed date is not worth a red message; a full one (or a Show report click) is.
  const showError = !check.ok && (tried || value.mode === 'daysBack' || value.date.length === 10);
  return (
    <Stack tokens={{ childrenGap: 6 }}>
      <Stack horizontal wrap verticalAlign="end" tokens={{ childrenGap: 12 }}>
        <DayInput label="Date" value={value} onChange={onChange} invalid={showError} errorId="m365i-day-error" />
        <PrimaryButton text="Show report" onClick={() => onShow(check.ok ? check.value : undefined)} />
      </Stack>
      {showError && !check.ok && <DateProblem id="m365i-day-error" text={check.error} />}
    </Stack>
  );
};
