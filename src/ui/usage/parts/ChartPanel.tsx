import * as React from 'react';
import { useTheme } from '@fluentui/react/lib/Theme';
import { Toggle } from '@fluentui/react/lib/Toggle';
import { ActionButton } from '@fluentui/react/lib/Button';
import { Shimmer } from '@fluentui/react/lib/Shimmer';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import type { ChartType, IChartModel } from '../model/chartModel';
import { chartLook } from '../../common/chartLook';
import { LazyUsageChart } from '../lazyChart';
import { DataTable } from './DataTable';

/** Props of ChartPanel. */
export interface IChartPanelProps {
  /** What to draw. */
  model: IChartModel;
  /** What the chart shows, for its accessible name and the table caption. */
  title: string;
  /** Plot height in pixels. */
  height?: number;
  /** Chart types the viewer may switch between (none: no switch). */
  types?: ChartType[];
  /** Called when the viewer picks another chart type. */
  onTypeChange?: (type: ChartType) => void;
  /** Start with the table instead of the chart. */
  defaultTable?: boolean;
  /** Shown at the start of the controls row (e.g. the refresh date). */
  note?: React.ReactNode;
  /** Said instead of a chart when there is nothing to draw. */
  emptyText?: string;
  /** Where the controls row goes: above the chart (explorer) or below it (tiles, to keep them compact). */
  controls?: 'top' | 'bottom';
}

const TYPE_LABEL: Record<ChartType, string> = { line: 'Line', area: 'Area', bar: 'Bar', pie: 'Pie' };

/** A chart with its accessible alternative one toggle away; recharts loads on first use. */
export const ChartPanel: React.FC<IChartPanelProps> = ({ model, title, height = 220, types, onTypeChange, defaultTable = false, note, controls = 'top', emptyText = 'No figures to chart for this selection.' }) => {
  const theme = useTheme();
  const look = React.useMemo(() => chartLook(theme), [theme]);
  const [table, setTable] = React.useState(defaultTable);
  const empty = model.data.length === 0 || model.series.length === 0;
  const controlRow = (
    <Stack horizontal wrap verticalAlign="center" horizontalAlign="end" tokens={{ childrenGap: 8 }}>
      {note && <Stack.Item grow styles={{ root: { minWidth: 0 } }}>{note}</Stack.Item>}
      {types && types.length > 1 && !table && (
        <Stack horizontal role="group" aria-label="Chart type">
          {types.map(t => (
            <ActionButton key={t} toggle checked={model.type === t} aria-pressed={model.type === t} onClick={() => onTypeChange?.(t)}
              styles={{ root: { height: 28, padding: '0 6px', fontWeight: model.type === t ? 600 : 400, borderBottom: model.type === t ? `2px solid ${theme.palette.themePrimary}` : '2px solid transparent' } }}>
              {TYPE_LABEL[t]}
            </ActionButton>
          ))}
        </Stack>
      )}
      <Toggle label="Table" inlineLabel checked={table} onChange={(_, v) => setTable(!!v)} styles={{ root: { margin: 0 } }} />
    </Stack>
  );
  return (
    <Stack tokens={{ childrenGap: 4 }} className="m365i-chart-panel">
      {controls === 'top' && controlRow}
      {empty ? (
        <Text variant="small" data-testid="chart-empty">{emptyText}</Text>
      ) : table ? (
        <DataTable model={model} caption={title} maxHeight={Math.max(height, 200)} />
      ) : (
        <React.Suspense fallback={<Shimmer styles={{ shimmerWrapper: { height } }} ariaLabel="Loading chart" />}>
          <LazyUsageChart model={model} look={look} height={height} title={title} />
        </React.Suspense>
      )}
      {model.omitted.length > 0 && (
        <Text variant="small" styles={{ root: { color: theme.semanticColors.bodySubtext } }}>Not charted: {model.omitted.join(', ')}.</Text>
      )}
      {controls === 'bottom' && controlRow}
    </Stack>
  );
};
