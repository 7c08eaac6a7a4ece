/**
 * Every default of the app, in one place: what a web part freshly added to a page or a Teams tab starts
 * with (its manifest's preconfigured properties), what the property pane shows for a property left
 * empty, what the workbench opens with, and what tests expect. Plain data and pure functions — no
 * React, no SPFx — so the web part, the workbench and unit tests import it alike.
 *
 * The manifest (src/webparts/impressions/ImpressionsWebPart.manifest.json) is JSON and cannot import
 * this: test/unit/defaults.test.ts holds its `preconfiguredEntries[0].properties` equal to
 * DEFAULT_PROPERTIES, and the README's description of the defaults true.
 */
import type { ReportPeriod } from '../../core/reports';
import { DEFAULT_VISIBLE, userColumn } from '../../core/directory';
import { OVERVIEW_TILES, TILE_CHOICES } from '../usage/model/tiles';
import type { OverviewTile } from '../usage/model/tiles';
import type { IImpressionsSettings, ViewName, VisitorsMode } from './services';

/** The views a web part may open with, in the property pane's order. */
export const VIEW_NAMES: readonly ViewName[] = ['users', 'impression', 'usage', 'lifecycle', 'licences'];

/** The report periods the property pane offers. */
export const REPORT_PERIODS: readonly ReportPeriod[] = ['D7', 'D30', 'D90', 'D180'];

/** The view a web part opens with: every user. */
export const DEFAULT_VIEW: ViewName = 'users';

/** The report period of the impression and the Usage view: the last 30 days. */
export const DEFAULT_PERIOD: ReportPeriod = 'D30';

/** Edits are off until an admin turns them on. */
export const DEFAULT_ALLOW_EDITS = false;
/** Destructive plan steps (authentication methods, device retire/wipe) start off, like edits. */
export const DEFAULT_ALLOW_DESTRUCTIVE = false;

/** What the web part does with the report relay (see core/reports/relay.ts): read copies and publish its own reads, read only, or neither. */
export type RelayMode = 'publish' | 'read' | 'off';

/** The relay's modes, in the property pane's order. */
export const RELAY_MODES: readonly RelayMode[] = ['publish', 'read', 'off'];

/**
 * Report copies are read by default (a reader Graph refuses never sees one), and published only where the
 * page's owner turns it on: a publication writes every user's report rows into the library, which the site's
 * administrators (in a group or Teams site, its owners) can open whatever its own permissions say.
 */
export const DEFAULT_RELAY: RelayMode = 'read';

/** What visitors without report access may get, in the property pane's order. */
export const VISITOR_MODES: readonly VisitorsMode[] = ['dashboard', 'none'];

/**
 * Visitors Graph refuses usage reports see the dashboard an admin published (tenant-wide counts and trends only),
 * not "Admin role missing" where the charts should be: a page exists to be read by its visitors.
 */
export const DEFAULT_VISITORS: VisitorsMode = 'dashboard';

/**
 * The Users view's columns until the property pane or the viewer chooses otherwise: who (name, UPN,
 * role, department), then what the product exists for — licences, MFA, last activity. Defined beside
 * the columns in core (the CLI's `users` export writes the same set); this is its one name in the app.
 */
export const DEFAULT_COLUMNS: readonly string[] = DEFAULT_VISIBLE;

/** Every report tile, in the catalog's order (Security readiness is offered but starts unticked: see SECURITY_TILE). */
export const DEFAULT_USAGE_TILES: readonly string[] = OVERVIEW_TILES.map(t => t.key);

/** The overview tiles the property pane offers a checkbox for (key and title), in the catalog's order. */
export const USAGE_TILE_CHOICES: ReadonlyArray<Pick<OverviewTile, 'key' | 'title'>> = TILE_CHOICES.map(t => ({ key: t.key, title: t.title }));

/**
 * The web part's properties as SharePoint stores them (the property pane edits them). Optional and
 * loosely typed on purpose: a page may hold an instance saved by an older version, or edited by hand.
 */
export interface IImpressionsProperties {
  defaultView?: ViewName | string;
  defaultPeriod?: ReportPeriod | string;
  allowEdits?: boolean;
  /** The second switch: destructive optional steps of a plan (needs allowEdits too). */
  allowDestructive?: boolean;
  /** Comma-separated column keys; empty means DEFAULT_COLUMNS. */
  defaultColumns?: string;
  /** Overview tiles by key (`usageTiles.email` in the property pane); a tile not set is shown when it is a default tile. */
  usageTiles?: Record<string, boolean>;
  /** The report relay: 'publish', 'read' or 'off' (RelayMode). */
  reportRelay?: RelayMode | string;
  /** The site whose library keeps report copies; empty: the site hosting the web part. */
  relaySite?: string;
  /**
   * The site whose list keeps the shared store (prices, history, the visitors' dashboard); empty: the tenant-wide
   * setting M365ImpressionsStoreSite, else the site hosting the web part (core/history chooseStoreSite).
   */
  storeSite?: string;
  /** What visitors without report access get in the Usage view: 'dashboard' or 'none' (VisitorsMode). */
  visitors?: VisitorsMode | string;
}

/** The default columns as the property pane's text field holds them. */
export const DEFAULT_COLUMNS_TEXT = DEFAULT_COLUMNS.join(',');

/** The properties a freshly added web part starts with: the manifest's preconfigured properties. */
export const DEFAULT_PROPERTIES: Readonly<Required<IImpressionsProperties>> = {
  defaultView: DEFAULT_VIEW,
  defaultPeriod: DEFAULT_PERIOD,
  allowEdits: DEFAULT_ALLOW_EDITS,
  allowDestructive: DEFAULT_ALLOW_DESTRUCTIVE,
  defaultColumns: DEFAULT_COLUMNS_TEXT,
  usageTiles: Object.fromEntries(DEFAULT_USAGE_TILES.map(k => [k, true])),
  reportRelay: DEFAULT_RELAY,
  relaySite: '',
  storeSite: '',
  visitors: DEFAULT_VISITORS
};

/** Where and how the web part keeps report copies, from its properties; undefined when the relay is off. */
export interface IRelaySettings {
  siteUrl: string;
  publish: boolean;
  /** Set when `relaySite` was given but cannot be used (another host, not a URL): the hosting site is used instead. */
  ignoredSite?: string;
}

/**
 * The relay from the web part's properties and the site hosting it. A named site must be on the same host
 * (SPHttpClient reaches the person's own tenant only); anything else falls back to the hosting site. Copies
 * are read from a named site but published only to the hosting site: a page's editor cannot send every
 * visiting admin's report rows to a site of their choosing (the CLI publishes to a named site).
 */
export function relayFromProperties(props: IImpressionsProperties, hostingSite: string): IRelaySettings | undefined {
  const mode = RELAY_MODES.find(m => m === props.reportRelay) ?? DEFAULT_RELAY;
  if (mode === 'off') return undefined;
  const publish = mode === 'publish';
  const named = (props.relaySite ?? '').trim();
  if (!named) return { siteUrl: hostingSite, publish };
  try {
    const url = new URL(named);
    if (url.protocol === 'https:' && url.host.toLowerCase() === new URL(hostingSite).host.toLowerCase()) {
      const siteUrl = `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
      return { siteUrl, publish: publish && siteUrl.toLowerCase() === hostingSite.replace(/\/+$/, '').toLowerCase() };
    }
  } catch {
    // not a URL: the hosting site, said below
  }
  return { siteUrl: hostingSite, publish, ignoredSite: named };
}

/**
 * Column keys from the property's text: known keys, in the order given, each once. Empty, blank or
 * nothing but unknown keys (a typo, a column since removed) means the default columns.
 */
export function columnsFromText(text: string | undefined | null): string[] {
  const keys = (text ?? '').split(',').map(s => s.trim()).filter(k => !!userColumn(k));
  const unique = keys.filter((k, i) => keys.indexOf(k) === i);
  return unique.length ? unique : [...DEFAULT_COLUMNS];
}

/**
 * Whether the property pane shows an overview tile: a default tile unless it was unticked, any other once
 * ticked. A page saved before a tile existed has no value for it: a new report tile shows there, Security
 * readiness does not.
 */
export function tileShown(props: IImpressionsProperties, key: string): boolean {
  const set = props.usageTiles?.[key];
  return set === undefined ? DEFAULT_USAGE_TILES.includes(key) : set !== false;
}

/** The app's settings from the web part's properties; anything missing, empty or unknown is the default. */
export function settingsFromProperties(props: IImpressionsProperties = {}): IImpressionsSettings {
  const view = VIEW_NAMES.find(v => v === props.defaultView);
  const period = REPORT_PERIODS.find(p => p === props.defaultPeriod);
  return {
    defaultView: view ?? DEFAULT_VIEW,
    defaultPeriod: period ?? DEFAULT_PERIOD,
    allowEdits: typeof props.allowEdits === 'boolean' ? props.allowEdits : DEFAULT_ALLOW_EDITS,
    // The second switch means nothing without the first: destructive steps are edits too.
    allowDestructive: props.allowEdits === true && props.allowDestructive === true,
    defaultColumns: columnsFromText(props.defaultColumns),
    usageTiles: TILE_CHOICES.map(t => t.key).filter(k => tileShown(props, k)),
    visitors: VISITOR_MODES.find(m => m === props.visitors) ?? DEFAULT_VISITORS
  };
}

/** The settings of a web part left as it was added. */
export const DEFAULT_SETTINGS: Readonly<IImpressionsSettings> = settingsFromProperties(DEFAULT_PROPERTIES);
