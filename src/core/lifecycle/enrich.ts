/**
 * Per-person reads for the lifecycle lists, batched 20 to a `$batch`: manager, MFA registration, last sign-in,
 * group count, device count. Each kind is one part: it settles (or fails, with the first reason Graph gave) on
 * its own, so a refused part never hides the others.
 */
import type { GraphGateway } from '../graph/GraphGateway';
import { batchResult } from '../graph/GraphGateway';
import { GraphError, isRecord } from '../graph/GraphError';
import type { IBatchRequest, IBatchResponse } from '../graph/types';
import { isNoIntune, physicalDeviceKey } from '../directory/deviceCounts';
import type { DevicePart } from '../directory/deviceCounts';
import { toMfaInfo } from '../directory/mfa';
import type { IMfaInfo } from '../directory/mfa';
import type { SourceState } from '../directory/userIndex';
import type { IManagerRef } from './types';

/** One kind of per-person read: its requests for a person, and how their answers become the value. */
export interface IPerPersonRead<T> {
  requests: (id: string) => Array<Omit<IBatchRequest, 'id'>>;
  /** The value from the person's answers (in request order), or the failure that counts. */
  read: (answers: Array<IBatchResponse | undefined>, follow: (link: string) => Promise<unknown[]>) => Promise<T | GraphError>;
}

/** Requests sent per round: five `$batch` calls side by side, then the next five (a long list never floods Graph). */
const ROUND = 100;

const key = (id: string): string => encodeURIComponent(id);
const notFound = (e: unknown): boolean => e instanceof GraphError && e.kind === 'notFound';

/** The items of a collection answer, following `@odata.nextLink` beyond the first page (rare: over 999). */
async function allItems(answer: IBatchResponse | undefined, follow: (link: string) => Promise<unknown[]>): Promise<unknown[] | GraphError> {
  const body = batchResult<unknown>(answer);
  if (body instanceof GraphError) return body;
  const items = isRecord(body) && Array.isArray(body.value) ? [...body.value] : [];
  const next = isRecord(body) && typeof body['@odata.nextLink'] === 'string' ? body['@odata.nextLink'] : undefined;
  if (next) items.push(...(await follow(next)));
  return items;
}

/** The manager: id and name; null without one (Graph answers 404). */
export const MANAGER_READ: IPerPersonRead<IManagerRef | null> = {
  requests: id => [{ method: 'GET', url: `/users/${key(id)}/manager?$select=id,displayName` }],
  read: async ([a]) => {
    const body = batchResult<unknown>(a);
    if (body instanceof GraphError) return notFound(body) ? null : body;
    return isRecord(body) && typeof body.id === 'string' ? { id: body.id, displayName: typeof body.displayName === 'string' ? body.displayName : '' } : null;
  }
};

/** MFA registration (AuditLog.Read.All, Entra ID P1); null: not in the registration report yet. */
export const MFA_READ: IPerPersonRead<IMfaInfo | null> = {
  requests: id => [{ method: 'GET', url: `/reports/authenticationMethods/userRegistrationDetails/${key(id)}` }],
  read: async ([a]) => {
    const body = batchResult<unknown>(a);
    if (body instanceof GraphError) return notFound(body) ? null : body;
    return toMfaInfo(body)?.[1] ?? null;
  }
};

/** The last sign-in, interactive or not (AuditLog.Read.All, Entra ID P1); null: never signed in. */
export const SIGN_IN_READ: IPerPersonRead<string | null> = {
  requests: id => [{ method: 'GET', url: `/users/${key(id)}?$select=id,signInActivity` }],
  read: async ([a]) => {
    const body = batchResult<unknown>(a);
    if (body instanceof GraphError) return body;
    const s = isRecord(body) && isRecord(body.signInActivity) ? body.signInActivity : {};
    const dates = [s.lastSignInDateTime, s.lastNonInteractiveSignInDateTime].filter((d): d is string => typeof d === 'string' && d !== '');
    return dates.sort().pop() ?? null;
  }
};

const isGroup = (o: unknown): boolean => !isRecord(o) || o['@odata.type'] === undefined || o['@odata.type'] === '#microsoft.graph.group';

/** Groups the person is a direct member of (memberOf also lists roles and administrative units: not counted). */
export const GROUPS_READ: IPerPersonRead<number> = {
  requests: id => [{ method: 'GET', url: `/users/${key(id)}/memberOf?$select=id&$top=999` }],
  read: async ([a], follow) => {
    const items = await allItems(a, follow);
    return items instanceof GraphError ? items : items.filter(isGroup).length;
  }
};

/** Which source a device part's failure came from (Entra or Intune), for its words. */
const deviceErrorSource = new WeakMap<object, DevicePart>();

/** The source (Entra or Intune) a failed device count came from; Entra when unknown. */
export function deviceErrorPart(error: unknown): DevicePart {
  return (typeof error === 'object' && error !== null && deviceErrorSource.get(error)) || 'entra';
}

const failed = (error: GraphError, part: DevicePart): GraphError => {
  deviceErrorSource.set(error, part);
  return error;
};

/**
 * The person's devices, each physical device counted once: Entra devices they registered or own, and Intune's
 * managed devices (an Intune record shares its Entra device's `deviceId` as `azureADDeviceId`), as the Users
 * view counts them. A tenant without Intune has no managed devices (the Entra count is whole); any other refusal
 * of either source fails the part with its reason, never a count that silently leaves devices out.
 */
export const DEVICES_READ: IPerPersonRead<number> = {
  requests: id => [
    { method: 'GET', url: `/users/${key(id)}/registeredDevices?$select=id,deviceId&$top=999` },
    { method: 'GET', url: `/users/${key(id)}/ownedDevices?$select=id,deviceId&$top=999` },
    { method: 'GET', url: `/users/${key(id)}/managedDevices?$select=id,azureADDeviceId` }
  ],
  read: async ([registered, owned, managed], follow) => {
    const keys = new Set<string>();
    for (const a of [registered, owned]) {
      const items = await allItems(a, follow);
      if (items instanceof GraphError) return failed(items, 'entra');
      for (const d of items) if (isRecord(d) && typeof d.id === 'string') keys.add(physicalDeviceKey(typeof d.deviceId === 'string' ? d.deviceId : null, d.id, 'entra'));
    }
    const intune = await allItems(managed, follow);
    if (intune instanceof GraphError) return isNoIntune(intune) ? keys.size : failed(intune, 'managed');
    for (const d of intune) if (isRecord(d) && typeof d.id === 'string') keys.add(physicalDeviceKey(typeof d.azureADDeviceId === 'string' ? d.azureADDeviceId : null, d.id, 'managed'));
    return keys.size;
  }
};

/**
 * Read one kind for every person, batched. A person Graph no longer knows (404 where 404 means gone) is left
 * out; any other failure makes the part an error with the first reason (a missing scope, role or licence
 * refuses every person alike).
 */
export async function readPerPerson<T>(gateway: GraphGateway, ids: readonly string[], kind: IPerPersonRead<T>, signal?: AbortSignal): Promise<SourceState<Map<string, T>>> {
  const out = new Map<string, T>();
  const follow = async (link: string): Promise<unknown[]> => {
    const items: unknown[] = [];
    for await (const page of gateway.pages<unknown>(link, { signal })) items.push(...page);
    return items;
  };
  const perPerson = kind.requests('x').length;
  const step = Math.max(1, Math.floor(ROUND / perPerson));
  try {
    for (let i = 0; i < ids.length; i += step) {
      const slice = ids.slice(i, i + step);
      const requests = slice.flatMap((id, p) => kind.requests(id).map((r, k): IBatchRequest => ({ ...r, id: `${i + p}.${k}` })));
      const answers = await gateway.batch(requests, { signal }, true);
      for (let p = 0; p < slice.length; p++) {
        const mine = kind.requests('x').map((_, k) => answers.get(`${i + p}.${k}`));
        const value = await kind.read(mine, follow);
        if (value instanceof GraphError) {
          if (notFound(value)) continue;
          return { status: 'error', error: value };
        }
        out.set(slice[p] as string, value);
      }
    }
  } catch (error) {
    return { status: 'error', error };
  }
  return { status: 'ready', data: out };
}
