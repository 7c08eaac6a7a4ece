import type { IReportPersistence, IReportResult } from '../../core/reports';

const DB = 'm365-impressions';
const STORE = 'reports';
/**
 * 2: keys carry the tenant and the signed-in person. Version 1 keyed by tenant only; its entries are
 * deleted on upgrade rather than served to whoever opens the app next.
 */
const VERSION = 2;

type Saved = { savedAt: number; result: IReportResult };

/**
 * Report reads kept in IndexedDB across reloads. The ReportStore keys them `<tenant>|<person>|…`, so
 * neither tenants nor people sharing a browser profile ever mix. Rows hold no token and no credentials —
 * only what the report returned. Where IndexedDB is missing or blocked (private windows), every call
 * quietly does nothing.
 */
export function indexedDbPersistence(): IReportPersistence | undefined {
  if (typeof indexedDB === 'undefined') return undefined;
  let db: Promise<IDBDatabase> | undefined;
  const open = (): Promise<IDBDatabase> =>
    (db ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, VERSION);
      req.onupgradeneeded = () => {
        const d = req.result;
        if (d.objectStoreNames.contains(STORE)) d.deleteObjectStore(STORE);
        d.createObjectStore(STORE);
      };
      req.onsuccess = () => {
        // A later version opened in another tab waits for this connection: let it go.
        req.result.onversionchange = () => req.result.close();
        resolve(req.result);
      };
      req.onerror = () => reject(req.error);
      // An older tab holds the previous version open: read without persistence rather than wait for it.
      req.onblocked = () => reject(new Error('IndexedDB upgrade blocked by another tab.'));
    }));
  const run = async <T,>(mode: IDBTransactionMode, fn: (s: IDBObjectStore) => IDBRequest): Promise<T> => {
    const store = (await open()).transaction(STORE, mode).objectStore(STORE);
    return new Promise<T>((resolve, reject) => {
      const req = fn(store);
      req.onsuccess = () => resolve(req.result as T);
      req.onerror = () => reject(req.error);
    });
  };
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
