import * as fs from 'fs';
import * as path from 'path';
import * as XLSX from 'xlsx';
import type { Page } from 'playwright-core';
import { chromiumPath, SCREENSHOTS } from '../helpers/chromium';
import { workbenchInChromium } from '../helpers/e2eWorkbench';

jest.setTimeout(180_000);
const exe = chromiumPath();
const suite = exe || process.env.CI ? describe : describe.skip;

suite('usage view in Chromium', () => {
  const env = workbenchInChromium({ demo: { users: 300, seed: 4 } });

  async function open(query: string): Promise<Page> {
    const page = await env.browser.newPage({ viewport: { width: 1366, height: 1000 }, acceptDownloads: true });
    const errors: string[] = [];
    page.on('pageerror', e => errors.push(e.message));
    await page.goto(`${env.wb.url}${query}`);
    (page as unknown as { errors: string[] }).errors = errors;
    return page;
  }

  it.each([['sharepoint', '?host=sharepoint&view=usage'], ['teams-dark', '?host=teams&theme=dark&view=usage']])('shows the overview tiles with charts in the %s look', async (name, query) => {
    const page = await open(query);
    await page.getByText('Active users by service').waitFor({ timeout: 30_000 });
    await page.locator('.recharts-surface').nth(5).waitFor({ timeout: 30_000 });
    expect(await page.locator('.recharts-surface').count()).toBeGreaterThanOrEqual(6);
    await page.getByText(/Data as of \d{4}-\d{2}-\d{2}/).nth(5).waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(SCREENSHOTS, `usage-${name}.png`), fullPage: true });
    expect((page as unknown as { errors: string[] }).errors).toEqual([]);
    await page.close();
  });

  it('switches a report and a period, exports it and reads the workbook back', async () => {
    const page = await open('?host=sharepoint&view=usage');
    await page.getByRole('tab', { name: /Report explorer/ }).click();
    await page.getByRole('combobox', { name: /^Report/ }).click();
    await page.getByRole('option', { name: 'Email activity user detail' }).click();
    await page.getByRole('combobox', { name: /^Period/ }).last().click();
    await page.getByRole('option', { name: /7 days/ }).click();
    await page.getByTestId('top-n').waitFor({ timeout: 30_000 });
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /Export report/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/getEmailActivityUserDetail.*D7.*\d{4}-\d{2}-\d{2}\.xlsx$/);
    const file = path.join(SCREENSHOTS, '..', download.suggestedFilename());
    await download.saveAs(file);
    const book = XLSX.read(fs.readFileSync(file));
    const rows = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets[book.SheetNames[0]!]!, { header: 1 });
    expect(rows[0]).toEqual(expect.arrayContaining(['User Principal Name', 'Send Count', 'Report Period']));
    expect(rows.length).toBeGreaterThan(10);
    const periodCol = (rows[0] as string[]).indexOf('Report Period');
    expect(rows.slice(1).every(r => r[periodCol] === 7)).toBe(true);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'usage-explorer.png'), fullPage: true });
    await page.close();
  });
});
