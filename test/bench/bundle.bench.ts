import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { execSync } from 'child_process';

/** One figure per JS file of the ship build: the initial web part bundle and each on-demand chunk. */
export interface IBundleFigure {
  bench: 'bundle';
  file: string;
  kind: 'initial' | 'chunk';
  bytes: number;
  gzipBytes: number;
}

const ROOT = path.resolve(__dirname, '..', '..');

/** Measure dist/*.js of `gulp bundle --ship` (building it first when absent). */
export function bundleFigures(): IBundleFigure[] {
  const dist = path.join(ROOT, 'dist');
  // gulp bundle does not empty dist/, so one build's files are known only after a clean build
  // (`npm run build` cleans first). With none, or leftovers of several builds, build clean here.
  const entries = (): string[] => (fs.existsSync(dist) ? fs.readdirSync(dist).filter(f => f.startsWith('impressions-web-part') && f.endsWith('.js')) : []);
  if (entries().length !== 1) execSync('npx gulp clean && npx gulp bundle --ship', { cwd: ROOT, stdio: 'ignore' });
  const files = fs.readdirSync(dist).filter(f => f.endsWith('.js') && !/Strings_/.test(f));
  return files
    .map(f => {
      const buf = fs.readFileSync(path.join(dist, f));
      return {
        bench: 'bundle' as const,
        file: f,
        kind: f.startsWith('impressions-web-part') ? ('initial' as const) : ('chunk' as const),
        bytes: buf.length,
        gzipBytes: zlib.gzipSync(buf, { level: 9 }).length
      };
    })
    .sort((a, b) => (a.kind === b.kind ? b.bytes - a.bytes : a.kind === 'initial' ? -1 : 1));
}
