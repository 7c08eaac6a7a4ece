/**
 * Export in Chromium, library level (issue 18): the users workbook built by our core as the app's export worker
 * builds it, against SheetJS's default path, in one page of one browser in the same run.
 * Goals: ours >= 4.5 x faster; JS heap after 100,000 users < 300 MB.
 *
 * The page script (exportChromium.page.ts) is bundled in memory by esbuild with the export worker's options
 * (scripts/build-worker.mjs); SheetJS's own browser build (dist/xlsx.full.min.js) is added to the same page.
 * After an untimed warm-up of both on 2,000 rows, each round makes the rows in the page (untimed; SheetJS's objects too, as export.bench.ts gives them to
 * json_to_sheet), then times each build with the page's clock, the order swapped every round so a slow
 * minute of this shared machine falls on both. After each build: garbage collected, then the JS heap in use
 * (rows still held, the file dropped) and the longest main-thread task. Both files of the first round are read
 * back in Node and compared (the comparison is of equal work). One JSON line per round, then the medians.
 *
 *   npm run bench -- --only export-vs-sheetjs-chromium [--quick: 20,000 rows, 1 round; else 100,000 rows, 3 rounds]
 */
import * as path from 'path';
import { build } from 'esbuild';
import * as XLSX from 'xlsx';
import type { CDPSession } from 'playwright-core';
import { chromiumPath, launchChromium } from '../helpers/chromium';
import type { IExportBenchPage, IPageRun } from './exportChromium.page';

const ROOT = path.resolve(__dirname, '..', '..');
/** SheetJS's full browser build, the one its docs put in a script tag. */
const SHEETJS_DIST = path.join(ROOT, 'node_modules', 'xlsx', 'dist', 'xlsx.full.min.js');
const GOAL_RATIO = 4.5;
const GOAL_HEAP_MB = 300;
const WARM_UP_ROWS = 2_000;

type Variant = 'ours' | 'sheetjs';

/** One round's figures. */
export interface IExportChromiumRound {
  bench: 'export-vs-sheetjs-chromium';
  round: number;
  rows: number;
  first: Variant;
  oursMs: number;
  sheetjsMs: number;
  /** sheetjsMs / oursMs: > 1, ours is faster. */
  ratio: number;
  goalRatio: number;
  withinGoal: boolean;
  /** CPU time of the page's renderer process (all its threads: GC, deflate) during each build: steadier than wall time on a busy machine. */
  oursCpuMs: number;
  sheetjsCpuMs: number;
  cpuRatio: number;
  oursFileMB: number;
  sheetjsFileMB: number;
  /** JS heap in use (after a full GC) with only the rows made. */
  heapRowsMB: number;
  /** JS heap in use (after a full GC) after each build, the rows still held. */
  heapAfterOursMB: number;
  heapAfterSheetjsMB: number;
  longestTaskOursMs: number;
  longestTaskSheetjsMs: number;
}

/** The check that both files hold the same cells. */
export interface ISameCells {
  sameCells: boolean;
  ref: { ours: string; sheetjs: string };
  /** Cells other than empty text (SheetJS's default writes `''` for an empty list; ours leaves the cell out). */
  cells: { ours: number; sheetjs: number };
  /** Cells differing in the rows compared (the header and every 97th row: text, booleans, date serials within a second). */
  differingCells: number;
}

/** The medians line. */
export interface IExportChromiumMedian extends ISameCells {
  bench: 'export-vs-sheetjs-chromium-median';
  rows: number;
  rounds: number;
  browser: string;
  oursMs: number;
  sheetjsMs: number;
  /** Median of the rounds' ratios (each a pair timed side by side). */
  ratio: number;
  ratioOfMedians: number;
  goalRatio: number;
  withinGoal: boolean;
  oursCpuMs: number;
  sheetjsCpuMs: number;
  cpuRatio: number;
  heapRowsMB: number;
  heapAfterOursMB: number;
  heapAfterSheetjsMB: number;
  goalHeapMB: number;
  heapWithinGoal: boolean;
  longestTaskOursMs: number;
  longestTaskSheetjsMs: number;
  oursFileMB: number;
  sheetjsFileMB: number;
}

/** The page script, bundled as the export worker is (scripts/build-worker.mjs), in memory. */
async function bundlePage(): Promise<string> {
  const result = await build({
    entryPoints: [path.join(__dirname, 'exportChromium.page.ts')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2019',
    minify: true,
    write: false,
    legalComments: 'none',
    logLevel: 'warning',
    // export.bench.ts is also a Node script: with its CLI guard (`require.main === module`) folded to false, its
    // child-process runner, Node's deflate and main drop out of the bundle, leaving the row maker, the columns and toObjects.
    define: { 'require.main': 'null', module: 'undefined' },
    plugins: [{
      name: 'no-node-side',
      setup(b) {
        b.onResolve({ filter: /^(child_process|zlib)$/ }, a => ({ path: a.path, namespace: 'no-node-side', sideEffects: false }));
        b.onLoad({ filter: /.*/, namespace: 'no-node-side' }, a => ({ contents: a.path === 'zlib' ? 'export const createDeflateRaw = undefined;' : 'export const fork = undefined;', loader: 'js' }));
      }
    }]
  });
  const code = result.outputFiles[0]?.text;
  if (!code) throw new Error('esbuild produced no page script');
  if (/\bfork\b|process\.argv|createDeflateRaw/.test(code)) throw new Error('export.bench.ts\'s Node side was not left out of the page script');
  return code;
}

const mb = (bytes: number, digits = 1): number => Math.round((bytes / 1048576) * 10 ** digits) / 10 ** digits;
const round = (n: number, digits = 0): number => Math.round(n * 10 ** digits) / 10 ** digits;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

/** CPU seconds of the renderer process so far (DevTools' Performance metrics; 10 ms steps). */
async function rendererCpuSeconds(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const cpu = metrics.find(m => m.name === 'ProcessTime')?.value;
  if (cpu === undefined) throw new Error('This Chromium reports no ProcessTime metric');
  return cpu;
}

async function heapUsedMB(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await cdp.send('Runtime.getHeapUsage');
  return mb(heap.usedSize);
}

/** Read both files back (SheetJS in Node) and compare their cells. */
export function compareFiles(ours: Buffer, sheetjs: Buffer): ISameCells {
  const sheetOf = (file: Buffer): XLSX.WorkSheet => {
    const wb = XLSX.read(file, { dense: true });
    const ws = wb.Sheets[wb.SheetNames[0] ?? ''];
    if (!ws) throw new Error('A file without a sheet');
    return ws;
  };
  const a = sheetOf(ours);
  const b = sheetOf(sheetjs);
  const rowsOf = (ws: XLSX.WorkSheet): Array<Array<XLSX.CellObject | undefined> | undefined> => (ws['!data'] ?? []) as Array<Array<XLSX.CellObject | undefined> | undefined>;
  const filled = (cell: XLSX.CellObject | undefined): boolean => cell !== undefined && cell.v !== undefined && cell.v !== null && cell.v !== '';
  const count = (ws: XLSX.WorkSheet): number => rowsOf(ws).reduce((n, row) => n + (row ?? []).filter(filled).length, 0);
  const ra = rowsOf(a);
  const rb = rowsOf(b);
  let differing = 0;
  for (let r = 0; r < Math.max(ra.length, rb.length); r += r === 0 ? 1 : 97) {
    const x = ra[r] ?? [];
    const y = rb[r] ?? [];
    for (let c = 0; c < Math.max(x.length, y.length); c++) {
      const p = filled(x[c]) ? x[c]?.v : undefined;
      const q = filled(y[c]) ? y[c]?.v : undefined;
      const same = typeof p === 'number' && typeof q === 'number' ? Math.abs(p - q) < 1 / 86_400 : p === q;
      if (!same) differing++;
    }
  }
  const refA = a['!ref'] ?? '';
  const refB = b['!ref'] ?? '';
  const cells = { ours: count(a), sheetjs: count(b) };
  return { sameCells: refA === refB && cells.ours === cells.sheetjs && differing === 0, ref: { ours: refA, sheetjs: refB }, cells, differingCells: differing };
}

/** `rounds` rounds of `rows` users each: one figure per round, then the medians (with the files' check). */
export async function exportChromiumBench(rows: number, rounds: number): Promise<Array<IExportChromiumRound | IExportChromiumMedian>> {
  const exe = chromiumPath();
  if (!exe) throw new Error('No Chromium (apt-get install chromium or CHROME_PATH).');
  const script = await bundlePage();
  const browser = await launchChromium(exe);
  try {
    const page = await browser.newPage();
    await page.addScriptTag({ path: SHEETJS_DIST });
    await page.addScriptTag({ content: script });
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Performance.enable');
    type Bench = { __exportBench: IExportBenchPage };
    // Both paths once on a few rows first, untimed, so the first round is not also their JIT warm-up.
    await page.evaluate(async n => {
      const b = (window as unknown as Bench).__exportBench;
      b.makeRows(n);
      b.makeObjects();
      await b.ours(false);
      await b.sheetjs(false);
      b.dropObjects();
      b.dropRows();
    }, WARM_UP_ROWS);
    const figures: IExportChromiumRound[] = [];
    const kept: Partial<Record<Variant, Buffer>> = {};
    for (let round_ = 0; round_ < rounds; round_++) {
      const made = await page.evaluate(n => (window as unknown as Bench).__exportBench.makeRows(n), rows);
      if (made !== rows) throw new Error(`The page made ${made} rows, not ${rows}`);
      const heapRowsMB = await heapUsedMB(cdp);
      const order: Variant[] = round_ % 2 === 0 ? ['ours', 'sheetjs'] : ['sheetjs', 'ours'];
      const run: Partial<Record<Variant, IPageRun>> = {};
      const heap: Partial<Record<Variant, number>> = {};
      const longest: Partial<Record<Variant, number>> = {};
      const cpu: Partial<Record<Variant, number>> = {};
      for (const variant of order) {
        const keep = round_ === 0;
        if (variant === 'sheetjs') await page.evaluate(() => (window as unknown as Bench).__exportBench.makeObjects());
        await cdp.send('HeapProfiler.collectGarbage'); // each build starts from a collected heap
        const cpu0 = await rendererCpuSeconds(cdp);
        const r = variant === 'ours'
          ? await page.evaluate(k => (window as unknown as Bench).__exportBench.ours(k), keep)
          : await page.evaluate(k => (window as unknown as Bench).__exportBench.sheetjs(k), keep);
        cpu[variant] = ((await rendererCpuSeconds(cdp)) - cpu0) * 1000;
        run[variant] = r;
        if (keep) kept[variant] = Buffer.from(await page.evaluate(() => (window as unknown as Bench).__exportBench.takeKept()), 'base64');
        if (variant === 'sheetjs') await page.evaluate(() => (window as unknown as Bench).__exportBench.dropObjects());
        heap[variant] = await heapUsedMB(cdp);
        longest[variant] = await page.evaluate(([from, to]) => (window as unknown as Bench).__exportBench.longestTask(from, to), [r.startedAt, r.endedAt] as const);
      }
      await page.evaluate(() => (window as unknown as Bench).__exportBench.dropRows());
      const ours = run.ours as IPageRun;
      const sheetjs = run.sheetjs as IPageRun;
      const ratio = round(sheetjs.ms / ours.ms, 2);
      const figure: IExportChromiumRound = {
        bench: 'export-vs-sheetjs-chromium',
        round: round_ + 1,
        rows,
        first: order[0] as Variant,
        oursMs: round(ours.ms),
        sheetjsMs: round(sheetjs.ms),
        ratio,
        goalRatio: GOAL_RATIO,
        withinGoal: ratio >= GOAL_RATIO,
        oursCpuMs: round(cpu.ours ?? NaN),
        sheetjsCpuMs: round(cpu.sheetjs ?? NaN),
        cpuRatio: round((cpu.sheetjs ?? NaN) / (cpu.ours ?? NaN), 2),
        oursFileMB: mb(ours.bytes, 2),
        sheetjsFileMB: mb(sheetjs.bytes, 2),
        heapRowsMB,
        heapAfterOursMB: heap.ours ?? NaN,
        heapAfterSheetjsMB: heap.sheetjs ?? NaN,
        longestTaskOursMs: round(longest.ours ?? 0),
        longestTaskSheetjsMs: round(longest.sheetjs ?? 0)
      };
      figures.push(figure);
    }
    if (!kept.ours || !kept.sheetjs) throw new Error('The first round kept no files to compare');
    const check = compareFiles(kept.ours, kept.sheetjs);
    const m = (key: keyof IExportChromiumRound, digits = 0): number => round(median(figures.map(f => Number(f[key]))), digits);
    const ratio = m('ratio', 2);
    const heapAfterOursMB = m('heapAfterOursMB', 1);
    const medianLine: IExportChromiumMedian = {
      bench: 'export-vs-sheetjs-chromium-median',
      rows,
      rounds,
      browser: browser.version(),
      oursMs: m('oursMs'),
      sheetjsMs: m('sheetjsMs'),
      ratio,
      ratioOfMedians: round(m('sheetjsMs') / m('oursMs'), 2),
      goalRatio: GOAL_RATIO,
      withinGoal: ratio >= GOAL_RATIO,
      oursCpuMs: m('oursCpuMs'),
      sheetjsCpuMs: m('sheetjsCpuMs'),
      cpuRatio: m('cpuRatio', 2),
      heapRowsMB: m('heapRowsMB', 1),
      heapAfterOursMB,
      heapAfterSheetjsMB: m('heapAfterSheetjsMB', 1),
      goalHeapMB: GOAL_HEAP_MB,
      heapWithinGoal: heapAfterOursMB < GOAL_HEAP_MB,
      longestTaskOursMs: m('longestTaskOursMs'),
      longestTaskSheetjsMs: m('longestTaskSheetjsMs'),
      oursFileMB: m('oursFileMB', 2),
      sheetjsFileMB: m('sheetjsFileMB', 2),
      ...check
    };
    return [...figures, medianLine];
  } finally {
    await browser.close();
  }
}
