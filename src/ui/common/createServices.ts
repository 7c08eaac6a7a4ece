import { GraphGateway } from '../../core/graph';
import type { IGraphClientLike } from '../../core/graph';
import { RELAY_LIBRARY_DESCRIPTION, RELAY_LIBRARY_TITLE, ReportStore } from '../../core/reports';
import { SharePointLibrary } from '../../core/sharepoint';
import type { SharePointFetch } from '../../core/sharepoint';
import { SharePointTenantStore } from '../../core/history';
import type { IStoreLocation, IStoreSite } from '../../core/history';
import { Sessions } from './sessions';
import { indexedDbPersistence, indexedDbUserCache } from './idbPersistence';
import type { IImpressionsServices } from './services';
import { startExportWorker } from './exportWorkbook';

/** What a browser host knows when it starts the app. */
export interface IBrowserHostInput {
  client: IGraphClientLike;
  baseUrl?: string;
  host: IImpressionsServices['host'];
  instanceId: string;
  /** Tenant id or name: keys persisted report reads and names export files. */
  tenant: string;
  /**
   * The signed-in user's directory object id: persisted report reads are keyed by tenant and this, so a
   * second person in the same browser profile never sees the first one's. Unknown: nothing is persisted.
   */
  userId?: string;
  /** The signed-in person's name as a record names who ran a plan (UPN or email); never the token. */
  userName?: string;
  tenantName?: string;
  now?: () => Date;
  deepLink?: (subPageId: string) => string;
  /** Delegated scopes of the host's token, when the host could read them. */
  scopes?: Set<string>;
  /**
   * Keep report reads and the user list across reloads (IndexedDB); default true, and only when `userId`
   * is known.
   */
  persistReports?: boolean;
  /** The report relay's library (see core/reports/relay.ts); none: reports are read from Graph only. */
  relay?: IRelayHostInput;
  /** Read /users in ranges side by side (default true; the workbench's `?shards=off` is the benchmark's baseline). */
  shardUsers?: boolean;
  /** The shared store's list (prices, history, the visitors' dashboard; core/history/store.ts); none: no tenantStore. */
  store?: IStoreHostInput;
}

/** Where a browser host keeps the shared store, and how it reaches SharePoint. */
export interface IStoreHostInput {
  /** SPHttpClient in the web part; fetch with the demo token in the workbench. */
  fetch: SharePointFetch;
  /** The store's site, or the host's choice still being made (core/history chooseStoreSite: property, tenant setting, hosting site). */
  site: string | Promise<IStoreSite>;
  /** How a site given as a string was chosen. */
  chosenBy?: IStoreLocation['chosenBy'];
  /** 'demo' in the workbench. */
  kind?: 'sharepoint' | 'demo';
  /** Ask /_api/contextinfo for a form digest (hosts without SPHttpClient, which adds it itself). */
  requestDigest?: boolean;
}

/** Where a browser host keeps report copies, and how it reaches SharePoint. */
export interface IRelayHostInput {
  /** SPHttpClient in the web part; fetch with the demo token in the workbench. */
  fetch: SharePointFetch;
  /** The site whose library holds the copies (the web part's own site unless the page's owner names another). */
  siteUrl: string;
  /** Publish this session's whole reads (default true). */
  publish?: boolean;
  /** Who publishes, written into each copy (the signed-in UPN). */
  publishedBy?: string;
}


/** The services every browser host (web part, workbench) hands the app: one recipe, so both behave alike. */
export function createBrowserServices(input: IBrowserHostInput): IImpressionsServices {
  const gateway = new GraphGateway(input.client, input.baseUrl);
  // Object ids are GUIDs; hosts spell them in either case.
  const userId = input.userId?.trim().toLowerCase() || undefined;
  // Whose reads are kept across reloads: the person's, unless the host keeps nothing.
  const keptFor = input.persistReports === false ? undefined : userId;
  // Browsers read the beta JSON form: v1.0's CSV download sends no CORS headers.
  const reports = new ReportStore(gateway, {
    format: 'json',
    tenantKey: input.tenant,
    userKey: userId,
    persistence: keptFor ? indexedDbPersistence() : undefined,
    relay: input.relay ? {
      files: new SharePointLibrary(input.relay.fetch, input.relay.siteUrl, RELAY_LIBRARY_TITLE, { description: RELAY_LIBRARY_DESCRIPTION }),
      publish: input.relay.publish !== false,
      ...(input.relay.publishedBy ? { publishedBy: input.relay.publishedBy } : {})
    } : undefined
  });
  // The kept user list follows the reports' rule: one tenant and person, only when the person is known.
  const userCache = keptFor ? indexedDbUserCache(input.tenant, keptFor) : undefined;
  return {
    gateway,
    reports,
    sessions: new Sessions(gateway, reports, userCache, input.shardUsers !== false),
    userCache,
    host: input.host,
    instanceId: input.instanceId,
    tenantName: input.tenantName,
    store: safeLocalStorage(),
    now: input.now ?? (() => new Date()),
    exportWorker: startExportWorker,
    deepLink: input.deepLink,
    scopes: input.scopes,
    signedIn: { userId, name: input.userName?.trim() || undefined },
    graphUrl: input.baseUrl,
    tenantStore: input.store
      ? new SharePointTenantStore(input.store.fetch, input.store.site, input.store.chosenBy, { kind: input.store.kind ?? 'sharepoint', requestDigest: input.store.requestDigest === true })
      : undefined
  };
}

function safeLocalStorage(): Storage | undefined {
  try {
    return typeof window !== 'undefined' ? window.localStorage : undefined;
  } catch {
    return undefined; // blocked storage (some iframe/privacy settings)
  }
}
