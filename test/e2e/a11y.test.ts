import type { Browser, Page } from 'playwright-core';
import { startWorkbench } from '../../workbench/server';
import type { IWorkbench } from '../../workbench/server';
import { chromiumPath, launchChromium, noChromiumMessage } from '../helpers/chromium';
import { axeViolations, formatViolations } from '../helpers/axe';

// axe-core's WCAG 2.1 A/AA rules over the product's own markup (test/helpers/axe.ts), in every view —
// Users, one user's impression, the Usage overview and the report explorer with a report open — in the
// SharePoint look and Teams' three themes. Any serious or critical violation fails, with its rule,
// elements and why. One browser and one workbench; one page per look walks the four views.
jest.setTimeout(180_000);
const exe = chromiumPath();
const suite = exe || process.env.CI ? describe : describe.skip;

/** Loading markers of the product: a sweep waits until none is left, so it checks what an admin reads. */
const BUSY = ['.ms-Spinner', '.ms-Shimmer-container', '[aria-busy="true"]', '[data-testid="report-loading"]', '[aria-label="Loading"]']
  .map(s => `.m365i-root ${s}`)
  .join(', ');

suite('accessibility (axe-core, WCAG 2.1 A and AA) in every view and look', () => {
  let wb: IWorkbench;
  let browser: Browser;
  beforeAll(async () => {
    if (!exe) throw new Error(noChromiumMessage());
    wb = await startWorkbench({ demo: { users: 300, seed: 1 } });
    browser = await launchChromium(exe);
  });
  afterAll(async () => {
    await browser?.close();
    await wb?.close();
  });

  const settled = (page: Page): Promise<unknown> => page.waitForFunction(sel => !document.querySelector(sel), BUSY, { timeout: 30_000 });

  const looks: [string, string][] = [
    ['SharePoint', '?host=sharepoint'],
    ['Teams default', '?host=teams&theme=default'],
    ['Teams dark', '?host=teams&theme=dark'],
    ['Teams contrast', '?host=teams&theme=contrast']
  ];

  it.each(looks)('%s: Users, an impression, the Usage overview and the report explorer have no serious or critical violation', async (look, query) => {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 } });
    const errors: string[] = [];
    page.on('pageerror', e => errors.push(e.message));
    const found: string[] = [];
    const sweep = async (view: string): Promise<void> => {
      await settled(page);
      const v = await axeViolations(page);
      if (v.length) found.push(formatViolations(v, `${look} › ${view}`));
    };

    await page.goto(`${wb.url}${query}`);
    await page.getByTestId('user-count').filter({ hasText: /^300 of 300 users/ }).waitFor({ timeout: 30_000 });
    await page.getByRole('grid', { name: 'Users' }).locator('.ms-Persona-initials').first().waitFor();
    await sweep('Users');

    // One user's impression, opened from the list as an admin does.
    await page.getByTitle(/^Open .*'s impression$/).first().click();
    await page.getByTestId('card-profile').waitFor({ timeout: 30_000 });
    await sweep('Impression');

    await page.getByRole('tab', { name: 'Usage' }).click();
    await page.getByRole('heading', { name: 'Active users by service' }).waitFor({ timeout: 30_000 });
    await page.locator('.recharts-surface').nth(5).waitFor({ timeout: 30_000 });
    await sweep('Usage overview');

    // The explorer with a detail report open: its table, search and top-N chart.
    await page.getByRole('tab', { name: /Report explorer/ }).click();
    await page.getByRole('combobox', { name: /^Report/ }).click();
    await page.getByRole('option', { name: 'Email activity user detail' }).click();
    await page.getByTestId('top-n').waitFor({ timeout: 30_000 });
    await page.getByTestId('row-count').waitFor();
    await sweep('Report explorer');

    expect(errors).toEqual([]);
    await page.close();
    if (found.length) throw new Error(found.join('\n\n'));
  });
});
