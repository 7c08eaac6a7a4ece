/** Value conversions shared by the workbook and CSV writers: dates, numbers, lists. */

const MS_PER_DAY = 86_400_000;
/** Excel's day 0 in the 1900 date system (it counts the phantom 1900-02-29, so day 0 is 1899-12-30). */
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
/** Serials are only faithful from 1900-03-01 (Excel's 1900 leap-year bug); earlier dates stay text. */
const FIRST_SAFE_MS = Date.UTC(1900, 2, 1);
/** Excel's last date, 9999-12-31. */
const LAST_MS = Date.UTC(10000, 0, 1) - 1;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const ISO_DATETIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i;
const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** Milliseconds since 1970 of a `YYYY-MM-DD` or ISO 8601 date-time text (UTC when no zone is given); NaN otherwise. */
export function parseIsoDate(text: string): number {
  const s = text.trim();
  const d = ISO_DATE.exec(s);
  if (d) {
    const y = Number(d[1]);
    const m = Number(d[2]);
    const day = Number(d[3]);
    const ms = Date.UTC(y, m - 1, day);
    // Date.UTC rolls 2024-02-31 over into March: refuse instead of inventing a date.
    const check = new Date(ms);
    return check.getUTCMonth() === m - 1 && check.getUTCDate() === day ? ms : NaN;
  }
  if (!ISO_DATETIME.test(s)) return NaN;
  // Graph's timestamps are UTC; JS would read a zone-less date-time as local time, so add the Z.
  const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(s) ? s : `${s}Z`;
  return Date.parse(zoned.replace(' ', 'T'));
}

/** Excel serial day number of an instant (UTC), or undefined outside Excel's faithful range. */
export function excelSerial(ms: number): number | undefined {
  if (!Number.isFinite(ms) || ms < FIRST_SAFE_MS || ms > LAST_MS) return undefined;
  let serial = (ms - EXCEL_EPOCH_MS) / MS_PER_DAY;
  if (Number.isInteger(serial)) return serial;
  // Readers turn serials back into instants by multiplying and truncating to whole milliseconds
  // (SheetJS: serial*24*60*60*1000 + epoch), so a serial a hair low reads 23:59:58.999 instead of
  // 23:59:59. Step up by the smallest amounts until the product lands on the instant itself.
  for (let i = 0; i < 8 && (serial * 24 * 60 * 60 * 1000 + EXCEL_EPOCH_MS) < ms; i++) {
    serial += Math.max(Number.EPSILON * serial, Number.MIN_VALUE);
  }
  return serial;
}

/** Excel serial of the UTC day holding an instant (time of day dropped), or undefined. */
export function excelDaySerial(ms: number): number | undefined {
  const serial = excelSerial(ms);
  return serial === undefined ? undefined : Math.floor(serial);
}

/** A number from a number or strictly numeric text; undefined otherwise. */
export function toNumber(value: string | number): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  const s = value.trim();
  if (!NUMERIC.test(s)) return undefined;
  const n = Number(s);
  return Number.isFinite(n) ? n : undefined;
}

/** A boolean from `true`/`false` text (any case); undefined otherwise. */
export function toBoolean(value: string): boolean | undefined {
  const s = value.trim().toLowerCase();
  return s === 'true' ? true : s === 'false' ? false : undefined;
}

/** `YYYY-MM-DD` of an instant's UTC day. */
export function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** `YYYY-MM-DDTHH:MM:SSZ` of an instant (milliseconds kept only when present). */
export function isoDateTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}
