import { ReportStore } from '../../../src/core/reports/store';
import type { IReportPersistence, IReportStoreOptions } from '../../../src/core/reports/store';
import type { IReportResult } from '../../../src/core/reports/reader';
import { GraphGateway } from '../../../src/core/graph/GraphGateway';
import { requireReport } from '../../../src/core/reports/catalog';
import { identityFromToken } from '../../../src/core/graph/scopes';
import { fakeClient } from '../../component/fakeGraph';
import { mapPersistence } from '../../helpers/persistence';

// Persisted report reads belong to one tenant AND one signed-in person: a second person in the same
// browser profile is never served the first one's rows, and "Clear cached data" removes only one's own.



const entry = requireReport('getEmailActivityUserDetail');
const ADMIN = '0f6b2a1c-0000-4000-8000-00000000a001';
const READER = '0f6b2a1c-0000-4000-8000-00000000b002';
const NOW = 1_800_000_000_000; // a fixed clock: nothing here depends on today

function rows(upn: string): { body: unknown } {
  return { body: { value: [{ reportRefreshDate: '2026-11-19', userPrincipalName: upn, displayName: upn, sendCount: 3, reportPeriod: '30' }] } };
}

/** A store as one person's browser session builds it, over a fake Graph answering `upn`'s row. */
function session(persistence: IReportPersistence, options: Partial<IReportStoreOptions>, upn = 'ann@contoso.com'): { store: ReportStore; calls: string[] } {
  const { client, calls } = fakeClient({ '/reports/getEmailActivityUserDetail': rows(upn) });
  const store = new ReportStore(new GraphGateway(client), { format: 'json', persistence, now: () => NOW, ...options });
  return { store, calls };
}

const upnsOf = (r: IReportResult): unknown[] => r.rows.map(row => row['User Principal Name']);

describe('report reads kept across reloads are one person\'s', () => {
  it('keys every persisted read by tenant and person', async () => {
    const p = mapPersistence();
    const { store } = session(p, { tenantKey: 'tenant-a', userKey: ADMIN });
    await store.get(entry, { period: 'D30' });
    expect([...p.data.keys()]).toEqual([`tenant-a|${ADMIN}|json|getEmailActivityUserDetail(period=D30)`]);
    expect(store.persists).toBe(true);
  });

  it('serves a reload of the same person from persistence, without asking Graph', async () => {
    const p = mapPersistence();
    await session(p, { tenantKey: 'tenant-a', userKey: ADMIN }).store.get(entry, { period: 'D30' });
    const again = session(p, { tenantKey: 'tenant-a', userKey: ADMIN }, 'changed@contoso.com');
    expect(upnsOf(await again.store.get(entry, { period: 'D30' }))).toEqual(['ann@contoso.com']);
    expect(again.calls).toEqual([]);
    expect(again.store.stats.persistedHits).toBe(1);
  });

  it('never serves one person\'s reads to another person of the same tenant: the second asks Graph', async () => {
    const p = mapPersistence();
    await session(p, { tenantKey: 'tenant-a', userKey: ADMIN }).store.get(entry, { period: 'D30' });
    const reader = session(p, { tenantKey: 'tenant-a', userKey: READER }, 'reader-view@contoso.com');
    expect(upnsOf(await reader.store.get(entry, { period: 'D30' }))).toEqual(['reader-view@contoso.com']);
    expect(reader.calls).toHaveLength(1);
    expect(reader.store.stats.persistedHits).toBe(0);
    // Each person has their own entry now, side by side.
    expect([...p.data.keys()].sort()).toEqual([`tenant-a|${ADMIN}|json|getEmailActivityUserDetail(period=D30)`, `tenant-a|${READER}|json|getEmailActivityUserDetail(period=D30)`].sort());
  });

  it('a person Graph refuses (403, no report role) gets the refusal, not the rows kept for someone else', async () => {
    const p = mapPersistence();
    await session(p, { tenantKey: 'tenant-a', userKey: ADMIN }).store.get(entry, { period: 'D30' });
    const { client, calls } = fakeClient({ '/reports/getEmailActivityUserDetail': { status: 403, body: { error: { code: 'S2SUnauthorized', message: 'Invalid Permission.' } } } });
    const refused = new ReportStore(new GraphGateway(client), { format: 'json', persistence: p, now: () => NOW, tenantKey: 'tenant-a', userKey: READER });
    await expect(refused.get(entry, { period: 'D30' })).rejects.toMatchObject({ status: 403, kind: 'role' });
    expect(calls).toHaveLength(1);
    // The refusal is not kept either.
    expect([...p.data.keys()].filter(k => k.includes(READER))).toEqual([]);
  });

  it('keeps nothing, and reads nothing kept, when the person is unknown', async () => {
    const p = mapPersistence();
    await session(p, { tenantKey: 'tenant-a', userKey: ADMIN }).store.get(entry, { period: 'D30' });
    const before = [...p.data.keys()];
    for (const userKey of [undefined, '']) {
      const nobody = session(p, { tenantKey: 'tenant-a', userKey }, 'nobody-view@contoso.com');
      expect(upnsOf(await nobody.store.get(entry, { period: 'D30' }))).toEqual(['nobody-view@contoso.com']);
      expect(nobody.calls).toHaveLength(1);
      expect(nobody.store.persists).toBe(false);
    }
    expect([...p.data.keys()]).toEqual(before);
  });

  it('keeps nothing without a tenant either, and the same person in two tenants has two entries', async () => {
    const p = mapPersistence();
    const untenanted = session(p, { userKey: ADMIN });
    await untenanted.store.get(entry, { period: 'D30' });
    expect(p.data.size).toBe(0);
    await session(p, { tenantKey: 'tenant-a', userKey: ADMIN }).store.get(entry, { period: 'D30' });
    const b = session(p, { tenantKey: 'tenant-b', userKey: ADMIN }, 'b@fabrikam.com');
    expect(upnsOf(await b.store.get(entry, { period: 'D30' }))).toEqual(['b@fabrikam.com']);
    expect(b.calls).toHaveLength(1);
  });

  it('a "|" in a tenant key cannot make one tenant and person look like another', async () => {
    const p = mapPersistence();
    await session(p, { tenantKey: 'a|b', userKey: 'c' }).store.get(entry, { period: 'D30' });
    const other = session(p, { tenantKey: 'a', userKey: 'b|c' }, 'other@contoso.com');
    expect(upnsOf(await other.store.get(entry, { period: 'D30' }))).toEqual(['other@contoso.com']);
    expect(other.calls).toHaveLength(1);
  });

  it('does not serve a read older than its age, and deletes anyone\'s that old once per session', async () => {
    const p = mapPersistence();
    const old = { savedAt: NOW - 6 * 3600_000 - 1, result: { rows: [], headers: [], requests: 1 } as unknown as IReportResult };
    p.data.set(`tenant-a|${encodeURIComponent(READER)}|json|getEmailActivityUserDetail(period=D30)`, old);
    p.data.set(`tenant-a|${ADMIN}|json|getEmailActivityUserDetail(period=D30)`, old);
    const { store, calls } = session(p, { tenantKey: 'tenant-a', userKey: ADMIN });
    expect(upnsOf(await store.get(entry, { period: 'D30' }))).toEqual(['ann@contoso.com']);
    expect(calls).toHaveLength(1);
    expect([...p.data.keys()]).toEqual([`tenant-a|${ADMIN}|json|getEmailActivityUserDetail(period=D30)`]);
    expect(p.data.get(`tenant-a|${ADMIN}|json|getEmailActivityUserDetail(period=D30)`)?.savedAt).toBe(NOW);
  });
});

describe('ReportStore.clear', () => {
  it('deletes this person\'s persisted reads and the in-memory ones, leaves other people\'s, and the next read asks Graph', async () => {
    const p = mapPersistence();
    await session(p, { tenantKey: 'tenant-a', userKey: READER }).store.get(entry, { period: 'D30' });
    await session(p, { tenantKey: 'tenant-b', userKey: ADMIN }).store.get(entry, { period: 'D30' });
    const { store, calls } = session(p, { tenantKey: 'tenant-a', userKey: ADMIN });
    await store.get(entry, { period: 'D30' });
    await store.get(entry, { period: 'D7' });
    expect(calls).toHaveLength(2);
    await store.get(entry, { period: 'D30' });
    expect(calls).toHaveLength(2); // from memory
    const generation = store.generation;

    await expect(store.clear()).resolves.toEqual({ persisted: 2, inMemory: 2, persists: true });
    expect(store.generation).toBe(generation + 1);
    expect([...p.data.keys()].sort()).toEqual([`tenant-a|${READER}|json|getEmailActivityUserDetail(period=D30)`, `tenant-b|${ADMIN}|json|getEmailActivityUserDetail(period=D30)`].sort());

    await store.get(entry, { period: 'D30' });
    expect(calls).toHaveLength(3);
    // A fresh session of this person finds the new read, not nothing and not the old one.
    expect(p.data.get(`tenant-a|${ADMIN}|json|getEmailActivityUserDetail(period=D30)`)).toBeDefined();
  });

  it('a read in flight when the data is cleared is handed to its caller but not kept', async () => {
    const p = mapPersistence();
    let release: () => void = () => undefined;
    const held = new Promise<void>(r => { release = r; });
    const { client, calls } = fakeClient({ '/reports/getEmailActivityUserDetail': async () => { await held; return rows('ann@contoso.com'); } });
    const store = new ReportStore(new GraphGateway(client), { format: 'json', persistence: p, now: () => NOW, tenantKey: 'tenant-a', userKey: ADMIN });
    const reading = store.get(entry, { period: 'D30' });
    await new Promise(r => setTimeout(r, 0));
    await expect(store.clear()).resolves.toEqual({ persisted: 0, inMemory: 1, persists: true });
    release();
    expect(upnsOf(await reading)).toEqual(['ann@contoso.com']);
    expect(p.data.size).toBe(0);
    // And memory forgot it: the next ask reads Graph again.
    await store.get(entry, { period: 'D30' });
    expect(calls).toHaveLength(2);
  });

  it('without persistence it drops memory and says nothing is kept', async () => {
    const { store, calls } = session(mapPersistence(), { tenantKey: 'tenant-a' });
    await store.get(entry, { period: 'D30' });
    await expect(store.clear()).resolves.toEqual({ persisted: 0, inMemory: 1, persists: false });
    await store.get(entry, { period: 'D30' });
    expect(calls).toHaveLength(2);
  });
});

describe('identityFromToken', () => {
  const jwt = (payload: object): string => `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.`;
  it('reads the signed-in user (oid) and tenant (tid), lower-cased', () => {
    expect(identityFromToken(jwt({ oid: 'AAAA-1', tid: 'T-1', scp: 'User.Read' }))).toEqual({ userId: 'aaaa-1', tenantId: 't-1' });
  });
  it('names nobody for an opaque token or one without the claims', () => {
    expect(identityFromToken('opaque')).toEqual({ userId: undefined, tenantId: undefined });
    expect(identityFromToken(jwt({ scp: 'User.Read', oid: 7 }))).toEqual({ userId: undefined, tenantId: undefined });
  });
});
