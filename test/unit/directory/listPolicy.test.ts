import {
  awaitedExportMayStart,
  degradedJoins,
  exportAllAwaits,
  exportAllStep,
  exportAwaitProgress,
  exportMenu,
  filterHold,
  filterHolds,
  filterJoins,
  heldChipLabel,
  noMatchText,
  signInsSettled,
  unavailableFilters,
  wantedJoins,
  writtenEmptyNote
} from '../../../src/core/directory/listPolicy';
import type { IExportMenuInput } from '../../../src/core/directory/listPolicy';
import { USER_COLUMNS, userColumn } from '../../../src/core/directory/userColumns';
import type { IUserColumn } from '../../../src/core/directory/userColumns';
import type { IJoinSources } from '../../../src/core/directory/userIndex';
import type { IActivityIndex } from '../../../src/core/directory/activity';
import { GraphError } from '../../../src/core/graph/GraphError';
import { ACTIVITY_CONCEALED } from '../../../src/core/reports/concealed';

// The Users list's rules as plain data: joins in, holds, banners and menu items out.
const index = (concealedRows = 0): IActivityIndex => ({ byUpn: new Map(), refreshDate: '2026-11-19', concealedRows, totalRows: 10 });
const joins = (over: Partial<IJoinSources> = {}): IJoinSources => ({
  skus: { status: 'ready', data: new Map() },
  mfa: { status: 'ready', data: new Map() },
  activity: { status: 'ready', data: index() },
  signIns: { status: 'off' },
  attackSimulation: { status: 'ready', data: { simulations: new Map(), repeatOffences: new Map(), trainings: new Map() } },
  mfaEnforcement: { status: 'ready', data: { securityDefaults: true, policies: [], groupMembers: new Map(), roleMembers: new Map() } },
  devices: { status: 'ready', data: { byUser: new Map(), problems: {} } },
  ...over
});
const noScope = new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges');
const noRole = new GraphError(403, 'S2SUnauthorized', 'Reports need a role');
const noP1 = new GraphError(403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', 'Premium needed');
const busy = new GraphError(503, 'ServiceUnavailable', 'Try later');
const cols = (...keys: string[]): IUserColumn[] => keys.map(k => userColumn(k) as IUserColumn);

describe('filter holds', () => {
  it('a filter over data that is there applies: no hold, nothing unavailable', () => {
    expect(unavailableFilters(joins())).toEqual({ mfa: undefined, activity: undefined });
    expect(filterHolds({ mfaEnabled: true, activity: 'active30' }, joins())).toEqual({ mfa: undefined, activity: undefined });
  });

  it('a filter over data still loading waits for it', () => {
    const loading = joins({ mfa: { status: 'loading' }, activity: { status: 'loading' } });
    expect(filterHold('mfa', loading)).toEqual({ kind: 'waiting', what: 'MFA data' });
    expect(filterHold('activity', loading)).toEqual({ kind: 'waiting', what: 'last activity' });
  });

  it('a filter over a failed join cannot apply, and says why in the words of its scope or role', () => {
    const failed = joins({ mfa: { status: 'error', error: noScope }, activity: { status: 'error', error: noRole } });
    const why = unavailableFilters(failed);
    expect(why.mfa).toContain('AuditLog.Read.All');
    expect(why.activity).toContain('Reports Reader');
    expect(filterHold('mfa', failed)).toEqual({ kind: 'unavailable', what: 'MFA data', why: why.mfa });
    expect(filterHold('activity', failed)).toEqual({ kind: 'unavailable', what: 'last activity', why: why.activity });
  });

  it('an activity filter cannot apply while report names are concealed, though the report was read', () => {
    const concealed = joins({ activity: { status: 'ready', data: index(3) } });
    expect(unavailableFilters(concealed).activity).toBe(ACTIVITY_CONCEALED);
    expect(filterHold('activity', concealed)).toEqual({ kind: 'unavailable', what: 'last activity', why: ACTIVITY_CONCEALED });
    expect(unavailableFilters(concealed).mfa).toBeUndefined();
  });

  it('holds only the filters that are set, keyed as their chips are', () => {
    const loading = joins({ mfa: { status: 'loading' }, activity: { status: 'loading' } });
    expect(filterHolds({ inM365: true }, loading)).toEqual({ mfa: undefined, activity: undefined });
    expect(filterHolds({ mfaEnabled: false }, loading)).toEqual({ mfa: { kind: 'waiting', what: 'MFA data' }, activity: undefined });
    expect(filterHolds({ activity: 'never' }, loading)).toEqual({ mfa: undefined, activity: { kind: 'waiting', what: 'last activity' } });
  });

  it('a held chip says so in its label', () => {
    expect(heldChipLabel('MFA: Enabled', undefined)).toBe('MFA: Enabled');
    expect(heldChipLabel('MFA: Enabled', { kind: 'waiting', what: 'MFA data' })).toBe('MFA: Enabled (waiting for MFA data)');
    expect(heldChipLabel('Never active', { kind: 'unavailable', what: 'last activity', why: 'x' })).toBe('Never active (cannot apply)');
  });
});

describe('noMatchText', () => {
  it('names the filter that waits, before anything else', () => {
    expect(noMatchText('MFA: Enabled', { kind: 'waiting', what: 'MFA data' }, true, 500)).toBe('Waiting for MFA data to apply “MFA: Enabled”…');
  });

  it('says why a filter cannot apply, or that its data is unavailable when no reason is known', () => {
    expect(noMatchText('Never active', { kind: 'unavailable', what: 'last activity', why: 'No role.' }, false, 10))
      .toBe('“Never active” cannot be applied: No role. Remove that filter to see users.');
    expect(noMatchText('Never active', { kind: 'unavailable', what: 'last activity' }, false, 10))
      .toBe('“Never active” cannot be applied: last activity is unavailable. Remove that filter to see users.');
  });

  it('while loading, says how many were searched so far; once read, that no one matches', () => {
    expect(noMatchText(undefined, undefined, true, 12345)).toBe('No users match yet: 12,345 loaded so far, more are on their way.');
    expect(noMatchText(undefined, undefined, false, 12345)).toBe('No users match the search and filters.');
  });
});

describe('degradedJoins', () => {
  it('lists only failed joins, in column order, each with its explanation', () => {
    const failed = joins({ skus: { status: 'error', error: busy }, activity: { status: 'error', error: noRole }, mfa: { status: 'loading' } });
    const out = degradedJoins(failed, false);
    expect(out.map(d => [d.source, d.join, d.name])).toEqual([['licenses', 'skus', 'Assigned products'], ['activity', 'activity', 'Last activity']]);
    expect(out[1]?.why.title).toBe('Admin role missing');
    expect(degradedJoins(joins(), true)).toEqual([]);
  });

  it('offers Try again only where the failure may pass', () => {
    const failed = joins({ skus: { status: 'error', error: busy }, mfa: { status: 'error', error: noScope }, activity: { status: 'error', error: new Error('socket hang up') } });
    expect(degradedJoins(failed, true).map(d => [d.source, d.canRetry])).toEqual([['licenses', true], ['mfa', false], ['activity', true]]);
  });

  it('offers Try again on sign-ins only while their column shows (they are read only then)', () => {
    const failed = joins({ signIns: { status: 'error', error: busy } });
    expect(degradedJoins(failed, true)[0]?.canRetry).toBe(true);
    expect(degradedJoins(failed, false)[0]?.canRetry).toBe(false);
    expect(degradedJoins(joins({ signIns: { status: 'error', error: noP1 } }), true)[0]?.canRetry).toBe(false);
  });
});

describe('export sequencing', () => {
  it('names the joins still loading among the columns written, in a fixed order', () => {
    const loading = joins({ mfa: { status: 'loading' }, activity: { status: 'loading' }, signIns: { status: 'loading' } });
    expect(writtenEmptyNote(loading, cols('displayName', 'lastSignIn', 'mfaStatus'))).toBe('; MFA and last sign-in still loading, written empty');
    expect(writtenEmptyNote(loading, cols('displayName'))).toBe('');
    expect(writtenEmptyNote(joins(), USER_COLUMNS)).toBe('');
  });

  it('Export all writes at once when sign-ins have settled, else reads them first', () => {
    expect(exportAllStep('ready')).toBe('run');
    expect(exportAllStep('error')).toBe('run');
    expect(exportAllStep('loading')).toBe('awaitSignIns');
    expect(exportAllStep('off')).toBe('awaitSignIns');
    expect(signInsSettled('off')).toBe(false);
  });

  it('a waiting Export all starts once sign-ins settle, and not while another export runs', () => {
    expect(awaitedExportMayStart(true, 'ready', false)).toBe(true);
    expect(awaitedExportMayStart(true, 'error', false)).toBe(true);
    expect(awaitedExportMayStart(true, 'loading', false)).toBe(false);
    expect(awaitedExportMayStart(true, 'ready', true)).toBe(false);
    expect(awaitedExportMayStart(false, 'ready', false)).toBe(false);
  });
});

describe('exportMenu', () => {
  const base: IExportMenuInput = {
    listStatus: 'done', total: 48771, shown: 1204, visibleColumns: cols('displayName', 'mfaStatus'), joins: joins(), exporting: false, awaitingJoins: false
  };

  it('offers the view and every user once the list is read', () => {
    expect(exportMenu(base)).toEqual({
      disabled: false,
      items: [
        { key: 'view', text: 'Export view (1,204 users, visible columns)', disabled: false },
        { key: 'all', text: 'Export all (48,771 users, every column)', disabled: false }
      ]
    });
  });

  it('says which joins are written empty; Export all never counts sign-ins, which it reads itself', () => {
    const loading = joins({ mfa: { status: 'loading' }, signIns: { status: 'loading' } });
    const [view, all] = exportMenu({ ...base, joins: loading, visibleColumns: cols('displayName', 'lastSignIn') }).items;
    expect(view.text).toBe('Export view (1,204 users, visible columns; last sign-in still loading, written empty)');
    expect(all.text).toBe('Export all (48,771 users, every column; MFA still loading, written empty)');
  });

  it('offers Export all only once every user is read, and not for a list cut short', () => {
    expect(exportMenu({ ...base, listStatus: 'loading' }).items[1]).toEqual({ key: 'all', text: 'Export all (once every user is read)', disabled: true });
    expect(exportMenu({ ...base, listStatus: 'error' }).items[1]).toEqual({ key: 'all', text: 'Export all (the list is incomplete: try again first)', disabled: true });
    expect(exportMenu({ ...base, listStatus: 'loading' }).disabled).toBe(false);
  });

  it('is off while an export runs or waits for sign-ins, and with no users', () => {
    expect(exportMenu({ ...base, exporting: true }).disabled).toBe(true);
    const waiting = exportMenu({ ...base, awaitingJoins: true });
    expect(waiting.disabled).toBe(true);
    expect(waiting.items[1]).toEqual({ key: 'all', text: 'Export all (reading last sign-ins first…)', disabled: true });
    expect(exportMenu({ ...base, total: 0, shown: 0 }).disabled).toBe(true);
  });
});

describe('the optional joins: sign-ins, attack simulation, MFA enforcement', () => {
  const off = joins({ attackSimulation: { status: 'off' }, mfaEnforcement: { status: 'off' } });
  const noLicence = new GraphError(403, 'Forbidden', 'Your tenant is not licensed for this feature.');

  it('are wanted for their columns, for a filter over them, and all while Export all waits', () => {
    const none = { signIns: false, attackSimulation: false, mfaEnforcement: false, devices: false };
    expect(wantedJoins(cols('displayName', 'mfaStatus'), {}, false)).toEqual(none);
    expect(wantedJoins(cols('lastSignIn'), {}, false)).toEqual({ ...none, signIns: true });
    expect(wantedJoins(cols('displayName', 'training'), {}, false)).toEqual({ ...none, attackSimulation: true });
    expect(wantedJoins(cols('mfaEnforcedBy'), {}, false)).toEqual({ ...none, mfaEnforcement: true });
    expect(wantedJoins(cols('displayName'), { neverSimulated: true }, false)).toEqual({ ...none, attackSimulation: true });
    expect(wantedJoins(cols('displayName'), { mfaEnforcement: 'notEnforced' }, false)).toEqual({ ...none, mfaEnforcement: true });
    // The MFA registration filter reads the list's own MFA join, not enforcement.
    expect(wantedJoins(cols('displayName'), { mfaEnabled: false }, false)).toEqual(none);
    expect(wantedJoins(cols('displayName'), {}, true)).toEqual({ signIns: true, attackSimulation: true, mfaEnforcement: true, devices: true });
    expect(filterJoins({ trainingIncomplete: true, mfaEnforcement: 'notEnforcedNotRegistered' })).toEqual({ signIns: false, attackSimulation: true, mfaEnforcement: true, devices: false });
  });

  it('a filter over them waits while they are not read yet or loading, and cannot apply when they failed', () => {
    expect(filterHolds({ clicked: true, mfaEnforcement: 'notEnforced' }, off)).toEqual({
      clicked: { kind: 'waiting', what: 'attack simulation data' },
      mfaEnforcement: { kind: 'waiting', what: 'MFA enforcement' }
    });
    const failed = joins({ attackSimulation: { status: 'error', error: noScope }, mfaEnforcement: { status: 'error', error: noScope } });
    const why = unavailableFilters(failed);
    expect(why.attackSimulation).toMatch(/AttackSimulation\.Read\.All.*Defender for Office 365 Plan 2/);
    expect(unavailableFilters(joins({ attackSimulation: { status: 'error', error: noLicence } })).attackSimulation).toMatch(/no attack simulation data for this tenant/);
    expect(why.mfaEnforcement).toContain('Policy.Read.All');
    const holds = filterHolds({ repeatOffender: true, trainingOverdue: true, mfaEnforcement: 'notEnforced' }, failed);
    expect(holds.repeatOffender).toEqual({ kind: 'unavailable', what: 'attack simulation data', why: why.attackSimulation });
    expect(holds.trainingOverdue).toEqual(holds.repeatOffender);
    expect(holds.mfaEnforcement).toEqual({ kind: 'unavailable', what: 'MFA enforcement', why: why.mfaEnforcement });
    expect(filterHolds({ clicked: true }, joins())).toEqual({});
  });

  it('"MFA not enforced and not registered" holds on enforcement first, then on registration', () => {
    const f = { mfaEnforcement: 'notEnforcedNotRegistered' as const };
    expect(filterHolds(f, joins({ mfaEnforcement: { status: 'loading' }, mfa: { status: 'loading' } })).mfaEnforcement).toEqual({ kind: 'waiting', what: 'MFA enforcement' });
    expect(filterHolds(f, joins({ mfa: { status: 'loading' } })).mfaEnforcement).toEqual({ kind: 'waiting', what: 'MFA data' });
    expect(filterHolds(f, joins({ mfa: { status: 'error', error: noScope } })).mfaEnforcement).toMatchObject({ kind: 'unavailable', what: 'MFA data' });
    // Alone, "not enforced" does not wait for registration.
    expect(filterHolds({ mfaEnforcement: 'notEnforced' }, joins({ mfa: { status: 'loading' } })).mfaEnforcement).toBeUndefined();
  });

  it('each failed one has its banner in its own words; Try again only where the failure may pass and the join is wanted', () => {
    const failed = joins({ attackSimulation: { status: 'error', error: noLicence }, mfaEnforcement: { status: 'error', error: busy } });
    const out = degradedJoins(failed, { mfaEnforcement: true });
    expect(out.map(d => [d.source, d.name, d.canRetry])).toEqual([['attackSimulation', 'Attack simulation columns', false], ['mfaEnforcement', 'MFA enforcement', true]]);
    expect(out[0]?.why.title).toBe('Attack simulation training not available');
    expect(degradedJoins(joins({ attackSimulation: { status: 'error', error: noScope } }), true)[0]?.why.title).toBe('Attack simulation data refused');
    expect(degradedJoins(failed, { attackSimulation: true }).map(d => d.canRetry)).toEqual([false, false]);
    const busyBoth = joins({ attackSimulation: { status: 'error', error: busy }, signIns: { status: 'error', error: busy } });
    expect(degradedJoins(busyBoth, { attackSimulation: true }).map(d => [d.source, d.canRetry])).toEqual([['signIns', false], ['attackSimulation', true]]);
  });

  it('a column of one still loading is written empty, and the Export menu says so', () => {
    const loading = joins({ attackSimulation: { status: 'loading' }, mfaEnforcement: { status: 'loading' } });
    expect(writtenEmptyNote(loading, cols('displayName', 'clicked', 'mfaEnforcedBy'))).toBe('; attack simulation and MFA enforcement still loading, written empty');
    expect(writtenEmptyNote(loading, cols('displayName', 'mfaStatus'))).toBe('');
  });

  it('Export all waits for every one not settled, and starts once all are', () => {
    expect(exportAllAwaits(joins())).toEqual(['signIns']);
    expect(exportAllAwaits(off)).toEqual(['signIns', 'attackSimulation', 'mfaEnforcement']);
    expect(exportAllAwaits(joins({ signIns: { status: 'error', error: noP1 }, mfaEnforcement: { status: 'loading' } }))).toEqual(['mfaEnforcement']);
    expect(exportAllAwaits(joins({ signIns: { status: 'ready', data: new Map() } }))).toEqual([]);
    expect(awaitedExportMayStart(true, ['ready', 'error', 'ready'], false)).toBe(true);
    expect(awaitedExportMayStart(true, ['ready', 'loading', 'ready'], false)).toBe(false);
    expect(awaitedExportMayStart(true, ['ready', 'ready', 'off'], false)).toBe(false);
    expect(awaitedExportMayStart(true, ['ready', 'ready', 'ready'], true)).toBe(false);
    expect(awaitedExportMayStart(false, ['ready', 'ready', 'ready'], false)).toBe(false);
  });

  it('a waiting Export all says what it reads first and what that costs', () => {
    expect(exportAwaitProgress(['signIns'], 48771)).toEqual({
      label: 'Export all: reading last sign-ins first',
      description: 'About 407 requests to Microsoft Graph (one per 120 users); the file follows.'
    });
    expect(exportAwaitProgress(['signIns', 'attackSimulation', 'mfaEnforcement'], 240)).toEqual({
      label: 'Export all: reading last sign-ins, attack simulation data and MFA enforcement first',
      description: 'About 2 requests to Microsoft Graph (one per 120 users), three attack simulation reports and security defaults, Conditional Access policies and the members of the groups and roles they name; the file follows.'
    });
    expect(exportAwaitProgress(['attackSimulation'], 240).description).toBe('Three attack simulation reports; the file follows.');
    const [, all] = exportMenu({ listStatus: 'done', total: 3, shown: 3, visibleColumns: cols('displayName'), joins: off, exporting: false, awaitingJoins: true }).items;
    expect(all.text).toBe('Export all (reading last sign-ins, attack simulation data and MFA enforcement first…)');
  });

  it('Export all never counts the optional joins as written empty: it reads them itself', () => {
    const loading = joins({ attackSimulation: { status: 'loading' }, mfaEnforcement: { status: 'loading' }, activity: { status: 'loading' } });
    const [view, all] = exportMenu({ listStatus: 'done', total: 3, shown: 3, visibleColumns: cols('displayName', 'clicked'), joins: loading, exporting: false, awaitingJoins: false }).items;
    expect(view.text).toBe('Export view (3 users, visible columns; attack simulation still loading, written empty)');
    expect(all.text).toBe('Export all (3 users, every column; last activity still loading, written empty)');
  });
});
