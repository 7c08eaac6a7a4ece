import * as React from 'react';
import { SearchBox } from '@fluentui/react/lib/SearchBox';
import { CommandBar } from '@fluentui/react/lib/CommandBar';
import { MORE } from '../common/focus';
import type { ICommandBarItemProps } from '@fluentui/react/lib/CommandBar';
import { ProgressIndicator } from '@fluentui/react/lib/ProgressIndicator';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { ActionButton } from '@fluentui/react/lib/Button';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import { PART_NAME } from '../../core/lifecycle';
import type { LifecyclePart } from '../../core/lifecycle';
import type { SourceState } from '../../core/directory';
import type { IExportState } from '../common/useExport';
import { PartMessages } from './PartMessages';

const fmt = new Intl.NumberFormat('en-US');

/** Props of ListFrame. */
export interface IListFrameProps {
  /** "joiners" or "leavers": the count line's noun. */
  noun: string;
  status: 'loading' | 'done' | 'error';
  total: number;
  shown: number;
  parts: Partial<Record<LifecyclePart, SourceState<unknown>>>;
  text: string;
  setText: (t: string) => void;
  /** The tab's filters (dropdowns, checkboxes). */
  filters: React.ReactNode;
  filtered: boolean;
  clear: () => void;
  commands: ICommandBarItemProps[];
  exportState: IExportState;
  /** What an empty list says once read. */
  empty: string;
  onRetry: () => void;
  /** The grid. */
  children: React.ReactNode;
}

/** Around a lifecycle list: search, filters, commands, progress, each failed part's message, the count and empty states. */
export function ListFrame(p: IListFrameProps): JSX.Element {
  const loading = (Object.entries(p.parts) as Array<[LifecyclePart, SourceState<unknown>]>).filter(([, s]) => s.status === 'loading').map(([k]) => PART_NAME[k].toLowerCase());
  const exporting = p.exportState.progress;
  return (
    <Stack tokens={{ childrenGap: 8 }}>
      <Stack horizontal wrap verticalAlign="end" tokens={{ childrenGap: 12 }}>
        <SearchBox placeholder="Search name, UPN or email" value={p.text} onChange={(_, v) => p.setText(v ?? '')} styles={{ root: { width: 260 } }} ariaLabel={`Search ${p.noun}`} />
        {p.filters}
        {/* Room for its commands: a bar given only its content's width hides every command behind "…". */}
        <div style={{ flex: '1 1 360px', minWidth: 0 }}>
          <CommandBar items={p.commands} styles={{ root: { padding: 0, height: 32, background: 'transparent' } }} ariaLabel={`${p.noun} actions`} overflowButtonProps={MORE} />
        </div>
      </Stack>
      {loading.length > 0 && <ProgressIndicator label={`Reading ${p.noun}…`} description={`Still reading: ${loading.join(', ')}`} />}
      {exporting && <ProgressIndicator label="Exporting to Excel" description={`${fmt.format(exporting.done)} of ${fmt.format(exporting.total)} rows`} />}
      {p.exportState.error && <MessageBar messageBarType={MessageBarType.error} onDismiss={p.exportState.clearError}>{p.exportState.error}</MessageBar>}
      <PartMessages parts={p.parts} onRetry={p.onRetry} />
      <Text aria-live="polite" data-testid="lifecycle-count">
        {p.filtered || p.shown !== p.total ? `${fmt.format(p.shown)} of ${fmt.format(p.total)} ${p.noun}` : `${fmt.format(p.total)} ${p.noun}`}
        {p.status === 'loading' ? ' so far' : ''}
      </Text>
      {p.status !== 'loading' && p.total === 0 && <Text variant="large" data-testid="lifecycle-empty">{p.empty}</Text>}
      {p.total > 0 && p.shown === 0 && (
        <Text data-testid="lifecycle-none-match">No one matches the search and filters. <ActionButton onClick={p.clear}>Clear search and filters</ActionButton></Text>
      )}
      {p.shown > 0 && p.children}
    </Stack>
  );
}
