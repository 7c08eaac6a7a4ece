/**
 * `joiners [--days 7|30|90] [--out <file.xlsx>]` and `leavers [--days 7|30|90] [--out <file.xlsx>]`: the Joiners &
 * leavers view's exports — every row of the list (the view's sheet, every column) and the Notes sheet saying which
 * parts could not be read and why. Same reads, window and sheets as the web part; the leavers' user list is read
 * here (the web part reuses the Users view's).
 */
import { DEFAULT_WINDOW, PART_NAME, explainPart, joinersSheets, leaversSheets, lifecycleFileName, loadJoiners, loadLeavers, parseWindow, windowBounds } from '../../core/lifecycle';
import type { IJoinersState, ILeaversState, LifecyclePart, LifecycleWindow } from '../../core/lifecycle';
import { fileDate } from '../../core/export';
import type { ICommandContext, ICommandResult } from '../context';
import { CliError, UsageError, describeError, exitCodeOf } from '../errors';
import { checkOut, checkOutFolder, fillOutName, workbookBytes, writeWhole } from '../output';
import { count } from '../progress';

/** `--days`: 7, 30 or 90 (default 30). */
export function daysArg(value: string | undefined): LifecycleWindow {
  if (value === undefined) return DEFAULT_WINDOW;
  const days = parseWindow(value);
  if (!days) throw new UsageError(`--days takes 7, 30 or 90, not "${value}".`);
  return days;
}

/** Each part that could not be read, in the words the view uses (its columns are left empty). */
function partWarnings(parts: Partial<Record<LifecyclePart, { status: string; error?: unknown }>>): string[] {
  const out: string[] = [];
  for (const [part, state] of Object.entries(parts) as Array<[LifecyclePart, { status: string; error?: unknown }]>) {
    if (state.status !== 'error') continue;
    const x = explainPart(part, state.error);
    out.push(`${PART_NAME[part]} unavailable (left empty). ${x.title}. ${x.detail}${x.action ? ` ${x.action}` : ''}`);
  }
  return out;
}

async function run(ctx: ICommandContext, kind: 'joiners' | 'leavers'): Promise<ICommandResult> {
  const { values } = ctx.args;
  const days = daysArg(values.get('days'));
  const named = values.get('out') ?? lifecycleFileName(kind, 'tenant', fileDate(ctx.now()), days, false);
  const out = checkOut(fillOutName(named, { today: fileDate(ctx.now()) }), ctx.cwd, ['xlsx']);
  await checkOutFolder(out.file);
  const conn = await ctx.connect();
  ctx.topic.current = 'users';
  const p = ctx.progress;
  const bounds = windowBounds(ctx.now(), days);
  p.step(`Window: ${bounds.fromDay} to ${bounds.toDay} (${days} days either side of ${bounds.today}, UTC)`);
  const state: IJoinersState | ILeaversState = kind === 'joiners' ? await loadJoiners(conn.gateway, bounds) : await loadLeavers(conn.gateway, conn.reports, bounds);
  // No list at all (both joiner reads, or the leavers' user list, failed): say why, with the exit code of the cause.
  if (state.status === 'error') throw new CliError(exitCodeOf(state.error), `The ${kind} could not be read. ${describeError(state.error, 'users')}`);
  const warnings = partWarnings(state.parts);
  warnings.forEach(w => p.warn(w));
  const sheets = kind === 'joiners' ? joinersSheets(state as IJoinersState) : leaversSheets(state as ILeaversState);
  const bytes = await workbookBytes(sheets, (done, total) => p.update('Writing workbook', done, total));
  await writeWhole(out.file, bytes);
  p.step(`Wrote ${out.file} (${count(state.rows.length)} ${kind})`);
  return {
    output: out.file,
    rows: state.rows.length,
    sheets: sheets.map(s => s.name),
    requests: conn.gateway.stats.requests + conn.reports.stats.reads,
    warnings,
    details: { window: { days, from: bounds.fromDay, to: bounds.toDay } }
  };
}

/** `m365-impressions joiners`. */
export function joinersCommand(ctx: ICommandContext): Promise<ICommandResult> {
  return run(ctx, 'joiners');
}

/** `m365-impressions leavers`. */
export function leaversCommand(ctx: ICommandContext): Promise<ICommandResult> {
  return run(ctx, 'leavers');
}
