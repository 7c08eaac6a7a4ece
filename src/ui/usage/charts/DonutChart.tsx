import * as React from 'react';
import { Cell, Legend, Pie, PieChart, Tooltip } from 'recharts';
import { VALUE_KEY } from '../model/chartModel';
import { seriesColor } from '../../common/chartLook';
import { ChartTooltip } from './ChartTooltip';
import type { ITrendChartProps } from './TrendChart';

/** A donut of one series over its categories (a distribution without an x column). */
export const DonutChart: React.FC<ITrendChartProps> = ({ model, look, height, width, title }) => {
  const key = model.series[0]?.key ?? VALUE_KEY;
  // Empty slices only clutter the legend; the table still lists them.
  const data = model.data.filter(d => typeof d[key] === 'number' && (d[key] as number) > 0);
  // A donut needs little width: beyond ~560 px the legend would drift away from it.
  const w = Math.min(width, 560);
  const narrow = w < 420;
  return (
    <PieChart width={w} height={narrow ? height + 60 : height} accessibilityLayer title={title}>
      <Pie data={data} dataKey={key} nameKey={model.x.key} innerRadius="45%" outerRadius="75%" isAnimationActive={false}
        stroke={look.highContrast ? look.border : look.surface} strokeWidth={look.highContrast ? 2 : 1}>
        {data.map((d, i) => <Cell key={String(d[model.x.key])} fill={seriesColor(look, i)} />)}
      </Pie>
      <Tooltip content={<ChartTooltip model={model} look={look} />} />
      <Legend wrapperStyle={{ fontSize: 12, color: look.text }} layout={narrow ? 'horizontal' : 'vertical'} align={narrow ? 'center' : 'right'} verticalAlign={narrow ? 'bottom' : 'middle'} />
    </PieChart>
  );
};
