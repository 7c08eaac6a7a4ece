import * as React from 'react';
import { Dropdown } from '@fluentui/react/lib/Dropdown';
import { DefaultButton } from '@fluentui/react/lib/Button';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { Shimmer } from '@fluentui/react/lib/Shimmer';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import { mergeStyles } from '@fluentui/react/lib/Styling';
import { HISTORY_CHARTS, freeSkus, historySeries, historyWorkbook, storeLocationText } from '../../../core/history';
import type { ActiveWindow, HistoryChartKey, ISeriesOptions, ISnapshot } from '../../../core/history';
import { useServices } from '../services';
import { useExport } from '../useExport';
import { HistoryChartPanel } from './HistoryChartPanel';
import { NO_HISTORY_YET, isNoHistoryYet, noHistoryRefusedText, readFailureText, whereText } from './storeText';
import { useDailySnapshotState } from './useDailySnapshot';
import { useHistory } from './useHistory';

/** Props of HistoryCharts. */
export interface IHistoryChartsProps {
  /** Which charts, in order (default: all four). */
  charts?: readonly HistoryChartKey[];
  /** A SKU's product name ("Microsoft 365 E3") for the licence chart's choice; the SKU id when it gives none. */
  skuName?: (skuId: string) => string | undefined;
  /** Plot height in pixels. */
  height?: number;
}

const grid = mergeStyles({ display: 'grid', gap: 12, gridTemplateColumns: 'repeat(auto-fill, minmax(min(100%, 420px), 1fr))', alignItems: 'start' });

const EMPTY: Record<HistoryChartKey, string> = {
  licences: 'No licence figures in the history yet: they are kept once someone who can read the licences opens the app.',
  wasteCost: 'No potential saving in the history yet: it is kept once prices are entered in the Licences view.',
  mfa: 'No MFA figures in the history yet: they are kept once someone who can read MFA registration opens the Users view.',
  activeUsers: 'No active-user figures in the history yet: they come from the usage reports, which need a report role.'
};

const WINDOWS: Array<{ key: ActiveWindow; text: string }> = [{ key: '1d', text: 'Daily' }, { key: '7d', text: '7 days' }, { key: '30d', text: '30 days' }];

/** The SKUs any snapshot counts, by id. */
function skusOf(snapshots: readonly ISnapshot[]): string[] {
  const ids = new Set<string>();
  for (const s of snapshots) for (const name of Object.keys(s.figures)) if (name.startsWith('sku:')) ids.add(name.split(':')[1] ?? '');
  ids.delete('');
  return [...ids].sort();
}

/** One chart with its own choices and export. */
const HistoryChart: React.FC<{ chart: HistoryChartKey; snapshots: readonly ISnapshot[]; skuName?: IHistoryChartsProps['skuName']; height?: number }> = ({ chart, snapshots, skuName, height }) => {
  const services = useServices();
  const [options, setOptions] = React.useState<ISeriesOptions>({});
  const series = React.useMemo(() => historySeries(chart, snapshots, options, skuName), [chart, snapshots, options, skuName]);
  const exp = useExport(e => `The export failed: ${e instanceof Error ? e.message : String(e)}`);
  const skus = React.useMemo(() => (chart === 'licences' ? skusOf(snapshots) : []), [chart, snapshots]);
  const free = React.useMemo(() => (chart === 'licences' ? freeSkus(snapshots) : new Set<string>()), [chart, snapshots]);
  const choice = chart === 'licences' && skus.length > 0 ? (
    <Dropdown label="Licence" selectedKey={options.skuId ?? ''} styles={{ root: { maxWidth: 260 } }}
      options={[{ key: '', text: 'All paid licences' }, ...skus.map(id => ({ key: id, text: `${skuName?.(id) ?? id}${free.has(id) ? ' (free or trial)' : ''}` }))]}
      onChange={(_, o) => setOptions({ ...options, skuId: o && o.key !== '' ? String(o.key) : undefined })} />
  ) : chart === 'activeUsers' ? (
    <Dropdown label="Active in" selectedKey={options.window ?? '1d'} styles={{ root: { maxWidth: 160 } }} options={WINDOWS}
      onChange={(_, o) => o && setOptions({ ...options, window: o.key as ActiveWindow })} />
  ) : undefined;
  const exportSeries = (): void => {
    const location = services.tenantStore?.location;
    void exp.run(() => historyWorkbook(snapshots, [series], { tenantName: services.tenantName, ...(location ? { where: storeLocationText(location) } : {}) }, services.now(), false));
  };
  return (
    <HistoryChartPanel series={series} height={height} options={choice} emptyText={EMPTY[chart]} onExport={exportSeries}
      exporting={exp.progress !== undefined} exportError={exp.error} onDismissExportError={exp.clearError} />
  );
};

/**
 * Charts over the tenant's history (licences assigned vs purchased, waste cost, MFA coverage, active users per
 * workload), each with a table toggle and an export of its series; says where the history lives, that there is
 * none yet, or why it could not be read. Nothing at all where the host keeps no history.
 */
export const HistoryCharts: React.FC<IHistoryChartsProps> = ({ charts = HISTORY_CHARTS, skuName, height }) => {
  const services = useServices();
  const { history, reload } = useHistory();
  const daily = useDailySnapshotState();
  if (history.status === 'none') return null;
  const where = whereText(services.tenantStore?.location);
  const empty = history.status === 'error' ? isNoHistoryYet(history.error) : history.status === 'ready' && history.snapshots.length === 0;
  // Today's snapshot was refused and none was ever kept: no history is kept yet, and the refusal says why.
  const refused = empty && daily.status === 'refused' ? daily.reason : undefined;
  let body: React.ReactNode;
  if (history.status === 'loading') {
    body = <Shimmer styles={{ shimmerWrapper: { height: 120 } }} ariaLabel="Loading the history" />;
  } else if (history.status === 'error' && !isNoHistoryYet(history.error)) {
    body = (
      <div data-testid="history-error">
        <MessageBar messageBarType={MessageBarType.warning} actions={<DefaultButton text="Try again" onClick={reload} />}>
          {readFailureText(history.error)}
        </MessageBar>
      </div>
    );
  } else if (history.status !== 'ready' || history.snapshots.length === 0) {
    body = <div data-testid="history-none"><MessageBar messageBarType={MessageBarType.info} isMultiline>{refused !== undefined ? noHistoryRefusedText(refused, services.tenantStore?.location) : NO_HISTORY_YET}</MessageBar></div>;
  } else {
    const snapshots = history.snapshots;
    body = <div className={grid}>{charts.map(c => <HistoryChart key={c} chart={c} snapshots={snapshots} skuName={skuName} height={height} />)}</div>;
  }
  return (
    <Stack tokens={{ childrenGap: 8 }} className="m365i-history" data-testid="history-charts">
      <Stack horizontal wrap horizontalAlign="space-between" verticalAlign="baseline" tokens={{ childrenGap: 8 }}>
        <Text as="h2" variant="large" styles={{ root: { margin: 0, fontWeight: 600 } }}>History</Text>
        {where && refused === undefined && <Text variant="small" data-testid="history-where">Kept {where}{history.status === 'ready' && history.snapshots.length ? ` · ${history.snapshots.length} days from ${history.snapshots[0]?.day ?? ''}` : ''}</Text>}
      </Stack>
      {body}
    </Stack>
  );
};
