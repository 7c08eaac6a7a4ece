/**
 * The CLI's `--prices prices.json`: unit prices per SKU, named by skuId or part number. Either a list
 * `[{ "sku": "SPE_E3", "monthly": 36, "currency": "EUR" }]` or an object `{ "SPE_E3": { "monthly": 36, "currency": "EUR" } }`.
 */
import { isRecord } from '../graph/GraphError';
import { priceProblem } from './cost';
import type { ILicenceSku, ISkuPrice } from './types';

/** Prices read from a file, and each entry that could not be used, in words. */
export interface IPriceFileResult {
  prices: ISkuPrice[];
  problems: string[];
}

/** Read a prices file's JSON against the tenant's SKUs; `by` and `at` name the file and when it was read. */
export function parsePriceFile(json: unknown, skus: readonly ILicenceSku[], by: string, at: string): IPriceFileResult {
  const entries: Array<[string, unknown]> = Array.isArray(json)
    ? json.map((e, i): [string, unknown] => [isRecord(e) ? String(e.sku ?? e.skuId ?? e.skuPartNumber ?? `#${i + 1}`) : `#${i + 1}`, e])
    : isRecord(json) ? Object.entries(json) : [];
  if (!Array.isArray(json) && !isRecord(json)) return { prices: [], problems: ['The prices file is neither a list nor an object of prices.'] };
  const prices: ISkuPrice[] = [];
  const problems: string[] = [];
  for (const [name, value] of entries) {
    const wanted = name.toLowerCase();
    const sku = skus.find(s => s.key === wanted || s.skuPartNumber.toLowerCase() === wanted);
    if (!sku) {
      problems.push(`"${name}": no subscribed SKU has that id or part number.`);
      continue;
    }
    const monthly = isRecord(value) ? value.monthly : undefined;
    const currency = isRecord(value) && typeof value.currency === 'string' ? value.currency.trim().toUpperCase() : '';
    const why = typeof monthly === 'number' ? priceProblem(monthly, currency) : 'A price needs "monthly" (a number) and "currency".';
    if (why || typeof monthly !== 'number') {
      problems.push(`"${name}": ${why ?? ''}`);
      continue;
    }
    if (prices.some(p => p.skuId === sku.skuId)) problems.push(`"${name}": ${sku.name} is priced twice; the last price is used.`);
    const kept = prices.filter(p => p.skuId !== sku.skuId);
    prices.length = 0;
    prices.push(...kept, { skuId: sku.skuId, monthly, currency, by, at });
  }
  return { prices, problems };
}
