// `npm test`: type-check, then every jest project (unit, component, integration, e2e) in one run,
// then one plain summary line "N passed, N failed" (also written to .build/test-summary.txt for CI).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';

const args = process.argv.slice(2);
mkdirSync('.build', { recursive: true });
const bin = (name) => `node_modules/.bin/${name}`;

// The export worker's script is generated, as the build and the workbench do.
spawnSync(process.execPath, ['scripts/build-worker.mjs'], { stdio: 'inherit' });

let typecheckFailed = 0;
if (!args.includes('--no-typecheck')) {
  console.log('> tsc -p tsconfig.node.json --noEmit');
  const tsc = spawnSync(bin('tsc'), ['-p', 'tsconfig.node.json', '--noEmit'], { stdio: 'inherit' });
  if (tsc.status !== 0) typecheckFailed = 1;
}

const out = '.build/jest-results.json';
const jest = spawnSync(bin('jest'), ['--json', `--outputFile=${out}`, ...args.filter((a) => a !== '--no-typecheck')], { stdio: 'inherit' });

let passed = 0;
let failed = typecheckFailed;
let skipped = 0;
if (existsSync(out)) {
  const r = JSON.parse(readFileSync(out, 'utf8'));
  passed = r.numPassedTests;
  failed += r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0);
  skipped = r.numPendingTests + (r.numTodoTests ?? 0);
} else {
  failed += 1;
}
if (typecheckFailed) console.log('Type check failed (counted as one failure).');
const line = `${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`;
writeFileSync('.build/test-summary.txt', line + '\n');
console.log(line);
process.exit(failed > 0 || jest.status !== 0 ? 1 : 0);
