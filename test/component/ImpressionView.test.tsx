import * as React from 'react';
import { render, screen, fireEvent, waitFor, within } from '@testing-library/react';
import { ImpressionView } from '../../src/ui/impression/ImpressionView';
import { ServicesProvider } from '../../src/ui/common/services';
import { fakeServices } from './fakeGraph';
import type { Route } from './fakeGraph';
import { withText } from './messages';

const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
const profile = { id: 'u1', displayName: 'Ann Lee', userPrincipalName: 'ann@contoso.com', mail: 'ann@contoso.com', jobTitle: 'Engineer', department: 'IT', officeLocation: 'Delft', usageLocation: 'NL', accountEnabled: true, userType: 'Member', createdDateTime: '2024-01-01T00:00:00Z', assignedLicenses: [{ skuId: E3 }] };
const bob = { ...profile, id: 'u2', displayName: 'Bob Ray', userPrincipalName: 'bob@contoso.com', mail: 'bob@contoso.com' };
const groups = [
  { '@odata.type': '#microsoft.graph.group', id: 'g1', displayName: 'VPN users', groupTypes: [], mailEnabled: false, securityEnabled: true },
  { '@odata.type': '#microsoft.graph.group', id: 'g2', displayName: 'All staff DL', groupTypes: [], mailEnabled: true, securityEnabled: false }
];

type Item = { id: string; method: string; url: string; body?: unknown };
interface IRouteOptions {
  /** Writes wait for this before they are answered. */
  holdWrites?: Promise<void>;
  /** Reads of the profile fail from this read on (1 = the first). */
  failProfileReadFrom?: number;
  /** Ann's profile as Graph answers it. */
  profile?: object;
}
function routes(writes: Item[], failGroup: boolean | 'denied' = false, options: IRouteOptions = {}): Record<string, Route> {
  let profileReads = 0;
  return {
    '/$batch': async (_p, b) => {
      const reqs = (b as { requests: Item[] }).requests;
      if (options.holdWrites && reqs.some(r => r.method !== 'GET')) await options.holdWrites;
      if (reqs.some(r => r.id === 'profile' && r.method === 'GET') && ++profileReads >= (options.failProfileReadFrom ?? Infinity)) {
        return { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'Service unavailable.' } } };
      }
      return {
        body: {
          responses: reqs.map(r => {
            switch (r.id) {
              case 'profile':
                if (r.method === 'GET') return { id: r.id, status: 200, body: /bob/.test(r.url) ? bob : options.profile ?? profile };
                writes.push(r);
                return failGroup === 'denied'
                  ? { id: r.id, status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } } }
                  : { id: r.id, status: 204 };
              case 'manager': return { id: r.id, status: 404, body: { error: { code: 'Request_ResourceNotFound', message: 'no manager' } } };
              case 'groups': return { id: r.id, status: 200, body: { value: groups } };
              case 'photo': return { id: r.id, status: 404, body: { error: { code: 'ImageNotFound', message: 'none' } } };
              case 'mfa': return { id: r.id, status: 200, body: { id: 'u1', isMfaRegistered: true, isMfaCapable: true, methodsRegistered: ['fido2'] } };
              case 'signIn': return { id: r.id, status: 403, body: { error: { code: 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', message: 'no P1' } } };
              case 'skus': return { id: r.id, status: 200, body: { value: [{ skuId: E3, skuPartNumber: 'SPE_E3', consumedUnits: 1, prepaidUnits: { enabled: 2 } }] } };
              // The devices' own $batch: a laptop in Entra, and no Intune in this tenant.
              case 'registered': return { id: r.id, status: 200, body: { value: [{ id: 'e1', deviceId: 'd1', displayName: 'ANN-LAPTOP', operatingSystem: 'Windows', trustType: 'AzureAd', isCompliant: true }] } };
              case 'owned': return { id: r.id, status: 200, body: { value: [] } };
              case 'managed': return { id: r.id, status: 400, body: { error: { code: 'BadRequest', message: 'Request not applicable to target tenant.' } } };
              default:
                writes.push(r);
                return failGroup && r.id.startsWith('remove-')
                  ? { id: r.id, status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } } }
                  : { id: r.id, status: 204 };
            }
          })
        }
      };
    },
    '/reports/': { body: { value: [] } },
    '/groups?$search': { body: { value: [{ id: 'g3', displayName: 'Sales team', groupTypes: ['Unified'], mailEnabled: true, securityEnabled: false }] } }
  };
}

function renderImpression(writes: Item[], failGroup: boolean | 'denied' = false, scopes?: string[], options: IRouteOptions = {}) {
  const { services, calls } = fakeServices(routes(writes, failGroup, options));
  if (scopes) services.scopes = new Set(scopes.map(x => x.toLowerCase()));
  render(<ServicesProvider services={services}><ImpressionView user="ann@contoso.com" defaultPeriod="D30" allowEdits onUserChange={() => undefined} /></ServicesProvider>);
  return calls;
}

/** Ann's impression with one change (Department → Sales) applied by Finish; the function shows another user. */
async function annAfterFinish(writes: Item[] = []): Promise<(user?: string) => void> {
  const { services } = fakeServices(routes(writes));
  const view = (user?: string): JSX.Element => (
    <ServicesProvider services={services}><ImpressionView user={user} defaultPeriod="D30" allowEdits onUserChange={() => undefined} /></ServicesProvider>
  );
  const { rerender } = render(view('ann@contoso.com'));
  await screen.findByText('VPN users');
  fireEvent.click(await screen.findByRole('menuitem', { name: 'Edit' }));
  fireEvent.change(screen.getByRole('textbox', { name: 'Department' }), { target: { value: 'Sales' } });
  fireEvent.click(screen.getByRole('button', { name: 'Finish' }));
  await withText(() => screen.getByTestId('apply-results'), '1 of 1 changes applied');
  return user => rerender(view(user));
}

describe('ImpressionView', () => {
  it('loads the directory in one $batch and shows each section, degrading alone', async () => {
    const calls = renderImpression([]);
    await screen.findByText('VPN users');
    // The directory's one $batch, and the devices' own once the directory names the user.
    await screen.findByText('ANN-LAPTOP');
    expect(calls.filter(c => c.includes('$batch'))).toHaveLength(2);
    expect(screen.getByTestId('devices-problem-managed')).toHaveTextContent(/no active Microsoft Intune licence/);
    expect(screen.getByText('Microsoft 365 E3')).toBeInTheDocument();
    expect(screen.getByText(/Entra ID P1 or P2/)).toBeInTheDocument(); // last sign-in says why
    expect(screen.getByText('Capable')).toBeInTheDocument();
  });

  it('marks changes (bold, green, red), sends nothing before Finish, and Cancel drops them', async () => {
    const writes: Item[] = [];
    renderImpression(writes);
    await screen.findByText('VPN users');
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Edit' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Job title' }), { target: { value: 'Lead engineer' } });
    fireEvent.click(screen.getByRole('button', { name: 'Remove from VPN users' }));
    const profileCard = screen.getByTestId('card-profile');
    expect(within(profileCard).getByText('Job title').closest('[data-marker]')).toHaveAttribute('data-marker', 'changed');
    expect(screen.getByText('VPN users').closest('[data-marker]')).toHaveAttribute('data-marker', 'removed');
    expect(screen.getByText('VPN users').closest('[data-marker]')).toHaveStyle({ textDecoration: 'line-through' });
    // the distribution list cannot be changed here, and says why
    expect(screen.getByLabelText(/Not editable: Distribution lists are managed in Exchange/)).toBeInTheDocument();
    expect(screen.getByTestId('pending-count')).toHaveTextContent('2 pending changes');
    expect(writes).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByText('Job title', { selector: '[data-marker] *, [data-marker]' })).not.toBeInTheDocument();
    expect(screen.getByText('VPN users').closest('[data-marker]')).toBeNull();
    expect(writes).toEqual([]);
  });

  it('adds a group through the picker in green', async () => {
    renderImpression([]);
    await screen.findByText('VPN users');
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Edit' }));
    const input = screen.getByRole('combobox', { name: 'Add to a group' });
    input.focus();
    fireEvent.input(input, { target: { value: 'Sal' } });
    fireEvent.change(input, { target: { value: 'Sal' } });
    fireEvent.click(await screen.findByText('Sales team'));
    await waitFor(() => expect(screen.getByText('Sales team').closest('[data-marker]')).toHaveAttribute('data-marker', 'added'));
  });

  it('Finish applies the changes, reports each, and keeps the failed one pending with its reason', async () => {
    const writes: Item[] = [];
    renderImpression(writes, true);
    await screen.findByText('VPN users');
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Edit' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Department' }), { target: { value: 'Sales' } });
    fireEvent.click(screen.getByRole('button', { name: 'Remove from VPN users' }));
    fireEvent.click(screen.getByRole('button', { name: 'Finish' }));
    const results = await withText(() => screen.getByTestId('apply-results'), '1 of 2 changes applied');
    expect(results).toHaveTextContent(/Remove from VPN users — .*does not carry/);
    expect(writes.map(w => `${w.method} ${w.url}`)).toEqual(['PATCH /users/u1', 'DELETE /groups/g1/members/u1/$ref']);
    expect(writes[0]?.body).toEqual({ department: 'Sales' });
    // the failure keeps its marker; the applied edit no longer pending
    expect(screen.getByText('VPN users').closest('[data-marker]')).toHaveAttribute('data-marker', 'removed');
    expect(screen.getByTestId('pending-count')).toHaveTextContent('1 pending change');
  });

  it('after a Finish, opening another user shows that user loading, never the previous user\'s profile', async () => {
    const show = await annAfterFinish();
    await screen.findByText('VPN users'); // Ann's profile, read again after the Finish
    show('bob@contoso.com');
    expect(screen.queryByText('Ann Lee')).not.toBeInTheDocument();
    expect(screen.getByText('Loading the impression…')).toBeInTheDocument();
    expect(await screen.findAllByText('Bob Ray')).not.toHaveLength(0);
    expect(screen.queryByText('Ann Lee')).not.toBeInTheDocument();
  });

  it('offers only the edits the token\'s scopes allow, and says which permission is missing', async () => {
    renderImpression([], false, ['User.Read.All', 'User.ReadWrite.All', 'GroupMember.Read.All']);
    await screen.findByText('VPN users');
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Edit' }));
    expect(screen.getByRole('textbox', { name: 'Job title' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Remove from VPN users' })).not.toBeInTheDocument();
    await withText(() => screen.getByTestId('edit-scopes'), 'GroupMember.ReadWrite.All');
  });

  it('offers no Edit at all without any write scope', async () => {
    renderImpression([], false, ['User.Read.All', 'GroupMember.Read.All']);
    await screen.findByText('VPN users');
    expect(screen.queryByRole('menuitem', { name: 'Edit' })).not.toBeInTheDocument();
  });

  it('keeps the spaces typed into a field, and sends the text trimmed', async () => {
    const writes: Item[] = [];
    renderImpression(writes);
    await screen.findByText('VPN users');
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Edit' }));
    const field = screen.getByRole('textbox', { name: 'Job title' });
    field.focus();
    // key by key, as a person types "Sales Manager " (each change carries the whole text so far)
    for (const text of ['S', 'Sa', 'Sales', 'Sales ', 'Sales M', 'Sales Manager', 'Sales Manager ']) {
      fireEvent.change(field, { target: { value: text } });
      expect(field).toHaveValue(text);
    }
    // typing back to the original plus a space keeps the space too (nothing is staged meanwhile)
    fireEvent.change(screen.getByRole('textbox', { name: 'Office' }), { target: { value: 'Delft ' } });
    expect(screen.getByRole('textbox', { name: 'Office' })).toHaveValue('Delft ');
    fireEvent.blur(screen.getByRole('textbox', { name: 'Office' }));
    expect(screen.getByRole('textbox', { name: 'Office' })).toHaveValue('Delft');
    expect(screen.getByTestId('pending-count')).toHaveTextContent('1 pending change');
    fireEvent.click(screen.getByRole('button', { name: 'Finish' }));
    await withText(() => screen.getByTestId('apply-results'), '1 of 1 changes applied');
    expect(writes[0]?.body).toEqual({ jobTitle: 'Sales Manager' });
  });

  it('makes the fields read-only while Finish applies, so nothing typed meanwhile is lost', async () => {
    let release: () => void = () => undefined;
    const holdWrites = new Promise<void>(resolve => { release = resolve; });
    renderImpression([], false, undefined, { holdWrites });
    await screen.findByText('VPN users');
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Edit' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Department' }), { target: { value: 'Sales' } });
    fireEvent.click(screen.getByRole('button', { name: 'Finish' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Applying…' })).toBeDisabled());
    expect(screen.queryByRole('textbox', { name: 'Office' })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Remove from VPN users' })).not.toBeInTheDocument();
    release();
    await withText(() => screen.getByTestId('apply-results'), '1 of 1 changes applied');
  });

  it('when the profile cannot be read again after Finish, keeps what was shown and the failed changes, and offers Try again', async () => {
    const writes: Item[] = [];
    renderImpression(writes, true, undefined, { failProfileReadFrom: 2 });
    await screen.findByText('VPN users');
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Edit' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Department' }), { target: { value: 'Sales' } });
    fireEvent.click(screen.getByRole('button', { name: 'Remove from VPN users' }));
    fireEvent.click(screen.getByRole('button', { name: 'Finish' }));
    await withText(() => screen.getByTestId('reload-error'), /could not be read again after Finish/);
    expect(screen.getByTestId('apply-results')).toHaveTextContent('1 of 2 changes applied');
    expect(screen.getByText('VPN users').closest('[data-marker]')).toHaveAttribute('data-marker', 'removed');
    expect(screen.getByTestId('pending-count')).toHaveTextContent('1 pending change');
    expect(within(screen.getByTestId('reload-error')).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('explains a refused edit as the admin role when the sign-in carries the permission', async () => {
    renderImpression([], 'denied', ['User.Read.All', 'User.ReadWrite.All', 'GroupMember.ReadWrite.All']);
    await screen.findByText('VPN users');
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Edit' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Department' }), { target: { value: 'Sales' } });
    fireEvent.click(screen.getByRole('button', { name: 'Finish' }));
    const results = await withText(() => screen.getByTestId('apply-results'), '0 of 1 changes applied');
    expect(results).toHaveTextContent(/refused this for your admin role: .*User Administrator/);
    expect(results).not.toHaveTextContent(/does not carry/);
  });

  it('takes Directory.ReadWrite.All for every edit', async () => {
    renderImpression([], false, ['User.Read.All', 'Directory.ReadWrite.All']);
    await screen.findByText('VPN users');
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Edit' }));
    expect(screen.getByRole('textbox', { name: 'Job title' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Remove from VPN users' })).toBeInTheDocument();
    expect(screen.queryByTestId('edit-scopes')).not.toBeInTheDocument();
  });

  it('says in the Export item which parts are still loading (they are written as Not loaded)', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>(resolve => { release = resolve; });
    const { services } = fakeServices({ ...routes([]), '/reports/': async () => { await held; return { body: { value: [] } }; } });
    render(<ServicesProvider services={services}><ImpressionView user="ann@contoso.com" defaultPeriod="D30" allowEdits onUserChange={() => undefined} /></ServicesProvider>);
    await screen.findByText('VPN users');
    // The command bar's items show one animation frame after it mounts (Fluent's ResizeGroup measures them
    // hidden first): wait for the item, as every test here waits for the command bar.
    expect(await screen.findByRole('menuitem', { name: /^Export to Excel \(\d+ parts still loading: written as Not loaded\)$/ })).toBeInTheDocument();
    release();
    await waitFor(() => expect(screen.getByRole('menuitem', { name: 'Export to Excel' })).toBeInTheDocument());
  });

  it('locks a licence that comes only through a group, naming the group; one also assigned directly stays removable', async () => {
    const VISIO = 'c5928f49-12ba-48f7-ada3-0d743a3601d5';
    const withGroups = {
      ...profile,
      assignedLicenses: [{ skuId: E3 }, { skuId: VISIO }],
      licenseAssignmentStates: [
        { skuId: E3, assignedByGroup: 'g1', state: 'Active' },
        { skuId: VISIO, assignedByGroup: null, state: 'Active' },
        { skuId: VISIO, assignedByGroup: 'g2', state: 'Active' }
      ]
    };
    renderImpression([], false, undefined, { profile: withGroups });
    await screen.findByText('VPN users');
    const card = screen.getByTestId('card-licences');
    expect(within(card).getByText('through VPN users')).toBeInTheDocument();
    expect(within(card).getByText('also through All staff DL')).toBeInTheDocument();
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Edit' }));
    expect(within(card).queryByRole('button', { name: 'Remove Microsoft 365 E3' })).not.toBeInTheDocument();
    expect(within(card).getByLabelText(/^Not removable here: Assigned through VPN users/)).toBeInTheDocument();
    expect(within(card).getByRole('button', { name: /^Remove / })).toBeInTheDocument(); // the directly assigned one
  });

  it('drops discarded changes when the viewer picks the same user again, and still edits that user after', async () => {
    const writes: Item[] = [];
    const show = await annAfterFinish(writes);
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Edit' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Office' }), { target: { value: 'Utrecht' } });
    expect(screen.getByTestId('pending-count')).toHaveTextContent('1 pending change');
    // "Another user", discard confirmed, then Ann picked again
    show(undefined);
    show('ann@contoso.com');
    await screen.findByText('VPN users');
    expect(screen.queryByTestId('pending-count')).not.toBeInTheDocument();
    expect(screen.queryByRole('textbox', { name: 'Office' })).not.toBeInTheDocument();
    // and an edit made now goes to Ann
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Edit' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Job title' }), { target: { value: 'Lead' } });
    fireEvent.click(screen.getByRole('button', { name: 'Finish' }));
    await withText(() => screen.getByTestId('apply-results'), '1 of 1 changes applied');
    expect(writes.map(w => `${w.method} ${w.url}`)).toEqual(['PATCH /users/u1', 'PATCH /users/u1']);
    expect(writes[1]?.body).toEqual({ jobTitle: 'Lead' });
  });
});

describe('ImpressionView: security readiness', () => {
  const SIM = '/reports/security/getAttackSimulationSimulationUserCoverage';
  const REPEAT = '/reports/security/getAttackSimulationRepeatOffenders';
  const TRAIN = '/reports/security/getAttackSimulationTrainingUserCoverage';
  const refused = { status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } } };
  const who = { attackSimulationUser: { userId: 'U1', displayName: 'Ann Lee', email: 'ann@contoso.com' } };
  const policy = (displayName: string, state: string, users: object): object =>
    ({ id: displayName, displayName, state, conditions: { users, applications: { includeApplications: ['All'] } }, grantControls: { operator: 'OR', builtInControls: ['mfa'] } });
  const security: Record<string, Route> = {
    [SIM]: { body: { value: [{ ...who, simulationCount: 4, clickCount: 2, compromisedCount: 1, latestSimulationDateTime: '2026-11-02T09:30:00Z' }] } },
    [REPEAT]: { body: { value: [{ ...who, repeatOffenceCount: 2 }] } },
    [TRAIN]: { body: { value: [{ ...who, userTrainings: [
      { displayName: 'Phishing basics', assignedDateTime: '2026-10-01T08:00:00Z', completionDateTime: '2026-10-04T10:00:00Z', trainingStatus: 'completed' },
      { displayName: 'Passwords', assignedDateTime: '2026-10-02T08:00:00Z', completionDateTime: null, trainingStatus: 'overdue' }
    ] }] } },
    '/policies/identitySecurityDefaultsEnforcementPolicy': { body: { isEnabled: false } },
    '/identity/conditionalAccess/policies': { body: { value: [policy('All users MFA', 'enabled', { includeUsers: ['All'] }), policy('Trial', 'enabledForReportingButNotEnforced', { includeUsers: ['All'] })] } }
  };
  const show = (over: Record<string, Route> = {}): void => {
    const { services } = fakeServices({ ...routes([]), ...security, ...over });
    render(<ServicesProvider services={services}><ImpressionView user="ann@contoso.com" defaultPeriod="D30" allowEdits={false} onUserChange={() => undefined} /></ServicesProvider>);
  };
  const fact = (card: HTMLElement, label: string): HTMLElement => within(card).getByText(label, { selector: 'dt' }).nextElementSibling as HTMLElement;

  it('shows the simulation figures, each assigned training with its status and dates, and how MFA is enforced, after the MFA facts', async () => {
    show();
    const card = await screen.findByTestId('card-security');
    await waitFor(() => expect(fact(card, 'Simulations')).toHaveTextContent('4 (2 clicked, 1 compromised)'));
    expect(fact(card, 'Last simulation')).toHaveTextContent('2026-11-02 09:30');
    expect(fact(card, 'Repeat offences')).toHaveTextContent('2');
    expect(fact(card, 'Training')).toHaveTextContent('1 of 2 completed, 1 overdue');
    const rows = within(within(card).getByTestId('trainings')).getAllByRole('row').map(r => r.textContent);
    expect(rows).toEqual(['TrainingStatusAssignedCompleted', 'Phishing basicsCompleted2026-10-012026-10-04', 'PasswordsOverdue2026-10-02—']);
    await waitFor(() => expect(within(card).getByTestId('mfa-enforcement')).toHaveTextContent('All users MFA'));
    expect(within(card).getByTestId('mfa-enforcement')).toHaveAttribute('data-kind', 'policies');
    // The registration facts stay first.
    expect([...card.querySelectorAll('dt')].map(d => d.textContent)).toEqual(['MFA', 'Methods', 'Default method', 'Admin role', 'Last sign-in', 'MFA enforced by', 'Simulations', 'Last simulation', 'Repeat offences', 'Training']);
  });

  it('says never simulated, and why MFA is not enforced', async () => {
    show({
      [SIM]: { body: { value: [] } }, [REPEAT]: { body: { value: [] } }, [TRAIN]: { body: { value: [] } },
      '/identity/conditionalAccess/policies': { body: { value: [policy('All users MFA', 'enabled', { includeUsers: ['All'], excludeUsers: ['u1'] })] } }
    });
    const card = await screen.findByTestId('card-security');
    await waitFor(() => expect(fact(card, 'Simulations')).toHaveTextContent('Never simulated'));
    expect(fact(card, 'Training')).toHaveTextContent('None assigned');
    expect(within(card).queryByTestId('trainings')).not.toBeInTheDocument();
    const enforcement = await withText(() => within(card).getByTestId('mfa-enforcement'), 'Not enforced');
    expect(enforcement).toHaveTextContent('Excluded from: All users MFA');
  });

  it('a 403 on attack simulation says why in the card and leaves the rest of it, and the other cards, as they were', async () => {
    show({ [SIM]: refused, [REPEAT]: refused, [TRAIN]: refused });
    const card = await screen.findByTestId('card-security');
    const problem = await withText(() => within(card).getByTestId('security-problem-attackSimulation'), 'AttackSimulation.Read.All');
    expect(problem).toHaveTextContent(/Defender for Office 365 Plan 2/);
    // A missing permission does not pass by itself: no Try again.
    expect(within(problem).queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
    await waitFor(() => expect(within(card).getByTestId('mfa-enforcement')).toHaveTextContent('All users MFA'));
    expect(fact(card, 'MFA')).toHaveTextContent('Capable');
    expect(within(card).queryByText('Last simulation')).not.toBeInTheDocument();
    expect(screen.getByText('VPN users')).toBeInTheDocument();
  });

  it('a refused policy read says which permission and roles, while the simulations show', async () => {
    show({ '/identity/conditionalAccess/policies': refused });
    const card = await screen.findByTestId('card-security');
    await withText(() => within(card).getByTestId('security-problem-mfaEnforcement'), 'Policy.Read.All');
    await waitFor(() => expect(fact(card, 'Simulations')).toHaveTextContent('4 (2 clicked, 1 compromised)'));
  });

  it('offers Try again for a failure that may pass, and reads that part again', async () => {
    let reads = 0;
    show({ [REPEAT]: () => (++reads === 1 ? { status: 500, body: { error: { code: 'InternalServerError', message: 'Oops.' } } } : { body: { value: [] } }) });
    const card = await screen.findByTestId('card-security');
    const problem = await withText(() => within(card).getByTestId('security-problem-attackSimulation'), 'Oops. (HTTP 500)');
    fireEvent.click(within(problem).getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(fact(card, 'Simulations')).toHaveTextContent('4 (2 clicked, 1 compromised)'));
    expect(fact(card, 'Repeat offences')).toHaveTextContent('0');
  });
});
