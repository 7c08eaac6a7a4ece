/**
 * The CLI's `--prices prices.json`: unit prices per SKU, named by skuId or part number. Either a list
 * `[{ "sku": "SPE_E3", "monthly": 36, "currency": "EUR" }]` or an object `{ "SPE_E3": { "monthly": 36, "currency": "EUR" } }`.
 * A "monthly" written as a string ("36,50") is read as the view reads a typed price (readPriceText).
 */
import { isRecord } from '../graph/GraphError';
import { priceProblem } from './cost';
import { readCurrencyText, readPriceText } from './priceText';
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
    // A number as typed in a string ("36,50") is read as the view reads it: never guessed when ambiguous.
    const given = isRecord(value) ? value.monthly : undefined;
    const typed = typeof given === 'string' ? readPriceText(given) : undefined;
    const monthly = typed ? (typed.ok ? typed.value : undefined) : given;
    const read = isRecord(value) && typeof value.currency === 'string' ? readCurrencyText(value.currency) : undefined;
    const currency = read?.ok ? read.code : '';
    const why = typed && !typed.ok ? `"monthly": ${typed.problem}` : typeof monthly === 'number' ? priceProblem(monthly, currency) : 'A price needs "monthly" (a number) and "currency".';
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
