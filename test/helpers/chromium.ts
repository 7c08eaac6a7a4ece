import * as path from 'path';

// The launcher lives in the workbench (its screenshots and ship view launch Chromium too); tests import it from here.
export { chromiumPath, launchChromium } from '../../workbench/chromium';

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
