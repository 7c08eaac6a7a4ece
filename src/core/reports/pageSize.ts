/**
 * How many rows to ask for per page of a beta JSON report read (`$top`). Graph documents a default of 200
 * and no maximum, and every page is one request of the 100 a report API allows in 10 minutes: a 50,000-user
 * detail report at 200 a page is 250 requests, past the window. So reads ask for large pages and learn what
 * the tenant's Graph actually gives:
 * - a page shorter than asked that still has a next link is Graph's cap: later reads ask for that;
 * - a 400 to a first page asked above the default is taken as the size refused: the read steps down a rung
 *   and asks again, and the smaller size is remembered once Graph has answered it (a 400 that the default
 *   size gets too was never about the size, and nothing is remembered).
 * One sizer per report store, so what it learns holds for the session's tenant.
 */

/** Graph's documented default page size for beta JSON reports, asked for by leaving `$top` out. */
export const GRAPH_DEFAULT_REPORT_PAGE = 200;

/** The sizes asked for, largest first; the last is Graph's default. */
export const REPORT_PAGE_RUNGS: readonly number[] = [5000, 1000, GRAPH_DEFAULT_REPORT_PAGE];

/** What a PageSizer has learned, for benchmarks, tests and the README's account of a tenant. */
export interface IPageSizerState {
  /** The size asked for next. */
  ask: number;
  /** Set once a page came back shorter than asked with more to read: the largest page this Graph serves. */
  cap?: number;
  /** Sizes Graph answered with 400. */
  refused: number[];
}

/** Learns a tenant's report page size: ask large, follow the caps and refusals Graph shows. */
export class PageSizer {
  private rung = 0;
  private cap: number | undefined;
  private readonly refused: number[] = [];

  /** `rungs`: the sizes to try, largest first (tests pass a fixed one; a single rung never steps). */
  public constructor(private readonly rungs: readonly number[] = REPORT_PAGE_RUNGS) {
    if (rungs.length === 0) throw new Error('A page sizer needs at least one size.');
  }

  /** The size to ask for now. */
  public get ask(): number {
    const rung = this.rungs[this.rung] ?? GRAPH_DEFAULT_REPORT_PAGE;
    return this.cap !== undefined ? Math.min(this.cap, rung) : rung;
  }

  /** The `$top` query option for a size: none for Graph's default, so a read at the default looks as it always has. */
  public static topOption(size: number): string {
    return size === GRAPH_DEFAULT_REPORT_PAGE ? '' : `&$top=${size}`;
  }

  /**
   * A page arrived: `asked` rows were asked for, `got` came, and `more` says whether a next link followed. A
   * short page below Graph's default size is not taken for a cap (Graph serves 200 when asked for nothing):
   * one odd page never shrinks every later read.
   */
  public page(asked: number, got: number, more: boolean): void {
    if (more && got >= GRAPH_DEFAULT_REPORT_PAGE && got < asked && (this.cap === undefined || got < this.cap)) this.cap = got;
  }

  /**
   * Graph answered 400 to a first page asked at `asked`. Returns the smaller size to try, or undefined when
   * there is none (the 400 is then the read's answer).
   */
  public refusedAt(asked: number): number | undefined {
    const next = this.rungs.findIndex(size => size < asked);
    if (next < 0) return undefined;
    if (!this.refused.includes(asked)) this.refused.push(asked);
    return this.rungs[next] ?? GRAPH_DEFAULT_REPORT_PAGE;
  }

  /** Graph answered a first page asked at `size` (after a refusal): keep asking at most that. */
  public answeredAt(size: number): void {
    const index = this.rungs.indexOf(size);
    if (index > this.rung) this.rung = index;
  }

  /** What has been learned. */
  public state(): IPageSizerState {
    return { ask: this.ask, ...(this.cap !== undefined ? { cap: this.cap } : {}), refused: [...this.refused] };
  }
}
