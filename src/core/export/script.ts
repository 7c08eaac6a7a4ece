/**
 * "Generate script" and `m365-impressions schedule --print`: a CLI command line as a command to paste, a
 * crontab entry, an importable Windows Task Scheduler task (XML), a GitHub Actions workflow and an Azure
 * Pipelines pipeline, each ready to use as printed. None holds a token or a secret: each says, in its
 * comments, how the run signs in there (an app registration's credentials from the environment, the
 * job's secret store or the task account's variables) and where those are kept. Pure text, no host.
 */
import type { IReportEntry, ReportAsk } from '../reports';
import { safeFileNamePart } from './fileNames';

/** Where a scheduled run goes. */
export type ScheduleKind = 'cron' | 'windows' | 'github' | 'azure';
export const SCHEDULE_KINDS: readonly ScheduleKind[] = ['cron', 'windows', 'github', 'azure'];

/** One command line, as each place runs it. */
export interface IRunScript {
  /** Run once from a clone of M365 Impressions (bash), after `npm ci`. */
  command: string;
  /** crontab lines (Linux, macOS): every Monday at 06:00, or every day at 07:00 when daily. */
  cron: string;
  /** Windows: Task Scheduler (the impression's script: a schtasks line; the others: an importable task XML). */
  windows: string;
  /** GitHub Actions (the impression's: steps; the others: a whole workflow). */
  github: string;
  /** Azure Pipelines (the impression's: steps; the others: a whole pipeline). */
  azure: string;
}

/** A command line to schedule. */
export interface IScheduleInput {
  /** The CLI's arguments after its name, e.g. ['users', '--out', 'users-{today}.xlsx']; never a token. */
  args: readonly string[];
  /** What the run writes, in words ("Users view", "Report getEmailActivityUserDetail"): names the task and the job. */
  title: string;
  /** Every day at 07:00 (a snapshot, the visitors' dashboard) instead of the default, every Monday at 06:00. */
  daily?: boolean;
  /** Said as comments above the command: what the screen shows that the command does not carry. */
  notes?: readonly string[];
  /** The clone on the machine that runs cron; a placeholder when unknown. */
  posixDir?: string;
  /** node on that machine (cron's PATH is short); without it the entry runs npx and says to check PATH. */
  posixNode?: string;
  /** The clone on the Windows machine; a placeholder when unknown. */
  windowsDir?: string;
  /** node.exe there; without it `node.exe`, found on the PATH as Node's installer sets it. */
  windowsNode?: string;
}

/** Microsoft Graph's global endpoint: not written into scripts. */
const DEFAULT_GRAPH_URL = 'https://graph.microsoft.com';

/** Weekly, Monday 06:00: when Graph's reports of the week before are in. */
const CRON = '0 6 * * 1';
/** Daily, 07:00: Graph's usage reports lag a day or two, so an early run would only repeat yesterday's newest day. */
const DAILY_CRON = '0 7 * * *';
const POSIX_DIR = '/path/to/m365-impressions';
const WINDOWS_DIR = 'C:\\m365-impressions';
/** A Monday long past, for the task's first run (the trigger repeats weekly, or daily, from there). */
const WINDOWS_START = '2024-01-01T06:00:00';
const WINDOWS_DAILY_START = '2024-01-01T07:00:00';
const NODE_MAJOR = 20;
const APP_VARS = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET'] as const;
const PERMISSIONS = 'Who can use which sign-in, with what permissions: src/cli/README.md, "Sign-in" (an app needs Microsoft Graph application permissions: User.Read.All, Reports.Read.All and what the command reads).';
const NO_SECRETS = 'Never put a token or a secret in this file.';
/** Where a cron job's app credentials are kept, out of the crontab. */
const ENV_FILE = '.m365-impressions.env';

/** A word as POSIX shells read it: bare when plain, else single-quoted (an inner quote closed, escaped and reopened). */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * A word as Windows programs read their command line (CommandLineToArgvW, Node's own parser): quoted
 * when it holds a space, a tab or a quote, a quote escaped with a backslash and the backslashes before
 * a quote doubled. Task Scheduler starts node.exe itself, so no cmd.exe reads it (^, % and & are plain).
 */
export function windowsWord(word: string): string {
  if (word !== '' && !/[\s"]/.test(word)) return word;
  let out = '"';
  let slashes = 0;
  for (const ch of word) {
    if (ch === '\\') {
      slashes++;
      continue;
    }
    out += ch === '"' ? '\\'.repeat(slashes * 2 + 1) + '"' : '\\'.repeat(slashes) + ch;
    slashes = 0;
  }
  return `${out}${'\\'.repeat(slashes * 2)}"`;
}

const xmlText = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
/** XML comments may not hold `--`: a run of dashes is spaced out. */
const xmlComment = (s: string): string => `<!-- ${s.replace(/-(?=-)/g, '- ')} -->`;
/** A YAML single-quoted scalar. */
const yamlText = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const lines = (notes: readonly string[] | undefined): string[] => (notes ?? []).flatMap(n => n.split(/\r?\n/));

/** The files a run writes (`--out`, `--log`, a store's `--to history.jsonl`), as globs: a placeholder matches any text. */
export function outputsOf(args: readonly string[]): string[] {
  const out: string[] = [];
  args.forEach((a, i) => {
    const m = /^--(out|log|to)(?:=(.*))?$/.exec(a);
    if (!m) return;
    const value = m[2] ?? args[i + 1];
    // report's --to is a day; only a JSON-lines file (snapshot's and dashboard's store) is a file written.
    if (m[1] === 'to' && !/\.jsonl?$/i.test(value ?? '')) return;
    if (value) out.push(value.replace(/\{[a-z]+\}/g, '*'));
  });
  return out;
}

/** When a run starts: its cron fields and the words each artifact says ("every Monday at 06:00"). */
function timing(input: IScheduleInput): { cron: string; words: string } {
  return input.daily ? { cron: DAILY_CRON, words: 'every day at 07:00' } : { cron: CRON, words: 'every Monday at 06:00' };
}

/** The words capitalised, to open a sentence. */
const opening = (words: string): string => words.charAt(0).toUpperCase() + words.slice(1);

const hasLog = (args: readonly string[]): boolean => args.some(a => /^--log(=|$)/.test(a));

/** The command line for bash, from a clone: `npx m365-impressions ...`. */
function npxLine(args: readonly string[]): string {
  return ['npx', 'm365-impressions', ...args].map(shellWord).join(' ');
}

/** A crontab entry (comments, then the line), every Monday at 06:00 (daily: every day at 07:00) in the machine's time zone. */
export function cronEntry(input: IScheduleInput): string {
  const when = timing(input);
  const dir = input.posixDir ?? POSIX_DIR;
  const run = input.posixNode ? [input.posixNode, 'bin/m365-impressions.js', ...input.args].map(shellWord).join(' ') : npxLine(input.args);
  // cron reads % as a line break unless escaped. The credentials file is read when there is one.
  const line = `${when.cron} cd ${shellWord(dir)} && { [ ! -f "$HOME/${ENV_FILE}" ] || . "$HOME/${ENV_FILE}"; } && ${run}`.replace(/%/g, '\\%');
  return [
    `# M365 Impressions: ${input.title}. ${opening(when.words)}, this machine's time (minute hour day month weekday).`,
    ...lines(input.notes).map(n => `# ${n}`),
    '# Sign-in: cron has no terminal, so the run cannot ask anyone. Either',
    '# - a saved sign-in: run `npx m365-impressions login` once, as the user whose crontab this is; runs',
    '#   refresh it silently until the refresh token ends, then exit 3 saying to run login again. A cron',
    '#   job cannot reach a desktop keyring: on Linux that is login --allow-unencrypted-cache (mind its risk); or',
    `# - an app registration, its credentials kept out of the crontab in ~/${ENV_FILE} (chmod 600):`,
    `#   export ${APP_VARS[0]}=... ; export ${APP_VARS[1]}=... ; export ${APP_VARS[2]}=...`,
    '#   (or AZURE_CLIENT_CERTIFICATE_PATH=/path/to/cert.pem instead of the secret). App credentials win.',
    `# ${PERMISSIONS}`,
    `# ${NO_SECRETS}`,
    ...(input.posixNode ? [] : ['# cron\'s PATH is short (/usr/bin:/bin): if npx is elsewhere (nvm), write its full path.']),
    ...(hasLog(input.args) ? [] : ['# Add --log <file> for a JSON-lines log of each run.']),
    '# Install: crontab -e, then paste these lines.',
    line
  ].join('\n');
}

/** The task's trigger: weekly on Monday from a Monday at 06:00, or every day from one at 07:00. */
function windowsTrigger(daily: boolean | undefined): string[] {
  const schedule = daily
    ? ['      <ScheduleByDay>', '        <DaysInterval>1</DaysInterval>', '      </ScheduleByDay>']
    : ['      <ScheduleByWeek>', '        <DaysOfWeek>', '          <Monday />', '        </DaysOfWeek>', '        <WeeksInterval>1</WeeksInterval>', '      </ScheduleByWeek>'];
  return [
    '    <CalendarTrigger>',
    `      <StartBoundary>${daily ? WINDOWS_DAILY_START : WINDOWS_START}</StartBoundary>`,
    '      <Enabled>true</Enabled>',
    ...schedule,
    '    </CalendarTrigger>'
  ];
}

/** An importable Task Scheduler task: weekly, Monday 06:00 (daily: every day at 07:00), node.exe starting the CLI in the clone. */
export function windowsTask(input: IScheduleInput): string {
  const dir = input.windowsDir ?? WINDOWS_DIR;
  const node = input.windowsNode ?? 'node.exe';
  const args = ['bin\\m365-impressions.js', ...input.args].map(windowsWord).join(' ');
  const description = [
    `M365 Impressions: ${input.title}, ${timing(input).words}.`,
    ...lines(input.notes),
    'Sign-in: the task has no one to ask. Either a saved sign-in: signed in as the account the task runs as, run "npx m365-impressions login" once in the clone; runs refresh it silently until the refresh token ends, then exit 3 saying to run login again. Or an app registration: ' +
      `set ${APP_VARS.join(', ')} (or AZURE_CLIENT_CERTIFICATE_PATH, a PEM only this account can read, instead of the secret) as that account's environment variables (System Properties, Environment Variables); app credentials win.`,
    PERMISSIONS,
    'Never put a token or a secret in the task.'
  ].join('\n');
  return [
    '<?xml version="1.0"?>',
    xmlComment(`M365 Impressions: ${input.title}. Import: Task Scheduler, Action, Import Task; or schtasks /Create /TN "M365 Impressions" /XML this-file.xml /RU account.`),
    ...lines(input.notes).map(xmlComment),
    xmlComment('Sign-in: see the Description. The task runs whether its account is signed in or not, so importing asks for its password.'),
    '<Task version="1.2" xmlns="http://schemas.microsoft.com/windows/2004/02/mit/task">',
    '  <RegistrationInfo>',
    `    <Description>${xmlText(description)}</Description>`,
    '  </RegistrationInfo>',
    '  <Triggers>',
    ...windowsTrigger(input.daily),
    '  </Triggers>',
    '  <Principals>',
    '    <Principal id="Author">',
    '      <LogonType>Password</LogonType>',
    '      <RunLevel>LeastPrivilege</RunLevel>',
    '    </Principal>',
    '  </Principals>',
    '  <Settings>',
    '    <MultipleInstancesPolicy>IgnoreNew</MultipleInstancesPolicy>',
    '    <DisallowStartIfOnBatteries>false</DisallowStartIfOnBatteries>',
    '    <StopIfGoingOnBatteries>false</StopIfGoingOnBatteries>',
    '    <StartWhenAvailable>true</StartWhenAvailable>',
    '    <RunOnlyIfNetworkAvailable>true</RunOnlyIfNetworkAvailable>',
    '    <ExecutionTimeLimit>PT4H</ExecutionTimeLimit>',
    '    <Enabled>true</Enabled>',
    '  </Settings>',
    '  <Actions Context="Author">',
    '    <Exec>',
    `      <Command>${xmlText(node)}</Command>`,
    `      <Arguments>${xmlText(args)}</Arguments>`,
    `      <WorkingDirectory>${xmlText(dir)}</WorkingDirectory>`,
    '    </Exec>',
    '  </Actions>',
    '</Task>'
  ].join('\n');
}

/** The block of globs an artifact step keeps, indented. */
const globBlock = (args: readonly string[], indent: string): string[] => {
  const outputs = outputsOf(args);
  return (outputs.length ? outputs : ['*.xlsx']).map(o => `${indent}${o}`);
};

/** A GitHub Actions workflow: weekly, Monday 06:00 UTC (daily: every day at 07:00 UTC), and by hand, the files kept as the run's artifact. */
export function githubWorkflow(input: IScheduleInput): string {
  const when = timing(input);
  return [
    `# M365 Impressions: ${input.title}, ${when.words} UTC, and by hand (Run workflow).`,
    '# Save it as .github/workflows/m365-impressions.yml in your copy of the M365 Impressions repository.',
    ...lines(input.notes).map(n => `# ${n}`),
    '# Sign-in: a workflow has no one to ask and keeps nothing between runs (so no saved login): the run',
    '# signs in as an app registration whose credentials are repository secrets (Settings, Secrets and',
    `# variables, Actions): ${APP_VARS.join(', ')}.`,
    `# ${PERMISSIONS}`,
    `# ${NO_SECRETS}`,
    `name: ${yamlText(`M365 Impressions: ${input.title}`)}`,
    'on:',
    '  schedule:',
    `    - cron: '${when.cron}'`,
    '  workflow_dispatch:',
    'permissions:',
    '  contents: read',
    'jobs:',
    '  run:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    '      - uses: actions/checkout@v4',
    '      - uses: actions/setup-node@v4',
    '        with:',
    `          node-version: ${NODE_MAJOR}`,
    '          cache: npm',
    '      - run: npm ci',
    `      - name: ${yamlText(input.title)}`,
    '        shell: bash',
    '        run: |',
    `          ${npxLine(input.args)}`,
    '        env:',
    ...APP_VARS.map(v => `          ${v}: \${{ secrets.${v} }}`),
    '      - uses: actions/upload-artifact@v4',
    '        if: always()',
    '        with:',
    '          name: m365-impressions',
    '          if-no-files-found: warn',
    '          path: |',
    ...globBlock(input.args, '            ')
  ].join('\n');
}

/** An Azure Pipelines pipeline: weekly, Monday 06:00 UTC (daily: every day at 07:00 UTC) on main, the files published as the run's artifact. */
export function azurePipeline(input: IScheduleInput): string {
  const when = timing(input);
  return [
    `# M365 Impressions: ${input.title}, ${when.words} UTC (on main, changed or not).`,
    '# Save it as azure-pipelines.yml in your copy of the M365 Impressions repository and create a pipeline from it.',
    ...lines(input.notes).map(n => `# ${n}`),
    '# Sign-in: a pipeline has no one to ask and keeps nothing between runs (so no saved login): the run',
    '# signs in as an app registration whose credentials are secret variables of the pipeline (Edit,',
    `# Variables, Keep this value secret): ${APP_VARS.join(', ')}.`,
    '# A secret variable reaches the script only through env, as below.',
    `# ${PERMISSIONS}`,
    `# ${NO_SECRETS}`,
    'trigger: none',
    'pr: none',
    'schedules:',
    `  - cron: '${when.cron}'`,
    `    displayName: ${yamlText(`${input.title}, ${when.words} UTC`)}`,
    '    branches:',
    '      include:',
    '        - main',
    '    always: true',
    'pool:',
    '  vmImage: ubuntu-latest',
    'steps:',
    '  - checkout: self',
    '  - task: NodeTool@0',
    '    inputs:',
    `      versionSpec: '${NODE_MAJOR}.x'`,
    `    displayName: 'Node ${NODE_MAJOR}'`,
    '  - bash: npm ci',
    '    displayName: npm ci',
    '  - bash: |',
    `      ${npxLine(input.args)}`,
    `    displayName: ${yamlText(input.title)}`,
    '    env:',
    ...APP_VARS.map(v => `      ${v}: $(${v})`),
    '  - task: CopyFiles@2',
    '    condition: always()',
    '    inputs:',
    '      contents: |',
    ...globBlock(input.args, '        '),
    '      targetFolder: $(Build.ArtifactStagingDirectory)',
    '  - publish: $(Build.ArtifactStagingDirectory)',
    '    artifact: m365-impressions',
    '    condition: always()'
  ].join('\n');
}

/** One artifact by kind. */
export function scheduleArtifact(kind: ScheduleKind, input: IScheduleInput): string {
  switch (kind) {
    case 'cron': return cronEntry(input);
    case 'windows': return windowsTask(input);
    case 'github': return githubWorkflow(input);
    case 'azure': return azurePipeline(input);
  }
}

/** The command and every schedule of it: what "Generate script" shows. */
export function runScript(input: IScheduleInput): IRunScript {
  const command = [...lines(input.notes).map(n => `# ${n}`), npxLine(input.args)].join('\n');
  return { command, cron: cronEntry(input), windows: windowsTask(input), github: githubWorkflow(input), azure: azurePipeline(input) };
}

/** `--graph-url <url>` when the endpoint is not Graph's global one (a national cloud, a proxy). */
export function graphUrlArgs(graphUrl: string | undefined): string[] {
  const url = (graphUrl ?? DEFAULT_GRAPH_URL).replace(/\/+$/, '');
  return url === DEFAULT_GRAPH_URL ? [] : ['--graph-url', url];
}

/** A day's flags: a date as is, days back kept relative. */
function dayArgs(day: { date: string } | { daysBack: number }, dateFlag: string, backFlag: string): string[] {
  return 'daysBack' in day ? [backFlag, String(day.daysBack)] : [dateFlag, day.date];
}

/** The report command's flags for an ask, relative days kept relative (`--days-back`, `--from-days-back`). */
export function reportAskArgs(ask: ReportAsk): string[] {
  switch (ask.by) {
    case 'none': return [];
    case 'period': return ['--period', ask.period];
    case 'day': return dayArgs(ask.day, '--date', '--days-back');
    case 'range': return [...dayArgs(ask.from, '--from', '--from-days-back'), ...dayArgs(ask.to, '--to', '--to-days-back')];
  }
}

/**
 * The name "Export report" gives (`m365-report-<fn>[-<param>]-<today>.xlsx`), with `{today}` for the day it
 * runs and `{param}` where a day is relative (the CLI writes the day it read); fixed parameters as they are.
 */
export function reportOutName(entry: IReportEntry, ask: ReportAsk): string {
  let param: string | undefined;
  if (ask.by === 'period') param = ask.period;
  else if (ask.by === 'day') param = 'date' in ask.day ? ask.day.date : '{param}';
  else if (ask.by === 'range') param = 'date' in ask.from && 'date' in ask.to ? `${ask.from.date}_to_${ask.to.date}` : '{param}';
  const part = param === undefined ? '' : param === '{param}' ? '-{param}' : `-${safeFileNamePart(param)}`;
  return `m365-report-${safeFileNamePart(entry.fn, 'report')}${part}-{today}.xlsx`;
}

/** "Generate script" of a report in the explorer: its parameters as the explorer holds them, the file named as its export. */
export function reportScript(entry: IReportEntry, ask: ReportAsk, graphUrl?: string): IRunScript {
  return runScript({
    args: ['report', entry.fn, ...reportAskArgs(ask), ...graphUrlArgs(graphUrl), '--out', reportOutName(entry, ask)],
    title: `Report ${entry.fn}`
  });
}
