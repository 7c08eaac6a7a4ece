import * as React from 'react';
import { DetailsList, DetailsListLayoutMode, SelectionMode, ConstrainMode } from '@fluentui/react/lib/DetailsList';
import type { IColumn } from '@fluentui/react/lib/DetailsList';
import { Dropdown } from '@fluentui/react/lib/Dropdown';
import { SearchBox } from '@fluentui/react/lib/SearchBox';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import type { IReportEntry, ReportRow } from '../../../core/reports';
import { aggregateFor, numericColumns, toNumber, topNModel } from '../model/chartModel';
import { cellText } from '../model/detailRows';
import type { IRowSort } from '../model/detailRows';
import { seriesLabel } from '../model/format';
import { ChartPanel } from '../parts/ChartPanel';

/** Props of DetailView. */
export interface IDetailViewProps {
  /** The detail report. */
  entry: IReportEntry;
  /** Every row read (before search). */
  rows: ReadonlyArray<ReportRow>;
  /** Rows after search and sort: what the table (and the export) shows. */
  shown: ReadonlyArray<ReportRow>;
  /** Headers shown, in order. */
  headers: ReadonlyArray<string>;
  /** Search text. */
  search: string;
  /** Called as the viewer types a search. */
  onSearch: (text: string) => void;
  /** Current sort. */
  sort?: IRowSort;
  /** Called when a column header is clicked. */
  onSort: (sort: IRowSort) => void;
  /** True when rows repeat per day (a date range): top-N combines them. */
  multiDay: boolean;
}

const fmt = new Intl.NumberFormat('en-US');
const TOP_N = [5, 10, 20];

/** A detail report: a top-N chart of a chosen numeric column, then a searchable, sortable table of every row. */
export const DetailView: React.FC<IDetailViewProps> = ({ entry, rows, shown, headers, search, onSearch, sort, onSort, multiDay }) => {
  const byHeader = React.useMemo(() => new Map(entry.columns.map(c => [c.header, c] as const)), [entry]);
  const measures = React.useMemo(() => numericColumns(entry.columns).filter(c => rows.some(r => toNumber(r[c.header]) !== null)), [entry, rows]);
  const preferred = entry.chart.series.find(h => measures.some(m => m.header === h)) ?? measures[0]?.header;
  const [measure, setMeasure] = React.useState<string | undefined>(preferred);
  const [n, setN] = React.useState(10);
  const current = measure && measures.some(m => m.header === measure) ? measure : preferred;
  const label = entry.chart.x ?? headers.find(h => h !== 'Report Date' && h !== 'Report Refresh Date') ?? '';
  const model = React.useMemo(() => (current ? topNModel(entry.columns, shown, current, label, n) : undefined), [entry, shown, current, label, n]);

  const columns: IColumn[] = headers.map(h => {
    const column = byHeader.get(h);
    const numeric = column?.type === 'number';
    return {
      key: h,
      name: h,
      fieldName: h,
      minWidth: numeric ? 70 : 100,
      maxWidth: numeric ? 140 : 260,
      isResizable: true,
      isSorted: sort?.header === h,
      isSortedDescending: sort?.header === h && sort.descending,
      sortAscendingAriaLabel: 'Sorted ascending',
      sortDescendingAriaLabel: 'Sorted descending',
      // Numbers start with the largest first: what people sort them for.
      onColumnClick: () => onSort(sort?.header === h ? { header: h, descending: !sort.descending } : { header: h, descending: numeric }),
      onRender: (row: ReportRow) => <span style={numeric ? { display: 'block', textAlign: 'right' } : undefined}>{cellText(row[h], column)}</span>
    };
  });

  const how = current ? aggregateFor(byHeader.get(current)?.unit, current) : 'sum';
  const chartTitle = current
    ? `Top ${n} by ${seriesLabel(current)}${multiDay ? (how === 'sum' ? ' (total over the days)' : ' (largest over the days)') : ''}`
    : '';
  return (
    <Stack tokens={{ childrenGap: 10 }}>
      {model ? (
        <Stack tokens={{ childrenGap: 4 }} data-testid="top-n">
          <Stack horizontal wrap verticalAlign="end" tokens={{ childrenGap: 8 }}>
            <Dropdown label="Top" selectedKey={n} options={TOP_N.map(k => ({ key: k, text: String(k) }))} onChange={(_, o) => o && setN(Number(o.key))} styles={{ root: { width: 70 } }} />
            <Dropdown label="By" selectedKey={current} options={measures.map(m => ({ key: m.header, text: seriesLabel(m.header) }))}
              onChange={(_, o) => o && setMeasure(String(o.key))} styles={{ root: { width: 240, maxWidth: '100%' } }} />
          </Stack>
          <Text variant="mediumPlus" styles={{ root: { fontWeight: 600 } }}>{chartTitle}</Text>
          <ChartPanel model={model} title={chartTitle} height={Math.max(120, model.data.length * 26 + 40)} />
        </Stack>
      ) : (
        <Text variant="small">This report has no numeric columns to rank; the table lists every row.</Text>
      )}
      <Stack horizontal wrap verticalAlign="center" tokens={{ childrenGap: 12 }}>
        <SearchBox placeholder="Search rows" ariaLabel="Search report rows" value={search} onChange={(_, v) => onSearch(v ?? '')} styles={{ root: { width: 280, maxWidth: '100%' } }} />
        <Text variant="small" role="status" data-testid="row-count">{`${fmt.format(shown.length)} of ${fmt.format(rows.length)} rows`}</Text>
      </Stack>
      {shown.length > 0 ? (
        // width 0 + min-width 100%: the table's many columns scroll inside this box instead of widening the page.
        <div data-is-scrollable="true" style={{ width: 0, minWidth: '100%', maxHeight: 520, overflow: 'auto', position: 'relative' }}>
          <DetailsList
            items={shown as ReportRow[]}
            columns={columns}
            selectionMode={SelectionMode.none}
            layoutMode={DetailsListLayoutMode.fixedColumns}
            constrainMode={ConstrainMode.unconstrained}
            ariaLabelForGrid={entry.title}
            onShouldVirtualize={() => shown.length > 100}
          />
        </div>
      ) : (
        <Text data-testid="rows-none">{rows.length === 0 ? 'The report has no rows for this selection.' : 'No rows match the search.'}</Text>
      )}
    </Stack>
  );
};
