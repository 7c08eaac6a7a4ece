import * as http from 'http';
import * as fs from 'fs';
import * as path from 'path';
import { build } from 'esbuild';
import { execFileSync } from 'child_process';
import type { AddressInfo } from 'net';
import { startDemoTenant } from './demo-tenant';
import type { IDemoTenant, IDemoTenantOptions } from './demo-tenant';

/** Options of the local workbench. */
export interface IWorkbenchOptions {
  port?: number;
  host?: string;
  /** A Graph-compatible endpoint; without it the demo tenant starts. */
  graphUrl?: string;
  /** The user's token for graphUrl (from GRAPH_TOKEN); without it the page asks for one. */
  token?: string;
  /** Demo tenant options (when no graphUrl). */
  demo?: IDemoTenantOptions;
  /** Minify the page bundle (benchmarks). */
  minify?: boolean;
}

/** A running workbench. */
export interface IWorkbench {
  url: string;
  graphUrl: string;
  demo?: IDemoTenant;
  close(): Promise<void>;
}

const ROOT = path.resolve(__dirname, '..');
const OUT = path.join(ROOT, '.build', 'workbench');

/** Bundle the page with esbuild (code-split so on-demand chunks stay on demand). */
export async function buildWorkbench(minify = false): Promise<void> {
  // The export worker's script is generated (the web part build does the same before gulp bundle).
  execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build-worker.mjs')], { stdio: 'ignore' });
  await build({
    entryPoints: { app: path.join(__dirname, 'app.tsx') },
    bundle: true,
    splitting: true,
    format: 'esm',
    outdir: OUT,
    // M365I_NAMES=1 keeps function names in the minified build, for reading CPU profiles.
    minify: minify && !process.env.M365I_NAMES, minifySyntax: minify, keepNames: !!process.env.M365I_NAMES,
    sourcemap: true,
    target: 'es2020',
    define: { 'process.env.NODE_ENV': minify ? '"production"' : '"development"' },
    loader: { '.png': 'dataurl' },
    logLevel: 'warning'
  });
}

const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>M365 Impressions workbench</title></head>
<body><div id="root"></div><script type="module" src="/app.js"></script></body></html>`;

/**
 * Whether a request's `Host` header names this workbench: `127.0.0.1:<port>`, `localhost:<port>`, or the
 * host it was told to listen on, with its port. A page on another site whose name is re-pointed at this
 * machine (DNS rebinding) is "same-origin" to the browser, but its requests carry that site's name.
 */
export function isOwnHost(hostHeader: string | undefined, port: number, listenHost = '127.0.0.1'): boolean {
  if (!hostHeader) return false;
  const bracket = (h: string): string => (h.includes(':') && !h.startsWith('[') ? `[${h}]` : h);
  const own = new Set(['127.0.0.1', 'localhost', listenHost].map(h => `${bracket(h.toLowerCase())}:${port}`));
  return own.has(hostHeader.trim().toLowerCase());
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.map': 'application/json', '.css': 'text/css', '.html': 'text/html' };

/** Start the workbench page (and the demo tenant unless a graphUrl is given). */
export async function startWorkbench(options: IWorkbenchOptions = {}): Promise<IWorkbench> {
  await buildWorkbench(options.minify);
  const demo = options.graphUrl ? undefined : await startDemoTenant(options.demo);
  const graphUrl = (options.graphUrl ?? demo?.url ?? '').replace(/\/+$/, '');
  const token = demo ? demo.token : options.token;
  const tokenSource = demo ? 'demo' : token ? 'env' : 'paste';
  const today = options.demo?.today;
  // Keys persisted report reads (the page adds the token's tenant id and person). The demo tenant answers
  // the same rows for the same seed, size, day and concealment, so a restart keeps what was read.
  const tenant = demo ? `demo-${demo.info.seed}-${demo.info.users}-${demo.info.today}${demo.options.concealed ? '-concealed' : ''}` : graphUrl;
  const tenantName = demo ? 'contoso-demo' : new URL(graphUrl).hostname.split('.')[0] ?? 'tenant';

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/_workbench/config.json') {
      send(res, 200, 'application/json', JSON.stringify({ graphUrl, tokenSource, today, tenant, tenantName }));
    } else if (url.pathname === '/_workbench/token') {
      // Only to this workbench's own page: its own Host (DNS rebinding renames it), and same-origin when the
      // browser says (the browser withholds cross-origin reads; this also refuses cross-site fetches).
      const site = req.headers['sec-fetch-site'];
      const as = url.searchParams.get('as');
      if (!isOwnHost(req.headers.host, port, listenHost)) send(res, 403, 'text/plain', 'Not this workbench\'s host.');
      else if (site && site !== 'same-origin') send(res, 404, 'text/plain', 'No token here.');
      else if (as !== null) {
        // The demo tenant signs in anyone of its people (to try the app as a user without a report role).
        const other = demo?.tokenAs(as);
        if (other) send(res, 200, 'text/plain', other);
        else send(res, 404, 'text/plain', demo ? 'No such person in the demo tenant.' : 'Only the demo tenant signs in as another person.');
      } else if (!token) send(res, 404, 'text/plain', 'No token here.');
      else send(res, 200, 'text/plain', token);
    } else if (url.pathname === '/' || url.pathname === '/index.html') {
      send(res, 200, 'text/html', PAGE);
    } else {
      const file = path.join(OUT, path.normalize(url.pathname).replace(/^([/\\])+/, ''));
      if (!file.startsWith(OUT) || !fs.existsSync(file) || !fs.statSync(file).isFile()) send(res, 404, 'text/plain', 'Not found');
      else send(res, 200, TYPES[path.extname(file)] ?? 'application/octet-stream', fs.readFileSync(file));
    }
  });
  const listenHost = options.host ?? '127.0.0.1';
  // Known once listening; no request is served before.
  let port = 0;
  await new Promise<void>(resolve => server.listen(options.port ?? 0, listenHost, resolve));
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://${options.host ?? '127.0.0.1'}:${port}/`,
    graphUrl,
    demo,
    close: async () => {
      await new Promise<void>(resolve => server.close(() => resolve()));
      await demo?.close();
    }
  };
}

function send(res: http.ServerResponse, status: number, type: string, body: string | Buffer): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  res.end(body);
}
