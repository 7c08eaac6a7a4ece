/** CSV output of a sheet spec: RFC 4180 quoting, CRLF, UTF-8 BOM, and formula-injection protection. */
import type { CellValue, ExportColumnType, ISheetSpec } from './types';
import { isoDateTime, isoDay, parseIsoDate, toNumber } from './values';

/** Options of CSV output. */
export interface ICsvOptions {
  /** Field separator; default `,`. */
  delimiter?: string;
  /** Joins `string[]` values; default `, `. */
  listSeparator?: string;
  /** Start with a UTF-8 byte order mark so Excel reads the file as UTF-8; default true. */
  bom?: boolean;
  /** Texts of true and false; default `True`/`False`, as Microsoft's report CSVs write them. */
  booleans?: readonly [string, string];
}

/** First characters that make a spreadsheet evaluate text (OWASP CSV injection: = + - @ tab CR). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One CSV field from text: text that a spreadsheet would evaluate (starting with `=`, `+`, `-`, `@`,
 * tab or CR) gets a leading `'`; a field holding the delimiter, a quote, CR or LF is quoted (quotes doubled).
 */
export function csvEscape(text: string, delimiter = ','): string {
  const safe = FORMULA_START.test(text) ? `'${text}` : text;
  return quote(safe, delimiter);
}

/** RFC 4180 quoting only, for values that are not text (numbers, dates), which need no protection. */
function quote(text: string, delimiter: string): string {
  const needs = text.includes('"') || text.includes('\n') || text.includes('\r') || text.includes(delimiter);
  return needs ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A sheet spec as CSV text: a header row, then one line per row, CRLF line ends, BOM first by default. */
export function toCsv(spec: ISheetSpec, options: ICsvOptions = {}): string {
  const delimiter = options.delimiter ?? ',';
  const separator = options.listSeparator ?? ', ';
  const booleans = options.booleans ?? ['True', 'False'];
  const types = spec.columns.map((column) => column.type);
  const lines: string[] = new Array<string>(spec.rows.length + 1);
  lines[0] = spec.columns.map((column) => csvEscape(column.header, delimiter)).join(delimiter);
  for (let r = 0; r < spec.rows.length; r++) {
    const values = spec.rows[r] ?? [];
    const fields = new Array<string>(types.length);
    for (let c = 0; c < types.length; c++) {
      fields[c] = csvField(values[c], types[c] ?? 'string', delimiter, separator, booleans);
    }
    lines[r + 1] = fields.join(delimiter);
  }
  // A final CRLF ends the last record (RFC 4180 allows it; tools that append lines expect it).
  return `${options.bom ?? true ? '\ufeff' : ''}${lines.join('\r\n')}\r\n`;
}

function csvField(
  value: CellValue,
  type: ExportColumnType,
  delimiter: string,
  separator: string,
  booleans: readonly [string, string]
): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? quote(String(value), delimiter) : '';
  if (typeof value === 'boolean') return csvEscape(value ? booleans[0] : booleans[1], delimiter);
  if (value instanceof Date) return formatDate(value.getTime(), type, delimiter);
  if (Array.isArray(value)) return csvEscape(value.join(separator), delimiter);
  if (typeof value !== 'string') return csvEscape(String(value), delimiter);
  if (type === 'number' || type === 'bytes') {
    // Numeric text in a number column is a number (a negative figure is not an injection).
    const n = toNumber(value);
    if (n !== undefined) return quote(value.trim(), delimiter);
  }
  if (type === 'date' || type === 'datetime') {
    const ms = parseIsoDate(value);
    if (!Number.isNaN(ms)) return formatDate(ms, type, delimiter);
  }
  return csvEscape(value, delimiter);
}

function formatDate(ms: number, type: ExportColumnType, delimiter: string): string {
  if (Number.isNaN(ms)) return '';
  const dayOnly = type === 'date' || (type !== 'datetime' && ms % 86_400_000 === 0);
  return quote(dayOnly ? isoDay(ms) : isoDateTime(ms), delimiter);
}
