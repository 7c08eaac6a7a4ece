import * as React from 'react';
import { useTheme } from '@fluentui/react/lib/Theme';
import type { IChartModel } from '../model/chartModel';
import { chartTableClass } from '../../common/chartLook';
import { formatValue } from '../model/format';

/** Props of DataTable. */
export interface IDataTableProps {
  /** The chart whose values to list. */
  model: IChartModel;
  /** Caption naming what the table shows. */
  caption: string;
  /** Scroll after this height in pixels. */
  maxHeight?: number;
}

/** The accessible alternative to a chart: the same values as a plain table (header cells, a caption, units). */
export const DataTable: React.FC<IDataTableProps> = ({ model, caption, maxHeight = 320 }) => {
  const theme = useTheme();
  const cls = chartTableClass(theme, maxHeight);
  const unit = model.series[0]?.unit;
  return (
    <div className={cls} data-testid="chart-table" tabIndex={0} role="region" aria-label={caption}>
      <table>
        <caption>{caption}{model.scale.suffix ? ` (${model.scale.suffix})` : ''}</caption>
        <thead>
          <tr>
            <th scope="col">{model.x.label}</th>
            {model.series.map(s => <th key={s.key} scope="col" className="num">{s.label}</th>)}
          </tr>
        </thead>
        <tbody>
          {model.data.map((d, i) => (
            <tr key={`${String(d[model.x.key])}-${i}`}>
              <th scope="row" style={{ fontWeight: 400 }}>{String(d[model.x.key] ?? '')}</th>
              {model.series.map(s => <td key={s.key} className="num">{formatValue(d[s.key], unit, model.scale)}</td>)}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
};
