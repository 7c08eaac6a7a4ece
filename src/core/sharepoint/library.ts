/**
 * A document library in a SharePoint site, through SharePoint's REST API: files read and written by name.
 * The web part calls it through SPFx's SPHttpClient (the person's own SharePoint session; SPHttpClient adds
 * the request digest to writes), the CLI and the workbench through fetch with a bearer token. Only the
 * calls the product needs: find the library, create it (with permissions of its own), read a file, write one.
 */
import { RelayAccessError } from '../reports';
import type { IFileStore } from '../reports';
import { JSON_HEADERS, SharedLookup, quoted, sharePointMessage } from './rest';

/** What a SharePoint answer must offer (SPHttpClientResponse and fetch's Response both do). */
export interface ISharePointResponse {
  status: number;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** One SharePoint REST request: SPHttpClient.fetch in the web part, fetch with a bearer token elsewhere. */
export type SharePointFetch = (url: string, init: { method: 'GET' | 'POST'; headers: Record<string, string>; body?: string | Uint8Array; signal?: AbortSignal }) => Promise<ISharePointResponse>;

/** What `ensure()` found: the library was there, or it was created now (with permissions of its own). */
export type LibraryState = 'found' | 'created';

/** Options of a SharePointLibrary. */
export interface ISharePointLibraryOptions {
  /** Create the library on the first write when it is missing (default true). */
  create?: boolean;
  /** The description a created library gets. */
  description?: string;
}


/** A library's files by name; implements the report relay's IFileStore. */
export class SharePointLibrary implements IFileStore {
  public readonly where: string;
  private readonly site: string;
  private readonly folder = new SharedLookup<string | undefined>(() => this.findLibrary());
  private creating: Promise<string> | undefined;
  /** Whether the library found has the site's permissions (set by each lookup). */
  private inherits: boolean | undefined;
  /** The library's id, from the last lookup. */
  private listId: string | undefined;

  public constructor(private readonly fetch: SharePointFetch, siteUrl: string, private readonly title: string, private readonly options: ISharePointLibraryOptions = {}) {
    this.site = siteUrl.replace(/\/+$/, '');
    this.where = `the library '${title}' in ${this.site}`;
  }

  public async read(name: string, signal?: AbortSignal): Promise<Uint8Array | undefined> {
    const folder = await this.rootFolder();
    if (folder === undefined) return undefined;
    const res = await this.call('GET', `/_api/web/GetFileByServerRelativePath(decodedurl='${quoted(`${folder}/${name}`)}')/$value`, undefined, signal);
    if (res.status === 404) return undefined;
    if (res.status < 200 || res.status >= 300) throw this.failure(res.status, await res.text(), `read ${name}`);
    return new Uint8Array(await res.arrayBuffer());
  }

  public async write(name: string, bytes: Uint8Array): Promise<void> {
    const folder = (await this.rootFolder()) ?? (await this.createOnce());
    // Report rows never go where everyone who can open the site can read them. A library with the site's
    // permissions (a creation cut short before its permissions step, or one made by hand) is given
    // permissions of its own first, as creation does; when SharePoint refuses that, nothing is written.
    // Asked once per session, by writers only (reading the property takes more than reading the library).
    this.inherits ??= await this.inheritsSite();
    if (this.inherits) {
      const restricted = this.listId ? await this.restrict(this.listId).then(() => true, () => false) : false;
      if (!restricted) {
        throw new RelayAccessError(409, `Nothing was written to ${this.where}: it has the site's permissions, so everyone who can open the site could read the report rows. A site owner gives it permissions of its own (Library settings, Permissions for this document library, Stop inheriting permissions) and grants it to the people who may read usage reports.`);
      }
      this.inherits = false;
    }
    const res = await this.call('POST', `/_api/web/GetFolderByServerRelativePath(decodedurl='${quoted(folder)}')/Files/AddUsingPath(decodedurl='${quoted(name)}',overwrite=true)`, bytes);
    const answer = await res.text();
    if (res.status < 200 || res.status >= 300) throw this.failure(res.status, answer, `write ${name}`);
  }

  /**
   * Find the library, creating it (with permissions of its own) when it is missing and the store may: a host
   * that is about to write (the CLI's publish) learns before it reads anything whether it can. Throws
   * RelayAccessError as write does.
   */
  public async ensure(): Promise<LibraryState> {
    if ((await this.rootFolder()) !== undefined) return 'found';
    await this.createOnce();
    return 'created';
  }

  /** One creation at a time: writes that find no library together wait for the same one (a failed one is tried again). */
  private createOnce(): Promise<string> {
    if (this.options.create === false) return Promise.reject(new RelayAccessError(404, `There is no ${this.where}.`));
    if (!this.creating) {
      const made = this.createLibrary();
      this.creating = made;
      made.catch(() => { if (this.creating === made) this.creating = undefined; });
    }
    return this.creating;
  }

  /** The library's root folder (server-relative URL), or undefined when there is no such library (or it is hidden from this person). */
  private rootFolder(): Promise<string | undefined> {
    // A failure (refusal, network) is asked again next time; a missing library is remembered until a write creates it.
    return this.folder.get();
  }

  /** Whether the library has the site's permissions (unknown, not said: taken as yes, so nothing is written). */
  private async inheritsSite(): Promise<boolean> {
    const res = await this.call('GET', `/_api/web/lists/GetByTitle('${quoted(this.title)}')?$select=HasUniqueRoleAssignments`);
    const text = await res.text();
    if (res.status < 200 || res.status >= 300) throw this.failure(res.status, text, 'find', true);
    try {
      return (JSON.parse(text) as { HasUniqueRoleAssignments?: unknown }).HasUniqueRoleAssignments !== true;
    } catch {
      return true;
    }
  }

  /**
   * Shared by every caller, so it is asked without any one caller's signal: one view leaving must not cancel
   * the lookup another is waiting on.
   */
  private async findLibrary(): Promise<string | undefined> {
    const res = await this.call('GET', `/_api/web/lists/GetByTitle('${quoted(this.title)}')?$select=Id,Title,RootFolder/ServerRelativeUrl&$expand=RootFolder`);
    const text = await res.text();
    if (res.status === 404) return undefined;
    if (res.status < 200 || res.status >= 300) throw this.failure(res.status, text, 'find', true);
    return this.folderOf(text);
  }

  private folderOf(text: string): string {
    let body: { Id?: unknown; RootFolder?: { ServerRelativeUrl?: unknown } };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new RelayAccessError(0, `SharePoint's answer about ${this.where} was not JSON.`);
    }
    this.listId = typeof body.Id === 'string' ? body.Id : undefined;
    const url = body.RootFolder?.ServerRelativeUrl;
    if (typeof url !== 'string' || !url) throw new RelayAccessError(0, `SharePoint's answer about ${this.where} had no folder.`);
    return url.replace(/\/+$/, '');
  }

  /**
   * Create the library with permissions of its own: only the person creating it keeps access (SharePoint
   * gives them full control), so report rows are never shown to everyone who can open the site. An admin
   * then grants it to the others who may read usage reports (the README says how).
   */
  private async createLibrary(): Promise<string> {
    const created = this.call('POST', '/_api/web/lists', JSON.stringify({ Title: this.title, BaseTemplate: 101, Description: this.options.description ?? '', EnableVersioning: false }), undefined, true);
    const res = await created;
    const text = await res.text();
    if (res.status < 200 || res.status >= 300) {
      const refused = this.failure(res.status, text, 'create', true);
      if (res.status !== 401 && res.status !== 403) throw refused;
      throw new RelayAccessError(res.status, `${refused.message} Creating it takes the right to create libraries in that site (a site owner, or the Edit permission level); or a site owner creates a document library named '${this.title}' there.`);
    }
    let id: unknown;
    try {
      id = (JSON.parse(text) as { Id?: unknown }).Id;
    } catch {
      id = undefined;
    }
    if (typeof id !== 'string') throw new RelayAccessError(0, `SharePoint created ${this.where} but did not say its id.`);
    try {
      await this.restrict(id);
    } finally {
      // Created either way: the next write finds it (and, if it still has the site's permissions, writes nothing).
      this.folder.set(undefined);
    }
    this.inherits = false;
    // Ask SharePoint where it put the folder rather than guessing from the title.
    const folder = await this.findLibrary();
    if (folder === undefined) throw new RelayAccessError(404, `SharePoint created ${this.where} but does not find it.`);
    this.folder.set(Promise.resolve(folder));
    return folder;
  }

  /** Stop the library inheriting the site's permissions: only the person doing it keeps access (SharePoint gives them full control). */
  private async restrict(id: string): Promise<void> {
    const broke = await this.call('POST', `/_api/web/lists(guid'${encodeURIComponent(id)}')/breakroleinheritance(copyRoleAssignments=false,clearSubscopes=true)`);
    const brokeText = await broke.text();
    if (broke.status < 200 || broke.status >= 300) {
      const refused = this.failure(broke.status, brokeText, 'give permissions of its own to', true);
      if (broke.status !== 401 && broke.status !== 403) throw refused;
      throw new RelayAccessError(broke.status, `${refused.message} That takes the right to manage permissions in that site (a site owner, Full Control); until a site owner stops the library inheriting the site's permissions, everyone who can open the site can open it, and nothing is written to it.`);
    }
  }

  private call(method: 'GET' | 'POST', path: string, body?: string | Uint8Array, signal?: AbortSignal, json = false): Promise<ISharePointResponse> {
    const headers: Record<string, string> = { ...JSON_HEADERS };
    if (json) headers['Content-Type'] = 'application/json;odata=nometadata';
    return this.fetch(`${this.site}${path}`, { method, headers, ...(body !== undefined ? { body } : {}), ...(signal ? { signal } : {}) })
      .catch((e: unknown) => {
        if (signal?.aborted) throw e;
        throw new RelayAccessError(0, `SharePoint (${this.site}) could not be reached: ${e instanceof Error ? e.message : String(e)}.`);
      });
  }

  /** `what` is done to something in the library ("read x.json in the library ..."), or with `itself` to the library ("create the library ..."). */
  private failure(status: number, text: string, what: string, itself = false): RelayAccessError {
    const said = sharePointMessage(text);
    const why = status === 401 || status === 403 ? 'SharePoint refused' : `SharePoint answered ${status}`;
    return new RelayAccessError(status, `Could not ${what} ${itself ? '' : 'in '}${this.where}: ${why}${said ? ` (${said})` : ''}.`);
  }
}
