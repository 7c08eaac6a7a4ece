/** Graph's device objects as IDeviceInfo: Entra devices and Intune managed devices, tolerant of missing fields. */
import { isRecord } from '../graph/GraphError';
import type { DeviceSource, IDeviceInfo } from './types';

/** The Entra device fields read (`/users/{id}/registeredDevices`, `/ownedDevices`). */
export const ENTRA_DEVICE_SELECT = 'id,deviceId,displayName,operatingSystem,operatingSystemVersion,model,manufacturer,isCompliant,approximateLastSignInDateTime,trustType';
/** The Intune managed device fields read (`/users/{id}/managedDevices`). */
export const MANAGED_DEVICE_SELECT = 'id,deviceName,operatingSystem,osVersion,model,manufacturer,serialNumber,complianceState,lastSyncDateTime,managedDeviceOwnerType,azureADDeviceId';

/** Entra `trustType` in words: how the device is joined to (or registered in) Entra ID. */
export const TRUST_TYPE_LABEL: Record<string, string> = { AzureAd: 'Entra joined', Workplace: 'Entra registered', ServerAd: 'Hybrid joined' };
/** Intune `managedDeviceOwnerType` in words. */
export const OWNER_TYPE_LABEL: Record<string, string> = { company: 'Company', personal: 'Personal', unknown: 'Unknown' };
/** Compliance in words: Intune's `complianceState` values, and Entra's `isCompliant` as compliant / noncompliant. */
export const COMPLIANCE_LABEL: Record<string, string> = {
  compliant: 'Compliant',
  noncompliant: 'Not compliant',
  inGracePeriod: 'In grace period',
  conflict: 'Conflict',
  error: 'Error',
  configManager: 'Managed by Configuration Manager',
  unknown: 'Unknown'
};

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);

/** Intune's "no date" (0001-01-01) is no date. */
const date = (v: unknown): string | null => {
  const s = text(v);
  return s && !s.startsWith('0001-') ? s : null;
};

/**
 * An Entra device object. Without Device.Read.All Graph still lists a user's devices, as ids only (its
 * "limited information" for inaccessible directory objects): those come back with an empty name. Other
 * directory object types in the collection are skipped.
 */
export function toEntraDevice(raw: unknown, source: Extract<DeviceSource, 'registered' | 'owned'>): IDeviceInfo | undefined {
  if (!isRecord(raw) || typeof raw.id !== 'string' || !raw.id) return undefined;
  const type = raw['@odata.type'];
  if (typeof type === 'string' && type !== '#microsoft.graph.device') return undefined;
  const trust = text(raw.trustType);
  return {
    id: raw.id,
    source,
    displayName: text(raw.displayName) ?? '',
    operatingSystem: text(raw.operatingSystem),
    osVersion: text(raw.operatingSystemVersion),
    model: text(raw.model),
    manufacturer: text(raw.manufacturer),
    serialNumber: null,
    complianceState: typeof raw.isCompliant === 'boolean' ? (raw.isCompliant ? 'compliant' : 'noncompliant') : null,
    lastSeen: date(raw.approximateLastSignInDateTime),
    ownership: trust ? TRUST_TYPE_LABEL[trust] ?? trust : null,
    deviceId: text(raw.deviceId)
  };
}

/** An Intune managed device. */
export function toManagedDevice(raw: unknown): IDeviceInfo | undefined {
  if (!isRecord(raw) || typeof raw.id !== 'string' || !raw.id) return undefined;
  const owner = text(raw.managedDeviceOwnerType);
  return {
    id: raw.id,
    source: 'managed',
    displayName: text(raw.deviceName) ?? '',
    operatingSystem: text(raw.operatingSystem),
    osVersion: text(raw.osVersion),
    model: text(raw.model),
    manufacturer: text(raw.manufacturer),
    serialNumber: text(raw.serialNumber),
    complianceState: text(raw.complianceState),
    lastSeen: date(raw.lastSyncDateTime),
    ownership: owner ? OWNER_TYPE_LABEL[owner] ?? owner : null,
    deviceId: text(raw.azureADDeviceId)
  };
}

/** The parsed entries of a collection page (`value`), skipping what is not a device. */
export function devicesOf<T>(items: readonly unknown[], parse: (raw: unknown) => T | undefined): T[] {
  return items.map(parse).filter((d): d is T => d !== undefined);
}

/** Entra devices both registered and owned appear once, as registered (registered first, in Graph's order). */
export function dedupeEntra(registered: readonly IDeviceInfo[], owned: readonly IDeviceInfo[]): IDeviceInfo[] {
  const seen = new Set(registered.map(d => d.id.toLowerCase()));
  const out = [...registered];
  for (const d of owned) {
    if (seen.has(d.id.toLowerCase())) continue;
    seen.add(d.id.toLowerCase());
    out.push(d);
  }
  return out;
}
