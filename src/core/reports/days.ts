/**
 * A report read as an admin asks for it, in the explorer or on the command line: a period, one day, or a
 * range of days whose ends are each a calendar date or a number of days back from today (as reporting
 * connectors offer: "days back to start from" 10, "days back to end at" 5). A day given as days back stays
 * relative until it is resolved against a `today`, so a generated script keeps it relative and each run
 * reads its own days. Every check happens here, before any (throttled) request, with the same words in
 * both hosts.
 */
import { checkReportParam, daysBackToDate, planDateRange, validateReportDate } from './params';
import type { DayInput, ParamCheck, ReportParam } from './params';
import type { IReportEntry, ReportPeriod } from './types';

/** A day as given: a calendar date (YYYY-MM-DD) or whole days back from today (0 is today). */
export type DaySpec = { date: string } | { daysBack: number };

/** What to read, as asked: nothing (parameterless functions), a period, one day or a range of days. */
export type ReportAsk =
  | { by: 'none' }
  | { by: 'period'; period: ReportPeriod }
  | { by: 'day'; day: DaySpec }
  | { by: 'range'; from: DaySpec; to: DaySpec };

/** What an ask comes to today: one read (with its parameter), or one read per day of a range. */
export type ReportPlan = { single: true; param: ReportParam | undefined } | { single: false; dates: string[] };

/** "Days back" as typed: a whole number of 0 or more (the window is checked once it is a date). */
export function parseDaysBack(text: string): ParamCheck<number> {
  const t = text.trim();
  if (!/^\d{1,6}$/.test(t)) return { ok: false, error: `"${text}" is not a number of days; type a whole number such as 3.` };
  return { ok: true, value: Number(t) };
}

/** The YYYY-MM-DD a day means today, checked against Graph's 30-day window; never throws. */
export function resolveDaySpec(spec: DaySpec, today: DayInput): ParamCheck<string> {
  if ('daysBack' in spec) {
    if (!Number.isInteger(spec.daysBack) || spec.daysBack < 0) return { ok: false, error: `${spec.daysBack} is not a number of days back; use a whole number such as 3.` };
    return validateReportDate(daysBackToDate(spec.daysBack, today), today);
  }
  return validateReportDate(spec.date, today);
}

/** Whether a day is relative (days back): a script keeps it so. */
export function isRelative(ask: ReportAsk): boolean {
  if (ask.by === 'day') return 'daysBack' in ask.day;
  if (ask.by === 'range') return 'daysBack' in ask.from || 'daysBack' in ask.to;
  return false;
}

/** Whether a report can be read as a range of days: detail reports that take a date (as the explorer offers). */
export function readsByRange(entry: IReportEntry): boolean {
  return entry.kind === 'detail' && entry.params.includes('date');
}

/**
 * Check an ask against the report and today, as the explorer does: the function takes this parameter,
 * each day is a real date within Graph's window, and a range's start is not after its end.
 */
export function planReport(entry: IReportEntry, ask: ReportAsk, today: DayInput): ParamCheck<ReportPlan> {
  const single = (param: ReportParam | undefined): ParamCheck<ReportPlan> => {
    const checked = checkReportParam(entry, param);
    return checked.ok ? { ok: true, value: { single: true, param: checked.value } } : checked;
  };
  switch (ask.by) {
    case 'none':
      return single(undefined);
    case 'period':
      return single({ period: ask.period });
    case 'day': {
      // Whether the function takes a date at all is said before whether the date is in the window.
      const takes = checkReportParam(entry, { date: '2000-01-01' });
      if (!takes.ok) return takes;
      const date = resolveDaySpec(ask.day, today);
      return date.ok ? single({ date: date.value }) : date;
    }
    case 'range': {
      if (!readsByRange(entry)) {
        return { ok: false, error: `${entry.fn} cannot be read as a date range: only detail reports that take a date are read day by day.` };
      }
      const from = resolveDaySpec(ask.from, today);
      if (!from.ok) return { ok: false, error: `Start date: ${from.error}` };
      const to = resolveDaySpec(ask.to, today);
      if (!to.ok) return { ok: false, error: `End date: ${to.error}` };
      const dates = planDateRange(from.value, to.value, today);
      return dates.ok ? { ok: true, value: { single: false, dates: dates.value } } : dates;
    }
  }
}

/** What a read or range is called in captions and file names: `D30`, `2026-11-15`, `2026-11-10_to_2026-11-15`. */
export function reportParamLabel(param: ReportParam | undefined | { from: string; to: string }): string | undefined {
  if (param === undefined) return undefined;
  if ('period' in param) return param.period;
  if ('date' in param) return param.date;
  return `${param.from}_to_${param.to}`;
}

/** The label of a plan: its parameter, or its range's first and last day. */
export function planLabel(plan: ReportPlan): string | undefined {
  if (plan.single) return reportParamLabel(plan.param);
  return reportParamLabel({ from: plan.dates[0] ?? '', to: plan.dates[plan.dates.length - 1] ?? '' });
}
