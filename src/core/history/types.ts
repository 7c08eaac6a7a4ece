/**
 * The product's shared store in the tenant (issue 17): unit prices an admin enters, dated snapshots of
 * tenant-wide figures (never a per-user row), and the usage dashboard published for visitors. The web part
 * keeps it in a SharePoint list of the hosting (or named) site through SPHttpClient; the workbench in the demo
 * tenant's SharePoint; the CLI in the same list (a SharePoint token) or in a local JSON-lines file.
 */
import type { ISkuPrice } from '../licences/types';

/** One figure of a snapshot: a name from SNAPSHOT_FIGURES (or `sku:<skuId>:<measure>`), and its value. */
export type SnapshotFigures = Record<string, number>;

/** Where a snapshot's figures came from. */
export type SnapshotSource = 'taken' | 'backfill';

/** Tenant-wide figures of one day; at most one per day (a later one the same day replaces it). */
export interface ISnapshot {
  /** YYYY-MM-DD (UTC) the figures are of: today for a taken snapshot, a report date for a backfilled one. */
  day: string;
  source: SnapshotSource;
  /** When it was taken (ISO) and by which host ("web part", "cli"). */
  takenAt: string;
  takenBy: string;
  figures: SnapshotFigures;
  /** Report dates the figures rest on, by report function, where a figure comes from a usage report. */
  reportDates?: Record<string, string>;
}

/** The usage overview's tenant-level figures published for visitors without a report role. */
export interface IPublication {
  /** When it was published (ISO), and by whom (UPN or "cli"). */
  publishedAt: string;
  publishedBy: string;
  /** The tiles' figures by tile key, as the overview draws them: series of dated values and totals only. */
  tiles: Record<string, unknown>;
  /** Report refresh dates by report function. */
  reportDates: Record<string, string>;
}

/** Where the store lives, in words for the UI ("M365 Impressions history in https://contoso.sharepoint.com/sites/it"). */
export interface IStoreLocation {
  kind: 'sharepoint' | 'file' | 'demo';
  /** The site URL, or the file path. */
  where: string;
  /** How the site was chosen: the web part's property, the tenant-wide setting, or the hosting site. */
  chosenBy?: 'property' | 'tenant' | 'host';
}

/**
 * The shared store. Every method may reject with a typed StoreError (below); a missing list is created on the
 * first write when the signed-in person may create lists (else StoreError 'cannotCreate').
 */
export interface ITenantStore {
  readonly location: IStoreLocation;
  readPrices(signal?: AbortSignal): Promise<ISkuPrice[]>;
  /** Enter or change one SKU's price (null: remove it). */
  writePrice(skuId: string, price: Omit<ISkuPrice, 'skuId'> | null, signal?: AbortSignal): Promise<void>;
  /** Snapshots with from <= day <= to (YYYY-MM-DD, both optional), oldest first. */
  readSnapshots(range?: { from?: string; to?: string }, signal?: AbortSignal): Promise<ISnapshot[]>;
  /** Add snapshots (a day already kept is replaced when `replace` is true, else kept). Returns how many were written. */
  writeSnapshots(snapshots: readonly ISnapshot[], options?: { replace?: boolean; signal?: AbortSignal }): Promise<number>;
  readPublication(signal?: AbortSignal): Promise<IPublication | null>;
  publish(publication: IPublication, signal?: AbortSignal): Promise<void>;
}

/** Why the store refused: no list and no right to create it, no right to write, not reachable, or damaged data. */
export type StoreErrorKind = 'cannotCreate' | 'readOnly' | 'notFound' | 'unreachable' | 'damaged';

/** A store failure the UI words ("You may read the history, but not add to it: ask a site owner ..."). */
export class StoreError extends Error {
  public constructor(public readonly kind: StoreErrorKind, message: string, public readonly status?: number) {
    super(message);
    this.name = 'StoreError';
  }
}
