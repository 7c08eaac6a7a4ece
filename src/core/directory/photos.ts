import type { GraphGateway } from '../graph/GraphGateway';

/**
 * Loads profile photos on demand — for the rows on screen only — gathering the asks of one
 * render into one gateway batch (sent as `$batch` calls of 20). Photos come back as data URLs; users without one get null.
 */
export class PhotoLoader {
  private readonly cache = new Map<string, Promise<string | null>>();
  private queue: Array<{ id: string; resolve: (v: string | null) => void }> = [];
  private timer: ReturnType<typeof setTimeout> | undefined;

  public constructor(private readonly gateway: GraphGateway, private readonly delayMs: number = 40) {}

  /** A user's photo as a data URL, or null when there is none (or it cannot be read). */
  public get(userId: string): Promise<string | null> {
    let p = this.cache.get(userId);
    if (!p) {
      p = new Promise(resolve => this.queue.push({ id: userId, resolve }));
      this.cache.set(userId, p);
      this.timer ??= setTimeout(() => void this.flush(), this.delayMs);
    }
    return p;
  }

  private async flush(): Promise<void> {
    this.timer = undefined;
    const items = this.queue.splice(0, this.queue.length);
    try {
      // The gateway sends these in $batch calls of 20, side by side; one that fails leaves only its own
      // users with initials.
      const res = await this.gateway.batch(items.map((it, n) => ({ id: String(n), method: 'GET' as const, url: `/users/${encodeURIComponent(it.id)}/photo/$value` })), {}, true);
      items.forEach((it, n) => {
        const r = res.get(String(n));
        const type = r?.headers['content-type'] ?? 'image/jpeg';
        // Binary answers inside a JSON batch arrive base64-encoded.
        it.resolve(r && r.status === 200 && typeof r.body === 'string' ? `data:${type};base64,${r.body}` : null);
      });
    } catch {
      items.forEach(it => it.resolve(null)); // initials instead of a photo; never an error on screen
    }
  }
}
