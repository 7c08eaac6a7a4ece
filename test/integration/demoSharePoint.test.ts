/**
 * The demo tenant's SharePoint REST slice for the report relay (workbench/demo-tenant/sharePoint.ts), over real
 * HTTP: the form digest, creating a document library, breaking its inheritance, writing and reading files, and
 * SharePoint's refusals in its own error shape, for the signed-in admin and for another of the tenant's people.
 */
import { startDemoTenant } from '../../workbench/demo-tenant';
import type { IDemoTenant } from '../../workbench/demo-tenant';

jest.setTimeout(60_000);

const SITE = '/sites/relay';
const API = `${SITE}/_api`;
const NOMETADATA = 'application/json;odata=nometadata';

interface IAnswer {
  status: number;
  headers: Headers;
  body: unknown;
  bytes: Buffer;
}

interface ISpError {
  'odata.error': { code: string; message: { lang: string; value: string } };
}

/** An OData string literal in a path: quotes doubled, then URL-encoded as SPHttpClient's callers do. */
function lit(s: string): string {
  return `'${encodeURIComponent(s.replace(/'/g, "''"))}'`;
}

function byTitle(title: string): string {
  return `${API}/web/lists/GetByTitle(${lit(title)})`;
}

function addFile(folder: string, name: string, overwrite = true): string {
  return `${API}/web/GetFolderByServerRelativePath(decodedurl=${lit(folder)})/Files/AddUsingPath(decodedurl=${lit(name)},overwrite=${String(overwrite)})`;
}

function fileValue(url: string): string {
  return `${API}/web/GetFileByServerRelativePath(decodedurl=${lit(url)})/$value`;
}

describe('demo tenant: SharePoint REST for the report relay', () => {
  let t: IDemoTenant;
  let adminOid: string;
  let otherOid: string;
  let otherToken: string;
  let thirdOid: string;
  let thirdToken: string;

  /** A request as SPHttpClient sends it: bearer token (unless given null), nometadata, JSON or bytes. */
  const call = async (method: string, path: string, options: { token?: string | null; json?: unknown; body?: Buffer | string; headers?: Record<string, string> } = {}): Promise<IAnswer> => {
    const token = options.token === undefined ? t.token : options.token;
    const headers: Record<string, string> = { Accept: NOMETADATA, 'odata-version': '', ...(token !== null ? { Authorization: `Bearer ${token}` } : {}), ...options.headers };
    let body: Buffer | string | undefined = options.body;
    if (options.json !== undefined) {
      headers['Content-Type'] = 'application/json;odata=nometadata';
      body = JSON.stringify(options.json);
    }
    const res = await fetch(`${t.url}${path}`, { method, headers, body });
    const bytes = Buffer.from(await res.arrayBuffer());
    let parsed: unknown;
    try {
      parsed = bytes.length ? (JSON.parse(bytes.toString('utf8')) as unknown) : undefined;
    } catch {
      parsed = undefined;
    }
    return { status: res.status, headers: res.headers, body: parsed, bytes };
  };

  const expectSpError = (a: IAnswer, status: number, code: string, message: string | RegExp): void => {
    expect(a.status).toBe(status);
    const e = (a.body as ISpError)['odata.error'];
    expect(e.code).toBe(code);
    expect(e.message.lang).toBe('en-US');
    if (typeof message === 'string') expect(e.message.value).toBe(message);
    else expect(e.message.value).toMatch(message);
  };

  const createLibrary = async (title: string, token?: string): Promise<IAnswer> => call('POST', `${API}/web/lists`, { token, json: { Title: title, BaseTemplate: 101, Description: 'Report copies' } });

  beforeAll(async () => {
    t = await startDemoTenant({ users: 60, seed: 2 });
    adminOid = t.info.people.admin?.id ?? '';
    const other = t.info.people.inactive90 ?? t.info.people.unlicensed;
    const third = t.info.people.guest;
    otherOid = other?.id ?? '';
    otherToken = t.tokenAs(other?.userPrincipalName ?? '') ?? '';
    thirdOid = third?.id ?? '';
    thirdToken = t.tokenAs(third?.userPrincipalName ?? '') ?? '';
    expect(adminOid && otherOid && otherToken && thirdOid && thirdToken).toBeTruthy();
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers 401 without a token or with one that is not a token', async () => {
    for (const token of [null, 'not-a-token']) {
      const a = await call('POST', `${API}/contextinfo`, { token });
      expect(a.status).toBe(401);
      expect(a.headers.get('www-authenticate')).toMatch(/^Bearer /);
      expect((a.body as { error_description: string }).error_description).toMatch(/token/i);
    }
    expect((await call('GET', byTitle('Anything'), { token: null })).status).toBe(401);
  });

  it('allows the workbench origin: CORS preflight and headers', async () => {
    const pre = await fetch(`${t.url}${API}/web/lists`, { method: 'OPTIONS', headers: { Origin: 'http://localhost:4321', 'Access-Control-Request-Method': 'POST' } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe('http://localhost:4321');
    const allowed = (pre.headers.get('access-control-allow-headers') ?? '').toLowerCase();
    for (const h of ['authorization', 'content-type', 'accept', 'odata-version', 'x-requestdigest']) expect(allowed).toContain(h);
    expect(pre.headers.get('access-control-allow-methods')).toContain('POST');
    const asked = await fetch(`${t.url}${API}/contextinfo`, { method: 'OPTIONS', headers: { Origin: 'http://localhost:4321', 'Access-Control-Request-Headers': 'authorization,x-requestdigest' } });
    expect(asked.headers.get('access-control-allow-headers')).toBe('authorization,x-requestdigest');
    const res = await fetch(`${t.url}${API}/contextinfo`, { method: 'POST', headers: { Origin: 'http://localhost:4321', Authorization: `Bearer ${t.token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('http://localhost:4321');
  });

  it('contextinfo: a form digest and the web URL', async () => {
    const a = await call('POST', `${API}/contextinfo`);
    expect(a.status).toBe(200);
    expect(a.headers.get('content-type')).toMatch(/^application\/json;odata=nometadata/);
    const body = a.body as { FormDigestValue: string; FormDigestTimeoutSeconds: number; WebFullUrl: string };
    expect(body.FormDigestValue).toMatch(/^0x[0-9A-F]+,/);
    expect(body.FormDigestTimeoutSeconds).toBe(1800);
    expect(body.WebFullUrl).toBe(`${t.url}${SITE}`);
    // Only POST, as SharePoint requires.
    expect((await call('GET', `${API}/contextinfo`)).status).toBe(405);
  });

  it('creates a library, finds it by title, breaks its inheritance, writes and reads a file back', async () => {
    const title = 'M365 Impressions relay';
    const created = await createLibrary(title);
    expect(created.status).toBe(201);
    const list = created.body as { Id: string; Title: string; RootFolder: { ServerRelativeUrl: string } };
    expect(list.Title).toBe(title);
    expect(list.Id).toMatch(/^[0-9a-f-]{36}$/);
    expect(list.RootFolder.ServerRelativeUrl).toBe(`${SITE}/M365Impressionsrelay`);

    const found = await call('GET', `${byTitle(title)}?$select=Id,Title&$expand=RootFolder`);
    expect(found.status).toBe(200);
    expect(found.body).toEqual({ Id: list.Id, Title: title, RootFolder: expect.objectContaining({ ServerRelativeUrl: `${SITE}/M365Impressionsrelay` }) as unknown });
    // The form that also holds in SharePoint's OData: the expanded property named in $select.
    const narrow = await call('GET', `${byTitle(title)}?$select=Id,Title,RootFolder/ServerRelativeUrl&$expand=RootFolder`);
    expect(narrow.body).toEqual({ Id: list.Id, Title: title, RootFolder: { ServerRelativeUrl: `${SITE}/M365Impressionsrelay` } });

    const broken = await call('POST', `${API}/web/lists(guid'${list.Id}')/breakroleinheritance(copyRoleAssignments=false,clearSubscopes=true)`);
    expect(broken.status).toBe(200);
    expect(t.sharePoint.list('relay', title)).toMatchObject({ hasUniqueRoleAssignments: true, readers: [adminOid], writers: [adminOid] });

    const folder = list.RootFolder.ServerRelativeUrl;
    const text = JSON.stringify({ kind: 'm365-impressions/report-relay', rows: [['Zoë', 'ü', '日本', 1]] });
    const put = await call('POST', addFile(folder, 'getMailboxUsageDetail-D30.json'), { body: text, headers: { 'Content-Type': 'application/octet-stream' } });
    expect(put.status).toBe(200);
    const file = put.body as { Name: string; ServerRelativeUrl: string; Length: string; TimeLastModified: string };
    expect(file.Name).toBe('getMailboxUsageDetail-D30.json');
    expect(file.ServerRelativeUrl).toBe(`${folder}/getMailboxUsageDetail-D30.json`);
    expect(Number(file.Length)).toBe(Buffer.byteLength(text));
    expect(file.TimeLastModified).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);

    const got = await call('GET', fileValue(file.ServerRelativeUrl));
    expect(got.status).toBe(200);
    expect(got.headers.get('content-type')).toBe('application/octet-stream');
    expect(got.bytes.toString('utf8')).toBe(text);
    expect(t.sharePoint.getFile('relay', file.ServerRelativeUrl)).toBe(text);

    // Overwrite replaces; overwrite=false on an existing file is refused.
    const again = await call('POST', addFile(folder, 'getMailboxUsageDetail-D30.json'), { body: 'second' });
    expect(again.status).toBe(200);
    expect((await call('GET', fileValue(file.ServerRelativeUrl))).bytes.toString('utf8')).toBe('second');
    const refused = await call('POST', addFile(folder, 'getMailboxUsageDetail-D30.json', false), { body: 'third' });
    expectSpError(refused, 400, '-2130575257, Microsoft.SharePoint.SPException', /^A file with the name .*getMailboxUsageDetail-D30\.json already exists\./);
    expect(t.sharePoint.getFile('relay', file.ServerRelativeUrl)).toBe('second');
    expect((await call('POST', addFile(folder, 'new.json', false), { body: '{}' })).status).toBe(200);
  });

  it('keeps bytes exactly', async () => {
    const { serverRelativeUrl } = t.sharePoint.createList('relay', 'Bytes');
    const bytes = Buffer.from([0, 1, 2, 0xff, 0xfe, 0x80, 0x0d, 0x0a, 0xef, 0xbb, 0xbf]);
    expect((await call('POST', addFile(serverRelativeUrl, 'b.bin'), { body: bytes })).status).toBe(200);
    expect((await call('GET', fileValue(`${serverRelativeUrl}/b.bin`))).bytes.equals(bytes)).toBe(true);
  });

  it('another person: 404 for the library, 403 on writes and reads; granted, they may; copyRoleAssignments=true keeps everyone', async () => {
    const title = 'Private relay';
    const created = (await createLibrary(title)).body as { Id: string; RootFolder: { ServerRelativeUrl: string } };
    const folder = created.RootFolder.ServerRelativeUrl;
    expect((await call('POST', `${API}/web/lists(guid'${created.Id}')/breakroleinheritance(copyRoleAssignments=false,clearSubscopes=true)`)).status).toBe(200);
    expect((await call('POST', addFile(folder, 'r.json'), { body: '{"ok":true}' })).status).toBe(200);

    expectSpError(await call('GET', `${byTitle(title)}?$select=Id,Title&$expand=RootFolder`, { token: otherToken }), 404, '-2130575322, System.ArgumentException', `List '${title}' does not exist at site with URL '${t.url}${SITE}'.`);
    expectSpError(await call('POST', addFile(folder, 'r.json'), { token: otherToken, body: 'theirs' }), 403, '-2147024891, System.UnauthorizedAccessException', 'Access denied.');
    expectSpError(await call('GET', fileValue(`${folder}/r.json`), { token: otherToken }), 403, '-2147024891, System.UnauthorizedAccessException', 'Access denied.');
    expect(t.sharePoint.getFile('relay', `${folder}/r.json`)).toBe('{"ok":true}');

    t.sharePoint.grant('relay', title, otherOid);
    expect((await call('GET', byTitle(title), { token: otherToken })).status).toBe(200);
    expect((await call('GET', fileValue(`${folder}/r.json`), { token: otherToken })).bytes.toString('utf8')).toBe('{"ok":true}');
    expect((await call('POST', addFile(folder, 'r.json'), { token: otherToken, body: 'theirs' })).status).toBe(200);
    expect((await call('GET', fileValue(`${folder}/r.json`), { token: thirdToken })).status).toBe(403);

    // Breaking inheritance while keeping the site's people: the others keep access.
    const shared = (await createLibrary('Shared relay')).body as { Id: string; RootFolder: { ServerRelativeUrl: string } };
    expect((await call('POST', `${API}/web/lists(guid'${shared.Id}')/breakroleinheritance(copyRoleAssignments=true,clearSubscopes=true)`)).status).toBe(200);
    expect(t.sharePoint.list('relay', 'Shared relay')).toMatchObject({ hasUniqueRoleAssignments: true, readers: 'everyone' });
    expect((await call('POST', addFile(shared.RootFolder.ServerRelativeUrl, 's.json'), { token: thirdToken, body: 's' })).status).toBe(200);
    expect((await call('GET', fileValue(`${shared.RootFolder.ServerRelativeUrl}/s.json`), { token: otherToken })).status).toBe(200);
  });

  it('a library without unique permissions: every site member reads and writes', async () => {
    const { serverRelativeUrl } = t.sharePoint.createList('relay', 'Open relay');
    expect((await call('POST', addFile(serverRelativeUrl, 'o.json'), { token: otherToken, body: 'by other' })).status).toBe(200);
    expect((await call('GET', fileValue(`${serverRelativeUrl}/o.json`), { token: thirdToken })).bytes.toString('utf8')).toBe('by other');
    expect((await call('GET', byTitle('Open relay'), { token: thirdToken })).status).toBe(200);
  });

  it('404s: a missing file, a missing list, a folder that is no library root, an unknown list id', async () => {
    const { serverRelativeUrl } = t.sharePoint.createList('relay', 'Holes');
    expectSpError(await call('GET', fileValue(`${serverRelativeUrl}/missing.json`)), 404, '-2147024894, System.IO.FileNotFoundException', 'File Not Found.');
    expectSpError(await call('GET', fileValue(`${SITE}/NoSuchLibrary/missing.json`)), 404, '-2147024894, System.IO.FileNotFoundException', 'File Not Found.');
    expectSpError(await call('GET', byTitle('No such list')), 404, '-2130575322, System.ArgumentException', `List 'No such list' does not exist at site with URL '${t.url}${SITE}'.`);
    expectSpError(await call('POST', addFile(`${SITE}/NoSuchLibrary`, 'x.json'), { body: 'x' }), 404, '-2147024894, System.IO.FileNotFoundException', 'File Not Found.');
    expectSpError(await call('POST', addFile(`${serverRelativeUrl}/Sub`, 'x.json'), { body: 'x' }), 404, '-2147024894, System.IO.FileNotFoundException', 'File Not Found.');
    expect((await call('POST', `${API}/web/lists(guid'00000000-0000-4000-8000-000000000000')/breakroleinheritance(copyRoleAssignments=false,clearSubscopes=true)`)).status).toBe(404);
    // Another site has its own lists.
    expect((await call('GET', byTitle('Holes').replace(SITE, '/sites/elsewhere'))).status).toBe(404);
  });

  it('creating: a second library of the same title is refused; only document libraries; a title is required', async () => {
    expect((await createLibrary('Twice')).status).toBe(201);
    expectSpError(await createLibrary('twice'), 500, '-2130575342, Microsoft.SharePoint.SPException', /^A list, survey, discussion board, or document library with the specified title already exists in this Web site\./);
    expect((await call('POST', `${API}/web/lists`, { json: { Title: 'Announcements', BaseTemplate: 104 } })).status).toBe(400);
    expect((await call('POST', `${API}/web/lists`, { json: { BaseTemplate: 101 } })).status).toBe(400);
    expect((await call('POST', `${API}/web/lists`, { body: '{not json', headers: { 'Content-Type': 'application/json' } })).status).toBe(400);
  });

  it('denyManageLists: 403 on creating a library and on breaking inheritance, files as before', async () => {
    const { id, serverRelativeUrl } = t.sharePoint.createList('relay', 'Managed elsewhere');
    t.sharePoint.denyManageLists(thirdOid);
    expectSpError(await createLibrary('Not mine', thirdToken), 403, '-2147024891, System.UnauthorizedAccessException', 'Access denied.');
    expectSpError(
      await call('POST', `${API}/web/lists(guid'${id}')/breakroleinheritance(copyRoleAssignments=false,clearSubscopes=true)`, { token: thirdToken }),
      403,
      '-2147024891, System.UnauthorizedAccessException',
      'Access denied.'
    );
    expect(t.sharePoint.list('relay', 'Managed elsewhere')?.hasUniqueRoleAssignments).toBe(false);
    expect((await call('POST', addFile(serverRelativeUrl, 'f.json'), { token: thirdToken, body: 'f' })).status).toBe(200);
    // Others still manage lists.
    expect((await createLibrary('Mine', otherToken)).status).toBe(201);
  });

  it('paths are case-insensitive, and literals may be aliased', async () => {
    const title = "Bob's Reports";
    const created = await createLibrary(title);
    expect(created.status).toBe(201);
    const folder = (created.body as { RootFolder: { ServerRelativeUrl: string } }).RootFolder.ServerRelativeUrl;
    expect(folder).toBe(`${SITE}/Bob'sReports`);
    const upper = `/SITES/Relay/_API/WEB/LISTS/getbytitle(${lit(title.toUpperCase())})?$select=Id,Title&$expand=RootFolder`;
    const found = await call('GET', upper);
    expect(found.status).toBe(200);
    expect((found.body as { Title: string }).Title).toBe(title);
    const put = await call('POST', `/sites/RELAY/_api/Web/getFolderByServerRelativePath(DecodedUrl=${lit(folder.toLowerCase())})/files/addUsingPath(DecodedUrl='q.json',Overwrite=true)`, { body: 'q' });
    expect(put.status).toBe(200);
    // URLs come back as created, whatever the case asked.
    expect((put.body as { ServerRelativeUrl: string }).ServerRelativeUrl).toBe(`${folder}/q.json`);
    const read = await call('GET', `/Sites/relay/_Api/web/GETFILEBYSERVERRELATIVEPATH(decodedurl=${lit(`${folder.toUpperCase()}/Q.JSON`)})/$VALUE`);
    expect(read.bytes.toString('utf8')).toBe('q');
    const aliased = await call('GET', `${API}/web/GetFileByServerRelativePath(decodedurl=@p)/$value?@p=${lit(`${folder}/q.json`)}`);
    expect(aliased.bytes.toString('utf8')).toBe('q');
    // Titles are matched in any case, and doubled quotes stand for one.
    expect((await call('GET', `${API}/web/lists/GetByTitle('Bob''s%20reports')`)).status).toBe(200);
    // The shorthand _api/lists is the web's lists.
    expect((await call('GET', `${API}/lists/GetByTitle(${lit(title)})`)).status).toBe(200);
  });

  it('test seams: putFile and getFile, createList with uniqueTo, grant; putFile needs the library', async () => {
    const info = t.sharePoint.createList('/sites/relay', 'Seeded', { uniqueTo: [otherOid] });
    expect(info).toMatchObject({ title: 'Seeded', serverRelativeUrl: `${SITE}/Seeded`, hasUniqueRoleAssignments: true, readers: [otherOid] });
    t.sharePoint.putFile('relay', `${SITE}/Seeded/seed.json`, '{"seeded":1}');
    expect((await call('GET', fileValue(`${SITE}/Seeded/seed.json`), { token: otherToken })).bytes.toString('utf8')).toBe('{"seeded":1}');
    // The admin is not among its readers: hidden and refused.
    expect((await call('GET', byTitle('Seeded'))).status).toBe(404);
    expect((await call('GET', fileValue(`${SITE}/Seeded/seed.json`))).status).toBe(403);
    t.sharePoint.grant('relay', 'Seeded', adminOid);
    expect((await call('GET', fileValue(`${SITE}/Seeded/seed.json`))).status).toBe(200);
    expect(() => t.sharePoint.putFile('relay', `${SITE}/NoLibrary/x.json`, 'x')).toThrow();
    expect(() => t.sharePoint.grant('relay', 'No library', adminOid)).toThrow();
    expect(() => t.sharePoint.createList('relay', 'seeded')).toThrow();
    expect(t.sharePoint.getFile('relay', `${SITE}/Seeded/none.json`)).toBeUndefined();
    expect(t.sharePoint.list('relay', 'seeded')?.files).toEqual(['seed.json']);
  });

  it('logs SharePoint requests (also in the tenant log) and applies the tenant latency', async () => {
    t.sharePoint.clearRequests();
    t.clearRequests();
    await call('POST', `${API}/contextinfo`);
    await call('GET', byTitle('No such list'));
    await fetch(`${t.url}/v1.0/users?$top=1`, { headers: { Authorization: `Bearer ${t.token}` } });
    expect(t.sharePoint.requests.map((r) => `${r.method} ${r.status}`)).toEqual(['POST 200', 'GET 404']);
    expect(t.requests.length).toBe(3);
    t.options.latencyMs = 80;
    try {
      const started = Date.now();
      await call('POST', `${API}/contextinfo`);
      expect(Date.now() - started).toBeGreaterThanOrEqual(70);
    } finally {
      t.options.latencyMs = 0;
    }
  });
});
