/**
 * The demo tenant's model. Users are generated per index from (seed, index) and kept in a few typed
 * arrays, so 100k users cost a few MB; strings are built on demand. Writes live in small override maps.
 * Reports read the "as reported" state (licences at the refresh date); the directory reads the live state.
 */
import skuNames from '../../src/core/directory/data/sku-names.json';
import { guid, hash4, hex8, Sequence, unit } from './rng';
import { BREAK_GLASS, DEPARTMENTS, DELETED_PERSONAS, F, FIRST_NAMES, GUEST_DOMAINS, LAST_NAMES, OFFICES, PERSONAS, ROLES } from './names';

/** Workloads, as bit positions in a SKU's capabilities. */
export const WL = { EXO: 0, SPO: 1, ODB: 2, TEAMS: 3, YAMMER: 4, SKYPE: 5, APPS: 6 } as const;
export type Workload = (typeof WL)[keyof typeof WL];
const CAP_P1 = 1 << 7;
const ALL_WL = (1 << WL.EXO) | (1 << WL.SPO) | (1 << WL.ODB) | (1 << WL.TEAMS) | (1 << WL.YAMMER) | (1 << WL.SKYPE) | (1 << WL.APPS);

export interface IServicePlan {
  servicePlanId: string;
  servicePlanName: string;
}

export interface ISku {
  index: number;
  skuId: string;
  skuPartNumber: string;
  /** Friendly name from sku-names.json, or the part number for an unknown SKU. */
  displayName: string;
  /** Name as usage reports print it in Assigned Products (upper case). */
  reportName: string;
  caps: number;
  plans: IServicePlan[];
  /** Desktop apps product type in activation reports, when the SKU includes the apps. */
  appsProduct?: string;
  /** Units bought beyond those consumed at start; 0 = fully used (assignLicense then fails). */
  headroom: number;
}

const PLAN = {
  EXO: { servicePlanId: 'efb87545-963c-4e0d-99df-69c6916d9eb0', servicePlanName: 'EXCHANGE_S_ENTERPRISE' },
  EXO1: { servicePlanId: '9aaf7827-d63c-4b61-89c3-182f06f82e5c', servicePlanName: 'EXCHANGE_S_STANDARD' },
  SPO: { servicePlanId: '5dbe027f-2339-4123-9542-606e4d348a72', servicePlanName: 'SHAREPOINTENTERPRISE' },
  TEAMS: { servicePlanId: '57ff2da0-773e-42df-b2af-ffb7a2317929', servicePlanName: 'TEAMS1' },
  YAMMER: { servicePlanId: '7547a3fe-08ee-4ccb-b430-5077c5041653', servicePlanName: 'YAMMER_ENTERPRISE' },
  SKYPE: { servicePlanId: '0feaeb32-d00e-4d66-bd5a-43b5b83db82c', servicePlanName: 'MCOSTANDARD' },
  APPS: { servicePlanId: '43de0ff5-c92c-492b-9116-175376d08c38', servicePlanName: 'OFFICESUBSCRIPTION' },
  P1: { servicePlanId: '41781fb2-bc02-4b7c-bd55-b576c07bb09d', servicePlanName: 'AAD_PREMIUM' },
  PBI: { servicePlanId: '70d33638-9c74-4d01-bfd3-562de28bd4ba', servicePlanName: 'BI_AZURE_P2' },
  FLOW: { servicePlanId: '50e68c76-46c6-4674-81f9-75456511b170', servicePlanName: 'FLOW_P2_VIRAL' }
};

/** An id that is deliberately absent from sku-names.json. */
export const UNKNOWN_SKU_ID = 'f0e1d2c3-b4a5-4697-8877-665544332211';

interface ISkuSpec {
  part: string;
  caps: number;
  plans: IServicePlan[];
  apps?: string;
  headroom: number;
}
const w = (...ws: number[]): number => ws.reduce((m, x) => m | (1 << x), 0);
const SKU_SPECS: ISkuSpec[] = [
  { part: 'SPE_E5', caps: ALL_WL | CAP_P1, plans: [PLAN.EXO, PLAN.SPO, PLAN.TEAMS, PLAN.YAMMER, PLAN.SKYPE, PLAN.APPS, PLAN.P1, PLAN.PBI], apps: 'MICROSOFT 365 APPS FOR ENTERPRISE', headroom: 25 },
  { part: 'SPE_E3', caps: ALL_WL | CAP_P1, plans: [PLAN.EXO, PLAN.SPO, PLAN.TEAMS, PLAN.YAMMER, PLAN.SKYPE, PLAN.APPS, PLAN.P1], apps: 'MICROSOFT 365 APPS FOR ENTERPRISE', headroom: 40 },
  { part: 'ENTERPRISEPACK', caps: ALL_WL, plans: [PLAN.EXO, PLAN.SPO, PLAN.TEAMS, PLAN.YAMMER, PLAN.SKYPE, PLAN.APPS], apps: 'MICROSOFT 365 APPS FOR ENTERPRISE', headroom: 10 },
  { part: 'O365_BUSINESS_PREMIUM', caps: ALL_WL, plans: [PLAN.EXO1, PLAN.SPO, PLAN.TEAMS, PLAN.YAMMER, PLAN.SKYPE, PLAN.APPS], apps: 'MICROSOFT 365 APPS FOR BUSINESS', headroom: 5 },
  { part: 'EXCHANGESTANDARD', caps: w(WL.EXO), plans: [PLAN.EXO1], headroom: 0 },
  { part: 'POWER_BI_PRO', caps: 0, plans: [PLAN.PBI], headroom: 15 },
  { part: 'FLOW_FREE', caps: 0, plans: [PLAN.FLOW], headroom: 10000 },
  { part: 'TEAMS_EXPLORATORY', caps: w(WL.TEAMS, WL.SPO, WL.ODB), plans: [PLAN.TEAMS, PLAN.SPO], headroom: 100 },
  { part: 'AAD_PREMIUM', caps: CAP_P1, plans: [PLAN.P1], headroom: 50 },
  { part: 'CONTOSO_LEGACY_ADDON', caps: 0, plans: [], headroom: 3 }
];

interface ISkuName {
  skuId: string;
  skuPartNumber: string;
  displayName: string;
}
const SKU_NAMES: ISkuName[] = (skuNames as { skus: ISkuName[] }).skus;

/** One group of the directory. */
export type GroupKind = 'unified' | 'security' | 'mailSecurity' | 'distribution' | 'dynamic' | 'synced';
export interface IGroup {
  index: number;
  id: string;
  displayName: string;
  description: string;
  mailNickname: string;
  kind: GroupKind;
  visibility: 'Public' | 'Private' | null;
  isTeam: boolean;
  ownerIndex: number;
  createdOff: number;
  /** For dynamic groups: the department the rule selects. */
  ruleDepartment?: string;
  /** Yammer-connected M365 group (shows Yammer counts). */
  yammer: boolean;
}

export interface ISite {
  index: number;
  id: string;
  url: string;
  title: string;
  template: string;
  ownerIndex: number;
  groupIndex: number | null;
  createdOff: number;
}

export interface IYammerGroup {
  index: number;
  name: string;
  ownerIndex: number;
  connected: boolean;
  type: 'Public' | 'Private';
  memberCount: number;
}

/** Field edits made through PATCH /users/{id}, by property name. */
export type IUserEdits = Record<string, string | boolean | null>;

/** A directory user as Graph shows it (all properties; handlers pick by $select). */
export interface IUserRecord {
  index: number;
  id: string;
  displayName: string;
  givenName: string | null;
  surname: string | null;
  userPrincipalName: string;
  mail: string | null;
  jobTitle: string | null;
  department: string | null;
  officeLocation: string | null;
  usageLocation: string | null;
  accountEnabled: boolean;
  userType: 'Member' | 'Guest';
  createdDateTime: string;
  deleted: boolean;
  deletedDate: string | null;
  flags: number;
}

export interface ITenantConfig {
  users: number;
  seed: number;
  /** YYYY-MM-DD */
  today: string;
  /** Users addUsers can create (default: a twentieth of `users`, at least 1,000). */
  reserve?: number;
}

/** Graph's lifetime of a directory delta token (deltaLink or nextLink): seven days. */
export const DELTA_TOKEN_LIFETIME_MS = 7 * 86400000;

const DAY_MS = 86400000;
export function dayNumber(ymd: string): number {
  return Math.floor(Date.parse(`${ymd}T00:00:00Z`) / DAY_MS);
}
const ymdCache = new Map<number, string>();
/** YYYY-MM-DD of an epoch day number (memoised: reports format the same few hundred days millions of times). */
export function ymdOf(day: number): string {
  let s = ymdCache.get(day);
  if (s === undefined) {
    s = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (ymdCache.size < 100000) ymdCache.set(day, s);
  }
  return s;
}

let epochCounter = 0;

// Kinds for guid().
const K = { USER: 1, GROUP: 2, SITE: 3, TENANT: 4, REQ: 5, SKUSUB: 6 } as const;

export class Tenant {
  public readonly seed: number;
  /** Users the directory held at construction: indexes [0, nUsers). */
  public readonly nUsers: number;
  public readonly nDeleted: number;
  /** Directory users + deleted users (report subjects). */
  public readonly total: number;
  /**
   * Users not yet created, which addUsers creates in order: indexes [total, total + nReserved), generated like
   * the others (unique ids and UPNs), created today and unlicensed. Reports never see them (they post-date the
   * refresh date); neither do group memberships.
   */
  public readonly nReserved: number;
  /** Every user index the model holds: total + nReserved. */
  public readonly capacity: number;
  /** Directory positions: [0, nUsers) then the reserved users; dirIndex maps a position to a user index. */
  public readonly dirLength: number;
  public readonly domain = 'contoso.onmicrosoft.com';
  public readonly tenantName = 'Contoso';
  public readonly sharepointHost = 'contoso.sharepoint.com';
  public readonly tid: string;
  public readonly today: string;
  public readonly todayDay: number;
  /** Report Refresh Date: two days before today. Day offsets in reports count back from here. */
  public readonly refreshDay: number;
  public readonly refreshDate: string;

  public readonly flags: Uint16Array;
  /** Live licence bitmask (SKU indexes). */
  public readonly lic: Uint16Array;
  /** Licences as the reports saw them at the refresh date. */
  public readonly lic0: Uint16Array;
  /** Days before the refresh date the account was created (negative: after it). */
  public readonly createdOff: Int16Array;
  /** Days before the refresh date the licences were assigned. */
  public readonly licOff: Int16Array;
  /** No activity more recent than this many days before the refresh date (inactive, disabled, deleted). */
  public readonly quietOff: Uint16Array;

  public readonly skus: ISku[];
  public readonly skuByPart = new Map<string, ISku>();
  public readonly skuById = new Map<string, ISku>();
  public readonly consumed: Int32Array;
  public readonly prepaid: Int32Array;

  public readonly groups: IGroup[] = [];
  public readonly groupById = new Map<string, number>();
  /**
   * Groups that are members of other groups: child group index -> parent group indexes. The synced
   * HQ-FileShare-RW sits inside IT Security, so IT Security's transitive members include its members.
   */
  public readonly nestedIn = new Map<number, number[]>();
  /** Member / guest counts per group as reported (initial state). */
  public readonly groupMembers0: Int32Array;
  public readonly groupGuests0: Int32Array;
  public readonly sites: ISite[] = [];
  public readonly yammerGroups: IYammerGroup[] = [];

  /** Property edits per user (PATCH, the bulk seams); written through editUser so the journal sees them. */
  public readonly edits = new Map<number, IUserEdits>();
  /**
   * The change journal: `lastChange[i]` is the sequence number of user i's last change (0: none since the
   * tenant started), from a counter that only grows. Delta rounds scan it (a Uint32Array: 100k users in well
   * under a millisecond).
   */
  public readonly lastChange: Uint32Array;
  private seq = 0;
  /** For users that changed: property -> the sequence number of its last change ('*': the whole user, added or removed). */
  private readonly propChange = new Map<number, Map<string, number>>();
  /** 1 for a user in the directory now (not soft-deleted; for a reserved user, created). */
  private readonly live: Uint8Array;
  private liveCount: number;
  private nAdded = 0;
  /** Reserved users created by addUsers: index -> the sequence number of their creation. */
  private readonly addedAt = new Map<number, number>();
  /** Bumped when the set of users or any displayName / userPrincipalName changes: the $orderby caches' key. */
  private orderVersion = 0;
  /** Bumped by expireDeltaTokens: tokens of an earlier generation are expired. */
  private tokenGeneration = 0;
  /** Tells this tenant's delta tokens from those of another tenant or an earlier run. */
  public readonly epoch: string;
  private readonly memberAdds = new Map<number, Set<number>>();
  private readonly memberRemoves = new Map<number, Set<number>>();
  private upnIndex: Map<string, number[]> | undefined;
  private readonly idMaskLo: number;
  private readonly idMaskHi: number;
  /** Random group indexes a user can be a static member of (not dynamic). */
  private readonly staticPool: number[] = [];
  private readonly dynamicGroups: IGroup[] = [];

  public constructor(config: ITenantConfig) {
    this.seed = config.seed >>> 0;
    this.nUsers = Math.max(1, Math.floor(config.users));
    this.nDeleted = Math.max(DELETED_PERSONAS.length, Math.floor(this.nUsers / 100));
    this.total = this.nUsers + this.nDeleted;
    this.nReserved = Math.max(0, Math.floor(config.reserve ?? Math.max(1000, Math.ceil(this.nUsers / 20))));
    this.capacity = this.total + this.nReserved;
    this.dirLength = this.nUsers + this.nReserved;
    this.epoch = `${this.seed.toString(36)}.${Date.now().toString(36)}.${(epochCounter++).toString(36)}`;
    this.tid = guid(this.seed, K.TENANT, 0);
    this.today = config.today;
    this.todayDay = dayNumber(config.today);
    this.refreshDay = this.todayDay - 2;
    this.refreshDate = ymdOf(this.refreshDay);
    this.idMaskLo = hash4(this.seed, 90) & 0xffffff;
    this.idMaskHi = hash4(this.seed, 91) & 0xffffff;

    this.skus = SKU_SPECS.map((spec, index) => {
      const known = SKU_NAMES.find((s) => s.skuPartNumber === spec.part);
      const skuId = known ? known.skuId : UNKNOWN_SKU_ID;
      const displayName = known ? known.displayName : spec.part;
      const sku: ISku = { index, skuId, skuPartNumber: spec.part, displayName, reportName: displayName.toUpperCase(), caps: spec.caps, plans: spec.plans, appsProduct: spec.apps, headroom: spec.headroom };
      this.skuByPart.set(spec.part, sku);
      this.skuById.set(skuId, sku);
      return sku;
    });

    const n = this.capacity;
    this.flags = new Uint16Array(n);
    this.lic = new Uint16Array(n);
    this.lic0 = new Uint16Array(n);
    this.createdOff = new Int16Array(n);
    this.licOff = new Int16Array(n);
    this.quietOff = new Uint16Array(n);
    for (let i = 0; i < n; i++) this.initUser(i);
    this.lastChange = new Uint32Array(n);
    this.live = new Uint8Array(n);
    this.live.fill(1, 0, this.nUsers);
    this.liveCount = this.nUsers;
    this.consumed = new Int32Array(this.skus.length);
    this.prepaid = new Int32Array(this.skus.length);
    for (let i = 0; i < this.nUsers; i++) {
      const l = this.lic[i] ?? 0;
      if (l) for (const s of this.skus) if (l & (1 << s.index)) this.consumed[s.index] = (this.consumed[s.index] ?? 0) + 1;
    }
    for (const s of this.skus) this.prepaid[s.index] = (this.consumed[s.index] ?? 0) + s.headroom;

    this.initGroups();
    this.groupMembers0 = new Int32Array(this.groups.length);
    this.groupGuests0 = new Int32Array(this.groups.length);
    for (let i = 0; i < this.nUsers; i++) {
      if ((this.createdOff[i] ?? 0) < 0) continue;
      for (const g of this.baseGroupsOf(i, true)) {
        this.groupMembers0[g] = (this.groupMembers0[g] ?? 0) + 1;
        if ((this.flags[i] ?? 0) & F.GUEST) this.groupGuests0[g] = (this.groupGuests0[g] ?? 0) + 1;
      }
    }
    this.initSites();
  }

  // ---------------------------------------------------------------- users

  private h(i: number, salt: number): number {
    return hash4(this.seed, K.USER * 1000 + salt, i);
  }

  private initUser(i: number): void {
    const skuBit = (part: string): number => 1 << (this.skuByPart.get(part)?.index ?? 0);
    let flags = 0;
    let lic = 0;
    let created: number;
    if (i >= this.nUsers && i < this.total) {
      // Deleted users: present only in reports.
      const k = i - this.nUsers;
      const persona = DELETED_PERSONAS[k];
      flags = F.DELETED;
      lic = persona ? skuBit(persona[2]) : unit(this.h(i, 1)) < 0.5 ? skuBit('SPE_E3') : skuBit('ENTERPRISEPACK');
      created = 200 + Math.floor(unit(this.h(i, 2)) * 1200);
      this.quietOff[i] = 2 + Math.floor(unit(this.h(i, 3)) * 24);
    } else if (i < PERSONAS.length) {
      const p = PERSONAS[i];
      if (!p) throw new Error('persona');
      flags = p.flags;
      for (const part of p.skus) lic |= skuBit(part);
      created = p.createdOff ?? 400 + Math.floor(unit(this.h(i, 2)) * 1200);
    } else {
      const r = unit(this.h(i, 1));
      if (r < 0.05) flags |= F.GUEST | F.NO_MANAGER;
      if (!(flags & F.GUEST)) {
        const l = unit(this.h(i, 4));
        if (l < 0.12) lic = skuBit('SPE_E5');
        else if (l < 0.42) lic = skuBit('SPE_E3');
        else if (l < 0.57) lic = skuBit('ENTERPRISEPACK');
        else if (l < 0.67) lic = skuBit('O365_BUSINESS_PREMIUM');
        else if (l < 0.72) lic = skuBit('EXCHANGESTANDARD');
        else if (l < 0.75) lic = skuBit('TEAMS_EXPLORATORY');
        else if (l < 0.77) lic = skuBit('AAD_PREMIUM');
        const a = unit(this.h(i, 5));
        if (lic && a < 0.15) lic |= skuBit('POWER_BI_PRO');
        if (a > 0.9) lic |= skuBit('FLOW_FREE');
        if (unit(this.h(i, 6)) < 0.03) flags |= F.DISABLED;
        if (unit(this.h(i, 7)) < 0.04) flags |= F.INACTIVE;
        if (unit(this.h(i, 8)) < 0.02) flags |= F.SYNCED;
        if (unit(this.h(i, 13)) < 0.15) flags |= F.ARCHIVE;
        if (unit(this.h(i, 14)) < 0.004) flags |= F.HOARDER;
        if (unit(this.h(i, 15)) < 0.05) flags |= F.SHARED_PC;
      }
      if (unit(this.h(i, 9)) < 0.12) flags |= F.NO_PHOTO;
      if (unit(this.h(i, 10)) < 0.1) flags |= F.NO_ONEDRIVE;
      const c = unit(this.h(i, 2));
      created = c < 0.03 ? Math.floor(c * 700) - 1 : 20 + Math.floor(c * 1800);
      if (i >= this.total) {
        // Reserved for addUsers: created today (two days after the refresh date), not yet licensed.
        created = -2;
        lic = 0;
      }
    }
    if (created < 0 || (flags & F.NEVER_SIGNED_IN)) flags |= F.NEVER_SIGNED_IN;
    if (flags & F.INACTIVE) this.quietOff[i] = 95 + Math.floor(unit(this.h(i, 11)) * 300);
    else if (flags & F.DISABLED) this.quietOff[i] = 20 + Math.floor(unit(this.h(i, 11)) * 150);
    this.flags[i] = flags;
    this.lic[i] = lic;
    this.lic0[i] = created < 0 ? 0 : lic;
    this.createdOff[i] = Math.min(created, 30000);
    this.licOff[i] = created < 0 ? -1 : Math.max(0, created - Math.floor(unit(this.h(i, 12)) * Math.min(created, 30)));
  }

  /** The user's id; the last 12 hex digits encode the index so lookups need no map. */
  public userId(i: number): string {
    const a = hex8(this.h(i, 20));
    const b = hex8(this.h(i, 21));
    const lo = ((i & 0xffffff) ^ this.idMaskLo) >>> 0;
    const hi = ((Math.floor(i / 0x1000000) & 0xffffff) ^ this.idMaskHi) >>> 0;
    const variant = '89ab'[this.h(i, 22) & 3] ?? '8';
    return `${a}-${b.slice(0, 4)}-4${b.slice(5, 8)}-${variant}${hex8(this.h(i, 23)).slice(0, 3)}-${hi.toString(16).padStart(6, '0')}${lo.toString(16).padStart(6, '0')}`;
  }

  /** Index of a directory user id, or -1. */
  public indexOfId(id: string): number {
    const m = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-([0-9a-f]{6})([0-9a-f]{6})$/i.exec(id);
    if (!m) return -1;
    const hi = (parseInt(m[1] ?? '', 16) ^ this.idMaskHi) >>> 0;
    const lo = (parseInt(m[2] ?? '', 16) ^ this.idMaskLo) >>> 0;
    const i = hi * 0x1000000 + lo;
    if (i >= this.capacity || this.userId(i) !== id.toLowerCase()) return -1;
    return i;
  }

  /** Index of a user by id or UPN (case-insensitive), users in the directory now only; -1 when none. */
  public findUser(idOrUpn: string): number {
    const byId = this.indexOfId(idOrUpn);
    if (byId >= 0) return this.isLive(byId) ? byId : -1;
    if (!this.upnIndex) {
      // Every user the directory holds or can hold (the reserved ones too), so adds and removes never rebuild it.
      // A reserved user's generated name may repeat a live one's: each name keeps every index, the live one answers.
      this.upnIndex = new Map();
      for (let p = 0; p < this.dirLength; p++) {
        const i = this.dirIndex(p);
        const edited = this.edits.get(i)?.userPrincipalName;
        const key = (typeof edited === 'string' ? edited : this.upn(i)).toLowerCase();
        const held = this.upnIndex.get(key);
        if (held) held.push(i);
        else this.upnIndex.set(key, [i]);
      }
    }
    return (this.upnIndex.get(idOrUpn.toLowerCase()) ?? []).find(i => this.isLive(i)) ?? -1;
  }

  // ---------------------------------------------------------------- the directory's users and their changes

  /** The user index at a directory position (see dirLength): [0, nUsers) as is, then the reserved users. */
  public dirIndex(p: number): number {
    return p < this.nUsers ? p : this.total + (p - this.nUsers);
  }

  /** Whether user i is in the directory now: not soft-deleted, and for a reserved user, created. */
  public isLive(i: number): boolean {
    return i >= 0 && i < this.capacity && this.live[i] === 1;
  }

  /** Users in the directory now (what /users/$count counts). */
  public get userCount(): number {
    return this.liveCount;
  }

  /** The journal's latest sequence number (0 before any change). */
  public get changeSeq(): number {
    return this.seq;
  }

  /** Changes whenever users are added or removed or a displayName / userPrincipalName changes. */
  public get directoryVersion(): number {
    return this.orderVersion;
  }

  /** The delta token generation in force (expireDeltaTokens moves it on). */
  public get deltaTokenGeneration(): number {
    return this.tokenGeneration;
  }

  /** The sequence number at which addUsers created reserved user i; 0 for the users the tenant began with. */
  public addedSeq(i: number): number {
    return this.addedAt.get(i) ?? 0;
  }

  /**
   * Journal a change of user i: the properties (as /users selects them) whose values changed, or null for the
   * whole user (created or removed). No properties, no change.
   */
  public recordChange(i: number, props: readonly string[] | null): void {
    if (props && !props.length) return;
    const s = ++this.seq;
    this.lastChange[i] = s;
    let m = this.propChange.get(i);
    if (!m) this.propChange.set(i, (m = new Map()));
    for (const p of props ?? ['*']) m.set(p, s);
  }

  /** Whether property p of user i has changed since the tenant started (delta then shows it even when null). */
  public everChanged(i: number, p: string): boolean {
    return this.propChange.get(i)?.has(p) ?? false;
  }

  /**
   * Whether user i was last created or removed, or any of `props` last changed, within (since, upto] of the
   * journal. A property changed again after `upto` counts in the window that holds its last change.
   */
  public changedIn(i: number, since: number, upto: number, props: readonly string[]): boolean {
    if ((this.lastChange[i] ?? 0) <= since) return false;
    const m = this.propChange.get(i);
    if (!m) return false;
    const within = (p: string): boolean => {
      const s = m.get(p) ?? 0;
      return s > since && s <= upto;
    };
    return within('*') || props.some(within);
  }

  /**
   * Apply property edits to user i (PATCH /users/{id}, the seams), journalled. `changed` names the properties
   * whose values the edits changed, derived ones included (PATCH works them out: an edit to usageLocation can
   * change country and preferredLanguage); by default, the edited properties.
   */
  public editUser(i: number, edits: IUserEdits, changed?: () => readonly string[]): void {
    this.edits.set(i, { ...(this.edits.get(i) ?? {}), ...edits });
    const props = changed ? changed() : Object.keys(edits);
    if (props.includes('displayName') || props.includes('userPrincipalName')) this.orderVersion++;
    if (props.includes('userPrincipalName')) this.upnIndex = undefined;
    this.recordChange(i, props);
  }

  /**
   * Set user i's live licences (assignLicense), journalled. `changed` names the properties the new licences
   * changed (assignLicense works them out); by default the licence properties, and mail when it changes.
   */
  public setLicences(i: number, mask: number, changed?: () => readonly string[]): void {
    const before = this.lic[i] ?? 0;
    const mailBefore = this.mail(i);
    this.lic[i] = mask;
    if (changed) this.recordChange(i, changed());
    else if (before !== mask) this.recordChange(i, ['assignedLicenses', 'licenseAssignmentStates', 'assignedPlans', ...(this.mail(i) !== mailBefore ? ['mail'] : [])]);
  }

  /** Soft-delete user i: gone from /users, /users/{id} and $count; `@removed` in delta. False if not live. */
  public removeUser(i: number): boolean {
    if (!this.isLive(i)) return false;
    this.live[i] = 0;
    this.liveCount--;
    // A deleted user's licences go back to the pool (subscribedSkus' consumedUnits).
    const l = this.lic[i] ?? 0;
    if (l) for (const s of this.skus) if (l & (1 << s.index)) this.consumed[s.index] = (this.consumed[s.index] ?? 1) - 1;
    this.orderVersion++;
    this.recordChange(i, null);
    return true;
  }

  /**
   * Test and benchmark seam: change the jobTitle and department of n users in the directory, picked
   * deterministically from `seed` among the generated members (never the named personas, whom tests use).
   * The new values depend on the journal's sequence too, so calling again with the same seed changes the same
   * users again, visibly. Returns their ids.
   */
  public updateUsers(n: number, seed = 1): string[] {
    const picked = this.pick(n, seed, (i) => !this.isGuest(i));
    for (const i of picked) {
      const h = hash4(this.seed ^ 0x5eed, seed, i, this.seq + 1);
      const current = this.user(i).department;
      let dept = DEPARTMENTS[h % DEPARTMENTS.length] ?? 'Sales';
      if (dept === current) dept = DEPARTMENTS[(h + 1) % DEPARTMENTS.length] ?? 'Sales';
      const role = ROLES[(h >>> 8) % ROLES.length] ?? 'Specialist';
      this.editUser(i, { jobTitle: `${dept} ${role}`, department: dept });
    }
    return picked.map((i) => this.userId(i));
  }

  /** Test and benchmark seam: soft-delete n users, picked as updateUsers picks them (from `seed`). Returns their ids. */
  public removeUsers(n: number, seed = 1): string[] {
    const picked = this.pick(n, seed, () => true);
    for (const i of picked) this.removeUser(i);
    return picked.map((i) => this.userId(i));
  }

  /**
   * Test and benchmark seam: create n users that did not exist (the next reserved ones, in order): they appear
   * in /users, /users/$count, /users/{id} and delta. Throws past the reserve (ITenantConfig.reserve). Returns their ids.
   */
  public addUsers(n: number): string[] {
    const count = Math.max(0, Math.floor(n));
    if (this.nAdded + count > this.nReserved) throw new Error(`addUsers: only ${this.nReserved - this.nAdded} more users can be added (reserve ${this.nReserved})`);
    const ids: string[] = [];
    for (let k = 0; k < count; k++) {
      const i = this.total + this.nAdded++;
      this.live[i] = 1;
      this.liveCount++;
      this.recordChange(i, null);
      this.addedAt.set(i, this.seq);
      ids.push(this.userId(i));
    }
    if (count) this.orderVersion++;
    return ids;
  }

  /** Test seam: every delta token issued so far (deltaLinks and nextLinks) is expired from now on. */
  public expireDeltaTokens(): void {
    this.tokenGeneration++;
  }

  /** n distinct live generated users (not personas) that pass `ok`, drawn deterministically from seed. */
  private pick(n: number, seed: number, ok: (i: number) => boolean): number[] {
    const want = Math.max(0, Math.floor(n));
    if (!want) return [];
    const pool: number[] = [];
    for (let p = 0; p < this.dirLength; p++) {
      const i = this.dirIndex(p);
      if (i >= PERSONAS.length && this.live[i] === 1 && ok(i)) pool.push(i);
    }
    if (want > pool.length) throw new Error(`only ${pool.length} users can be picked, ${want} asked`);
    const draw = new Sequence(hash4(this.seed, 0xde17a, seed));
    for (let k = 0; k < want; k++) {
      const j = k + Math.floor(draw.next() * (pool.length - k));
      const a = pool[k] ?? 0;
      pool[k] = pool[j] ?? 0;
      pool[j] = a;
    }
    return pool.slice(0, want).sort((a, b) => a - b);
  }

  /**
   * Whether a directory user holds an admin role that may read usage reports (the demo's Global
   * Administrator, Avery Admin). Everyone else signed in with delegated scopes is refused reports.
   */
  public hasReportRole(i: number): boolean {
    return i >= 0 && i < this.nUsers && ((this.flags[i] ?? 0) & F.ADMIN) !== 0;
  }

  public isGuest(i: number): boolean {
    return ((this.flags[i] ?? 0) & F.GUEST) !== 0;
  }

  /** [given, surname, display] for a user. */
  public names(i: number): [string | null, string | null, string] {
    if (i < PERSONAS.length && i < this.nUsers) {
      const p = PERSONAS[i];
      if (p) return [p.given, p.surname, p.display];
    }
    if (i >= this.nUsers) {
      const d = DELETED_PERSONAS[i - this.nUsers];
      if (d) {
        const [g, s] = d[0].split(' ');
        return [g ?? null, s ?? null, d[0]];
      }
    }
    const [first, last] = this.nameParts(i);
    const display = `${first[0]} ${last[0]}`;
    return [first[0], last[0], this.isGuest(i) ? `${display} (Guest)` : display];
  }

  private nameParts(i: number): [readonly [string, string], readonly [string, string]] {
    const nf = FIRST_NAMES.length;
    const nl = LAST_NAMES.length;
    // A bijection index -> (first, last) so UPNs stay unique; rounds beyond nf*nl get a number.
    const k = (i * 7919) % (nf * nl);
    const first = FIRST_NAMES[k % nf] ?? FIRST_NAMES[0];
    const last = LAST_NAMES[Math.floor(k / nf)] ?? LAST_NAMES[0];
    if (!first || !last) throw new Error('names');
    return [first, last];
  }

  private upnLocal(i: number): string {
    if (i < PERSONAS.length && i < this.nUsers) return PERSONAS[i]?.upnLocal ?? `user${i}`;
    if (i >= this.nUsers) {
      const d = DELETED_PERSONAS[i - this.nUsers];
      if (d) return d[1];
    }
    const [first, last] = this.nameParts(i);
    const round = Math.floor(i / (FIRST_NAMES.length * LAST_NAMES.length));
    return `${first[1]}.${last[1]}${round > 0 ? round + 1 : ''}`;
  }

  private guestDomain(i: number): string {
    if (i < PERSONAS.length) return PERSONAS[i]?.guestDomain ?? 'fabrikam.com';
    return GUEST_DOMAINS[this.h(i, 30) % GUEST_DOMAINS.length] ?? 'fabrikam.com';
  }

  public upn(i: number): string {
    const local = this.upnLocal(i);
    if (this.isGuest(i)) return `${local}_${this.guestDomain(i)}#EXT#@${this.domain}`;
    return `${local}@${this.domain}`;
  }

  public mail(i: number): string | null {
    if (this.isGuest(i)) return `${this.upnLocal(i)}@${this.guestDomain(i)}`;
    const l = this.lic[i] ?? 0;
    const hasExo = this.skus.some((s) => l & (1 << s.index) && s.caps & (1 << WL.EXO));
    // Unlicensed members keep a mail attribute only sometimes.
    return hasExo || this.h(i, 31) % 2 === 0 ? `${this.upnLocal(i)}@${this.domain}` : null;
  }

  private baseJob(i: number): { jobTitle: string | null; department: string | null; officeLocation: string | null; usageLocation: string | null } {
    if (i < PERSONAS.length && i < this.nUsers) {
      const p = PERSONAS[i];
      if (p) return { jobTitle: p.jobTitle, department: p.department, officeLocation: p.office, usageLocation: p.usageLocation };
    }
    if (this.isGuest(i)) return { jobTitle: null, department: null, officeLocation: null, usageLocation: null };
    const dept = DEPARTMENTS[this.h(i, 40) % DEPARTMENTS.length] ?? 'Sales';
    const role = ROLES[this.h(i, 41) % ROLES.length] ?? 'Specialist';
    const office = OFFICES[this.h(i, 42) % OFFICES.length] ?? OFFICES[0];
    const blankJob = this.h(i, 43) % 25 === 0;
    const unlicensed = (this.lic[i] ?? 0) === 0;
    return {
      jobTitle: blankJob ? null : `${dept} ${role}`,
      department: blankJob ? null : dept,
      officeLocation: office ? office[0] : null,
      usageLocation: unlicensed && this.h(i, 44) % 8 === 0 ? null : (office?.[1] ?? 'US')
    };
  }

  /** The user with edits applied. */
  public user(i: number): IUserRecord {
    const [givenName, surname, displayName] = this.names(i);
    const flags = this.flags[i] ?? 0;
    const job = this.baseJob(i);
    const deleted = (flags & F.DELETED) !== 0;
    const createdDay = this.refreshDay - (this.createdOff[i] ?? 0);
    const secs = this.h(i, 50) % 86400;
    const record: IUserRecord = {
      index: i,
      id: this.userId(i),
      displayName,
      givenName,
      surname,
      userPrincipalName: this.upn(i),
      mail: this.mail(i),
      jobTitle: job.jobTitle,
      department: job.department,
      officeLocation: job.officeLocation,
      usageLocation: job.usageLocation,
      accountEnabled: (flags & F.DISABLED) === 0,
      userType: flags & F.GUEST ? 'Guest' : 'Member',
      createdDateTime: new Date(createdDay * DAY_MS + secs * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      deleted,
      deletedDate: deleted ? ymdOf(this.refreshDay - (this.quietOff[i] ?? 0)) : null,
      flags
    };
    const e = this.edits.get(i);
    if (e) Object.assign(record, e);
    return record;
  }

  /** Managers set or removed (-1) through manager/$ref, by user index. */
  private readonly managerSet = new Map<number, number>();

  /** Set (a user index) or remove (-1) user i's manager, as PUT / DELETE manager/$ref do. */
  public setManager(i: number, manager: number): void {
    this.managerSet.set(i, manager);
    this.recordChange(i, ['manager']);
  }

  /** Directory index of the user's manager, or -1. */
  public managerOf(i: number): number {
    const set = this.managerSet.get(i);
    if (set !== undefined) return set >= 0 && this.isLive(set) ? set : -1;
    const flags = this.flags[i] ?? 0;
    if (i === 0 || flags & (F.NO_MANAGER | F.GUEST) || i >= this.nUsers) return -1;
    let m = Math.floor((i - 1) / 6);
    // Managers are members; a persona without a manager can still manage others (not the break-glass account).
    while (m > 0 && (this.isGuest(m) || m === BREAK_GLASS)) m = Math.floor((m - 1) / 6);
    return m === i ? -1 : m;
  }

  public hasPhoto(i: number): boolean {
    return ((this.flags[i] ?? 0) & F.NO_PHOTO) === 0 && i < this.nUsers;
  }

  // ---------------------------------------------------------------- licences

  public skusOf(mask: number): ISku[] {
    return this.skus.filter((s) => mask & (1 << s.index));
  }

  private readonly capsCache = new Map<number, number>();
  private readonly namesCache = new Map<number, string[]>();

  /** Workload capability bits of a licence mask. */
  public capsOf(mask: number): number {
    let caps = this.capsCache.get(mask);
    if (caps === undefined) {
      caps = 0;
      for (const s of this.skus) if (mask & (1 << s.index)) caps |= s.caps;
      this.capsCache.set(mask, caps);
    }
    return caps;
  }

  /** Report product names (Assigned Products) of a licence mask; shared array, do not modify. */
  public reportNamesOf(mask: number): string[] {
    let names = this.namesCache.get(mask);
    if (!names) {
      names = this.skusOf(mask).map((s) => s.reportName);
      this.namesCache.set(mask, names);
    }
    return names;
  }

  public tenantHasP1(): boolean {
    return true;
  }

  // ---------------------------------------------------------------- groups

  private initGroups(): void {
    const fixed: Array<Omit<IGroup, 'index' | 'id' | 'ownerIndex' | 'createdOff' | 'mailNickname' | 'yammer'> & { yammer?: boolean }> = [
      { displayName: 'All Company', description: 'Everyone at Contoso', kind: 'unified', visibility: 'Public', isTeam: true, yammer: true },
      { displayName: 'IT Security', description: 'Security group for IT staff', kind: 'security', visibility: null, isTeam: false },
      { displayName: 'Finance Approvers', description: 'Mail-enabled security group', kind: 'mailSecurity', visibility: null, isTeam: false },
      { displayName: 'Sales Updates DL', description: 'Distribution list for sales news', kind: 'distribution', visibility: null, isTeam: false },
      { displayName: 'Sales (dynamic)', description: 'Everyone whose department is Sales', kind: 'dynamic', visibility: null, isTeam: false, ruleDepartment: 'Sales' },
      { displayName: 'HQ-FileShare-RW', description: 'Synced from on-premises Active Directory', kind: 'synced', visibility: null, isTeam: false },
      { displayName: 'Project Falcon', description: 'Private project team', kind: 'unified', visibility: 'Private', isTeam: true },
      { displayName: 'Marketing', description: 'Marketing department', kind: 'unified', visibility: 'Public', isTeam: true, yammer: true },
      { displayName: 'Engineering (dynamic)', description: 'Everyone whose department is Engineering', kind: 'dynamic', visibility: null, isTeam: false, ruleDepartment: 'Engineering' }
    ];
    const topics = ['Project', 'Team', 'Committee', 'Squad', 'Guild', 'Taskforce', 'Club', 'Council'];
    const nouns = ['Atlas', 'Borealis', 'Cobalt', 'Delta', 'Ember', 'Fjord', 'Granite', 'Harbor', 'Iris', 'Juniper', 'Kestrel', 'Lumen', 'Mosaic', 'Nimbus', 'Orion', 'Pulse', 'Quartz', 'Raven', 'Summit', 'Tundra'];
    const count = Math.max(fixed.length + 6, Math.floor(this.nUsers / 40));
    for (let g = 0; g < count; g++) {
      const h = hash4(this.seed, K.GROUP * 1000, g);
      const f = fixed[g];
      let spec: Omit<IGroup, 'index' | 'id' | 'ownerIndex' | 'createdOff' | 'mailNickname' | 'yammer'> & { yammer?: boolean };
      if (f) spec = f;
      else {
        const r = unit(h);
        const kind: GroupKind = r < 0.6 ? 'unified' : r < 0.85 ? 'security' : r < 0.9 ? 'mailSecurity' : 'distribution';
        const name = `${nouns[g % nouns.length] ?? 'Atlas'} ${topics[Math.floor(g / nouns.length) % topics.length] ?? 'Team'}${g >= nouns.length * topics.length ? ` ${Math.floor(g / (nouns.length * topics.length)) + 1}` : ''}`;
        spec = {
          displayName: kind === 'distribution' ? `${name} DL` : name,
          description: `${name} (${kind})`,
          kind,
          visibility: kind === 'unified' ? (h % 3 === 0 ? 'Private' : 'Public') : null,
          isTeam: kind === 'unified' && h % 2 === 0,
          yammer: kind === 'unified' && h % 7 === 0
        };
      }
      let owner = hash4(this.seed, K.GROUP * 1000 + 1, g) % this.nUsers;
      if (this.isGuest(owner)) owner = 0;
      const group: IGroup = {
        ...spec,
        yammer: spec.yammer ?? false,
        index: g,
        id: guid(this.seed, K.GROUP, g),
        mailNickname: spec.displayName.replace(/[^A-Za-z0-9]/g, '') || `group${g}`,
        ownerIndex: owner,
        createdOff: 30 + (hash4(this.seed, K.GROUP * 1000 + 2, g) % 1500)
      };
      this.groups.push(group);
      this.groupById.set(group.id, g);
      if (g >= 1 && spec.kind !== 'dynamic') this.staticPool.push(g);
      if (spec.kind === 'dynamic') this.dynamicGroups.push(group);
    }
    if (this.groups[1]?.kind === 'security' && this.groups[5]?.kind === 'synced') this.nestedIn.set(5, [1]);
    const yn = Math.max(3, Math.floor(count / 20));
    for (let y = 0; y < yn; y++) {
      const h = hash4(this.seed, 77, y);
      const g = this.groups[y * 7 < count ? y * 7 : 0];
      this.yammerGroups.push({
        index: y,
        name: y === 0 ? 'All Company' : `${nouns[y % nouns.length] ?? 'Atlas'} Community`,
        ownerIndex: g?.ownerIndex ?? 0,
        connected: y % 2 === 0,
        type: h % 3 === 0 ? 'Private' : 'Public',
        memberCount: 5 + (h % Math.max(6, Math.floor(this.nUsers / 10)))
      });
    }
  }

  /** Groups a user belongs to before any $ref edits. `asReported` uses the initial department. */
  private baseGroupsOf(i: number, asReported = false): number[] {
    if (i >= this.nUsers) return [];
    const out: number[] = [];
    const guest = this.isGuest(i);
    if (!guest) out.push(0);
    const dept = asReported ? this.baseJob(i).department : this.user(i).department;
    for (const g of this.dynamicGroups) if (g.ruleDepartment === dept && !guest) out.push(g.index);
    if (i === 0) for (const g of [1, 2, 5]) if (g < this.groups.length) out.push(g);
    const k = guest ? 1 : hash4(this.seed, 60, i) % 5;
    const pool = this.staticPool.length;
    for (let j = 0; j < k && pool > 0; j++) {
      const g = this.staticPool[hash4(this.seed, 61 + j, i) % pool];
      if (g !== undefined && !out.includes(g) && (!guest || this.groups[g]?.kind === 'unified')) out.push(g);
    }
    return out;
  }

  /** Live memberships (with $ref adds/removes); none for a user not in the directory. */
  public groupsOf(i: number): number[] {
    if (!this.isLive(i)) return [];
    const out = this.baseGroupsOf(i).filter((g) => !this.memberRemoves.get(g)?.has(i));
    for (const [g, set] of this.memberAdds) if (set.has(i) && !out.includes(g)) out.push(g);
    return out.sort((a, b) => a - b);
  }

  public isMember(g: number, i: number): boolean {
    return this.groupsOf(i).includes(g);
  }

  /** Groups nested directly in group g (its group members). */
  public childGroupsOf(g: number): number[] {
    const out: number[] = [];
    for (const [child, parents] of this.nestedIn) if (parents.includes(g)) out.push(child);
    return out.sort((a, b) => a - b);
  }

  /** The user's groups, direct and through nesting (what transitiveMemberOf lists), sorted. */
  public transitiveGroupsOf(i: number): number[] {
    const out = this.groupsOf(i);
    for (let k = 0; k < out.length; k++) for (const p of this.nestedIn.get(out[k] ?? -1) ?? []) if (!out.includes(p)) out.push(p);
    return out.sort((a, b) => a - b);
  }

  /** Whether user i is in group g directly or through a nested group. */
  public isTransitiveMember(g: number, i: number): boolean {
    if (this.nestedIn.size === 0) return this.isMember(g, i);
    return this.transitiveGroupsOf(i).includes(g);
  }

  public addMember(g: number, i: number): void {
    this.memberRemoves.get(g)?.delete(i);
    if (!this.baseGroupsOf(i).includes(g)) {
      const s = this.memberAdds.get(g) ?? new Set<number>();
      s.add(i);
      this.memberAdds.set(g, s);
    }
  }

  public removeMember(g: number, i: number): void {
    this.memberAdds.get(g)?.delete(i);
    if (this.baseGroupsOf(i).includes(g)) {
      const s = this.memberRemoves.get(g) ?? new Set<number>();
      s.add(i);
      this.memberRemoves.set(g, s);
    }
  }

  // ---------------------------------------------------------------- sites

  private initSites(): void {
    const add = (title: string, url: string, template: string, ownerIndex: number, groupIndex: number | null, createdOff: number): void => {
      const index = this.sites.length;
      this.sites.push({ index, id: guid(this.seed, K.SITE, index), url, title, template, ownerIndex, groupIndex, createdOff });
    };
    add('Contoso', `https://${this.sharepointHost}/`, 'Communication Site', 0, null, 2000);
    for (const g of this.groups) if (g.kind === 'unified') add(g.displayName, `https://${this.sharepointHost}/sites/${g.mailNickname}`, 'Group', g.ownerIndex, g.index, g.createdOff);
    const comm = Math.max(3, Math.floor(this.groups.length / 10));
    for (let c = 0; c < comm; c++) {
      const owner = hash4(this.seed, 70, c) % this.nUsers;
      add(c % 2 ? `Intranet News ${c}` : `Policies ${c}`, `https://${this.sharepointHost}/sites/${c % 2 ? 'news' : 'policies'}${c}`, c % 3 === 2 ? 'Team Site' : 'Communication Site', this.isGuest(owner) ? 0 : owner, null, 100 + c * 13);
    }
  }

  /** A user's OneDrive URL. */
  public oneDriveUrl(i: number): string {
    return `https://contoso-my.sharepoint.com/personal/${this.upn(i).replace(/[@.#]/g, '_').toLowerCase()}`;
  }

  public requestGuid(n: number): string {
    return guid(this.seed, K.REQ, n);
  }
}
