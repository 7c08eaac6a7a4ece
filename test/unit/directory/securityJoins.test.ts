import { buildRows, matchesFilters, queryRows } from '../../../src/core/directory/userIndex';
import type { IJoinSources, IUserFilters, IUserRow } from '../../../src/core/directory/userIndex';
import { USER_COLUMNS, sortValueFor, usersSheet } from '../../../src/core/directory/userColumns';
import type { IUserRecord } from '../../../src/core/directory/users';
import type { IMfaInfo } from '../../../src/core/directory/mfa';
import { summarizeTrainings } from '../../../src/core/security/simulations';
import type { ISecurityTrainingIndex, ITraining } from '../../../src/core/security/simulations';
import type { ICaPolicy, IEnforcementModel } from '../../../src/core/security/enforcement';

// The security readiness joins on the Users list: rows, columns and filters, with unknown data never vouched for.

const user = (id: string, over: Partial<IUserRecord> = {}): IUserRecord => ({
  id, displayName: `User ${id}`, userPrincipalName: `${id}@contoso.com`, mail: null, jobTitle: null, department: null,
  officeLocation: null, userType: 'Member', accountEnabled: true, createdDateTime: '2024-01-01T00:00:00Z', usageLocation: 'US', skuIds: [], ...over
});
// ann clicks and is compromised; bob was simulated without a click; eve is in the report with no simulation;
// gail (a guest) is in no report; DAN's directory id is upper case, the reports' lower case.
const users = [user('ann'), user('bob'), user('eve'), user('gail', { userType: 'Guest' }), user('DAN')];
const training = (status: ITraining['status']): ITraining => ({ displayName: `Course ${status}`, assignedDateTime: '2026-10-01T00:00:00Z', completionDateTime: null, status });
const index: ISecurityTrainingIndex = {
  simulations: new Map([
    ['ann', { simulationCount: 3, clickCount: 2, compromisedCount: 1, latestSimulationDateTime: '2026-11-02T09:30:00Z' }],
    ['bob', { simulationCount: 1, clickCount: 0, compromisedCount: 0, latestSimulationDateTime: '2026-10-12T08:00:00Z' }],
    ['eve', { simulationCount: 0, clickCount: 0, compromisedCount: 0, latestSimulationDateTime: null }],
    ['dan', { simulationCount: 4, clickCount: 4, compromisedCount: 0, latestSimulationDateTime: '2026-11-10T10:00:00Z' }]
  ]),
  repeatOffences: new Map([['ann', 2], ['dan', 3]]),
  trainings: new Map([
    ['ann', summarizeTrainings([training('completed'), training('overdue')])],
    ['bob', summarizeTrainings([training('completed')])],
    ['dan', summarizeTrainings([training('inProgress')])]
  ])
};
const policy = (over: Partial<ICaPolicy>): ICaPolicy => ({
  id: over.displayName ?? 'p', displayName: 'p', state: 'enabled', includeUsers: [], excludeUsers: [], includeGroups: [], excludeGroups: [],
  includeRoles: [], excludeRoles: [], allApps: true, requiresMfa: true, ...over
});
// Everyone but bob and gail (excluded) is enforced; guests only by a report-only policy.
const model = (extra: ICaPolicy[] = []): IEnforcementModel => ({
  securityDefaults: false,
  policies: [
    policy({ displayName: 'Require MFA for all', includeUsers: ['All'], excludeUsers: ['bob', 'GuestsOrExternalUsers'] }),
    policy({ displayName: 'Guests MFA', state: 'enabledForReportingButNotEnforced', includeUsers: ['GuestsOrExternalUsers'] }),
    ...extra
  ],
  groupMembers: new Map(),
  roleMembers: new Map()
});
const mfa = new Map<string, IMfaInfo>([['gail', { status: 'registered', methods: ['Microsoft Authenticator'], defaultMethod: null, isAdmin: false }]]);
const ready = <T,>(data: T) => ({ status: 'ready' as const, data });
const base: IJoinSources = {
  skus: ready(new Map()),
  mfa: ready(mfa),
  activity: { status: 'off' },
  signIns: { status: 'off' },
  attackSimulation: ready(index),
  mfaEnforcement: ready(model()),
  devices: { status: 'off' }
};
const TODAY = '2026-11-21';
const ids = (rows: IUserRow[], f: IUserFilters): string[] => queryRows(rows, { filters: f }, TODAY).map(r => r.user.id);
const cell = (row: IUserRow | undefined, key: string): unknown => USER_COLUMNS.find(c => c.key === key)?.value(row as IUserRow);

describe('security joins on the user list', () => {
  const rows = buildRows(users, base);

  it('joins simulation figures, repeat offences and trainings by lower-case user id; absent users were never simulated', () => {
    expect(rows[0]?.simulation).toEqual({ simulationCount: 3, clickCount: 2, compromisedCount: 1, latestSimulationDateTime: '2026-11-02T09:30:00Z' });
    expect(rows[0]?.repeatOffences).toBe(2);
    expect(rows[0]?.training).toMatchObject({ assigned: 2, completed: 1, overdue: 1, notCompleted: 1 });
    expect(rows[1]?.repeatOffences).toBe(0);
    expect(rows[3]?.simulation).toBeNull();
    expect(rows[3]?.training).toBeNull();
    expect(rows[4]?.simulation?.clickCount).toBe(4); // "DAN" matched "dan"
    expect(rows[4]?.repeatOffences).toBe(3);
  });

  it('evaluates MFA enforcement per row: a policy, excluded, report-only for a guest (userType matters)', () => {
    expect(rows.map(r => r.mfaEnforcement?.kind)).toEqual(['policies', 'notEnforced', 'policies', 'reportOnly', 'policies']);
    expect(rows[0]?.mfaEnforcement).toEqual({ kind: 'policies', policies: ['Require MFA for all'] });
    expect(rows[1]?.mfaEnforcement).toEqual({ kind: 'notEnforced', why: 'Excluded from: Require MFA for all' });
    // The same id as a Member would be enforced by "All": only its userType makes gail a guest.
    expect(buildRows([user('gail')], base)[0]?.mfaEnforcement?.kind).toBe('policies');
  });

  it('prepares a model once, however many pages and joins rebuild the rows', () => {
    let prepared = 0;
    const m = model();
    const policies = m.policies;
    const counted: IEnforcementModel = { ...m, get policies() { prepared++; return policies; } };
    const joins = { ...base, mfaEnforcement: ready(counted) };
    const first = buildRows(users.slice(0, 2), joins);
    const second = buildRows(users.slice(2), joins);
    const again = buildRows(users, { ...joins, signIns: ready(new Map()) }, [...first, ...second]);
    expect(prepared).toBe(1);
    expect(again.map(r => r.mfaEnforcement?.kind)).toEqual(rows.map(r => r.mfaEnforcement?.kind));
    buildRows(users, { ...joins, mfaEnforcement: ready(model()) });
    expect(prepared).toBe(1); // another model is prepared on its own, not this one again
  });

  it('keeps every security field unknown (undefined) while its join is not read, loading or failed', () => {
    for (const state of [{ status: 'off' as const }, { status: 'loading' as const }, { status: 'error' as const, error: new Error('403') }]) {
      const unknown = buildRows(users, { ...base, attackSimulation: state, mfaEnforcement: state });
      expect(unknown.every(r => r.simulation === undefined && r.repeatOffences === undefined && r.training === undefined && r.mfaEnforcement === undefined)).toBe(true);
      expect(['simulations', 'clicked', 'compromised', 'repeatOffences', 'lastSimulation', 'training', 'mfaEnforcedBy'].map(k => cell(unknown[0], k))).toEqual([null, null, null, null, null, null, null]);
    }
  });

  it('writes the columns typed: figures, the date-time, training and enforcement in words', () => {
    const keys = ['simulations', 'clicked', 'compromised', 'repeatOffences', 'lastSimulation', 'training', 'mfaEnforcedBy'];
    const sheet = usersSheet(rows, keys.map(k => USER_COLUMNS.find(c => c.key === k)!));
    expect(sheet.columns).toEqual([
      { header: 'Simulations', type: 'number' }, { header: 'Clicked', type: 'number' }, { header: 'Compromised', type: 'number' },
      { header: 'Repeat Offences', type: 'number' }, { header: 'Last Simulation', type: 'datetime' }, { header: 'Training', type: 'string' },
      { header: 'MFA Enforced By', type: 'string' }
    ]);
    expect(sheet.rows[0]).toEqual([3, 2, 1, 2, '2026-11-02T09:30:00Z', '1 of 2 completed, 1 overdue', 'Require MFA for all']);
    expect(sheet.rows[1]).toEqual([1, 0, 0, 0, '2026-10-12T08:00:00Z', '1 of 1 completed', 'Not enforced']);
    // Never simulated: no simulations, no clicks, no date; no training assigned is said so, not left empty.
    expect(sheet.rows[3]).toEqual([0, 0, 0, 0, null, 'None assigned', 'Report-only: Guests MFA']);
  });

  it('adds the new columns (security readiness, then devices) after User Id, so every earlier column keeps its place in "Export all"', () => {
    const keys = USER_COLUMNS.map(c => c.key);
    expect(keys.slice(keys.indexOf('id'))).toEqual(['id', 'simulations', 'clicked', 'compromised', 'repeatOffences', 'lastSimulation', 'training', 'mfaEnforcedBy', 'devices']);
  });

  it('sorts by a simulation figure, unknown last', () => {
    const mixed = [...rows, ...buildRows([user('zed')], { ...base, attackSimulation: { status: 'loading' } })];
    const byClicks = queryRows(mixed, { sort: { key: 'clicked', descending: true } }, TODAY, sortValueFor('clicked')).map(r => r.user.id);
    expect(byClicks).toEqual(['DAN', 'ann', 'bob', 'eve', 'gail', 'zed']);
  });
});

describe('security filters', () => {
  const rows = buildRows(users, base);

  it('clicked, compromised, repeat offender', () => {
    expect(ids(rows, { clicked: true })).toEqual(['ann', 'DAN']);
    expect(ids(rows, { compromised: true })).toEqual(['ann']);
    expect(ids(rows, { repeatOffender: true })).toEqual(['ann', 'DAN']);
    expect(ids(rows, { clicked: true, compromised: true, repeatOffender: true })).toEqual(['ann']);
  });

  it('never simulated: not in the coverage report, or in it with no simulation', () => {
    expect(ids(rows, { neverSimulated: true })).toEqual(['eve', 'gail']);
  });

  it('training overdue, and not completed (none assigned is not "not completed")', () => {
    expect(ids(rows, { trainingOverdue: true })).toEqual(['ann']);
    expect(ids(rows, { trainingIncomplete: true })).toEqual(['ann', 'DAN']);
  });

  it('MFA not enforced counts report-only as not enforced; with "not registered" it also needs no MFA registration', () => {
    expect(ids(rows, { mfaEnforcement: 'notEnforced' })).toEqual(['bob', 'gail']);
    // gail registered MFA (report-only does not ask for it, yet she could answer it): only bob is left.
    expect(ids(rows, { mfaEnforcement: 'notEnforcedNotRegistered' })).toEqual(['bob']);
    // The CLI's --mfa-not-enforced --mfa not-registered: both filters, the same users.
    expect(ids(rows, { mfaEnforcement: 'notEnforced', mfaEnabled: false })).toEqual(['bob']);
  });

  it('MFA not enforced holds users covered only by a policy that does not always ask (risky sign-ins only)', () => {
    const risky = buildRows(users, { ...base, mfaEnforcement: ready({ ...model(), policies: [policy({ displayName: 'Risky sign-ins', includeUsers: ['All'], conditions: ['sign-in risk'] })] }) });
    expect(risky.every(r => r.mfaEnforcement?.kind === 'conditional')).toBe(true);
    expect(cell(risky[0], 'mfaEnforcedBy')).toBe('Only when: sign-in risk (Risky sign-ins)');
    expect(ids(risky, { mfaEnforcement: 'notEnforced' })).toEqual(risky.map(r => r.user.id));
  });

  it('never vouches for a user whose enforcement cannot be told ("unknown")', () => {
    // An enabled policy names a group whose members could not be read: bob might be in it; gail it excludes by name.
    const unread = buildRows(users, { ...base, mfaEnforcement: ready(model([policy({ displayName: 'Admins', includeGroups: ['g-unread'], excludeUsers: ['gail'] })])) });
    expect(unread[1]?.mfaEnforcement).toMatchObject({ kind: 'unknown', policies: ['Admins'] });
    expect(cell(unread[1], 'mfaEnforcedBy')).toBe('Could not tell');
    expect(ids(unread, { mfaEnforcement: 'notEnforced' })).toEqual(['gail']);
    expect(ids(unread, { mfaEnforcement: 'notEnforcedNotRegistered' })).toEqual([]);
  });

  it('matches no one over data not read, loading or failed, for either answer', () => {
    const all: IUserFilters[] = [
      { clicked: true }, { compromised: true }, { repeatOffender: true }, { neverSimulated: true }, { trainingOverdue: true }, { trainingIncomplete: true },
      { mfaEnforcement: 'notEnforced' }, { mfaEnforcement: 'notEnforcedNotRegistered' }
    ];
    const failed = buildRows(users, { ...base, attackSimulation: { status: 'error', error: new Error('403') }, mfaEnforcement: { status: 'loading' } });
    for (const f of all) expect(failed.filter(r => matchesFilters(r, f, TODAY))).toEqual([]);
    // Registration failed, enforcement read: "not enforced" still applies, "and not registered" cannot.
    const noMfa = buildRows(users, { ...base, mfa: { status: 'error', error: new Error('403') } });
    expect(ids(noMfa, { mfaEnforcement: 'notEnforced' })).toEqual(['bob', 'gail']);
    expect(ids(noMfa, { mfaEnforcement: 'notEnforcedNotRegistered' })).toEqual([]);
  });

  it('with security defaults on, MFA is enforced for everyone, guests included', () => {
    const defaults = buildRows(users, { ...base, mfaEnforcement: ready({ ...model(), securityDefaults: true }) });
    expect(defaults.every(r => r.mfaEnforcement?.kind === 'securityDefaults')).toBe(true);
    expect(ids(defaults, { mfaEnforcement: 'notEnforced' })).toEqual([]);
  });
});
