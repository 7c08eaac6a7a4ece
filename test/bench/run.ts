// `npm run bench`: prints figures as JSON lines. Goals live here, never in timed tests.
// Usage: npm run bench [-- --only bundle,export] [--quick]
import { bundleFigures } from './bundle.bench';
import { searchBench } from './search.bench';
import { impressionBench } from './impression.bench';
import { usersExportChromiumBench, usersLoadBench } from './users.bench';
import { runExportBench } from './export.bench';
import { largeReportBench, usageOverviewBench } from './usage.bench';

type Bench = (quick: boolean) => Promise<void>;

const print = (o: object): void => console.log(JSON.stringify(o));

const BENCHES: Record<string, Bench> = {
  bundle: async () => {
    const figures = bundleFigures();
    for (const f of figures) print(f);
    const initial = figures.filter(f => f.kind === 'initial').reduce((s, f) => s + f.gzipBytes, 0);
    print({ bench: 'bundle-budget', initialGzipBytes: initial, budgetGzipBytes: 200 * 1024, withinBudget: initial <= 200 * 1024 });
  },
  // Goal: first rows within one page's round trip + 300 ms; overhead <= 10%; no main-thread task > 200 ms.
  'users-load': async quick => print(await usersLoadBench(quick ? 10_000 : 50_000, 100)),
  // Goal: < 50 ms per keystroke over 100,000 users.
  search: async quick => { for (const line of searchBench(quick ? 20_000 : 100_000)) print(line); },
  // Goal: <= 0.5 s per 10,000 rows, side by side with SheetJS's default path.
  export: async quick => { for (const line of await runExportBench(quick ? 20_000 : 100_000)) print(line); },
  'export-chromium': async quick => print(await usersExportChromiumBench(quick ? 20_000 : 100_000)),
  // Goal: < 300 MB heap after loading 100,000 users.
  heap: async quick => print({ ...(await usersLoadBench(quick ? 20_000 : 100_000, 0, true)), bench: 'users-heap-chromium' }),
  // Goal: directory in one $batch round trip; the second impression makes zero report requests.
  // Goal: warm (after reload) = zero report requests; cold = one read per tile's report, in parallel.
  usage: async quick => {
    for (const line of await usageOverviewBench(quick ? 5_000 : 50_000, 100)) print(line);
    for (const line of await largeReportBench(quick ? 25_000 : 50_000, 10_000)) print(line);
  },
  impression: async quick => { for (const line of await impressionBench(quick ? 5_000 : 50_000, 100)) print(line); }
};

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const onlyArg = argv[argv.indexOf('--only') + 1];
  const only = argv.includes('--only') && onlyArg ? onlyArg.split(',') : Object.keys(BENCHES);
  const quick = argv.includes('--quick');
  for (const name of only) {
    const bench = BENCHES[name];
    if (!bench) throw new Error(`No bench "${name}". Known: ${Object.keys(BENCHES).join(', ')}`);
    await bench(quick);
  }
}

main().catch(e => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
