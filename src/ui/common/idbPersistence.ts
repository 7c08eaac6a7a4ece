import { KEPT_FOR_MS, asKeptLink, asKeptUsers, fromKeptColumns, toKeptColumns } from '../../core/directory';
import type { IKeptUsers, IUserListCache } from '../../core/directory';
import type { IReportPersistence, IReportResult } from '../../core/reports';

const DB = 'm365-impressions';
const STORE = 'reports';
const USERS = 'users';
/**
 * 3: a 'users' store for the kept user list (issue 18); the reports kept at version 2 stay.
 * 2: keys carry the tenant and the signed-in person. Version 1 keyed by tenant only; its entries are
 * deleted on upgrade rather than served to whoever opens the app next.
 */
const VERSION = 3;

type Saved = { savedAt: number; result: IReportResult };

/**
 * Bring a database opened at `oldVersion` (0: new) to VERSION, keeping what is still right: only
 * version 1's reports (keyed by tenant alone) are dropped; stores missing are created.
 */
export function upgradeStores(db: Pick<IDBDatabase, 'objectStoreNames' | 'createObjectStore' | 'deleteObjectStore'>, oldVersion: number): void {
  if (oldVersion < 2 && db.objectStoreNames.contains(STORE)) db.deleteObjectStore(STORE);
  if (!db.objectStoreNames.contains(STORE)) db.createObjectStore(STORE);
  if (!db.objectStoreNames.contains(USERS)) db.createObjectStore(USERS);
}

/** Open the app's database at VERSION, upgrading it when older. */
function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, VERSION);
    req.onupgradeneeded = event => upgradeStores(req.result, event.oldVersion);
    req.onsuccess = () => {
      // A later version opened in another tab waits for this connection: let it go.
      req.result.onversionchange = () => req.result.close();
      resolve(req.result);
    };
    req.onerror = () => reject(req.error);
    // An older tab holds the previous version open: go without persistence rather than wait for it.
    req.onblocked = () => reject(new Error('IndexedDB upgrade blocked by another tab.'));
  });
}

/** One request in a transaction on `store`, as a promise of its result. */
async function inStore<T>(db: Promise<IDBDatabase>, store: string, mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest): Promise<T> {
  const s = (await db).transaction(store, mode).objectStore(store);
  return new Promise<T>((resolve, reject) => {
    const req = fn(s);
    req.onsuccess = () => resolve(req.result as T);
    req.onerror = () => reject(req.error);
  });
}

/**
 * Report reads kept in IndexedDB across reloads. The ReportStore keys them `<tenant>|<person>|…`, so neither
 * tenants nor people sharing a browser profile ever mix. Rows hold no token and no credentials — only what the
 * report returned. Where IndexedDB is missing or blocked (private windows), every call quietly does nothing.
 */
export function indexedDbPersistence(): IReportPersistence | undefined {
  if (typeof indexedDB === 'undefined') return undefined;
  let db: Promise<IDBDatabase> | undefined;
  const open = (): Promise<IDBDatabase> => (db ??= openDatabase());
  const run = <T,>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest): Promise<T> => inStore<T>(open(), STORE, mode, fn);
  return {
    get: key => run<Saved | undefined>('readonly', s => s.get(key)),
    set: async (key, value) => { await run('readwrite', s => s.put(value, key)); },
    clear: async prefix => {
      if (!prefix) throw new Error('A persisted-report clear needs a key prefix.');
      // Every string key that starts with the prefix: [prefix, prefix + the highest code unit).
      const range = IDBKeyRange.bound(prefix, `${prefix}\uffff`, false, true);
      const tx = (await open()).transaction(STORE, 'readwrite');
      const store = tx.objectStore(STORE);
      return new Promise<number>((resolve, reject) => {
        const count = store.count(range);
        store.delete(range);
        tx.oncomplete = () => resolve(count.result);
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
    },
    prune: async savedBefore => {
      const tx = (await open()).transaction(STORE, 'readwrite');
      await new Promise<void>((resolve, reject) => {
        const cursor = tx.objectStore(STORE).openCursor();
        cursor.onsuccess = () => {
          const c = cursor.result;
          if (!c) return;
          const saved = c.value as Partial<Saved> | undefined;
          if (typeof saved?.savedAt !== 'number' || saved.savedAt < savedBefore) c.delete();
          c.continue();
        };
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error);
      });
    }
  };
}

/**
 * Delete anyone's kept lists saved before `before` (with their links): a list older than Graph's delta link is
 * never shown again, and a person who no longer opens the app should not leave their tenant's directory in the
 * browser. Keys only, then each small link record: the lists themselves (megabytes each) are never read for it.
 */
function pruneKeptLists(store: IDBObjectStore, before: number): void {
  const keys = store.openKeyCursor();
  keys.onsuccess = () => {
    const c = keys.result;
    if (!c) return;
    const key = String(c.key);
    if (key.endsWith('|link')) {
      const link = store.get(key);
      link.onsuccess = () => {
        const savedAt = (link.result as { savedAt?: unknown } | undefined)?.savedAt;
        if (typeof savedAt === 'number' && savedAt >= before) return;
        store.delete(key);
        store.delete(key.slice(0, -'|link'.length));
      };
    }
    c.continue();
  };
}

/**
 * The user list kept in IndexedDB for one tenant and signed-in person (key `<tenant>|<person>|users`, each
 * part URI-encoded as the report keys are), beside the report reads. Only what /users returned and the
 * delta link are kept — no token. Missing or blocked IndexedDB: undefined (nothing is kept). A read that
 * fails or finds another shape is "nothing kept"; a write that fails is let go (the next visit reads
 * afresh); a clear that fails rejects, so "Clear cached data" can say so.
 */
export function indexedDbUserCache(tenant: string, person: string): IUserListCache | undefined {
  if (typeof indexedDB === 'undefined' || !tenant || !person) return undefined;
  const key = `${encodeURIComponent(tenant)}|${encodeURIComponent(person)}|users`;
  let db: Promise<IDBDatabase> | undefined;
  const run = async <T,>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest): Promise<T> => {
    const opened = (db ??= openDatabase());
    try {
      return await inStore<T>(opened, USERS, mode, fn);
    } catch (e) {
      // A blocked open, or a connection another tab's upgrade closed: open again next time.
      if (db === opened) db = undefined;
      throw e;
    }
  };
  // The link apart too, written in the same transaction: read in a moment, so Graph is asked what changed
  // while the list itself (a few hundred ms for 100,000 users) is still being read.
  const linkKey = `${key}|link`;
  return {
    load: async () => {
      try {
        // Kept as columns (read back twice as fast); a list kept whole by an earlier version still reads.
        const value = await run<unknown>('readonly', s => s.get(key));
        return fromKeptColumns(value) ?? asKeptUsers(value);
      } catch {
        return undefined;
      }
    },
    loadLink: async () => {
      try {
        return asKeptLink(await run<unknown>('readonly', s => s.get(linkKey)));
      } catch {
        return undefined;
      }
    },
    save: async (kept: IKeptUsers) => {
      try {
        const { version, select, deltaLink, savedAt } = kept;
        await run('readwrite', s => {
          pruneKeptLists(s, savedAt - KEPT_FOR_MS);
          s.put({ version, select, deltaLink, savedAt }, linkKey);
          return s.put(toKeptColumns(kept), key);
        });
      } catch {
        // Quota or a closing database: nothing kept this time.
      }
    },
    clear: async () => {
      await run('readwrite', s => {
        s.delete(linkKey);
        return s.delete(key);
      });
    }
  };
}
