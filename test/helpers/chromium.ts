import * as fs from 'fs';
import * as path from 'path';
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

/** Where e2e screenshots go (git-ignored). */
export const SCREENSHOTS = path.resolve(__dirname, '..', '..', 'test-results', 'screenshots');

/**
 * Say loudly that there is no browser. In CI (CI=true) that is a failure; on a developer's
 * machine the e2e suite is skipped with this message.
 */
export function noChromiumMessage(): string {
  return 'NO CHROMIUM: the end-to-end tests need Debian\'s chromium (apt-get install chromium) or CHROME_PATH. ' +
    (process.env.CI ? 'CI=true, so this fails.' : 'Skipping the e2e suite on this machine.');
}
