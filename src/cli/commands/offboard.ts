/**
 * `offboard --user <upn|id> [--user ...] [--steps block,revoke,licenses,groups,methods,devices-retire|devices-wipe]
 * [--except <target>[,<user>:<target>...]] [--apply] [--out record.xlsx]`: the web part's offboarding plan, built by
 * the same core. Without --apply it prints the plan and changes nothing; with --apply it applies it (block, then
 * revoke, then the rest) and writes the record workbook. A run that did some steps and failed others exits 6 (done
 * in part), keeping and recording what was done. The signed-in person is never offboarded by their own run.
 */
import { loadSkuNames } from '../../core/directory';
import { fileDate } from '../../core/export';
import { GraphError, scopesFromToken } from '../../core/graph';
import {
  DEFAULT_OFFBOARD_STEPS, PERSONAL_DEVICE_RETIRED, STEP_NAME_KINDS, applyPlan, buildOffboardPlan, countSelected, exceptMatches, offboardRecordName,
  offboardingRecordSheets, outcomeCounts, parseExcept, parseStepNames, readOffboardFacts, readPlanSkus, resultText, selectAll, selectKind,
  signedInFromToken, stepsByPerson, toggleStep
} from '../../core/plans';
import type { IBulkOutcome, IBulkPlan, IExceptEntry, IOffboardFacts, OffboardStepName, StepResult } from '../../core/plans';
import type { ICommandContext, ICommandResult } from '../context';
import { CliError, EXIT, UsageError, exitCodeOf, describeError } from '../errors';
import { checkOut, checkOutFolder, fillOutName, workbookBytes, writeWhole } from '../output';

/** The flags of `offboard`, checked before any request. */
export interface IOffboardArgs {
  users: string[];
  steps: OffboardStepName[];
  /** Steps left unselected (`--except`): targets for everyone, or `<user>:<target>` for one person. */
  except: IExceptEntry[];
  apply: boolean;
  /** The record's file as given (placeholders not yet filled); undefined: none without --apply, the default name with it. */
  out: string | undefined;
}

/**
 * --user (repeated, or several separated by commas: a UPN holds no comma), --steps (default: the non-destructive
 * block, revoke, licenses, groups), --except (targets a step of those kinds leaves alone), --apply, --out.
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
  const exceptText = values.get('except');
  let except: IExceptEntry[] = [];
  if (exceptText !== undefined) {
    const parsed = parseExcept(exceptText);
    if (!parsed.ok) throw new UsageError(parsed.error);
    except = parsed.except;
  }
  return { users, steps, except, apply: switches.has('apply'), out: values.get('out') };
}

/** Options of planForSteps beyond the kinds: what `--except` leaves alone, and who is signed in. */
export interface IPlanForStepsOptions {
  except?: readonly IExceptEntry[];
  /** The token's `oid`: that person's steps are all locked. */
  signedInUserId?: string;
}

/**
 * The plan with the kinds `--steps` names selected but the steps `--except` names, every other step shown but not
 * selected (destructive ones too). Under devices-wipe a personal device is retired (never wiped), and selected.
 */
export function planForSteps(
  facts: readonly IOffboardFacts[], skus: Parameters<typeof buildOffboardPlan>[1], steps: readonly OffboardStepName[], scopes: Set<string> | undefined,
  options: IPlanForStepsOptions = {}
): IBulkPlan {
  const wipe = steps.includes('devices-wipe');
  // --steps is the CLI's own switch for destructive steps: they are never locked for the web part's, only left unselected.
  const built = buildOffboardPlan(facts, skus, { scopes, allowDestructive: true, deviceAction: wipe ? 'wipe' : 'retire', signedInUserId: options.signedInUserId });
  const kinds = steps.map(s => STEP_NAME_KINDS[s]);
  let plan = selectKind(selectAll(built, false), wipe ? [...kinds, 'deviceRetire'] : kinds, true);
  const upns = new Map(facts.flatMap(f => (f.person.status === 'ready' ? [[f.person.data.id, f.person.data.userPrincipalName] as const] : [])));
  for (const s of plan.steps) {
    if (s.selected && options.except?.some(e => exceptMatches(e, s, upns.get(s.userId)))) plan = toggleStep(plan, s.key, false);
  }
  return plan;
}

/** The `--except` entries that name no step of the plan (said as warnings: the plan may have changed since). */
export function unmatchedExcept(plan: IBulkPlan, except: readonly IExceptEntry[], facts: readonly IOffboardFacts[]): IExceptEntry[] {
  const upns = new Map(facts.flatMap(f => (f.person.status === 'ready' ? [[f.person.data.id, f.person.data.userPrincipalName] as const] : [])));
  return except.filter(e => !plan.steps.some(s => exceptMatches(e, s, upns.get(s.userId))));
}

/** The plan (and, after Finish, each result) as lines for a terminal. */
export function planText(plan: IBulkPlan, outcome?: IBulkOutcome): string {
  const lines: string[] = [plan.title];
  // Where a by-hand item is done, said once: the next person's same item points back to it.
  const said = new Set<string>();
  for (const person of stepsByPerson(plan)) {
    lines.push('', person.userName);
    for (const s of person.steps) {
      const r: StepResult | undefined = outcome?.results.get(s.key);
      const [result, reason] = resultText(s, r);
      const sentOrHeld = r !== undefined && (r.status !== 'skipped' || r.retryable === true);
      const mark = sentOrHeld ? result.toUpperCase() : s.kind === 'manual' ? 'by hand' : s.locked ? 'locked' : s.selected ? 'x' : ' ';
      // A personal device under devices-wipe says it is retired, never wiped.
      const note = s.detail === PERSONAL_DEVICE_RETIRED ? ` — ${PERSONAL_DEVICE_RETIRED}` : '';
      lines.push(`  [${mark}] ${s.label}${reason ? ` (${reason})` : ''}${note}`);
      if (s.kind === 'manual' && s.detail && !sentOrHeld) {
        lines.push(said.has(s.detail) ? '      Where: as above.' : `      Where: ${s.detail}`);
        said.add(s.detail);
      }
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
  const token = await conn.auth.getToken();
  const signedIn = signedInFromToken(token);
  const plan = planForSteps(facts, skus.status === 'ready' ? skus.data : undefined, args.steps, scopesFromToken(token), { except: args.except, signedInUserId: signedIn.userId });
  const warnings = plan.gaps.map(g => `${g.userName}: ${g.part} unavailable. ${g.reason}`);
  for (const e of unmatchedExcept(plan, args.except, facts)) warnings.push(`--except ${e.user ? `${e.user}:` : ''}${e.target}: no step of the plan has this target.`);

  let outcome: IBulkOutcome | undefined;
  if (args.apply && countSelected(plan) === 0) warnings.push('Nothing to apply: no step of the kinds asked can be sent.');
  if (args.apply && countSelected(plan) > 0) {
    ctx.topic.current = 'edits';
    outcome = await applyPlan(conn.gateway, plan, { scopes: scopesFromToken(token), by: signedIn.by, onProgress: pr => p.update('Applying the plan', pr.done, pr.total) });
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
