/** A person's devices: Entra (registered, owned) and Intune (managed), each part loading or failing alone. */
import type { SourceState } from '../directory';

/** Where a device comes from: Entra registration / ownership, or Intune management. */
export type DeviceSource = 'registered' | 'owned' | 'managed';

/** One device of a person, from Entra (`/users/{id}/registeredDevices`, `/ownedDevices`) or Intune (`/managedDevices`). */
export interface IDeviceInfo {
  /** Entra device object id, or the Intune managed device id. */
  id: string;
  source: DeviceSource;
  displayName: string;
  operatingSystem: string | null;
  osVersion: string | null;
  model: string | null;
  manufacturer: string | null;
  /** Intune only. */
  serialNumber: string | null;
  /** Intune `complianceState` (compliant, noncompliant, inGracePeriod, unknown, ...); Entra `isCompliant` as compliant/noncompliant. */
  complianceState: string | null;
  /** Intune `lastSyncDateTime`, or Entra `approximateLastSignInDateTime` (ISO). */
  lastSeen: string | null;
  /** Intune `managedDeviceOwnerType` (company, personal), or Entra `trustType` worded (Entra joined, registered, hybrid). */
  ownership: string | null;
  /** Entra `deviceId` (the id Intune calls `azureADDeviceId`): an Entra device and its Intune record share it. */
  deviceId: string | null;
}

/** A person's devices: Entra and Intune each load (or fail, or are not licensed) on their own. */
export interface IUserDevices {
  /** Registered and owned Entra devices, one entry per device (a device both registered and owned appears once, as registered). */
  entra: SourceState<IDeviceInfo[]>;
  /** Intune managed devices (DeviceManagementManagedDevices.Read.All; the tenant needs Intune). */
  managed: SourceState<IDeviceInfo[]>;
  /**
   * Entra listed devices without their details (names, OS): the sign-in may list a user's devices (User.Read.All)
   * but not read device objects (Device.Read.All). Absent when the details were read.
   */
  entraLimited?: boolean;
}
