import type { IReportPersistence } from '../../src/core/reports/store';
import type { IReportResult } from '../../src/core/reports/reader';

/** A report read as the browser keeps it. */
export type Saved = { savedAt: number; result: IReportResult };

/** IndexedDB's contract over a Map, prefix deletes and pruning included (what idbPersistence does with key ranges). */
export function mapPersistence(): IReportPersistence & { data: Map<string, Saved> } {
  const data = new Map<string, Saved>();
  return {
    data,
    get: async key => data.get(key),
    set: async (key, value) => { data.set(key, value); },
    clear: async prefix => {
      const gone = [...data.keys()].filter(k => k.startsWith(prefix));
      gone.forEach(k => data.delete(k));
      return gone.length;
    },
    prune: async before => { for (const [k, v] of data) if (v.savedAt < before) data.delete(k); }
  };
}
