// A daily schedule (issue 17: the snapshot and the visitors' dashboard): every artifact runs every day at 07:00,
// says so, and nothing else changes; the weekly default stays as it was. The XML and YAML are parsed back, as the
// other artifact tests do, so a malformed trigger fails here rather than on import.
import { outputsOf, runScript, scheduleArtifact } from '../../../src/core/export';
import type { IScheduleInput } from '../../../src/core/export';
import { parseXml, parseYaml, xmlAt } from './artifactParsers';
import type { Yaml } from './artifactParsers';

const daily: IScheduleInput = {
  args: ['snapshot', '--site', 'https://contoso.sharepoint.com/sites/it'],
  title: 'm365-impressions daily snapshot',
  daily: true,
  notes: ['snapshot keeps today\'s figures.']
};
const weekly: IScheduleInput = { ...daily, daily: undefined };
const get = (y: Yaml, ...path: Array<string | number>): Yaml => path.reduce<Yaml>((v, k) => (v as Record<string, Yaml>)?.[k as string] ?? null, y);
/** The five fields of a crontab entry's last line. */
const cronFields = (text: string): string[] => (text.split('\n').pop() ?? '').split(' ').slice(0, 5);

describe('a daily schedule', () => {
  it('cron: every day at 07:00, said in its first comment', () => {
    const text = scheduleArtifact('cron', daily);
    expect(cronFields(text)).toEqual(['0', '7', '*', '*', '*']);
    expect(text.split('\n')[0]).toBe("# M365 Impressions: m365-impressions daily snapshot. Every day at 07:00, this machine's time (minute hour day month weekday).");
    expect(text).not.toMatch(/Monday/);
    expect(text.split('\n').pop()).toMatch(/ npx m365-impressions snapshot --site https:\/\/contoso\.sharepoint\.com\/sites\/it$/);
  });

  it('windows: a daily calendar trigger from a day at 07:00, no weekly one, the description saying daily', () => {
    const task = parseXml(scheduleArtifact('windows', daily));
    const trigger = xmlAt(task, ['Triggers', 'CalendarTrigger']);
    expect(trigger?.children.map(c => c.name)).toEqual(['StartBoundary', 'Enabled', 'ScheduleByDay']);
    expect(xmlAt(task, ['Triggers', 'CalendarTrigger', 'ScheduleByDay', 'DaysInterval'])?.text).toBe('1');
    expect(xmlAt(task, ['Triggers', 'CalendarTrigger', 'StartBoundary'])?.text).toBe('2024-01-01T07:00:00');
    expect(xmlAt(task, ['Triggers', 'CalendarTrigger', 'ScheduleByWeek'])).toBeUndefined();
    expect(xmlAt(task, ['RegistrationInfo', 'Description'])?.text).toMatch(/^M365 Impressions: m365-impressions daily snapshot, every day at 07:00\.\nsnapshot keeps today's figures\.\n/);
    expect(xmlAt(task, ['Actions', 'Exec', 'Arguments'])?.text).toBe('bin\\m365-impressions.js snapshot --site https://contoso.sharepoint.com/sites/it');
  });

  it('github: a daily cron (UTC) and by hand, the header saying daily', () => {
    const text = scheduleArtifact('github', daily);
    const wf = parseYaml(text);
    expect(get(wf, 'on', 'schedule', 0, 'cron')).toBe('0 7 * * *');
    expect(Object.keys(get(wf, 'on') as object)).toEqual(['schedule', 'workflow_dispatch']);
    expect(text.split('\n')[0]).toBe('# M365 Impressions: m365-impressions daily snapshot, every day at 07:00 UTC, and by hand (Run workflow).');
  });

  it('azure: a daily cron (UTC) on main, its display name saying daily', () => {
    const text = scheduleArtifact('azure', daily);
    const p = parseYaml(text);
    expect(get(p, 'schedules', 0, 'cron')).toBe('0 7 * * *');
    expect(get(p, 'schedules', 0, 'displayName')).toBe('m365-impressions daily snapshot, every day at 07:00 UTC');
    expect(get(p, 'schedules', 0, 'always')).toBe(true);
    expect(text.split('\n')[0]).toBe('# M365 Impressions: m365-impressions daily snapshot, every day at 07:00 UTC (on main, changed or not).');
  });

  it('weekly stays the default: Monday 06:00 everywhere, and daily changes nothing but the time', () => {
    expect(cronFields(scheduleArtifact('cron', weekly))).toEqual(['0', '6', '*', '*', '1']);
    const task = parseXml(scheduleArtifact('windows', weekly));
    expect(xmlAt(task, ['Triggers', 'CalendarTrigger', 'ScheduleByWeek', 'DaysOfWeek', 'Monday'])).toBeDefined();
    expect(xmlAt(task, ['Triggers', 'CalendarTrigger', 'ScheduleByDay'])).toBeUndefined();
    expect(get(parseYaml(scheduleArtifact('github', weekly)), 'on', 'schedule', 0, 'cron')).toBe('0 6 * * 1');
    expect(get(parseYaml(scheduleArtifact('azure', weekly)), 'schedules', 0, 'cron')).toBe('0 6 * * 1');
    // Apart from the trigger and the words for it, the two are the same text.
    const dailyScript = runScript(daily);
    const weeklyScript = runScript(weekly);
    expect(dailyScript.command).toBe(weeklyScript.command);
    const plain = (t: string): string => t
      .replace(/every day at 07:00|every Monday at 06:00/gi, 'WHEN').replace(/0 7 \* \* \*|0 6 \* \* 1/g, 'CRON')
      .replace(/T07:00:00|T06:00:00/, 'T').replace(/<ScheduleByDay>[\s\S]*<\/ScheduleByDay>|<ScheduleByWeek>[\s\S]*<\/ScheduleByWeek>/, 'SCHEDULE');
    for (const k of ['cron', 'windows', 'github', 'azure'] as const) expect(plain(dailyScript[k])).toBe(plain(weeklyScript[k]));
  });

  it('keeps a store\'s JSON-lines file as the run\'s artifact, never report\'s --to day', () => {
    expect(outputsOf(['snapshot', '--to', 'history.jsonl'])).toEqual(['history.jsonl']);
    expect(outputsOf(['dashboard', '--to=out/visitors.jsonl', '--log', 'run-{today}.jsonl'])).toEqual(['out/visitors.jsonl', 'run-*.jsonl']);
    expect(outputsOf(['report', 'getEmailActivityUserDetail', '--from', '2026-11-01', '--to', '2026-11-05', '--out', 'e.xlsx'])).toEqual(['e.xlsx']);
    const wf = parseYaml(scheduleArtifact('github', { args: ['snapshot', '--to', 'history.jsonl'], title: 't', daily: true }));
    const steps = get(wf, 'jobs', 'run', 'steps') as Array<Record<string, Yaml>>;
    expect(get(steps[steps.length - 1] ?? null, 'with', 'path')).toBe('history.jsonl\n');
  });
});
