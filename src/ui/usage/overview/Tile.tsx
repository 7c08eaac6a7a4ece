import * as React from 'react';
import type { ReportPeriod } from '../../../core/reports';
import { periodLabel } from '../model/format';
import { tileEntries, tileReads, tileView } from '../model/tileModel';
import type { IOverviewTile } from '../model/tiles';
import { ChartPanel } from '../parts/ChartPanel';
import { TileFrame } from './TileFrame';
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
  const { sessions } = useServices();
  const entries = React.useMemo(() => tileEntries(tile), [tile]);
  const set = sessions.reports.readAll(entries, { period });
  const reads = useQuery(set);
  const { parts, loading, longest, rowsRead, problems, refreshDate: refresh, concealment } = React.useMemo(() => tileReads(entries, reads), [entries, reads]);
  const view = React.useMemo(() => (parts.length > 0 && !loading ? tileView(tile, parts) : undefined), [tile, parts, loading]);
  // A failure's Try again (offered only where it may pass) reads each report that failed alike again.
  const retry = (indexes: number[]) => (): void => indexes.forEach(i => set.reads[i]?.retry());

  const headline = view?.headline && { value: view.headline.value, label: view.headline.label, hover: view.headline.date ? `On ${view.headline.date}` : undefined };
  return (
    <TileFrame tile={tile} headline={headline}>
      {longest && <ThrottleWait until={longest.until} reason={longest.reason} rows={longest.rows} what={`"${tile.title}"`} />}
      {problems.map(p => <ReportProblem key={p.key} error={p.error} onRetry={retry(p.reads)} />)}
      {concealment && <ConcealedBanner concealment={concealment} />}
      {loading && !longest && <LoadingBlock height={chartHeight + 36} label={`Loading ${tile.title}`} rows={rowsRead || undefined} />}
      {view && (
        <ChartPanel model={view.model} title={`${tile.title}, ${periodLabel(period).toLowerCase()}`} height={chartHeight} controls="bottom"
          note={<RefreshNote refreshDate={refresh} detail={periodLabel(period)} />} />
      )}
      {!view && parts.length > 0 && <RefreshNote refreshDate={refresh} detail={periodLabel(period)} />}
    </TileFrame>
  );
};
