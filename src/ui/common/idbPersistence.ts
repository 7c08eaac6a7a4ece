import type { IReportPersistence } from '../../core/reports/store';
import type { IReportResult } from '../../core/reports/reader';

const DB = 'm365-impressions';
const STORE = 'reports';

/**
 * Report reads kept in IndexedDB across reloads (keys carry the tenant, so tenants never mix).
 * Rows hold no token and no credentials — only what the report returned. Where IndexedDB is
 * missing or blocked (private windows), every call quietly does nothing.
 */
export function indexedDbPersistence(): IReportPersistence | undefined {
  if (typeof indexedDB === 'undefined') return undefined;
  let db: Promise<IDBDatabase> | undefined;
  const open = (): Promise<IDBDatabase> =>
    (db ??= new Promise((resolve, reject) => {
      const req = indexedDB.open(DB, 1);
      req.onupgradeneeded = () => req.result.createObjectStore(STORE);
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
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
    get: key => run<{ savedAt: number; result: IReportResult } | undefined>('readonly', s => s.get(key)),
    set: async (key, value) => { await run('readwrite', s => s.put(value, key)); }
  };
}
