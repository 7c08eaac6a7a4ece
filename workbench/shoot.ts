// Screenshots of the workbench in every look, for a person to open and judge:
//   npx tsx workbench/shoot.ts [--users 300] [--out test-results/screenshots] [--query "&view=usage"] [--throttle]
// --throttle enforces Graph's report limits in the demo tenant (each look starts with a fresh window).
import * as fs from 'fs';
import * as path from 'path';
import { startWorkbench } from './server';
import { chromiumPath, launchChromium } from './chromium';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const arg = (k: string, d: string): string => { const i = argv.indexOf(`--${k}`); return i >= 0 ? argv[i + 1] ?? d : d; };
  const out = path.resolve(arg('out', 'test-results/screenshots'));
  const extra = arg('query', '');
  const exe = chromiumPath();
  if (!exe) throw new Error('No Chromium: apt-get install chromium, or set CHROME_PATH.');
  fs.mkdirSync(out, { recursive: true });
  const throttle = argv.includes('--throttle');
  const wb = await startWorkbench({ demo: { users: Number(arg('users', '300')), seed: 1, throttle } });
  const browser = await launchChromium(exe);
  try {
    for (const [name, q] of [['sharepoint', '?host=sharepoint'], ['teams-default', '?host=teams&theme=default'], ['teams-dark', '?host=teams&theme=dark'], ['teams-contrast', '?host=teams&theme=contrast']] as const) {
      if (throttle && wb.graphUrl) await fetch(`${wb.graphUrl}/_demo/options`, { method: 'PATCH', body: JSON.stringify({ resetThrottle: true }) });
      const page = await browser.newPage({ viewport: { width: Number(arg('width', '1366')), height: 900 } });
      page.on('pageerror', e => console.error(`[${name}] ${e.message}`));
      await page.goto(`${wb.url}${q}${extra}`);
      await page.waitForTimeout(Number(arg('wait', '2500')));
      const file = path.join(out, `${name}${arg('suffix', '')}.png`);
      await page.screenshot({ path: file, fullPage: argv.includes('--full') });
      console.log(file);
      await page.close();
    }
  } finally {
    await browser.close();
    await wb.close();
  }
}

main().catch(e => { console.error(e); process.exit(1); });
