import * as React from 'react';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import { useTheme } from '@fluentui/react/lib/Theme';
import type { ReportPeriod } from '../../../core/reports';
import { isHighContrastTheme } from '../model/colors';
import { periodLabel } from '../model/format';
import { tileEntries, tileReads, tileView } from '../model/tileModel';
import type { IOverviewTile } from '../model/tiles';
import { ChartPanel } from '../parts/ChartPanel';
import { ConcealedBanner, LoadingBlock, RefreshNote, ReportProblem, ThrottleWait } from '../parts/ReportNotes';
import { useServices } from '../../common/services';
import { useQuery } from '../../common/useQuery';

/** Props of Tile. */
export interface ITileProps {
  /** Which tile. */
  tile: IOverviewTile;
  /** The overview's period. */
  period: ReportPeriod;
  /** Chart height in pixels. */
  chartHeight?: number;
}

/** One overview tile: reads its report(s) through the store and shows a chart, its figure and freshness, or why not. */
export const Tile: React.FC<ITileProps> = ({ tile, period, chartHeight = 200 }) => {
  const theme = useTheme();
  const { sessions } = useServices();
  const entries = React.useMemo(() => tileEntries(tile), [tile]);
  const set = sessions.reports.readAll(entries, { period });
  const reads = useQuery(set);
  const { parts, loading, longest, rowsRead, problems, refreshDate: refresh, concealment } = React.useMemo(() => tileReads(entries, reads), [entries, reads]);
  const view = React.useMemo(() => (parts.length > 0 && !loading ? tileView(tile, parts) : undefined), [tile, parts, loading]);
  // A failure's Try again (offered only where it may pass) reads each report that failed alike again.
  const retry = (indexes: number[]) => (): void => indexes.forEach(i => set.reads[i]?.retry());

  const hc = isHighContrastTheme(theme);
  const headingId = `m365i-tile-${tile.key}`;
  return (
    <section
      aria-labelledby={headingId}
      data-testid={`tile-${tile.key}`}
      style={{
        border: `1px solid ${hc ? '#ffffff' : theme.isInverted ? theme.palette.neutralQuaternaryAlt : theme.palette.neutralLight}`,
        borderRadius: 4,
        padding: 12,
        background: theme.semanticColors.bodyBackground,
        boxShadow: hc ? 'none' : theme.effects.elevation4,
        minWidth: 0
      }}
    >
      <Stack tokens={{ childrenGap: 6 }}>
        <Stack horizontal horizontalAlign="space-between" verticalAlign="start" tokens={{ childrenGap: 8 }}>
          <Stack.Item grow styles={{ root: { minWidth: 0 } }}>
            <Text as="h3" id={headingId} variant="mediumPlus" styles={{ root: { margin: 0, fontWeight: 600, display: 'block' } }}>{tile.title}</Text>
            <Text variant="small" styles={{ root: { color: theme.semanticColors.bodySubtext } }}>{tile.description}</Text>
          </Stack.Item>
          {view?.headline && (
            <div style={{ flexShrink: 0, textAlign: 'right' }} data-testid="tile-headline" title={view.headline.date ? `On ${view.headline.date}` : undefined}>
              <Text block variant="xLarge" styles={{ root: { fontWeight: 600, lineHeight: '28px' } }}>{view.headline.value}</Text>
              <Text block variant="small" styles={{ root: { color: theme.semanticColors.bodySubtext } }}>{view.headline.label}</Text>
            </div>
          )}
        </Stack>
        {longest && <ThrottleWait until={longest.until} reason={longest.reason} rows={longest.rows} what={`"${tile.title}"`} />}
        {problems.map(p => <ReportProblem key={p.key} error={p.error} onRetry={retry(p.reads)} />)}
        {concealment && <ConcealedBanner concealment={concealment} />}
        {loading && !longest && <LoadingBlock height={chartHeight + 36} label={`Loading ${tile.title}`} rows={rowsRead || undefined} />}
        {view && (
          <ChartPanel model={view.model} title={`${tile.title}, ${periodLabel(period).toLowerCase()}`} height={chartHeight} controls="bottom"
            note={<RefreshNote refreshDate={refresh} detail={periodLabel(period)} />} />
        )}
        {!view && parts.length > 0 && <RefreshNote refreshDate={refresh} detail={periodLabel(period)} />}
      </Stack>
    </section>
  );
};
