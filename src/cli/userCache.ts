/**
 * `users --cache <dir>`: the user list kept between runs in a folder, one JSON file per tenant and signed-in
 * identity, so a scheduled run asks /users/delta what changed instead of reading every user again. The file
 * holds what /users returned and the delta link (a change-tracking state, not a credential) — never a token.
 */
import { createHash, randomBytes } from 'crypto';
import { promises as fsp } from 'fs';
import * as path from 'path';
import { asKeptUsers } from '../core/directory';
import type { IKeptUsers, IUserListCache } from '../core/directory';

/** What the file says it is, so a stray JSON file in the folder is never taken for a kept list. */
const FORMAT = 'm365-impressions/users';

/** The file's contents: the list and whose it is. */
interface IUserCacheFile {
  format: typeof FORMAT;
  tenant: string;
  person: string;
  kept: IKeptUsers;
}

/** Options of a file store. */
export interface IFileUserCacheOptions {
  /** Told, in words, when a kept file cannot be read or written (the run goes on: it reads afresh). */
  onProblem?: (message: string) => void;
}

/** A file store that can be waited for: `flush` settles once every load, save and clear asked for has. */
export interface IFileUserCache extends IUserListCache {
  /** The file this tenant and person's list is kept in. */
  readonly file: string;
  /**
   * What became of the last save since the last clear: none asked for, written, or failed (said through
   * onProblem: save never rejects).
   */
  readonly lastSave: 'none' | 'written' | 'failed';
  flush(): Promise<void>;
}

/**
 * The file for a tenant and person in `dir`: `users-<hash>.json`, the hash of both (ids or UPNs never
 * appear in file names, and no name the tenant chooses can reach outside the folder).
 */
export function userCacheFile(dir: string, tenant: string, person: string): string {
  const hash = createHash('sha256').update(`${tenant.trim().toLowerCase()}\n${person.trim().toLowerCase()}`).digest('hex').slice(0, 32);
  return path.join(path.resolve(dir), `users-${hash}.json`);
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The kept list of one tenant and signed-in person in `dir` (created, readable by this account only, when the
 * first list is kept). Reads and writes run one after another in the order asked (a clear then a save never
 * cross). A missing, unreadable or foreign file is "nothing kept"; a file is written whole to a temporary
 * name (mode 0600) and renamed over the old one, so a run cut short never leaves half a list.
 */
export function fileUserCache(dir: string, tenantId: string, personId: string, options: IFileUserCacheOptions = {}): IFileUserCache {
  // Tenant and object ids are GUIDs, spelt in either case.
  const tenant = tenantId.trim().toLowerCase();
  const person = personId.trim().toLowerCase();
  const file = userCacheFile(dir, tenant, person);
  const tell = (message: string): void => options.onProblem?.(message);
  let queue: Promise<unknown> = Promise.resolve();
  const inTurn = <T,>(op: () => Promise<T>): Promise<T> => {
    const next = queue.then(op, op);
    queue = next.catch(() => undefined);
    return next;
  };
  let lastSave: IFileUserCache['lastSave'] = 'none';
  return {
    file,
    get lastSave() { return lastSave; },
    load: () => inTurn(() => readKept(file, tenant, person, tell)),
    save: kept => inTurn(async () => {
      try {
        await writeKept(file, { format: FORMAT, tenant, person, kept });
        lastSave = 'written';
      } catch (e) {
        lastSave = 'failed';
        tell(`--cache: the user list could not be kept in ${file} (${errorText(e)}); the next run reads every user again.`);
      }
    }),
    clear: () => inTurn(async () => {
      lastSave = 'none';
      await fsp.rm(file, { force: true });
    }),
    flush: () => queue.then(() => undefined)
  };
}

/** The kept list in `file` when it is this tenant and person's, of this shape; otherwise undefined. */
async function readKept(file: string, tenant: string, person: string, tell: (message: string) => void): Promise<IKeptUsers | undefined> {
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (e) {
    // None kept yet is the usual first run; anything else is worth a word.
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') tell(`--cache: ${file} could not be read (${errorText(e)}); reading every user.`);
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    tell(`--cache: ${file} is not a kept user list (damaged JSON); reading every user.`);
    return undefined;
  }
  const f = parsed as Partial<IUserCacheFile> | null;
  if (!f || f.format !== FORMAT || f.tenant !== tenant || f.person !== person) {
    tell(`--cache: ${file} is not this sign-in's kept user list; reading every user.`);
    return undefined;
  }
  // Another version's shape is read afresh and replaced, quietly: that is what versions are for.
  return asKeptUsers(f.kept);
}

/** Write `content` to `file` whole: a temporary file only this account can read, renamed over the old one. */
async function writeKept(file: string, content: IUserCacheFile): Promise<void> {
  await fsp.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fsp.writeFile(tmp, JSON.stringify(content), { mode: 0o600 });
    await fsp.rename(tmp, file);
  } catch (e) {
    await fsp.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}
