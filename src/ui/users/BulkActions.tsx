import * as React from 'react';
import { Selection } from '@fluentui/react/lib/DetailsList';
import type { IObjectWithKey } from '@fluentui/react/lib/DetailsList';
import type { ICommandBarItemProps } from '@fluentui/react/lib/CommandBar';
import type { IJoinSources, IUserRow } from '../../core/directory';
import { PlanLauncher } from '../common/plan/PlanLauncher';
import type { IPlanPersonRef, PlanRequest } from '../common/plan/planSources';

/** What the Users view needs from bulk selection: the grid's Selection, the commands, and the open plan. */
export interface IBulkActions {
  /** Present while the viewer is choosing people (the grid then shows checkboxes). */
  selection?: Selection;
  commands: ICommandBarItemProps[];
  /** The plan's chooser and review panel, when one is open. */
  element: React.ReactNode;
}

/** Input of useBulkActions. */
export interface IBulkActionsInput {
  /** Whether the web part allows edits and the sign-in allows some (editAccess). */
  canEdit: boolean;
  allowDestructive: boolean;
  /** The tenant's licences as joined into the list (names for the licence choice). */
  skus: IJoinSources['skus'];
  onApplied?: () => void;
}

// Fluent types Selection items as IObjectWithKey; the grid's items are the list's rows.
const rowKey = (item: IObjectWithKey): string => (item as unknown as IUserRow).user.id;

/**
 * Checkbox selection in the Users view and the bulk actions over it: offboard, remove a licence, add to or
 * remove from a group; each builds one plan across the selected people, reviewed before anything is sent.
 * Selection is off until "Select" (keys cost a table over every row on each redraw while the list loads).
 */
export function useBulkActions({ canEdit, allowDestructive, skus, onApplied }: IBulkActionsInput): IBulkActions {
  const [count, setCount] = React.useState(0);
  const [selection, setSelection] = React.useState<Selection | undefined>(undefined);
  const [request, setRequest] = React.useState<PlanRequest | undefined>(undefined);
  const start = (): void => {
    const made: Selection = new Selection({ getKey: rowKey, onSelectionChanged: () => setCount(made.getSelectedCount()) });
    setSelection(made);
  };
  const chosen = (): IUserRow[] => (selection?.getSelection() as IUserRow[] | undefined) ?? [];
  const selectedCount = selection ? count : 0;
  const people = (): IPlanPersonRef[] => chosen().map(r => ({ id: r.user.id, name: r.user.displayName || r.user.userPrincipalName, skuIds: r.user.skuIds }));
  const heldSkus = (): Array<{ skuId: string; name: string }> => {
    const held = new Set(chosen().flatMap(r => r.user.skuIds.map(s => s.toLowerCase())));
    const known = skus.status === 'ready' ? skus.data : undefined;
    return [...held].map(id => ({ skuId: id, name: known?.get(id)?.name ?? id })).sort((a, b) => a.name.localeCompare(b.name));
  };
  if (!canEdit) return { commands: [], element: null };
  const commands: ICommandBarItemProps[] = [
    selection
      ? { key: 'select', text: 'Done selecting', iconProps: { iconName: 'Cancel' }, onClick: () => { setSelection(undefined); setCount(0); } }
      : { key: 'select', text: 'Select', iconProps: { iconName: 'MultiSelect' }, onClick: start },
    ...(selection ? [{
      key: 'bulk', text: `Act on ${selectedCount} selected`, disabled: selectedCount === 0, iconProps: { iconName: 'TaskManager' },
      subMenuProps: { items: [
        { key: 'offboard', text: 'Offboard…', iconProps: { iconName: 'UserRemove' }, onClick: () => setRequest({ kind: 'offboard', userIds: people().map(p => p.id) }) },
        { key: 'licenseRemove', text: 'Remove a licence…', iconProps: { iconName: 'Blocked2' }, onClick: () => setRequest({ kind: 'licenseRemove', people: people(), skus: heldSkus() }) },
        { key: 'groupAdd', text: 'Add to a group…', iconProps: { iconName: 'AddGroup' }, onClick: () => setRequest({ kind: 'groupAdd', people: people() }) },
        { key: 'groupRemove', text: 'Remove from a group…', iconProps: { iconName: 'RemoveFilter' }, onClick: () => setRequest({ kind: 'groupRemove', people: people() }) }
      ] }
    }] : [])
  ];
  const element = request ? <PlanLauncher request={request} allowDestructive={allowDestructive} onDismiss={() => setRequest(undefined)} onApplied={onApplied} /> : null;
  return { selection, commands, element };
}
