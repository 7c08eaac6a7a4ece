import { addDays, daysFrom, inWindow, parseWindow, windowBounds } from '../../../src/core/lifecycle/window';
import { inactiveLicensed, joinerRows, leaverCandidates, leaverRows } from '../../../src/core/lifecycle/rows';
import { queryJoiners, queryLeavers, hasLifecycleFilters } from '../../../src/core/lifecycle/query';
import { joinersSheet, leaversSheet, lifecycleFileName, notesSheet } from '../../../src/core/lifecycle/sheets';
import { JOINER_COLUMNS, LEAVER_COLUMNS, reasonsText } from '../../../src/core/lifecycle/columns';
import { explainPart } from '../../../src/core/lifecycle/explain';
import { GraphError } from '../../../src/core/graph/GraphError';
import type { ILifecycleUser } from '../../../src/core/lifecycle/types';
import type { IUserRow } from '../../../src/core/directory/userIndex';

// A fixed now: every date below is relative to it, so the tests pass on any day, in any time zone.
const NOW = new Date('2026-11-21T12:00:00Z');
const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
const bounds30 = windowBounds(NOW, 30);

function person(id: string, extra: Partial<ILifecycleUser> = {}): ILifecycleUser {
  return {
    id, displayName: `Person ${id}`, userPrincipalName: `${id}@contoso.com`, mail: null, jobTitle: null, department: null, officeLocation: null,
    userType: 'Member', accountEnabled: true, createdDateTime: '2020-01-01T00:00:00Z', usageLocation: null, skuIds: [], employeeHireDate: null, ...extra
  };
}

function row(u: ILifecycleUser, extra: Partial<IUserRow> = {}): IUserRow {
  return { user: u, products: u.skuIds.map(() => 'Microsoft 365 E3'), inM365: u.skuIds.length > 0, mfa: undefined, activity: undefined, lastSignIn: undefined,
    simulation: undefined, repeatOffences: undefined, training: undefined, mfaEnforcement: undefined, search: u.displayName.toLowerCase(), ...extra };
}

const products = (ids: readonly string[]): string[] => ids.map(() => 'Microsoft 365 E3');

describe('lifecycle window', () => {
  it('is whole UTC days either side of now, whatever the time of day', () => {
    expect(windowBounds(NOW, 7)).toEqual({ days: 7, today: '2026-11-21', fromDay: '2026-11-14', toDay: '2026-11-28', from: '2026-11-14T00:00:00Z', to: '2026-11-28T23:59:59Z', now: '2026-11-21T12:00:00Z' });
    // A minute before midnight UTC is still that day; a minute after is the next.
    expect(windowBounds(new Date('2026-11-21T23:59:00Z'), 30).today).toBe('2026-11-21');
    expect(windowBounds(new Date('2026-11-22T00:01:00Z'), 90)).toMatchObject({ fromDay: '2026-08-24', toDay: '2027-02-20' });
  });

  it('crosses month, year and leap-day boundaries', () => {
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(windowBounds(new Date('2027-01-05T00:00:00Z'), 7).fromDay).toBe('2026-12-29');
  });

  it('holds its first and last days, counts days from today and parses --days', () => {
    expect(inWindow('2026-10-22T00:00:00Z', bounds30)).toBe(true);
    expect(inWindow('2026-10-21T23:59:59Z', bounds30)).toBe(false);
    expect(inWindow('2026-12-21T23:00:00Z', bounds30)).toBe(true);
    expect(inWindow('2026-12-22', bounds30)).toBe(false);
    expect(inWindow(null, bounds30)).toBe(false);
    expect(daysFrom('2026-11-21', '2026-11-28T09:00:00Z')).toBe(7);
    expect(daysFrom('2026-11-21', '2026-11-20')).toBe(-1);
    expect(daysFrom('2026-11-21', 'soon')).toBeUndefined();
    expect([parseWindow('7'), parseWindow(' 90 '), parseWindow('14'), parseWindow(undefined)]).toEqual([7, 90, undefined, undefined]);
  });
});

describe('joiners', () => {
  it('lists hire dates in the window and accounts without one created in it, each once, nearest first', () => {
    const hired = [person('a', { employeeHireDate: '2026-12-01T00:00:00Z' }), person('b', { employeeHireDate: '2026-11-10T00:00:00Z' }), person('far', { employeeHireDate: '2027-03-01T00:00:00Z' })];
    const created = [
      person('c', { createdDateTime: '2026-11-20T10:00:00Z' }),
      // Has a hire date: placed by it (outside the window), not by its creation.
      person('d', { createdDateTime: '2026-11-19T10:00:00Z', employeeHireDate: '2027-05-01T00:00:00Z' }),
      // Read twice (hire date and created): listed once, by hire date.
      person('a', { createdDateTime: '2026-11-19T10:00:00Z', employeeHireDate: '2026-12-01T00:00:00Z' })
    ];
    const rows = joinerRows(hired, created, bounds30, { products });
    expect(rows.map(r => [r.user.id, r.basis, r.days])).toEqual([['b', 'hireDate', -11], ['c', 'created', -1], ['a', 'hireDate', 10]]);
    // Enrichments not read are unknown, never "none".
    expect(rows[0]).toMatchObject({ manager: undefined, mfa: undefined, lastSignIn: undefined, groups: undefined, devices: undefined });
  });

  it('takes what the per-person reads brought; a manager or MFA Graph had none of is null', () => {
    const [r] = joinerRows([person('a', { employeeHireDate: '2026-11-23', skuIds: [E3] })], [], bounds30, {
      products, manager: new Map([['a', null]]), mfa: new Map([['a', null]]), signIns: new Map([['a', null]]), groups: new Map([['a', 3]]), devices: new Map([['a', 1]])
    });
    expect(r).toMatchObject({ products: ['Microsoft 365 E3'], manager: null, mfa: null, lastSignIn: null, groups: 3, devices: 1 });
  });

  it('filters by basis and "not signed in yet" (unknown sign-ins never match), searches and sorts', () => {
    const rows = joinerRows([person('ann', { displayName: 'Ann Émile', employeeHireDate: '2026-11-25' }), person('bob', { displayName: 'Bob', employeeHireDate: '2026-11-22' })],
      [person('cy', { displayName: 'Cy', createdDateTime: '2026-11-20' })], bounds30, { products, signIns: new Map([['ann', null], ['bob', '2026-11-21T08:00:00Z']]) });
    expect(queryJoiners(rows, { filters: { basis: 'created' } }).map(r => r.user.id)).toEqual(['cy']);
    expect(queryJoiners(rows, { filters: { notSignedIn: true } }).map(r => r.user.id)).toEqual(['ann']);
    expect(queryJoiners(rows, { text: 'emile' }).map(r => r.user.id)).toEqual(['ann']);
    expect(queryJoiners(rows, { sort: { key: 'displayName', descending: true } }).map(r => r.user.id)).toEqual(['cy', 'bob', 'ann']);
    expect(hasLifecycleFilters({ reasons: [] })).toBe(false);
    expect(hasLifecycleFilters({ basis: 'hireDate' })).toBe(true);
  });
});

describe('leavers', () => {
  const today = bounds30.today;
  it('says who went unused 90+ days by sign-in, else by activity, and never vouches without either', () => {
    const lic = { skuIds: [E3] };
    expect(inactiveLicensed(row(person('a', lic), { lastSignIn: '2026-08-22T10:00:00Z' }), today, today)).toBe(true); // 91 days
    expect(inactiveLicensed(row(person('a', lic), { lastSignIn: '2026-08-24T10:00:00Z' }), today, today)).toBe(false); // 89 days
    expect(inactiveLicensed(row(person('a', lic), { lastSignIn: null }), today, today)).toBe(true); // never, account old
    expect(inactiveLicensed(row(person('a', { ...lic, createdDateTime: '2026-11-01T00:00:00Z' }), { lastSignIn: null }), today, today)).toBe(false); // never, but new
    // An account younger than 90 days is never "unused for 90+ days", whatever its sign-in or activity says.
    expect(inactiveLicensed(row(person('a', { ...lic, createdDateTime: '2026-11-14T00:00:00Z' }), { lastSignIn: '2026-06-01T10:00:00Z' }), today, today)).toBe(false);
    expect(inactiveLicensed(row(person('a', { ...lic, createdDateTime: '2026-11-14T00:00:00Z' }), { activity: { date: '2026-06-01', workload: 'Exchange' } }), today, today)).toBe(false);
    expect(inactiveLicensed(row(person('a', { ...lic, createdDateTime: '2026-08-23T00:00:00Z' }), { lastSignIn: null }), today, today)).toBe(true); // exactly 90 days old
    expect(inactiveLicensed(row(person('a', lic), { activity: { date: '2026-08-01', workload: 'Exchange' } }), today, '2026-11-19')).toBe(true);
    expect(inactiveLicensed(row(person('a', lic), { activity: { date: null, workload: null } }), today, today)).toBe(true);
    expect(inactiveLicensed(row(person('a', lic)), today, today)).toBeUndefined();
    expect(inactiveLicensed(row(person('a'), { lastSignIn: null }), today, today)).toBe(false); // not licensed
    expect(inactiveLicensed(row(person('a', { ...lic, accountEnabled: false }), { lastSignIn: null }), today, today)).toBe(false);
  });

  it('gives every reason that holds and what remains; a leave date outside the window counts only when it passed on an enabled account', async () => {
    const leaving = [
      person('l', { employeeLeaveDateTime: '2026-11-30T17:00:00Z', skuIds: [E3] }),
      person('old', { employeeLeaveDateTime: '2025-01-01T00:00:00Z' }),
      person('gone', { employeeLeaveDateTime: '2026-11-17T23:59:59Z', skuIds: [E3] }),
      person('far', { employeeLeaveDateTime: '2027-06-01T00:00:00Z' })
    ];
    const rows = [
      row(person('l', { skuIds: [E3] }), { mfa: { status: 'capable', methods: ['Microsoft Authenticator', 'SMS'], defaultMethod: null, isAdmin: false }, lastSignIn: '2026-11-20T00:00:00Z' }),
      row(person('d', { accountEnabled: false, skuIds: [E3] }), { mfa: null, lastSignIn: null }),
      row(person('g', { accountEnabled: false }), { lastSignIn: null }),
      row(person('nogroups', { accountEnabled: false }), { lastSignIn: null }),
      row(person('i', { skuIds: [E3] }), { lastSignIn: '2026-01-01T00:00:00Z' }),
      row(person('ok', { skuIds: [E3] }), { lastSignIn: '2026-11-20T00:00:00Z' }),
      row(person('old'), { lastSignIn: '2026-11-20T00:00:00Z' }),
      row(person('gone', { skuIds: [E3] }), { lastSignIn: '2026-11-17T08:00:00Z' }),
      row(person('far'), { lastSignIn: '2026-11-20T00:00:00Z' })
    ];
    expect(leaverCandidates(rows, leaving, today, today).sort()).toEqual(['d', 'far', 'g', 'gone', 'i', 'l', 'nogroups', 'old']);
    const out = leaverRows(rows, bounds30, today, { products, leaving, groups: new Map([['l', 2], ['d', 1], ['g', 4], ['nogroups', 0]]), devices: new Map([['l', 1]]) });
    // Gone but still enabled come first, longest gone first, whatever the window; then the window's dates, then the rest.
    expect(out.map(r => [r.user.id, r.reasons])).toEqual([
      ['old', ['leftStillEnabled']],
      ['gone', ['leftStillEnabled', 'leaveDate']],
      ['l', ['leaveDate']],
      ['d', ['disabledLicensed', 'disabledInGroups']],
      ['g', ['disabledInGroups']],
      ['i', ['inactiveLicensed']]
    ]);
    expect(out[0]).toMatchObject({ leaveDate: '2025-01-01T00:00:00Z', days: -689 });
    expect(out[2]).toMatchObject({ leaveDate: '2026-11-30T17:00:00Z', days: 9, remains: { licenses: 1, groups: 2, devices: 1, mfaMethods: 2 }, methods: ['Microsoft Authenticator', 'SMS'] });
    // MFA read and nothing registered: 0 methods; not read: unknown.
    expect(out[3]?.remains).toEqual({ licenses: 1, groups: 1, devices: undefined, mfaMethods: 0 });
    expect(out[4]?.remains.mfaMethods).toBeUndefined();
    expect(out[5]?.leaveDate).toBeNull();
    expect(queryLeavers(out, { filters: { reasons: ['disabledInGroups'] } }).map(r => r.user.id)).toEqual(['d', 'g']);
    expect(queryLeavers(out, { filters: { reasons: ['leftStillEnabled'] } }).map(r => r.user.id)).toEqual(['old', 'gone']);
  });

  it('a leave date passed to the second counts; later the same day it has not', () => {
    const at = (iso: string): string[] => leaverRows([], windowBounds(new Date(iso), 7), '2026-11-21', { products, leaving: [person('x', { employeeLeaveDateTime: '2026-11-21T17:00:00Z' })] })[0]?.reasons ?? [];
    expect(at('2026-11-21T16:59:59Z')).toEqual(['leaveDate']);
    expect(at('2026-11-21T17:00:00Z')).toEqual(['leftStillEnabled', 'leaveDate']);
  });

  it('words reasons so a combination reads cleanly', () => {
    const r = (reasons: Parameters<typeof reasonsText>[0]['reasons'], leaveDate: string | null = null, days?: number): string => reasonsText({ reasons, leaveDate, days });
    expect(r(['disabledLicensed', 'disabledInGroups'])).toBe('Disabled, still licensed and in groups');
    expect(r(['disabledInGroups'])).toBe('Disabled, still in groups');
    expect(r(['leftStillEnabled', 'leaveDate'], '2026-11-17T23:59:59Z', -4)).toBe('Left 2026-11-17, still enabled');
    expect(r(['leftStillEnabled', 'inactiveLicensed'], '2025-01-01T00:00:00Z', -689)).toBe('Left 2025-01-01, still enabled; no sign-in for 90+ days, enabled and licensed');
    expect(r(['leaveDate', 'disabledLicensed'], '2026-11-01T23:59:59Z', -20)).toBe('Left 2026-11-01; disabled, still licensed');
    expect(r(['leaveDate'], '2026-12-01T00:00:00Z', 10)).toBe('Leaves 2026-12-01');
    expect(r(['leaveDate'], '2026-11-21T23:59:59Z', 0)).toBe('Leaves today (2026-11-21)');
  });

  it('without the leave-date read, leave dates are unknown and the rest is still listed; a leaver the list lacks comes from that read', () => {
    const rows = [row(person('d', { accountEnabled: false, skuIds: [E3] }))];
    expect(leaverRows(rows, bounds30, today, { products })[0]).toMatchObject({ reasons: ['disabledLicensed'], leaveDate: undefined, days: undefined });
    const alone = leaverRows([], bounds30, today, { products, leaving: [person('x', { employeeLeaveDateTime: '2026-11-21T23:59:59Z', skuIds: [E3] })] });
    expect(alone[0]).toMatchObject({ reasons: ['leaveDate'], days: 0, products: ['Microsoft 365 E3'], remains: { licenses: 1, groups: undefined } });
  });
});

describe('lifecycle sheets', () => {
  it('write every column with typed values, and notes saying what could not be read and why', () => {
    const joiners = joinerRows([person('a', { displayName: '=HYPERLINK("x")', employeeHireDate: '2026-11-23T00:00:00Z', skuIds: [E3] })], [], bounds30, { products, signIns: new Map([['a', null]]), groups: new Map([['a', 2]]) });
    const sheet = joinersSheet(joiners);
    expect(sheet.name).toBe('Joiners');
    expect(sheet.columns.map(c => c.header)).toEqual(['Display Name', 'User Principal Name', 'Listed By', 'Start Date', 'Days From Today', 'Manager', 'Department', 'Role (Job Title)', 'Assigned Products', 'MFA Status', 'Last Sign-in', 'Groups', 'Devices', 'Account Enabled', 'Hire Date', 'Created', 'User Id']);
    // A value, never a formula: the writer stores text as text.
    expect(sheet.rows[0]).toEqual(['=HYPERLINK("x")', 'a@contoso.com', 'Hire date', '2026-11-23', 2, null, null, null, ['Microsoft 365 E3'], null, 'Not signed in yet', 2, null, true, '2026-11-23', '2020-01-01T00:00:00Z', 'a']);
    const leavers = leaversSheet(leaverRows([row(person('d', { accountEnabled: false, skuIds: [E3] }))], bounds30, bounds30.today, { products }));
    expect(leavers.rows[0]?.slice(0, 3)).toEqual(['Person d', 'd@contoso.com', 'Disabled, still licensed']);
    // Last sign-in: the same cell type in both sheets (a date-time), the words for "none" as text.
    expect([JOINER_COLUMNS, LEAVER_COLUMNS].map(cs => cs.find(c => c.header === 'Last Sign-in')?.type)).toEqual(['datetime', 'datetime']);
    expect(leavers.rows[0]?.[leavers.columns.findIndex(c => c.header === 'Last Sign-in')]).toBeNull();
    const refused = new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    const notes = notesSheet(bounds30, { leaveDates: { status: 'error', error: refused }, groups: { status: 'ready', data: new Map() } });
    expect(notes.columns.map(c => c.header)).toEqual(['Part', 'State', 'Why', 'What To Do']);
    expect(notes.rows[0]?.[1]).toBe('2026-10-22 to 2026-12-21 (30 days either side of 2026-11-21, UTC)');
    expect(notes.rows[1]?.slice(0, 2)).toEqual(['Leave dates', 'Could not be read']);
    expect(String(notes.rows[1]?.[2])).toMatch(/User-LifeCycleInfo\.Read\.All/);
    expect(notes.rows[2]).toEqual(['Group memberships', 'Read', '', '']);
  });

  it('names files as the Users export does', () => {
    expect(lifecycleFileName('joiners', 'contoso', '2026-11-21', 30, false)).toBe('m365-joiners-contoso-2026-11-21-30d.xlsx');
    expect(lifecycleFileName('leavers', 'Contoso Ltd', '2026-11-21T10:00:00Z', 7, true)).toBe('m365-leavers-Contoso-Ltd-2026-11-21-7d-filtered.xlsx');
  });

  it('explains a refused part in its own words', () => {
    const p1 = new GraphError(403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', 'Neither tenant is B2C or tenant doesn\'t have premium license');
    expect(explainPart('signIns', p1).title).toBe('Sign-ins: Microsoft Entra ID P1 needed');
    // Microsoft's user resource: Lifecycle Workflows Administrator (least privileged) or Global Reader; a Global Administrator too.
    const leave = explainPart('leaveDates', new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges'));
    expect(leave.detail).toMatch(/Lifecycle Workflows Administrator or Global Reader role \(a Global Administrator reads them too\)/);
    expect(leave.action).toMatch(/Lifecycle Workflows Administrator or Global Reader role/);
  });
});
