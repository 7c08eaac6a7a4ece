/** Progress and notes on stderr: a redrawn bar on a terminal, plain lines otherwise; nothing with --quiet. */
import { redact } from './errors';
import { secondsUntil } from '../core/reports';
import type { IReportLimit, ReportFormat, IReadProgress } from '../core/reports';

/** Where the CLI writes (process.stderr in production). */
export interface ITextStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

const fmt = new Intl.NumberFormat('en-US');
const BAR = 24;
/** Plain-line progress at most this often, so logs of scheduled runs stay short. */
const LINE_EVERY_MS = 2000;
const DRAW_EVERY_MS = 80;

/** Progress for one run. */
export class Progress {
  /** Texts never to print (the token), set once known. */
  public secrets: string[] = [];
  /** Told every finished step and warning, even with --quiet (the run log keeps them). */
  public listener: ((kind: 'step' | 'warning', text: string) => void) | undefined;
  private current: string | undefined;
  private lastDraw = 0;
  private lastLine = 0;
  private drawn = false;

  public constructor(private readonly stream: ITextStream, private readonly quiet: boolean) {}

  private get tty(): boolean {
    return this.stream.isTTY === true;
  }

  /** A step's progress: `done` of `total` (total unknown: a count only). */
  public update(label: string, done: number, total?: number): void {
    if (this.quiet) return;
    const now = Date.now();
    const changed = label !== this.current;
    this.current = label;
    // Nothing counted yet: the step has only begun.
    const count = total !== undefined ? `${fmt.format(done)}/${fmt.format(total)}` : done === 0 ? '…' : fmt.format(done);
    if (this.tty) {
      if (!changed && now - this.lastDraw < DRAW_EVERY_MS && (total === undefined || done < total)) return;
      this.lastDraw = now;
      const bar = total !== undefined && total > 0
        ? ` [${'#'.repeat(Math.round((Math.min(done, total) / total) * BAR)).padEnd(BAR, '.')}] ${Math.floor((Math.min(done, total) / total) * 100)}%`
        : '';
      this.draw(`${label}${bar} ${count}`);
    } else if (changed || now - this.lastLine >= LINE_EVERY_MS) {
      this.lastLine = now;
      this.write(done === 0 && total === undefined ? `${label}…\n` : `${label}: ${count}\n`);
    }
  }

  /** A finished step, kept on screen. */
  public step(text: string): void {
    this.listener?.('step', text);
    if (this.quiet) return;
    this.clear();
    this.current = undefined;
    this.write(`${text}\n`);
  }

  /** Something the admin should know (a degraded column, concealed names). */
  public warn(text: string): void {
    this.listener?.('warning', text);
    if (this.quiet) return;
    this.clear();
    this.write(`Warning: ${text}\n`);
  }

  /** An error line: printed even with --quiet. */
  public error(text: string): void {
    this.clear();
    this.write(`${text}\n`);
  }

  /** Raw text (usage), printed even with --quiet. */
  public raw(text: string): void {
    this.clear();
    this.write(text);
  }

  /** Remove the bar before other output. */
  public clear(): void {
    if (this.drawn) {
      this.stream.write('\r\x1b[2K');
      this.drawn = false;
    }
  }

  private draw(text: string): void {
    const columns = this.stream.columns ?? 0;
    const width = (columns >= 40 ? columns : 80) - 1;
    this.stream.write(`\r\x1b[2K${redact(text, this.secrets).slice(0, width)}`);
    this.drawn = true;
  }

  private write(text: string): void {
    this.stream.write(redact(text, this.secrets));
  }
}

/** A count with thousands separators. */
export function count(n: number): string {
  return fmt.format(n);
}

/** The part of the ReportStore announceReportWaits listens to. */
export interface IReportWaitSource {
  readonly format: ReportFormat;
  readonly limiter: { limit(format: ReportFormat): IReportLimit };
  subscribe(listener: (key: string, progress: IReadProgress | undefined) => void): () => void;
}

/**
 * Says once per wait when a report read waits for Graph's report limit, and until when: a scheduled
 * run that pauses for minutes says why in its log instead of looking hung.
 */
export function announceReportWaits(store: IReportWaitSource, progress: Progress, clock: () => number = Date.now): () => void {
  const told = new Map<string, number>();
  return store.subscribe((key, p) => {
    if (p?.waitingUntil === undefined) return;
    if (told.get(key) === p.waitingUntil) return;
    told.set(key, p.waitingUntil);
    const limit = store.limiter.limit(store.format);
    const seconds = secondsUntil(p.waitingUntil, clock());
    const at = new Date(p.waitingUntil).toISOString().slice(11, 19);
    progress.step(
      `Waiting for Microsoft Graph's report limit (${limit.requests} requests per ${Math.round(limit.windowMs / 60_000)} minutes for each report): ` +
        `${key} goes on at ${at} UTC, in ${waitText(seconds)}.`
    );
  });
}

function waitText(seconds: number): string {
  const m = Math.floor(seconds / 60);
  const s = seconds % 60;
  return m > 0 ? `${m} min ${s} s` : `${s} s`;
}
