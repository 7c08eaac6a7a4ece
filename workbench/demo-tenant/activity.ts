/**
 * Per-user daily activity: a pure function of (seed, user, workload, day). Detail reports sum it over a
 * window; trend reports sum it over users per day. Both come from the same function, so they agree.
 * Day offsets count back from the report refresh date (0 = refresh date).
 */
import { F } from './names';
import { hash4, unit } from './rng';

/** Local copy of rng.mix32: hot loops call it hundreds of millions of times, so no cross-module access. */
function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
import { Tenant, WL, Workload } from './tenant';

/** Days of daily history kept for trends (D180). */
export const HISTORY_DAYS = 180;

interface IMetricSpec {
  /** Mean per active day at intensity 1. */
  base: number;
  /** Probability the metric is zero on an active day. */
  zero: number;
}

interface IWorkloadSpec {
  /** Probability of activity on a weekday at propensity 1. */
  p: number;
  /** Share of licensed users who never use the workload. */
  never: number;
  metrics: IMetricSpec[];
  /** Number of static per-user set bits (apps, devices, platforms). */
  setBits: number;
}

const m = (base: number, zero = 0): IMetricSpec => ({ base, zero });

/** Metric order per workload; reports refer to these indexes through the constants below. */
export const EXO_M = { send: 0, receive: 1, read: 2, meetingCreated: 3, meetingInteracted: 4 } as const;
export const ODB_M = { viewedOrEdited: 0, synced: 1, sharedInternally: 2, sharedExternally: 3 } as const;
export const SPO_M = { viewedOrEdited: 0, synced: 1, sharedInternally: 2, sharedExternally: 3, visitedPage: 4 } as const;
export const TEAMS_M = {
  teamChat: 0,
  privateChat: 1,
  calls: 2,
  post: 3,
  reply: 4,
  urgent: 5,
  adHocOrg: 6,
  adHocAtt: 7,
  oneTimeOrg: 8,
  oneTimeAtt: 9,
  recurOrg: 10,
  recurAtt: 11,
  audioSec: 12,
  videoSec: 13,
  screenSec: 14,
  otherAction: 15,
  meetingsOrg: 16,
  meetingsAtt: 17
} as const;
export const YAM_M = { posted: 0, read: 1, liked: 2 } as const;

/** Static set bits per workload. */
export const EMAIL_APPS = ['Mail For Mac', 'Outlook For Mac', 'Outlook For Windows', 'Outlook For Mobile', 'Other For Mobile', 'Outlook For Web', 'POP3 App', 'IMAP4 App', 'SMTP App'] as const;
export const OUTLOOK_VERSIONS = ['Outlook M365', 'Outlook 2019', 'Outlook 2016', 'Outlook 2013', 'Outlook 2010', 'Outlook 2007', 'Undetermined'] as const;
export const TEAMS_DEVICES = ['Web', 'Windows Phone', 'Android Phone', 'iOS', 'Mac', 'Windows', 'Chrome OS', 'Linux'] as const;
export const YAMMER_DEVICES = ['Web', 'Windows Phone', 'Android Phone', 'iPhone', 'iPad', 'Other'] as const;
export const APP_PLATFORMS = ['Windows', 'Mac', 'Mobile', 'Web'] as const;
export const APP_NAMES = ['Outlook', 'Word', 'Excel', 'PowerPoint', 'OneNote', 'Teams'] as const;

const SPECS: Record<Workload, IWorkloadSpec> = {
  [WL.EXO]: { p: 0.8, never: 0.03, metrics: [m(8, 0.2), m(35), m(28, 0.05), m(0.8, 0.75), m(1.6, 0.5)], setBits: EMAIL_APPS.length + OUTLOOK_VERSIONS.length },
  [WL.SPO]: { p: 0.4, never: 0.2, metrics: [m(3, 0.1), m(2, 0.7), m(0.6, 0.8), m(0.3, 0.92), m(6, 0.05)], setBits: 0 },
  [WL.ODB]: { p: 0.45, never: 0.15, metrics: [m(4, 0.1), m(6, 0.5), m(0.7, 0.7), m(0.3, 0.88)], setBits: 0 },
  [WL.TEAMS]: {
    p: 0.7,
    never: 0.08,
    metrics: [m(5, 0.3), m(12, 0.1), m(1.2, 0.5), m(1.5, 0.6), m(2.5, 0.5), m(0.2, 0.95), m(0.3, 0.85), m(0.5, 0.7), m(0.3, 0.85), m(0.7, 0.6), m(0.3, 0.85), m(0.9, 0.5), m(1500, 0.3), m(700, 0.5), m(350, 0.6), m(1, 0.8), m(0), m(0)],
    setBits: TEAMS_DEVICES.length
  },
  [WL.YAMMER]: { p: 0.15, never: 0.8, metrics: [m(1, 0.6), m(6, 0.1), m(1.5, 0.5)], setBits: YAMMER_DEVICES.length },
  // Skype for Business Online was retired in 2021: licensed, never active.
  [WL.SKYPE]: { p: 0, never: 1, metrics: [], setBits: 0 },
  [WL.APPS]: { p: 0.75, never: 0.1, metrics: [], setBits: APP_PLATFORMS.length + APP_NAMES.length }
};

export function metricCount(w: Workload): number {
  return SPECS[w].metrics.length;
}

/** Per-day aggregates of one workload over all its users. */
export interface IDaily {
  /** sums[metric * HISTORY_DAYS + d] */
  sums: Float64Array;
  /** Days computed (newest first); arrays are sized for HISTORY_DAYS. */
  days: number;
  /** users with the metric > 0: users[metric * HISTORY_DAYS + d] */
  users: Int32Array;
  /** users active at all on day d */
  active: Int32Array;
  /** licensed users existing on day d */
  total: Int32Array;
  /** setUsers[bit * HISTORY_DAYS + d]: active users having static set bit */
  setUsers: Int32Array;
}

/** Per-workload, per-user constants, computed once per workload. */
interface IUserTable {
  /** Daily probability scale (0 = never uses the workload). */
  p: Float32Array;
  /** Intensity multiplier. */
  k: Float32Array;
  /** Per-user hash base for daily draws. */
  base: Uint32Array;
}

export class Activity {
  private readonly subjectsCache = new Map<Workload, Int32Array>();
  private readonly dailyCache = new Map<Workload, IDaily>();
  private readonly tables = new Map<Workload, IUserTable>();
  private readonly weekend: Uint8Array;
  /** Probability multiplier per day offset (weekends are quiet). */
  private readonly dayFactor: Float64Array;
  private readonly metricBase = new Map<Workload, Float64Array>();
  private readonly metricZero = new Map<Workload, Float64Array>();

  public constructor(private readonly t: Tenant) {
    this.weekend = new Uint8Array(HISTORY_DAYS + 600);
    for (let d = 0; d < this.weekend.length; d++) {
      const dow = (((t.refreshDay - d + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4)
      this.weekend[d] = dow === 0 || dow === 6 ? 1 : 0;
    }
    this.dayFactor = Float64Array.from(this.weekend, (we) => (we ? 0.15 : 1));
    for (const w of Object.values(WL)) {
      this.metricBase.set(w, Float64Array.from(SPECS[w].metrics, (m) => m.base));
      this.metricZero.set(w, Float64Array.from(SPECS[w].metrics, (m) => m.zero));
    }
  }

  private table(w: Workload): IUserTable {
    let tb = this.tables.get(w);
    if (!tb) {
      const n = this.t.total;
      const spec = SPECS[w];
      tb = { p: new Float32Array(n), k: new Float32Array(n), base: new Uint32Array(n) };
      for (let u = 0; u < n; u++) {
        const h = hash4(this.t.seed, 300 + w, u);
        tb.p[u] = unit(h) < spec.never ? 0 : spec.p * (0.35 + 0.65 * unit(mix32(h ^ 0x5bd1e995)));
        tb.k[u] = 0.3 + 2.2 * unit(hash4(this.t.seed, 400 + w, u)) ** 2;
        tb.base[u] = hash4(this.t.seed ^ 0x1234, w, u);
      }
      this.tables.set(w, tb);
    }
    return tb;
  }

  /** Whether the user had the workload's licence at the refresh date (deleted users: before deletion). */
  public licensed(u: number, w: Workload): boolean {
    return (this.t.capsOf(this.t.lic0[u] ?? 0) & (1 << w)) !== 0;
  }

  /** Report subjects of a workload: licensed users that existed at the refresh date, deleted ones included. */
  public subjects(w: Workload): Int32Array {
    let s = this.subjectsCache.get(w);
    if (!s) {
      const list: number[] = [];
      const capsBySkuMask = new Map<number, number>();
      for (let u = 0; u < this.t.total; u++) {
        if ((this.t.createdOff[u] ?? -1) < 0) continue;
        const mask = this.t.lic0[u] ?? 0;
        let caps = capsBySkuMask.get(mask);
        if (caps === undefined) capsBySkuMask.set(mask, (caps = this.t.capsOf(mask)));
        if (caps & (1 << w)) list.push(u);
      }
      s = Int32Array.from(list);
      this.subjectsCache.set(w, s);
    }
    return s;
  }

  /** Users with any licence at the refresh date (the Microsoft 365 active-user population). */
  public licensedSubjects(): Int32Array {
    let s = this.subjectsCache.get(-1 as Workload);
    if (!s) {
      const list: number[] = [];
      for (let u = 0; u < this.t.total; u++) if ((this.t.createdOff[u] ?? -1) >= 0 && (this.t.lic0[u] ?? 0) !== 0) list.push(u);
      s = Int32Array.from(list);
      this.subjectsCache.set(-1 as Workload, s);
    }
    return s;
  }

  /** 0 when the user never uses the workload, else a daily probability scale. */
  public propensity(u: number, w: Workload): number {
    return this.table(w).p[u] ?? 0;
  }

  /** Activity intensity multiplier 0.3..2.5. */
  public intensity(u: number, w: Workload): number {
    return this.table(w).k[u] ?? 1;
  }

  /** First and last (exclusive) day offsets at which the user can be active. */
  public span(u: number): [number, number] {
    return [this.t.quietOff[u] ?? 0, Math.max(0, this.t.licOff[u] ?? 0)];
  }

  /** The day draw, without span checks (callers bound d by span()). */
  private drawActive(base: number, p: number, d: number): boolean {
    return mix32((base ^ Math.imul(d + 1, 0x9e3779b1)) >>> 0) / 4294967296 < p * (this.dayFactor[d] ?? 1);
  }

  public isActive(u: number, w: Workload, d: number, p = this.propensity(u, w)): boolean {
    if (p === 0) return false;
    if (d < (this.t.quietOff[u] ?? 0) || d >= (this.t.licOff[u] ?? 0)) return false;
    return this.drawActive(this.table(w).base[u] ?? 0, p, d);
  }

  /** Fill `out` with the day's metrics for an active day. */
  public metrics(u: number, w: Workload, d: number, out: Float64Array, k = this.intensity(u, w)): void {
    const bases = this.metricBase.get(w) ?? new Float64Array(0);
    const zeros = this.metricZero.get(w) ?? new Float64Array(0);
    const h = mix32(((this.table(w).base[u] ?? 0) ^ Math.imul(d + 1, 0x85ebca6b) ^ 0x4321) >>> 0);
    const n = bases.length;
    for (let i = 0; i < n; i++) {
      const r = mix32((h + Math.imul(i + 1, 0x9e3779b9)) >>> 0);
      out[i] = (r >>> 16) / 65536 < (zeros[i] ?? 0) ? 0 : Math.floor((bases[i] ?? 0) * k * (0.2 + (1.6 * (r & 0xffff)) / 65536) + 0.5);
    }
    if (w === WL.TEAMS) {
      // Meeting totals are the sums of their kinds, so the report's columns agree with each other.
      out[16] = (out[6] ?? 0) + (out[8] ?? 0) + (out[10] ?? 0);
      out[17] = (out[7] ?? 0) + (out[9] ?? 0) + (out[11] ?? 0);
    }
  }

  /** Users active in any of the workloads (where licensed), per day: the "Office 365" active count. */
  public activeAnyDaily(ws: readonly Workload[], days: number): Int32Array {
    const out = new Int32Array(days);
    const tables = ws.map((w) => this.table(w));
    const seen = new Uint8Array(days);
    for (const u of this.licensedSubjects()) {
      seen.fill(0);
      const caps = this.t.capsOf(this.t.lic0[u] ?? 0);
      const a = this.t.quietOff[u] ?? 0;
      const b = Math.min(days, this.t.licOff[u] ?? 0);
      for (let j = 0; j < ws.length; j++) {
        const w = ws[j] ?? 0;
        const tb = tables[j];
        if (!tb || !(caps & (1 << w))) continue;
        const p = tb.p[u] ?? 0;
        if (p === 0) continue;
        const base = tb.base[u] ?? 0;
        for (let d = a; d < b; d++) if (!seen[d] && this.drawActive(base, p, d)) seen[d] = 1;
      }
      for (let d = a; d < b; d++) if (seen[d]) out[d] = (out[d] ?? 0) + 1;
    }
    return out;
  }

  /** Sum metrics over day offsets [from, to); returns the number of active days. */
  public sumWindow(u: number, w: Workload, from: number, to: number, out: Float64Array): number {
    out.fill(0);
    const p = this.propensity(u, w);
    if (p === 0) return 0;
    const k = this.intensity(u, w);
    const base = this.table(w).base[u] ?? 0;
    const n = SPECS[w].metrics.length;
    const day = new Float64Array(Math.max(1, n));
    let active = 0;
    const a = this.t.quietOff[u] ?? 0;
    const b = this.t.licOff[u] ?? 0;
    for (let d = Math.max(from, a); d < Math.min(to, b); d++) {
      if (!this.drawActive(base, p, d)) continue;
      active++;
      if (n) {
        this.metrics(u, w, d, day, k);
        for (let i = 0; i < n; i++) out[i] = (out[i] ?? 0) + (day[i] ?? 0);
      }
    }
    return active;
  }

  /** Whether the user was active at all in [from, to). */
  public anyActive(u: number, w: Workload, from: number, to: number): boolean {
    const p = this.propensity(u, w);
    if (p === 0) return false;
    const base = this.table(w).base[u] ?? 0;
    const b = Math.min(to, this.t.licOff[u] ?? 0);
    for (let d = Math.max(from, this.t.quietOff[u] ?? 0); d < b; d++) if (this.drawActive(base, p, d)) return true;
    return false;
  }

  /** Most recent active day offset, or -1 if none within a year and a half. */
  public lastActive(u: number, w: Workload): number {
    const p = this.propensity(u, w);
    if (p === 0) return -1;
    const base = this.table(w).base[u] ?? 0;
    const b = Math.min(this.t.licOff[u] ?? 0, 540);
    for (let d = this.t.quietOff[u] ?? 0; d < b; d++) if (this.drawActive(base, p, d)) return d;
    return -1;
  }

  /** Static per-user set bits (apps, devices, platforms) for the workload. */
  public setMask(u: number, w: Workload): number {
    const h = hash4(this.t.seed, 500 + w, u);
    const pick = (bit: number, prob: number): number => (unit(mix32((h + Math.imul(bit + 1, 0x85ebca6b)) >>> 0)) < prob ? 1 << bit : 0);
    let mask = 0;
    if (w === WL.EXO) {
      const probs = [0.03, 0.08, 0.72, 0.6, 0.05, 0.55, 0.01, 0.015, 0.02];
      probs.forEach((pr, b) => (mask |= pick(b, pr)));
      if (!mask) mask = 1 << 5; // everyone with a mailbox reads it somewhere: Outlook on the web
      if (mask & (1 << 2)) {
        const v = unit(mix32(h ^ 0xabcdef));
        const version = v < 0.8 ? 0 : v < 0.88 ? 1 : v < 0.95 ? 2 : v < 0.98 ? 3 : v < 0.99 ? 4 : v < 0.993 ? 5 : 6;
        mask |= 1 << (EMAIL_APPS.length + version);
      }
    } else if (w === WL.TEAMS) {
      [0.35, 0.005, 0.3, 0.35, 0.1, 0.8, 0.02, 0.02].forEach((pr, b) => (mask |= pick(b, pr)));
      if (!mask) mask = 1 << 0;
    } else if (w === WL.YAMMER) {
      [0.8, 0.005, 0.15, 0.2, 0.05, 0.03].forEach((pr, b) => (mask |= pick(b, pr)));
      if (!mask) mask = 1;
    } else if (w === WL.APPS) {
      [0.85, 0.12, 0.5, 0.6].forEach((pr, b) => (mask |= pick(b, pr)));
      if (!(mask & 15)) mask |= 1;
      [0.9, 0.8, 0.75, 0.5, 0.3, 0.7].forEach((pr, b) => (mask |= pick(APP_PLATFORMS.length + b, pr)));
      if (!(mask >> APP_PLATFORMS.length)) mask |= 1 << APP_PLATFORMS.length;
    }
    return mask;
  }

  /** Whether a user used an app on a platform (both in their set, and a per-pair draw). */
  public usedAppOnPlatform(u: number, platform: number, app: number, mask: number): boolean {
    if (!(mask & (1 << platform)) || !(mask & (1 << (APP_PLATFORMS.length + app)))) return false;
    return unit(hash4(this.t.seed, 600 + platform, u, app)) < 0.75 || platform === 0;
  }

  /** Whether the user exists in the workload's population on day d (created, not yet deleted). */
  public exists(u: number, d: number): boolean {
    const created = this.t.createdOff[u] ?? -1;
    if (d > created) return false;
    if ((this.t.flags[u] ?? 0) & F.DELETED && d < (this.t.quietOff[u] ?? 0)) return false;
    return true;
  }

  /** Per-day aggregates over the workload's subjects for the newest `days` days; cached. */
  public daily(w: Workload, days: number = HISTORY_DAYS): IDaily {
    const cached = this.dailyCache.get(w);
    if (cached && cached.days >= days) return cached;
    const D = HISTORY_DAYS;
    const upTo = days <= 7 ? 7 : days <= 30 ? 30 : D;
    const n = SPECS[w].metrics.length;
    const bits = SPECS[w].setBits;
    const agg: IDaily = {
      days: upTo,
      sums: new Float64Array(n * D),
      users: new Int32Array(n * D),
      active: new Int32Array(D),
      total: new Int32Array(D),
      setUsers: new Int32Array(Math.max(1, bits) * D)
    };
    const day = new Float64Array(Math.max(1, n));
    const tb = this.table(w);
    for (const u of this.subjects(w)) {
      const created = this.t.createdOff[u] ?? -1;
      const gone = (this.t.flags[u] ?? 0) & F.DELETED ? (this.t.quietOff[u] ?? 0) : 0;
      for (let d = gone; d <= Math.min(created, upTo - 1); d++) agg.total[d] = (agg.total[d] ?? 0) + 1;
      const p = tb.p[u] ?? 0;
      if (p === 0) continue;
      const k = tb.k[u] ?? 1;
      const base = tb.base[u] ?? 0;
      const mask = bits ? this.setMask(u, w) : 0;
      const a = this.t.quietOff[u] ?? 0;
      const b = this.t.licOff[u] ?? 0;
      for (let d = a; d < Math.min(b, upTo); d++) {
        if (!this.drawActive(base, p, d)) continue;
        agg.active[d] = (agg.active[d] ?? 0) + 1;
        if (n) {
          this.metrics(u, w, d, day, k);
          for (let i = 0; i < n; i++) {
            const v = day[i] ?? 0;
            if (v > 0) {
              agg.sums[i * D + d] = (agg.sums[i * D + d] ?? 0) + v;
              agg.users[i * D + d] = (agg.users[i * D + d] ?? 0) + 1;
            }
          }
        }
        for (let bit = 0; bit < bits; bit++) if (mask & (1 << bit)) agg.setUsers[bit * D + d] = (agg.setUsers[bit * D + d] ?? 0) + 1;
      }
    }
    this.dailyCache.set(w, agg);
    return agg;
  }
}
