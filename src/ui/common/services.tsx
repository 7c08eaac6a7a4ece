import * as React from 'react';
import type { IUserListCache } from '../../core/directory';
import type { ITenantStore } from '../../core/history';
import type { GraphGateway } from '../../core/graph';
import type { ReportStore, ReportPeriod } from '../../core/reports';
import type { Sessions } from './sessions';

/** The views the app has. */
export type ViewName = 'users' | 'impression' | 'usage' | 'lifecycle' | 'licences';

/** Web part properties that shape the app (the property pane sets them; the workbench passes defaults). */
export interface IImpressionsSettings {
  defaultView: ViewName;
  defaultPeriod: ReportPeriod;
  /** Staged edits in the impression; off unless an admin turns it on. */
  allowEdits: boolean;
  /**
   * Destructive optional steps of a plan (removing authentication methods, retiring or wiping devices); off unless an
   * admin turns it on, and only with edits allowed.
   */
  allowDestructive?: boolean;
  /** Column keys the Users view shows until the viewer chooses otherwise. */
  defaultColumns: string[];
  /** Usage overview tile keys, in order (see TILE_CHOICES); undefined shows the default tiles (every report tile). */
  usageTiles?: string[];
  /**
   * What a visitor Graph refuses usage reports (no report role) gets in the Usage view: the dashboard an admin
   * published to the shared store, or today's messages; undefined is 'dashboard'.
   */
  visitors?: VisitorsMode;
}

/** What visitors without report access get: 'dashboard' (the published usage dashboard) or 'none' (the refusals, as before). */
export type VisitorsMode = 'dashboard' | 'none';

/** Key-value storage for per-browser choices (localStorage in browsers). */
export interface IKeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
}

/** Everything the app gets from its host. Components use these; they never build them. */
export interface IImpressionsServices {
  gateway: GraphGateway;
  /** Report reads, shared by every view for the session (and across reloads where persisted). */
  reports: ReportStore;
  /** What this session reads and keeps for the views (core's read objects over `gateway` and `reports`). */
  sessions: Sessions;
  /**
   * The user list kept across reloads for this tenant and signed-in person (IndexedDB), for the warm
   * reload through /users/delta; absent where nothing is kept (person unknown, persistence off, no IndexedDB).
   */
  userCache?: IUserListCache;
  /** Tenant name for file names (e.g. `contoso`). */
  tenantName?: string;
  /** A link that opens the app at a sub-page (Teams deep link, workbench URL); absent where the host has none. */
  deepLink?: (subPageId: string) => string;
  /** The Graph endpoint, for generated scripts (default https://graph.microsoft.com). */
  graphUrl?: string;
  /** Starts a Web Worker that builds workbooks off the UI thread; absent: build on the UI thread in slices. */
  exportWorker?: () => Promise<Worker>;
  /** Where the app runs; changes wording (e.g. "Copy link" in Teams). */
  host: 'sharepoint' | 'teams' | 'workbench';
  /** Unique per web part instance, for persisted choices. */
  instanceId: string;
  store?: IKeyValueStore;
  /**
   * Who is signed in, as far as the host knows: the directory object id (a plan never offboards its own runner)
   * and a name for records ("who ran it"). Never the token.
   */
  signedIn?: { userId?: string; name?: string };
  /** Delegated scopes the host's token carries (read from its `scp`); undefined when unknown. Never the token. */
  scopes?: Set<string>;
  /**
   * The product's shared store in the tenant (prices, the history of tenant-wide figures, the visitors' usage
   * dashboard): a SharePoint list of the hosting or named site; absent where the host has none.
   */
  tenantStore?: ITenantStore;
  /** Today's date; injected so tests and the demo tenant agree. */
  now: () => Date;
}

const ServicesContext = React.createContext<IImpressionsServices | undefined>(undefined);

/** Provides the host's services to the tree. */
export const ServicesProvider: React.FC<{ services: IImpressionsServices }> = ({ services, children }) => (
  <ServicesContext.Provider value={services}>{children}</ServicesContext.Provider>
);

/** The host's services; throws when used outside the provider (a programming error). */
export function useServices(): IImpressionsServices {
  const s = React.useContext(ServicesContext);
  if (!s) throw new Error('useServices() needs a <ServicesProvider> above it.');
  return s;
}
