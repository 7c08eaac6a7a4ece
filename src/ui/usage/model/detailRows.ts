/** Detail-report rows as the table shows them: searched, sorted, and cells as text. Pure. */
import type { IReportColumn, ReportCell, ReportRow } from '../../../core/reports';
import { formatValue } from './format';
import { durationText, formatBytes } from '../../common/format';

/** A sort: a header and a direction. */
export interface IRowSort {
  header: string;
  descending: boolean;
}

/** A cell as the table shows it: bytes in GB/TB, Yes/No, product lists joined, ISO durations as time. */
export function cellText(cell: ReportCell | undefined, column: Pick<IReportColumn, 'type' | 'unit'> | undefined): string {
  if (cell === null || cell === undefined || cell === '') return '';
  if (Array.isArray(cell)) return cell.join(', ');
  if (typeof cell === 'boolean') return cell ? 'Yes' : 'No';
  if (typeof cell === 'number') return column?.unit === 'bytes' ? formatBytes(cell) : formatValue(cell, column?.unit === 'days' ? 'count' : column?.unit);
  return durationText(cell);
}

function searchable(cell: ReportCell | undefined): string {
  if (cell === null || cell === undefined) return '';
  return Array.isArray(cell) ? cell.join(' ') : String(cell);
}

function compare(a: ReportCell | undefined, b: ReportCell | undefined): number {
  const empty = (v: ReportCell | undefined): boolean => v === null || v === undefined || v === '';
  // Empty cells sort last in both directions is handled by the caller; here they are smallest.
  if (empty(a) || empty(b)) return empty(a) === empty(b) ? 0 : empty(a) ? -1 : 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return searchable(a).localeCompare(searchable(b), undefined, { numeric: true, sensitivity: 'base' });
}

/** Rows matching every word of `text` in any cell, sorted by `sort` (stable; empty cells last). */
export function filterSortRows(rows: ReadonlyArray<ReportRow>, headers: ReadonlyArray<string>, text: string, sort?: IRowSort): ReportRow[] {
  const words = text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  let out = words.length
    ? rows.filter(r => {
        const hay = headers.map(h => searchable(r[h])).join('\u0001').toLowerCase();
        return words.every(w => hay.includes(w));
      })
    : [...rows];
  if (sort) {
    const { header, descending } = sort;
    const isEmpty = (v: ReportCell | undefined): boolean => v === null || v === undefined || v === '';
    out = out
      .map((r, i) => ({ r, i }))
      .sort((x, y) => {
        const ex = isEmpty(x.r[header]);
        const ey = isEmpty(y.r[header]);
        if (ex !== ey) return ex ? 1 : -1;
        const c = compare(x.r[header], y.r[header]);
        return (descending ? -c : c) || x.i - y.i;
      })
      .map(x => x.r);
  }
  return out;
}
