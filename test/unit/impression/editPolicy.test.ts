import { GraphError } from '../../../src/core/graph/GraphError';
import { explainError } from '../../../src/core/graph/explain';
import { toGroupInfo } from '../../../src/core/directory/groups';
import type { IGroupInfo } from '../../../src/core/directory/groups';
import type { Change } from '../../../src/core/impression/changeSet';
import { EDIT_ROLES, EDIT_SCOPES, editAccess, editErrorText, editKind } from '../../../src/core/impression/editPolicy';
import type { EditKind } from '../../../src/core/impression/editPolicy';

const sales = toGroupInfo({ id: 'g-sales', displayName: 'Sales', groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false }) as IGroupInfo;
const E3 = { skuId: '05e9a617-0261-4cee-bb44-138d3ef5d965', name: 'Microsoft 365 E3' };

/** One change of each shape, with the kind of edit it is. */
const CHANGES: Array<[Change, EditKind]> = [
  [{ kind: 'field', field: 'jobTitle', from: 'Analyst', to: 'Lead' }, 'profile'],
  [{ kind: 'groupAdd', group: sales }, 'groups'],
  [{ kind: 'groupRemove', group: sales }, 'groups'],
  [{ kind: 'licenseAdd', license: E3 }, 'licenses'],
  [{ kind: 'licenseRemove', license: E3 }, 'licenses']
];

/** A token's scopes as the services hold them (lower case, as scopesFromToken reads them). */
const scopes = (...names: string[]): Set<string> => new Set(names.map(s => s.toLowerCase()));

const denied = new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
const roleText = (kind: EditKind): string =>
  `Microsoft Graph refused this for your admin role: the sign-in carries the permission, but ${EDIT_ROLES[kind]}.`;

describe('edit policy', () => {
  /** The table for it.each, led by the change's kind so each test names it. */
  const byKind = CHANGES.map(([change, kind]) => [change.kind, change, kind] as const);

  it.each(byKind)('names the kind of edit of a %s change', (_, change, kind) => {
    expect(editKind(change)).toBe(kind);
  });

  it.each(byKind)('explains a 403 to a %s change as the admin role when the sign-in carries the permission', (_, change, kind) => {
    const text = editErrorText(denied, change, scopes(EDIT_SCOPES[kind][0] as string));
    expect(text).toBe(roleText(kind));
  });

  it('names each kind\'s own role', () => {
    expect(editErrorText(denied, { kind: 'field', field: 'department', from: null, to: 'Sales' }, scopes('User.ReadWrite.All'))).toMatch(/User Administrator role/);
    expect(editErrorText(denied, { kind: 'groupAdd', group: sales }, scopes('GroupMember.ReadWrite.All'))).toMatch(/Groups Administrator role or ownership/);
    expect(editErrorText(denied, { kind: 'licenseAdd', license: E3 }, scopes('LicenseAssignment.ReadWrite.All'))).toMatch(/License Administrator/);
  });

  it('Directory.ReadWrite.All carries every kind', () => {
    for (const [change, kind] of CHANGES) expect(editErrorText(denied, change, scopes('Directory.ReadWrite.All'))).toBe(roleText(kind));
  });

  it('explains a 403 as the missing permission when the sign-in lacks it', () => {
    const expected = explainError(denied, 'edits').detail;
    expect(expected).toMatch(/does not carry/);
    // The profile's scope does not carry group membership, nor a read scope an edit.
    expect(editErrorText(denied, { kind: 'groupRemove', group: sales }, scopes('User.ReadWrite.All'))).toBe(expected);
    expect(editErrorText(denied, { kind: 'licenseRemove', license: E3 }, scopes('LicenseAssignment.Read.All', 'User.Read.All'))).toBe(expected);
    expect(editErrorText(denied, { kind: 'field', field: 'jobTitle', from: null, to: 'Lead' }, scopes())).toBe(expected);
  });

  it('explains a 403 as the missing permission when the scopes are unknown', () => {
    for (const [change] of CHANGES) expect(editErrorText(denied, change, undefined)).toBe(explainError(denied, 'edits').detail);
  });

  it('explains failures other than a refused permission as explainError does, whatever the scopes', () => {
    const role = new GraphError(403, 'Authorization_RequestDenied_Role', 'Needs a role.');
    const gone = new GraphError(404, 'Request_ResourceNotFound', 'The group is gone.');
    for (const error of [role, gone]) {
      expect(editErrorText(error, { kind: 'groupAdd', group: sales }, scopes('Directory.ReadWrite.All'))).toBe(explainError(error, 'edits').detail);
    }
  });

  it('offers every edit when the scopes are unknown (Graph\'s answer per change says what is missing)', () => {
    expect(editAccess(undefined, true)).toEqual({ can: { profile: true, groups: true, licenses: true }, canEdit: true, missing: [] });
  });

  it('offers only the kinds the scopes allow, and names the scope each missing kind needs', () => {
    const access = editAccess(scopes('GroupMember.ReadWrite.All'), true);
    expect(access.can).toEqual({ profile: false, groups: true, licenses: false });
    expect(access.canEdit).toBe(true);
    expect(access.missing).toEqual(['profile fields (User.ReadWrite.All)', 'licences (User.ReadWrite.All)']);
  });

  it('takes a write scope for each kind on its own', () => {
    expect(editAccess(scopes('User.ReadWrite.All'), true).can).toEqual({ profile: true, groups: false, licenses: true });
    expect(editAccess(scopes('Group.ReadWrite.All'), true).can).toEqual({ profile: false, groups: true, licenses: false });
    expect(editAccess(scopes('LicenseAssignment.ReadWrite.All'), true).can).toEqual({ profile: false, groups: false, licenses: true });
    expect(editAccess(scopes('Directory.ReadWrite.All'), true)).toEqual({ can: { profile: true, groups: true, licenses: true }, canEdit: true, missing: [] });
  });

  it('offers no edit with read scopes only, and names all three', () => {
    const access = editAccess(scopes('User.Read.All', 'GroupMember.Read.All', 'LicenseAssignment.Read.All'), true);
    expect(access.canEdit).toBe(false);
    expect(access.missing).toEqual(['profile fields (User.ReadWrite.All)', 'group membership (GroupMember.ReadWrite.All)', 'licences (User.ReadWrite.All)']);
  });

  it('offers nothing and names nothing missing when the web part does not allow edits', () => {
    expect(editAccess(scopes('Directory.ReadWrite.All'), false)).toMatchObject({ canEdit: false, missing: [] });
    expect(editAccess(scopes('User.Read.All'), false)).toEqual({ can: { profile: false, groups: false, licenses: false }, canEdit: false, missing: [] });
  });
});
