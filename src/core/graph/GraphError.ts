/** Every Graph failure becomes one of these at the gateway edge, so the UI can say why in words. */

/** What went wrong, in the terms an admin acts on. */
export type GraphErrorKind =
  | 'unauthenticated' // 401: no or expired token
  | 'permission' // 403: a scope is missing from the token
  | 'role' // 403 S2SUnauthorized: an admin role (e.g. Reports Reader) is missing
  | 'license' // 403 Authentication_RequestFromNonPremiumTenantOrB2CTenant (Entra ID P1/P2 missing), or a 403 that says "not licensed"
  | 'notFound' // 404
  | 'throttled' // 429 beyond retries
  | 'badRequest' // 400
  | 'conflict' // 409 / 412
  | 'server' // 5xx
  | 'network' // fetch failed, CORS, offline
  | 'aborted' // the caller cancelled
  | 'unknown';

/** A Graph failure as data. */
export class GraphError extends Error {
  public readonly name: string = 'GraphError';
  public constructor(
    /** HTTP status; 0 when no response arrived. */
    public readonly status: number,
    /** Graph's `error.code`, e.g. `Authorization_RequestDenied`. */
    public readonly code: string,
    message: string,
    /** Graph's `innerError.request-id`, for support tickets. */
    public readonly requestId?: string,
    /** Seconds Graph asked us to wait (429/503). */
    public readonly retryAfterSeconds?: number
  ) {
    super(message);
    Object.setPrototypeOf(this, GraphError.prototype);
  }

  /** The kind of failure, derived from status, code and Retry-After. */
  public get kind(): GraphErrorKind {
    return classify(this.status, this.code, this.retryAfterSeconds, this.message);
  }
}

/**
 * Classify a status, Graph error code and message. A 503 or 504 that carries Retry-After is Graph saying
 * "come back later", as a 429 does: both are 'throttled', so every caller waits and tries again alike.
 */
export function classify(status: number, code: string, retryAfterSeconds?: number, message = ''): GraphErrorKind {
  if (code === 'aborted') return 'aborted';
  if (status === 0) return 'network';
  if (status === 401) return 'unauthenticated';
  if (status === 403) {
    if (code === 'S2SUnauthorized' || code === 'UnknownError' || /role/i.test(code)) return 'role';
    if (code === 'Authentication_RequestFromNonPremiumTenantOrB2CTenant') return 'license';
    // Features Graph refuses for want of a licence say so only in words, under a plain 'Forbidden'
    // ("Your tenant is not licensed for this feature."): no scope or role would help.
    if (/\bnot licensed\b/i.test(message)) return 'license';
    return 'permission';
  }
  if (status === 404) return 'notFound';
  if (status === 429 || ((status === 503 || status === 504) && retryAfterSeconds !== undefined)) return 'throttled';
  if (status === 409 || status === 412) return 'conflict';
  if (status === 400) return 'badRequest';
  if (status >= 500) return 'server';
  return 'unknown';
}

/** Build a GraphError from a Graph error body (`{ error: { code, message, innerError } }`), tolerating any shape. */
export function graphErrorFromBody(status: number, body: unknown, retryAfter?: string | null): GraphError {
  let code = `HTTP${status}`;
  let message = `Microsoft Graph answered ${status}.`;
  let requestId: string | undefined;
  const err = isRecord(body) && isRecord(body.error) ? body.error : undefined;
  if (err) {
    if (typeof err.code === 'string' && err.code) code = err.code;
    if (typeof err.message === 'string' && err.message) message = err.message;
    const inner = isRecord(err.innerError) ? err.innerError : isRecord(err.innererror) ? err.innererror : undefined;
    if (inner && typeof inner['request-id'] === 'string') requestId = inner['request-id'];
  } else if (typeof body === 'string' && body.trim() && body.length < 500) {
    message = body.trim();
  }
  const seconds = retryAfter ? Number(retryAfter) : NaN;
  return new GraphError(status, code, message, requestId, Number.isFinite(seconds) ? seconds : undefined);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Whether a failure may pass by itself (throttling, a network or server fault, anything unknown), so
 * reading again is worth offering. A missing scope, role or licence stays until an admin acts.
 */
export function isPassingFailure(error: unknown): boolean {
  return !(error instanceof GraphError) || !['permission', 'role', 'license', 'unauthenticated', 'notFound', 'aborted'].includes(error.kind);
}
