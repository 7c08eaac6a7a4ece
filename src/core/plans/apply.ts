/**
 * Finish: a reviewed plan applied through Graph in the safe order, phase by phase, each phase in `$batch` calls of
 * 20 across people. Every result is kept with Graph's reason in words; nothing done is undone or hidden by a
 * failure beside it; a cancelled run keeps what was done.
 */
import type { GraphGateway } from '../graph/GraphGateway';
import { batchResult, MAX_BATCH } from '../graph/GraphGateway';
import { GraphError } from '../graph/GraphError';
import type { IBatchRequest } from '../graph/types';
import { selectedSteps } from './edit';
import { alreadyDone, isDefaultMethodRefusal, stepErrorText } from './policy';
import type { SentKind } from './policy';
import type { IBulkOutcome, IBulkPlan, IPlanStep, StepResult } from './types';

/**
 * The order of application. Access goes first, as Microsoft orders it: block sign-in, then revoke the sessions
 * (a session revoked while the account still signs in is simply started again), each in its own round; then the
 * changes; licences to add after the usage location they need; the destructive steps last. A round per phase,
 * never `dependsOn`: Graph refuses a dependency outside one batch, which a split into 20s would make. A person
 * whose block failed has nothing after it sent (holdAfterBlock).
 */
export const APPLY_PHASES: ReadonlyArray<readonly SentKind[]> = [
  ['block'],
  ['revoke'],
  ['field', 'manager', 'groupRemove', 'groupAdd', 'licenseRemove'],
  ['licenseAdd'],
  ['methodRemove', 'deviceRetire', 'deviceWipe']
];

/** Where Finish is, after each `$batch`. */
export interface IApplyProgress {
  /** Steps with a result so far, of `total` selected. */
  done: number;
  total: number;
  /** 1-based phase of APPLY_PHASES. */
  phase: number;
  phases: number;
}

/** Options of applyPlan. */
export interface IApplyPlanOptions {
  signal?: AbortSignal;
  /** Called after each `$batch` with the results so far. */
  onProgress?: (progress: IApplyProgress, results: ReadonlyMap<string, StepResult>) => void;
  /** The token's scopes, so a 403 is worded as the role needed when the permission is there. */
  scopes?: Set<string>;
  /** `$batch` calls in flight at once (default 4). */
  concurrency?: number;
  /** The clock of startedAt / finishedAt and of each result's `at` (tests). */
  now?: () => Date;
  /** Who runs it (the signed-in UPN or name): copied to the outcome's `by` for the record. */
  by?: string;
}

/** One Graph call: one step, or a person's field edits (one PATCH) or licences of one kind (one assignLicense) merged. */
interface ICall {
  request: IBatchRequest;
  kind: SentKind;
  steps: IPlanStep[];
}

/** Merge a person's field steps into one PATCH, and their licence steps of one kind into one assignLicense. */
function callsOf(steps: readonly IPlanStep[], next: () => string): ICall[] {
  const calls: ICall[] = [];
  const merged = new Map<string, ICall>();
  for (const s of steps) {
    const req = s.request;
    if (!req) continue;
    const kind = s.kind as SentKind;
    const mergeKey = kind === 'field' || kind === 'licenseAdd' || kind === 'licenseRemove' ? `${s.userId}:${kind}` : undefined;
    const into = mergeKey ? merged.get(mergeKey) : undefined;
    if (into) {
      into.steps.push(s);
      into.request = { ...into.request, body: mergeBody(into.request.body, req.body) };
      continue;
    }
    const call: ICall = { request: { id: next(), method: req.method === 'GET' ? 'GET' : req.method, url: req.url, body: req.body }, kind, steps: [s] };
    calls.push(call);
    if (mergeKey) merged.set(mergeKey, call);
  }
  return calls;
}

type Body = Record<string, unknown>;
const isBody = (v: unknown): v is Body => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A PATCH body's fields together; assignLicense's lists joined. */
function mergeBody(a: unknown, b: unknown): unknown {
  if (!isBody(a) || !isBody(b)) return a;
  if (Array.isArray(a.addLicenses) && Array.isArray(b.addLicenses)) {
    return { addLicenses: [...a.addLicenses, ...b.addLicenses], removeLicenses: [...(a.removeLicenses as unknown[]), ...(b.removeLicenses as unknown[])] };
  }
  return { ...a, ...b };
}

/** The result of one answered call, for each of its steps. */
function resultOf(call: ICall, answer: unknown, scopes: Set<string> | undefined): StepResult {
  if (!(answer instanceof GraphError)) return { status: 'done' };
  // A merged call's "already so" may be true of one of its steps only: it is split first (splitMerged).
  const note = call.steps.length === 1 ? alreadyDone(call.kind, answer) : undefined;
  if (note) return { status: 'done', note };
  return { status: 'failed', error: answer, reason: stepErrorText(answer, call.kind, scopes) };
}

/** Why an unsent step was not sent. */
function unsentReason(s: IPlanStep): StepResult {
  if (s.kind === 'manual') return { status: 'skipped', reason: 'Done by hand: Microsoft Graph cannot do this from here.' };
  if (s.locked) return { status: 'skipped', reason: s.locked };
  return { status: 'skipped', reason: 'Not selected.' };
}

/** A run of applyPlan: its results, its batches, its progress. */
class Run {
  public readonly results = new Map<string, StepResult>();
  private ids = 0;
  public constructor(private readonly gateway: GraphGateway, private readonly options: IApplyPlanOptions, public readonly total: number, private readonly now: () => Date) {}

  /** Record a step's result with the time it was answered (or held back). */
  public set(key: string, result: StepResult): void {
    this.results.set(key, { ...result, at: this.now().toISOString() });
  }

  public nextId = (): string => `c${++this.ids}`;

  /** Send calls in `$batch`es of 20, a few in flight; each answer is recorded as it arrives. False when cancelled. */
  public async send(calls: ICall[], phase: number): Promise<boolean> {
    const chunks: ICall[][] = [];
    for (let i = 0; i < calls.length; i += MAX_BATCH) chunks.push(calls.slice(i, i + MAX_BATCH));
    let cursor = 0;
    const lane = async (): Promise<void> => {
      for (let chunk = chunks[cursor++]; chunk; chunk = chunks[cursor++]) {
        if (this.options.signal?.aborted) return;
        await this.sendChunk(chunk);
        this.options.onProgress?.({ done: this.results.size, total: this.total, phase, phases: APPLY_PHASES.length }, this.results);
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, this.options.concurrency ?? 4) }, lane));
    return !this.options.signal?.aborted;
  }

  private async sendChunk(chunk: ICall[]): Promise<void> {
    let answers: Map<string, unknown>;
    try {
      const res = await this.gateway.batch(chunk.map(c => c.request), { signal: this.options.signal }, true);
      answers = new Map(chunk.map(c => [c.request.id, batchResult<unknown>(res.get(c.request.id))]));
    } catch (e) {
      // Cancelled in flight: Graph may have applied these; they are failures Try again sends again.
      const error = e instanceof GraphError ? e : new GraphError(0, 'NetworkError', String(e));
      answers = new Map(chunk.map(c => [c.request.id, error]));
    }
    for (const call of chunk) {
      const r = resultOf(call, answers.get(call.request.id), this.options.scopes);
      for (const s of call.steps) this.set(s.key, r);
    }
  }
}

/** Licence additions whose person's new usage location failed are not sent: they would fail for want of it. */
function holdLicenseAdds(calls: ICall[], run: Run): ICall[] {
  return calls.filter(call => {
    const userId = call.steps[0]?.userId ?? '';
    const location = run.results.get(`${userId}:field:usageLocation`);
    if (!location || location.status === 'done') return true;
    for (const s of call.steps) run.set(s.key, { status: 'skipped', reason: `Not sent: it needs the new usage location, which was not set (${location.reason})`, retryable: true });
    return false;
  });
}

/**
 * A person whose block failed keeps everything else: nothing after it is sent (signing out or stripping an
 * account that still signs in is the wrong order), and Try again sends the block first, then the rest. A block
 * deselected or locked (already blocked, synced) holds nothing.
 */
function holdAfterBlock(calls: ICall[], blocks: ReadonlyMap<string, string>, run: Run): ICall[] {
  return calls.filter(call => {
    const userId = call.steps[0]?.userId ?? '';
    const block = run.results.get(blocks.get(userId) ?? '');
    if (block?.status !== 'failed') return true;
    for (const s of call.steps) run.set(s.key, { status: 'skipped', reason: `Not sent: blocking sign-in failed first (${block.reason})`, retryable: true });
    return false;
  });
}

/**
 * Merged calls Graph refused as a bad request, sent again one step each: assignLicense and PATCH are all or
 * nothing, so one licence already gone (or one bad field) must not fail the others or hide which it was.
 */
function splitMerged(calls: ICall[], run: Run): ICall[] {
  return calls
    .filter(c => { const r = run.results.get(c.steps[0]?.key ?? ''); return c.steps.length > 1 && r?.status === 'failed' && r.error.status === 400; })
    .flatMap(c => c.steps.map(s => ({ kind: c.kind, steps: [s], request: { id: run.nextId(), method: c.request.method, url: c.request.url, body: s.request?.body } })));
}

/**
 * Default methods refused while others remained, sent again when every other method of that person was removed
 * in this run (Graph removes a default method only once it is the last).
 */
function defaultMethodRetries(calls: ICall[], run: Run): ICall[] {
  const methods = calls.filter(c => c.kind === 'methodRemove');
  return methods.filter(c => {
    const r = run.results.get(c.steps[0]?.key ?? '');
    if (r?.status !== 'failed' || !isDefaultMethodRefusal(r.error)) return false;
    const others = methods.filter(o => o !== c && o.steps[0]?.userId === c.steps[0]?.userId);
    return others.every(o => run.results.get(o.steps[0]?.key ?? '')?.status === 'done');
  }).map(c => ({ ...c, request: { ...c.request, id: run.nextId() } }));
}

/**
 * Apply the selected steps of a plan (Finish). Phases in APPLY_PHASES order, each sent as `$batch` calls of 20
 * across people, progress after each; a result for every step of the plan (unselected, locked and manual ones
 * skipped with why). Idempotent answers count as done. Cancelled: what was sent keeps its result, the rest is
 * skipped as not sent.
 */
export async function applyPlan(gateway: GraphGateway, plan: IBulkPlan, options: IApplyPlanOptions = {}): Promise<IBulkOutcome> {
  const now = options.now ?? ((): Date => new Date());
  const startedAt = now().toISOString();
  const before = gateway.stats.requests;
  const chosen = selectedSteps(plan);
  const run = new Run(gateway, options, chosen.length, now);
  const blocks = new Map(chosen.filter(s => s.kind === 'block').map(s => [s.userId, s.key]));
  let cancelled = false;
  for (const [n, kinds] of APPLY_PHASES.entries()) {
    if (options.signal?.aborted) { cancelled = true; break; }
    let calls = callsOf(chosen.filter(s => kinds.includes(s.kind as SentKind)), run.nextId);
    if (!kinds.includes('block')) calls = holdAfterBlock(calls, blocks, run);
    if (kinds.includes('licenseAdd')) calls = holdLicenseAdds(calls, run);
    if (calls.length === 0) continue;
    if (!(await run.send(calls, n + 1))) { cancelled = true; break; }
    const split = splitMerged(calls, run);
    if (split.length && !(await run.send(split, n + 1))) { cancelled = true; break; }
    const again = defaultMethodRetries(calls, run);
    if (again.length && !(await run.send(again, n + 1))) { cancelled = true; break; }
  }
  const results = new Map<string, StepResult>();
  for (const s of plan.steps) {
    const r = run.results.get(s.key);
    if (r) results.set(s.key, r);
    else if (s.selected && s.request && !s.locked) results.set(s.key, { status: 'skipped', reason: 'Cancelled before it was sent.', retryable: true });
    else results.set(s.key, unsentReason(s));
  }
  return {
    results, requests: gateway.stats.requests - before, startedAt, finishedAt: now().toISOString(),
    ...(cancelled || options.signal?.aborted ? { cancelled: true } : {}), ...(options.by ? { by: options.by } : {})
  };
}

/** Whether Try again would send a step: it failed, or it was not sent because of a failure or a cancel. */
export function needsRetry(result: StepResult | undefined): boolean {
  return result?.status === 'failed' || (result?.status === 'skipped' && result.retryable === true);
}

/** A plan of only the steps that failed (or were held back by a failure or a cancel), selected for Try again. */
export function retryFailed(plan: IBulkPlan, outcome: IBulkOutcome): IBulkPlan {
  const steps = plan.steps.filter(s => needsRetry(outcome.results.get(s.key))).map(s => ({ ...s, selected: true }));
  return { ...plan, steps };
}

/**
 * An outcome and the outcome of its Try again as one: the later result of a step wins, and keeps the results it
 * replaces (`earlier`, oldest first) so the record tells "Failed …, then Done …"; round trips add up.
 */
export function mergeOutcomes(first: IBulkOutcome, again: IBulkOutcome): IBulkOutcome {
  const results = new Map(first.results);
  for (const [key, r] of again.results) {
    const before = first.results.get(key);
    if (!before || !needsRetry(before)) { results.set(key, r); continue; }
    const { earlier, ...last } = before;
    results.set(key, { ...r, earlier: [...(earlier ?? []), last as StepResult, ...(r.earlier ?? [])] });
  }
  const by = again.by ?? first.by;
  return {
    results, requests: first.requests + again.requests, startedAt: first.startedAt, finishedAt: again.finishedAt,
    ...(again.cancelled ? { cancelled: true } : {}), ...(by ? { by } : {})
  };
}

/** The count of each status among the results of the steps Finish sent (or meant to). */
export function outcomeCounts(outcome: IBulkOutcome): { done: number; failed: number; notSent: number } {
  let done = 0, failed = 0, notSent = 0;
  for (const r of outcome.results.values()) {
    if (r.status === 'done') done++;
    else if (r.status === 'failed') failed++;
    else if (r.retryable) notSent++;
  }
  return { done, failed, notSent };
}
