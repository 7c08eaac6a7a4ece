/**
 * The lifecycle's reads of /users: hire dates and leave dates in the window (`$filter`, advanced queries), and
 * accounts created in the window. Each is one part: it fails alone, with Graph's reason.
 */
import type { GraphGateway } from '../graph/GraphGateway';
import { isRecord } from '../graph/GraphError';
import { USER_LIST_SELECT, toUserRecord } from '../directory/users';
import { addDays } from './window';
import type { ILifecycleUser, IWindowBounds } from './types';

/** The list's fields and the hire date (returned only on `$select`). */
export const JOINER_SELECT = `${USER_LIST_SELECT},employeeHireDate`;
/** The list's fields and the leave date (reading it needs User-LifeCycleInfo.Read.All besides User.Read.All). */
export const LEAVER_SELECT = `${USER_LIST_SELECT},employeeHireDate,employeeLeaveDateTime`;

/**
 * `ge`/`le` on employeeHireDate is an advanced query (Microsoft's "Advanced query capabilities" table): it needs
 * ConsistencyLevel: eventual and $count=true. employeeLeaveDateTime is asked the same way.
 */
const ADVANCED = { ConsistencyLevel: 'eventual' };

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

/** One /users item with its lifecycle dates; the leave date stays undefined when it was not selected. */
export function toLifecycleUser(raw: unknown): ILifecycleUser | undefined {
  const record = toUserRecord(raw);
  if (!record || !isRecord(raw)) return undefined;
  const user: ILifecycleUser = { ...record, employeeHireDate: str(raw.employeeHireDate) };
  if ('employeeLeaveDateTime' in raw) user.employeeLeaveDateTime = str(raw.employeeLeaveDateTime);
  return user;
}

async function readAll(gateway: GraphGateway, url: string, signal: AbortSignal | undefined, advanced: boolean): Promise<ILifecycleUser[]> {
  const out: ILifecycleUser[] = [];
  for await (const page of gateway.pages<unknown>(url, { signal, headers: advanced ? ADVANCED : undefined })) {
    for (const raw of page) {
      const u = toLifecycleUser(raw);
      if (u) out.push(u);
    }
  }
  return out;
}

/**
 * The window as a filter on a date property. Bare dates (midnight UTC), as Microsoft's own examples write them
 * (`createdDateTime ge 2021-11-01`): the upper bound is the midnight after the window's last day, since `lt` is not
 * among these properties' operators; a date at exactly that midnight is read and then left out by the rows' own check.
 */
const between = (property: string, bounds: IWindowBounds): string => encodeURIComponent(`${property} ge ${bounds.fromDay} and ${property} le ${addDays(bounds.toDay, 1)}`);

/** People whose employeeHireDate falls in the window (User.Read.All). */
export function readHireDates(gateway: GraphGateway, bounds: IWindowBounds, signal?: AbortSignal): Promise<ILifecycleUser[]> {
  return readAll(gateway, `/users?$filter=${between('employeeHireDate', bounds)}&$select=${JOINER_SELECT}&$count=true&$top=999`, signal, true);
}

/**
 * Accounts created from the window's first day on (createdDateTime `ge` is a default query). Those with a hire
 * date are placed by it instead, so the caller keeps the ones without.
 */
export function readCreated(gateway: GraphGateway, bounds: IWindowBounds, signal?: AbortSignal): Promise<ILifecycleUser[]> {
  return readAll(gateway, `/users?$filter=${encodeURIComponent(`createdDateTime ge ${bounds.fromDay}`)}&$select=${JOINER_SELECT}&$top=999`, signal, false);
}

/**
 * Who the Leavers list reads a leave date for: people whose employeeLeaveDateTime falls in the window, past or
 * upcoming, and everyone whose leave date has passed (however long ago) while their account is still enabled —
 * the riskiest case, listed whatever the window (read up to the midnight after today; the rows keep those gone by now). employeeLeaveDateTime supports `ge`/`le` and accountEnabled `eq`
 * (Microsoft's user resource); with the leave date they are an advanced query. Each person once. Graph answers 403
 * without User-LifeCycleInfo.Read.All (and, signed in, without the Lifecycle Workflows Administrator or Global
 * Reader role; a Global Administrator reads it too).
 */
export async function readLeaveDates(gateway: GraphGateway, bounds: IWindowBounds, signal?: AbortSignal): Promise<ILifecycleUser[]> {
  // A bare date, as the window's bounds: the midnight after today, so a leave date earlier today is read; the rows
  // then keep only the dates passed at `now` (leftBy).
  const left = encodeURIComponent(`employeeLeaveDateTime le ${addDays(bounds.today, 1)} and accountEnabled eq true`);
  const [inWindow, stillEnabled] = await Promise.all([
    readAll(gateway, `/users?$filter=${between('employeeLeaveDateTime', bounds)}&$select=${LEAVER_SELECT}&$count=true&$top=999`, signal, true),
    readAll(gateway, `/users?$filter=${left}&$select=${LEAVER_SELECT}&$count=true&$top=999`, signal, true)
  ]);
  const byId = new Map(inWindow.map(u => [u.id, u] as const));
  for (const u of stillEnabled) if (!byId.has(u.id)) byId.set(u.id, u);
  return [...byId.values()];
}
