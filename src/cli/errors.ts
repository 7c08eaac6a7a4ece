/** Exit codes and the one-line error messages of the CLI: a public contract (README "CLI"). */
import { GraphError, explainError } from '../core/graph';
import type { SectionTopic } from '../core/graph';
import { GRAPH_REPORT_LIMITS } from '../core/reports';

/** Exit codes scripts depend on. */
export const EXIT = {
  ok: 0,
  /** Anything not listed below. */
  other: 1,
  /** Unknown command or flag, bad value, bad period or date (the usage text follows). */
  usage: 2,
  /** No or failed sign-in, a missing scope or admin role. */
  auth: 3,
  /** The user or the report function does not exist. */
  notFound: 4,
  /** Throttled (or unavailable) beyond the retries. */
  throttled: 5,
  /** Done in part: some of the work succeeded and is kept, some failed (publish: each report says why). */
  partial: 6
} as const;

/** A failure the CLI has already put into words, with its exit code. */
export class CliError extends Error {
  public readonly name: string = 'CliError';
  public constructor(
    public readonly exitCode: number,
    message: string,
    /** Print the usage text after the message (usage errors). */
    public readonly showUsage = false
  ) {
    super(message);
    Object.setPrototypeOf(this, CliError.prototype);
  }
}

/** A usage error: exit 2, with the usage text. */
export class UsageError extends CliError {
  public constructor(message: string) {
    super(EXIT.usage, message, true);
    Object.setPrototypeOf(this, UsageError.prototype);
  }
}

/** The exit code of any failure. */
export function exitCodeOf(e: unknown): number {
  if (e instanceof CliError) return e.exitCode;
  if (e instanceof GraphError) {
    switch (e.kind) {
      case 'throttled':
        return EXIT.throttled;
      case 'unauthenticated':
      case 'permission':
      case 'role':
      case 'license':
        return EXIT.auth;
      case 'notFound':
        return EXIT.notFound;
      default:
        return EXIT.other;
    }
  }
  return EXIT.other;
}

/** A Graph failure (or any error) in one line an admin can act on: what, why, what to do. */
export function describeError(e: unknown, topic: SectionTopic): string {
  if (e instanceof CliError) return e.message;
  if (e instanceof GraphError) {
    const x = explainError(e, topic);
    const parts = [`${x.title}: ${x.detail}`];
    if (e.kind === 'throttled') {
      parts.push(e.retryAfterSeconds !== undefined ? `Graph asked to wait ${e.retryAfterSeconds} s; the retries ran out.` : 'The retries ran out.');
      const csv = GRAPH_REPORT_LIMITS.csv;
      if (topic === 'reports') parts.push(`Report reads are limited per app and tenant (${csv.requests} CSV reads per report per ${csv.windowMs / 60_000} minutes); run again later.`);
      else parts.push('Run again later.');
    } else if (x.action) {
      // The browser's "Reload the page" makes no sense in a terminal.
      parts.push(e.kind === 'unauthenticated' ? 'Sign in again: pass a fresh --token or GRAPH_TOKEN, check the AZURE_* credentials, or run `m365-impressions login`.' : x.action);
    }
    if (e.requestId) parts.push(`(request-id ${e.requestId})`);
    return parts.join(' ');
  }
  return e instanceof Error ? e.message : String(e);
}

/** JWT-looking text (three base64url parts); never printed, whatever it is. */
const JWT = /\beyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*/g;

/** Remove tokens and secrets from text before it reaches a terminal or a log. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 8) out = out.split(s).join('[redacted]');
  return out.replace(JWT, '[redacted]');
}
