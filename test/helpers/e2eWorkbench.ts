import * as fs from 'fs';
import type { Browser } from 'playwright-core';
import { startWorkbench } from '../../workbench/server';
import type { IWorkbench, IWorkbenchOptions } from '../../workbench/server';
import { chromiumPath, launchChromium, noChromiumMessage, SCREENSHOTS } from './chromium';

/**
 * A workbench (on the demo tenant the options describe) and a Chromium for one e2e suite: started before its
 * tests, closed after them. Read `env.wb` and `env.browser` inside the tests.
 */
export function workbenchInChromium(options: IWorkbenchOptions): { readonly wb: IWorkbench; readonly browser: Browser } {
  const env = {} as { wb: IWorkbench; browser: Browser };
  beforeAll(async () => {
    const exe = chromiumPath();
    if (!exe) throw new Error(noChromiumMessage());
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    env.wb = await startWorkbench(options);
    env.browser = await launchChromium(exe);
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.wb?.close();
  });
  return env;
}
