import * as React from 'react';
import { Dropdown } from '@fluentui/react/lib/Dropdown';
import { Checkbox } from '@fluentui/react/lib/Checkbox';
import type { ICommandBarItemProps } from '@fluentui/react/lib/CommandBar';
import { BASIS_LABEL, JOINER_COLUMNS, JOINER_VISIBLE, hasLifecycleFilters, joinersSheets, queryJoiners } from '../../core/lifecycle';
import type { IJoinerFilters, IJoinerRow, JoinerBasis, LifecycleWindow } from '../../core/lifecycle';
import { useServices } from '../common/services';
import { useQuery } from '../common/useQuery';
import { gridColumns } from './cells';
import type { ISort } from './cells';
import { LifecycleGrid } from './LifecycleGrid';
import { ListFrame } from './ListFrame';
import { useListExport } from './useListExport';
import { joinersRead } from './useLifecycleReads';

/** Props of JoinersTab. */
export interface IJoinersTabProps {
  days: LifecycleWindow;
  /** The session's directory version (the app bumps it after applied changes, e.g. a "Set up like" plan's Finish): the list is read again. */
  directoryVersion: number;
  onOpenUser?: (id: string) => void;
  /** "Set up like…" for the one joiner selected; the command shows only when given. */
  onSetupLike?: (userId: string) => void;
}

const ANY = 'any';

/** The Joiners list: hire dates in the window and accounts created in it without one. */
export function JoinersTab({ days, directoryVersion, onOpenUser, onSetupLike }: IJoinersTabProps): JSX.Element {
  const services = useServices();
  const read = joinersRead(services, days, directoryVersion);
  const state = useQuery(read);
  const [text, setText] = React.useState('');
  const [filters, setFilters] = React.useState<IJoinerFilters>({});
  const [sort, setSort] = React.useState<ISort | undefined>(undefined);
  const [selected, setSelected] = React.useState<string[]>([]);
  const shown = React.useMemo<IJoinerRow[]>(() => queryJoiners(state.rows, { text, filters, sort }), [state.rows, text, filters, sort]);
  const columns = React.useMemo(() => gridColumns(JOINER_COLUMNS, JOINER_VISIBLE, state.parts, sort, setSort, onOpenUser), [state.parts, sort, onOpenUser]);
  const filtered = hasLifecycleFilters(filters) || text.trim() !== '';
  const exp = useListExport('joiners', days, shown.length, filtered, state.status === 'loading', () => joinersSheets(state, shown));
  const commands: ICommandBarItemProps[] = [exp.command];
  if (onSetupLike) {
    const one = selected.length === 1 ? selected[0] : undefined;
    commands.push({ key: 'setupLike', text: 'Set up like…', iconProps: { iconName: 'AddFriend' }, disabled: !one, title: one ? undefined : 'Select one joiner', onClick: () => { if (one) onSetupLike(one); } });
  }
  const filterControls = (
    <>
      <Dropdown label="Listed by" selectedKey={filters.basis ?? ANY} styles={{ root: { width: 200 } }}
        options={[{ key: ANY, text: 'Any' }, ...(Object.keys(BASIS_LABEL) as JoinerBasis[]).map(k => ({ key: k, text: BASIS_LABEL[k] }))]}
        onChange={(_, o) => setFilters(f => ({ ...f, basis: o?.key === ANY ? undefined : (o?.key as JoinerBasis) }))} />
      <Checkbox label="Not signed in yet" checked={!!filters.notSignedIn} disabled={state.parts.signIns.status === 'error'} styles={{ root: { marginBottom: 6 } }}
        onChange={(_, c) => setFilters(f => ({ ...f, notSignedIn: c ? true : undefined }))} />
    </>
  );
  return (
    <ListFrame noun="joiners" status={state.status} total={state.rows.length} shown={shown.length} parts={state.parts} text={text} setText={setText}
      filters={filterControls} filtered={filtered} clear={() => { setText(''); setFilters({}); }} commands={commands} exportState={exp.state}
      empty={`No one joined in the last ${days} days or joins in the next ${days}.`} onRetry={() => read.retry()}>
      <LifecycleGrid<IJoinerRow> items={shown} columns={columns} label="Joiners" onOpenUser={onOpenUser} onSelect={onSetupLike ? setSelected : undefined} />
    </ListFrame>
  );
}
