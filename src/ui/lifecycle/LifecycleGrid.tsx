import * as React from 'react';
import { CheckboxVisibility, ConstrainMode, DetailsList, DetailsListLayoutMode, Selection, SelectionMode } from '@fluentui/react/lib/DetailsList';
import type { IColumn } from '@fluentui/react/lib/DetailsList';

/** Props of LifecycleGrid. */
export interface ILifecycleGridProps<Row> {
  /** The rows the search, filters and sort keep, in order. */
  items: Row[];
  columns: IColumn[];
  /** "Joiners" or "Leavers", for screen readers. */
  label: string;
  /** Opens a person's impression (Enter or double click on a row). */
  onOpenUser?: (id: string) => void;
  /** The ids checked, as they change (checkboxes, Space, Ctrl+A); without it (nothing to act on) there is no selection column. */
  onSelect?: (ids: string[]) => void;
}

/** A lifecycle list: checkbox selection keyed by user id (keyboard too) when there is something to act on, Enter opens the person. */
export function LifecycleGrid<Row extends { user: { id: string } }>({ items, columns, label, onOpenUser, onSelect }: ILifecycleGridProps<Row>): JSX.Element {
  const latest = React.useRef(onSelect);
  latest.current = onSelect;
  const [selection] = React.useState((): Selection => {
    const s: Selection = new Selection({
      getKey: item => (item as unknown as Row).user.id,
      selectionMode: SelectionMode.multiple,
      onSelectionChanged: (): void => latest.current?.(s.getSelection().map(r => (r as unknown as Row).user.id))
    });
    return s;
  });
  return (
    // Wide columns scroll sideways inside the web part, as the Users grid does.
    <div data-is-scrollable="false" style={{ width: 0, minWidth: '100%', overflowX: 'auto' }}>
      <DetailsList
        items={items}
        // A fixed set key: rows rebuilt as parts arrive (or re-sorted, re-filtered) keep their selection by user id.
        setKey="lifecycle"
        columns={columns}
        selection={selection}
        selectionMode={onSelect ? SelectionMode.multiple : SelectionMode.none}
        checkboxVisibility={onSelect ? CheckboxVisibility.always : CheckboxVisibility.hidden}
        selectionPreservedOnEmptyClick
        layoutMode={DetailsListLayoutMode.fixedColumns}
        constrainMode={ConstrainMode.unconstrained}
        onItemInvoked={(r: Row) => onOpenUser?.(r.user.id)}
        ariaLabelForGrid={label}
        ariaLabelForSelectionColumn="Select"
        ariaLabelForSelectAllCheckbox="Select all"
        checkButtonAriaLabel="Select"
      />
    </div>
  );
}
