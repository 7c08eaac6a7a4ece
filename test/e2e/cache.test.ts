import * as fs from 'fs';
import * as path from 'path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { startWorkbench } from '../../workbench/server';
import type { IWorkbench } from '../../workbench/server';
import { chromiumPath, launchChromium, noChromiumMessage, SCREENSHOTS } from '../helpers/chromium';

jest.setTimeout(180_000);
const exe = chromiumPath();
const suite = exe || process.env.CI ? describe : describe.skip;

// Report rows kept in the browser belong to one person. Two people sign in, one after the other, in the
// same browser profile (one browser context: IndexedDB is shared), to the same tenant: the admin's kept
// reads are never served to the second, who has no report role and sees Graph's refusal explained.
suite('report reads kept in the browser are one person\'s', () => {
  let wb: IWorkbench;
  let browser: Browser;
  let context: BrowserContext;
  beforeAll(async () => {
    if (!exe) throw new Error(noChromiumMessage());
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    wb = await startWorkbench({ demo: { users: 120, seed: 6 } });
    browser = await launchChromium(exe);
    context = await browser.newContext({ viewport: { width: 1366, height: 1000 } });
  });
  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await wb?.close();
  });

  const demo = (): NonNullable<IWorkbench['demo']> => {
    if (!wb.demo) throw new Error('The workbench runs the demo tenant.');
    return wb.demo;
  };
  /** Report reads (GETs, not CORS preflights or report settings) the demo tenant answered since its log was last cleared. */
  const reportRequests = (): Array<{ path: string; status: number }> => demo().requests.filter(r => r.method === 'GET' && r.path.includes('/reports/get'));

  /** The keys of the browser's kept report reads (the app's own IndexedDB database). */
  async function keptKeys(page: Page): Promise<string[]> {
    return page.evaluate(
      () =>
        new Promise<string[]>((resolve, reject) => {
          const req = indexedDB.open('m365-impressions');
          req.onerror = () => reject(req.error);
          req.onsuccess = () => {
            const db = req.result;
            if (!db.objectStoreNames.contains('reports')) { db.close(); resolve([]); return; }
            const all = db.transaction('reports', 'readonly').objectStore('reports').getAllKeys();
            all.onsuccess = () => { db.close(); resolve((all.result as IDBValidKey[]).map(String)); };
            all.onerror = () => reject(all.error);
          };
        })
    );
  }

  async function openUsage(query = ''): Promise<Page> {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', e => errors.push(e.message));
    (page as unknown as { errors: string[] }).errors = errors;
    await page.goto(`${wb.url}?host=sharepoint&view=usage${query}`);
    await page.getByText('Active users by service').waitFor({ timeout: 30_000 });
    return page;
  }
  /** Ask until `test` holds of the answer (or fail with the last answer after `timeout` ms). */
  async function until<T>(ask: () => Promise<T>, test: (v: T) => boolean, timeout = 10_000): Promise<T> {
    const end = Date.now() + timeout;
    for (;;) {
      const v = await ask();
      if (test(v) || Date.now() > end) return v;
      await new Promise(r => setTimeout(r, 100));
    }
  }
  const errorsOf = (page: Page): string[] => (page as unknown as { errors: string[] }).errors;
  const tilesDrawn = async (page: Page): Promise<void> => {
    await page.locator('.recharts-surface').nth(5).waitFor({ timeout: 30_000 });
    await page.getByText(/Data as of \d{4}-\d{2}-\d{2}/).nth(5).waitFor({ timeout: 30_000 });
  };

  it('reads as the admin, then as a user without a report role in the same profile, who sees the 403 explained, not rows', async () => {
    const admin = demo().info.people.admin;
    const reader = demo().info.people.inactive90;
    if (!admin || !reader) throw new Error('The demo tenant names its admin and a user without a role.');

    // 1. The admin reads the overview; the rows are kept in IndexedDB under the tenant and the admin.
    demo().clearRequests();
    const first = await openUsage();
    await tilesDrawn(first);
    expect(reportRequests().length).toBeGreaterThanOrEqual(7);
    expect(reportRequests().every(r => r.status === 200)).toBe(true);
    let kept = await until(() => keptKeys(first), k => k.length >= 7);
    expect(kept.length).toBeGreaterThanOrEqual(7);
    const adminPart = `|${admin.id}|`;
    expect(kept.every(k => k.includes(adminPart))).toBe(true);
    const tenantPart = kept[0]!.slice(0, kept[0]!.indexOf(adminPart));
    expect(tenantPart).toMatch(/^demo-6-120-/);
    expect(kept.every(k => k.startsWith(`${tenantPart}${adminPart}`))).toBe(true);
    // The admin's daily snapshot (tenant-wide figures the second person must not see either) is taken in full: its
    // own report reads answered, then written to the tenant's history list. Step 3 then has nothing left to read.
    const snapshotTaken = (): boolean => {
      const log = demo().requests;
      const reads = ['D7', 'D30'].map(p => log.findIndex(r => r.path.includes(`getOffice365ServicesUserCounts(period='${p}')`)));
      if (reads.some(i => i < 0)) return false;
      return log.slice(Math.max(...reads) + 1).some(r => r.method === 'POST' && /\/_api\/web\/lists.*\/items/.test(r.path));
    };
    expect(await until(async () => snapshotTaken(), t => t, 30_000)).toBe(true);
    await first.getByTestId('history-charts').waitFor({ timeout: 30_000 });
    // The snapshot's reads are kept too, as the admin's.
    kept = await until(() => keptKeys(first), k => k.length >= 13);
    expect(kept.every(k => k.startsWith(`${tenantPart}${adminPart}`))).toBe(true);
    expect(errorsOf(first)).toEqual([]);
    await first.close();

    // 2. Another person signs in to the same browser profile and tenant: Graph is asked (and refuses),
    //    and the admin's kept rows are not shown.
    demo().clearRequests();
    // The page shows Graph's refusals (not the visitors' dashboard), as the property pane's 'nothing' chooses.
    const second = await openUsage(`&as=${encodeURIComponent(reader.userPrincipalName)}&visitors=none`);
    const refusals = second.getByTestId('report-error').filter({ hasText: 'Admin role missing' });
    await refusals.nth(5).waitFor({ timeout: 30_000 });
    expect(await refusals.count()).toBeGreaterThanOrEqual(6);
    expect(await second.getByTestId('report-error').first().innerText()).toMatch(/Reports Reader/);
    expect(await second.locator('.recharts-surface').count()).toBe(0);
    expect(await second.getByTestId('history-charts').count()).toBe(0);
    expect(await second.getByText(/Data as of \d{4}-\d{2}-\d{2}/).count()).toBe(0);
    expect(reportRequests().length).toBeGreaterThan(0);
    expect(reportRequests().every(r => r.status === 403)).toBe(true);
    // Same tenant key, another person: nothing was kept for them, and the admin's reads are still there.
    expect((await keptKeys(second)).sort()).toEqual([...kept].sort());
    await second.screenshot({ path: path.join(SCREENSHOTS, 'usage-no-report-role.png'), fullPage: true });
    expect(errorsOf(second)).toEqual([]);
    await second.close();

    // 3. The admin again: answered from the browser, no report request (the cache is meaningful).
    demo().clearRequests();
    const third = await openUsage();
    await tilesDrawn(third);
    expect(reportRequests()).toEqual([]);

    // 4. "Clear cached data" deletes the admin's kept reads and says so; the next read asks Graph.
    await third.getByRole('button', { name: 'Clear cached data' }).click();
    const result = third.getByTestId('clear-cache-result');
    await result.filter({ hasText: 'Cached data cleared' }).waitFor({ timeout: 10_000 });
    expect(await result.innerText()).toContain(`${kept.length} report reads kept in this browser for you deleted`);
    expect(await keptKeys(third)).toEqual([]);
    await third.screenshot({ path: path.join(SCREENSHOTS, 'usage-cache-cleared.png') });
    await third.reload();
    await tilesDrawn(third);
    expect(reportRequests().length).toBeGreaterThanOrEqual(7);
    expect(errorsOf(third)).toEqual([]);
    await third.close();
  });
});
