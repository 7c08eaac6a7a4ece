import * as fs from 'fs';
import * as path from 'path';
import type { Page } from 'playwright-core';
import { startDemoTenant } from '../demo-tenant';
import { chromiumPath, launchChromium } from '../chromium';
import { DEFAULT_SPPKG, ShipHost } from './host';

/** Options of `npm start -- --ship`. */
export interface IShipViewOptions {
  users: number;
  seed: number;
  /** Write screenshots of every look and stop, instead of opening a window (the default without a display). */
  headless: boolean;
  out: string;
}

/**
 * The exact bundle SharePoint will run, on the demo tenant: the .sppkg in SPFx's own runtime on
 * SharePoint's and Teams' origins, routed inside Chromium (the same host the ship tests use). With a
 * display it opens a window with the SharePoint page and the Teams tab (its header switches the Teams
 * theme); without one it writes screenshots of the four looks.
 */
export async function viewShip(options: IShipViewOptions): Promise<void> {
  const exe = chromiumPath();
  if (!exe) throw new Error('No Chromium: apt-get install chromium, or set CHROME_PATH.');
  if (!fs.existsSync(DEFAULT_SPPKG)) throw new Error(`No package at ${path.relative(process.cwd(), DEFAULT_SPPKG)}: run \`npm run build\` first.`);
  const demo = await startDemoTenant({ users: options.users, seed: options.seed });
  const admin = demo.info.people.admin;
  const host = await ShipHost.create({
    graphUrl: demo.url, token: demo.token,
    identity: { tenantId: demo.info.tid, userId: admin?.id ?? '', upn: admin?.userPrincipalName ?? '' }
  });
  const browser = await launchChromium(exe, options.headless);
  const context = await browser.newContext({ viewport: options.headless ? { width: 1366, height: 900 } : null });
  await host.route(context);
  const stop = async (): Promise<void> => {
    await browser.close().catch(() => undefined);
    await demo.close();
  };
  console.log(`The shipped web part (${path.relative(process.cwd(), DEFAULT_SPPKG)}) on the demo tenant, in SPFx 1.23.2's own runtime.`);
  if (options.headless) {
    fs.mkdirSync(options.out, { recursive: true });
    try {
      const looks: [string, string][] = [
        ['sharepoint', host.pageUrl()],
        ['teams-default', host.teamsUrl({ theme: 'default' })],
        ['teams-dark', host.teamsUrl({ theme: 'dark' })],
        ['teams-contrast', host.teamsUrl({ theme: 'contrast' })]
      ];
      for (const [name, url] of looks) {
        const page = await context.newPage();
        await page.goto(url);
        await settle(page, demo.info.users);
        const file = path.join(options.out, `ship-view-${name}.png`);
        await page.screenshot({ path: file });
        console.log(`  ${file}`);
        await page.close();
      }
    } finally {
      await stop();
    }
    return;
  }
  const sharePoint = await context.newPage();
  await sharePoint.goto(host.pageUrl());
  const teams = await context.newPage();
  await teams.goto(host.teamsUrl({ theme: 'default' }));
  console.log('  A Chromium window shows the SharePoint page and the Teams tab (switch its theme in its header).');
  console.log('  Nothing leaves this machine: Graph is the demo tenant, every other request is blocked.');
  console.log('Close the window or press Ctrl+C to stop.');
  await new Promise<void>(resolve => {
    browser.on('disconnected', () => resolve());
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  await stop();
}

/** Wait until the web part shows every user (in the page or its Teams frame). */
async function settle(page: Page, users: number): Promise<void> {
  const frame = page.frame({ name: 'embedded-page-container' });
  const where = frame ?? page;
  if (!frame && page.url().startsWith('https://teams.microsoft.com')) {
    await page.waitForSelector('iframe[name="embedded-page-container"]');
    return settle(page, users);
  }
  await where.getByTestId('user-count').filter({ hasText: new RegExp(`^${users} of ${users} users`) }).waitFor({ timeout: 60_000 });
}
