/** Sheet (tab) names as Excel accepts them, shared by both workbook writers. */
import { sliceChars } from './cells';

const MAX_SHEET_NAME = 31;

/**
 * A sheet name Excel accepts: no `[]:*?/\`, no apostrophes (SheetJS writes the autofilter's
 * defined name as `'<name>'!A1:B2` without doubling them), not blank, not `History`, at most 31 characters.
 */
export function sanitizeSheetName(name: string): string {
  let s = name
    // eslint-disable-next-line no-control-regex -- replacing control characters is this line's purpose
    .replace(/[\u0000-\u001f\u007f]/g, ' ')
    .replace(/[[\]:*?/\\']/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (s.toLowerCase() === 'history') s = 'History (sheet)';
  s = sliceChars(s, MAX_SHEET_NAME).trim();
  return s || 'Sheet';
}

/** Sanitized names made unique the way Excel compares them (case-insensitively): `Name`, `Name (2)`, ... */
export function uniqueSheetNames(names: ReadonlyArray<string>): string[] {
  const taken = new Set<string>();
  return names.map((raw) => {
    const base = sanitizeSheetName(raw);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) {
      const suffix = ` (${n})`;
      name = `${sliceChars(base, MAX_SHEET_NAME - suffix.length).trim()}${suffix}`;
    }
    taken.add(name.toLowerCase());
    return name;
  });
}
