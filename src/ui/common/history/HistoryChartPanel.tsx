import * as React from 'react';
import { useTheme } from '@fluentui/react/lib/Theme';
import { Toggle } from '@fluentui/react/lib/Toggle';
import { ActionButton } from '@fluentui/react/lib/Button';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { Shimmer } from '@fluentui/react/lib/Shimmer';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import type { IHistorySeries } from '../../../core/history';
import { historyLook, isHighContrast } from './historyLook';
import { LazyHistoryChart } from './lazyHistoryChart';
import { HistoryTable } from './HistoryTable';

/** Props of HistoryChartPanel. */
export interface IHistoryChartPanelProps {
  /** The chart's series. */
  series: IHistorySeries;
  /** Plot height in pixels. */
  height?: number;
  /** Choices of this chart (a SKU, a window), shown before the toggle. */
  options?: React.ReactNode;
  /** Said instead of the chart when the series has no point. */
  emptyText: string;
  /** Export the series (.xlsx); undefined: no export button. */
  onExport?: () => void;
  /** Set while an export runs. */
  exporting?: boolean;
  /** Why the last export failed. */
  exportError?: string;
  onDismissExportError?: () => void;
}

/** One history chart in a framed section: heading, choices, Table toggle, Export, the chart or its table, or why neither. */
export const HistoryChartPanel: React.FC<IHistoryChartPanelProps> = ({ series, height = 240, options, emptyText, onExport, exporting, exportError, onDismissExportError }) => {
  const theme = useTheme();
  const look = React.useMemo(() => historyLook(theme), [theme]);
  const [table, setTable] = React.useState(false);
  const empty = series.points.length === 0 || series.series.length === 0;
  const headingId = `m365i-history-${series.key}`;
  const hc = isHighContrast(theme);
  return (
    <section aria-labelledby={headingId} data-testid={`history-${series.key}`} className="m365i-history-chart"
      style={{ border: `1px solid ${hc ? '#ffffff' : theme.palette.neutralLight}`, borderRadius: 4, padding: 12, background: theme.semanticColors.bodyBackground, minWidth: 0 }}>
      <Stack tokens={{ childrenGap: 6 }}>
        <Text as="h3" id={headingId} variant="mediumPlus" styles={{ root: { margin: 0, fontWeight: 600 } }}>{series.title}</Text>
        <Stack horizontal wrap verticalAlign="end" horizontalAlign="end" tokens={{ childrenGap: 8 }}>
          {options && <Stack.Item grow>{options}</Stack.Item>}
          <Toggle label="Table" inlineLabel checked={table} onChange={(_, v) => setTable(!!v)} disabled={empty} styles={{ root: { margin: 0 } }} />
          {onExport && (
            <ActionButton iconProps={{ iconName: 'ExcelDocument' }} disabled={empty || exporting} onClick={onExport} aria-label={`Export ${series.title}`}>
              {exporting ? 'Exporting…' : 'Export'}
            </ActionButton>
          )}
        </Stack>
        {exportError && <MessageBar messageBarType={MessageBarType.error} onDismiss={onDismissExportError}>{exportError}</MessageBar>}
        {empty ? (
          <Text variant="small" data-testid="history-empty" styles={{ root: { color: theme.semanticColors.bodySubtext } }}>{emptyText}</Text>
        ) : table ? (
          <HistoryTable series={series} caption={series.title} maxHeight={Math.max(height, 200)} />
        ) : (
          <React.Suspense fallback={<Shimmer styles={{ shimmerWrapper: { height } }} ariaLabel="Loading chart" />}>
            <LazyHistoryChart series={series} look={look} height={height} title={series.title} />
          </React.Suspense>
        )}
      </Stack>
    </section>
  );
};
