/**
 * Cost, only from prices an admin entered: no price, no cost (the view says "enter a price"). Amounts are kept in
 * their own currency and summed per currency, never across. Each line is rounded to cents; totals add cents.
 */
import { WASTE_KINDS } from './model';
import type { ICostModel, ICurrencyTotal, ILicenceModel, ISkuCost, ISkuPrice, ISkuUsage, IWasteList, WasteKind } from './types';

/**
 * The categories a potential saving counts, with the unassigned units: inactivity at 90 days (30 is often leave,
 * 180 is inside 90), and each holding once however many of them it is in.
 */
export const SAVING_KINDS: readonly WasteKind[] = ['disabled', 'inactive90', 'neverSignedIn', 'overlap', 'guestPaid'];

/** ISO 4217: three capital letters. */
const CURRENCY = /^[A-Z]{3}$/;

/** Why a price cannot be kept, in words; undefined when it can. */
export function priceProblem(monthly: number, currency: string): string | undefined {
  if (!Number.isFinite(monthly) || monthly < 0) return 'A price is a number of 0 or more (per unit per month).';
  if (monthly > 1_000_000) return 'That price is more than 1,000,000 a unit a month: check it.';
  if (!CURRENCY.test(currency)) return 'The currency is a three-letter ISO code, such as EUR, USD or GBP.';
  return undefined;
}

/** An amount in cents (whole), from a unit price and a count. */
const cents = (price: number, units: number): number => Math.round(price * units * 100);
const money = (c: number, currency: string): { amount: number; currency: string } => ({ amount: c / 100, currency });

/** Prices by SKU key; a price that is not valid is left out (as if not entered). */
export function pricesByKey(prices: readonly ISkuPrice[]): Map<string, ISkuPrice> {
  const out = new Map<string, ISkuPrice>();
  for (const p of prices) if (priceProblem(p.monthly, p.currency) === undefined) out.set(p.skuId.toLowerCase(), p);
  return out;
}

/** Holdings counted in the saving: each holder once across SAVING_KINDS (ready lists only). */
export function savingHolders(usage: ISkuUsage): number {
  const seen = new Set<number>();
  for (const k of SAVING_KINDS) {
    const list = usage.waste[k] as IWasteList;
    if (list.status === 'ready') for (const r of list.holders) seen.add(r);
  }
  return seen.size;
}

/**
 * One SKU's cost in cents, or undefined without a price. A free or trial SKU has no waste: its unassigned units and
 * holders cost nothing that could be saved (undefined), only what was entered for the units it has.
 */
function skuCents(usage: ISkuUsage, price: ISkuPrice | undefined): { monthly: number; unassigned?: number; waste: Partial<Record<WasteKind, number>>; saving?: number } | undefined {
  if (!price) return undefined;
  if (usage.sku.freeWhy !== null) return { monthly: cents(price.monthly, usage.sku.enabled), waste: {} };
  const waste: Partial<Record<WasteKind, number>> = {};
  for (const k of WASTE_KINDS) {
    const list = usage.waste[k];
    if (list.status === 'ready') waste[k] = cents(price.monthly, list.holders.length);
  }
  const unassigned = cents(price.monthly, usage.sku.available);
  return { monthly: cents(price.monthly, usage.sku.enabled), unassigned, waste, saving: unassigned + cents(price.monthly, savingHolders(usage)) };
}

/** The cost of every SKU with a price, and the totals per currency. */
export function buildCostModel(model: Pick<ILicenceModel, 'skus'>, prices: readonly ISkuPrice[]): ICostModel {
  const byKey = pricesByKey(prices);
  const bySku = new Map<string, ISkuCost>();
  const totals = new Map<string, ICurrencyTotal>();
  let unpriced = 0;
  for (const usage of model.skus) {
    const price = byKey.get(usage.sku.key);
    const c = skuCents(usage, price);
    if (!price || !c) {
      unpriced++;
      bySku.set(usage.sku.key, { waste: {} });
      continue;
    }
    const cur = price.currency;
    const waste: ISkuCost['waste'] = {};
    for (const [k, v] of Object.entries(c.waste) as Array<[WasteKind, number]>) waste[k] = money(v, cur);
    bySku.set(usage.sku.key, {
      price, monthly: money(c.monthly, cur), waste,
      ...(c.unassigned !== undefined ? { unassigned: money(c.unassigned, cur) } : {}), ...(c.saving !== undefined ? { saving: money(c.saving, cur) } : {})
    });
    let t = totals.get(cur);
    if (!t) totals.set(cur, (t = { currency: cur, monthly: 0, unassigned: 0, waste: {}, saving: 0, skus: 0 }));
    t.monthly += c.monthly;
    t.unassigned += c.unassigned ?? 0;
    t.saving += c.saving ?? 0;
    t.skus++;
    for (const [k, v] of Object.entries(c.waste) as Array<[WasteKind, number]>) t.waste[k] = (t.waste[k] ?? 0) + v;
  }
  // The sums were in cents: back to amounts once, at the end.
  const lines = [...totals.values()].sort((a, b) => a.currency.localeCompare(b.currency)).map(t => ({
    ...t, monthly: t.monthly / 100, unassigned: t.unassigned / 100, saving: t.saving / 100,
    waste: Object.fromEntries(Object.entries(t.waste).map(([k, v]) => [k, (v as number) / 100])) as Partial<Record<WasteKind, number>>
  }));
  return { bySku, totals: lines, unpriced };
}

/** An amount in words with its currency ("EUR 1,234.50"); never a bare number. */
export function formatMoney(m: { amount: number; currency: string }): string {
  return `${m.currency} ${m.amount.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
}
