import type { ReportCell } from '../../core/reports/types';
import { formatBytes, formatSeconds } from '../usage/model/format';

const num = new Intl.NumberFormat('en-US');

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
