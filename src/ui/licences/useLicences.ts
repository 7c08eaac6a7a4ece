import * as React from 'react';
import { LicencesRead, buildCostModel, buildLicenceModel } from '../../core/licences';
import type { ICostModel, ILicenceModel, ILicencesState, ISkuPrice } from '../../core/licences';
import type { SourceState } from '../../core/directory';
import { StoreError } from '../../core/history';
import type { ITenantStore } from '../../core/history';
import type { IImpressionsServices } from '../common/services';
import type { Sessions } from '../common/sessions';
import { useQuery } from '../common/useQuery';

// Kept beside the session, as the lifecycle reads are: coming back finds the SKUs and assignments read.
const kept = new WeakMap<Sessions, LicencesRead>();

/** The Licences read over the session's user list at `directoryVersion` (the Users view's own list). */
export function licencesRead(services: IImpressionsServices, directoryVersion: number): LicencesRead {
  const list = services.sessions.users(directoryVersion);
  const known = kept.get(services.sessions);
  if (known && known.list === list) return known;
  const read = new LicencesRead(services.gateway, list);
  kept.set(services.sessions, read);
  return read;
}

/** The reads and the model built from them once /users is read (to its end, or as far as it got). */
export function useLicenceModel(services: IImpressionsServices, directoryVersion: number): { read: LicencesRead; state: ILicencesState; model: ILicenceModel | undefined } {
  const read = licencesRead(services, directoryVersion);
  const state = useQuery(read);
  const today = services.now().toISOString().slice(0, 10);
  const { list, skus, assignments } = state;
  // Built once the list has stopped growing: per page of a large list it would be rebuilt a hundred times.
  const settled = list.status !== 'loading';
  const model = React.useMemo(
    () => (settled && skus.status === 'ready' ? buildLicenceModel({ rows: list.rows, joins: list.joins, skus: skus.data, assignments, today }) : undefined),
    [settled, list.rows, list.joins, skus, assignments, today]
  );
  return { read, state, model };
}

/** The prices, and entering one. */
export interface IPrices {
  state: SourceState<ISkuPrice[]>;
  /** Why the last write failed, in words (a refusal says who may enter prices). */
  writeError?: string;
  /** The store refused writes for this person: the editor becomes a message. */
  readOnly: boolean;
  /** The store's refusal, in words, when the list that keeps prices cannot be created: no price can be kept there. */
  cannotKeep?: string;
  saving: boolean;
  /** Keeps (or removes, with null) one SKU's price; resolves true once the store has kept it. */
  write: (skuId: string, price: { monthly: number; currency: string } | null) => Promise<boolean>;
  retry: () => void;
}

/** Where prices live, in words. */
export function storeWhere(store: ITenantStore): string {
  return store.location.kind === 'sharepoint' ? `the "M365 Impressions history" list of ${store.location.where}` : store.location.kind === 'file' ? store.location.where : 'the demo tenant\'s SharePoint';
}

/** Who can read the prices: everyone who may read the store's site (the list keeps the site's permissions). */
export function priceReaders(store: ITenantStore): string {
  if (store.location.kind === 'file') return `Prices are kept in ${store.location.where}; everyone who may read that file can read them.`;
  return `Prices are kept in the "M365 Impressions history" list at ${store.location.where}; everyone who may read that site can read them (the list has the site's permissions, so that visitors can read the published dashboard from it).`;
}

/** A store failure in words. */
export function storeErrorText(e: unknown, store: ITenantStore): string {
  if (e instanceof StoreError) {
    switch (e.kind) {
      case 'readOnly': return `You may read the prices but not enter them: prices are kept in ${storeWhere(store)}, and only people who may edit that list (its site's members or owners) enter them.`;
      case 'cannotCreate': return `The list that keeps prices does not exist yet, and you may not create it: a site owner of ${store.location.where} opens this view once (or gives you the right to create lists).`;
      case 'notFound': return `The store's site was not found (${store.location.where}): the property pane names it.`;
      case 'unreachable': return `The store could not be reached (${e.message}). Try again.`;
      case 'damaged': return `The prices in the store could not be read (${e.message}).`;
    }
  }
  return `The prices could not be read or kept: ${e instanceof Error ? e.message : String(e)}.`;
}

/** The prices in the tenant's store; absent store: none, and the view says where prices would live. */
export function usePrices(store: ITenantStore | undefined, who: string | null, now: () => Date): IPrices {
  const [state, setState] = React.useState<SourceState<ISkuPrice[]>>(store ? { status: 'loading' } : { status: 'off' });
  const [attempt, setAttempt] = React.useState(0);
  const [writeError, setWriteError] = React.useState<string | undefined>(undefined);
  const [readOnly, setReadOnly] = React.useState(false);
  const [cannotKeep, setCannotKeep] = React.useState<string | undefined>(undefined);
  const [saving, setSaving] = React.useState(false);
  React.useEffect(() => {
    if (!store) return undefined;
    const controller = new AbortController();
    setState({ status: 'loading' });
    store.readPrices(controller.signal).then(
      data => { if (!controller.signal.aborted) setState({ status: 'ready', data }); },
      (error: unknown) => { if (!controller.signal.aborted) setState({ status: 'error', error }); }
    );
    return () => controller.abort();
  }, [store, attempt]);
  const write = async (skuId: string, price: { monthly: number; currency: string } | null): Promise<boolean> => {
    if (!store) return false;
    setSaving(true);
    setWriteError(undefined);
    try {
      const entry = price ? { ...price, by: who, at: now().toISOString() } : null;
      await store.writePrice(skuId, entry);
      setState(s => {
        const others = (s.status === 'ready' ? s.data : []).filter(p => p.skuId.toLowerCase() !== skuId.toLowerCase());
        return { status: 'ready', data: entry ? [...others, { skuId, ...entry }] : others };
      });
      return true;
    } catch (e) {
      if (e instanceof StoreError && (e.kind === 'readOnly' || e.kind === 'cannotCreate')) setReadOnly(true);
      if (e instanceof StoreError && e.kind === 'cannotCreate') setCannotKeep(storeErrorText(e, store));
      setWriteError(storeErrorText(e, store));
      return false;
    } finally {
      setSaving(false);
    }
  };
  return { state, writeError, readOnly, cannotKeep, saving, write, retry: () => setAttempt(a => a + 1) };
}

/** The cost model for the prices read (undefined until there is a model). */
export function useCost(model: ILicenceModel | undefined, prices: SourceState<ISkuPrice[]>): ICostModel | undefined {
  return React.useMemo(() => (model ? buildCostModel(model, prices.status === 'ready' ? prices.data : []) : undefined), [model, prices]);
}
