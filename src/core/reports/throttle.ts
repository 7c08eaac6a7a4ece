/** Waiting out Graph's throttling: a countdown a screen can show, then one more try; never a retry loop. */
import { GraphError } from '../graph/GraphError';
import { abortError } from '../graph/abort';

/** Waits (then retries) at most this many times per read before the failure is shown with a button. */
export const MAX_THROTTLE_WAITS = 3;
/** Seconds to wait when Graph sends no Retry-After. */
export const DEFAULT_WAIT_SECONDS = 30;
/** Longest wait we count down (Graph's report window is 10 minutes). */
export const MAX_WAIT_SECONDS = 600;

/** True when Graph asked us to come back later (429, or 503/504 with Retry-After), after the transport's own retries. */
export function isThrottled(error: unknown): error is GraphError {
  return error instanceof GraphError && error.kind === 'throttled';
}

/** Seconds to wait for a throttled error: its Retry-After, clamped to 1..MAX_WAIT_SECONDS. */
export function waitSeconds(error: GraphError): number {
  const s = error.retryAfterSeconds;
  if (s === undefined || !Number.isFinite(s)) return DEFAULT_WAIT_SECONDS;
  return Math.min(MAX_WAIT_SECONDS, Math.max(1, Math.ceil(s)));
}

/** Hooks of readWithWaits. */
export interface IWaitHooks {
  /** Called with the seconds left, once a second, down to 0 (0: trying again now). */
  onWait: (secondsLeft: number) => void;
  /** Stops waiting (the screen went away); the read then fails as cancelled. */
  cancelled: () => boolean;
  /** Waits on setTimeout by default; tests use fake timers. */
  sleep?: (ms: number) => Promise<void>;
  maxWaits?: number;
}

const defaultSleep = (ms: number): Promise<void> => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Run a read; when Graph throttles it, count down its Retry-After (reporting each second) and run it
 * again, up to `maxWaits` times. Any other failure, or throttling beyond that, is thrown.
 */
export async function readWithWaits<T>(read: () => Promise<T>, hooks: IWaitHooks): Promise<T> {
  const sleep = hooks.sleep ?? defaultSleep;
  const max = hooks.maxWaits ?? MAX_THROTTLE_WAITS;
  for (let waits = 0; ; waits++) {
    try {
      return await read();
    } catch (e) {
      if (!isThrottled(e) || waits >= max || hooks.cancelled()) throw e;
      for (let left = waitSeconds(e); left > 0; left--) {
        hooks.onWait(left);
        await sleep(1000);
        if (hooks.cancelled()) throw abortError();
      }
      hooks.onWait(0);
    }
  }
}
