/**
 * Reclaim: holders chosen from a waste list become one reviewed plan that removes the licence from each (core/plans'
 * bulk licence removal), with group-based holdings locked and named with their groups. Nothing is sent here.
 */
import { buildLicenseRemovePlan } from '../plans/bulk';
import type { IBulkPerson } from '../plans/bulk';
import type { IBulkPlan, IPlanStep } from '../plans/types';
import type { IPlanOptions } from '../plans/steps';
import type { ILicenseHolding } from '../plans/facts';
import { assignmentOf } from './model';
import type { IAssignment, ILicenceModel } from './types';

/** A holder as a reclaim plan takes them: id, name, and how they hold the licence when known. */
export interface IReclaimPerson {
  id: string;
  name: string;
  /** Undefined: not known (the assignments could not be read): Graph's answer decides. */
  assignment?: IAssignment;
}

const groupList = (ids: readonly string[], names: ReadonlyMap<string, string> | undefined): string => ids.map(id => names?.get(id) ?? id).join(', ');

/** The holders of rows `picked` of the model, for `skuKey`. */
export function reclaimPeople(model: ILicenceModel, picked: readonly number[], skuKey: string): IReclaimPerson[] {
  return picked.flatMap(r => {
    const row = model.rows[r];
    if (!row) return [];
    const assignment = assignmentOf(model, r, skuKey);
    return [{ id: row.user.id, name: row.user.displayName || row.user.userPrincipalName, ...(assignment ? { assignment } : {}) }];
  });
}

/**
 * Remove `sku` from each person: a holding only through groups is locked, named with its groups (it stays while
 * they are members); one held directly and through a group is removable, and says that no unit is freed by it.
 */
export function buildReclaimPlan(people: readonly IReclaimPerson[], sku: { skuId: string; name: string }, groupNames: ReadonlyMap<string, string> | undefined, options: IPlanOptions = {}): IBulkPlan {
  const bulk: IBulkPerson[] = people.map(p => {
    const holding: ILicenseHolding | undefined = p.assignment ? { skuId: sku.skuId, direct: p.assignment.direct, groupIds: [...p.assignment.groupIds] } : undefined;
    return { id: p.id, name: p.name, ...(holding ? { licenses: [holding] } : {}) };
  });
  const plan = buildLicenseRemovePlan(bulk, sku, options);
  const byId = new Map(people.map(p => [p.id, p]));
  const steps = plan.steps.map((step): IPlanStep => {
    const a = byId.get(step.userId)?.assignment;
    if (!a || !a.groupIds.length) return step;
    const via = groupList(a.groupIds, groupNames);
    if (!a.direct) {
      return { ...step, before: `Through a group (${via})`, locked: `Assigned through ${a.groupIds.length === 1 ? 'the group' : 'the groups'} ${via}: it stays while ${step.userName} is a member. Remove them from the group, or the licence from the group, to free the unit.` };
    }
    return { ...step, before: `Assigned directly and through ${via}`, detail: `Also assigned through ${via}: removing the direct assignment leaves that one, so no unit is freed.` };
  });
  return { ...plan, title: `Reclaim ${sku.name} from ${people.length === 1 ? people[0]?.name ?? '' : `${people.length.toLocaleString('en-US')} people`}`, steps };
}
