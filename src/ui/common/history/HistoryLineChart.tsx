/**
 * The `history-charts` chunk: the history's one module that imports recharts. Load it with React.lazy (see
 * lazyHistoryChart.ts), so no first bundle carries recharts.
 */
import * as React from 'react';
import { CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { mergeStyles } from '@fluentui/react/lib/Styling';
import type { IHistorySeries } from '../../../core/history';
import { colorOf, dashOf, formatHistoryTick, formatHistoryValue } from './historyLook';
import type { IHistoryLook } from './historyLook';

/** Props of HistoryLineChart (the chunk's default export). */
export interface IHistoryLineChartProps {
  /** What to draw. */
  series: IHistorySeries;
  /** Colours and strokes from the theme. */
  look: IHistoryLook;
  /** Plot height in pixels. */
  height: number;
  /** Accessible name: what the chart shows (the table toggle offers the values). */
  title: string;
  /** Fixed width in pixels; measured from the container when omitted. */
  width?: number;
}

/** Layout effects where there is a layout (a page); none where the chart is drawn to markup (the benchmark, Node). */
const useLayoutEffectWhereDrawn = typeof window === 'undefined' ? React.useEffect : React.useLayoutEffect;

/** The container's width, following resizes where ResizeObserver exists (jsdom and hidden tabs: the fallback). */
function useMeasuredWidth(fallback: number): [React.RefObject<HTMLDivElement>, number] {
  const ref = React.useRef<HTMLDivElement>(null);
  const [width, setWidth] = React.useState(0);
  useLayoutEffectWhereDrawn(() => {
    const el = ref.current;
    if (!el) return undefined;
    const measure = (): void => setWidth(Math.floor(el.getBoundingClientRect().width));
    measure();
    if (typeof ResizeObserver === 'undefined') return undefined;
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width > 0 ? width : fallback];
}

/** A themed tooltip: the day, then each series' value in its unit ('—' where the day did not read it). */
const HistoryTooltip: React.FC<{ series: IHistorySeries; look: IHistoryLook; active?: boolean; label?: unknown; payload?: ReadonlyArray<{ dataKey?: string | number; value?: unknown; color?: string; name?: string | number }> }> = ({ series, look, active, label, payload }) => {
  if (!active || !payload?.length) return null;
  return (
    <div style={{ background: look.surface, color: look.text, border: `1px solid ${look.border}`, padding: '6px 10px', fontSize: 12 }}>
      <div style={{ fontWeight: 600, marginBottom: 4 }}>{String(label ?? '')}</div>
      {payload.map(p => {
        const s = series.series.find(x => x.key === p.dataKey);
        return (
          <div key={String(p.dataKey)} style={{ display: 'flex', gap: 8 }}>
            <span aria-hidden style={{ width: 10, height: 10, background: p.color, display: 'inline-block', marginTop: 3 }} />
            <span>{String(p.name ?? p.dataKey ?? '')}</span>
            <span style={{ marginLeft: 'auto', paddingLeft: 12, fontWeight: 600 }}>{formatHistoryValue(p.value, series.unit, s?.currency)}</span>
          </div>
        );
      })}
    </div>
  );
};

/** Lines over days, one per series; a day that did not read a figure is a gap in its line, never a drop to 0. */
const HistoryLineChart: React.FC<IHistoryLineChartProps> = ({ series, look, height, title, width: fixed }) => {
  const [ref, measured] = useMeasuredWidth(560);
  const width = fixed ?? measured;
  const data = React.useMemo(() => series.points.map(p => ({ day: p.day, ...p.values })), [series]);
  const focusRing = mergeStyles({
    selectors: {
      '& .recharts-surface:focus': { outline: 'none' },
      '& .recharts-surface:focus-visible': { outline: `${look.highContrast ? 3 : 2}px solid ${look.focus}`, outlineOffset: '2px' }
    }
  });
  const tick = { fill: look.subtleText, fontSize: 12 };
  return (
    <div ref={ref} className={focusRing} data-testid="history-chart" data-chart={series.key} style={{ width: '100%', minWidth: 0 }}>
      <LineChart width={width} height={height} data={data} margin={{ top: 8, right: 24, bottom: 0, left: 0 }} accessibilityLayer title={title}>
        <CartesianGrid stroke={look.grid} strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="day" tick={tick} stroke={look.border} minTickGap={28} />
        <YAxis tick={tick} stroke={look.border} width={56} domain={series.unit === 'share' ? [0, 1] : [0, 'auto']} tickFormatter={(v: number) => formatHistoryTick(v, series.unit)} />
        <Tooltip content={<HistoryTooltip series={series} look={look} />} cursor={{ stroke: look.border, strokeWidth: 1 }} />
        <Legend wrapperStyle={{ fontSize: 12, color: look.text }} iconType="plainline" />
        {series.series.map((s, i) => (
          <Line key={s.key} type="linear" dataKey={s.key} name={s.label} stroke={colorOf(look, i)} strokeWidth={look.strokeWidth}
            strokeDasharray={dashOf(look, i) || undefined} dot={data.length <= 31 ? { r: look.highContrast ? 4 : 3 } : false} activeDot={{ r: 5 }}
            isAnimationActive={false} connectNulls={false} />
        ))}
      </LineChart>
    </div>
  );
};

export default HistoryLineChart;
