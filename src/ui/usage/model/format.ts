/** Number, byte and date formatting of usage figures: pure, so the charts, tables and tests agree. */
import type { ColumnUnit } from '../../../core/reports/types';

/** How byte values are shown: divided by `divisor` and labelled `suffix` (binary units, as the admin center shows them). */
export interface IValueScale {
  /** What raw values are divided by (1 for counts). */
  divisor: number;
  /** Unit label after the number, e.g. `GB`; empty for counts. */
  suffix: string;
}

const KB = 1024;
const BYTE_UNITS: ReadonlyArray<IValueScale> = [
  { divisor: KB ** 4, suffix: 'TB' },
  { divisor: KB ** 3, suffix: 'GB' },
  { divisor: KB ** 2, suffix: 'MB' },
  { divisor: KB, suffix: 'KB' }
];

/** No scaling (counts, days). */
export const PLAIN: IValueScale = { divisor: 1, suffix: '' };

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/**
 * The byte unit a set of values reads best in: TB from 1 TB up, else GB (the usual report scale),
 * dropping to MB/KB only when even the largest value is under 1 GB / 1 MB, so small values never
 * show as "0.00 GB".
 */
export function bytesScale(maxBytes: number): IValueScale {
  const max = Math.abs(Number.isFinite(maxBytes) ? maxBytes : 0);
  for (const unit of BYTE_UNITS) if (max >= unit.divisor) return unit;
  return max === 0 ? (BYTE_UNITS[1] as IValueScale) : { divisor: 1, suffix: 'B' };
}

/** The scale for values of a unit: a byte scale picked from the largest value, or none. */
export function scaleFor(unit: ColumnUnit | undefined, values: Iterable<number>): IValueScale {
  if (unit !== 'bytes') return PLAIN;
  let max = 0;
  for (const v of values) if (Number.isFinite(v) && Math.abs(v) > max) max = Math.abs(v);
  return bytesScale(max);
}

/** A scaled number with sensible precision: 3.81, 98.3, 1,234. */
function scaledNumber(n: number): string {
  const a = Math.abs(n);
  const digits = a === 0 || a >= 100 ? 0 : a >= 10 ? 1 : 2;
  return new Intl.NumberFormat('en-US', { minimumFractionDigits: 0, maximumFractionDigits: digits }).format(n);
}

/** Bytes in the unit that reads best for this one value, e.g. `3.81 TB`, `98.3 GB`. */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  return formatScaled(bytes, bytesScale(bytes));
}

/** A value in a fixed scale (one axis, one tooltip), e.g. `4,012 GB` when the chart is in GB. */
export function formatScaled(value: number, scale: IValueScale): string {
  if (scale.divisor === 1 && scale.suffix === '') return grouped.format(value);
  return `${scaledNumber(value / scale.divisor)} ${scale.suffix}`;
}

/** Seconds as `1 h 02 min`, `5 min 03 s` or `12 s`. */
export function formatSeconds(seconds: number): string {
  const s = Math.round(Math.abs(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  const sign = seconds < 0 ? '-' : '';
  if (h > 0) return `${sign}${h} h ${String(m).padStart(2, '0')} min`;
  if (m > 0) return `${sign}${m} min ${String(r).padStart(2, '0')} s`;
  return `${sign}${r} s`;
}

/** A figure as a table or tooltip shows it: bytes in their scale, seconds as time, counts grouped. */
export function formatValue(value: unknown, unit: ColumnUnit | undefined, scale?: IValueScale): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value !== 'number' || !Number.isFinite(value)) return String(value);
  if (unit === 'bytes') return scale ? formatScaled(value, scale) : formatBytes(value);
  if (unit === 'seconds') return formatSeconds(value);
  if (unit === 'days') return `${grouped.format(value)} ${value === 1 ? 'day' : 'days'}`;
  return Number.isInteger(value) ? grouped.format(value) : scaledNumber(value);
}

/** Short axis ticks: 950, 1.2K, 3.4M; bytes as plain scaled numbers (the unit is in the axis label). */
export function formatTick(value: number, scale: IValueScale): string {
  const v = value / scale.divisor;
  const a = Math.abs(v);
  if (scale.suffix !== '') return scaledNumber(v);
  if (a >= 1e9) return `${scaledNumber(v / 1e9)}B`;
  if (a >= 1e6) return `${scaledNumber(v / 1e6)}M`;
  if (a >= 1e4) return `${scaledNumber(v / 1e3)}K`;
  return grouped.format(v);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `2026-11-19` -> `Nov 19` for a date axis; anything else unchanged. */
export function formatDayTick(value: unknown): string {
  const m = typeof value === 'string' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!m) return String(value ?? '');
  return `${MONTHS[Number(m[2]) - 1] ?? m[2]} ${Number(m[3])}`;
}

/** A column header as a series label: the unit suffix goes (the axis and values carry the unit). */
export function seriesLabel(header: string): string {
  return header.replace(/\s*\((Byte|Bytes)\)\s*$/i, '').trim();
}

/** Whole-period label: `D30` -> `Last 30 days`. */
export function periodLabel(period: string): string {
  const days = /^D(\d+)$/.exec(period)?.[1];
  return days ? `Last ${days} days` : period;
}

/**
 * Round axis ticks from 0 to just above `max` (raw units), stepping 1, 2, 2.5 or 5 times a power of ten
 * in the scaled unit, so a TB axis reads 0, 1, 2, 3, 4 rather than 0, 1.36, 2.73. Counts step in whole numbers.
 */
export function niceTicks(max: number, scale: IValueScale, count = 4): number[] {
  const m = Number.isFinite(max) && max > 0 ? max / scale.divisor : 0;
  if (m === 0) return [0, scale.divisor];
  // Up to count + 1 intervals: 216 -> 0..250 by 50 rather than 0..300 by 100.
  const raw = m / (count + 1);
  const power = 10 ** Math.floor(Math.log10(raw));
  let step = ([1, 2, 2.5, 5, 10].map(f => f * power).find(s => s >= raw) ?? 10 * power);
  if (scale.divisor === 1) step = Math.max(1, Math.ceil(step));
  const ticks: number[] = [];
  for (let t = 0; t < m + step * 1e-9; t += step) ticks.push(Number((t * scale.divisor).toPrecision(12)));
  const last = ticks[ticks.length - 1] ?? 0;
  if (last < max) ticks.push(Number(((ticks.length) * step * scale.divisor).toPrecision(12)));
  return ticks;
}

/** The largest number across the given keys of the data (0 when none). */
export function maxOf(data: ReadonlyArray<Record<string, unknown>>, keys: ReadonlyArray<string>): number {
  let max = 0;
  for (const d of data) for (const k of keys) { const v = d[k]; if (typeof v === 'number' && Number.isFinite(v) && v > max) max = v; }
  return max;
}
