// bearerFetch (SharePoint REST over fetch with a bearer token, for the CLI and the workbench) and
// SharePointLibrary.ensure (find or create the relay's library once), over a fake SharePoint.
import { bearerFetch } from '../../../src/core/sharepoint/bearer';
import type { IBearerFetchOptions } from '../../../src/core/sharepoint/bearer';
import { SharePointLibrary } from '../../../src/core/sharepoint/library';
import type { ISharePointResponse, SharePointFetch } from '../../../src/core/sharepoint/library';
import { RelayAccessError } from '../../../src/core/reports/relay';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

type Answer = { status: number; body?: string; retryAfter?: string };
type Call = { url: string; method: string; headers: Record<string, string>; body?: string | Uint8Array };

/** A fetch answering from a list, recording each call. */
function fakeFetch(answers: Answer[]): { fetch: NonNullable<IBearerFetchOptions['fetch']>; calls: Call[] } {
  const calls: Call[] = [];
  const fetch: NonNullable<IBearerFetchOptions['fetch']> = (url, init) => {
    calls.push({ url, method: init.method, headers: init.headers, body: init.body });
    const a = answers.shift() ?? { status: 500 };
    return Promise.resolve({ status: a.status, text: () => Promise.resolve(a.body ?? ''), arrayBuffer: () => Promise.resolve(new TextEncoder().encode(a.body ?? '').buffer), headers: { get: (n: string) => (n === 'Retry-After' ? a.retryAfter ?? null : null) } });
  };
  return { fetch, calls };
}

describe('bearerFetch', () => {
  const get = { method: 'GET' as const, headers: { Accept: 'application/json;odata=nometadata' } };

  it('sends the token asked for each request as a bearer header, the request otherwise as given', async () => {
    const { fetch, calls } = fakeFetch([{ status: 200, body: '{}' }, { status: 200 }]);
    let n = 0;
    const sp = bearerFetch(() => Promise.resolve(`t${++n}`), { fetch });
    expect((await sp('https://contoso.sharepoint.com/sites/it/_api/web', get)).status).toBe(200);
    await sp('https://contoso.sharepoint.com/sites/it/_api/web/lists', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"Title":"x"}' });
    expect(calls).toEqual([
      { url: 'https://contoso.sharepoint.com/sites/it/_api/web', method: 'GET', headers: { Accept: 'application/json;odata=nometadata', Authorization: 'Bearer t1' }, body: undefined },
      { url: 'https://contoso.sharepoint.com/sites/it/_api/web/lists', method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer t2' }, body: '{"Title":"x"}' }
    ]);
  });

  it('waits out SharePoint\'s throttling (429, 503 with Retry-After) up to 3 retries, and tells each answer', async () => {
    const { fetch, calls } = fakeFetch([{ status: 429, retryAfter: '5' }, { status: 503, retryAfter: '1' }, { status: 429 }, { status: 200, body: 'ok' }]);
    const waits: number[] = [];
    const seen: number[] = [];
    const sp = bearerFetch(() => Promise.resolve('t'), { fetch, sleep: ms => { waits.push(ms); return Promise.resolve(); }, onResponse: r => seen.push(r.status) });
    const res = await sp('https://x/_api/web', get);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('ok');
    expect(waits).toEqual([5000, 1000, 8000]);
    expect(seen).toEqual([429, 503, 429, 200]);
    expect(calls).toHaveLength(4);
  });

  it('gives the answer back when the retries run out, the wait is too long, or a 503 says nothing of waiting', async () => {
    const sleep = (): Promise<void> => Promise.resolve();
    const out = fakeFetch([{ status: 429, retryAfter: '0' }, { status: 429, retryAfter: '0' }]);
    expect((await bearerFetch(() => Promise.resolve('t'), { fetch: out.fetch, sleep, maxRetries: 1 })('https://x', get)).status).toBe(429);
    expect(out.calls).toHaveLength(2);
    const long = fakeFetch([{ status: 429, retryAfter: '600' }]);
    expect((await bearerFetch(() => Promise.resolve('t'), { fetch: long.fetch, sleep })('https://x', get)).status).toBe(429);
    expect(long.calls).toHaveLength(1);
    const down = fakeFetch([{ status: 503 }]);
    expect((await bearerFetch(() => Promise.resolve('t'), { fetch: down.fetch, sleep })('https://x', get)).status).toBe(503);
    expect(down.calls).toHaveLength(1);
  });

  it('passes a token source\'s failure on as it is (no request goes)', async () => {
    const { fetch, calls } = fakeFetch([]);
    await expect(bearerFetch(() => Promise.reject(new Error('Sign-in failed.')), { fetch })('https://x', get)).rejects.toThrow('Sign-in failed.');
    expect(calls).toHaveLength(0);
  });
});

describe('SharePointLibrary.ensure', () => {
  const SITE = 'https://contoso.sharepoint.com/sites/it';
  const FOLDER = '/sites/it/M365Impressionsrelay';
  const list = (unique: boolean): string => JSON.stringify({ Id: 'abc', Title: 'M365 Impressions relay', HasUniqueRoleAssignments: unique, RootFolder: { ServerRelativeUrl: FOLDER } });
  const NOT_FOUND = JSON.stringify({ 'odata.error': { code: '-2130575322, System.ArgumentException', message: { lang: 'en-US', value: "List 'M365 Impressions relay' does not exist at site with URL 'https://contoso.sharepoint.com/sites/it'." } } });
  const DENIED = JSON.stringify({ 'odata.error': { code: '-2147024891, System.UnauthorizedAccessException', message: { lang: 'en-US', value: 'Access denied.' } } });

  /** A SharePoint whose library exists once created; `deny` refuses creating it. */
  function fakeSite(options: { exists?: boolean; inherits?: boolean; deny?: 'create' | 'break' } = {}): { fetch: SharePointFetch; calls: string[] } {
    let exists = options.exists ?? false;
    let unique = !options.inherits;
    const calls: string[] = [];
    const fetch: SharePointFetch = async (url, init) => {
      const path = decodeURIComponent(url.slice(SITE.length));
      calls.push(`${init.method} ${path.split('?')[0] ?? ''}`);
      await new Promise(r => setTimeout(r, 1));
      const answer = (status: number, body = ''): ISharePointResponse => ({ status, text: () => Promise.resolve(body), arrayBuffer: () => Promise.resolve(new TextEncoder().encode(body).buffer) });
      if (path.startsWith("/_api/web/lists/GetByTitle")) return exists ? answer(200, list(unique)) : answer(404, NOT_FOUND);
      if (path === '/_api/web/lists') {
        if (options.deny === 'create') return answer(403, DENIED);
        exists = true;
        unique = false;
        return answer(201, list(unique));
      }
      if (path.includes('breakroleinheritance')) {
        if (options.deny === 'break') return answer(403, DENIED);
        unique = true;
        return answer(200, '{"odata.null":true}');
      }
      if (path.includes('AddUsingPath')) return answer(200, '{}');
      return answer(404);
    };
    return { fetch, calls };
  }

  it('finds a library that is there, creating nothing', async () => {
    const site = fakeSite({ exists: true });
    expect(await new SharePointLibrary(site.fetch, SITE, 'M365 Impressions relay').ensure()).toBe('found');
    expect(site.calls).toEqual(['GET /_api/web/lists/GetByTitle(\'M365 Impressions relay\')']);
  });

  it('creates a missing library once, with permissions of its own, however many writes find it missing together', async () => {
    const site = fakeSite();
    const library = new SharePointLibrary(site.fetch, SITE, 'M365 Impressions relay');
    await Promise.all([library.write('a.json', bytes('a')), library.write('b.json', bytes('b')), library.write('c.json', bytes('c'))]);
    expect(site.calls.filter(c => c === 'POST /_api/web/lists')).toHaveLength(1);
    expect(site.calls.filter(c => c.includes('breakroleinheritance'))).toHaveLength(1);
    expect(site.calls.filter(c => c.includes('AddUsingPath'))).toHaveLength(3);
    expect(await library.ensure()).toBe('found');
    expect(await new SharePointLibrary(fakeSite().fetch, SITE, 'M365 Impressions relay').ensure()).toBe('created');
  });

  it('says in words what creating the library takes when SharePoint refuses it, and what an inheriting library means', async () => {
    const refused = (await new SharePointLibrary(fakeSite({ deny: 'create' }).fetch, SITE, 'M365 Impressions relay').ensure().catch((e: unknown) => e)) as RelayAccessError;
    expect(refused).toBeInstanceOf(RelayAccessError);
    expect(refused.status).toBe(403);
    expect(refused.message).toBe(
      `Could not create the library 'M365 Impressions relay' in ${SITE}: SharePoint refused (Access denied.). ` +
        "Creating it takes the right to create libraries in that site (a site owner, or the Edit permission level); or a site owner creates a document library named 'M365 Impressions relay' there."
    );
    const unbroken = (await new SharePointLibrary(fakeSite({ deny: 'break' }).fetch, SITE, 'M365 Impressions relay').ensure().catch((e: unknown) => e)) as RelayAccessError;
    expect(unbroken.message).toMatch(/^Could not give permissions of its own to the library 'M365 Impressions relay' in \S+: SharePoint refused \(Access denied\.\)\. That takes the right to manage permissions/);
    expect(unbroken.message).toMatch(/everyone who can open the site can open it/);
  });

  it('gives a library found with the site\'s permissions (a creation cut short) permissions of its own before writing', async () => {
    const site = fakeSite({ exists: true, inherits: true });
    await new SharePointLibrary(site.fetch, SITE, 'M365 Impressions relay').write('a.json', bytes('rows'));
    expect(site.calls.filter(c => !c.startsWith('GET'))).toEqual(["POST /_api/web/lists(guid'abc')/breakroleinheritance(copyRoleAssignments=false,clearSubscopes=true)", "POST /_api/web/GetFolderByServerRelativePath(decodedurl='/sites/it/M365Impressionsrelay')/Files/AddUsingPath(decodedurl='a.json',overwrite=true)"]);
  });

  it('writes no report rows into a library that has the site\'s permissions when it may not change them, and says what to do', async () => {
    const site = fakeSite({ exists: true, inherits: true, deny: 'break' });
    const refused = (await new SharePointLibrary(site.fetch, SITE, 'M365 Impressions relay').write('a.json', bytes('rows')).catch((e: unknown) => e)) as RelayAccessError;
    expect(refused).toBeInstanceOf(RelayAccessError);
    expect(refused.message).toMatch(/Nothing was written .* everyone who can open the site could read the report rows\. A site owner gives it permissions of its own/);
    expect(site.calls.filter(c => c.includes('AddUsingPath'))).toEqual([]);
  });

  it('creates nothing when it may not', async () => {
    const site = fakeSite();
    await expect(new SharePointLibrary(site.fetch, SITE, 'M365 Impressions relay', { create: false }).ensure()).rejects.toMatchObject({ status: 404 });
    expect(site.calls).toEqual(['GET /_api/web/lists/GetByTitle(\'M365 Impressions relay\')']);
  });
});
