/**
 * The shipped web part in SharePoint's and Teams' own runtime: the .sppkg's ClientSideAssets and
 * component manifest, loaded by SPFx 1.23.2's real loader and runtime modules (node_modules) in headless
 * Chromium, against the demo tenant reached through Graph's real origin. Nothing leaves the machine:
 * every other request is aborted, listed, and fails the test unless it is one SPFx makes by design.
 *
 * Ran for real: sp-loader (assembly and loader), sp-core-library, sp-diagnostics, sp-lodash-subset,
 * sp-dynamic-data, sp-page-context, sp-http, sp-http-base (the AAD token provider seam), sp-http-msgraph
 * (MSGraphClientV3) with the Graph client SharePoint serves (3.0.2), sp-component-base (ThemeProvider),
 * sp-webpart-base (web part manager, TeamsAware host, its teams-js 2.x), sp-property-pane, React 17.0.1.
 * Inert (SharePoint has them, npm does not): the components `host.inert` lists; the test prints which
 * ones were reached and fails if the web part's own code reached any. The page application
 * (sp-application-base's navigator) is the host page itself.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { startDemoTenant } from '../../workbench/demo-tenant';
import type { IDemoTenant } from '../../workbench/demo-tenant';
import { EXPECTED_MISSING, EXPECTED_OUTSIDE, PAGE_IDS, SHAREPOINT, ShipHost, TEAMS } from '../../workbench/ship/host';
import type { ITeamsOptions } from '../../workbench/ship/host';
import { userColumn } from '../../src/core/directory/userColumns';
import { columnsFromText } from '../../src/ui/common/defaults';
import { axeViolations, formatViolations } from '../helpers/axe';
import { chromiumPath, launchChromium, noChromiumMessage, SCREENSHOTS } from '../helpers/chromium';

jest.setTimeout(180_000);
const exe = chromiumPath();
if (!exe) console.warn(`\n\n*** ${noChromiumMessage()} ***\n\n`);
const suite = exe || process.env.CI ? describe : describe.skip;

/** A section theme as SharePoint gives an inverted (dark) section: its palette and semantic colours. */
const INVERTED_SECTION = {
  isInverted: true,
  palette: {
    themePrimary: '#4ba0e1', themeLighterAlt: '#03060900', themeDarkAlt: '#61abe4', themeDark: '#7fbbe9', themeDarker: '#a8d0ef',
    neutralLighterAlt: '#1f4f79', neutralLighter: '#245580', neutralLight: '#2c5f8b', neutralQuaternaryAlt: '#326594',
    neutralQuaternary: '#376a99', neutralTertiaryAlt: '#4e7ea8', neutralTertiary: '#c8c8c8', neutralSecondary: '#d0d0d0',
    neutralPrimaryAlt: '#dadada', neutralPrimary: '#ffffff', neutralDark: '#f4f4f4', black: '#f8f8f8', white: '#004578'
  },
  semanticColors: { bodyBackground: '#004578', bodyText: '#ffffff' }
};

/** Wait until a value read from the page becomes what is expected (a theme is applied on the next render). */
async function becomes<T>(read: () => Promise<T>, expected: T, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  let last = await read();
  while (last !== expected && Date.now() < end) {
    await new Promise(r => setTimeout(r, 100));
    last = await read();
  }
  expect(last).toBe(expected);
}

/** Console messages that say an icon was drawn without a glyph. */
const MISSING_ICON = /The icon "([^"]+)" was used but not registered/;

suite('the shipped web part in SPFx’s own runtime', () => {
  let demo: IDemoTenant;
  let host: ShipHost;
  let browser: Browser;
  const missingIcons = new Set<string>();
  const pageErrors: string[] = [];

  beforeAll(async () => {
    if (!exe) throw new Error(noChromiumMessage());
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    demo = await startDemoTenant({ users: 120, seed: 3 });
    const person = demo.info.people.admin;
    host = await ShipHost.create({ graphUrl: demo.url, token: demo.token, identity: { tenantId: demo.info.tid, userId: person?.id ?? '', upn: person?.userPrincipalName ?? '' } });
    browser = await launchChromium(exe);
  });
  afterAll(async () => {
    await browser?.close();
    await demo?.close();
  });
  afterEach(() => {
    // Nothing left the machine except what SPFx asks for by design, and SharePoint's CDN was asked for
    // nothing the host lacks but telemetry.
    expect(host.outside.filter(u => !EXPECTED_OUTSIDE.some(e => e.pattern.test(u)))).toEqual([]);
    expect(host.missing.filter(p => !EXPECTED_MISSING.some(e => e.pattern.test(p)))).toEqual([]);
  });

  async function context(): Promise<BrowserContext> {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 } });
    await host.route(ctx);
    ctx.on('console', m => { const icon = MISSING_ICON.exec(m.text()); if (icon?.[1]) missingIcons.add(icon[1]); });
    return ctx;
  }

  function watch(page: Page): void {
    // "Loading chunk N failed (error: <url>)" for a telemetry chunk npm does not carry is expected (EXPECTED_MISSING).
    page.on('pageerror', e => {
      const url = /Loading chunk \S+ failed\.\s*\(error: ([^)]+)\)/.exec(e.message)?.[1];
      if (!url || !EXPECTED_MISSING.some(m => m.pattern.test(new URL(url).pathname))) pageErrors.push(e.message);
    });
  }

  /** Open the SharePoint page and wait until the web part's onInit and first render ran. */
  async function sharePoint(options: Parameters<ShipHost['pageUrl']>[0] = {}): Promise<Page> {
    const page = await (await context()).newPage();
    watch(page);
    await page.goto(host.pageUrl(options));
    await expect(page.evaluate(() => window.__m365iHost.ready)).resolves.toBeUndefined();
    return page;
  }

  /** Open the Teams page with the tab framed; resolves with the tab's frame once the web part rendered. */
  async function teams(options: ITeamsOptions = {}): Promise<{ page: Page; tab: Frame }> {
    const page = await (await context()).newPage();
    watch(page);
    await page.goto(host.teamsUrl(options));
    const handle = await page.waitForSelector('iframe[name="embedded-page-container"]');
    const tab = await handle.contentFrame();
    if (!tab) throw new Error('The Teams tab has no frame.');
    await tab.waitForFunction(() => !!window.__m365iHost);
    await expect(tab.evaluate(() => window.__m365iHost.ready)).resolves.toBeUndefined();
    return { page, tab };
  }

  const admin = (): string => demo.info.people.admin?.userPrincipalName ?? '';
  const usersShown = (where: Page | Frame, n: number): Promise<unknown> =>
    where.getByTestId('user-count').filter({ hasText: new RegExp(`^${n} of ${n} users`) }).waitFor({ timeout: 60_000 });
  const background = (where: Page | Frame): Promise<string> =>
    where.locator('.m365i-root').first().evaluate(e => getComputedStyle(e).backgroundColor);

  it('runs onInit and render on a SharePoint page: the tenant’s users with the shipped default columns, every Graph call with the page’s token', async () => {
    const before = host.graph.length;
    const page = await sharePoint();
    await usersShown(page, demo.info.users);
    // The columns a freshly added web part shows are the manifest's preconfigured ones.
    const keys = columnsFromText(String(host.preconfiguredProperties.defaultColumns));
    expect(keys).toEqual(expect.arrayContaining(['products', 'mfaStatus', 'lastActivity']));
    const headers = await page.locator('[role="columnheader"]').allInnerTexts();
    expect(headers.map(h => h.trim()).filter(Boolean)).toEqual(keys.map(k => userColumn(k)?.header));
    // Every Graph request went through MSGraphClientV3 with the token the page's AAD token provider handed out.
    const calls = host.graph.slice(before);
    expect(calls.length).toBeGreaterThan(2);
    expect(calls.filter(c => c.token !== demo.token)).toEqual([]);
    expect(await page.evaluate(() => window.__m365iHost.tokenRequests)).toContain('https://graph.microsoft.com');
    // The grid's columns scroll inside the web part; nothing spills out of the page's section.
    expect(await page.locator('#m365i-webpart').evaluate(e => e.scrollWidth - e.clientWidth)).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ship-sharepoint.png') });
    await page.context().close();
  });

  it('follows a SharePoint section theme change (an inverted section) and property changes, as the property pane makes them', async () => {
    const page = await sharePoint();
    await usersShown(page, demo.info.users);
    expect(await background(page)).toBe('rgb(255, 255, 255)');
    await page.evaluate(t => window.__m365iHost.setTheme(t), INVERTED_SECTION);
    await becomes(() => background(page), 'rgb(0, 69, 120)');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ship-sharepoint-inverted.png') });

    // Default view -> Usage: the web part renders the Usage view.
    await page.evaluate(() => window.__m365iHost.setProperty('defaultView', 'usage'));
    await page.getByRole('tab', { name: /Usage/, selected: true }).waitFor();
    // Allow edits: an impression offers Edit only once the property is on.
    await page.evaluate(() => window.__m365iHost.setProperty('defaultView', 'impression'));
    await page.getByRole('tab', { name: /Impression/, selected: true }).waitFor();
    await page.getByRole('combobox').first().waitFor();
    await page.context().close();
  });

  it('hands the real property pane the groups and fields the README documents', async () => {
    const page = await sharePoint();
    const pane = await page.evaluate(() => window.__m365iHost.propertyPane()) as { pages: { groups: { groupName: string; groupFields: { targetProperty: string; type: number }[] }[] }[] };
    const groups = pane.pages[0]?.groups ?? [];
    expect(groups.map(g => g.groupName)).toEqual(['Display', 'Usage overview tiles', 'Edits']);
    expect(groups[0]?.groupFields.map(f => f.targetProperty)).toEqual(['defaultView', 'defaultPeriod', 'defaultColumns']);
    expect(groups[1]?.groupFields.every(f => f.targetProperty.startsWith('usageTiles.'))).toBe(true);
    expect(groups[1]?.groupFields.length).toBeGreaterThan(3);
    expect(groups[2]?.groupFields.map(f => f.targetProperty)).toEqual(['allowEdits']);
    await page.context().close();
  });

  it('turns edits on and off from the property pane', async () => {
    const page = await sharePoint({ properties: { defaultView: 'impression' } });
    await page.getByRole('tab', { name: /Impression/, selected: true }).waitFor();
    const upn = admin();
    const picker = page.getByRole('combobox').first();
    await picker.fill(upn.slice(0, 6));
    await page.getByRole('option').first().click();
    await page.getByRole('menuitem', { name: /^Export to Excel/ }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('menuitem', { name: 'Edit' }).count()).toBe(0);
    await page.evaluate(() => window.__m365iHost.setProperty('allowEdits', true));
    await page.getByRole('menuitem', { name: 'Edit' }).waitFor();
    await page.context().close();
  });

  it.each([['channel' as const], ['personal' as const]])('runs as a Teams %s tab: SPFx’s own teams-js, the theme followed live, a deep link opened and given', async kind => {
    const upn = admin();
    const { page, tab } = await teams({ kind, theme: 'default', subEntityId: `impression:${upn}` });
    const teamsCalls = (): Promise<string[]> => page.evaluate(() => window.__teamsHost.calls);
    expect(await teamsCalls()).toEqual(expect.arrayContaining(['initialize', 'getContext']));
    expect(await page.evaluate(() => window.__teamsHost.handlers)).toContain('themeChange');
    // The deep link's sub-entity opened that user's impression.
    await tab.getByRole('tab', { name: /Impression/, selected: true }).waitFor();
    await tab.getByRole('menuitem', { name: /^Export to Excel/ }).waitFor({ timeout: 60_000 });
    await tab.locator('.m365i-impression').getByText(upn, { exact: true }).filter({ visible: true }).first().waitFor();
    // Copy link: a Teams deep link back to this tab and user (a channel tab's also names its channel).
    // The tab's frame (SharePoint's origin) may use the clipboard as Teams lets it (permissions of the top page).
    for (const origin of [SHAREPOINT, TEAMS]) await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await tab.getByRole('menuitem', { name: 'Copy link' }).click();
    await tab.getByText('Link copied.').waitFor();
    const link = new URL(await tab.evaluate(() => navigator.clipboard.readText()));
    expect(link.origin + link.pathname).toBe(`https://teams.microsoft.com/l/entity/${PAGE_IDS.teamsAppId}/${kind === 'personal' ? 'm365impressions-personal' : 'm365impressions-tab'}`);
    const linkContext = JSON.parse(link.searchParams.get('context') ?? '{}') as { subEntityId?: string; channelId?: string };
    expect(linkContext.subEntityId).toBe(`impression:${upn}`);
    expect(linkContext.channelId).toBe(kind === 'channel' ? '19:chan0000000000000000000000000000@thread.tacv2' : undefined);

    // Theme: default -> dark -> contrast, live.
    expect(await background(tab)).toBe('rgb(255, 255, 255)');
    await page.evaluate(() => window.__teamsHost.setTheme('dark'));
    await becomes(() => background(tab), 'rgb(41, 41, 41)');
    await page.evaluate(() => window.__teamsHost.setTheme('contrast'));
    await becomes(() => background(tab), 'rgb(0, 0, 0)');
    await page.context().close();
  });

  it.each([['default' as const], ['dark' as const], ['contrast' as const]])('shows the Users view in a Teams tab, %s theme', async theme => {
    const { page, tab } = await teams({ theme });
    await usersShown(tab, demo.info.users);
    await page.screenshot({ path: path.join(SCREENSHOTS, `ship-teams-${theme}.png`) });
    await page.context().close();
  });

  it('shows the web part’s own message, not a blank part, when the page’s token provider rejects', async () => {
    host.token = { error: 'AADSTS65001: The user or administrator has not consented to use the application.' };
    try {
      const page = await sharePoint();
      const message = page.getByTestId('host-error');
      await message.waitFor({ timeout: 30_000 });
      expect(await message.innerText()).toMatch(/could not connect to Microsoft Graph[\s\S]*AADSTS65001/);
      await page.screenshot({ path: path.join(SCREENSHOTS, 'ship-token-rejected.png') });
      await page.context().close();
    } finally {
      host.token = demo.token;
    }
  });

  it('renders every section with its reason when Graph answers 403 to every call', async () => {
    host.token = demo.tokenFor([]);
    try {
      const page = await sharePoint();
      await page.getByText(/User\.Read\.All/).first().waitFor({ timeout: 30_000 });
      await page.getByRole('tab', { name: /Usage/ }).click();
      await page.getByText(/Reports\.Read\.All/).first().waitFor({ timeout: 30_000 });
      await page.screenshot({ path: path.join(SCREENSHOTS, 'ship-graph-403.png') });
      await page.context().close();
    } finally {
      host.token = demo.token;
    }
  });

  it.each([
    ['SharePoint', {}],
    ['Teams default', { theme: 'default' as const }],
    ['Teams dark', { theme: 'dark' as const }],
    ['Teams contrast', { theme: 'contrast' as const }]
  ])('passes axe (WCAG 2.1 A/AA, serious and critical) in every view, %s', async (name, look) => {
    const inTeams = name.startsWith('Teams');
    const opened = inTeams ? await teams(look) : { page: await sharePoint(), tab: undefined };
    const where: Page | Frame = opened.tab ?? opened.page;
    await usersShown(where, demo.info.users);
    const found = [...await axeViolations(where)];
    await where.getByRole('tab', { name: /Usage/ }).click();
    await where.getByText(/Data as of \d{4}-\d{2}-\d{2}/).nth(5).waitFor({ timeout: 60_000 });
    found.push(...await axeViolations(where));
    await where.getByRole('tab', { name: /Impression/ }).click();
    const picker = where.getByRole('combobox').first();
    await picker.fill(admin().slice(0, 6));
    await where.getByRole('option').first().click();
    await where.getByRole('menuitem', { name: /^Export to Excel/ }).waitFor({ timeout: 60_000 });
    found.push(...await axeViolations(where));
    if (found.length) throw new Error(`${name}:\n${formatViolations(found)}`);
    await opened.page.context().close();
  });

  it('draws every icon it uses, reached no inert component from its own code, and threw no error', async () => {
    // Runs last: the tests above went through every view in SharePoint and Teams.
    expect([...missingIcons]).toEqual([]);
    expect(pageErrors).toEqual([]);
    const page = await sharePoint();
    await usersShown(page, demo.info.users);
    const uses = await page.evaluate(() => (window as unknown as { __inertUse?: { component: string; member: string; stack: string }[] }).__inertUse ?? []);
    const reached = [...new Set(uses.map(u => u.component))];
    console.log(`Inert components reached (SharePoint has them, npm does not): ${reached.join(', ') || 'none'}; served inert: ${host.inert.map(c => c.alias).join(', ')}`);
    const base = host.manifest.loaderConfig.internalModuleBaseUrls[0] ?? '';
    expect(uses.filter(u => u.stack.includes(base)).map(u => `${u.component}:${u.member}`)).toEqual([]);
    await page.context().close();
  });
});

declare global {
  interface Window {
    __m365iHost: import('../../workbench/ship/boot').IHostPageApi;
    __teamsHost: import('../../workbench/ship/teamsHost').ITeamsHostApi;
  }
}
