import { startWorkbench } from '../../workbench/server';
import { chromiumPath, launchChromium } from '../helpers/chromium';

/** The usage overview cold (empty cache) and warm (after a reload: IndexedDB), in Chromium. */
export async function usageOverviewBench(users: number, latencyMs: number): Promise<Array<Record<string, unknown>>> {
  const exe = chromiumPath();
  if (!exe) throw new Error('No Chromium (apt-get install chromium or CHROME_PATH).');
  const wb = await startWorkbench({ demo: { users, seed: 1, latencyMs }, minify: true });
  const browser = await launchChromium(exe);
  const demo = wb.demo;
  if (!demo) throw new Error('the bench needs the demo tenant');
  try {
    const page = await browser.newPage({ viewport: { width: 1366, height: 1000 } });
    const out: Array<Record<string, unknown>> = [];
    for (const run of ['cold', 'warm'] as const) {
      demo.clearRequests();
      const t0 = Date.now();
      if (run === 'cold') await page.goto(`${wb.url}?host=sharepoint&view=usage`);
      else await page.reload();
      await page.getByText(/Data as of \d{4}-\d{2}-\d{2}/).nth(5).waitFor({ timeout: 600_000 });
      const ms = Date.now() - t0;
      const reports = demo.requests.filter(r => r.path.includes('/reports/get'));
      const functions = new Set(reports.map(r => /reports\/(get\w+)/.exec(r.path)?.[1]));
      out.push({ bench: `usage-overview-${run}`, users, latencyMs, ms, reportRequests: reports.length, reportFunctions: functions.size });
    }
    return out;
  } finally {
    await browser.close();
    await wb.close();
  }
}
