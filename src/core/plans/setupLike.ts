/**
 * "Set up like…": a new user gets what a reference user (same team) has: usage location first when they have
 * none, the changed profile fields, the manager, the editable groups they are not in, and the directly assigned
 * licences with free units checked.
 */
import type { IGroupInfo } from '../directory/groups';
import type { ISkuInfo } from '../directory/skus';
import { PART_SCOPES, partReason } from './facts';
import type { IPlanPerson, ISetupLikeFacts } from './facts';
import { GRAPH_OBJECTS, assignLicenseRequest, licenseName, makeStep, seg } from './steps';
import type { IPlanOptions, IStepInput, IStepOwner } from './steps';
import type { IBulkPlan, IPlanGap, IPlanStep } from './types';

/** The profile fields "set up like" copies, in the order the plan shows them (usage location first). */
export const SETUP_FIELDS = [
  { field: 'usageLocation', label: 'Usage location' },
  { field: 'department', label: 'Department' },
  { field: 'officeLocation', label: 'Office' },
  { field: 'jobTitle', label: 'Job title' }
] as const;

/** The manager `$ref` request. */
export function managerRequest(userId: string, managerId: string): NonNullable<IPlanStep['request']> {
  return { method: 'PUT', url: `/users/${seg(userId)}/manager/$ref`, body: { '@odata.id': `${GRAPH_OBJECTS}${managerId}` } };
}

const show = (v: string | null): string => (v === null ? '(empty)' : `"${v}"`);

/** Why a step that replaces the new user's own value starts unticked. */
export const OVERWRITE_NOTE = 'Replaces what the new user already has: not ticked; tick it if the reference\'s is right for them.';

/** Fields the reference has and the new user has otherwise; usage location only where the new user has none. */
function fieldSteps(ref: IPlanPerson, target: IPlanPerson): IStepInput[] {
  const out: IStepInput[] = [];
  for (const { field, label } of SETUP_FIELDS) {
    const want = ref[field];
    const have = target[field];
    if (want === null || want === have || (field === 'usageLocation' && have !== null)) continue;
    // A value the new user already has is theirs (HR's, or the admin's): replacing it is offered, never pre-ticked.
    const overwrites = have !== null;
    out.push({
      kind: 'field', target: field, marker: 'changed', label: `${label}: ${show(have)} → ${show(want)}`, before: have ?? '(empty)',
      detail: field === 'usageLocation' ? 'Set first: Microsoft Graph assigns no licence to a user without a usage location.' : overwrites ? OVERWRITE_NOTE : undefined,
      optIn: overwrites,
      request: { method: 'PATCH', url: `/users/${seg(target.id)}`, body: { [field]: want } }
    });
  }
  return out;
}

/** The reference's groups the new user is not in; the ones Graph cannot change listed with why. */
function groupSteps(refGroups: IGroupInfo[], targetGroups: IGroupInfo[] | undefined, target: IPlanPerson): IStepInput[] {
  return refGroups.filter(g => !targetGroups?.some(t => t.id === g.id)).map(g => ({
    kind: 'groupAdd', target: g.id, marker: 'added', label: `Add to ${g.displayName}`, before: 'Not a member',
    lock: g.notEditable,
    request: { method: 'POST', url: `/groups/${seg(g.id)}/members/$ref`, body: { '@odata.id': `${GRAPH_OBJECTS}${target.id}` } }
  }));
}

/** The reference's licences the new user lacks: direct ones assigned (free units checked), group ones said to come with the group. */
function licenseSteps(ref: IPlanPerson, target: IPlanPerson, refGroups: IGroupInfo[] | undefined, skus: ReadonlyMap<string, ISkuInfo> | undefined): IStepInput[] {
  const location = target.usageLocation ?? ref.usageLocation;
  return ref.licenses.filter(l => !target.licenses.some(t => t.skuId.toLowerCase() === l.skuId.toLowerCase())).map(l => {
    const name = licenseName(l.skuId, skus);
    const base = { kind: 'licenseAdd' as const, target: l.skuId.toLowerCase(), marker: 'added' as const, label: `Assign ${name}`, before: 'Not assigned' };
    if (!l.direct) {
      const via = l.groupIds.map(id => refGroups?.find(g => g.id === id)?.displayName ?? id).join(', ');
      return { ...base, lock: `${ref.displayName} has it through the group ${via}: adding the new user to that group brings it.` };
    }
    const sku = skus?.get(l.skuId.toLowerCase());
    const free = sku ? sku.enabled - sku.consumed : undefined;
    let lock: string | undefined;
    if (free !== undefined && free <= 0) lock = `0 of ${sku?.enabled ?? 0} available: buy more or free one first.`;
    else if (location === null) lock = `Neither ${target.displayName} nor ${ref.displayName} has a usage location, and Microsoft Graph assigns no licence without one: set it in the impression first.`;
    return { ...base, lock, detail: free !== undefined ? `${free} of ${sku?.enabled ?? 0} available.` : undefined, request: assignLicenseRequest(target.id, [l.skuId], []) };
  });
}

/**
 * The "set up like" plan for `target` from `reference`. When either profile could not be read the plan is
 * empty and says why; a part of either that could not be read is a gap, and the rest is still planned.
 */
export function buildSetupLikePlan(reference: ISetupLikeFacts, target: ISetupLikeFacts, skus: ReadonlyMap<string, ISkuInfo> | undefined, options: IPlanOptions = {}): IBulkPlan {
  const gaps: IPlanGap[] = [];
  for (const f of [reference, target]) {
    if (f.person.status === 'error') gaps.push({ userId: f.asked, userName: f.asked, part: 'Profile', reason: partReason(f.person.error, PART_SCOPES.person) });
  }
  // The title names both people, each by name where read (by what was asked where not).
  const nameOf = (f: ISetupLikeFacts): string => (f.person.status === 'ready' ? f.person.data.displayName || f.person.data.userPrincipalName || f.asked : f.asked);
  const title = `Set up ${nameOf(target)} like ${nameOf(reference)}`;
  if (reference.person.status !== 'ready' || target.person.status !== 'ready') return { purpose: 'setupLike', title, steps: [], gaps };
  const ref = reference.person.data;
  const t = target.person.data;
  const owner: IStepOwner = { id: t.id, name: t.displayName || t.userPrincipalName };
  const gap = (who: IPlanPerson, part: string, error: unknown, scope: string): void => { gaps.push({ userId: who.id, userName: who.displayName, part, reason: partReason(error, scope) }); };
  if (reference.groups.status === 'error') gap(ref, 'Groups', reference.groups.error, PART_SCOPES.groups);
  if (target.groups.status === 'error') gap(t, 'Groups', target.groups.error, PART_SCOPES.groups);
  if (reference.manager.status === 'error') gap(ref, 'Manager', reference.manager.error, PART_SCOPES.manager);
  const refGroups = reference.groups.status === 'ready' ? reference.groups.data : undefined;
  const inputs: IStepInput[] = [...fieldSteps(ref, t)];
  const mgr = reference.manager.status === 'ready' ? reference.manager.data : null;
  const current = target.manager.status === 'ready' ? target.manager.data : undefined;
  if (mgr && mgr.id !== t.id && mgr.id !== current?.id) {
    inputs.push({
      kind: 'manager', target: mgr.id, marker: 'changed', label: `Manager: ${current ? current.displayName : '(none)'} → ${mgr.displayName}`, before: current?.displayName ?? '(none)',
      // Their manager unknown (not read) counts as one they may have: not pre-ticked either.
      ...(current !== null ? { optIn: true, detail: OVERWRITE_NOTE } : {}),
      request: managerRequest(t.id, mgr.id)
    });
  }
  inputs.push(...groupSteps(refGroups ?? [], target.groups.status === 'ready' ? target.groups.data : undefined, t));
  inputs.push(...licenseSteps(ref, t, refGroups, skus));
  return { purpose: 'setupLike', title, steps: inputs.map(i => makeStep(owner, i, options)), gaps };
}
