/** File names of exports, safe on Windows, macOS and Linux file systems. */

/** Characters Windows refuses in file names, plus control characters; whitespace runs become one `-`. */
// eslint-disable-next-line no-control-regex -- control characters are among what this strips, on purpose
const ILLEGAL = /[<>:"/\\|?*\u0000-\u001f\u007f]+/g;
const MAX_PART = 100;

/** A piece of a file name with characters illegal on Windows removed (`@`, `.`, `_` and letters kept). */
export function safeFileNamePart(text: string, fallback = 'unknown'): string {
  const s = text
    .replace(ILLEGAL, '-')
    .replace(/\s+/g, '-')
    .replace(/-{2,}/g, '-')
    // Windows drops trailing dots and spaces; leading dots hide files on Unix.
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, MAX_PART)
    .replace(/[-.]+$/g, '');
  return s || fallback;
}

/**
 * `YYYY-MM-DD` of a Date in the local time zone, or of ISO text as given. An export is named after the
 * admin's own today (the browser's zone, or the CLI machine's, as the generated script's `date +%F`):
 * exporting at 09:00 in UTC+14 gives that local date, not UTC's yesterday. Report dates are not file
 * dates: they stay Graph's UTC days (core/reports/params.ts).
 */
export function fileDate(date: Date | string): string {
  if (typeof date === 'string') {
    const m = /^(\d{4}-\d{2}-\d{2})/.exec(date.trim());
    if (!m?.[1]) throw new Error(`Not an ISO date: ${date}`);
    return m[1];
  }
  if (Number.isNaN(date.getTime())) throw new Error('Invalid date');
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** `m365-users-<tenant>-<yyyy-mm-dd>[-filtered].xlsx` for the Users view's exports. */
export function usersFileName(tenant: string, date: Date | string, filtered: boolean): string {
  return `m365-users-${safeFileNamePart(tenant, 'tenant')}-${fileDate(date)}${filtered ? '-filtered' : ''}.xlsx`;
}

/** `impression-<upn>`: the impression workbook's name before its date (the generated script dates it when it runs). */
export function impressionFileStem(upn: string): string {
  return `impression-${safeFileNamePart(upn, 'user')}`;
}

/** `impression-<upn>-<yyyy-mm-dd>.xlsx` for one user's impression workbook. */
export function impressionFileName(upn: string, date: Date | string): string {
  return `${impressionFileStem(upn)}-${fileDate(date)}.xlsx`;
}

/**
 * `m365-report-<fn>[-<param>]-<yyyy-mm-dd>.<ext>` for a usage report, where param is the period
 * (`D30`), the report date or a date range; `ext` is `csv` for the CLI's CSV output.
 */
export function reportFileName(fn: string, param: string | undefined, date: Date | string, ext: 'xlsx' | 'csv' = 'xlsx'): string {
  const p = param === undefined || param.trim() === '' ? '' : `-${safeFileNamePart(param)}`;
  return `m365-report-${safeFileNamePart(fn, 'report')}${p}-${fileDate(date)}.${ext}`;
}
