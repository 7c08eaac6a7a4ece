import * as React from 'react';
import { useTheme } from '@fluentui/react/lib/Theme';
import type { IHistorySeries } from '../../../core/history';
import { formatHistoryValue } from './historyLook';
import { chartTableClass } from '../chartLook';

/** Props of HistoryTable. */
export interface IHistoryTableProps {
  /** The series to list. */
  series: IHistorySeries;
  /** Caption naming what the table shows. */
  caption: string;
  /** Scroll after this height in pixels. */
  maxHeight?: number;
}

/** The accessible alternative to a history chart: the same values as a plain table, newest day first. */
export const HistoryTable: React.FC<IHistoryTableProps> = ({ series, caption, maxHeight = 320 }) => {
  const theme = useTheme();
  const cls = chartTableClass(theme, maxHeight);
  const rows = React.useMemo(() => [...series.points].reverse(), [series]);
  return (
    <div className={cls} data-testid="history-table" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{series.xLabel}</th>
            {series.series.map(s => <th key={s.key} scope="col" className="num">{s.label}</th>)}
          </tr>
        </thead>
        <tbody>
          {rows.map(p => (
            <tr key={p.day}>
              <th scope="row" style={{ fontWeight: 400 }}>{p.day}</th>
              {series.series.map(s => <td key={s.key} className="num">{formatHistoryValue(p.values[s.key], series.unit, s.currency)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};
