/**
 * Where the shared store lives, in this order: the web part's `storeSite` property (a page's owner names a
 * site); else the tenant-wide setting, SharePoint's tenant property (storage entity) `M365ImpressionsStoreSite`,
 * which an admin sets once in the tenant app catalog and every web part, tab and personal app reads through
 * `GET /_api/web/GetStorageEntity('M365ImpressionsStoreSite')`; else the site hosting the web part. A Teams
 * personal app has no property pane and is served from the tenant's root site, so there the tenant-wide
 * setting is what chooses a site of the admin's (without it: the root site).
 */
import type { SharePointFetch } from '../sharepoint';
import type { IStoreLocation } from './types';
import { STORE_LIST_TITLE } from './store';
import type { IStoreSite } from './store';

/** The tenant property (storage entity) that names the store's site for the whole tenant. */
export const STORE_SITE_TENANT_PROPERTY = 'M365ImpressionsStoreSite';

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/i;

/**
 * A named site usable from a web part hosted at `hostingSite`: an absolute https URL on the same host (SPHttpClient
 * reaches the person's own tenant only; plain http only on this machine, the demo tenant), trimmed to scheme, host
 * and path. Undefined for anything else.
 */
export function storeSiteOnHost(named: string | undefined, hostingSite: string): string | undefined {
  const text = (named ?? '').trim();
  if (!text) return undefined;
  try {
    const url = new URL(text);
    const host = new URL(hostingSite);
    const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.test(url.hostname));
    if (!secure || url.host.toLowerCase() !== host.host.toLowerCase() || url.search || url.hash || url.username) return undefined;
    return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}

/** The tenant-wide setting's value; undefined when it is not set (or cannot be read: the caller falls back). */
export async function readTenantStoreSite(fetch: SharePointFetch, siteUrl: string, signal?: AbortSignal): Promise<string | undefined> {
  const url = `${siteUrl.replace(/\/+$/, '')}/_api/web/GetStorageEntity('${STORE_SITE_TENANT_PROPERTY}')`;
  const res = await fetch(url, { method: 'GET', headers: { Accept: 'application/json;odata=nometadata', 'odata-version': '' }, ...(signal ? { signal } : {}) });
  const text = await res.text();
  if (res.status < 200 || res.status >= 300) return undefined;
  try {
    // Set: {"Comment":…,"Description":…,"Value":"https://…"}; not set: {"odata.null":true} (or no Value).
    const value = (JSON.parse(text) as { Value?: unknown }).Value;
    return typeof value === 'string' && value.trim() ? value.trim() : undefined;
  } catch {
    return undefined;
  }
}

/** The site chosen, and a setting that was given but could not be used (said to the admin, not silently dropped). */
export interface IStoreSiteChoice extends IStoreSite {
  chosenBy: NonNullable<IStoreSite['chosenBy']>;
  /** A `storeSite` property or tenant setting that is not a site of this tenant: the next choice was taken. */
  ignored?: { by: 'property' | 'tenant'; value: string };
}

/** Choose the store's site: the property, else the tenant-wide setting (one GET), else the hosting site. */
export async function chooseStoreSite(input: { property?: string; hostingSite: string; fetch?: SharePointFetch; signal?: AbortSignal }): Promise<IStoreSiteChoice> {
  const host = input.hostingSite.replace(/\/+$/, '');
  const property = (input.property ?? '').trim();
  const named = storeSiteOnHost(property, host);
  if (named) return { siteUrl: named, chosenBy: 'property' };
  let ignored: IStoreSiteChoice['ignored'] = property ? { by: 'property', value: property } : undefined;
  if (input.fetch) {
    const tenant = await readTenantStoreSite(input.fetch, host, input.signal).catch(() => undefined);
    const site = storeSiteOnHost(tenant, host);
    if (site) return { siteUrl: site, chosenBy: 'tenant', ...(ignored ? { ignored } : {}) };
    if (tenant) ignored ??= { by: 'tenant', value: tenant };
  }
  return { siteUrl: host, chosenBy: 'host', ...(ignored ? { ignored } : {}) };
}

/** "History is kept in the list 'M365 Impressions history' at <site> (chosen by …)", for the UI and the CLI. */
export function storeLocationText(location: IStoreLocation): string {
  if (location.kind === 'file') return `History is kept in the file ${location.where}.`;
  const where = location.where || 'a site not known yet';
  const by = {
    property: "chosen by this web part's History site setting",
    tenant: `chosen by the tenant-wide setting ${STORE_SITE_TENANT_PROPERTY}`,
    host: 'the site hosting this page'
  } as const;
  const demo = location.kind === 'demo' ? " (the demo tenant's SharePoint)" : '';
  return `History is kept in the list '${STORE_LIST_TITLE}' at ${where}${demo}${location.chosenBy ? ` (${by[location.chosenBy]})` : ''}.`;
}
