/**
 * The Users list's Devices column: how many devices each person has, read tenant-wide in pages from Entra
 * (`/devices` with their registered owners) and Intune (`/deviceManagement/managedDevices`), an Entra device and
 * its Intune record counted once. Each source is read, and fails, on its own. Also the words for a refused
 * device read (Entra or Intune), which core/devices and the impression use too: core/graph's topics have none.
 */
import type { GraphGateway } from '../graph/GraphGateway';
import { GraphError, isPassingFailure, isRecord } from '../graph/GraphError';
import { abortError } from '../graph/abort';
import { explainError } from '../graph/explain';
import type { IExplainedError } from '../graph/explain';

/** The two places devices are read from: Entra ID (device objects) and Intune (managed devices). */
export type DevicePart = 'entra' | 'managed';

/**
 * Entra devices with their registered owner's id. `$expand` on a directory object list is served 100 objects a
 * page at most (so `$top=100`) and up to 20 related objects each; a device has one registered owner.
 */
export const ENTRA_COUNT_PATH = '/devices?$select=id,deviceId&$expand=registeredOwners($select=id)&$top=100';
/** Intune managed devices with their primary user's id and the Entra device id they share. */
export const MANAGED_COUNT_PATH = '/deviceManagement/managedDevices?$select=id,userId,azureADDeviceId';

/** The scope each part needs (least privilege for reading). */
export const DEVICE_SCOPES: Record<DevicePart, string> = { entra: 'Device.Read.All', managed: 'DeviceManagementManagedDevices.Read.All' };

/** Devices per person, and the part that could not be read (its devices are then not counted). */
export interface IDeviceCounts {
  /** Lower-case user id -> their devices, an Entra device and its Intune record counted once; absent: none known. */
  byUser: Map<string, number>;
  /** Why a part could not be read, by part; a part read is absent. */
  problems: Partial<Record<DevicePart, unknown>>;
}

const ZERO_GUID = /^0{8}-0{4}-0{4}-0{4}-0{12}$/;

/**
 * The key of a physical device: the Entra device id an Entra device (`deviceId`) and its Intune record
 * (`azureADDeviceId`) share, else the entry's own id. Intune writes the all-zero GUID for a device not
 * registered in Entra: that is no device id.
 */
export function physicalDeviceKey(deviceId: string | null | undefined, id: string, part: DevicePart): string {
  return deviceId && !ZERO_GUID.test(deviceId) ? `device:${deviceId.toLowerCase()}` : `${part}:${id.toLowerCase()}`;
}

/** [user id, device key] pairs of one page of `/devices?$expand=registeredOwners`. */
export function entraCountPairs(page: readonly unknown[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const raw of page) {
    if (!isRecord(raw) || typeof raw.id !== 'string') continue;
    const key = physicalDeviceKey(typeof raw.deviceId === 'string' ? raw.deviceId : null, raw.id, 'entra');
    const owners = Array.isArray(raw.registeredOwners) ? raw.registeredOwners : [];
    for (const o of owners) if (isRecord(o) && typeof o.id === 'string') out.push([o.id.toLowerCase(), key]);
  }
  return out;
}

/** [user id, device key] pairs of one page of Intune managed devices (a device without a primary user is no one's). */
export function managedCountPairs(page: readonly unknown[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const raw of page) {
    if (!isRecord(raw) || typeof raw.id !== 'string' || typeof raw.userId !== 'string' || !raw.userId) continue;
    out.push([raw.userId.toLowerCase(), physicalDeviceKey(typeof raw.azureADDeviceId === 'string' ? raw.azureADDeviceId : null, raw.id, 'managed')]);
  }
  return out;
}

/** Count distinct device keys per person over the parts read. */
export function countByUser(parts: ReadonlyArray<ReadonlyArray<readonly [string, string]>>): Map<string, number> {
  const keys = new Map<string, Set<string>>();
  for (const pairs of parts) {
    for (const [user, key] of pairs) {
      let set = keys.get(user);
      if (!set) keys.set(user, (set = new Set()));
      set.add(key);
    }
  }
  const counts = new Map<string, number>();
  for (const [user, set] of keys) counts.set(user, set.size);
  return counts;
}

/** Read every page of a part; its pairs only once all are read, so a part failing half-way adds nothing. */
async function readPairs(gateway: GraphGateway, path: string, pairsOf: (page: readonly unknown[]) => Array<[string, string]>, signal?: AbortSignal): Promise<Array<[string, string]>> {
  const out: Array<[string, string]> = [];
  for await (const page of gateway.pages<unknown>(path, { signal })) for (const p of pairsOf(page)) out.push(p);
  return out;
}

/**
 * Devices per person for the Users list (Device.Read.All for Entra, DeviceManagementManagedDevices.Read.All and
 * Intune for managed devices), both parts side by side. A part that fails is in `problems` and the counts hold
 * the other's devices; only a cancelled read rejects.
 */
export async function loadDeviceCountJoin(gateway: GraphGateway, signal?: AbortSignal): Promise<IDeviceCounts> {
  const [entra, managed] = await Promise.allSettled([
    readPairs(gateway, ENTRA_COUNT_PATH, entraCountPairs, signal),
    readPairs(gateway, MANAGED_COUNT_PATH, managedCountPairs, signal)
  ]);
  if (signal?.aborted) throw abortError();
  const problems: Partial<Record<DevicePart, unknown>> = {};
  if (entra.status === 'rejected') problems.entra = entra.reason;
  if (managed.status === 'rejected') problems.managed = managed.reason;
  const read = [entra, managed].flatMap(r => (r.status === 'fulfilled' ? [r.value] : []));
  return { byUser: countByUser(read), problems };
}

/** A person's count from the join: undefined when neither part could be read (nothing is known). */
export function deviceCountOf(counts: IDeviceCounts, userId: string): number | undefined {
  if (counts.problems.entra !== undefined && counts.problems.managed !== undefined) return undefined;
  return counts.byUser.get(userId) ?? counts.byUser.get(userId.toLowerCase()) ?? 0;
}

/**
 * Intune is not there: Graph answers its device endpoints 400 "Request not applicable to target tenant." in a
 * tenant without an active Intune licence (and some tenants get a 403 that says it is not licensed).
 */
export function isNoIntune(error: unknown): boolean {
  return error instanceof GraphError && (error.kind === 'license' || (error.status === 400 && /not applicable to target tenant/i.test(error.message)));
}

const INTUNE_ROLES = 'an Intune role that reads devices (Intune Administrator, or a role with Managed devices: Read such as Read Only Operator or Help Desk Operator)';

/** A refused or failed device read in words: the scope, the Intune role, or Intune missing. */
export function explainDeviceError(error: unknown, part: DevicePart): IExplainedError {
  const generic = explainError(error, 'users');
  if (!(error instanceof GraphError)) return generic;
  const what = part === 'entra' ? 'Entra devices' : 'Intune managed devices';
  if (part === 'managed' && isNoIntune(error)) {
    return { title: 'Intune not available', detail: 'This tenant has no active Microsoft Intune licence, so Graph has no managed devices to read.', action: 'Entra devices (registered and owned) still show.' };
  }
  switch (error.kind) {
    case 'permission':
      return {
        title: 'Permission missing',
        detail: part === 'entra'
          ? `Microsoft Graph refused to read ${what}: the sign-in does not carry ${DEVICE_SCOPES.entra}.`
          : `Microsoft Graph refused to read ${what}: the sign-in does not carry ${DEVICE_SCOPES.managed}, or you hold no ${INTUNE_ROLES}.`,
        // The generic words of a missing scope end with where to grant it.
        action: generic.action
      };
    case 'role':
      return { title: 'Admin role missing', detail: `Microsoft Graph refused to read ${what} for your role${part === 'managed' ? `: it needs ${INTUNE_ROLES}` : ''} (${error.message}).`, action: 'Ask a Global Administrator for a role that can read devices.' };
    default:
      return { ...generic, detail: `${what}: ${generic.detail}` };
  }
}

/** Whether Try again may help a failed device part: not for a missing scope, role or Intune. */
export function deviceFailureMayPass(error: unknown): boolean {
  return isPassingFailure(error) && !isNoIntune(error);
}

/** The Devices column's problem, when a part could not be read; undefined when both were. */
export function deviceCountsProblem(counts: IDeviceCounts): IExplainedError | undefined {
  const { entra, managed } = counts.problems;
  if (entra === undefined && managed === undefined) return undefined;
  const parts = ([['entra', entra], ['managed', managed]] as const).filter(([, e]) => e !== undefined).map(([p, e]) => explainDeviceError(e, p));
  const counted = entra === undefined ? 'The column counts Entra devices only.' : managed === undefined ? 'The column counts Intune managed devices only.' : 'The column is left empty.';
  const actions = [...new Set(parts.map(p => p.action).filter((a): a is string => !!a))];
  return { title: parts.length > 1 ? 'Devices unavailable' : parts[0]?.title ?? 'Devices unavailable', detail: `${parts.map(p => p.detail).join(' ')} ${counted}`, action: actions.join(' ') || undefined };
}
