import * as fs from 'fs';
import * as path from 'path';
import type { Browser } from 'playwright-core';
import { startWorkbench } from '../../workbench/server';
import type { IWorkbench } from '../../workbench/server';
import { chromiumPath, launchChromium, noChromiumMessage, SCREENSHOTS } from '../helpers/chromium';
import { gatewayFor } from '../helpers/graph';
import { ReportStore } from '../../src/core/reports/store';
import { RELAY_LIBRARY_TITLE } from '../../src/core/reports/relay';
import { requireReport } from '../../src/core/reports/catalog';
import { SharePointLibrary } from '../../src/core/sharepoint/library';
import { bearerFetch } from '../../src/core/sharepoint/bearer';
import { WORKLOAD_SOURCES } from '../../src/core/impression/workloads';
import { ACTIVITY_REPORT } from '../../src/core/directory/activity';

jest.setTimeout(180_000);
const exe = chromiumPath();
const suite = exe || process.env.CI ? describe : describe.skip;

// Issue 20: an impression opened from the tenant's relay copies. The copies are published as the scheduled
// CLI publishes them (v1.0 CSV, one request per report) into the library of the site hosting the web part;
// the browser then asks Graph for one row of each report (may this person read it, and how fresh is Graph's)
// and shows the copy, saying where its rows came from.
suite('an impression from the report relay', () => {
  let wb: IWorkbench;
  let browser: Browser;
  const REPORTS = [...new Set([...WORKLOAD_SOURCES.map(s => s.fn), ACTIVITY_REPORT])];

  beforeAll(async () => {
    if (!exe) throw new Error(noChromiumMessage());
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    wb = await startWorkbench({ demo: { users: 3000, seed: 7 } });
    const demo = wb.demo;
    if (!demo) throw new Error('The workbench runs the demo tenant.');
    const files = new SharePointLibrary(bearerFetch(async () => demo.token), `${demo.url}/sites/impressions`, RELAY_LIBRARY_TITLE);
    const publisher = new ReportStore(gatewayFor(demo.url, demo.token), { format: 'csv', relay: { files, read: false, publishedBy: 'scheduled task' } });
    for (const fn of REPORTS) await publisher.get(requireReport(fn), { period: 'D30' });
    expect((await publisher.published()).filter(p => p.ok)).toHaveLength(REPORTS.length);
    browser = await launchChromium(exe);
  });
  afterAll(async () => {
    await browser?.close();
    await wb?.close();
  });

  it('shows every section from the copies after one Graph row per report, and says so', async () => {
    const demo = wb.demo!;
    const person = demo.info.people.unicode ?? demo.info.people.admin;
    demo.clearRequests();
    const context = await browser.newContext({ viewport: { width: 1366, height: 1000 } });
    try {
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', e => errors.push(e.message));
      await page.goto(`${wb.url}?host=sharepoint&cache=off&user=${encodeURIComponent(person?.userPrincipalName ?? '')}`);
      const exchange = page.getByTestId('card-exchange');
      await exchange.getByText(/relay copy published \d{4}-\d{2}-\d{2} by scheduled task/).waitFor({ timeout: 60_000 });
      for (const card of ['card-onedrive', 'card-sharepoint', 'card-teams']) {
        await page.getByTestId(card).getByText(/relay copy published/).waitFor({ timeout: 30_000 });
      }
      await page.screenshot({ path: path.join(SCREENSHOTS, 'relay-impression.png'), fullPage: true });
      const reportGets = demo.requests.filter(r => r.method === 'GET' && r.path.includes('/reports/get'));
      // One request per report, each for one row: the relay's check. No page of a report beyond it.
      for (const fn of REPORTS) expect(reportGets.filter(r => r.path.includes(`/reports/${fn}(`))).toHaveLength(1);
      // (Today's history snapshot reads the tenant-wide trend reports on its own: not the relay's.)
      const relayed = reportGets.filter(r => REPORTS.some(fn => r.path.includes(`/reports/${fn}(`)));
      expect(relayed.length).toBe(REPORTS.length);
      expect(relayed.every(r => r.path.includes('$top=1') || r.path.includes('%24top=1'))).toBe(true);
      expect(errors).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
