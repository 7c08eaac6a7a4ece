/** Usage figures for charts and tables (values in a scale, ticks, labels) over ui/common's bytes and seconds: pure, so the charts, tables and tests agree. */
import type { ColumnUnit } from '../../../core/reports';
import { PLAIN, bytesScale, formatBytes, formatScaled, formatSeconds, scaledNumber } from '../../common/format';
import type { IValueScale } from '../../common/format';

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A chart's unit: a report column's, or a share in percent (0-100) that the tiles compute themselves. */
export type ChartUnit = ColumnUnit | 'percent';

/** The scale of a percent axis: values as they are, the axis and table captions labelled %. */
export const PERCENT: IValueScale = { divisor: 1, suffix: '%' };

/** The scale for values of a unit: a byte scale picked from the largest value, or none. */
export function scaleFor(unit: ChartUnit | undefined, values: Iterable<number>): IValueScale {
  if (unit === 'percent') return PERCENT;
  if (unit !== 'bytes') return PLAIN;
  let max = 0;
  for (const v of values) if (Number.isFinite(v) && Math.abs(v) > max) max = Math.abs(v);
  return bytesScale(max);
}

/** A figure as a table or tooltip shows it: bytes in their scale, seconds as time, shares with %, counts grouped. */
export function formatValue(value: unknown, unit: ChartUnit | undefined, scale?: IValueScale): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value !== 'number' || !Number.isFinite(value)) return String(value);
  if (unit === 'bytes') return scale ? formatScaled(value, scale) : formatBytes(value);
  if (unit === 'seconds') return formatSeconds(value);
  if (unit === 'percent') return `${scaledNumber(value)}%`;
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
