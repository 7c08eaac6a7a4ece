/**
 * The personnel lifecycle of the demo tenant: hire and leave dates, worker types (pure functions of seed, user
 * and today, like everything else here), and the record of the offboarding writes (sessions revoked,
 * authentication methods deleted, managers changed) with the test seams that set dates or refuse one user's
 * writes. Devices and their retire/wipe live in devices.ts.
 */
import { BREAK_GLASS, F, PERSONAS } from './names';
import { hash4, unit } from './rng';
import { securityOf } from './security';
import { Tenant, ymdOf } from './tenant';

/** The people every tenant has for a Joiners & leavers view (found once; absent when the tenant is too small). */
export interface ILifecyclePeople {
  /** Account made, hire date 4 days from today. */
  futureHire7?: number;
  /** Hire date 18 days from today. */
  futureHire30?: number;
  /** Hire date 60 days from today. */
  futureHire90?: number;
  /** Hired 3 days ago. */
  joined7?: number;
  /** Hired 16 days ago. */
  joined30?: number;
  /** Hired 55 days ago. */
  joined90?: number;
  /** One of the newest accounts, without a hire date (a view falls back to createdDateTime). */
  recentNoHireDate?: number;
  /** Enabled and licensed, leaving 5 days from today. */
  leaverUpcoming7?: number;
  /** Enabled and licensed, leaving 21 days from today. */
  leaverUpcoming30?: number;
  /** Left 4 days ago and still enabled and licensed: left behind. */
  leftStillEnabled?: number;
}

/** Day offsets from today (positive: ahead) set by the crafted people; null: no such date. */
interface IDates {
  hire?: number | null;
  leave?: number | null;
}

/** A session revocation, as tests read it. */
export interface IRevocation {
  userId: string;
  userPrincipalName: string;
  /** ISO date-time of the revocation (the tenant's clock). */
  at: string;
}

/** An authentication method deleted through DELETE /users/{id}/authentication/{type}/{id}. */
export interface IDeletedMethod {
  userId: string;
  /** The collection it was deleted from, e.g. `phoneMethods`. */
  methodType: string;
  methodId: string;
  at: string;
}

/** A manager set (PUT manager/$ref) or removed (DELETE manager/$ref, managerId null). */
export interface IManagerChange {
  userId: string;
  managerId: string | null;
  at: string;
}

/** The lifecycle state of one tenant: its crafted people, date overrides and the writes made. */
export class Lifecycle {
  private peopleCache: ILifecyclePeople | undefined;
  private readonly crafted = new Map<number, IDates>();
  /** Test seams: dates set by hand (ISO, or null for none), by user index. */
  private readonly hireSet = new Map<number, string | null>();
  private readonly leaveSet = new Map<number, string | null>();
  /** Test seam: user index -> the HTTP status every write about them answers. */
  public readonly refusals = new Map<number, number>();
  public readonly revocations: IRevocation[] = [];
  /** Latest revocation per user (signInSessionsValidFromDateTime). */
  public readonly revokedAt = new Map<number, string>();
  public readonly deletedMethods: IDeletedMethod[] = [];
  /** Deleted method ids per user. */
  public readonly deletedMethodIds = new Map<number, Set<string>>();
  public readonly managerChanges: IManagerChange[] = [];

  public constructor(private readonly t: Tenant) {}

  /** The crafted people, picked once: the newest accounts are the joiners, long-tenured ones the leavers. */
  public people(): ILifecyclePeople {
    if (this.peopleCache) return this.peopleCache;
    const t = this.t;
    const sec = securityOf(t);
    const ok = (i: number): boolean => {
      const flags = t.flags[i] ?? 0;
      return !(flags & (F.GUEST | F.DISABLED | F.INACTIVE | F.ADMIN)) && (t.lic[i] ?? 0) !== 0 && sec.rolesOf(i).length === 0 && i !== BREAK_GLASS;
    };
    const generated: number[] = [];
    for (let i = PERSONAS.length; i < t.nUsers; i++) if (ok(i)) generated.push(i);
    // A tenant smaller than the personas has only them: plain licensed personas stand in.
    const personas = [4, 6, 7, 13, 15, 19, 5, 8, 12].filter((i) => i < t.nUsers && ok(i));
    const newest = [...generated].sort((a, b) => (t.createdOff[a] ?? 0) - (t.createdOff[b] ?? 0) || a - b).concat(personas);
    const joiners: Array<[keyof ILifecyclePeople, IDates]> = [
      ['futureHire7', { hire: 4, leave: null }],
      ['recentNoHireDate', { hire: null, leave: null }],
      ['joined7', { hire: -3, leave: null }],
      ['futureHire30', { hire: 18, leave: null }],
      ['joined30', { hire: -16, leave: null }],
      ['futureHire90', { hire: 60, leave: null }],
      ['joined90', { hire: -55, leave: null }]
    ];
    const out: ILifecyclePeople = {};
    const used = new Set<number>();
    const take = (pool: number[], slots: Array<[keyof ILifecyclePeople, IDates]>): void => {
      for (const [name, dates] of slots) {
        const i = pool.find((x) => !used.has(x));
        if (i === undefined) return;
        used.add(i);
        out[name] = i;
        this.crafted.set(i, dates);
      }
    };
    take(newest, joiners);
    const tenured = [...generated].sort((a, b) => (t.createdOff[b] ?? 0) - (t.createdOff[a] ?? 0) || a - b).concat(personas);
    take(tenured, [
      ['leaverUpcoming7', { leave: 5 }],
      ['leaverUpcoming30', { leave: 21 }],
      ['leftStillEnabled', { leave: -4 }]
    ]);
    this.peopleCache = out;
    return out;
  }

  private craftedOf(i: number): IDates | undefined {
    this.people();
    return this.crafted.get(i);
  }

  /** The day (epoch day number) of the account's creation. */
  private createdDay(i: number): number {
    return this.t.refreshDay - (this.t.createdOff[i] ?? 0);
  }

  /** employeeHireDate (ISO, midnight UTC), or null. */
  public hireDate(i: number): string | null {
    if (this.hireSet.has(i)) return this.hireSet.get(i) ?? null;
    const t = this.t;
    const c = this.craftedOf(i);
    if (c && c.hire !== undefined) return c.hire === null ? null : hireIso(t.todayDay + c.hire);
    if (t.isGuest(i) || i === BREAK_GLASS || i >= t.total) return null;
    // Lena Newcomer: an account made ahead of her first day.
    if (i === 17 && i < t.nUsers) return hireIso(t.todayDay + 6);
    const h = hash4(t.seed, 0x41e, i);
    if (i >= PERSONAS.length && unit(h) < 0.2) return null;
    // HR creates accounts a few days before people start.
    return hireIso(this.createdDay(i) + ((h >>> 8) % 15));
  }

  /** employeeLeaveDateTime (ISO, the last second of the day, UTC), or null. */
  public leaveDate(i: number): string | null {
    if (this.leaveSet.has(i)) return this.leaveSet.get(i) ?? null;
    const t = this.t;
    const c = this.craftedOf(i);
    if (c && c.leave !== undefined) return c.leave === null ? null : leaveIso(t.todayDay + c.leave);
    if (t.isGuest(i) || i >= t.total) return null;
    const flags = t.flags[i] ?? 0;
    // Sam Whitaker left a month ago: disabled, still licensed, still in his groups.
    if (i === 2 && i < t.nUsers) return leaveIso(t.todayDay - 30);
    if (i < PERSONAS.length) return null;
    const h = hash4(t.seed, 0x1eae, i);
    const u = unit(h);
    // Most disabled accounts are leavers: their last day is their last activity.
    if (flags & F.DISABLED) return u < 0.85 ? leaveIso(t.refreshDay - (t.quietOff[i] ?? 0)) : null;
    if (u < 0.012) return leaveIso(t.todayDay + 1 + ((h >>> 8) % 75));
    if (u < 0.018) return leaveIso(t.todayDay - 1 - ((h >>> 8) % 20));
    return null;
  }

  /** employeeType: Employee, Contractor, Consultant, Intern, or null. */
  public employeeType(i: number): string | null {
    const t = this.t;
    if (t.isGuest(i) || i === BREAK_GLASS) return null;
    if (i === 3) return 'Intern';
    if (i === 10) return 'Contractor';
    if (i < PERSONAS.length) return 'Employee';
    const u = unit(hash4(t.seed, 0x7e9e, i));
    return u < 0.07 ? 'Contractor' : u < 0.1 ? 'Consultant' : u < 0.2 ? null : 'Employee';
  }

  /** signInSessionsValidFromDateTime: the last revocation, else the account's creation. */
  public sessionsValidFrom(i: number, created: string): string {
    return this.revokedAt.get(i) ?? created;
  }

  /** Test seam: set (ISO date or date-time) or clear (null) a user's hire date. */
  public setHireDate(i: number, value: string | null): void {
    this.hireSet.set(i, value === null ? null : normaliseIso(value, false));
    this.t.recordChange(i, ['employeeHireDate']);
  }

  /** Test seam: set or clear a user's leave date. */
  public setLeaveDate(i: number, value: string | null): void {
    this.leaveSet.set(i, value === null ? null : normaliseIso(value, true));
    this.t.recordChange(i, ['employeeLeaveDateTime']);
  }

  /** Record a revocation at `nowMs` and move the user's signInSessionsValidFromDateTime. */
  public revoke(i: number, nowMs: number): string {
    const at = isoNow(nowMs);
    this.revocations.push({ userId: this.t.userId(i), userPrincipalName: this.t.user(i).userPrincipalName, at });
    this.revokedAt.set(i, at);
    this.t.recordChange(i, ['signInSessionsValidFromDateTime']);
    return at;
  }

  /** Record a deleted authentication method. */
  public deleteMethod(i: number, methodType: string, methodId: string, nowMs: number): void {
    let set = this.deletedMethodIds.get(i);
    if (!set) this.deletedMethodIds.set(i, (set = new Set()));
    set.add(methodId.toLowerCase());
    this.deletedMethods.push({ userId: this.t.userId(i), methodType, methodId, at: isoNow(nowMs) });
  }

  /** Whether a method of the user was deleted. */
  public isDeleted(i: number, methodId: string): boolean {
    return this.deletedMethodIds.get(i)?.has(methodId.toLowerCase()) ?? false;
  }

  /** Record a manager change (the tenant's managerOf follows it). */
  public setManager(i: number, manager: number, nowMs: number): void {
    this.t.setManager(i, manager);
    this.managerChanges.push({ userId: this.t.userId(i), managerId: manager < 0 ? null : this.t.userId(manager), at: isoNow(nowMs) });
  }
}

function hireIso(day: number): string {
  return `${ymdOf(day)}T00:00:00Z`;
}

function leaveIso(day: number): string {
  return `${ymdOf(day)}T23:59:59Z`;
}

/** ISO date-time of a clock reading, without milliseconds (as Graph writes dates). */
export function isoNow(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `2026-03-10` or any date-time -> `2026-03-10T00:00:00Z` (a leave date: the day's last second). */
function normaliseIso(v: string, endOfDay: boolean): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return endOfDay ? `${v}T23:59:59Z` : `${v}T00:00:00Z`;
  const ms = Date.parse(v);
  if (!Number.isFinite(ms)) throw new Error(`not a date: '${v}'`);
  return isoNow(ms);
}

const cache = new WeakMap<Tenant, Lifecycle>();
/** The tenant's lifecycle model (built on first use). */
export function lifecycleOf(t: Tenant): Lifecycle {
  let l = cache.get(t);
  if (!l) cache.set(t, (l = new Lifecycle(t)));
  return l;
}
