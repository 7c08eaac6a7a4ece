import { loadSkuNames } from '../../../core/directory';
import type { IGroupInfo } from '../../../core/directory';
import {
  buildGroupPlan, buildLicenseRemovePlan, buildOffboardPlan, buildSetupLikePlan, offboardRecordName, offboardScript,
  offboardingRecordSheets, readGroupMembership, readOffboardFacts, readPlanPeople, readPlanSkus, readSetupLikeFacts, setDeviceAction,
  withGroupMembership, withPlanPeople
} from '../../../core/plans';
import type { IBulkPerson, IOffboardFacts, IPlanOptions } from '../../../core/plans';
import { buildReclaimPlan } from '../../../core/licences';
import type { IAssignment } from '../../../core/licences';
import type { IImpressionsServices } from '../services';
import type { IPlanSource } from './usePlanRun';

/** A person as a view hands them to a bulk plan: id, name, and the licences the list knows they hold. */
export interface IPlanPersonRef {
  id: string;
  name: string;
  /** skuIds held (the list's assignedLicenses), when known. */
  skuIds?: readonly string[];
  /** How they hold the licence a reclaim removes (direct, or through groups), when known (the Licences view). */
  assignment?: IAssignment;
}

/** What an admin asked a plan for, before its one remaining choice (if any) is made. */
export type PlanRequest =
  | { kind: 'offboard'; userIds: string[] }
  | { kind: 'setupLike'; targetId: string; referenceId?: string }
  /**
   * `skuId`: the licence is already chosen (no choice asked). `reclaim`: the Licences view's reclaim — each person's
   * `assignment` decides the lock, and a group-based holding is named with its groups.
   */
  | { kind: 'licenseRemove'; people: IPlanPersonRef[]; skus: Array<{ skuId: string; name: string }>; skuId?: string; reclaim?: { groupNames: ReadonlyMap<string, string> } }
  | { kind: 'groupAdd' | 'groupRemove'; people: IPlanPersonRef[] };

/** The choice a request still needed: the reference person, the licence, or the group. */
export interface IPlanChoice {
  referenceId?: string;
  skuId?: string;
  group?: IGroupInfo;
}

const bulkPeople = (people: readonly IPlanPersonRef[]): IBulkPerson[] => people.map(p => ({ id: p.id, name: p.name, licenses: p.skuIds }));
const names = (n: number): string => (n === 1 ? '1 person' : `${n.toLocaleString('en-US')} people`);

/** Offboarding: read each person's holdings, build the plan; Finish's record and the script come with it. */
function offboardSource(services: IImpressionsServices, userIds: string[], options: IPlanOptions): IPlanSource {
  let facts: IOffboardFacts[] = [];
  const upns = (): string[] => facts.map(f => (f.person.status === 'ready' ? f.person.data.userPrincipalName : f.asked));
  return {
    title: userIds.length === 1 ? 'Offboard' : `Offboard ${names(userIds.length)}`,
    load: async signal => {
      const [read, skus] = await Promise.all([readOffboardFacts(services.gateway, userIds, signal), loadSkuNames().then(n => readPlanSkus(services.gateway, n, signal))]);
      facts = read;
      return buildOffboardPlan(facts, skus.status === 'ready' ? skus.data : undefined, options);
    },
    exportRecord: (plan, outcome) => {
      const now = services.now();
      return { sheets: offboardingRecordSheets(plan, outcome, facts, now), fileName: offboardRecordName(upns()).replace('{today}', now.toISOString().slice(0, 10)) };
    },
    deviceAction: (plan, action) => setDeviceAction(plan, action, facts.flatMap(f => (f.devices.status === 'ready' ? f.devices.data : [])), options),
    script: plan => offboardScript(plan, upns(), services.graphUrl)
  };
}

/**
 * The plan source for a request and its choice. Each reads what it needs when the panel opens; nothing is
 * written before Finish. The token's scopes lock what it cannot do, and the second switch the destructive steps.
 */
export function planSource(services: IImpressionsServices, request: PlanRequest, choice: IPlanChoice, allowDestructive: boolean): IPlanSource | undefined {
  // The runner's own account is shown and locked: nobody offboards themselves from their own session.
  const options: IPlanOptions = { scopes: services.scopes, allowDestructive, signedInUserId: services.signedIn?.userId };
  switch (request.kind) {
    case 'offboard':
      return offboardSource(services, request.userIds, options);
    case 'setupLike': {
      const referenceId = request.referenceId ?? choice.referenceId;
      if (!referenceId) return undefined;
      return {
        title: 'Set up like…',
        load: async signal => {
          const [{ reference, target }, skus] = await Promise.all([
            readSetupLikeFacts(services.gateway, referenceId, request.targetId, signal),
            loadSkuNames().then(n => readPlanSkus(services.gateway, n, signal))
          ]);
          return buildSetupLikePlan(reference, target, skus.status === 'ready' ? skus.data : undefined, options);
        }
      };
    }
    case 'licenseRemove': {
      const sku = request.skus.find(s => s.skuId === (request.skuId ?? choice.skuId));
      if (!sku) return undefined;
      const reclaim = request.reclaim;
      if (reclaim) {
        const people = request.people.map(p => ({ id: p.id, name: p.name, ...(p.assignment ? { assignment: p.assignment } : {}) }));
        return { title: `Reclaim ${sku.name} from ${names(people.length)}`, load: async () => buildReclaimPlan(people, sku, reclaim.groupNames, options) };
      }
      // How each holds it now (direct or through a group) is read first: a group's licence is locked, named with it.
      return {
        title: `Remove ${sku.name} from ${names(request.people.length)}`,
        load: async signal => buildLicenseRemovePlan(withPlanPeople(bulkPeople(request.people), await readPlanPeople(services.gateway, request.people.map(p => p.id), signal)), sku, options)
      };
    }
    case 'groupAdd':
    case 'groupRemove': {
      const group = choice.group;
      if (!group) return undefined;
      const add = request.kind === 'groupAdd';
      return {
        title: `${add ? 'Add' : 'Remove'} ${names(request.people.length)} ${add ? 'to' : 'from'} ${group.displayName}`,
        // Who is a member already is read first: an add or removal with nothing to change is locked, said so.
        load: async signal => {
          const members = await readGroupMembership(services.gateway, request.people.map(p => p.id), group.id, signal);
          return buildGroupPlan(withGroupMembership(bulkPeople(request.people), group.id, members), group, add ? 'add' : 'remove', options);
        }
      };
    }
  }
}
