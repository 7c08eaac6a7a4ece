/**
 * The tenant's SKUs as the Licences view reads them: `/subscribedSkus` with every unit count and the service
 * plans (the Users view's ISkuInfo keeps its own, smaller read). Whether a SKU is paid is decided here, from
 * the SKU's own data: its part number and product name, and its service plans.
 */
import type { GraphGateway } from '../graph/GraphGateway';
import { isRecord } from '../graph/GraphError';
import type { SkuNameLookup } from '../directory/skus';
import type { ILicenceSku, IServicePlan } from './types';

/** The `$select` of the Licences view's /subscribedSkus read. */
export const LICENCE_SKU_SELECT = 'skuId,skuPartNumber,appliesTo,capabilityStatus,consumedUnits,prepaidUnits,servicePlans';

/**
 * Words Microsoft's free, trial and self-service ("viral") offers carry in their part numbers, product names
 * and plan names (FLOW_FREE, "Microsoft Fabric (Free)", POWERAPPS_VIRAL, TEAMS_EXPLORATORY, "... vTrial").
 * Matched as whole words (underscores, spaces and brackets part them), so "FREEDOM" or "TRIALS" would not.
 */
const FREE_WORD = /(?:^|[^a-z0-9])(free|trial|vtrial|viral|exploratory)(?:$|[^a-z0-9])/i;

/** Whether a service plan is a free or viral one (ignored when overlap is decided). */
export function isFreePlan(plan: Pick<IServicePlan, 'servicePlanName'>): boolean {
  return FREE_WORD.test(plan.servicePlanName);
}

/** Whether a plan counts for overlap: one a user is given (not a tenant-level plan), and not free or viral. */
export function isCountedPlan(plan: IServicePlan): boolean {
  return plan.appliesTo !== 'Company' && !isFreePlan(plan);
}

/**
 * Why a SKU is free or a trial, in words; null when it is paid. Free: its part number or product name says
 * free, trial, viral or exploratory, or it has service plans and every one of them is a free or viral plan.
 * A SKU without service plans (an add-on Microsoft lists none for) is counted as paid.
 */
export function freeReason(partNumber: string, name: string, plans: readonly IServicePlan[]): string | null {
  const word = FREE_WORD.exec(partNumber) ?? FREE_WORD.exec(name);
  if (word) return `Free or trial: its ${FREE_WORD.test(partNumber) ? 'part number' : 'name'} says "${word[1]}".`;
  const userPlans = plans.filter(p => p.appliesTo !== 'Company');
  if (userPlans.length && userPlans.every(isFreePlan)) return 'Free or trial: every service plan in it is a free or viral one.';
  return null;
}

const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function toPlan(raw: unknown): IServicePlan | undefined {
  if (!isRecord(raw) || typeof raw.servicePlanId !== 'string') return undefined;
  return { servicePlanId: raw.servicePlanId.toLowerCase(), servicePlanName: str(raw.servicePlanName) ?? raw.servicePlanId, appliesTo: str(raw.appliesTo) };
}

/** One `/subscribedSkus` item; unknown SKUs keep their part number (or id) as their name. */
export function toLicenceSku(raw: unknown, names: SkuNameLookup): ILicenceSku | undefined {
  if (!isRecord(raw) || typeof raw.skuId !== 'string' || raw.skuId === '') return undefined;
  const part = str(raw.skuPartNumber) ?? '';
  const prepaid = isRecord(raw.prepaidUnits) ? raw.prepaidUnits : {};
  const plans = (Array.isArray(raw.servicePlans) ? raw.servicePlans : []).map(toPlan).filter((p): p is IServicePlan => p !== undefined);
  const name = names(raw.skuId, part) ?? (part || raw.skuId);
  const enabled = num(prepaid.enabled);
  const assigned = num(raw.consumedUnits);
  return {
    skuId: raw.skuId,
    key: raw.skuId.toLowerCase(),
    skuPartNumber: part,
    name,
    appliesTo: str(raw.appliesTo),
    capabilityStatus: str(raw.capabilityStatus) ?? 'Unknown',
    enabled,
    warning: num(prepaid.warning),
    suspended: num(prepaid.suspended),
    lockedOut: num(prepaid.lockedOut),
    assigned,
    available: Math.max(0, enabled - assigned),
    servicePlans: plans,
    freeWhy: freeReason(part, name, plans)
  };
}

/** `/subscribedSkus` with their plans and friendly names (LicenseAssignment.Read.All), in Graph's order. */
export async function readLicenceSkus(gateway: GraphGateway, names: SkuNameLookup, signal?: AbortSignal): Promise<ILicenceSku[]> {
  const out: ILicenceSku[] = [];
  for await (const page of gateway.pages<unknown>(`/subscribedSkus?$select=${LICENCE_SKU_SELECT}`, { signal })) {
    for (const raw of page) {
      const sku = toLicenceSku(raw, names);
      if (sku) out.push(sku);
    }
  }
  return out;
}
