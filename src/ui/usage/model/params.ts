/** Explorer parameters: which reports to list, a date given as a day or N days back, and date-range merging. */
import { REPORT_CATALOG, daysBackToDate, validateReportDate } from '../../../core/reports';
/** Day-by-day rows merged: core's, for the date-range read; here too for the explorer's callers. */
export { mergeDayRows } from '../../../core/reports';
import type { DayInput, ParamCheck, ReportParam, IReportEntry } from '../../../core/reports';

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

/** The YYYY-MM-DD a day spec means today, checked against Graph's 30-day window; never throws. */
export function resolveDay(spec: IDaySpec, today: DayInput): ParamCheck<string> {
  if (spec.mode === 'daysBack') {
    const text = spec.daysBack.trim();
    if (!/^\d+$/.test(text)) return { ok: false, error: `"${spec.daysBack}" is not a number of days; type a whole number such as 3.` };
    return validateReportDate(daysBackToDate(Number(text), today), today);
  }
  return validateReportDate(spec.date, today);
}

/** What a read or range is called in captions and file names: `D30`, `2026-11-15`, `2026-11-10_to_2026-11-15`. */
export function paramLabel(param: ReportParam | undefined | { from: string; to: string }): string | undefined {
  if (param === undefined) return undefined;
  if ('period' in param) return param.period;
  if ('date' in param) return param.date;
  return `${param.from}_to_${param.to}`;
}

