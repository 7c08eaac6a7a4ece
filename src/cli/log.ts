/**
 * `--log <file>`: the run as JSON lines, one event a line, appended as the run goes (a run that is
 * killed keeps what it did so far), as the original tool's `-log` did. Events: `start` (the command line,
 * a --token value replaced), `request` (each Graph request: method, path with only known query values,
 * status, milliseconds), `wait` (a retry's Retry-After, or Graph's report limit, in seconds), `step` and
 * `warning` (what stderr says, even with --quiet) and `result` (the output file, rows, or the exit code
 * and error). Never a token: every line goes through the same redaction as stderr, JWT-looking text
 * included, and a request's headers are never seen here.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { IHttpRecord, IRequestWatcher } from '../core/graph/tokenClient';
import { fileDate } from '../core/export';
import { secondsUntil } from '../core/reports';
import type { IReadProgress } from '../core/reports';
import { CliError, EXIT, redact } from './errors';
import { fillOutName } from './output';

/** One line of the log, before its time is added. */
export type LogEvent =
  | { event: 'start'; command: string | null; args: string[] }
  | { event: 'request'; method: string; path: string; status: number; ms: number }
  | { event: 'wait'; reason: 'throttled' | 'report limit'; seconds: number; status?: number; report?: string; until?: string }
  | { event: 'step' | 'warning'; text: string }
  | { event: 'result'; ok: boolean; [field: string]: unknown };

/** Query options whose values say what was asked and hold no secret; any other value is left out. */
const KEPT_QUERY = new Set(['$select', '$top', '$filter', '$expand', '$orderby', '$count', '$search', '$format']);

/**
 * A request's URL as the log keeps it: the path, and the query with only known OData options' values
 * (a `$skiptoken`, a download's signature or anything else shows as its name alone).
 */
export function loggedPath(url: string): string {
  let u: URL;
  try {
    u = new URL(url, 'http://relative.invalid');
  } catch {
    return '[unparsable URL]';
  }
  const query = [...u.searchParams.entries()].map(([k, v]) => (KEPT_QUERY.has(k) ? `${k}=${v}` : `${k}=…`));
  let pathname = u.pathname;
  try {
    pathname = decodeURI(pathname);
  } catch {
    // left encoded
  }
  return pathname + (query.length ? `?${query.join('&')}` : '');
}

/** The command line as logged: a --token value never, whatever else redaction finds. */
export function loggedArgs(argv: readonly string[]): string[] {
  return argv.map((a, i) => (argv[i - 1] === '--token' ? '[redacted]' : a.startsWith('--token=') ? '--token=[redacted]' : a));
}

/** Where --log points, read from the raw command line (a usage error is logged too); the scheduled command's own is not this run's. */
export function logPathOf(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === 'schedule' || a === '--') return undefined;
    if (a === '--log') return argv[i + 1];
    if (a.startsWith('--log=')) return a.slice(6);
  }
  return undefined;
}

/** Appends the run's events to its log file. */
export class RunLog {
  private broken = false;

  public constructor(
    public readonly file: string,
    private readonly clock: () => Date,
    /** Texts never to write; the shell's own list, so a token known later is redacted too. */
    private readonly secrets: readonly string[],
    private readonly append: (file: string, text: string) => void = (f, t) => fs.appendFileSync(f, t, { encoding: 'utf8', mode: 0o600 }),
    /** Told once when the log cannot be written any more (the run goes on). */
    private readonly onBroken: (message: string) => void = () => undefined
  ) {}

  /**
   * The log of this run, when --log is given: `{today}` filled, relative to `cwd`, its folder checked
   * before anything else happens (exit 1 when it does not exist, as for --out).
   */
  public static open(value: string | undefined, cwd: string, clock: () => Date, secrets: readonly string[], onBroken?: (message: string) => void): RunLog | undefined {
    if (value === undefined) return undefined;
    const file = path.resolve(cwd, fillOutName(value, { today: fileDate(clock()) }, '--log') ?? value);
    const dir = path.dirname(file);
    if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new CliError(EXIT.other, `Cannot write the log ${file}: the folder ${dir} does not exist.`);
    return new RunLog(file, clock, secrets, undefined, onBroken);
  }

  /** One event, one line, written now. */
  public write(event: LogEvent): void {
    if (this.broken) return;
    const line = redact(JSON.stringify({ at: this.clock().toISOString(), ...event }), this.secrets) + '\n';
    try {
      this.append(this.file, line);
    } catch (e) {
      this.broken = true;
      this.onBroken(`Cannot write the log ${this.file} any more (${e instanceof Error ? e.message : String(e)}); the run goes on without it.`);
    }
  }

  /** What the Graph client tells about its requests and retry waits, as log lines. */
  public get watch(): IRequestWatcher {
    return {
      onRequest: (r: IHttpRecord) => this.write({ event: 'request', method: r.method, path: loggedPath(r.url), status: r.status, ms: Math.round(r.ms) }),
      onRetryWait: (seconds, status) => this.write({ event: 'wait', reason: 'throttled', seconds, status })
    };
  }

  /** Each wait for Graph's report limit, once per wait, with its length and end. */
  public followReports(store: { subscribe(listener: (key: string, progress: IReadProgress | undefined) => void): () => void }, now: () => number = Date.now): () => void {
    // The store's wait is on the machine's clock (its limiter's), so its length is counted on it too.
    const told = new Map<string, number>();
    return store.subscribe((key, p) => {
      if (p?.waitingUntil === undefined || told.get(key) === p.waitingUntil) return;
      told.set(key, p.waitingUntil);
      this.write({ event: 'wait', reason: 'report limit', report: key, seconds: secondsUntil(p.waitingUntil, now()), until: new Date(p.waitingUntil).toISOString() });
    });
  }
}
