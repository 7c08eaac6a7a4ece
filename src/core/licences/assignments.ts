/**
 * Direct or group-based: each licensed user's `licenseAssignmentStates`, read on its own rather than with the user
 * list. /users/delta does not track that property (Microsoft Graph's user-delta page: "Changes to the
 * licenseAssignmentStates property are currently not tracked"), so a list kept between visits would hold it stale;
 * and only this view needs it. The licensing groups' names come after, in `$batch`.
 */
import type { GraphGateway } from '../graph/GraphGateway';
import { batchResult } from '../graph/GraphGateway';
import { GraphError, isRecord } from '../graph/GraphError';
import type { IAssignment, IAssignmentIndex } from './types';

/** Licensed users only (an advanced query: ConsistencyLevel eventual with $count), with their assignment states. */
export const ASSIGNMENTS_PATH = '/users?$select=id,licenseAssignmentStates&$filter=assignedLicenses/$count ne 0&$count=true&$top=999';

const EVENTUAL = { ConsistencyLevel: 'eventual' };

/** One user's `licenseAssignmentStates` as SKU key -> assignment; entries in error (not applied) are left out. */
export function toAssignments(raw: unknown): Map<string, IAssignment> {
  const out = new Map<string, IAssignment>();
  const states = isRecord(raw) && Array.isArray(raw.licenseAssignmentStates) ? raw.licenseAssignmentStates : [];
  for (const s of states) {
    if (!isRecord(s) || typeof s.skuId !== 'string' || !s.skuId) continue;
    // A group assignment Graph could not apply (no units left, conflicting plans) gives the user nothing.
    if (typeof s.state === 'string' && s.state !== 'Active' && s.state !== 'ActiveWithError') continue;
    const key = s.skuId.toLowerCase();
    let a = out.get(key);
    if (!a) out.set(key, (a = { direct: false, groupIds: [] }));
    if (typeof s.assignedByGroup === 'string' && s.assignedByGroup) {
      if (!a.groupIds.includes(s.assignedByGroup)) a.groupIds.push(s.assignedByGroup);
    } else a.direct = true;
  }
  return out;
}

/** The names of licensing groups, 20 to a `$batch`; a group that cannot be read keeps its id. */
export async function readGroupNames(gateway: GraphGateway, ids: readonly string[], signal?: AbortSignal): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  if (!ids.length) return names;
  const answers = await gateway.batch(ids.map((id, n) => ({ id: String(n), method: 'GET' as const, url: `/groups/${encodeURIComponent(id)}?$select=id,displayName` })), { signal }, true);
  ids.forEach((id, n) => {
    const body = batchResult<unknown>(answers.get(String(n)));
    names.set(id, !(body instanceof GraphError) && isRecord(body) && typeof body.displayName === 'string' && body.displayName ? body.displayName : id);
  });
  return names;
}

/** Every licensed user's assignments (User.Read.All), kept for those holding through groups, then those groups' names (GroupMember.Read.All). */
export async function readAssignments(gateway: GraphGateway, signal?: AbortSignal): Promise<IAssignmentIndex> {
  const byUser = new Map<string, Map<string, IAssignment>>();
  const groups = new Set<string>();
  for await (const page of gateway.pages<unknown>(ASSIGNMENTS_PATH, { signal, headers: EVENTUAL })) {
    for (const raw of page) {
      if (!isRecord(raw) || typeof raw.id !== 'string') continue;
      const held = toAssignments(raw);
      let viaGroup = false;
      for (const a of held.values()) for (const g of a.groupIds) { groups.add(g); viaGroup = true; }
      // Direct holders are the rule: only those with a group-based assignment are kept (see IAssignmentIndex).
      // Under Graph's id as given and lower-cased, so a look-up by either is one get.
      if (viaGroup) byUser.set(raw.id, held).set(raw.id.toLowerCase(), held);
    }
  }
  // The names are a nicety: without them (no group scope) the ids are shown, and the assignments stand.
  const groupNames = await readGroupNames(gateway, [...groups], signal).catch((e: unknown) => {
    if (signal?.aborted) throw e;
    return new Map<string, string>();
  });
  return { byUser, groupNames };
}

/** How a holding reads: "Direct", "Group (Sales, All staff)", "Direct and group (...)", or "Not known". */
export function assignmentText(a: IAssignment | undefined, groupNames: ReadonlyMap<string, string> | undefined): string {
  if (!a) return 'Not known';
  const via = a.groupIds.map(id => groupNames?.get(id) ?? id).join(', ');
  if (!a.groupIds.length) return 'Direct';
  return a.direct ? `Direct and group (${via})` : `Group (${via})`;
}
