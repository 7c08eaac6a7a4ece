/**
 * A person's devices: their Entra devices (registered and owned) and Intune managed devices in ONE `$batch`,
 * further pages followed where a part has them; each part loads, or fails, on its own.
 */
import type { GraphGateway } from '../graph/GraphGateway';
import { batchResult } from '../graph/GraphGateway';
import { GraphError, isRecord } from '../graph/GraphError';
import { abortError } from '../graph/abort';
import { physicalDeviceKey } from '../directory/deviceCounts';
import type { SourceState } from '../directory/userIndex';
import { ENTRA_DEVICE_SELECT, MANAGED_DEVICE_SELECT, dedupeEntra, devicesOf, toEntraDevice, toManagedDevice } from './parse';
import type { IDeviceInfo, IUserDevices } from './types';

/** The `$batch` request ids, one per part. */
const PARTS = ['registered', 'owned', 'managed'] as const;
type Part = (typeof PARTS)[number];

/** A part's items: the batch answer's first page, then its further pages. A refusal is the part's error. */
async function readPart(gateway: GraphGateway, answer: unknown, signal?: AbortSignal): Promise<unknown[]> {
  if (answer instanceof GraphError) throw answer;
  const items = isRecord(answer) && Array.isArray(answer.value) ? [...answer.value] : [];
  const next = isRecord(answer) && typeof answer['@odata.nextLink'] === 'string' ? answer['@odata.nextLink'] : undefined;
  if (next) for await (const page of gateway.pages<unknown>(next, { signal })) items.push(...page);
  return items;
}

const settled = <T,>(p: Promise<T>): Promise<SourceState<T>> => p.then(data => ({ status: 'ready' as const, data }), (error: unknown) => ({ status: 'error' as const, error }));

/**
 * Read a person's devices (`userId`: their id or UPN): `/registeredDevices`, `/ownedDevices` (User.Read.All lists
 * them; their details need Device.Read.All) and Intune's `/managedDevices` (DeviceManagementManagedDevices.Read.All;
 * the tenant needs Intune) in one `$batch`. A failed `$batch` fails each part; only a cancelled read rejects.
 */
export async function loadUserDevices(gateway: GraphGateway, userId: string, signal?: AbortSignal): Promise<IUserDevices> {
  const key = encodeURIComponent(userId.trim());
  const res = await gateway.batch(
    [
      { id: 'registered', method: 'GET', url: `/users/${key}/registeredDevices?$select=${ENTRA_DEVICE_SELECT}` },
      { id: 'owned', method: 'GET', url: `/users/${key}/ownedDevices?$select=${ENTRA_DEVICE_SELECT}` },
      { id: 'managed', method: 'GET', url: `/users/${key}/managedDevices?$select=${MANAGED_DEVICE_SELECT}` }
    ],
    { signal },
    true
  );
  const read = (part: Part): Promise<SourceState<unknown[]>> => settled(readPart(gateway, batchResult<unknown>(res.get(part)), signal));
  const [registered, owned, managed] = await Promise.all(PARTS.map(read));
  if (signal?.aborted) throw abortError();
  return userDevicesOf(registered as SourceState<unknown[]>, owned as SourceState<unknown[]>, managed as SourceState<unknown[]>);
}

/** The parts as read: Entra's two lists made one (its error the first of theirs), Intune's on its own. */
export function userDevicesOf(registered: SourceState<unknown[]>, owned: SourceState<unknown[]>, managed: SourceState<unknown[]>): IUserDevices {
  let entra: SourceState<IDeviceInfo[]>;
  if (registered.status === 'error') entra = registered;
  else if (owned.status === 'error') entra = owned;
  else if (registered.status === 'ready' && owned.status === 'ready') {
    entra = { status: 'ready', data: dedupeEntra(devicesOf(registered.data, r => toEntraDevice(r, 'registered')), devicesOf(owned.data, r => toEntraDevice(r, 'owned'))) };
  } else entra = { status: 'loading' };
  const intune: SourceState<IDeviceInfo[]> = managed.status === 'ready' ? { status: 'ready', data: devicesOf(managed.data, toManagedDevice) } : managed;
  // Listed without details: the sign-in may list a user's devices but not read them (no Device.Read.All).
  const limited = entra.status === 'ready' && entra.data.some(d => !d.displayName && !d.deviceId);
  return { entra, managed: intune, ...(limited ? { entraLimited: true } : {}) };
}

/** One physical device: its Entra entry, its Intune record, or both (the same Entra device id). */
export interface IPhysicalDevice {
  key: string;
  entra?: IDeviceInfo;
  managed?: IDeviceInfo;
}

/** Entra and Intune entries of the same device (deviceId = azureADDeviceId) as one, in the parts' order (Entra first). */
export function mergeDevices(devices: IUserDevices): IPhysicalDevice[] {
  const byKey = new Map<string, IPhysicalDevice>();
  const add = (d: IDeviceInfo, part: 'entra' | 'managed'): void => {
    const key = physicalDeviceKey(d.deviceId, d.id, part);
    const entry = byKey.get(key) ?? { key };
    if (!entry[part]) entry[part] = d;
    byKey.set(key, entry);
  };
  if (devices.entra.status === 'ready') for (const d of devices.entra.data) add(d, 'entra');
  if (devices.managed.status === 'ready') for (const d of devices.managed.data) add(d, 'managed');
  return [...byKey.values()];
}

/**
 * How many devices the person has, counting an Entra device and its Intune record once: what is known. Undefined
 * while a part loads, or when neither part could be read; with one part refused, the other's devices.
 */
export function countDevices(devices: IUserDevices): number | undefined {
  const { entra, managed } = devices;
  if (entra.status === 'loading' || managed.status === 'loading') return undefined;
  if (entra.status !== 'ready' && managed.status !== 'ready') return undefined;
  return mergeDevices(devices).length;
}
