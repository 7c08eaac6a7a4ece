import * as fs from 'fs';
import * as path from 'path';
import * as XLSX from 'xlsx';
import type { Browser, Page } from 'playwright-core';
import { startWorkbench } from '../../workbench/server';
import type { IWorkbench } from '../../workbench/server';
import { chromiumPath, launchChromium, noChromiumMessage, SCREENSHOTS } from '../helpers/chromium';

jest.setTimeout(180_000);
const exe = chromiumPath();
const suite = exe || process.env.CI ? describe : describe.skip;

/** A downloaded workbook's sheets as rows of cells. */
function readBack(file: string): Record<string, unknown[][]> {
  const wb = XLSX.read(fs.readFileSync(file), { cellDates: true });
  return Object.fromEntries(wb.SheetNames.map(n => [n, XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[n]!, { header: 1, raw: true })]));
}

suite('offboarding a leaver in Chromium', () => {
  let wb: IWorkbench;
  let browser: Browser;
  beforeAll(async () => {
    if (!exe) throw new Error(noChromiumMessage());
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    wb = await startWorkbench({ demo: { users: 400, seed: 4 } });
    browser = await launchChromium(exe);
  });
  afterAll(async () => {
    await browser?.close();
    await wb?.close();
  });

  async function open(query: string): Promise<Page> {
    const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, acceptDownloads: true });
    page.on('pageerror', e => { throw e; });
    await page.goto(`${wb.url}${query}`);
    return page;
  }

  it('reviews the plan, finishes in the safe order, and exports the record that reads back whole', async () => {
    const leaver = wb.demo?.lifecycle.people().leftStillEnabled;
    if (!leaver) throw new Error('the demo tenant has no leaver left enabled');
    const page = await open(`?user=${encodeURIComponent(leaver.userPrincipalName)}&allowEdits=1`);
    await page.getByTestId('card-profile').waitFor({ timeout: 30_000 });
    await page.getByRole('menuitem', { name: 'Offboard…' }).click();
    const summary = page.getByTestId('plan-summary');
    await summary.waitFor({ timeout: 30_000 });
    // Destructive steps stay off (the second switch is off): they are shown, locked, with why.
    await page.getByText("Turn on 'Allow destructive steps' in the web part's settings.").first().waitFor();
    await page.screenshot({ path: path.join(SCREENSHOTS, 'flow-offboard-review.png'), fullPage: true });
    expect(wb.demo?.lifecycle.revoked().length).toBe(0);
    await page.getByRole('button', { name: /^Finish \(\d+\)$/ }).click();
    const outcome = page.getByTestId('plan-outcome');
    await outcome.waitFor({ timeout: 60_000 });
    expect(await outcome.textContent()).toMatch(/^\d+ steps done\.$/);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'flow-offboard-done.png'), fullPage: true });
    expect(wb.demo?.lifecycle.revoked().map(r => r.userId)).toEqual([leaver.id]);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export record' }).click()]);
    expect(download.suggestedFilename()).toMatch(/^offboarding-.+-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const file = path.join(SCREENSHOTS, '..', download.suggestedFilename());
    await download.saveAs(file);
    const sheets = readBack(file);
    expect(Object.keys(sheets)).toEqual(['Summary', 'Steps', 'Before', 'Checklist']);
    const steps = (sheets.Steps ?? []).slice(1);
    const byKind = (kind: string): unknown[][] => steps.filter(r => r[3] === kind);
    expect(byKind('Block sign-in').map(r => r[5])).toEqual(['Done']);
    expect(byKind('Revoke sessions').map(r => r[5])).toEqual(['Done']);
    // The state before is kept: the account was enabled when the plan was read.
    expect((sheets.Before ?? []).some(r => r[2] === 'Account' && r[3] === 'Sign-in' && r[4] === 'Enabled')).toBe(true);
    // What Graph cannot do from a browser is a checklist, never a step said to be done.
    expect((sheets.Checklist ?? []).slice(1).some(r => /shared mailbox/i.test(String(r[1])))).toBe(true);
    await page.close();
  });
});
