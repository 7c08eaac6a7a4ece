import * as React from 'react';
import { Dropdown, DropdownMenuItemType } from '@fluentui/react/lib/Dropdown';
import type { IDropdownOption } from '@fluentui/react/lib/Dropdown';
import { Toggle } from '@fluentui/react/lib/Toggle';
import { Stack } from '@fluentui/react/lib/Stack';
import { reportGroups } from '../model/params';

/** Props of ReportPicker. */
export interface IReportPickerProps {
  /** The chosen report function. */
  fn: string;
  /** Called with another report function. */
  onChange: (fn: string) => void;
  /** Whether retired services' reports (Skype for Business) are listed. */
  showRetired: boolean;
  /** Called when "Show retired" is switched. */
  onShowRetired: (show: boolean) => void;
}

/** Every catalog report, grouped by workload; retired services only when asked, marked as retired. */
export const ReportPicker: React.FC<IReportPickerProps> = ({ fn, onChange, showRetired, onShowRetired }) => {
  const options = React.useMemo<IDropdownOption[]>(
    () =>
      reportGroups(showRetired).flatMap(g => [
        { key: `header:${g.workload}`, text: g.entries.every(e => e.retired) ? `${g.workload} (retired)` : g.workload, itemType: DropdownMenuItemType.Header },
        ...g.entries.map(e => ({ key: e.fn, text: e.retired ? `${e.title} (retired)` : e.title, title: e.description }))
      ]),
    [showRetired]
  );
  return (
    <Stack horizontal wrap verticalAlign="end" tokens={{ childrenGap: 12 }}>
      <Dropdown label="Report" selectedKey={fn} options={options} onChange={(_, o) => o && onChange(String(o.key))}
        styles={{ root: { width: 340, maxWidth: '100%' }, dropdownItemsWrapper: { maxHeight: 420 } }} />
      <Toggle label="Show retired" inlineLabel checked={showRetired} onChange={(_, v) => onShowRetired(!!v)} styles={{ root: { marginBottom: 6 } }} />
    </Stack>
  );
};
