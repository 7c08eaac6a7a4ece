import { createTheme } from '@fluentui/react/lib/Styling';
import type { ITheme, IPalette, ISemanticColors, IPartialTheme } from '@fluentui/react/lib/Styling';

/** Teams' three themes, as `app.theme` names them. */
export type TeamsThemeName = 'default' | 'dark' | 'contrast';

/** The slice of SPFx's IReadonlyTheme we read (page or section theme), declared here so ui imports no SPFx. */
export interface IHostThemeLike {
  palette?: Partial<IPalette>;
  semanticColors?: Partial<ISemanticColors>;
  isInverted?: boolean;
}

/** SharePoint's default "Blue" theme: the look of a communication site out of the box. */
const SHAREPOINT_PALETTE: Partial<IPalette> = {
  themePrimary: '#0078d4', themeLighterAlt: '#eff6fc', themeLighter: '#deecf9', themeLight: '#c7e0f4',
  themeTertiary: '#71afe5', themeSecondary: '#2b88d8', themeDarkAlt: '#106ebe', themeDark: '#005a9e', themeDarker: '#004578',
  neutralLighterAlt: '#faf9f8', neutralLighter: '#f3f2f1', neutralLight: '#edebe9', neutralQuaternaryAlt: '#e1dfdd',
  neutralQuaternary: '#d2d0ce', neutralTertiaryAlt: '#c8c6c4', neutralTertiary: '#a19f9d', neutralSecondary: '#605e5c',
  neutralPrimaryAlt: '#3b3a39', neutralPrimary: '#323130', neutralDark: '#201f1e', black: '#000000', white: '#ffffff'
};

const TEAMS_LIGHT: Partial<IPalette> = {
  themePrimary: '#5b5fc7', themeLighterAlt: '#f7f7fc', themeLighter: '#e8e8f7', themeLight: '#d4d5f0',
  themeTertiary: '#aaace1', themeSecondary: '#6b6fcd', themeDarkAlt: '#5155b3', themeDark: '#444897', themeDarker: '#32356f',
  neutralLighterAlt: '#f5f5f5', neutralLighter: '#f0f0f0', neutralLight: '#e0e0e0', neutralQuaternaryAlt: '#d1d1d1',
  neutralQuaternary: '#c7c7c7', neutralTertiaryAlt: '#bdbdbd', neutralTertiary: '#a6a6a6', neutralSecondary: '#616161',
  neutralPrimaryAlt: '#424242', neutralPrimary: '#242424', neutralDark: '#141414', black: '#000000', white: '#ffffff'
};

// Teams dark: the palette is inverted (white = the darkest surface), as Fluent's dark themes are built.
const TEAMS_DARK: Partial<IPalette> = {
  themePrimary: '#7f85f5', themeLighterAlt: '#05050a', themeLighter: '#141527', themeLight: '#262849',
  themeTertiary: '#4c5092', themeSecondary: '#7075d6', themeDarkAlt: '#8c91f6', themeDark: '#9ea2f7', themeDarker: '#b7baf9',
  neutralLighterAlt: '#2e2e2e', neutralLighter: '#333333', neutralLight: '#3d3d3d', neutralQuaternaryAlt: '#474747',
  neutralQuaternary: '#4f4f4f', neutralTertiaryAlt: '#6b6b6b', neutralTertiary: '#adadad', neutralSecondary: '#c7c7c7',
  neutralPrimaryAlt: '#e0e0e0', neutralPrimary: '#ffffff', neutralDark: '#f5f5f5', black: '#ffffff', white: '#292929'
};

// Teams high contrast: black surfaces, white text, yellow for focus/selection and links, cyan for actions.
const TEAMS_CONTRAST: Partial<IPalette> = {
  themePrimary: '#ffff01', themeLighterAlt: '#000000', themeLighter: '#000000', themeLight: '#1a1a00',
  themeTertiary: '#999900', themeSecondary: '#ffff01', themeDarkAlt: '#ffff33', themeDark: '#ffff66', themeDarker: '#ffff99',
  neutralLighterAlt: '#000000', neutralLighter: '#0a0a0a', neutralLight: '#1a1a1a', neutralQuaternaryAlt: '#262626',
  neutralQuaternary: '#333333', neutralTertiaryAlt: '#ffffff', neutralTertiary: '#ffffff', neutralSecondary: '#ffffff',
  neutralPrimaryAlt: '#ffffff', neutralPrimary: '#ffffff', neutralDark: '#ffffff', black: '#ffffff', white: '#000000'
};

/** Text on Fluent's persona coins: each coin colour is at least 4.5:1 against it (AA for the 10 px initials). */
export const PERSONA_INITIALS_TEXT = '#ffffff';

/**
 * The product's theme: Fluent's, with component styles every host needs.
 *
 * Persona initials: Fluent writes them in `palette.white` on a coloured coin. That is white only in a
 * light palette; an inverted one (Teams dark and high contrast, an inverted SharePoint section) makes it
 * the darkest colour, far below AA contrast on the coins. The coins' colours are Fluent's fixed set,
 * chosen for white text, so the initials are white in every theme. In high contrast the coin is drawn as
 * Windows' high-contrast mode draws it: the page's background and text with a border, no colour fill
 * (the coin's colour is set after the styles, per name, so this rule is the more specific one).
 */
function productTheme(theme: IPartialTheme, highContrast?: { background: string; text: string }): ITheme {
  const initials = [
    { color: PERSONA_INITIALS_TEXT },
    highContrast && {
      selectors: {
        '&.ms-Persona-initials': { backgroundColor: highContrast.background, color: highContrast.text, border: `1px solid ${highContrast.text}`, boxSizing: 'border-box' }
      }
    }
  ];
  return createTheme({ ...theme, components: { ...theme.components, PersonaCoin: { styles: { initials } } } });
}

/** The Fluent theme for a Teams theme name (unknown names fall back to light, as Teams does). */
export function teamsTheme(name: string | undefined): ITheme {
  switch (name) {
    case 'dark':
      return productTheme({ palette: TEAMS_DARK, isInverted: true, semanticColors: { bodyBackground: '#292929', bodyStandoutBackground: '#1f1f1f' } });
    case 'contrast':
      return productTheme({
        palette: TEAMS_CONTRAST,
        isInverted: true,
        semanticColors: {
          bodyBackground: '#000000', bodyText: '#ffffff', link: '#ffff01', linkHovered: '#ffff01', focusBorder: '#ffff01',
          inputBorder: '#ffffff', bodyDivider: '#ffffff', buttonBorder: '#ffffff', variantBorder: '#ffffff',
          listItemBackgroundHovered: '#1a1a00', listItemBackgroundChecked: '#333300', disabledText: '#3ff23f'
        }
      }, { background: '#000000', text: '#ffffff' });
    default:
      return productTheme({ palette: TEAMS_LIGHT, semanticColors: { bodyBackground: '#ffffff', bodyStandoutBackground: '#f5f5f5' } });
  }
}

/** The Fluent theme for a SharePoint page or section theme (the web part's themeVariant); default Blue otherwise. */
export function sharePointTheme(variant?: IHostThemeLike): ITheme {
  if (!variant?.palette) return productTheme({ palette: SHAREPOINT_PALETTE });
  return productTheme({ palette: variant.palette, semanticColors: variant.semanticColors, isInverted: variant.isInverted });
}

/** What the host knows about its theme: Teams' theme name, or SharePoint's page/section theme. */
export interface IHostThemeInput {
  teamsTheme?: string;
  sharePointTheme?: IHostThemeLike;
}

/** One decision for every host: in Teams follow Teams' theme, elsewhere SharePoint's (or its default). */
export function resolveTheme(input: IHostThemeInput): ITheme {
  return input.teamsTheme !== undefined ? teamsTheme(input.teamsTheme) : sharePointTheme(input.sharePointTheme);
}
