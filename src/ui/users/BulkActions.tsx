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
  /** The people chosen, whether or not the search and filters show them now (the grid marks those it shows). */
  chosenIds?: ReadonlyMap<string, unknown>;
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

/**
 * The chosen people after a change of Fluent's Selection: the rows it holds now decide for themselves (chosen or
 * not); people whose rows it does not hold (hidden by the search or a filter) stay as they were.
 */
function merged(prev: ReadonlyMap<string, IUserRow>, selection: Selection): ReadonlyMap<string, IUserRow> {
  const next = new Map(prev);
  for (const item of selection.getItems()) next.delete(rowKey(item));
  for (const item of selection.getSelection()) next.set(rowKey(item), item as unknown as IUserRow);
  return next;
}

// Fluent types Selection items as IObjectWithKey; the grid's items are the list's rows.
const rowKey = (item: IObjectWithKey): string => (item as unknown as IUserRow).user.id;

/**
 * Checkbox selection in the Users view and the bulk actions over it: offboard, remove a licence, add to or
 * remove from a group; each builds one plan across the selected people, reviewed before anything is sent.
 * Selection is off until "Select" (keys cost a table over every row on each redraw while the list loads).
 */
export function useBulkActions({ canEdit, allowDestructive, skus, onApplied }: IBulkActionsInput): IBulkActions {
  // The people chosen, by id: kept apart from Fluent's Selection, which forgets a row the search or a filter
  // hides. Choosing people one search at a time keeps everyone chosen before.
  const [chosenRows, setChosenRows] = React.useState<ReadonlyMap<string, IUserRow>>(new Map());
  const [selection, setSelection] = React.useState<Selection | undefined>(undefined);
  const [request, setRequest] = React.useState<PlanRequest | undefined>(undefined);
  const start = (): void => {
    const made: Selection = new Selection({
      getKey: rowKey,
      onSelectionChanged: () => setChosenRows(prev => merged(prev, made))
    });
    setSelection(made);
  };
  const stop = (): void => { setSelection(undefined); setChosenRows(new Map()); };
  const chosen = (): IUserRow[] => [...chosenRows.values()];
  const selectedCount = selection ? chosenRows.size : 0;
  const people = (): IPlanPersonRef[] => chosen().map(r => ({ id: r.user.id, name: r.user.displayName || r.user.userPrincipalName, skuIds: r.user.skuIds }));
  const heldSkus = (): Array<{ skuId: string; name: string }> => {
    const held = new Set(chosen().flatMap(r => r.user.skuIds.map(s => s.toLowerCase())));
    const known = skus.status === 'ready' ? skus.data : undefined;
    return [...held].map(id => ({ skuId: id, name: known?.get(id)?.name ?? id })).sort((a, b) => a.name.localeCompare(b.name));
  };
  if (!canEdit) return { commands: [], element: null };
  const commands: ICommandBarItemProps[] = [
    selection
      ? { key: 'select', text: 'Done selecting', iconProps: { iconName: 'Cancel' }, onClick: stop }
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
  return { selection, chosenIds: chosenRows, commands, element };
}
