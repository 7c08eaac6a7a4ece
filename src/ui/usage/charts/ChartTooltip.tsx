import * as React from 'react';
import type { IChartModel } from '../model/chartModel';
import type { IChartLook } from '../../common/chartLook';
import { formatValue } from '../model/format';

/** Props of ChartTooltip (recharts passes active, payload and label). */
export interface IChartTooltipProps {
  /** The chart's model, for units and scale. */
  model: IChartModel;
  /** Theme look, for surface and text colours. */
  look: IChartLook;
  /** Set by recharts: whether a point is under the pointer or keyboard focus. */
  active?: boolean;
  /** Set by recharts: the values at that point. */
  payload?: ReadonlyArray<{ name?: string | number; value?: unknown; color?: string; dataKey?: string | number; payload?: Record<string, unknown> }>;
  /** Set by recharts: the category (date or name). */
  label?: unknown;
}

/** A themed tooltip: the date or name, then each series' value in its unit. */
export const ChartTooltip: React.FC<IChartTooltipProps> = ({ model, look, active, payload, label }) => {
  if (!active || !payload || payload.length === 0) return null;
  const unit = model.series[0]?.unit;
  // Pie slices carry their category in the datum, not in `label`.
  const heading = label ?? payload[0]?.payload?.[model.x.key];
  return (
    <div style={{ background: look.surface, color: look.text, border: `1px solid ${look.border}`, padding: '6px 10px', fontSize: 12, boxShadow: look.highContrast ? 'none' : '0 2px 6px rgba(0,0,0,0.2)' }}>
      {heading !== undefined && <div style={{ fontWeight: 600, marginBottom: 4 }}>{String(heading)}</div>}
      {payload.map((p, i) => (
        <div key={`${String(p.dataKey)}-${i}`} style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
          <span aria-hidden style={{ width: 10, height: 10, background: p.color, display: 'inline-block', border: look.highContrast ? `1px solid ${look.border}` : undefined }} />
          <span>{String(p.name ?? p.dataKey ?? '')}</span>
          <span style={{ marginLeft: 'auto', fontWeight: 600, paddingLeft: 12 }}>{formatValue(p.value, unit, model.scale)}</span>
        </div>
      ))}
    </div>
  );
};
