import * as React from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { UsersView } from '../../src/ui/users/UsersView';
import { ServicesProvider } from '../../src/ui/common/services';
import { fakeServices } from './fakeGraph';
import type { Route } from './fakeGraph';

// Bulk actions in the Users view: Select, choose people, one plan across them, reviewed before anything is sent.
const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
const users = [
  { id: 'u1', displayName: 'Ann Lee', userPrincipalName: 'ann@contoso.com', mail: null, jobTitle: null, department: 'IT', userType: 'Member', accountEnabled: true, assignedLicenses: [{ skuId: E3 }] },
  { id: 'u2', displayName: 'Bob Stone', userPrincipalName: 'bob@contoso.com', mail: null, jobTitle: null, department: 'Sales', userType: 'Member', accountEnabled: false, assignedLicenses: [] },
  { id: 'u3', displayName: 'Cy Fox', userPrincipalName: 'cy@contoso.com', mail: null, jobTitle: null, department: 'IT', userType: 'Member', accountEnabled: true, assignedLicenses: [{ skuId: E3 }] }
];
interface IItem { id: string; method: string; url: string; body?: unknown }

function routes(writes: IItem[]): Record<string, Route> {
  return {
    '/users?': { body: { value: users } },
    '/subscribedSkus': { body: { value: [{ skuId: E3, skuPartNumber: 'SPE_E3', consumedUnits: 2, prepaidUnits: { enabled: 5 }, capabilityStatus: 'Enabled' }] } },
    '/reports/': { body: { value: [] } },
    '/$batch': (_p, b) => ({
      body: {
        responses: (b as { requests: IItem[] }).requests.map(r => {
          if (r.method !== 'GET') writes.push(r);
          // A profile as Graph answers it, with how each licence is held (Cy's E3 comes through a group).
          const profile = /^\/users\/(u\d)\?/.exec(r.url);
          const user = profile ? users.find(u => u.id === profile[1]) : undefined;
          if (r.method === 'GET' && user) {
            const states = user.assignedLicenses.map(l => ({ skuId: l.skuId, assignedByGroup: user.id === 'u3' ? 'g-lic' : null, state: 'Active' }));
            return { id: r.id, status: 200, body: { ...user, licenseAssignmentStates: states } };
          }
          return r.method === 'GET' ? { id: r.id, status: 404, body: {} } : { id: r.id, status: 200, body: {} };
        })
      }
    })
  };
}

function renderUsers(allowEdits: boolean, writes: IItem[] = []): void {
  const { services } = fakeServices(routes(writes));
  render(<ServicesProvider services={services}><UsersView allowEdits={allowEdits} /></ServicesProvider>);
}

// The command bar redraws after measuring (a frame or more later); a loaded machine may take a while.
const LONG = { timeout: 5000 };
const rowOf = (name: string): HTMLElement => screen.getByText(name).closest('[role="row"]') as HTMLElement;

describe('Users view: bulk actions', () => {
  it('offers no selection where edits are not allowed', async () => {
    renderUsers(false);
    await screen.findByText('Ann Lee');
    expect(screen.queryByRole('menuitem', { name: 'Select' })).toBeNull();
    expect(within(rowOf('Ann Lee')).queryByRole('checkbox')).toBeNull();
  });

  it('keeps the people chosen while a search hides them, and counts them all', async () => {
    renderUsers(true);
    await screen.findByText('Ann Lee');
    fireEvent.click(screen.getByRole('menuitem', { name: 'Select' }));
    await screen.findByRole('menuitem', { name: 'Done selecting' }, LONG);
    fireEvent.click(within(rowOf('Ann Lee')).getByRole('checkbox'));
    await screen.findByRole('menuitem', { name: 'Act on 1 selected' }, LONG);
    // Search for Bob: Ann's row is hidden, and still chosen.
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search users' }), { target: { value: 'bob' } });
    await waitFor(() => expect(screen.queryByText('Ann Lee')).toBeNull());
    fireEvent.click(within(rowOf('Bob Stone')).getByRole('checkbox'));
    await screen.findByRole('menuitem', { name: 'Act on 2 selected' }, LONG);
    // Cleared: Ann's row shows again, marked.
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search users' }), { target: { value: '' } });
    await screen.findByText('Ann Lee');
    await waitFor(() => expect(within(rowOf('Ann Lee')).getByRole('checkbox').getAttribute('aria-checked')).toBe('true'));
    expect(within(rowOf('Cy Fox')).getByRole('checkbox').getAttribute('aria-checked')).toBe('false');
    expect(screen.getByRole('menuitem', { name: 'Act on 2 selected' })).toBeTruthy();
  });

  it('removes a licence from the people selected: one plan, how each holds it read first, locks for whoever does not hold it or holds it through a group, only the others sent', async () => {
    const writes: IItem[] = [];
    renderUsers(true, writes);
    await screen.findByText('Ann Lee');
    fireEvent.click(screen.getByRole('menuitem', { name: 'Select' }));
    // The command bar redraws its items after measuring them (a frame later).
    await screen.findByRole('menuitem', { name: 'Done selecting' }, LONG);
    fireEvent.click(within(rowOf('Ann Lee')).getByRole('checkbox'));
    fireEvent.click(within(rowOf('Bob Stone')).getByRole('checkbox'));
    fireEvent.click(within(rowOf('Cy Fox')).getByRole('checkbox'));
    const act = await screen.findByRole('menuitem', { name: 'Act on 3 selected' }, LONG);
    fireEvent.click(act);
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Remove a licence…' }, LONG));
    fireEvent.click(await screen.findByRole('combobox', { name: 'Licence' }));
    fireEvent.click(await screen.findByRole('option', { name: 'Microsoft 365 E3' }));
    fireEvent.click(screen.getByRole('button', { name: 'Review the plan' }));
    const summary = await screen.findByTestId('plan-summary');
    // Read before the plan: Bob does not hold it, and Cy's comes through a group (left to it).
    expect(summary.textContent).toMatch(/^1 step chosen for 3 people\. 2 steps cannot be done here/);
    expect(screen.getByText(/Bob Stone does not hold Microsoft 365 E3/)).toBeTruthy();
    expect(screen.getByText(/Assigned through a group/)).toBeTruthy();
    expect(writes).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Finish (1)' }));
    await waitFor(() => expect(screen.getByTestId('plan-outcome').textContent).toMatch(/^1 step done\.$/));
    expect(writes.map(w => `${w.method} ${w.url}`)).toEqual(['POST /users/u1/assignLicense']);
    expect(writes[0]?.body).toEqual({ addLicenses: [], removeLicenses: [E3] });
  });
});
