// `npm run bench`: prints figures as JSON lines. Goals live here, never in timed tests.
// Usage: npm run bench [-- --only bundle,export] [--quick]
import { bundleFigures } from './bundle.bench';

type Bench = (quick: boolean) => Promise<void>;

const print = (o: object): void => console.log(JSON.stringify(o));

const BENCHES: Record<string, Bench> = {
  bundle: async () => {
    const figures = bundleFigures();
    for (const f of figures) print(f);
    const initial = figures.filter(f => f.kind === 'initial').reduce((s, f) => s + f.gzipBytes, 0);
    print({ bench: 'bundle-budget', initialGzipBytes: initial, budgetGzipBytes: 200 * 1024, withinBudget: initial <= 200 * 1024 });
  }
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
