import type { GraphGateway } from '../graph/GraphGateway';
import { isRecord } from '../graph/GraphError';

/** A licence the tenant subscribes to, with its friendly product name. */
export interface ISkuInfo {
  skuId: string;
  skuPartNumber: string;
  /** Microsoft's product name ("Microsoft 365 E3"), or the part number when unknown. */
  name: string;
  /** Units the tenant may assign (prepaid enabled). */
  enabled: number;
  consumed: number;
  capabilityStatus: string;
}

/** Maps skuId (or part number) to Microsoft's friendly product name. */
export type SkuNameLookup = (skuId: string, partNumber?: string) => string | undefined;

let skuNames: Promise<SkuNameLookup> | undefined;

/**
 * Microsoft's SKU name list (a lazily loaded chunk; ~90 KB of JSON stays out of the first load), read
 * and indexed once per page or process: every Users load and impression asks for it.
 */
export function loadSkuNames(): Promise<SkuNameLookup> {
  if (!skuNames) {
    skuNames = readSkuNames();
    skuNames.catch(() => { skuNames = undefined; }); // a chunk that failed to load is tried again next time
  }
  return skuNames;
}

async function readSkuNames(): Promise<SkuNameLookup> {
  const data = (await import(/* webpackChunkName: 'sku-names' */ './data/sku-names.json')) as unknown as {
    skus?: Array<{ skuId: string; skuPartNumber: string; displayName: string }>;
    default?: { skus: Array<{ skuId: string; skuPartNumber: string; displayName: string }> };
  };
  const list = data.skus ?? data.default?.skus ?? [];
  const byId = new Map<string, string>();
  const byPart = new Map<string, string>();
  for (const s of list) {
    byId.set(s.skuId.toLowerCase(), s.displayName);
    byPart.set(s.skuPartNumber.toUpperCase(), s.displayName);
  }
  return (skuId, partNumber) => byId.get(skuId.toLowerCase()) ?? (partNumber ? byPart.get(partNumber.toUpperCase()) : undefined);
}

/** One `/subscribedSkus` item with its friendly name; unknown SKUs keep their part number (or id). */
export function toSkuInfo(raw: unknown, names: SkuNameLookup): ISkuInfo | undefined {
  if (!isRecord(raw) || typeof raw.skuId !== 'string') return undefined;
  const part = typeof raw.skuPartNumber === 'string' ? raw.skuPartNumber : '';
  const prepaid = isRecord(raw.prepaidUnits) ? raw.prepaidUnits : {};
  return {
    skuId: raw.skuId,
    skuPartNumber: part,
    name: names(raw.skuId, part) ?? (part || raw.skuId),
    enabled: typeof prepaid.enabled === 'number' ? prepaid.enabled : 0,
    consumed: typeof raw.consumedUnits === 'number' ? raw.consumedUnits : 0,
    capabilityStatus: typeof raw.capabilityStatus === 'string' ? raw.capabilityStatus : 'Unknown'
  };
}

/** The `$select` of /subscribedSkus reads. */
export const SKU_SELECT = 'skuId,skuPartNumber,consumedUnits,prepaidUnits,capabilityStatus';

/** `/subscribedSkus` with friendly names, keyed by lower-case skuId. */
export async function loadSubscribedSkus(gateway: GraphGateway, names: SkuNameLookup, signal?: AbortSignal): Promise<Map<string, ISkuInfo>> {
  const out = new Map<string, ISkuInfo>();
  for await (const page of gateway.pages<unknown>(`/subscribedSkus?$select=${SKU_SELECT}`, { signal })) {
    for (const raw of page) {
      const sku = toSkuInfo(raw, names);
      if (sku) out.set(sku.skuId.toLowerCase(), sku);
    }
  }
  return out;
}

/** Product names for a user's skuIds: friendly names, then part numbers, then the raw id. */
export function productNames(skuIds: readonly string[], skus: Map<string, ISkuInfo> | undefined, names?: SkuNameLookup): string[] {
  return skuIds.map(id => skus?.get(id.toLowerCase())?.name ?? names?.(id) ?? id);
}
