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

/**
 * A lookup made once and shared by every caller (a list's or library's id and folder); one that fails (a refusal,
 * the network) is forgotten, so the next call makes it again.
 */
export class SharedLookup<T> {
  private held: Promise<T> | undefined;

  public constructor(private readonly make: () => Promise<T>) {}

  public get(): Promise<T> {
    if (!this.held) {
      const made = this.make();
      this.held = made;
      made.catch(() => { if (this.held === made) this.held = undefined; });
    }
    return this.held;
  }

  /** Keep this answer (a value just learnt), or forget the held one (undefined) so the next call asks again. */
  public set(value: Promise<T> | undefined): void {
    this.held = value;
  }
}
