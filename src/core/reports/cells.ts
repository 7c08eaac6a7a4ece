/**
 * Cell typing shared by the CSV and the beta JSON readers, so both yield identical rows.
 * Internal to src/core/reports: the public surface is csv.ts, json.ts and the catalog.
 */
import type { IReportColumn, ReportCell } from './types';

/** A typed cell, plus what was wrong with the input when it could not be typed. */
export interface ICellResult {
  value: ReportCell;
  /** Set when the input was malformed; the value is then null (or the best that could be kept). */
  problem?: string;
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
// Some readers (and the JSON form now and then) give a full ISO timestamp; the day is what counts.
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[T ]/;

/** Lower-case letters and digits only: the key both readers match names on. */
export function looseKey(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/**
 * The field name Graph's camelCase convention gives a CSV header, e.g.
 * `Storage Used (Byte)` -> `storageUsedInBytes`, `Dial-in/out 3rd Party` -> `dialInOut3rdParty`.
 */
export function conventionalJsonName(header: string): string {
  const words = header
    .replace(/\(Byte\)/gi, 'In Bytes')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0);
  return words
    .map((w, i) => (i === 0 ? w.toLowerCase() : w.charAt(0).toUpperCase() + w.slice(1)))
    .join('');
}

/** Splits a `+`-joined product list (the CSV form of `assignedProducts`). */
function splitList(text: string): string[] {
  return text
    .split('+')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

function quote(value: string): string {
  const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
  return JSON.stringify(shown);
}

function parseBoolean(text: string): boolean | undefined {
  switch (text.trim().toLowerCase()) {
    case 'true':
    case 'yes':
      return true;
    case 'false':
    case 'no':
      return false;
    default:
      return undefined;
  }
}

function parseDate(text: string): string | undefined {
  const t = text.trim();
  if (DATE.test(t)) return t;
  const m = DATE_TIME.exec(t);
  return m?.[1];
}

/** Types one CSV cell. Empty text is null (an empty product list is []). */
export function cellFromText(text: string, column: IReportColumn): ICellResult {
  const trimmed = text.trim();
  if (column.type === 'products') return { value: splitList(text) };
  if (trimmed === '') return { value: null };
  switch (column.type) {
    case 'number':
      return NUMBER.test(trimmed)
        ? { value: Number(trimmed) }
        : { value: null, problem: `${quote(text)} is not a number` };
    case 'boolean': {
      const b = parseBoolean(trimmed);
      return b === undefined ? { value: null, problem: `${quote(text)} is not True/False` } : { value: b };
    }
    case 'date': {
      const d = parseDate(trimmed);
      return d === undefined ? { value: null, problem: `${quote(text)} is not a YYYY-MM-DD date` } : { value: d };
    }
    default:
      // Strings are kept exactly (display names may start with = or carry spaces); only empty -> null.
      return { value: text };
  }
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  return quote(String(value));
}

/** Types one beta JSON field value the way cellFromText types the same CSV cell. */
export function cellFromJson(value: unknown, column: IReportColumn): ICellResult {
  if (value === undefined) return { value: null };
  if (column.type === 'products') {
    if (value === null) return { value: [] };
    if (typeof value === 'string') return { value: splitList(value) };
    if (Array.isArray(value)) {
      const items = value.filter((v): v is string => typeof v === 'string');
      const list = items.map((s) => s.trim()).filter((s) => s.length > 0);
      return items.length === value.length ? { value: list } : { value: list, problem: 'the list holds non-text items (dropped)' };
    }
    return { value: [], problem: `${describe(value)} is not a product list` };
  }
  if (value === null) return { value: null };
  if (typeof value === 'string') return cellFromText(value, column);
  switch (column.type) {
    case 'number':
      return typeof value === 'number' && Number.isFinite(value)
        ? { value }
        : { value: null, problem: `${describe(value)} is not a number` };
    case 'boolean':
      return typeof value === 'boolean' ? { value } : { value: null, problem: `${describe(value)} is not true/false` };
    case 'date':
      return { value: null, problem: `${describe(value)} is not a YYYY-MM-DD date` };
    default:
      if (typeof value === 'number' || typeof value === 'boolean') return { value: String(value) };
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) {
        // getEmailAppUsageUserDetail lists app versions as string[]; CSV lists join with '+'.
        const joined = (value as string[]).join('+');
        return { value: joined === '' ? null : joined };
      }
      return { value: null, problem: `${describe(value)} is not text` };
  }
}

/** An unknown field's value kept as text, as the CSV reader keeps unknown columns. */
export function textOfUnknown(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return (value as string[]).join('+');
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Collects warnings without repeats and caps them, so a broken 100k-row file cannot flood the UI. */
export class WarningList {
  private readonly seen: Set<string> = new Set();
  private readonly list: string[] = [];
  private dropped: number = 0;

  public constructor(private readonly cap: number = 100) {}

  public add(message: string): void {
    if (this.seen.has(message)) return;
    this.seen.add(message);
    if (this.list.length < this.cap) this.list.push(message);
    else this.dropped++;
  }

  public toArray(): string[] {
    return this.dropped > 0 ? [...this.list, `${this.dropped} more warnings not shown.`] : [...this.list];
  }
}
