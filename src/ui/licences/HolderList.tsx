import * as React from 'react';
import { CheckboxVisibility, ConstrainMode, DetailsList, DetailsListLayoutMode, Selection, SelectionMode } from '@fluentui/react/lib/DetailsList';
import type { IColumn } from '@fluentui/react/lib/DetailsList';
import { CommandBar } from '@fluentui/react/lib/CommandBar';
import type { ICommandBarItemProps } from '@fluentui/react/lib/CommandBar';
import { Dropdown } from '@fluentui/react/lib/Dropdown';
import { Link } from '@fluentui/react/lib/Link';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { ProgressIndicator } from '@fluentui/react/lib/ProgressIndicator';
import { SearchBox } from '@fluentui/react/lib/SearchBox';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import type { IUserRecord, IUserRow } from '../../core/directory';
import { explainError } from '../../core/graph';
import { FREE_NOT_WASTE, WASTE_KINDS, WASTE_LABEL, assignmentOf, assignmentText, overlapOf, formatMoney, holdersSheet, licencesFileName, notesSheet, reclaimPeople, wasteSheet } from '../../core/licences';
import type { ICostModel, ILicenceModel, ISkuUsage, WasteKind } from '../../core/licences';
import type { PlanRequest } from '../common/plan/planSources';
import { MORE } from '../common/focus';
import { useServices } from '../common/services';
import { useExport } from '../common/useExport';

const fmt = new Intl.NumberFormat('en-US');

/** Which list of a SKU shows: every holder, or one waste category. */
export type ListKind = 'holders' | WasteKind;

/** Props of HolderList. */
export interface IHolderListProps {
  model: ILicenceModel;
  usage: ISkuUsage;
  cost: ICostModel | undefined;
  list: ListKind;
  onList: (list: ListKind) => void;
  /** Opens the reviewed reclaim plan; without it there is no "Reclaim…" (edits off, or the sign-in cannot make them). */
  onReclaim?: (request: PlanRequest) => void;
  onOpenUser?: (id: string) => void;
}

interface IHolderRow {
  r: number;
  user: IUserRecord;
  row: IUserRow;
}

/** Last activity in words: a date, none in the report's 180 days, no row in the report, or not known. */
function activityText(row: IUserRow): string {
  if (row.activity === undefined) return 'Not known';
  if (row.activity === null) return 'Not in the report';
  return row.activity.date ?? 'None in 180 days';
}

function signInText(row: IUserRow, read: boolean): string {
  if (!read) return 'Not known';
  return row.lastSignIn ? row.lastSignIn.slice(0, 10) : 'Never';
}

type SortKey = 'name' | 'upn' | 'activity' | 'signIn';

const sortValue = (h: IHolderRow, key: SortKey): string => {
  switch (key) {
    case 'name': return h.row.search;
    case 'upn': return h.user.userPrincipalName.toLowerCase();
    case 'activity': return h.row.activity?.date ?? '';
    case 'signIn': return h.row.lastSignIn ?? '';
  }
};

/** The list chooser's options: holders, then each category with its count (or why it cannot be told); a free SKU has no waste lists. */
function listOptions(model: ILicenceModel, usage: ISkuUsage): Array<{ key: ListKind; text: string }> {
  const all = { key: 'holders' as ListKind, text: `All holders (${fmt.format(usage.holders.length)})` };
  if (usage.sku.freeWhy !== null) return [all];
  return [
    all,
    ...WASTE_KINDS.map(k => {
      const w = usage.waste[k];
      const n = w.status === 'ready' ? fmt.format(w.holders.length) : w.status === 'loading' ? 'reading…' : 'not available';
      return { key: k as ListKind, text: `${WASTE_LABEL[k]} (${n})` };
    })
  ];
}

/** One SKU's holders or one of its waste lists: search, sort, select (keyboard too), export, reclaim. */
export function HolderList({ model, usage, cost, list, onList, onReclaim, onOpenUser }: IHolderListProps): JSX.Element {
  const services = useServices();
  const [text, setText] = React.useState('');
  const [sort, setSort] = React.useState<{ key: SortKey; descending: boolean } | undefined>(undefined);
  const [selected, setSelected] = React.useState<number[]>([]);
  const latest = React.useRef(setSelected);
  const [selection] = React.useState((): Selection => {
    const s: Selection = new Selection({
      getKey: item => (item as unknown as IHolderRow).user.id,
      onSelectionChanged: (): void => latest.current(s.getSelection().map(h => (h as unknown as IHolderRow).r))
    });
    return s;
  });
  const waste = list === 'holders' ? undefined : usage.waste[list];
  const indexes = waste ? waste.holders : usage.holders;
  const rows = React.useMemo<IHolderRow[]>(() => {
    const words = text.toLowerCase().split(/\s+/).filter(Boolean);
    const out = indexes.map(r => ({ r, row: model.rows[r] as IUserRow, user: (model.rows[r] as IUserRow).user })).filter(h => words.every(w => h.row.search.includes(w)));
    if (sort) out.sort((a, b) => { const x = sortValue(a, sort.key); const y = sortValue(b, sort.key); return x === y ? 0 : (x < y ? -1 : 1) * (sort.descending ? -1 : 1); });
    return out;
  }, [indexes, model, text, sort]);
  const exp = useExport(e => `The export failed: ${e instanceof Error ? e.message : String(e)}. Nothing was lost; try again.`);
  const signInsRead = model.availability.neverSignedIn.status === 'ready';
  const names = new Map(model.skus.map(u => [u.sku.key, u.sku.name]));
  const col = (key: string, name: string, width: number, render: (h: IHolderRow) => React.ReactNode, sortKey?: SortKey): IColumn => ({
    key, name, minWidth: Math.min(width, 70), maxWidth: width, isResizable: true,
    isSorted: sortKey !== undefined && sort?.key === sortKey, isSortedDescending: sortKey !== undefined && sort?.key === sortKey && sort.descending,
    onColumnClick: sortKey ? () => setSort(s => (s?.key === sortKey ? { key: sortKey, descending: !s.descending } : { key: sortKey, descending: false })) : undefined,
    onRender: render
  });
  const columns: IColumn[] = [
    col('name', 'Name', 200, h => (onOpenUser ? <Link onClick={() => onOpenUser(h.user.id)} title={`Open ${h.user.displayName}'s impression`}>{h.user.displayName || h.user.userPrincipalName}</Link> : h.user.displayName), 'name'),
    col('upn', 'User principal name', 240, h => h.user.userPrincipalName, 'upn'),
    col('account', 'Account', 80, h => (h.user.accountEnabled === false ? 'Disabled' : h.user.accountEnabled ? 'Enabled' : '')),
    col('type', 'Type', 70, h => h.user.userType ?? ''),
    col('assignment', 'Assignment', 180, h => assignmentText(assignmentOf(model, h.r, usage.sku.key), model.assignments?.groupNames)),
    col('activity', 'Last activity', 120, h => activityText(h.row), 'activity'),
    col('signIn', 'Last sign-in', 110, h => signInText(h.row, signInsRead), 'signIn'),
    ...(list === 'overlap' ? [col('also', 'Also holds', 220, h => overlapOf(model, h.r, usage.sku.key).map(k => names.get(k) ?? k).join(', '))] : [])
  ];
  const runExport = (): void => {
    const shown = rows.map(h => h.r);
    const sheet = waste ? wasteSheet(model, [list as WasteKind], [usage], shown) : holdersSheet(model, [{ usage, rows: shown }]);
    void exp.run(() => ({ sheets: [sheet, notesSheet(model, services.now())], fileName: licencesFileName(services.tenantName ?? 'tenant', services.now(), { part: usage.sku.skuPartNumber || usage.sku.skuId, kind: list }) }), shown.length);
  };
  const commands: ICommandBarItemProps[] = [
    // Keyed by list and count: the command bar keeps what it measured for the same keys.
    { key: `export:${list}:${rows.length}`, text: `Export (${fmt.format(rows.length)})`, iconProps: { iconName: 'ExcelDocument' }, disabled: !rows.length || !!exp.progress, onClick: runExport }
  ];
  if (onReclaim) {
    commands.push({
      key: 'reclaim', text: selected.length ? `Reclaim… (${fmt.format(selected.length)})` : 'Reclaim…', iconProps: { iconName: 'Blocked2' }, disabled: !selected.length,
      title: selected.length ? undefined : 'Select the holders to take the licence from',
      onClick: () => onReclaim({
        kind: 'licenseRemove', skuId: usage.sku.skuId, skus: [{ skuId: usage.sku.skuId, name: usage.sku.name }],
        people: reclaimPeople(model, selected, usage.sku.key), reclaim: { groupNames: model.assignments?.groupNames ?? new Map() }
      })
    });
  }
  const avail = list === 'holders' ? undefined : model.availability[list];
  const price = cost?.bySku.get(usage.sku.key);
  const listCost = list === 'holders' ? undefined : price?.waste[list];
  return (
    <Stack tokens={{ childrenGap: 8 }} data-testid="licences-list">
      <Stack horizontal wrap verticalAlign="end" tokens={{ childrenGap: 12 }}>
        <Dropdown label="List" selectedKey={list} options={listOptions(model, usage)} styles={{ root: { width: 300 } }} onChange={(_, o) => { if (o) { selection.setAllSelected(false); onList(o.key as ListKind); } }} />
        <SearchBox placeholder="Search name, UPN or email" value={text} onChange={(_, v) => setText(v ?? '')} styles={{ root: { width: 240 } }} ariaLabel="Search holders" />
        {/* Room of its own, so "Reclaim…" stays on the bar at 1366 px rather than in the overflow. */}
        <div style={{ flex: '1 1 360px', minWidth: 0 }}>
          <CommandBar items={commands} styles={{ root: { padding: 0, height: 32, background: 'transparent' } }} ariaLabel="List actions" overflowButtonProps={MORE} />
        </div>
      </Stack>
      {usage.sku.freeWhy !== null && (
        <MessageBar messageBarType={MessageBarType.info} isMultiline data-testid="licences-list-free">
          <strong>{FREE_NOT_WASTE}.</strong> {usage.sku.freeWhy} Waste is about paid licences, so this SKU has no waste lists and no total counts its holders.
        </MessageBar>
      )}
      {exp.progress && <ProgressIndicator label="Exporting to Excel" description={`${fmt.format(exp.progress.done)} of ${fmt.format(exp.progress.total)} rows`} />}
      {exp.error && <MessageBar messageBarType={MessageBarType.error} onDismiss={exp.clearError}>{exp.error}</MessageBar>}
      {avail && avail.status === 'unavailable' && (
        <MessageBar messageBarType={MessageBarType.warning} isMultiline data-testid="licences-list-unavailable">
          <strong>{WASTE_LABEL[list as WasteKind]}: not available.</strong> {avail.why} {avail.error !== undefined ? `${explainError(avail.error, list === 'neverSignedIn' ? 'signIns' : 'reports').detail}` : ''}
        </MessageBar>
      )}
      {avail?.status === 'loading' && <ProgressIndicator label={list === 'neverSignedIn' ? 'Reading sign-ins…' : 'Reading the activity report…'} />}
      {avail?.status === 'ready' && avail.why && <MessageBar messageBarType={MessageBarType.info} isMultiline>{avail.why}</MessageBar>}
      <Text aria-live="polite" data-testid="licences-list-count">
        {rows.length === indexes.length ? `${fmt.format(rows.length)} ${rows.length === 1 ? 'holder' : 'holders'}` : `${fmt.format(rows.length)} of ${fmt.format(indexes.length)} holders`}
        {listCost ? ` · ${formatMoney(listCost)} a month` : ''}
        {list === 'inactive30' || list === 'inactive90' || list === 'inactive180' ? ` · activity to ${model.asOf}${model.activityDate ? ` (report of ${model.activityDate})` : ''}` : ''}
      </Text>
      {indexes.length === 0 && (!avail || avail.status === 'ready') && <Text data-testid="licences-list-empty">{list === 'holders' ? `No one holds ${usage.sku.name}.` : `No holder of ${usage.sku.name} is in this list.`}</Text>}
      {indexes.length > 0 && rows.length === 0 && <Text>No holder matches the search. <Link onClick={() => setText('')}>Clear the search</Link></Text>}
      {rows.length > 0 && (
        <div data-is-scrollable="false" style={{ width: 0, minWidth: '100%', overflowX: 'auto' }}>
          <DetailsList items={rows} columns={columns} selection={selection} selectionMode={onReclaim ? SelectionMode.multiple : SelectionMode.none}
            checkboxVisibility={CheckboxVisibility.always} setKey={`${usage.sku.key}:${list}`} selectionPreservedOnEmptyClick
            layoutMode={DetailsListLayoutMode.fixedColumns} constrainMode={ConstrainMode.unconstrained} onItemInvoked={(h: IHolderRow) => onOpenUser?.(h.user.id)}
            ariaLabelForGrid={`${usage.sku.name}: ${list === 'holders' ? 'holders' : WASTE_LABEL[list]}`} ariaLabelForSelectionColumn="Select" ariaLabelForSelectAllCheckbox="Select all" checkButtonAriaLabel="Select" />
        </div>
      )}
    </Stack>
  );
}
