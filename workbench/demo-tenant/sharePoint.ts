/**
 * The slice of SharePoint's REST API the report relay calls, for document libraries in any site
 * (`/sites/{site}/_api/...`, `/teams/{site}/_api/...`): the form digest, a library by title or id, creating a
 * library, breaking its permission inheritance, adding a file to its root folder and reading a file back.
 * Written from SharePoint's REST reference; answers are `application/json;odata=nometadata` shapes and errors
 * SharePoint's `{"odata.error":{code,message:{lang,value}}}`. Everything lives in memory, per site.
 *
 * The permission model is as small as the relay needs: a library without unique permissions lets everyone
 * with a token read and write it (a site member); one with unique permissions lets in its readers and writers
 * only, and is hidden (404) from anyone else who asks for it by title; who may manage lists (create them,
 * break their inheritance) is everyone but those `denyManageLists` names.
 */
import { randomBytes, randomUUID } from 'crypto';
import { GraphHttpError } from './errors';
import { CODE, SP_MSG, SharePointError, accessDenied, badQuery, fileNotFound } from './sharePointErrors';
import { option } from './odata';
import { ListData, entityName } from './sharePointLists';
import type { IDemoListField, IDemoListItem } from './sharePointLists';
import type { IRequestLogEntry } from './server';
import type { IAuth } from './token';

export { SP_MSG, SharePointError } from './sharePointErrors';
export type { IDemoListField, IDemoListItem } from './sharePointLists';

/** One SharePoint REST request, parsed by the HTTP layer. */
export interface ISharePointRequest {
  method: string;
  /** `sites` or `teams`, as requested. */
  kind: string;
  /** The site's name as requested (decoded). */
  site: string;
  /** Decoded path after `/_api`, e.g. `/web/lists/GetByTitle('Relay')`. */
  path: string;
  query: URLSearchParams;
  /** The raw request body (a file's bytes, or JSON). */
  body: Buffer;
  /** Scheme and host the client used, for absolute URLs. */
  base: string;
  auth: IAuth;
  /** Request headers (lower-case names, as Node gives them): X-HTTP-Method, IF-MATCH, X-RequestDigest. */
  headers?: Record<string, string | string[] | undefined>;
}

/** One SharePoint REST answer: JSON, or a file's bytes. */
export interface ISharePointResponse {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
  raw?: Buffer;
}

/** What a test may know of a library. */
export interface ISharePointListInfo {
  id: string;
  title: string;
  /** The root folder's server-relative URL, e.g. `/sites/it/M365Impressionsrelay`. */
  serverRelativeUrl: string;
  /** True once its permission inheritance is broken. */
  hasUniqueRoleAssignments: boolean;
  /** With unique permissions: the readers' object ids, or 'everyone' when the site's people were kept. */
  readers?: string[] | 'everyone';
  /** With unique permissions: the writers' object ids, or 'everyone'. */
  writers?: string[] | 'everyone';
  /** Its files' names. */
  files: string[];
  /** 101 (a document library) or 100 (a generic list, whose items `items` reads). */
  baseTemplate: number;
}

/** The test seams on a started tenant: SharePoint's state, set and read without HTTP. */
export interface IDemoSharePoint {
  /**
   * Create a document library (BaseTemplate 101) in a site (`'it'`, `'/sites/it'` or `'/teams/it'`), as
   * `POST /_api/web/lists` would. `uniqueTo`: object ids of the only people who may read and write it (its
   * inheritance broken). Throws when the site has a library of that title.
   */
  createList(site: string, title: string, options?: { uniqueTo?: readonly string[]; baseTemplate?: 100 | 101; fields?: ReadonlyArray<{ name: string; kind: 'Text' | 'Note'; indexed?: boolean }> }): ISharePointListInfo;
  /** Let a person (object id) read and write a library; it matters once its permissions are unique. Throws when there is no such library. */
  grant(site: string, title: string, oid: string): void;
  /** From now on this person (object id) may not manage lists: creating one or breaking inheritance answers 403. */
  denyManageLists(oid: string): void;
  /** Write (replace) a file in a library's root folder, e.g. `/sites/it/M365Impressionsrelay/x.json`. Throws when no library has that folder. */
  putFile(site: string, serverRelativeUrl: string, content: string | Uint8Array): void;
  /** A file's content as UTF-8 text; undefined when there is no such file. */
  getFile(site: string, serverRelativeUrl: string): string | undefined;
  /** A file's bytes as written (e.g. a gzip-compressed relay copy); undefined when there is no such file. */
  getFileBytes(site: string, serverRelativeUrl: string): Uint8Array | undefined;
  /** A library by title (any case); undefined when there is none. */
  list(site: string, title: string): ISharePointListInfo | undefined;
  /** A generic list's items (BaseTemplate 100) in id order; undefined when there is no such list. */
  listItems(site: string, title: string): IDemoListItem[] | undefined;
  /** Add an item to a generic list as it is (a test's damaged item, a seeded history); its id. Throws when there is no such list. */
  addListItem(site: string, title: string, fields: Record<string, string | null>): number;
  /** A generic list's columns; undefined when there is no such list. */
  listFields(site: string, title: string): IDemoListField[] | undefined;
  /**
   * Set (or, with null, remove) a tenant property (storage entity), as an admin does in the tenant app catalog
   * (Set-SPOStorageEntity): every site's `GET /_api/web/GetStorageEntity('key')` answers it.
   */
  setStorageEntity(key: string, value: string | null): void;
  /** From now on this person (object id) may read lists and libraries but not add, change or delete items, nor create lists (a site visitor). */
  denyEdit(oid: string): void;
  /** Every form digest issued so far expires now (a writer holding one gets SharePoint's security validation refusal). */
  expireDigests(): void;
  /** SharePoint requests served, oldest first (the last 100k; also in the tenant's `requests`). */
  readonly requests: IRequestLogEntry[];
  /** Empty the SharePoint request log. */
  clearRequests(): void;
}

interface IFile {
  name: string;
  bytes: Buffer;
  uniqueId: string;
  created: Date;
  modified: Date;
  modifiedBy: string;
  version: number;
}

interface IList {
  id: string;
  title: string;
  description: string;
  urlName: string;
  created: Date;
  unique: boolean;
  /** With unique permissions: everyone who could see the site kept access (copyRoleAssignments=true). */
  everyone: boolean;
  readers: Set<string>;
  writers: Set<string>;
  files: Map<string, IFile>;
  baseTemplate: number;
  /** A generic list's columns and items. */
  data?: ListData;
}

interface ISite {
  /** Canonical server-relative URL, as first seen: `/sites/It`. */
  path: string;
  byTitle: Map<string, IList>;
}

const NOMETADATA = 'application/json;odata=nometadata;streaming=true;charset=utf-8';
const REQUEST_LOG_CAPACITY = 100000;
/** Characters SharePoint does not allow in a URL segment it derives from a title, and whitespace. */
const URL_UNSAFE = /[\s~"#%&*:<>?/\\{|}]/g;

/** SharePoint's `{"odata.error":...}` body. */
function errorBody(code: string, message: string): unknown {
  return { 'odata.error': { code, message: { lang: 'en-US', value: message } } };
}

/** SharePoint's time format: `2026-03-10T09:15:00Z`. */
function spTime(d: Date): string {
  return `${d.toISOString().slice(0, 19)}Z`;
}

/** The URL segment SharePoint derives from a library's title: the title without spaces and characters URLs do not allow. */
export function listUrlName(title: string): string {
  return title.replace(URL_UNSAFE, '').replace(/^\.+|\.+$/g, '') || 'List';
}

/** `'it'`, `'/sites/it'` or `'/teams/it/'` -> `{ kind, name }`. */
function siteOf(site: string): { kind: string; name: string } {
  const m = /^\/?(sites|teams)\/([^/]+)\/?$/i.exec(site.trim());
  if (m) return { kind: (m[1] ?? 'sites').toLowerCase(), name: m[2] ?? '' };
  const name = site.trim().replace(/^\/+|\/+$/g, '');
  if (!name || name.includes('/')) throw new Error(`Not a site: '${site}' (give its name, e.g. 'it', or '/sites/it').`);
  return { kind: 'sites', name };
}

/** A server-relative URL, trimmed of a trailing slash, for comparison. */
function urlKey(u: string): string {
  const withSlash = u.startsWith('/') ? u : `/${u}`;
  return withSlash.replace(/\/+$/, '').toLowerCase();
}

// ------------------------------------------------------------ the OData path

type Literal = string | number | boolean | null;

interface ISegment {
  /** Lower-cased. */
  name: string;
  /** As written. */
  raw: string;
  /** Positional arguments (`GetByTitle('x')`, `lists(guid'...')`). */
  positional: Literal[];
  /** Named arguments, keys lower-cased (`AddUsingPath(decodedurl='x',overwrite=true)`). */
  named: Map<string, Literal>;
  /** Whether the segment had parentheses at all. */
  call: boolean;
}

/** Split `web/GetFolderByServerRelativePath(decodedurl='/a/b')/Files` into segments, respecting quoted literals. */
function parsePath(path: string, query: URLSearchParams): ISegment[] {
  const segments: ISegment[] = [];
  let k = 0;
  const s = path.replace(/^\/+/, '').replace(/\/+$/, '');
  while (k < s.length) {
    let name = '';
    while (k < s.length && s[k] !== '/' && s[k] !== '(') name += s[k++];
    const seg: ISegment = { name: name.toLowerCase(), raw: name, positional: [], named: new Map(), call: false };
    if (s[k] === '(') {
      seg.call = true;
      k++;
      let args = '';
      let quoted = false;
      for (;;) {
        if (k >= s.length) throw badQuery(`The expression "${s}" is not valid.`);
        const c = s[k] ?? '';
        if (quoted && c === "'" && s[k + 1] === "'") {
          args += "''";
          k += 2;
          continue;
        }
        if (c === "'") quoted = !quoted;
        else if (c === ')' && !quoted) break;
        args += c;
        k++;
      }
      k++; // ')'
      for (const part of splitArgs(args)) {
        const kv = /^\s*([A-Za-z_][\w]*)\s*=\s*([\s\S]*?)\s*$/.exec(part);
        if (kv) seg.named.set((kv[1] ?? '').toLowerCase(), literal(kv[2] ?? '', query));
        else if (part.trim()) seg.positional.push(literal(part, query));
      }
    }
    if (k < s.length && s[k] !== '/') throw badQuery(`The expression "${s}" is not valid.`);
    k++;
    segments.push(seg);
  }
  return segments;
}

/** Split an argument list on commas outside quoted literals. */
function splitArgs(args: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let k = 0; k < args.length; k++) {
    const c = args[k] ?? '';
    if (c === "'") {
      if (quoted && args[k + 1] === "'") {
        cur += "''";
        k++;
        continue;
      }
      quoted = !quoted;
    }
    if (c === ',' && !quoted) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  if (cur.trim() || out.length) out.push(cur);
  return out;
}

/** An OData literal: `'text'` (quotes doubled inside), `guid'...'`, true/false, null, a number, or an `@alias` from the query. */
function literal(text: string, query: URLSearchParams, depth = 0): Literal {
  const v = text.trim();
  const str = /^'([\s\S]*)'$/.exec(v);
  if (str) return (str[1] ?? '').replace(/''/g, "'");
  const guid = /^guid'([0-9a-fA-F-]{36})'$/i.exec(v);
  if (guid) return (guid[1] ?? '').toLowerCase();
  if (/^true$/i.test(v)) return true;
  if (/^false$/i.test(v)) return false;
  if (/^null$/i.test(v)) return null;
  if (/^-?\d+(\.\d+)?$/.test(v)) return Number(v);
  if (v.startsWith('@') && depth === 0) {
    const aliased = query.get(v);
    if (aliased !== null) return literal(aliased, query, 1);
  }
  throw badQuery(`The expression "${v}" is not valid.`);
}

function named(seg: ISegment, name: string): Literal | undefined {
  return seg.named.get(name.toLowerCase());
}

function stringArg(seg: ISegment, name: string): string {
  const v = named(seg, name) ?? (seg.named.size === 0 ? seg.positional[0] : undefined);
  if (typeof v !== 'string') throw badQuery(`The parameter ${name} of ${seg.raw} is missing or not a string.`);
  return v;
}

function boolArg(seg: ISegment, name: string, def?: boolean): boolean {
  const v = named(seg, name);
  if (v === undefined && def !== undefined) return def;
  if (typeof v !== 'boolean') throw badQuery(`The parameter ${name} of ${seg.raw} is missing or not a boolean.`);
  return v;
}

function notAllowed(method: string, resource: string): SharePointError {
  return new SharePointError(
    405,
    CODE.service,
    `The HTTP method '${method}' cannot be used to access the resource '${resource}'. The operation type of the resource is specified as 'Default'. Please use correct HTTP method to invoke the resource.`
  );
}

function json(body: unknown, status = 200): ISharePointResponse {
  return { status, headers: { 'Content-Type': NOMETADATA }, body };
}

// ------------------------------------------------------------ the store and its handlers

/** SharePoint's document libraries, per site, in memory; serves the REST slice and the test seams. */
export class SharePointSites implements IDemoSharePoint {
  private readonly sites = new Map<string, ISite>();
  private readonly manageDenied = new Set<string>();
  private readonly editDenied = new Set<string>();
  /** Form digests issued by contextinfo: the site they are for and when they expire (ms). */
  private readonly digests = new Map<string, { site: string; until: number }>();
  private readonly storage = new Map<string, string>();
  private log: IRequestLogEntry[] = [];

  public get requests(): IRequestLogEntry[] {
    return this.log.slice();
  }

  public clearRequests(): void {
    this.log = [];
  }

  /** Called by the HTTP layer for every SharePoint request served. */
  public record(entry: IRequestLogEntry): void {
    this.log.push(entry);
    if (this.log.length > REQUEST_LOG_CAPACITY) this.log.splice(0, this.log.length - REQUEST_LOG_CAPACITY);
  }

  // ---------------------------------------------------------- test seams

  public createList(site: string, title: string, options: { uniqueTo?: readonly string[]; baseTemplate?: 100 | 101; fields?: ReadonlyArray<{ name: string; kind: 'Text' | 'Note'; indexed?: boolean }> } = {}): ISharePointListInfo {
    const s = this.site(siteOf(site));
    const list = this.addList(s, title, '', options.baseTemplate ?? 101);
    for (const f of options.fields ?? []) list.data?.addField({ Title: f.name, FieldTypeKind: f.kind === 'Note' ? 3 : 2, Indexed: f.indexed === true });
    if (options.uniqueTo) {
      list.unique = true;
      for (const oid of options.uniqueTo) {
        list.readers.add(oid);
        list.writers.add(oid);
      }
    }
    return this.info(s, list);
  }

  public grant(site: string, title: string, oid: string): void {
    const list = this.site(siteOf(site)).byTitle.get(title.toLowerCase());
    if (!list) throw new Error(`No library '${title}' in ${site}.`);
    list.readers.add(oid);
    list.writers.add(oid);
  }

  public denyManageLists(oid: string): void {
    this.manageDenied.add(oid);
  }

  public putFile(site: string, serverRelativeUrl: string, content: string | Uint8Array): void {
    const s = this.site(siteOf(site));
    const at = this.fileAt(s, serverRelativeUrl);
    if (!at) throw new Error(`No library in ${s.path} has the folder of '${serverRelativeUrl}'.`);
    this.writeFile(at.list, at.name, Buffer.from(content), 'demo-tenant');
  }

  public getFile(site: string, serverRelativeUrl: string): string | undefined {
    const s = this.site(siteOf(site));
    const at = this.fileAt(s, serverRelativeUrl);
    return at?.list.files.get(at.name.toLowerCase())?.bytes.toString('utf8');
  }

  public getFileBytes(site: string, serverRelativeUrl: string): Uint8Array | undefined {
    const s = this.site(siteOf(site));
    const at = this.fileAt(s, serverRelativeUrl);
    const bytes = at?.list.files.get(at.name.toLowerCase())?.bytes;
    return bytes ? new Uint8Array(bytes) : undefined;
  }

  public listItems(site: string, title: string): IDemoListItem[] | undefined {
    const data = this.site(siteOf(site)).byTitle.get(title.toLowerCase())?.data;
    return data ? [...data.items.values()].sort((a, b) => a.id - b.id).map((it) => ({ id: it.id, fields: { ...it.fields }, version: it.version })) : undefined;
  }

  public addListItem(site: string, title: string, fields: Record<string, string | null>): number {
    const data = this.site(siteOf(site)).byTitle.get(title.toLowerCase())?.data;
    if (!data) throw new Error(`No generic list '${title}' in ${site}.`);
    return data.put(fields);
  }

  public listFields(site: string, title: string): IDemoListField[] | undefined {
    return this.site(siteOf(site)).byTitle.get(title.toLowerCase())?.data?.fields.map((f) => ({ ...f }));
  }

  public setStorageEntity(key: string, value: string | null): void {
    if (value === null) this.storage.delete(key.toLowerCase());
    else this.storage.set(key.toLowerCase(), value);
  }

  public denyEdit(oid: string): void {
    this.editDenied.add(oid);
    this.manageDenied.add(oid);
  }

  public expireDigests(): void {
    for (const d of this.digests.values()) d.until = 0;
  }

  public list(site: string, title: string): ISharePointListInfo | undefined {
    const s = this.site(siteOf(site));
    const list = s.byTitle.get(title.toLowerCase());
    return list ? this.info(s, list) : undefined;
  }

  // ---------------------------------------------------------- REST

  /** Serve one request; throws SharePointError for SharePoint's refusals. */
  public handle(req: ISharePointRequest): ISharePointResponse {
    const s = this.site({ kind: req.kind.toLowerCase(), name: req.site });
    const caller = callerOf(req.auth);
    const segs = parsePath(req.path, req.query);
    const [a] = segs;
    const m = methodOf(req);
    const web = (): string => `${req.base}${s.path}`;

    if (segs.length === 1 && a?.name === 'contextinfo') {
      if (m !== 'POST') throw notAllowed(m, 'GetContextWebInformation');
      const digest = `0x${randomBytes(64).toString('hex').toUpperCase()},${new Date().toUTCString().replace('GMT', '-0000')}`;
      this.digests.set(digest, { site: s.path.toLowerCase(), until: Date.now() + DIGEST_SECONDS * 1000 });
      return json({
        FormDigestTimeoutSeconds: DIGEST_SECONDS,
        FormDigestValue: digest,
        LibraryVersion: '16.0.0.0',
        SiteFullUrl: web(),
        SupportedSchemaVersions: ['14.0.0.0', '15.0.0.0'],
        WebFullUrl: web()
      });
    }

    if (req.method !== 'GET') this.checkDigest(req, s);
    // `web/...` and the `lists/...` shorthand SharePoint also accepts.
    const rest = a?.name === 'web' && !a.call ? segs.slice(1) : a?.name === 'lists' ? segs : undefined;
    if (rest) {
      const [r0, r1, r2, r3] = rest;
      // web/GetStorageEntity('key'): a tenant property, the same from every site.
      if (r0?.name === 'getstorageentity' && r0.call && r1 === undefined) {
        if (m !== 'GET') throw notAllowed(m, 'GetStorageEntity');
        const value = this.storage.get(stringArg(r0, 'key').toLowerCase());
        return json(value === undefined ? { 'odata.null': true } : { Comment: null, Description: null, Value: value });
      }
      // web/lists
      if (r0?.name === 'lists' && !r0.call && r1 === undefined) {
        if (m !== 'POST') throw notAllowed(m, 'Lists');
        return this.createFromRest(s, req, caller);
      }
      // web/lists/GetByTitle('t')[/op] and web/lists(guid'id')[/op]
      let list: IList | undefined;
      let after: ISegment[] | undefined;
      if (r0?.name === 'lists' && !r0.call && r1?.name === 'getbytitle' && r1.call) {
        const title = stringArg(r1, 'title');
        list = this.visible(s.byTitle.get(title.toLowerCase()), caller);
        if (!list) throw new SharePointError(404, CODE.listMissing, `List '${title}' does not exist at site with URL '${web()}'.`);
        after = rest.slice(2);
      } else if (r0?.name === 'lists' && r0.call) {
        const id = r0.positional[0];
        if (typeof id !== 'string') throw badQuery(`The expression "lists(${String(id)})" is not valid.`);
        list = this.visible([...s.byTitle.values()].find((l) => l.id === id.toLowerCase()), caller);
        if (!list) throw new SharePointError(404, CODE.listMissing, SP_MSG.listByIdMissing);
        after = rest.slice(1);
      }
      if (list && after) {
        const [op] = after;
        if (op === undefined) {
          if (m !== 'GET') throw notAllowed(m, 'SP.List');
          return json(this.listEntity(s, list, req.query));
        }
        if (op.name === 'breakroleinheritance' && after.length === 1) {
          if (m !== 'POST') throw notAllowed(m, 'BreakRoleInheritance');
          return this.breakInheritance(list, op, caller);
        }
        if (list.data && (op.name === 'items' || op.name === 'fields') && after.length === 1) return this.listOp(s, list, list.data, op, m, req, caller);
      }
      // web/GetFolderByServerRelativePath(decodedurl='...')/Files/AddUsingPath(decodedurl='...',overwrite=true)
      if (r0?.name === 'getfolderbyserverrelativepath' && r0.call && r1?.name === 'files' && !r1.call && r2?.name === 'addusingpath' && r2.call && r3 === undefined) {
        if (m !== 'POST') throw notAllowed(m, 'AddUsingPath');
        return this.addFile(s, stringArg(r0, 'decodedurl'), r2, req, caller);
      }
      // web/GetFileByServerRelativePath(decodedurl='...')[/$value]
      if (r0?.name === 'getfilebyserverrelativepath' && r0.call && (r1 === undefined || (r1.name === '$value' && r2 === undefined))) {
        if (m !== 'GET') throw notAllowed(m, r1 ? '$value' : 'SP.File');
        const file = this.readableFile(s, stringArg(r0, 'decodedurl'), caller);
        if (r1) return { status: 200, headers: { 'Content-Type': 'application/octet-stream' }, raw: file.file.bytes };
        return json(fileEntity(file.list, s, file.file));
      }
    }
    throw badQuery(`The demo tenant does not serve '${req.path}': it serves contextinfo, web/lists (POST), web/lists/GetByTitle('...') with /items, /items(id) and /fields of a generic list, web/lists(guid'...')/breakroleinheritance(...), GetFolderByServerRelativePath(...)/Files/AddUsingPath(...), GetFileByServerRelativePath(...)/$value and web/GetStorageEntity('...').`);
  }

  /** A generic list's `items`, `items(id)` and `fields`: reads for whoever sees the list, writes for its writers. */
  private listOp(s: ISite, list: IList, data: ListData, op: ISegment, m: string, req: ISharePointRequest, caller: string): ISharePointResponse {
    const raw = op.call ? op.positional[0] : undefined;
    if (op.call && (typeof raw !== 'number' || !Number.isInteger(raw))) throw badQuery(`The expression "${op.raw}(${String(raw)})" is not valid.`);
    const id = typeof raw === 'number' ? raw : undefined;
    const self = `${req.base}${encodeURI(s.path)}/_api${encodeURI(req.path.replace(/\/+$/, ''))}`;
    if (op.name === 'fields') {
      if (op.call) throw badQuery(`The expression "fields(...)" is not valid here.`);
      if (m === 'GET') return json(data.fieldsEntity(req.query));
      if (m !== 'POST') throw notAllowed(m, 'Fields');
      if (this.manageDenied.has(caller) || !canWrite(list, caller)) throw accessDenied();
      return json(data.addField(bodyOf(req)), 201);
    }
    if (m === 'GET') return json(id === undefined ? data.query(req.query, self) : data.one(id, req.query));
    if (this.editDenied.has(caller) || !canWrite(list, caller)) throw accessDenied();
    const ifMatch = header(req, 'if-match');
    if (id === undefined) {
      if (m !== 'POST') throw notAllowed(m, 'Items');
      return json(data.add(bodyOf(req), caller, new Date()), 201);
    }
    if (m === 'MERGE' || m === 'PATCH') {
      data.merge(id, bodyOf(req), ifMatch, caller, new Date());
      return { status: 204, headers: {} };
    }
    if (m === 'DELETE') {
      data.delete(id, ifMatch);
      return { status: 200, headers: {} };
    }
    throw notAllowed(m, 'SP.ListItem');
  }

  /** A write that carries a form digest needs one this tenant issued for this site, not expired; with a bearer token none is needed. */
  private checkDigest(req: ISharePointRequest, s: ISite): void {
    const given = header(req, 'x-requestdigest');
    if (given === undefined) return;
    const d = this.digests.get(given);
    if (!d || d.site !== s.path.toLowerCase() || d.until <= Date.now()) throw new SharePointError(403, CODE.security, SP_MSG.security);
  }

  // ---------------------------------------------------------- handlers

  private createFromRest(s: ISite, req: ISharePointRequest, caller: string): ISharePointResponse {
    if (this.manageDenied.has(caller)) throw accessDenied();
    let body: unknown;
    try {
      const text = req.body.toString('utf8');
      body = text.trim() ? (JSON.parse(text) as unknown) : undefined;
    } catch {
      throw badQuery('Invalid JSON. A token was not recognized in the JSON content.');
    }
    const o = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    const type = (o.__metadata as { type?: unknown } | undefined)?.type;
    if (type !== undefined && type !== 'SP.List') throw badQuery(`A type named '${String(type)}' could not be resolved by the model. When a model is available, each type name must resolve to a valid type.`);
    const title = typeof o.Title === 'string' ? o.Title.trim() : '';
    if (!title) throw new SharePointError(400, CODE.argument, SP_MSG.outOfRange);
    if (o.BaseTemplate !== 101 && o.BaseTemplate !== 100) throw new SharePointError(400, CODE.argument, `The demo tenant creates document libraries (BaseTemplate 101) and generic lists (100) only, not BaseTemplate ${JSON.stringify(o.BaseTemplate ?? null)}.`);
    if (s.byTitle.has(title.toLowerCase())) throw new SharePointError(500, CODE.spException, SP_MSG.listExists);
    const list = this.addList(s, title, typeof o.Description === 'string' ? o.Description : '', o.BaseTemplate === 100 ? 100 : 101);
    return json({ ...this.listEntity(s, list, new URLSearchParams()), RootFolder: folderEntity(s, list) }, 201);
  }

  private breakInheritance(list: IList, op: ISegment, caller: string): ISharePointResponse {
    const copy = boolArg(op, 'copyRoleAssignments');
    boolArg(op, 'clearSubscopes', true);
    if (this.manageDenied.has(caller)) throw accessDenied();
    // Already unique: SharePoint leaves the role assignments as they are.
    if (!list.unique) {
      list.unique = true;
      list.everyone = copy;
      list.readers = new Set([caller]);
      list.writers = new Set([caller]);
    }
    return json({ 'odata.null': true });
  }

  private addFile(s: ISite, folderUrl: string, op: ISegment, req: ISharePointRequest, caller: string): ISharePointResponse {
    const name = stringArg(op, 'decodedurl');
    const overwrite = boolArg(op, 'overwrite', false);
    const list = this.listByRoot(s, folderUrl);
    if (!list) throw fileNotFound();
    if (!canWrite(list, caller) || this.editDenied.has(caller)) throw accessDenied();
    if (!name.trim() || /[/\\]/.test(name)) throw new SharePointError(400, CODE.argument, SP_MSG.outOfRange);
    const existing = list.files.get(name.toLowerCase());
    if (existing && !overwrite) {
      throw new SharePointError(
        400,
        CODE.fileExists,
        `A file with the name ${list.urlName}/${existing.name} already exists. It was last modified by i:0#.f|membership|${existing.modifiedBy} on ${existing.modified.toUTCString().replace('GMT', '-0000')}.`
      );
    }
    const file = this.writeFile(list, name, req.body, String(req.auth.claims.upn ?? caller));
    return json(fileEntity(list, s, file));
  }

  private readableFile(s: ISite, fileUrl: string, caller: string): { list: IList; file: IFile } {
    const at = this.fileAt(s, fileUrl);
    if (!at) throw fileNotFound();
    if (!canRead(at.list, caller)) throw accessDenied();
    const file = at.list.files.get(at.name.toLowerCase());
    if (!file) throw fileNotFound();
    return { list: at.list, file };
  }

  // ---------------------------------------------------------- model

  private site(id: { kind: string; name: string }): ISite {
    const key = `${id.kind}/${id.name}`.toLowerCase();
    let s = this.sites.get(key);
    if (!s) {
      s = { path: `/${id.kind}/${id.name}`, byTitle: new Map() };
      this.sites.set(key, s);
    }
    return s;
  }

  private addList(s: ISite, title: string, description: string, baseTemplate = 101): IList {
    if (s.byTitle.has(title.toLowerCase())) throw new Error(`${s.path} already has a library titled '${title}'.`);
    // Two titles may make one URL ("A B", "AB"): SharePoint numbers the later one.
    const base = listUrlName(title);
    const taken = new Set([...s.byTitle.values()].map((l) => l.urlName.toLowerCase()));
    let urlName = base;
    for (let n = 1; taken.has(urlName.toLowerCase()); n++) urlName = `${base}${n}`;
    const list: IList = { id: randomUUID(), title, description, urlName, created: new Date(), unique: false, everyone: false, readers: new Set(), writers: new Set(), files: new Map(), baseTemplate };
    // A generic list's items are typed SP.Data.<Title, encoded>ListItem, as SharePoint names them.
    if (baseTemplate === 100) list.data = new ListData(`SP.Data.${entityName(title)}ListItem`, () => randomUUID());
    s.byTitle.set(title.toLowerCase(), list);
    return list;
  }

  /** The list, or undefined when it is missing or hidden from the caller (unique permissions without them). */
  private visible(list: IList | undefined, caller: string): IList | undefined {
    return list && canRead(list, caller) ? list : undefined;
  }

  private listByRoot(s: ISite, folderUrl: string): IList | undefined {
    const key = urlKey(folderUrl);
    return [...s.byTitle.values()].find((l) => urlKey(rootOf(s, l)) === key);
  }

  /** The library whose root folder holds a file's URL, and the file's name. */
  private fileAt(s: ISite, fileUrl: string): { list: IList; name: string } | undefined {
    const u = fileUrl.startsWith('/') ? fileUrl : `/${fileUrl}`;
    const cut = u.lastIndexOf('/');
    const name = u.slice(cut + 1);
    const list = cut > 0 && name ? this.listByRoot(s, u.slice(0, cut)) : undefined;
    return list ? { list, name } : undefined;
  }

  private writeFile(list: IList, name: string, bytes: Buffer, by: string): IFile {
    const now = new Date();
    const old = list.files.get(name.toLowerCase());
    const file: IFile = old
      ? { ...old, bytes: Buffer.from(bytes), modified: now, modifiedBy: by, version: old.version + 1 }
      : { name, bytes: Buffer.from(bytes), uniqueId: randomUUID(), created: now, modified: now, modifiedBy: by, version: 1 };
    list.files.set(name.toLowerCase(), file);
    return file;
  }

  private info(s: ISite, l: IList): ISharePointListInfo {
    const who = (set: Set<string>): string[] | 'everyone' => (l.everyone ? 'everyone' : [...set]);
    return {
      id: l.id,
      title: l.title,
      serverRelativeUrl: rootOf(s, l),
      hasUniqueRoleAssignments: l.unique,
      ...(l.unique ? { readers: who(l.readers), writers: who(l.writers) } : {}),
      files: [...l.files.values()].map((f) => f.name),
      baseTemplate: l.baseTemplate
    };
  }

  /** SP.List in nometadata, projected by `$select` and with `RootFolder` when `$expand` names it. */
  private listEntity(s: ISite, l: IList, query: URLSearchParams): Record<string, unknown> {
    const modified = [...l.files.values()].map((f) => f.modified.getTime()).concat([...(l.data?.items.values() ?? [])].map((it) => it.modified.getTime()));
    const lastModified = modified.reduce((t, m) => Math.max(t, m), l.created.getTime());
    const library = l.baseTemplate !== 100;
    const full: Record<string, unknown> = {
      AllowContentTypes: true,
      BaseTemplate: l.baseTemplate,
      BaseType: library ? 1 : 0,
      ContentTypesEnabled: false,
      Created: spTime(l.created),
      Description: l.description,
      DocumentTemplateUrl: library ? `${s.path}/${l.urlName}/Forms/template.dotx` : null,
      EnableVersioning: true,
      EntityTypeName: library ? l.urlName.replace(/[^A-Za-z0-9_]/g, '_') : `${entityName(l.title)}List`,
      Hidden: false,
      Id: l.id,
      ItemCount: l.data ? l.data.items.size : l.files.size,
      ListItemEntityTypeFullName: l.data ? l.data.itemType : `SP.Data.${l.urlName.replace(/[^A-Za-z0-9_]/g, '_')}Item`,
      LastItemModifiedDate: spTime(new Date(lastModified)),
      LastItemUserModifiedDate: spTime(new Date(lastModified)),
      ParentWebUrl: s.path,
      Title: l.title
    };
    // Properties SharePoint returns only when selected.
    const onRequest: Record<string, unknown> = { HasUniqueRoleAssignments: l.unique };
    const select = (option(query, 'select') ?? '').split(',').map((x) => x.trim()).filter(Boolean);
    const expand = (option(query, 'expand') ?? '').split(',').map((x) => x.trim().toLowerCase()).filter(Boolean);
    let out: Record<string, unknown> = full;
    if (select.length) {
      out = {};
      for (const name of select) {
        if (/^rootfolder(\/|$)/i.test(name)) continue;
        const key = Object.keys(full).find((k) => k.toLowerCase() === name.toLowerCase()) ?? Object.keys(onRequest).find((k) => k.toLowerCase() === name.toLowerCase());
        if (!key) throw badQuery(`The property '${name}' does not exist on type 'SP.List'. Make sure to only use property names that are defined by the type.`);
        out[key] = key in full ? full[key] : onRequest[key];
      }
    }
    if (expand.includes('rootfolder')) {
      const folder = folderEntity(s, l);
      const sub = select.filter((x) => /^rootfolder\//i.test(x)).map((x) => x.slice('rootfolder/'.length).toLowerCase());
      out.RootFolder = sub.length ? Object.fromEntries(Object.entries(folder).filter(([k]) => sub.includes(k.toLowerCase()))) : folder;
    }
    return out;
  }
}

/** A list's root folder: a library's at the site's root, a generic list's under /Lists, as SharePoint places them. */
function rootOf(s: ISite, l: IList): string {
  return l.baseTemplate === 100 ? `${s.path}/Lists/${l.urlName}` : `${s.path}/${l.urlName}`;
}

const DIGEST_SECONDS = 1800;

/** The method a request stands for: POST with X-HTTP-Method (MERGE, PATCH, PUT, DELETE) is that method. */
function methodOf(req: ISharePointRequest): string {
  const override = header(req, 'x-http-method')?.toUpperCase();
  return req.method === 'POST' && override && ['MERGE', 'PATCH', 'PUT', 'DELETE'].includes(override) ? override : req.method;
}

function header(req: ISharePointRequest, name: string): string | undefined {
  const v = req.headers?.[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A JSON request body as an object (verbose or nometadata alike); anything else is SharePoint's JSON refusal. */
function bodyOf(req: ISharePointRequest): Record<string, unknown> {
  let body: unknown;
  try {
    const text = req.body.toString('utf8');
    body = text.trim() ? (JSON.parse(text) as unknown) : {};
  } catch {
    throw badQuery('Invalid JSON. A token was not recognized in the JSON content.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw badQuery('Invalid JSON. A token was not recognized in the JSON content.');
  return body as Record<string, unknown>;
}

function callerOf(auth: IAuth): string {
  return String(auth.claims.oid ?? auth.claims.appid ?? '');
}

function canRead(l: IList, caller: string): boolean {
  return !l.unique || l.everyone || l.readers.has(caller);
}

function canWrite(l: IList, caller: string): boolean {
  return !l.unique || l.everyone || l.writers.has(caller);
}

/** SP.Folder (a library's root folder) in nometadata. */
function folderEntity(s: ISite, l: IList): Record<string, unknown> {
  return {
    Exists: true,
    IsWOPIEnabled: false,
    ItemCount: l.files.size,
    Name: l.urlName,
    ProgID: null,
    ServerRelativeUrl: rootOf(s, l),
    TimeCreated: spTime(l.created),
    TimeLastModified: spTime(l.created),
    UniqueId: l.id,
    WelcomePage: ''
  };
}

/** SP.File in nometadata; `Length` is an Edm.Int64, which SharePoint's JSON writes as a string. */
function fileEntity(l: IList, s: ISite, f: IFile): Record<string, unknown> {
  return {
    CheckInComment: '',
    CheckOutType: 2,
    ContentTag: `{${f.uniqueId.toUpperCase()}},${f.version},${f.version}`,
    CustomizedPageStatus: 0,
    ETag: `"{${f.uniqueId.toUpperCase()}},${f.version}"`,
    Exists: true,
    IrmEnabled: false,
    Length: String(f.bytes.length),
    Level: 1,
    LinkingUri: null,
    LinkingUrl: '',
    MajorVersion: f.version,
    MinorVersion: 0,
    Name: f.name,
    ServerRelativeUrl: `${s.path}/${l.urlName}/${f.name}`,
    TimeCreated: spTime(f.created),
    TimeLastModified: spTime(f.modified),
    Title: null,
    UIVersion: f.version * 512,
    UIVersionLabel: `${f.version}.0`,
    UniqueId: f.uniqueId
  };
}

/**
 * A failure as SharePoint answers it: its own refusals in `odata.error`; a bad or missing token 401 with
 * `error_description` and SharePoint's `WWW-Authenticate` (unverified wording); the tenant's random 429/503
 * with Retry-After; anything else 500.
 */
export function sharePointErrorResponse(err: unknown, tid: string): ISharePointResponse {
  if (err instanceof SharePointError) return { status: err.status, headers: { 'Content-Type': NOMETADATA, ...err.headers }, body: errorBody(err.code, err.message) };
  if (err instanceof GraphHttpError && err.status === 401) {
    return {
      status: 401,
      headers: {
        'Content-Type': 'application/json;charset=utf-8',
        'WWW-Authenticate': `Bearer realm="${tid}",client_id="00000003-0000-0ff1-ce00-000000000000",trusted_issuers="00000001-0000-0000-c000-000000000000@*,https://sts.windows.net/*/",authorization_uri="https://login.windows.net/common/oauth2/authorize"`
      },
      body: { error_description: `Invalid JWT token. ${err.message}` }
    };
  }
  if (err instanceof GraphHttpError && (err.status === 429 || err.status === 503)) {
    const message = err.status === 429 ? 'The request has been throttled. Please retry after the time specified in the Retry-After header.' : 'The service is temporarily unavailable.';
    return { status: err.status, headers: { 'Content-Type': NOMETADATA, ...err.headers }, body: errorBody(`-2146233088, Microsoft.SharePoint.SPServerBusyException`, message) };
  }
  return { status: 500, headers: { 'Content-Type': NOMETADATA }, body: errorBody('-2146233088, System.Exception', err instanceof Error ? err.message : String(err)) };
}
