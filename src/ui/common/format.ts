/** Formatting the views share: report cells, bytes, seconds and ISO durations. Pure, so views and tests agree. */
import type { ReportCell } from '../../core/reports';

const num = new Intl.NumberFormat('en-US');

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

/** A scaled number with sensible precision: 3.81, 98.3, 1,234. */
export function scaledNumber(n: number): string {
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

/** ISO 8601 durations as reports send them (`PT1H2M3S`, `P1DT2H`, `PT0S`). */
const ISO_DURATION = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** An ISO 8601 duration in seconds; undefined for anything else (a name that starts with "P" stays a name). */
function isoDurationSeconds(text: string): number | undefined {
  const m = ISO_DURATION.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) return undefined;
  const [, d, h, min, s] = m;
  return Number(d ?? 0) * 86400 + Number(h ?? 0) * 3600 + Number(min ?? 0) * 60 + Number(s ?? 0);
}

/** Text as shown: an ISO 8601 duration as time ("1 h 02 min"), anything else as it is. */
export function durationText(text: string): string {
  const seconds = isoDurationSeconds(text);
  return seconds === undefined ? text : formatSeconds(seconds);
}

/** A report cell for display, using its unit; ISO durations read as time ("1 h 02 min"). */
export function formatCell(value: ReportCell, unit?: string): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '—';
  if (typeof value === 'number') return unit === 'bytes' ? formatBytes(value) : unit === 'seconds' ? formatSeconds(value) : num.format(value);
  return durationText(value);
}
