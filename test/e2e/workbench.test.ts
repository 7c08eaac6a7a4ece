import * as fs from 'fs';
import * as path from 'path';
import type { Browser, Page } from 'playwright-core';
import { startWorkbench } from '../../workbench/server';
import type { IWorkbench } from '../../workbench/server';
import { chromiumPath, launchChromium, noChromiumMessage, SCREENSHOTS } from '../helpers/chromium';

jest.setTimeout(120_000);
const exe = chromiumPath();
if (!exe) {
  console.warn(`\n\n*** ${noChromiumMessage()} ***\n\n`);
}
// Without Chromium: fail in CI, skip (loudly, above) elsewhere.
const suite = exe || process.env.CI ? describe : describe.skip;

suite('workbench in real Chromium', () => {
  let wb: IWorkbench;
  let browser: Browser;
  beforeAll(async () => {
    if (!exe) throw new Error(noChromiumMessage());
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    wb = await startWorkbench({ demo: { users: 300, seed: 1 } });
    browser = await launchChromium(exe);
  });
  afterAll(async () => {
    await browser?.close();
    await wb?.close();
  });

  async function open(query: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', e => errors.push(e.message));
    await page.goto(`${wb.url}${query}`);
    await page.getByRole('grid', { name: 'Users' }).waitFor({ timeout: 30_000 });
    expect(errors).toEqual([]);
    return page;
  }

  const looks: [string, string][] = [
    ['sharepoint', '?host=sharepoint'],
    ['teams-default', '?host=teams&theme=default'],
    ['teams-dark', '?host=teams&theme=dark'],
    ['teams-contrast', '?host=teams&theme=contrast']
  ];

  it.each(looks)('shows demo-tenant users in the %s look', async (name, query) => {
    const page = await open(query);
    await page.getByTestId('user-count').filter({ hasText: /^300 of 300 users/ }).waitFor({ timeout: 30_000 });
    const rows = page.getByRole('row');
    expect(await rows.count()).toBeGreaterThan(5);
    // A real user from the demo tenant, by UPN.
    const upn = await page.locator('[data-automation-key="userPrincipalName"]').first().innerText();
    expect(upn).toMatch(/@/);
    const frame = await page.locator(`[data-host]`).first().getAttribute('data-host');
    expect(frame).toBe(name.startsWith('teams') ? 'teams' : 'sharepoint');
    await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
    await page.close();
  });

  it('follows the Teams theme: dark and contrast backgrounds differ from light', async () => {
    const bg = async (q: string): Promise<string> => {
      const page = await open(q);
      const color = await page.locator('[data-testid="webpart"]').evaluate(el => getComputedStyle(el).backgroundColor);
      await page.close();
      return color;
    };
    const [light, dark, contrast] = [await bg('?host=teams&theme=default'), await bg('?host=teams&theme=dark'), await bg('?host=teams&theme=contrast')];
    expect(new Set([light, dark, contrast]).size).toBe(3);
    expect(contrast).toBe('rgb(0, 0, 0)');
  });
});
