import * as fs from 'fs';
import * as path from 'path';
import { builtinModules } from 'module';

// The house's arrows point one way: webparts/cli/workbench -> ui -> core. These tests fail when an
// import breaks that, so a React, SPFx or Node dependency never creeps into core.
const ROOT = path.resolve(__dirname, '..', '..');

function files(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(p));
    else if (/\.tsx?$/.test(e.name)) out.push(p);
  }
  return out;
}

function imports(file: string): string[] {
  const src = fs.readFileSync(file, 'utf8');
  const specs: string[] = [];
  const re = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*(?:\/\*[^*]*\*\/\s*)?['"]([^'"]+)['"]\s*\)|require\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g;
  for (const m of src.matchAll(re)) specs.push((m[1] ?? m[2] ?? m[3] ?? m[4]) as string);
  return specs;
}

const NODE = new Set(builtinModules.flatMap(m => [m, `node:${m}`]));

function violations(dir: string, banned: (spec: string, file: string) => string | undefined): string[] {
  const out: string[] = [];
  for (const f of files(path.join(ROOT, dir))) {
    for (const spec of imports(f)) {
      const why = banned(spec, f);
      if (why) out.push(`${path.relative(ROOT, f)} imports "${spec}": ${why}`);
    }
  }
  return out;
}

function resolvesInto(spec: string, file: string, folder: string): boolean {
  return spec.startsWith('.') && path.resolve(path.dirname(file), spec).startsWith(path.join(ROOT, folder));
}

describe('architecture', () => {
  it('finds the imports it checks (the scanner itself works)', () => {
    expect(imports(path.join(ROOT, 'src/ui/ImpressionsApp.tsx'))).toEqual(expect.arrayContaining(['react', './users/UsersView']));
  });

  it('core imports no React, Fluent, SPFx, Node built-ins or outer layers', () => {
    const found = violations('src/core', (spec, file) => {
      if (/^react(-dom)?(\/|$)/.test(spec)) return 'React belongs to src/ui';
      if (spec.startsWith('@fluentui/')) return 'Fluent UI belongs to src/ui';
      if (spec.startsWith('@microsoft/sp-')) return 'SPFx belongs to src/webparts';
      if (NODE.has(spec) || NODE.has(spec.split('/')[0] ?? '')) return 'Node built-ins belong to src/cli or workbench';
      for (const outer of ['src/ui', 'src/webparts', 'src/cli', 'workbench', 'test']) {
        if (resolvesInto(spec, file, outer)) return `core must not depend on ${outer}`;
      }
      return undefined;
    });
    expect(found).toEqual([]);
  });

  it('core uses no Node globals', () => {
    const found: string[] = [];
    for (const f of files(path.join(ROOT, 'src/core'))) {
      const src = fs.readFileSync(f, 'utf8').replace(/\/\/.*$/gm, '').replace(/\/\*[\s\S]*?\*\//g, '');
      for (const g of [/\bprocess\./, /\bBuffer\b/, /\b__dirname\b/, /\b__filename\b/, /\brequire\(/, /\bsetImmediate\b/]) {
        if (g.test(src)) found.push(`${path.relative(ROOT, f)} uses ${g.source}`);
      }
    }
    expect(found).toEqual([]);
  });

  it('ui imports no SPFx, Node, hosts or demo data', () => {
    const found = violations('src/ui', (spec, file) => {
      if (spec.startsWith('@microsoft/sp-')) return 'SPFx belongs to src/webparts';
      if (NODE.has(spec)) return 'Node built-ins belong to src/cli or workbench';
      for (const outer of ['src/webparts', 'src/cli', 'workbench', 'test']) {
        if (resolvesInto(spec, file, outer)) return `ui must not depend on ${outer}`;
      }
      return undefined;
    });
    expect(found).toEqual([]);
  });

  it('no production code imports the workbench or tests (demo data stays out of production)', () => {
    const found = violations('src', (spec, file) =>
      resolvesInto(spec, file, 'workbench') || resolvesInto(spec, file, 'test') ? 'production code must not reach demo data' : undefined
    );
    expect(found).toEqual([]);
  });

  it('no dangerouslySetInnerHTML anywhere in src', () => {
    const found = files(path.join(ROOT, 'src')).filter(f => fs.readFileSync(f, 'utf8').includes('dangerouslySetInnerHTML'));
    expect(found).toEqual([]);
  });
});
