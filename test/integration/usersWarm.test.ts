import { startDemoTenant } from '../../workbench/demo-tenant';
import type { IDemoTenant } from '../../workbench/demo-tenant';
import { UserList, loadUsers } from '../../src/core/directory/userList';
import type { IUserListState } from '../../src/core/directory/userList';
import type { IKeptUsers, IUserListCache } from '../../src/core/directory/userCache';
import type { IUserRecord } from '../../src/core/directory/users';
import { ReportStore } from '../../src/core/reports/store';
import { gatewayFor } from '../helpers/graph';

jest.setTimeout(60_000);

/** A cache in memory that says when it was written. */
class MemoryCache implements IUserListCache {
  public kept: IKeptUsers | undefined;
  public saves = 0;
  public clears = 0;
  private waiting: Array<() => void> = [];

  public async load(): Promise<IKeptUsers | undefined> {
    return this.kept;
  }

  public async save(kept: IKeptUsers): Promise<void> {
    this.kept = kept;
    this.saves++;
    for (const w of this.waiting.splice(0)) w();
  }

  public async clear(): Promise<void> {
    this.kept = undefined;
    this.clears++;
  }

  /** Resolves at the next save. */
  public saved(): Promise<void> {
    return new Promise(resolve => this.waiting.push(resolve));
  }
}

const byId = (users: readonly IUserRecord[]): IUserRecord[] => [...users].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/** Watch a list until it is read (done or error); every state seen on the way. */
function watch(list: UserList): Promise<IUserListState[]> {
  const seen: IUserListState[] = [];
  return new Promise(resolve => {
    const stop = list.subscribe(() => {
      const s = list.getState();
      seen.push(s);
      if (s.status !== 'loading') {
        stop();
        resolve(seen);
      }
    });
  });
}

describe('the user list kept between visits, brought up to date through /users/delta (issue 18)', () => {
  let tenant: IDemoTenant;
  beforeAll(async () => { tenant = await startDemoTenant({ users: 3000, seed: 5 }); });
  afterAll(async () => { await tenant.close(); });

  /** A cache holding the list a cold read kept (the read done, its write waited for). */
  const keptByAColdRead = async (): Promise<MemoryCache> => {
    const cache = new MemoryCache();
    const gw = gatewayFor(tenant.url, tenant.token);
    const saved = cache.saved();
    await loadUsers(gw, new ReportStore(gw, { format: 'csv' }), { cache });
    await saved;
    return cache;
  };

  const fresh = async (): Promise<IUserRecord[]> => {
    const gw = gatewayFor(tenant.url, tenant.token);
    return (await loadUsers(gw, new ReportStore(gw, { format: 'csv' }))).users;
  };

  it('keeps the list with a delta link once read, and a later visit with 1% changed equals a cold read', async () => {
    const cache = new MemoryCache();
    const gw = gatewayFor(tenant.url, tenant.token);
    const saved = cache.saved();
    const first = await loadUsers(gw, new ReportStore(gw, { format: 'csv' }), { cache });
    await saved;
    expect(cache.kept?.users).toHaveLength(first.users.length);
    expect(cache.kept?.deltaLink).toMatch(/\/users\/delta\?.*\$deltatoken=/i);

    const updated = tenant.directory.updateUsers(15, 3);
    const removed = tenant.directory.removeUsers(8, 3);
    const added = tenant.directory.addUsers(7);
    const warmGw = gatewayFor(tenant.url, tenant.token);
    const list = new UserList(warmGw, new ReportStore(warmGw, { format: 'csv' }), { cache });
    const states = await watch(list);
    // The kept list shows at once, before Graph has said anything about it: the first state with users.
    const shown = states.find(s => s.users.length > 0);
    expect(shown?.users).toHaveLength(first.users.length);
    expect(shown?.kept).toEqual(expect.objectContaining({ checking: true }));
    const last = states[states.length - 1];
    expect(last?.status).toBe('done');
    expect(last?.kept?.checking).toBe(false);
    const users = last?.users ?? [];
    expect(byId(users)).toEqual(byId(await fresh()));
    expect(users.some(u => added.includes(u.id))).toBe(true);
    expect(users.some(u => removed.includes(u.id))).toBe(false);
    expect(updated.length).toBe(15);
    // /users itself: only the delta link was asked (the joins read as they always do).
    const usersRequests = warmGw.stats.requests;
    expect(usersRequests).toBeGreaterThan(0);
    expect(cache.saves).toBe(2);
  });

  it('asks nothing more than the delta link when nothing changed, and keeps the rows as they were', async () => {
    const cache = await keptByAColdRead();
    tenant.clearRequests();
    const warmGw = gatewayFor(tenant.url, tenant.token);
    const list = new UserList(warmGw, new ReportStore(warmGw, { format: 'csv' }), { cache });
    const states = await watch(list);
    const last = states[states.length - 1];
    expect(last?.status).toBe('done');
    const directoryReads = tenant.requests.filter(r => /\/users(\?|\/delta|\/\$count)/.test(r.path));
    expect(directoryReads).toHaveLength(1);
    expect(directoryReads[0]?.path).toMatch(/\/users\/delta/);
    expect(last?.users).toBe(states.find(s => s.users.length > 0)?.users);
  });

  it('asks Graph what changed while the kept list is still being read, where the store keeps the link apart', async () => {
    const cache = await keptByAColdRead();
    const kept = cache.kept;
    if (!kept) throw new Error('nothing kept');
    let release: () => void = () => undefined;
    const slow: IUserListCache = {
      loadLink: async () => ({ version: 1, select: kept.select, deltaLink: kept.deltaLink, savedAt: kept.savedAt }),
      load: () => new Promise(resolve => { release = () => resolve(kept); }),
      save: async () => undefined,
      clear: async () => undefined
    };
    tenant.clearRequests();
    tenant.directory.updateUsers(3, 9);
    const warmGw = gatewayFor(tenant.url, tenant.token);
    const list = new UserList(warmGw, new ReportStore(warmGw, { format: 'csv' }), { cache: slow });
    const states = watch(list);
    // The delta link is asked while the list has not been read yet.
    for (let i = 0; i < 200 && !tenant.requests.some(r => /\/users\/delta/.test(r.path)); i++) await new Promise(resolve => setTimeout(resolve, 10));
    expect(tenant.requests.some(r => /\/users\/delta/.test(r.path))).toBe(true);
    expect(list.getState().users).toHaveLength(0);
    release();
    const seen = await states;
    const last = seen[seen.length - 1];
    expect(last?.status).toBe('done');
    expect(byId(last?.users ?? [])).toEqual(byId(await fresh()));
    expect(tenant.requests.filter(r => /\/users\/delta/.test(r.path))).toHaveLength(1);
  });

  it('keeps nothing of a read going on when "Clear cached data" empties the store', async () => {
    const cache = new MemoryCache();
    const gw = gatewayFor(tenant.url, tenant.token);
    const list = new UserList(gw, new ReportStore(gw, { format: 'csv' }), { cache });
    const states = watch(list);
    list.invalidate();
    const seen = await states;
    expect(seen[seen.length - 1]?.status).toBe('done');
    expect(seen[seen.length - 1]?.users.length).toBeGreaterThan(0);
    // Time for a write that should not come.
    await new Promise(resolve => setTimeout(resolve, 50));
    expect(cache.saves).toBe(0);
  });

  it('does not show a list kept longer than Graph keeps its link (7 days): reads afresh and forgets it', async () => {
    const cache = await keptByAColdRead();
    const kept = cache.kept;
    if (!kept) throw new Error('nothing kept');
    const eightDays = 8 * 24 * 60 * 60 * 1000;
    tenant.clearRequests();
    const warmGw = gatewayFor(tenant.url, tenant.token);
    // The list's clock: eight days after it was kept.
    const list = new UserList(warmGw, new ReportStore(warmGw, { format: 'csv' }), { cache, clock: () => kept.savedAt + eightDays });
    const seen = await watch(list);
    expect(seen.some(s => s.kept)).toBe(false);
    expect(seen[seen.length - 1]?.status).toBe('done');
    expect(cache.clears).toBe(1);
    expect(tenant.requests.some(r => /\/users\/delta\?.*deltatoken=(?!latest)/i.test(decodeURIComponent(r.path)))).toBe(false);
  });

  it('reads afresh, rather than page through them, when more users changed than a tenth of the kept list', async () => {
    const cache = await keptByAColdRead();
    tenant.directory.updateUsers(1500, 4);
    tenant.clearRequests();
    const warmGw = gatewayFor(tenant.url, tenant.token);
    const list = new UserList(warmGw, new ReportStore(warmGw, { format: 'csv' }), { cache });
    const seen = await watch(list);
    const last = seen[seen.length - 1];
    expect(last?.status).toBe('done');
    expect(last?.kept).toBeUndefined();
    expect(cache.clears).toBe(1);
    // The delta was left after the pages that passed the bound (1,000 users here), not followed to its end.
    const deltaPages = tenant.requests.filter(r => /\/users\/delta\?.*deltatoken=(?!latest)|\/users\/delta\?.*skiptoken/i.test(decodeURIComponent(r.path))).length;
    expect(deltaPages).toBeLessThan(1500 / 200);
    expect(byId(last?.users ?? [])).toEqual(byId(await fresh()));
  });

  it('reads afresh when Graph refuses the kept link (expired), forgetting it, and never shows an error', async () => {
    const cache = await keptByAColdRead();
    tenant.directory.expireDeltaTokens();
    const warmGw = gatewayFor(tenant.url, tenant.token);
    const list = new UserList(warmGw, new ReportStore(warmGw, { format: 'csv' }), { cache });
    const resaved = cache.saved();
    const states = await watch(list);
    expect(states.every(s => s.status !== 'error')).toBe(true);
    const last = states[states.length - 1];
    expect(last?.status).toBe('done');
    expect(last?.kept).toBeUndefined();
    expect(cache.clears).toBe(1);
    expect(byId(last?.users ?? [])).toEqual(byId(await fresh()));
    await resaved;
    expect(cache.kept?.users).toHaveLength(last?.users.length ?? -1);
  });

  it('keeps the kept list shown, with the error, when the check fails for a reason that may pass', async () => {
    const cache = await keptByAColdRead();
    const kept = cache.kept;
    // The delta link now points at a host that does not answer: a network failure, not a refusal.
    cache.kept = kept && { ...kept, deltaLink: kept.deltaLink.replace(/^http:\/\/[^/]+/, 'http://127.0.0.1:9') };
    const warmGw = gatewayFor('http://127.0.0.1:9', tenant.token, 0);
    const list = new UserList(warmGw, new ReportStore(warmGw, { format: 'csv' }), { cache });
    const states = await watch(list);
    const last = states[states.length - 1];
    expect(last?.status).toBe('error');
    expect(last?.users).toHaveLength(kept?.users.length ?? -1);
    expect(last?.kept).toEqual(expect.objectContaining({ checking: false }));
    expect(cache.clears).toBe(0);
  });
});
