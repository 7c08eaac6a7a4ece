import * as React from 'react';
import { Link } from '@fluentui/react/lib/Link';
import type { IColumn } from '@fluentui/react/lib/DetailsList';
import { explainPart } from '../../core/lifecycle';
import type { ILifecycleColumn, LifecyclePart } from '../../core/lifecycle';
import type { SourceState } from '../../core/directory';

/** A list's sort: a column key and its direction. */
export interface ISort {
  key: string;
  descending: boolean;
}

const NUMBER_KEYS = new Set(['days', 'groups', 'devices', 'licenses', 'mfaMethods']);

/** An ISO instant as the lists show one, the same in Joiners and Leavers: date and minutes, UTC ("2026-11-20 10:05 UTC"); other text as it is. */
export function minuteUtc(v: string): string {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(v) ? `${v.slice(0, 10)} ${v.slice(11, 16)} UTC` : v;
}

/** A cell's text: days as days, instants to the minute (UTC), lists joined, booleans as Yes/No. */
function text(key: string, v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'boolean') return v ? 'Yes' : 'No';
  if (Array.isArray(v)) return v.join(', ');
  if (key === 'days' && typeof v === 'number') return v === 0 ? 'Today' : v > 0 ? `in ${v} d` : `${-v} d ago`;
  if ((key === 'lastSignIn' || key === 'created') && typeof v === 'string') return minuteUtc(v);
  return String(v);
}

/**
 * The grid's columns for a list: a header click sorts (again: the other way). A cell whose part is loading says
 * so; one whose part failed says "Unavailable" with why on hover (never "no" or 0).
 */
export function gridColumns<Row extends { user: { id: string; displayName: string; userPrincipalName: string } }>(
  columns: readonly ILifecycleColumn<Row>[],
  visible: readonly string[],
  parts: Partial<Record<LifecyclePart, SourceState<unknown>>>,
  sort: ISort | undefined,
  setSort: (s: ISort) => void,
  onOpenUser: ((id: string) => void) | undefined
): IColumn[] {
  return visible.map(key => columns.find(c => c.key === key)).filter((c): c is ILifecycleColumn<Row> => !!c).map(c => ({
    key: c.key,
    name: c.header,
    minWidth: Math.min(c.width, 70),
    maxWidth: c.width,
    isResizable: true,
    isSorted: sort?.key === c.key,
    isSortedDescending: sort?.key === c.key && sort.descending,
    sortAscendingAriaLabel: NUMBER_KEYS.has(c.key) ? 'Sorted smallest first' : 'Sorted A to Z',
    sortDescendingAriaLabel: NUMBER_KEYS.has(c.key) ? 'Sorted largest first' : 'Sorted Z to A',
    onColumnClick: () => setSort(sort?.key === c.key ? { key: c.key, descending: !sort.descending } : { key: c.key, descending: false }),
    onRender: (row: Row) => {
      const state = c.part === 'directory' ? undefined : parts[c.part];
      const v = c.value(row);
      if (state && (v === null || v === undefined) && c.part !== 'licenses') {
        if (state.status === 'loading') return <span aria-label="Loading">…</span>;
        if (state.status === 'error') {
          const e = explainPart(c.part as LifecyclePart, state.error);
          return <span title={`${e.detail} ${e.action ?? ''}`}>Unavailable</span>;
        }
      }
      if (c.key === 'displayName') {
        const name = row.user.displayName || row.user.userPrincipalName;
        return onOpenUser ? <Link onClick={() => onOpenUser(row.user.id)} title={`Open ${name}'s impression`}>{name}</Link> : name;
      }
      return text(c.key, v);
    }
  }));
}
