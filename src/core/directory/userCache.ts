/**
 * The user list kept between visits (issue 18, warm reload): the directory fields of every user and the
 * `/users/delta` link that says what changed since. Only what /users returned (no join, no token: a delta
 * link's `$deltatoken` is a change-tracking state, not a credential), kept per tenant and signed-in person
 * by whoever implements the store (IndexedDB in the browser, a file under `--cache <dir>` in the CLI).
 */
import type { IUserRecord } from './users';

/** What is kept: the list as the delta link saw it. */
export interface IKeptUsers {
  /** The shape's version: another version is never read (it is read afresh and replaced). */
  version: 1;
  /** The `$select` the list was read with: a kept list read with another is not used. */
  select: string;
  /** The delta link issued for the state `users` holds (or an earlier one: replaying changes is harmless). */
  deltaLink: string;
  /** When it was kept (ms since the epoch), for "as of" and pruning. */
  savedAt: number;
  users: IUserRecord[];
}

/** What a kept list was read with and can be brought up to date from, without its users. */
export type IKeptLink = Pick<IKeptUsers, 'version' | 'select' | 'deltaLink' | 'savedAt'>;

/** Where the list is kept; one instance belongs to one tenant and one signed-in person. */
export interface IUserListCache {
  /** The kept list, or undefined (none, unreadable, or another shape). Never throws. */
  load(): Promise<IKeptUsers | undefined>;
  /**
   * Optional, for stores where the list takes a while to read (100,000 users: a few hundred ms from
   * IndexedDB): the kept list's link alone, read fast, so Graph is asked what changed while the list is read.
   * Its `savedAt` names the list it belongs to. Never throws.
   */
  loadLink?(): Promise<IKeptLink | undefined>;
  /** Keep this list (replacing the one kept). May fail quietly: the next visit then reads afresh. */
  save(kept: IKeptUsers): Promise<void>;
  /** Forget it ("Clear cached data", a refused delta link). */
  clear(): Promise<void>;
}
