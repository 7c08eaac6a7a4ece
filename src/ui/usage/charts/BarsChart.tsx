import * as React from 'react';
import { Bar, BarChart, CartesianGrid, LabelList, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { seriesColor } from '../../common/chartLook';
import { formatTick, formatValue, maxOf, niceTicks } from '../model/format';
import { ChartTooltip } from './ChartTooltip';
import type { ITrendChartProps } from './TrendChart';

/** Bars per category, sideways so long names (apps, users, sites) stay readable in narrow tiles. */
export const BarsChart: React.FC<ITrendChartProps> = ({ model, look, height, width, title }) => {
  const axisTick = { fill: look.subtleText, fontSize: 12 };
  const rowHeight = model.series.length > 1 ? 14 * model.series.length + 10 : 26;
  const plotHeight = Math.max(height, model.data.length * rowHeight + 40 + (model.series.length > 1 ? 24 : 0));
  // Category labels get up to ~40% of the width, and are cut with an ellipsis beyond it.
  const labelWidth = Math.min(Math.max(80, Math.floor(width * 0.45)), 300);
  // ~7.5 px per character at 12 px covers upper-case names (Graph sends product types in capitals).
  const maxChars = Math.floor(labelWidth / 7.5);
  const cut = (v: unknown): string => {
    const s = String(v ?? '');
    return s.length > maxChars ? `${s.slice(0, Math.max(1, maxChars - 1))}…` : s;
  };
  const unit = model.series[0]?.unit;
  const ticks = niceTicks(Math.max(model.axisMax ?? 0, maxOf(model.data, model.series.map(s => s.key))), model.scale, width < 400 ? 3 : 4);
  return (
    <BarChart width={width} height={plotHeight} data={model.data} layout="vertical" margin={{ top: 4, right: 48, bottom: 0, left: 4 }} accessibilityLayer title={title} barCategoryGap="20%">
      <CartesianGrid stroke={look.grid} strokeDasharray="3 3" horizontal={false} />
      <XAxis type="number" ticks={ticks} domain={[0, ticks[ticks.length - 1] ?? 'auto']} interval={0} tickFormatter={(v: number) => formatTick(v, model.scale)} tick={axisTick} stroke={look.border} allowDecimals={false}
        label={model.scale.suffix ? { value: model.scale.suffix, position: 'insideBottomRight', offset: 0, fill: look.subtleText, fontSize: 12 } : undefined} />
      <YAxis type="category" dataKey={model.x.key} width={labelWidth} tick={axisTick} tickFormatter={cut} stroke={look.border} interval={0} />
      <Tooltip content={<ChartTooltip model={model} look={look} />} cursor={{ fill: look.grid, fillOpacity: 0.4 }} />
      {model.series.length > 1 && <Legend wrapperStyle={{ fontSize: 12, color: look.text }} />}
      {model.series.map((s, i) => (
        <Bar key={s.key} dataKey={s.key} name={s.label} fill={seriesColor(look, i)} isAnimationActive={false}
          stroke={look.highContrast ? look.border : undefined} strokeWidth={look.highContrast ? 1 : 0} maxBarSize={22}>
          {model.series.length === 1 && (
            <LabelList dataKey={s.key} position="right" fill={look.text} fontSize={12} formatter={(v: unknown) => formatValue(v, unit, model.scale)} />
          )}
        </Bar>
      ))}
    </BarChart>
  );
};
