/** Explorer parameters: which reports to list, a date given as a day or N days back, and date-range merging. */
import { REPORT_CATALOG, parseDaysBack, reportParamLabel, resolveDaySpec } from '../../../core/reports';
/** Day-by-day rows merged: core's, for the date-range read; here too for the explorer's callers. */
export { mergeDayRows } from '../../../core/reports';
import type { DayInput, DaySpec, ParamCheck, IReportEntry, ReportAsk, ReportPeriod } from '../../../core/reports';

/** Reports of one workload, for the grouped report picker. */
export interface IReportGroup {
  workload: string;
  entries: IReportEntry[];
}

/** The catalog grouped by workload in catalog order; retired services (Skype for Business) only when asked. */
export function reportGroups(showRetired: boolean, catalog: ReadonlyArray<IReportEntry> = REPORT_CATALOG): IReportGroup[] {
  const groups: IReportGroup[] = [];
  for (const entry of catalog) {
    if (entry.retired && !showRetired) continue;
    let g = groups.find(x => x.workload === entry.workload);
    if (!g) groups.push((g = { workload: entry.workload, entries: [] }));
    g.entries.push(entry);
  }
  // Retired services go last, after the live ones.
  return [...groups.filter(g => !g.entries.every(e => e.retired)), ...groups.filter(g => g.entries.every(e => e.retired))];
}

/** A day as the user gives it: a calendar date or a number of days back from today. */
export interface IDaySpec {
  mode: 'date' | 'daysBack';
  /** YYYY-MM-DD text (mode `date`). */
  date: string;
  /** Whole days back, as typed (mode `daysBack`). */
  daysBack: string;
}

/** A day spec as core takes it (relative days kept relative), or why the field cannot be one. */
export function daySpecOf(spec: IDaySpec): ParamCheck<DaySpec> {
  if (spec.mode === 'date') return { ok: true, value: { date: spec.date.trim() } };
  const days = parseDaysBack(spec.daysBack);
  return days.ok ? { ok: true, value: { daysBack: days.value } } : days;
}

/** The YYYY-MM-DD a day spec means today, checked against Graph's 30-day window; never throws. */
export function resolveDay(spec: IDaySpec, today: DayInput): ParamCheck<string> {
  const day = daySpecOf(spec);
  return day.ok ? resolveDaySpec(day.value, today) : day;
}

/** What a read or range is called in captions and file names: `D30`, `2026-11-15`, `2026-11-10_to_2026-11-15` (core's). */
export const paramLabel = reportParamLabel;

/** The explorer's form as core's ask (relative days kept relative), or why a day field cannot be one. */
export function explorerAsk(readBy: 'period' | 'date' | 'range' | 'none', period: ReportPeriod, oneDay: IDaySpec, start: IDaySpec, end: IDaySpec): ParamCheck<ReportAsk> {
  if (readBy === 'none') return { ok: true, value: { by: 'none' } };
  if (readBy === 'period') return { ok: true, value: { by: 'period', period } };
  if (readBy === 'date') {
    const day = daySpecOf(oneDay);
    return day.ok ? { ok: true, value: { by: 'day', day: day.value } } : day;
  }
  const from = daySpecOf(start);
  if (!from.ok) return { ok: false, error: `Start: ${from.error}` };
  const to = daySpecOf(end);
  if (!to.ok) return { ok: false, error: `End: ${to.error}` };
  return { ok: true, value: { by: 'range', from: from.value, to: to.value } };
}
