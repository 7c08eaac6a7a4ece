/** The way into core/licences. */
export type { ISkuPrice } from './types';
