/**
 * The tenant's report settings (`GET /admin/reportSettings`, ReportSettings.Read.All): whether usage reports
 * conceal user, group and site names. Known from one small request before any report is read, so a view can
 * say why activity will not match users before the rows show it (detectConcealedNames still reads the rows:
 * a refused or failed read of the setting leaves that as it was).
 */
import type { GraphGateway } from '../graph/GraphGateway';
import { isRecord, isPassingFailure } from '../graph/GraphError';
import { Subscribable } from '../graph/subscribable';

/** What the product reads of the tenant's report settings. */
export interface IReportSettings {
  /** `displayConcealedNames`: true when reports show anonymised ids instead of names. */
  concealedNames: boolean;
}

/** The one read of a session. */
export type ReportSettingsState =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'ready'; data: IReportSettings }
  | { status: 'error'; error: unknown };

/** Why names cannot be matched, said before the first report is read, with who can change it. */
export const NAMES_CONCEALED_BY_SETTING = "Names are concealed by the tenant's setting.";

/** Read the setting once; an answer without the property is an error (nothing is assumed). */
export async function readReportSettings(gateway: GraphGateway, signal?: AbortSignal): Promise<IReportSettings> {
  const body = await gateway.get<unknown>('/admin/reportSettings', { signal });
  if (!isRecord(body) || typeof body.displayConcealedNames !== 'boolean') throw new Error('Microsoft Graph answered /admin/reportSettings without displayConcealedNames.');
  return { concealedNames: body.displayConcealedNames };
}

/**
 * The session's report settings: read when first watched, then kept for the session (every view asks the same
 * object). A refusal (no ReportSettings.Read.All, no report role) is kept too, since asking again would be
 * refused again, and degrades alone: views then say only what the report rows show. A failure that may pass
 * (throttling, the network) is read again the next time a view watches. The read is one small request and is
 * never cancelled: a view leaving only stops hearing of it.
 */
export class ReportSettingsRead extends Subscribable<ReportSettingsState> {
  /** Requests made, for tests. */
  public reads: number = 0;
  private generation: number = 0;

  public constructor(private readonly gateway: GraphGateway) {
    super({ status: 'idle' });
  }

  /** Forget the setting ("Clear cached data": an admin may have changed it); the next screen that watches reads it again, never the clear itself. */
  public forget(): void {
    this.generation++;
    this.setState({ status: 'idle' });
  }

  protected onActive(): void {
    const s = this.state;
    if (s.status === 'idle' || (s.status === 'error' && isPassingFailure(s.error))) this.start();
  }

  private start(): void {
    const generation = this.generation;
    this.reads++;
    this.setState({ status: 'loading' });
    readReportSettings(this.gateway).then(
      data => { if (generation === this.generation) this.setState({ status: 'ready', data }); },
      (error: unknown) => { if (generation === this.generation) this.setState({ status: 'error', error }); }
    );
  }
}
