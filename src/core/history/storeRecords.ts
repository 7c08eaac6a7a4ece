/**
 * What the shared store keeps, checked as it is read back: a price per SKU, a snapshot per day, one
 * publication. Both stores (the SharePoint list, the CLI's JSON-lines file) keep the same JSON values and read
 * them through these checks, so a damaged record is skipped with its reason rather than shown.
 */
import type { ISkuPrice } from '../licences/types';
import { isKnownFigure } from './figures';
import type { IPublication, ISnapshot } from './types';

/** What a record is: its `Kind` column in the list, its `kind` in a file line. */
export type StoreRecordKind = 'price' | 'snapshot' | 'publication';

/** A record the store could not read: which one, and why. The stores report them and read on. */
export interface IStoreSkip {
  kind: StoreRecordKind;
  /** The SKU id, the day, or 'publication'. */
  key: string;
  /** Where it is: "item 12" in the list, "line 40" in a file. */
  at: string;
  reason: string;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Whether a value is YYYY-MM-DD. */
export function isDay(value: unknown): value is string {
  return typeof value === 'string' && DAY.test(value) && !Number.isNaN(Date.parse(`${value}T00:00:00Z`));
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A price as written (`skuId` from the record's key), or why it is not one. */
export function checkPrice(value: unknown, skuId: string): ISkuPrice | string {
  if (!isRecord(value)) return 'not a price (no object)';
  const { monthly, currency, by, at } = value;
  if (typeof monthly !== 'number' || !Number.isFinite(monthly) || monthly < 0) return 'its monthly price is not a number of 0 or more';
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) return 'its currency is not a three-letter code';
  if (by !== null && typeof by !== 'string') return "'by' is neither a name nor empty";
  if (typeof at !== 'string') return "'at' is missing";
  return { skuId, monthly, currency, by, at };
}

/**
 * The figures of a snapshot the product documents (SNAPSHOT_FIGURES and the `active:`, `storage:`, `sku:`, `waste:`,
 * `wasteCost:` families, as figures.ts names them); any other name is left out, as a publication keeps only the
 * measures it whitelists: nothing the list's editors add reaches a chart or an export.
 */
function knownFigures(figures: Record<string, unknown>): { figures: Record<string, number>; unknown: string[] } {
  const known: Record<string, number> = {};
  const unknown: string[] = [];
  for (const name of Object.keys(figures)) {
    if (isKnownFigure(name)) known[name] = figures[name] as number;
    else unknown.push(name);
  }
  return { figures: known, unknown };
}

/** A snapshot as written, or why it is not one; figures of names the product does not write are skipped (knownFigures). */
export function checkSnapshot(value: unknown): ISnapshot | string {
  const checked = checkSnapshotRecord(value);
  return typeof checked === 'string' ? checked : { ...checked, figures: knownFigures(checked.figures).figures };
}

/** The shape of a snapshot, every figure as it is. */
function checkSnapshotRecord(value: unknown): ISnapshot | string {
  if (!isRecord(value)) return 'not a snapshot (no object)';
  const { day, source, takenAt, takenBy, figures, reportDates } = value;
  if (!isDay(day)) return 'its day is not YYYY-MM-DD';
  if (source !== 'taken' && source !== 'backfill') return "its source is neither 'taken' nor 'backfill'";
  if (typeof takenAt !== 'string' || typeof takenBy !== 'string') return "'takenAt' or 'takenBy' is missing";
  if (!isRecord(figures) || Object.values(figures).some((n) => typeof n !== 'number' || !Number.isFinite(n))) return 'its figures are not all numbers';
  if (reportDates !== undefined && (!isRecord(reportDates) || Object.values(reportDates).some((d) => typeof d !== 'string'))) return 'its report dates are not all dates';
  return { day, source, takenAt, takenBy, figures: figures as Record<string, number>, ...(reportDates !== undefined ? { reportDates: reportDates as Record<string, string> } : {}) };
}

/** A publication as written, or why it is not one. */
export function checkPublication(value: unknown): IPublication | string {
  if (!isRecord(value)) return 'not a publication (no object)';
  const { publishedAt, publishedBy, tiles, reportDates } = value;
  if (typeof publishedAt !== 'string' || typeof publishedBy !== 'string') return "'publishedAt' or 'publishedBy' is missing";
  if (!isRecord(tiles)) return 'it has no tiles';
  if (!isRecord(reportDates) || Object.values(reportDates).some((d) => typeof d !== 'string')) return 'its report dates are not all dates';
  return { publishedAt, publishedBy, tiles, reportDates: reportDates as Record<string, string> };
}

/** JSON text to a checked value, or why not. */
export function readJson<T>(text: string, check: (value: unknown) => T | string): T | string {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    return 'its data is not JSON';
  }
  return check(value);
}

/** Within a range of days (both ends optional, inclusive). */
export function dayInRange(day: string, range?: { from?: string; to?: string }): boolean {
  return (!range?.from || day >= range.from) && (!range?.to || day <= range.to);
}

/** Snapshots to write, one per day: with `replace` the last given for a day, else the first. */
export function onePerDay(snapshots: readonly ISnapshot[], replace: boolean): ISnapshot[] {
  const byDay = new Map<string, ISnapshot>();
  for (const s of snapshots) {
    if (replace || !byDay.has(s.day)) byDay.set(s.day, s);
  }
  return [...byDay.values()];
}

/** A snapshot is written as given, only checked: a bad one (or one with a figure the product does not document) is refused before anything is sent. */
export function assertSnapshot(s: ISnapshot): void {
  const checked = checkSnapshotRecord(s);
  const unknown = typeof checked === 'string' ? [] : knownFigures(checked.figures).unknown;
  const why = typeof checked === 'string' ? checked : unknown.length ? `figures of names not documented (${unknown.slice(0, 5).join(', ')})` : undefined;
  if (why) throw new TypeError(`Not a snapshot to keep (${String((s as { day?: unknown }).day)}): ${why}.`);
}
