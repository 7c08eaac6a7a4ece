/** The lifecycle's test seams on IDemoTenant: the offboarding writes made, dates set by hand, a user's devices. */
import { devicesOf, entraDevice, IDeviceAction, managedDevice, slotsOf } from './devices';
import { IDeletedMethod, ILifecyclePeople, IManagerChange, IRevocation, lifecycleOf } from './lifecycle';
import { Tenant } from './tenant';

/** A user's devices as the tenant holds them (ids to find them in Graph's answers). */
export interface IDemoUserDevices {
  /** Entra device object ids (registeredDevices / ownedDevices list them). */
  entra: Array<{ id: string; deviceId: string; displayName: string }>;
  /** Intune managed device ids, with the Entra deviceId each shares (the all-zero GUID when none). */
  managed: Array<{ id: string; azureADDeviceId: string; deviceName: string; managementState: string }>;
}

/** The lifecycle's seams (see IDemoTenant.lifecycle). */
export interface IDemoLifecycle {
  /** Sessions revoked, oldest first, with the tenant clock's time. */
  revoked(): IRevocation[];
  /** Retires and wipes sent, oldest first. */
  deviceActions(): IDeviceAction[];
  /** Authentication methods deleted, oldest first. */
  deletedMethods(): IDeletedMethod[];
  /** Managers set (PUT manager/$ref) or removed (DELETE, managerId null), oldest first. */
  managerChanges(): IManagerChange[];
  /** Set (YYYY-MM-DD or an ISO date-time) or clear (null) a user's employeeHireDate; false when no such user. */
  setHireDate(idOrUpn: string, value: string | null): boolean;
  /** Set or clear a user's employeeLeaveDateTime (a bare date is that day's 23:59:59Z); false when no such user. */
  setLeaveDate(idOrUpn: string, value: string | null): boolean;
  /** A user's Entra and Intune devices; undefined when no such user. */
  devicesOf(idOrUpn: string): IDemoUserDevices | undefined;
  /** The crafted joiners and leavers (also in info.people), by name: ids and UPNs. */
  people(): Partial<Record<keyof ILifecyclePeople, { id: string; userPrincipalName: string }>>;
  /** Same as directory.refuseWritesFor. */
  refuseWritesFor(idOrUpn: string, status: number | null): boolean;
}

/** The refuseWritesFor seam: every write about the user answers `status` (null lifts it). */
export function refuseWritesFor(t: Tenant, idOrUpn: string, status: number | null): boolean {
  const i = t.findUser(idOrUpn);
  if (i < 0) return false;
  const refusals = lifecycleOf(t).refusals;
  if (status === null) refusals.delete(i);
  else refusals.set(i, status);
  return true;
}

/** The crafted lifecycle people as info lists them. */
export function lifecyclePeople(t: Tenant): Partial<Record<keyof ILifecyclePeople, { id: string; userPrincipalName: string }>> {
  const out: Partial<Record<keyof ILifecyclePeople, { id: string; userPrincipalName: string }>> = {};
  for (const [name, i] of Object.entries(lifecycleOf(t).people()) as Array<[keyof ILifecyclePeople, number | undefined]>)
    if (i !== undefined) out[name] = { id: t.userId(i), userPrincipalName: t.upn(i) };
  return out;
}

/** The seams over one tenant. */
export function demoLifecycle(t: Tenant): IDemoLifecycle {
  const life = (): ReturnType<typeof lifecycleOf> => lifecycleOf(t);
  const setDate = (idOrUpn: string, value: string | null, which: 'hire' | 'leave'): boolean => {
    const i = t.findUser(idOrUpn);
    if (i < 0) return false;
    if (which === 'hire') life().setHireDate(i, value);
    else life().setLeaveDate(i, value);
    return true;
  };
  return {
    revoked: () => [...life().revocations],
    deviceActions: () => [...devicesOf(t).actions],
    deletedMethods: () => [...life().deletedMethods],
    managerChanges: () => [...life().managerChanges],
    setHireDate: (idOrUpn, value) => setDate(idOrUpn, value, 'hire'),
    setLeaveDate: (idOrUpn, value) => setDate(idOrUpn, value, 'leave'),
    devicesOf: (idOrUpn) => {
      const i = t.findUser(idOrUpn);
      if (i < 0) return undefined;
      const slots = slotsOf(t, i);
      const actions = devicesOf(t).byN;
      return {
        entra: slots.filter((s) => s.inEntra).map((s) => {
          const d = entraDevice(t, s);
          return { id: String(d.id), deviceId: String(d.deviceId), displayName: String(d.displayName) };
        }),
        managed: slots.filter((s) => s.managed).map((s) => {
          const d = managedDevice(t, s, actions.get(s.n));
          return { id: String(d.id), azureADDeviceId: String(d.azureADDeviceId), deviceName: String(d.deviceName), managementState: String(d.managementState) };
        })
      };
    },
    people: () => lifecyclePeople(t),
    refuseWritesFor: (idOrUpn, status) => refuseWritesFor(t, idOrUpn, status)
  };
}
