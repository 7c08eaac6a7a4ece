import * as React from 'react';
import { DetailsList, DetailsListLayoutMode, Selection, SelectionMode, ConstrainMode } from '@fluentui/react/lib/DetailsList';
import type { IColumn } from '@fluentui/react/lib/DetailsList';
import { SearchBox } from '@fluentui/react/lib/SearchBox';
import { CommandBar } from '@fluentui/react/lib/CommandBar';
import type { ICommandBarItemProps } from '@fluentui/react/lib/CommandBar';
import { ProgressIndicator } from '@fluentui/react/lib/ProgressIndicator';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import { ActionButton } from '@fluentui/react/lib/Button';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { MessageBarButton } from '@fluentui/react/lib/Button';
import { hiddenContentStyle, mergeStyles } from '@fluentui/react/lib/Styling';
import {
  activityAsOf,
  queryRows,
  JOINED_SOURCES,
  joinStateOf,
  sortValueFor,
  USER_COLUMNS,
  userColumn,
  usersSheet,
  PhotoLoader,
  ACTIVITY_PERIOD,
  ACTIVITY_REPORT
} from '../../core/directory';
import type { IUserFilters, IUserRow, IUserColumn } from '../../core/directory';
import { DEFAULT_COLUMNS } from '../common/defaults';
import { usersFileName } from '../../core/export';
import { explainError, isPassingFailure } from '../../core/graph';
import { SectionMessage } from '../common/SectionMessage';
import { useServices } from '../common/services';
import { useExport } from '../common/useExport';
import { useUsersData } from './useUsersData';
import { useReadProgress } from '../common/useReadProgress';
import { formatSeconds as countdown } from '../common/format';
import { ACTIVITY_CONCEALED, SHOW_NAMES_HELP, reportKey } from '../../core/reports';
import type { ReportStore } from '../../core/reports';

const ACTIVITY_KEY = reportKey(ACTIVITY_REPORT, ACTIVITY_PERIOD);
import { FilterPanel } from './FilterPanel';
import { ColumnsPanel } from './ColumnsPanel';
import { filterChips } from './filterLabels';
import { renderUserCell, PhotoContext } from './cells';

/** Props of UsersView. */
export interface IUsersViewProps {
  /** Column keys shown until the viewer chooses (the property pane's default). */
  defaultColumns?: string[];
  /** Opens a user's impression (row click, Enter, or the name link). */
  onOpenUser?: (userIdOrUpn: string) => void;
  /** Bumped by the app when changes were applied to the directory: a list read before is read again. */
  directoryVersion?: number;
}

const fmt = new Intl.NumberFormat('en-US');

function useVisibleColumns(storeKey: string, defaults: readonly string[]): [string[], (v: string[]) => void] {
  const { store } = useServices();
  const valid = (keys: unknown): string[] | undefined =>
    Array.isArray(keys) ? keys.filter((k): k is string => typeof k === 'string' && !!userColumn(k)) : undefined;
  const [visible, setVisible] = React.useState<string[]>(() => {
    try {
      const saved = valid(JSON.parse(store?.getItem(storeKey) ?? 'null'));
      if (saved?.length) return saved;
    } catch { /* unreadable: use defaults */ }
    return [...defaults];
  });
  const save = React.useCallback((v: string[]) => {
    setVisible(v);
    try { store?.setItem(storeKey, JSON.stringify(v)); } catch { /* storage full or blocked: keep in memory */ }
  }, [store, storeKey]);
  return [visible, save];
}

/** The list itself; memoized, so a redraw of the view around it (a count, a progress line) leaves it alone. */
const UsersGrid = React.memo(function UsersGrid({ items, columns, onOpenUser }: { items: IUserRow[]; columns: IColumn[]; onOpenUser?: (id: string) => void }) {
  const invoke = React.useCallback((r: IUserRow) => onOpenUser?.(r.user.id), [onOpenUser]);
  // Rows are opened, never selected, so the grid's Selection needs no key per row. Without keys its
  // setItems skips building a key-to-index table over every row on each redraw (about 50 ms for
  // 50,000 users, on every redraw while they load). Fluent takes keys from the Selection or from
  // getKey, not both, so rows are keyed by position, as the virtualized list's pages already are.
  const [selection] = React.useState(() => new Selection({ getKey: noSelectionKey, selectionMode: SelectionMode.none }));
  return (
    // Columns wider than the web part scroll sideways inside it instead of spilling out of the page's
    // section (width 0 + min-width 100%). Rows still scroll with the page: data-is-scrollable="false"
    // keeps the virtualized list measuring the page, not this box.
    <div data-is-scrollable="false" style={{ width: 0, minWidth: '100%', overflowX: 'auto' }}>
      <DetailsList
        items={items}
        columns={columns}
        selection={selection}
        selectionMode={SelectionMode.none}
        layoutMode={DetailsListLayoutMode.fixedColumns}
        constrainMode={ConstrainMode.unconstrained}
        onItemInvoked={invoke}
        ariaLabelForGrid="Users"
        onShouldVirtualize={alwaysVirtualize}
      />
    </div>
  );
});
const alwaysVirtualize = (): boolean => true;
const noSelectionKey = (): string => '';

interface IUserCountProps {
  shown: number;
  total: number;
  status: 'loading' | 'done' | 'error';
  refreshDate?: string;
  reports: ReportStore;
  activityLoading: boolean;
  /** A search or filter narrows the list. */
  narrowed: boolean;
  /** Focus lands here when the control that had it goes away (a banner's Try again). */
  countRef: React.RefObject<HTMLDivElement>;
}

/** A value once it has held still for `ms`: what a live region announces. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = React.useState(value);
  React.useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

const LIVE_REGION = mergeStyles(hiddenContentStyle);

/**
 * "1,204 of 48,771 users", and while the active-user report is read, its rows so far and any wait for
 * Graph's report limit (a page per 200 users: in a large tenant it outlasts Graph's report window).
 * Its own component, so each report page redraws this line, not the list. Screen readers hear the count
 * once it settles, not every page loaded, keystroke or second of a countdown.
 */
function UserCount({ shown, total, status, refreshDate, reports, activityLoading, narrowed, countRef }: IUserCountProps): JSX.Element {
  const activityRead = useReadProgress(reports, ACTIVITY_KEY, activityLoading);
  const loading = status === 'loading';
  // While users load, a narrowed list says its matches so far (they settle between pages); the whole
  // list just says it is loading. A wait for Graph's report limit is said once, without its countdown.
  const count = loading
    ? narrowed && total > 0 ? `${shown === 1 ? '1 user matches' : `${fmt.format(shown)} users match`} so far; loading.` : 'Loading users…'
    : status === 'error' ? `${fmt.format(total)} users read; the list is incomplete.` : `${fmt.format(shown)} of ${fmt.format(total)} users`;
  const waiting = activityRead?.secondsLeft !== undefined ? " Last activity waits for Microsoft Graph's report limit." : '';
  const announce = useSettled(count + waiting, 1000);
  return (
    <>
      <div ref={countRef} tabIndex={-1}>
        <Text variant="medium" data-testid="user-count">
          {loading && total === 0 ? 'Loading users…' : `${fmt.format(shown)} of ${fmt.format(total)} users`}
          {loading && total > 0 ? ` — loading… ${fmt.format(total)} loaded` : ''}
          {status === 'error' && total > 0 ? ' — incomplete: reading stopped (see the message below)' : ''}
          {refreshDate ? ` · activity as of ${refreshDate}` : ''}
          {activityRead && activityRead.rows > 0 ? (
            <span data-testid="activity-progress">
              {` · last activity: ${fmt.format(activityRead.rows)} report rows read`}
              {activityRead.secondsLeft !== undefined ? `, waiting for Microsoft Graph's report limit (going on in ${countdown(activityRead.secondsLeft)})` : '…'}
            </span>
          ) : null}
        </Text>
      </div>
      <div role="status" aria-live="polite" className={LIVE_REGION} data-testid="user-count-announced">{announce}</div>
    </>
  );
}

/** Search, filters and sort of the list. */
interface IUsersQueryState {
  text: string;
  filters: IUserFilters;
  sort?: { key: string; descending: boolean };
}

/** The viewer's last search, filters and sort per host, for when they come back from an impression. */
const lastQuery = new WeakMap<object, IUsersQueryState>();

/** Why a filter does not apply: its data is still loading, or could not be read (or matched). */
interface IFilterHold {
  kind: 'waiting' | 'unavailable';
  /** What the filter waits for, in words: "MFA data", "last activity". */
  what: string;
  why?: string;
}

/** Every user in the tenant: search, filter, sort, choose columns, export; usable while loading. */
export const UsersView: React.FC<IUsersViewProps> = ({ defaultColumns, onOpenUser, directoryVersion }) => {
  const services = useServices();
  const known = defaultColumns?.filter(k => !!userColumn(k)) ?? [];
  const defaults = known.length ? known : DEFAULT_COLUMNS;
  const [visible, setVisible] = useVisibleColumns(`m365i:${services.instanceId}:users:columns`, defaults);
  const [attempt, setAttempt] = React.useState(0);
  // "Export all" holds every column, last sign-in included: it reads sign-ins first when their column
  // has not (as the CLI's export does), then writes the file.
  const [allAwaitsSignIns, setAllAwaitsSignIns] = React.useState(false);
  const data = useUsersData(services, visible.includes('lastSignIn') || allAwaitsSignIns, attempt, directoryVersion);
  // Coming back from an impression finds the search, filters and sort as they were left.
  const [text, setText] = React.useState(() => lastQuery.get(services)?.text ?? '');
  const [filters, setFilters] = React.useState<IUserFilters>(() => lastQuery.get(services)?.filters ?? {});
  const [sort, setSort] = React.useState<{ key: string; descending: boolean } | undefined>(() => lastQuery.get(services)?.sort);
  React.useEffect(() => { lastQuery.set(services, { text, filters, sort }); }, [services, text, filters, sort]);
  const [panel, setPanel] = React.useState<'filters' | 'columns' | undefined>(undefined);
  const exp = useExport(e => `The export failed: ${e instanceof Error ? e.message : String(e)}. Nothing was lost; try again.`);
  const exporting = exp.progress;
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
  // The filter panel's choices walk every row: only while the panel is open, not on each redraw while loading.
  const filtersOpen = panel === 'filters';
  const products = React.useMemo(() => (filtersOpen ? [...new Set(data.rows.flatMap(r => r.products))].sort() : []), [data.rows, filtersOpen]);
  const departments = React.useMemo(() => (filtersOpen ? [...new Set(data.rows.map(r => r.user.department ?? ''))].sort() : []), [data.rows, filtersOpen]);

  const failed = (Object.keys(JOINED_SOURCES) as Array<keyof typeof JOINED_SOURCES>).filter(s => joinStateOf(s, data.joins)?.status === 'error');
  const activity = data.joins.activity.status === 'ready' ? data.joins.activity.data : undefined;
  const unavailable = {
    mfa: data.joins.mfa.status === 'error' ? explainError(data.joins.mfa.error, 'mfa').detail : undefined,
    activity: data.joins.activity.status === 'error'
      ? explainError(data.joins.activity.error, 'reports').detail
      : activity && activity.concealedRows > 0 ? ACTIVITY_CONCEALED : undefined
  };
  // A filter over data still loading waits for it; over data that failed (or cannot be matched) it
  // cannot apply. Either way it matches no one (a filtered view never vouches for a user it cannot).
  const hold = (source: 'mfa' | 'activity'): IFilterHold | undefined => {
    const what = source === 'mfa' ? 'MFA data' : 'last activity';
    if (data.joins[source].status === 'loading') return { kind: 'waiting', what };
    const why = unavailable[source];
    return why ? { kind: 'unavailable', what, why } : undefined;
  };
  const holds: Record<string, IFilterHold | undefined> = {
    mfa: filters.mfaEnabled !== undefined ? hold('mfa') : undefined,
    activity: filters.activity !== undefined ? hold('activity') : undefined
  };

  // Built once per change of columns, sort or joins (a new joins object only when a join's state changes),
  // so the grid redraws only when what it shows changes, not on every page while users load.
  const joins = data.joins;
  const visibleColumns = React.useMemo(() => visible.map(userColumn).filter((c): c is IUserColumn => !!c), [visible]);
  const columns = React.useMemo<IColumn[]>(() => visibleColumns
    .map(c => ({
      key: c.key,
      name: c.header,
      minWidth: Math.min(c.width, 90),
      maxWidth: c.width,
      isResizable: true,
      isSorted: sort?.key === c.key,
      isSortedDescending: sort?.key === c.key && sort.descending,
      sortAscendingAriaLabel: 'Sorted A to Z',
      sortDescendingAriaLabel: 'Sorted Z to A',
      onColumnClick: () => setSort(s => (s?.key === c.key ? { key: c.key, descending: !s.descending } : { key: c.key, descending: false })),
      onRender: (row: IUserRow) => renderUserCell(c, row, { sourceState: joins, onOpenUser })
    })), [visibleColumns, sort, joins, onOpenUser]);

  const runExport = (which: 'all' | 'view'): Promise<void> => {
    const cols = which === 'all' ? [...USER_COLUMNS] : visibleColumns;
    const rows = which === 'all' ? data.rows : shown;
    return exp.run(() => ({ sheets: [usersSheet(rows, cols)], fileName: usersFileName(services.tenantName ?? 'tenant', services.now(), which === 'view') }), rows.length);
  };
  const signInState = data.joins.signIns.status;
  const exportAll = (): void => {
    if (signInState === 'ready' || signInState === 'error') void runExport('all');
    else setAllAwaitsSignIns(true);
  };
  // The waiting export starts when sign-ins settle, with this render's rows and columns (not on every render).
  const latestRunExport = React.useRef(runExport);
  latestRunExport.current = runExport;
  React.useEffect(() => {
    if (!allAwaitsSignIns || (signInState !== 'ready' && signInState !== 'error') || exporting) return;
    setAllAwaitsSignIns(false);
    void latestRunExport.current('all'); // a failed read (no Entra ID P1, no scope) leaves the column empty; its banner says why
  }, [allAwaitsSignIns, signInState, exporting]);
  // Joins still being read are written empty: the menu says which before the click.
  const emptyNote = (cols: ReadonlyArray<IUserColumn>): string => {
    const reading = (['mfa', 'activity', 'signIns'] as const).filter(k => data.joins[k].status === 'loading' && cols.some(c => c.source === k));
    const words = { mfa: 'MFA', activity: 'last activity', signIns: 'last sign-in' };
    return reading.length ? `; ${reading.map(k => words[k]).join(' and ')} still loading, written empty` : '';
  };
  const viewNote = emptyNote(visibleColumns);
  const allNote = emptyNote(USER_COLUMNS.filter(c => c.source !== 'signIns')); // Export all waits for sign-ins itself

  const chips = filterChips(filters);
  const commands: ICommandBarItemProps[] = [
    { key: 'filters', text: `Filters${chips.length ? ` (${chips.length})` : ''}`, iconProps: { iconName: 'Filter' }, onClick: () => setPanel('filters') },
    { key: 'columns', text: 'Columns', iconProps: { iconName: 'ColumnOptions' }, onClick: () => setPanel('columns') },
    {
      key: 'export', text: 'Export', iconProps: { iconName: 'ExcelDocument' }, disabled: !!exporting || allAwaitsSignIns || data.rows.length === 0,
      subMenuProps: {
        items: [
          { key: 'view', text: `Export view (${fmt.format(shown.length)} users, visible columns${viewNote})`, onClick: () => void runExport('view') },
          allAwaitsSignIns
            ? { key: 'all', text: 'Export all (reading last sign-ins first…)', disabled: true }
            : data.status === 'done'
            ? { key: 'all', text: `Export all (${fmt.format(data.rows.length)} users, every column${allNote})`, onClick: exportAll }
            // "All" promises every user: not until the list has been read to its end.
            : { key: 'all', text: data.status === 'loading' ? 'Export all (once every user is read)' : 'Export all (the list is incomplete: try again first)', disabled: true }
        ]
      }
    }
  ];

  const heldChip = chips.find(c => holds[c.key]);
  const countLine = React.useRef<HTMLDivElement>(null);
  // Removing a chip (or Clear all) removes the button that had focus: hand it to the chip that took its
  // place, else the one before, else the Filters button.
  const chipBar = React.useRef<HTMLDivElement>(null);
  const commandBar = React.useRef<HTMLDivElement>(null);
  const chipFocus = React.useRef<number | undefined>(undefined);
  React.useLayoutEffect(() => {
    const at = chipFocus.current;
    chipFocus.current = undefined;
    if (at === undefined) return;
    const left = chipBar.current ? Array.from(chipBar.current.querySelectorAll<HTMLElement>('[data-chip]')) : [];
    (left[Math.min(at, left.length - 1)] ?? commandBar.current?.querySelector<HTMLElement>('button'))?.focus();
  }, [filters]);
  return (
    <Stack tokens={{ childrenGap: 8 }} className="m365i-users">
      <Stack horizontal wrap verticalAlign="center" tokens={{ childrenGap: 8 }}>
        <SearchBox placeholder="Search name, UPN or email" value={text} onChange={(_, v) => setText(v ?? '')} styles={{ root: { width: 300 } }} ariaLabel="Search users" />
        <div ref={commandBar}>
          <CommandBar items={commands} styles={{ root: { padding: 0, height: 32, background: 'transparent' } }} ariaLabel="User list actions" />
        </div>
      </Stack>
      {chips.length > 0 && (
        <div ref={chipBar}>
          <Stack horizontal wrap tokens={{ childrenGap: 6 }} aria-label="Active filters">
            {chips.map((c, index) => {
              const h = holds[c.key];
              const label = h ? `${c.label} (${h.kind === 'waiting' ? `waiting for ${h.what}` : 'cannot apply'})` : c.label;
              return (
                <ActionButton key={c.key} data-chip iconProps={{ iconName: 'Cancel' }} onClick={() => { chipFocus.current = index; setFilters(c.remove(filters)); }} ariaLabel={`Remove filter ${label}`} title={h?.why}
                  styles={{ root: { height: 26, borderRadius: 13, border: '1px solid', padding: '0 8px' }, flexContainer: { flexDirection: 'row-reverse' } }}>
                  {label}
                </ActionButton>
              );
            })}
            <ActionButton onClick={() => { chipFocus.current = 0; setFilters({}); }} styles={{ root: { height: 26 } }}>Clear all</ActionButton>
          </Stack>
        </div>
      )}
      <UserCount shown={shown.length} total={data.rows.length} status={data.status} narrowed={shown.length !== data.rows.length || chips.length > 0 || text.trim() !== ''} countRef={countLine} refreshDate={activity?.refreshDate ?? undefined}
        reports={services.reports} activityLoading={data.joins.activity.status === 'loading'} />
      {data.status === 'loading' && <ProgressIndicator ariaLabel="Loading users" />}
      {allAwaitsSignIns && (
        <Stack horizontal verticalAlign="end" tokens={{ childrenGap: 8 }}>
          <ProgressIndicator styles={{ root: { flex: 1 } }} label="Export all: reading last sign-ins first"
            description={`About ${fmt.format(Math.ceil(data.rows.length / 120))} requests to Microsoft Graph (one per 120 users); the file follows.`} />
          {/* Leaving the column hidden, this stops the read too; nothing is exported. */}
          <ActionButton iconProps={{ iconName: 'Cancel' }} onClick={() => setAllAwaitsSignIns(false)}>Cancel export</ActionButton>
        </Stack>
      )}
      {exporting && <ProgressIndicator label="Exporting to Excel" description={`${fmt.format(exporting.done)} of ${fmt.format(exporting.total)} rows`} percentComplete={exporting.total ? exporting.done / exporting.total : undefined} />}
      {exp.error && <MessageBar messageBarType={MessageBarType.error} onDismiss={exp.clearError}>{exp.error}</MessageBar>}
      {data.status === 'error' && <SectionMessage error={data.error} topic="users" onRetry={() => setAttempt(a => a + 1)} />}
      {failed.map(s => {
        const state = joinStateOf(s, data.joins);
        const error = state?.status === 'error' ? state.error : undefined;
        const why = explainError(error, JOINED_SOURCES[s].topic);
        // Sign-ins are read only while their column shows: no Try again that could not read them.
        const canRetry = isPassingFailure(error) && (s !== 'signIns' || visible.includes('lastSignIn'));
        const retry = canRetry ? (
          <MessageBarButton ariaLabel={`Try again: ${JOINED_SOURCES[s].name}`} onClick={() => {
            data.retryJoin(JOINED_SOURCES[s].join);
            countLine.current?.focus(); // the banner (and this button) goes away; the count says what happens next
          }}>Try again</MessageBarButton>
        ) : undefined;
        return (
          <div key={s} data-testid={`degraded-${s}`}>
            <MessageBar messageBarType={MessageBarType.warning} isMultiline actions={retry}>
              <strong>{JOINED_SOURCES[s].name} unavailable.</strong> {why.detail} {why.action ?? ''}
            </MessageBar>
          </div>
        );
      })}
      {activity && activity.concealedRows > 0 && (
        <MessageBar messageBarType={MessageBarType.warning} isMultiline className="m365i-concealed" data-testid="concealed-banner">
          <strong>Names are concealed in usage reports.</strong> Last activity cannot be matched to users ({fmt.format(activity.concealedRows)} of {fmt.format(activity.totalRows)} report rows are anonymised).
          {' '}{SHOW_NAMES_HELP}
        </MessageBar>
      )}
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
          <UsersGrid items={shown} columns={columns} onOpenUser={onOpenUser} />
        </PhotoContext.Provider>
      )}
      <FilterPanel isOpen={panel === 'filters'} filters={filters} products={products} departments={departments} unavailable={unavailable}
        onChange={setFilters} onDismiss={() => setPanel(undefined)} />
      <ColumnsPanel isOpen={panel === 'columns'} visible={visible} onChange={setVisible} onReset={() => setVisible([...defaults])} onDismiss={() => setPanel(undefined)} />
    </Stack>
  );
};

/** Why the list shows no one: a filter waiting for its data or unable to apply, a list still loading, or no match. */
function noMatchText(heldLabel: string | undefined, hold: IFilterHold | undefined, loading: boolean, loaded: number): string {
  if (heldLabel && hold?.kind === 'waiting') return `Waiting for ${hold.what} to apply “${heldLabel}”…`;
  if (heldLabel && hold) return `“${heldLabel}” cannot be applied: ${hold.why ?? `${hold.what} is unavailable.`} Remove that filter to see users.`;
  if (loading) return `No users match yet: ${fmt.format(loaded)} loaded so far, more are on their way.`;
  return 'No users match the search and filters.';
}
