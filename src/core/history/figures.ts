/**
 * The snapshot's figures: a fixed, documented set of names (SNAPSHOT_FIGURES, plus per-SKU and per-currency
 * families), each a tenant-wide count or total, never a per-user row. A figure that could not be read is
 * absent from a snapshot, never 0: charts leave a gap there rather than draw a drop to nothing.
 *
 * The families: `active:<workload>:<1d|7d|30d>`, `storage:<mailbox|oneDrive|sharePoint>` (bytes),
 * `sku:<skuId>:<purchased|assigned|available>` (units), `sku:<skuId>:free` (1: a free or trial SKU, 0: paid, as
 * core/licences decides it; absent where it was not told), `waste:<category>`, `wasteCost:<category>:<CUR>`.
 * The licence chart adds up paid SKUs only, so a free offer's thousands of units (Power Automate Free) do not
 * swamp the paid ones; a SKU's `free` figure is what tells them apart (FIGURE_FAMILIES lists the prefixes).
 */
import type { IJoinSources, IUserRecord, IUserRow } from '../directory';
import { freeReason } from '../licences';
import type { ICostModel, ILicenceModel, WasteKind } from '../licences';
import type { IReportResult, ReportRow } from '../reports';
import type { SnapshotFigures } from './types';

/** What a figure counts: people, licence units, bytes, or money (per currency). */
export type FigureUnit = 'count' | 'units' | 'bytes' | 'money';

/** One documented figure of a snapshot. */
export interface ISnapshotFigure {
  /** The name a snapshot keeps it under. */
  name: string;
  /** In words, for tables, exports and the README. */
  label: string;
  unit: FigureUnit;
  /** Where it comes from. */
  source: string;
}

/** The workloads Graph's active-user reports count, under the names the figures use. */
export const ACTIVE_WORKLOADS: ReadonlyArray<{ key: string; label: string; header: string }> = [
  { key: 'office365', label: 'Any service', header: 'Office 365' },
  { key: 'exchange', label: 'Exchange', header: 'Exchange' },
  { key: 'oneDrive', label: 'OneDrive', header: 'OneDrive' },
  { key: 'sharePoint', label: 'SharePoint', header: 'SharePoint' },
  { key: 'teams', label: 'Teams', header: 'Teams' },
  { key: 'yammer', label: 'Viva Engage', header: 'Yammer' }
];

/** Active-user windows: a day (the daily trend report, which backfills), and 7 and 30 days (distinct users over the period). */
export type ActiveWindow = '1d' | '7d' | '30d';
export const ACTIVE_WINDOWS: readonly ActiveWindow[] = ['1d', '7d', '30d'];

/** The daily active users per workload (one row per report date). */
export const ACTIVE_DAILY_REPORT = 'getOffice365ActiveUserCounts';
/** Active users per workload over a period (D7, D30): one row. */
export const ACTIVE_PERIOD_REPORT = 'getOffice365ServicesUserCounts';

/** Storage totals and the daily trend report each comes from (a report with a row per site type and day: see trendByDate). */
export const STORAGE_SOURCES: ReadonlyArray<{ key: string; label: string; fn: string }> = [
  { key: 'mailbox', label: 'Mailbox storage', fn: 'getMailboxUsageStorage' },
  { key: 'oneDrive', label: 'OneDrive storage', fn: 'getOneDriveUsageStorage' },
  { key: 'sharePoint', label: 'SharePoint storage', fn: 'getSharePointSiteUsageStorage' }
];

/** `active:<workload>:<window>`. */
export const activeFigure = (workload: string, window: ActiveWindow): string => `active:${workload}:${window}`;
/** `storage:<key>` (bytes). */
export const storageFigure = (key: string): string => `storage:${key}`;
/** `sku:<skuId>:purchased|assigned|available` (units). */
export const skuFigure = (skuId: string, measure: SkuMeasure): string => `sku:${skuId.toLowerCase()}:${measure}`;
/** `sku:<skuId>:free`: 1 when the SKU is free or a trial, 0 when paid (absent: not told, e.g. older snapshots). */
export const skuFreeFigure = (skuId: string): string => `sku:${skuId.toLowerCase()}:free`;
/** `waste:<category>` (licences wasted in a category). */
export const wasteFigure = (category: string): string => `waste:${category}`;
/** `wasteCost:<category>:<CUR>` (monthly cost; the category `total` is the potential saving, each holding once). */
export const wasteCostFigure = (category: string, currency: string): string => `wasteCost:${category}:${currency.toUpperCase()}`;

/** A SKU's three measures. */
export type SkuMeasure = 'purchased' | 'assigned' | 'available';
export const SKU_MEASURES: readonly SkuMeasure[] = ['purchased', 'assigned', 'available'];

/** The fixed figures (the per-SKU, waste and currency families are named by the helpers above). */
export const SNAPSHOT_FIGURES: readonly ISnapshotFigure[] = [
  { name: 'users', label: 'Users', unit: 'count', source: '/users (the whole list read)' },
  { name: 'members', label: 'Members', unit: 'count', source: '/users userType' },
  { name: 'guests', label: 'Guests', unit: 'count', source: '/users userType' },
  { name: 'enabled', label: 'Enabled accounts', unit: 'count', source: '/users accountEnabled' },
  { name: 'licensed', label: 'Licensed users', unit: 'count', source: '/users assignedLicenses' },
  { name: 'mfaRegistered', label: 'MFA registered (enabled accounts)', unit: 'count', source: 'userRegistrationDetails' },
  { name: 'mfaCapable', label: 'MFA capable (enabled accounts)', unit: 'count', source: 'userRegistrationDetails' },
  { name: 'mfaEnforced', label: 'MFA enforced (enabled accounts)', unit: 'count', source: 'security defaults and Conditional Access' },
  { name: 'mfaEnforcementUnknown', label: 'MFA enforcement not known (enabled accounts)', unit: 'count', source: 'Conditional Access naming groups or roles not read' },
  ...ACTIVE_WORKLOADS.flatMap(w => [
    { name: activeFigure(w.key, '1d'), label: `Daily active users, ${w.label}`, unit: 'count' as const, source: ACTIVE_DAILY_REPORT },
    { name: activeFigure(w.key, '7d'), label: `Active users in 7 days, ${w.label}`, unit: 'count' as const, source: `${ACTIVE_PERIOD_REPORT}(D7)` },
    { name: activeFigure(w.key, '30d'), label: `Active users in 30 days, ${w.label}`, unit: 'count' as const, source: `${ACTIVE_PERIOD_REPORT}(D30)` }
  ]),
  ...STORAGE_SOURCES.map(s => ({ name: storageFigure(s.key), label: s.label, unit: 'bytes' as const, source: s.fn }))
];

const KNOWN = new Map(SNAPSHOT_FIGURES.map(f => [f.name, f] as const));

/** What a figure's name means (fixed ones from the list; the families from their shape); undefined for a name nobody writes. */
export function describeFigure(name: string): ISnapshotFigure | undefined {
  const fixed = KNOWN.get(name);
  if (fixed) return fixed;
  const [family, a, b] = name.split(':');
  if (family === 'sku' && a && (b === 'purchased' || b === 'assigned' || b === 'available')) return { name, label: `${a} ${b}`, unit: 'units', source: '/subscribedSkus' };
  if (family === 'sku' && a && b === 'free') return { name, label: `${a} is free or a trial (1) or paid (0)`, unit: 'count', source: '/subscribedSkus (part number, name and service plans)' };
  if (family === 'waste' && a && b === undefined) return { name, label: `Wasted licences: ${a}`, unit: 'units', source: 'Licences view' };
  if (family === 'wasteCost' && a === 'total' && b) return { name, label: `Potential monthly saving (${b})`, unit: 'money', source: 'Licences view and the prices entered' };
  if (family === 'wasteCost' && a && b) return { name, label: `Monthly waste cost: ${a} (${b})`, unit: 'money', source: 'Licences view and the prices entered' };
  return undefined;
}

/** Counts of the directory, from a /users list read to its end; nothing when it was not. */
export function directoryFigures(users: readonly IUserRecord[]): SnapshotFigures {
  let members = 0;
  let guests = 0;
  let enabled = 0;
  let licensed = 0;
  for (const u of users) {
    // Graph leaves userType empty on some old accounts: they are members (guests are always marked).
    if (u.userType === 'Guest') guests++;
    else members++;
    if (u.accountEnabled === true) enabled++;
    if (u.skuIds.length > 0) licensed++;
  }
  return { users: users.length, members, guests, enabled, licensed };
}

/** MFA registration and enforcement over enabled accounts, each only where its join was read. */
export function mfaFigures(rows: readonly Pick<IUserRow, 'user' | 'mfa' | 'mfaEnforcement'>[], joins: Pick<IJoinSources, 'mfa' | 'mfaEnforcement'>): SnapshotFigures {
  const out: SnapshotFigures = {};
  const mfaKnown = joins.mfa.status === 'ready';
  const enforcementKnown = joins.mfaEnforcement.status === 'ready';
  if (!mfaKnown && !enforcementKnown) return out;
  let registered = 0;
  let capable = 0;
  let enforced = 0;
  let unknown = 0;
  for (const row of rows) {
    if (row.user.accountEnabled !== true) continue;
    const status = row.mfa?.status;
    if (status === 'capable') capable++;
    if (status === 'capable' || status === 'registered') registered++;
    const e = row.mfaEnforcement;
    if (e?.kind === 'securityDefaults' || e?.kind === 'policies') enforced++;
    else if (e?.kind === 'unknown') unknown++;
  }
  if (mfaKnown) Object.assign(out, { mfaRegistered: registered, mfaCapable: capable });
  if (enforcementKnown) Object.assign(out, { mfaEnforced: enforced, mfaEnforcementUnknown: unknown });
  return out;
}

/** A SKU as the figures need it (ISkuInfo and the Licences view's rows both fit). */
export interface ISkuCounts {
  skuId: string;
  /** Units bought and usable (prepaidUnits.enabled). */
  enabled: number;
  /** Units assigned (consumedUnits). */
  consumed: number;
  /** A free or trial offer (core/licences decides it); undefined when not told. */
  free?: boolean;
}

/** Purchased, assigned and available units per SKU, and whether it is free where that was told. */
export function skuFigures(skus: Iterable<ISkuCounts>): SnapshotFigures {
  const out: SnapshotFigures = {};
  for (const s of skus) {
    out[skuFigure(s.skuId, 'purchased')] = s.enabled;
    out[skuFigure(s.skuId, 'assigned')] = s.consumed;
    // Negative when more are assigned than bought (a subscription in its grace period): said as it is.
    out[skuFigure(s.skuId, 'available')] = s.enabled - s.consumed;
    if (s.free !== undefined) out[skuFreeFigure(s.skuId)] = s.free ? 1 : 0;
  }
  return out;
}

/** Waste as the Licences view counts and prices it (core/licences gives it; nothing priced is never a 0 cost). */
export interface IWasteFigures {
  /** Licence holdings wasted per category (e.g. `disabled`, `inactive90`, `guestPaid`), every SKU's added up. */
  counts: Record<string, number>;
  /**
   * Monthly cost per category and currency, only where prices were entered. Categories overlap (one holding may be
   * disabled and inactive), so no total is made by adding them: `total` is given (the potential saving, each once).
   */
  costs?: ReadonlyArray<{ category: string; currency: string; monthly: number }>;
}

/** The waste counts and their monthly cost per currency. */
export function wasteFigures(waste: IWasteFigures): SnapshotFigures {
  const out: SnapshotFigures = {};
  for (const [category, n] of Object.entries(waste.counts)) out[wasteFigure(category)] = n;
  for (const c of waste.costs ?? []) out[wasteCostFigure(c.category, c.currency)] = c.monthly;
  return out;
}

/**
 * The Licences view's waste as snapshot figures: per category, the holdings of every SKU where the category could
 * be told (one not told is left out, not 0); per currency, each category's cost and, as `total`, the potential
 * saving (unassigned units and the holdings in the saving categories, each holding once: core/licences).
 */
export function licenceWaste(model: Pick<ILicenceModel, 'skus' | 'availability'>, cost?: Pick<ICostModel, 'totals'>): IWasteFigures {
  const counts: Record<string, number> = {};
  for (const kind of Object.keys(model.availability) as WasteKind[]) {
    if (model.availability[kind].status !== 'ready') continue;
    counts[kind] = model.skus.reduce((n, u) => n + (u.waste[kind].status === 'ready' ? u.waste[kind].holders.length : 0), 0);
  }
  const costs: Array<{ category: string; currency: string; monthly: number }> = [];
  for (const t of cost?.totals ?? []) {
    for (const [kind, monthly] of Object.entries(t.waste)) if (typeof monthly === 'number' && kind in counts) costs.push({ category: kind, currency: t.currency, monthly });
    costs.push({ category: 'total', currency: t.currency, monthly: t.saving });
  }
  return { counts, ...(costs.length ? { costs } : {}) };
}

/** The Licences view's SKUs as the figures count them (purchased = enabled units, assigned = consumed; free as it decides). */
export function licenceSkuCounts(model: Pick<ILicenceModel, 'skus'>): ISkuCounts[] {
  return model.skus.map(u => ({ skuId: u.sku.skuId, enabled: u.sku.enabled, consumed: u.sku.assigned, free: u.sku.freeWhy !== null }));
}

/**
 * The Users list's SKU join as the figures count them. It reads no service plans, so free is told from the part
 * number and name alone (core/licences' words: free, trial, viral, exploratory); the Licences view, which reads the
 * plans, tells it fully when it is opened (a later look the same day replaces the figure).
 */
export function directorySkuCounts(skus: Iterable<ISkuCounts & { skuPartNumber: string; name: string }>): ISkuCounts[] {
  return [...skus].map(s => ({ skuId: s.skuId, enabled: s.enabled, consumed: s.consumed, free: freeReason(s.skuPartNumber, s.name, []) !== null }));
}

/** The prefixes of the figure families besides SNAPSHOT_FIGURES: a stored figure of any other name is not read. */
export const FIGURE_FAMILIES: readonly string[] = ['active:', 'storage:', 'sku:', 'waste:', 'wasteCost:'];

/** Whether a figure's name is one the product writes (a fixed figure, or one of the families). */
export function isKnownFigure(name: string): boolean {
  return KNOWN.has(name) || FIGURE_FAMILIES.some(f => name.startsWith(f) && name.length > f.length);
}

/** A number cell, or null for empty or unreadable text. */
export function cellNumber(v: ReportRow[string] | undefined): number | null {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'string' && v.trim() !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? n : null;
  }
  return null;
}

/**
 * Values of one trend report per report date: the columns named, rows of one date added up (a report with a row
 * per site type); where a date has a `Site Type` "All" row, that row is the day's total and the others are not added.
 */
export function trendByDate(rows: readonly ReportRow[], columns: readonly string[]): Map<string, Map<string, number>> {
  const byDate = new Map<string, Map<string, number>>();
  const allRows = new Set<string>();
  for (const row of rows) {
    const date = row['Report Date'];
    if (typeof date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(date)) continue;
    const all = typeof row['Site Type'] === 'string' && row['Site Type'].toLowerCase() === 'all';
    if (allRows.has(date)) continue;
    if (all) {
      allRows.add(date);
      byDate.delete(date);
    }
    let values = byDate.get(date);
    for (const column of columns) {
      const n = cellNumber(row[column]);
      if (n === null) continue;
      if (!values) byDate.set(date, (values = new Map()));
      values.set(column, (values.get(column) ?? 0) + n);
    }
  }
  return byDate;
}

/** The figures of one report date of the daily trend reports (active users per workload, storage totals). */
export function trendFigures(fn: string, values: ReadonlyMap<string, number>): SnapshotFigures {
  const out: SnapshotFigures = {};
  if (fn === ACTIVE_DAILY_REPORT) {
    for (const w of ACTIVE_WORKLOADS) {
      const n = values.get(w.header);
      if (n !== undefined) out[activeFigure(w.key, '1d')] = n;
    }
    return out;
  }
  const storage = STORAGE_SOURCES.find(s => s.fn === fn);
  const bytes = values.get('Storage Used (Byte)');
  if (storage && bytes !== undefined) out[storageFigure(storage.key)] = bytes;
  return out;
}

/** The columns a daily trend report's figures are read from. */
export function trendColumns(fn: string): string[] {
  return fn === ACTIVE_DAILY_REPORT ? ACTIVE_WORKLOADS.map(w => w.header) : ['Storage Used (Byte)'];
}

/** The newest report date of a trend read and its figures; undefined when it has none. */
export function latestTrendFigures(result: Pick<IReportResult, 'fn' | 'rows'>): { date: string; figures: SnapshotFigures } | undefined {
  const byDate = trendByDate(result.rows, trendColumns(result.fn));
  const latest = [...byDate.keys()].sort().pop();
  const values = latest ? byDate.get(latest) : undefined;
  if (!latest || !values) return undefined;
  const figures = trendFigures(result.fn, values);
  return Object.keys(figures).length ? { date: latest, figures } : undefined;
}

/** Active users per workload over a period from getOffice365ServicesUserCounts (its `<Workload> Active` columns). */
export function periodActiveFigures(result: Pick<IReportResult, 'rows'>, window: '7d' | '30d'): SnapshotFigures {
  const out: SnapshotFigures = {};
  const row = result.rows[0];
  if (!row) return out;
  for (const w of ACTIVE_WORKLOADS) {
    const n = cellNumber(row[`${w.header} Active`]);
    if (n !== null) out[activeFigure(w.key, window)] = n;
  }
  return out;
}
