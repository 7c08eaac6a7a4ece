import { upgradeStores } from '../../../src/ui/common/idbPersistence';

// The browser database's upgrade, step by step: what each old version keeps. (test/e2e/userCache.test.ts
// runs the same upgrade in Chromium's IndexedDB with entries in it.)

/** The few members of IDBDatabase an upgrade uses, over a Map of stores and their entries. */
function database(stores: Record<string, string[]>): { db: Parameters<typeof upgradeStores>[0]; stores: Map<string, string[]> } {
  const map = new Map(Object.entries(stores));
  const db = {
    objectStoreNames: { contains: (name: string) => map.has(name) } as DOMStringList,
    createObjectStore: (name: string) => {
      if (map.has(name)) throw new Error(`ConstraintError: ${name} exists`);
      map.set(name, []);
      return {} as IDBObjectStore;
    },
    deleteObjectStore: (name: string) => {
      if (!map.delete(name)) throw new Error(`NotFoundError: ${name}`);
    }
  };
  return { db, stores: map };
}

describe('the browser database\'s upgrade', () => {
  it('creates both stores in a new database', () => {
    const { db, stores } = database({});
    upgradeStores(db, 0);
    expect([...stores.keys()].sort()).toEqual(['reports', 'users']);
  });

  it('from version 2 keeps the report reads (keyed by tenant and person) and adds the user list\'s store', () => {
    const { db, stores } = database({ reports: ['t|p|json|getEmailActivityCounts(period=D30)'] });
    upgradeStores(db, 2);
    expect(stores.get('reports')).toEqual(['t|p|json|getEmailActivityCounts(period=D30)']);
    expect(stores.get('users')).toEqual([]);
  });

  it('from version 1 drops the report reads keyed by tenant only', () => {
    const { db, stores } = database({ reports: ['t|json|getEmailActivityCounts(period=D30)'] });
    upgradeStores(db, 1);
    expect(stores.get('reports')).toEqual([]);
    expect(stores.has('users')).toBe(true);
  });

  it('leaves a database that already has both stores as it is', () => {
    const { db, stores } = database({ reports: ['r'], users: ['u'] });
    upgradeStores(db, 3);
    expect(Object.fromEntries(stores)).toEqual({ reports: ['r'], users: ['u'] });
  });
});
