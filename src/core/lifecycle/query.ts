/** Search, filters and sort of the lifecycle lists: plain data in, rows out (the view and the CLI alike). */
import { foldText } from '../directory/userIndex';
import { JOINER_COLUMNS, LEAVER_COLUMNS, sortValue } from './columns';
import type { ILifecycleColumn } from './columns';
import type { IJoinerRow, ILeaverRow, JoinerBasis, LeaverReason } from './types';

/** The Joiners filters; an absent field does not filter. */
export interface IJoinerFilters {
  /** Listed by hire date, or without one (by creation). */
  basis?: JoinerBasis;
  /** Sign-ins were read and the person has none. Unknown sign-ins never match. */
  notSignedIn?: true;
}

/** The Leavers filters: a person matches holding any of the reasons chosen. */
export interface ILeaverFilters {
  reasons?: LeaverReason[];
}

/** A sort: a column key and its direction. */
export interface ILifecycleSort {
  key: string;
  descending?: boolean;
}

function sorted<Row>(rows: Row[], columns: readonly ILifecycleColumn<Row>[], sort: ILifecycleSort | undefined): Row[] {
  const column = sort && columns.find(c => c.key === sort.key);
  if (!column) return rows;
  const dir = sort?.descending ? -1 : 1;
  return rows
    .map(r => ({ r, v: sortValue(column.value(r)) }))
    .sort((a, b) => (a.v === b.v ? 0 : a.v === null ? 1 : b.v === null ? -1 : (a.v < b.v ? -1 : 1) * dir))
    .map(k => k.r);
}

const hits = (text: string | undefined): ((search: string) => boolean) => {
  const t = foldText((text ?? '').trim());
  return search => !t || search.includes(t);
};

/** The joiners the search and filters keep, in the sort's order (else as listed: nearest date first). */
export function queryJoiners(rows: readonly IJoinerRow[], q: { text?: string; filters?: IJoinerFilters; sort?: ILifecycleSort }): IJoinerRow[] {
  const hit = hits(q.text);
  const f = q.filters ?? {};
  const kept = rows.filter(r => hit(r.search) && (!f.basis || r.basis === f.basis) && (!f.notSignedIn || r.lastSignIn === null));
  return sorted(kept, JOINER_COLUMNS, q.sort);
}

/** The leavers the search and filters keep, in the sort's order (else as listed). */
export function queryLeavers(rows: readonly ILeaverRow[], q: { text?: string; filters?: ILeaverFilters; sort?: ILifecycleSort }): ILeaverRow[] {
  const hit = hits(q.text);
  const reasons = q.filters?.reasons ?? [];
  const kept = rows.filter(r => hit(r.search) && (!reasons.length || r.reasons.some(x => reasons.includes(x))));
  return sorted(kept, LEAVER_COLUMNS, q.sort);
}

/** Whether any filter is set (an export is then "filtered"). */
export function hasLifecycleFilters(f: IJoinerFilters | ILeaverFilters): boolean {
  return Object.values(f).some(v => v !== undefined && !(Array.isArray(v) && v.length === 0));
}
