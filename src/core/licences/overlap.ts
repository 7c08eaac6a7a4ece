/**
 * Overlapping products, decided from the SKUs' service plans (never a hand list of products): a SKU is covered
 * by another when at least OVERLAP_SHARE of its counted plans (user plans that are not free or viral) are in the
 * other, and the other has at least as many. A user holding both pays twice for those plans; the covered
 * (smaller) SKU is the one listed as waste.
 */
import { isCountedPlan } from './skus';
import type { ILicenceSku } from './types';

/** "Largely": this share of the smaller SKU's counted plans must be in the larger one. */
export const OVERLAP_SHARE = 0.8;

/** How much of `small`'s counted plans `large` holds (0..1); 0 when `small` has none. */
export function planShare(small: ReadonlySet<string>, large: ReadonlySet<string>): number {
  if (!small.size) return 0;
  let inside = 0;
  for (const id of small) if (large.has(id)) inside++;
  return inside / small.size;
}

/** A SKU's counted plans, by plan id. */
export function countedPlans(sku: ILicenceSku): Set<string> {
  return new Set(sku.servicePlans.filter(isCountedPlan).map(p => p.servicePlanId));
}

/**
 * SKU key -> keys of the SKUs that cover it. `a` is covered by `b` when `b` has at least as many counted plans
 * and holds OVERLAP_SHARE of `a`'s. Two SKUs with the same number of plans that cover each other: the one whose
 * key sorts later is listed as covered, so a holder of both is counted once. A free or trial SKU is never
 * covered (holding it wastes nothing), nor is one without counted plans.
 */
export function coveringSkus(skus: readonly ILicenceSku[]): Map<string, string[]> {
  const plans = skus.map(countedPlans);
  const out = new Map<string, string[]>();
  skus.forEach((a, i) => {
    const pa = plans[i] as Set<string>;
    if (a.freeWhy !== null || !pa.size) return;
    const covers: string[] = [];
    skus.forEach((b, j) => {
      const pb = plans[j] as Set<string>;
      if (i === j || a.key === b.key || pb.size < pa.size || planShare(pa, pb) < OVERLAP_SHARE) return;
      // Equal size and covering each other: only one of the two is the covered one.
      if (pb.size === pa.size && planShare(pb, pa) >= OVERLAP_SHARE && a.key < b.key) return;
      covers.push(b.key);
    });
    if (covers.length) out.set(a.key, covers);
  });
  return out;
}
