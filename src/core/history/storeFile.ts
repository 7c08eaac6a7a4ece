/**
 * The shared store in a JSON-lines file (the CLI's `--to history.jsonl`, for tenants without a site): one record
 * per line, `{"kind":"snapshot","key":"2026-03-10","value":{...}}`, only ever appended. A later line for the same
 * kind and key replaces an earlier one (a price's `value: null` removes it), so the file is a log anyone can read
 * and a damaged line costs only itself: it is skipped and reported. Reading and appending are the host's (Node's
 * fs in the CLI): core has no file system.
 */
import type { ISkuPrice } from '../licences/types';
import { StoreError } from './types';
import type { IPublication, ISnapshot, IStoreLocation, ITenantStore } from './types';
import { assertSnapshot, checkPrice, checkPublication, checkSnapshot, dayInRange, onePerDay } from './storeRecords';
import type { IStoreSkip, StoreRecordKind } from './storeRecords';

/** How the file is read and appended to. */
export interface IStoreFileIo {
  /** The whole file as text; undefined when there is no file yet. */
  read(): Promise<string | undefined>;
  /** Add text at the end (creating the file). */
  append(text: string): Promise<void>;
}

/** Options of a FileTenantStore. */
export interface IFileTenantStoreOptions {
  /** Told about every line a read skipped. */
  onSkipped?: (skipped: readonly IStoreSkip[]) => void;
}

interface ILine {
  kind: StoreRecordKind;
  key: string;
  value: unknown;
  line: number;
}

const KINDS: readonly StoreRecordKind[] = ['price', 'snapshot', 'publication'];

/** The shared store in a JSON-lines file. */
export class FileTenantStore implements ITenantStore {
  public readonly location: IStoreLocation;
  /** Lines the last read skipped, with their reasons. */
  public skipped: readonly IStoreSkip[] = [];

  public constructor(private readonly io: IStoreFileIo, path: string, private readonly options: IFileTenantStoreOptions = {}) {
    this.location = { kind: 'file', where: path };
  }

  public async readPrices(): Promise<ISkuPrice[]> {
    return this.latest('price', (v, key) => checkPrice(v, key)).then((m) => [...m.values()].sort((a, b) => a.skuId.localeCompare(b.skuId)));
  }

  public async writePrice(skuId: string, price: Omit<ISkuPrice, 'skuId'> | null): Promise<void> {
    if (price !== null) {
      const checked = checkPrice(price, skuId);
      if (typeof checked === 'string') throw new TypeError(`Not a price to keep for ${skuId}: ${checked}.`);
    }
    await this.append([{ kind: 'price', key: skuId, value: price === null ? null : { monthly: price.monthly, currency: price.currency, by: price.by, at: price.at } }]);
  }

  public async readSnapshots(range?: { from?: string; to?: string }): Promise<ISnapshot[]> {
    const byDay = await this.latest('snapshot', (v, key) => {
      const s = checkSnapshot(v);
      return typeof s === 'string' || s.day === key ? s : `its day (${s.day}) is not the line's (${key})`;
    });
    return [...byDay.values()].filter((s) => dayInRange(s.day, range)).sort((a, b) => a.day.localeCompare(b.day));
  }

  public async writeSnapshots(snapshots: readonly ISnapshot[], options: { replace?: boolean } = {}): Promise<number> {
    snapshots.forEach(assertSnapshot);
    const wanted = onePerDay(snapshots, options.replace === true);
    // Days already kept, readable or not: a damaged day is replaced only when asked, as in the list.
    const kept = options.replace === true ? new Set<string>() : new Set((await this.lines()).lines.filter((l) => l.kind === 'snapshot').map((l) => l.key));
    const toWrite = wanted.filter((s) => !kept.has(s.day));
    await this.append(toWrite.map((s) => ({ kind: 'snapshot' as const, key: s.day, value: s })));
    return toWrite.length;
  }

  public async readPublication(): Promise<IPublication | null> {
    const found = await this.latest('publication', (v) => checkPublication(v));
    return found.get('publication') ?? null;
  }

  public async publish(publication: IPublication): Promise<void> {
    const checked = checkPublication(publication);
    if (typeof checked === 'string') throw new TypeError(`Not a publication to keep: ${checked}.`);
    await this.append([{ kind: 'publication', key: 'publication', value: checked }]);
  }

  /** Each key's value from its last readable line (null values remove it); 'damaged' when lines were there and none read. */
  private async latest<T>(kind: StoreRecordKind, check: (value: unknown, key: string) => T | string): Promise<Map<string, T>> {
    const { lines, skipped } = await this.lines();
    const out = new Map<string, T>();
    const failed = new Map<string, IStoreSkip>();
    for (const l of lines) {
      if (l.kind !== kind) continue;
      if (l.value === null && kind === 'price') {
        out.delete(l.key);
        failed.delete(l.key);
        continue;
      }
      const v = check(l.value, l.key);
      if (typeof v === 'string') {
        // A damaged later line leaves the earlier value standing, and is reported.
        failed.set(l.key, { kind, key: l.key, at: `line ${l.line}`, reason: v });
        continue;
      }
      out.set(l.key, v);
      failed.delete(l.key);
    }
    // A line that is not a record may have been any kind: every read reports it.
    const all = [...skipped.filter((s) => s.kind === kind || s.kind === undefined).map((s) => ({ ...s, kind })), ...failed.values()];
    this.skipped = all;
    if (all.length) this.options.onSkipped?.(all);
    if (!out.size && all.length) {
      throw new StoreError('damaged', `Nothing in ${this.location.where} could be read: ${all.length === 1 ? 'one line is' : `${all.length} lines are`} damaged (the first, ${all[0]?.at ?? ''}: ${all[0]?.reason ?? ''}).`);
    }
    return out;
  }

  /** The file's records in order; lines that are not records are skipped with their reason. */
  private async lines(): Promise<{ lines: ILine[]; skipped: Array<Omit<IStoreSkip, 'kind'> & { kind?: StoreRecordKind }> }> {
    let text: string | undefined;
    try {
      text = await this.io.read();
    } catch (e) {
      throw new StoreError('unreachable', `Could not read ${this.location.where}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const lines: ILine[] = [];
    const skipped: Array<Omit<IStoreSkip, 'kind'> & { kind?: StoreRecordKind }> = [];
    (text ?? '').split(/\r?\n/).forEach((raw, k) => {
      if (!raw.trim()) return;
      let rec: { kind?: unknown; key?: unknown; value?: unknown } | undefined;
      try {
        rec = JSON.parse(raw) as typeof rec;
      } catch {
        rec = undefined;
      }
      const kind = KINDS.find((x) => x === rec?.kind);
      if (!rec || !kind || typeof rec.key !== 'string' || !('value' in rec)) {
        skipped.push({ ...(kind ? { kind } : {}), key: typeof rec?.key === 'string' ? rec.key : '', at: `line ${k + 1}`, reason: rec ? 'not a record (kind, key and value)' : 'not JSON' });
        return;
      }
      lines.push({ kind, key: rec.key, value: rec.value, line: k + 1 });
    });
    return { lines, skipped };
  }

  private async append(records: ReadonlyArray<{ kind: StoreRecordKind; key: string; value: unknown }>): Promise<void> {
    if (!records.length) return;
    // One append per call: a run cut short leaves whole lines (the last perhaps torn, which a read skips).
    const text = records.map((r) => `${JSON.stringify({ kind: r.kind, key: r.key, value: r.value })}\n`).join('');
    try {
      // A file whose last line was torn (no newline) gets one first, so the next record starts a line of its own.
      const before = await this.io.read();
      await this.io.append(before && !before.endsWith('\n') ? `\n${text}` : text);
    } catch (e) {
      throw new StoreError('readOnly', `Could not write to ${this.location.where}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
