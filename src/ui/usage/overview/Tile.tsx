import * as React from 'react';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import { useTheme } from '@fluentui/react/lib/Theme';
import type { ReportPeriod } from '../../../core/reports';
import { explainError } from '../../../core/graph';
import { isHighContrastTheme } from '../model/colors';
import { periodLabel } from '../model/format';
import { tileEntries, tileView } from '../model/tileModel';
import type { ITilePart } from '../model/tileModel';
import type { IOverviewTile } from '../model/tiles';
import { ChartPanel } from '../parts/ChartPanel';
import { ConcealedBanner, LoadingBlock, RefreshNote, ReportProblem, ThrottleWait } from '../parts/ReportNotes';
import { useReport } from '../useReport';
import type { ReportState } from '../useReport';

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
  const entries = React.useMemo(() => tileEntries(tile), [tile]);
  // eslint-disable-next-line react-hooks/rules-of-hooks -- one read per source; a mounted tile's sources never change (Overview keys tiles by tile.key)
  const reads: Array<ReportState & { retry: () => void }> = entries.map(e => useReport(e, { period }));
  const parts: ITilePart[] = [];
  reads.forEach((r, i) => { const entry = entries[i]; if (r.status === 'ready' && entry) parts.push({ entry, rows: r.result.rows }); });
  const waiting = reads.filter((r): r is Extract<ReportState, { status: 'waiting' }> & { retry: () => void } => r.status === 'waiting');
  const failed = reads.filter((r): r is Extract<ReportState, { status: 'error' }> & { retry: () => void } => r.status === 'error');
  const loading = reads.some(r => r.status === 'loading' || r.status === 'idle');
  // The longest wait speaks for the tile; rows read so far add up over its reads.
  const longest = waiting.slice().sort((a, b) => b.secondsLeft - a.secondsLeft)[0];
  const rowsRead = reads.reduce((n, r) => n + (r.status === 'loading' ? r.rows ?? 0 : 0), 0);
  const view = React.useMemo(() => (parts.length > 0 && !loading ? tileView(tile, parts) : undefined),
    // eslint-disable-next-line react-hooks/exhaustive-deps -- parts is new each render; it changes only when a read's result does, one dep per read
    [tile, loading, ...reads.map(r => (r.status === 'ready' ? r.result : undefined))]);
  const refresh = reads.map(r => (r.status === 'ready' ? r.result.refreshDate : null)).filter((d): d is string => !!d).sort().pop() ?? null;
  const concealment = reads.find(r => r.status === 'ready' && r.result.concealment.concealedRows > 0);

  // A tile over two reports that fail alike (a missing role refuses both) says so once; its Try again
  // (offered only where the failure may pass) reads each of them again.
  const problems = groupFailures(failed);

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
        {longest && <ThrottleWait secondsLeft={longest.secondsLeft} reason={longest.reason} rows={longest.rows} what={`"${tile.title}"`} />}
        {problems.map(p => <ReportProblem key={p.key} error={p.error} onRetry={p.retry} />)}
        {concealment?.status === 'ready' && <ConcealedBanner concealment={concealment.result.concealment} />}
        {loading && waiting.length === 0 && <LoadingBlock height={chartHeight + 36} label={`Loading ${tile.title}`} rows={rowsRead || undefined} />}
        {view && (
          <ChartPanel model={view.model} title={`${tile.title}, ${periodLabel(period).toLowerCase()}`} height={chartHeight} controls="bottom"
            note={<RefreshNote refreshDate={refresh} detail={periodLabel(period)} />} />
        )}
        {!view && parts.length > 0 && <RefreshNote refreshDate={refresh} detail={periodLabel(period)} />}
      </Stack>
    </section>
  );
};

/** Failed reads grouped by the words that explain them: one message each, retrying every read in it. */
function groupFailures(failed: Array<{ error: unknown; retry: () => void }>): Array<{ key: string; error: unknown; retry: () => void }> {
  const groups = new Map<string, { error: unknown; retries: Array<() => void> }>();
  for (const f of failed) {
    const e = explainError(f.error, 'reports');
    const key = `${e.title}|${e.detail}`;
    const g = groups.get(key) ?? { error: f.error, retries: [] };
    g.retries.push(f.retry);
    groups.set(key, g);
  }
  return [...groups].map(([key, g]) => ({ key, error: g.error, retry: () => g.retries.forEach(r => r()) }));
}
