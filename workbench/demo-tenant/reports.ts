/**
 * Report rows for every function in reports.json, keyed by CSV header and generated from the one tenant
 * model: detail rows sum a user's daily activity over the window, trend rows sum the same daily activity
 * over users, distributions count detail rows. CSV and JSON are both rendered from these rows.
 */
import { createHash } from 'crypto';
import {
  Activity,
  APP_NAMES,
  APP_PLATFORMS,
  EMAIL_APPS,
  EXO_M,
  HISTORY_DAYS,
  metricCount,
  ODB_M,
  OUTLOOK_VERSIONS,
  SPO_M,
  TEAMS_DEVICES,
  TEAMS_M,
  YAM_M,
  YAMMER_DEVICES
} from './activity';
import { F } from './names';
import { hash4, mix32, unit } from './rng';
import { IGroup, Tenant, WL, Workload, ymdOf } from './tenant';

/** A cell as generated: lists (products, app versions) are arrays; CSV joins them with `+`. */
export type Cell = string | number | boolean | null | string[];
/** A row keyed by CSV header; keys starting with `$` are JSON-only fields (e.g. `$networkDisplayName`). */
export type Row = Record<string, Cell>;

/** The rows of one report request, grouped by subject (a user with two products has two rows). */
export interface IRowSource {
  count: number;
  item(k: number): Row[];
}

/** One request's window: day offsets [from, to) back from the refresh date. */
export interface IReportCtx {
  t: Tenant;
  a: Activity;
  refresh: string;
  /** Report Period value: the period's days, or 1 for a date. */
  period: number;
  from: number;
  to: number;
  concealed: boolean;
}

const ZERO_GUID = '00000000-0000-0000-0000-000000000000';
const TB = 1099511627776;
const GB = 1073741824;

// ---------------------------------------------------------------- names (concealment)

function token(c: IReportCtx, kind: string, value: string): string {
  return createHash('md5').update(`${c.t.seed}|${kind}|${value}`).digest('hex').toUpperCase();
}
function upn(c: IReportCtx, u: number): string {
  const v = c.t.upn(u);
  return c.concealed ? token(c, 'upn', v) : v;
}
function display(c: IReportCtx, u: number): string {
  const v = c.t.names(u)[2];
  return c.concealed ? token(c, 'name', `${u}|${v}`) : v;
}
function groupName(c: IReportCtx, g: IGroup | { displayName: string; index: number }): string {
  return c.concealed ? token(c, 'group', `${g.index}|${g.displayName}`) : g.displayName;
}
function siteUrl(c: IReportCtx, url: string): string {
  return c.concealed ? token(c, 'site', url) : url;
}
function userIdCell(c: IReportCtx, u: number): string {
  return c.concealed ? ZERO_GUID : c.t.userId(u);
}

// ---------------------------------------------------------------- helpers

function dateOf(c: IReportCtx, off: number): string {
  return off < 0 ? '' : ymdOf(c.t.refreshDay - off);
}
function isDeleted(c: IReportCtx, u: number): boolean {
  return ((c.t.flags[u] ?? 0) & F.DELETED) !== 0;
}
function deletedDate(c: IReportCtx, u: number): string {
  return isDeleted(c, u) ? dateOf(c, c.t.quietOff[u] ?? 0) : '';
}
function products(c: IReportCtx, u: number): string[] {
  return c.t.reportNamesOf(c.t.lic0[u] ?? 0);
}
function lastActivity(c: IReportCtx, u: number, w: Workload): string {
  return dateOf(c, c.a.lastActive(u, w));
}
function userHead(c: IReportCtx, u: number): Row {
  return {
    'Report Refresh Date': c.refresh,
    'User Principal Name': upn(c, u),
    'Display Name': display(c, u),
    'Is Deleted': isDeleted(c, u),
    'Deleted Date': deletedDate(c, u),
    'Assigned Products': products(c, u),
    'Report Period': c.period
  };
}
/** Days of history a trend request needs (7, 30 or all), so small periods stay cheap on big tenants. */
function days(c: IReportCtx): number {
  return c.to <= 7 ? 7 : c.to <= 30 ? 30 : HISTORY_DAYS;
}
function list(n: number, f: (k: number) => Row[]): IRowSource {
  return { count: n, item: f };
}
function perSubject(subjects: Int32Array, f: (u: number) => Row): IRowSource {
  return list(subjects.length, (k) => [f(subjects[k] ?? 0)]);
}
/** One row per day of the period, newest first. */
function perDay(c: IReportCtx, f: (d: number) => Row): IRowSource {
  return list(c.period, (k) => [{ 'Report Refresh Date': c.refresh, 'Report Date': dateOf(c, k), 'Report Period': c.period, ...f(k) }]);
}
function single(c: IReportCtx, row: Row): IRowSource {
  return list(1, () => [{ 'Report Refresh Date': c.refresh, 'Report Period': c.period, ...row }]);
}
function sums(c: IReportCtx, u: number, w: Workload): [Float64Array, number] {
  const out = new Float64Array(Math.max(1, metricCount(w)));
  const days = c.a.sumWindow(u, w, c.from, c.to, out);
  return [out, days];
}
function anyActive(c: IReportCtx, u: number, w: Workload): boolean {
  return c.a.anyActive(u, w, c.from, c.to);
}
function dailySum(c: IReportCtx, w: Workload, metric: number, d: number): number {
  return c.a.daily(w, c.to).sums[metric * HISTORY_DAYS + d] ?? 0;
}
function dailyUsers(c: IReportCtx, w: Workload, metric: number, d: number): number {
  return c.a.daily(w, c.to).users[metric * HISTORY_DAYS + d] ?? 0;
}
function dailySet(c: IReportCtx, w: Workload, bit: number, d: number): number {
  return c.a.daily(w, c.to).setUsers[bit * HISTORY_DAYS + d] ?? 0;
}
/** ISO 8601 duration as the Teams report prints it. */
export function isoDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s === 0) return 'PT0S';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const r = s % 60;
  return `PT${h ? `${h}H` : ''}${m ? `${m}M` : ''}${r ? `${r}S` : ''}`;
}
/** Count detail-like facts over the workload's subjects, cached per (key, window). */
const distCache = new WeakMap<Activity, Map<string, number[]>>();
function countOver(c: IReportCtx, key: string, subjects: Int32Array, n: number, f: (u: number, acc: number[]) => void): number[] {
  let m = distCache.get(c.a);
  if (!m) {
    m = new Map();
    distCache.set(c.a, m);
  }
  const k = `${key}|${c.from}|${c.to}|${c.concealed}`;
  const hit = m.get(k);
  if (hit) return hit;
  const acc = new Array<number>(n).fill(0);
  for (const u of subjects) f(u, acc);
  m.set(k, acc);
  return acc;
}
/**
 * A distribution over the named members of a workload's set mask (apps, devices, versions): how many
 * active subjects have each bit set, bits counted from `offset`. One row, as the *UserCounts reports send it.
 */
function setDistribution(c: IReportCtx, key: string, wl: Workload, names: readonly string[], offset = 0): IRowSource {
  const counts = countOver(c, key, c.a.subjects(wl), names.length, (u, acc) => {
    if (!anyActive(c, u, wl)) return;
    const mask = c.a.setMask(u, wl);
    names.forEach((_, i) => {
      if (mask & (1 << (offset + i))) acc[i] = (acc[i] ?? 0) + 1;
    });
  });
  return single(c, Object.fromEntries(names.map((name, i) => [name, counts[i] ?? 0])));
}
function memo(c: IReportCtx, key: string, n: number, f: (acc: number[]) => void): number[] {
  let m = distCache.get(c.a);
  if (!m) {
    m = new Map();
    distCache.set(c.a, m);
  }
  const hit = m.get(key);
  if (hit) return hit;
  const acc = new Array<number>(n).fill(0);
  f(acc);
  m.set(key, acc);
  return acc;
}

// ---------------------------------------------------------------- storage models

const EXO_QUOTA_100 = { warn: 105226698752, send: 106300440576, sendReceive: 107374182400 };
const EXO_QUOTA_50 = { warn: 52613349376, send: 53150220288, sendReceive: 53687091200 };
const DELETED_ITEM_QUOTA = 32212254720;

export function mailboxQuota(t: Tenant, u: number): { warn: number; send: number; sendReceive: number } {
  const big = t.skusOf(t.lic0[u] ?? 0).some((s) => ['SPE_E5', 'SPE_E3', 'ENTERPRISEPACK'].includes(s.skuPartNumber));
  return big ? EXO_QUOTA_100 : EXO_QUOTA_50;
}
/** Mailbox size on day offset d (0 when the mailbox did not exist). */
export function mailboxBytes(c: { t: Tenant; a: Activity }, u: number, d: number): number {
  if (!c.a.exists(u, d)) return 0;
  const h = hash4(c.t.seed, 700, u);
  const base = (c.t.flags[u] ?? 0) & F.HOARDER ? mailboxQuota(c.t, u).warn + 2 * GB : Math.floor(5e7 * 400 ** unit(h));
  const growth = 0.1 + 0.4 * unit(mix32(h));
  return Math.floor(base * (1 - (growth * Math.min(d, 400)) / 400));
}
export function quotaStatus(bytes: number, q: { warn: number; send: number; sendReceive: number }): number {
  return bytes >= q.sendReceive ? 3 : bytes >= q.send ? 2 : bytes >= q.warn ? 1 : 0;
}
/** Whether the user has a OneDrive (licensed at the refresh date and provisioned). */
export function hasOneDrive(t: Tenant, a: Activity, u: number): boolean {
  return a.licensed(u, WL.ODB) && ((t.flags[u] ?? 0) & F.NO_ONEDRIVE) === 0 && (t.createdOff[u] ?? -1) >= 0;
}
export function oneDriveBytes(c: { t: Tenant; a: Activity }, u: number, d: number): number {
  if (!c.a.exists(u, d)) return 0;
  const h = hash4(c.t.seed, 710, u);
  const base = (c.t.flags[u] ?? 0) & F.HOARDER ? Math.floor(TB * 0.95) : Math.floor(1e6 * 200000 ** unit(h));
  const growth = 0.05 + 0.5 * unit(mix32(h));
  return Math.floor(base * (1 - (growth * Math.min(d, 400)) / 400));
}
function oneDriveFiles(bytes: number): number {
  return bytes === 0 ? 0 : Math.floor(bytes / 2621440) + 1;
}
function siteBytes(t: Tenant, s: number, d: number): number {
  const site = t.sites[s];
  if (!site || d > site.createdOff) return 0;
  const h = hash4(t.seed, 720, s);
  const base = Math.floor(1e7 * 8000 ** unit(h));
  return Math.floor(base * (1 - ((0.05 + 0.3 * unit(mix32(h))) * Math.min(d, 400)) / 400));
}
function siteFiles(bytes: number): number {
  return bytes === 0 ? 0 : Math.floor(bytes / 1572864) + 1;
}
function groupMailboxBytes(t: Tenant, g: number, d: number): number {
  const group = t.groups[g];
  if (!group || d > group.createdOff) return 0;
  const h = hash4(t.seed, 730, g);
  return Math.floor(1e6 * 10000 ** unit(h) * (1 - (0.2 * Math.min(d, 400)) / 400));
}

// ---------------------------------------------------------------- group / team / site activity

function unifiedGroups(t: Tenant): IGroup[] {
  return t.groups.filter((g) => g.kind === 'unified');
}
function teams(t: Tenant): IGroup[] {
  return t.groups.filter((g) => g.isTeam);
}
/** Daily facts of an M365 group / team / site / Yammer group: [active, ...metrics]. */
function entityDay(t: Tenant, kind: number, e: number, d: number, createdOff: number, size: number, out: number[]): boolean {
  out.fill(0);
  if (d > createdOff) return false;
  const h = hash4(t.seed, 800 + kind, e, d);
  const dow = (((t.refreshDay - d + 4) % 7) + 7) % 7;
  const p = (dow === 0 || dow === 6 ? 0.15 : 0.75) * (0.4 + 0.6 * unit(hash4(t.seed, 810 + kind, e)));
  if (unit(h) >= p) return false;
  const scale = Math.max(1, Math.sqrt(size));
  for (let i = 0; i < out.length; i++) out[i] = Math.floor(scale * 3 * unit(mix32((h + Math.imul(i + 1, 0x9e3779b9)) >>> 0)));
  return true;
}
function entityWindow(t: Tenant, kind: number, e: number, from: number, to: number, createdOff: number, size: number, n: number): { sum: number[]; max: number[]; last: number } {
  const sum = new Array<number>(n).fill(0);
  const max = new Array<number>(n).fill(0);
  const day = new Array<number>(n).fill(0);
  for (let d = from; d < to; d++) {
    if (!entityDay(t, kind, e, d, createdOff, size, day)) continue;
    for (let i = 0; i < n; i++) {
      sum[i] = (sum[i] ?? 0) + (day[i] ?? 0);
      max[i] = Math.max(max[i] ?? 0, day[i] ?? 0);
    }
  }
  let last = -1;
  for (let d = 0; d < 400; d++) if (entityDay(t, kind, e, d, createdOff, size, day)) {
    last = d;
    break;
  }
  return { sum, max, last };
}
const ENT = { GROUP: 1, TEAM: 2, SITE: 3, YAMMER: 4 } as const;

// ---------------------------------------------------------------- builders

type Builder = (c: IReportCtx) => IRowSource;

const BUILDERS: Record<string, Builder> = {
  // ------------------------------------------------------------ Exchange
  getEmailActivityCounts: (c) =>
    perDay(c, (d) => ({
      Send: dailySum(c, WL.EXO, EXO_M.send, d),
      Receive: dailySum(c, WL.EXO, EXO_M.receive, d),
      Read: dailySum(c, WL.EXO, EXO_M.read, d),
      'Meeting Created': dailySum(c, WL.EXO, EXO_M.meetingCreated, d),
      'Meeting Interacted': dailySum(c, WL.EXO, EXO_M.meetingInteracted, d)
    })),
  getEmailActivityUserCounts: (c) =>
    perDay(c, (d) => ({ Send: dailyUsers(c, WL.EXO, EXO_M.send, d), Receive: dailyUsers(c, WL.EXO, EXO_M.receive, d), Read: dailyUsers(c, WL.EXO, EXO_M.read, d) })),
  getEmailActivityUserDetail: (c) =>
    perSubject(c.a.subjects(WL.EXO), (u) => {
      const [s] = sums(c, u, WL.EXO);
      return {
        ...userHead(c, u),
        'Last Activity Date': lastActivity(c, u, WL.EXO),
        'Send Count': s[EXO_M.send] ?? 0,
        'Receive Count': s[EXO_M.receive] ?? 0,
        'Read Count': s[EXO_M.read] ?? 0,
        'Meeting Created Count': s[EXO_M.meetingCreated] ?? 0,
        'Meeting Interacted Count': s[EXO_M.meetingInteracted] ?? 0
      };
    }),
  getEmailAppUsageAppsUserCounts: (c) => setDistribution(c, 'emailApps', WL.EXO, EMAIL_APPS),
  getEmailAppUsageUserCounts: (c) => perDay(c, (d) => Object.fromEntries(EMAIL_APPS.map((name, i) => [name, dailySet(c, WL.EXO, i, d)]))),
  getEmailAppUsageUserDetail: (c) =>
    perSubject(c.a.subjects(WL.EXO), (u) => {
      const active = anyActive(c, u, WL.EXO);
      const mask = c.a.setMask(u, WL.EXO);
      const version = OUTLOOK_VERSIONS.find((_, v) => mask & (1 << (EMAIL_APPS.length + v))) ?? 'Undetermined';
      const row: Row = { ...userHead(c, u), 'Last Activity Date': lastActivity(c, u, WL.EXO) };
      delete row['Assigned Products'];
      EMAIL_APPS.forEach((name, i) => {
        const used = active && (mask & (1 << i)) !== 0;
        row[name] = !used ? [] : name === 'Outlook For Windows' ? [version] : name === 'Outlook For Mac' ? ['Outlook 2019'] : ['Yes'];
      });
      return row;
    }),
  getEmailAppUsageVersionsUserCounts: (c) => setDistribution(c, 'outlookVersions', WL.EXO, OUTLOOK_VERSIONS, EMAIL_APPS.length),
  getMailboxUsageDetail: (c) =>
    perSubject(c.a.subjects(WL.EXO), (u) => {
      const at = isDeleted(c, u) ? (c.t.quietOff[u] ?? 0) : 0;
      const bytes = mailboxBytes(c, u, at);
      const q = mailboxQuota(c.t, u);
      const h = hash4(c.t.seed, 740, u);
      const head = userHead(c, u);
      delete head['Assigned Products'];
      return {
        ...head,
        'Created Date': dateOf(c, c.t.createdOff[u] ?? 0),
        'Last Activity Date': lastActivity(c, u, WL.EXO),
        'Item Count': Math.floor(bytes / 81920) + 12,
        'Storage Used (Byte)': bytes,
        'Issue Warning Quota (Byte)': q.warn,
        'Prohibit Send Quota (Byte)': q.send,
        'Prohibit Send/Receive Quota (Byte)': q.sendReceive,
        'Deleted Item Count': h % 400,
        'Deleted Item Size (Byte)': (h % 400) * 61440,
        'Deleted Item Quota (Byte)': DELETED_ITEM_QUOTA,
        'Has Archive': ((c.t.flags[u] ?? 0) & F.ARCHIVE) !== 0
      };
    }),
  getMailboxUsageMailboxCounts: (c) => perDay(c, (d) => ({ Total: c.a.daily(WL.EXO, c.to).total[d] ?? 0, Active: c.a.daily(WL.EXO, c.to).active[d] ?? 0 })),
  getMailboxUsageQuotaStatusMailboxCounts: (c) => {
    const status = memo(c, `quotaStatus|${days(c)}`, HISTORY_DAYS * 4, (acc) => {
      for (const u of c.a.subjects(WL.EXO)) {
        const q = mailboxQuota(c.t, u);
        for (let d = 0; d < days(c); d++) {
          const bytes = mailboxBytes(c, u, d);
          if (bytes === 0) continue;
          const s = quotaStatus(bytes, q);
          acc[s * HISTORY_DAYS + d] = (acc[s * HISTORY_DAYS + d] ?? 0) + 1;
        }
      }
    });
    return perDay(c, (d) => ({
      'Under Limit': status[d] ?? 0,
      'Warning Issued': status[HISTORY_DAYS + d] ?? 0,
      'Send Prohibited': status[2 * HISTORY_DAYS + d] ?? 0,
      'Send/Receive Prohibited': status[3 * HISTORY_DAYS + d] ?? 0,
      Indeterminate: 0
    }));
  },
  getMailboxUsageStorage: (c) => {
    const total = memo(c, `mailboxStorage|${days(c)}`, HISTORY_DAYS, (acc) => {
      for (const u of c.a.subjects(WL.EXO)) for (let d = 0; d < days(c); d++) acc[d] = (acc[d] ?? 0) + mailboxBytes(c, u, d);
    });
    return perDay(c, (d) => ({ 'Storage Used (Byte)': total[d] ?? 0 }));
  },

  // ------------------------------------------------------------ Microsoft 365 apps
  getM365AppPlatformUserCounts: (c) => perDay(c, (d) => Object.fromEntries(APP_PLATFORMS.map((p, i) => [p, dailySet(c, WL.APPS, i, d)]))),
  getM365AppUserCounts: (c) => perDay(c, (d) => Object.fromEntries(APP_NAMES.map((n, i) => [n, dailySet(c, WL.APPS, APP_PLATFORMS.length + i, d)]))),
  getM365AppUserDetail: (c) =>
    perSubject(c.a.subjects(WL.APPS), (u) => {
      const active = anyActive(c, u, WL.APPS);
      const mask = active ? c.a.setMask(u, WL.APPS) : 0;
      const row: Row = {
        'Report Refresh Date': c.refresh,
        'User Principal Name': upn(c, u),
        'Last Activation Date': lastActivation(c, u),
        'Last Activity Date': lastActivity(c, u, WL.APPS),
        'Report Period': c.period
      };
      const suffix = ['Windows', 'Mac', 'Mobile', 'Web'];
      APP_PLATFORMS.forEach((p, i) => (row[p] = (mask & (1 << i)) !== 0));
      APP_NAMES.forEach((n, j) => (row[n] = (mask & (1 << (APP_PLATFORMS.length + j))) !== 0));
      suffix.forEach((p, i) => APP_NAMES.forEach((n, j) => (row[`${n} (${p})`] = active && c.a.usedAppOnPlatform(u, i, j, mask))));
      return row;
    }),

  // ------------------------------------------------------------ activations
  getOffice365ActivationCounts: (c) => {
    const byProduct = activationTotals(c);
    return list(byProduct.length, (k) => {
      const p = byProduct[k];
      if (!p) return [];
      return [{ 'Report Refresh Date': c.refresh, 'Product Type': p.product, Windows: p.windows, Mac: p.mac, Android: p.android, iOS: p.ios, 'Windows 10 Mobile': p.w10m }];
    });
  },
  getOffice365ActivationsUserCounts: (c) => {
    const byProduct = activationTotals(c);
    return list(byProduct.length, (k) => {
      const p = byProduct[k];
      if (!p) return [];
      return [{ 'Report Refresh Date': c.refresh, 'Product Type': p.product, Assigned: p.assigned, Activated: p.activated, 'Shared Computer Activation': p.shared }];
    });
  },
  getOffice365ActivationsUserDetail: (c) => {
    const subjects = activationSubjects(c);
    return list(subjects.length, (k) => {
      const u = subjects[k] ?? 0;
      return activationsOf(c, u).map((x) => ({
        'Report Refresh Date': c.refresh,
        'User Principal Name': upn(c, u),
        'Display Name': display(c, u),
        'Product Type': x.product,
        'Last Activated Date': x.last,
        Windows: x.windows,
        Mac: x.mac,
        'Windows 10 Mobile': x.w10m,
        iOS: x.ios,
        Android: x.android,
        'Activated On Shared Computer': x.shared
      }));
    });
  },

  // ------------------------------------------------------------ Microsoft 365 active users
  getOffice365ActiveUserCounts: (c) => {
    const o365 = memo(c, `o365active|${days(c)}`, HISTORY_DAYS, (acc) => {
      const daily = c.a.activeAnyDaily([WL.EXO, WL.ODB, WL.SPO, WL.YAMMER, WL.TEAMS], days(c));
      daily.forEach((v, d) => (acc[d] = v));
    });
    return perDay(c, (d) => ({
      'Office 365': o365[d] ?? 0,
      Exchange: c.a.daily(WL.EXO, c.to).active[d] ?? 0,
      OneDrive: c.a.daily(WL.ODB, c.to).active[d] ?? 0,
      SharePoint: c.a.daily(WL.SPO, c.to).active[d] ?? 0,
      'Skype For Business': 0,
      Yammer: c.a.daily(WL.YAMMER, c.to).active[d] ?? 0,
      Teams: c.a.daily(WL.TEAMS, c.to).active[d] ?? 0
    }));
  },
  getOffice365ActiveUserDetail: (c) =>
    perSubject(c.a.licensedSubjects(), (u) => {
      const head = userHead(c, u);
      delete head['Report Period'];
      const row: Row = { ...head };
      const names: Array<[string, Workload]> = [
        ['Exchange', WL.EXO],
        ['OneDrive', WL.ODB],
        ['SharePoint', WL.SPO],
        ['Skype For Business', WL.SKYPE],
        ['Yammer', WL.YAMMER],
        ['Teams', WL.TEAMS]
      ];
      for (const [name, w] of names) {
        const has = c.a.licensed(u, w);
        row[`Has ${name} License`] = has;
        row[`${name} Last Activity Date`] = has ? lastActivity(c, u, w) : '';
        row[`${name} License Assign Date`] = has ? dateOf(c, c.t.licOff[u] ?? 0) : '';
      }
      return row;
    }),
  getOffice365ServicesUserCounts: (c) => {
    const wls: Array<[string, Workload]> = [
      ['Exchange', WL.EXO],
      ['OneDrive', WL.ODB],
      ['SharePoint', WL.SPO],
      ['Skype For Business', WL.SKYPE],
      ['Yammer', WL.YAMMER],
      ['Teams', WL.TEAMS]
    ];
    const counts = countOver(c, 'services', c.a.licensedSubjects(), wls.length * 2 + 2, (u, acc) => {
      let any = false;
      let licensedAny = false;
      wls.forEach(([, w], i) => {
        if (!c.a.licensed(u, w)) return;
        licensedAny = true;
        if (anyActive(c, u, w)) {
          acc[i * 2] = (acc[i * 2] ?? 0) + 1;
          any = true;
        } else acc[i * 2 + 1] = (acc[i * 2 + 1] ?? 0) + 1;
      });
      if (!licensedAny) return;
      const o = wls.length * 2 + (any ? 0 : 1);
      acc[o] = (acc[o] ?? 0) + 1;
    });
    const row: Row = {};
    wls.forEach(([name], i) => {
      row[`${name} Active`] = counts[i * 2] ?? 0;
      row[`${name} Inactive`] = counts[i * 2 + 1] ?? 0;
    });
    row['Office 365 Active'] = counts[wls.length * 2] ?? 0;
    row['Office 365 Inactive'] = counts[wls.length * 2 + 1] ?? 0;
    return single(c, row);
  },

  // ------------------------------------------------------------ Microsoft 365 groups
  getOffice365GroupsActivityCounts: (c) => {
    const days = groupDaily(c);
    return perDay(c, (d) => ({
      'Exchange Emails Received': days[d * 6] ?? 0,
      'Yammer Messages Posted': days[d * 6 + 2] ?? 0,
      'Yammer Messages Read': days[d * 6 + 3] ?? 0,
      'Yammer Messages Liked': days[d * 6 + 4] ?? 0
    }));
  },
  getOffice365GroupsActivityDetail: (c) => {
    const groups = unifiedGroups(c.t);
    return list(groups.length, (k) => {
      const g = groups[k];
      if (!g) return [];
      const size = c.t.groupMembers0[g.index] ?? 0;
      const win = entityWindow(c.t, ENT.GROUP, g.index, c.from, c.to, g.createdOff, size, 5);
      const site = c.t.sites.find((s) => s.groupIndex === g.index);
      const siteB = site ? siteBytes(c.t, site.index, 0) : 0;
      const mbx = groupMailboxBytes(c.t, g.index, 0);
      return [
        {
          'Report Refresh Date': c.refresh,
          'Group Display Name': groupName(c, g),
          'Is Deleted': false,
          'Owner Principal Name': upn(c, g.ownerIndex),
          'Last Activity Date': dateOf(c, win.last),
          'Group Type': g.visibility ?? 'Public',
          'Member Count': size,
          'Guest Count': c.t.groupGuests0[g.index] ?? 0,
          'Exchange Received Email Count': win.sum[0] ?? 0,
          'SharePoint Active File Count': Math.min(siteFiles(siteB), win.sum[1] ?? 0),
          'Yammer Posted Message Count': g.yammer ? (win.sum[2] ?? 0) : 0,
          'Yammer Read Message Count': g.yammer ? (win.sum[3] ?? 0) : 0,
          'Yammer Liked Message Count': g.yammer ? (win.sum[4] ?? 0) : 0,
          'Exchange Mailbox Total Item Count': Math.floor(mbx / 60000),
          'Exchange Mailbox Storage Used (Byte)': mbx,
          'SharePoint Total File Count': siteFiles(siteB),
          'SharePoint Site Storage Used (Byte)': siteB,
          'Group Id': g.id,
          'Report Period': c.period
        }
      ];
    });
  },
  getOffice365GroupsActivityFileCounts: (c) => {
    const days = groupDaily(c);
    return perDay(c, (d) => ({ Total: days[d * 6 + 5] ?? 0, Active: days[d * 6 + 1] ?? 0 }));
  },
  getOffice365GroupsActivityGroupCounts: (c) => {
    const totals = memo(c, `groupCounts|${days(c)}`, HISTORY_DAYS * 2, (acc) => {
      const day = [0, 0, 0, 0, 0];
      for (const g of unifiedGroups(c.t))
        for (let d = 0; d < days(c); d++) {
          if (d > g.createdOff) continue;
          acc[d * 2] = (acc[d * 2] ?? 0) + 1;
          if (entityDay(c.t, ENT.GROUP, g.index, d, g.createdOff, c.t.groupMembers0[g.index] ?? 0, day)) acc[d * 2 + 1] = (acc[d * 2 + 1] ?? 0) + 1;
        }
    });
    return perDay(c, (d) => ({ Total: totals[d * 2] ?? 0, Active: totals[d * 2 + 1] ?? 0 }));
  },
  getOffice365GroupsActivityStorage: (c) => {
    const totals = memo(c, `groupStorage|${days(c)}`, HISTORY_DAYS * 2, (acc) => {
      for (const g of unifiedGroups(c.t)) {
        const site = c.t.sites.find((s) => s.groupIndex === g.index);
        for (let d = 0; d < days(c); d++) {
          acc[d * 2] = (acc[d * 2] ?? 0) + groupMailboxBytes(c.t, g.index, d);
          acc[d * 2 + 1] = (acc[d * 2 + 1] ?? 0) + (site ? siteBytes(c.t, site.index, d) : 0);
        }
      }
    });
    return perDay(c, (d) => ({ 'Mailbox Storage Used (Byte)': totals[d * 2] ?? 0, 'Site Storage Used (Byte)': totals[d * 2 + 1] ?? 0 }));
  },

  // ------------------------------------------------------------ OneDrive
  getOneDriveActivityFileCounts: (c) =>
    perDay(c, (d) => ({
      'Viewed Or Edited': dailySum(c, WL.ODB, ODB_M.viewedOrEdited, d),
      Synced: dailySum(c, WL.ODB, ODB_M.synced, d),
      'Shared Internally': dailySum(c, WL.ODB, ODB_M.sharedInternally, d),
      'Shared Externally': dailySum(c, WL.ODB, ODB_M.sharedExternally, d)
    })),
  getOneDriveActivityUserCounts: (c) =>
    perDay(c, (d) => ({
      'Viewed Or Edited': dailyUsers(c, WL.ODB, ODB_M.viewedOrEdited, d),
      Synced: dailyUsers(c, WL.ODB, ODB_M.synced, d),
      'Shared Internally': dailyUsers(c, WL.ODB, ODB_M.sharedInternally, d),
      'Shared Externally': dailyUsers(c, WL.ODB, ODB_M.sharedExternally, d)
    })),
  getOneDriveActivityUserDetail: (c) =>
    perSubject(c.a.subjects(WL.ODB), (u) => {
      const [s] = sums(c, u, WL.ODB);
      const head = userHead(c, u);
      delete head['Display Name'];
      return {
        ...head,
        'Last Activity Date': lastActivity(c, u, WL.ODB),
        'Viewed Or Edited File Count': s[ODB_M.viewedOrEdited] ?? 0,
        'Synced File Count': s[ODB_M.synced] ?? 0,
        'Shared Internally File Count': s[ODB_M.sharedInternally] ?? 0,
        'Shared Externally File Count': s[ODB_M.sharedExternally] ?? 0
      };
    }),
  getOneDriveUsageAccountCounts: (c) => {
    const totals = oneDriveDaily(c);
    return perDay(c, (d) => ({ 'Site Type': 'OneDrive', Total: totals[d * 4] ?? 0, Active: totals[d * 4 + 1] ?? 0 }));
  },
  getOneDriveUsageAccountDetail: (c) => {
    const subjects = oneDriveSubjects(c);
    return perSubject(subjects, (u) => {
      const at = isDeleted(c, u) ? (c.t.quietOff[u] ?? 0) : 0;
      const bytes = oneDriveBytes(c, u, at);
      const [s] = sums(c, u, WL.ODB);
      const files = oneDriveFiles(bytes);
      return {
        'Report Refresh Date': c.refresh,
        'Site URL': siteUrl(c, c.t.oneDriveUrl(u)),
        'Owner Display Name': display(c, u),
        'Is Deleted': isDeleted(c, u),
        'Last Activity Date': lastActivity(c, u, WL.ODB),
        'File Count': files,
        'Active File Count': Math.min(files, s[ODB_M.viewedOrEdited] ?? 0),
        'Storage Used (Byte)': bytes,
        'Storage Allocated (Byte)': TB,
        'Owner Principal Name': upn(c, u),
        'Report Period': c.period
      };
    });
  },
  getOneDriveUsageFileCounts: (c) => {
    const totals = oneDriveDaily(c);
    return perDay(c, (d) => ({ 'Site Type': 'OneDrive', Total: totals[d * 4 + 2] ?? 0, Active: totals[d * 4 + 3] ?? 0 }));
  },
  getOneDriveUsageStorage: (c) => {
    const totals = memo(c, `odbStorage|${days(c)}`, HISTORY_DAYS, (acc) => {
      for (const u of oneDriveSubjects(c)) for (let d = 0; d < days(c); d++) acc[d] = (acc[d] ?? 0) + oneDriveBytes(c, u, d);
    });
    return perDay(c, (d) => ({ 'Site Type': 'OneDrive', 'Storage Used (Byte)': totals[d] ?? 0 }));
  },

  // ------------------------------------------------------------ SharePoint
  getSharePointActivityFileCounts: (c) =>
    perDay(c, (d) => ({
      'Viewed Or Edited': dailySum(c, WL.SPO, SPO_M.viewedOrEdited, d),
      Synced: dailySum(c, WL.SPO, SPO_M.synced, d),
      'Shared Internally': dailySum(c, WL.SPO, SPO_M.sharedInternally, d),
      'Shared Externally': dailySum(c, WL.SPO, SPO_M.sharedExternally, d)
    })),
  getSharePointActivityPages: (c) => perDay(c, (d) => ({ 'Visited Page Count': dailySum(c, WL.SPO, SPO_M.visitedPage, d) })),
  getSharePointActivityUserCounts: (c) =>
    perDay(c, (d) => ({
      'Visited Page': dailyUsers(c, WL.SPO, SPO_M.visitedPage, d),
      'Viewed Or Edited': dailyUsers(c, WL.SPO, SPO_M.viewedOrEdited, d),
      Synced: dailyUsers(c, WL.SPO, SPO_M.synced, d),
      'Shared Internally': dailyUsers(c, WL.SPO, SPO_M.sharedInternally, d),
      'Shared Externally': dailyUsers(c, WL.SPO, SPO_M.sharedExternally, d)
    })),
  getSharePointActivityUserDetail: (c) =>
    perSubject(c.a.subjects(WL.SPO), (u) => {
      const [s] = sums(c, u, WL.SPO);
      const head = userHead(c, u);
      delete head['Display Name'];
      return {
        ...head,
        'Last Activity Date': lastActivity(c, u, WL.SPO),
        'Viewed Or Edited File Count': s[SPO_M.viewedOrEdited] ?? 0,
        'Synced File Count': s[SPO_M.synced] ?? 0,
        'Shared Internally File Count': s[SPO_M.sharedInternally] ?? 0,
        'Shared Externally File Count': s[SPO_M.sharedExternally] ?? 0,
        'Visited Page Count': s[SPO_M.visitedPage] ?? 0
      };
    }),
  getSharePointSiteUsageDetail: (c) =>
    list(c.t.sites.length, (k) => {
      const site = c.t.sites[k];
      if (!site) return [];
      const win = entityWindow(c.t, ENT.SITE, site.index, c.from, c.to, site.createdOff, 20, 3);
      const bytes = siteBytes(c.t, site.index, 0);
      const files = siteFiles(bytes);
      const h = hash4(c.t.seed, 750, site.index);
      return [
        {
          'Report Refresh Date': c.refresh,
          'Site Id': site.id,
          'Site URL': siteUrl(c, site.url),
          'Owner Display Name': display(c, site.ownerIndex),
          'Is Deleted': false,
          'Last Activity Date': dateOf(c, win.last),
          'File Count': files,
          'Active File Count': Math.min(files, win.sum[0] ?? 0),
          'Page View Count': win.sum[1] ?? 0,
          'Visited Page Count': win.sum[2] ?? 0,
          'Storage Used (Byte)': bytes,
          'Storage Allocated (Byte)': 27487790694400,
          'Root Web Template': site.template,
          'Owner Principal Name': upn(c, site.ownerIndex),
          'Report Period': c.period,
          $SiteSensitivityLabelId: h % 4 === 0 ? 'f42aa342-8706-4288-bd11-ebb85995028c' : '',
          $ExternalSharing: h % 3 !== 0,
          $UnmanagedDevicePolicy: h % 5 === 0 ? 'Limited access' : 'Full access',
          $GeoLocation: 'NAM',
          $AnonymousLinkCount: (h >>> 3) % 4,
          $CompanyLinkCount: (h >>> 5) % 12,
          $SecureLinkForGuestCount: (h >>> 7) % 3,
          $SecureLinkForMemberCount: (h >>> 9) % 20
        }
      ];
    }),
  getSharePointSiteUsageFileCounts: (c) => {
    const totals = siteDaily(c);
    return perDay(c, (d) => ({ 'Site Type': 'All', Total: totals[d * 5 + 2] ?? 0, Active: totals[d * 5 + 3] ?? 0 }));
  },
  getSharePointSiteUsagePages: (c) => {
    const totals = siteDaily(c);
    return perDay(c, (d) => ({ 'Site Type': 'All', 'Page View Count': totals[d * 5 + 4] ?? 0 }));
  },
  getSharePointSiteUsageSiteCounts: (c) => {
    const totals = siteDaily(c);
    return perDay(c, (d) => ({ 'Site Type': 'All', Total: totals[d * 5] ?? 0, Active: totals[d * 5 + 1] ?? 0 }));
  },
  getSharePointSiteUsageStorage: (c) => {
    const totals = memo(c, `siteStorage|${days(c)}`, HISTORY_DAYS, (acc) => {
      for (const s of c.t.sites) for (let d = 0; d < days(c); d++) acc[d] = (acc[d] ?? 0) + siteBytes(c.t, s.index, d);
    });
    return perDay(c, (d) => ({ 'Site Type': 'All', 'Storage Used (Byte)': totals[d] ?? 0 }));
  },

  // ------------------------------------------------------------ Teams
  getTeamsDeviceUsageDistributionUserCounts: (c) => setDistribution(c, 'teamsDevices', WL.TEAMS, TEAMS_DEVICES),
  getTeamsDeviceUsageUserCounts: (c) => perDay(c, (d) => Object.fromEntries(TEAMS_DEVICES.map((n, i) => [n, dailySet(c, WL.TEAMS, i, d)]))),
  getTeamsDeviceUsageUserDetail: (c) =>
    perSubject(c.a.subjects(WL.TEAMS), (u) => {
      const active = anyActive(c, u, WL.TEAMS);
      const mask = active ? c.a.setMask(u, WL.TEAMS) : 0;
      const head = userHead(c, u);
      delete head['Display Name'];
      delete head['Assigned Products'];
      const row: Row = { ...head, 'User Id': userIdCell(c, u), 'Last Activity Date': lastActivity(c, u, WL.TEAMS), 'Is Licensed': true };
      TEAMS_DEVICES.forEach((n, i) => (row[`Used ${n}`] = (mask & (1 << i)) !== 0));
      return row;
    }),
  getTeamsTeamActivityCounts: (c) => {
    const days = teamDaily(c);
    return perDay(c, (d) => teamCells((i) => days[d * TEAM_METRICS.length + i] ?? 0));
  },
  getTeamsTeamActivityDetail: (c) => {
    const list_ = teams(c.t);
    return list(list_.length, (k) => {
      const g = list_[k];
      if (!g) return [];
      const members = c.t.groupMembers0[g.index] ?? 0;
      const win = entityWindow(c.t, ENT.TEAM, g.index, c.from, c.to, g.createdOff, members, TEAM_METRICS.length);
      const cells = teamCells((i) => (i === 0 ? Math.min(members, win.max[0] ?? 0) : i === 2 ? Math.min(c.t.groupGuests0[g.index] ?? 0, win.max[2] ?? 0) : i === 1 ? (win.max[1] ?? 0) : (win.sum[i] ?? 0)));
      return [
        {
          'Report Refresh Date': c.refresh,
          'Team Name': groupName(c, g),
          'Team Id': g.id,
          'Team Type': g.visibility ?? 'Public',
          'Last Activity Date': dateOf(c, win.last),
          'Report Period': c.period,
          ...cells
        }
      ];
    });
  },
  getTeamsTeamActivityDistributionCounts: (c) => {
    const totals = countOver(c, 'teamDist', Int32Array.from(teams(c.t).map((g) => g.index)), TEAM_METRICS.length, (gi, acc) => {
      const g = c.t.groups[gi];
      if (!g) return;
      const members = c.t.groupMembers0[gi] ?? 0;
      const win = entityWindow(c.t, ENT.TEAM, gi, c.from, c.to, g.createdOff, members, TEAM_METRICS.length);
      for (let i = 0; i < TEAM_METRICS.length; i++) {
        const v = i === 0 ? Math.min(members, win.max[0] ?? 0) : i === 2 ? Math.min(c.t.groupGuests0[gi] ?? 0, win.max[2] ?? 0) : i === 1 ? (win.max[1] ?? 0) : (win.sum[i] ?? 0);
        acc[i] = (acc[i] ?? 0) + v;
      }
    });
    return single(c, teamCells((i) => totals[i] ?? 0));
  },
  getTeamsTeamCounts: (c) => {
    const totals = memo(c, `teamCounts|${days(c)}`, HISTORY_DAYS * 4, (acc) => {
      const day = new Array<number>(TEAM_METRICS.length).fill(0);
      for (const g of teams(c.t)) {
        const o = g.visibility === 'Private' ? 2 : 0;
        for (let d = 0; d < days(c); d++) {
          if (d > g.createdOff) continue;
          acc[d * 4 + o] = (acc[d * 4 + o] ?? 0) + 1;
          if (entityDay(c.t, ENT.TEAM, g.index, d, g.createdOff, c.t.groupMembers0[g.index] ?? 0, day)) acc[d * 4 + o + 1] = (acc[d * 4 + o + 1] ?? 0) + 1;
        }
      }
    });
    return list(c.period, (d) => [
      {
        'Report Refresh Date': c.refresh,
        'Report Date': dateOf(c, d),
        'Public Teams': totals[d * 4] ?? 0,
        'Active Public Teams': totals[d * 4 + 1] ?? 0,
        'Private Teams': totals[d * 4 + 2] ?? 0,
        'Active Private Teams': totals[d * 4 + 3] ?? 0
      }
    ]);
  },
  getTeamsUserActivityCounts: (c) =>
    perDay(c, (d) => {
      const s = (m: number): number => dailySum(c, WL.TEAMS, m, d);
      return {
        'Team Chat Messages': s(TEAMS_M.teamChat),
        'Post Messages': s(TEAMS_M.post),
        'Reply Messages': s(TEAMS_M.reply),
        'Private Chat Messages': s(TEAMS_M.privateChat),
        Calls: s(TEAMS_M.calls),
        Meetings: s(TEAMS_M.meetingsAtt),
        'Audio Duration': isoDuration(s(TEAMS_M.audioSec)),
        'Video Duration': isoDuration(s(TEAMS_M.videoSec)),
        'Screen Share Duration': isoDuration(s(TEAMS_M.screenSec)),
        'Meetings Organized': s(TEAMS_M.meetingsOrg),
        'Meetings Attended': s(TEAMS_M.meetingsAtt)
      };
    }),
  getTeamsUserActivityUserCounts: (c) =>
    perDay(c, (d) => ({
      'Team Chat Messages': dailyUsers(c, WL.TEAMS, TEAMS_M.teamChat, d),
      'Private Chat Messages': dailyUsers(c, WL.TEAMS, TEAMS_M.privateChat, d),
      Calls: dailyUsers(c, WL.TEAMS, TEAMS_M.calls, d),
      Meetings: dailyUsers(c, WL.TEAMS, TEAMS_M.meetingsAtt, d),
      'Other Actions': dailyUsers(c, WL.TEAMS, TEAMS_M.otherAction, d)
    })),
  getTeamsUserActivityUserDetail: (c) =>
    perSubject(c.a.subjects(WL.TEAMS), (u) => {
      const [s] = sums(c, u, WL.TEAMS);
      const v = (m: number): number => s[m] ?? 0;
      const head = userHead(c, u);
      delete head['Display Name'];
      return {
        ...head,
        'Tenant Display Name': c.t.tenantName,
        'Shared Channel Tenant Display Names': '',
        'User Id': userIdCell(c, u),
        'Last Activity Date': lastActivity(c, u, WL.TEAMS),
        'Team Chat Message Count': v(TEAMS_M.teamChat),
        'Private Chat Message Count': v(TEAMS_M.privateChat),
        'Call Count': v(TEAMS_M.calls),
        'Meeting Count': v(TEAMS_M.meetingsAtt),
        'Post Messages': v(TEAMS_M.post),
        'Reply Messages': v(TEAMS_M.reply),
        'Urgent Messages': v(TEAMS_M.urgent),
        'Meetings Organized Count': v(TEAMS_M.meetingsOrg),
        'Meetings Attended Count': v(TEAMS_M.meetingsAtt),
        'Ad Hoc Meetings Organized Count': v(TEAMS_M.adHocOrg),
        'Ad Hoc Meetings Attended Count': v(TEAMS_M.adHocAtt),
        'Scheduled One-time Meetings Organized Count': v(TEAMS_M.oneTimeOrg),
        'Scheduled One-time Meetings Attended Count': v(TEAMS_M.oneTimeAtt),
        'Scheduled Recurring Meetings Organized Count': v(TEAMS_M.recurOrg),
        'Scheduled Recurring Meetings Attended Count': v(TEAMS_M.recurAtt),
        'Audio Duration': isoDuration(v(TEAMS_M.audioSec)),
        'Video Duration': isoDuration(v(TEAMS_M.videoSec)),
        'Screen Share Duration': isoDuration(v(TEAMS_M.screenSec)),
        'Audio Duration In Seconds': v(TEAMS_M.audioSec),
        'Video Duration In Seconds': v(TEAMS_M.videoSec),
        'Screen Share Duration In Seconds': v(TEAMS_M.screenSec),
        'Has Other Action': v(TEAMS_M.otherAction) > 0,
        'Is Licensed': true
      };
    }),

  // ------------------------------------------------------------ Viva Engage (Yammer)
  getYammerActivityCounts: (c) =>
    perDay(c, (d) => ({ Liked: dailySum(c, WL.YAMMER, YAM_M.liked, d), Posted: dailySum(c, WL.YAMMER, YAM_M.posted, d), Read: dailySum(c, WL.YAMMER, YAM_M.read, d) })),
  getYammerActivityUserCounts: (c) =>
    perDay(c, (d) => ({ Liked: dailyUsers(c, WL.YAMMER, YAM_M.liked, d), Posted: dailyUsers(c, WL.YAMMER, YAM_M.posted, d), Read: dailyUsers(c, WL.YAMMER, YAM_M.read, d) })),
  getYammerActivityUserDetail: (c) =>
    perSubject(c.a.subjects(WL.YAMMER), (u) => {
      const [s] = sums(c, u, WL.YAMMER);
      const head = userHead(c, u);
      delete head['Is Deleted'];
      delete head['Deleted Date'];
      return {
        ...head,
        ...yammerState(c, u),
        'Last Activity Date': lastActivity(c, u, WL.YAMMER),
        'Posted Count': s[YAM_M.posted] ?? 0,
        'Read Count': s[YAM_M.read] ?? 0,
        'Liked Count': s[YAM_M.liked] ?? 0
      };
    }),
  getYammerDeviceUsageDistributionUserCounts: (c) => setDistribution(c, 'yammerDevices', WL.YAMMER, YAMMER_DEVICES),
  getYammerDeviceUsageUserCounts: (c) => perDay(c, (d) => Object.fromEntries(YAMMER_DEVICES.map((n, i) => [n, dailySet(c, WL.YAMMER, i, d)]))),
  getYammerDeviceUsageUserDetail: (c) =>
    perSubject(c.a.subjects(WL.YAMMER), (u) => {
      const active = anyActive(c, u, WL.YAMMER);
      const mask = active ? c.a.setMask(u, WL.YAMMER) : 0;
      const head = userHead(c, u);
      delete head['Is Deleted'];
      delete head['Deleted Date'];
      delete head['Assigned Products'];
      const row: Row = { ...head, ...yammerState(c, u), 'Last Activity Date': lastActivity(c, u, WL.YAMMER) };
      YAMMER_DEVICES.forEach((n, i) => (row[n === 'Other' ? 'Used Others' : `Used ${n}`] = (mask & (1 << i)) !== 0));
      return row;
    }),
  getYammerGroupsActivityCounts: (c) => {
    const days = yammerGroupDaily(c);
    return perDay(c, (d) => ({ Liked: days[d * 5 + 2] ?? 0, Posted: days[d * 5] ?? 0, Read: days[d * 5 + 1] ?? 0 }));
  },
  getYammerGroupsActivityDetail: (c) =>
    list(c.t.yammerGroups.length, (k) => {
      const y = c.t.yammerGroups[k];
      if (!y) return [];
      const win = entityWindow(c.t, ENT.YAMMER, y.index, c.from, c.to, 2000, y.memberCount, 3);
      return [
        {
          'Report Refresh Date': c.refresh,
          'Group Display Name': groupName(c, { displayName: y.name, index: 10000 + y.index }),
          'Is Deleted': false,
          'Owner Principal Name': upn(c, y.ownerIndex),
          'Last Activity Date': dateOf(c, win.last),
          'Group Type': y.type,
          'Office 365 Connected': y.connected,
          'Member Count': y.memberCount,
          'Posted Count': win.sum[0] ?? 0,
          'Read Count': win.sum[1] ?? 0,
          'Liked Count': win.sum[2] ?? 0,
          'Report Period': c.period,
          $networkDisplayName: c.t.tenantName
        }
      ];
    }),
  getYammerGroupsActivityGroupCounts: (c) => {
    const days = yammerGroupDaily(c);
    return perDay(c, (d) => ({ Total: days[d * 5 + 3] ?? 0, Active: days[d * 5 + 4] ?? 0 }));
  }
};

// ------------------------------------------------------------ Skype for Business (retired): licensed users, no activity.

function zeroRow(headers: readonly string[], keep: Row): Row {
  const row: Row = {};
  for (const h of headers) row[h] = h in keep ? (keep[h] ?? null) : /Date$/.test(h) ? '' : /^Used /.test(h) ? false : 0;
  return row;
}

/** Skype builders are generic: the retired service reports zeros for everyone. */
export function skypeBuilder(fn: string, headers: readonly string[], kind: string): Builder {
  return (c) => {
    if (kind === 'detail')
      return perSubject(c.a.subjects(WL.SKYPE), (u) => {
        const head = userHead(c, u);
        return zeroRow(headers, { ...head, 'Last Activity Date': '' });
      });
    if (kind === 'trend') return perDay(c, () => zeroRow(headers, { 'Report Refresh Date': c.refresh, 'Report Period': c.period }));
    return single(c, zeroRow(headers, { 'Report Refresh Date': c.refresh, 'Report Period': c.period }));
  };
}

// ------------------------------------------------------------ helpers that need the builders' context

const TEAM_METRICS = ['Active Users', 'Active Channels', 'Guests', 'Reactions', 'Meetings Organized', 'Post Messages', 'Reply Messages', 'Urgent Messages', 'Mentions', 'Active Shared Channels', 'Active External Users'] as const;
function teamCells(v: (i: number) => number): Row {
  const row: Row = {};
  TEAM_METRICS.forEach((name, i) => (row[name] = v(i)));
  row['Channel Messages'] = (Number(row['Post Messages']) || 0) + (Number(row['Reply Messages']) || 0);
  return row;
}
function teamDaily(c: IReportCtx): number[] {
  const n = TEAM_METRICS.length;
  return memo(c, `teamDaily|${days(c)}`, HISTORY_DAYS * n, (acc) => {
    const day = new Array<number>(n).fill(0);
    for (const g of teams(c.t)) {
      const members = c.t.groupMembers0[g.index] ?? 0;
      for (let d = 0; d < days(c); d++) {
        if (!entityDay(c.t, ENT.TEAM, g.index, d, g.createdOff, members, day)) continue;
        day[0] = Math.min(members, day[0] ?? 0);
        day[2] = Math.min(c.t.groupGuests0[g.index] ?? 0, day[2] ?? 0);
        for (let i = 0; i < n; i++) acc[d * n + i] = (acc[d * n + i] ?? 0) + (day[i] ?? 0);
      }
    }
  });
}
function groupDaily(c: IReportCtx): number[] {
  // per day: [emails, activeFiles, yPosted, yRead, yLiked, totalFiles]
  return memo(c, `groupDaily|${days(c)}`, HISTORY_DAYS * 6, (acc) => {
    const day = [0, 0, 0, 0, 0];
    for (const g of unifiedGroups(c.t)) {
      const site = c.t.sites.find((s) => s.groupIndex === g.index);
      for (let d = 0; d < days(c); d++) {
        const files = site ? siteFiles(siteBytes(c.t, site.index, d)) : 0;
        acc[d * 6 + 5] = (acc[d * 6 + 5] ?? 0) + files;
        if (!entityDay(c.t, ENT.GROUP, g.index, d, g.createdOff, c.t.groupMembers0[g.index] ?? 0, day)) continue;
        acc[d * 6] = (acc[d * 6] ?? 0) + (day[0] ?? 0);
        acc[d * 6 + 1] = (acc[d * 6 + 1] ?? 0) + Math.min(files, day[1] ?? 0);
        if (g.yammer) for (let i = 2; i < 5; i++) acc[d * 6 + i] = (acc[d * 6 + i] ?? 0) + (day[i] ?? 0);
      }
    }
  });
}
function siteDaily(c: IReportCtx): number[] {
  // per day: [sites, activeSites, files, activeFiles, pageViews]
  return memo(c, `siteDaily|${days(c)}`, HISTORY_DAYS * 5, (acc) => {
    const day = [0, 0, 0];
    for (const s of c.t.sites)
      for (let d = 0; d < days(c); d++) {
        if (d > s.createdOff) continue;
        const files = siteFiles(siteBytes(c.t, s.index, d));
        acc[d * 5] = (acc[d * 5] ?? 0) + 1;
        acc[d * 5 + 2] = (acc[d * 5 + 2] ?? 0) + files;
        if (!entityDay(c.t, ENT.SITE, s.index, d, s.createdOff, 20, day)) continue;
        acc[d * 5 + 1] = (acc[d * 5 + 1] ?? 0) + 1;
        acc[d * 5 + 3] = (acc[d * 5 + 3] ?? 0) + Math.min(files, day[0] ?? 0);
        acc[d * 5 + 4] = (acc[d * 5 + 4] ?? 0) + (day[1] ?? 0);
      }
  });
}
function yammerGroupDaily(c: IReportCtx): number[] {
  // per day: [posted, read, liked, total, active]
  return memo(c, `yammerGroupDaily|${days(c)}`, HISTORY_DAYS * 5, (acc) => {
    const day = [0, 0, 0];
    for (const y of c.t.yammerGroups)
      for (let d = 0; d < days(c); d++) {
        acc[d * 5 + 3] = (acc[d * 5 + 3] ?? 0) + 1;
        if (!entityDay(c.t, ENT.YAMMER, y.index, d, 2000, y.memberCount, day)) continue;
        acc[d * 5 + 4] = (acc[d * 5 + 4] ?? 0) + 1;
        for (let i = 0; i < 3; i++) acc[d * 5 + i] = (acc[d * 5 + i] ?? 0) + (day[i] ?? 0);
      }
  });
}
function oneDriveSubjects(c: IReportCtx): Int32Array {
  return c.a.subjects(WL.ODB).filter((u) => hasOneDrive(c.t, c.a, u));
}
function oneDriveDaily(c: IReportCtx): number[] {
  // per day: [accounts, activeAccounts, files, activeFiles]
  return memo(c, `odbDaily|${days(c)}`, HISTORY_DAYS * 4, (acc) => {
    const day = new Float64Array(metricCount(WL.ODB));
    for (const u of oneDriveSubjects(c)) {
      const p = c.a.propensity(u, WL.ODB);
      for (let d = 0; d < days(c); d++) {
        const bytes = oneDriveBytes(c, u, d);
        if (bytes === 0) continue;
        acc[d * 4] = (acc[d * 4] ?? 0) + 1;
        acc[d * 4 + 2] = (acc[d * 4 + 2] ?? 0) + oneDriveFiles(bytes);
        if (!c.a.isActive(u, WL.ODB, d, p)) continue;
        c.a.metrics(u, WL.ODB, d, day);
        acc[d * 4 + 1] = (acc[d * 4 + 1] ?? 0) + 1;
        acc[d * 4 + 3] = (acc[d * 4 + 3] ?? 0) + (day[ODB_M.viewedOrEdited] ?? 0);
      }
    }
  });
}
function yammerState(c: IReportCtx, u: number): Row {
  if (isDeleted(c, u)) return { 'User State': 'Deleted', 'State Change Date': deletedDate(c, u) };
  if ((c.t.flags[u] ?? 0) & F.DISABLED) return { 'User State': 'Suspended', 'State Change Date': dateOf(c, c.t.quietOff[u] ?? 0) };
  return { 'User State': 'Active', 'State Change Date': '' };
}

interface IActivation {
  product: string;
  last: string;
  windows: number;
  mac: number;
  w10m: number;
  ios: number;
  android: number;
  shared: boolean;
}
function activationSubjects(c: IReportCtx): Int32Array {
  return c.a.subjects(WL.APPS).filter((u) => !isDeleted(c, u));
}
function activationsOf(c: IReportCtx, u: number): IActivation[] {
  const productsOf = [...new Set(c.t.skusOf(c.t.lic0[u] ?? 0).map((s) => s.appsProduct).filter((p): p is string => !!p))];
  return productsOf.map((product, k) => {
    const h = hash4(c.t.seed, 760 + k, u);
    const none = unit(h) < 0.08;
    const windows = none ? 0 : 1 + (h % 4);
    const mac = none ? 0 : (h >>> 4) % 7 === 0 ? 1 : 0;
    const ios = none ? 0 : (h >>> 8) % 3 === 0 ? 1 : 0;
    const android = none ? 0 : (h >>> 12) % 4 === 0 ? 1 : 0;
    const lastOff = none ? -1 : Math.min(c.t.licOff[u] ?? 0, (h >>> 16) % 300);
    return { product, last: dateOf(c, lastOff), windows, mac, w10m: 0, ios, android, shared: !none && ((c.t.flags[u] ?? 0) & F.SHARED_PC) !== 0 };
  });
}
function lastActivation(c: IReportCtx, u: number): string {
  const dates = activationsOf(c, u).map((x) => x.last).filter((d) => d !== '');
  return dates.sort().pop() ?? '';
}
interface IActivationTotal {
  product: string;
  windows: number;
  mac: number;
  w10m: number;
  ios: number;
  android: number;
  assigned: number;
  activated: number;
  shared: number;
}
function activationTotals(c: IReportCtx): IActivationTotal[] {
  const map = new Map<string, IActivationTotal>();
  for (const u of activationSubjects(c))
    for (const x of activationsOf(c, u)) {
      const t = map.get(x.product) ?? { product: x.product, windows: 0, mac: 0, w10m: 0, ios: 0, android: 0, assigned: 0, activated: 0, shared: 0 };
      t.windows += x.windows;
      t.mac += x.mac;
      t.w10m += x.w10m;
      t.ios += x.ios;
      t.android += x.android;
      t.assigned++;
      if (x.windows + x.mac + x.ios + x.android + x.w10m > 0) t.activated++;
      if (x.shared) t.shared++;
      map.set(x.product, t);
    }
  return [...map.values()];
}

/** The builder of a report function, or undefined when the simulator does not know it. */
export function builderFor(fn: string, headers: readonly string[], kind: string): Builder | undefined {
  if (/^getSkypeForBusiness/.test(fn)) return skypeBuilder(fn, headers, kind);
  return BUILDERS[fn];
}
