/** The overview's tiles: plain data, like the report catalog, so the property pane and the screen share one list. */
import type { IReportChart, IReportColumn, ReportRow } from '../../../core/reports';
import type { ChartType } from './chartModel';
import { toNumber } from './chartModel';

/** One report a tile reads, and how its measures are named on the tile. */
export interface ITileSource {
  /** Report function, e.g. `getOneDriveUsageStorage`. */
  fn: string;
  /** Measures to chart; the catalog's default series when omitted. */
  series?: string[];
  /** When a tile merges several reports, each measure's name on the tile (header -> label). */
  rename?: Record<string, string>;
}

/** One overview tile over usage reports. */
export interface IOverviewTile {
  /** A report tile (the default kind); see OverviewTile for the others. */
  kind?: 'reports';
  /** Stable key: the property pane stores it. */
  key: string;
  title: string;
  /** One line under the title. */
  description: string;
  /** One report, or several merged by Report Date (their measures renamed). */
  sources: ITileSource[];
  /** `latest`: the newest day's measures as bars, for states (quota status) rather than trends. */
  show: { chart: ChartType; latest?: boolean };
  /** The figure in big type: the newest value of this measure (after renaming), with its label. */
  headline?: { series: string; label: string };
}

/** Every tile an overview can show, in the default order. */
export const OVERVIEW_TILES: readonly IOverviewTile[] = [
  {
    key: 'activeUsers',
    title: 'Active users by service',
    description: 'Daily active users of each Microsoft 365 service.',
    sources: [{ fn: 'getOffice365ActiveUserCounts', series: ['Exchange', 'OneDrive', 'SharePoint', 'Teams', 'Yammer'] }],
    show: { chart: 'line' },
    headline: { series: 'Teams', label: 'active in Teams' }
  },
  {
    key: 'email',
    title: 'Email activity',
    description: 'Emails sent, received and read per day.',
    sources: [{ fn: 'getEmailActivityCounts', series: ['Send', 'Receive', 'Read'] }],
    show: { chart: 'line' },
    headline: { series: 'Send', label: 'emails sent' }
  },
  {
    key: 'teams',
    title: 'Teams activity',
    description: 'Chat messages, calls and meetings per day.',
    sources: [{ fn: 'getTeamsUserActivityCounts', series: ['Team Chat Messages', 'Private Chat Messages', 'Calls', 'Meetings'] }],
    show: { chart: 'line' },
    headline: { series: 'Meetings', label: 'meetings' }
  },
  {
    key: 'storage',
    title: 'OneDrive and SharePoint storage',
    description: 'Storage used across all OneDrive accounts and SharePoint sites.',
    sources: [
      { fn: 'getOneDriveUsageStorage', series: ['Storage Used (Byte)'], rename: { 'Storage Used (Byte)': 'OneDrive' } },
      { fn: 'getSharePointSiteUsageStorage', series: ['Storage Used (Byte)'], rename: { 'Storage Used (Byte)': 'SharePoint' } }
    ],
    show: { chart: 'area' },
    headline: { series: 'OneDrive', label: 'in OneDrive' }
  },
  {
    key: 'mailboxQuota',
    title: 'Mailbox quota status',
    description: 'Mailboxes by storage quota state on the latest report day.',
    sources: [{ fn: 'getMailboxUsageQuotaStatusMailboxCounts' }],
    show: { chart: 'bar', latest: true },
    headline: { series: 'Send Prohibited', label: 'cannot send' }
  },
  {
    key: 'apps',
    title: 'Microsoft 365 apps by platform',
    description: 'Daily users of the Microsoft 365 apps on each platform.',
    sources: [{ fn: 'getM365AppPlatformUserCounts' }],
    show: { chart: 'line' },
    headline: { series: 'Windows', label: 'on Windows' }
  }
];

/** Keys of every report tile, in order (the property pane's default). */
export const DEFAULT_TILE_KEYS: readonly string[] = OVERVIEW_TILES.map(t => t.key);

/** A tile over the Users list and its security joins rather than reports: it has its own component and model. */
export interface ISecurityTile {
  kind: 'security';
  /** Stable key: the property pane stores it. */
  key: string;
  title: string;
  /** One line under the title. */
  description: string;
}

/** Any tile an overview can show. */
export type OverviewTile = IOverviewTile | ISecurityTile;

/**
 * Security readiness: shares of users simulated, clicked, compromised, training completed and MFA enforced.
 * Offered, but unticked until an editor ticks it: it reads every user of the tenant (the report tiles read
 * a few rows each), and its data needs Defender for Office 365 Plan 2 and security roles most tenants and
 * viewers do not have, so by default it would cost the most and show a refusal to most.
 */
export const SECURITY_TILE: ISecurityTile = {
  kind: 'security',
  key: 'securityReadiness',
  title: 'Security readiness',
  description: 'Share of users simulated, who clicked or were compromised, who completed their training, and with MFA enforced.'
};

/** Every tile the property pane offers, in its order: the report tiles (shown by default), then those it starts unticked. */
export const TILE_CHOICES: readonly OverviewTile[] = [...OVERVIEW_TILES, SECURITY_TILE];

/**
 * The tiles for keys as a property pane gives them, in that order: undefined means the default tiles (every
 * report tile), an empty list none (the editor unticked them all); unknown keys are ignored, and a list of
 * nothing but unknown keys (an old or mistyped setting) falls back to the default tiles.
 */
export function tilesFor(keys: ReadonlyArray<string> | undefined): OverviewTile[] {
  if (keys === undefined) return [...OVERVIEW_TILES];
  const wanted = keys.map(k => k.trim()).filter(Boolean);
  const picked = wanted.map(k => TILE_CHOICES.find(t => t.key === k)).filter((t): t is OverviewTile => !!t);
  const unique = picked.filter((t, i) => picked.indexOf(t) === i);
  return unique.length || wanted.length === 0 ? unique : [...OVERVIEW_TILES];
}

/** Rows of several trend reports merged by Report Date, each measure under its tile name. */
export function mergeTileRows(parts: ReadonlyArray<{ rows: ReadonlyArray<ReportRow>; rename: Record<string, string> }>): ReportRow[] {
  const byDate = new Map<string, ReportRow>();
  for (const part of parts) {
    for (const row of part.rows) {
      const date = row['Report Date'];
      if (typeof date !== 'string' || !date) continue;
      const merged = byDate.get(date) ?? { 'Report Date': date };
      for (const [header, label] of Object.entries(part.rename)) {
        const v = toNumber(row[header]);
        if (v === null) continue;
        const prev = merged[label];
        // A report with several rows per date (one per site type) adds up to the day's total.
        merged[label] = typeof prev === 'number' ? prev + v : v;
      }
      byDate.set(date, merged);
    }
  }
  return [...byDate.values()];
}

/** Columns and chart of a merged tile, in the catalog's terms, so the same model and export code serve it. */
export function mergedTileShape(tile: IOverviewTile, unitOf: (fn: string, header: string) => IReportColumn['unit']): { columns: IReportColumn[]; chart: IReportChart } {
  const columns: IReportColumn[] = [{ header: 'Report Date', type: 'date' }];
  for (const s of tile.sources) {
    for (const [header, label] of Object.entries(s.rename ?? {})) columns.push({ header: label, type: 'number', unit: unitOf(s.fn, header) });
  }
  return { columns, chart: { type: tile.show.chart === 'area' ? 'area' : 'line', x: 'Report Date', series: columns.slice(1).map(c => c.header) } };
}
