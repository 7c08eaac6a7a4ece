/** Rows of the Joiners and Leavers lists from what has been read: pure, so the view, the CLI and tests agree. */
import { foldText } from '../directory/userIndex';
import type { IUserRow } from '../directory/userIndex';
import type { IMfaInfo } from '../directory/mfa';
import { daysFrom, inPastWindow, inWindow, addDays, dayOf } from './window';
import type { IJoinerRow, ILeaverRow, ILifecycleUser, IManagerRef, IRemains, IWindowBounds, LeaverReason } from './types';

/** Enabled, licensed and no sign-in (or, without sign-in data, no activity) for this many days: left behind. */
export const INACTIVE_DAYS = 90;

/** What the joiners' per-person reads brought; an absent map is a part not known (loading or refused). */
export interface IJoinerEnrichment {
  products: (skuIds: readonly string[]) => string[];
  manager?: ReadonlyMap<string, IManagerRef | null>;
  mfa?: ReadonlyMap<string, IMfaInfo | null>;
  signIns?: ReadonlyMap<string, string | null>;
  groups?: ReadonlyMap<string, number>;
  devices?: ReadonlyMap<string, number>;
}

const searchText = (u: ILifecycleUser): string => foldText(`${u.displayName}\u0000${u.userPrincipalName}\u0000${u.mail ?? ''}`);

/**
 * The joiners: hire dates in the window, then accounts without a hire date created in the window (each person
 * once, by hire date when they have one), nearest first.
 */
export function joinerRows(hired: readonly ILifecycleUser[] | undefined, created: readonly ILifecycleUser[] | undefined, bounds: IWindowBounds, e: IJoinerEnrichment): IJoinerRow[] {
  const rows: IJoinerRow[] = [];
  const seen = new Set<string>();
  const add = (user: ILifecycleUser, basis: IJoinerRow['basis'], date: string): void => {
    if (seen.has(user.id)) return;
    seen.add(user.id);
    rows.push({
      user, basis, date, days: daysFrom(bounds.today, date) ?? 0,
      products: e.products(user.skuIds),
      manager: e.manager ? e.manager.get(user.id) : undefined,
      mfa: e.mfa ? e.mfa.get(user.id) : undefined,
      lastSignIn: e.signIns ? e.signIns.get(user.id) : undefined,
      groups: e.groups?.get(user.id),
      devices: e.devices?.get(user.id),
      search: searchText(user)
    });
  };
  for (const u of hired ?? []) if (u.employeeHireDate && inWindow(u.employeeHireDate, bounds)) add(u, 'hireDate', u.employeeHireDate);
  for (const u of created ?? []) if (!u.employeeHireDate && u.createdDateTime && inPastWindow(u.createdDateTime, bounds)) add(u, 'created', u.createdDateTime);
  return rows.sort((a, b) => a.days - b.days || a.user.displayName.localeCompare(b.user.displayName));
}

/**
 * Whether an enabled, licensed account has gone unused 90+ days; undefined when neither sign-ins nor activity tell.
 * An account younger than 90 days never has, signed in or not.
 */
export function inactiveLicensed(row: IUserRow, today: string, asOf: string): boolean | undefined {
  const u = row.user;
  if (u.accountEnabled !== true || u.skuIds.length === 0) return false;
  const created = dayOf(u.createdDateTime);
  const cutoff = addDays(today, -INACTIVE_DAYS);
  if (created !== undefined && created > cutoff) return false;
  // Never used: only once the account is known to be old enough to have been.
  const oldEnough = created !== undefined;
  if (row.lastSignIn !== undefined) {
    return row.lastSignIn === null ? oldEnough : (daysFrom(today, row.lastSignIn) ?? 0) <= -INACTIVE_DAYS;
  }
  if (row.activity) {
    return row.activity.date === null ? oldEnough : (daysFrom(asOf, row.activity.date) ?? 0) <= -INACTIVE_DAYS;
  }
  return undefined;
}

/** The people whose groups and devices the Leavers list reads: every candidate the list alone can name. */
export function leaverCandidates(rows: readonly IUserRow[], leaving: readonly ILifecycleUser[] | undefined, today: string, asOf: string): string[] {
  const ids = new Set<string>((leaving ?? []).map(u => u.id));
  for (const r of rows) if (r.user.accountEnabled === false || inactiveLicensed(r, today, asOf)) ids.add(r.user.id);
  return [...ids];
}

/** What the leavers' reads brought besides the user list; an absent map is a part not known. */
export interface ILeaverEnrichment {
  products: (skuIds: readonly string[]) => string[];
  /** The leave-date read: leave dates in the window, and passed on enabled accounts; undefined when not read (or refused). */
  leaving?: readonly ILifecycleUser[];
  groups?: ReadonlyMap<string, number>;
  devices?: ReadonlyMap<string, number>;
}

/** Whether a leave date has passed at `now` (both ISO); a date that is no date has not. */
export function leftBy(leaveDate: string, now: string): boolean {
  const at = Date.parse(leaveDate);
  return !Number.isNaN(at) && at <= Date.parse(now);
}

/** The reasons a person is listed, in the order the list says them. */
export function leaverReasons(row: IUserRow, leaveDate: string | null | undefined, groups: number | undefined, bounds: IWindowBounds, asOf: string): LeaverReason[] {
  const u = row.user;
  const reasons: LeaverReason[] = [];
  if (leaveDate && leftBy(leaveDate, bounds.now) && u.accountEnabled === true) reasons.push('leftStillEnabled');
  if (leaveDate && inWindow(leaveDate, bounds)) reasons.push('leaveDate');
  if (u.accountEnabled === false && u.skuIds.length > 0) reasons.push('disabledLicensed');
  if (u.accountEnabled === false && groups !== undefined && groups > 0) reasons.push('disabledInGroups');
  if (inactiveLicensed(row, bounds.today, asOf)) reasons.push('inactiveLicensed');
  return reasons;
}

/** A list row for a person the list has not (yet) read: the leave-date read's own fields. */
function bareRow(u: ILifecycleUser, products: string[]): IUserRow {
  return { user: u, products, inM365: u.skuIds.length > 0, mfa: undefined, activity: undefined, lastSignIn: undefined, simulation: undefined, repeatOffences: undefined, training: undefined, mfaEnforcement: undefined, search: '' };
}

/**
 * The leavers: leave dates in the window, leave dates passed on accounts still enabled (any time ago), and accounts that look left behind, each with its reasons and what it
 * still holds. `rows` is the user list (its sign-in, activity and MFA joins as far as read); `asOf` is the day
 * activity ages count to (the usage report's date).
 */
export function leaverRows(rows: readonly IUserRow[], bounds: IWindowBounds, asOf: string, e: ILeaverEnrichment): ILeaverRow[] {
  const leaving = new Map((e.leaving ?? []).map(u => [u.id, u] as const));
  const byId = new Map(rows.map(r => [r.user.id, r] as const));
  for (const [id, u] of leaving) if (!byId.has(id)) byId.set(id, bareRow(u, e.products(u.skuIds)));
  const out: ILeaverRow[] = [];
  for (const row of byId.values()) {
    const left = leaving.get(row.user.id);
    // Without the leave-date read, no one's leave date is known (undefined); with it, those it did not list have none in the window.
    const leaveDate = left ? left.employeeLeaveDateTime ?? null : e.leaving ? null : undefined;
    const groups = e.groups?.get(row.user.id);
    const reasons = leaverReasons(row, leaveDate, groups, bounds, asOf);
    if (!reasons.length) continue;
    const user: ILifecycleUser = left ?? { ...row.user, employeeHireDate: null };
    const remains: IRemains = { licenses: user.skuIds.length, groups, devices: e.devices?.get(user.id), mfaMethods: row.mfa === undefined ? undefined : row.mfa?.methods.length ?? 0 };
    out.push({
      user, reasons, leaveDate, days: daysFrom(bounds.today, leaveDate), products: row.products.length || !user.skuIds.length ? row.products : e.products(user.skuIds),
      lastSignIn: row.lastSignIn, lastActivity: row.activity === undefined ? undefined : row.activity?.date ?? null,
      methods: row.mfa === undefined ? undefined : row.mfa?.methods ?? [], remains, search: searchText(user)
    });
  }
  // Gone but still enabled first (longest gone first), then dated leavers (earliest first), then the rest by name.
  const risk = (r: ILeaverRow): number => (r.reasons.includes('leftStillEnabled') ? 0 : 1);
  return out.sort((a, b) => risk(a) - risk(b) || (a.days ?? Infinity) - (b.days ?? Infinity) || a.user.displayName.localeCompare(b.user.displayName));
}
