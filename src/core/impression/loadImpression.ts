import type { ReportStore } from '../reports/store';
import { findReport } from '../reports/catalog';
import { notInReport } from '../reports/reader';
import type { IReportResult } from '../reports/reader';
import type { ReportPeriod, ReportRow } from '../reports/types';
import type { SourceState } from '../directory/userIndex';
import { ACTIVITY_REPORT } from '../directory/activity';
import type { MfaEnforcement } from '../security';
import type { IUserDevices } from '../devices';
import type { IImpressionDirectory } from './directory';
import type { IUserAttackSimulation } from './security';
import { figuresOf, findUserRow, WORKLOAD_SOURCES } from './workloads';
import type { IWorkloadSource, WorkloadPart } from './workloads';

/** One user's impression: directory data plus what each usage report says about them. */
export interface IImpression {
  directory: IImpressionDirectory;
  period: ReportPeriod;
  /** One part per WORKLOAD_SOURCES entry, same order. */
  workloads: WorkloadPart[];
  /** The user's row of the active-user detail report (licence assign dates, last activity per workload). */
  activeUser: SourceState<ReportRow | null>;
  /** The user's simulations, repeat offences and trainings. */
  attackSimulation: SourceState<IUserAttackSimulation>;
  /** How MFA is enforced for the user. */
  mfaEnforcement: SourceState<MfaEnforcement>;
  /** The user's Entra and Intune devices (each part failing alone inside). */
  devices: SourceState<IUserDevices>;
}

/** What one report read says about one user. */
export function workloadPart(source: IWorkloadSource, result: IReportResult, upn: string): WorkloadPart {
  const entry = findReport(source.fn);
  if (!entry) return { status: 'error', fn: source.fn, error: new Error(`${source.fn} is not in the catalog.`) };
  const row = findUserRow(result.rows, source.userColumn, upn);
  // Rows from the relay say so wherever their date is shown.
  const from = result.source ? { source: result.source } : {};
  if (row) {
    const period = row['Report Period'];
    const missing = result.missingColumns?.length ? { headers: result.missingColumns, text: notInReport(result.format) } : undefined;
    return { status: 'ready', fn: source.fn, figures: figuresOf(entry, row, missing), refreshDate: result.refreshDate, period: typeof period === 'number' ? period : null, ...from };
  }
  // No row and concealed names: the row may be there, under a token we cannot match.
  if (result.concealment.concealedRows > 0) return { status: 'concealed', fn: source.fn, refreshDate: result.refreshDate, ...from };
  return { status: 'noRow', fn: source.fn, refreshDate: result.refreshDate, ...from };
}

/** A row-matcher for one user by the column that names them (case-insensitive, as findUserRow). */
function userMatch(column: string, upn: string): (row: ReportRow) => boolean {
  const want = upn.toLowerCase();
  return row => typeof row[column] === 'string' && (row[column] as string).toLowerCase() === want;
}

/**
 * Read the workload reports for a user. Each report is read only as far as the user's row (the store keeps
 * the pages read as a partial read, searched first for the next user and finished only when something needs
 * the whole report); a report already held whole, kept or relayed costs no report request.
 */
export function loadWorkloads(store: ReportStore, upn: string, period: ReportPeriod, signal?: AbortSignal): Array<Promise<WorkloadPart>> {
  return WORKLOAD_SOURCES.map(async source => {
    const entry = findReport(source.fn);
    if (!entry) return { status: 'error', fn: source.fn, error: new Error(`${source.fn} is not in the catalog.`) } as WorkloadPart;
    try {
      const found = await store.findRow(entry, { period }, userMatch(source.userColumn, upn), signal);
      return workloadPart(source, found.result, upn);
    } catch (error) {
      return { status: 'error', fn: source.fn, error } as WorkloadPart;
    }
  });
}

/** The user's active-user-detail row (null: no row; concealed names also give null). */
export async function loadActiveUserRow(store: ReportStore, upn: string, period: ReportPeriod, signal?: AbortSignal): Promise<SourceState<ReportRow | null>> {
  const entry = findReport(ACTIVITY_REPORT);
  if (!entry) return { status: 'error', error: new Error(`${ACTIVITY_REPORT} is not in the catalog.`) };
  try {
    const found = await store.findRow(entry, { period }, userMatch('User Principal Name', upn), signal);
    return { status: 'ready', data: found.row ?? null };
  } catch (error) {
    return { status: 'error', error };
  }
}
