import { UserList, loadSkuNames } from '../../core/directory';
import type { IUserFilters, IUserListCache } from '../../core/directory';
import type { GraphGateway } from '../../core/graph';
import { ImpressionSession } from '../../core/impression';
import { ReportReads, ReportSettingsRead } from '../../core/reports';
import { SecurityReads } from '../../core/security';
import type { ReportStore } from '../../core/reports';

/** The Users view's search, filters and sort, as the viewer left them. */
export interface IUsersQuery {
  text: string;
  filters: IUserFilters;
  sort?: { key: string; descending: boolean };
}

/** While users stream in, the list redraws at most this often (the count line with it). */
const USERS_REDRAW_MS = 250;

/**
 * What one signed-in session reads and keeps, for every view of one host: core's read objects (report
 * reads, the user list, the impression on show) and the little a view keeps between visits. It lives on
 * the services object, so two web parts on a page (or two people in tests) never share it.
 */
export class Sessions {
  /** Report reads: single reports, tiles, date ranges, progress. */
  public readonly reports: ReportReads;
  /** Attack simulation and MFA enforcement, read once for the list, the readiness tile and every impression. */
  public readonly security: SecurityReads;
  /** The tenant's report settings (whether names are concealed), read once for the Users and Usage views. */
  public readonly reportSettings: ReportSettingsRead;
  /** The Users view's search, filters and sort, for when the viewer comes back from an impression. */
  public usersQuery: IUsersQuery | undefined;
  private list: { version: number; list: UserList } | undefined;
  private shown: ImpressionSession | undefined;

  /**
   * `userCache`: where the user list is kept between visits (the warm reload); none: read afresh each time.
   * `shardUsers`: read /users in ranges side by side (default); false only for the benchmark's baseline.
   */
  public constructor(private readonly gateway: GraphGateway, private readonly store: ReportStore, private readonly userCache?: IUserListCache, private readonly shardUsers = true) {
    this.reports = new ReportReads(store);
    this.security = new SecurityReads(gateway);
    this.reportSettings = new ReportSettingsRead(gateway);
  }

  /**
   * The user list, kept for when the viewer comes back: read at `directoryVersion`, which the app bumps
   * when an impression applies changes (a list read before them is read again).
   */
  public users(directoryVersion: number): UserList {
    // (Called while rendering: no side effects but keeping the list. The impression's Finish forgets enforcement.)
    if (this.list?.version !== directoryVersion) {
      this.list = { version: directoryVersion, list: new UserList(this.gateway, this.store, { redrawMs: USERS_REDRAW_MS, security: this.security, cache: this.userCache, shards: this.shardUsers }) };
    }
    return this.list.list;
  }

  /**
   * "Clear cached data": forget what this session read and keeps in memory. Screens on show keep what they
   * show until they are left (the clear itself sends nothing to Graph); the next screen reads again.
   */
  public forget(): void {
    this.security.forget();
    this.reportSettings.forget();
    this.list?.list.invalidate();
    this.shown = undefined;
  }

  /** The impression of one user (id or UPN); another user's starts afresh. */
  public impression(user: string): ImpressionSession {
    if (this.shown?.user !== user) this.shown = new ImpressionSession(this.gateway, this.store, user, loadSkuNames, this.security);
    return this.shown;
  }
}
