import { buildGroupPlan, buildLicenseRemovePlan, readGroupMembership, readOffboardFacts, readPlanPeople, readSetupLikeFacts, toAuthMethod, toLicenseHoldings, withGroupMembership, withPlanPeople } from '../../../src/core/plans';
import { GraphError } from '../../../src/core/graph/GraphError';
import { E3, EMS, err, fakeGraph, group } from './fixtures';

const profile = (id: string): Record<string, unknown> => ({
  id, displayName: `Person ${id}`, userPrincipalName: `${id}@contoso.com`, accountEnabled: true, userType: 'Member', usageLocation: 'NL',
  assignedLicenses: [{ skuId: E3 }, { skuId: EMS }],
  licenseAssignmentStates: [{ skuId: E3, assignedByGroup: null }, { skuId: E3, assignedByGroup: 'g-lic' }, { skuId: EMS, assignedByGroup: 'g-lic' }]
});

describe('plan facts', () => {
  it('tells direct from group-based licences, and falls back to assignedLicenses', () => {
    expect(toLicenseHoldings(profile('a'))).toEqual([{ skuId: E3, direct: true, groupIds: ['g-lic'] }, { skuId: EMS, direct: false, groupIds: ['g-lic'] }]);
    expect(toLicenseHoldings({ assignedLicenses: [{ skuId: E3 }] })).toEqual([{ skuId: E3, direct: true, groupIds: [] }]);
  });

  it('reads methods with what to delete them by, keeping a phone or an address only in part', () => {
    expect(toAuthMethod({ '@odata.type': '#microsoft.graph.phoneAuthenticationMethod', id: 'p', phoneNumber: '+1 206 555 0123', phoneType: 'mobile' }))
      .toEqual({ id: 'p', odataType: '#microsoft.graph.phoneAuthenticationMethod', segment: 'phoneMethods', label: 'Phone', detail: 'mobile ending 0123' });
    expect(toAuthMethod({ '@odata.type': '#microsoft.graph.emailAuthenticationMethod', id: 'e', emailAddress: 'kim@outlook.com' })?.detail).toBe('an address at outlook.com');
    expect(toAuthMethod({ '@odata.type': '#microsoft.graph.passwordAuthenticationMethod', id: 'pw' })?.segment).toBeNull();
    expect(toAuthMethod({ '@odata.type': '#microsoft.graph.qrCodePinAuthenticationMethod', id: 'q' })).toMatchObject({ segment: null, label: 'qrCodePin' });
    expect(toAuthMethod({ id: 7 })).toBeUndefined();
  });

  it('reads 5 parts a person, 20 to a $batch across people; a refused part is an error, never an empty list', async () => {
    const { gateway, batches } = fakeGraph(r => {
      const [, , who, part] = r.url.split(/[/?]/);
      if (who === 'p3%40contoso.com' && part === 'managedDevices') return err(403, 'Forbidden', 'Your tenant is not licensed for this feature.');
      if (who === 'ghost') return err(404, 'Request_ResourceNotFound', "Resource 'ghost' does not exist.");
      if (who === 'p4%40contoso.com' && part === 'ownedObjects') return err(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
      if (part === 'memberOf') return { status: 200, body: { value: [{ '@odata.type': '#microsoft.graph.group', id: 'g-sales', displayName: 'Sales', groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false }, { '@odata.type': '#microsoft.graph.directoryRole', id: 'r1', displayName: 'User Administrator' }] } };
      if (part === 'ownedObjects') return { status: 200, body: { value: [{ '@odata.type': '#microsoft.graph.group', id: 'g-owned', displayName: 'Project X', groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false }] } };
      if (part === 'authentication') return { status: 200, body: { value: [{ '@odata.type': '#microsoft.graph.passwordAuthenticationMethod', id: 'pw' }] } };
      if (part === 'managedDevices') return { status: 200, body: { value: [{ id: 'd1', deviceName: 'LAPTOP-1', operatingSystem: 'Windows', managedDeviceOwnerType: 'company' }] } };
      return { status: 200, body: profile(decodeURIComponent(who ?? '').split('@')[0] ?? '') };
    });
    const asks = ['p1@contoso.com', 'p2@contoso.com', 'p3@contoso.com', 'p4@contoso.com', 'p5@contoso.com', 'ghost'];
    const facts = await readOffboardFacts(gateway, asks);
    expect(batches.map(b => b.length)).toEqual([20, 10]);
    expect(batches[0]?.slice(0, 5).map(r => r.url)).toEqual([
      '/users/p1%40contoso.com?$select=id,displayName,userPrincipalName,mail,jobTitle,department,officeLocation,usageLocation,accountEnabled,userType,createdDateTime,assignedLicenses,licenseAssignmentStates,onPremisesSyncEnabled',
      '/users/p1%40contoso.com/memberOf?$select=id,displayName,groupTypes,mailEnabled,securityEnabled,onPremisesSyncEnabled,isAssignableToRole&$top=999',
      '/users/p1%40contoso.com/authentication/methods',
      '/users/p1%40contoso.com/managedDevices?$select=id,deviceName,operatingSystem,osVersion,model,manufacturer,serialNumber,complianceState,lastSyncDateTime,managedDeviceOwnerType,azureADDeviceId',
      '/users/p1%40contoso.com/ownedObjects/microsoft.graph.group?$select=id,displayName,groupTypes,mailEnabled,securityEnabled,onPremisesSyncEnabled,isAssignableToRole'
    ]);
    const p1 = facts[0];
    expect(p1?.person.status === 'ready' && p1.person.data).toMatchObject({ id: 'p1', licenses: [{ skuId: E3, direct: true }, { skuId: EMS, direct: false }] });
    expect(p1?.groups).toEqual({ status: 'ready', data: [expect.objectContaining({ id: 'g-sales', kind: 'microsoft365' })] });
    expect(p1?.devices).toEqual({ status: 'ready', data: [expect.objectContaining({ id: 'd1', displayName: 'LAPTOP-1', ownership: 'Company' })] });
    // The same memberships read gives the admin roles; the owned groups are their own part, refused alone.
    expect(p1?.roles).toEqual({ status: 'ready', data: [{ id: 'r1', displayName: 'User Administrator' }] });
    expect(p1?.owned).toEqual({ status: 'ready', data: [expect.objectContaining({ id: 'g-owned', displayName: 'Project X', kind: 'microsoft365' })] });
    expect(facts[3]?.owned.status).toBe('error');
    expect(facts[3]?.groups.status).toBe('ready');
    expect(facts[2]?.devices.status).toBe('error');
    const ghost = facts[5]?.person;
    expect(ghost?.status === 'error' && (ghost.error as GraphError).message).toBe('No user "ghost" in this tenant.');
  });

  it('follows further pages of a part', async () => {
    const { gateway, gets } = fakeGraph(r => {
      if (r.method === 'GET' && r.id === 'get') return { status: 200, body: { value: [{ id: 'g2', displayName: 'Two' }] } };
      if (r.url.includes('/memberOf')) return { status: 200, body: { '@odata.nextLink': 'https://graph.microsoft.com/v1.0/users/a/memberOf?$skiptoken=x', value: [{ id: 'g1', displayName: 'One' }] } };
      return { status: 200, body: r.url.startsWith('/users/a?') ? profile('a') : { value: [] } };
    });
    const [a] = await readOffboardFacts(gateway, ['a']);
    expect(gets).toEqual(['/users/a/memberOf?$skiptoken=x']);
    expect(a?.groups.status === 'ready' && a.groups.data.map(g => g.id)).toEqual(['g1', 'g2']);
  });

  it('reads the reference and the new user in one $batch; no manager is a fact, not a failure', async () => {
    const { gateway, batches } = fakeGraph(r => {
      if (r.url.startsWith('/users/new/manager')) return err(404, 'Request_ResourceNotFound', "Resource 'manager' does not exist.");
      if (r.url.startsWith('/users/ref/manager')) return { status: 200, body: { id: 'boss', displayName: 'The Boss' } };
      if (r.url.includes('/memberOf')) return { status: 200, body: { value: [] } };
      return { status: 200, body: profile(r.url.startsWith('/users/ref') ? 'ref' : 'new') };
    });
    const { reference, target } = await readSetupLikeFacts(gateway, 'ref', 'new');
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(6);
    expect(reference.manager).toEqual({ status: 'ready', data: { id: 'boss', displayName: 'The Boss' } });
    expect(target.manager).toEqual({ status: 'ready', data: null });
  });

  it('reads each person\'s licence holdings, 20 a $batch, so a bulk licence removal knows the current state', async () => {
    const { gateway, batches } = fakeGraph(r => (r.url.startsWith('/users/gone') ? err(404, 'Request_ResourceNotFound', "Resource 'gone' does not exist.") : { status: 200, body: profile(r.url.split(/[/?]/)[2] ?? '') }));
    const ids = Array.from({ length: 21 }, (_, i) => `u${i}`).concat('gone');
    const people = await readPlanPeople(gateway, ids);
    expect(batches.map(b => b.length)).toEqual([20, 2]);
    expect(batches[0]?.[0]?.url).toBe('/users/u0?$select=id,displayName,userPrincipalName,assignedLicenses,licenseAssignmentStates');
    expect(people[0]?.status === 'ready' && people[0].data.licenses).toEqual([{ skuId: E3, direct: true, groupIds: ['g-lic'] }, { skuId: EMS, direct: false, groupIds: ['g-lic'] }]);
    expect(people[21]?.status).toBe('error');
    const plan = buildLicenseRemovePlan(withPlanPeople([{ id: 'u0', name: 'U0', licenses: [E3, EMS] }, { id: 'gone', name: 'Gone', licenses: [EMS] }], people.filter((_, i) => i === 0 || i === 21)), { skuId: EMS, name: 'EMS' });
    expect(plan.steps.map(s => s.locked ?? null)).toEqual(['Assigned through a group (g-lic): it stays while they are a member of it.', null]);
    expect(await readPlanPeople(gateway, [])).toEqual([]);
  });

  it('reads whether each person is a direct member of one group: 200 member, 404 not, a refusal unknown', async () => {
    const { gateway, batches } = fakeGraph(r => {
      if (r.url.startsWith('/users/in/')) return { status: 200, body: { '@odata.type': '#microsoft.graph.group', id: 'G-1' } };
      if (r.url.startsWith('/users/out/')) return err(404, 'Request_ResourceNotFound', "Resource 'g-1' does not exist or one of its queried reference-property objects are not present.");
      if (r.url.startsWith('/users/listed/')) return { status: 200, body: { value: [{ id: 'g-0' }, { id: 'g-1' }] } };
      if (r.url.startsWith('/users/unlisted/')) return { status: 200, body: { value: [{ id: 'g-0' }] } };
      return err(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    });
    const ids = ['in', 'out', 'listed', 'unlisted', 'refused'];
    const member = await readGroupMembership(gateway, ids, 'g-1');
    expect(batches[0]?.map(r => r.url)[0]).toBe('/users/in/memberOf/g-1?$select=id');
    expect([...member.entries()]).toEqual([['in', true], ['out', false], ['listed', true], ['unlisted', false], ['refused', undefined]]);
    const people = withGroupMembership(ids.map(id => ({ id, name: id, groupIds: id === 'unlisted' ? ['g-1', 'g-9'] : undefined })), 'g-1', member);
    expect(buildGroupPlan(people, group('g-1', 'One'), 'add').steps.map(s => s.locked ?? null)).toEqual(['Already a member: nothing to change.', null, 'Already a member: nothing to change.', null, null]);
    expect(buildGroupPlan(people, group('g-1', 'One'), 'remove').steps.map(s => s.locked ?? null)).toEqual([null, 'Not a member: nothing to change.', null, 'Not a member: nothing to change.', null]);
    expect(people[3]?.groupIds).toEqual(['g-9']);
  });
});
