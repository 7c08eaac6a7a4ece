// "Generate script" and `schedule --print`: each artifact's shape (a crontab entry, a well-formed Task
// Scheduler task, a GitHub Actions workflow, an Azure Pipelines pipeline), no secret in any, and the
// command lines the Users view and the report explorer give, read back by the CLI's own parser.
import { parseArgs } from '../../../src/cli/args';
import { reportAsk } from '../../../src/cli/commands/report';
import { usersColumnsArg, usersFilters } from '../../../src/cli/commands/users';
import { usersScript, usersScriptArgs } from '../../../src/core/directory';
import type { IUserFilters } from '../../../src/core/directory';
import { reportOutName, reportScript, runScript, scheduleArtifact, shellWord, windowsWord } from '../../../src/core/export';
import type { IScheduleInput } from '../../../src/core/export';
import { requireReport } from '../../../src/core/reports';
import type { ReportAsk } from '../../../src/core/reports';
import { parseXml, parseYaml, xmlAt } from './artifactParsers';
import type { Yaml } from './artifactParsers';

const input: IScheduleInput = {
  args: ['users', '--mfa-not-enforced', '--columns', 'displayName,mfaEnforcedBy', '--out', "o'brien-{today}.xlsx", '--log', 'runs.jsonl'],
  title: 'Users view',
  notes: ['Not carried over: the search "ann".']
};
// A value where a placeholder (...) or a reference should be.
const SECRETS = /Bearer|eyJ|AZURE_CLIENT_SECRET=(?!\.\.\.)\S|password=/i;
const get = (y: Yaml, ...path: Array<string | number>): Yaml => path.reduce<Yaml>((v, k) => (v as Record<string, Yaml>)?.[k as string] ?? null, y);

describe('quoting', () => {
  it('quotes a POSIX word only when it must, and any quote in it', () => {
    expect(shellWord('--out')).toBe('--out');
    expect(shellWord('a@b.com')).toBe('a@b.com');
    expect(shellWord("o'brien")).toBe(`'o'\\''brien'`);
    expect(shellWord('users-{today}.xlsx')).toBe(`'users-{today}.xlsx'`);
    expect(shellWord('a b$c')).toBe(`'a b$c'`);
    expect(shellWord('')).toBe(`''`);
  });

  it('quotes a Windows word as CommandLineToArgvW reads it back', () => {
    expect(windowsWord('plain')).toBe('plain');
    expect(windowsWord('a b')).toBe('"a b"');
    expect(windowsWord('say "hi"')).toBe('"say \\"hi\\""');
    expect(windowsWord('C:\\dir with space\\')).toBe('"C:\\dir with space\\\\"');
    expect(windowsWord('a\\"b')).toBe('"a\\\\\\"b"');
    expect(windowsWord('')).toBe('""');
    // cmd.exe never reads it (Task Scheduler starts node.exe itself): ^ % & stay as they are.
    expect(windowsWord('o^b%x&y')).toBe('o^b%x&y');
  });
});

describe('schedule artifacts', () => {
  it('cron: comments, then one line of five fields that cds to the clone and runs the command', () => {
    const text = scheduleArtifact('cron', { ...input, posixDir: '/srv/m365 impressions', posixNode: '/usr/local/bin/node' });
    const lines = text.split('\n');
    expect(lines.slice(0, -1).every(l => l.startsWith('#'))).toBe(true);
    expect(lines).toContain('# Not carried over: the search "ann".');
    const line = lines[lines.length - 1] ?? '';
    const m = /^(\S+) (\S+) (\S+) (\S+) (\S+) (.*)$/.exec(line);
    expect(m?.slice(1, 6)).toEqual(['0', '6', '*', '*', '1']);
    expect(m?.[6]).toBe(`cd '/srv/m365 impressions' && { [ ! -f "$HOME/.m365-impressions.env" ] || . "$HOME/.m365-impressions.env"; } && /usr/local/bin/node bin/m365-impressions.js users --mfa-not-enforced --columns displayName,mfaEnforcedBy --out 'o'\\''brien-{today}.xlsx' --log runs.jsonl`);
    expect(text).toMatch(/saved sign-in: run `npx m365-impressions login` once/);
    expect(text).toMatch(/AZURE_TENANT_ID=\.\.\. ; export AZURE_CLIENT_ID=\.\.\. ; export AZURE_CLIENT_SECRET=\.\.\./);
    expect(text).not.toMatch(SECRETS);
    // cron reads % as a new line: escaped; without a known node, npx and a word about PATH.
    const npx = scheduleArtifact('cron', { args: ['users', '--out', '100%.xlsx'], title: 't' });
    expect(npx.split('\n').pop()).toMatch(/cd \/path\/to\/m365-impressions && .* && npx m365-impressions users --out 100\\%\.xlsx$/);
    expect(npx).toMatch(/cron's PATH is short/);
    expect(npx).toMatch(/Add --log <file>/);
  });

  it('windows: a well-formed Task Scheduler task, weekly, node.exe in the clone, arguments quoted for it', () => {
    const text = scheduleArtifact('windows', { ...input, args: [...input.args, '--user', 'Ann "A" Lee'], notes: ['a filter named R--D'] });
    const task = parseXml(text);
    expect(task.name).toBe('Task');
    expect(task.attrs.xmlns).toBe('http://schemas.microsoft.com/windows/2004/02/mit/task');
    expect(xmlAt(task, ['Triggers', 'CalendarTrigger', 'ScheduleByWeek', 'DaysOfWeek', 'Monday'])).toBeDefined();
    expect(xmlAt(task, ['Triggers', 'CalendarTrigger', 'StartBoundary'])?.text).toBe('2024-01-01T06:00:00');
    expect(new Date('2024-01-01T06:00:00Z').getUTCDay()).toBe(1); // a Monday
    expect(xmlAt(task, ['Actions', 'Exec', 'Command'])?.text).toBe('node.exe');
    expect(xmlAt(task, ['Actions', 'Exec', 'WorkingDirectory'])?.text).toBe('C:\\m365-impressions');
    expect(xmlAt(task, ['Actions', 'Exec', 'Arguments'])?.text).toBe(
      `bin\\m365-impressions.js users --mfa-not-enforced --columns displayName,mfaEnforcedBy --out o'brien-{today}.xlsx --log runs.jsonl --user "Ann \\"A\\" Lee"`
    );
    expect(xmlAt(task, ['Principals', 'Principal', 'LogonType'])?.text).toBe('Password');
    const description = xmlAt(task, ['RegistrationInfo', 'Description'])?.text ?? '';
    expect(description).toMatch(/^M365 Impressions: Users view, every Monday at 06:00\.\na filter named R--D\nSign-in: /);
    expect(description).toMatch(/npx m365-impressions login/);
    // The note is in a comment too, its dashes spaced out so the XML stays well formed.
    expect(task.comments).toContain('a filter named R- -D');
    expect(text).not.toMatch(SECRETS);
    const here = parseXml(scheduleArtifact('windows', { ...input, windowsDir: 'D:\\tools\\m365 & co', windowsNode: 'C:\\Program Files\\nodejs\\node.exe' }));
    expect(xmlAt(here, ['Actions', 'Exec', 'WorkingDirectory'])?.text).toBe('D:\\tools\\m365 & co');
    expect(xmlAt(here, ['Actions', 'Exec', 'Command'])?.text).toBe('C:\\Program Files\\nodejs\\node.exe');
  });

  it('github: a workflow on a weekly schedule and by hand, secrets only by reference, the files kept', () => {
    const text = scheduleArtifact('github', input);
    const wf = parseYaml(text);
    expect(get(wf, 'name')).toBe('M365 Impressions: Users view');
    expect(get(wf, 'on', 'schedule', 0, 'cron')).toBe('0 6 * * 1');
    expect(Object.keys(get(wf, 'on') as object)).toEqual(['schedule', 'workflow_dispatch']);
    expect(get(wf, 'permissions', 'contents')).toBe('read');
    const steps = get(wf, 'jobs', 'run', 'steps') as Array<Record<string, Yaml>>;
    expect(get(wf, 'jobs', 'run', 'runs-on')).toBe('ubuntu-latest');
    expect(steps.map(s => s.uses ?? s.name ?? s.run)).toEqual(['actions/checkout@v4', 'actions/setup-node@v4', 'npm ci', 'Users view', 'actions/upload-artifact@v4']);
    const run = steps[3] ?? {};
    expect(run.run).toBe(`npx m365-impressions users --mfa-not-enforced --columns displayName,mfaEnforcedBy --out 'o'\\''brien-{today}.xlsx' --log runs.jsonl\n`);
    expect(run.env).toEqual({
      AZURE_TENANT_ID: '${{ secrets.AZURE_TENANT_ID }}',
      AZURE_CLIENT_ID: '${{ secrets.AZURE_CLIENT_ID }}',
      AZURE_CLIENT_SECRET: '${{ secrets.AZURE_CLIENT_SECRET }}'
    });
    expect(get(steps[4] ?? null, 'with', 'path')).toBe("o'brien-*.xlsx\nruns.jsonl\n");
    expect(text).toMatch(/^# Not carried over: the search "ann"\.$/m);
    expect(text).not.toMatch(SECRETS);
  });

  it('azure: a pipeline scheduled on main, secret variables mapped into env, the files published', () => {
    const text = scheduleArtifact('azure', input);
    const p = parseYaml(text);
    expect(get(p, 'trigger')).toBe('none');
    expect(get(p, 'schedules', 0, 'cron')).toBe('0 6 * * 1');
    expect(get(p, 'schedules', 0, 'branches', 'include')).toEqual(['main']);
    expect(get(p, 'schedules', 0, 'always')).toBe(true);
    expect(get(p, 'pool', 'vmImage')).toBe('ubuntu-latest');
    const steps = get(p, 'steps') as Array<Record<string, Yaml>>;
    const run = steps.find(s => s.displayName === 'Users view') ?? {};
    expect(run.bash).toBe(`npx m365-impressions users --mfa-not-enforced --columns displayName,mfaEnforcedBy --out 'o'\\''brien-{today}.xlsx' --log runs.jsonl\n`);
    expect(run.env).toEqual({ AZURE_TENANT_ID: '$(AZURE_TENANT_ID)', AZURE_CLIENT_ID: '$(AZURE_CLIENT_ID)', AZURE_CLIENT_SECRET: '$(AZURE_CLIENT_SECRET)' });
    expect(get(steps.find(s => s.task === 'CopyFiles@2') ?? null, 'inputs', 'contents')).toBe("o'brien-*.xlsx\nruns.jsonl\n");
    expect(steps[steps.length - 1]).toMatchObject({ publish: '$(Build.ArtifactStagingDirectory)', artifact: 'm365-impressions' });
    expect(text).not.toMatch(SECRETS);
  });

  it('the readers themselves refuse what is not well formed (so the checks above can fail)', () => {
    expect(() => parseXml('<Task><A></Task>')).toThrow();
    expect(() => parseXml('<!-- a -- b --><Task/>')).toThrow(/--/);
    expect(() => parseXml('<Task>a & b</Task>')).toThrow(/bare &/);
    expect(() => parseYaml('a:\n   b: 1\n  c: 2')).toThrow();
    expect(() => parseYaml('a:\n\tb: 1')).toThrow(/tab/);
    expect(() => parseYaml("name: 'it's'")).toThrow();
  });
});

describe('"Generate script" of the report explorer', () => {
  const email = requireReport('getEmailActivityUserDetail');
  const cases: Array<[ReportAsk, string[], string]> = [
    [{ by: 'period', period: 'D30' }, ['--period', 'D30'], 'm365-report-getEmailActivityUserDetail-D30-{today}.xlsx'],
    [{ by: 'day', day: { date: '2026-11-20' } }, ['--date', '2026-11-20'], 'm365-report-getEmailActivityUserDetail-2026-11-20-{today}.xlsx'],
    [{ by: 'day', day: { daysBack: 2 } }, ['--days-back', '2'], 'm365-report-getEmailActivityUserDetail-{param}-{today}.xlsx'],
    [{ by: 'range', from: { daysBack: 10 }, to: { daysBack: 5 } }, ['--from-days-back', '10', '--to-days-back', '5'], 'm365-report-getEmailActivityUserDetail-{param}-{today}.xlsx'],
    [{ by: 'range', from: { date: '2026-11-10' }, to: { daysBack: 5 } }, ['--from', '2026-11-10', '--to-days-back', '5'], 'm365-report-getEmailActivityUserDetail-{param}-{today}.xlsx'],
    [{ by: 'range', from: { date: '2026-11-10' }, to: { date: '2026-11-15' } }, ['--from', '2026-11-10', '--to', '2026-11-15'], 'm365-report-getEmailActivityUserDetail-2026-11-10_to_2026-11-15-{today}.xlsx']
  ];

  it.each(cases)('%j: its flags (relative kept relative) and the export\'s name, read back as the same ask', (ask, flags, out) => {
    const s = reportScript(email, ask);
    const expected = ['npx', 'm365-impressions', 'report', 'getEmailActivityUserDetail', ...flags, '--out', out].map(shellWord).join(' ');
    expect(s.command).toBe(expected);
    const parsed = parseArgs(['report', 'getEmailActivityUserDetail', ...flags, '--out', out]);
    expect(reportAsk(parsed.values)).toEqual(ask);
  });

  it('names a report without parameter as its export does, and keeps a national cloud\'s Graph URL', () => {
    const activations = requireReport('getOffice365ActivationCounts');
    expect(reportOutName(activations, { by: 'none' })).toBe('m365-report-getOffice365ActivationCounts-{today}.xlsx');
    expect(reportScript(activations, { by: 'none' }, 'https://graph.microsoft.us/').command).toBe(
      "npx m365-impressions report getOffice365ActivationCounts --graph-url https://graph.microsoft.us --out 'm365-report-getOffice365ActivationCounts-{today}.xlsx'"
    );
    expect(reportScript(activations, { by: 'none' }, 'https://graph.microsoft.com').command).not.toMatch(/graph-url/);
  });
});

describe('"Generate script" of the Users view', () => {
  const script = (filters: IUserFilters, extra: Partial<Parameters<typeof usersScriptArgs>[0]> = {}) =>
    usersScriptArgs({ filters, columns: ['displayName', 'mfaStatus'], tenantName: 'contoso', ...extra });

  it('maps every filter the CLI has onto its flags, read back by the CLI as the same filters', () => {
    const filters: IUserFilters = {
      inM365: true, mfaEnabled: false, inactiveDays: 45, userType: 'Guest', mfaEnforcement: 'notEnforced',
      clicked: true, compromised: true, repeatOffender: true, neverSimulated: true, trainingOverdue: true, trainingIncomplete: true
    };
    const { args, notes } = script(filters);
    expect(notes).toEqual([]);
    const parsed = parseArgs(['users', ...args]);
    expect(usersFilters(parsed.values, parsed.switches)).toEqual(filters);
    expect(usersColumnsArg(parsed.values.get('columns'))?.map(c => c.key)).toEqual(['displayName', 'mfaStatus']);
    expect(parsed.values.get('out')).toBe('m365-users-contoso-{today}-filtered.xlsx');
  });

  it('carries the view\'s "inactive N+ days" and "not enforced and not registered" as the CLI words them', () => {
    const inactive = parseArgs(['users', ...script({ activity: 'inactive90' }).args]);
    expect(usersFilters(inactive.values, inactive.switches)).toEqual({ inactiveDays: 90 });
    const both = parseArgs(['users', ...script({ mfaEnforcement: 'notEnforcedNotRegistered' }).args]);
    expect(usersFilters(both.values, both.switches)).toEqual({ mfaEnabled: false, mfaEnforcement: 'notEnforced' });
  });

  it('says in a comment what the CLI cannot express, the search and the sort, never dropping them silently', () => {
    const s = usersScript({
      filters: { activity: 'active7', accountEnabled: false, products: ['Microsoft 365 E3'], departments: ['Sales', ''], inM365: true },
      columns: ['displayName'], tenantName: 'Contoso Ltd', search: ' ann ', sort: { key: 'lastActivity', descending: true }
    });
    const comments = s.command.split('\n').filter(l => l.startsWith('#'));
    expect(comments).toEqual([
      '# Not carried over, the CLI has no such filter: "Active in the last 7 days"; "Account: Disabled"; products ("Microsoft 365 E3"); departments ("Sales", "(none)"). This writes every user the other filters keep, more than the view shows.',
      '# Not carried over: the search "ann" (the CLI has no search).',
      '# Not carried over: the sort by Last Activity Date (descending); the CLI writes users in directory order.'
    ]);
    expect(s.command.split('\n').pop()).toBe("npx m365-impressions users --licensed yes --columns displayName --out 'm365-users-Contoso-Ltd-{today}-filtered.xlsx'");
    // Every artifact carries them.
    for (const text of [s.cron, s.github, s.azure]) expect(text).toContain('# Not carried over: the search "ann"');
    expect(s.windows).toContain('Not carried over: the search "ann"');
    expect(JSON.stringify(s)).not.toMatch(SECRETS);
  });

  it('a script of the whole list is its columns over every user', () => {
    expect(script({}).args).toEqual(['--columns', 'displayName,mfaStatus', '--out', 'm365-users-contoso-{today}-filtered.xlsx']);
  });

  it('shares one builder with schedule --print', () => {
    const s = runScript(input);
    expect(s.cron).toBe(scheduleArtifact('cron', input));
    expect(s.github).toBe(scheduleArtifact('github', input));
    expect(s.command).toBe(`# Not carried over: the search "ann".\nnpx m365-impressions users --mfa-not-enforced --columns displayName,mfaEnforcedBy --out 'o'\\''brien-{today}.xlsx' --log runs.jsonl`);
  });
});
