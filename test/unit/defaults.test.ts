import * as fs from 'fs';
import * as path from 'path';
import {
  columnsFromText, DEFAULT_ALLOW_EDITS, DEFAULT_COLUMNS, DEFAULT_COLUMNS_TEXT, DEFAULT_PERIOD, DEFAULT_PROPERTIES, DEFAULT_SETTINGS, relayFromProperties,
  DEFAULT_USAGE_TILES, DEFAULT_VIEW, REPORT_PERIODS, settingsFromProperties, VIEW_NAMES
} from '../../src/ui/common/defaults';
import { USER_COLUMNS, userColumn } from '../../src/core/directory/userColumns';
import { OVERVIEW_TILES } from '../../src/ui/usage/model/tiles';
import { usersColumns } from '../../src/cli/commands/users';

// The web part's defaults live in one module; the manifest (JSON) and the README cannot import it, so
// these tests hold them to it.
const ROOT = path.resolve(__dirname, '..', '..');
const MANIFEST = path.join(ROOT, 'src/webparts/impressions/ImpressionsWebPart.manifest.json');

interface IManifest {
  preconfiguredEntries: { properties: Record<string, unknown> }[];
}
const manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8')) as IManifest;

describe('defaults: one source', () => {
  it("the manifest's preconfigured properties are the defaults module's", () => {
    expect(manifest.preconfiguredEntries).toHaveLength(1);
    expect(manifest.preconfiguredEntries[0]?.properties).toEqual(DEFAULT_PROPERTIES);
  });

  it('a web part added as it is gets the same settings as one with no properties at all (the workbench)', () => {
    const added = settingsFromProperties(manifest.preconfiguredEntries[0]?.properties as never);
    expect(added).toEqual(DEFAULT_SETTINGS);
    expect(settingsFromProperties({})).toEqual(DEFAULT_SETTINGS);
    expect(DEFAULT_SETTINGS).toEqual({
      defaultView: DEFAULT_VIEW,
      defaultPeriod: DEFAULT_PERIOD,
      allowEdits: DEFAULT_ALLOW_EDITS,
      allowDestructive: false,
      defaultColumns: [...DEFAULT_COLUMNS],
      usageTiles: OVERVIEW_TILES.map(t => t.key),
      visitors: 'dashboard'
    });
  });

  it('the default columns are known columns, each once, and show what the product exists for', () => {
    for (const k of DEFAULT_COLUMNS) expect(userColumn(k)).toBeDefined();
    expect(new Set(DEFAULT_COLUMNS).size).toBe(DEFAULT_COLUMNS.length);
    expect(DEFAULT_COLUMNS).toEqual(expect.arrayContaining(['displayName', 'products', 'mfaStatus', 'lastActivity']));
    // Not every column: the list is a choice (Export all has the rest).
    expect(DEFAULT_COLUMNS.length).toBeLessThan(USER_COLUMNS.length);
    expect(DEFAULT_COLUMNS_TEXT.split(',')).toEqual([...DEFAULT_COLUMNS]);
  });

  it("the CLI's filtered export writes the same default columns", () => {
    expect(usersColumns(false).map(c => c.key)).toEqual([...DEFAULT_COLUMNS]);
  });

  it('the defaults are among the choices the property pane offers', () => {
    expect(VIEW_NAMES).toContain(DEFAULT_VIEW);
    expect(REPORT_PERIODS).toContain(DEFAULT_PERIOD);
    expect(DEFAULT_USAGE_TILES).toEqual(OVERVIEW_TILES.map(t => t.key));
  });

  it.each([
    ['missing', undefined],
    ['empty (the admin cleared it)', ''],
    ['blank', ' , ,'],
    ['nothing but unknown keys', 'nickname,shoeSize']
  ])('a column list %s means the default columns', (_, text) => {
    expect(columnsFromText(text)).toEqual([...DEFAULT_COLUMNS]);
    expect(settingsFromProperties({ defaultColumns: text }).defaultColumns).toEqual([...DEFAULT_COLUMNS]);
  });

  it('a column list keeps known keys in the order given, each once, and drops unknown ones', () => {
    expect(columnsFromText(' mail, displayName ,nickname,mail')).toEqual(['mail', 'displayName']);
  });

  it('set properties win; unknown values fall back to the default', () => {
    const s = settingsFromProperties({ defaultView: 'usage', defaultPeriod: 'D90', allowEdits: true, usageTiles: { email: false, apps: false } });
    expect(s.defaultView).toBe('usage');
    expect(s.defaultPeriod).toBe('D90');
    expect(s.allowEdits).toBe(true);
    expect(s.allowDestructive).toBe(false);
    expect(s.usageTiles).toEqual(OVERVIEW_TILES.map(t => t.key).filter(k => k !== 'email' && k !== 'apps'));
    const odd = settingsFromProperties({ defaultView: 'reports', defaultPeriod: 'D365' });
    expect(odd.defaultView).toBe(DEFAULT_VIEW);
    expect(odd.defaultPeriod).toBe(DEFAULT_PERIOD);
    // The destructive switch needs edits on: alone it allows nothing.
    expect(settingsFromProperties({ allowEdits: true, allowDestructive: true }).allowDestructive).toBe(true);
    expect(settingsFromProperties({ allowEdits: false, allowDestructive: true }).allowDestructive).toBe(false);
    // Every tile unticked is a choice: no tiles.
    expect(settingsFromProperties({ usageTiles: Object.fromEntries(OVERVIEW_TILES.map(t => [t.key, false])) }).usageTiles).toEqual([]);
  });

  it("the README's description of the defaults is true", () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8').replace(/\s+/g, ' ');
    const m = /Added as it is, the web part opens the \*\*(\w+)\*\* view with the columns `([^`]+)` .*? reports over the \*\*last (\d+) days\*\*, (every usage tile), and edits (off|on)\./.exec(readme);
    expect(m).not.toBeNull();
    const [, view, columns, days, , edits] = m as RegExpExecArray;
    expect(view?.toLowerCase()).toBe(DEFAULT_VIEW);
    expect(columns?.split(',').map(s => s.trim())).toEqual([...DEFAULT_COLUMNS]);
    expect(`D${days}`).toBe(DEFAULT_PERIOD);
    expect(DEFAULT_SETTINGS.usageTiles).toEqual(OVERVIEW_TILES.map(t => t.key));
    expect(edits === 'on').toBe(DEFAULT_ALLOW_EDITS);
    // Every key the README names is a column its Export formats table lists.
    for (const k of DEFAULT_COLUMNS) expect(readme).toContain(`| \`${k}\` |`);
  });
});

describe('the report relay from the web part\'s properties', () => {
  const HOSTING = 'https://contoso.sharepoint.com/sites/it';
  it('reads copies in the hosting site and publishes none by default, as a freshly added web part does', () => {
    expect(relayFromProperties({}, HOSTING)).toEqual({ siteUrl: HOSTING, publish: false });
    expect(relayFromProperties(DEFAULT_PROPERTIES, HOSTING)).toEqual({ siteUrl: HOSTING, publish: false });
  });
  it('publishes, or does nothing, as chosen; an unknown choice is the default', () => {
    expect(relayFromProperties({ reportRelay: 'publish' }, HOSTING)).toEqual({ siteUrl: HOSTING, publish: true });
    expect(relayFromProperties({ reportRelay: 'off' }, HOSTING)).toBeUndefined();
    expect(relayFromProperties({ reportRelay: 'sometimes' }, HOSTING)).toEqual({ siteUrl: HOSTING, publish: false });
  });
  it('reads from a named site of the same tenant but publishes only to the hosting site, and falls back to it, saying so, for any other', () => {
    expect(relayFromProperties({ reportRelay: 'publish', relaySite: ' https://CONTOSO.sharepoint.com/sites/reports/ ' }, HOSTING)).toEqual({ siteUrl: 'https://contoso.sharepoint.com/sites/reports', publish: false });
    expect(relayFromProperties({ reportRelay: 'publish', relaySite: `${HOSTING}/` }, HOSTING)).toEqual({ siteUrl: HOSTING, publish: true });
    for (const named of ['https://fabrikam.sharepoint.com/sites/x', 'http://contoso.sharepoint.com/sites/x', 'sites/reports']) {
      expect(relayFromProperties({ relaySite: named }, HOSTING)).toEqual({ siteUrl: HOSTING, publish: false, ignoredSite: named });
    }
  });
});
