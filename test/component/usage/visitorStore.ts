// The shared store faked in memory for the visitors' dashboard tests (the store helper's SharePoint list is the
// real one; this is only its edge), and a publication as an admin's session would write it.
import { buildPublication } from '../../../src/core/history';
import type { IPublication, IStoreLocation, ISnapshot, ITenantStore } from '../../../src/core/history';
import type { ISkuPrice } from '../../../src/core/licences/types';
import type { ReportRow } from '../../../src/core/reports';
import { PUBLICATION_SPECS, publicationEntries } from '../../../src/ui/usage/model/publication';
import { dates } from './usageFixtures';

/** An ITenantStore in memory: what it holds, what was written, and failures to answer with. */
export class MemoryTenantStore implements ITenantStore {
  public readonly location: IStoreLocation = { kind: 'sharepoint', where: "list 'M365 Impressions history' in https://contoso.sharepoint.com/sites/it", chosenBy: 'host' };
  /** Whatever the list holds (JSON-like: it may be damaged). */
  public held: unknown = null;
  public readonly written: IPublication[] = [];
  public reads = 0;
  /** How often the history (the snapshots) was read. */
  public snapshotReads = 0;
  public readError: unknown;
  public writeError: unknown;

  public constructor(held: unknown = null) {
    this.held = held;
  }

  public async readPrices(): Promise<ISkuPrice[]> { return []; }
  public async writePrice(): Promise<void> { return undefined; }
  public async readSnapshots(): Promise<ISnapshot[]> { this.snapshotReads++; return []; }
  public async writeSnapshots(): Promise<number> { return 0; }

  public async readPublication(): Promise<IPublication | null> {
    this.reads++;
    if (this.readError) throw this.readError;
    return this.held === null ? null : (JSON.parse(JSON.stringify(this.held)) as IPublication);
  }

  public async publish(publication: IPublication): Promise<void> {
    if (this.writeError) throw this.writeError;
    this.written.push(publication);
    this.held = JSON.parse(JSON.stringify(publication));
  }
}

/** Rows of every report a publication reads, `days` days up to `last`: each measure's value is `base + day index` (0 = newest). */
function reportRows(fn: string, days: number, last: string, base: number): ReportRow[] {
  const entry = publicationEntries().find(e => e.fn === fn);
  const measures = entry?.columns.filter(c => c.type === 'number' && c.header !== 'Report Period').map(c => c.header) ?? [];
  return dates(days, last).map((d, i) => ({ 'Report Refresh Date': last, 'Report Date': d, ...Object.fromEntries(measures.map(m => [m, base + i])) }));
}

/** A publication as an admin's session writes it: every overview tile, `days` days up to `asOf`. */
export function publicationFixture(options: { at?: string; by?: string; asOf?: string; days?: number; base?: number } = {}): IPublication {
  const asOf = options.asOf ?? '2026-11-19';
  const read = (fn: string): { rows: ReportRow[]; refreshDate: string } => ({ rows: reportRows(fn, options.days ?? 180, asOf, options.base ?? 40), refreshDate: asOf });
  return buildPublication(PUBLICATION_SPECS, read, new Date(options.at ?? '2026-11-20T09:00:00Z'), options.by ?? 'admin@contoso.com').publication;
}
