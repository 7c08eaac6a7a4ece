import * as fs from 'fs';
import * as path from 'path';

// recharts (~360 KB) must stay out of the web part's first bundle: only src/ui/usage/charts/ may import
// it, and that folder may be reached only through the dynamic import in lazyChart.ts.
const SRC = path.resolve(__dirname, '..', '..', '..', 'src');
const CHARTS = path.join(SRC, 'ui', 'usage', 'charts');

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

/** Static (value) imports of a file, with `import type` left out: types vanish from the bundle. */
function staticImports(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  return [...src.matchAll(/^\s*(?:import|export)\s+(?!type\b)[^'";]*?from\s*['"]([^'"]+)['"]/gm)].map(m => m[1] as string);
}

function dynamicImports(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  return [...src.matchAll(/import\(\s*(\/\*[^*]*\*\/\s*)?['"]([^'"]+)['"]\s*\)/g)].map(m => `${m[1] ?? ''}${m[2]}`);
}

describe('the usage-charts chunk', () => {
  it('the scanner sees imports (it would catch a violation)', () => {
    expect(staticImports(path.join(CHARTS, 'TrendChart.tsx'))).toContain('recharts');
  });

  it('recharts is imported only inside src/ui/usage/charts', () => {
    const outside = files(SRC).filter(f => !f.startsWith(CHARTS + path.sep) && staticImports(f).concat(dynamicImports(f)).some(s => s.includes('recharts')));
    expect(outside).toEqual([]);
  });

  it('nothing outside the charts folder imports it statically; lazyChart loads it as its own named chunk', () => {
    const statics = files(SRC)
      .filter(f => !f.startsWith(CHARTS + path.sep))
      .filter(f => staticImports(f).some(s => s.startsWith('.') && path.resolve(path.dirname(f), s).startsWith(CHARTS)));
    expect(statics).toEqual([]);
    expect(dynamicImports(path.join(SRC, 'ui', 'usage', 'lazyChart.ts'))).toEqual(["/* webpackChunkName: 'usage-charts' */ ./charts/UsageChart"]);
  });
});
