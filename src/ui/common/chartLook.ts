/** Chart colours from the Fluent theme, so charts follow SharePoint themes and Teams light, dark and high contrast. */
import { mergeStyles } from '@fluentui/react/lib/Styling';
import type { ITheme } from '@fluentui/react/lib/Styling';

/** What a chart paints with. */
export interface IChartLook {
  /** One colour per series, in order (repeats when there are more series). */
  colors: string[];
  /** Dash patterns per series: in high contrast lines differ by shape as well as colour. */
  dashes: string[];
  strokeWidth: number;
  highContrast: boolean;
  /** Axis labels, legend and tooltip text. */
  text: string;
  /** Secondary text (axis ticks). */
  subtleText: string;
  grid: string;
  /** Tooltip and table surface. */
  surface: string;
  border: string;
  /** Keyboard focus ring. */
  focus: string;
}

/** Teams' high-contrast theme (and any like it): black surfaces with pure white text. */
export function isHighContrastTheme(theme: ITheme): boolean {
  const p = theme.palette;
  return !!theme.isInverted && p.white.toLowerCase() === '#000000' && p.neutralSecondary.toLowerCase() === '#ffffff';
}

function unique(colors: string[]): string[] {
  return colors.filter((c, i) => colors.findIndex(d => d.toLowerCase() === c.toLowerCase()) === i);
}

/** The chart look of a theme: the theme's primary colour first, then Fluent's shared accents for light or dark surfaces. */
export function chartLook(theme: ITheme): IChartLook {
  const p = theme.palette;
  const s = theme.semanticColors;
  if (isHighContrastTheme(theme)) {
    // Windows/Teams high-contrast colours: yellow, cyan, green, white, then light magenta and lavender.
    return {
      colors: unique([p.themePrimary, '#1aebff', '#3ff23f', '#ffffff', '#ff8cff', '#c0c0ff']),
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
    ? [p.themePrimary, p.blueLight, p.tealLight, p.orangeLighter, p.magentaLight, p.greenLight, p.yellow, p.purpleLight, p.themeTertiary]
    : [p.themePrimary, p.orange, p.teal, p.magenta, p.green, p.purple, p.blueMid, p.redDark, p.themeDarker];
  return {
    colors: unique(colors.filter(Boolean)),
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

/** The colour of series `i`. */
export function seriesColor(look: IChartLook, i: number): string {
  return look.colors[i % look.colors.length] ?? '#0078d4';
}

/** The dash pattern of series `i` ('' is solid). */
export function seriesDash(look: IChartLook, i: number): string {
  return look.dashes[i % look.dashes.length] ?? '';
}

/**
 * The class of a chart's table (its accessible alternative): a caption, sticky header cells, numbers right-aligned,
 * scrolling after `maxHeight`; lines white in high contrast. The usage charts' tables and the history's share it.
 */
export function chartTableClass(theme: ITheme, maxHeight: number): string {
  const line = isHighContrastTheme(theme) ? '#ffffff' : theme.palette.neutralLight;
  return mergeStyles({
    maxHeight,
    overflow: 'auto',
    selectors: {
      table: { borderCollapse: 'collapse', width: '100%', fontSize: 13, color: theme.semanticColors.bodyText },
      caption: { textAlign: 'left', fontWeight: 600, padding: '4px 0', color: theme.semanticColors.bodySubtext },
      'th, td': { padding: '4px 8px', borderBottom: `1px solid ${line}`, whiteSpace: 'nowrap' },
      th: { textAlign: 'left', fontWeight: 600, position: 'sticky', top: 0, background: theme.semanticColors.bodyBackground },
      'td.num, th.num': { textAlign: 'right', fontVariantNumeric: 'tabular-nums' }
    }
  });
}
