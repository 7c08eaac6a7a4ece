import * as React from 'react';
import { Dropdown } from '@fluentui/react/lib/Dropdown';
import { Label } from '@fluentui/react/lib/Label';
import { TextField } from '@fluentui/react/lib/TextField';
import { Stack } from '@fluentui/react/lib/Stack';
import { useTheme } from '@fluentui/react/lib/Theme';
import { getId } from '@fluentui/react/lib/Utilities';
import type { IDaySpec } from '../model/params';

/** Props of DayInput. */
export interface IDayInputProps {
  /** Label, e.g. "Date", "Start" or "End". */
  label: string;
  /** The day as given. */
  value: IDaySpec;
  /** Called on every edit. */
  onChange: (value: IDaySpec) => void;
  /** Marks the field invalid; the message itself is shown by the caller (under the whole row). */
  invalid?: boolean;
  /** Id of the element holding the validation message, for screen readers. */
  errorId?: string;
}

/** A day as a calendar date or as a number of days back from today, under one label. */
export const DayInput: React.FC<IDayInputProps> = ({ label, value, onChange, invalid, errorId }) => {
  const labelId = React.useMemo(() => getId('m365i-day'), []);
  const theme = useTheme();
  const field = {
    // The message sits under the whole row (a TextField errorMessage would squeeze it under the field),
    // so mark the input invalid and point it at that message ourselves.
    onRenderInput: (props?: React.InputHTMLAttributes<HTMLInputElement>, render?: (p?: React.InputHTMLAttributes<HTMLInputElement>) => JSX.Element | null) =>
      render?.({ ...props, 'aria-invalid': invalid ? true : undefined, 'aria-describedby': invalid ? errorId : props?.['aria-describedby'] }) ?? null,
    styles: { root: { width: 170 }, fieldGroup: invalid ? { borderColor: theme.semanticColors.errorText, borderWidth: 2 } : undefined }
  };
  return (
    <div role="group" aria-labelledby={labelId}>
      <Label id={labelId}>{label}</Label>
      <Stack horizontal verticalAlign="start" tokens={{ childrenGap: 6 }}>
        <Dropdown
          ariaLabel={`${label}: give as`}
          selectedKey={value.mode}
          options={[{ key: 'date', text: 'On date' }, { key: 'daysBack', text: 'Days back' }]}
          onChange={(_, o) => o && onChange({ ...value, mode: o.key as IDaySpec['mode'] })}
          styles={{ root: { width: 120 } }}
        />
        {value.mode === 'date' ? (
          <TextField ariaLabel={label} type="date" value={value.date} onChange={(_, v) => onChange({ ...value, date: v ?? '' })} {...field} />
        ) : (
          <TextField ariaLabel={`${label}: days before today`} type="number" min={0} max={30} value={value.daysBack}
            onChange={(_, v) => onChange({ ...value, daysBack: v ?? '' })} {...field} />
        )}
      </Stack>
    </div>
  );
};
