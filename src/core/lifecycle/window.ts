/** The lifecycle window's arithmetic: UTC days around a `now` the caller passes (the clock is never read here). */
import type { IWindowBounds, LifecycleWindow } from './types';

const DAY_MS = 86_400_000;

/** The windows the view and the CLI offer. */
export const LIFECYCLE_WINDOWS: readonly LifecycleWindow[] = [7, 30, 90];

/** The default window: a month either side of today. */
export const DEFAULT_WINDOW: LifecycleWindow = 30;

/** YYYY-MM-DD of a UTC day `offset` days from `day`. */
export function addDays(day: string, offset: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + offset * DAY_MS).toISOString().slice(0, 10);
}

/**
 * The window `days` either side of today: UTC days, as Graph keeps hire and leave dates (and reports keep
 * theirs). Today is `now`'s UTC day; the window holds today - days through today + days, whole days.
 */
export function windowBounds(now: Date, days: LifecycleWindow): IWindowBounds {
  const today = now.toISOString().slice(0, 10);
  const fromDay = addDays(today, -days);
  const toDay = addDays(today, days);
  return { days, today, fromDay, toDay, from: `${fromDay}T00:00:00Z`, to: `${toDay}T23:59:59Z`, now: now.toISOString().replace(/\.\d{3}Z$/, 'Z') };
}

/** The UTC day of an ISO date or date-time; undefined when it is not one. */
export function dayOf(iso: string | null | undefined): string | undefined {
  const m = iso ? /^(\d{4}-\d{2}-\d{2})/.exec(iso) : null;
  return m?.[1] && !Number.isNaN(Date.parse(`${m[1]}T00:00:00Z`)) ? m[1] : undefined;
}

/** Whole days from `today` to the day of `iso` (negative: before today); undefined when `iso` is no date. */
export function daysFrom(today: string, iso: string | null | undefined): number | undefined {
  const day = dayOf(iso);
  return day === undefined ? undefined : Math.round((Date.parse(`${day}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY_MS);
}

/** Whether the day of `iso` falls in the window (its first and last days included). */
export function inWindow(iso: string | null | undefined, bounds: IWindowBounds): boolean {
  const day = dayOf(iso);
  return day !== undefined && day >= bounds.fromDay && day <= bounds.toDay;
}

/** Whether the day of `iso` is in the window's past half, today included (an account is never created ahead). */
export function inPastWindow(iso: string | null | undefined, bounds: IWindowBounds): boolean {
  const day = dayOf(iso);
  return day !== undefined && day >= bounds.fromDay && day <= bounds.today;
}

/** `7`, `30` or `90` from text (the CLI's `--days`); undefined for anything else. */
export function parseWindow(text: string | undefined): LifecycleWindow | undefined {
  const n = Number((text ?? '').trim());
  return (LIFECYCLE_WINDOWS as readonly number[]).includes(n) ? (n as LifecycleWindow) : undefined;
}
