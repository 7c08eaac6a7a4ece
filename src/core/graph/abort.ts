/**
 * Cancellation as data: the GraphError a cancelled call ends with, and a sleep an AbortSignal ends early.
 * The gateway, the report limiter and store, and the UI's throttle waits all end a cancelled wait the same way.
 */
import { GraphError } from './GraphError';

/** The error a cancelled request ends with. */
export function abortError(): GraphError {
  return new GraphError(0, 'aborted', 'The request was cancelled.');
}

/** setTimeout that an AbortSignal ends early, as a cancelled GraphError. */
export function abortableSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) { reject(abortError()); return; }
    const t = setTimeout(() => { signal?.removeEventListener('abort', onAbort); resolve(); }, ms);
    const onAbort = (): void => { clearTimeout(t); reject(abortError()); };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
