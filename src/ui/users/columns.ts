import * as React from 'react';
import type { IColumn } from '@fluentui/react/lib/DetailsList';
import { userColumn } from '../../core/directory';
import type { IJoinSources, IUserColumn, IUserRow } from '../../core/directory';
import { useServices } from '../common/services';
import { renderUserCell } from './cells';

/** The list's sort: a column key and its direction. */
export interface IUserSort {
  key: string;
  descending: boolean;
}

/**
 * The column keys the viewer chose, kept per web part instance under `storeKey` (unknown keys dropped),
 * else `defaults`; and a setter that keeps the choice. Storage that is blocked or full keeps it in memory.
 */
export function useVisibleColumns(storeKey: string, defaults: readonly string[]): [string[], (v: string[]) => void] {
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

/**
 * The grid's columns. Built once per change of columns, sort or joins (a new joins object only when a
 * join's state changes), so the grid redraws only when what it shows changes, not on every page while
 * users load. A header click sorts by its column, and again the other way.
 */
export function useGridColumns(
  visibleColumns: readonly IUserColumn[],
  sort: IUserSort | undefined,
  setSort: React.Dispatch<React.SetStateAction<IUserSort | undefined>>,
  joins: IJoinSources,
  onOpenUser: ((id: string) => void) | undefined
): IColumn[] {
  return React.useMemo<IColumn[]>(() => visibleColumns
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
    })), [visibleColumns, sort, setSort, joins, onOpenUser]);
}
