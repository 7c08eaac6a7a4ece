/** The Licences view's shapes (issue 17): what an admin enters, and what the view computes from it. */

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
