import * as React from 'react';
import { useTheme } from '@fluentui/react/lib/Theme';
import { mergeStyles } from '@fluentui/react/lib/Styling';
import type { IHistorySeries } from '../../../core/history';
import { formatHistoryValue, isHighContrast } from './historyLook';

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
  const line = isHighContrast(theme) ? '#ffffff' : theme.palette.neutralLight;
  const cls = mergeStyles({
    maxHeight,
    overflow: 'auto',
    selectors: {
      table: { borderCollapse: 'collapse', width: '100%', fontSize: 13, color: theme.semanticColors.bodyText },
      caption: { textAlign: 'left', fontWeight: 600, padding: '4px 0', color: theme.semanticColors.bodySubtext },
      'th, td': { padding: '4px 8px', borderBottom: `1px solid ${line}`, whiteSpace: 'nowrap' },
      th: { textAlign: 'left', fontWeight: 600, position: 'sticky', top: 0, background: theme.semanticColors.bodyBackground },
      'td.num, th.num': { textAlign: 'right', fontVariantNumeric: 'tabular-nums' }
    }
  });
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
