import * as React from 'react';
import { CheckboxVisibility, DetailsList, DetailsListLayoutMode, Selection, SelectionMode, ConstrainMode } from '@fluentui/react/lib/DetailsList';
import type { IColumn } from '@fluentui/react/lib/DetailsList';
import type { IUserRow } from '../../core/directory';

/** Props of UsersGrid. */
export interface IUsersGridProps {
  /** The rows the search, filters and sort keep, in order. */
  items: IUserRow[];
  /** The grid's columns (useGridColumns): a new array only when columns, sort or joins change. */
  columns: IColumn[];
  /** Opens a user's impression (row click or Enter). */
  onOpenUser?: (id: string) => void;
  /**
   * Checkbox selection (keyed by user id) while the viewer chooses people for a bulk action; absent, rows are
   * only opened. Selection stays off until asked for: keys cost a table over every row on each redraw.
   */
  selection?: Selection;
  /** With `selection`: the people chosen, by id; rows shown again (a search cleared) are marked chosen again. */
  chosenIds?: ReadonlyMap<string, unknown>;
}

/** The list itself; memoized, so a redraw of the view around it (a count, a progress line) leaves it alone. */
export const UsersGrid = React.memo(function UsersGrid({ items, columns, onOpenUser, selection: chosen, chosenIds }: IUsersGridProps) {
  const invoke = React.useCallback((r: IUserRow) => onOpenUser?.(r.user.id), [onOpenUser]);
  // Rows are opened, never selected, so the grid's Selection needs no key per row. Without keys its
  // setItems skips building a key-to-index table over every row on each redraw (about 50 ms for
  // 50,000 users, on every redraw while they load). Fluent takes keys from the Selection or from
  // getKey, not both, so rows are keyed by position, as the virtualized list's pages already are.
  const [selection] = React.useState(() => new Selection({ getKey: noSelectionKey, selectionMode: SelectionMode.none }));
  // After the list has taken new rows (a search, a filter, a page): mark the chosen people it shows, quietly.
  React.useLayoutEffect(() => {
    if (!chosen || !chosenIds?.size) return;
    chosen.setChangeEvents(false);
    // setKeySelected passes over an id the rows do not hold.
    for (const id of chosenIds.keys()) if (!chosen.isKeySelected(id)) chosen.setKeySelected(id, true, false);
    chosen.setChangeEvents(true);
  }, [chosen, chosenIds, items]);
  return (
    // Columns wider than the web part scroll sideways inside it instead of spilling out of the page's
    // section (width 0 + min-width 100%). Rows still scroll with the page: data-is-scrollable="false"
    // keeps the virtualized list measuring the page, not this box.
    <div data-is-scrollable="false" style={{ width: 0, minWidth: '100%', overflowX: 'auto' }}>
      <DetailsList
        // Fluent takes a list's Selection once, when it mounts: choosing people starts (and ends) a list of its own.
        key={chosen ? 'choosing' : 'viewing'}
        // Kept while choosing: new rows keep the selection of the rows still shown.
        setKey={chosen ? 'users' : undefined}
        items={items}
        columns={columns}
        selection={chosen ?? selection}
        selectionMode={chosen ? SelectionMode.multiple : SelectionMode.none}
        checkboxVisibility={chosen ? CheckboxVisibility.always : CheckboxVisibility.hidden}
        selectionPreservedOnEmptyClick
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
