import * as React from 'react';
import { Dropdown } from '@fluentui/react/lib/Dropdown';
import { DefaultButton } from '@fluentui/react/lib/Button';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { Stack } from '@fluentui/react/lib/Stack';
import { mergeStyles } from '@fluentui/react/lib/Styling';
import { REPORT_PERIODS } from '../../../core/reports';
import type { IReportEntry, ReportPeriod } from '../../../core/reports';
import { useServices } from '../../common/services';
import { useExport } from '../../common/useExport';
import { dashboardExport } from '../model/exports';
import type { IDashboardPart } from '../model/exports';
import { explainError } from '../../../core/graph';
import { periodLabel } from '../model/format';
import { tileEntries, tileRows } from '../model/tileModel';
import type { ITilePart } from '../model/tileModel';
import { securityDashboardPart } from '../model/securityTile';
import type { IOverviewTile, OverviewTile } from '../model/tiles';
import type { IImpressionsServices, VisitorsMode } from '../../common/services';
import type { IPublication } from '../../../core/history';
import { SecurityTile } from './SecurityTile';
import { Tile } from './Tile';
import { PublishedTile } from '../visitors/PublishedTile';
import { PublicationStatus, PublishButton } from '../visitors/PublishForVisitors';
import { VisitorNotice } from '../visitors/VisitorNotice';
import { usePublication } from '../visitors/usePublication';
import { useVisitor } from '../visitors/useVisitor';
import { HistoryCharts } from '../../common/history/HistoryCharts';

/** Props of Overview. */
export interface IOverviewProps {
  /** Tiles to show, in order. */
  tiles: OverviewTile[];
  /** The period shown. */
  period: ReportPeriod;
  /** Called when the viewer picks another period. */
  onPeriodChange: (period: ReportPeriod) => void;
  /** The version the Users list is read at (the Security readiness tile counts every user); default 0. */
  directoryVersion?: number;
  /**
   * What a visitor Graph refuses reports for the role gets: 'dashboard' (default) the published tiles instead of the
   * refusals, and admins a Publish for visitors action; 'none' the refusals as before. Without a store, as 'none'.
   */
  visitors?: VisitorsMode;
}

const grid = mergeStyles({
  display: 'grid',
  gap: 12,
  // One column in a narrow (one-third) section, two or three across a full-width one.
  gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 340px), 1fr))',
  alignItems: 'start'
});

/** A report tile in the dashboard workbook: only what its reads already hold (exporting never sends a report request). */
function reportTilePart(tile: IOverviewTile, services: IImpressionsServices, period: ReportPeriod): IDashboardPart {
  const entries = tileEntries(tile);
  const read: ITilePart[] = [];
  let refreshDate: string | null = null;
  for (const entry of entries) {
    const result = services.sessions.reports.settled(entry, { period });
    if (!result) continue;
    read.push({ entry, rows: result.rows });
    if (result.refreshDate && (!refreshDate || result.refreshDate > refreshDate)) refreshDate = result.refreshDate;
  }
  if (read.length < entries.length) {
    const problem = read.length === 0 ? 'the tile has not loaded (see the tile for why)' : 'part of the tile has not loaded';
    if (read.length === 0) return { title: tile.title, entry: entries[0] as IDashboardPart['entry'], problem };
    return { ...tileRows(tile, read), title: tile.title, refreshDate, problem };
  }
  return { ...tileRows(tile, read), title: tile.title, refreshDate };
}

/** The reports the chosen report tiles read, each once. */
function reportEntries(tiles: readonly OverviewTile[]): IReportEntry[] {
  const entries: IReportEntry[] = [];
  for (const tile of tiles) if (tile.kind !== 'security') for (const e of tileEntries(tile)) if (!entries.includes(e)) entries.push(e);
  return entries;
}

/** The overview: a tile per chosen report, each loading (and failing) on its own; exports all loaded tiles as one workbook. */
export const Overview: React.FC<IOverviewProps> = ({ tiles, period, onPeriodChange, directoryVersion = 0, visitors = 'dashboard' }) => {
  const services = useServices();
  const exp = useExport(e => `The export failed: ${explainError(e, 'reports').detail}`);
  const exporting = exp.progress !== undefined;
  // The visitors' dashboard: a report read refused for the role shows the published tiles; an admin may publish.
  const dashboard = visitors !== 'none' && services.tenantStore !== undefined;
  const entries = React.useMemo(() => reportEntries(tiles), [tiles]);
  const who = useVisitor(entries, period, dashboard);
  const publication = usePublication(services.tenantStore, dashboard && (who.visitor || who.reads));
  const [justPublished, setJustPublished] = React.useState<IPublication | undefined>(undefined);
  const published = publication.view?.status === 'ok' ? publication.view.tiles : undefined;
  const onPublished = (p: IPublication): void => { setJustPublished(p); publication.published(p); };

  const exportDashboard = (): Promise<void> =>
    exp.run(() => {
      // Only what the tiles already read: exporting never sends a request.
      const now = services.now();
      const parts: IDashboardPart[] = tiles.map(tile => (tile.kind === 'security'
        ? securityDashboardPart(tile.key, tile.title, services.sessions.users(directoryVersion).getState(), now.toISOString().slice(0, 10))
        : reportTilePart(tile, services, period)));
      return dashboardExport(parts, period, now, services.tenantName);
    });

  return (
    <Stack tokens={{ childrenGap: 12 }} className="m365i-usage-overview">
      <Stack horizontal wrap verticalAlign="end" tokens={{ childrenGap: 12 }}>
        <Dropdown
          label="Period"
          selectedKey={period}
          options={REPORT_PERIODS.map(p => ({ key: p, text: periodLabel(p) }))}
          onChange={(_, o) => o && onPeriodChange(o.key as ReportPeriod)}
          styles={{ root: { width: 160 } }}
        />
        {!who.visitor && <DefaultButton iconProps={{ iconName: 'ExcelDocument' }} text={exporting ? 'Exporting…' : 'Export dashboard'} disabled={exporting || tiles.length === 0} onClick={() => void exportDashboard()} />}
        {dashboard && !who.visitor && <PublishButton enabled={who.reads} onPublished={onPublished} />}
      </Stack>
      {dashboard && !who.visitor && who.reads && <PublicationStatus view={publication.view} justPublished={justPublished} liveDates={who.liveDates} />}
      {who.visitor && <VisitorNotice view={publication.view} onRetry={publication.retry} />}
      {exp.error && <MessageBar messageBarType={MessageBarType.error} onDismiss={exp.clearError}>{exp.error}</MessageBar>}
      {tiles.length === 0 && (
        <MessageBar messageBarType={MessageBarType.info} data-testid="no-tiles">
          No overview tiles are chosen. A page editor picks them in the web part&apos;s properties (Usage overview); the Report explorer still offers every report.
        </MessageBar>
      )}
      <div className={grid}>
        {tiles.map(tile => {
          if (tile.kind === 'security') return <SecurityTile key={tile.key} tile={tile} directoryVersion={directoryVersion} />;
          if (!who.visitor) return <Tile key={tile.key} tile={tile} period={period} />;
          // A visitor sees the published figures of a report tile, never its refusal; none published, the notice says so.
          return published ? <PublishedTile key={tile.key} tile={tile} published={published[tile.key]} period={period} /> : null;
        })}
      </div>
      {/* The history beyond Graph's 180 days (the shared store), for those who read the live reports. */}
      {who.history && services.tenantStore && <HistoryCharts charts={['activeUsers', 'mfa']} />}
    </Stack>
  );
};
