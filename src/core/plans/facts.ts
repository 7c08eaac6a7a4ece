/**
 * What a plan is built from: each person's profile, groups, authentication methods and Intune devices, read in
 * `$batch` requests (20 per batch across people). Each part is a SourceState: a refused part becomes a gap of
 * the plan with its reason in words, never an empty list.
 */
import type { GraphGateway } from '../graph/GraphGateway';
import { batchResult } from '../graph/GraphGateway';
import { GraphError, isRecord } from '../graph/GraphError';
import { explainError } from '../graph/explain';
import type { IBatchRequest, IBatchResponse } from '../graph/types';
import { GROUP_SELECT, toGroupInfo } from '../directory/groups';
import type { IGroupInfo } from '../directory/groups';
import { loadSubscribedSkus } from '../directory/skus';
import type { ISkuInfo, SkuNameLookup } from '../directory/skus';
import { toUserRecord } from '../directory/users';
import type { IUserRecord } from '../directory/users';
import type { SourceState } from '../directory/userIndex';
import type { IDeviceInfo } from '../devices/types';
import { MANAGED_DEVICE_SELECT, toManagedDevice } from '../devices/parse';
import { PROFILE_SELECT } from '../impression/directory';

/** How a person holds one licence: assigned to them, and/or through groups (group-based licensing). */
export interface ILicenseHolding {
  skuId: string;
  direct: boolean;
  /** The groups it comes through (ids); removing the direct assignment leaves these in place. */
  groupIds: string[];
}

/** A person as a plan needs them: the profile and how each licence is held. */
export interface IPlanPerson extends IUserRecord {
  licenses: ILicenseHolding[];
  /** Synced from on-premises Active Directory: its account (enabled or not) is mastered there. */
  onPremisesSync: boolean;
}

/** One registered authentication method. */
export interface IAuthMethodInfo {
  id: string;
  /** Graph's `@odata.type`. */
  odataType: string;
  /** The `/users/{id}/authentication/{segment}/{id}` collection that deletes it; null when Graph removes none (the password, unknown kinds). */
  segment: string | null;
  /** What it is, in words ("Microsoft Authenticator"). */
  label: string;
  /** Which one, without the secret parts ("iPhone 15", "mobile ending 0123"); null when Graph says nothing more. */
  detail: string | null;
}

/** A directory (admin) role a person holds actively: a `directoryRole` among their memberships. */
export interface IDirectoryRoleInfo {
  id: string;
  displayName: string;
}

/** Everything an offboarding plan is built from, for one person; each part read (or refused) on its own. */
export interface IOffboardFacts {
  /** What was asked: an id or a UPN. */
  asked: string;
  /** The profile; when it is refused or the person does not exist, the person is a gap and gets no steps. */
  person: SourceState<IPlanPerson>;
  groups: SourceState<IGroupInfo[]>;
  /** Admin roles held actively (from the same memberships read as the groups; PIM-eligible roles are not memberships). */
  roles: SourceState<IDirectoryRoleInfo[]>;
  /** The groups they own (ownedObjects). */
  owned: SourceState<IGroupInfo[]>;
  methods: SourceState<IAuthMethodInfo[]>;
  /** Intune managed devices (source 'managed'). */
  devices: SourceState<IDeviceInfo[]>;
}

/** A manager as the "set up like" plan names them. */
export interface IManagerRef {
  id: string;
  displayName: string;
}

/** What a "set up like" plan is built from, for the reference or the new user. */
export interface ISetupLikeFacts {
  asked: string;
  person: SourceState<IPlanPerson>;
  groups: SourceState<IGroupInfo[]>;
  manager: SourceState<IManagerRef | null>;
}

const METHODS: Record<string, { segment: string | null; label: string }> = {
  '#microsoft.graph.passwordAuthenticationMethod': { segment: null, label: 'Password' },
  '#microsoft.graph.phoneAuthenticationMethod': { segment: 'phoneMethods', label: 'Phone' },
  '#microsoft.graph.emailAuthenticationMethod': { segment: 'emailMethods', label: 'Email (password reset)' },
  '#microsoft.graph.microsoftAuthenticatorAuthenticationMethod': { segment: 'microsoftAuthenticatorMethods', label: 'Microsoft Authenticator' },
  '#microsoft.graph.fido2AuthenticationMethod': { segment: 'fido2Methods', label: 'FIDO2 security key' },
  '#microsoft.graph.windowsHelloForBusinessAuthenticationMethod': { segment: 'windowsHelloForBusinessMethods', label: 'Windows Hello for Business' },
  '#microsoft.graph.softwareOathAuthenticationMethod': { segment: 'softwareOathMethods', label: 'Authenticator app code (OATH)' },
  '#microsoft.graph.temporaryAccessPassAuthenticationMethod': { segment: 'temporaryAccessPassMethods', label: 'Temporary Access Pass' },
  '#microsoft.graph.platformCredentialAuthenticationMethod': { segment: 'platformCredentialMethods', label: 'Platform credential (macOS)' },
  '#microsoft.graph.externalAuthenticationMethod': { segment: 'externalAuthenticationMethods', label: 'External authentication method' }
};

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);

/** One `/authentication/methods` item; a phone number or an address is kept only in part (the record needs no more). */
export function toAuthMethod(raw: unknown): IAuthMethodInfo | undefined {
  if (!isRecord(raw) || typeof raw.id !== 'string') return undefined;
  const odataType = text(raw['@odata.type']) ?? '';
  const known = METHODS[odataType];
  const label = known?.label ?? (odataType.replace(/^#microsoft\.graph\./, '').replace(/AuthenticationMethod$/, '') || 'Unknown method');
  let detail = text(raw.displayName) ?? text(raw.model);
  const phone = text(raw.phoneNumber);
  if (phone) detail = `${text(raw.phoneType) ?? 'phone'} ending ${phone.replace(/\D/g, '').slice(-4)}`;
  const email = text(raw.emailAddress);
  if (email) detail = `an address at ${email.split('@').pop() ?? ''}`;
  return { id: raw.id, odataType, segment: known ? known.segment : null, label, detail };
}

/** A `directoryRole` among a person's memberships; anything else is undefined. */
export function toDirectoryRole(raw: unknown): IDirectoryRoleInfo | undefined {
  if (!isRecord(raw) || typeof raw.id !== 'string' || raw['@odata.type'] !== '#microsoft.graph.directoryRole') return undefined;
  return { id: raw.id, displayName: text(raw.displayName) ?? raw.id };
}

/** Read `licenseAssignmentStates` (each entry one assignment: direct, or through `assignedByGroup`); `assignedLicenses` when absent. */
export function toLicenseHoldings(raw: unknown): ILicenseHolding[] {
  const out = new Map<string, ILicenseHolding>();
  const states = isRecord(raw) && Array.isArray(raw.licenseAssignmentStates) ? raw.licenseAssignmentStates : undefined;
  const entries = states ?? (isRecord(raw) && Array.isArray(raw.assignedLicenses) ? raw.assignedLicenses : []);
  for (const s of entries) {
    if (!isRecord(s) || typeof s.skuId !== 'string' || !s.skuId) continue;
    const key = s.skuId.toLowerCase();
    const held = out.get(key) ?? { skuId: s.skuId, direct: false, groupIds: [] };
    if (typeof s.assignedByGroup === 'string' && s.assignedByGroup) {
      if (!held.groupIds.includes(s.assignedByGroup)) held.groupIds.push(s.assignedByGroup);
    } else held.direct = true;
    out.set(key, held);
  }
  return [...out.values()];
}

/** A profile body as a plan person. */
export function toPlanPerson(raw: unknown): IPlanPerson | undefined {
  const user = toUserRecord(raw);
  return user ? { ...user, licenses: toLicenseHoldings(raw), onPremisesSync: isRecord(raw) && raw.onPremisesSyncEnabled === true } : undefined;
}

/** Why a part could not be read, in words naming the permission it needs. */
export function partReason(error: unknown, scope: string): string {
  if (error instanceof GraphError) {
    if (error.kind === 'permission') return `Microsoft Graph refused it: the sign-in does not carry ${scope}.`;
    if (error.kind === 'role') return `Microsoft Graph refused it for your admin role (${error.message}).`;
    if (error.kind === 'notFound') return `Not found: ${error.message}`;
  }
  return explainError(error, 'profile').detail;
}

/** The scope each part needs to be read, for the gap's words. */
export const PART_SCOPES = {
  person: 'User.Read.All',
  groups: 'GroupMember.Read.All',
  methods: 'UserAuthenticationMethod.Read.All',
  devices: 'DeviceManagementManagedDevices.Read.All',
  manager: 'User.Read.All',
  owned: 'User.Read.All'
} as const;

type Answers = Map<string, IBatchResponse>;

/** A collection answer of a batch as a state; its further pages (rare: over 999 groups, many devices) followed. */
async function collection<T>(gateway: GraphGateway, res: Answers, id: string, map: (raw: unknown) => T | undefined, signal?: AbortSignal): Promise<SourceState<T[]>> {
  const body = batchResult<unknown>(res.get(id));
  if (body instanceof GraphError) return { status: 'error', error: body };
  const out: T[] = [];
  const add = (items: unknown[]): void => { for (const raw of items) { const v = map(raw); if (v !== undefined) out.push(v); } };
  add(isRecord(body) && Array.isArray(body.value) ? body.value : []);
  const next = isRecord(body) && typeof body['@odata.nextLink'] === 'string' ? body['@odata.nextLink'] : undefined;
  try {
    if (next) for await (const page of gateway.pages<unknown>(next, { signal })) add(page);
  } catch (e) {
    return { status: 'error', error: e };
  }
  return { status: 'ready', data: out };
}

function personState(res: Answers, id: string, asked: string): SourceState<IPlanPerson> {
  const body = batchResult<unknown>(res.get(id));
  if (body instanceof GraphError) {
    const error = body.kind === 'notFound' ? new GraphError(404, body.code, `No user "${asked}" in this tenant.`, body.requestId) : body;
    return { status: 'error', error };
  }
  const person = toPlanPerson(body);
  return person ? { status: 'ready', data: person } : { status: 'error', error: new GraphError(404, 'UnreadableUser', `The user "${asked}" could not be read.`) };
}

const userPath = (asked: string): string => `/users/${encodeURIComponent(asked.trim())}`;

/** The profile a plan reads: the impression's, and whether the account is synced from on-premises. */
export const PLAN_PROFILE_SELECT = `${PROFILE_SELECT},onPremisesSyncEnabled`;

/** The same collection answer read as two things (a person's memberships: their groups and their admin roles). */
async function collections<A, B>(gateway: GraphGateway, res: Answers, id: string, a: (raw: unknown) => A | undefined, b: (raw: unknown) => B | undefined, signal?: AbortSignal): Promise<[SourceState<A[]>, SourceState<B[]>]> {
  const raw = await collection(gateway, res, id, (x: unknown) => x, signal);
  if (raw.status !== 'ready') return [raw, raw] as [SourceState<A[]>, SourceState<B[]>];
  const pick = <T,>(map: (x: unknown) => T | undefined): SourceState<T[]> => ({ status: 'ready', data: raw.data.map(map).filter((v): v is T => v !== undefined) });
  return [pick(a), pick(b)];
}

/**
 * Each person's profile, memberships (groups and admin roles), authentication methods, Intune devices and the
 * groups they own: 5 requests a person, 20 per `$batch` across people.
 */
export async function readOffboardFacts(gateway: GraphGateway, userIds: readonly string[], signal?: AbortSignal): Promise<IOffboardFacts[]> {
  const requests: IBatchRequest[] = userIds.flatMap((asked, n) => {
    const u = userPath(asked);
    return [
      { id: `${n}-person`, method: 'GET' as const, url: `${u}?$select=${PLAN_PROFILE_SELECT}` },
      { id: `${n}-groups`, method: 'GET' as const, url: `${u}/memberOf?$select=${GROUP_SELECT}&$top=999` },
      { id: `${n}-methods`, method: 'GET' as const, url: `${u}/authentication/methods` },
      { id: `${n}-devices`, method: 'GET' as const, url: `${u}/managedDevices?$select=${MANAGED_DEVICE_SELECT}` },
      { id: `${n}-owned`, method: 'GET' as const, url: `${u}/ownedObjects/microsoft.graph.group?$select=${GROUP_SELECT}` }
    ];
  });
  const res = requests.length ? await gateway.batch(requests, { signal }, true) : new Map();
  return Promise.all(userIds.map(async (asked, n) => {
    const [groups, roles] = await collections(gateway, res, `${n}-groups`, toGroupInfo, toDirectoryRole, signal);
    return {
      asked,
      person: personState(res, `${n}-person`, asked),
      groups,
      roles,
      methods: await collection(gateway, res, `${n}-methods`, toAuthMethod, signal),
      devices: await collection(gateway, res, `${n}-devices`, toManagedDevice, signal),
      owned: await collection(gateway, res, `${n}-owned`, toGroupInfo, signal)
    };
  }));
}

/** The reference's and the new user's profile, groups and manager, in one `$batch`. */
export async function readSetupLikeFacts(gateway: GraphGateway, referenceId: string, targetId: string, signal?: AbortSignal): Promise<{ reference: ISetupLikeFacts; target: ISetupLikeFacts }> {
  const asks = [referenceId, targetId];
  const requests: IBatchRequest[] = asks.flatMap((asked, n) => {
    const u = userPath(asked);
    return [
      { id: `${n}-person`, method: 'GET' as const, url: `${u}?$select=${PLAN_PROFILE_SELECT}` },
      { id: `${n}-groups`, method: 'GET' as const, url: `${u}/memberOf?$select=${GROUP_SELECT}&$top=999` },
      { id: `${n}-manager`, method: 'GET' as const, url: `${u}/manager?$select=id,displayName` }
    ];
  });
  const res = await gateway.batch(requests, { signal }, true);
  const read = async (asked: string, n: number): Promise<ISetupLikeFacts> => {
    const m = batchResult<unknown>(res.get(`${n}-manager`));
    // No manager is a 404 from Graph: a fact, not a failure.
    const manager: SourceState<IManagerRef | null> = m instanceof GraphError
      ? (m.kind === 'notFound' ? { status: 'ready', data: null } : { status: 'error', error: m })
      : { status: 'ready', data: isRecord(m) && typeof m.id === 'string' ? { id: m.id, displayName: text(m.displayName) ?? m.id } : null };
    return { asked, person: personState(res, `${n}-person`, asked), groups: await collection(gateway, res, `${n}-groups`, toGroupInfo, signal), manager };
  };
  return { reference: await read(referenceId, 0), target: await read(targetId, 1) };
}

/** The tenant's licences with their free units, as a part of its own (a plan without them still plans, Graph decides). */
export async function readPlanSkus(gateway: GraphGateway, names: SkuNameLookup, signal?: AbortSignal): Promise<SourceState<Map<string, ISkuInfo>>> {
  try {
    return { status: 'ready', data: await loadSubscribedSkus(gateway, names, signal) };
  } catch (e) {
    return { status: 'error', error: e };
  }
}

/** What a bulk licence plan reads of each person: who they are and how each licence is held. */
export const PLAN_PEOPLE_SELECT = 'id,displayName,userPrincipalName,assignedLicenses,licenseAssignmentStates';

/**
 * Each person's licences as they hold them now (licenseAssignmentStates: direct or through which groups), 20
 * profiles a `$batch`, so "Remove a licence" locks group-based holdings and knows who does not hold it. A profile
 * refused or gone is an error state of its own; the plan still plans that person and Graph decides.
 */
export async function readPlanPeople(gateway: GraphGateway, ids: readonly string[], signal?: AbortSignal): Promise<Array<SourceState<IPlanPerson>>> {
  if (ids.length === 0) return [];
  const requests: IBatchRequest[] = ids.map((asked, n) => ({ id: `${n}`, method: 'GET' as const, url: `${userPath(asked)}?$select=${PLAN_PEOPLE_SELECT}` }));
  const res = await gateway.batch(requests, { signal }, true);
  return ids.map((asked, n) => personState(res, `${n}`, asked));
}

/**
 * Whether each person is a direct member of one group: `GET /users/{id}/memberOf/{groupId}` (the memberOf
 * navigation addressed by key), 20 a `$batch`. 200 is a member, 404 is not; anything else (a refusal, a throttle
 * that outlasted the retries) is undefined: unknown, so the step is planned and Graph's answer decides. A 200
 * that lists the memberships instead of the one object is read for the group's id.
 */
export async function readGroupMembership(gateway: GraphGateway, ids: readonly string[], groupId: string, signal?: AbortSignal): Promise<Map<string, boolean | undefined>> {
  const out = new Map<string, boolean | undefined>();
  if (ids.length === 0) return out;
  const requests: IBatchRequest[] = ids.map((asked, n) => ({ id: `${n}`, method: 'GET' as const, url: `${userPath(asked)}/memberOf/${encodeURIComponent(groupId)}?$select=id` }));
  const res = await gateway.batch(requests, { signal }, true);
  ids.forEach((asked, n) => {
    const body = batchResult<unknown>(res.get(`${n}`));
    if (body instanceof GraphError) out.set(asked, body.status === 404 ? false : undefined);
    else if (isRecord(body) && Array.isArray(body.value)) out.set(asked, body.value.some(o => isRecord(o) && typeof o.id === 'string' && o.id.toLowerCase() === groupId.toLowerCase()));
    else out.set(asked, isRecord(body) && typeof body.id === 'string' ? body.id.toLowerCase() === groupId.toLowerCase() : undefined);
  });
  return out;
}
