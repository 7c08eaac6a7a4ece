import * as React from 'react';
import { ChoiceGroup } from '@fluentui/react/lib/ChoiceGroup';
import type { IChoiceGroupOption } from '@fluentui/react/lib/ChoiceGroup';
import type { IReportEntry } from '../../../core/reports';

/** How a report is read: by period, for one day, for a range of days (detail reports), or as is (no parameter). */
export type ReadBy = 'period' | 'date' | 'range' | 'none';

/** The way a report opens: by period where it takes one, else for one day, else as is. */
export function readByFor(entry: IReportEntry): ReadBy {
  return entry.params.includes('period') ? 'period' : entry.params.includes('date') ? 'date' : 'none';
}

/** Props of ReadByChoice. */
export interface IReadByChoiceProps {
  /** The report, whose parameters decide the choices. */
  entry: IReportEntry;
  selected: ReadBy;
  onChange: (readBy: ReadBy) => void;
}

/** "Read": the ways this report can be read; nothing is shown when there is only one. */
export const ReadByChoice: React.FC<IReadByChoiceProps> = ({ entry, selected, onChange }) => {
  const options: IChoiceGroupOption[] = [
    ...(entry.params.includes('period') ? [{ key: 'period', text: 'Period' }] : []),
    ...(entry.params.includes('date') ? [{ key: 'date', text: 'One day' }] : []),
    ...(entry.params.includes('date') && entry.kind === 'detail' ? [{ key: 'range', text: 'Date range' }] : [])
  ];
  if (options.length <= 1) return null;
  return (
    <ChoiceGroup label="Read" selectedKey={selected} options={options} onChange={(_, o) => { if (o) onChange(o.key as ReadBy); }}
      styles={{ flexContainer: { display: 'flex', flexWrap: 'wrap', columnGap: '16px' } }} />
  );
};
