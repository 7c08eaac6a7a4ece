// The report command's parameters, checked as the explorer checks them, against a given today (Graph's UTC
// day): never the machine's clock. Everything here happens before any request.
import { parseArgs } from '../../../src/cli/args';
import { checkReportArgs, reportAsk } from '../../../src/cli/commands/report';
import { usersColumnsArg } from '../../../src/cli/commands/users';
import { CliError, UsageError } from '../../../src/cli/errors';
import { fillOutName } from '../../../src/cli/output';

const TODAY = '2026-11-27';
const args = (...a: string[]) => parseArgs(['report', 'getEmailActivityUserDetail', ...a, '--out', 'x.xlsx']);
const check = (...a: string[]) => {
  const p = args(...a);
  return checkReportArgs(p.positionals[0], p.values, TODAY);
};
const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError); // exit 2, the usage text after it
    return (e as Error).message;
  }
  throw new Error('not refused');
};

describe('report parameters on the command line', () => {
  it('takes every parameter the explorer offers: period, a date, days back, and a range of dates or days back', () => {
    expect(check('--period', 'd7').plan).toEqual({ single: true, param: { period: 'D7' } });
    expect(check('--date', '2026-11-20').plan).toEqual({ single: true, param: { date: '2026-11-20' } });
    expect(check('--days-back', '2').plan).toEqual({ single: true, param: { date: '2026-11-25' } });
    expect(check('--days-back', '0').plan).toEqual({ single: true, param: { date: '2026-11-27' } });
    const days = ['2026-11-20', '2026-11-21', '2026-11-22'];
    expect(check('--from', '2026-11-20', '--to', '2026-11-22').plan).toEqual({ single: false, dates: days });
    expect(check('--from-days-back', '7', '--to-days-back', '5').plan).toEqual({ single: false, dates: days });
    expect(check('--from', '2026-11-20', '--to-days-back', '5').plan).toEqual({ single: false, dates: days });
    expect(check('--from-days-back=7', '--to=2026-11-22').plan).toEqual({ single: false, dates: days });
    // Relative stays relative in the ask (a schedule keeps it so).
    expect(reportAsk(args('--from-days-back', '10', '--to-days-back', '5').values)).toEqual({ by: 'range', from: { daysBack: 10 }, to: { daysBack: 5 } });
  });

  it('refuses Graph\'s window, an end before the start and mixed ways, with the reason', () => {
    expect(refusal(() => check('--days-back', '31'))).toMatch(/2026-10-27 is more than 30 days ago; Graph keeps daily report data only for the last 30 days/);
    expect(refusal(() => check('--date', '2026-10-27'))).toMatch(/more than 30 days ago/);
    expect(refusal(() => check('--from-days-back', '40', '--to-days-back', '1'))).toMatch(/^Start date: 2026-10-18 is more than 30 days ago/);
    expect(refusal(() => check('--from-days-back', '1', '--to', '2026-11-28'))).toMatch(/^End date: 2026-11-28 is in the future/);
    expect(refusal(() => check('--from-days-back', '5', '--to-days-back', '10'))).toBe('The start date 2026-11-22 is after the end date 2026-11-17.');
    expect(refusal(() => check('--from', '2026-11-20'))).toMatch(/A range needs its end too/);
    expect(refusal(() => check('--to-days-back', '2'))).toMatch(/A range needs its start too/);
    expect(refusal(() => check('--date', '2026-11-20', '--days-back', '2'))).toMatch(/Give --date or --days-back, not both/);
    expect(refusal(() => check('--from', '2026-11-20', '--from-days-back', '2', '--to-days-back', '1'))).toMatch(/not both/);
    expect(refusal(() => check('--period', 'D7', '--date', '2026-11-20'))).toBe('Give --period or --date, not both.');
    expect(refusal(() => check('--period', 'D7', '--days-back', '2'))).toBe('Give --period or --days-back, not both.');
    expect(refusal(() => check('--days-back', '2', '--from-days-back', '4', '--to-days-back', '2'))).toMatch(/^Give --days-back or a range \(--from \.\.\. --to \.\.\.\), not both\.$/);
    expect(refusal(() => check('--period', 'D7', '--days-back', '2', '--from-days-back', '4', '--to-days-back', '2'))).toMatch(/^Give one of .*, not --period, --days-back, a range/);
    expect(refusal(() => check('--days-back', 'two'))).toMatch(/--days-back takes a whole number of days/);
    expect(refusal(() => check('--days-back', '-1'))).toMatch(/--days-back needs a value|whole number/);
  });

  it('refuses a range of a report that is not read by day, and a day for a period-only report', () => {
    const trend = (...a: string[]) => {
      const p = parseArgs(['report', 'getEmailActivityCounts', ...a]);
      return checkReportArgs(p.positionals[0], p.values, TODAY);
    };
    expect(refusal(() => trend('--from-days-back', '3', '--to-days-back', '1'))).toMatch(/getEmailActivityCounts cannot be read as a date range/);
    expect(refusal(() => trend('--days-back', '3'))).toMatch(/does not take a date/);
    // An unknown function is exit 4, with the closest names.
    const p = parseArgs(['report', 'getEmailActivityUserDetial', '--days-back', '2']);
    expect(() => checkReportArgs(p.positionals[0], p.values, TODAY)).toThrow(CliError);
  });

  it('takes the new flags only for report', () => {
    expect(() => parseArgs(['users', '--days-back', '2', '--out', 'x.xlsx'])).toThrow(/--days-back does not apply to "users"/);
  });
});

describe('--out placeholders', () => {
  it('fills {today} and, for report, {param} as the web part names its exports', () => {
    expect(fillOutName('m365-report-getX-{param}-{today}.xlsx', { today: '2026-11-27', param: '2026-11-20_to_2026-11-22' })).toBe('m365-report-getX-2026-11-20_to_2026-11-22-2026-11-27.xlsx');
    expect(fillOutName('m365-report-getX-{param}-{today}.xlsx', { today: '2026-11-27', param: null })).toBe('m365-report-getX-2026-11-27.xlsx');
    expect(fillOutName('users-{today}.xlsx', { today: '2026-11-27' })).toBe('users-2026-11-27.xlsx');
    expect(fillOutName('plain.xlsx', { today: '2026-11-27' })).toBe('plain.xlsx');
    expect(fillOutName(undefined, { today: '2026-11-27' })).toBeUndefined();
    expect(() => fillOutName('users-{param}.xlsx', { today: '2026-11-27' })).toThrow(/\{param\} is for report only/);
    expect(() => fillOutName('users-{date}.xlsx', { today: '2026-11-27' })).toThrow(/holds \{date\}, which is not a placeholder/);
  });
});

describe('users --columns', () => {
  it('takes column keys in order, any case, and refuses an unknown one', () => {
    expect(usersColumnsArg('userPrincipalName, displayname,mfaEnforcedBy')?.map(c => c.key)).toEqual(['userPrincipalName', 'displayName', 'mfaEnforcedBy']);
    expect(usersColumnsArg(undefined)).toBeUndefined();
    expect(() => usersColumnsArg('displayName,nope')).toThrow(/"nope" is not a column; use displayName, userPrincipalName/);
    expect(() => usersColumnsArg(' , ')).toThrow(/at least one column/);
  });
});
