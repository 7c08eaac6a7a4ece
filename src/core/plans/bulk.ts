/**
 * Bulk actions over rows selected in the Users view: remove one licence, add to or remove from one group. What
 * the view knows of each person decides the lock; what it does not know is still planned and Graph's answer decides.
 */
import type { IGroupInfo } from '../directory/groups';
import type { SourceState } from '../directory/userIndex';
import type { ILicenseHolding, IPlanPerson } from './facts';
import { GRAPH_OBJECTS, assignLicenseRequest, makeStep, seg } from './steps';
import type { IPlanOptions, IStepInput } from './steps';
import type { IBulkPlan } from './types';

/** A selected row, with what the view knows about it. */
export interface IBulkPerson {
  id: string;
  name: string;
  /**
   * The licences held, when known: holdings (licenseAssignmentStates) tell direct from group-based; bare skuIds
   * (the list's assignedLicenses) say only that it is held. Undefined: unknown.
   */
  licenses?: ReadonlyArray<ILicenseHolding | string>;
  /** Ids of the groups the person is a direct member of, when known. */
  groupIds?: readonly string[];
}

/** A licence as a bulk action names it. */
export interface IBulkLicense {
  skuId: string;
  name: string;
}

/**
 * People with the licences readPlanPeople read (in the same order): holdings that tell direct from group-based
 * replace what the list knew; a person whose profile was not read keeps what the list knew.
 */
export function withPlanPeople(people: readonly IBulkPerson[], states: ReadonlyArray<SourceState<IPlanPerson>>): IBulkPerson[] {
  return people.map((p, n) => {
    const state = states[n];
    return state?.status === 'ready' ? { ...p, licenses: state.data.licenses } : p;
  });
}

/**
 * People with their membership of one group as readGroupMembership read it (by id): a member has the group among
 * `groupIds`, a non-member not; unknown keeps what was known before.
 */
export function withGroupMembership(people: readonly IBulkPerson[], groupId: string, membership: ReadonlyMap<string, boolean | undefined>): IBulkPerson[] {
  return people.map(p => {
    const member = membership.get(p.id);
    if (member === undefined) return p;
    const others = (p.groupIds ?? []).filter(g => g !== groupId);
    return { ...p, groupIds: member ? [...others, groupId] : others };
  });
}

/** Remove one licence from each selected person: a group-based holding is locked, a licence known not held is said so. */
export function buildLicenseRemovePlan(people: readonly IBulkPerson[], sku: IBulkLicense, options: IPlanOptions = {}): IBulkPlan {
  const key = sku.skuId.toLowerCase();
  const steps = people.map(p => {
    const held = p.licenses?.map((l): ILicenseHolding => (typeof l === 'string' ? { skuId: l, direct: true, groupIds: [] } : l)).find(l => l.skuId.toLowerCase() === key);
    const input: IStepInput = { kind: 'licenseRemove', target: key, marker: 'removed', label: `Remove ${sku.name}`, request: assignLicenseRequest(p.id, [], [sku.skuId]) };
    if (p.licenses && !held) return makeStep({ id: p.id, name: p.name }, { ...input, before: 'Not assigned', lock: `${p.name} does not hold ${sku.name}: nothing to remove.` }, options);
    if (held && !held.direct) return makeStep({ id: p.id, name: p.name }, { ...input, before: 'Through a group', lock: `Assigned through a group (${held.groupIds.join(', ')}): it stays while they are a member of it.` }, options);
    return makeStep({ id: p.id, name: p.name }, { ...input, before: held ? 'Assigned directly' : undefined }, options);
  });
  return { purpose: 'licenseRemove', title: `Remove ${sku.name} from ${people.length === 1 ? people[0]?.name ?? '' : `${people.length} people`}`, steps, gaps: [] };
}

/** Add each selected person to a group, or remove each from it; a group Graph cannot change locks every step with why. */
export function buildGroupPlan(people: readonly IBulkPerson[], group: IGroupInfo, action: 'add' | 'remove', options: IPlanOptions = {}): IBulkPlan {
  const steps = people.map(p => {
    const member = p.groupIds === undefined ? undefined : p.groupIds.includes(group.id);
    const owner = { id: p.id, name: p.name };
    if (action === 'add') {
      return makeStep(owner, {
        kind: 'groupAdd', target: group.id, marker: 'added', label: `Add to ${group.displayName}`,
        before: member === undefined ? undefined : member ? 'Member' : 'Not a member',
        lock: group.notEditable ?? (member ? 'Already a member: nothing to change.' : undefined),
        request: { method: 'POST', url: `/groups/${seg(group.id)}/members/$ref`, body: { '@odata.id': `${GRAPH_OBJECTS}${p.id}` } }
      }, options);
    }
    return makeStep(owner, {
      kind: 'groupRemove', target: group.id, marker: 'removed', label: `Remove from ${group.displayName}`,
      before: member === undefined ? undefined : member ? 'Member' : 'Not a member',
      lock: group.notEditable ?? (member === false ? 'Not a member: nothing to change.' : undefined),
      request: { method: 'DELETE', url: `/groups/${seg(group.id)}/members/${seg(p.id)}/$ref` }
    }, options);
  });
  const who = people.length === 1 ? people[0]?.name ?? '' : `${people.length} people`;
  return { purpose: action === 'add' ? 'groupAdd' : 'groupRemove', title: action === 'add' ? `Add ${who} to ${group.displayName}` : `Remove ${who} from ${group.displayName}`, steps, gaps: [] };
}
