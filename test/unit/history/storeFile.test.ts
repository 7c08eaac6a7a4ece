/**
 * The JSON-lines store (core/history/storeFile.ts) over an in-memory file, and where the store lives
 * (core/history/storeSite.ts): one record per line, later lines replacing earlier ones, a damaged line skipped and
 * reported, a day kept unless replaced; the site chosen from the property, the tenant-wide setting or the hosting
 * site, and said in words.
 */
import { FileTenantStore, StoreError, chooseStoreSite, storeLocationText, storeSiteOnHost } from '../../../src/core/history';
import type { ISnapshot, IStoreSkip } from '../../../src/core/history';
import type { ISharePointResponse, SharePointFetch } from '../../../src/core/sharepoint';

function memoryFile(initial?: string): { io: { read(): Promise<string | undefined>; append(text: string): Promise<void> }; text: () => string | undefined } {
  let content = initial;
  return {
    io: {
      read: () => Promise.resolve(content),
      append: (t: string) => {
        content = (content ?? '') + t;
        return Promise.resolve();
      }
    },
    text: () => content
  };
}

function snapshot(day: string, users: number): ISnapshot {
  return { day, source: 'taken', takenAt: `${day}T08:00:00Z`, takenBy: 'cli', figures: { users } };
}

const price = { monthly: 36, currency: 'EUR', by: 'admin@contoso.com', at: '2026-03-10T09:00:00Z' };

describe('FileTenantStore', () => {
  it('writes one record per line and reads back the last one of each key', async () => {
    const file = memoryFile();
    const store = new FileTenantStore(file.io, '/tmp/history.jsonl');
    expect(store.location).toEqual({ kind: 'file', where: '/tmp/history.jsonl' });
    expect(await store.readSnapshots()).toEqual([]);
    expect(await store.readPublication()).toBeNull();

    await store.writePrice('sku-e3', price);
    await store.writePrice('sku-e5', { ...price, monthly: 57 });
    await store.writePrice('sku-e3', { ...price, monthly: 33 });
    await store.writePrice('sku-e5', null);
    expect(await store.readPrices()).toEqual([{ skuId: 'sku-e3', ...price, monthly: 33 }]);

    expect(await store.writeSnapshots([snapshot('2026-03-02', 2), snapshot('2026-03-01', 1)])).toBe(2);
    expect(await store.writeSnapshots([snapshot('2026-03-02', 99), snapshot('2026-03-03', 3)])).toBe(1);
    expect(await store.writeSnapshots([snapshot('2026-03-02', 22)], { replace: true })).toBe(1);
    expect((await store.readSnapshots()).map(s => [s.day, s.figures.users])).toEqual([['2026-03-01', 1], ['2026-03-02', 22], ['2026-03-03', 3]]);
    expect((await store.readSnapshots({ from: '2026-03-02', to: '2026-03-02' })).map(s => s.day)).toEqual(['2026-03-02']);

    const publication = { publishedAt: '2026-03-10T10:00:00Z', publishedBy: 'cli', tiles: { email: { total: 5 } }, reportDates: {} };
    await store.publish(publication);
    expect(await store.readPublication()).toEqual(publication);

    const lines = (file.text() ?? '').trimEnd().split('\n');
    expect(lines).toHaveLength(9);
    expect(JSON.parse(lines[0] ?? '')).toEqual({ kind: 'price', key: 'sku-e3', value: price });
    expect(JSON.parse(lines[3] ?? '')).toEqual({ kind: 'price', key: 'sku-e5', value: null });
  });

  it('skips a damaged line and says which; the earlier value of its key stands; all damaged is StoreError damaged', async () => {
    const good = JSON.stringify({ kind: 'snapshot', key: '2026-03-01', value: snapshot('2026-03-01', 1) });
    const file = memoryFile(`${good}\n{"kind":"snapshot","key":"2026-03-01","value":{"day":"2026-03-01"}}\nnot json at all\n{"kind":"snapshot","key":"2026-03-02","value":${JSON.stringify(snapshot('2026-03-09', 9))}}\n{"kind":"price","key":"sku","valu`);
    const told: IStoreSkip[] = [];
    const store = new FileTenantStore(file.io, 'h.jsonl', { onSkipped: s => told.push(...s) });
    expect((await store.readSnapshots()).map(s => [s.day, s.figures.users])).toEqual([['2026-03-01', 1]]);
    expect(told.map(s => `${s.at}: ${s.reason}`)).toEqual(['line 3: not JSON', 'line 5: not JSON', "line 2: its source is neither 'taken' nor 'backfill'", "line 4: its day (2026-03-09) is not the line's (2026-03-02)"]);
    const err = await store.readPrices().catch((e: unknown) => e);
    expect((err as StoreError).kind).toBe('damaged');
    expect((err as StoreError).message).toBe('Nothing in h.jsonl could be read: 2 lines are damaged (the first, line 3: not JSON).');
    // A torn last line is ended before the next record, which then reads.
    await store.writePrice('sku-2', price);
    expect((await store.readPrices()).map(p => p.skuId)).toEqual(['sku-2']);
  });

  it('reads only the figures the product documents; a figure of another name is skipped, and never written', async () => {
    const odd = { ...snapshot('2026-03-01', 1), figures: { users: 1, 'sku:e3:assigned': 4, 'active:teams:1d': 3, salary: 5000, 'ceo:mood': 1, 'sku:': 2 } };
    const file = memoryFile(`${JSON.stringify({ kind: 'snapshot', key: '2026-03-01', value: odd })}\n`);
    const store = new FileTenantStore(file.io, 'h.jsonl');
    expect((await store.readSnapshots())[0]?.figures).toEqual({ users: 1, 'sku:e3:assigned': 4, 'active:teams:1d': 3 });
    await expect(store.writeSnapshots([{ ...snapshot('2026-03-02', 2), figures: { users: 2, salary: 1 } }])).rejects.toThrow(/not documented \(salary\)/);
    expect((file.text() ?? '').trimEnd().split('\n')).toHaveLength(1);
  });

  it('refuses a value it could not read back, before writing anything', async () => {
    const file = memoryFile();
    const store = new FileTenantStore(file.io, 'h.jsonl');
    await expect(store.writeSnapshots([{ ...snapshot('2026-3-1', 1) }])).rejects.toThrow(/YYYY-MM-DD/);
    await expect(store.writePrice('sku', { ...price, currency: 'euro' })).rejects.toThrow(/currency/);
    expect(file.text()).toBeUndefined();
  });
});

describe('where the store lives', () => {
  const HOSTING = 'https://contoso.sharepoint.com/sites/team';
  const entity = (status: number, body: unknown): SharePointFetch => () => Promise.resolve<ISharePointResponse>({ status, text: () => Promise.resolve(JSON.stringify(body)), arrayBuffer: () => Promise.resolve(new ArrayBuffer(0)) });

  it('takes a site of the same tenant only', () => {
    expect(storeSiteOnHost(' https://CONTOSO.sharepoint.com/sites/it/ ', HOSTING)).toBe('https://contoso.sharepoint.com/sites/it');
    for (const bad of ['https://fabrikam.sharepoint.com/sites/it', 'http://contoso.sharepoint.com/sites/it', 'sites/it', 'https://contoso.sharepoint.com/sites/it?x=1', '']) {
      expect(storeSiteOnHost(bad, HOSTING)).toBeUndefined();
    }
    expect(storeSiteOnHost('http://127.0.0.1:5000/sites/it', 'http://127.0.0.1:5000/sites/impressions')).toBe('http://127.0.0.1:5000/sites/it');
  });

  it('chooses the property, else the tenant-wide setting, else the hosting site, and says a setting it could not use', async () => {
    let asked = '';
    const tenant: SharePointFetch = (url) => {
      asked = url;
      return entity(200, { Comment: null, Description: null, Value: 'https://contoso.sharepoint.com/sites/it' })(url, { method: 'GET', headers: {} });
    };
    expect(await chooseStoreSite({ property: 'https://contoso.sharepoint.com/sites/ops', hostingSite: HOSTING, fetch: tenant })).toEqual({ siteUrl: 'https://contoso.sharepoint.com/sites/ops', chosenBy: 'property' });
    expect(asked).toBe('');
    expect(await chooseStoreSite({ hostingSite: `${HOSTING}/`, fetch: tenant })).toEqual({ siteUrl: 'https://contoso.sharepoint.com/sites/it', chosenBy: 'tenant' });
    expect(asked).toBe(`${HOSTING}/_api/web/GetStorageEntity('M365ImpressionsStoreSite')`);
    expect(await chooseStoreSite({ property: 'https://fabrikam.sharepoint.com/x', hostingSite: HOSTING, fetch: tenant })).toEqual({ siteUrl: 'https://contoso.sharepoint.com/sites/it', chosenBy: 'tenant', ignored: { by: 'property', value: 'https://fabrikam.sharepoint.com/x' } });
    expect(await chooseStoreSite({ hostingSite: HOSTING, fetch: entity(200, { 'odata.null': true }) })).toEqual({ siteUrl: HOSTING, chosenBy: 'host' });
    expect(await chooseStoreSite({ hostingSite: HOSTING, fetch: entity(200, { Value: 'elsewhere' }) })).toEqual({ siteUrl: HOSTING, chosenBy: 'host', ignored: { by: 'tenant', value: 'elsewhere' } });
    expect(await chooseStoreSite({ hostingSite: HOSTING, fetch: entity(403, {}) })).toEqual({ siteUrl: HOSTING, chosenBy: 'host' });
    expect(await chooseStoreSite({ hostingSite: HOSTING, fetch: () => Promise.reject(new Error('offline')) })).toEqual({ siteUrl: HOSTING, chosenBy: 'host' });
    expect(await chooseStoreSite({ hostingSite: HOSTING })).toEqual({ siteUrl: HOSTING, chosenBy: 'host' });
  });

  it('says where the history is kept', () => {
    expect(storeLocationText({ kind: 'sharepoint', where: HOSTING, chosenBy: 'host' })).toBe(`History is kept in the list 'M365 Impressions history' at ${HOSTING} (the site hosting this page).`);
    expect(storeLocationText({ kind: 'sharepoint', where: HOSTING, chosenBy: 'property' })).toMatch(/\(chosen by this web part's History site setting\)\.$/);
    expect(storeLocationText({ kind: 'demo', where: 'http://127.0.0.1:1/sites/impressions' })).toBe("History is kept in the list 'M365 Impressions history' at http://127.0.0.1:1/sites/impressions (the demo tenant's SharePoint).");
    expect(storeLocationText({ kind: 'file', where: '/tmp/h.jsonl' })).toBe('History is kept in the file /tmp/h.jsonl.');
  });
});
