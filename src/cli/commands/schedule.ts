/**
 * `schedule --print cron|windows|github|azure <command...>`: prints a ready artifact that runs the given
 * command line on a schedule (a crontab entry, an importable Task Scheduler XML, a GitHub Actions workflow,
 * an Azure Pipelines pipeline), with the sign-in each needs explained in its comments and no secret in it.
 * The command is checked now as it would be at run time, without Graph: a typo fails here (exit 2), not at
 * 06:00 on Monday. Nothing is signed in and nothing is read.
 */
import * as path from 'path';
import { SCHEDULE_KINDS, scheduleArtifact } from '../../core/export';
import type { IScheduleInput, ScheduleKind } from '../../core/export';
import { parseArgs } from '../args';
import type { IParsedArgs } from '../args';
import type { ICommandContext, ICommandResult } from '../context';
import { UsageError } from '../errors';
import { fillOutName } from '../output';
import { impressionArgs } from './impression';
import { publishPlan, SHAREPOINT_PERMISSION_HINT } from './publish';
import { checkReportArgs } from './report';
import { usersColumnsArg, usersFilters } from './users';

/** Commands that make sense unattended. */
const SCHEDULABLE: readonly string[] = ['users', 'impression', 'report', 'reports', 'publish'];

/** What a scheduled publish says above its command: it signs in to SharePoint too. */
const PUBLISH_NOTES: readonly string[] = [
  'publish writes the report copies into the site\'s library "M365 Impressions relay" (the web part reads them before Graph): it signs in to SharePoint as well as Graph.',
  SHAREPOINT_PERMISSION_HINT
];

/** Where this copy of the CLI runs from: written into cron and Task Scheduler entries printed on this machine. */
export interface IHere {
  cwd: string;
  /** The clone's root (bin/m365-impressions.js is there). */
  dir: string;
  /** This Node (process.execPath). */
  node: string;
  platform: string;
}

/** The checks of the scheduled command that need no Graph; what is fine now but will not be later, as warnings. */
function checkScheduled(inner: IParsedArgs, today: string): string[] {
  const warnings: string[] = [];
  const v = inner.values;
  if (v.has('token')) {
    throw new UsageError('A scheduled command must not carry --token: a token in a task or workflow file is a secret in the clear (and expires in about an hour). Each artifact says how its run signs in.');
  }
  // Placeholders are checked as the run will fill them.
  for (const flag of ['out', 'log']) fillOutName(v.get(flag), { today, param: inner.command === 'report' ? 'x' : undefined }, `--${flag}`);
  switch (inner.command) {
    case 'report': {
      const { ask } = checkReportArgs(inner.positionals[0], v, today);
      const fixed = ask.by === 'day' ? ('date' in ask.day ? [ask.day.date] : []) : ask.by === 'range' ? [ask.from, ask.to].flatMap(d => ('date' in d ? [d.date] : [])) : [];
      if (fixed.length) {
        warnings.push(`${fixed.join(' and ')} ${fixed.length === 1 ? 'is a fixed day' : 'are fixed days'}: Graph keeps report days for 30 days, so later runs will be refused. --days-back (--from-days-back, --to-days-back) keeps a day relative to each run.`);
      }
      if (!v.has('out')) throw new UsageError('The scheduled report needs --out <file.xlsx|file.csv>.');
      break;
    }
    case 'users':
      usersFilters(v, inner.switches);
      usersColumnsArg(v.get('columns'));
      if (!v.has('out')) throw new UsageError('The scheduled users command needs --out <file.xlsx>.');
      break;
    case 'impression':
      impressionArgs(v);
      if (!v.has('out')) throw new UsageError('The scheduled impression needs --out <file.xlsx>.');
      break;
    case 'publish':
      publishPlan(v);
      break;
    default:
      break;
  }
  if (inner.values.has('out') && !/\{today\}|\{param\}/.test(inner.values.get('out') ?? '')) {
    warnings.push('--out names the same file every run, so each run replaces the last; {today} in the name keeps one per day.');
  }
  return warnings;
}

/** What the artifact runs: the command line with --out, --log and --cache made absolute where the job runs on this machine. */
export function scheduleInput(kind: ScheduleKind, line: readonly string[], inner: IParsedArgs, here: IHere): IScheduleInput {
  const onThisMachine = (kind === 'cron' && here.platform !== 'win32') || (kind === 'windows' && here.platform === 'win32');
  const resolve = here.platform === 'win32' ? path.win32.resolve : path.posix.resolve;
  const args = onThisMachine
    ? line.map((a, i) => {
      if (/^--(out|log|cache)=/.test(a)) {
        const eq = a.indexOf('=');
        return `${a.slice(0, eq + 1)}${resolve(here.cwd, a.slice(eq + 1))}`;
      }
      return /^--(out|log|cache)$/.test(line[i - 1] ?? '') ? resolve(here.cwd, a) : a;
    })
    : [...line];
  const what = inner.command === 'report' ? `report ${inner.positionals[0] ?? ''}` : inner.command === 'impression' ? `impression of ${inner.values.get('user') ?? ''}`
    : inner.command === 'publish' ? 'publish report copies' : inner.command ?? '';
  return {
    args,
    title: `m365-impressions ${what}`.trim(),
    ...(inner.command === 'publish' ? { notes: PUBLISH_NOTES } : {}),
    ...(onThisMachine && kind === 'cron' ? { posixDir: here.dir, posixNode: here.node } : {}),
    ...(onThisMachine && kind === 'windows' ? { windowsDir: here.dir, windowsNode: here.node } : {})
  };
}

export function scheduleCommand(ctx: ICommandContext, here: IHere = { cwd: ctx.cwd, dir: path.resolve(__dirname, '..', '..', '..'), node: process.execPath, platform: process.platform }): Promise<ICommandResult> {
  const printText = ctx.args.values.get('print');
  if (printText === undefined) throw new UsageError(`schedule needs --print ${SCHEDULE_KINDS.join('|')}, then the command to schedule.`);
  const kind = SCHEDULE_KINDS.find(k => k === printText.toLowerCase());
  if (!kind) throw new UsageError(`--print takes ${SCHEDULE_KINDS.join(', ')}, not "${printText}".`);
  const line = ctx.args.positionals;
  if (!line.length) throw new UsageError(`schedule needs the command to schedule after --print ${kind}, e.g. schedule --print ${kind} users --out 'users-{today}.xlsx'.`);
  const inner = parseArgs(line);
  if (!inner.command || !SCHEDULABLE.includes(inner.command) || inner.switches.has('help')) {
    throw new UsageError(`schedule takes a command to run, such as users, impression or report, not "${line.join(' ')}".`);
  }
  const warnings = checkScheduled(inner, ctx.today);
  if ((kind === 'github' || kind === 'azure') && inner.values.has('cache')) {
    warnings.push('--cache keeps the user list only where its folder outlives the run: a hosted agent starts empty each run unless the pipeline caches that folder (a cache step keyed per run, restored from the last).');
  }
  warnings.forEach(w => ctx.progress.warn(w));
  ctx.stdout(scheduleArtifact(kind, scheduleInput(kind, line, inner, here)) + '\n');
  return Promise.resolve({ printed: true, requests: 0, warnings });
}
