/**
 * A generic list (BaseTemplate 100) in a SharePoint site, through SharePoint's REST API: find it by title,
 * create it with its fields, add, change and delete items, and read items with $select/$filter/$top/$orderby,
 * following `odata.nextLink` page after page. Like the relay's library (library.ts), the web part calls it
 * through SPFx's SPHttpClient (which adds the request digest to writes) and the CLI and the workbench through
 * fetch with a bearer token; `requestDigest: true` asks /_api/contextinfo for a digest and sends it on writes
 * (SharePoint wants it from cookie sessions; with a bearer token it is accepted and not needed).
 */
import type { ISharePointResponse, SharePointFetch } from './library';
import { JSON_HEADERS, SharedLookup, quoted, sharePointMessage } from './rest';

/** A column the list must have: single line of text (Text, 255 characters) or plain multi-line text (Note). */
export interface IListFieldSpec {
  /** Title and internal name (letters and digits only, so both are the same). */
  name: string;
  kind: 'text' | 'note';
  /** Indexed: filters on it stay allowed past the list view threshold (5,000 items). */
  indexed?: boolean;
}

/** Options of a SharePointList. */
export interface ISharePointListOptions {
  /** Columns a created list gets, and a found one is given when it lacks them (before the first write). */
  fields?: readonly IListFieldSpec[];
  description?: string;
  /** Create the list on the first write when it is missing (default true). */
  create?: boolean;
  /** Ask /_api/contextinfo for a form digest and send it on writes (hosts without SPHttpClient; default false). */
  requestDigest?: boolean;
}

/** One list item in nometadata JSON: its `Id` and the fields selected. */
export interface IListItem {
  Id: number;
  [field: string]: unknown;
}

/** A read of items: OData options as SharePoint's REST takes them. */
export interface IListQuery {
  select?: readonly string[];
  /** An OData filter, e.g. `Kind eq 'snapshot' and Day ge '2026-01-01'` (build literals with odataString). */
  filter?: string;
  /** Items per page (SharePoint serves at most 5,000; default 5,000). */
  top?: number;
  orderBy?: string;
}

/** Why a list request failed, in words, with SharePoint's status (0: not reached or not understood). */
export class SharePointListError extends Error {
  public constructor(public readonly status: number, message: string, public readonly step: 'find' | 'create' | 'read' | 'write') {
    super(message);
    this.name = 'SharePointListError';
  }
}

// Request bodies carry `__metadata.type` (SP.List, SP.Field, the item's entity type), as SharePoint's REST reference writes them.
const VERBOSE = 'application/json;odata=verbose';
const MAX_PAGE = 5000;
const FIELD_KIND = { text: 2, note: 3 } as const;

/** An OData string literal: quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

function parse<T>(text: string): T | undefined {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined;
  }
}

/** An answer whose body was read already, for the caller to read again. */
function answered(status: number, text: string): ISharePointResponse {
  return { status, text: () => Promise.resolve(text), arrayBuffer: () => Promise.resolve(new TextEncoder().encode(text).slice().buffer) };
}

interface IListInfo {
  id: string;
  itemType: string;
}

/** A generic list's items, by title, in one site. */
export class SharePointList {
  /** "the list 'X' in https://…": for messages. */
  public readonly where: string;
  public readonly site: string;
  private info: Promise<IListInfo | undefined> | undefined;
  private readonly ready = new SharedLookup<IListInfo>(() => this.prepare());
  private digest: { value: string; until: number } | undefined;

  public constructor(private readonly fetch: SharePointFetch, siteUrl: string, public readonly title: string, private readonly options: ISharePointListOptions = {}, private readonly clock: () => number = Date.now) {
    this.site = siteUrl.replace(/\/+$/, '');
    this.where = `the list '${title}' in ${this.site}`;
  }

  private get path(): string {
    return `/_api/web/lists/GetByTitle('${quoted(this.title)}')`;
  }

  /**
   * Items matching the query, every page (`odata.nextLink` followed); undefined when there is no such list
   * (or it is hidden from this person). Each page is one request of up to 5,000 items.
   */
  public async items(query: IListQuery = {}, signal?: AbortSignal): Promise<IListItem[] | undefined> {
    const q: string[] = [];
    if (query.select?.length) q.push(`$select=${encodeURIComponent(query.select.join(','))}`);
    if (query.filter) q.push(`$filter=${encodeURIComponent(query.filter)}`);
    if (query.orderBy) q.push(`$orderby=${encodeURIComponent(query.orderBy)}`);
    q.push(`$top=${Math.max(1, Math.min(MAX_PAGE, Math.floor(query.top ?? MAX_PAGE)))}`);
    let url: string | undefined = `${this.site}${this.path}/items?${q.join('&')}`;
    const out: IListItem[] = [];
    for (let page = 0; url; page++) {
      const res = await this.send('GET', url, undefined, {}, signal, 'read');
      const text = await res.text();
      // A missing list answers 404 on the first page; later, it was deleted while being read.
      if (res.status === 404 && page === 0) return undefined;
      if (res.status < 200 || res.status >= 300) throw this.failure(res.status, text, 'read');
      const body = parse<{ value?: unknown; 'odata.nextLink'?: unknown }>(text);
      if (!body || !Array.isArray(body.value)) throw new SharePointListError(0, `SharePoint's answer about the items of ${this.where} was not a list of items.`, 'read');
      for (const item of body.value as unknown[]) {
        if (item && typeof item === 'object' && typeof (item as { Id?: unknown }).Id === 'number') out.push(item as IListItem);
      }
      url = this.nextLink(body['odata.nextLink']);
    }
    return out;
  }

  /** Add an item (creating the list first when it is missing and may be created); its Id. */
  public async add(fields: Record<string, string | number | null>, signal?: AbortSignal): Promise<number> {
    const info = await this.ensureInfo();
    const res = await this.write(`${this.path}/items`, JSON.stringify({ __metadata: { type: info.itemType }, ...fields }), {}, signal);
    const text = await res.text();
    if (res.status < 200 || res.status >= 300) throw this.failure(res.status, text, 'write');
    const id = parse<{ Id?: unknown }>(text)?.Id;
    if (typeof id !== 'number') throw new SharePointListError(0, `SharePoint added an item to ${this.where} but did not say its id.`, 'write');
    return id;
  }

  /** Change some fields of an item (MERGE, whatever its version: IF-MATCH *). */
  public async update(id: number, fields: Record<string, string | number | null>, signal?: AbortSignal): Promise<void> {
    const info = await this.ensureInfo();
    const res = await this.write(`${this.path}/items(${id})`, JSON.stringify({ __metadata: { type: info.itemType }, ...fields }), { 'X-HTTP-Method': 'MERGE', 'IF-MATCH': '*' }, signal);
    const text = await res.text();
    if (res.status < 200 || res.status >= 300) throw this.failure(res.status, text, 'write');
  }

  /** Delete an item (to the site's recycle bin); one already gone is not an error. */
  public async remove(id: number, signal?: AbortSignal): Promise<void> {
    await this.ensureInfo();
    const res = await this.write(`${this.path}/items(${id})`, undefined, { 'X-HTTP-Method': 'DELETE', 'IF-MATCH': '*' }, signal);
    const text = await res.text();
    if (res.status === 404) return;
    if (res.status < 200 || res.status >= 300) throw this.failure(res.status, text, 'write');
  }

  /** Find the list (and give it missing fields), or create it: 'found' or 'created'. Throws SharePointListError. */
  public async ensure(): Promise<'found' | 'created'> {
    const before = await this.lookup();
    await this.ensureInfo();
    return before ? 'found' : 'created';
  }

  /** The list's id and item type, once per store; creation and missing fields happen here. */
  private ensureInfo(): Promise<IListInfo> {
    // A failure (refusal, network) is tried again by the next write.
    return this.ready.get();
  }

  private async prepare(): Promise<IListInfo> {
    const found = await this.lookup();
    if (found) {
      await this.addMissingFields();
      return found;
    }
    if (this.options.create === false) throw new SharePointListError(404, `There is no list '${this.title}' in ${this.site}.`, 'create');
    return this.create();
  }

  /** The list's id and item entity type; undefined when it is missing. Shared, so asked without a caller's signal. */
  private lookup(): Promise<IListInfo | undefined> {
    if (!this.info) {
      const found = this.findList();
      this.info = found;
      found.then((i) => { if (!i && this.info === found) this.info = undefined; }, () => { if (this.info === found) this.info = undefined; });
    }
    return this.info;
  }

  private async findList(): Promise<IListInfo | undefined> {
    const res = await this.send('GET', `${this.site}${this.path}?$select=Id,ListItemEntityTypeFullName`, undefined, {}, undefined, 'find');
    const text = await res.text();
    if (res.status === 404) return undefined;
    if (res.status < 200 || res.status >= 300) throw this.failure(res.status, text, 'find');
    return this.infoOf(text, 'find');
  }

  private infoOf(text: string, step: 'find' | 'create'): IListInfo {
    const body = parse<{ Id?: unknown; ListItemEntityTypeFullName?: unknown }>(text);
    if (typeof body?.Id !== 'string' || typeof body.ListItemEntityTypeFullName !== 'string') {
      throw new SharePointListError(0, `SharePoint's answer about ${this.where} had no id or item type.`, step);
    }
    return { id: body.Id, itemType: body.ListItemEntityTypeFullName };
  }

  /** Create the list and its fields. A list created by someone else meanwhile is taken as found. */
  private async create(): Promise<IListInfo> {
    const body = { __metadata: { type: 'SP.List' }, Title: this.title, BaseTemplate: 100, Description: this.options.description ?? '', AllowContentTypes: false, ContentTypesEnabled: false };
    const res = await this.write('/_api/web/lists', JSON.stringify(body), {}, undefined, 'create');
    const text = await res.text();
    if (res.status < 200 || res.status >= 300) {
      const raced = await this.lookup().catch(() => undefined);
      if (raced) return raced;
      throw this.failure(res.status, text, 'create');
    }
    const made = this.infoOf(text, 'create');
    for (const field of this.options.fields ?? []) await this.addField(field);
    this.info = Promise.resolve(made);
    return made;
  }

  /** A list found without some of its fields (made by hand, or a creation cut short) gets them before a write. */
  private async addMissingFields(): Promise<void> {
    const wanted = this.options.fields ?? [];
    if (!wanted.length) return;
    const res = await this.send('GET', `${this.site}${this.path}/fields?$select=InternalName`, undefined, {}, undefined, 'find');
    const text = await res.text();
    if (res.status < 200 || res.status >= 300) throw this.failure(res.status, text, 'find');
    const have = new Set((parse<{ value?: Array<{ InternalName?: unknown }> }>(text)?.value ?? []).map((f) => String(f.InternalName ?? '').toLowerCase()));
    for (const field of wanted) if (!have.has(field.name.toLowerCase())) await this.addField(field);
  }

  private async addField(field: IListFieldSpec): Promise<void> {
    const body = { __metadata: { type: 'SP.Field' }, Title: field.name, FieldTypeKind: FIELD_KIND[field.kind], Indexed: field.indexed === true };
    const res = await this.write(`${this.path}/fields`, JSON.stringify(body), {}, undefined, 'create');
    const text = await res.text();
    if (res.status < 200 || res.status >= 300) throw this.failure(res.status, text, 'create', `add the column '${field.name}' to`);
  }

  /** A POST with a JSON body (or none), the digest when this host sends one; a stale digest is renewed once. */
  private async write(path: string, body: string | undefined, extra: Record<string, string>, signal?: AbortSignal, step: 'create' | 'write' = 'write'): Promise<ISharePointResponse> {
    for (let attempt = 0; ; attempt++) {
      const headers: Record<string, string> = { ...extra };
      if (body !== undefined) headers['Content-Type'] = VERBOSE;
      if (this.options.requestDigest) headers['X-RequestDigest'] = await this.formDigest(attempt > 0);
      const res = await this.send('POST', `${this.site}${path}`, body, headers, signal, step);
      if (attempt > 0 || !this.options.requestDigest || res.status !== 403) return res;
      const text = await res.text();
      // SharePoint's "security validation" refusal: the digest expired (or the site was restored). Ask again once.
      if (!/security validation/i.test(sharePointMessage(text) ?? '')) return answered(res.status, text);
    }
  }

  private async formDigest(fresh: boolean): Promise<string> {
    if (!fresh && this.digest && this.digest.until > this.clock()) return this.digest.value;
    const res = await this.send('POST', `${this.site}/_api/contextinfo`, undefined, {}, undefined, 'write');
    const text = await res.text();
    if (res.status < 200 || res.status >= 300) throw this.failure(res.status, text, 'write', 'get a form digest for');
    const body = parse<{ FormDigestValue?: unknown; FormDigestTimeoutSeconds?: unknown }>(text);
    if (typeof body?.FormDigestValue !== 'string') throw new SharePointListError(0, `SharePoint (${this.site}) gave no form digest.`, 'write');
    const seconds = typeof body.FormDigestTimeoutSeconds === 'number' ? body.FormDigestTimeoutSeconds : 1800;
    // Renewed a minute early, so a write never leaves with a digest about to expire.
    this.digest = { value: body.FormDigestValue, until: this.clock() + Math.max(0, seconds - 60) * 1000 };
    return this.digest.value;
  }

  /** The next page's URL: only one in this site's origin is followed (a token is never sent elsewhere). */
  private nextLink(link: unknown): string | undefined {
    if (typeof link !== 'string' || !link) return undefined;
    let next: URL;
    try {
      next = new URL(link, this.site);
    } catch {
      return undefined;
    }
    if (next.origin !== new URL(this.site).origin) throw new SharePointListError(0, `SharePoint's next page of ${this.where} pointed at another host (${next.host}); it was not followed.`, 'read');
    return next.toString();
  }

  private send(method: 'GET' | 'POST', url: string, body: string | undefined, extra: Record<string, string>, signal: AbortSignal | undefined, step: SharePointListError['step']): Promise<ISharePointResponse> {
    const headers = { ...JSON_HEADERS, ...extra };
    return this.fetch(url, { method, headers, ...(body !== undefined ? { body } : {}), ...(signal ? { signal } : {}) }).catch((e: unknown) => {
      if (signal?.aborted) throw e;
      throw new SharePointListError(0, `SharePoint (${this.site}) could not be reached: ${e instanceof Error ? e.message : String(e)}.`, step);
    });
  }

  /** SharePoint's refusal in words: what was done to the list (or in it), its status and its own message. */
  private failure(status: number, text: string, step: SharePointListError['step'], what?: string): SharePointListError {
    const said = sharePointMessage(text);
    const why = status === 401 || status === 403 ? 'SharePoint refused' : `SharePoint answered ${status}`;
    const doing = what ?? { find: 'find', create: 'create', read: 'read the items of', write: 'write to' }[step];
    return new SharePointListError(status, `Could not ${doing} ${this.where}: ${why}${said ? ` (${said})` : ''}.`, step);
  }
}
