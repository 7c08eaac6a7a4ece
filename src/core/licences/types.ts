/** The Licences view's shapes (issue 17): what an admin enters, and what the view computes from it. */
import type { IUserRow } from '../directory/userIndex';

/** A unit price an admin entered for a SKU: nothing is ever priced by the product itself. */
export interface ISkuPrice {
  skuId: string;
  /** Per unit per month, in `currency`. */
  monthly: number;
  /** ISO 4217 code ("EUR", "USD"). */
  currency: string;
  /** Who entered it (UPN) and when (ISO), for the audit line under the price. */
  by: string | null;
  at: string;
}

/** One service plan of a SKU (`servicePlans` of /subscribedSkus). */
export interface IServicePlan {
  servicePlanId: string;
  servicePlanName: string;
  /** "User" or "Company" (a tenant-level plan, never counted for overlap). */
  appliesTo: string | null;
}

/** A subscribed SKU as the Licences view reads it: every unit count /subscribedSkus gives, and its service plans. */
export interface ILicenceSku {
  skuId: string;
  /** Lower-case skuId: the key every map of the view uses. */
  key: string;
  skuPartNumber: string;
  /** Microsoft's product name, or the part number when unknown. */
  name: string;
  /** "User" (assignable) or "Company". */
  appliesTo: string | null;
  /** Enabled, Warning, Suspended, Deleted or LockedOut. */
  capabilityStatus: string;
  /** prepaidUnits: purchased and active (enabled), in their grace period (warning), suspended, locked out. */
  enabled: number;
  warning: number;
  suspended: number;
  lockedOut: number;
  /** consumedUnits: units assigned. */
  assigned: number;
  /** enabled - assigned, never below 0. */
  available: number;
  servicePlans: IServicePlan[];
  /** Why the SKU is free or a trial (never "paid"), in words; null: paid. */
  freeWhy: string | null;
}

/** How one person holds one SKU (licenseAssignmentStates): directly, through groups, or both. */
export interface IAssignment {
  direct: boolean;
  /** Ids of the groups it comes through (group-based licensing). */
  groupIds: string[];
}

/**
 * Who holds licences through groups: the users with at least one group-based assignment (user id, as Graph gives it
 * and lower-cased -> SKU
 * key -> assignment; a licence of theirs not in it is direct). A licensed user not in `byUser` holds every licence
 * directly: kept this way, a tenant of 100,000 direct holders costs a few entries, not 100,000 maps.
 */
export interface IAssignmentIndex {
  byUser: Map<string, Map<string, IAssignment>>;
  /** Group id -> display name (a group whose name could not be read keeps its id). */
  groupNames: Map<string, string>;
}

/** The waste categories, each counted and listed per SKU. */
export type WasteKind = 'disabled' | 'inactive30' | 'inactive90' | 'inactive180' | 'neverSignedIn' | 'overlap' | 'guestPaid';

/** A waste list of one SKU: its holders (indexes into the model's rows), or why it cannot be told. */
export interface IWasteList {
  /** ready: counted; loading: its data is still being read; unavailable: its data could not be read (see `error`/`why`). */
  status: 'ready' | 'loading' | 'unavailable';
  /** Indexes into ILicenceModel.rows (empty unless ready). */
  holders: number[];
}

/** Whether a waste category can be told for the tenant, and why not. */
export interface IWasteAvailability {
  status: 'ready' | 'loading' | 'unavailable';
  /** In words: why it is unavailable, or a caveat of a ready one (rows with concealed names). */
  why?: string;
  /** The failure behind an unavailable category, for explainError. */
  error?: unknown;
}

/** One SKU's holders and waste. */
export interface ISkuUsage {
  sku: ILicenceSku;
  /** Indexes into ILicenceModel.rows of the users holding it (from the user list's assignedLicenses). */
  holders: number[];
  /** Holders by how they hold it (one held both ways counts in each); undefined while assignments are not known. */
  direct?: number;
  viaGroup?: number;
  waste: Record<WasteKind, IWasteList>;
}

/** Everything the Licences view shows, computed from the user list and the SKUs (pure; see buildLicenceModel). */
export interface ILicenceModel {
  rows: readonly IUserRow[];
  skus: ISkuUsage[];
  /** The day activity ages count to (the activity report's date, else today), YYYY-MM-DD. */
  asOf: string;
  /** The activity report's refresh date; null when not read. */
  activityDate: string | null;
  availability: Record<WasteKind, IWasteAvailability>;
  /** SKU key -> keys of the SKUs covering it (overlap decided from service plans). */
  covers: Map<string, string[]>;
  /** The assignments join (direct or group), as read. */
  assignments: IAssignmentIndex | undefined;
}

/** An amount in one currency (never summed with another). */
export interface IMoney {
  amount: number;
  currency: string;
}

/** One SKU's cost, when a price was entered for it (all undefined without one). */
export interface ISkuCost {
  price?: ISkuPrice;
  /** price x purchased (enabled units). */
  monthly?: IMoney;
  /** price x available units (purchased, not assigned). */
  unassigned?: IMoney;
  /** price x holders of each ready waste list. */
  waste: Partial<Record<WasteKind, IMoney>>;
  /** price x (unassigned units + distinct holdings in the saving categories). */
  saving?: IMoney;
}

/** Totals of one currency. */
export interface ICurrencyTotal {
  currency: string;
  monthly: number;
  unassigned: number;
  waste: Partial<Record<WasteKind, number>>;
  saving: number;
  /** SKUs priced in it. */
  skus: number;
}

/** The cost side of the model, for the prices entered. */
export interface ICostModel {
  /** SKU key -> its cost. */
  bySku: Map<string, ISkuCost>;
  /** One line per currency, in currency order. */
  totals: ICurrencyTotal[];
  /** SKUs without a price ("enter a price"). */
  unpriced: number;
}
