import * as fs from 'fs';
import * as path from 'path';
import JSZip from 'jszip';

/**
 * What a SharePoint page needs to run the web part exactly as packaged: the .sppkg's ClientSideAssets and
 * component manifest, SPFx 1.23.2's own runtime bundles from node_modules (the same AMD bundles
 * SharePoint's CDN serves), React 17.0.1's UMD builds and the Graph client SharePoint serves as components,
 * and an inert stand-in for each component SharePoint has but npm does not.
 */

/** One file the host serves. */
export interface IShipFile {
  body: Buffer | string;
  type: string;
}

/** A component manifest as the SPFx loader reads it (only the members the host touches are typed). */
export interface IComponentManifest {
  id: string;
  alias: string;
  version: string;
  componentType: string;
  manifestVersion?: number;
  loaderConfig: {
    internalModuleBaseUrls: string[];
    entryModuleId: string;
    exportName?: string;
    scriptResources: Record<string, IScriptResource>;
  };
  preconfiguredEntries?: { title: { default: string }; properties: Record<string, unknown> }[];
  supportedHosts?: string[];
  [key: string]: unknown;
}
type IScriptResource =
  | { type: 'component'; id: string; version: string }
  | { type: 'path'; path: string | { path: string } }
  | { type: 'localizedPath'; defaultPath?: string; paths?: Record<string, string | { path: string }> };

/** A component the host serves as an inert AMD module (SharePoint has it; npm does not). */
export interface IInertComponent {
  id: string;
  alias: string;
  version: string;
}

export interface IShipAssets {
  /** Flat CDN folder (SharePoint's CDN is one folder): file name -> file. */
  cdn: Map<string, IShipFile>;
  /** The .sppkg's ClientSideAssets: file name -> file. */
  clientSideAssets: Map<string, IShipFile>;
  /** Every manifest the page's loader is given, base URLs already set. */
  manifests: IComponentManifest[];
  /** The web part's manifest as packaged (ClientSideAssets base URL set). */
  webPart: IComponentManifest;
  /** The solution id (the ClientSideAssets folder is named after it). */
  solutionId: string;
  inert: IInertComponent[];
}

const ROOT = path.resolve(__dirname, '..', '..');
const NM = path.join(ROOT, 'node_modules');
/** The token SharePoint rewrites to the app catalog's ClientSideAssets folder on deployment. */
export const ASSET_LIBRARY_TOKEN = 'HTTPS://SPCLIENTSIDEASSETLIBRARY/';
/** Components that npm ships as browser bundles with manifests (`dist/<id>.manifest.json`). */
const RUNTIME_PACKAGES = [
  'sp-loader', 'sp-core-library', 'sp-diagnostics', 'sp-lodash-subset', 'sp-dynamic-data', 'sp-page-context', 'sp-http',
  'sp-http-base', 'sp-http-msgraph', 'sp-component-base', 'sp-webpart-base', 'sp-property-pane', 'sp-office-ui-fabric-core',
  'sp-image-helper', 'sp-top-actions'
];
/** Components the loader assembly already contains; the loader still wants a manifest for each. */
const IN_ASSEMBLY: IInertComponent[] = [
  { id: '01c4df03-e775-48cb-aa14-171ee5199a15', alias: 'tslib', version: '2.3.1' },
  { id: '229b8d08-79f3-438b-8c21-4613fc877abd', alias: '@microsoft/load-themed-styles', version: '0.1.2' },
  { id: '2e09fb9b-13bb-48f2-859f-97d6fff71176', alias: '@msinternal/odsp-core-bundle', version: '1.5.82' },
  { id: '8217e442-8ed3-41fd-957d-b112e841286a', alias: '@msinternal/sp-telemetry', version: '0.35.145' }
];
export const REACT_ID = '0d910c1c-13b9-4e1c-9aa4-b008c5e42d7d';
export const REACT_DOM_ID = 'aa0a46ec-1505-43cd-a44a-93f3a5aa460a';
export const APPLICATION_BASE_ID = '4df9bb86-ab0a-4aab-ab5f-48bf167048fb';
export const GRAPH_CLIENT_ID = '32b9363b-09ff-4959-929a-cab2663fb223';

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.json': 'application/json', '.png': 'image/png', '.css': 'text/css', '.map': 'application/json' };
const typeOf = (name: string): string => TYPES[path.extname(name)] ?? 'application/octet-stream';

/** Read the .sppkg and the SPFx runtime; `cdnBase` and `assetBase` are the URLs the two folders are served at. */
export async function loadShipAssets(sppkgPath: string, cdnBase: string, assetBase: (solutionId: string) => string): Promise<IShipAssets> {
  const zip = await JSZip.loadAsync(fs.readFileSync(sppkgPath));
  const clientSideAssets = new Map<string, IShipFile>();
  for (const name of Object.keys(zip.files)) {
    const entry = zip.files[name];
    if (!entry || entry.dir || !name.startsWith('ClientSideAssets/')) continue;
    clientSideAssets.set(name.slice('ClientSideAssets/'.length), { body: Buffer.from(await entry.async('uint8array')), type: typeOf(name) });
  }
  const xmlName = Object.keys(zip.files).find(n => /\/WebPart_[0-9a-f-]+\.xml$/.test(n));
  if (!xmlName) throw new Error(`${sppkgPath} holds no web part (no WebPart_<id>.xml).`);
  const xml = await zip.files[xmlName]!.async('string');
  const attr = /ComponentManifest="([^"]*)"/.exec(xml)?.[1];
  if (!attr) throw new Error(`${xmlName} has no ComponentManifest attribute.`);
  const webPart = JSON.parse(decodeXmlAttribute(attr)) as IComponentManifest;
  if (!webPart.loaderConfig.internalModuleBaseUrls.includes(ASSET_LIBRARY_TOKEN)) {
    throw new Error(`The packaged manifest's base URL is ${JSON.stringify(webPart.loaderConfig.internalModuleBaseUrls)}, not ${ASSET_LIBRARY_TOKEN}: was it built with --ship?`);
  }
  const appManifest = await zip.files['AppManifest.xml']?.async('string');
  const solutionId = /ProductID="\{?([0-9a-fA-F-]+)\}?"/.exec(appManifest ?? '')?.[1] ?? 'solution';
  // What SharePoint does on deployment: the token becomes the app catalog's ClientSideAssets folder.
  webPart.loaderConfig.internalModuleBaseUrls = [assetBase(solutionId)];

  const cdn = new Map<string, IShipFile>();
  const manifests: IComponentManifest[] = [];
  for (const pkg of RUNTIME_PACKAGES) {
    const dist = path.join(NM, '@microsoft', pkg, 'dist');
    for (const name of fs.readdirSync(dist)) {
      const file = path.join(dist, name);
      if (name.endsWith('.manifest.json')) {
        const m = JSON.parse(fs.readFileSync(file, 'utf8')) as IComponentManifest;
        m.loaderConfig.internalModuleBaseUrls = [cdnBase];
        manifests.push(m);
      } else if (/\.js$/.test(name) && fs.statSync(file).isFile()) {
        cdn.set(name, { body: fs.readFileSync(file), type: 'text/javascript' });
      }
    }
  }

  // React 17.0.1 and react-dom as SharePoint serves them: UMD production builds, react-dom naming react.
  const umd = (pkg: string, file: string): Buffer => fs.readFileSync(path.join(NM, pkg, 'umd', file));
  cdn.set('react-17.0.1.js', { body: umd('react', 'react.production.min.js'), type: 'text/javascript' });
  cdn.set('react-dom-17.0.1.js', { body: umd('react-dom', 'react-dom.production.min.js'), type: 'text/javascript' });
  manifests.push(pathManifest(REACT_ID, 'react', '17.0.1', 'react-17.0.1.js', cdnBase));
  manifests.push(pathManifest(REACT_DOM_ID, 'react-dom', '17.0.1', 'react-dom-17.0.1.js', cdnBase, { react: { type: 'component', id: REACT_ID, version: '17.0.1' } }));

  // The Graph client SharePoint serves (3.0.2): the build sp-http-msgraph carries, which sets a global, wrapped as AMD.
  const sdk = fs.readFileSync(path.join(NM, '@microsoft', 'sp-http-msgraph', 'node_modules', '@microsoft', 'microsoft-graph-client', 'lib', 'graph-js-sdk.js'), 'utf8');
  cdn.set('ms-graph-v3-bundle.js', { body: `define([], function () {\n${sdk}\n;return MicrosoftGraph;\n});`, type: 'text/javascript' });
  manifests.push(pathManifest(GRAPH_CLIENT_ID, '@msinternal/ms-graph-v3-bundle', '3.0.2', 'ms-graph-v3-bundle.js', cdnBase));

  // The assembly's own components: manifests whose module is already defined by the assembly.
  for (const c of IN_ASSEMBLY) manifests.push(pathManifest(c.id, c.alias, c.version, `in-assembly-${c.id}.js`, cdnBase));

  // The page application's navigator (sp-application-base, not on npm). `spModuleLoader.start()` hands the page
  // to it; in SharePoint it renders the page's canvas. The host page is the application here, so its
  // navigator only resolves, and the host's boot script then loads the web part as the canvas would.
  cdn.set('host-application.js', { body: HOST_APPLICATION, type: 'text/javascript' });
  manifests.push(pathManifest(APPLICATION_BASE_ID, '@microsoft/sp-application-base', '1.23.2', 'host-application.js', cdnBase));

  // Every component referenced and not provided above is SharePoint-only: an inert module that records use.
  const known = new Set(manifests.map(m => m.id));
  const inert: IInertComponent[] = [];
  for (const m of [...manifests, webPart]) {
    for (const [alias, r] of Object.entries(m.loaderConfig.scriptResources)) {
      if (r.type !== 'component' || known.has(r.id)) continue;
      known.add(r.id);
      inert.push({ id: r.id, alias, version: r.version });
    }
  }
  for (const c of inert) {
    const file = `inert-${c.id}.js`;
    cdn.set(file, { body: inertModule(c, webPart.loaderConfig.internalModuleBaseUrls[0] ?? ''), type: 'text/javascript' });
    manifests.push(pathManifest(c.id, c.alias, c.version, file, cdnBase));
  }
  manifests.push(webPart);
  return { cdn, clientSideAssets, manifests, webPart, solutionId, inert };
}

function pathManifest(id: string, alias: string, version: string, file: string, base: string, deps: Record<string, IScriptResource> = {}): IComponentManifest {
  return {
    id, alias, version, componentType: 'Library', manifestVersion: 2,
    loaderConfig: { internalModuleBaseUrls: [base], entryModuleId: alias, scriptResources: { [alias]: { type: 'path', path: file }, ...deps } }
  };
}

/**
 * An AMD module standing in for a SharePoint-only component. Every member is a callable proxy (so
 * `makeStyles(...)()` or `tokens.colorX` evaluate), and every use is recorded in `window.__inertUse`
 * with whether the web part's own code (a frame from `webPartBase`) is on the stack at that moment,
 * so a test can tell the runtime's start-up use from the web part's. Calls that reach a member through
 * a promise carry no caller frames: such a use counts as the runtime's.
 */
function inertModule(c: IInertComponent, webPartBase: string): string {
  return `define([], function () {
  var id = ${JSON.stringify(c.alias)};
  var base = ${JSON.stringify(webPartBase)};
  var uses = (self.__inertUse = self.__inertUse || []);
  function note(member) {
    var limit = Error.stackTraceLimit;
    Error.stackTraceLimit = Infinity;
    var fromWebPart = String(new Error().stack).indexOf(base) >= 0;
    Error.stackTraceLimit = limit;
    if (uses.some(function (u) { return u.component === id && u.member === member && u.fromWebPart === fromWebPart; })) return;
    uses.push({ component: id, member: member, fromWebPart: fromWebPart });
  }
  function make(name) {
    var fn = function () {};
    return new Proxy(fn, {
      get: function (t, k) {
        if (k === Symbol.toPrimitive) return function () { return ''; };
        if (k === 'then' || typeof k === 'symbol') return undefined;
        if (k === '__esModule') return true;
        var member = name ? name + '.' + String(k) : String(k);
        note(member);
        return make(member);
      },
      apply: function () { note((name || 'default') + '()'); return make(name + '()'); },
      construct: function () { note('new ' + name); return make(name); }
    });
  }
  return make('');
});`;
}

const HOST_APPLICATION = `define([], function () {
  function Navigator() {}
  Navigator.prototype.navigateToApplication = function () { return Promise.resolve(); };
  return { _Navigator: Navigator };
});`;

/** XML attribute entities as gulp package-solution writes them. */
function decodeXmlAttribute(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
