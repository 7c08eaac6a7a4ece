/** "Set up like…", guided: the reference colleagues suggested for a new user, ranked with their reasons, from two `$batch`es. */
import { SUGGEST_PEOPLE_SELECT, SUGGEST_PROFILE_SELECT, departmentFilter, rankColleagues, suggestReferences } from '../../../src/core/plans';
import type { IUserRecord } from '../../../src/core/directory/users';
import { err, fakeGraph } from './fixtures';
import type { ISent } from './fixtures';

// Every date is fixed: nothing here depends on today, the time zone or the machine's speed.
const CREATED = '2026-03-09T10:00:00Z';
const TARGET = { id: 't-new', displayName: 'Nina New', userPrincipalName: 'nina@contoso.com', jobTitle: 'Sales Associate', department: 'Sales', officeLocation: 'Seattle', createdDateTime: CREATED };
const MANAGER = { id: 'm-1', displayName: 'Mia Manager' };

const user = (id: string, displayName: string, over: Record<string, unknown> = {}): Record<string, unknown> => ({
  '@odata.type': '#microsoft.graph.user', id, displayName, userPrincipalName: `${id}@contoso.com`, jobTitle: 'Sales Associate', department: 'Sales',
  officeLocation: 'Seattle', accountEnabled: true, userType: 'Member', createdDateTime: '2024-05-01T08:00:00Z', assignedLicenses: [{ skuId: 'sku-e3' }], ...over
});

/** The manager's team: the new user themselves, equals, a new colleague, people who are never suggested. */
const REPORTS = [
  user('t-new', 'Nina New', { createdDateTime: CREATED }),
  user('a-ada', 'Ada Able'),
  // Created 4 days before the new user: new too, so below Ada though equal (and first by name).
  user('a-abe', 'Abe Arch', { createdDateTime: '2026-03-05T10:00:00Z' }),
  // The same job title written otherwise (case, spaces), another office.
  user('a-cara', 'Cara Cole', { jobTitle: '  sales ASSOCIATE ', officeLocation: 'London' }),
  user('a-dan', 'Dan Disabled', { accountEnabled: false }),
  user('a-gus', 'Gus Guest', { userType: 'Guest' }),
  // No licence: a break-glass or service account, a shared mailbox or a room is no one to copy a person from.
  user('a-bob', 'Bob Breakglass', { assignedLicenses: [] }),
  user('a-eve', 'Eve East', { jobTitle: 'Marketing Lead', department: 'Marketing' }),
  // directReports lists org contacts too: never a reference.
  { '@odata.type': '#microsoft.graph.orgContact', id: 'c-1', displayName: 'Carl Contact', department: 'Sales', jobTitle: 'Sales Associate' }
];
/** The department: Ada again (once only), and people not on the manager's team. */
const DEPARTMENT = [
  user('a-ada', 'Ada Able'),
  user('d-fay', 'Fay Field'),
  // Created after the new user: new too.
  user('d-dee', 'Dee Dawn', { createdDateTime: '2026-03-10T09:00:00Z' }),
  user('d-ivy', 'Ivy Ice', { jobTitle: 'Sales Representative' }),
  user('d-hal', 'Hal Hill', { jobTitle: 'Sales Director', officeLocation: 'London' })
];

type Answer = { status: number; body?: unknown };
const ok = (body: unknown): Answer => ({ status: 200, body });

/** A Graph with the new user, their manager, the manager's reports and the department; `over` answers a URL first. */
function graph(over: (r: ISent) => Answer | undefined = () => undefined, target: Record<string, unknown> = TARGET) {
  return fakeGraph(r => {
    const own = over(r);
    if (own) return own;
    if (r.url.startsWith(`/users/t-new?`)) return ok(target);
    if (r.url.startsWith('/users/t-new/manager')) return ok(MANAGER);
    if (r.url.startsWith('/users/m-1/directReports')) return ok({ value: REPORTS });
    if (r.url.startsWith('/users?$filter=department')) return ok({ value: DEPARTMENT });
    return err(404, 'Request_ResourceNotFound', `No route for ${r.url}`);
  });
}

describe('suggestReferences', () => {
  it('never suggests an admin (a directoryRole among their memberships), nor one without a job title when the new user has one', async () => {
    const role = ok({ value: [{ '@odata.type': '#microsoft.graph.directoryRole', id: 'r-1' }] });
    const { gateway } = graph(r => (r.url.startsWith('/users/a-ada/memberOf') ? role : r.url.includes('/memberOf/') ? ok({ value: [] }) : undefined));
    const out = await suggestReferences(gateway, 't-new');
    // Ada (an admin) is left out and Eve fills the fifth place.
    expect(out.suggestions.map(s => s.id)).toEqual(['a-abe', 'a-cara', 'd-fay', 'd-dee', 'a-eve']);
    const untitled = await suggestReferences(graph(r => (r.url.startsWith('/users/m-1/directReports') ? ok({ value: [user('a-bot', 'Aa Lobby Screen', { jobTitle: null })] }) : undefined)).gateway, 't-new');
    expect(untitled.suggestions.map(s => s.id)).not.toContain('a-bot');
  });

  it('marks a colleague who reports to someone else (the plan would offer their manager), only when the team was read', async () => {
    const { gateway } = graph();
    const out = await suggestReferences(gateway, 't-new');
    expect(out.suggestions.map(s => [s.id, s.otherManager])).toEqual([['a-ada', false], ['a-abe', false], ['a-cara', false], ['d-fay', true], ['d-dee', true]]);
    const refused = graph(r => (r.url.startsWith('/users/m-1/directReports') ? err(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.') : undefined));
    expect((await suggestReferences(refused.gateway, 't-new')).suggestions.every(s => !s.otherManager)).toBe(true);
  });

  it('ranks the same team first, each with its reasons, at most 5; the new user, disabled accounts, guests, unlicensed accounts and contacts never', async () => {
    const { gateway } = graph();
    const out = await suggestReferences(gateway, 't-new');
    expect(out.gaps).toEqual([]);
    expect(out.basis).toEqual({ manager: MANAGER, department: 'Sales', jobTitle: 'Sales Associate' });
    // Summed likenesses: Ada and Abe 10, Cara 9, Fay and Dee 6 (Eve 5, Ivy 3 and Hal 2 are left out: five at most).
    expect(out.suggestions.map(s => s.displayName)).toEqual(['Ada Able', 'Abe Arch', 'Cara Cole', 'Fay Field', 'Dee Dawn']);
    expect(out.suggestions[0]).toEqual({
      id: 'a-ada', displayName: 'Ada Able', userPrincipalName: 'a-ada@contoso.com', jobTitle: 'Sales Associate', newToo: false, otherManager: false,
      reasons: ['Same manager (Mia Manager)', 'Same job title', 'Same department (Sales)', 'Same office (Seattle)']
    });
    expect(out.suggestions.find(s => s.id === 'a-cara')?.reasons).toEqual(['Same manager (Mia Manager)', 'Same job title', 'Same department (Sales)']);
    expect(out.suggestions.find(s => s.id === 'd-fay')?.reasons).toEqual(['Same job title', 'Same department (Sales)', 'Same office (Seattle)']);
    const ids = out.suggestions.map(s => s.id);
    for (const never of ['t-new', 'a-dan', 'a-gus', 'c-1']) expect(ids).not.toContain(never);
  });

  it('puts a colleague created in the week before the new user, or after them, below their equals: likely not set up yet', async () => {
    const { gateway } = graph();
    const out = await suggestReferences(gateway, 't-new');
    expect(out.suggestions.map(s => [s.id, s.newToo])).toEqual([['a-ada', false], ['a-abe', true], ['a-cara', false], ['d-fay', false], ['d-dee', true]]);
    // Abe is Ada's equal in every likeness and first by name, Dee Fay's: only the rule puts them after.
    expect(out.suggestions[1]?.reasons).toEqual(out.suggestions[0]?.reasons);
    expect(out.suggestions[4]?.reasons).toEqual(out.suggestions[3]?.reasons);
  });

  it('sends three $batches: the profile and manager, the manager\'s direct reports and the department (first page each), the admin roles of the best', async () => {
    const { gateway, batches, gets } = graph();
    await suggestReferences(gateway, 't-new');
    expect(batches.map(b => b.map(r => `${r.method} ${r.url}`))).toEqual([
      [`GET /users/t-new?$select=${SUGGEST_PROFILE_SELECT}`, 'GET /users/t-new/manager?$select=id,displayName'],
      [`GET /users/m-1/directReports?$select=${SUGGEST_PEOPLE_SELECT}&$top=999`, `GET /users?$filter=department eq 'Sales'&$select=${SUGGEST_PEOPLE_SELECT}&$top=999`],
      // Then whether the ten best-ranked hold an admin role (here fewer: eight are eligible).
      ['a-ada', 'a-abe', 'a-cara', 'd-fay', 'd-dee', 'a-eve', 'd-ivy', 'd-hal'].map(id => `GET /users/${id}/memberOf/microsoft.graph.directoryRole?$select=id`)
    ]);
    expect(SUGGEST_PEOPLE_SELECT).toBe('id,displayName,userPrincipalName,jobTitle,department,officeLocation,accountEnabled,userType,createdDateTime,assignedLicenses');
    expect(gets).toEqual([]);
  });

  it('escapes the department: single quotes doubled, then URL-encoded', async () => {
    const dept = "O'Brien's R&D + Ops";
    expect(departmentFilter(dept)).toBe("department eq 'O''Brien''s%20R%26D%20%2B%20Ops'");
    const { gateway, batches } = graph(undefined, { ...TARGET, department: dept });
    await suggestReferences(gateway, 't-new');
    expect(batches[1]?.[1]?.url).toBe(`/users?$filter=department eq 'O''Brien''s%20R%26D%20%2B%20Ops'&$select=${SUGGEST_PEOPLE_SELECT}&$top=999`);
  });

  it('reads a 404 manager as no manager: the department alone suggests, and nothing is a gap', async () => {
    const { gateway, batches } = graph(r => (r.url.includes('/manager') ? err(404, 'Request_ResourceNotFound', "Resource 'manager' does not exist.") : undefined));
    const out = await suggestReferences(gateway, 't-new');
    expect(out.gaps).toEqual([]);
    expect(out.basis).toEqual({ department: 'Sales', jobTitle: 'Sales Associate' });
    expect(batches[1]?.map(r => r.url.split('?')[0])).toEqual(['/users']);
    // The department only: Ada and Fay alike, Dee their equal but new, then Ivy (department and office), Hal (department).
    expect(out.suggestions.map(s => s.id)).toEqual(['a-ada', 'd-fay', 'd-dee', 'd-ivy', 'd-hal']);
    expect(out.suggestions.flatMap(s => s.reasons).some(r => r.startsWith('Same manager'))).toBe(false);
  });

  it('suggests no one, in one round trip, for an account with neither a manager nor a department', async () => {
    const { gateway, batches } = graph(r => (r.url.includes('/manager') ? err(404, 'Request_ResourceNotFound', 'Not found') : undefined), { ...TARGET, department: null, jobTitle: null });
    const out = await suggestReferences(gateway, 't-new');
    expect(out).toEqual({ suggestions: [], basis: {}, gaps: [] });
    expect(batches).toHaveLength(1);
  });

  it('keeps the manager\'s reports when the department is refused, and names the refusal as a gap', async () => {
    const { gateway } = graph(r => (r.url.startsWith('/users?$filter=') ? err(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.') : undefined));
    const out = await suggestReferences(gateway, 't-new');
    expect(out.suggestions.map(s => s.id)).toEqual(['a-ada', 'a-abe', 'a-cara', 'a-eve']);
    expect(out.suggestions[3]?.reasons).toEqual(['Same manager (Mia Manager)', 'Same office (Seattle)']);
    expect(out.gaps).toEqual([{ part: 'People in Sales', reason: 'Microsoft Graph refused it: the sign-in does not carry User.Read.All.' }]);
  });

  it('keeps the department when the manager is refused (not a 404), and names the refusal', async () => {
    const { gateway, batches } = graph(r => (r.url.includes('/manager') ? err(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.') : undefined));
    const out = await suggestReferences(gateway, 't-new');
    expect(out.gaps).toEqual([{ part: 'Manager', reason: 'Microsoft Graph refused it: the sign-in does not carry User.Read.All.' }]);
    expect(batches[1]?.map(r => r.url.split('?')[0])).toEqual(['/users']);
    expect(out.suggestions[0]?.id).toBe('a-ada');
  });

  it('suggests no one when the new user\'s profile is refused, with the reason, and reads nothing more', async () => {
    const { gateway, batches } = graph(r => (r.url.startsWith('/users/t-new?') ? err(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.') : undefined));
    const out = await suggestReferences(gateway, 't-new');
    expect(out).toEqual({ suggestions: [], basis: {}, gaps: [{ part: 'Profile', reason: 'Microsoft Graph refused it: the sign-in does not carry User.Read.All.' }] });
    expect(batches).toHaveLength(1);
  });

  it('stops when cancelled, in flight or between the rounds, sending no second round', async () => {
    for (const drop of [true, false]) {
      const cancel = new AbortController();
      const onBatch = (n: number): 'drop' | undefined => {
        if (n !== 1) return undefined;
        cancel.abort();
        return drop ? 'drop' : undefined;
      };
      const { gateway, batches } = fakeGraph(r => (r.url.includes('/manager') ? ok(MANAGER) : ok(TARGET)), onBatch);
      await expect(suggestReferences(gateway, 't-new', cancel.signal)).rejects.toMatchObject({ code: 'aborted' });
      expect(batches).toHaveLength(1);
    }
  });
});

describe('rankColleagues', () => {
  const target = { id: 't', displayName: 'T', userPrincipalName: 't@x', mail: null, jobTitle: 'Buyer', department: 'Procurement', officeLocation: 'Paris', userType: 'Member', accountEnabled: true, createdDateTime: CREATED, usageLocation: null, skuIds: [] } as IUserRecord;
  const colleague = (id: string, createdDateTime: string | null, over: Partial<IUserRecord> = {}): IUserRecord => ({ ...target, id, displayName: id, userPrincipalName: `${id}@x`, createdDateTime, skuIds: ['sku-e3'], ...over });

  it('counts a colleague as new from exactly 7 days before the new user on, and one without a date as established', () => {
    const out = rankColleagues(target, undefined, [], [
      colleague('c-7d', '2026-03-02T10:00:00Z'),
      colleague('b-older', '2026-03-02T09:59:59Z'),
      colleague('a-none', null)
    ]);
    expect(out.map(s => [s.id, s.newToo])).toEqual([['a-none', false], ['b-older', false], ['c-7d', true]]);
  });

  it('sums the likenesses: the same manager and job first, then manager and department, job and department, the manager alone', () => {
    const other = { jobTitle: 'Other', department: 'Other', officeLocation: 'Other' };
    const team = [
      colleague('a-manager-only', '2020-01-01T00:00:00Z', other),
      colleague('c-manager-dept', '2020-01-01T00:00:00Z', { ...other, department: 'Procurement' }),
      colleague('d-manager-title', '2020-01-01T00:00:00Z', { ...other, jobTitle: 'buyer' })
    ];
    const out = rankColleagues(target, { id: 'm', displayName: 'Max' }, team, [colleague('b-title-dept', '2020-01-01T00:00:00Z', { officeLocation: 'Other' })]);
    expect(out.map(s => s.id)).toEqual(['d-manager-title', 'c-manager-dept', 'b-title-dept', 'a-manager-only']);
    expect(out.map(s => s.reasons)).toEqual([
      ['Same manager (Max)', 'Same job title'],
      ['Same manager (Max)', 'Same department (Procurement)'],
      ['Same job title', 'Same department (Procurement)'],
      ['Same manager (Max)']
    ]);
  });
});
