import * as React from 'react';
import { Area, AreaChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { seriesColor, seriesDash } from '../../common/chartLook';
import { formatDayTick, formatTick, maxOf, niceTicks } from '../model/format';
import { ChartTooltip } from './ChartTooltip';
import type { IUsageChartProps } from './types';

/** Props of TrendChart: the chart props with a measured width. */
export interface ITrendChartProps extends IUsageChartProps {
  /** Width in pixels. */
  width: number;
}

/** Lines or areas over report dates, one per series, with a date axis, unit ticks, tooltip and legend. */
export const TrendChart: React.FC<ITrendChartProps> = ({ model, look, height, width, title }) => {
  const axisTick = { fill: look.subtleText, fontSize: 12 };
  const common = {
    width,
    height,
    data: model.data,
    margin: { top: 8, right: 24, bottom: 0, left: 0 },
    accessibilityLayer: true,
    title
  };
  const unitLabel = model.scale.suffix;
  const ticks = niceTicks(maxOf(model.data, model.series.map(s => s.key)), model.scale);
  const axes = [
    <CartesianGrid key="grid" stroke={look.grid} strokeDasharray="3 3" vertical={false} />,
    <XAxis key="x" dataKey={model.x.key} tickFormatter={formatDayTick} tick={axisTick} stroke={look.border} minTickGap={20} />,
    <YAxis
      key="y"
      ticks={ticks}
      domain={[0, ticks[ticks.length - 1] ?? 'auto']}
      interval={0}
      tickFormatter={(v: number) => formatTick(v, model.scale)}
      tick={axisTick}
      stroke={look.border}
      width={unitLabel ? 56 : 48}
      label={unitLabel ? { value: unitLabel, angle: -90, position: 'insideLeft', fill: look.subtleText, fontSize: 12 } : undefined}
    />,
    <Tooltip key="tip" content={<ChartTooltip model={model} look={look} />} cursor={{ stroke: look.border, strokeWidth: 1 }} />,
    <Legend key="legend" wrapperStyle={{ fontSize: 12, color: look.text }} iconType="plainline" />
  ];
  // What a line and an area of the same series share.
  const seriesProps = (s: { key: string; label: string }, i: number) => ({
    type: 'monotone' as const,
    dataKey: s.key,
    name: s.label,
    stroke: seriesColor(look, i),
    strokeWidth: look.strokeWidth,
    strokeDasharray: seriesDash(look, i) || undefined,
    isAnimationActive: false,
    connectNulls: true
  });
  if (model.type === 'area') {
    return (
      <AreaChart {...common}>
        {axes}
        {model.series.map((s, i) => (
          <Area key={s.key} {...seriesProps(s, i)} fill={seriesColor(look, i)} fillOpacity={look.highContrast ? 0 : 0.2} />
        ))}
      </AreaChart>
    );
  }
  return (
    <LineChart {...common}>
      {axes}
      {model.series.map((s, i) => (
        <Line
          key={s.key}
          {...seriesProps(s, i)}
          dot={model.data.length <= 10 ? { r: look.highContrast ? 4 : 3 } : false}
          activeDot={{ r: 5 }}
        />
      ))}
    </LineChart>
  );
};
