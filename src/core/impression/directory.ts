import type { GraphGateway } from '../graph/GraphGateway';
import { batchResult } from '../graph/GraphGateway';
import { GraphError, isRecord } from '../graph/GraphError';
import { toUserRecord } from '../directory/users';
import type { IUserRecord } from '../directory/users';
import { toMfaInfo } from '../directory/mfa';
import type { IMfaInfo } from '../directory/mfa';
import { SKU_SELECT, toSkuInfo } from '../directory/skus';
import type { ISkuInfo, SkuNameLookup } from '../directory/skus';
import type { SourceState } from '../directory/userIndex';
import { GROUP_SELECT, toGroupInfo } from '../directory/groups';
import type { IGroupInfo } from '../directory/groups';

/** A user's profile as the impression shows and edits it. */
export type IImpressionUser = IUserRecord;

/** The manager, when the user has one. */
export interface IManagerInfo {
  id: string;
  displayName: string;
  userPrincipalName: string | null;
}

/** Directory data of one user: the profile, and each other part loaded (or failed) on its own. */
export interface IImpressionDirectory {
  user: IImpressionUser;
  manager: SourceState<IManagerInfo | null>;
  groups: SourceState<IGroupInfo[]>;
  /** A data URL, or null when the user has no photo. */
  photo: SourceState<string | null>;
  mfa: SourceState<IMfaInfo | null>;
  /** Last sign-in (ISO), Entra ID P1/P2 only. */
  signIn: SourceState<string | null>;
  skus: SourceState<Map<string, ISkuInfo>>;
  /** How each licence is held (by lower-case skuId); a licence missing here is taken as assigned directly. */
  licenseSources: Map<string, ILicenseSource>;
  /** Round trips the directory part took (one `$batch`, plus memberOf pages beyond the first). */
  requests: number;
}

/** How a user holds a licence: assigned to them, and/or through groups (group-based licensing). */
export interface ILicenseSource {
  direct: boolean;
  /** The groups it comes through (ids); removing it from the user leaves these in place. */
  groupIds: string[];
}

/** Read `licenseAssignmentStates`: each entry is one assignment, direct (`assignedByGroup` null) or through a group. */
function licenseSourcesOf(profile: unknown): Map<string, ILicenseSource> {
  const out = new Map<string, ILicenseSource>();
  const states = isRecord(profile) && Array.isArray(profile.licenseAssignmentStates) ? profile.licenseAssignmentStates : [];
  for (const s of states) {
    if (!isRecord(s) || typeof s.skuId !== 'string' || !s.skuId) continue;
    const key = s.skuId.toLowerCase();
    const source = out.get(key) ?? { direct: false, groupIds: [] };
    if (typeof s.assignedByGroup === 'string' && s.assignedByGroup) source.groupIds.push(s.assignedByGroup);
    else source.direct = true;
    out.set(key, source);
  }
  return out;
}

/** The profile fields the impression reads (and partly edits). */
export const PROFILE_SELECT = 'id,displayName,userPrincipalName,mail,jobTitle,department,officeLocation,usageLocation,accountEnabled,userType,createdDateTime,assignedLicenses,licenseAssignmentStates';

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const odataString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

/** Raised when the user cannot be found (or read) at all; every other part degrades alone. */
export class UserNotFoundError extends GraphError {}

/**
 * Everything the directory knows about one user, in ONE `$batch` round trip: profile, manager,
 * groups, photo, MFA registration, last sign-in and the tenant's licences.
 */
export async function loadImpressionDirectory(gateway: GraphGateway, idOrUpn: string, skuNames: SkuNameLookup, signal?: AbortSignal): Promise<IImpressionDirectory> {
  const key = encodeURIComponent(idOrUpn.trim());
  const registration = GUID.test(idOrUpn.trim())
    ? `/reports/authenticationMethods/userRegistrationDetails/${key}`
    : `/reports/authenticationMethods/userRegistrationDetails?$filter=userPrincipalName eq ${encodeURIComponent(odataString(idOrUpn.trim()))}`;
  const res = await gateway.batch(
    [
      { id: 'profile', method: 'GET', url: `/users/${key}?$select=${PROFILE_SELECT}` },
      { id: 'manager', method: 'GET', url: `/users/${key}/manager?$select=id,displayName,userPrincipalName` },
      { id: 'groups', method: 'GET', url: `/users/${key}/memberOf?$select=${GROUP_SELECT}&$top=999` },
      { id: 'photo', method: 'GET', url: `/users/${key}/photo/$value` },
      { id: 'mfa', method: 'GET', url: registration },
      { id: 'signIn', method: 'GET', url: `/users/${key}?$select=id,signInActivity` },
      { id: 'skus', method: 'GET', url: `/subscribedSkus?$select=${SKU_SELECT}` }
    ],
    { signal }
  );
  let requests = 1;

  const profile = batchResult<unknown>(res.get('profile'));
  if (profile instanceof GraphError) {
    throw profile.kind === 'notFound'
      ? new UserNotFoundError(404, profile.code, `No user "${idOrUpn}" in this tenant.`, profile.requestId)
      : profile;
  }
  const user = toUserRecord(profile);
  if (!user) throw new UserNotFoundError(404, 'UnreadableUser', `The user "${idOrUpn}" could not be read.`);

  const state = <T,>(id: string, read: (body: unknown) => T, notFound?: T): SourceState<T> => {
    const r = batchResult<unknown>(res.get(id));
    if (r instanceof GraphError) return r.kind === 'notFound' && notFound !== undefined ? { status: 'ready', data: notFound } : { status: 'error', error: r };
    try {
      return { status: 'ready', data: read(r) };
    } catch (e) {
      return { status: 'error', error: e };
    }
  };

  const groups = state<IGroupInfo[]>('groups', body => {
    const value = isRecord(body) && Array.isArray(body.value) ? body.value : [];
    return value.map(toGroupInfo).filter((g): g is IGroupInfo => !!g);
  });
  // memberOf pages beyond 999 (rare): follow them.
  const groupsBody = batchResult<unknown>(res.get('groups'));
  if (groups.status === 'ready' && isRecord(groupsBody) && typeof groupsBody['@odata.nextLink'] === 'string') {
    try {
      for await (const page of gateway.pages<unknown>(groupsBody['@odata.nextLink'], { signal })) {
        requests++;
        groups.data.push(...page.map(toGroupInfo).filter((g): g is IGroupInfo => !!g));
      }
    } catch (e) {
      return { ...base(), groups: { status: 'error', error: e }, requests };
    }
  }

  function base(): Omit<IImpressionDirectory, 'groups' | 'requests'> {
    return {
      user: user as IUserRecord,
      licenseSources: licenseSourcesOf(profile),
      manager: state<IManagerInfo | null>('manager', body => (isRecord(body) && typeof body.id === 'string'
        ? { id: body.id, displayName: String(body.displayName ?? ''), userPrincipalName: typeof body.userPrincipalName === 'string' ? body.userPrincipalName : null }
        : null), null),
      photo: state<string | null>('photo', body => {
        const type = res.get('photo')?.headers['content-type'] ?? 'image/jpeg';
        return typeof body === 'string' && body ? `data:${type};base64,${body}` : null;
      }, null),
      mfa: state<IMfaInfo | null>('mfa', body => {
        const item = isRecord(body) && Array.isArray(body.value) ? body.value[0] : body;
        return item === undefined ? null : toMfaInfo(item)?.[1] ?? null;
      }, null),
      signIn: state<string | null>('signIn', body => {
        const a = isRecord(body) && isRecord(body.signInActivity) ? body.signInActivity : {};
        const dates = [a.lastSignInDateTime, a.lastNonInteractiveSignInDateTime].filter((d): d is string => typeof d === 'string' && d !== '');
        return dates.sort().pop() ?? null;
      }),
      skus: state<Map<string, ISkuInfo>>('skus', body => {
        const out = new Map<string, ISkuInfo>();
        for (const raw of isRecord(body) && Array.isArray(body.value) ? body.value : []) {
          const sku = toSkuInfo(raw, skuNames);
          if (sku) out.set(sku.skuId.toLowerCase(), sku);
        }
        return out;
      })
    };
  }
  return { ...base(), groups, requests };
}
