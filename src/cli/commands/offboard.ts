/**
 * `offboard --user <upn|id> [--user ...] [--steps block,revoke,licenses,groups,methods,devices-retire|devices-wipe]
 * [--apply] [--out record.xlsx]`: the web part's offboarding plan, built by the same core. Without --apply it prints
 * the plan and changes nothing; with --apply it applies it (block and revoke first) and writes the record workbook.
 * A run that did some steps and failed others exits 6 (done in part), keeping and recording what was done.
 */
import { loadSkuNames } from '../../core/directory';
import { fileDate } from '../../core/export';
import { GraphError, scopesFromToken } from '../../core/graph';
import {
  DEFAULT_OFFBOARD_STEPS, STEP_NAME_KINDS, applyPlan, buildOffboardPlan, countSelected, offboardRecordName, offboardingRecordSheets,
  outcomeCounts, parseStepNames, readOffboardFacts, readPlanSkus, resultText, selectAll, selectKind, stepsByPerson
} from '../../core/plans';
import type { IBulkOutcome, IBulkPlan, IOffboardFacts, OffboardStepName, StepResult } from '../../core/plans';
import type { ICommandContext, ICommandResult } from '../context';
import { CliError, EXIT, UsageError, exitCodeOf, describeError } from '../errors';
import { checkOut, checkOutFolder, fillOutName, workbookBytes, writeWhole } from '../output';

/** The flags of `offboard`, checked before any request. */
export interface IOffboardArgs {
  users: string[];
  steps: OffboardStepName[];
  apply: boolean;
  /** The record's file as given (placeholders not yet filled); undefined: none without --apply, the default name with it. */
  out: string | undefined;
}

/**
 * --user (repeated, or several separated by commas: a UPN holds no comma), --steps (default: the non-destructive
 * block, revoke, licenses, groups), --apply, --out.
 */
export function offboardArgs(values: ReadonlyMap<string, string>, switches: ReadonlySet<string>): IOffboardArgs {
  const users = [...new Set((values.get('user') ?? '').split(',').map(u => u.trim()).filter(Boolean))];
  if (users.length === 0) throw new UsageError('--user <upn|id> is required (repeat it, or separate several with commas).');
  const stepsText = values.get('steps');
  let steps = [...DEFAULT_OFFBOARD_STEPS];
  if (stepsText !== undefined) {
    const parsed = parseStepNames(stepsText);
    if (!parsed.ok) throw new UsageError(parsed.error);
    steps = parsed.steps;
  }
  return { users, steps, apply: switches.has('apply'), out: values.get('out') };
}

/** The plan with the kinds `--steps` names selected, every other step shown but not selected (destructive ones too). */
export function planForSteps(facts: readonly IOffboardFacts[], skus: Parameters<typeof buildOffboardPlan>[1], steps: readonly OffboardStepName[], scopes: Set<string> | undefined): IBulkPlan {
  // --steps is the CLI's own switch for destructive steps: they are never locked for the web part's, only left unselected.
  const plan = buildOffboardPlan(facts, skus, { scopes, allowDestructive: true, deviceAction: steps.includes('devices-wipe') ? 'wipe' : 'retire' });
  return selectKind(selectAll(plan, false), steps.map(s => STEP_NAME_KINDS[s]), true);
}

/** The plan (and, after Finish, each result) as lines for a terminal. */
export function planText(plan: IBulkPlan, outcome?: IBulkOutcome): string {
  const lines: string[] = [plan.title];
  for (const person of stepsByPerson(plan)) {
    lines.push('', person.userName);
    for (const s of person.steps) {
      const r: StepResult | undefined = outcome?.results.get(s.key);
      const [result, reason] = resultText(s, r);
      const sentOrHeld = r !== undefined && (r.status !== 'skipped' || r.retryable === true);
      const mark = sentOrHeld ? result.toUpperCase() : s.kind === 'manual' ? 'by hand' : s.locked ? 'locked' : s.selected ? 'x' : ' ';
      lines.push(`  [${mark}] ${s.label}${reason ? ` (${reason})` : ''}`);
    }
  }
  for (const g of plan.gaps) lines.push('', `Could not read ${g.userName}'s ${g.part.toLowerCase()}: ${g.reason}`);
  return `${lines.join('\n')}\n`;
}

/** The exit code and error line of an applied plan: done wholly, in part (6), or not at all (the first failure's code). */
export function outcomeExit(plan: IBulkPlan, outcome: IBulkOutcome): { exitCode?: number; error?: string } {
  const c = outcomeCounts(outcome);
  const missing = plan.gaps.filter(g => g.part === 'Profile').length;
  if (c.failed === 0 && c.notSent === 0 && missing === 0) return {};
  const firstFailure = [...outcome.results.values()].find((r): r is Extract<StepResult, { status: 'failed' }> => r.status === 'failed');
  const what = `${c.done} step(s) done, ${c.failed} failed, ${c.notSent} not sent${missing ? `, ${missing} person(s) not found or not readable` : ''}${outcome.cancelled ? ' (cancelled)' : ''}.`;
  if (c.done > 0) return { exitCode: EXIT.partial, error: `Done in part: ${what}${firstFailure ? ` First failure: ${firstFailure.reason}` : ''}` };
  return { exitCode: firstFailure ? exitCodeOf(firstFailure.error) : EXIT.other, error: `Nothing was done: ${what}${firstFailure ? ` ${firstFailure.reason}` : ''}` };
}

/** Every person unreadable: the first one's failure, as `impression` reports a missing user (exit 4). */
function noneReadable(facts: readonly IOffboardFacts[], demoUpns: readonly string[] | undefined): CliError | GraphError | undefined {
  if (facts.some(f => f.person.status === 'ready')) return undefined;
  const first = facts[0]?.person;
  const error = first?.status === 'error' ? first.error : undefined;
  if (exitCodeOf(error) === EXIT.notFound) {
    const hint = demoUpns?.length ? ` Demo users include ${demoUpns.join(', ')}.` : '';
    return new CliError(EXIT.notFound, `${describeError(error, 'profile')}${hint}`);
  }
  return error instanceof GraphError ? error : new CliError(EXIT.other, describeError(error, 'profile'));
}

export async function offboardCommand(ctx: ICommandContext): Promise<ICommandResult> {
  const args = offboardArgs(ctx.args.values, ctx.args.switches);
  const outName = args.out ?? (args.apply ? offboardRecordName(args.users) : undefined);
  const out = outName === undefined ? undefined : checkOut(fillOutName(outName, { today: fileDate(ctx.now()) }), ctx.cwd, ['xlsx']);
  if (out) await checkOutFolder(out.file);

  const conn = await ctx.connect();
  ctx.topic.current = 'profile';
  const p = ctx.progress;
  p.update(`Reading what ${args.users.length === 1 ? args.users[0] ?? '' : `${args.users.length} people`} hold${args.users.length === 1 ? 's' : ''}`, 0);
  const facts = await readOffboardFacts(conn.gateway, args.users);
  const unreadable = noneReadable(facts, conn.demoUpns);
  if (unreadable) throw unreadable;
  const skus = await readPlanSkus(conn.gateway, await loadSkuNames());
  const plan = planForSteps(facts, skus.status === 'ready' ? skus.data : undefined, args.steps, scopesFromToken(await conn.auth.getToken()));
  const warnings = plan.gaps.map(g => `${g.userName}: ${g.part} unavailable. ${g.reason}`);

  let outcome: IBulkOutcome | undefined;
  if (args.apply && countSelected(plan) === 0) warnings.push('Nothing to apply: no step of the kinds asked can be sent.');
  if (args.apply && countSelected(plan) > 0) {
    ctx.topic.current = 'edits';
    outcome = await applyPlan(conn.gateway, plan, { scopes: scopesFromToken(await conn.auth.getToken()), onProgress: pr => p.update('Applying the plan', pr.done, pr.total) });
  }
  warnings.forEach(w => p.warn(w));
  if (!ctx.json) ctx.stdout(planText(plan, outcome));
  const sheets = out ? offboardingRecordSheets(plan, outcome, facts, ctx.now()) : [];
  if (out) {
    await writeWhole(out.file, await workbookBytes(sheets, (done, total) => p.update('Writing the record', done, total)));
    p.step(`Wrote ${out.file}`);
  }
  const steps = plan.steps.map(s => {
    const [result, reason] = resultText(s, outcome?.results.get(s.key));
    return { user: s.userName, userId: s.userId, step: s.label, kind: s.kind, result, reason };
  });
  return {
    output: out?.file,
    rows: sheets.reduce((n, s) => n + s.rows.length, 0),
    sheets: sheets.map(s => s.name),
    requests: conn.gateway.stats.requests,
    warnings,
    ...(outcome ? outcomeExit(plan, outcome) : {}),
    details: { applied: outcome !== undefined, selected: countSelected(plan), ...(outcome ? { counts: outcomeCounts(outcome) } : {}), steps }
  };
}
