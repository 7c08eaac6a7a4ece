/**
 * The host page's own script (runs in the browser, after SharePoint's first script, sp-loader-assembly).
 * It does what a modern SharePoint page does before its canvas renders a web part, with SPFx's real
 * runtime: start the module loader, initialize the page context, give the AAD token provider seam a
 * provider, and load the packaged web part through sp-webpart-base's web part manager. Nothing of SPFx
 * is re-implemented here; underscore names are SPFx internals, pinned to 1.23.2 (README, "The shipped
 * package, in SPFx's own runtime", lists them).
 */

/** What the host server writes into the page (never a token). */
export interface IHostPageConfig {
  manifests: { id: string; version: string; preconfiguredEntries?: { properties: Record<string, unknown> }[] }[];
  pageContextInfo: Record<string, unknown>;
  webPart: { manifestId: string; instanceId: string; title: string; properties: Record<string, unknown> };
  /** Where the page's token provider asks for a token (the host's stand-in for SharePoint's MSAL sign-in). */
  tokenUrl: string;
  /** A section theme in force before the web part loads (a section with a background). */
  sectionTheme?: unknown;
}

/** What the page offers the test (and the ship viewer) once the web part is loaded. */
export interface IHostPageApi {
  /** Resolves when onInit and the first render ran; rejects with the host's failure. */
  ready: Promise<void>;
  /** The section theme changes, as an inverted section's background does (sp-component-base ThemeProvider). */
  setTheme(theme: unknown): void;
  /** A property pane field changed (what the real property pane calls on the web part). */
  setProperty(path: string, value: unknown): void;
  /** The web part's property pane configuration, as the real sp-property-pane receives it (JSON-safe). */
  propertyPane(): Promise<unknown>;
  /** Resources the token provider was asked for. */
  tokenRequests: string[];
  /** The web part's display mode as SPFx set it (1 read, 2 edit), once loaded. */
  displayMode?: number;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- SPFx's runtime modules, loaded by id, have no types here
type SpfxModule = Record<string, any>;
interface ILoader {
  loadComponentById(id: string, version?: string): Promise<SpfxModule>;
  _instance: { _serviceScope: IServiceScope };
}
interface IServiceScope { consume<T>(key: unknown): T }

const IDS = {
  core: ['7263c7d0-1d6a-45ec-8d85-d4d1d234171b', '1.23.2'],
  pageContext: ['1c4541f7-5c31-41aa-9fa8-fbc9dc14c0a8', '1.23.2'],
  httpBase: ['8496636c-2300-4915-abef-20de64c98d8b', '1.23.2'],
  componentBase: ['467dc675-7cc5-4709-8aac-78e3b71bd2f6', '1.23.2'],
  webPartBase: ['974a7777-0990-4136-8fa6-95d80114c2e0', '1.23.2']
} as const;

declare const spModuleLoader: { start(preloaded: unknown, onFailure?: (e: unknown) => void): Promise<unknown> };
declare global {
  interface Window {
    __M365I_HOST_CONFIG__: IHostPageConfig;
    __m365iHost: IHostPageApi;
    _spComponentLoader: ILoader;
  }
}

async function boot(config: IHostPageConfig, api: IHostPageApi): Promise<void> {
  await spModuleLoader.start({
    manifests: config.manifests,
    spPageContextInfo: config.pageContextInfo,
    clientSideApplicationId: '00000000-0000-0000-0000-000000000000',
    buildNumber: 'm365i-ship-host'
  });
  const loader = window._spComponentLoader;
  const load = (which: keyof typeof IDS): Promise<SpfxModule> => loader.loadComponentById(IDS[which][0], IDS[which][1]);
  const [core, pc, httpBase, componentBase, wpb] = await Promise.all([load('core'), load('pageContext'), load('httpBase'), load('componentBase'), load('webPartBase')]);
  const scope = loader._instance._serviceScope;

  // The page context, from the same spPageContextInfo SharePoint writes into its pages.
  const pageContext = scope.consume<{ initialize(data: unknown, legacy: unknown): void }>(pc.PageContext.serviceKey);
  pageContext.initialize(pc.SharePointPageContextDataProvider._createPageContextData(config.pageContextInfo), config.pageContextInfo);

  // The one auth seam: MSGraphClientV3 and aadTokenProviderFactory both read _AadTokenProviders.configurable.
  const provider = {
    tokenAcquisitionEvent: new core.SPEvent('m365i.tokenAcquisition'),
    onBeforeRedirectEvent: new core.SPEvent('m365i.beforeRedirect'),
    popupEvent: new core.SPEvent('m365i.popup'),
    async getToken(resource: string): Promise<string> {
      api.tokenRequests.push(resource);
      const res = await fetch(`${config.tokenUrl}?resource=${encodeURIComponent(resource)}`, { method: 'POST', credentials: 'same-origin' });
      const text = await res.text();
      if (!res.ok) throw new Error(text || `Token request failed (${res.status}).`);
      return text;
    }
  };
  httpBase._AadTokenProviders._initialize(provider, httpBase._AadTokenProviders.preAuthorizedConfiguration);

  const themes = scope.consume<{ _setTheme(t: unknown): void }>(componentBase.ThemeProvider.serviceKey);
  if (config.sectionTheme) themes._setTheme(config.sectionTheme);

  // The web part, loaded as the page canvas loads one (TeamsAware host: in Teams, SPFx's own teams-js).
  const manifest = config.manifests.find(m => m.id === config.webPart.manifestId);
  if (!manifest) throw new Error(`No manifest for web part ${config.webPart.manifestId}.`);
  const host = new wpb._TeamsAwareWebPartHost(scope);
  const manager = new wpb._ClientSideWebPartManager(host);
  const domElement = document.getElementById('m365i-webpart');
  const { instanceId, title, properties } = config.webPart;
  await manager.loadWebPart({
    domElement,
    instanceId,
    manifest,
    // Read mode: edit mode needs SharePoint's content panel, which npm does not carry.
    displayMode: core.DisplayMode.Read,
    webPartData: { id: manifest.id, instanceId, title, dataVersion: '1.0', properties }
  });
  const webPart = manager.getWebPartByInstanceId(instanceId);
  if (!webPart) throw new Error('The web part manager holds no web part after loading it.');

  api.displayMode = webPart.displayMode;
  api.setTheme = theme => themes._setTheme(theme);
  api.setProperty = (path, value) => webPart._onPropertyPaneFieldChanged(path, value);
  api.propertyPane = async () => JSON.parse(JSON.stringify((await webPart._getPropertyPaneData(false)).configuration));
}

const api: IHostPageApi = {
  ready: Promise.resolve(),
  setTheme: () => { throw new Error('The web part is not loaded.'); },
  setProperty: () => { throw new Error('The web part is not loaded.'); },
  propertyPane: () => Promise.reject(new Error('The web part is not loaded.')),
  tokenRequests: []
};
api.ready = boot(window.__M365I_HOST_CONFIG__, api);
// The failure stays observable for the test; an unhandled rejection would only be noise.
api.ready.catch(e => console.error(`M365I host: ${e instanceof Error ? e.stack ?? e.message : String(e)}`));
window.__m365iHost = api;
