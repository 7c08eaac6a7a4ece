import * as React from 'react';
import { Dropdown } from '@fluentui/react/lib/Dropdown';
import { Dialog, DialogFooter, DialogType } from '@fluentui/react/lib/Dialog';
import { DefaultButton, PrimaryButton } from '@fluentui/react/lib/Button';
import type { ICommandBarItemProps } from '@fluentui/react/lib/CommandBar';
import { LEAVER_COLUMNS, LEAVER_VISIBLE, REASON_LABEL, hasLifecycleFilters, leftBy, leaversSheets, queryLeavers } from '../../core/lifecycle';
import type { ILeaverFilters, ILeaverRow, LeaverReason, LifecycleWindow } from '../../core/lifecycle';
import { useServices } from '../common/services';
import { useQuery } from '../common/useQuery';
import { gridColumns } from './cells';
import type { ISort } from './cells';
import { LifecycleGrid } from './LifecycleGrid';
import { ListFrame } from './ListFrame';
import { useListExport } from './useListExport';
import { leaversRead } from './useLifecycleReads';

/** Props of LeaversTab. */
export interface ILeaversTabProps {
  days: LifecycleWindow;
  /** The session's user list version (the app bumps it after applied changes). */
  directoryVersion: number;
  onOpenUser?: (id: string) => void;
  /** "Offboard…" for the leavers selected; the command shows only when given. */
  onOffboard?: (userIds: string[]) => void;
}

/** The selected leavers whose leave date is still ahead: blocking them now ends their access early. */
function notYetLeft(rows: readonly ILeaverRow[], ids: readonly string[], now: string): ILeaverRow[] {
  const chosen = new Set(ids);
  return rows.filter(r => chosen.has(r.user.id) && !!r.leaveDate && !leftBy(r.leaveDate, now));
}

/** Props of EarlyOffboardDialog. */
interface IEarlyOffboardProps {
  early: readonly ILeaverRow[];
  onConfirm: () => void;
  onCancel: () => void;
}

/** Asks before offboarding people who have not left yet: the plan blocks sign-in first, ending their access before their leave date. */
function EarlyOffboardDialog({ early, onConfirm, onCancel }: IEarlyOffboardProps): JSX.Element {
  const who = early.map(r => `${r.user.displayName || r.user.userPrincipalName} (leaves ${(r.leaveDate ?? '').slice(0, 10)})`);
  return (
    <Dialog hidden={false} onDismiss={onCancel} dialogContentProps={{ type: DialogType.normal, title: 'Offboard before the leave date?',
      subText: `Offboarding blocks sign-in first: ${who.join(', ')} would lose access now, before ${early.length === 1 ? 'their leave date' : 'their leave dates'}. Nothing is changed until you review the plan and choose Finish.` }}
      modalProps={{ isBlocking: true }}>
      <DialogFooter>
        <PrimaryButton onClick={onConfirm} text="Build the plan anyway" />
        <DefaultButton onClick={onCancel} text="Cancel" />
      </DialogFooter>
    </Dialog>
  );
}

/** The Leavers list: leave dates in the window, and accounts that look left behind, with what each still holds. */
export function LeaversTab({ days, directoryVersion, onOpenUser, onOffboard }: ILeaversTabProps): JSX.Element {
  const services = useServices();
  const read = leaversRead(services, days, directoryVersion);
  const state = useQuery(read);
  const [text, setText] = React.useState('');
  const [filters, setFilters] = React.useState<ILeaverFilters>({});
  const [sort, setSort] = React.useState<ISort | undefined>(undefined);
  const [selected, setSelected] = React.useState<string[]>([]);
  const [early, setEarly] = React.useState<ILeaverRow[] | undefined>(undefined);
  const shown = React.useMemo<ILeaverRow[]>(() => queryLeavers(state.rows, { text, filters, sort }), [state.rows, text, filters, sort]);
  const columns = React.useMemo(() => gridColumns(LEAVER_COLUMNS, LEAVER_VISIBLE, state.parts, sort, setSort, onOpenUser), [state.parts, sort, onOpenUser]);
  const filtered = hasLifecycleFilters(filters) || text.trim() !== '';
  const exp = useListExport('leavers', days, shown.length, filtered, state.status === 'loading', () => leaversSheets(state, shown));
  const commands: ICommandBarItemProps[] = [exp.command];
  if (onOffboard) {
    const ahead = notYetLeft(state.rows, selected, state.bounds.now);
    const offboard = (): void => { if (ahead.length) setEarly(ahead); else onOffboard(selected); };
    commands.push({ key: 'offboard', text: selected.length ? `Offboard… (${selected.length})` : 'Offboard…', iconProps: { iconName: 'Blocked2' }, disabled: !selected.length,
      title: !selected.length ? 'Select the leavers to offboard' : ahead.length ? `${ahead.length} selected ${ahead.length === 1 ? 'has' : 'have'} not left yet: offboarding blocks sign-in now, before the leave date` : undefined,
      onClick: offboard });
  }
  const reasons = filters.reasons ?? [];
  const filterControls = (
    <Dropdown label="Reason" placeholder="Any reason" multiSelect selectedKeys={reasons} styles={{ root: { width: 260 } }}
      options={(Object.keys(REASON_LABEL) as LeaverReason[]).map(k => ({ key: k, text: REASON_LABEL[k] }))}
      onChange={(_, o) => o && setFilters({ reasons: o.selected ? [...reasons, o.key as LeaverReason] : reasons.filter(r => r !== o.key) })} />
  );
  return (
    <>
      <ListFrame noun="leavers" status={state.status} total={state.rows.length} shown={shown.length} parts={state.parts} text={text} setText={setText}
        filters={filterControls} filtered={filtered} clear={() => { setText(''); setFilters({}); }} commands={commands} exportState={exp.state}
        empty={`No one leaves within ${days} days of today, and no account looks left behind.`} onRetry={() => read.retry()}>
        <LifecycleGrid<ILeaverRow> items={shown} columns={columns} label="Leavers" onOpenUser={onOpenUser} onSelect={onOffboard ? setSelected : undefined} />
      </ListFrame>
      {early && onOffboard && <EarlyOffboardDialog early={early} onCancel={() => setEarly(undefined)} onConfirm={() => { setEarly(undefined); onOffboard(selected); }} />}
    </>
  );
}
