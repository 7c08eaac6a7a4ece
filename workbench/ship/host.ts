import * as fs from 'fs';
import * as path from 'path';
import { buildSync } from 'esbuild';
import type { BrowserContext, Route } from 'playwright-core';
import { loadShipAssets } from './assets';
import type { IShipAssets, IShipFile } from './assets';
import type { IHostPageConfig } from './boot';
import type { ITeamsHostConfig } from './teamsHost';

/**
 * A host for the shipped bundle: a SharePoint page and a Teams tab on their real origins, routed in the
 * browser (Playwright `context.route`) to local files, with Microsoft Graph's origin routed to a Graph
 * endpoint (the demo tenant). Every other request is aborted and listed. The page runs SPFx 1.23.2's own
 * loader and runtime from node_modules and the web part exactly as the .sppkg carries it.
 */

export const SHAREPOINT = 'https://contoso.sharepoint.com';
export const TEAMS = 'https://teams.microsoft.com';
export const GRAPH = 'https://graph.microsoft.com';
const SITE = '/sites/impressions';
const CDN_PATH = '/_layouts/15/spfx/';
const HOST_PATH = '/_layouts/15/m365i-host/';
const ASSET_PATH = '/sites/appcatalog/ClientSideAssets/';
export const PAGE_PATH = `${SITE}/SitePages/Impressions.aspx`;
/** The page SharePoint serves inside a Teams tab (the real one is an application page of its own). */
const TEAMS_PAGE_PATH = `${SITE}/_layouts/15/teamshostedapp.aspx`;
const TOKEN_PATH = `${HOST_PATH}token`;
export const DEFAULT_SPPKG = path.resolve(__dirname, '..', '..', 'sharepoint', 'solution', 'm365-impressions.sppkg');

/** Ids the demo page context carries (a site and its web). */
export const PAGE_IDS = {
  siteId: 'a1b2c3d4-e5f6-4a5b-8c7d-9e0f1a2b3c4d',
  webId: 'b2c3d4e5-f6a7-4b6c-9d8e-0f1a2b3c4d5e'
};

/** The Teams app as uploaded (teamsapp/manifest.json): its id, and the personal tab's entity id. */
const TEAMS_MANIFEST = JSON.parse(fs.readFileSync(path.resolve(__dirname, '..', '..', 'teamsapp', 'manifest.json'), 'utf8')) as { id: string; staticTabs: { entityId: string }[] };
export const TEAMS_APP = {
  appId: TEAMS_MANIFEST.id,
  personalEntityId: TEAMS_MANIFEST.staticTabs[0]?.entityId ?? '',
  /** A channel tab's entity id is given when the tab is configured; this is the one the test team's tab got. */
  channelEntityId: 'm365impressions-it-admins-general',
  channelId: '19:chan0000000000000000000000000000@thread.tacv2'
};

/** Requests outside the routed origins that SPFx's runtime makes by design; aborted, listed, allowed. */
export const EXPECTED_OUTSIDE: { pattern: RegExp; why: string }[] = [
  { pattern: /^https:\/\/res-1\.cdn\.office\.net\/files\/fabric-cdn-prod_[\d.]+\/assets\/fonts\//, why: "Segoe UI web fonts that SharePoint's Fluent styles reference on Microsoft's CDN" },
  { pattern: /^https:\/\/res\.cdn\.office\.net\/teams-js\/validDomains\//, why: "teams-js's list of valid Teams origins (it falls back to its built-in list)" }
];
/** Files SPFx's runtime asks SharePoint's CDN for that npm does not carry (telemetry); answered 404. */
export const EXPECTED_MISSING: { pattern: RegExp; why: string }[] = [
  { pattern: /^\/_layouts\/15\/spfx\/chunk\.(88|odsp-telemetry-1ds)_none_[0-9a-f]+\.js$/, why: 'telemetry chunks npm does not carry' },
  { pattern: /^\/_layouts\/15\/spwebworkerproxy\.ashx$/, why: "SharePoint's web worker proxy (telemetry)" }
];

/** One Graph request as the host saw it (never the token itself: only whose it was). */
export interface IGraphRequest {
  method: string;
  url: string;
  /** Graph's (the demo tenant's) answer. */
  status: number;
  /** `page`: the token the page's token provider handed out; `other`: another one; `none`. */
  token: 'page' | 'other' | 'none';
}

export interface IShipHostOptions {
  /** Where Graph's origin is routed: a Graph-compatible base URL serving `/v1.0` and `/beta`. */
  graphUrl: string;
  /** The token the page's AAD token provider hands out, or an error it rejects with. */
  token: string | { error: string };
  sppkg?: string;
  /** The signed-in person and their tenant, as the page context and Teams' context name them. */
  identity?: IIdentity;
}

/** Who is signed in. */
export interface IIdentity {
  tenantId: string;
  userId: string;
  upn: string;
}

/** Options of one SharePoint page. */
export interface IPageOptions {
  /** Web part properties over the manifest's preconfigured ones (a freshly added web part). */
  properties?: Record<string, unknown>;
  /** The signed-in person (defaults to the demo admin). */
  userId?: string;
  /** A section theme in force when the web part loads. */
  sectionTheme?: unknown;
}

/** Options of one Teams tab. */
export interface ITeamsOptions extends IPageOptions {
  theme?: ITeamsHostConfig['theme'];
  /** A deep link's `subEntityId`. */
  subEntityId?: string;
  /** A channel tab (team and channel in the context) or a personal app. */
  kind?: 'channel' | 'personal';
  /** Teams' context without the app's id (some clients leave it out). */
  noAppId?: boolean;
}

/**
 * The SharePoint REST calls of the report relay's library (core/sharepoint/library.ts) and of the shared store's
 * list and the tenant property naming its site (core/sharepoint/list.ts), which the demo tenant serves under the
 * same site path; SPFx's own `_api` calls (GetClientSideComponents...) stay unanswered as before.
 */
/** The form digest the host pages carry in spPageContextInfo (stands for a valid one: see siteDigest). */
const PAGE_DIGEST = '0xM365I,06 Dec 2026 00:00:00 -0000';
const RELAY_API = /\/_api\/(contextinfo|web\/lists|web\/GetFolderByServerRelativePath|web\/GetFileByServerRelativePath|web\/GetStorageEntity)/i;

export class ShipHost {
  /** Every Graph request, in order. */
  readonly graph: IGraphRequest[] = [];
  /** Every SharePoint REST request of the relay's library, in order (`token` is how the host signed it in). */
  readonly sharePoint: IGraphRequest[] = [];
  /** Every request outside the routed origins (aborted), in order. */
  readonly outside: string[] = [];
  /** Requests on the SharePoint origin that the host has no file for (answered 404). */
  readonly missing: string[] = [];
  /** How many times the page's token provider was served a token (or its refusal). */
  tokensServed = 0;
  token: IShipHostOptions['token'];

  private constructor(
    private readonly assets: IShipAssets,
    private readonly graphUrl: string,
    token: IShipHostOptions['token'],
    private readonly identity: IIdentity,
    private readonly scripts: { boot: string; teams: string }
  ) {
    this.token = token;
    this.sharePointSession = typeof token === 'string' ? token : undefined;
  }

  /**
   * The signed-in person's SharePoint session, as the page's cookies carry it: SPHttpClient never uses the Graph
   * token, so a Graph token the provider refuses (consent not given) leaves SharePoint's REST answering. The
   * demo's SharePoint takes a bearer token; the first one the host was given stands for that session.
   */
  private readonly sharePointSession: string | undefined;
  /** Digests the demo's SharePoint issued, by site and session (see siteDigest). */
  private readonly digests = new Map<string, string>();

  static async create(options: IShipHostOptions): Promise<ShipHost> {
    const sppkg = options.sppkg ?? DEFAULT_SPPKG;
    if (!fs.existsSync(sppkg)) throw new Error(`No package at ${sppkg}: run \`npm run build\` first.`);
    // The asset folder is named after the solution, as the app catalog names it.
    const assets = await loadShipAssets(sppkg, `${SHAREPOINT}${CDN_PATH}`, id => `${SHAREPOINT}${ASSET_PATH}${id}/`);
    const identity = options.identity ?? { tenantId: '9c1f4a2e-5d6b-4c3a-8e7f-0a1b2c3d4e5f', userId: '6f2a1c3e-0b4d-4e8f-9a7b-1c2d3e4f5a6b', upn: 'admin@contoso.onmicrosoft.com' };
    return new ShipHost(assets, options.graphUrl.replace(/\/+$/, ''), options.token, identity, { boot: bundle('boot.ts'), teams: bundle('teamsHost.ts') });
  }

  /** Forget what was logged (each test reads its own). */
  resetLog(): void {
    this.graph.length = 0;
    this.sharePoint.length = 0;
    this.outside.length = 0;
    this.missing.length = 0;
    this.tokensServed = 0;
  }

  /** Components served as inert modules (SharePoint has them; npm does not). */
  get inert(): IShipAssets['inert'] {
    return this.assets.inert;
  }

  /** The manifest's preconfigured properties: what a web part freshly added to a page starts with. */
  get preconfiguredProperties(): Record<string, unknown> {
    return { ...(this.assets.webPart.preconfiguredEntries?.[0]?.properties ?? {}) };
  }

  /** The web part's manifest as packaged. */
  get manifest(): IShipAssets['webPart'] {
    return this.assets.webPart;
  }

  pageUrl(options: IPageOptions = {}): string {
    return `${SHAREPOINT}${PAGE_PATH}?${pageQuery(options)}`;
  }

  teamsUrl(options: ITeamsOptions = {}): string {
    const q = new URLSearchParams(pageQuery(options));
    q.set('theme', options.theme ?? 'default');
    q.set('kind', options.kind ?? 'channel');
    if (options.noAppId) q.set('noAppId', '1');
    if (options.subEntityId) q.set('subEntityId', options.subEntityId);
    return `${TEAMS}/_m365i/tab?${q}`;
  }

  /** Route every request of the browser context through this host. */
  async route(context: BrowserContext): Promise<void> {
    await context.route('**/*', route => this.handle(route));
  }

  private async handle(route: Route): Promise<void> {
    const req = route.request();
    const url = new URL(req.url());
    try {
      if (url.origin === GRAPH) return await this.forwardGraph(route, url);
      if (url.origin === SHAREPOINT) return await this.serveSharePoint(route, url);
      if (url.origin === TEAMS && url.pathname === '/_m365i/tab') return await route.fulfill(html(this.teamsPage(url)));
    } catch (e) {
      return route.fulfill({ status: 500, contentType: 'text/plain', body: `Host error: ${e instanceof Error ? e.message : String(e)}` });
    }
    this.outside.push(req.url());
    return route.abort('blockedbyclient');
  }

  private async serveSharePoint(route: Route, url: URL): Promise<void> {
    const p = url.pathname;
    if (p === PAGE_PATH) return route.fulfill(html(this.sharePointPage(url.searchParams, false)));
    if (p === TEAMS_PAGE_PATH) return route.fulfill(html(this.sharePointPage(url.searchParams, true)));
    if (p === `${HOST_PATH}boot.js`) return route.fulfill(file({ body: this.scripts.boot, type: 'text/javascript' }));
    if (p === `${HOST_PATH}teams.js`) return route.fulfill(file({ body: this.scripts.teams, type: 'text/javascript' }));
    if (p === TOKEN_PATH) {
      this.tokensServed++;
      return typeof this.token === 'string'
        ? route.fulfill({ status: 200, contentType: 'text/plain', body: this.token })
        : route.fulfill({ status: 401, contentType: 'text/plain', body: this.token.error });
    }
    if (RELAY_API.test(p)) return this.forwardSharePointApi(route, url);
    const name = p.split('/').pop() ?? '';
    const f = p.startsWith(CDN_PATH) ? this.assets.cdn.get(name) : p.startsWith(ASSET_PATH) ? this.assets.clientSideAssets.get(name) : undefined;
    if (f) return route.fulfill(file(f));
    this.missing.push(p);
    return route.fulfill({ status: 404, contentType: 'text/plain', body: 'Not found' });
  }

  private async forwardGraph(route: Route, url: URL): Promise<void> {
    const req = route.request();
    const headers = await req.allHeaders();
    const bearer = headers['authorization']?.replace(/^Bearer /i, '');
    const res = await fetch(this.graphUrl + url.pathname + url.search, {
      method: req.method(),
      headers: Object.fromEntries(Object.entries(headers).filter(([k]) => !k.startsWith(':') && k !== 'host')),
      body: req.method() === 'GET' || req.method() === 'HEAD' ? undefined : req.postDataBuffer() ?? undefined,
      redirect: 'manual'
    });
    if (req.method() !== 'OPTIONS') {
      const token = bearer === undefined ? 'none' : bearer === this.token ? 'page' : 'other';
      this.graph.push({ method: req.method(), url: url.pathname + url.search, status: res.status, token });
    }
    // The demo tenant names itself in next links and redirects (its own origin, from the Host header); real
    // Graph names graph.microsoft.com, which is where the page must follow them (the product sends its token
    // to no other host).
    const asGraph = (text: string): string => text.split(this.graphUrl).join(GRAPH);
    const out: Record<string, string> = {};
    res.headers.forEach((v, k) => { if (k !== 'content-encoding' && k !== 'content-length') out[k] = k === 'location' ? asGraph(v) : v; });
    const body = Buffer.from(await res.arrayBuffer());
    const json = /json/i.test(res.headers.get('content-type') ?? '');
    return route.fulfill({ status: res.status, headers: out, body: json ? Buffer.from(asGraph(body.toString('utf8')), 'utf8') : body });
  }

  /**
   * SPHttpClient's requests to the site's REST API, answered by the demo tenant's SharePoint slice. SharePoint
   * signs them in with the page's cookies; the demo tenant knows people by token, so the host adds the page's.
   */
  /** A form digest the demo's SharePoint issued for the site a request path names (asked once per site and session). */
  private async siteDigest(pathname: string, session: string): Promise<string> {
    const site = pathname.slice(0, pathname.toLowerCase().indexOf('/_api/'));
    const key = `${site}|${session}`;
    let digest = this.digests.get(key);
    if (!digest) {
      const res = await fetch(`${this.graphUrl}${site}/_api/contextinfo`, { method: 'POST', headers: { authorization: `Bearer ${session}`, accept: 'application/json;odata=nometadata' } });
      const body = (await res.json()) as { FormDigestValue?: string };
      digest = body.FormDigestValue ?? PAGE_DIGEST;
      this.digests.set(key, digest);
    }
    return digest;
  }

  private async forwardSharePointApi(route: Route, url: URL): Promise<void> {
    const req = route.request();
    const headers = Object.fromEntries(Object.entries(await req.allHeaders()).filter(([k]) => !k.startsWith(':') && k !== 'host' && k !== 'cookie'));
    const session = typeof this.token === 'string' ? this.token : this.sharePointSession;
    if (session) headers.authorization = `Bearer ${session}`;
    // The page's own digest (spPageContextInfo) is valid for its site in SharePoint: here it stands for one the
    // demo's SharePoint issues for the site, as a real page's would be.
    if (headers['x-requestdigest'] === PAGE_DIGEST && session) headers['x-requestdigest'] = await this.siteDigest(url.pathname, session);
    const res = await fetch(this.graphUrl + url.pathname + url.search, {
      method: req.method(),
      headers,
      body: req.method() === 'GET' || req.method() === 'HEAD' ? undefined : req.postDataBuffer() ?? undefined
    });
    this.sharePoint.push({ method: req.method(), url: url.pathname + url.search, status: res.status, token: typeof this.token === 'string' ? 'page' : 'none' });
    const out: Record<string, string> = {};
    res.headers.forEach((v, k) => { if (k !== 'content-encoding' && k !== 'content-length') out[k] = v; });
    return route.fulfill({ status: res.status, headers: out, body: Buffer.from(await res.arrayBuffer()) });
  }

  private sharePointPage(q: URLSearchParams, inTeams: boolean): string {
    const properties = { ...this.preconfiguredProperties, ...(JSON.parse(q.get('props') ?? '{}') as Record<string, unknown>) };
    const identity = { ...this.identity, userId: q.get('user') ?? this.identity.userId };
    const config: IHostPageConfig = {
      manifests: this.assets.manifests,
      pageContextInfo: pageContextInfo(identity),
      webPart: { manifestId: this.assets.webPart.id, instanceId: 'a7e1c0de-0000-4000-8000-00000000c0de', title: 'M365 Impressions', properties },
      tokenUrl: TOKEN_PATH,
      sectionTheme: q.get('sectionTheme') ? JSON.parse(q.get('sectionTheme') ?? 'null') : undefined
    };
    return inTeams ? teamsHostedPage(config) : sharePointPage(config);
  }

  private teamsPage(url: URL): string {
    const q = url.searchParams;
    const kind = q.get('kind') === 'personal' ? 'personal' : 'channel';
    const frame = new URL(`${SHAREPOINT}${TEAMS_PAGE_PATH}`);
    for (const k of ['props', 'user']) { const v = q.get(k); if (v) frame.searchParams.set(k, v); }
    frame.searchParams.set('componentId', this.assets.webPart.id);
    const config: ITeamsHostConfig = {
      frameUrl: frame.toString(),
      theme: (q.get('theme') as ITeamsHostConfig['theme'] | null) ?? 'default',
      subEntityId: q.get('subEntityId') ?? undefined,
      context: {
        locale: 'en-us', hostClientType: 'web', frameContext: 'content', hostName: 'Teams',
        ...(q.get('noAppId') ? {} : { appId: TEAMS_APP.appId }),
        entityId: kind === 'personal' ? TEAMS_APP.personalEntityId : TEAMS_APP.channelEntityId,
        tid: this.identity.tenantId, userObjectId: q.get('user') ?? this.identity.userId, loginHint: this.identity.upn,
        userPrincipalName: this.identity.upn, appSessionId: 'c0ffee00-0000-4000-8000-000000000001',
        ...(kind === 'channel'
          ? { teamId: '19:team0000000000000000000000000000@thread.tacv2', channelId: TEAMS_APP.channelId, groupId: 'd3e4f5a6-b7c8-4d9e-8f0a-1b2c3d4e5f6a', teamName: 'IT Admins', channelName: 'General' }
          : {})
      }
    };
    return teamsPage(config);
  }
}

/** The page context SharePoint writes into a modern page (the members SPFx's start-up reads). */
function pageContextInfo(identity: IIdentity): Record<string, unknown> {
  const web = `${SHAREPOINT}${SITE}`;
  return {
    webAbsoluteUrl: web, webServerRelativeUrl: SITE, webTitle: 'IT Admin', webId: `{${PAGE_IDS.webId}}`, webLanguage: 1033,
    webPermMasks: { High: 2147483647, Low: 4294967295 }, webTemplate: '68',
    siteAbsoluteUrl: web, siteServerRelativeUrl: SITE, siteId: `{${PAGE_IDS.siteId}}`,
    currentCultureName: 'en-US', currentUICultureName: 'en-US',
    aadInstanceUrl: 'https://login.microsoftonline.com', aadTenantId: identity.tenantId, aadUserId: identity.userId,
    userDisplayName: identity.upn.split('@')[0], userEmail: identity.upn, userLoginName: identity.upn,
    userPrincipalName: identity.upn, isAnonymousGuestUser: false, isExternalGuestUser: false,
    msGraphEndpointUrl: GRAPH, cloudType: 'Prod', env: 'prodbubble', CorrelationId: '0f0e0d0c-0b0a-4909-8807-060504030201',
    // A form digest, so SPHttpClient does not ask _api/contextinfo for one.
    formDigestValue: PAGE_DIGEST, formDigestTimeoutSeconds: 1800, serverTime: new Date().toISOString(),
    // Stops a start-up token prefetch that opens a login.microsoftonline.com frame.
    killSwitches: { '2bf3e1ce-55da-4552-bc41-e3d072202d3c': true }
  };
}

function pageQuery(options: IPageOptions): string {
  const q = new URLSearchParams();
  if (options.properties) q.set('props', JSON.stringify(options.properties));
  if (options.userId) q.set('user', options.userId);
  if (options.sectionTheme) q.set('sectionTheme', JSON.stringify(options.sectionTheme));
  return q.toString();
}

/** JSON inside a <script>: `<` escaped so no value can close the element. */
const inline = (v: unknown): string => JSON.stringify(v).replace(/</g, '\\u003c');

function sharePointPage(config: IHostPageConfig): string {
  return `<!doctype html>
<html lang="en" dir="ltr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Impressions - IT Admin</title>
<style>
  body { margin: 0; font-family: 'Segoe UI', 'Segoe UI Web (West European)', -apple-system, sans-serif; background: #fff; color: #323130; }
  .suite { height: 48px; background: #0078d4; color: #fff; display: flex; align-items: center; padding: 0 16px; font-weight: 600; font-size: 16px; }
  .site { padding: 20px 48px; border-bottom: 1px solid #edebe9; }
  .site h1 { margin: 0; font-size: 24px; font-weight: 600; }
  .canvas { max-width: 1236px; margin: 0 auto; padding: 24px 32px 48px; }
  .canvas h2 { font-size: 20px; font-weight: 600; margin: 0 0 12px; }
</style>
<script>window.__M365I_HOST_CONFIG__ = ${inline(config)};</script>
</head><body>
<div class="suite" role="banner">SharePoint</div>
<div class="site"><h1>IT Admin</h1></div>
<main class="canvas"><h2>Impressions</h2><div id="m365i-webpart" data-sp-webpart="M365 Impressions"></div></main>
<script src="${CDN_PATH}sp-loader-assembly_en-us.js"></script>
<script src="${HOST_PATH}boot.js"></script>
</body></html>`;
}

function teamsHostedPage(config: IHostPageConfig): string {
  return `<!doctype html>
<html lang="en" dir="ltr"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>M365 Impressions</title>
<style>body { margin: 0; font-family: 'Segoe UI', -apple-system, sans-serif; } #m365i-webpart { padding: 12px 20px; }</style>
<script>window.__M365I_HOST_CONFIG__ = ${inline(config)};</script>
</head><body>
<div id="m365i-webpart"></div>
<script src="${CDN_PATH}sp-loader-assembly_en-us.js"></script>
<script src="${HOST_PATH}boot.js"></script>
</body></html>`;
}

function teamsPage(config: ITeamsHostConfig): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>M365 Impressions | Microsoft Teams</title>
<style>
  html, body { height: 100%; margin: 0; font-family: 'Segoe UI', -apple-system, sans-serif; }
  body { display: grid; grid-template-rows: 48px 1fr; grid-template-columns: 68px 1fr; }
  body[data-theme="default"] { --bar: #ebebeb; --rail: #ebebeb; --bg: #f5f5f5; --fg: #242424; --tab: #fff; }
  body[data-theme="dark"] { --bar: #0a0a0a; --rail: #0a0a0a; --bg: #1f1f1f; --fg: #fff; --tab: #292929; }
  body[data-theme="contrast"] { --bar: #000; --rail: #000; --bg: #000; --fg: #fff; --tab: #000; }
  header { grid-column: 1 / 3; background: var(--bar); color: var(--fg); display: flex; align-items: center; justify-content: space-between; padding: 0 16px; font-size: 14px; font-weight: 600; border-bottom: 1px solid #0003; }
  #teams-theme button { margin-left: 6px; font: inherit; font-weight: 400; color: var(--fg); background: transparent; border: 1px solid var(--fg); border-radius: 4px; padding: 2px 8px; cursor: pointer; }
  nav { background: var(--rail); border-right: 1px solid #0003; }
  #teams-tab { background: var(--tab); display: flex; flex-direction: column; min-height: 0; }
  .title { color: var(--fg); padding: 10px 20px; font-weight: 600; font-size: 18px; border-bottom: 1px solid #8883; }
  .teams-tab-frame { flex: 1; border: 0; width: 100%; }
</style>
<script>window.__M365I_TEAMS_CONFIG__ = ${inline(config)};</script>
</head><body>
<header><span>Microsoft Teams</span><span id="teams-theme" aria-label="Theme"></span></header><nav aria-label="App bar"></nav>
<main id="teams-tab"><div class="title">M365 Impressions</div></main>
<script src="${SHAREPOINT}${HOST_PATH}teams.js"></script>
</body></html>`;
}

const html = (body: string): { status: number; contentType: string; body: string } => ({ status: 200, contentType: 'text/html; charset=utf-8', body });
const file = (f: IShipFile): { status: number; contentType: string; body: Buffer | string; headers: Record<string, string> } =>
  // Served cross-origin to the Teams page and loaded with crossorigin where SPFx asks for it.
  ({ status: 200, contentType: f.type, body: f.body, headers: { 'access-control-allow-origin': '*' } });

/** The host's browser scripts, bundled once per host (esbuild, about a millisecond each). */
function bundle(entry: string): string {
  const out = buildSync({ entryPoints: [path.join(__dirname, entry)], bundle: true, write: false, format: 'iife', target: 'es2019', logLevel: 'silent' });
  return out.outputFiles[0]?.text ?? '';
}
