import * as React from 'react';
import { render, screen, fireEvent, waitFor, within } from '@testing-library/react';
import { UsersView } from '../../src/ui/users/UsersView';
import { ServicesProvider } from '../../src/ui/common/services';
import { fakeServices } from './fakeGraph';
import type { Route } from './fakeGraph';
import { emailUser, overviewRoutes, renderUsage } from './usage/usageFixtures';

// "Generate script" of the Users view and of the report explorer: what the dialog shows is the command for
// the view's filters and columns, or the explorer's parameters (days back kept as days back), the file
// named as the export names it, and what the command cannot carry said in a comment.

const users = [
  { id: 'u1', displayName: 'Ann Lee', userPrincipalName: 'ann@contoso.com', mail: 'ann@contoso.com', jobTitle: 'Engineer', department: 'IT', userType: 'Member', accountEnabled: true, assignedLicenses: [] },
  { id: 'u2', displayName: 'Bob Stone', userPrincipalName: 'bob@contoso.com', mail: 'bob@contoso.com', jobTitle: 'Sales lead', department: 'Sales', userType: 'Member', accountEnabled: false, assignedLicenses: [] }
];
const usersRoutes: Record<string, Route> = {
  '/users?': { body: { value: users } },
  '/subscribedSkus': { body: { value: [] } },
  '/reports/authenticationMethods/userRegistrationDetails': { body: { value: [] } },
  '/reports/getOffice365ActiveUserDetail': { body: { value: [] } },
  '/$batch': (_p, b) => ({ body: { responses: ((b as { requests: { id: string }[] }).requests).map(r => ({ id: r.id, status: 404, body: {} })) } })
};

const command = (): string => screen.getByLabelText('Command for bash').textContent ?? '';

describe('Generate script', () => {
  it('Users view: its filters and visible columns as the CLI\'s flags, the export\'s file name, and what the CLI cannot do said', async () => {
    const { services } = fakeServices(usersRoutes);
    render(<ServicesProvider services={services}><UsersView /></ServicesProvider>);
    await waitFor(() => expect(screen.getByTestId('user-count').textContent).toMatch(/^2 of 2/));
    fireEvent.click(await screen.findByRole('menuitem', { name: /Filters/ }));
    const panel = await screen.findByRole('dialog');
    fireEvent.click(within(within(panel).getByRole('radiogroup', { name: /In Microsoft 365/ })).getByLabelText('No'));
    fireEvent.click(within(within(panel).getByRole('radiogroup', { name: 'Account' })).getByLabelText('Disabled'));
    fireEvent.click(within(panel).getByRole('button', { name: 'Done' }));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search users' }), { target: { value: 'bob' } });

    fireEvent.click(screen.getByRole('menuitem', { name: 'Generate script' }));
    await screen.findByText('Generate script', { selector: '.ms-Dialog-title' });
    const lines = command().split('\n');
    expect(lines).toEqual([
      '# Not carried over, the CLI has no such filter: "Account: Disabled". This writes every user the other filters keep, more than the view shows.',
      '# Not carried over: the search "bob" (the CLI has no search).',
      "npx m365-impressions users --licensed no --columns displayName,userPrincipalName,jobTitle,department,inM365,products,mfaStatus,lastActivity --out 'm365-users-contoso-{today}-filtered.xlsx'"
    ]);
    // Every schedule carries it; none holds a token.
    fireEvent.click(screen.getByRole('tab', { name: 'GitHub Actions' }));
    expect(screen.getByLabelText('GitHub Actions', { selector: 'pre' }).textContent).toContain('AZURE_CLIENT_SECRET: ${{ secrets.AZURE_CLIENT_SECRET }}');
    expect(screen.getByLabelText('GitHub Actions', { selector: 'pre' }).textContent).toContain('# Not carried over: the search "bob"');
    expect(document.body.textContent).not.toMatch(/Bearer|eyJ/);
  });

  it('report explorer: a range given as days back stays days back, the file named as "Export report" names it; a refused day turns it off', async () => {
    const { services } = fakeServices({
      ...overviewRoutes(),
      '/reports/getEmailActivityUserDetail': { body: { value: [emailUser('ann@contoso.com', 5)] } }
    });
    renderUsage(services, { defaultMode: 'explorer' });
    await screen.findByTestId('usage-chart');
    fireEvent.click(screen.getByRole('combobox', { name: /^Report/ }));
    fireEvent.click(screen.getByRole('option', { name: 'Email activity user detail' }));
    await screen.findByTestId('top-n');
    fireEvent.click(screen.getByRole('radio', { name: 'Date range' }));
    for (const [end, days] of [['Start', '10'], ['End', '5']]) {
      fireEvent.click(screen.getByRole('combobox', { name: `${end}: give as` }));
      fireEvent.click(screen.getByRole('option', { name: 'Days back' }));
      fireEvent.change(screen.getByRole('spinbutton', { name: `${end}: days before today` }), { target: { value: days } });
    }
    fireEvent.click(screen.getByRole('button', { name: 'Generate script' }));
    await screen.findByLabelText('Command for bash');
    expect(command()).toBe("npx m365-impressions report getEmailActivityUserDetail --from-days-back 10 --to-days-back 5 --out 'm365-report-getEmailActivityUserDetail-{param}-{today}.xlsx'");
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));

    // A start Graph would refuse: no script, and the reason on the button.
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Start: days before today' }), { target: { value: '45' } });
    const button = screen.getByRole('button', { name: 'Generate script' });
    expect(button).toBeDisabled();
    expect(button).toHaveAttribute('title', expect.stringMatching(/^Start date: .* is more than 30 days ago/));

    // A period is written as it is.
    fireEvent.click(screen.getByRole('radio', { name: 'Period' }));
    fireEvent.click(screen.getByRole('button', { name: 'Generate script' }));
    await screen.findByLabelText('Command for bash');
    expect(command()).toBe("npx m365-impressions report getEmailActivityUserDetail --period D30 --out 'm365-report-getEmailActivityUserDetail-D30-{today}.xlsx'");
  });
});
