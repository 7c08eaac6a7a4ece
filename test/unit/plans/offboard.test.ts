import * as fs from 'fs';
import * as path from 'path';
import { buildOffboardPlan, DESTRUCTIVE_LOCK, OFFBOARD_CHECKLIST, PERSONAL_DEVICE_RETIRED, REQUESTED_STEP_SCOPE, SELF_LOCK, STEP_SCOPES } from '../../../src/core/plans';
import { GraphError } from '../../../src/core/graph/GraphError';
import { ROLE_ASSIGNABLE_WHY } from '../../../src/core/directory/groups';
import { AUTHENTICATOR, DL, DYNAMIC, E3, EMS, LAPTOP, LICENSING, PASSWORD, PHONE, SALES, SKUS, TEAMS, facts, group, person } from './fixtures';

const ALL_SCOPES = new Set(['user.readwrite.all', 'groupmember.readwrite.all', 'userauthenticationmethod.readwrite.all', 'devicemanagementmanageddevices.privilegedoperations.all']);

describe('offboarding plan', () => {
  const ada = person('ada', {
    displayName: 'Ada', licenses: [{ skuId: E3, direct: false, groupIds: ['g-lic'] }, { skuId: EMS, direct: true, groupIds: [] }, { skuId: TEAMS, direct: true, groupIds: ['g-lic'] }]
  });
  const adaFacts = facts(ada, {
    groups: { status: 'ready', data: [SALES, LICENSING, DYNAMIC, DL] },
    methods: { status: 'ready', data: [PASSWORD, AUTHENTICATOR, PHONE] },
    devices: { status: 'ready', data: [LAPTOP] }
  });

  it('plans each person in the safe order, the mailbox conversion before and the rest of the checklist after', () => {
    const plan = buildOffboardPlan([adaFacts], SKUS, { scopes: ALL_SCOPES });
    expect(plan.purpose).toBe('offboard');
    expect(plan.title).toBe('Offboard Ada');
    expect(plan.steps.map(s => s.kind)).toEqual([
      'manual', 'block', 'revoke', 'licenseRemove', 'licenseRemove', 'licenseRemove',
      'groupRemove', 'groupRemove', 'groupRemove', 'groupRemove', 'methodRemove', 'methodRemove', 'deviceRetire', 'manual', 'manual'
    ]);
    expect(plan.steps[0]?.label).toMatch(/^Before Finish: convert the mailbox to a shared mailbox/);
    expect(plan.steps.filter(s => s.kind === 'manual').map(s => s.detail)).toEqual(OFFBOARD_CHECKLIST.map(c => c.detail));
    expect(plan.steps.filter(s => s.kind === 'manual').every(s => !s.selected && !s.request)).toBe(true);
    expect(new Set(plan.steps.map(s => s.key)).size).toBe(plan.steps.length);
    expect(plan.gaps).toEqual([]);
  });

  it('blocks and revokes first, with their calls; "already blocked" is shown and not sent', () => {
    const plan = buildOffboardPlan([adaFacts], SKUS, {});
    expect(plan.steps[1]).toMatchObject({ key: 'ada:block:account', selected: true, marker: 'removed', before: 'Enabled', request: { method: 'PATCH', url: '/users/ada', body: { accountEnabled: false } } });
    expect(plan.steps[2]).toMatchObject({ key: 'ada:revoke:sessions', selected: true, request: { method: 'POST', url: '/users/ada/revokeSignInSessions' } });
    const blocked = buildOffboardPlan([facts(person('bo', { accountEnabled: false }))], SKUS).steps.find(s => s.kind === 'block');
    expect(blocked).toMatchObject({ selected: false, before: 'Blocked', locked: 'Sign-in is already blocked: nothing to change.' });
    expect(blocked?.request).toBeUndefined();
    const synced = buildOffboardPlan([facts(person('sy', { onPremisesSync: true }))], SKUS).steps;
    expect(synced.find(s => s.kind === 'block')?.locked).toMatch(/^Synced from on-premises Active Directory: disable the account there/);
    expect(synced.find(s => s.kind === 'revoke')?.selected).toBe(true);
  });

  it('removes direct licences; a group-based one is locked and named with its group', () => {
    const steps = buildOffboardPlan([adaFacts], SKUS).steps.filter(s => s.kind === 'licenseRemove');
    expect(steps.map(s => [s.label, s.selected, s.before])).toEqual([
      ['Remove Microsoft 365 E3', false, 'Through E3 licensing'],
      ['Remove Enterprise Mobility + Security E3', true, 'Assigned directly'],
      ['Remove Teams Exploratory', true, 'Assigned directly and through E3 licensing']
    ]);
    expect(steps[0]?.locked).toBe('Assigned through the group E3 licensing: it stays while they are a member and goes when they leave it (a group step below).');
    expect(steps[1]?.request).toEqual({ method: 'POST', url: '/users/ada/assignLicense', body: { addLicenses: [], removeLicenses: [EMS] } });
    expect(steps[2]?.detail).toMatch(/still comes through E3 licensing/);
  });

  it('leaves every group Graph can change; dynamic and Exchange groups are locked with why', () => {
    const steps = buildOffboardPlan([adaFacts], SKUS).steps.filter(s => s.kind === 'groupRemove');
    expect(steps.map(s => [s.label, s.selected, Boolean(s.locked)])).toEqual([
      ['Remove from Sales', true, false], ['Remove from E3 licensing', true, false], ['Remove from All staff', false, true], ['Remove from Newsletter', false, true]
    ]);
    expect(steps[0]?.request).toEqual({ method: 'DELETE', url: '/groups/g-sales/members/ada/$ref' });
    expect(steps[1]?.detail).toBe('Also takes away Microsoft 365 E3, Teams Exploratory, which the group assigns.');
    expect(steps[2]?.locked).toMatch(/membership rule/);
    expect(steps[3]?.locked).toMatch(/Exchange admin center/);
  });

  it("keeps destructive steps off: locked without the web part's switch, deselected with it; the password is never a step", () => {
    const off = buildOffboardPlan([adaFacts], SKUS, { scopes: ALL_SCOPES });
    const destructive = off.steps.filter(s => s.destructive);
    expect(destructive.map(s => s.kind)).toEqual(['methodRemove', 'methodRemove', 'deviceRetire']);
    expect(destructive.every(s => !s.selected && s.locked === DESTRUCTIVE_LOCK && !s.request)).toBe(true);
    expect(DESTRUCTIVE_LOCK).toBe("Turn on 'Allow destructive steps' in the web part's settings.");
    const on = buildOffboardPlan([adaFacts], SKUS, { scopes: ALL_SCOPES, allowDestructive: true }).steps.filter(s => s.destructive);
    expect(on.every(s => !s.selected && !s.locked && s.request)).toBe(true);
    expect(on.map(s => s.request?.url)).toEqual(['/users/ada/authentication/microsoftAuthenticatorMethods/m-app', '/users/ada/authentication/phoneMethods/m-phone', '/deviceManagement/managedDevices/d-1/retire']);
    expect(on[0]?.label).toBe('Remove Microsoft Authenticator (iPhone 15)');
    expect(on[2]?.label).toBe('Retire LAPTOP-0001 (Windows, Company)');
    expect(on.some(s => /Password/.test(s.label))).toBe(false);
  });

  it('wipes instead of retiring when asked, but never a personal device: that one is retired and says so', () => {
    const personal = { ...LAPTOP, id: 'd-2', ownership: 'Personal' };
    const plan = buildOffboardPlan([facts(ada, { devices: { status: 'ready', data: [LAPTOP, personal] } })], SKUS, { allowDestructive: true, deviceAction: 'wipe' });
    const devices = plan.steps.filter(s => s.kind === 'deviceWipe' || s.kind === 'deviceRetire');
    expect(devices[0]).toMatchObject({ key: 'ada:deviceWipe:d-1', label: 'Wipe LAPTOP-0001 (Windows, Company)', request: { method: 'POST', url: '/deviceManagement/managedDevices/d-1/wipe', body: { keepEnrollmentData: false, keepUserData: false } } });
    expect(devices[1]).toMatchObject({
      key: 'ada:deviceRetire:d-2', label: 'Retire LAPTOP-0001 (Windows, Personal)', detail: 'Personal device: retired (company data only), never wiped.',
      request: { method: 'POST', url: '/deviceManagement/managedDevices/d-2/retire' }
    });
    expect(devices[1]?.request?.body).toBeUndefined();
    expect(PERSONAL_DEVICE_RETIRED).toBe('Personal device: retired (company data only), never wiped.');
  });

  it('locks every step of the signed-in admin, still showing them; others are planned as usual', () => {
    const plan = buildOffboardPlan([adaFacts, facts(person('bo'))], SKUS, { scopes: ALL_SCOPES, allowDestructive: true, signedInUserId: 'ADA' });
    const mine = plan.steps.filter(s => s.userId === 'ada');
    expect(mine.length).toBe(15);
    expect(mine.every(s => s.locked === SELF_LOCK && !s.selected && !s.request)).toBe(true);
    expect(SELF_LOCK).toBe("You are signed in as this person: offboard them from another admin's session.");
    expect(plan.steps.find(s => s.key === 'bo:block:account')).toMatchObject({ selected: true, request: { method: 'PATCH' } });
    expect(plan.steps.find(s => s.key === 'bo:block:account')?.locked).toBeUndefined();
    expect(plan.title).toBe('Offboard 2 people');
  });

  it('locks a step the token cannot do, with the scope to approve', () => {
    const plan = buildOffboardPlan([adaFacts], SKUS, { scopes: new Set(['user.read.all', 'user.readwrite.all']), allowDestructive: true });
    const by = (kind: string) => plan.steps.find(s => s.kind === kind);
    expect(by('block')?.locked).toBeUndefined();
    expect(by('groupRemove')?.locked).toMatch(/^This sign-in does not carry GroupMember\.ReadWrite\.All\. .*API access/);
    expect(by('methodRemove')?.locked).toMatch(/^This sign-in does not carry UserAuthenticationMethod\.ReadWrite\.All/);
    expect(by('deviceRetire')?.locked).toMatch(/DeviceManagementManagedDevices\.PrivilegedOperations\.All/);
    // Revoke's least privileged scope alone is enough.
    expect(buildOffboardPlan([adaFacts], SKUS, { scopes: new Set(['user.revokesessions.all']) }).steps.find(s => s.kind === 'revoke')?.locked).toBeUndefined();
    // Without a write scope, block and revoke name the one the package asks for (what API access can approve),
    // not a narrower scope that exists in Graph but nowhere in this package's requests.
    const readOnly = buildOffboardPlan([adaFacts], SKUS, { scopes: new Set(['user.read.all']) }).steps;
    expect(readOnly.find(s => s.kind === 'block')?.locked).toMatch(/^This sign-in does not carry User\.ReadWrite\.All\. /);
    expect(readOnly.find(s => s.kind === 'revoke')?.locked).toMatch(/^This sign-in does not carry User\.ReadWrite\.All\. .*An app you register yourself may take the narrower User\.RevokeSessions\.All instead\.$/);
    expect(readOnly.find(s => s.kind === 'block')?.locked).toMatch(/narrower User\.EnableDisableAccount\.All instead\.$/);
    // Where the package's scope is the narrowest, nothing more is said.
    expect(readOnly.find(s => s.kind === 'groupRemove')?.locked).not.toMatch(/narrower/);
  });

  it('names only scopes the package requests, each one that allows its step', () => {
    const requested = (JSON.parse(fs.readFileSync(path.join(__dirname, '../../../config/package-solution.json'), 'utf8')) as { solution: { webApiPermissionRequests: Array<{ scope: string }> } })
      .solution.webApiPermissionRequests.map(r => r.scope);
    for (const [kind, scope] of Object.entries(REQUESTED_STEP_SCOPE)) {
      expect([kind, requested.includes(scope)]).toEqual([kind, true]);
      expect([kind, STEP_SCOPES[kind as keyof typeof STEP_SCOPES].includes(scope)]).toEqual([kind, true]);
    }
  });

  it('says what it could not read: a person without a profile is a gap, a refused part is a gap and the rest is planned', () => {
    const refused = new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    const noIntune = new GraphError(403, 'Forbidden', 'Your tenant is not licensed for this feature.');
    const plan = buildOffboardPlan([
      { asked: 'ghost@contoso.com', person: { status: 'error', error: new GraphError(404, 'Request_ResourceNotFound', 'No user "ghost@contoso.com" in this tenant.') }, groups: { status: 'loading' }, roles: { status: 'loading' }, methods: { status: 'loading' }, devices: { status: 'loading' }, owned: { status: 'loading' } },
      facts(person('cy'), { groups: { status: 'error', error: refused }, roles: { status: 'error', error: refused }, methods: { status: 'error', error: refused }, devices: { status: 'error', error: noIntune }, owned: { status: 'error', error: refused } })
    ], SKUS);
    expect(plan.title).toBe('Offboard Person cy');
    expect(plan.gaps).toEqual([
      { userId: 'ghost@contoso.com', userName: 'ghost@contoso.com', part: 'Profile', reason: 'Not found: No user "ghost@contoso.com" in this tenant.' },
      { userId: 'cy', userName: 'Person cy', part: 'Groups and admin roles', reason: 'Microsoft Graph refused it: the sign-in does not carry GroupMember.Read.All.' },
      { userId: 'cy', userName: 'Person cy', part: 'Authentication methods', reason: 'Microsoft Graph refused it: the sign-in does not carry UserAuthenticationMethod.Read.All.' },
      { userId: 'cy', userName: 'Person cy', part: 'Intune devices', reason: expect.stringMatching(/no active Microsoft Intune licence/) },
      { userId: 'cy', userName: 'Person cy', part: 'Groups they own', reason: 'Microsoft Graph refused it: the sign-in does not carry User.Read.All.' }
    ]);
    expect(plan.steps.filter(s => s.kind !== 'manual').map(s => s.kind)).toEqual(['block', 'revoke']);
  });

  it('lists admin roles and owned groups on the checklist, never sent, after the steps and before the mailbox hand-over', () => {
    const owned = [SALES, DL];
    const plan = buildOffboardPlan([facts(ada, {
      roles: { status: 'ready', data: [{ id: 'r1', displayName: 'Exchange Administrator' }, { id: 'r2', displayName: 'Global Reader' }] },
      owned: { status: 'ready', data: owned }
    })], SKUS, { scopes: ALL_SCOPES });
    const manual = plan.steps.filter(s => s.kind === 'manual');
    expect(manual.map(s => s.key)).toEqual(['ada:manual:sharedMailbox', 'ada:manual:directoryRoles', 'ada:manual:ownedGroups', 'ada:manual:forwarding', 'ada:manual:oneDrive']);
    const roles = manual[1];
    expect(roles?.label).toBe('Remove their admin roles: Exchange Administrator, Global Reader');
    expect(roles?.detail).toMatch(/Assigned roles.*Eligible assignments.*RoleManagement\.ReadWrite\.Directory/);
    expect(manual[2]?.label).toBe(`Give the groups they own another owner: ${SALES.displayName} (Microsoft 365 group), ${DL.displayName} (Distribution list)`);
    // Where each kind's owners are changed: Entra for the Microsoft 365 group, Exchange for the list.
    expect(manual[2]?.detail).toMatch(/^Microsoft 365 groups: Microsoft Entra admin center .* Distribution lists and mail-enabled security groups: Exchange admin center .*before the account is deleted/);
    expect(manual.every(s => !s.selected && !s.request)).toBe(true);
    // One of each is worded in the singular; none held, no item.
    const one = buildOffboardPlan([facts(ada, { roles: { status: 'ready', data: [{ id: 'r1', displayName: 'Helpdesk Administrator' }] }, owned: { status: 'ready', data: [SALES] } })], SKUS).steps;
    expect(one.filter(s => s.kind === 'manual').map(s => s.label)).toEqual(expect.arrayContaining(['Remove their admin role: Helpdesk Administrator', `Give the group they own another owner: ${SALES.displayName} (Microsoft 365 group)`]));
    expect(buildOffboardPlan([facts(ada)], SKUS).steps.some(s => /:(directoryRoles|ownedGroups)$/.test(s.key))).toBe(false);
  });

  it('locks leaving a role-assignable group (it needs RoleManagement.ReadWrite.Directory) and names it on the roles item', () => {
    const admins = group('g-ra', 'Tier 0 admins', { isAssignableToRole: true });
    expect(admins).toMatchObject({ kind: 'security', roleAssignable: true, notEditable: ROLE_ASSIGNABLE_WHY });
    // Without a direct role: the item asks to check the group's roles.
    const only = buildOffboardPlan([facts(ada, { groups: { status: 'ready', data: [SALES, admins] } })], SKUS, { scopes: ALL_SCOPES }).steps;
    expect(only.find(s => s.key === 'ada:groupRemove:g-ra')).toMatchObject({ selected: false, locked: ROLE_ASSIGNABLE_WHY });
    expect(only.find(s => s.key === 'ada:groupRemove:g-sales')).toMatchObject({ selected: true });
    const item = only.find(s => s.key === 'ada:manual:directoryRoles');
    expect(item?.label).toBe('Check the admin roles they hold through role-assignable groups: Tier 0 admins');
    expect(item?.detail).toMatch(/role-assignable group \(Tier 0 admins\): any role assigned to it is theirs while they are members/);
    // With one: both said.
    const both = buildOffboardPlan([facts(ada, { groups: { status: 'ready', data: [admins] }, roles: { status: 'ready', data: [{ id: 'r', displayName: 'Global Reader' }] } })], SKUS).steps;
    expect(both.find(s => s.key === 'ada:manual:directoryRoles')?.label).toBe('Remove their admin role: Global Reader, and check the roles of their role-assignable groups');
  });

  it('plans several people one after another and says guests keep their home sessions', () => {
    const plan = buildOffboardPlan([facts(person('a')), facts(person('g', { userType: 'Guest' }))], SKUS);
    expect(plan.title).toBe('Offboard 2 people');
    expect([...new Set(plan.steps.map(s => s.userId))]).toEqual(['a', 'g']);
    expect(plan.steps.find(s => s.key === 'g:revoke:sessions')?.detail).toMatch(/home tenant/);
  });
});
