import * as React from 'react';
import { Pivot, PivotItem } from '@fluentui/react/lib/Pivot';
import { Stack } from '@fluentui/react/lib/Stack';
import type { ReportPeriod } from '../../core/reports';
import { tilesFor } from './model/tiles';
import { Overview } from './overview/Overview';
import { ReportExplorer } from './explorer/ReportExplorer';
import { NamesConcealedNotice } from '../common/NamesConcealed';
import type { VisitorsMode } from '../common/services';

/** Props of UsageView. */
export interface IUsageViewProps {
  /** The period the overview and explorer open with (the property pane's default). */
  defaultPeriod: ReportPeriod;
  /** Overview tile keys, in order (the property pane's choice); all tiles when empty or absent. */
  tiles?: string[];
  /** Which mode opens first. */
  defaultMode?: UsageMode;
  /** The version the Users list is read at, as the app passes it to the Users view (Security readiness counts every user). */
  directoryVersion?: number;
  /** What visitors without a report role get in the overview (the property pane's choice): 'dashboard' (default) or 'none'. */
  visitors?: VisitorsMode;
}

/** The Usage view's two modes. */
export type UsageMode = 'overview' | 'explorer';

/**
 * Microsoft 365 usage: an overview of tiles for a page, and an explorer for any report in the catalog.
 * Both read through the session's ReportStore, so switching modes, tiles or periods already seen never re-reads.
 */
export const UsageView: React.FC<IUsageViewProps> = ({ defaultPeriod, tiles, defaultMode = 'overview', directoryVersion, visitors }) => {
  const [mode, setMode] = React.useState<UsageMode>(defaultMode);
  const [period, setPeriod] = React.useState<ReportPeriod>(defaultPeriod);
  // The explorer mounts on first visit and then stays mounted (hidden), so its choices survive a mode switch.
  const [explorerOpened, setExplorerOpened] = React.useState(defaultMode === 'explorer');
  const chosen = React.useMemo(() => tilesFor(tiles), [tiles]);
  React.useEffect(() => setPeriod(defaultPeriod), [defaultPeriod]);

  return (
    <Stack tokens={{ childrenGap: 12 }} className="m365i-usage">
      <NamesConcealedNotice consequence="Usage reports show anonymised IDs instead of user, group and site names, so their rows cannot be matched to people, groups or sites." />
      <Pivot
        selectedKey={mode}
        headersOnly
        aria-label="Usage views"
        onLinkClick={item => {
          const next = item?.props.itemKey as UsageMode | undefined;
          if (!next) return;
          setMode(next);
          if (next === 'explorer') setExplorerOpened(true);
        }}
      >
        <PivotItem headerText="Overview" itemKey="overview" itemIcon="ViewDashboard" />
        <PivotItem headerText="Report explorer" itemKey="explorer" itemIcon="LineChart" />
      </Pivot>
      <div hidden={mode !== 'overview'} role="tabpanel" aria-label="Overview">
        {mode === 'overview' && <Overview tiles={chosen} period={period} onPeriodChange={setPeriod} directoryVersion={directoryVersion} visitors={visitors} />}
      </div>
      {explorerOpened && (
        <div hidden={mode !== 'explorer'} role="tabpanel" aria-label="Report explorer">
          <ReportExplorer defaultPeriod={defaultPeriod} />
        </div>
      )}
    </Stack>
  );
};
