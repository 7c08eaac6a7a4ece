/**
 * `schedule --print cron|windows|github|azure <command...>`: prints a ready artifact that runs the given
 * command line on a schedule (a crontab entry, an importable Task Scheduler XML, a GitHub Actions workflow,
 * an Azure Pipelines pipeline), with the sign-in each needs explained in its comments and no secret in it.
 * Weekly (Monday 06:00) by default; `snapshot` and `dashboard` daily at 07:00 (a snapshot is at most one a
 * day, and visitors should see figures at most a day old). The command is checked now as it would be at run
 * time, without Graph: a typo fails here (exit 2), not at 06:00 on Monday. Nothing is signed in and nothing is read.
 */
import * as path from 'path';
import { SCHEDULE_KINDS, scheduleArtifact } from '../../core/export';
import type { IScheduleInput, ScheduleKind } from '../../core/export';
import { parseArgs } from '../args';
import type { IParsedArgs } from '../args';
import type { ICommandContext, ICommandResult } from '../context';
import { UsageError } from '../errors';
import { fillOutName } from '../output';
import { checkStoreFlags } from '../store';
import { DASHBOARD_NOTES, dashboardPlan } from './dashboard';
import { impressionArgs } from './impression';
import { publishPlan, SHAREPOINT_PERMISSION_HINT } from './publish';
import { checkReportArgs } from './report';
import { usersColumnsArg, usersFilters } from './users';

/** Commands that make sense unattended. */
const SCHEDULABLE: readonly string[] = ['users', 'impression', 'report', 'reports', 'publish', 'snapshot', 'dashboard'];

/** Commands scheduled every day at 07:00 rather than weekly: the store keeps one snapshot a day, and visitors see the latest publication. */
const DAILY: readonly string[] = ['snapshot', 'dashboard'];

/** Commands whose `--to` is a file (the store's JSON-lines file), not a day as report's. */
const STORE_COMMANDS: readonly string[] = ['snapshot', 'dashboard'];

/** What a scheduled publish says above its command: it signs in to SharePoint too. */
const PUBLISH_NOTES: readonly string[] = [
  'publish writes the report copies into the site\'s library "M365 Impressions relay" (the web part reads them before Graph): it signs in to SharePoint as well as Graph.',
  SHAREPOINT_PERMISSION_HINT
];

/**
 * The SharePoint permissions of a run that writes the store's list "M365 Impressions history" (publish's hint names
 * its library; the list is created with the site's own permissions, so managing lists is enough the first time).
 */
const STORE_PERMISSION_HINT =
  "SharePoint permissions: a delegated sign-in's app needs SharePoint's AllSites.Write to add to the list, and AllSites.Manage to create it the first time; " +
  'an app-only sign-in needs Sites.Selected with the manage role on that site (write once the list exists) or Sites.FullControl.All, and a certificate ' +
  '(AZURE_CLIENT_CERTIFICATE_PATH: SharePoint refuses app-only tokens got with a secret).';

/** What a scheduled snapshot says above its command; with --site it signs in to SharePoint too. */
function snapshotNotes(toSite: boolean): string[] {
  const what = "snapshot keeps today's tenant-wide figures (counts, never a person; on first use six months backfilled from Graph's 180-day reports), at most one a day: a second run the same day adds only figures the day's lacks. A part it cannot read (a missing permission or role) is left out and said, never counted as 0.";
  return toSite
    ? [`${what} It writes the site's list "M365 Impressions history" (the one the web part reads): it signs in to SharePoint as well as Graph.`, STORE_PERMISSION_HINT]
    : [`${what} It appends to the JSON-lines file --to names, on the machine that runs it; the web part reads the site's list instead (--site <url>).`];
}

/** What a scheduled dashboard says above its command; with --to, the file (the web part reads the list). */
const DASHBOARD_FILE_NOTES: readonly string[] = [
  "dashboard publishes the usage overview's tenant-wide figures for visitors (counts, never a person) to the JSON-lines file --to names; the web part's visitors see what is in the site's list instead (--site <url>)."
];

/** The notes a command's artifact carries, if any. */
function notesOf(command: string, inner: IParsedArgs): readonly string[] | undefined {
  const toSite = inner.values.has('site');
  switch (command) {
    case 'publish': return PUBLISH_NOTES;
    case 'snapshot': return snapshotNotes(toSite);
    case 'dashboard': return toSite ? DASHBOARD_NOTES : DASHBOARD_FILE_NOTES;
    default: return undefined;
  }
}

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
    case 'snapshot':
      checkStoreFlags({ site: v.get('site'), to: v.get('to') });
      break;
    case 'dashboard':
      dashboardPlan(v);
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
  const command: string = inner.command ?? '';
  const onThisMachine = (kind === 'cron' && here.platform !== 'win32') || (kind === 'windows' && here.platform === 'win32');
  const resolve = here.platform === 'win32' ? path.win32.resolve : path.posix.resolve;
  // The flags that name a file: a store command's --to too (report's --to is a day).
  const files = STORE_COMMANDS.includes(command) ? 'out|log|cache|to' : 'out|log|cache';
  const joined = new RegExp(`^--(${files})=`);
  const alone = new RegExp(`^--(${files})$`);
  const args = onThisMachine
    ? line.map((a, i) => {
      if (joined.test(a)) {
        const eq = a.indexOf('=');
        return `${a.slice(0, eq + 1)}${resolve(here.cwd, a.slice(eq + 1))}`;
      }
      return alone.test(line[i - 1] ?? '') ? resolve(here.cwd, a) : a;
    })
    : [...line];
  const what = command === 'report' ? `report ${inner.positionals[0] ?? ''}` : command === 'impression' ? `impression of ${inner.values.get('user') ?? ''}`
    : command === 'publish' ? 'publish report copies' : command === 'snapshot' ? 'daily snapshot' : command === 'dashboard' ? 'dashboard for visitors' : command;
  const notes = notesOf(command, inner);
  return {
    args,
    title: `m365-impressions ${what}`.trim(),
    ...(DAILY.includes(command) ? { daily: true } : {}),
    ...(notes ? { notes } : {}),
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
    throw new UsageError(`schedule takes a command to run (${SCHEDULABLE.join(', ')}), not "${line.join(' ')}".`);
  }
  const warnings = checkScheduled(inner, ctx.today);
  const hosted = kind === 'github' || kind === 'azure';
  if (hosted && inner.values.has('cache')) {
    warnings.push('--cache keeps the user list only where its folder outlives the run: a hosted agent starts empty each run unless the pipeline caches that folder (a cache step keyed per run, restored from the last).');
  }
  if (hosted && STORE_COMMANDS.includes(inner.command) && inner.values.has('to')) {
    warnings.push("--to writes a file where the run is: a hosted agent starts empty each run, so each run's file holds that run's figures alone (kept as its artifact). --site <url> keeps them in the SharePoint list, where the web part reads them.");
  }
  warnings.forEach(w => ctx.progress.warn(w));
  ctx.stdout(scheduleArtifact(kind, scheduleInput(kind, line, inner, here)) + '\n');
  return Promise.resolve({ printed: true, requests: 0, warnings });
}
