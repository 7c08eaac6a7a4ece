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
import JSZip from 'jszip';
import { EXPECTED_MISSING, EXPECTED_OUTSIDE, SHAREPOINT, ShipHost, TEAMS, TEAMS_APP } from '../../workbench/ship/host';
import type { IPageOptions, ITeamsOptions } from '../../workbench/ship/host';
import { userColumn } from '../../src/core/directory/userColumns';
import { columnsFromText } from '../../src/ui/common/defaults';
import { axeViolations, formatViolations } from '../helpers/axe';
import { gatewayFor } from '../helpers/graph';
import { ReportStore } from '../../src/core/reports/store';
import { RELAY_LIBRARY_TITLE } from '../../src/core/reports/relay';
import { requireReport } from '../../src/core/reports/catalog';
import { SharePointLibrary } from '../../src/core/sharepoint/library';
import { bearerFetch } from '../../src/core/sharepoint/bearer';
import { WORKLOAD_SOURCES } from '../../src/core/impression/workloads';
import { ACTIVITY_REPORT } from '../../src/core/directory/activity';
import { ACTIVITY_PERIOD } from '../../src/core/directory/loadUsers';
import { chromiumPath, launchChromium, noChromiumMessage, SCREENSHOTS } from '../helpers/chromium';
import { keptListWritten } from '../helpers/keptList';

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

/** SharePoint's default section (no background): what a section returns to. */
const DEFAULT_SECTION = {
  isInverted: false,
  palette: { themePrimary: '#0078d4', neutralPrimary: '#323130', black: '#000000', white: '#ffffff' },
  semanticColors: { bodyBackground: '#ffffff', bodyText: '#323130' }
};

/** One use of a SharePoint-only (inert) component, as the stand-in module recorded it. */
interface IInertUse { component: string; member: string; fromWebPart: boolean }
/** The inert components SPFx's own runtime reaches at start-up (sp-property-pane's styles); README says so. */
const INERT_REACHED_BY_RUNTIME = ['@msinternal/sp-fluentui-v9-utilities-bundle'];

/** Console messages that say an icon was drawn without a glyph. */
const MISSING_ICON = /The icon "([^"]+)" was used but not registered/;

suite('the shipped web part in SPFx’s own runtime', () => {
  let demo: IDemoTenant;
  let host: ShipHost;
  let browser: Browser;
  /** What the pages of the running test saw; checked after each test, whatever it asserted. */
  let opened: BrowserContext[] = [];
  let missingIcons: string[] = [];
  let pageErrors: string[] = [];

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
  beforeEach(() => {
    host.resetLog();
    host.token = demo.token;
    opened = [];
    missingIcons = [];
    pageErrors = [];
  });
  afterEach(async () => {
    // Every page of the test, passed or failed: what SharePoint-only components the web part's own
    // code reached (none may be), then the pages close so nothing runs on into the next test.
    const reached: IInertUse[] = [];
    for (const ctx of opened) {
      for (const page of ctx.pages()) {
        for (const frame of page.frames()) {
          reached.push(...await frame.evaluate(() => (window as unknown as { __inertUse?: IInertUse[] }).__inertUse ?? []).catch(() => []));
        }
      }
      await ctx.close();
    }
    expect(reached.filter(u => u.fromWebPart).map(u => `${u.component}:${u.member}`)).toEqual([]);
    // The runtime itself reaches only what the README says (sp-property-pane's start-up styles).
    expect([...new Set(reached.map(u => u.component))].filter(c => !INERT_REACHED_BY_RUNTIME.includes(c))).toEqual([]);
    // Nothing left the machine except what SPFx asks for by design, and SharePoint's CDN was asked for
    // nothing the host lacks but telemetry.
    expect(host.outside.filter(u => !EXPECTED_OUTSIDE.some(e => e.pattern.test(u)))).toEqual([]);
    expect(host.missing.filter(p => !EXPECTED_MISSING.some(e => e.pattern.test(p)))).toEqual([]);
    expect(pageErrors).toEqual([]);
    expect(missingIcons).toEqual([]);
  });

  async function context(): Promise<BrowserContext> {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    opened.push(ctx);
    await host.route(ctx);
    ctx.on('console', m => { const icon = MISSING_ICON.exec(m.text()); if (icon?.[1]) missingIcons.push(icon[1]); });
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
  async function sharePoint(options: IPageOptions = {}): Promise<Page> {
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

  /** Icons drawn without a glyph in the product's markup (an <i data-icon-name> with neither an SVG nor a font character). */
  const blankIcons = (where: Page | Frame): Promise<string[]> =>
    where.locator('.m365i-root i[data-icon-name], .ms-Layer i[data-icon-name]').evaluateAll(icons =>
      icons.filter(i => !i.querySelector('svg') && !(i.textContent ?? '').trim()).map(i => i.getAttribute('data-icon-name') ?? '?'));

  const admin = (): string => demo.info.people.admin?.userPrincipalName ?? '';
  const usersShown = (where: Page | Frame, n: number): Promise<unknown> =>
    where.getByTestId('user-count').filter({ hasText: new RegExp(`^${n} of ${n} users`) }).waitFor({ timeout: 60_000 });
  const background = (where: Page | Frame): Promise<string> =>
    where.locator('.m365i-root').first().evaluate(e => getComputedStyle(e).backgroundColor);

  it('runs onInit and render on a SharePoint page: the tenant’s users with the shipped default columns, every Graph call with the page’s token', async () => {
    const before = host.graph.length;
    const page = await sharePoint();
    expect(await page.evaluate(() => window.__m365iHost.displayMode)).toBe(1);
    await usersShown(page, demo.info.users);
    // The columns a freshly added web part shows are the manifest's preconfigured ones.
    const keys = columnsFromText(String(host.preconfiguredProperties.defaultColumns));
    expect(keys).toEqual(expect.arrayContaining(['products', 'mfaStatus', 'lastActivity']));
    const headers = await page.locator('[role="columnheader"]').allInnerTexts();
    expect(headers.map(h => h.trim()).filter(Boolean)).toEqual(keys.map(k => userColumn(k)?.header));
    // Every Graph request went through MSGraphClientV3 with the token the page's AAD token provider handed out.
    const calls = host.graph.slice(before);
    expect(calls.length).toBeGreaterThan(2);
    expect(calls.filter(c => c.token !== 'page')).toEqual([]);
    expect(await page.evaluate(() => window.__m365iHost.tokenRequests)).toContain('https://graph.microsoft.com');
    expect(host.tokensServed).toBeGreaterThan(0);
    expect(await blankIcons(page)).toEqual([]);
    // The grid's columns scroll inside the web part; nothing spills out of the page's section.
    expect(await page.locator('#m365i-webpart').evaluate(e => e.scrollWidth - e.clientWidth)).toBe(0);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ship-sharepoint.png') });

    // Export all: the workbook writer is a chunk of the package, loaded on demand from the app catalog's folder.
    await page.getByRole('menuitem', { name: 'Export' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('menuitem', { name: /^Export all \(120 users/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^m365-users-contoso-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const zip = await JSZip.loadAsync(fs.readFileSync(await download.path()));
    expect(await zip.file('xl/workbook.xml')?.async('string')).toContain('name="Users"');
    const strings = await zip.file('xl/sharedStrings.xml')?.async('string') ?? '';
    expect(strings.includes(`<t>${admin()}</t>`)).toBe(true);
  });

  it('renders in a section theme it starts in, and follows a change to another (an inverted section)', async () => {
    const page = await sharePoint({ sectionTheme: INVERTED_SECTION });
    await usersShown(page, demo.info.users);
    expect(await background(page)).toBe('rgb(0, 69, 120)');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ship-sharepoint-inverted.png') });
    await page.evaluate(t => window.__m365iHost.setTheme(t), DEFAULT_SECTION);
    await becomes(() => background(page), 'rgb(255, 255, 255)');
    await page.evaluate(t => window.__m365iHost.setTheme(t), INVERTED_SECTION);
    await becomes(() => background(page), 'rgb(0, 69, 120)');
  });

  // Property changes go through the web part's own handler, as the pane makes them. The page stays in read
  // mode: edit mode needs SharePoint's content panel (@msinternal/sp-pages-content-panel-context, not on npm).
  it('re-renders on property changes as the property pane makes them: default view, and allow edits on and off', async () => {
    const page = await sharePoint();
    await page.getByRole('tab', { name: /Users/, selected: true }).waitFor();
    await page.evaluate(() => window.__m365iHost.setProperty('defaultView', 'usage'));
    await page.getByRole('tab', { name: /Usage/, selected: true }).waitFor();
    await page.evaluate(() => window.__m365iHost.setProperty('defaultView', 'impression'));
    await page.getByRole('tab', { name: /Impression/, selected: true }).waitFor();
    await page.getByRole('combobox').first().fill(admin().slice(0, 6));
    await page.getByRole('option').first().click();
    await page.getByRole('menuitem', { name: /^Export to Excel/ }).waitFor({ timeout: 60_000 });
    expect(await page.getByRole('menuitem', { name: 'Edit' }).count()).toBe(0);
    await page.evaluate(() => window.__m365iHost.setProperty('allowEdits', true));
    await page.getByRole('menuitem', { name: 'Edit' }).waitFor();
    await page.evaluate(() => window.__m365iHost.setProperty('allowEdits', false));
    await page.getByRole('menuitem', { name: 'Edit' }).waitFor({ state: 'detached' });
  });

  it('gives the property pane the groups and fields the README documents, built with the real sp-property-pane, showing the defaults', async () => {
    const page = await sharePoint();
    // What the web part hands the property pane (the pane itself is SharePoint's page chrome, not rendered here).
    const pane = await page.evaluate(() => window.__m365iHost.propertyPane()) as { pages: { groups: { groupName: string; groupFields: { targetProperty: string; type: number; properties: Record<string, unknown> }[] }[] }[] };
    const groups = pane.pages[0]?.groups ?? [];
    expect(groups.map(g => g.groupName)).toEqual(['Display', 'Usage overview tiles', 'Visitors without report access', 'Report relay', 'Prices and history', 'Edits']);
    const group = (name: string): (typeof groups)[number] | undefined => groups.find(g => g.groupName === name);
    expect(groups[0]?.groupFields.map(f => f.targetProperty)).toEqual(['defaultView', 'defaultPeriod', 'defaultColumns']);
    expect(groups[1]?.groupFields.every(f => f.targetProperty.startsWith('usageTiles.'))).toBe(true);
    expect(groups[1]?.groupFields.length).toBeGreaterThan(3);
    // Visitors without a report role get the published dashboard by default.
    expect(group('Visitors without report access')?.groupFields[0]?.targetProperty).toBe('visitors');
    expect(group('Visitors without report access')?.groupFields[0]?.properties.selectedKey).toBe('dashboard');
    expect(group('Report relay')?.groupFields.map(f => f.targetProperty)).toEqual(['reportRelay', 'relaySite']);
    expect(group('Report relay')?.groupFields[0]?.properties.selectedKey).toBe('read');
    expect(group('Prices and history')?.groupFields.map(f => f.targetProperty)).toEqual(['storeSite']);
    const edits = group('Edits');
    expect(edits?.groupFields.map(f => f.targetProperty)).toEqual(['allowEdits', 'allowDestructive']);
    // A freshly added web part: Users, last 30 days, every usage tile but Security readiness (offered unticked:
    // it reads every user and needs Defender for Office 365 P2, as the README says), edits off.
    expect(groups[0]?.groupFields.map(f => f.properties.selectedKey ?? f.properties.value)).toEqual(['users', 'D30', String(host.preconfiguredProperties.defaultColumns)]);
    const security = groups[1]?.groupFields.filter(f => f.targetProperty === 'usageTiles.securityReadiness') ?? [];
    expect(security.map(f => f.properties.checked)).toEqual([false]);
    expect(groups[1]?.groupFields.filter(f => !security.includes(f)).every(f => f.properties.checked === true)).toBe(true);
    expect(edits?.groupFields[0]?.properties.checked).toBe(false);
  });

  it.each([['channel' as const], ['personal' as const]])('runs as a Teams %s tab: SPFx’s own teams-js, the theme followed live, a deep link opened and given', async kind => {
    const upn = admin();
    const { page, tab } = await teams({ kind, theme: 'default', subEntityId: `impression:${upn}` });
    const calls = await page.evaluate(() => window.__teamsHost.calls);
    // One teams-js (SPFx's own) initialized once; no call was left without the answer it waits for.
    expect(calls.filter(f => f === 'initialize')).toHaveLength(1);
    expect(calls).toContain('getContext');
    expect(await page.evaluate(() => window.__teamsHost.unanswered)).toEqual([]);
    expect(await page.evaluate(() => window.__teamsHost.handlers)).toContain('themeChange');
    // The deep link's sub-entity opened that user's impression.
    await tab.getByRole('tab', { name: /Impression/, selected: true }).waitFor();
    await tab.getByRole('menuitem', { name: /^Export to Excel/ }).waitFor({ timeout: 60_000 });
    await tab.locator('.m365i-impression').getByText(upn, { exact: true }).filter({ visible: true }).first().waitFor();
    // The report parts are read through Graph's next links (which name graph.microsoft.com, where the token may
    // go), and the Security card says how MFA is enforced.
    await tab.locator('.m365i-impression').getByText('Send Count', { exact: true }).first().waitFor({ timeout: 60_000 });
    await tab.locator('.m365i-impression').getByText('MFA enforced by', { exact: true }).first().waitFor();
    expect(await tab.getByText(/Refusing to send the Graph token/).count()).toBe(0);
    // Copy link: a Teams deep link back to this tab and user (a channel tab's also names its channel).
    // The tab's frame (SharePoint's origin) may use the clipboard as Teams lets it (permissions of the top page).
    for (const origin of [SHAREPOINT, TEAMS]) await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    await tab.getByRole('menuitem', { name: 'Copy link' }).click();
    await tab.getByText('Link copied.').waitFor();
    const link = new URL(await tab.evaluate(() => navigator.clipboard.readText()));
    // The uploaded app's id (teamsapp/manifest.json) and the tab's entity id, as Teams' context gave them.
    const entityId = kind === 'personal' ? TEAMS_APP.personalEntityId : TEAMS_APP.channelEntityId;
    expect(link.origin + link.pathname).toBe(`https://teams.microsoft.com/l/entity/${TEAMS_APP.appId}/${encodeURIComponent(entityId)}`);
    const linkContext = JSON.parse(link.searchParams.get('context') ?? '{}') as { subEntityId?: string; channelId?: string };
    expect(linkContext.subEntityId).toBe(`impression:${upn}`);
    expect(linkContext.channelId).toBe(kind === 'channel' ? TEAMS_APP.channelId : undefined);

    // Theme: default -> dark -> contrast, live.
    expect(await background(tab)).toBe('rgb(255, 255, 255)');
    await page.evaluate(() => window.__teamsHost.setTheme('dark'));
    await becomes(() => background(tab), 'rgb(41, 41, 41)');
    await page.evaluate(() => window.__teamsHost.setTheme('contrast'));
    await becomes(() => background(tab), 'rgb(0, 0, 0)');
    expect(await blankIcons(tab)).toEqual([]);
  });

  it('offers no Copy link where Teams’ context does not name the app', async () => {
    const { tab } = await teams({ kind: 'personal', subEntityId: `impression:${admin()}`, noAppId: true });
    await tab.getByRole('menuitem', { name: /^Export to Excel/ }).waitFor({ timeout: 60_000 });
    expect(await tab.getByRole('menuitem', { name: 'Copy link' }).count()).toBe(0);
  });

  it('shows the web part’s own message, not a blank part, when the page’s token provider rejects', async () => {
    host.token = { error: 'AADSTS65001: The user or administrator has not consented to use the application.' };
    const page = await sharePoint();
    const message = page.getByTestId('host-error');
    await message.waitFor({ timeout: 30_000 });
    expect(await message.innerText()).toMatch(/could not connect to Microsoft Graph[\s\S]*API access[\s\S]*AADSTS65001/);
    expect(host.tokensServed).toBeGreaterThan(0);
    expect(host.graph).toEqual([]); // nothing is sent without a token
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ship-token-rejected.png') });
  });

  it('renders every section with its reason when Graph answers 403 to every call', async () => {
    host.token = demo.tokenFor([]);
    const page = await sharePoint();
    // The Users view: the directory's reason, not an empty list.
    await page.getByText(/User\.Read\.All/).first().waitFor({ timeout: 30_000 });
    await page.getByRole('tab', { name: /Usage/ }).click();
    // Every overview tile says which scope is missing.
    const tiles = Object.keys((host.preconfiguredProperties.usageTiles ?? {}) as object).length;
    expect(tiles).toBeGreaterThan(3);
    await becomes(async () => (await page.getByText(/Reports\.Read\.All/).count()) >= tiles, true, 30_000);
    expect(host.graph.length).toBeGreaterThan(0);
    expect(host.graph.filter(g => g.status !== 403)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ship-graph-403.png') });
  });

  it('opens an impression from the report relay through SPHttpClient, in SharePoint and in Teams light, dark and contrast', async () => {
    // Copies published as the scheduled CLI publishes them (v1.0 CSV) into the library of the page's site.
    const files = new SharePointLibrary(bearerFetch(async () => demo.token), `${demo.url}/sites/impressions`, RELAY_LIBRARY_TITLE);
    const publisher = new ReportStore(gatewayFor(demo.url, demo.token), { format: 'csv', relay: { files, read: false, publishedBy: 'scheduled task' } });
    const fns = [...new Set([...WORKLOAD_SOURCES.map(s => s.fn), ACTIVITY_REPORT])];
    for (const fn of fns) await publisher.get(requireReport(fn), { period: 'D30' });
    // The Users view's last activity reads the active-user report over 180 days.
    await publisher.get(requireReport(ACTIVITY_REPORT), ACTIVITY_PERIOD);
    expect((await publisher.published()).filter(p => !p.ok)).toEqual([]);
    const upn = admin();
    // SharePoint: the Users view's last activity from the copy, said beside its date. These pages read copies
    // only (the property pane's "read copies only"), so the copies stay the scheduled task's.
    const readOnly = { reportRelay: 'read' };
    const page = await sharePoint({ properties: readOnly });
    await page.getByTestId('user-count').getByText(/relay copy published \d{4}-\d{2}-\d{2} by scheduled task/).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ship-relay-sharepoint.png') });
    for (const theme of ['default', 'dark', 'contrast'] as const) {
      host.resetLog();
      const { page: teamsPage, tab } = await teams({ kind: 'personal', theme, subEntityId: `impression:${upn}`, properties: readOnly });
      for (const card of ['card-exchange', 'card-onedrive', 'card-sharepoint', 'card-teams', 'card-apps']) {
        await tab.getByTestId(card).getByText(/relay copy published \d{4}-\d{2}-\d{2} by scheduled task/).waitFor({ timeout: 60_000 });
      }
      await teamsPage.screenshot({ path: path.join(SCREENSHOTS, `ship-relay-teams-${theme}.png`), fullPage: true });
      // The library was read with SPHttpClient on the page's own origin, and Graph was asked one row per report.
      expect(host.sharePoint.filter(r => /GetFileByServerRelativePath/i.test(r.url) && r.status === 200).length).toBeGreaterThanOrEqual(fns.length);
      const reportGets = host.graph.filter(g => g.method === 'GET' && /\/reports\/get/.test(g.url));
      for (const fn of fns) expect(reportGets.filter(g => g.url.includes(`/reports/${fn}(`)).map(g => /\$top=1(\D|$)/.test(decodeURIComponent(g.url)))).toEqual([true]);
    }
  });

  // SharePoint only: in this host's Chromium a Teams tab is a cross-site frame the browser gives no storage (its
  // sessionStorage and IndexedDB are denied), so there every visit reads afresh, as the README says.
  it('keeps the user list between visits: the next visit shows it at once and asks /users/delta what changed, in a default and an inverted section', async () => {
    const users = demo.info.users;
    for (const [look, sectionTheme] of [['sharepoint', undefined], ['sharepoint-inverted', INVERTED_SECTION]] as const) {
      const ctx = await context();
      const open = async (): Promise<Page> => {
        const page = await ctx.newPage();
        watch(page);
        await page.goto(host.pageUrl(sectionTheme ? { sectionTheme } : {}));
        await expect(page.evaluate(() => window.__m365iHost.ready)).resolves.toBeUndefined();
        return page;
      };
      const first = await open();
      await usersShown(first, users);
      await first.waitForFunction(keptListWritten, undefined, { timeout: 60_000, polling: 250 });
      await first.close();
      // Someone joins between the visits; Graph answers slowly, so the kept list is seen while it is checked.
      const [joined] = demo.directory.addUsers(1);
      host.resetLog();
      demo.options.latencyMs = 1500;
      try {
        const second = await open();
        const count = second.getByTestId('user-count');
        await count.filter({ hasText: new RegExp(`^${users} of ${users} users — as kept from your last visit, checking for changes…`) }).waitFor({ timeout: 60_000 });
        await second.screenshot({ path: path.join(SCREENSHOTS, `ship-users-kept-${look}.png`) });
        await usersShown(second, users + 1);
        expect(await count.innerText()).not.toMatch(/kept|checking|loading/);
        // The second visit read no page of /users: one delta request (with the kept link) brought the newcomer.
        const directory = host.graph.filter(g => /\/users(\?|\/delta)/.test(decodeURIComponent(g.url)));
        expect(directory.map(g => /\/users\/delta\?.*\$deltatoken=(?!latest)/i.test(decodeURIComponent(g.url)))).toEqual([true]);
      } finally {
        demo.options.latencyMs = 0;
        // The other tests count the tenant's 120 users.
        if (joined) demo.directory.removeUser(joined);
      }
    }
  });

  it('says, once, that report copies are not being published when SharePoint refuses the library, and reads Graph as before', async () => {
    // Another admin (a report role), on a page whose owner turned publishing on, in a site where they may not create libraries.
    const other = demo.info.people.breakGlass;
    host.token = demo.tokenAs(other?.userPrincipalName ?? '') ?? '';
    demo.sharePoint.denyManageLists(other?.id ?? '');
    const page = await sharePoint({ properties: { reportRelay: 'publish' } });
    const notice = page.getByTestId('relay-notice');
    await notice.waitFor({ timeout: 60_000 });
    expect(await notice.innerText()).toMatch(/^Report copies are not being published\. .*SharePoint.*Reports are read from\s+Microsoft Graph as before\.$/s);
    await page.getByTestId('user-count').getByText(/activity as of \d{4}-\d{2}-\d{2}/).waitFor({ timeout: 60_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ship-relay-refused.png') });
    // Fluent puts the test id on the message's text; its Close button is beside it, in the bar.
    await page.locator('.ms-MessageBar').filter({ has: notice }).getByRole('button', { name: 'Close' }).click();
    await becomes(() => page.getByTestId('relay-notice').count(), 0);
  });

  it('publishes the usage dashboard for visitors through SPHttpClient, and a visitor without a report role sees it, not a 403', async () => {
    const admin = await sharePoint();
    await admin.getByRole('tab', { name: /Usage/ }).click();
    await admin.getByRole('button', { name: 'Publish for visitors…' }).click();
    await admin.getByTestId('publish-shared').waitFor({ timeout: 60_000 });
    await admin.getByRole('button', { name: 'Publish' }).click();
    await admin.getByTestId('published').waitFor({ timeout: 60_000 });
    // The visitor: another person of the tenant, whom Graph refuses usage reports for the role.
    const visitor = demo.info.people.inactive90;
    host.token = demo.tokenAs(visitor?.userPrincipalName ?? '') ?? '';
    const page = await sharePoint({ userId: visitor?.id });
    await page.getByRole('tab', { name: /Usage/ }).click();
    const label = page.getByTestId('published-label');
    await label.waitFor({ timeout: 60_000 });
    expect(await label.innerText()).toMatch(/^Published \d{4}-\d{2}-\d{2}/);
    // The published tiles, never a row per person and never the refusal.
    expect(await page.getByText(/assign you the Reports Reader role/).count()).toBe(0);
    expect(await page.getByText(visitor?.userPrincipalName ?? '@@').count()).toBe(0);
    expect(await blankIcons(page)).toEqual([]);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ship-visitor-dashboard.png'), fullPage: true });
  });

  it.each([
    ['SharePoint', undefined],
    ['Teams default', 'default'],
    ['Teams dark', 'dark'],
    ['Teams contrast', 'contrast']
  ] as [string, ITeamsOptions['theme'] | undefined][])('passes axe (WCAG 2.1 A/AA, serious and critical) and draws every icon, in every view, %s', async (name, theme) => {
    const shown = theme ? await teams({ theme }) : { page: await sharePoint(), tab: undefined };
    const where: Page | Frame = shown.tab ?? shown.page;
    await usersShown(where, demo.info.users);
    // The Teams looks' screenshots (the SharePoint look's is taken above).
    if (theme) await shown.page.screenshot({ path: path.join(SCREENSHOTS, `ship-teams-${theme}.png`) });
    const found = [...await axeViolations(where)];
    const blank = await blankIcons(where);
    await where.getByRole('tab', { name: /Usage/ }).click();
    await where.getByText(/Data as of \d{4}-\d{2}-\d{2}/).nth(5).waitFor({ timeout: 60_000 });
    found.push(...await axeViolations(where));
    blank.push(...await blankIcons(where));
    await where.getByRole('tab', { name: /Impression/ }).click();
    const picker = where.getByRole('combobox').first();
    await picker.fill(admin().slice(0, 6));
    await where.getByRole('option').first().click();
    await where.getByRole('menuitem', { name: /^Export to Excel/ }).waitFor({ timeout: 60_000 });
    found.push(...await axeViolations(where));
    blank.push(...await blankIcons(where));
    // With edits allowed, the offboarding plan in its panel (a layer outside the section, in the host's theme).
    const look = theme ?? 'sharepoint';
    await where.evaluate(() => window.__m365iHost.setProperty('allowEdits', true));
    await where.getByRole('menuitem', { name: 'Offboard…' }).click();
    await where.getByTestId('plan-summary').waitFor({ timeout: 60_000 });
    found.push(...await axeViolations(where));
    blank.push(...await blankIcons(where));
    await shown.page.screenshot({ path: path.join(SCREENSHOTS, `ship-offboard-${look}.png`) });
    await where.getByRole('button', { name: 'Cancel' }).click();
    await where.getByTestId('plan-summary').waitFor({ state: 'detached' });
    // "Set up like…", guided: colleagues suggested with their reasons, the free picker below.
    await where.getByRole('menuitem', { name: 'Set up like…' }).click();
    const suggested = where.getByRole('list', { name: 'Suggested colleagues' });
    await suggested.getByRole('button').first().waitFor({ timeout: 60_000 });
    expect(await suggested.getByRole('button').first().innerText()).toMatch(/Same (manager|job title|department|office)/);
    found.push(...await axeViolations(where));
    blank.push(...await blankIcons(where));
    await shown.page.screenshot({ path: path.join(SCREENSHOTS, `ship-setup-like-${look}.png`) });
    await where.getByRole('button', { name: 'Cancel' }).click();
    await suggested.waitFor({ state: 'detached' });
    await where.evaluate(() => window.__m365iHost.setProperty('allowEdits', false));
    // Joiners & leavers: the joiners of the last and next 30 days, read in full.
    await where.getByRole('tab', { name: /Joiners & leavers/ }).click();
    await where.getByTestId('lifecycle-count').filter({ hasText: /^\d+ joiners$/ }).waitFor({ timeout: 60_000 });
    found.push(...await axeViolations(where));
    blank.push(...await blankIcons(where));
    await shown.page.screenshot({ path: path.join(SCREENSHOTS, `ship-lifecycle-${look}.png`) });
    // Licences: the SKUs, their waste and the history's charts, kept in the demo's SharePoint list.
    await where.getByRole('tab', { name: /Licences/ }).click();
    await where.getByTestId('licences-waste').waitFor({ timeout: 60_000 });
    found.push(...await axeViolations(where));
    blank.push(...await blankIcons(where));
    await shown.page.screenshot({ path: path.join(SCREENSHOTS, `ship-licences-${look}.png`) });
    if (found.length) throw new Error(`${name}:\n${formatViolations(found)}`);
    expect(blank).toEqual([]);
  });
});

declare global {
  interface Window {
    __m365iHost: import('../../workbench/ship/boot').IHostPageApi;
    __teamsHost: import('../../workbench/ship/teamsHost').ITeamsHostApi;
  }
}
