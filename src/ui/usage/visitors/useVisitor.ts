import { hasScope } from '../../../core/graph';
import { ReportReadSet } from '../../../core/reports';
import type { IReportEntry, ReportPeriod } from '../../../core/reports';
import { useServices } from '../../common/services';
import type { Sessions } from '../../common/sessions';
import { useQuery } from '../../common/useQuery';
import { liveReportDates, readsReports, roleRefused } from '../model/publication';

const NOTHING = new ReportReadSet([]);

// A person Graph refused a report for the role stays a visitor for the session: a role is not granted mid-visit, and
// asking again for each period would spend Graph's report limit on refusals.
const refused = new WeakSet<Sessions>();
// A person a report read came back for reads reports for the session: another period's reads loading never hides the history.
const readers = new WeakSet<Sessions>();

/** Who the overview is for, from the tiles' own report reads (watched here too; the same reads, never a second request). */
export interface IVisitorState {
  /** Graph refused a report read for the role: the visitors' dashboard stands in for the report tiles. */
  visitor: boolean;
  /** A report read came back: the viewer reads reports (and may publish). */
  reads: boolean;
  /** Graph's report dates now, by report function (for a publication's staleness). */
  liveDates: Record<string, string>;
  /**
   * The viewer may see the tenant's history beside the tiles: a report read came back, or every read ended without
   * a refusal for the role. Whoever Graph refuses reports (or who has not been answered yet) is shown none, whatever
   * the visitors' choice: the history is report figures by other means.
   */
  history: boolean;
}

/** Whether the viewer is a visitor (refused for the role; only when the visitors' dashboard is `enabled`), from the reads of `entries` for `period`. */
export function useVisitor(entries: readonly IReportEntry[], period: ReportPeriod, enabled: boolean): IVisitorState {
  const { sessions, scopes } = useServices();
  // A sign-in without Reports.Read.All is not a visitor: the page itself lacks the permission, which an admin grants
  // (its refusal says so). Graph words both refusals alike, so the token's scopes tell them apart (unknown: Graph's answer).
  const on = enabled && hasScope(scopes, ['Reports.Read.All']);
  const known = refused.has(sessions);
  const set = !(on && known) && entries.length > 0 ? sessions.reports.readAll(entries, { period }) : NOTHING;
  const states = useQuery(set);
  const denied = known || roleRefused(states);
  const visitor = on && denied;
  if (visitor) refused.add(sessions);
  const reads = readsReports(states);
  if (reads) readers.add(sessions);
  const ended = states.length > 0 && states.every(s => s.status !== 'loading');
  return { visitor, reads, liveDates: liveReportDates(entries, states), history: !denied && (readers.has(sessions) || ended) };
}
