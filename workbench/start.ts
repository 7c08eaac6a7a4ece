import * as path from 'path';
import { startWorkbench } from './server';
import { viewShip } from './ship/view';

const USAGE = `Usage: npm start -- [--port 4321] [--users 500] [--seed 1] [--latency-ms 0] [--concealed] [--throttle]
                   [--no-p1] [--no-report-role] [--graph-url <url>]
       npm start -- --ship [--users 500] [--seed 1] [--headless]
  Without --graph-url the workbench starts the demo tenant (a Microsoft Graph simulator).
  With --graph-url it talks to that endpoint with the token in GRAPH_TOKEN, or asks for one in the page.
  With --ship it runs the built .sppkg (npm run build) in SPFx's own runtime on the demo tenant, in a
  Chromium window with the SharePoint page and the Teams tab; without a display (or with --headless)
  it writes screenshots of the SharePoint look and Teams' three themes to test-results/screenshots.`;

/** Parse `--flag value` / `--switch` arguments. */
function parse(argv: string[]): Map<string, string | true> {
  const out = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (!a.startsWith('--')) throw new Error(`Unexpected argument "${a}".`);
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('--')) { out.set(a.slice(2), next); i++; } else out.set(a.slice(2), true);
  }
  return out;
}

async function main(): Promise<void> {
  let args: Map<string, string | true>;
  try {
    args = parse(process.argv.slice(2));
  } catch (e) {
    console.error(`${(e as Error).message}\n${USAGE}`);
    process.exit(2);
  }
  if (args.has('help')) { console.log(USAGE); return; }
  const num = (k: string, d: number): number => { const v = args.get(k); return typeof v === 'string' ? Number(v) : d; };
  if (args.has('ship')) {
    const headless = args.has('headless') || !(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
    await viewShip({ users: num('users', 500), seed: num('seed', 1), headless, out: path.resolve('test-results', 'screenshots') });
    return;
  }
  const graphUrl = args.get('graph-url');
  const wb = await startWorkbench({
    port: num('port', 4321),
    graphUrl: typeof graphUrl === 'string' ? graphUrl : undefined,
    token: typeof graphUrl === 'string' ? process.env.GRAPH_TOKEN : undefined,
    demo: {
      users: num('users', 500),
      seed: num('seed', 1),
      latencyMs: num('latency-ms', 0),
      concealed: args.has('concealed'),
      throttle: args.has('throttle'),
      noP1: args.has('no-p1'),
      noReportRole: args.has('no-report-role')
    }
  });
  console.log(`M365 Impressions workbench: ${wb.url}`);
  console.log(`  SharePoint look:  ${wb.url}?host=sharepoint`);
  console.log(`  Teams light/dark/high contrast: ${wb.url}?host=teams&theme=default | dark | contrast`);
  console.log(wb.demo ? `  Demo tenant (Graph simulator): ${wb.graphUrl}` : `  Microsoft Graph: ${wb.graphUrl} (token: ${process.env.GRAPH_TOKEN ? 'GRAPH_TOKEN' : 'paste it in the page'})`);
  const reader = wb.demo?.info.people.inactive90?.userPrincipalName;
  if (reader) console.log(`  Signed in as a user without a report role: ${wb.url}?view=usage&as=${encodeURIComponent(reader)}`);
  console.log('Press Ctrl+C to stop.');
  const stop = (): void => { void wb.close().then(() => process.exit(0)); };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch(e => {
  console.error(`The workbench could not start: ${(e as Error).message}`);
  process.exit(1);
});
