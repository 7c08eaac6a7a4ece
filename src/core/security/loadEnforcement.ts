/**
 * Read what MFA enforcement is decided by: security defaults, the Conditional Access policies, and the members
 * of the groups and directory roles the MFA policies name. Scopes (delegated, least privileged): Policy.Read.All
 * for both policy reads (the policies also need a role: Security Reader or Administrator, Global Reader,
 * Conditional Access Administrator or Global Secure Access Administrator), GroupMember.Read.All for groups,
 * RoleManagement.Read.Directory for roles.
 */
import type { GraphGateway } from '../graph/GraphGateway';
import { GraphError, isRecord } from '../graph/GraphError';
import { isMfaPolicy, toCaPolicy } from './enforcement';
import type { ICaPolicy, IEnforcementModel } from './enforcement';

export const SECURITY_DEFAULTS_PATH = '/policies/identitySecurityDefaultsEnforcementPolicy';
export const CA_POLICIES_PATH = '/identity/conditionalAccess/policies';
/** Transitive user members of a group, ids only. */
export const groupMembersPath = (id: string): string => `/groups/${encodeURIComponent(id)}/transitiveMembers/microsoft.graph.user?$select=id&$top=999`;
/** Members of a directory role addressed by its template id (users, role-assignable groups, service principals). */
export const roleMembersPath = (templateId: string): string => `/directoryRoles(roleTemplateId='${encodeURIComponent(templateId)}')/members?$select=id`;

/** Member reads in flight at once (each is one or a few pages). */
const PARALLEL = 4;

const isAbort = (e: unknown, signal?: AbortSignal): boolean => !!signal?.aborted || (e instanceof GraphError && e.kind === 'aborted');

/** Run `work` over the items, `limit` at a time; the first failure rejects. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

async function readPolicies(gateway: GraphGateway, signal?: AbortSignal): Promise<ICaPolicy[]> {
  const out: ICaPolicy[] = [];
  for await (const page of gateway.pages<unknown>(CA_POLICIES_PATH, { signal })) {
    for (const raw of page) {
      const p = toCaPolicy(raw);
      if (p) out.push(p);
    }
  }
  return out;
}

async function readIds(gateway: GraphGateway, path: string, signal?: AbortSignal): Promise<Array<{ id: string; type: string }>> {
  const out: Array<{ id: string; type: string }> = [];
  for await (const page of gateway.pages<unknown>(path, { signal })) {
    for (const raw of page) {
      if (isRecord(raw) && typeof raw.id === 'string') out.push({ id: raw.id.toLowerCase(), type: typeof raw['@odata.type'] === 'string' ? raw['@odata.type'] : '' });
    }
  }
  return out;
}

/** The groups and role templates the MFA policies (enabled or report-only) include or exclude. */
export function referencedMembers(policies: readonly ICaPolicy[]): { groups: string[]; roles: string[] } {
  const groups = new Set<string>();
  const roles = new Set<string>();
  for (const p of policies.filter(isMfaPolicy)) {
    for (const g of [...p.includeGroups, ...p.excludeGroups]) groups.add(g);
    for (const r of [...p.includeRoles, ...p.excludeRoles]) roles.add(r);
  }
  return { groups: [...groups], roles: [...roles] };
}

/**
 * Read the enforcement model. Security defaults and the policies are read side by side; either failing
 * rejects, except that with security defaults on (which decide for everyone) a refused policy read is kept in
 * `policiesError`. Then, with security defaults off, the members of every group (transitively) and role the
 * MFA policies name, a few at a time. A role never activated in the tenant, or a deleted group, answers 404: no members. A
 * member read that fails leaves its group or role out of the maps (unknown, never taken as enforcing) with the
 * reason in `groupErrors` / `roleErrors`; a group that holds a role counts its users as the role's.
 */
export async function loadMfaEnforcement(gateway: GraphGateway, signal?: AbortSignal): Promise<IEnforcementModel> {
  const [defaults, policiesRead] = await Promise.all([
    gateway.get<unknown>(SECURITY_DEFAULTS_PATH, { signal }),
    readPolicies(gateway, signal).then(policies => ({ policies }), (error: unknown) => ({ error }))
  ]);
  const securityDefaults = isRecord(defaults) && defaults.isEnabled === true;
  const model: IEnforcementModel = { securityDefaults, policies: [], groupMembers: new Map(), roleMembers: new Map(), groupErrors: new Map(), roleErrors: new Map() };
  if ('error' in policiesRead) {
    if (!securityDefaults || isAbort(policiesRead.error, signal)) throw policiesRead.error;
    model.policiesError = policiesRead.error;
    return model;
  }
  model.policies = policiesRead.policies;
  if (securityDefaults) return model;

  // Each group is read once, whether a policy names it or it holds a role a policy names.
  const groupReads = new Map<string, Promise<Set<string>>>();
  const readGroup = (id: string): Promise<Set<string>> => {
    let read = groupReads.get(id);
    if (!read) {
      // A policy may still name a deleted group (Graph answers 404): it includes or excludes nobody.
      read = readIds(gateway, groupMembersPath(id), signal).then(
        items => new Set(items.map(i => i.id)),
        (e: unknown) => { if (e instanceof GraphError && e.status === 404) return new Set<string>(); throw e; }
      );
      groupReads.set(id, read);
    }
    return read;
  };
  const { groups, roles } = referencedMembers(model.policies);
  const readRole = async (id: string): Promise<void> => {
    let items: Array<{ id: string; type: string }>;
    try {
      items = await readIds(gateway, roleMembersPath(id), signal);
    } catch (e) {
      // A built-in role nobody was ever assigned has no directoryRole object yet: Graph answers 404.
      if (e instanceof GraphError && e.status === 404) {
        model.roleMembers.set(id, new Set());
        return;
      }
      throw e;
    }
    const members = new Set<string>();
    for (const m of items) {
      if (/group$/i.test(m.type)) for (const u of await readGroup(m.id)) members.add(u);
      else members.add(m.id);
    }
    model.roleMembers.set(id, members);
  };
  const tasks = [
    ...groups.map(id => ({ id, read: async () => { model.groupMembers.set(id, await readGroup(id)); }, errors: model.groupErrors })),
    ...roles.map(id => ({ id, read: () => readRole(id), errors: model.roleErrors }))
  ];
  await eachLimited(tasks, PARALLEL, async task => {
    try {
      await task.read();
    } catch (e) {
      if (isAbort(e, signal)) throw e;
      task.errors?.set(task.id, e);
    }
  });
  return model;
}
