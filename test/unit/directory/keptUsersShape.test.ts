import { asKeptLink, asKeptUsers, fromKeptColumns, toKeptColumns } from '../../../src/core/directory/keptUsersShape';

// What every store of the kept user list reads back is checked once: another shape is "nothing kept".

const user = { id: 'u1', displayName: 'User 1', userPrincipalName: 'user1@contoso.com', mail: null, jobTitle: null, department: null, officeLocation: null, userType: 'Member', accountEnabled: true, createdDateTime: null, usageLocation: null, skuIds: [] };
const kept = { version: 1, select: 'id,displayName', deltaLink: 'https://graph.microsoft.com/v1.0/users/delta?$deltatoken=d1', savedAt: 1_790_000_000_000, users: [user] };

describe('asKeptUsers', () => {
  it('takes a kept list of version 1 as it is', () => {
    expect(asKeptUsers(kept)).toBe(kept);
    expect(asKeptUsers({ ...kept, users: [] })).toEqual({ ...kept, users: [] });
  });

  it.each([
    ['nothing', undefined],
    ['text', 'kept'],
    ['an array', [kept]],
    ['another version', { ...kept, version: 2 }],
    ['no select', { ...kept, select: undefined }],
    ['an empty delta link', { ...kept, deltaLink: '' }],
    ['a date as text', { ...kept, savedAt: '2026-11-21' }],
    ['a date that is not a number', { ...kept, savedAt: NaN }],
    ['users that are not a list', { ...kept, users: { u1: user } }],
    ['a user without an id', { ...kept, users: [user, { ...user, id: undefined }] }],
    ['a user whose id is a number', { ...kept, users: [{ ...user, id: 7 }] }],
    ['a user without a UPN', { ...kept, users: [{ ...user, userPrincipalName: null }] }],
    ['a user without licences', { ...kept, users: [{ ...user, skuIds: undefined }] }],
    ['a user that is not an object', { ...kept, users: [null] }]
  ])('answers nothing kept for %s', (_, value) => {
    expect(asKeptUsers(value)).toBeUndefined();
  });
});

describe('asKeptLink', () => {
  const link = { version: 1, select: 'id,displayName', deltaLink: 'https://graph.microsoft.com/v1.0/users/delta?$deltatoken=x', savedAt: 1 };
  it('takes a link record of version 1, and only its own fields', () => {
    expect(asKeptLink({ ...link, users: [{ id: 'x' }] })).toEqual(link);
  });
  it.each([
    ['another version', { ...link, version: 2 }],
    ['no link', { ...link, deltaLink: '' }],
    ['no select', { ...link, select: undefined }],
    ['a savedAt that is not a number', { ...link, savedAt: '1' }],
    ['nothing', undefined]
  ])('refuses %s', (_, value) => {
    expect(asKeptLink(value)).toBeUndefined();
  });
});

describe('kept lists as columns', () => {
  const guest = { ...user, id: 'u2', userType: 'Guest', mail: 'g@x.com', accountEnabled: null, skuIds: ['s1', 's2'] };
  const list = { ...kept, users: [user, guest] } as Parameters<typeof toKeptColumns>[0];

  it('read back as the same list, field by field', () => {
    expect(fromKeptColumns(toKeptColumns(list))).toEqual(list);
    expect(fromKeptColumns(toKeptColumns({ ...list, users: [] }))).toEqual({ ...list, users: [] });
  });

  it.each([
    ['a column of another length', (c: Record<string, unknown[]>) => { c.mail = ['x']; }],
    ['a missing column', (c: Record<string, unknown[]>) => { delete c.skuIds; }],
    ['a user type Graph does not write', (c: Record<string, unknown[]>) => { c.userType = ['Member', 'Owner']; }],
    ['a number where text belongs', (c: Record<string, unknown[]>) => { c.displayName = ['a', 7]; }],
    ['licences that are not a list of ids', (c: Record<string, unknown[]>) => { c.skuIds = [[], [1]]; }]
  ])('are nothing kept with %s', (_, spoil) => {
    const cols = toKeptColumns(list);
    const columns = JSON.parse(JSON.stringify(cols.columns)) as Record<string, unknown[]>;
    spoil(columns);
    expect(fromKeptColumns({ ...cols, columns })).toBeUndefined();
  });

  it('are nothing kept without their head (version, link)', () => {
    expect(fromKeptColumns({ ...toKeptColumns(list), version: 2 })).toBeUndefined();
    expect(fromKeptColumns(list)).toBeUndefined();
  });
});
