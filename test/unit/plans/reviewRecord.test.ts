import {
  applyPlan, buildOffboardPlan, countSelected, countSteps, exceptEntries, mergeOutcomes, offboardScript, offboardingRecordSheets, parseExcept, parseStepNames,
  PERSONAL_DEVICE_RETIRED, PURPOSE_LABEL, RECORD_SHEETS, retryFailed, SELF_LOCK, selectAll, selectKind, selectPerson, selectedStepNames, setDeviceAction,
  stepTarget, stepsByPerson, toggleStep
} from '../../../src/core/plans';
import type { IBulkPlan } from '../../../src/core/plans';
import { GraphError } from '../../../src/core/graph/GraphError';
import { AUTHENTICATOR, DYNAMIC, E3, EMS, LAPTOP, LICENSING, SALES, SKUS, err, facts, fakeGraph, person } from './fixtures';

const adaFacts = facts(person('ada', { displayName: 'Ada', licenses: [{ skuId: E3, direct: true, groupIds: [] }] }), {
  groups: { status: 'ready', data: [SALES, DYNAMIC] }, methods: { status: 'ready', data: [AUTHENTICATOR] }, devices: { status: 'ready', data: [LAPTOP] },
  roles: { status: 'ready', data: [{ id: 'r-ex', displayName: 'Exchange Administrator' }] }, owned: { status: 'ready', data: [SALES] }
});
const boFacts = facts(person('bo', { displayName: 'Bo' }), { devices: { status: 'error', error: new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.') } });
const plan = (allowDestructive = true): IBulkPlan => buildOffboardPlan([adaFacts, boFacts], SKUS, { allowDestructive });

describe('reviewing a plan', () => {
  it('toggles, selects by person, kind or all, immutably; locked and manual steps never become selected', () => {
    const p = plan();
    expect(countSelected(p)).toBe(6);
    const off = toggleStep(p, 'ada:groupRemove:g-sales');
    expect(off).not.toBe(p);
    expect(p.steps.find(s => s.key === 'ada:groupRemove:g-sales')?.selected).toBe(true);
    expect(countSelected(off)).toBe(5);
    expect(toggleStep(p, 'ada:groupRemove:g-dyn')).toBe(p);
    expect(countSelected(selectPerson(p, 'ada', false))).toBe(2);
    expect(countSelected(selectKind(p, ['methodRemove', 'deviceRetire'], true))).toBe(8);
    expect(countSelected(selectAll(p, false))).toBe(0);
    expect(selectAll(p, true).steps.filter(s => s.kind === 'manual' || s.locked).every(s => !s.selected)).toBe(true);
    expect(countSteps(selectKind(p, 'deviceRetire', true))).toEqual({ selected: 7, sendable: 8, locked: 1, manual: 8, destructiveSelected: 1, people: 2 });
  });

  it('groups steps by person in plan order, and switches device steps to wipe keeping the selection', () => {
    expect(stepsByPerson(plan()).map(p => [p.userName, p.steps.length])).toEqual([['Ada', 12], ['Bo', 5]]);
    const retire = selectKind(plan(), 'deviceRetire', true);
    const wiped = setDeviceAction(retire, 'wipe', [LAPTOP], { allowDestructive: true });
    const device = wiped.steps.find(s => s.kind === 'deviceWipe');
    expect(device).toMatchObject({ key: 'ada:deviceWipe:d-1', selected: true, request: { url: '/deviceManagement/managedDevices/d-1/wipe' } });
    expect(wiped.steps.some(s => s.kind === 'deviceRetire')).toBe(false);
  });
});

describe('the record and the script', () => {
  it('writes who, when, each step with its result and reason, the state before and the checklist, as values', async () => {
    const p = selectKind(plan(), 'deviceRetire', true);
    const { gateway } = fakeGraph(r => (r.url.endsWith('/retire') ? err(403, 'Forbidden', 'Insufficient privileges.') : { status: 204 }));
    const outcome = await applyPlan(gateway, p, { now: () => new Date('2026-03-10T09:00:00Z') });
    const sheets = offboardingRecordSheets(p, outcome, [adaFacts, boFacts], new Date('2026-03-10T09:01:00Z'));
    expect(sheets.map(s => s.name)).toEqual([...RECORD_SHEETS]);
    const summary = new Map(sheets[0]?.rows.map(r => [r[0], r[1]]));
    expect(summary.get('Plan')).toBe('Offboard 2 people');
    expect(summary.get('People')).toEqual(['Ada', 'Bo']);
    expect([summary.get('Steps Done'), summary.get('Steps Failed'), summary.get('Round Trips')]).toEqual([6, 1, 4]);
    expect(summary.get('Purpose')).toBe('Offboarding');
    expect(summary.get('Started')).toEqual(new Date('2026-03-10T09:00:00Z'));
    const steps = sheets[1];
    expect(steps?.columns.map(c => c.header)).toEqual(['Person', 'User Principal Name', 'Step', 'Kind', 'State Before', 'Result', 'Reason', 'Answered At', 'History', 'Detail', 'Destructive', 'Request', 'User Id', 'Step Key']);
    const row = (key: string) => steps?.rows.find(r => r.at(-1) === key);
    expect(row('ada:block:account')?.slice(0, 9)).toEqual(['Ada', 'ada@contoso.com', 'Block sign-in', 'Block sign-in', 'Enabled', 'Done', null, '2026-03-10T09:00:00.000Z', null]);
    expect(row('ada:deviceRetire:d-1')?.slice(5, 7)).toEqual(['Failed', expect.stringMatching(/^Microsoft Graph refused this: the sign-in does not carry DeviceManagementManagedDevices\.PrivilegedOperations\.All/)]);
    expect(row('ada:methodRemove:m-app')?.[5]).toBe('Not selected');
    expect(row('ada:groupRemove:g-dyn')?.slice(5, 7)).toEqual(['Locked', expect.stringMatching(/membership rule/)]);
    const before = sheets[2]?.rows ?? [];
    expect(before).toEqual(expect.arrayContaining([
      ['Ada', 'ada@contoso.com', 'Account', 'Sign-in', 'Enabled'],
      ['Ada', 'ada@contoso.com', 'Licence', 'Microsoft 365 E3', 'Assigned directly'],
      ['Ada', 'ada@contoso.com', 'Group', 'All staff', 'Dynamic membership group'],
      ['Ada', 'ada@contoso.com', 'Authentication method', 'Microsoft Authenticator', 'iPhone 15'],
      ['Ada', 'ada@contoso.com', 'Intune device', 'LAPTOP-0001', 'Windows, Company, compliant, last sync 2026-03-01T00:00:00Z'],
      ['Bo', 'bo@contoso.com', 'Intune device', 'Unavailable', expect.stringMatching(/DeviceManagementManagedDevices\.Read\.All/)],
      ['Ada', 'ada@contoso.com', 'Admin role', 'Exchange Administrator', 'Active assignment'],
      ['Ada', 'ada@contoso.com', 'Owned group', SALES.displayName, expect.stringMatching(/^Owner \(/)]
    ]));
    expect(sheets[3]?.rows.map(r => [r[0], r[1]])).toEqual([
      ['Ada', expect.stringMatching(/^Before Finish: convert the mailbox/)], ['Ada', 'Remove their admin role: Exchange Administrator'],
      ['Ada', `Give the group they own another owner: ${SALES.displayName} (Microsoft 365 group)`], ['Ada', 'Forward their mail, or give someone access to the mailbox'], ['Ada', 'Hand over their OneDrive files'],
      ['Bo', expect.stringMatching(/^Before Finish/)], ['Bo', 'Forward their mail, or give someone access to the mailbox'], ['Bo', 'Hand over their OneDrive files']
    ]);
    // Values only: no cell is a formula object, and a step label that looks like one stays text.
    for (const s of sheets) for (const r of s.rows) for (const c of r) expect(['string', 'number', 'boolean', 'object', 'undefined'].includes(typeof c)).toBe(true);
  });

  it('records a plan alone as planned', () => {
    const sheets = offboardingRecordSheets(plan(false), undefined, [adaFacts], new Date('2026-03-10T09:00:00Z'));
    expect(new Map(sheets[0]?.rows.map(r => [r[0], r[1]])).get('Status')).toBe('Planned only: nothing was sent.');
    expect(sheets[1]?.rows.find(r => r.at(-1) === 'ada:block:account')?.[5]).toBe('Planned');
  });

  it('reads --steps and writes the CLI commands of a plan, saying what they cannot carry', () => {
    expect(parseStepNames('block, revoke,licenses')).toEqual({ ok: true, steps: ['block', 'revoke', 'licenses'] });
    expect(parseStepNames('block,nuke')).toEqual({ ok: false, error: '--steps: "nuke" is not a step; use block, revoke, licenses, groups, methods, devices-retire, devices-wipe.' });
    expect(parseStepNames('devices-retire,devices-wipe').ok).toBe(false);
    const p = toggleStep(selectKind(plan(), 'deviceRetire', true), 'ada:groupRemove:g-sales');
    expect(selectedStepNames(p)).toEqual(['block', 'revoke', 'licenses', 'devices-retire']);
    const s = offboardScript(p, ["ada@contoso.com", "o'brien@contoso.com"], 'http://localhost:7000');
    expect(s.preview.split('\n').at(-1)).toBe("npx m365-impressions offboard --user ada@contoso.com --user 'o'\\''brien@contoso.com' --steps block,revoke,licenses,devices-retire --graph-url http://localhost:7000");
    expect(s.apply).toMatch(/ --apply --out 'offboarding-2-people-\{today\}\.xlsx'$/);
    expect(s.windows).toMatch(/^REM Run the preview first/);
    expect(offboardScript(plan(), ['ada@contoso.com']).apply).toMatch(/--out 'offboarding-ada@contoso\.com-\{today\}\.xlsx'$/);
    expect(s.preview).not.toMatch(/token|secret=/i);
    expect(s.notes).toHaveLength(2);
  });

  it('carries each step deselected on its own as --except: a target alone when no one keeps it, else per person', () => {
    const less = offboardScript(toggleStep(plan(), 'bo:block:account'), ['ada@contoso.com', 'bo@contoso.com']);
    expect(less.preview.split('\n').at(-1)).toBe('npx m365-impressions offboard --user ada@contoso.com --user bo@contoso.com --steps block,revoke,licenses,groups --except bo:account');
    expect(less.notes).toHaveLength(2);
    expect(less.preview).not.toMatch(/deselected on screen/);
    const two = buildOffboardPlan([adaFacts, facts(person('cy', { displayName: 'Cy', licenses: [{ skuId: EMS, direct: true, groupIds: [] }] }), { groups: { status: 'ready', data: [SALES, LICENSING] } })], SKUS);
    const noSales = toggleStep(toggleStep(two, 'ada:groupRemove:g-sales'), 'cy:groupRemove:g-sales');
    expect(exceptEntries(noSales)).toEqual(['g-sales']);
    // A kind left out whole is --steps' business, not --except's.
    expect(exceptEntries(toggleStep(noSales, 'cy:groupRemove:g-lic'))).toEqual([]);
    expect(exceptEntries(toggleStep(two, `ada:licenseRemove:${E3.toLowerCase()}`))).toEqual([E3.toLowerCase()]);
    expect(exceptEntries(toggleStep(two, 'cy:groupRemove:g-sales'))).toEqual(['cy:g-sales']);
    expect(stepTarget({ key: 'u1:methodRemove:a:b', userId: 'u1', kind: 'methodRemove' })).toBe('a:b');
    expect(parseExcept('g-sales, bo@contoso.com:account')).toEqual({ ok: true, except: [{ target: 'g-sales' }, { user: 'bo@contoso.com', target: 'account' }] });
    expect(parseExcept('g-sales,,x').ok).toBe(false);
  });

  it('writes devices-wipe alone when personal devices are retired under it; one set to retire on its own is left out and said', () => {
    const personal = { ...LAPTOP, id: 'd-2', ownership: 'Personal' };
    const withPersonal = facts(person('ada', { displayName: 'Ada' }), { devices: { status: 'ready', data: [LAPTOP, personal] } });
    const wiped = selectKind(buildOffboardPlan([withPersonal], SKUS, { allowDestructive: true, deviceAction: 'wipe' }), ['deviceWipe', 'deviceRetire'], true);
    expect(selectedStepNames(wiped)).toEqual(['block', 'revoke', 'devices-wipe']);
    expect(offboardScript(wiped, ['ada@contoso.com']).preview.split('\n').at(-1)).toBe('npx m365-impressions offboard --user ada@contoso.com --steps block,revoke,devices-wipe');
    const mixed = setDeviceAction(wiped, 'retire', [LAPTOP, personal], { allowDestructive: true }, 'ada:deviceWipe:d-1');
    const third = { ...LAPTOP, id: 'd-3', displayName: 'LAPTOP-0003' };
    const three = selectKind(buildOffboardPlan([facts(person('ada', { displayName: 'Ada' }), { devices: { status: 'ready', data: [LAPTOP, personal, third] } })], SKUS, { allowDestructive: true, deviceAction: 'wipe' }), ['deviceWipe', 'deviceRetire'], true);
    const oneRetired = setDeviceAction(three, 'retire', [LAPTOP, personal, third], { allowDestructive: true }, 'ada:deviceWipe:d-1');
    const script = offboardScript(oneRetired, ['ada@contoso.com']);
    expect(script.preview.split('\n').at(-1)).toBe('npx m365-impressions offboard --user ada@contoso.com --steps block,revoke,devices-wipe --except d-1');
    expect(script.notes[2]).toBe('Left out, as the command wipes the company devices it is given and these were to be retired: Ada: Retire LAPTOP-0001 (Windows, Company). Retire them in the Intune admin center.');
    expect(selectedStepNames(mixed)).toEqual(['block', 'revoke', 'devices-retire']);
  });

  it('never wipes a personal device when a plan is switched to wipe', () => {
    const personal = { ...LAPTOP, id: 'd-2', ownership: 'Personal' };
    const p = selectKind(buildOffboardPlan([facts(person('ada'), { devices: { status: 'ready', data: [personal] } })], SKUS, { allowDestructive: true }), 'deviceRetire', true);
    const wiped = setDeviceAction(p, 'wipe', [personal], { allowDestructive: true });
    const step = wiped.steps.find(s => s.userId === 'ada' && s.destructive);
    expect(step).toMatchObject({ key: 'ada:deviceRetire:d-2', selected: true, detail: PERSONAL_DEVICE_RETIRED, request: { url: '/deviceManagement/managedDevices/d-2/retire' } });
    // The signed-in admin's device step stays locked when switched.
    const mine = setDeviceAction(buildOffboardPlan([facts(person('ada'), { devices: { status: 'ready', data: [LAPTOP] } })], SKUS, { allowDestructive: true, signedInUserId: 'ada' }), 'wipe', [LAPTOP], { allowDestructive: true, signedInUserId: 'ada' });
    expect(mine.steps.find(s => s.kind === 'deviceWipe')?.locked).toBe(SELF_LOCK);
  });
});

describe('the record after Try again', () => {
  it('tells each try of a step with its time, names who ran it, the purpose in words and the groups a licence comes through', async () => {
    const lic = facts(person('ada', { displayName: 'Ada', licenses: [{ skuId: E3, direct: true, groupIds: ['g-sales', 'g-gone'] }] }), { groups: { status: 'ready', data: [SALES] } });
    const p = buildOffboardPlan([lic], SKUS);
    let refuse = true;
    const { gateway } = fakeGraph(r => (refuse && r.url.includes('/members/') ? err(403, 'Authorization_RequestDenied', 'Insufficient privileges.') : { status: 204 }));
    const first = await applyPlan(gateway, p, { now: () => new Date('2026-03-10T09:00:00Z'), by: 'admin@contoso.com' });
    refuse = false;
    const second = await applyPlan(gateway, retryFailed(p, first), { now: () => new Date('2026-03-10T09:05:00Z') });
    const sheets = offboardingRecordSheets(p, mergeOutcomes(first, second), [lic], new Date('2026-03-10T09:06:00Z'));
    const summary = new Map(sheets[0]?.rows.map(r => [r[0], r[1]]));
    expect(summary.get('Run By')).toBe('admin@contoso.com');
    expect(summary.get('Purpose')).toBe(PURPOSE_LABEL.offboard);
    const row = sheets[1]?.rows.find(r => r.at(-1) === 'ada:groupRemove:g-sales');
    expect(row?.slice(5, 9)).toEqual(['Done', null, '2026-03-10T09:05:00.000Z', expect.stringMatching(/^Failed \(Microsoft Graph refused this.*\) at 2026-03-10 09:00:00 UTC, then Done at 2026-03-10 09:05:00 UTC$/)]);
    expect(sheets[1]?.rows.find(r => r.at(-1) === 'ada:block:account')?.[8]).toBeNull();
    expect(sheets[2]?.rows).toContainEqual(['Ada', 'ada@contoso.com', 'Licence', 'Microsoft 365 E3', 'Assigned directly, through Sales, g-gone']);
  });
});
