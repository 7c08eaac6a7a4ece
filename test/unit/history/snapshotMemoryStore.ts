/** An in-memory ITenantStore for tests and the history benchmark: the interface's rules, no SharePoint. */
import { StoreError } from '../../../src/core/history';
import type { IPublication, ISnapshot, IStoreLocation, ITenantStore } from '../../../src/core/history';
import type { ISkuPrice } from '../../../src/core/licences';

/** What the fake was asked, for assertions. */
export interface IMemoryStoreLog {
  reads: number;
  writes: Array<{ days: string[]; replace: boolean }>;
}

/** A store holding snapshots by day; `refuse` makes writes (or reads) fail with a StoreError of that kind. */
export class MemoryTenantStore implements ITenantStore {
  public readonly location: IStoreLocation = { kind: 'demo', where: 'memory' };
  public readonly log: IMemoryStoreLog = { reads: 0, writes: [] };
  public refuseWrites: StoreError | undefined;
  public refuseReads: StoreError | undefined;
  private readonly days = new Map<string, ISnapshot>();
  private prices: ISkuPrice[] = [];
  private publication: IPublication | null = null;

  public constructor(snapshots: readonly ISnapshot[] = []) {
    for (const s of snapshots) this.days.set(s.day, s);
  }

  /** Every snapshot kept, oldest first. */
  public get all(): ISnapshot[] {
    return [...this.days.values()].sort((a, b) => (a.day < b.day ? -1 : 1));
  }

  public readPrices(): Promise<ISkuPrice[]> {
    return Promise.resolve([...this.prices]);
  }

  public writePrice(skuId: string, price: Omit<ISkuPrice, 'skuId'> | null): Promise<void> {
    this.prices = this.prices.filter(p => p.skuId !== skuId);
    if (price) this.prices.push({ skuId, ...price });
    return Promise.resolve();
  }

  public readSnapshots(range: { from?: string; to?: string } = {}): Promise<ISnapshot[]> {
    this.log.reads++;
    if (this.refuseReads) return Promise.reject(this.refuseReads);
    return Promise.resolve(this.all.filter(s => (!range.from || s.day >= range.from) && (!range.to || s.day <= range.to)).map(s => clone(s)));
  }

  public writeSnapshots(snapshots: readonly ISnapshot[], options: { replace?: boolean } = {}): Promise<number> {
    this.log.writes.push({ days: snapshots.map(s => s.day), replace: !!options.replace });
    if (this.refuseWrites) return Promise.reject(this.refuseWrites);
    let n = 0;
    for (const s of snapshots) {
      if (this.days.has(s.day) && !options.replace) continue;
      this.days.set(s.day, clone(s));
      n++;
    }
    return Promise.resolve(n);
  }

  public readPublication(): Promise<IPublication | null> {
    return Promise.resolve(this.publication);
  }

  public publish(publication: IPublication): Promise<void> {
    this.publication = publication;
    return Promise.resolve();
  }
}

/** A refusal as the SharePoint store gives it. */
export const readOnly = (): StoreError => new StoreError('readOnly', 'You may read the history, but not add to it.', 403);

function clone(s: ISnapshot): ISnapshot {
  return JSON.parse(JSON.stringify(s)) as ISnapshot;
}
