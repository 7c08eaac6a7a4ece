/**
 * What a store of the kept user list (userCache.ts) reads back is checked here, once for every store: a
 * file edited by hand, a browser database written by another version, or a write cut short must come back
 * as "nothing kept" (read afresh), never as a list the views trip over.
 */
import { isRecord } from '../graph/GraphError';
import type { IKeptLink, IKeptUsers } from './userCache';

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

/** A kept list's link record (see IUserListCache.loadLink), when `value` has its shape; otherwise undefined. */
export function asKeptLink(value: unknown): IKeptLink | undefined {
  if (!isRecord(value) || value.version !== 1) return undefined;
  const { select, deltaLink, savedAt } = value;
  if (typeof select !== 'string' || typeof deltaLink !== 'string' || deltaLink === '' || typeof savedAt !== 'number' || !Number.isFinite(savedAt)) return undefined;
  return { version: 1, select, deltaLink, savedAt };
}
