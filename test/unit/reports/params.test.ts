// Periods, dates and report paths are checked before any (throttled) Graph request.
import {
  MAX_DAYS_BACK,
  REPORT_CATALOG,
  checkReportParam,
  daysBackToDate,
  requireReport,
  parsePeriod,
  planDateRange,
  reportPath,
  validateReportDate
} from '../../../src/core/reports';
import type { ReportParam, ReportPeriod } from '../../../src/core/reports';

const entry = requireReport;

const TODAY = '2026-11-20';

describe('parsePeriod', () => {
  it.each([
    ['D7', 'D7'],
    ['d30', 'D30'],
    [' D90 ', 'D90'],
    ['D180', 'D180'],
    [7, 'D7'],
    [30, 'D30'],
    ['90', 'D90'],
    [180, 'D180']
  ] as Array<[string | number, ReportPeriod]>)('accepts %p as %s', (input, period) => {
    expect(parsePeriod(input)).toEqual({ ok: true, value: period });
  });

  it.each([['D14'], [14], [''], ['7d'], ['D7.5'], [-7], ['period']] as Array<[string | number]>)('refuses %p with a usable message', (input) => {
    const r = parsePeriod(input);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBe(`"${String(input)}" is not a report period; use D7, D30, D90 or D180 (or 7, 30, 90, 180).`);
  });
});

describe('daysBackToDate', () => {
  it('counts back whole days across month and year ends, from text or a Date', () => {
    expect(daysBackToDate(0, TODAY)).toBe('2026-11-20');
    expect(daysBackToDate(1, TODAY)).toBe('2026-11-19');
    expect(daysBackToDate(20, TODAY)).toBe('2026-10-31');
    expect(daysBackToDate(3, '2027-01-02')).toBe('2026-12-30');
    expect(daysBackToDate(1, '2028-03-01')).toBe('2028-02-29');
    // A Date is read in UTC: 23:30 UTC on the 20th is still the 20th.
    expect(daysBackToDate(2, new Date(Date.UTC(2026, 10, 20, 23, 30)))).toBe('2026-11-18');
  });

  it('refuses a negative or fractional count and a bad today', () => {
    expect(() => daysBackToDate(-1, TODAY)).toThrow(RangeError);
    expect(() => daysBackToDate(1.5, TODAY)).toThrow('Days back must be a whole number of 0 or more, not 1.5.');
    expect(() => daysBackToDate(1, '2026-13-01')).toThrow('today must be a YYYY-MM-DD date, not "2026-13-01".');
    expect(() => daysBackToDate(1, new Date(NaN))).toThrow('today is an invalid Date.');
  });
});

describe('validateReportDate', () => {
  it('accepts today back to 30 days ago', () => {
    expect(MAX_DAYS_BACK).toBe(30);
    expect(validateReportDate('2026-11-20', TODAY)).toEqual({ ok: true, value: '2026-11-20' });
    expect(validateReportDate('2026-11-15', TODAY)).toEqual({ ok: true, value: '2026-11-15' });
    expect(validateReportDate(' 2026-10-21 ', TODAY)).toEqual({ ok: true, value: '2026-10-21' });
    expect(validateReportDate('2026-11-19', new Date(Date.UTC(2026, 10, 20, 8)))).toEqual({ ok: true, value: '2026-11-19' });
  });

  it('refuses with a message an admin can act on', () => {
    expect(validateReportDate('2026-10-20', TODAY)).toEqual({
      ok: false,
      error:
        '2026-10-20 is more than 30 days ago; Graph keeps daily report data only for the last 30 days. ' +
        'The earliest date you can ask for today is 2026-10-21.'
    });
    expect(validateReportDate('2026-11-21', TODAY)).toEqual({ ok: false, error: '2026-11-21 is in the future (today is 2026-11-20).' });
    expect(validateReportDate('2026-02-30', '2026-03-05')).toEqual({ ok: false, error: '2026-02-30 is not a real calendar date.' });
    expect(validateReportDate('2027-02-29', '2027-03-01')).toEqual({ ok: false, error: '2027-02-29 is not a real calendar date.' });
    expect(validateReportDate('2028-02-29', '2028-03-01')).toEqual({ ok: true, value: '2028-02-29' });
    expect(validateReportDate('15/11/2026', TODAY)).toEqual({ ok: false, error: '"15/11/2026" is not a date; use YYYY-MM-DD, e.g. 2026-11-19.' });
    expect(validateReportDate('2026-11-5', TODAY).ok).toBe(false);
    expect(validateReportDate('', TODAY).ok).toBe(false);
  });
});

describe('planDateRange', () => {
  it('lists every date inclusive, across a month end', () => {
    expect(planDateRange('2026-10-29', '2026-11-02', TODAY)).toEqual({
      ok: true,
      value: ['2026-10-29', '2026-10-30', '2026-10-31', '2026-11-01', '2026-11-02']
    });
    expect(planDateRange('2026-11-19', '2026-11-19', TODAY)).toEqual({ ok: true, value: ['2026-11-19'] });
    const all = planDateRange(daysBackToDate(30, TODAY), TODAY, TODAY);
    expect(all.ok && all.value.length).toBe(31);
  });

  it('refuses reversed and out-of-range ranges, naming the end at fault', () => {
    expect(planDateRange('2026-11-10', '2026-11-05', TODAY)).toEqual({ ok: false, error: 'The start date 2026-11-10 is after the end date 2026-11-05.' });
    const old = planDateRange('2026-10-01', '2026-11-05', TODAY);
    expect(old.ok).toBe(false);
    if (!old.ok) expect(old.error).toMatch(/^Start date: 2026-10-01 is more than 30 days ago/);
    const future = planDateRange('2026-11-15', '2026-11-25', TODAY);
    expect(future).toEqual({ ok: false, error: 'End date: 2026-11-25 is in the future (today is 2026-11-20).' });
  });
});

describe('reportPath', () => {
  const detail = entry('getEmailActivityUserDetail');

  it('builds the documented period, date and parameterless forms', () => {
    expect(reportPath(detail, { period: 'D7' })).toBe("reports/getEmailActivityUserDetail(period='D7')");
    expect(reportPath(detail, { date: '2026-11-15' })).toBe('reports/getEmailActivityUserDetail(date=2026-11-15)');
    expect(reportPath(entry('getM365AppUserDetail'), { date: '2026-11-15' })).toBe('reports/getM365AppUserDetail(date=2026-11-15)');
    expect(reportPath(entry('getOffice365ActivationsUserDetail'))).toBe('reports/getOffice365ActivationsUserDetail');
    expect(reportPath(entry('getOffice365ActivationCounts'))).toBe('reports/getOffice365ActivationCounts');
  });

  it('builds a path for every catalog entry with each parameter it accepts', () => {
    for (const e of REPORT_CATALOG) {
      if (e.params.length === 0) expect(reportPath(e)).toBe(`reports/${e.fn}`);
      if (e.params.includes('period')) expect(reportPath(e, { period: 'D180' })).toBe(`reports/${e.fn}(period='D180')`);
      if (e.params.includes('date')) expect(reportPath(e, { date: '2026-11-01' })).toBe(`reports/${e.fn}(date=2026-11-01)`);
    }
  });

  it('refuses a parameter the function does not take, a missing one, or a malformed value', () => {
    expect(() => reportPath(entry('getMailboxUsageDetail'), { date: '2026-11-15' })).toThrow(
      'getMailboxUsageDetail does not take a date; only a period (D7, D30, D90, D180).'
    );
    expect(() => reportPath(entry('getOffice365ActivationCounts'), { period: 'D7' })).toThrow(
      'getOffice365ActivationCounts does not take a period (it takes no parameter).'
    );
    expect(() => reportPath(entry('getOffice365ActivationCounts'), { date: '2026-11-15' })).toThrow('(it takes no parameter).');
    expect(() => reportPath(detail)).toThrow('getEmailActivityUserDetail needs a date or a period.');
    expect(() => reportPath(entry('getMailboxUsageStorage'))).toThrow('getMailboxUsageStorage needs a period.');
    expect(() => reportPath(detail, { period: 'D14' as ReportPeriod })).toThrow(RangeError);
    expect(() => reportPath(detail, { date: '2026-11-31' })).toThrow('"2026-11-31" is not a YYYY-MM-DD date.');
    // A crafted value must never reach the URL.
    expect(() => reportPath(detail, { date: "2026-11-15')/x" } as ReportParam)).toThrow(RangeError);
  });

  it('lets the UI check a parameter without throwing', () => {
    expect(checkReportParam(detail, { period: '30' as ReportPeriod })).toEqual({ ok: true, value: { period: 'D30' } });
    expect(checkReportParam(entry('getOffice365ActivationsUserCounts'))).toEqual({ ok: true, value: undefined });
    expect(checkReportParam(entry('getYammerActivityCounts'), { date: '2026-11-15' }).ok).toBe(false);
  });
});
