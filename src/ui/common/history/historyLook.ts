/**
 * The history charts' colours and value formats from the Fluent theme (SharePoint themes, Teams light, dark and
 * high contrast), as the usage charts paint theirs: lines differ by dash as well as colour in high contrast.
 */
import type { ITheme } from '@fluentui/react/lib/Styling';
import type { IHistorySeries } from '../../../core/history';
import { formatMoney } from '../../../core/licences';

/** What a history chart paints with. */
export interface IHistoryLook {
  colors: string[];
  dashes: string[];
  strokeWidth: number;
  highContrast: boolean;
  text: string;
  subtleText: string;
  grid: string;
  surface: string;
  border: string;
  focus: string;
}

/** Teams' high-contrast theme (and any like it): black surfaces with pure white text. */
export function isHighContrast(theme: ITheme): boolean {
  const p = theme.palette;
  return !!theme.isInverted && p.white.toLowerCase() === '#000000' && p.neutralSecondary.toLowerCase() === '#ffffff';
}

/** The look of a theme: its primary colour first, then Fluent's accents for light or dark surfaces. */
export function historyLook(theme: ITheme): IHistoryLook {
  const p = theme.palette;
  const s = theme.semanticColors;
  if (isHighContrast(theme)) {
    return {
      colors: [p.themePrimary, '#1aebff', '#3ff23f', '#ffffff', '#ff8cff', '#c0c0ff'],
      dashes: ['', '8 4', '3 3', '12 4 3 4', '2 6', '16 6'],
      strokeWidth: 3,
      highContrast: true,
      text: '#ffffff',
      subtleText: '#ffffff',
      grid: '#808080',
      surface: '#000000',
      border: '#ffffff',
      focus: s.focusBorder || '#ffff01'
    };
  }
  const colors = theme.isInverted
    ? [p.themePrimary, p.blueLight, p.tealLight, p.orangeLighter, p.magentaLight, p.greenLight]
    : [p.themePrimary, p.orange, p.teal, p.magenta, p.green, p.purple];
  return {
    colors: colors.filter(Boolean),
    dashes: [''],
    strokeWidth: 2,
    highContrast: false,
    text: s.bodyText,
    subtleText: s.bodySubtext,
    grid: theme.isInverted ? p.neutralQuaternary : p.neutralLight,
    surface: s.bodyBackground,
    border: theme.isInverted ? p.neutralTertiaryAlt : p.neutralQuaternary,
    focus: s.focusBorder || p.neutralSecondary
  };
}

/** Series `i`'s colour and dash. */
export const colorOf = (look: IHistoryLook, i: number): string => look.colors[i % look.colors.length] ?? '#0078d4';
export const dashOf = (look: IHistoryLook, i: number): string => look.dashes[i % look.dashes.length] ?? '';

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
