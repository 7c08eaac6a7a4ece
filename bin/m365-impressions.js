#!/usr/bin/env node
// Launcher of the m365-impressions CLI from a clone (`npx m365-impressions ...` after `npm ci`):
// runs src/cli/bin.ts under tsx (a devDependency) in a child Node with tsx's loader, so TypeScript,
// JSON imports and dynamic imports all work. Exit code, signals and stdio (TTY included) pass through.
'use strict';
const { spawn } = require('child_process');
const path = require('path');
const { pathToFileURL } = require('url');

let loader;
try {
  loader = pathToFileURL(require.resolve('tsx')).href;
} catch {
  process.stderr.write('m365-impressions: tsx is not installed; run `npm ci` in the clone first.\n');
  process.exit(1);
}
const entry = path.join(__dirname, '..', 'src', 'cli', 'bin.ts');
const child = spawn(process.execPath, ['--import', loader, entry, ...process.argv.slice(2)], { stdio: 'inherit' });
const forward = signal => () => child.kill(signal);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, forward(signal));
child.on('error', err => {
  process.stderr.write(`m365-impressions: cannot start Node (${err.message}).\n`);
  process.exit(1);
});
child.on('exit', (code, signal) => {
  if (signal) {
    // Die of the same signal, so callers see what happened (our forwarding handlers must not catch it).
    process.removeAllListeners(signal);
    process.kill(process.pid, signal);
  }
  else process.exit(code === null ? 1 : code);
});
