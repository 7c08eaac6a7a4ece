import { activityAsOf, buildRows, foldText, matchesFilters, queryRows } from '../../../src/core/directory/userIndex';
import type { IJoinSources } from '../../../src/core/directory/userIndex';
import { sortValueFor, usersSheet, USER_COLUMNS } from '../../../src/core/directory/userColumns';
import { toMfaInfo } from '../../../src/core/directory/mfa';
import { lastActivityOf } from '../../../src/core/directory/activity';
import type { IUserRecord } from '../../../src/core/directory/users';
import type { IMfaInfo } from '../../../src/core/directory/mfa';

const user = (id: string, over: Partial<IUserRecord> = {}): IUserRecord => ({
  id, displayName: `User ${id}`, userPrincipalName: `${id}@contoso.com`, mail: `${id}@contoso.com`, jobTitle: null, department: null,
  officeLocation: null, userType: 'Member', accountEnabled: true, createdDateTime: '2024-01-01T00:00:00Z', usageLocation: 'US', skuIds: [], ...over
});

const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
const users = [
  user('ann', { displayName: 'Ann Lee', skuIds: [E3], department: 'Sales' }),
  user('bob', { displayName: 'Bob Stone', accountEnabled: false, department: 'IT' }),
  user('guest', { displayName: '=HYPERLINK("x")', userType: 'Guest', userPrincipalName: 'g_ext.com#EXT#@contoso.com' }),
  user('zoe', { displayName: 'Zoë Åberg', skuIds: [E3], department: 'Sales' })
];
const mfa = new Map<string, IMfaInfo>([
  ['ann', { status: 'capable', methods: ['Microsoft Authenticator'], defaultMethod: 'Microsoft Authenticator notification', isAdmin: false }],
  ['zoe', { status: 'notRegistered', methods: [], defaultMethod: null, isAdmin: false }]
]);
const ready = <T,>(data: T) => ({ status: 'ready' as const, data });
const joins: IJoinSources = {
  skus: ready(new Map([[E3, { skuId: E3, skuPartNumber: 'SPE_E3', name: 'Microsoft 365 E3', enabled: 10, consumed: 2, capabilityStatus: 'Enabled' }]])),
  mfa: ready(mfa),
  // Zoë is in the report without activity; the guest has no row in it.
  activity: ready({ byUpn: new Map([['ann@contoso.com', { date: '2026-11-18', workload: 'Teams' }], ['bob@contoso.com', { date: '2026-05-01', workload: 'Exchange' }], ['zoe@contoso.com', { date: null, workload: null }]]), refreshDate: '2026-11-19', concealedRows: 0, totalRows: 3 }),
  signIns: { status: 'off' },
  attackSimulation: { status: 'off' },
  mfaEnforcement: { status: 'off' },
  devices: { status: 'off' }
};
const TODAY = '2026-11-21';

describe('user index', () => {
  const rows = buildRows(users, joins);

  it('joins friendly product names, MFA and last activity by id and UPN', () => {
    const ann = rows[0];
    expect(ann?.products).toEqual(['Microsoft 365 E3']);
    expect(ann?.inM365).toBe(true);
    expect(ann?.mfa?.status).toBe('capable');
    expect(ann?.activity).toEqual({ date: '2026-11-18', workload: 'Teams' });
    expect(rows[2]?.activity).toBeNull(); // no report row
    expect(rows[2]?.mfa).toBeNull(); // MFA loaded, no registration
  });

  it('keeps unavailable data unknown (undefined), never "No"', () => {
    const degraded = buildRows(users, { ...joins, mfa: { status: 'error', error: new Error('403') }, activity: { status: 'loading' } });
    expect(degraded.every(r => r.mfa === undefined && r.activity === undefined)).toBe(true);
    const mfaCol = USER_COLUMNS.find(c => c.key === 'mfaStatus');
    expect(mfaCol?.value(degraded[0] as never)).toBeNull();
    // A filter over unknown data vouches for no one: neither "enabled" nor "not enabled".
    expect(queryRows(degraded, { filters: { mfaEnabled: true } }, TODAY)).toHaveLength(0);
    expect(queryRows(degraded, { filters: { mfaEnabled: false } }, TODAY)).toHaveLength(0);
    expect(queryRows(degraded, { filters: { activity: 'never' } }, TODAY)).toHaveLength(0);
    expect(queryRows(degraded, { filters: { inM365: true } }, TODAY)).toHaveLength(2); // directory filters still apply
  });

  it('leaves activity unknown for users not matched when report names are concealed', () => {
    const concealed = buildRows(users, { ...joins, activity: ready({ byUpn: new Map([['ann@contoso.com', { date: '2026-11-18', workload: 'Teams' }]]), refreshDate: '2026-11-19', concealedRows: 3, totalRows: 4 }) });
    expect(concealed.map(r => r.activity)).toEqual([{ date: '2026-11-18', workload: 'Teams' }, undefined, undefined, undefined]);
    const ids = (f: object) => queryRows(concealed, { filters: f }, TODAY).map(r => r.user.id);
    expect(ids({ activity: 'never' })).toEqual([]);
    expect(ids({ activity: 'inactive30' })).toEqual([]);
    expect(ids({ activity: 'active7' })).toEqual(['ann']);
  });

  it('counts activity days to the report date, with active N and inactive N+ never overlapping', () => {
    expect(activityAsOf(joins, TODAY)).toBe('2026-11-19');
    expect(activityAsOf({ ...joins, activity: { status: 'loading' } }, TODAY)).toBe(TODAY);
    expect(activityAsOf({ ...joins, activity: ready({ byUpn: new Map(), refreshDate: null, concealedRows: 0, totalRows: 0 }) }, TODAY)).toBe(TODAY);
    const at = (date: string) => buildRows([user('x')], { ...joins, activity: ready({ byUpn: new Map([['x@contoso.com', { date, workload: 'Teams' }]]), refreshDate: '2026-11-19', concealedRows: 0, totalRows: 1 }) })[0]!;
    const asOf = '2026-11-19';
    // 30 days before the as-of day: inactive 30+, not active in the last 30 days.
    expect(matchesFilters(at('2026-10-20'), { activity: 'inactive30' }, asOf)).toBe(true);
    expect(matchesFilters(at('2026-10-20'), { activity: 'active30' }, asOf)).toBe(false);
    // 29 days before: active, not inactive.
    expect(matchesFilters(at('2026-10-21'), { activity: 'active30' }, asOf)).toBe(true);
    expect(matchesFilters(at('2026-10-21'), { activity: 'inactive30' }, asOf)).toBe(false);
    // "Last 7 days" is 7 days: the as-of day and the 6 before it.
    expect(matchesFilters(at('2026-11-13'), { activity: 'active7' }, asOf)).toBe(true);
    expect(matchesFilters(at('2026-11-12'), { activity: 'active7' }, asOf)).toBe(false);
  });

  it('rebuilds rows when a join arrives, keeping the search text of the same user and recomputing it for another', () => {
    const loading = buildRows(users, { ...joins, mfa: { status: 'loading' } });
    const marked = loading.map((r, i) => (i < 2 ? { ...r, search: 'kept' } : r));
    const swapped = [...users];
    swapped[1] = { ...(users[1] as IUserRecord) };
    const rebuilt = buildRows(swapped, joins, marked);
    expect(rebuilt[0]?.search).toBe('kept');
    expect(rebuilt[0]?.mfa?.status).toBe('capable');
    expect(rebuilt[1]?.search).toBe(rows[1]?.search);
    expect(rebuilt.map(r => r.mfa)).toEqual(rows.map(r => r.mfa));
  });

  it('searches name, UPN and mail case-insensitively, unicode included', () => {
    expect(queryRows(rows, { text: 'zoË' }, TODAY).map(r => r.user.id)).toEqual(['zoe']);
    expect(queryRows(rows, { text: '#ext#' }, TODAY).map(r => r.user.id)).toEqual(['guest']);
    expect(queryRows(rows, { text: 'nobody' }, TODAY)).toEqual([]);
  });

  it('searches without accents, and word by word in any order', () => {
    expect(queryRows(rows, { text: 'zoe aberg' }, TODAY).map(r => r.user.id)).toEqual(['zoe']);
    expect(queryRows(rows, { text: 'ÅBERG' }, TODAY).map(r => r.user.id)).toEqual(['zoe']);
    expect(queryRows(rows, { text: '  lee   ann ' }, TODAY).map(r => r.user.id)).toEqual(['ann']);
    expect(queryRows(rows, { text: 'lee bob' }, TODAY)).toEqual([]);
    expect(foldText('Søren Ødegård, Straße, Łukasz, Þór')).toBe('soren odegard, strasse, lukasz, thor');
  });

  it('sorts accented names among their letters', () => {
    const people = buildRows([user('a', { displayName: 'Zack' }), user('b', { displayName: 'Émile' }), user('c', { displayName: 'Eve' }), user('d', { displayName: 'Åsa' })], joins);
    expect(queryRows(people, { sort: { key: 'displayName' } }, TODAY, sortValueFor('displayName')).map(r => r.user.displayName)).toEqual(['Åsa', 'Émile', 'Eve', 'Zack']);
  });

  it('filters by licence, MFA, account, type, product, department and activity', () => {
    const ids = (f: object) => queryRows(rows, { filters: f }, activityAsOf(joins, TODAY)).map(r => r.user.id);
    expect(ids({ inM365: true })).toEqual(['ann', 'zoe']);
    expect(ids({ inM365: false })).toEqual(['bob', 'guest']);
    expect(ids({ mfaEnabled: true })).toEqual(['ann']);
    expect(ids({ mfaEnabled: false })).toEqual(['bob', 'guest', 'zoe']);
    expect(ids({ accountEnabled: false })).toEqual(['bob']);
    expect(ids({ userType: 'Guest' })).toEqual(['guest']);
    expect(ids({ products: ['Microsoft 365 E3'] })).toEqual(['ann', 'zoe']);
    expect(ids({ departments: ['IT'] })).toEqual(['bob']);
    expect(ids({ activity: 'active7' })).toEqual(['ann']);
    // The guest has no report row: unknown, so no activity choice holds it.
    expect(ids({ activity: 'inactive180' })).toEqual(['bob', 'zoe']);
    expect(ids({ activity: 'never' })).toEqual(['zoe']);
    expect(ids({ inM365: true, activity: 'never' })).toEqual(['zoe']);
    expect(ids({ inM365: false, activity: 'never' })).toEqual([]);
  });

  it('sorts by any column, missing values last, both directions', () => {
    const by = (key: string, descending = false) => queryRows(rows, { sort: { key, descending } }, TODAY, sortValueFor(key)).map(r => r.user.id);
    expect(by('displayName')).toEqual(['guest', 'ann', 'bob', 'zoe']);
    expect(by('lastActivity')).toEqual(['bob', 'ann', 'guest', 'zoe']);
    expect(by('lastActivity', true)).toEqual(['ann', 'bob', 'guest', 'zoe']);
    expect(by('accountEnabled')).toEqual(['bob', 'ann', 'guest', 'zoe']);
  });

  it('builds the export sheet in view order with typed values', () => {
    const cols = ['userPrincipalName', 'accountEnabled', 'products'].map(k => USER_COLUMNS.find(c => c.key === k)!);
    const sheet = usersSheet(rows.slice(0, 1), cols);
    expect(sheet.columns.map(c => c.header)).toEqual(['User Principal Name', 'Account Enabled', 'Assigned Products']);
    expect(sheet.rows[0]).toEqual(['ann@contoso.com', true, ['Microsoft 365 E3']]);
  });
});

describe('MFA registration and activity', () => {
  it('reads userRegistrationDetails with friendly method names and the system-preferred default', () => {
    const r = toMfaInfo({ id: 'u1', isMfaRegistered: true, isMfaCapable: false, methodsRegistered: ['microsoftAuthenticatorPush', 'fido2', 'newThing'],
      isSystemPreferredAuthenticationMethodEnabled: true, systemPreferredAuthenticationMethods: ['fido2'], userPreferredMethodForSecondaryAuthentication: 'push' });
    expect(r?.[1]).toEqual({ status: 'registered', methods: ['Microsoft Authenticator', 'FIDO2 security key', 'New Thing'], defaultMethod: 'FIDO2 security key', isAdmin: false });
    expect(toMfaInfo({ id: 'u2', userPreferredMethodForSecondaryAuthentication: 'none' })?.[1].defaultMethod).toBeNull();
    expect(toMfaInfo({ nope: 1 })).toBeUndefined();
  });

  it('takes the latest activity across workloads', () => {
    expect(lastActivityOf({ 'Exchange Last Activity Date': '2026-11-01', 'Teams Last Activity Date': '2026-11-10', 'OneDrive Last Activity Date': null }))
      .toEqual({ date: '2026-11-10', workload: 'Teams' });
    expect(lastActivityOf({ 'Exchange Last Activity Date': null })).toEqual({ date: null, workload: null });
  });
});
