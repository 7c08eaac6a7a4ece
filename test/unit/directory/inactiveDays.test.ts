import { buildRows, matchesFilters, queryRows } from '../../../src/core/directory/userIndex';
import type { IJoinSources, IUserRow } from '../../../src/core/directory/userIndex';
import type { IUserRecord } from '../../../src/core/directory/users';

// `inactiveDays` (the CLI's --inactive-days N) is the inactive30/90/180 rule for any N.
const user = (id: string, over: Partial<IUserRecord> = {}): IUserRecord => ({
  id, displayName: id, userPrincipalName: `${id}@contoso.com`, mail: null, jobTitle: null, department: null, officeLocation: null,
  userType: 'Member', accountEnabled: true, createdDateTime: null, usageLocation: null, skuIds: [], ...over
});
const TODAY = '2026-11-21';
const activity = new Map([
  ['today@contoso.com', { date: '2026-11-21', workload: 'Teams' }],
  ['d9@contoso.com', { date: '2026-11-12', workload: 'Exchange' }], // 9 days ago
  ['d10@contoso.com', { date: '2026-11-11', workload: 'Exchange' }], // 10 days ago
  ['d200@contoso.com', { date: '2026-05-05', workload: 'OneDrive' }], // 200 days ago
  ['never@contoso.com', { date: null, workload: null }], // a report row without any activity
  ['guest200@contoso.com', { date: '2026-05-05', workload: 'Teams' }] // 200 days ago
]);
const users = ['today', 'd9', 'd10', 'd200', 'never', 'absent'].map(id => user(id));
const joins = (state: IJoinSources['activity']): IJoinSources => ({ skus: { status: 'off' }, mfa: { status: 'off' }, activity: state, signIns: { status: 'off' }, attackSimulation: { status: 'off' }, mfaEnforcement: { status: 'off' }, devices: { status: 'off' } });
const ready = joins({ status: 'ready', data: { byUpn: activity, refreshDate: '2026-11-19', concealedRows: 0, totalRows: 5 } });
const ids = (rows: IUserRow[]): string[] => rows.map(r => r.user.id);

describe('inactiveDays filter', () => {
  const rows = buildRows(users, ready);

  it('keeps users whose last activity is N or more days ago, and users never active; not users the report lacks', () => {
    expect(ids(queryRows(rows, { filters: { inactiveDays: 10 } }, TODAY))).toEqual(['d10', 'd200', 'never']);
    expect(ids(queryRows(rows, { filters: { inactiveDays: 9 } }, TODAY))).toEqual(['d9', 'd10', 'd200', 'never']);
  });

  it('treats 0 as everyone the report has a row for (active today is 0 days inactive)', () => {
    expect(ids(queryRows(rows, { filters: { inactiveDays: 0 } }, TODAY))).toEqual(ids(rows).filter(id => id !== 'absent'));
  });

  it('agrees with the inactive30/90/180 choices', () => {
    for (const [n, choice] of [[30, 'inactive30'], [90, 'inactive90'], [180, 'inactive180']] as const) {
      expect(ids(queryRows(rows, { filters: { inactiveDays: n } }, TODAY))).toEqual(ids(queryRows(rows, { filters: { activity: choice } }, TODAY)));
    }
  });

  it('combines with the other filters (all must pass)', () => {
    const mixed = buildRows([...users, user('guest200', { userType: 'Guest' })], ready);
    expect(ids(queryRows(mixed, { filters: { inactiveDays: 100, userType: 'Guest' } }, TODAY))).toEqual(['guest200']);
    expect(ids(queryRows(mixed, { filters: { inactiveDays: 100, activity: 'never' } }, TODAY))).toEqual(['never']);
  });

  it('matches no one when activity is unavailable (never calls "inactive" data it could not read)', () => {
    const failed = buildRows(users, joins({ status: 'error', error: new Error('403') }));
    expect(failed.some(r => matchesFilters(r, { inactiveDays: 30 }, TODAY))).toBe(false);
  });
});
