// `schedule --print <kind> <command...>`, in process with a fixed clock: it checks the command as the run
// will, refuses a token in it, and prints the artifact on stdout with paths made absolute where the job
// runs on this machine. Nothing is signed in or read.
import * as path from 'path';
import { run } from '../../../src/cli/main';
import { parseArgs } from '../../../src/cli/args';
import { scheduleInput } from '../../../src/cli/commands/schedule';
import { shellWord } from '../../../src/core/export';
import { parseXml, parseYaml, xmlAt } from '../export/artifactParsers';

const NOW = new Date('2026-11-27T10:00:00Z');
const CWD = path.resolve('/tmp/m365i-schedule-cwd');

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run({ argv, env: {}, stdout: { write: t => { stdout += t; } }, stderr: { write: t => { stderr += t; } }, stdinIsTTY: false, cwd: CWD, now: () => NOW });
  return { code, stdout, stderr };
}

describe('schedule --print', () => {
  it('cron: this machine\'s clone and node, --out and --log made absolute, the command as given', async () => {
    const r = await cli(['schedule', '--print', 'cron', 'report', 'getEmailActivityUserDetail', '--from-days-back', '8', '--to-days-back', '2', '--out', 'email-{param}.xlsx', '--log=logs/run-{today}.jsonl']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const line = r.stdout.trimEnd().split('\n').pop() ?? '';
    const root = path.resolve(__dirname, '..', '..', '..');
    expect(line).toBe(
      `0 6 * * 1 cd ${shellWord(root)} && { [ ! -f "$HOME/.m365-impressions.env" ] || . "$HOME/.m365-impressions.env"; } && ${shellWord(process.execPath)} bin/m365-impressions.js ` +
      `report getEmailActivityUserDetail --from-days-back 8 --to-days-back 2 --out '${CWD}/email-{param}.xlsx' '--log=${CWD}/logs/run-{today}.jsonl'`
    );
  });

  it('windows, github, azure: an importable task and two pipelines, parsed back', async () => {
    const windows = await cli(['schedule', '--print=windows', 'users', '--mfa-not-enforced', '--out', 'users-{today}.xlsx']);
    expect(windows.code).toBe(0);
    const task = parseXml(windows.stdout);
    expect(xmlAt(task, ['Actions', 'Exec', 'Arguments'])?.text).toMatch(/^bin\\m365-impressions\.js users --mfa-not-enforced --out \S*users-\{today\}\.xlsx$/);
    const github = await cli(['schedule', '--print', 'GitHub', '--', 'users', '--out', 'users-{today}.xlsx']);
    expect(github.code).toBe(0);
    const wf = parseYaml(github.stdout) as Record<string, unknown>;
    expect(wf.name).toBe('M365 Impressions: m365-impressions users');
    // In a pipeline the paths stay relative to its workspace.
    expect(github.stdout).toContain("npx m365-impressions users --out 'users-{today}.xlsx'");
    const azure = await cli(['schedule', '--print', 'azure', 'impression', '--user', 'ann@contoso.com', '--out', 'ann-{today}.xlsx']);
    expect(azure.code).toBe(0);
    expect((parseYaml(azure.stdout) as Record<string, unknown>).trigger).toBe('none');
    expect(azure.stdout).toContain("npx m365-impressions impression --user ann@contoso.com --out 'ann-{today}.xlsx'");
  });

  it('refuses a token, a bad command or kind, and a day Graph would refuse, before printing anything (exit 2)', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--print', 'cron', 'users', '--out', 'u.xlsx', '--token', 'abcdefgh12345'], /must not carry --token/],
      [['--print', 'cron', 'users', '--out', 'u.xlsx', '--token=abcdefgh12345'], /must not carry --token/],
      [['--print', 'launchd', 'users', '--out', 'u.xlsx'], /--print takes cron, windows, github, azure, not "launchd"/],
      [['users', '--out', 'u.xlsx'], /schedule needs --print cron\|windows\|github\|azure/],
      [['--print', 'cron'], /schedule needs the command to schedule/],
      [['--print', 'cron', 'login'], /schedule takes a command to run/],
      [['--print', 'cron', 'schedule', '--print', 'cron', 'users'], /schedule takes a command to run/],
      [['--print', 'cron', 'users', '--out', 'u.xlsx', '--colums', 'a'], /Unknown option --colums/],
      [['--print', 'cron', 'users', '--out', 'u.xlsx', '--columns', 'nope'], /"nope" is not a column/],
      [['--print', 'cron', 'report', 'getEmailActivityUserDetail', '--days-back', '40', '--out', 'x.xlsx'], /more than 30 days ago/],
      [['--print', 'cron', 'report', 'getEmailActivityUserDetail', '--days-back', '4'], /needs --out/],
      [['--print', 'cron', 'users', '--out', 'u-{date}.xlsx'], /not a placeholder/]
    ];
    for (const [a, message] of cases) {
      const r = await cli(['schedule', ...a]);
      expect({ a, code: r.code }).toEqual({ a, code: 2 });
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toContain('abcdefgh12345');
    }
  });

  it('warns of a fixed day, which Graph will refuse within 30 days, and of a name every run overwrites', async () => {
    const r = await cli(['schedule', '--print', 'cron', 'report', 'getEmailActivityUserDetail', '--date', '2026-11-20', '--out', 'email.xlsx']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Warning: 2026-11-20 is a fixed day: .*--days-back/);
    expect(r.stderr).toMatch(/Warning: --out names the same file every run/);
  });

  it('makes paths absolute only where the job runs on this machine', () => {
    const line = ['users', '--out', 'a.xlsx'];
    const here = { cwd: '/work', dir: '/opt/m365', node: '/usr/bin/node', platform: 'linux' };
    expect(scheduleInput('cron', line, parseArgs(line), here)).toMatchObject({ args: ['users', '--out', '/work/a.xlsx'], posixDir: '/opt/m365', posixNode: '/usr/bin/node' });
    expect(scheduleInput('windows', line, parseArgs(line), here)).toEqual({ args: line, title: 'm365-impressions users' });
    const win = { cwd: 'C:\\Users\\ann', dir: 'C:\\m365', node: 'C:\\node\\node.exe', platform: 'win32' };
    expect(scheduleInput('windows', line, parseArgs(line), win)).toMatchObject({ args: ['users', '--out', 'C:\\Users\\ann\\a.xlsx'], windowsDir: 'C:\\m365', windowsNode: 'C:\\node\\node.exe' });
    expect(scheduleInput('github', line, parseArgs(line), here).args).toEqual(line);
  });

  it('makes --cache absolute as --out is, and says a hosted agent keeps no folder between runs', async () => {
    const here = { cwd: '/work', dir: '/opt/m365', node: '/usr/bin/node', platform: 'linux' };
    const line = ['users', '--out', 'a-{today}.xlsx', '--cache', 'kept'];
    expect(scheduleInput('cron', line, parseArgs(line), here).args).toEqual(['users', '--out', '/work/a-{today}.xlsx', '--cache', '/work/kept']);
    const joined = ['users', '--out=a.xlsx', '--cache=kept'];
    expect(scheduleInput('cron', joined, parseArgs(joined), here).args).toEqual(['users', '--out=/work/a.xlsx', '--cache=/work/kept']);
    expect(scheduleInput('github', line, parseArgs(line), here).args).toEqual(line);
    const cron = await cli(['schedule', '--print', 'cron', 'users', '--out', 'users-{today}.xlsx', '--cache', 'kept']);
    expect(cron.code).toBe(0);
    expect(cron.stdout).toContain(`--cache ${CWD}/kept`);
    expect(cron.stderr).not.toMatch(/Warning/);
    const github = await cli(['schedule', '--print', 'github', 'users', '--out', 'users-{today}.xlsx', '--cache', 'kept']);
    expect(github.code).toBe(0);
    expect(github.stderr).toMatch(/Warning: --cache keeps the user list only where its folder outlives the run/);
  });
});

// Issue 17: the daily snapshot and the visitors' dashboard, scheduled every day at 07:00 and checked as their runs
// check --site / --to (exactly one), with what a run writing the site's list needs said above the command.
describe('schedule --print snapshot and dashboard', () => {
  const SITE = 'https://contoso.sharepoint.com/sites/it';
  const last = (text: string): string => text.trimEnd().split('\n').pop() ?? '';

  it('cron snapshot --site: every day at 07:00, the SharePoint sign-in and the list\'s permissions said', async () => {
    const r = await cli(['schedule', '--print', 'cron', 'snapshot', '--site', `${SITE}/`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // The command as given: the run normalises the site itself.
    expect(last(r.stdout)).toMatch(new RegExp(`^0 7 \\* \\* \\* cd .* bin/m365-impressions\\.js snapshot --site ${SITE}/$`));
    expect(r.stdout).toMatch(/^# M365 Impressions: m365-impressions daily snapshot\. Every day at 07:00/);
    expect(r.stdout).toMatch(/^# .*"M365 Impressions history" .*signs in to SharePoint as well as Graph\.$/m);
    expect(r.stdout).toMatch(/^# SharePoint permissions: .*AllSites\.Write.*Sites\.Selected.*certificate/m);
  });

  it('cron snapshot --to: the file made absolute as --out is, no SharePoint sign-in to explain', async () => {
    const r = await cli(['schedule', '--print', 'cron', 'snapshot', '--to', 'history.jsonl']);
    expect(r.code).toBe(0);
    expect(last(r.stdout)).toMatch(new RegExp(`snapshot --to ${CWD}/history\\.jsonl$`));
    expect(r.stdout).toMatch(/appends to the JSON-lines file --to names/);
    expect(r.stdout).not.toMatch(/SharePoint permissions|signs in to SharePoint/);
    // report's --to is a day, never a path.
    const here = { cwd: '/work', dir: '/opt/m365', node: '/usr/bin/node', platform: 'linux' };
    const report = ['report', 'getEmailActivityUserDetail', '--from', '2026-11-01', '--to', '2026-11-05', '--out', 'e.xlsx'];
    expect(scheduleInput('cron', report, parseArgs(report), here).args).toEqual([...report.slice(0, -1), '/work/e.xlsx']);
    const joined = ['snapshot', '--to=h.jsonl'];
    expect(scheduleInput('cron', joined, parseArgs(joined), here)).toMatchObject({ args: ['snapshot', '--to=/work/h.jsonl'], daily: true });
  });

  it('windows, github, azure dashboard --site: daily triggers, parsed back, with the dashboard\'s notes', async () => {
    const windows = await cli(['schedule', '--print', 'windows', 'dashboard', '--site', SITE]);
    expect(windows.code).toBe(0);
    const task = parseXml(windows.stdout);
    expect(xmlAt(task, ['Triggers', 'CalendarTrigger', 'ScheduleByDay', 'DaysInterval'])?.text).toBe('1');
    expect(xmlAt(task, ['Triggers', 'CalendarTrigger', 'StartBoundary'])?.text).toBe('2024-01-01T07:00:00');
    expect(xmlAt(task, ['Actions', 'Exec', 'Arguments'])?.text).toBe(`bin\\m365-impressions.js dashboard --site ${SITE}`);
    expect(xmlAt(task, ['RegistrationInfo', 'Description'])?.text).toMatch(/^M365 Impressions: m365-impressions dashboard for visitors, every day at 07:00\.\ndashboard publishes the usage overview for visitors/);
    const github = await cli(['schedule', '--print', 'github', 'dashboard', '--site', SITE]);
    expect(github.code).toBe(0);
    expect(github.stderr).toBe('');
    expect(((parseYaml(github.stdout) as Record<string, unknown>).on as { schedule: Array<{ cron: string }> }).schedule[0]?.cron).toBe('0 7 * * *');
    expect(github.stdout).toMatch(/^# .*signs in to SharePoint as well as Graph\.$/m);
    const azure = await cli(['schedule', '--print', 'azure', 'snapshot', '--site', SITE]);
    expect(azure.code).toBe(0);
    expect(((parseYaml(azure.stdout) as Record<string, unknown>).schedules as Array<{ cron: string }>)[0]?.cron).toBe('0 7 * * *');
    expect(azure.stdout).toContain(`npx m365-impressions snapshot --site ${SITE}`);
  });

  it('warns that a hosted agent keeps no --to file between runs, and keeps it as the run\'s artifact', async () => {
    const r = await cli(['schedule', '--print', 'github', 'snapshot', '--to', 'history.jsonl']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/Warning: --to writes a file where the run is: a hosted agent starts empty each run/);
    expect(r.stdout).toContain('npx m365-impressions snapshot --to history.jsonl');
    expect(r.stdout).toMatch(/path: \|\n\s+history\.jsonl\n$/);
  });

  it('refuses what the run would refuse (no --site or --to, both, not a site, not a JSON-lines file, a token), before printing (exit 2)', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['snapshot'], /Where is the history kept\? Give --site/],
      [['snapshot', '--site', SITE, '--to', 'history.jsonl'], /not both/],
      [['snapshot', '--to', 'history.csv'], /--to takes a JSON-lines file/],
      [['snapshot', '--site', 'contoso'], /is not a URL/],
      [['snapshot', '--site', `${SITE}/SitePages/Home.aspx`], /not a page or a library/],
      [['dashboard'], /dashboard needs --site/],
      [['dashboard', '--site', SITE, '--to', 'd.jsonl'], /not both/],
      [['dashboard', '--site', SITE, '--token', 'abcdefgh12345'], /must not carry --token/],
      [['snapshot', '--site', SITE, '--out', 'x.xlsx'], /--out does not apply to "snapshot"/]
    ];
    for (const [a, message] of cases) {
      const r = await cli(['schedule', '--print', 'cron', ...a]);
      expect({ a, code: r.code }).toEqual({ a, code: 2 });
      expect(r.stderr).toMatch(message);
      expect(r.stdout).toBe('');
    }
  });
});
