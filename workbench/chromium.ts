/**
 * Finding and launching Chromium, for the workbench's screenshots and ship view and for the e2e, ship and
 * bench tests (test/helpers/chromium.ts re-exports these): the workbench never imports test code.
 */
import * as fs from 'fs';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

/** Debian's Chromium (or CHROME_PATH); undefined when this machine has none. */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROME_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => !!p);
  return candidates.find(p => fs.existsSync(p));
}

/** Launch Chromium (headless unless asked) with the flags that keep it off the (closed) network. */
export function launchChromium(executablePath: string, headless = true): Promise<Browser> {
  return chromium.launch({
    executablePath,
    headless,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage']
  });
}
