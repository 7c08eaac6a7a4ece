import { buildSnapshot, buildSnapshotFigures, describeFigure, directorySkuCounts, licenceSkuCounts, licenceWaste, SNAPSHOT_FIGURES, takeDailySnapshot } from '../../../src/core/history';
import type { ISnapshot, ISnapshotInput } from '../../../src/core/history';
import type { IUserRecord, IUserRow } from '../../../src/core/directory';
import type { ReportRow } from '../../../src/core/reports';
import { MemoryTenantStore, readOnly } from './snapshotMemoryStore';

const NOW = new Date('2031-03-10T09:30:00Z');

function user(id: string, over: Partial<IUserRecord> = {}): IUserRecord {
  return { id, displayName: id, userPrincipalName: `${id}@contoso.com`, mail: null, jobTitle: null, department: null, officeLocation: null, userType: 'Member', accountEnabled: true, createdDateTime: null, usageLocation: null, skuIds: [], ...over };
}

type Row = Pick<IUserRow, 'user' | 'mfa' | 'mfaEnforcement'>;
const row = (u: IUserRecord, mfa: Row['mfa'], enforcement?: Row['mfaEnforcement']): Row => ({ user: u, mfa, mfaEnforcement: enforcement });
const mfa = (status: 'capable' | 'registered' | 'notRegistered'): Row['mfa'] => ({ status, methods: [], defaultMethod: null, isAdmin: false });

const USERS = [
  user('a', { skuIds: ['sku-1'] }),
  user('b', { skuIds: ['sku-1', 'sku-2'] }),
  user('c', { accountEnabled: false, skuIds: ['sku-2'] }),
  user('g', { userType: 'Guest' }),
  user('o', { userType: null, accountEnabled: null })
];

const daily = (date: string, o365: number, teams: number): ReportRow => ({ 'Report Date': date, 'Office 365': o365, Exchange: 5, OneDrive: null, SharePoint: 3, Teams: teams, Yammer: 0, 'Skype For Business': 0 });

describe('snapshot figures', () => {
  it('documents every fixed figure once, and the families by their shape', () => {
    const names = SNAPSHOT_FIGURES.map(f => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['users', 'members', 'guests', 'enabled', 'licensed', 'mfaRegistered', 'mfaCapable', 'mfaEnforced', 'active:teams:7d', 'active:exchange:30d', 'active:office365:1d', 'storage:mailbox']));
    expect(describeFigure('sku:abc:assigned')?.unit).toBe('units');
    expect(describeFigure('wasteCost:total:EUR')?.unit).toBe('money');
    expect(describeFigure('nonsense')).toBeUndefined();
  });

  it('counts the directory and MFA over enabled accounts from the rows read', () => {
    const rows = [row(USERS[0] as IUserRecord, mfa('capable'), { kind: 'policies', policies: ['p'] }), row(USERS[1] as IUserRecord, mfa('registered'), { kind: 'unknown', policies: ['p'], why: 'x' }),
      row(USERS[2] as IUserRecord, mfa('capable'), { kind: 'securityDefaults' }), row(USERS[3] as IUserRecord, null, { kind: 'notEnforced', why: 'x' }), row(USERS[4] as IUserRecord, mfa('notRegistered'))];
    const { figures } = buildSnapshotFigures({ users: { users: USERS, rows, joins: { mfa: { status: 'ready', data: new Map() }, mfaEnforcement: { status: 'ready', data: {} as never } } } });
    expect(figures).toEqual({
      users: 5, members: 4, guests: 1, enabled: 3, licensed: 3,
      // c is disabled: not counted in MFA; o's accountEnabled is unknown: not counted as enabled.
      mfaRegistered: 2, mfaCapable: 1, mfaEnforced: 1, mfaEnforcementUnknown: 1
    });
  });

  it('leaves a figure out when its source was not read, never 0', () => {
    const rows = USERS.map(u => row(u, undefined));
    const { figures } = buildSnapshotFigures({ users: { users: USERS, rows, joins: { mfa: { status: 'error', error: new Error('403') }, mfaEnforcement: { status: 'off' } } } });
    expect(figures.users).toBe(5);
    for (const name of ['mfaRegistered', 'mfaCapable', 'mfaEnforced', 'active:teams:1d', 'storage:oneDrive']) expect(name in figures).toBe(false);
    // A workload the report has no number for (OneDrive empty) is absent too.
    const reports = buildSnapshotFigures({ reports: { trends: [{ fn: 'getOffice365ActiveUserCounts', rows: [daily('2031-03-07', 10, 4)] }] } });
    expect(reports.figures['active:oneDrive:1d']).toBeUndefined();
    expect(reports.figures['active:teams:1d']).toBe(4);
  });

  it('takes the newest report date of trend reads, adds site types up (an All row is the total), and notes the dates', () => {
    const input: ISnapshotInput = {
      reports: {
        trends: [
          { fn: 'getOffice365ActiveUserCounts', rows: [daily('2031-03-06', 9, 3), daily('2031-03-07', 10, 4)] },
          { fn: 'getSharePointSiteUsageStorage', rows: [
            { 'Report Date': '2031-03-07', 'Site Type': 'Team', 'Storage Used (Byte)': 100 },
            { 'Report Date': '2031-03-07', 'Site Type': 'Communication', 'Storage Used (Byte)': 50 },
            { 'Report Date': '2031-03-06', 'Site Type': 'Team', 'Storage Used (Byte)': 7 },
            { 'Report Date': '2031-03-06', 'Site Type': 'All', 'Storage Used (Byte)': 9 },
            { 'Report Date': '2031-03-06', 'Site Type': 'Team', 'Storage Used (Byte)': 7 }
          ] },
          { fn: 'getEmailActivityCounts', rows: [{ 'Report Date': '2031-03-07', Send: 3 }] }
        ],
        period7: { rows: [{ 'Teams Active': 7, 'Exchange Active': 8, 'Office 365 Active': '9' }], refreshDate: '2031-03-08' },
        period30: { rows: [], refreshDate: '2031-03-08' }
      }
    };
    const { figures, reportDates } = buildSnapshotFigures(input);
    expect(figures).toMatchObject({ 'active:office365:1d': 10, 'active:teams:1d': 4, 'storage:sharePoint': 150, 'active:teams:7d': 7, 'active:exchange:7d': 8, 'active:office365:7d': 9 });
    expect(Object.keys(figures).some(n => n.endsWith(':30d'))).toBe(false);
    expect(reportDates).toEqual({ getOffice365ActiveUserCounts: '2031-03-07', getSharePointSiteUsageStorage: '2031-03-07', 'getOffice365ServicesUserCounts(D7)': '2031-03-08' });
  });

  it('gives per-SKU units, and waste with its cost per currency (never a total made by adding overlapping categories)', () => {
    const { figures } = buildSnapshotFigures({
      skus: [{ skuId: 'SKU-1', enabled: 10, consumed: 12 }],
      waste: { counts: { disabled: 2, inactive90: 3 }, costs: [{ category: 'disabled', currency: 'eur', monthly: 40 }, { category: 'inactive90', currency: 'EUR', monthly: 60 }, { category: 'total', currency: 'EUR', monthly: 80 }, { category: 'disabled', currency: 'USD', monthly: 5 }] }
    });
    expect(figures).toEqual({
      'sku:sku-1:purchased': 10, 'sku:sku-1:assigned': 12, 'sku:sku-1:available': -2,
      'waste:disabled': 2, 'waste:inactive90': 3,
      'wasteCost:disabled:EUR': 40, 'wasteCost:inactive90:EUR': 60, 'wasteCost:total:EUR': 80, 'wasteCost:disabled:USD': 5
    });
  });

  it('says which SKUs are free (sku:<id>:free), from the Licences view\'s plans or the list\'s part numbers', () => {
    const { figures } = buildSnapshotFigures({ skus: [{ skuId: 'PAID', enabled: 5, consumed: 4, free: false }, { skuId: 'FLOW', enabled: 10_055, consumed: 3, free: true }, { skuId: 'OLD', enabled: 1, consumed: 1 }] });
    expect(figures).toMatchObject({ 'sku:paid:free': 0, 'sku:flow:free': 1 });
    expect('sku:old:free' in figures).toBe(false);
    expect(describeFigure('sku:flow:free')?.unit).toBe('count');
    const model = { skus: [{ sku: { skuId: 'e3', enabled: 10, assigned: 9, freeWhy: null } }, { sku: { skuId: 'trial', enabled: 25, assigned: 1, freeWhy: 'Free or trial' } }] } as unknown as Parameters<typeof licenceSkuCounts>[0];
    expect(licenceSkuCounts(model).map(s => s.free)).toEqual([false, true]);
    expect(directorySkuCounts([
      { skuId: 'f', skuPartNumber: 'FLOW_FREE', name: 'Microsoft Power Automate Free', enabled: 10_055, consumed: 3 },
      { skuId: 'e', skuPartNumber: 'SPE_E3', name: 'Microsoft 365 E3', enabled: 10, consumed: 9 }
    ])).toEqual([{ skuId: 'f', enabled: 10_055, consumed: 3, free: true }, { skuId: 'e', enabled: 10, consumed: 9, free: false }]);
  });

  it('takes waste from the Licences view: categories told only, cost per currency with the saving as total', () => {
    const ready = (holders: number[]) => ({ status: 'ready' as const, holders });
    const gone = { status: 'unavailable' as const, holders: [] };
    const waste = (over: Record<string, unknown>) => ({ disabled: ready([]), inactive30: ready([]), inactive90: ready([]), inactive180: ready([]), neverSignedIn: gone, overlap: ready([]), guestPaid: ready([]), ...over });
    const availability = { disabled: { status: 'ready' }, inactive30: { status: 'ready' }, inactive90: { status: 'ready' }, inactive180: { status: 'ready' }, neverSignedIn: { status: 'unavailable', why: 'no P1' }, overlap: { status: 'ready' }, guestPaid: { status: 'ready' } };
    const model = { availability, skus: [{ waste: waste({ disabled: ready([1, 2]) }) }, { waste: waste({ disabled: ready([3]), inactive90: ready([1]) }) }] } as unknown as Parameters<typeof licenceWaste>[0];
    const out = licenceWaste(model, { totals: [{ currency: 'EUR', monthly: 900, unassigned: 100, waste: { disabled: 60, inactive90: 20 }, saving: 150, skus: 2 }] });
    expect(out.counts).toEqual({ disabled: 3, inactive30: 0, inactive90: 1, inactive180: 0, overlap: 0, guestPaid: 0 });
    expect('neverSignedIn' in out.counts).toBe(false);
    expect(out.costs).toEqual([{ category: 'disabled', currency: 'EUR', monthly: 60 }, { category: 'inactive90', currency: 'EUR', monthly: 20 }, { category: 'total', currency: 'EUR', monthly: 150 }]);
    expect(licenceWaste(model).costs).toBeUndefined();
  });

  it('builds nothing when nothing was read, and dates a snapshot by the UTC day', () => {
    expect(buildSnapshot({}, NOW, 'web part')).toBeNull();
    const late = new Date('2031-03-10T23:59:59-05:00'); // already the 11th in UTC
    expect(buildSnapshot({ skus: [{ skuId: 's', enabled: 1, consumed: 1 }] }, late, 'cli')?.day).toBe('2031-03-11');
  });
});

describe('takeDailySnapshot: at most one a day', () => {
  const taken = (day: string, figures: Record<string, number>): ISnapshot => ({ day, source: 'taken', takenAt: `${day}T08:00:00.000Z`, takenBy: 'web part', figures });
  const build = (figures: Record<string, number>) => jest.fn(() => ({ ...taken('2031-03-10', figures), takenAt: NOW.toISOString() }));

  it('writes today\'s when missing, and not again the same day when nothing changed', async () => {
    const store = new MemoryTenantStore([taken('2031-03-09', { users: 4 })]);
    const first = await takeDailySnapshot(store, build({ users: 5 }), NOW);
    expect(first.status).toBe('taken');
    const second = await takeDailySnapshot(store, build({ users: 5 }), new Date('2031-03-10T17:00:00Z'));
    expect(second.status).toBe('kept');
    expect(store.log.writes).toEqual([{ days: ['2031-03-10'], replace: false }]);
    expect(store.all.map(s => [s.day, s.figures.users])).toEqual([['2031-03-09', 4], ['2031-03-10', 5]]);
  });

  it('adds figures today\'s lacks (a later view read more), and the newest value of those it has wins', async () => {
    const store = new MemoryTenantStore([taken('2031-03-10', { users: 5, guests: 1 })]);
    const out = await takeDailySnapshot(store, build({ users: 7, 'active:teams:1d': 3 }), NOW);
    expect(out).toMatchObject({ status: 'extended', added: ['active:teams:1d'], changed: ['users'] });
    // guests was not read this time: it stays as it was taken.
    expect(store.all[0]?.figures).toEqual({ users: 7, guests: 1, 'active:teams:1d': 3 });
    expect(store.log.writes).toEqual([{ days: ['2031-03-10'], replace: true }]);
  });

  it('a price corrected or licences reclaimed later that day replace today\'s figures; another day is never written', async () => {
    const morning = { 'sku:e3:assigned': 40, 'sku:e3:purchased': 50, 'wasteCost:total:EUR': 1861.5, users: 60 };
    const store = new MemoryTenantStore([taken('2031-03-09', { 'sku:e3:assigned': 41 }), taken('2031-03-10', morning)]);
    const later = { ...morning, 'sku:e3:assigned': 38, 'wasteCost:total:EUR': 1500 };
    const out = await takeDailySnapshot(store, build(later), new Date('2031-03-10T16:00:00Z'));
    expect(out).toMatchObject({ status: 'extended', added: [], changed: ['sku:e3:assigned', 'wasteCost:total:EUR'] });
    expect(store.all.map(s => [s.day, s.figures['sku:e3:assigned'], s.figures['wasteCost:total:EUR']])).toEqual([['2031-03-09', 41, undefined], ['2031-03-10', 38, 1500]]);
    expect(store.log.writes).toEqual([{ days: ['2031-03-10'], replace: true }]);
    // Looking again with the same values writes nothing (cheap: only a changed figure is written).
    expect((await takeDailySnapshot(store, build(later), new Date('2031-03-10T17:00:00Z'))).status).toBe('kept');
    expect(store.log.writes).toHaveLength(1);
  });

  it('writes nothing when nothing could be read', async () => {
    const store = new MemoryTenantStore();
    expect(await takeDailySnapshot(store, () => null, NOW)).toEqual({ status: 'nothing' });
    expect(store.log.writes).toEqual([]);
  });

  it('uses today\'s as already read, and passes a store refusal on', async () => {
    const store = new MemoryTenantStore();
    store.refuseWrites = readOnly();
    await expect(takeDailySnapshot(store, build({ users: 1 }), NOW, { today: null })).rejects.toMatchObject({ name: 'StoreError', kind: 'readOnly' });
    expect(store.log.reads).toBe(0);
  });
});
