import { JoinersRead, LeaversRead, windowBounds } from '../../core/lifecycle';
import type { LifecycleWindow } from '../../core/lifecycle';
import type { IImpressionsServices } from '../common/services';
import type { Sessions } from '../common/sessions';

/** The lifecycle reads one session keeps, by window and day (and, for leavers, the user list they read). */
interface IKept {
  joiners: Map<string, JoinersRead>;
  leavers: Map<string, { list: unknown; read: LeaversRead }>;
}

// Kept beside the session rather than on it: a view coming back finds its lists read, as the Users view does.
const kept = new WeakMap<Sessions, IKept>();

function keptFor(sessions: Sessions): IKept {
  let k = kept.get(sessions);
  if (!k) kept.set(sessions, (k = { joiners: new Map(), leavers: new Map() }));
  return k;
}

/**
 * The Joiners read for the window around the services' today, at `directoryVersion`: after applied changes (a
 * "Set up like" plan's Finish bumps it) the list is read again, and reads of older versions are let go.
 */
export function joinersRead(services: IImpressionsServices, days: LifecycleWindow, directoryVersion: number): JoinersRead {
  const bounds = windowBounds(services.now(), days);
  const k = keptFor(services.sessions);
  const key = `${bounds.today}:${days}:${directoryVersion}`;
  let read = k.joiners.get(key);
  if (!read) {
    for (const old of [...k.joiners.keys()]) if (!old.endsWith(`:${directoryVersion}`)) k.joiners.delete(old);
    k.joiners.set(key, (read = new JoinersRead(services.gateway, bounds)));
  }
  return read;
}

/** The Leavers read for the window, over the session's user list at `directoryVersion` (the Users view's own list). */
export function leaversRead(services: IImpressionsServices, days: LifecycleWindow, directoryVersion: number): LeaversRead {
  const bounds = windowBounds(services.now(), days);
  const list = services.sessions.users(directoryVersion);
  const k = keptFor(services.sessions);
  const key = `${bounds.today}:${days}`;
  const known = k.leavers.get(key);
  if (known && known.list === list) return known.read;
  const read = new LeaversRead(services.gateway, list, bounds);
  k.leavers.set(key, { list, read });
  return read;
}
