/** What every SharePoint REST call of the product shares: its JSON headers, quoting, and SharePoint's own error words. */

// nometadata answers are plain JSON; an empty odata-version keeps SPHttpClient from asking OData v4 of them.
export const JSON_HEADERS = { Accept: 'application/json;odata=nometadata', 'odata-version': '' };

/** A value inside a REST path's quoted argument (`GetByTitle('…')`): quotes doubled, then URL-encoded. */
export function quoted(value: string): string {
  return encodeURIComponent(value.replace(/'/g, "''"));
}

/** SharePoint's own words from an error answer (`odata.error.message.value`), when it has them. */
export function sharePointMessage(text: string): string | undefined {
  try {
    const body = JSON.parse(text) as { 'odata.error'?: { message?: { value?: unknown } }; error?: { message?: { value?: unknown } } };
    const value = (body['odata.error'] ?? body.error)?.message?.value;
    return typeof value === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
