import * as React from 'react';
import { loadSkuNames } from '../../core/directory';
import { loadImpressionDirectory, loadActiveUserRow, loadWorkloads, WORKLOAD_SOURCES } from '../../core/impression';
import type { IImpressionDirectory, IImpression, WorkloadPart } from '../../core/impression';
import type { ReportPeriod, ReportRow } from '../../core/reports';
import type { SourceState } from '../../core/directory';
import type { IImpressionsServices } from '../common/services';

/** The impression as it arrives: directory first (one batch), then each report part. */
export interface IImpressionState {
  directory: SourceState<IImpressionDirectory>;
  workloads: WorkloadPart[];
  activeUser: SourceState<ReportRow | null>;
  /** Reading the directory again (after Finish) failed: the directory shown is the one read before. */
  reloadError?: unknown;
}

/** Load a user's impression; the period changes only the report parts (served from the shared cache when read before). */
export function useImpression(services: IImpressionsServices, user: string | undefined, period: ReportPeriod, reloadDirectory: number): IImpressionState {
  const [directory, setDirectory] = React.useState<SourceState<IImpressionDirectory>>({ status: 'loading' });
  const [workloads, setWorkloads] = React.useState<WorkloadPart[]>(() => WORKLOAD_SOURCES.map(s => ({ status: 'loading', fn: s.fn })));
  const [activeUser, setActiveUser] = React.useState<SourceState<ReportRow | null>>({ status: 'loading' });
  const [reloadError, setReloadError] = React.useState<unknown>(undefined);
  const upn = directory.status === 'ready' ? directory.data.user.userPrincipalName : undefined;

  // Whose directory is on show: after Finish the same user's stays up while it reloads; another user's never does.
  const shownFor = React.useRef<string | undefined>(undefined);

  React.useEffect(() => {
    if (!user) return undefined;
    const controller = new AbortController();
    const keep = reloadDirectory > 0 && shownFor.current === user;
    setDirectory(d => (d.status === 'ready' && keep ? d : { status: 'loading' }));
    setReloadError(undefined);
    void (async () => {
      try {
        const names = await loadSkuNames();
        const data = await loadImpressionDirectory(services.gateway, user, names, controller.signal);
        if (controller.signal.aborted) return;
        shownFor.current = user;
        setDirectory({ status: 'ready', data });
      } catch (error) {
        if (controller.signal.aborted) return;
        // A reload that fails leaves the directory read before on show (and with it any pending changes).
        if (keep) setReloadError(error);
        setDirectory(d => (keep && d.status === 'ready' ? d : { status: 'error', error }));
      }
    })();
    return () => controller.abort();
  }, [services, user, reloadDirectory]);

  React.useEffect(() => {
    if (!upn) return undefined;
    const controller = new AbortController();
    setWorkloads(WORKLOAD_SOURCES.map(s => ({ status: 'loading', fn: s.fn })));
    setActiveUser({ status: 'loading' });
    loadWorkloads(services.reports, upn, period, controller.signal).forEach((p, i) =>
      void p.then(part => { if (!controller.signal.aborted) setWorkloads(ws => ws.map((w, j) => (j === i ? part : w))); })
    );
    void loadActiveUserRow(services.reports, upn, period, controller.signal).then(a => { if (!controller.signal.aborted) setActiveUser(a); });
    return () => controller.abort();
  }, [services, upn, period]);

  return { directory, workloads, activeUser, reloadError };
}

/** The loaded impression for export (undefined until the directory is in). */
export function toImpression(state: IImpressionState, period: ReportPeriod): IImpression | undefined {
  return state.directory.status === 'ready' ? { directory: state.directory.data, period, workloads: state.workloads, activeUser: state.activeUser } : undefined;
}
