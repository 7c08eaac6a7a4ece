/**
 * A SharePointFetch for hosts outside SPFx (the CLI, the workbench): fetch with `Authorization: Bearer` and a
 * token for the site's host (SharePoint's own resource, `https://<host>/.default`, in a real tenant; the demo
 * tenant takes its Graph token). SharePoint's throttling (429, or 503 with Retry-After) is waited out a few
 * times, as Graph's is. The token never appears in a message: fetch's own errors carry no headers, and a
 * failed token source's error is passed on as it is (its messages are the host's).
 */
import type { ISharePointResponse, SharePointFetch } from './library';

/** Options of bearerFetch. */
export interface IBearerFetchOptions {
  /** The fetch to call (default: the global fetch). */
  fetch?: (url: string, init: { method: string; headers: Record<string, string>; body?: string | Uint8Array; signal?: AbortSignal }) => Promise<ISharePointResponse & { headers?: { get(name: string): string | null } }>;
  /** Retries of a 429 or a 503 (default 3), each after SharePoint's Retry-After (else 2, 4, 8 s). */
  maxRetries?: number;
  /** Longest wait before a retry, in seconds (default 120): a longer Retry-After is not waited out. */
  maxWaitSeconds?: number;
  /** Waits (tests: no time passes). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Told about every answer (each retry its own): for counts and logs; never sees the token. */
  onResponse?: (record: { method: string; url: string; status: number; ms: number }) => void;
}

function sleepFor(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('Aborted.'));
      return;
    }
    const timer = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('Aborted.'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Seconds a 429/503 asks to wait: Retry-After as seconds or an HTTP date; undefined without one. */
function retryAfterSeconds(header: string | null | undefined, now: number): number | undefined {
  if (header === null || header === undefined || header.trim() === '') return undefined;
  const n = Number(header);
  if (Number.isFinite(n)) return Math.max(0, n);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, Math.ceil((at - now) / 1000));
}

/**
 * SharePoint REST over fetch with a bearer token from `getToken` (asked before every request, so a source that
 * caches and refreshes its token keeps a long run signed in).
 */
export function bearerFetch(getToken: () => Promise<string>, options: IBearerFetchOptions = {}): SharePointFetch {
  const call = options.fetch ?? ((url, init) => fetch(url, init));
  const maxRetries = options.maxRetries ?? 3;
  const maxWait = options.maxWaitSeconds ?? 120;
  const sleep = options.sleep ?? sleepFor;
  return async (url, init) => {
    for (let attempt = 0; ; attempt++) {
      const token = await getToken();
      const started = Date.now();
      const res = await call(url, { ...init, headers: { ...init.headers, Authorization: `Bearer ${token}` } });
      options.onResponse?.({ method: init.method, url, status: res.status, ms: Date.now() - started });
      const retryable = res.status === 429 || res.status === 503;
      if (!retryable || attempt >= maxRetries) return res;
      const asked = retryAfterSeconds(res.headers?.get('Retry-After'), Date.now());
      // A 503 without Retry-After is an outage rather than throttling: it is not waited out.
      if (asked === undefined && res.status === 503) return res;
      const wait = asked ?? 2 ** (attempt + 1);
      if (wait > maxWait) return res;
      // The answer's body is not read: release it before waiting.
      await res.text().catch(() => undefined);
      await sleep(wait * 1000, init.signal);
    }
  };
}
