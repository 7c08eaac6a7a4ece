/**
 * The `usage-charts` chunk: the only module tree that imports recharts. Load it with React.lazy
 * (see ../lazyChart.ts) so the web part's first bundle never carries recharts.
 */
import * as React from 'react';
import { mergeStyles } from '@fluentui/react/lib/Styling';
import { BarsChart } from './BarsChart';
import { DonutChart } from './DonutChart';
import { TrendChart } from './TrendChart';
import type { IUsageChartProps } from './types';
import { useWidth } from './useWidth';

/** One chart of the Usage view, sized to its container; the focused chart shows its tooltip by arrow keys. */
const UsageChart: React.FC<IUsageChartProps> = props => {
  const [ref, measured] = useWidth(480);
  const width = props.width ?? measured;
  const focusRing = mergeStyles({
    selectors: {
      '& .recharts-surface:focus': { outline: 'none' },
      '& .recharts-surface:focus-visible': { outline: `${props.look.highContrast ? 3 : 2}px solid ${props.look.focus}`, outlineOffset: '2px' }
    }
  });
  const Chart = props.model.type === 'pie' ? DonutChart : props.model.type === 'bar' ? BarsChart : TrendChart;
  return (
    <div ref={ref} className={focusRing} data-testid="usage-chart" data-chart-type={props.model.type} style={{ width: '100%', minWidth: 0 }}>
      <Chart {...props} width={width} />
    </div>
  );
};

export default UsageChart;
