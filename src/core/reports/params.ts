/**
 * Report parameters: periods, dates and the Graph path of a report read. Validation happens here,
 * before any request, because report reads are throttled (a refused request still costs quota).
 * `today` is always passed in; there is no hidden clock.
 */
import { REPORT_PERIODS } from './types';
import type { IReportEntry, ReportPeriod, ReportRow } from './types';

/** Graph keeps `date=` reads for about the last 30 days. */
export const MAX_DAYS_BACK = 30;

/** A validation outcome the UI and CLI can show as is. */
export type ParamCheck<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * `today` as a host gives it: YYYY-MM-DD text, or a Date read in UTC. Report dates are Graph's UTC days
 * (`date=`, `Report Refresh Date`), so the window counts from today in UTC, not the viewer's local day:
 * at 20:00 in UTC-11 UTC is already the next day, and taking the local day would accept a 31st day back
 * that Graph has dropped (one wasted, throttled request) and refuse UTC's today, which Graph has; at
 * 09:00 in UTC+14 UTC is still the day before, and the local day would offer a date that has not begun
 * in UTC. Export file names, by contrast, carry the local day (core/export/fileNames.ts).
 */
export type DayInput = string | Date;

/** What a single report read asks for: a period, a date, or nothing (the few parameterless functions). */
export type ReportParam = { period: ReportPeriod } | { date: string };

const DAY_MS = 86400000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Days since 1970-01-01 for a real calendar date, else undefined. */
function dayNumber(text: string): number | undefined {
  const m = ISO_DATE.exec(text);
  if (m === null) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  // Date.UTC rolls 2026-02-30 over to March; a real date survives the round trip.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return undefined;
  return ms / DAY_MS;
}

function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

function todayNumber(today: DayInput): number {
  if (today instanceof Date) {
    if (Number.isNaN(today.getTime())) throw new RangeError('today is an invalid Date.');
    return Math.floor(today.getTime() / DAY_MS);
  }
  const day = dayNumber(today.trim());
  if (day === undefined) throw new RangeError(`today must be a YYYY-MM-DD date, not "${today}".`);
  return day;
}

/** Accepts D7/D30/D90/D180 (any case) or 7/30/90/180 (number or text) and names the right period. */
export function parsePeriod(input: string | number): ParamCheck<ReportPeriod> {
  const text = String(input).trim().toUpperCase();
  const candidate = /^\d+$/.test(text) ? `D${text}` : text;
  const period = REPORT_PERIODS.find((p) => p === candidate);
  return period !== undefined
    ? { ok: true, value: period }
    : { ok: false, error: `"${String(input)}" is not a report period; use D7, D30, D90 or D180 (or 7, 30, 90, 180).` };
}

/** The date `n` whole days before `today`, as YYYY-MM-DD (0 is today). */
export function daysBackToDate(n: number, today: DayInput): string {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`Days back must be a whole number of 0 or more, not ${n}.`);
  return formatDay(todayNumber(today) - n);
}

/**
 * Checks a `date=` value: YYYY-MM-DD, a real calendar date, not after `today` and not more than
 * MAX_DAYS_BACK days before it (Graph refuses older dates).
 */
export function validateReportDate(date: string, today: DayInput): ParamCheck<string> {
  const text = date.trim();
  const day = dayNumber(text);
  if (day === undefined) {
    return ISO_DATE.test(text)
      ? { ok: false, error: `${text} is not a real calendar date.` }
      : { ok: false, error: `"${date}" is not a date; use YYYY-MM-DD, e.g. ${formatDay(todayNumber(today) - 1)}.` };
  }
  const now = todayNumber(today);
  if (day > now) return { ok: false, error: `${text} is in the future (today is ${formatDay(now)}).` };
  if (day < now - MAX_DAYS_BACK) {
    return {
      ok: false,
      error:
        `${text} is more than ${MAX_DAYS_BACK} days ago; Graph keeps daily report data only for the last ` +
        `${MAX_DAYS_BACK} days. The earliest date you can ask for today is ${formatDay(now - MAX_DAYS_BACK)}.`
    };
  }
  return { ok: true, value: text };
}

/** Every date from start to end inclusive (each is one `date=` read), after checking both ends. */
export function planDateRange(start: string, end: string, today: DayInput): ParamCheck<string[]> {
  const from = validateReportDate(start, today);
  if (!from.ok) return { ok: false, error: `Start date: ${from.error}` };
  const to = validateReportDate(end, today);
  if (!to.ok) return { ok: false, error: `End date: ${to.error}` };
  const a = dayNumber(from.value) as number;
  const b = dayNumber(to.value) as number;
  if (a > b) return { ok: false, error: `The start date ${from.value} is after the end date ${to.value}.` };
  const dates: string[] = [];
  for (let d = a; d <= b; d++) dates.push(formatDay(d));
  return { ok: true, value: dates };
}

/**
 * Checks that a report function takes the given parameter and that its value is well formed
 * (a date's range depends on `today`, so check it with validateReportDate first).
 */
export function checkReportParam(entry: IReportEntry, param?: ReportParam): ParamCheck<ReportParam | undefined> {
  if (param === undefined) {
    if (entry.params.length === 0) return { ok: true, value: undefined };
    return { ok: false, error: `${entry.fn} needs ${entry.params.map((p) => (p === 'period' ? 'a period' : 'a date')).join(' or ')}.` };
  }
  if ('period' in param) {
    if (!entry.params.includes('period')) {
      return { ok: false, error: `${entry.fn} does not take a period${entry.params.length === 0 ? ' (it takes no parameter)' : ''}.` };
    }
    const period = parsePeriod(param.period);
    return period.ok ? { ok: true, value: { period: period.value } } : period;
  }
  if (!entry.params.includes('date')) {
    return {
      ok: false,
      error:
        `${entry.fn} does not take a date` +
        (entry.params.length === 0 ? ' (it takes no parameter).' : '; only a period (D7, D30, D90, D180).')
    };
  }
  if (dayNumber(param.date.trim()) === undefined) return { ok: false, error: `"${param.date}" is not a YYYY-MM-DD date.` };
  return { ok: true, value: { date: param.date.trim() } };
}

/**
 * The Graph path of one report read, e.g. `reports/getEmailActivityUserDetail(period='D7')`,
 * `reports/getEmailActivityUserDetail(date=2026-11-15)` or `reports/getOffice365ActivationCounts`
 * (parameterless functions are documented without parentheses). Throws RangeError on a parameter
 * the function does not take: callers validate user input with checkReportParam first.
 */
export function reportPath(entry: IReportEntry, param?: ReportParam): string {
  const checked = checkReportParam(entry, param);
  if (!checked.ok) throw new RangeError(checked.error);
  const value = checked.value;
  if (value === undefined) return `reports/${entry.fn}`;
  return 'period' in value ? `reports/${entry.fn}(period='${value.period}')` : `reports/${entry.fn}(date=${value.date})`;
}

/** Rows of day-by-day reads merged into one list, each with its day in a leading `Report Date` column. */
export function mergeDayRows(days: ReadonlyArray<{ date: string; rows: ReadonlyArray<ReportRow> }>): ReportRow[] {
  const out: ReportRow[] = [];
  for (const day of days) for (const row of day.rows) out.push({ ...row, 'Report Date': day.date });
  return out;
}
