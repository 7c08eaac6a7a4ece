/**
 * One user's impression as an object the Impression view watches: the directory batch first, then what
 * each usage report says about the user, for the period asked, and their security readiness (attack
 * simulation training, MFA enforcement). The CLI awaits the same parts (loadImpression); both read reports
 * through the session's store, so a second user costs no report request.
 */
import type { GraphGateway } from '../graph/GraphGateway';
import { Subscribable, settle } from '../graph/subscribable';
import type { ReportStore } from '../reports/store';
import type { ReportPeriod, ReportRow } from '../reports/types';
import type { SourceState } from '../directory/userIndex';
import type { SkuNameLookup } from '../directory/skus';
import { SecurityReads } from '../security';
import type { MfaEnforcement } from '../security';
import { loadUserDevices } from '../devices';
import type { IUserDevices } from '../devices';
import { loadImpressionDirectory } from './directory';
import type { IImpressionDirectory } from './directory';
import { loadActiveUserRow, loadWorkloads } from './loadImpression';
import type { IImpression } from './loadImpression';
import { loadUserAttackSimulation, loadUserMfaEnforcement } from './security';
import type { IUserAttackSimulation } from './security';
import { WORKLOAD_SOURCES } from './workloads';
import type { WorkloadPart } from './workloads';

/** The impression as it arrives: directory first (one batch), then each report part and each security part. */
export interface IImpressionState {
  directory: SourceState<IImpressionDirectory>;
  workloads: WorkloadPart[];
  activeUser: SourceState<ReportRow | null>;
  /** The user's simulations, repeat offences and trainings (AttackSimulation.Read.All; Defender for Office 365 Plan 2). */
  attackSimulation: SourceState<IUserAttackSimulation>;
  /** How MFA is enforced for the user: security defaults or Conditional Access policies (Policy.Read.All). */
  mfaEnforcement: SourceState<MfaEnforcement>;
  /** The user's Entra and Intune devices, each part failing alone inside (one `$batch`); absent: not asked yet, as loading. */
  devices?: SourceState<IUserDevices>;
  /** Reading the directory again (after Finish) failed: the directory shown is the one read before. */
  reloadError?: unknown;
}

const loadingParts = (): WorkloadPart[] => WORKLOAD_SOURCES.map(s => ({ status: 'loading', fn: s.fn }));
const INITIAL: IImpressionState = {
  directory: { status: 'loading' },
  workloads: loadingParts(),
  activeUser: { status: 'loading' },
  attackSimulation: { status: 'loading' },
  mfaEnforcement: { status: 'loading' },
  devices: { status: 'loading' }
};

/** The impression's security parts: each read, and retried, on its own. */
export type SecurityPart = 'attackSimulation' | 'mfaEnforcement';

/** The parts read once the directory names the user, each retried on its own: the security parts and the devices. */
export type RetriablePart = SecurityPart | 'devices';

/**
 * Reads one user's impression while watched. Nothing is kept between visits: the directory may have
 * changed meanwhile (it is read afresh each time), and the report parts come from the store at once.
 * `setPeriod` changes only the report parts; `reload` reads the directory again and keeps the one on
 * show (with the viewer's staged changes) if that fails.
 */
export class ImpressionSession extends Subscribable<IImpressionState> {
  private period: ReportPeriod | undefined;
  private directoryRead: AbortController | undefined;
  private partsRead: AbortController | undefined;
  private readonly securityReads = new Map<RetriablePart, AbortController>();

  public constructor(
    private readonly gateway: GraphGateway,
    private readonly reports: ReportStore,
    /** The user's id or UPN. */
    public readonly user: string,
    private readonly skuNames: () => Promise<SkuNameLookup>,
    /** The session's shared security reads (the Users list and other impressions ask the same). */
    private readonly security: SecurityReads = new SecurityReads(gateway)
  ) {
    super(INITIAL);
  }

  /** The report parts' period: read (again) once the directory names the user's UPN. */
  public setPeriod(period: ReportPeriod): void {
    if (period === this.period) return;
    this.period = period;
    if (this.watched) this.readParts();
  }

  /** Read the directory again (after Finish, or Try again): a directory on show stays until the new one is in. */
  public reload(): void {
    if (this.watched) this.readDirectory(this.state.directory.status === 'ready');
  }

  /** Read a security part, or the devices, again (its Try again); nothing while the directory is not in. */
  public retrySecurity(part: RetriablePart): void {
    if (this.watched) this.readSecurity([part]);
  }

  /** The loaded impression for export (undefined until the directory is in). */
  public impression(): IImpression | undefined {
    const s = this.state;
    return s.directory.status === 'ready' && this.period
      ? { directory: s.directory.data, period: this.period, workloads: s.workloads, activeUser: s.activeUser, attackSimulation: s.attackSimulation, mfaEnforcement: s.mfaEnforcement, devices: s.devices ?? { status: 'loading' } }
      : undefined;
  }

  protected onActive(): void {
    this.readDirectory(false);
  }

  protected onIdle(): void {
    this.directoryRead?.abort();
    this.partsRead?.abort();
    for (const read of this.securityReads.values()) read.abort();
    this.securityReads.clear();
    this.setState(INITIAL, true);
  }

  private readDirectory(keep: boolean): void {
    this.directoryRead?.abort();
    const controller = (this.directoryRead = new AbortController());
    const { signal } = controller;
    const before = this.state.directory;
    this.setState({ ...this.state, directory: keep ? before : { status: 'loading' }, reloadError: undefined });
    void (async () => {
      try {
        const data = await loadImpressionDirectory(this.gateway, this.user, await this.skuNames(), signal);
        if (signal.aborted) return;
        const upnChanged = before.status !== 'ready' || before.data.user.userPrincipalName !== data.user.userPrincipalName;
        const idChanged = before.status !== 'ready' || before.data.user.id !== data.user.id;
        this.setState({ ...this.state, directory: { status: 'ready', data } });
        if (upnChanged) this.readParts();
        // Simulations and devices do not change with an edit; enforcement may (a group added or removed may be one a policy names).
        if (!idChanged) this.security.forgetEnforcement();
        this.readSecurity(idChanged ? ['attackSimulation', 'mfaEnforcement', 'devices'] : ['mfaEnforcement']);
      } catch (error) {
        if (signal.aborted) return;
        // A reload that fails leaves the directory read before on show (and with it any pending changes).
        this.setState(keep ? { ...this.state, reloadError: error } : { ...this.state, directory: { status: 'error', error } });
      }
    })();
  }

  private readParts(): void {
    const dir = this.state.directory;
    const period = this.period;
    if (dir.status !== 'ready' || !period) return;
    this.partsRead?.abort();
    const { signal } = (this.partsRead = new AbortController());
    const upn = dir.data.user.userPrincipalName;
    this.setState({ ...this.state, workloads: loadingParts(), activeUser: { status: 'loading' } });
    loadWorkloads(this.reports, upn, period, signal).forEach((p, i) =>
      void p.then(part => { if (!signal.aborted) this.setState({ ...this.state, workloads: this.state.workloads.map((w, j) => (j === i ? part : w)) }); })
    );
    void loadActiveUserRow(this.reports, upn, period, signal).then(a => { if (!signal.aborted) this.setState({ ...this.state, activeUser: a }); });
  }

  /** Read security parts for the user on show (tenant-wide reads, the user's entry picked from them), and their devices. */
  private readSecurity(parts: RetriablePart[]): void {
    const dir = this.state.directory;
    if (dir.status !== 'ready') return;
    const user = dir.data.user;
    for (const part of parts) {
      this.securityReads.get(part)?.abort();
      const controller = new AbortController();
      this.securityReads.set(part, controller);
      const { signal } = controller;
      const set = (next: Partial<Pick<IImpressionState, RetriablePart>>): void => { if (!signal.aborted) this.setState({ ...this.state, ...next }); };
      if (part === 'devices') {
        set({ devices: { status: 'loading' } });
        // Each part's failure is inside the result; the read as a whole fails only when cancelled.
        void loadUserDevices(this.gateway, user.id, signal).then(devices => set({ devices: { status: 'ready', data: devices } }), (error: unknown) => set({ devices: { status: 'error', error } }));
      } else if (part === 'attackSimulation') {
        set({ attackSimulation: { status: 'loading' } });
        void loadUserAttackSimulation(this.security, user.id, signal).then(attackSimulation => set({ attackSimulation }));
      } else {
        set({ mfaEnforcement: { status: 'loading' } });
        void loadUserMfaEnforcement(this.security, user, signal).then(mfaEnforcement => set({ mfaEnforcement }));
      }
    }
  }
}

/**
 * Load a whole impression: the view's session, awaited (the CLI's path). A directory failure rejects
 * (there is no impression without the user); a report or security part that fails is an error part, as on screen.
 */
export function loadImpression(
  gateway: GraphGateway,
  store: ReportStore,
  idOrUpn: string,
  period: ReportPeriod,
  skuNames: SkuNameLookup,
  signal?: AbortSignal
): Promise<IImpression> {
  const session = new ImpressionSession(gateway, store, idOrUpn, async () => skuNames);
  session.setPeriod(period);
  return settle<IImpressionState, IImpression>(session, state => {
    if (state.directory.status === 'error') return { error: state.directory.error };
    const settledParts = state.workloads.every(w => w.status !== 'loading') && state.activeUser.status !== 'loading'
      && state.attackSimulation.status !== 'loading' && state.mfaEnforcement.status !== 'loading' && state.devices?.status !== 'loading';
    const impression = session.impression();
    return state.directory.status === 'ready' && settledParts && impression ? { value: impression } : undefined;
  }, signal);
}
