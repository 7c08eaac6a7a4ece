/**
 * The SharePoint list client (core/sharepoint/list.ts) against a fake SharePointFetch that answers canned
 * responses and records what was sent: paging by odata.nextLink (and never to another host), a missing list,
 * SharePoint's refusals in words, the creation requests (BaseTemplate 100, Text and Note columns, indexed),
 * MERGE and DELETE headers, the form digest asked once and renewed after SharePoint's security refusal.
 */
import { SharePointList, SharePointListError } from '../../../src/core/sharepoint';
import type { ISharePointResponse, SharePointFetch } from '../../../src/core/sharepoint';

const SITE = 'https://contoso.sharepoint.com/sites/it';
const API = `${SITE}/_api/web/lists/GetByTitle('M365%20Impressions%20history')`;

interface ISent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

function answer(status: number, body?: unknown): ISharePointResponse {
  const text = body === undefined ? '' : JSON.stringify(body);
  return { status, text: () => Promise.resolve(text), arrayBuffer: () => Promise.resolve(new ArrayBuffer(0)) };
}

const spError = (message: string): unknown => ({ 'odata.error': { code: '-2147024891, System.UnauthorizedAccessException', message: { lang: 'en-US', value: message } } });

/** A fake SharePoint: each request is answered by the first route whose test matches (method and URL). */
function fakeSharePoint(routes: Array<[RegExp, (s: ISent) => ISharePointResponse]>): { fetch: SharePointFetch; sent: ISent[] } {
  const sent: ISent[] = [];
  const fetch: SharePointFetch = (url, init) => {
    const s: ISent = { method: init.method, url, headers: init.headers, ...(typeof init.body === 'string' ? { body: JSON.parse(init.body) as unknown } : {}) };
    sent.push(s);
    const route = routes.find(([re]) => re.test(`${init.method} ${url}`));
    return Promise.resolve(route ? route[1](s) : answer(500, spError(`no route for ${init.method} ${url}`)));
  };
  return { fetch, sent };
}

const FIELDS = [
  { name: 'Kind', kind: 'text', indexed: true },
  { name: 'Day', kind: 'text', indexed: true },
  { name: 'Data', kind: 'note' }
] as const;

describe('SharePointList', () => {
  it('reads every page by following odata.nextLink, with the query it was asked', async () => {
    const { fetch, sent } = fakeSharePoint([
      [/skiptoken=p2/, () => answer(200, { value: [{ Id: 3 }], 'odata.nextLink': `${API}/items?%24skiptoken=p3` })],
      [/skiptoken=p3/, () => answer(200, { value: [{ Id: 4 }, { Id: 5 }] })],
      [/\/items\?/, () => answer(200, { value: [{ Id: 1 }, { Id: 2 }, { notAnItem: true }], 'odata.nextLink': `${API}/items?%24skiptoken=p2` })]
    ]);
    const list = new SharePointList(fetch, `${SITE}/`, 'M365 Impressions history');
    const items = await list.items({ select: ['Id', 'Day'], filter: "Kind eq 'snapshot'", orderBy: 'Day', top: 9000 });
    expect(items?.map(i => i.Id)).toEqual([1, 2, 3, 4, 5]);
    expect(sent).toHaveLength(3);
    const first = new URL(sent[0]?.url ?? '');
    expect(first.searchParams.get('$select')).toBe('Id,Day');
    expect(first.searchParams.get('$filter')).toBe("Kind eq 'snapshot'");
    expect(first.searchParams.get('$orderby')).toBe('Day');
    // SharePoint serves 5,000 items a page at most.
    expect(first.searchParams.get('$top')).toBe('5000');
    expect(sent[0]?.headers.Accept).toBe('application/json;odata=nometadata');
  });

  it('never follows a next page to another host (the token would go with it)', async () => {
    const { fetch, sent } = fakeSharePoint([[/\/items\?/, () => answer(200, { value: [], 'odata.nextLink': 'https://evil.example/_api/items?x' })]]);
    const err = await new SharePointList(fetch, SITE, 'L').items().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SharePointListError);
    expect((err as Error).message).toMatch(/another host \(evil\.example\)/);
    expect(sent).toHaveLength(1);
  });

  it('says a missing list by undefined, and a refusal or a failure in words with its status', async () => {
    const missing = fakeSharePoint([[/./, () => answer(404, spError("List 'L' does not exist at site with URL 'x'."))]]);
    expect(await new SharePointList(missing.fetch, SITE, 'L').items()).toBeUndefined();

    const refused = fakeSharePoint([[/./, () => answer(403, spError('Access denied.'))]]);
    const err = (await new SharePointList(refused.fetch, SITE, 'L').items().catch((e: unknown) => e)) as SharePointListError;
    expect(err.status).toBe(403);
    expect(err.step).toBe('read');
    expect(err.message).toBe(`Could not read the items of the list 'L' in ${SITE}: SharePoint refused (Access denied.).`);

    const down: SharePointFetch = () => Promise.reject(new Error('getaddrinfo ENOTFOUND'));
    const gone = (await new SharePointList(down, SITE, 'L').items().catch((e: unknown) => e)) as SharePointListError;
    expect(gone.status).toBe(0);
    expect(gone.message).toMatch(/could not be reached: getaddrinfo ENOTFOUND/);

    const odd = fakeSharePoint([[/./, () => answer(200, { d: {} })]]);
    expect(((await new SharePointList(odd.fetch, SITE, 'L').items().catch((e: unknown) => e)) as Error).message).toMatch(/not a list of items/);
  });

  it('creates a missing list (BaseTemplate 100) and its columns before the first item, as SharePoint documents them', async () => {
    let created = false;
    const { fetch, sent } = fakeSharePoint([
      [/^GET .*GetByTitle\([^)]*\)\?\$select=Id,ListItemEntityTypeFullName$/, () => (created ? answer(200, { Id: 'g1', ListItemEntityTypeFullName: 'SP.Data.LListItem' }) : answer(404, spError('List does not exist.')))],
      [/^POST .*\/_api\/web\/lists$/, () => { created = true; return answer(201, { Id: 'g1', ListItemEntityTypeFullName: 'SP.Data.LListItem' }); }],
      [/^POST .*\/fields$/, () => answer(201, {})],
      [/^POST .*\/items$/, () => answer(201, { Id: 7 })]
    ]);
    const list = new SharePointList(fetch, SITE, 'L', { fields: FIELDS, description: 'd' });
    expect(await list.add({ Title: 'a', Kind: 'price' })).toBe(7);
    expect(sent.map(s => `${s.method} ${s.url.replace(SITE, '')}`)).toEqual([
      "GET /_api/web/lists/GetByTitle('L')?$select=Id,ListItemEntityTypeFullName",
      'POST /_api/web/lists',
      "POST /_api/web/lists/GetByTitle('L')/fields",
      "POST /_api/web/lists/GetByTitle('L')/fields",
      "POST /_api/web/lists/GetByTitle('L')/fields",
      "POST /_api/web/lists/GetByTitle('L')/items"
    ]);
    expect(sent[1]?.body).toMatchObject({ __metadata: { type: 'SP.List' }, Title: 'L', BaseTemplate: 100, Description: 'd' });
    expect(sent.slice(2, 5).map(s => s.body)).toEqual([
      { __metadata: { type: 'SP.Field' }, Title: 'Kind', FieldTypeKind: 2, Indexed: true },
      { __metadata: { type: 'SP.Field' }, Title: 'Day', FieldTypeKind: 2, Indexed: true },
      { __metadata: { type: 'SP.Field' }, Title: 'Data', FieldTypeKind: 3, Indexed: false }
    ]);
    expect(sent[5]?.body).toEqual({ __metadata: { type: 'SP.Data.LListItem' }, Title: 'a', Kind: 'price' });
    expect(sent[5]?.headers['Content-Type']).toBe('application/json;odata=verbose');
    // Known now: the next item goes straight in.
    await list.add({ Title: 'b' });
    expect(sent).toHaveLength(7);
  });

  it('gives a found list the columns it lacks, and refuses creation in words when SharePoint does', async () => {
    const found = fakeSharePoint([
      [/\?\$select=Id,ListItemEntityTypeFullName$/, () => answer(200, { Id: 'g1', ListItemEntityTypeFullName: 'SP.Data.LListItem' })],
      [/^GET .*\/fields\?\$select=InternalName$/, () => answer(200, { value: [{ InternalName: 'Title' }, { InternalName: 'Kind' }] })],
      [/^POST .*\/fields$/, () => answer(201, {})],
      [/^POST .*\/items\(4\)$/, () => answer(204)]
    ]);
    await new SharePointList(found.fetch, SITE, 'L', { fields: FIELDS }).update(4, { Data: 'x' });
    expect(found.sent.filter(s => s.url.endsWith('/fields') && s.method === 'POST').map(s => (s.body as { Title: string }).Title)).toEqual(['Day', 'Data']);
    const merge = found.sent[found.sent.length - 1];
    expect(merge?.headers).toMatchObject({ 'X-HTTP-Method': 'MERGE', 'IF-MATCH': '*' });

    const refused = fakeSharePoint([
      [/^GET /, () => answer(404, spError('List does not exist.'))],
      [/^POST .*\/_api\/web\/lists$/, () => answer(403, spError('Access denied. You do not have permission to perform this action or access this resource.'))]
    ]);
    const err = (await new SharePointList(refused.fetch, SITE, 'L', { fields: FIELDS }).add({ Title: 'a' }).catch((e: unknown) => e)) as SharePointListError;
    expect(err.step).toBe('create');
    expect(err.status).toBe(403);
    expect(err.message).toMatch(/^Could not create the list 'L' in .*: SharePoint refused \(Access denied\./);

    const none = fakeSharePoint([[/^GET /, () => answer(404, spError('List does not exist.'))]]);
    const off = (await new SharePointList(none.fetch, SITE, 'L', { create: false }).add({ Title: 'a' }).catch((e: unknown) => e)) as SharePointListError;
    expect(off.message).toBe(`There is no list 'L' in ${SITE}.`);
    expect(off.status).toBe(404);
  });

  it('deletes with X-HTTP-Method DELETE; an item already gone is no error', async () => {
    const { fetch, sent } = fakeSharePoint([
      [/\?\$select=Id,ListItemEntityTypeFullName$/, () => answer(200, { Id: 'g1', ListItemEntityTypeFullName: 'SP.Data.LListItem' })],
      [/items\(1\)$/, () => answer(200)],
      [/items\(2\)$/, () => answer(404, spError('Item does not exist.'))]
    ]);
    const list = new SharePointList(fetch, SITE, 'L');
    await list.remove(1);
    await list.remove(2);
    expect(sent.filter(s => /items\(/.test(s.url)).map(s => s.headers['X-HTTP-Method'])).toEqual(['DELETE', 'DELETE']);
    expect(sent.find(s => /items\(1\)/.test(s.url))?.body).toBeUndefined();
  });

  it('asks contextinfo for a form digest once, sends it on writes, and renews it after SharePoint\u2019s security refusal', async () => {
    let digests = 0;
    let refuseNext = false;
    const { fetch, sent } = fakeSharePoint([
      [/contextinfo$/, () => answer(200, { FormDigestValue: `digest-${++digests}`, FormDigestTimeoutSeconds: 1800 })],
      [/\?\$select=Id,ListItemEntityTypeFullName$/, () => answer(200, { Id: 'g1', ListItemEntityTypeFullName: 'SP.Data.LListItem' })],
      [/\/items$/, (s) => {
        if (refuseNext && s.headers['X-RequestDigest'] === 'digest-1') return answer(403, spError("The security validation for this page is invalid and might be corrupted. Please use your web browser's Back button to try your operation again."));
        return answer(201, { Id: 1 });
      }]
    ]);
    let now = 0;
    const list = new SharePointList(fetch, SITE, 'L', { requestDigest: true }, () => now);
    await list.add({ Title: 'a' });
    await list.add({ Title: 'b' });
    expect(digests).toBe(1);
    refuseNext = true;
    await list.add({ Title: 'c' });
    expect(digests).toBe(2);
    expect(sent.filter(s => s.url.endsWith('/items')).map(s => s.headers['X-RequestDigest'])).toEqual(['digest-1', 'digest-1', 'digest-1', 'digest-2']);
    // Renewed a minute before SharePoint's timeout, whatever happens.
    now = 1800 * 1000;
    refuseNext = false;
    await list.add({ Title: 'd' });
    expect(digests).toBe(3);
    // Reads carry no digest.
    expect(sent.filter(s => s.method === 'GET').every(s => s.headers['X-RequestDigest'] === undefined)).toBe(true);
  });
});
