import * as React from 'react';
import { DefaultButton } from '@fluentui/react/lib/Button';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { Stack } from '@fluentui/react/lib/Stack';
import type { IConcealment, IReportEntry, IReportSource, ReportRow } from '../../../core/reports';
import { explainError } from '../../../core/graph';
import { useServices } from '../../common/services';
import { useExport } from '../../common/useExport';
import { chartTypesFor, reportModel } from '../model/chartModel';
import type { ChartType } from '../model/chartModel';
import { filterSortRows } from '../model/detailRows';
import type { IRowSort } from '../model/detailRows';
import { reportExport, shownHeaders } from '../model/exports';
import { ChartPanel } from '../parts/ChartPanel';
import { ConcealedBanner, RefreshNote } from '../parts/ReportNotes';
import { DetailView } from './DetailView';

/** Rows read for the explorer (one read, or a merged date range). */
export interface IExplorerData {
  rows: ReadonlyArray<ReportRow>;
  refreshDate: string | null;
  /** Set when the rows came from the relay. */
  source?: IReportSource;
  concealment: IConcealment;
  /** `D30`, a date or `start_to_end`, for the caption and the file name. */
  param: string | undefined;
  /** What the data covers, in words (e.g. "Last 30 days"). */
  caption: string;
}

/** Props of ReportResult. */
export interface IReportResultProps {
  /** The report. */
  entry: IReportEntry;
  /** Its rows. */
  data: IExplorerData;
}

const fmt = new Intl.NumberFormat('en-US');

/** One report's rows: freshness, concealment, the chart or detail table, and "Export report" of the rows as shown. */
export const ReportResult: React.FC<IReportResultProps> = ({ entry, data }) => {
  const services = useServices();
  const [type, setType] = React.useState<ChartType | undefined>(undefined);
  const [search, setSearch] = React.useState('');
  const [sort, setSort] = React.useState<IRowSort | undefined>(undefined);
  const exp = useExport(e => `The export failed: ${explainError(e, 'reports').detail}`);
  const exporting = exp.progress !== undefined;

  const headers = React.useMemo(() => shownHeaders(entry, data.rows), [entry, data.rows]);
  // The table hides the refresh date column (the note above says it); the export keeps every column.
  const tableHeaders = React.useMemo(() => headers.filter(h => h !== 'Report Refresh Date'), [headers]);
  const detail = entry.kind === 'detail';
  const shown = React.useMemo(() => (detail ? filterSortRows(data.rows, tableHeaders, search, sort) : [...data.rows]), [detail, data.rows, tableHeaders, search, sort]);
  const model = React.useMemo(() => reportModel(entry, data.rows, { type }), [entry, data.rows, type]);

  const runExport = (): Promise<void> =>
    exp.run(() => reportExport({ entry, rows: shown, headers, param: data.param, refreshDate: data.refreshDate }, services.now()), shown.length);

  return (
    <Stack tokens={{ childrenGap: 8 }} data-testid="report-result">
      <Stack horizontal wrap horizontalAlign="space-between" verticalAlign="center" tokens={{ childrenGap: 8 }}>
        <RefreshNote refreshDate={data.refreshDate} source={data.source} detail={`${data.caption} · ${fmt.format(data.rows.length)} ${data.rows.length === 1 ? 'row' : 'rows'}`} />
        <DefaultButton iconProps={{ iconName: 'ExcelDocument' }} text={exporting ? 'Exporting…' : 'Export report'} disabled={exporting || data.rows.length === 0}
          onClick={() => void runExport()} title={detail && shown.length !== data.rows.length ? `Exports the ${fmt.format(shown.length)} rows shown` : undefined} />
      </Stack>
      {exp.error && <MessageBar messageBarType={MessageBarType.error} onDismiss={exp.clearError}>{exp.error}</MessageBar>}
      <ConcealedBanner concealment={data.concealment} />
      {detail ? (
        <DetailView entry={entry} rows={data.rows} shown={shown} headers={tableHeaders} search={search} onSearch={setSearch} sort={sort} onSort={setSort}
          multiDay={headers[0] === 'Report Date' && !entry.columns.some(c => c.header === 'Report Date')} />
      ) : model ? (
        <ChartPanel model={model} title={`${entry.title}, ${data.caption.toLowerCase()}`} height={300} types={chartTypesFor(model)} onTypeChange={setType}
          emptyText={data.rows.length ? 'These rows carry no dated figures to chart; Export report gives every row.' : 'The report has no rows for this selection.'} />
      ) : null}
    </Stack>
  );
};
