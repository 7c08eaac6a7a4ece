/**
 * Devices of the demo tenant's people, a pure function of (seed, user, slot): Entra device objects
 * (registered and owned) and Intune managed devices. A person has up to four slots; most licensed members have
 * one to three devices. An Entra-joined or registered device that Intune manages shares its Entra `deviceId`
 * (Intune's `azureADDeviceId`); a few Intune devices are in no Entra registration (the all-zero GUID). Retire
 * and wipe are recorded here: the device then shows a pending management state.
 */
import { F } from './names';
import { guid, hash4, unit } from './rng';
import { Tenant } from './tenant';

/** Device slots per user: position p = user index × SLOTS + slot. */
export const SLOTS = 4;
/** Intune writes this for a device registered in no Entra tenant. */
export const ZERO_GUID = '00000000-0000-0000-0000-000000000000';
// Kinds for guid(), apart from tenant.ts's.
const K = { OBJECT: 31, DEVICE: 32, MANAGED: 33 } as const;

type Platform = 'windows' | 'mac' | 'ios' | 'android' | 'ipad';

/** One device slot of a user, before it is shown as Entra or Intune. */
export interface IDeviceSlot {
  user: number;
  slot: number;
  /** user × SLOTS + slot. */
  n: number;
  platform: Platform;
  /** In Entra ID (registered, joined or hybrid joined). */
  inEntra: boolean;
  /** Managed by Intune. */
  managed: boolean;
  trustType: 'AzureAd' | 'ServerAd' | 'Workplace';
  ownerType: 'company' | 'personal';
  complianceState: 'compliant' | 'noncompliant' | 'inGracePeriod' | 'unknown';
  /** Days before the refresh date the device was last seen (sign-in, sync). */
  lastSeenOff: number;
  /** Days before the refresh date it was registered / enrolled. */
  registeredOff: number;
  h: number;
}

/** A retire or wipe sent through Graph. */
export interface IDeviceAction {
  managedDeviceId: string;
  userId: string;
  action: 'retire' | 'wipe';
  at: string;
}

const MODELS: Record<Platform, Array<readonly [string, string, string, string]>> = {
  // [manufacturer, model, operatingSystem, version]
  windows: [
    ['Microsoft Corporation', 'Surface Laptop 5', 'Windows', '10.0.22631.3296'],
    ['LENOVO', 'ThinkPad X1 Carbon Gen 11', 'Windows', '10.0.22631.3447'],
    ['Dell Inc.', 'Latitude 7440', 'Windows', '10.0.22621.3155'],
    ['HP', 'EliteBook 840 G10', 'Windows', '10.0.19045.4170']
  ],
  mac: [['Apple', 'MacBook Pro (14-inch, 2023)', 'macOS', '14.4.1'], ['Apple', 'MacBook Air (M2, 2022)', 'macOS', '13.6.6']],
  ios: [['Apple', 'iPhone 15', 'iOS', '17.4.1'], ['Apple', 'iPhone 13', 'iOS', '16.7.7'], ['Apple', 'iPhone 15 Pro', 'iOS', '17.3.1']],
  ipad: [['Apple', 'iPad Air (5th generation)', 'iPadOS', '17.4.1']],
  android: [['Google', 'Pixel 8', 'Android', '14'], ['samsung', 'SM-S911B', 'Android', '14'], ['samsung', 'SM-A546B', 'Android', '13']]
};

/** How many device slots user i fills (0..3; the admin has three, guests and the break-glass account none). */
export function deviceCount(t: Tenant, i: number): number {
  if (!t.isLive(i) || i >= t.total) return 0;
  const flags = t.flags[i] ?? 0;
  if (flags & F.GUEST) return 0;
  if (i === 0) return 3;
  // Devices come from the licences held at the start (lic0), not the live ones: removing a leaver's licences
  // leaves their devices enrolled (as Intune does), so they can still be retired or wiped.
  if (!(t.lic0[i] ?? 0)) return unit(hash4(t.seed, 0xde0, i)) < 0.6 || flags & F.ADMIN ? 0 : 1;
  const r = unit(hash4(t.seed, 0xde1, i));
  return r < 0.08 ? 0 : r < 0.45 ? 1 : r < 0.85 ? 2 : 3;
}

/** Slot k of user i, or undefined past their count. */
export function deviceSlot(t: Tenant, i: number, k: number): IDeviceSlot | undefined {
  if (k < 0 || k >= deviceCount(t, i)) return undefined;
  const h = hash4(t.seed, 0xde2 + k, i);
  const u = unit(h);
  const flags = t.flags[i] ?? 0;
  const licensed = (t.lic0[i] ?? 0) !== 0;
  let platform: Platform;
  if (k === 0) platform = u < 0.85 ? 'windows' : 'mac';
  else if (k === 1) platform = u < 0.6 ? 'ios' : 'android';
  else platform = u < 0.4 ? 'ipad' : u < 0.7 ? 'android' : 'windows';
  const computer = platform === 'windows' || platform === 'mac';
  const corporate = licensed && k === 0;
  const managed = corporate || (licensed && unit(hash4(t.seed, 0xde3, i, k)) < (computer ? 0.5 : 0.65));
  // A few phones are enrolled in Intune without an Entra registration.
  const inEntra = !(managed && !computer && unit(hash4(t.seed, 0xde4, i, k)) < 0.1);
  const trustType = platform === 'windows' && corporate ? (flags & F.SYNCED ? 'ServerAd' : 'AzureAd') : 'Workplace';
  const c = unit(hash4(t.seed, 0xde5, i, k));
  const complianceState = c < 0.82 ? 'compliant' : c < 0.92 ? 'noncompliant' : c < 0.97 ? 'inGracePeriod' : 'unknown';
  // Devices go quiet when their person does; an old phone or two has not been seen for months.
  const quiet = t.quietOff[i] ?? 0;
  const stale = k > 0 && unit(hash4(t.seed, 0xde6, i, k)) < 0.06;
  const lastSeenOff = Math.max(0, quiet + (stale ? 40 + ((h >>> 8) % 160) : (h >>> 12) % 4));
  const created = Math.max(0, t.createdOff[i] ?? 0);
  const registeredOff = Math.max(lastSeenOff, created - ((h >>> 16) % Math.max(1, Math.min(created, 400) + 1)));
  return { user: i, slot: k, n: i * SLOTS + k, platform, inEntra, managed, trustType, ownerType: corporate || computer ? 'company' : 'personal', complianceState, lastSeenOff, registeredOff, h };
}

/** Every slot of user i. */
export function slotsOf(t: Tenant, i: number): IDeviceSlot[] {
  const out: IDeviceSlot[] = [];
  for (let k = 0; k < SLOTS; k++) {
    const s = deviceSlot(t, i, k);
    if (s) out.push(s);
  }
  return out;
}

function spec(s: IDeviceSlot): readonly [string, string, string, string] {
  const list = MODELS[s.platform];
  return list[(s.h >>> 20) % list.length] ?? ['Unknown', 'Unknown', 'Unknown', ''];
}

function at(t: Tenant, off: number, secs: number): string {
  return new Date((t.refreshDay - off) * 86400000 + (secs % 86400) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The device's name as its person sees it. */
function deviceName(t: Tenant, s: IDeviceSlot): string {
  const tag = ((s.h >>> 4) & 0xffffff).toString(36).toUpperCase().padStart(5, '0').slice(0, 7);
  const [given] = t.names(s.user);
  const who = given ?? t.upn(s.user).split('@')[0] ?? 'User';
  switch (s.platform) {
    case 'windows':
      return s.slot === 0 ? `LAPTOP-${tag}` : `DESKTOP-${tag}`;
    case 'mac':
      return `${who}'s MacBook`;
    case 'ios':
      return `${who}'s iPhone`;
    case 'ipad':
      return `${who}'s iPad`;
    default:
      return `${who}'s Android`;
  }
}

/** The Entra device object's id (what /devices/{id} and registeredDevices list). */
export function entraObjectId(t: Tenant, n: number): string {
  return guid(t.seed, K.OBJECT, n);
}

/** The Entra deviceId (Intune's azureADDeviceId). */
export function entraDeviceId(t: Tenant, n: number): string {
  return guid(t.seed, K.DEVICE, n);
}

/** The Intune managed device id. */
export function managedDeviceId(t: Tenant, n: number): string {
  return guid(t.seed, K.MANAGED, n);
}

/** The Entra device object (#microsoft.graph.device) of a slot in Entra. */
export function entraDevice(t: Tenant, s: IDeviceSlot): Record<string, unknown> {
  const [manufacturer, model, os, version] = spec(s);
  return {
    id: entraObjectId(t, s.n),
    deletedDateTime: null,
    accountEnabled: true,
    approximateLastSignInDateTime: at(t, s.lastSeenOff, 28800 + (s.h % 36000)),
    createdDateTime: at(t, s.registeredOff, 3600 + (s.h % 30000)),
    deviceId: entraDeviceId(t, s.n),
    displayName: deviceName(t, s),
    isCompliant: s.managed ? s.complianceState === 'compliant' : null,
    isManaged: s.managed,
    manufacturer,
    model,
    operatingSystem: os === 'macOS' && s.managed ? 'MacMDM' : os,
    operatingSystemVersion: version,
    profileType: 'RegisteredDevice',
    registrationDateTime: at(t, s.registeredOff, 3600 + (s.h % 30000)),
    trustType: s.trustType
  };
}

const SERIAL_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
function serial(s: IDeviceSlot): string {
  const n = s.platform === 'windows' ? 8 : s.platform === 'android' ? 11 : 12;
  let out = s.platform === 'windows' ? 'PF' : s.platform === 'android' ? 'R5C' : '';
  let h = s.h;
  for (let k = out.length; k < n; k++) {
    h = hash4(h, k);
    out += SERIAL_ALPHABET[h % SERIAL_ALPHABET.length] ?? 'X';
  }
  return out;
}

/** The Intune managed device (#microsoft.graph.managedDevice) of a managed slot, with any retire or wipe sent. */
export function managedDevice(t: Tenant, s: IDeviceSlot, action?: IDeviceAction): Record<string, unknown> {
  const [manufacturer, model, os, version] = spec(s);
  const u = t.user(s.user);
  const syncSecs = 30000 + (s.h % 40000);
  const enrollment = s.platform === 'windows' ? (s.trustType === 'Workplace' ? 'userEnrollment' : 'windowsAzureADJoin') : s.platform === 'mac' ? 'appleBulkWithUser' : 'userEnrollment';
  const mobile = s.platform === 'ios' || s.platform === 'android';
  return {
    id: managedDeviceId(t, s.n),
    userId: u.id,
    deviceName: deviceName(t, s),
    managedDeviceOwnerType: s.ownerType,
    enrolledDateTime: at(t, s.registeredOff, 7200 + (s.h % 20000)),
    lastSyncDateTime: at(t, s.lastSeenOff, syncSecs),
    operatingSystem: os,
    complianceState: s.complianceState,
    jailBroken: mobile ? 'False' : 'Unknown',
    managementAgent: 'mdm',
    osVersion: version,
    easActivated: mobile,
    easDeviceId: '',
    azureADRegistered: s.inEntra,
    deviceEnrollmentType: enrollment,
    emailAddress: u.mail ?? '',
    azureADDeviceId: s.inEntra ? entraDeviceId(t, s.n) : ZERO_GUID,
    deviceRegistrationState: 'registered',
    deviceCategoryDisplayName: 'Unknown Category',
    isSupervised: s.platform === 'ios' && s.ownerType === 'company',
    isEncrypted: s.complianceState !== 'noncompliant',
    userPrincipalName: u.userPrincipalName,
    model,
    manufacturer,
    imei: mobile ? String(350000000000000 + (s.h % 99999999)) : '',
    serialNumber: serial(s),
    phoneNumber: '',
    userDisplayName: u.displayName,
    managedDeviceName: `${u.userPrincipalName.split('@')[0] ?? 'user'}_${os}_${ymdCompact(t, s.registeredOff)}`,
    managementState: action ? (action.action === 'retire' ? 'retirePending' : 'wipePending') : 'managed',
    deviceActionResults: action ? [{ actionName: action.action, actionState: 'pending', startDateTime: action.at, lastUpdatedDateTime: action.at }] : []
  };
}

function ymdCompact(t: Tenant, off: number): string {
  const d = new Date((t.refreshDay - off) * 86400000);
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}_${(off * 7) % 12}:${String((off * 13) % 60).padStart(2, '0')} PM`;
}

/** Retires and wipes sent, and the lookup from a managed device id to its slot. */
export class DeviceState {
  public readonly actions: IDeviceAction[] = [];
  /** The latest action per slot n. */
  public readonly byN = new Map<number, IDeviceAction>();
  private index: Map<string, number> | undefined;

  public constructor(private readonly t: Tenant) {}

  /** The slot of a managed device id, or undefined (built once over the tenant's users). */
  public findManaged(id: string): IDeviceSlot | undefined {
    if (!this.index) {
      this.index = new Map();
      for (let p = 0; p < this.t.dirLength; p++) {
        const i = this.t.dirIndex(p);
        for (const s of slotsOf(this.t, i)) if (s.managed) this.index.set(managedDeviceId(this.t, s.n), s.n);
      }
    }
    const n = this.index.get(id.toLowerCase());
    if (n === undefined) return undefined;
    const s = deviceSlot(this.t, Math.floor(n / SLOTS), n % SLOTS);
    return s?.managed ? s : undefined;
  }

  /** Record a retire or wipe. */
  public record(s: IDeviceSlot, action: 'retire' | 'wipe', atIso: string): IDeviceAction {
    const a: IDeviceAction = { managedDeviceId: managedDeviceId(this.t, s.n), userId: this.t.userId(s.user), action, at: atIso };
    this.actions.push(a);
    this.byN.set(s.n, a);
    return a;
  }
}

const cache = new WeakMap<Tenant, DeviceState>();
/** The tenant's device actions (made on first use). */
export function devicesOf(t: Tenant): DeviceState {
  let d = cache.get(t);
  if (!d) cache.set(t, (d = new DeviceState(t)));
  return d;
}
