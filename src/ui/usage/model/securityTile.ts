/**
 * The Security readiness tile: the Users list's rows with their security joins -> shares of users, a bar
 * chart, a headline and the dashboard export's rows. Pure, so the tile, the export and tests agree.
 */
import type { ISimulationFigures, ITrainingSummary, MfaEnforcement } from '../../../core/security';
import type { IReportColumn, ReportRow } from '../../../core/reports';
import { explainError } from '../../../core/graph';
import { CATEGORY_KEY, VALUE_KEY } from './chartModel';
import type { IChartModel } from './chartModel';
import { formatValue, PERCENT } from './format';
import { tileEntry } from './exports';
import type { IDashboardPart } from './exports';

/** What the tile reads of one user: the parts of a Users list row it counts. */
export interface ISecurityRow {
  user: { accountEnabled: boolean | null; userType: string | null };
  /** undefined: not known; null: not in the simulation coverage report. */
  simulation: ISimulationFigures | null | undefined;
  /** undefined: not known; null: no training assigned. */
  training: ITrainingSummary | null | undefined;
  /** undefined: not known. */
  mfaEnforcement: MfaEnforcement | undefined;
}

/** The list's two security joins the figures come from. */
export type SecuritySource = 'attackSimulation' | 'mfaEnforcement';

/** A join as the list holds it (only whether and why it is known matters here). */
export type SourceStatus = { status: 'loading' | 'off' | 'ready' } | { status: 'error'; error: unknown };

/** Users counted: accounts that can sign in. Simulations target the tenant's own mailboxes, so members only. */
export interface ISecurityCounts {
  /** Enabled accounts, members and guests: what MFA enforcement is counted over. */
  accounts: number;
  /** Enabled members: what simulation coverage is counted over. */
  members: number;
  /** Undefined until the attack simulation join is read. */
  simulation?: { simulated: number; clicked: number; compromised: number; trainingAssigned: number; trainingCompleted: number };
  /** Undefined until the MFA enforcement join is read. */
  mfa?: { enforced: number; reportOnly: number; unknown: number };
}

/** One figure of the tile: a count of users, of how many, and the share. */
export interface ISecurityFigure {
  key: 'simulated' | 'clicked' | 'compromised' | 'trainingCompleted' | 'mfaEnforced';
  label: string;
  source: SecuritySource;
  /** What the share is of, in words ("enabled members"). */
  ofWhat: string;
  /** Undefined while the source is not known. */
  count?: number;
  of?: number;
  /** Percent (0-100); undefined when not known or of nobody. */
  share?: number;
}

const FIGURES: ReadonlyArray<Pick<ISecurityFigure, 'key' | 'label' | 'source' | 'ofWhat'>> = [
  { key: 'simulated', label: 'Simulated', source: 'attackSimulation', ofWhat: 'enabled members' },
  { key: 'clicked', label: 'Clicked', source: 'attackSimulation', ofWhat: 'simulated users' },
  { key: 'compromised', label: 'Compromised', source: 'attackSimulation', ofWhat: 'simulated users' },
  { key: 'trainingCompleted', label: 'Training completed', source: 'attackSimulation', ofWhat: 'users with training assigned' },
  { key: 'mfaEnforced', label: 'MFA enforced', source: 'mfaEnforcement', ofWhat: 'enabled accounts' }
];

/** Count the rows; a join not yet read (`known` false) leaves its counts out rather than counting nobody. */
export function securityCounts(rows: readonly ISecurityRow[], known: Record<SecuritySource, boolean>): ISecurityCounts {
  const sim = known.attackSimulation ? { simulated: 0, clicked: 0, compromised: 0, trainingAssigned: 0, trainingCompleted: 0 } : undefined;
  const mfa = known.mfaEnforcement ? { enforced: 0, reportOnly: 0, unknown: 0 } : undefined;
  let accounts = 0;
  let members = 0;
  for (const row of rows) {
    if (row.user.accountEnabled === false) continue;
    accounts++;
    const member = row.user.userType !== 'Guest';
    if (member) members++;
    if (sim && member) {
      const s = row.simulation;
      if (s && s.simulationCount > 0) {
        sim.simulated++;
        if (s.clickCount > 0) sim.clicked++;
        if (s.compromisedCount > 0) sim.compromised++;
      }
      const t = row.training;
      if (t && t.assigned > 0) {
        sim.trainingAssigned++;
        if (t.completed === t.assigned) sim.trainingCompleted++;
      }
    }
    const e = row.mfaEnforcement;
    if (mfa && e) {
      if (e.kind === 'securityDefaults' || e.kind === 'policies') mfa.enforced++;
      else if (e.kind === 'reportOnly') mfa.reportOnly++;
      else if (e.kind === 'unknown') mfa.unknown++;
    }
  }
  return { accounts, members, simulation: sim, mfa };
}

/** The five figures, each known or not on its own. */
export function securityFigures(c: ISecurityCounts): ISecurityFigure[] {
  const s = c.simulation;
  const values: Record<ISecurityFigure['key'], [number, number] | undefined> = {
    simulated: s && [s.simulated, c.members],
    clicked: s && [s.clicked, s.simulated],
    compromised: s && [s.compromised, s.simulated],
    trainingCompleted: s && [s.trainingCompleted, s.trainingAssigned],
    // Accounts whose enforcement could not be told (a policy names a group or role whose members could not be
    // read) are left out of the share rather than counted as not enforced.
    mfaEnforced: c.mfa && [c.mfa.enforced, c.accounts - c.mfa.unknown]
  };
  const untold = c.mfa?.unknown ?? 0;
  return FIGURES.map(f => {
    const v = values[f.key];
    const ofWhat = f.key === 'mfaEnforced' && untold > 0 ? `${f.ofWhat} (${untold} more could not be told)` : f.ofWhat;
    return v ? { ...f, ofWhat, count: v[0], of: v[1], share: v[1] > 0 ? (v[0] / v[1]) * 100 : undefined } : { ...f };
  });
}

/** Bars of the known shares on a 0-100% axis; a figure of nobody (no user simulated) is named as not charted. */
export function securityChartModel(figures: readonly ISecurityFigure[]): IChartModel {
  const charted = figures.filter(f => f.share !== undefined);
  return {
    type: 'bar',
    x: { key: CATEGORY_KEY, label: 'Figure', kind: 'category' },
    series: [{ key: VALUE_KEY, label: 'Share of users', unit: 'percent' }],
    data: charted.map(f => ({ [CATEGORY_KEY]: f.label, [VALUE_KEY]: f.share ?? null })),
    unit: 'percent',
    scale: PERCENT,
    horizontal: true,
    omitted: figures.filter(f => f.of === 0).map(f => `${f.label} (no ${f.ofWhat})`),
    axisMax: 100
  };
}

/** The big figure: the share with MFA enforced, the risk that matters most; else the share simulated. */
export function securityHeadline(figures: readonly ISecurityFigure[]): { value: string; label: string; detail: string } | undefined {
  const f = figures.find(x => x.key === 'mfaEnforced' && x.share !== undefined) ?? figures.find(x => x.key === 'simulated' && x.share !== undefined);
  if (!f || f.share === undefined) return undefined;
  return { value: formatValue(f.share, 'percent'), label: f.key === 'mfaEnforced' ? 'MFA enforced' : 'simulated', detail: `${f.count ?? 0} of ${f.of ?? 0} ${f.ofWhat}` };
}

/** A join's state in the export's Status column: empty when read, else why not (in explainError's words for its topic). */
export function sourceStatusText(state: SourceStatus, source: SecuritySource): string | null {
  if (state.status === 'ready') return null;
  return state.status === 'error' ? `Unavailable: ${explainError(state.error, source).detail}` : 'Not loaded';
}

const COLUMNS: IReportColumn[] = [
  { header: 'Figure', type: 'string' },
  { header: 'Users', type: 'number' },
  { header: 'Of', type: 'number' },
  { header: 'Of What', type: 'string' },
  { header: 'Share (%)', type: 'number' },
  { header: 'Status', type: 'string' }
];

/**
 * The tile in the dashboard workbook: a row per figure (users, of how many, of what, the share rounded to a
 * tenth of a percent), and for a figure whose join could not be read, why, in its Status cell. `readOn` is the
 * day the About sheet gives as the data's date: the tile reads the directory live, not a dated report.
 */
export function securityExportPart(key: string, title: string, figures: readonly ISecurityFigure[], sources: Record<SecuritySource, SourceStatus>, readOn: string): IDashboardPart {
  const rows: ReportRow[] = figures.map(f => ({
    Figure: f.label,
    Users: f.count ?? null,
    Of: f.of ?? null,
    'Of What': f.ofWhat,
    'Share (%)': f.share === undefined ? null : Math.round(f.share * 10) / 10,
    Status: sourceStatusText(sources[f.source], f.source)
  }));
  return { title, entry: tileEntry(key, title, COLUMNS), rows, refreshDate: readOn };
}

/** The Users list as the tile reads it: its status, rows and the two security joins. */
export interface ISecurityListState {
  status: 'loading' | 'done' | 'error';
  rows: readonly ISecurityRow[];
  joins: Record<SecuritySource, SourceStatus>;
}

/** What the tile shows: the figures, a chart and headline once a share is known, and each join's state. */
export interface ISecurityTileView {
  figures: ISecurityFigure[];
  model?: IChartModel;
  headline?: ReturnType<typeof securityHeadline>;
  sources: Record<SecuritySource, SourceStatus>;
}

/** The tile's view of the list: shares only once every user is read (a share of the users read so far would mislead). */
export function securityTileView(list: ISecurityListState): ISecurityTileView {
  const sources = { attackSimulation: list.joins.attackSimulation, mfaEnforcement: list.joins.mfaEnforcement };
  const known = list.status === 'done'
    ? { attackSimulation: sources.attackSimulation.status === 'ready', mfaEnforcement: sources.mfaEnforcement.status === 'ready' }
    : { attackSimulation: false, mfaEnforcement: false };
  const figures = securityFigures(securityCounts(list.status === 'done' ? list.rows : [], known));
  const charted = figures.some(f => f.share !== undefined || f.of === 0);
  return { figures, sources, model: charted ? securityChartModel(figures) : undefined, headline: securityHeadline(figures) };
}

/** The tile in the dashboard workbook from the list as it is now: its figures, or why it has none. Never reads. */
export function securityDashboardPart(key: string, title: string, list: ISecurityListState, readOn: string): IDashboardPart {
  if (list.status !== 'done') {
    const problem = list.status === 'error' ? 'the user list could not be read (see the tile for why)' : 'the tile has not loaded (every user is still being read)';
    return { title, entry: tileEntry(key, title, COLUMNS), problem };
  }
  const view = securityTileView(list);
  return securityExportPart(key, title, view.figures, view.sources, readOn);
}
