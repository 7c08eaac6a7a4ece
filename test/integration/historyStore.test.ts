/**
 * The shared store (core/history/store.ts) against the demo tenant's SharePoint over HTTP: the list created on
 * the first write (with its columns), prices, snapshots (one per day, a day replaced or kept) and the
 * publication read back; a value split into parts; damaged items skipped; the refusals (no right to create the
 * list, a read-only person); three years of daily snapshots read in one request; the form digest renewed; the
 * tenant-wide setting choosing the site.
 */
import { startDemoTenant } from '../../workbench/demo-tenant';
import type { IDemoTenant } from '../../workbench/demo-tenant';
import { STORE_LIST_TITLE, SharePointTenantStore, StoreError, chooseStoreSite, storeLocationText } from '../../src/core/history';
import type { ISnapshot, IStoreSkip } from '../../src/core/history';
import { bearerFetch } from '../../src/core/sharepoint';

jest.setTimeout(60_000);

const TODAY = '2026-03-10';

function snapshot(day: string, users: number, source: ISnapshot['source'] = 'taken'): ISnapshot {
  return { day, source, takenAt: `${day}T08:00:00Z`, takenBy: 'web part', figures: { users, guests: 3, 'sku:abc:assigned': 12 } };
}

/** Days back from TODAY (UTC), oldest first. */
function daysBack(n: number): string[] {
  const end = Date.parse(`${TODAY}T00:00:00Z`);
  return Array.from({ length: n }, (_, k) => new Date(end - (n - 1 - k) * 86400000).toISOString().slice(0, 10));
}

describe('the shared store in the demo tenant\u2019s SharePoint list', () => {
  let t: IDemoTenant;
  let site = '';
  const storeFor = (siteName: string, token?: string, options: ConstructorParameters<typeof SharePointTenantStore>[3] = {}): SharePointTenantStore =>
    new SharePointTenantStore(bearerFetch(() => Promise.resolve(token ?? t.token)), `${t.url}/sites/${siteName}`, 'property', options);
  const spRequests = (): number => t.sharePoint.requests.length;

  beforeAll(async () => {
    t = await startDemoTenant({ users: 40, seed: 3, today: TODAY });
    site = `${t.url}/sites/it`;
  });
  afterAll(async () => {
    await t.close();
  });

  it('reads nothing from a site without the list, and creates nothing by reading', async () => {
    const store = storeFor('empty');
    t.sharePoint.clearRequests();
    expect(await store.readPrices()).toEqual([]);
    expect(await store.readSnapshots()).toEqual([]);
    expect(await store.readPublication()).toBeNull();
    expect(spRequests()).toBe(3);
    expect(t.sharePoint.list('empty', STORE_LIST_TITLE)).toBeUndefined();
  });

  it('creates the list with its columns on the first write, then prices are kept per SKU', async () => {
    const store = storeFor('it');
    await store.writePrice('sku-e3', { monthly: 36, currency: 'EUR', by: 'admin@contoso.com', at: `${TODAY}T09:00:00Z` });
    const info = t.sharePoint.list('it', STORE_LIST_TITLE);
    expect(info?.baseTemplate).toBe(100);
    const fields = t.sharePoint.listFields('it', STORE_LIST_TITLE) ?? [];
    expect(fields.find(f => f.internalName === 'Kind')).toMatchObject({ type: 'Text', indexed: true });
    expect(fields.find(f => f.internalName === 'Day')).toMatchObject({ type: 'Text', indexed: true });
    expect(fields.find(f => f.internalName === 'Data')).toMatchObject({ type: 'Note' });

    await store.writePrice('sku-e5', { monthly: 57, currency: 'EUR', by: null, at: `${TODAY}T09:01:00Z` });
    await store.writePrice('sku-e3', { monthly: 33.5, currency: 'EUR', by: 'admin@contoso.com', at: `${TODAY}T09:02:00Z` });
    const prices = await storeFor('it').readPrices();
    expect(prices.map(p => [p.skuId, p.monthly])).toEqual([['sku-e3', 33.5], ['sku-e5', 57]]);
    const items = (t.sharePoint.listItems('it', STORE_LIST_TITLE) ?? []).filter(i => i.fields.Kind === 'price');
    // One item per SKU: a change is the same item, changed (MERGE).
    expect(items.map(i => i.fields.Title).sort()).toEqual(['sku-e3', 'sku-e5']);
    expect(items.find(i => i.fields.Title === 'sku-e3')?.version).toBe(2);
    expect(JSON.parse(items.find(i => i.fields.Title === 'sku-e5')?.fields.Data ?? '')).toEqual({ monthly: 57, currency: 'EUR', by: null, at: `${TODAY}T09:01:00Z` });

    await store.writePrice('sku-e5', null);
    expect((await store.readPrices()).map(p => p.skuId)).toEqual(['sku-e3']);
  });

  it('appends snapshots, one per day: a day kept unless replaced; ranges read back oldest first', async () => {
    const store = storeFor('snaps');
    expect(await store.writeSnapshots([snapshot('2026-03-08', 100), snapshot('2026-03-09', 101)])).toBe(2);
    expect(await store.writeSnapshots([snapshot('2026-03-09', 999, 'backfill'), snapshot('2026-03-10', 102)])).toBe(1);
    expect((await store.readSnapshots()).map(s => [s.day, s.figures.users])).toEqual([['2026-03-08', 100], ['2026-03-09', 101], ['2026-03-10', 102]]);

    expect(await store.writeSnapshots([snapshot('2026-03-09', 111)], { replace: true })).toBe(1);
    const items = (t.sharePoint.listItems('snaps', STORE_LIST_TITLE) ?? []).filter(i => i.fields.Day === '2026-03-09');
    expect(items).toHaveLength(1);
    expect(items[0]?.fields).toMatchObject({ Title: 'snapshot:2026-03-09', Kind: 'snapshot' });

    const ranged = await store.readSnapshots({ from: '2026-03-09', to: '2026-03-09' });
    expect(ranged.map(s => [s.day, s.figures.users])).toEqual([['2026-03-09', 111]]);
    expect((await store.readSnapshots({ from: '2026-03-10' })).map(s => s.day)).toEqual(['2026-03-10']);
  });

  it('keeps one publication, replaced; a long one in parts, read back whole, its old parts deleted', async () => {
    const store = storeFor('pub', undefined, { partChars: 500 });
    const series = Array.from({ length: 90 }, (_, k) => ({ date: daysBack(90)[k], value: k * 3 }));
    const long = { publishedAt: `${TODAY}T10:00:00Z`, publishedBy: 'admin@contoso.com', tiles: { activeUsers: { series } }, reportDates: { getOffice365ActiveUserCounts: '2026-03-08' } };
    await store.publish(long);
    const parts = t.sharePoint.listItems('pub', STORE_LIST_TITLE) ?? [];
    expect(parts.length).toBeGreaterThan(3);
    expect(parts.every(p => /^publication#[0-9a-z]+:\d+\/\d+$/.test(p.fields.Title ?? ''))).toBe(true);
    expect(await storeFor('pub').readPublication()).toEqual(long);

    const short = { publishedAt: `${TODAY}T11:00:00Z`, publishedBy: 'cli', tiles: { email: { total: 5 } }, reportDates: {} };
    await storeFor('pub').publish(short);
    expect(await storeFor('pub').readPublication()).toEqual(short);
    expect((t.sharePoint.listItems('pub', STORE_LIST_TITLE) ?? []).map(i => i.fields.Title)).toEqual(['publication']);
  });

  it('skips a damaged item and says which; only when nothing can be read is the store damaged', async () => {
    const store = storeFor('damaged');
    await store.writeSnapshots([snapshot('2026-03-01', 50)]);
    t.sharePoint.addListItem('damaged', STORE_LIST_TITLE, { Title: 'snapshot:2026-03-02', Kind: 'snapshot', Day: '2026-03-02', Data: '{"day":"2026-03-02",' });
    const told: IStoreSkip[] = [];
    const reading = storeFor('damaged', undefined, { onSkipped: s => told.push(...s) });
    expect((await reading.readSnapshots()).map(s => s.day)).toEqual(['2026-03-01']);
    expect(told).toEqual([expect.objectContaining({ kind: 'snapshot', key: '2026-03-02', reason: expect.stringMatching(/not JSON/) })]);
    expect(reading.skipped).toHaveLength(1);

    t.sharePoint.addListItem('damaged', STORE_LIST_TITLE, { Title: 'sku-x', Kind: 'price', Day: '', Data: '{"monthly":"lots"}' });
    const err = await reading.readPrices().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).kind).toBe('damaged');
  });

  it('says who may create the list when SharePoint refuses to create it, and reads nothing meanwhile', async () => {
    const person = t.info.people.guest;
    const token = t.tokenAs(person?.userPrincipalName ?? '') ?? '';
    t.sharePoint.denyManageLists(person?.id ?? '');
    const store = storeFor('nocreate', token);
    expect(await store.readSnapshots()).toEqual([]);
    const err = await store.writeSnapshots([snapshot(TODAY, 1)]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect((err as StoreError).kind).toBe('cannotCreate');
    expect((err as StoreError).status).toBe(403);
    expect((err as StoreError).message).toMatch(/site owner/);
    expect((err as StoreError).message).toMatch(/History site|M365ImpressionsStoreSite/);
    expect(t.sharePoint.list('nocreate', STORE_LIST_TITLE)).toBeUndefined();
  });

  it('lets a read-only person read the history but not add to it', async () => {
    await storeFor('ro').writeSnapshots([snapshot('2026-03-05', 70)]);
    const person = t.info.people.inactive90 ?? t.info.people.unlicensed;
    t.sharePoint.denyEdit(person?.id ?? '');
    const store = storeFor('ro', t.tokenAs(person?.userPrincipalName ?? '') ?? '');
    expect((await store.readSnapshots()).map(s => s.day)).toEqual(['2026-03-05']);
    const err = await store.writeSnapshots([snapshot('2026-03-06', 71)]).catch((e: unknown) => e);
    expect((err as StoreError).kind).toBe('readOnly');
    expect((err as StoreError).message).toMatch(/may read .* but not add to it/);
    const priceErr = await store.writePrice('sku-1', { monthly: 1, currency: 'USD', by: null, at: TODAY }).catch((e: unknown) => e);
    expect((priceErr as StoreError).kind).toBe('readOnly');
  });

  it('reads three years of daily snapshots (1,100) in one request', async () => {
    const days = daysBack(1100);
    const first = days[0] ?? '';
    await storeFor('years').writeSnapshots([snapshot(first, 0)]);
    days.slice(1).forEach((day, k) => {
      t.sharePoint.addListItem('years', STORE_LIST_TITLE, { Title: `snapshot:${day}`, Kind: 'snapshot', Day: day, Data: JSON.stringify(snapshot(day, k + 1, 'backfill')) });
    });
    t.sharePoint.clearRequests();
    const all = await storeFor('years').readSnapshots();
    expect(all).toHaveLength(1100);
    expect(all[0]?.day).toBe(first);
    expect(all[1099]?.day).toBe(TODAY);
    expect(spRequests()).toBe(1);
    // A year's range reads only that year's items.
    t.sharePoint.clearRequests();
    expect(await storeFor('years').readSnapshots({ from: '2025-03-11', to: TODAY })).toHaveLength(365);
    expect(spRequests()).toBe(1);
  });

  it('sends a form digest when asked to, and renews one SharePoint no longer accepts', async () => {
    const store = storeFor('digest', undefined, { requestDigest: true });
    await store.writeSnapshots([snapshot('2026-03-01', 1)]);
    t.sharePoint.expireDigests();
    t.sharePoint.clearRequests();
    await store.writeSnapshots([snapshot('2026-03-02', 2)]);
    const paths = t.sharePoint.requests.map(r => `${r.method} ${r.status} ${r.path.replace(/^.*\/_api/, '')}`);
    // The stale digest is refused (403), a new one asked for, the write sent again.
    expect(paths.filter(p => p.includes('contextinfo'))).toHaveLength(1);
    expect(paths.some(p => p.startsWith('POST 403'))).toBe(true);
    expect((await store.readSnapshots()).map(s => s.day)).toEqual(['2026-03-01', '2026-03-02']);
  });

  it('takes the site the tenant-wide setting names, and says where the history is kept', async () => {
    const fetch = bearerFetch(() => Promise.resolve(t.token));
    const hosting = `${t.url}/sites/home`;
    expect(await chooseStoreSite({ hostingSite: hosting, fetch })).toEqual({ siteUrl: hosting, chosenBy: 'host' });
    t.sharePoint.setStorageEntity('M365ImpressionsStoreSite', site);
    const chosen = await chooseStoreSite({ hostingSite: hosting, fetch });
    expect(chosen).toEqual({ siteUrl: site, chosenBy: 'tenant' });
    expect(await chooseStoreSite({ hostingSite: hosting, fetch, property: `${t.url}/sites/ops` })).toEqual({ siteUrl: `${t.url}/sites/ops`, chosenBy: 'property' });

    const store = new SharePointTenantStore(fetch, chooseStoreSite({ hostingSite: hosting, fetch }));
    expect(store.location.where).toBe('');
    expect((await store.readPrices()).map(p => p.skuId)).toEqual(['sku-e3']);
    expect(storeLocationText(await store.whereabouts())).toBe(`History is kept in the list '${STORE_LIST_TITLE}' at ${site} (chosen by the tenant-wide setting M365ImpressionsStoreSite).`);
    t.sharePoint.setStorageEntity('M365ImpressionsStoreSite', null);
  });
});
