/**
 * The demo tenant's generic lists (workbench/demo-tenant/sharePointLists.ts through sharePoint.ts), called as the
 * HTTP layer calls them: creating a list and its columns, items added, changed (MERGE, IF-MATCH) and deleted,
 * $filter/$select/$orderby/$top and $skiptoken paging, SharePoint's refusals (a Note column in a filter, the list
 * view threshold, an unknown column, the wrong item type, a stale form digest, a visitor's write), and the
 * tenant property GetStorageEntity answers.
 */
import { SharePointSites } from '../../../workbench/demo-tenant/sharePoint';
import type { ISharePointRequest, ISharePointResponse } from '../../../workbench/demo-tenant/sharePoint';
import type { IAuth } from '../../../workbench/demo-tenant/token';

const ADMIN = 'oid-admin';
const VISITOR = 'oid-visitor';
const TITLE = 'M365 Impressions history';
const LIST = `/web/lists/GetByTitle('${TITLE}')`;
const ITEM_TYPE = 'SP.Data.M365_x0020_Impressions_x0020_historyListItem';

function auth(oid: string): IAuth {
  return { scopes: new Set(), claims: { oid } } as unknown as IAuth;
}

interface IError {
  'odata.error': { code: string; message: { value: string } };
}

describe('demo tenant: generic lists', () => {
  let sp: SharePointSites;
  const call = (method: string, path: string, options: { body?: unknown; query?: Record<string, string>; headers?: Record<string, string>; as?: string } = {}): ISharePointResponse => {
    const req: ISharePointRequest = {
      method,
      kind: 'sites',
      site: 'it',
      path,
      query: new URLSearchParams(options.query ?? {}),
      body: Buffer.from(options.body === undefined ? '' : JSON.stringify(options.body)),
      base: 'http://127.0.0.1:9',
      auth: auth(options.as ?? ADMIN),
      headers: Object.fromEntries(Object.entries(options.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]))
    };
    try {
      return sp.handle(req);
    } catch (e) {
      const err = e as { status: number; code: string; message: string };
      return { status: err.status, headers: {}, body: { 'odata.error': { code: err.code, message: { value: err.message } } } };
    }
  };
  const add = (fields: Record<string, string>): number => {
    const res = call('POST', `${LIST}/items`, { body: { __metadata: { type: ITEM_TYPE }, ...fields } });
    expect(res.status).toBe(201);
    return (res.body as { Id: number }).Id;
  };
  const values = (res: ISharePointResponse): Array<Record<string, unknown>> => (res.body as { value: Array<Record<string, unknown>> }).value;
  const message = (res: ISharePointResponse): string => (res.body as IError)['odata.error'].message.value;

  beforeEach(() => {
    sp = new SharePointSites();
    const made = call('POST', '/web/lists', { body: { __metadata: { type: 'SP.List' }, Title: TITLE, BaseTemplate: 100, Description: 'x' } });
    expect(made.status).toBe(201);
    for (const [name, kind, indexed] of [['Kind', 2, true], ['Day', 2, true], ['Data', 3, false]] as const) {
      expect(call('POST', `${LIST}/fields`, { body: { __metadata: { type: 'SP.Field' }, Title: name, FieldTypeKind: kind, Indexed: indexed } }).status).toBe(201);
    }
  });

  it('creates a generic list under /Lists with its item type, and its columns', () => {
    const list = call('GET', LIST, { query: { $select: 'Id,BaseTemplate,ListItemEntityTypeFullName' } });
    expect(list.body).toEqual({ Id: expect.any(String), BaseTemplate: 100, ListItemEntityTypeFullName: ITEM_TYPE });
    expect(sp.list('it', TITLE)?.serverRelativeUrl).toBe('/sites/it/Lists/M365Impressionshistory');
    const fields = values(call('GET', `${LIST}/fields`, { query: { $select: 'InternalName,TypeAsString,Indexed' } }));
    expect(fields).toEqual(expect.arrayContaining([{ InternalName: 'Kind', TypeAsString: 'Text', Indexed: true }, { InternalName: 'Data', TypeAsString: 'Note', Indexed: false }]));
    expect(call('POST', `${LIST}/fields`, { body: { Title: 'Kind', FieldTypeKind: 2 } }).status).toBe(500);
  });

  it('adds, changes (MERGE with IF-MATCH) and deletes items', () => {
    const id = add({ Title: 'sku-1', Kind: 'price', Day: '', Data: '{"monthly":1}' });
    expect(call('POST', `${LIST}/items(${id})`, { body: { __metadata: { type: ITEM_TYPE }, Data: '{"monthly":2}' }, headers: { 'X-HTTP-Method': 'MERGE', 'IF-MATCH': '*' } }).status).toBe(204);
    expect(call('GET', `${LIST}/items(${id})`, { query: { $select: 'Id,Data' } }).body).toEqual({ Id: id, Data: '{"monthly":2}' });
    // A stale etag is refused; the current one passes.
    expect(call('POST', `${LIST}/items(${id})`, { body: { Data: 'x' }, headers: { 'X-HTTP-Method': 'MERGE', 'IF-MATCH': '"1"' } }).status).toBe(412);
    expect(call('POST', `${LIST}/items(${id})`, { body: { Data: 'y' }, headers: { 'X-HTTP-Method': 'MERGE', 'IF-MATCH': '"2"' } }).status).toBe(204);
    expect(sp.listItems('it', TITLE)?.[0]).toMatchObject({ id, version: 3, fields: { Title: 'sku-1', Data: 'y' } });
    expect(call('POST', `${LIST}/items(${id})`, { headers: { 'X-HTTP-Method': 'DELETE', 'IF-MATCH': '*' } }).status).toBe(200);
    expect(sp.listItems('it', TITLE)).toEqual([]);
    expect(call('GET', `${LIST}/items(${id})`).status).toBe(404);
  });

  it('refuses the wrong item type, an unknown column and text over 255 characters', () => {
    expect(message(call('POST', `${LIST}/items`, { body: { __metadata: { type: 'SP.Data.OtherListItem' }, Title: 'x' } }))).toMatch(/could not be resolved/);
    expect(message(call('POST', `${LIST}/items`, { body: { Title: 'x', Colour: 'red' } }))).toMatch(/The property 'Colour' does not exist on type/);
    expect(call('POST', `${LIST}/items`, { body: { Title: 'x'.repeat(256) } }).status).toBe(400);
    // A Note column holds long text.
    expect(call('POST', `${LIST}/items`, { body: { Title: 'x', Data: 'y'.repeat(100000) } }).status).toBe(201);
  });

  it('filters (eq, ge, le, and, or, not, startswith), selects and orders', () => {
    for (const day of ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04']) add({ Title: `snapshot:${day}`, Kind: 'snapshot', Day: day, Data: day });
    add({ Title: 'sku-1', Kind: 'price', Day: '', Data: '{}' });
    const q = (filter: string, extra: Record<string, string> = {}): unknown[] => values(call('GET', `${LIST}/items`, { query: { $select: 'Day', $filter: filter, ...extra } })).map(v => v.Day);
    expect(q("Kind eq 'snapshot' and Day ge '2026-03-02' and Day le '2026-03-03'")).toEqual(['2026-03-02', '2026-03-03']);
    expect(q("Kind eq 'SNAPSHOT' and (Day eq '2026-03-01' or Day eq '2026-03-04')")).toEqual(['2026-03-01', '2026-03-04']);
    expect(q("not (Kind eq 'snapshot')")).toEqual(['']);
    expect(q("startswith(Title,'snapshot:2026-03-0') and Day gt '2026-03-02'", { $orderby: 'Day desc' })).toEqual(['2026-03-04', '2026-03-03']);
    expect(values(call('GET', `${LIST}/items`, { query: { $select: 'Id,Title', $filter: "Title eq 'sku-1'" } }))).toEqual([{ Id: 5, Title: 'sku-1' }]);
    expect(message(call('GET', `${LIST}/items`, { query: { $filter: "Data eq 'x'" } }))).toBe("The field 'Data' of type 'Note' cannot be used in the query filter expression.");
    expect(message(call('GET', `${LIST}/items`, { query: { $filter: "Colour eq 'x'" } }))).toMatch(/^Column 'Colour' does not exist/);
    expect(call('GET', `${LIST}/items`, { query: { $filter: "Kind eq" } }).status).toBe(400);
  });

  it('pages by $top with an absolute odata.nextLink carrying the $skiptoken, ordered or not', () => {
    for (let k = 1; k <= 5; k++) add({ Title: `t${k}`, Kind: 'snapshot', Day: `2026-03-0${6 - k}`, Data: '' });
    const walk = (query: Record<string, string>): unknown[] => {
      const seen: unknown[] = [];
      let res = call('GET', `${LIST}/items`, { query });
      for (let pages = 1; ; pages++) {
        seen.push(...values(res).map(v => v.Title));
        const next = (res.body as { 'odata.nextLink'?: string })['odata.nextLink'];
        if (!next) return seen;
        expect(next.startsWith(`http://127.0.0.1:9/sites/it/_api/web/lists/GetByTitle('M365%20Impressions%20history')/items?%24skiptoken=Paged%3DTRUE`)).toBe(true);
        const u = new URL(next);
        res = call('GET', `${LIST}/items`, { query: Object.fromEntries(u.searchParams) });
        expect(pages).toBeLessThan(5);
      }
    };
    expect(walk({ $top: '2', $select: 'Title' })).toEqual(['t1', 't2', 't3', 't4', 't5']);
    expect(walk({ $top: '2', $select: 'Title', $orderby: 'Day' })).toEqual(['t5', 't4', 't3', 't2', 't1']);
    // 100 a page when $top is not given.
    for (let k = 0; k < 120; k++) sp.addListItem('it', TITLE, { Title: `x${k}`, Kind: 'price' });
    expect(values(call('GET', `${LIST}/items`))).toHaveLength(100);
  });

  it('past 5,000 items, a filter must name an indexed column (the list view threshold)', () => {
    for (let k = 0; k < 5001; k++) sp.addListItem('it', TITLE, { Title: `t${k}`, Kind: 'snapshot', Day: '2026-01-01' });
    expect(values(call('GET', `${LIST}/items`, { query: { $filter: "Day eq '2026-01-01'", $top: '5000', $select: 'Id' } }))).toHaveLength(5000);
    const refused = call('GET', `${LIST}/items`, { query: { $filter: "Title eq 't1'" } });
    expect(refused.status).toBe(500);
    expect(message(refused)).toBe('The attempted operation is prohibited because it exceeds the list view threshold.');
  });

  it('checks a form digest when one is sent: issued here for this site and not expired', () => {
    const digest = (call('POST', '/contextinfo').body as { FormDigestValue: string }).FormDigestValue;
    expect(call('POST', `${LIST}/items`, { body: { Title: 'a' }, headers: { 'X-RequestDigest': digest } }).status).toBe(201);
    expect(message(call('POST', `${LIST}/items`, { body: { Title: 'b' }, headers: { 'X-RequestDigest': '0xBAD,1 Jan 2026' } }))).toMatch(/^The security validation for this page is invalid/);
    sp.expireDigests();
    expect(call('POST', `${LIST}/items`, { body: { Title: 'c' }, headers: { 'X-RequestDigest': digest } }).status).toBe(403);
    // With a bearer token and no digest, SharePoint takes the write.
    expect(call('POST', `${LIST}/items`, { body: { Title: 'd' } }).status).toBe(201);
  });

  it('lets a visitor read but not write, nor create lists or columns; denyManageLists refuses creation only', () => {
    add({ Title: 'a', Kind: 'price' });
    sp.denyEdit(VISITOR);
    expect(values(call('GET', `${LIST}/items`, { as: VISITOR }))).toHaveLength(1);
    expect(call('POST', `${LIST}/items`, { body: { Title: 'b' }, as: VISITOR }).status).toBe(403);
    expect(call('POST', `${LIST}/items(1)`, { body: { Title: 'b' }, headers: { 'X-HTTP-Method': 'MERGE' }, as: VISITOR }).status).toBe(403);
    expect(call('POST', '/web/lists', { body: { Title: 'Other', BaseTemplate: 100 }, as: VISITOR }).status).toBe(403);
    sp.denyManageLists('oid-member');
    expect(call('POST', '/web/lists', { body: { Title: 'Other', BaseTemplate: 100 }, as: 'oid-member' }).status).toBe(403);
    expect(call('POST', `${LIST}/fields`, { body: { Title: 'More', FieldTypeKind: 2 }, as: 'oid-member' }).status).toBe(403);
    expect(call('POST', `${LIST}/items`, { body: { Title: 'by a member' }, as: 'oid-member' }).status).toBe(201);
  });

  it('answers a tenant property set through its seam from every site, odata.null when unset', () => {
    const path = "/web/GetStorageEntity('M365ImpressionsStoreSite')";
    expect(call('GET', path).body).toEqual({ 'odata.null': true });
    sp.setStorageEntity('M365ImpressionsStoreSite', 'https://contoso.sharepoint.com/sites/it');
    expect(call('GET', path).body).toEqual({ Comment: null, Description: null, Value: 'https://contoso.sharepoint.com/sites/it' });
    expect(call('POST', path).status).toBe(405);
    sp.setStorageEntity('M365ImpressionsStoreSite', null);
    expect(call('GET', path).body).toEqual({ 'odata.null': true });
  });
});
