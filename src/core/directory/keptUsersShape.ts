/**
 * What a store of the kept user list (userCache.ts) reads back is checked here, once for every store: a
 * file edited by hand, a browser database written by another version, or a write cut short must come back
 * as "nothing kept" (read afresh), never as a list the views trip over.
 */
import { isRecord } from '../graph/GraphError';
import type { IKeptUsers } from './userCache';

/** The kept list, when `value` has the shape of version 1 throughout; otherwise undefined. */
export function asKeptUsers(value: unknown): IKeptUsers | undefined {
  if (!isRecord(value) || value.version !== 1) return undefined;
  const { select, deltaLink, savedAt, users } = value;
  if (typeof select !== 'string' || typeof deltaLink !== 'string' || deltaLink === '') return undefined;
  if (typeof savedAt !== 'number' || !Number.isFinite(savedAt) || !Array.isArray(users)) return undefined;
  // Every record, not a sample: one bad record would break the rows built from it.
  for (const u of users as unknown[]) {
    if (!isRecord(u) || typeof u.id !== 'string' || typeof u.displayName !== 'string' || typeof u.userPrincipalName !== 'string') return undefined;
    if (!Array.isArray(u.skuIds)) return undefined;
  }
  return value as unknown as IKeptUsers;
}
