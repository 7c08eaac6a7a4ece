/**
 * axe-core (the npm package) in a Playwright page or frame: WCAG 2.1 A and AA rules over the product's
 * own markup, serious and critical violations only. Used by the end-to-end tests of the workbench and
 * of the shipped bundle's host; keep the API small.
 *
 *   const found = await axeViolations(page);          // or a Frame, or another root selector
 *   if (found.length) throw new Error(formatViolations(found));
 */
import * as fs from 'fs';
import type { Frame, Page } from 'playwright-core';
import type { AxeResults, ImpactValue, RunOptions } from 'axe-core';

/** The rules run: WCAG 2.0 and 2.1, levels A and AA (no best practices, no AAA). */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Impacts that fail a test. */
export const FAILING_IMPACTS: readonly ImpactValue[] = ['serious', 'critical'];

/**
 * The product's own markup: the app's root (ImpressionsApp's ThemeProvider) and the Fluent layers it
 * opens at the end of <body> (panels, dialogs, menus, dropdown lists, callouts), which are the product's
 * too although they sit outside its root. What is left out is the host around it: SharePoint's or
 * Teams' page (in the workbench, their stand-ins in workbench/frames.tsx), which the product neither
 * ships nor styles.
 */
export const PRODUCT_ROOT = '.m365i-root, .ms-Layer';

/** One rule broken, with every element that breaks it. */
export interface AxeViolation {
  /** axe's rule id, e.g. `color-contrast`. */
  id: string;
  impact: ImpactValue;
  /** What the rule asks, in a line. */
  help: string;
  helpUrl: string;
  nodes: {
    /** CSS selectors to the element (one per frame or shadow root on the way). */
    target: string[];
    /** The element's opening markup, as axe quotes it. */
    html: string;
    /** Why it fails, e.g. the measured contrast and its colours. */
    failureSummary: string;
  }[];
}

let source: string | undefined;
const axeSource = (): string => (source ??= fs.readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8'));

/** Puts axe-core into the page or frame once (evaluated through the DevTools protocol; a script tag when that is refused). */
async function inject(target: Page | Frame): Promise<void> {
  const has = (): Promise<boolean> => target.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe === 'object');
  if (await has()) return;
  try {
    await target.evaluate(axeSource());
  } catch {
    // A page whose CSP forbids eval: as a script element (needs a context with bypassCSP where CSP forbids that too).
    await target.addScriptTag({ content: axeSource() });
  }
  if (!(await has())) throw new Error('axe-core could not be loaded into the page.');
}

/**
 * Holds animations and transitions still while axe runs: a constructed style sheet (not a <style>
 * element, which a page's CSP may refuse) that ends every CSS animation and transition at once, then
 * waits for the Web animations already running. Without it, axe measures colours mid-fade — Fluent's
 * list rows fade in as axe scrolls the virtualized grid, and a row at 80% opacity reads as low contrast.
 */
async function holdStill(target: Page | Frame, on: boolean): Promise<void> {
  await target.evaluate(async hold => {
    const w = window as unknown as { __axeHoldStill?: CSSStyleSheet };
    if (!hold) {
      document.adoptedStyleSheets = document.adoptedStyleSheets.filter(s => s !== w.__axeHoldStill);
      return;
    }
    const sheet = (w.__axeHoldStill ??= new CSSStyleSheet());
    sheet.replaceSync('*, *::before, *::after { animation-duration: 0s !important; animation-delay: 0s !important; transition-duration: 0s !important; transition-delay: 0s !important; }');
    if (!document.adoptedStyleSheets.includes(sheet)) document.adoptedStyleSheets = [...document.adoptedStyleSheets, sheet];
    const finite = document.getAnimations().filter(a => Number.isFinite(a.effect?.getComputedTiming().endTime ?? Infinity) && a.playState === 'running');
    await Promise.race([Promise.all(finite.map(a => a.finished.catch(() => undefined))), new Promise(r => setTimeout(r, 5_000))]);
  }, on);
}

/**
 * Runs axe-core's WCAG 2.1 A/AA rules over `include` (a CSS selector; by default the product's own
 * markup, PRODUCT_ROOT) in a page or one frame, and returns the serious and critical violations. Frames
 * inside it are not entered: pass the frame itself. Fails when `include` matches nothing, so a sweep of
 * a page that did not render cannot pass.
 */
export async function axeViolations(target: Page | Frame, include: string = PRODUCT_ROOT): Promise<AxeViolation[]> {
  const found = await target.evaluate(sel => document.querySelectorAll(sel).length, include);
  if (!found) throw new Error(`axeViolations: nothing in the page matches "${include}".`);
  await inject(target);
  const options: RunOptions = { runOnly: { type: 'tag', values: AXE_TAGS }, resultTypes: ['violations'], iframes: false };
  await holdStill(target, true);
  let results: AxeResults;
  try {
    results = await target.evaluate(
      ([sel, opts]) => (window as unknown as { axe: { run(ctx: unknown, o: unknown): Promise<AxeResults> } }).axe.run({ include: [sel] }, opts),
      [include, options] as const
    );
  } finally {
    await holdStill(target, false);
  }
  return results.violations
    .filter(v => v.impact && FAILING_IMPACTS.includes(v.impact))
    .map(v => ({
      id: v.id,
      impact: v.impact as ImpactValue,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map(n => ({ target: n.target.map(t => (Array.isArray(t) ? t.join(' >>> ') : String(t))), html: n.html, failureSummary: n.failureSummary ?? '' }))
    }));
}

/** Violations as a readable message: rule, impact and help, then each element's selector, markup and why. */
export function formatViolations(violations: readonly AxeViolation[], heading?: string): string {
  if (!violations.length) return '';
  const nodes = violations.reduce((n, v) => n + v.nodes.length, 0);
  const lines = [`${heading ? `${heading}: ` : ''}${violations.length} accessibility violation${violations.length === 1 ? '' : 's'} (${nodes} element${nodes === 1 ? '' : 's'})`];
  for (const v of violations) {
    lines.push(`- ${v.id} [${v.impact}] ${v.help} (${v.helpUrl})`);
    for (const n of v.nodes) {
      lines.push(`    ${n.target.join(' | ')}`, `      ${n.html.replace(/\s+/g, ' ').slice(0, 240)}`);
      for (const why of n.failureSummary.split('\n').map(s => s.trim()).filter(Boolean)) lines.push(`      ${why}`);
    }
  }
  return lines.join('\n');
}
