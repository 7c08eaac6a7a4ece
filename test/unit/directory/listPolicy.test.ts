import {
  awaitedExportMayStart,
  degradedJoins,
  exportAllStep,
  exportMenu,
  filterHold,
  filterHolds,
  heldChipLabel,
  noMatchText,
  signInsSettled,
  unavailableFilters,
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
    listStatus: 'done', total: 48771, shown: 1204, visibleColumns: cols('displayName', 'mfaStatus'), joins: joins(), exporting: false, awaitingSignIns: false
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
    const waiting = exportMenu({ ...base, awaitingSignIns: true });
    expect(waiting.disabled).toBe(true);
    expect(waiting.items[1]).toEqual({ key: 'all', text: 'Export all (reading last sign-ins first…)', disabled: true });
    expect(exportMenu({ ...base, total: 0, shown: 0 }).disabled).toBe(true);
  });
});
