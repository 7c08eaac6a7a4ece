/**
 * The overview's side of the visitors' dashboard (core/history/publication): which tiles and reports a publication
 * holds, who counts as a visitor (Graph refused a report read for the role), the published tiles as the tile model's
 * parts, and the words the screen says about a publication and the store.
 */
import { PUBLICATION_PERIOD, StoreError, publicationAsOf, publishedRows } from '../../../core/history';
import type { IPublication, IPublishedTile, IPublishedTileSpec, ITenantStore } from '../../../core/history';
import { GraphError } from '../../../core/graph';
import { findReport } from '../../../core/reports';
import type { IReportEntry, ReportPeriod, ReportReadState } from '../../../core/reports';
import type { ITilePart } from './tileModel';
import { OVERVIEW_TILES } from './tiles';
import type { IOverviewTile } from './tiles';

/** What a publication holds: every report tile of the overview (whatever this page shows), with the measures it charts. */
export const PUBLICATION_SPECS: readonly IPublishedTileSpec[] = OVERVIEW_TILES.map(t => ({ key: t.key, title: t.title, sources: t.sources.map(s => ({ fn: s.fn, series: s.series })) }));

/** The reports a publication reads, each once (for PUBLICATION_PERIOD). */
export function publicationEntries(): IReportEntry[] {
  const entries: IReportEntry[] = [];
  for (const t of OVERVIEW_TILES) {
    for (const s of t.sources) {
      const entry = findReport(s.fn);
      if (entry && !entries.includes(entry)) entries.push(entry);
    }
  }
  return entries;
}

/** The param a publication is read with. */
export const PUBLICATION_PARAM = { period: PUBLICATION_PERIOD };

/** Whether Graph refused a report read for want of a report role (not a scope, a licence, throttling or anything else). */
export function roleRefused(states: readonly ReportReadState[]): boolean {
  return states.some(s => s.status === 'error' && s.error instanceof GraphError && s.error.kind === 'role');
}

/** Whether any report read came back (the viewer reads reports). */
export function readsReports(states: readonly ReportReadState[]): boolean {
  return states.some(s => s.status === 'ready');
}

/** Graph's report dates now, by report function, from the reads that came back. */
export function liveReportDates(entries: readonly IReportEntry[], states: readonly ReportReadState[]): Record<string, string> {
  const dates: Record<string, string> = {};
  states.forEach((s, i) => {
    const fn = entries[i]?.fn;
    if (fn && s.status === 'ready' && s.result.refreshDate) dates[fn] = s.result.refreshDate;
  });
  return dates;
}

/** A published tile as the tile model's parts for a period; undefined when a report of the tile is not in the catalog. */
export function publishedParts(tile: IOverviewTile, published: IPublishedTile, period: ReportPeriod): ITilePart[] | undefined {
  const parts: ITilePart[] = [];
  for (const s of tile.sources) {
    const source = published.sources.find(p => p.fn === s.fn);
    const entry = findReport(s.fn);
    if (!source || !entry) return undefined;
    parts.push({ entry, rows: publishedRows(source, period) });
  }
  return parts;
}

/** The newest report date of a published tile's reports. */
export function publishedTileDate(published: IPublishedTile): string | null {
  return published.sources.reduce<string | null>((d, s) => (s.refreshDate && (!d || s.refreshDate > d) ? s.refreshDate : d), null);
}

/** "Published 2026-11-20 by admin@contoso.com · figures as of 2026-11-19" (the day in UTC, as report dates are). */
export function publishedLabel(publication: IPublication): string {
  const asOf = publicationAsOf(publication);
  return `Published ${publication.publishedAt.slice(0, 10)} by ${publication.publishedBy}${asOf ? ` · figures as of ${asOf}` : ''}`;
}

/** A store failure in words: what went wrong and, where known, who can do something about it. */
export function storeProblem(error: unknown, store: ITenantStore | undefined, doing: 'read' | 'publish'): string {
  const where = store?.location.where ?? 'the shared store';
  if (!(error instanceof StoreError)) return `${doing === 'read' ? 'Reading' : 'Publishing'} the dashboard failed: ${error instanceof Error ? error.message : String(error)}`;
  switch (error.kind) {
    case 'cannotCreate':
      return `The list that keeps the dashboard is not in ${where} yet, and you may not create lists there: a site owner opens this page once and publishes, or grants you Manage Lists. (${error.message})`;
    case 'readOnly':
      return `You may read ${where}, but not write to it: a site owner grants you Edit (Contribute) on the list "M365 Impressions history". (${error.message})`;
    case 'unreachable':
      return `${where} could not be reached: ${error.message} Try again in a few minutes.`;
    case 'damaged':
      return `What ${where} holds could not be read: ${error.message}`;
    default:
      return `${where}: ${error.message}`;
  }
}
