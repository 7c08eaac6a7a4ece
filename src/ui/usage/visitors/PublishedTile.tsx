import * as React from 'react';
import { Text } from '@fluentui/react/lib/Text';
import type { IPublishedTile } from '../../../core/history';
import type { ReportPeriod } from '../../../core/reports';
import { periodLabel } from '../model/format';
import { publishedParts, publishedTileDate } from '../model/publication';
import { tileView } from '../model/tileModel';
import type { IOverviewTile } from '../model/tiles';
import { ChartPanel } from '../parts/ChartPanel';
import { RefreshNote } from '../parts/ReportNotes';
import { TileFrame } from '../overview/TileFrame';

/** Props of PublishedTile. */
export interface IPublishedTileProps {
  tile: IOverviewTile;
  /** The tile's published figures; undefined when the publication has none for it. */
  published: IPublishedTile | undefined;
  /** The period the visitor picked (the publication holds 180 days; a shorter period shows its last days). */
  period: ReportPeriod;
  /** Chart height in pixels. */
  chartHeight?: number;
}

/** An overview tile drawn from the visitors' publication: the same frame, chart and figure as the live tile, never a read. */
export const PublishedTile: React.FC<IPublishedTileProps> = ({ tile, published, period, chartHeight = 200 }) => {
  const parts = React.useMemo(() => (published ? publishedParts(tile, published, period) : undefined), [tile, published, period]);
  const view = React.useMemo(() => (parts && parts.some(p => p.rows.length > 0) ? tileView(tile, parts) : undefined), [tile, parts]);
  const headline = view?.headline && { value: view.headline.value, label: view.headline.label, hover: view.headline.date ? `On ${view.headline.date}` : undefined };
  const refresh = published ? publishedTileDate(published) : null;
  return (
    <TileFrame tile={tile} headline={headline}>
      {view ? (
        <ChartPanel model={view.model} title={`${tile.title}, ${periodLabel(period).toLowerCase()}`} height={chartHeight} controls="bottom"
          note={<RefreshNote refreshDate={refresh} detail={`${periodLabel(period)} · published`} />} />
      ) : (
        <Text variant="small" data-testid="not-published">
          {published ? 'The published dashboard has no figures for this tile.' : 'This tile is not in the published dashboard; an admin who publishes again from this page adds it.'}
        </Text>
      )}
    </TileFrame>
  );
};
