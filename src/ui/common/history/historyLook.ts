/**
 * The history charts' colours and value formats from the Fluent theme (SharePoint themes, Teams light, dark and
 * high contrast), as the usage charts paint theirs: lines differ by dash as well as colour in high contrast.
 */
import { chartLook, isHighContrastTheme, seriesColor, seriesDash } from '../chartLook';
import type { IChartLook } from '../chartLook';
import type { IHistorySeries } from '../../../core/history';
import { formatMoney } from '../../../core/licences';

/** What a history chart paints with: the usage charts' look, so both follow the theme alike. */
export type IHistoryLook = IChartLook;
/** The look of a theme (its primary colour first; lines differ by dash as well as colour in high contrast). */
export const historyLook = chartLook;
/** Teams' high-contrast theme (and any like it). */
export const isHighContrast = isHighContrastTheme;
/** Series `i`'s colour and dash. */
export const colorOf = seriesColor;
export const dashOf = seriesDash;

const counts = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const shares = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });
const money = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** A value as a table cell or tooltip shows it: counts grouped, shares in percent, money after its currency code; '—' when not read. */
export function formatHistoryValue(value: unknown, unit: IHistorySeries['unit'], currency?: string): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) return '—';
  if (unit === 'share') return shares.format(value);
  // Money as everywhere else in the product: the currency code, never a symbol ("EUR 1,861.50").
  if (unit === 'money') return currency ? formatMoney({ amount: value, currency }) : money.format(value);
  return counts.format(value);
}

/** An axis tick: shares in whole percent, others grouped (1.2k from 10,000 up). */
export function formatHistoryTick(value: number, unit: IHistorySeries['unit']): string {
  if (unit === 'share') return `${Math.round(value * 100)}%`;
  if (Math.abs(value) >= 10_000) return `${(value / 1000).toFixed(value >= 100_000 ? 0 : 1)}k`;
  return counts.format(value);
}
