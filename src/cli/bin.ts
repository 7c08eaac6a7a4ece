/** Process entry of the CLI (bin/m365-impressions.js starts this file under tsx). */
import { run } from './main';

void run({
  argv: process.argv.slice(2),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  stdinIsTTY: process.stdin.isTTY === true,
  cwd: process.cwd()
}).then(code => {
  // Exit once stdout has drained (a piped --json line must not be cut off); open keep-alive sockets must not hold the process.
  process.exitCode = code;
  process.stdout.write('', () => process.exit(code));
});
