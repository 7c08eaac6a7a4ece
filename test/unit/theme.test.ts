import { getPersonaInitialsColor, PersonaSize } from '@fluentui/react/lib/Persona';
import { getStyles as personaCoinStyles } from '@fluentui/react/lib/components/Persona/PersonaCoin/PersonaCoin.styles';
import { concatStyleSetsWithProps } from '@fluentui/react/lib/Styling';
import type { IPalette, ITheme } from '@fluentui/react/lib/Styling';
import { PERSONA_INITIALS_TEXT, sharePointTheme, teamsTheme } from '../../src/ui/common/theme';

// The persona coin's initials, as Fluent's PersonaCoin styles them under the product's theme: Fluent's
// own styles, then the theme's component styles (what ThemeProvider applies). The end-to-end axe sweep
// checks the rendered page; this holds the reasoning behind the fix true if Fluent changes.

/** WCAG 2.x contrast ratio of two #rrggbb colours. */
function contrast(a: string, b: string): number {
  const lum = (hex: string): number => {
    const [r, g, bl] = [1, 3, 5].map(i => parseInt(hex.slice(i, i + 2), 16) / 255).map(v => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [x, y] = [lum(a), lum(b)];
  return (Math.max(x, y) + 0.05) / (Math.min(x, y) + 0.05);
}

type Style = Record<string, unknown> | Style[] | false | null | undefined | string;

/** The last value of a property in a (nested) style, outside selectors, and the selectors met. */
function resolve(style: Style, prop: string, acc: { value?: unknown; selectors: Record<string, Record<string, unknown>> } = { selectors: {} }): typeof acc {
  if (Array.isArray(style)) for (const s of style) resolve(s, prop, acc);
  else if (style && typeof style === 'object') {
    if (prop in style) acc.value = style[prop];
    Object.assign(acc.selectors, style.selectors as Record<string, Record<string, unknown>> | undefined);
  }
  return acc;
}

function initialsOf(theme: ITheme): ReturnType<typeof resolve> {
  const own = theme.components?.PersonaCoin?.styles;
  const set = concatStyleSetsWithProps({ theme, size: PersonaSize.size24 }, personaCoinStyles, own) as { initials: Style };
  return resolve(set.initials, 'color');
}

const INVERTED_SECTION: Partial<IPalette> = { ...teamsTheme('dark').palette };
const THEMES: [string, ITheme][] = [
  ['SharePoint', sharePointTheme()],
  ['SharePoint inverted section', sharePointTheme({ palette: INVERTED_SECTION, isInverted: true })],
  ['Teams default', teamsTheme('default')],
  ['Teams dark', teamsTheme('dark')],
  ['Teams contrast', teamsTheme('contrast')]
];

/** Every coin colour Fluent gives a name (it hashes the name into a fixed set). */
const COINS = new Set(Array.from({ length: 4000 }, (_, i) => getPersonaInitialsColor({ text: `User ${i} ${String.fromCharCode(65 + (i % 26))}${i * 7919}` })));

describe('persona initials in every theme', () => {
  it('every coin colour Fluent picks for a name is at least AA (4.5:1) against the initials text', () => {
    expect(COINS.size).toBeGreaterThanOrEqual(15);
    const low = [...COINS].filter(c => contrast(c.toLowerCase(), PERSONA_INITIALS_TEXT) < 4.5);
    expect(low).toEqual([]);
  });

  it.each(THEMES)('%s: the initials are the coin text colour, not the palette white', (_, theme) => {
    expect(initialsOf(theme).value).toBe(PERSONA_INITIALS_TEXT);
  });

  it('without the product theme, an inverted palette writes initials in its darkest colour (the defect this guards)', () => {
    const dark = teamsTheme('dark');
    const bare = resolve((concatStyleSetsWithProps({ theme: dark, size: PersonaSize.size24 }, personaCoinStyles) as { initials: Style }).initials, 'color');
    expect(bare.value).toBe(dark.palette.white);
    expect(contrast(String(bare.value), '#8764b8')).toBeLessThan(4.5);
  });

  it('high contrast draws the coin in the page colours with a border, at least 7:1', () => {
    const theme = teamsTheme('contrast');
    const hc = initialsOf(theme).selectors['&.ms-Persona-initials'];
    expect(hc).toEqual(expect.objectContaining({ backgroundColor: theme.semanticColors.bodyBackground, color: theme.semanticColors.bodyText }));
    expect(hc?.border).toMatch(/solid/);
    expect(contrast(String(hc?.color), String(hc?.backgroundColor))).toBeGreaterThanOrEqual(7);
    // The other themes keep Fluent's coloured coins.
    for (const [, t] of THEMES.filter(([n]) => n !== 'Teams contrast')) expect(initialsOf(t).selectors['&.ms-Persona-initials']).toBeUndefined();
  });
});
