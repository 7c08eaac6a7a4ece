import * as React from 'react';
import { SearchBox } from '@fluentui/react/lib/SearchBox';
import { CommandBar } from '@fluentui/react/lib/CommandBar';
import { MORE } from '../common/focus';
import type { ICommandBarItemProps } from '@fluentui/react/lib/CommandBar';
import { ProgressIndicator } from '@fluentui/react/lib/ProgressIndicator';
import { useTheme } from '@fluentui/react/lib/Theme';
import { mergeStyles } from '@fluentui/react/lib/Styling';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import { ActionButton } from '@fluentui/react/lib/Button';
import { activityAsOf, filterHolds, noMatchText, queryRows, sortValueFor, unavailableFilters, userColumn, PhotoLoader } from '../../core/directory';
import type { IUserFilters, IUserColumn, IUserRow } from '../../core/directory';
import { DEFAULT_COLUMNS } from '../common/defaults';
import { SectionMessage } from '../common/SectionMessage';
import { useServices } from '../common/services';
import type { IImpressionsServices } from '../common/services';
import { useQuery } from '../common/useQuery';
import { useUsersPanels } from './panels';
import { PanelsProblem } from './PanelsProblem';
import { filterChips } from './filterLabels';
import { PhotoContext } from './cells';
import { useGridColumns, useVisibleColumns } from './columns';
import { UsersGrid } from './UsersGrid';
import { UserCount } from './UserCount';
import { ChipBar } from './ChipBar';
import { JoinBanners } from './JoinBanners';
import { ExportProgress, useUsersExport } from './UsersExport';
import { useUsersScript } from './UsersScript';
import { useWantedJoins } from './useWantedJoins';
import { useBulkActions } from './BulkActions';
import { editAccess } from '../../core/impression';
import type { IUserSort } from './columns';

/** Props of UsersView. */
export interface IUsersViewProps {
  /** Column keys shown until the viewer chooses (the property pane's default). */
  defaultColumns?: string[];
  /** Opens a user's impression (row click, Enter, or the name link). */
  onOpenUser?: (userIdOrUpn: string) => void;
  /** Bumped by the app when changes were applied to the directory: a list read before is read again. */
  directoryVersion?: number;
  /** The property pane's "allow edits": bulk actions over selected people are offered only with it (and the scopes). */
  allowEdits?: boolean;
  /** The property pane's second switch: destructive optional steps of an offboarding may be chosen. */
  allowDestructive?: boolean;
  /** Tells the app that a plan's Finish changed the directory. */
  onApplied?: () => void;
}

/**
 * The filter panel's choices: every product and department in the list. They walk every row, so only
 * while the panel is open, not on each redraw while users load.
 */
function useFilterChoices(rows: IUserRow[], open: boolean): { products: string[]; departments: string[] } {
  const products = React.useMemo(() => (open ? [...new Set(rows.flatMap(r => r.products))].sort() : []), [rows, open]);
  const departments = React.useMemo(() => (open ? [...new Set(rows.map(r => r.user.department ?? ''))].sort() : []), [rows, open]);
  return { products, departments };
}

const fmtCount = new Intl.NumberFormat('en-US');
const BAR_TRACK = mergeStyles({ height: 2, margin: '8px 0', selectors: { '@media (forced-colors: active)': { border: '1px solid CanvasText' } } });
const BAR_FILL = mergeStyles({ height: '100%', selectors: { '@media (forced-colors: active)': { forcedColorAdjust: 'none', background: 'Highlight !important' } } });

/**
 * How far /users is read: a share of Graph's count once the first page has brought it, redrawn with the list (a
 * few times a second) and still between; Fluent's indeterminate bar until then and while a kept list is checked.
 * Not Fluent's determinate bar: it would add a style rule for every width it is drawn at, and animate to each.
 */
function LoadingBar({ read, expected, checking }: { read: number; expected?: number; checking?: boolean }): JSX.Element {
  const theme = useTheme();
  if (!expected) return <ProgressIndicator ariaLabel={checking ? 'Checking for changes' : 'Loading users'} />;
  const share = Math.min(1, read / expected);
  return (
    <div role="progressbar" aria-label="Loading users" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(share * 100)}
      aria-valuetext={`${fmtCount.format(read)} of ${fmtCount.format(expected)} users`}
      className={BAR_TRACK} style={{ background: theme.palette.neutralLight }}>
      <div className={BAR_FILL} style={{ width: `${share * 100}%`, background: theme.palette.themePrimary }} />
    </div>
  );
}

/** The search, filters and sort, kept on the session: coming back from an impression finds them as they were left. */
function useKeptQuery(services: IImpressionsServices): {
  text: string; setText: (t: string) => void;
  filters: IUserFilters; setFilters: (f: IUserFilters) => void;
  sort: IUserSort | undefined; setSort: React.Dispatch<React.SetStateAction<IUserSort | undefined>>;
} {
  const kept = services.sessions.usersQuery;
  const [text, setText] = React.useState(() => kept?.text ?? '');
  const [filters, setFilters] = React.useState<IUserFilters>(() => kept?.filters ?? {});
  const [sort, setSort] = React.useState<IUserSort | undefined>(() => kept?.sort);
  React.useEffect(() => { services.sessions.usersQuery = { text, filters, sort }; }, [services, text, filters, sort]);
  return { text, setText, filters, setFilters, sort, setSort };
}

/** Every user in the tenant: search, filter, sort, choose columns, export; usable while loading. */
export const UsersView: React.FC<IUsersViewProps> = ({ defaultColumns, onOpenUser, directoryVersion, allowEdits = false, allowDestructive = false, onApplied }) => {
  const services = useServices();
  const known = defaultColumns?.filter(k => !!userColumn(k)) ?? [];
  const defaults = known.length ? known : DEFAULT_COLUMNS;
  const [visible, setVisible] = useVisibleColumns(`m365i:${services.instanceId}:users:columns`, defaults);
  // "Export all" holds every column, the optional joins' too: it reads those not read yet first (as the
  // CLI's export does), then writes the file.
  const [allAwaitsJoins, setAllAwaitsJoins] = React.useState(false);
  const list = services.sessions.users(directoryVersion ?? 0);
  const data = useQuery(list);
  const { text, setText, filters, setFilters, sort, setSort } = useKeptQuery(services);
  const visibleColumns = React.useMemo(() => visible.map(userColumn).filter((c): c is IUserColumn => !!c), [visible]);
  const wanted = useWantedJoins(list, visibleColumns, filters, allAwaitsJoins);
  const [panel, setPanel] = React.useState<'filters' | 'columns' | undefined>(undefined);
  const { panels, error: panelsError, retry: retryPanels } = useUsersPanels();
  const photos = React.useMemo(() => new PhotoLoader(services.gateway), [services.gateway]);
  // UTC today: report dates, which activity ages are counted between, are UTC days.
  const today = services.now().toISOString().slice(0, 10);

  // Activity ages count to the report's own date (its data ends there), else today.
  const asOf = activityAsOf(data.joins, today);
  const shown = React.useMemo(
    () => queryRows(data.rows, { text, filters, sort }, asOf, sort ? sortValueFor(sort.key) : undefined),
    // a new rows array whenever a page or a join arrives (rows are rebuilt, never changed in place)
    [data.rows, text, filters, sort, asOf]
  );
  const { products, departments } = useFilterChoices(data.rows, panel === 'filters');
  const columns = useGridColumns(visibleColumns, sort, setSort, data.joins, onOpenUser);
  const script = useUsersScript({ filters, visible, text, sort });
  const bulk = useBulkActions({ canEdit: editAccess(services.scopes, allowEdits).canEdit, allowDestructive, skus: data.joins.skus, onApplied });
  const exp = useUsersExport({ status: data.status, kept: !!data.kept, rows: data.rows, shown, visibleColumns, joins: data.joins, awaitingJoins: allAwaitsJoins, setAwaitingJoins: setAllAwaitsJoins });

  const chips = filterChips(filters);
  const holds = filterHolds(filters, data.joins);
  const heldChip = chips.find(c => holds[c.key]);
  const commands: ICommandBarItemProps[] = [
    { key: 'filters', text: `Filters${chips.length ? ` (${chips.length})` : ''}`, iconProps: { iconName: 'Filter' }, onClick: () => setPanel('filters') },
    { key: 'columns', text: 'Columns', iconProps: { iconName: 'ColumnOptions' }, onClick: () => setPanel('columns') },
    exp.command,
    script.command,
    ...bulk.commands
  ];
  const countLine = React.useRef<HTMLDivElement>(null);
  const commandBar = React.useRef<HTMLDivElement>(null);
  const activity = data.joins.activity.status === 'ready' ? data.joins.activity.data : undefined;
  return (
    <Stack tokens={{ childrenGap: 8 }} className="m365i-users">
      <Stack horizontal wrap verticalAlign="center" tokens={{ childrenGap: 8 }}>
        <SearchBox placeholder="Search name, UPN or email" value={text} onChange={(_, v) => setText(v ?? '')} styles={{ root: { width: 300 } }} ariaLabel="Search users" />
        {/* Room for its commands (Select and Act on … among them), not only its content's width: else they hide behind "…". */}
        <div ref={commandBar} style={{ flex: '1 1 420px', minWidth: 0 }}>
          <CommandBar items={commands} styles={{ root: { padding: 0, height: 32, background: 'transparent' } }} ariaLabel="User list actions" overflowButtonProps={MORE} />
        </div>
      </Stack>
      <ChipBar filters={filters} chips={chips} holds={holds} onChange={setFilters} fallbackFocus={commandBar} />
      <UserCount shown={shown.length} total={data.rows.length} status={data.status} narrowed={shown.length !== data.rows.length || chips.length > 0 || text.trim() !== ''} countRef={countLine} refreshDate={activity?.refreshDate ?? undefined} source={activity?.source}
        activityLoading={data.joins.activity.status === 'loading'} kept={data.kept} />
      {data.status === 'loading' && <LoadingBar read={data.rows.length} expected={data.kept ? undefined : data.expected} checking={data.kept?.checking} />}
      <ExportProgress state={exp.state} awaiting={allAwaitsJoins} joins={data.joins} total={data.rows.length} onCancel={() => setAllAwaitsJoins(false)} />
      {data.status === 'error' && <SectionMessage error={data.error} topic="users" onRetry={() => list.retry()} />}
      <JoinBanners joins={data.joins} wanted={wanted} onRetry={key => list.retryJoin(key)} countRef={countLine} />
      {data.status === 'done' && data.rows.length === 0 && <Text variant="large" data-testid="users-empty">No users found in this tenant.</Text>}
      {data.rows.length > 0 && shown.length === 0 && (
        <Text data-testid="users-none-match">
          {noMatchText(heldChip?.label, heldChip && holds[heldChip.key], data.status === 'loading', data.rows.length)}{' '}
          <ActionButton onClick={() => { setText(''); setFilters({}); }}>Clear search and filters</ActionButton>
        </Text>
      )}
      {/* While the first page is on its way the grid is already drawn (headers, no rows), so its first
          rows cost only the rows. */}
      {(shown.length > 0 || (data.status === 'loading' && data.rows.length === 0)) && (
        <PhotoContext.Provider value={photos}>
          <UsersGrid items={shown} columns={columns} onOpenUser={onOpenUser} selection={bulk.selection} chosenIds={bulk.chosenIds} />
        </PhotoContext.Provider>
      )}
      {panel && panelsError && <PanelsProblem panel={panel} error={panelsError} onRetry={retryPanels} onDismiss={() => setPanel(undefined)} />}
      {panels && <panels.FilterPanel isOpen={panel === 'filters'} filters={filters} products={products} departments={departments} unavailable={unavailableFilters(data.joins)}
        onChange={setFilters} onDismiss={() => setPanel(undefined)} />}
      {script.dialog}
      {bulk.element}
      {panels && <panels.ColumnsPanel isOpen={panel === 'columns'} visible={visible} onChange={setVisible} onReset={() => setVisible([...defaults])} onDismiss={() => setPanel(undefined)} />}
    </Stack>
  );
};
