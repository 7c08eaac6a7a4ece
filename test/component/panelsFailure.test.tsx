import * as React from 'react';
import { render, screen, fireEvent } from '@testing-library/react';
import { UsersView } from '../../src/ui/users/UsersView';
import { ServicesProvider } from '../../src/ui/common/services';
import { fakeServices } from './fakeGraph';

// The Users view's panels load just after the list draws (out of the initial bundle). When their code cannot
// be fetched, asking for a panel says so, instead of a button that does nothing.
jest.mock('../../src/ui/users/ColumnsPanel', () => { throw new Error('Loading chunk users-panels failed.'); });

it('says a panel could not be loaded, with Try again, and loses nothing', async () => {
  const { services } = fakeServices({ '/users?': { body: { value: [{ id: 'u1', displayName: 'Ann Lee', userPrincipalName: 'ann@contoso.com', mail: null, userType: 'Member', accountEnabled: true, assignedLicenses: [] }] } } });
  render(<ServicesProvider services={services}><UsersView /></ServicesProvider>);
  await screen.findByText('Ann Lee');
  fireEvent.click(await screen.findByRole('menuitem', { name: 'Columns' }));
  expect(await screen.findByText(/The Columns panel could not be loaded \(Loading chunk users-panels failed\.\)\. Nothing was lost\./)).toBeInTheDocument();
  expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  // The list is still there.
  expect(screen.getByText('Ann Lee')).toBeInTheDocument();
});
