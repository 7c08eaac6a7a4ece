import * as fs from 'fs';
import * as path from 'path';
import { builtinModules } from 'module';

// The house's arrows point one way: webparts/cli/workbench -> ui -> core. These tests fail when an
// import breaks that, so a React, SPFx or Node dependency never creeps into core. Inside the house, core's
// folders are layers, each reached from outside through its entry (index.ts), and each ui view leans only
// on ui/common.
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
  const dir = path.join(ROOT, folder);
  const target = path.resolve(path.dirname(file), spec);
  return spec.startsWith('.') && (target === dir || target.startsWith(dir + path.sep));
}

/** core's folders, lowest first: a folder may import only the folders before it. */
const LAYERS = ['graph', 'reports', 'sharepoint', 'export', 'security', 'directory', 'devices', 'impression', 'lifecycle', 'plans', 'licences', 'history'];

/**
 * The modules outside code imports by their own path instead of their folder's entry, each because the
 * entry would load it where it is not loaded today.
 */
const OWN_PATHS: Record<string, string> = {
  'graph/tokenClient': 'loads @microsoft/microsoft-graph-client: the CLI loads it only to connect, the web part never',
  'export/workbook': 'the workbook builder, loaded on demand (its own chunk); in the export entry it would join the web part\'s first bundle',
  'export/xlsxStream': 'the workbook writer, loaded on demand (its own chunk, and the export worker\'s script); in the export entry it would join the web part\'s first bundle'
};

/** The core folder and module (path inside the folder, '' for the folder itself) an import names; undefined outside core. */
function coreTarget(spec: string, file: string): { folder: string; module: string } | undefined {
  if (!resolvesInto(spec, file, 'src/core')) return undefined;
  const [folder = '', ...rest] = path.relative(path.join(ROOT, 'src/core'), path.resolve(path.dirname(file), spec)).split(path.sep);
  return { folder, module: rest.join('/') };
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

  it('core folders import only the layers below them: graph -> reports -> sharepoint -> export -> security -> directory -> devices -> impression -> lifecycle -> plans -> licences -> history', () => {
    const found = violations('src/core', (spec, file) => {
      const [own = ''] = path.relative(path.join(ROOT, 'src/core'), file).split(path.sep);
      if (!LAYERS.includes(own)) return `core/${own} is not in the layer order (LAYERS)`;
      const target = coreTarget(spec, file);
      if (!target || target.folder === own) return undefined;
      if (!LAYERS.includes(target.folder)) return `core/${target.folder} is not in the layer order (LAYERS)`;
      return LAYERS.indexOf(target.folder) > LAYERS.indexOf(own) ? `core/${own} sits below core/${target.folder}` : undefined;
    });
    expect(found).toEqual([]);
  });

  it('ui, cli, the web part and the workbench reach core through its folders\' entries', () => {
    const found = ['src/ui', 'src/cli', 'src/webparts', 'workbench'].flatMap(dir =>
      violations(dir, (spec, file) => {
        const target = coreTarget(spec, file);
        if (!target || target.module === '' || target.module === 'index') return undefined;
        if (OWN_PATHS[`${target.folder}/${target.module}`]) return undefined;
        // The demo tenant serves core's catalogs (JSON data, not code).
        if (dir === 'workbench' && target.module.endsWith('.json')) return undefined;
        return `import core/${target.folder} (its index.ts), not a module inside it`;
      })
    );
    expect(found).toEqual([]);
  });

  it('a ui view imports from the rest of ui only ui/common', () => {
    const ui = path.join(ROOT, 'src/ui');
    const views = fs.readdirSync(ui, { withFileTypes: true }).filter(e => e.isDirectory() && e.name !== 'common').map(e => e.name);
    expect(views).toEqual(expect.arrayContaining(['users', 'impression', 'usage']));
    const found = views.flatMap(view =>
      violations(`src/ui/${view}`, (spec, file) => {
        if (!resolvesInto(spec, file, 'src/ui')) return undefined;
        const [folder] = path.relative(ui, path.resolve(path.dirname(file), spec)).split(path.sep);
        return folder === view || folder === 'common' ? undefined : `ui/${view} may use only ui/common from the rest of ui`;
      })
    );
    expect(found).toEqual([]);
  });

  it('the web part and the workbench reach ui through ui/ImpressionsApp and ui/common, not a view\'s insides', () => {
    const found = ['src/webparts', 'workbench'].flatMap(dir =>
      violations(dir, (spec, file) => {
        if (!resolvesInto(spec, file, 'src/ui')) return undefined;
        const [first] = path.relative(path.join(ROOT, 'src/ui'), path.resolve(path.dirname(file), spec)).split(path.sep);
        return first === 'ImpressionsApp' || first === 'common' ? undefined : 'a host takes the app and ui/common, never a view\'s modules';
      })
    );
    expect(found).toEqual([]);
  });

  it('the workbench imports nothing from test/ (what both need lives in the workbench)', () => {
    const found = violations('workbench', (spec, file) => (resolvesInto(spec, file, 'test') ? 'the workbench must not depend on tests' : undefined));
    expect(found).toEqual([]);
  });

  it('no dangerouslySetInnerHTML anywhere in src', () => {
    const found = files(path.join(ROOT, 'src')).filter(f => fs.readFileSync(f, 'utf8').includes('dangerouslySetInnerHTML'));
    expect(found).toEqual([]);
  });
});
