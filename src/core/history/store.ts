/**
 * The shared store in a SharePoint list (issue 17): ONE generic list, "M365 Impressions history", in the store's
 * site, with a Text `Kind` ('price' | 'snapshot' | 'publication'), a Text `Day` (a snapshot's YYYY-MM-DD) and a
 * plain multi-line `Data` holding the value's JSON. A price is one item per SKU (Title = skuId), a snapshot one
 * per day (Title = `snapshot:<day>`), the publication one item, replaced. Reads ask SharePoint for the items of
 * one kind (5,000 a page: three years of daily snapshots is one request); the list is created on the first write.
 *
 * A value too long for one item is written in parts (`<title>#<stamp>:<i>/<n>`), new parts before the old are
 * deleted: a reader meanwhile sees the old value whole or the new one whole, never a mix (the newest complete
 * version wins). A damaged item is skipped and reported (`onSkipped`, `skipped`); StoreError 'damaged' only when
 * items were there and none could be read.
 */
import { SharePointList, SharePointListError, odataString } from '../sharepoint';
import type { IListFieldSpec, IListItem, SharePointFetch } from '../sharepoint';
import type { ISkuPrice } from '../licences/types';
import { StoreError } from './types';
import type { IPublication, ISnapshot, IStoreLocation, ITenantStore } from './types';
import { assertSnapshot, checkPrice, checkPublication, checkSnapshot, dayInRange, onePerDay, readJson } from './storeRecords';
import type { IStoreSkip, StoreRecordKind } from './storeRecords';

/** The list's title, in every site that keeps a store. */
export const STORE_LIST_TITLE = 'M365 Impressions history';

/** The list's description, as SharePoint shows it. */
export const STORE_LIST_DESCRIPTION = 'M365 Impressions: unit prices entered by admins, daily tenant-wide figures (counts only, never a person) and the usage dashboard published for visitors. Kept by the product; edit through it.';

/** The list's columns besides Title: Kind and Day indexed, so filters on them stay allowed past 5,000 items. */
export const STORE_LIST_FIELDS: readonly IListFieldSpec[] = [
  { name: 'Kind', kind: 'text', indexed: true },
  { name: 'Day', kind: 'text', indexed: true },
  { name: 'Data', kind: 'note' }
];

/**
 * Characters of JSON one item's Data holds before the value is split into parts. SharePoint's limit for a plain
 * multi-line column was not found in its reference; the 63,999 often quoted is kept clear of.
 */
export const STORE_PART_CHARS = 60000;

/** Where the store's site came from, once known (see storeSite.ts for how a host chooses it). */
export interface IStoreSite {
  siteUrl: string;
  /** Unset where a site is simply given (the CLI's --site). */
  chosenBy?: IStoreLocation['chosenBy'];
}

/** Options of a SharePointTenantStore. */
export interface ISharePointTenantStoreOptions {
  /** 'demo' in the workbench (the demo tenant's SharePoint); default 'sharepoint'. */
  kind?: 'sharepoint' | 'demo';
  /** Ask /_api/contextinfo for a form digest and send it on writes (hosts without SPHttpClient). */
  requestDigest?: boolean;
  /** Told about every record a read skipped (damaged, or parts missing). */
  onSkipped?: (skipped: readonly IStoreSkip[]) => void;
  /** Characters per item before a value is split (tests: small); default STORE_PART_CHARS. */
  partChars?: number;
  /** Writes sent side by side (default 4). */
  concurrency?: number;
}

interface IPart {
  id: number;
  title: string;
  day: string;
  data: string;
}

const PART = /^(.*)#([0-9a-z]+):(\d+)\/(\d+)$/;

/** A key's readable versions, newest first (the highest item id of each). */
function versionsOf(items: readonly IPart[]): Map<string, Array<{ top: number; text: string; at: string }>> {
  const sets = new Map<string, { key: string; n: number; parts: Map<number, IPart> }>();
  const out = new Map<string, Array<{ top: number; text: string; at: string }>>();
  const push = (key: string, v: { top: number; text: string; at: string }): void => {
    const list = out.get(key) ?? [];
    list.push(v);
    out.set(key, list);
  };
  for (const item of items) {
    const m = PART.exec(item.title);
    if (!m) {
      push(item.title, { top: item.id, text: item.data, at: `item ${item.id}` });
      continue;
    }
    const [, key = '', stamp = '', i = '0', n = '0'] = m;
    const set = sets.get(`${key}#${stamp}`) ?? { key, n: Number(n), parts: new Map<number, IPart>() };
    set.parts.set(Number(i), item);
    sets.set(`${key}#${stamp}`, set);
  }
  for (const set of sets.values()) {
    const parts = [...set.parts.entries()].sort((a, b) => a[0] - b[0]).map(([, p]) => p);
    const whole = parts.length === set.n && parts.every((_, k) => set.parts.has(k + 1));
    // An incomplete set is a write cut short (or one in progress): a version with no text, reported if nothing else reads.
    push(set.key, { top: Math.max(...parts.map((p) => p.id)), text: whole ? parts.map((p) => p.data).join('') : '', at: `items ${parts.map((p) => p.id).join(', ')}` });
  }
  for (const list of out.values()) list.sort((a, b) => b.top - a.top);
  return out;
}

/** Split a value's JSON into parts of at most `size` characters. */
function partsOf(text: string, size: number): string[] {
  const parts: string[] = [];
  for (let k = 0; k < text.length; k += size) parts.push(text.slice(k, k + size));
  return parts.length ? parts : [''];
}

let stampCounter = 0;
function newStamp(): string {
  stampCounter = (stampCounter + 1) % 1296;
  return `${Date.now().toString(36)}${stampCounter.toString(36)}`;
}

/** Run jobs with at most `n` at a time. */
async function pooled<T>(items: readonly T[], n: number, job: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await job(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(n, items.length)) }, worker));
}

/** The shared store in the list "M365 Impressions history" of one site. */
export class SharePointTenantStore implements ITenantStore {
  /** Records the last read skipped (damaged, or parts missing), with their reasons. */
  public skipped: readonly IStoreSkip[] = [];
  private current: IStoreLocation;
  private readonly site: Promise<IStoreSite>;
  private list: Promise<SharePointList> | undefined;

  /**
   * `site`: the site's URL (chosen by the host: `chosenBy`), or a promise of it when the host still asks where
   * it is (the tenant-wide setting): every call waits for it, and `location` says the site once known.
   */
  public constructor(private readonly fetch: SharePointFetch, site: string | Promise<IStoreSite>, chosenBy?: IStoreLocation['chosenBy'], private readonly options: ISharePointTenantStoreOptions = {}) {
    const kind = options.kind ?? 'sharepoint';
    this.site = typeof site === 'string' ? Promise.resolve({ siteUrl: site, ...(chosenBy ? { chosenBy } : {}) }) : site;
    this.current = { kind, where: typeof site === 'string' ? site.replace(/\/+$/, '') : '', ...(typeof site === 'string' && chosenBy ? { chosenBy } : {}) };
    void this.site.then((s) => { this.current = { kind, where: s.siteUrl.replace(/\/+$/, ''), ...(s.chosenBy ? { chosenBy: s.chosenBy } : {}) }; }, () => undefined);
  }

  /** Where the store is (the site is '' until a host's choice is known: see `whereabouts`). */
  public get location(): IStoreLocation {
    return this.current;
  }

  /** Where the store is, once the host's choice of site is known. */
  public async whereabouts(): Promise<IStoreLocation> {
    await this.site;
    return this.current;
  }

  public async readPrices(signal?: AbortSignal): Promise<ISkuPrice[]> {
    const read = await this.read('price', `Kind eq 'price'`, signal);
    return this.checked(read, 'price', (text, key) => readJson(text, (v) => checkPrice(v, key))).sort((a, b) => a.skuId.localeCompare(b.skuId));
  }

  public async writePrice(skuId: string, price: Omit<ISkuPrice, 'skuId'> | null, signal?: AbortSignal): Promise<void> {
    if (price !== null) {
      const checked = checkPrice(price, skuId);
      if (typeof checked === 'string') throw new TypeError(`Not a price to keep for ${skuId}: ${checked}.`);
    }
    const existing = (await this.existing(`Kind eq 'price'`, signal)).filter((p) => keyOf(p.title) === skuId);
    await this.put('price', skuId, '', price === null ? null : { monthly: price.monthly, currency: price.currency, by: price.by, at: price.at }, existing, signal);
  }

  public async readSnapshots(range?: { from?: string; to?: string }, signal?: AbortSignal): Promise<ISnapshot[]> {
    const read = await this.read('snapshot', daysFilter(range), signal);
    const snapshots = this.checked(read, 'snapshot', (text, key) => {
      const s = readJson(text, checkSnapshot);
      return typeof s === 'string' || `snapshot:${s.day}` === key ? s : `its day (${s.day}) is not the item's (${key})`;
    });
    return snapshots.filter((s) => dayInRange(s.day, range)).sort((a, b) => a.day.localeCompare(b.day));
  }

  public async writeSnapshots(snapshots: readonly ISnapshot[], options: { replace?: boolean; signal?: AbortSignal } = {}): Promise<number> {
    snapshots.forEach(assertSnapshot);
    const wanted = onePerDay(snapshots, options.replace === true);
    if (!wanted.length) return 0;
    const days = wanted.map((s) => s.day).sort();
    const existing = await this.existing(daysFilter({ from: days[0], to: days[days.length - 1] }), options.signal);
    const byKey = new Map<string, IPart[]>();
    for (const p of existing) byKey.set(keyOf(p.title), [...(byKey.get(keyOf(p.title)) ?? []), p]);
    const toWrite = wanted.filter((s) => options.replace === true || !byKey.has(`snapshot:${s.day}`));
    await pooled(toWrite, this.options.concurrency ?? 4, (s) => this.put('snapshot', `snapshot:${s.day}`, s.day, s, byKey.get(`snapshot:${s.day}`) ?? [], options.signal));
    return toWrite.length;
  }

  public async readPublication(signal?: AbortSignal): Promise<IPublication | null> {
    const read = await this.read('publication', `Kind eq 'publication'`, signal);
    const found = this.checked(read, 'publication', (text, key) => (key === 'publication' ? readJson(text, checkPublication) : 'not the publication item'));
    return found[0] ?? null;
  }

  public async publish(publication: IPublication, signal?: AbortSignal): Promise<void> {
    const checked = checkPublication(publication);
    if (typeof checked === 'string') throw new TypeError(`Not a publication to keep: ${checked}.`);
    const existing = await this.existing(`Kind eq 'publication'`, signal);
    await this.put('publication', 'publication', '', checked, existing, signal);
  }

  // ------------------------------------------------------------ reading

  private async read(kind: StoreRecordKind, filter: string, signal?: AbortSignal): Promise<IPart[]> {
    const list = await this.theList();
    const items = await this.guard(() => list.items({ select: ['Id', 'Title', 'Day', 'Data'], filter }, signal));
    return (items ?? []).map(partOf).filter((p) => kindOfKey(p.title, kind));
  }

  /** The items a write replaces, without their data. */
  private async existing(filter: string, signal?: AbortSignal): Promise<IPart[]> {
    const list = await this.theList();
    const items = await this.guard(() => list.items({ select: ['Id', 'Title', 'Day'], filter }, signal));
    return (items ?? []).map(partOf);
  }

  /** Each key's newest readable version; the others skipped and reported. 'damaged' when items were there and none read. */
  private checked<T>(parts: readonly IPart[], kind: StoreRecordKind, check: (text: string, key: string) => T | string): T[] {
    const values: T[] = [];
    const skipped: IStoreSkip[] = [];
    for (const [key, versions] of versionsOf(parts)) {
      let reason = '';
      let value: T | undefined;
      for (const v of versions) {
        const r = v.text === '' ? 'some of its parts are missing' : check(v.text, key);
        if (typeof r !== 'string') {
          value = r;
          break;
        }
        reason ||= `${r} (${v.at})`;
      }
      if (value !== undefined) values.push(value);
      else skipped.push({ kind, key: key.replace(/^snapshot:/, ''), at: versions[0]?.at ?? '', reason });
    }
    this.skipped = skipped;
    if (skipped.length) this.options.onSkipped?.(skipped);
    if (!values.length && skipped.length) {
      const where = this.whereText();
      throw new StoreError('damaged', `Nothing in ${where} could be read: ${skipped.length === 1 ? 'its one item' : `all ${skipped.length} items`} of this kind are damaged (the first: ${skipped[0]?.reason ?? ''}). A site owner may delete them from the list.`);
    }
    return values;
  }

  // ------------------------------------------------------------ writing

  /** Write one record's value (null: delete it), replacing the items it had. */
  private async put(kind: StoreRecordKind, key: string, day: string, value: unknown, existing: readonly IPart[], signal?: AbortSignal): Promise<void> {
    const list = await this.theList();
    if (value === null) {
      for (const p of existing) await this.guard(() => list.remove(p.id, signal));
      return;
    }
    const texts = partsOf(JSON.stringify(value), Math.max(1, this.options.partChars ?? STORE_PART_CHARS));
    const only = existing.length === 1 ? existing[0] : undefined;
    if (texts.length === 1 && only && only.title === key) {
      await this.guard(() => list.update(only.id, { Title: key, Kind: kind, Day: day, Data: texts[0] ?? '' }, signal));
      return;
    }
    const stamp = newStamp();
    for (let i = 0; i < texts.length; i++) {
      const title = texts.length === 1 ? key : `${key}#${stamp}:${i + 1}/${texts.length}`;
      await this.guard(() => list.add({ Title: title, Kind: kind, Day: day, Data: texts[i] ?? '' }, signal));
    }
    // The new value is whole: the old items go. One that stays (a failure) is an older version readers pass over.
    for (const p of existing) await list.remove(p.id, signal).catch(() => undefined);
  }

  // ------------------------------------------------------------ the list and its refusals

  private theList(): Promise<SharePointList> {
    this.list ??= this.site.then((s) => new SharePointList(this.fetch, s.siteUrl, STORE_LIST_TITLE, { fields: STORE_LIST_FIELDS, description: STORE_LIST_DESCRIPTION, requestDigest: this.options.requestDigest === true }));
    return this.list;
  }

  private whereText(): string {
    return `the list '${STORE_LIST_TITLE}' in ${this.current.where || 'the store\u2019s site'}`;
  }

  /** SharePoint's refusals as the store's: who may create the list, who may write to it, what could not be reached. */
  private async guard<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (e) {
      if (!(e instanceof SharePointListError)) throw e;
      throw storeErrorOf(e, this.whereText());
    }
  }
}

/** A SharePoint list failure as a StoreError, in words an admin can act on. */
export function storeErrorOf(e: SharePointListError, where: string): StoreError {
  const refused = e.status === 401 || e.status === 403;
  if (e.step === 'create' && refused) {
    return new StoreError('cannotCreate', `There is no ${where} yet, and SharePoint refused to create it for you. Creating it takes the right to manage lists in that site (a site owner, or the Edit permission level): a site owner opens the product once to create it, or another site is named for the history (the web part's History site setting, the tenant-wide setting M365ImpressionsStoreSite, or the CLI's --site). (${e.message})`, e.status);
  }
  if (e.step === 'create' && e.status === 404) return new StoreError('notFound', `There is no site to keep ${where} in (or it is hidden from you). (${e.message})`, e.status);
  if (e.step === 'write' && refused) {
    return new StoreError('readOnly', `You may read ${where}, but not add to it: SharePoint refused. Adding to it takes Contribute (Edit) on the list or its site: ask a site owner. (${e.message})`, e.status);
  }
  if (refused) return new StoreError('unreachable', `You may not open ${where}: SharePoint refused. Reading it takes Read on the list or its site: ask a site owner. (${e.message})`, e.status);
  if (e.status === 404) return new StoreError('notFound', `${where} is not there any more (deleted while in use?). (${e.message})`, e.status);
  return new StoreError('unreachable', e.message, e.status || undefined);
}

function partOf(item: IListItem): IPart {
  return { id: item.Id, title: typeof item.Title === 'string' ? item.Title : '', day: typeof item.Day === 'string' ? item.Day : '', data: typeof item.Data === 'string' ? item.Data : '' };
}

/** The record's key from an item's title (a part's title without its `#stamp:i/n`). */
function keyOf(title: string): string {
  return PART.exec(title)?.[1] ?? title;
}

/** Items of a kind have keys of its shape: a snapshot's `snapshot:<day>`; prices and the publication any other. */
function kindOfKey(title: string, kind: StoreRecordKind): boolean {
  const key = keyOf(title);
  return kind === 'snapshot' ? key.startsWith('snapshot:') : !key.startsWith('snapshot:');
}

/** `Kind eq 'snapshot'` and the range's bounds on Day (Text, YYYY-MM-DD: compared as text, which orders days). */
function daysFilter(range?: { from?: string; to?: string }): string {
  let f = `Kind eq 'snapshot'`;
  if (range?.from) f += ` and Day ge ${odataString(range.from)}`;
  if (range?.to) f += ` and Day le ${odataString(range.to)}`;
  return f;
}
