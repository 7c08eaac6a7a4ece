// A report as asked (period, one day, a range whose ends are dates or days back), checked as the explorer
// and the CLI check it, against a given today: never the machine's clock.
import { isRelative, planLabel, planReport, parseDaysBack, readsByRange, reportParamLabel, requireReport, resolveDaySpec } from '../../../src/core/reports';
import type { ReportAsk } from '../../../src/core/reports';

const TODAY = '2026-11-27';
const email = requireReport('getEmailActivityUserDetail'); // detail, date and period
const counts = requireReport('getEmailActivityCounts'); // trend, period only
const activations = requireReport('getOffice365ActivationCounts'); // no parameter

const plan = (entry: typeof email, ask: ReportAsk) => planReport(entry, ask, TODAY);
const error = (r: { ok: boolean; error?: string }): string => (r.ok ? '' : r.error ?? '');

describe('days given as a date or as days back', () => {
  it('resolves days back against today (0 is today), and both against Graph\'s 30-day window', () => {
    expect(resolveDaySpec({ daysBack: 0 }, TODAY)).toEqual({ ok: true, value: '2026-11-27' });
    expect(resolveDaySpec({ daysBack: 5 }, TODAY)).toEqual({ ok: true, value: '2026-11-22' });
    expect(resolveDaySpec({ daysBack: 30 }, TODAY)).toEqual({ ok: true, value: '2026-10-28' });
    expect(error(resolveDaySpec({ daysBack: 31 }, TODAY))).toMatch(/2026-10-27 is more than 30 days ago.*earliest date you can ask for today is 2026-10-28/);
    expect(resolveDaySpec({ date: '2026-10-28' }, TODAY).ok).toBe(true);
    expect(error(resolveDaySpec({ date: '2026-10-27' }, TODAY))).toMatch(/more than 30 days ago/);
    expect(error(resolveDaySpec({ date: '2026-11-28' }, TODAY))).toMatch(/in the future/);
    expect(error(resolveDaySpec({ daysBack: -1 }, TODAY))).toMatch(/not a number of days back/);
    // Across a month end and a leap day.
    expect(resolveDaySpec({ daysBack: 1 }, '2028-03-01')).toEqual({ ok: true, value: '2028-02-29' });
  });

  it('reads "days back" as typed: whole numbers only', () => {
    expect(parseDaysBack(' 12 ')).toEqual({ ok: true, value: 12 });
    for (const bad of ['', '-3', '2.5', 'x', '1e2']) expect(parseDaysBack(bad).ok).toBe(false);
  });
});

describe('planReport', () => {
  it('plans a period, a day and no parameter as one read', () => {
    expect(plan(counts, { by: 'period', period: 'D7' })).toEqual({ ok: true, value: { single: true, param: { period: 'D7' } } });
    expect(plan(email, { by: 'day', day: { daysBack: 3 } })).toEqual({ ok: true, value: { single: true, param: { date: '2026-11-24' } } });
    expect(plan(email, { by: 'day', day: { date: '2026-11-20' } })).toEqual({ ok: true, value: { single: true, param: { date: '2026-11-20' } } });
    expect(plan(activations, { by: 'none' })).toEqual({ ok: true, value: { single: true, param: undefined } });
  });

  it('plans a range day by day, each end a date or days back, mixed', () => {
    const dates = ['2026-11-22', '2026-11-23', '2026-11-24', '2026-11-25'];
    for (const ask of [
      { by: 'range', from: { date: '2026-11-22' }, to: { date: '2026-11-25' } },
      { by: 'range', from: { daysBack: 5 }, to: { daysBack: 2 } },
      { by: 'range', from: { date: '2026-11-22' }, to: { daysBack: 2 } },
      { by: 'range', from: { daysBack: 5 }, to: { date: '2026-11-25' } }
    ] as ReportAsk[]) {
      expect(plan(email, ask)).toEqual({ ok: true, value: { single: false, dates } });
    }
    expect(plan(email, { by: 'range', from: { daysBack: 2 }, to: { daysBack: 2 } })).toEqual({ ok: true, value: { single: false, dates: ['2026-11-25'] } });
  });

  it('refuses, before any request, what Graph would refuse or the explorer does not offer', () => {
    expect(error(plan(email, { by: 'range', from: { daysBack: 2 }, to: { daysBack: 5 } }))).toBe('The start date 2026-11-25 is after the end date 2026-11-22.');
    expect(error(plan(email, { by: 'range', from: { daysBack: 31 }, to: { daysBack: 5 } }))).toMatch(/^Start date: 2026-10-27 is more than 30 days ago/);
    expect(error(plan(email, { by: 'range', from: { daysBack: 5 }, to: { date: '2026-11-28' } }))).toMatch(/^End date: 2026-11-28 is in the future/);
    expect(error(plan(counts, { by: 'day', day: { daysBack: 1 } }))).toMatch(/does not take a date; only a period/);
    expect(error(plan(counts, { by: 'range', from: { daysBack: 3 }, to: { daysBack: 1 } }))).toMatch(/cannot be read as a date range/);
    expect(error(plan(activations, { by: 'period', period: 'D7' }))).toMatch(/does not take a period \(it takes no parameter\)/);
    expect(error(plan(email, { by: 'none' }))).toMatch(/needs a date or a period/);
    // The function is checked before the day: no window message for a function that takes no date at all.
    expect(error(plan(counts, { by: 'day', day: { daysBack: 99 } }))).toMatch(/does not take a date/);
  });

  it('names plans as the explorer names its exports, and tells relative asks apart', () => {
    const range = plan(email, { by: 'range', from: { daysBack: 5 }, to: { daysBack: 2 } });
    expect(range.ok && planLabel(range.value)).toBe('2026-11-22_to_2026-11-25');
    const day = plan(email, { by: 'day', day: { daysBack: 3 } });
    expect(day.ok && planLabel(day.value)).toBe('2026-11-24');
    expect(reportParamLabel({ period: 'D30' })).toBe('D30');
    expect(reportParamLabel(undefined)).toBeUndefined();
    expect(isRelative({ by: 'range', from: { date: '2026-11-22' }, to: { daysBack: 2 } })).toBe(true);
    expect(isRelative({ by: 'day', day: { date: '2026-11-22' } })).toBe(false);
    expect(readsByRange(email)).toBe(true);
    expect(readsByRange(counts)).toBe(false);
  });
});
