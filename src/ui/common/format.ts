import type { ReportCell } from '../../core/reports/types';

const num = new Intl.NumberFormat('en-US');

/** Bytes as B/KB/MB/GB/TB (binary units, one decimal). */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let i = 0;
  while (Math.abs(v) >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return `${i === 0 ? num.format(v) : v.toFixed(1)} ${units[i]}`;
}

/** Seconds as h:mm:ss-like words ("2 h 05 min"). */
export function formatSeconds(s: number): string {
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h} h ${String(m).padStart(2, '0')} min` : m ? `${m} min` : `${Math.round(s)} s`;
}

/** A report cell for display, using its unit. */
export function formatCell(value: ReportCell, unit?: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '—';
  if (typeof value === 'number') return unit === 'bytes' ? formatBytes(value) : unit === 'seconds' ? formatSeconds(value) : num.format(value);
  return value;
}
