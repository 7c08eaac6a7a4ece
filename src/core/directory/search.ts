import type { GraphGateway } from '../graph/GraphGateway';
import { isRecord } from '../graph/GraphError';
import { toUserRecord } from './users';
import type { IUserRecord } from './users';
import { GROUP_SELECT, toGroupInfo } from './groups';
import type { IGroupInfo } from './groups';

// $search needs ConsistencyLevel: eventual; quotes inside the term would end the search string.
const term = (text: string): string => encodeURIComponent(text.replace(/["\\]/g, ' ').trim());

/** Users whose name, UPN or mail match — for the impression's user picker. */
export async function searchUsers(gateway: GraphGateway, text: string, signal?: AbortSignal, top = 15): Promise<IUserRecord[]> {
  if (!text.trim()) return [];
  const q = term(text);
  const body = await gateway.get<unknown>(
    `/users?$search="displayName:${q}" OR "userPrincipalName:${q}" OR "mail:${q}"&$select=id,displayName,userPrincipalName,mail,jobTitle,department,userType,accountEnabled&$top=${top}`,
    { headers: { ConsistencyLevel: 'eventual' }, signal }
  );
  const value = isRecord(body) && Array.isArray(body.value) ? body.value : [];
  return value.map(toUserRecord).filter((u): u is IUserRecord => !!u);
}

/** Groups whose name matches — for the group picker (each classified, with why it cannot be edited). */
export async function searchGroups(gateway: GraphGateway, text: string, signal?: AbortSignal, top = 15): Promise<IGroupInfo[]> {
  if (!text.trim()) return [];
  const body = await gateway.get<unknown>(`/groups?$search="displayName:${term(text)}"&$select=${GROUP_SELECT}&$top=${top}`, {
    headers: { ConsistencyLevel: 'eventual' },
    signal
  });
  const value = isRecord(body) && Array.isArray(body.value) ? body.value : [];
  return value.map(toGroupInfo).filter((g): g is IGroupInfo => !!g);
}
