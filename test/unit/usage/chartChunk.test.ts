import * as fs from 'fs';
import * as path from 'path';

// recharts (~360 KB) must stay out of the web part's first bundle: only src/ui/usage/charts/ and the history's
// line chart may import it, each reached only through its own dynamic import (lazyChart.ts, lazyHistoryChart.ts).
const SRC = path.resolve(__dirname, '..', '..', '..', 'src');
const CHARTS = path.join(SRC, 'ui', 'usage', 'charts');
const HISTORY_CHART = path.join(SRC, 'ui', 'common', 'history', 'HistoryLineChart.tsx');
const chartFile = (f: string): boolean => f.startsWith(CHARTS + path.sep) || f === HISTORY_CHART;

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

  it('recharts is imported only inside src/ui/usage/charts and the history\'s line chart', () => {
    const outside = files(SRC).filter(f => !chartFile(f) && staticImports(f).concat(dynamicImports(f)).some(s => s.includes('recharts')));
    expect(outside).toEqual([]);
    expect(staticImports(HISTORY_CHART)).toContain('recharts');
  });

  it('the history\'s line chart is reached only through its own named chunk', () => {
    const statics = files(SRC).filter(f => staticImports(f).some(s => s.startsWith('.') && path.resolve(path.dirname(f), s) + '.tsx' === HISTORY_CHART));
    expect(statics).toEqual([]);
    expect(dynamicImports(path.join(SRC, 'ui', 'common', 'history', 'lazyHistoryChart.ts'))).toEqual(["/* webpackChunkName: 'history-charts' */ ./HistoryLineChart"]);
  });

  it('nothing outside the charts folder imports it statically; lazyChart loads it as its own named chunk', () => {
    const statics = files(SRC)
      .filter(f => !f.startsWith(CHARTS + path.sep))
      .filter(f => staticImports(f).some(s => s.startsWith('.') && path.resolve(path.dirname(f), s).startsWith(CHARTS)));
    expect(statics).toEqual([]);
    expect(dynamicImports(path.join(SRC, 'ui', 'usage', 'lazyChart.ts'))).toEqual(["/* webpackChunkName: 'usage-charts' */ ./charts/UsageChart"]);
  });
});
