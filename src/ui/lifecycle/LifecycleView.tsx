import * as React from 'react';
import { Pivot, PivotItem } from '@fluentui/react/lib/Pivot';
import { Dropdown } from '@fluentui/react/lib/Dropdown';
import { Stack } from '@fluentui/react/lib/Stack';
import { DEFAULT_WINDOW, LIFECYCLE_WINDOWS } from '../../core/lifecycle';
import type { LifecycleWindow } from '../../core/lifecycle';
import { JoinersTab } from './JoinersTab';
import { LeaversTab } from './LeaversTab';

/** Props of LifecycleView. */
export interface ILifecycleViewProps {
  /** Opens a person's impression (the name, Enter or a double click on a row). */
  onOpenUser?: (id: string) => void;
  /** Builds the offboarding plan for the leavers selected; without it there is no "Offboard…" command. */
  onOffboard?: (userIds: string[]) => void;
  /** Starts "Set up like…" for the one joiner selected; without it there is no such command. */
  onSetupLike?: (userId: string) => void;
  /** Bumped by the app when changes were applied to the directory: lists read before are read again. */
  directoryVersion?: number;
  /** The window shown first (default 30 days). */
  defaultWindow?: LifecycleWindow;
}

type Tab = 'joiners' | 'leavers';

/** Joiners and leavers: who arrives and who leaves within a window of today, and what leavers still hold. */
export const LifecycleView: React.FC<ILifecycleViewProps> = ({ onOpenUser, onOffboard, onSetupLike, directoryVersion, defaultWindow }) => {
  const [tab, setTab] = React.useState<Tab>('joiners');
  const [days, setDays] = React.useState<LifecycleWindow>(defaultWindow ?? DEFAULT_WINDOW);
  return (
    <Stack tokens={{ childrenGap: 8 }} className="m365i-lifecycle">
      <Stack horizontal wrap verticalAlign="end" horizontalAlign="space-between" tokens={{ childrenGap: 12 }}>
        <Pivot selectedKey={tab} headersOnly onLinkClick={item => item?.props.itemKey && setTab(item.props.itemKey as Tab)} aria-label="Joiners or leavers">
          <PivotItem headerText="Joiners" itemKey="joiners" itemIcon="AddFriend" />
          <PivotItem headerText="Leavers" itemKey="leavers" itemIcon="Blocked2" />
        </Pivot>
        <Dropdown label="Window" selectedKey={days} styles={{ root: { width: 270 } }}
          options={LIFECYCLE_WINDOWS.map(d => ({ key: d, text: `${d} days before and after today` }))}
          onChange={(_, o) => o && setDays(o.key as LifecycleWindow)} />
      </Stack>
      {/* Keyed by window: a new window starts with a fresh selection, search and sort. */}
      {tab === 'joiners'
        ? <JoinersTab key={`j${days}`} days={days} directoryVersion={directoryVersion ?? 0} onOpenUser={onOpenUser} onSetupLike={onSetupLike} />
        : <LeaversTab key={`l${days}`} days={days} directoryVersion={directoryVersion ?? 0} onOpenUser={onOpenUser} onOffboard={onOffboard} />}
    </Stack>
  );
};
