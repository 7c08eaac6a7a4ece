import { OVERWRITE_NOTE, buildGroupPlan, buildLicenseRemovePlan, buildSetupLikePlan } from '../../../src/core/plans';
import type { ISetupLikeFacts } from '../../../src/core/plans';
import { GraphError } from '../../../src/core/graph/GraphError';
import { DYNAMIC, E3, EMS, LICENSING, SALES, SKUS, TEAMS, group, person } from './fixtures';
import type { IPlanPerson } from '../../../src/core/plans';

const setup = (p: IPlanPerson, over: Partial<ISetupLikeFacts> = {}): ISetupLikeFacts => ({
  asked: p.userPrincipalName, person: { status: 'ready', data: p }, groups: { status: 'ready', data: [] }, manager: { status: 'ready', data: null }, ...over
});

describe('"set up like" plan', () => {
  const ref = person('ref', {
    displayName: 'Rae', usageLocation: 'NL', department: 'Sales', officeLocation: 'Amsterdam', jobTitle: 'Account manager',
    licenses: [{ skuId: E3, direct: false, groupIds: ['g-lic'] }, { skuId: EMS, direct: true, groupIds: [] }, { skuId: TEAMS, direct: true, groupIds: [] }]
  });
  const refFacts = setup(ref, { groups: { status: 'ready', data: [SALES, LICENSING, DYNAMIC] }, manager: { status: 'ready', data: { id: 'boss', displayName: 'The Boss' } } });

  it('proposes usage location first, changed fields, the manager, groups the new user lacks, then licences', () => {
    const newbie = person('new', { displayName: 'Nia', usageLocation: null, department: 'Sales', jobTitle: 'Intern' });
    const plan = buildSetupLikePlan(refFacts, setup(newbie, { groups: { status: 'ready', data: [SALES] } }), SKUS);
    expect(plan.title).toBe('Set up Nia like Rae');
    expect(plan.steps.map(s => [s.kind, s.label])).toEqual([
      ['field', 'Usage location: (empty) → "NL"'],
      ['field', 'Office: (empty) → "Amsterdam"'],
      ['field', 'Job title: "Intern" → "Account manager"'],
      ['manager', 'Manager: (none) → The Boss'],
      ['groupAdd', 'Add to E3 licensing'],
      ['groupAdd', 'Add to All staff'],
      ['licenseAdd', 'Assign Microsoft 365 E3'],
      ['licenseAdd', 'Assign Enterprise Mobility + Security E3'],
      ['licenseAdd', 'Assign Teams Exploratory']
    ]);
    const by = (key: string) => plan.steps.find(s => s.key === key);
    expect(by('new:field:usageLocation')?.request).toEqual({ method: 'PATCH', url: '/users/new', body: { usageLocation: 'NL' } });
    expect(by('new:manager:boss')?.request).toEqual({ method: 'PUT', url: '/users/new/manager/$ref', body: { '@odata.id': 'https://graph.microsoft.com/v1.0/directoryObjects/boss' } });
    expect(by('new:groupAdd:g-lic')?.request).toEqual({ method: 'POST', url: '/groups/g-lic/members/$ref', body: { '@odata.id': 'https://graph.microsoft.com/v1.0/directoryObjects/new' } });
    expect(by('new:groupAdd:g-dyn')?.locked).toMatch(/membership rule/);
    expect(by(`new:licenseAdd:${E3}`)?.locked).toBe('Rae has it through the group E3 licensing: adding the new user to that group brings it.');
    expect(by(`new:licenseAdd:${EMS}`)?.locked).toBe('0 of 5 available: buy more or free one first.');
    expect(by(`new:licenseAdd:${TEAMS}`)).toMatchObject({ selected: true, detail: '99 of 100 available.', request: { body: { addLicenses: [{ skuId: TEAMS, disabledPlans: [] }], removeLicenses: [] } } });
  });

  it('fills what the new user lacks, ticked; replacing what they have (job title, office, a manager) is offered unticked, and says so', () => {
    const newbie = person('new', { displayName: 'Nia', usageLocation: null, department: 'Sales', jobTitle: 'Intern', officeLocation: null });
    const plan = buildSetupLikePlan(refFacts, setup(newbie, { manager: { status: 'ready', data: { id: 'mine', displayName: 'My Manager' } } }), SKUS);
    const by = (key: string) => plan.steps.find(s => s.key === key);
    expect(by('new:field:usageLocation')).toMatchObject({ selected: true });
    expect(by('new:field:officeLocation')).toMatchObject({ selected: true });
    expect(by('new:field:officeLocation')?.detail).toBeUndefined();
    expect(by('new:field:jobTitle')).toMatchObject({ selected: false, detail: OVERWRITE_NOTE, request: { body: { jobTitle: 'Account manager' } } });
    expect(by('new:manager:boss')).toMatchObject({ label: 'Manager: My Manager → The Boss', selected: false, detail: OVERWRITE_NOTE });
    expect(by('new:manager:boss')?.request).toBeDefined();
    // No manager: the reference's is proposed, ticked. A manager not read: as one they may have, unticked.
    expect(buildSetupLikePlan(refFacts, setup(newbie), SKUS).steps.find(s => s.kind === 'manager')?.selected).toBe(true);
    const unread = buildSetupLikePlan(refFacts, setup(newbie, { manager: { status: 'error', error: new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.') } }), SKUS);
    expect(unread.steps.find(s => s.kind === 'manager')?.selected).toBe(false);
  });

  it('keeps a usage location the new user has, skips what they already hold, and locks licences when neither has a location', () => {
    const a = buildSetupLikePlan(refFacts, setup(person('new', { usageLocation: 'US', licenses: [{ skuId: TEAMS, direct: true, groupIds: [] }] }), { manager: { status: 'ready', data: { id: 'boss', displayName: 'The Boss' } } }), SKUS);
    expect(a.steps.some(s => s.key === 'new:field:usageLocation' || s.kind === 'manager' || s.key === `new:licenseAdd:${TEAMS}`)).toBe(false);
    const noWhere = buildSetupLikePlan(setup({ ...ref, usageLocation: null }), setup(person('new', { usageLocation: null })), undefined);
    expect(noWhere.steps.find(s => s.key === `new:licenseAdd:${TEAMS}`)?.locked).toMatch(/^Neither Person new nor Rae has a usage location/);
  });

  it('says what it could not read', () => {
    const refused = new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    const plan = buildSetupLikePlan(setup(ref, { groups: { status: 'error', error: refused }, manager: { status: 'error', error: refused } }), setup(person('new')), SKUS);
    expect(plan.gaps.map(g => g.part)).toEqual(['Groups', 'Manager']);
    const none = buildSetupLikePlan(setup(ref), { ...setup(person('x')), asked: 'x@contoso.com', person: { status: 'error', error: new GraphError(404, 'Request_ResourceNotFound', 'No user "x@contoso.com" in this tenant.') } }, SKUS);
    expect(none.steps).toEqual([]);
    expect(none.title).toBe('Set up x@contoso.com like Rae');
    expect(none.gaps).toEqual([{ userId: 'x@contoso.com', userName: 'x@contoso.com', part: 'Profile', reason: 'Not found: No user "x@contoso.com" in this tenant.' }]);
  });
});

describe('bulk plans', () => {
  const people = [
    { id: 'a', name: 'Ann', licenses: [{ skuId: E3, direct: true, groupIds: [] }], groupIds: ['g-sales'] },
    { id: 'b', name: 'Bo', licenses: [{ skuId: E3, direct: false, groupIds: ['g-lic'] }], groupIds: [] },
    { id: 'c', name: 'Cy', licenses: [EMS] },
    { id: 'd', name: 'Di' }
  ];

  it('removes one licence: a group-based holding locked, one known not held said so, an unknown one still planned', () => {
    const plan = buildLicenseRemovePlan(people, { skuId: E3, name: 'Microsoft 365 E3' });
    expect(plan).toMatchObject({ purpose: 'licenseRemove', title: 'Remove Microsoft 365 E3 from 4 people', gaps: [] });
    expect(plan.steps.map(s => [s.userId, s.selected, s.locked ?? null])).toEqual([
      ['a', true, null],
      ['b', false, 'Assigned through a group (g-lic): it stays while they are a member of it.'],
      ['c', false, 'Cy does not hold Microsoft 365 E3: nothing to remove.'],
      ['d', true, null]
    ]);
    expect(plan.steps[3]?.request).toEqual({ method: 'POST', url: '/users/d/assignLicense', body: { addLicenses: [], removeLicenses: [E3] } });
  });

  it('adds to or removes from a group; known members and non-members are said so, a group Graph cannot change locks all', () => {
    const add = buildGroupPlan(people, SALES, 'add');
    expect(add.title).toBe('Add 4 people to Sales');
    expect(add.steps.map(s => [s.userId, s.selected, s.locked ?? null])).toEqual([['a', false, 'Already a member: nothing to change.'], ['b', true, null], ['c', true, null], ['d', true, null]]);
    const remove = buildGroupPlan(people, SALES, 'remove');
    expect(remove.steps.map(s => s.selected)).toEqual([true, false, true, true]);
    expect(remove.steps[0]?.request).toEqual({ method: 'DELETE', url: '/groups/g-sales/members/a/$ref' });
    const dl = buildGroupPlan(people.slice(0, 1), group('g-dl', 'Newsletter', { mailEnabled: true, securityEnabled: false }), 'add');
    expect(dl.title).toBe('Add Ann to Newsletter');
    expect(dl.steps[0]?.locked).toMatch(/Exchange admin center/);
  });
});
