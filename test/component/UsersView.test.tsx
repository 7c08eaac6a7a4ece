import * as React from 'react';
import { render, screen, fireEvent, waitFor, within } from '@testing-library/react';
import { UsersView } from '../../src/ui/users/UsersView';
import { ServicesProvider } from '../../src/ui/common/services';
import { fakeClient, fakeServices, memoryStore, servicesFor } from './fakeGraph';
import type { IGraphClientLike, IGraphRequestLike } from '../../src/core/graph/types';
import type { Route } from './fakeGraph';
import { withText } from './messages';
import { ReportLimiter } from '../../src/core/reports/limiter';
import { exportWorkbook } from '../../src/ui/common/exportWorkbook';
import type { ISheetSpec } from '../../src/core/export/types';
import { Sessions } from '../../src/ui/common/sessions';
import { USER_LIST_SELECT, toUserRecord } from '../../src/core/directory/users';
import type { IUserRecord } from '../../src/core/directory/users';
import type { IKeptUsers, IUserListCache } from '../../src/core/directory/userCache';

// The workbook writer is tested on its own; here, what the view hands it.
jest.mock('../../src/ui/common/exportWorkbook', () => ({ exportWorkbook: jest.fn(async () => undefined) }));
const exported = exportWorkbook as jest.MockedFunction<typeof exportWorkbook>;

const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
const users = [
  { id: 'u1', displayName: 'Ann Lee', userPrincipalName: 'ann@contoso.com', mail: 'ann@contoso.com', jobTitle: 'Engineer', department: 'IT', userType: 'Member', accountEnabled: true, assignedLicenses: [{ skuId: E3 }] },
  { id: 'u2', displayName: 'Bob Stone', userPrincipalName: 'bob@contoso.com', mail: 'bob@contoso.com', jobTitle: 'Sales lead', department: 'Sales', userType: 'Member', accountEnabled: false, assignedLicenses: [] },
  { id: 'u3', displayName: 'Gail Guest', userPrincipalName: 'gail_fabrikam.com#EXT#@contoso.com', mail: 'gail@fabrikam.com', jobTitle: null, department: null, userType: 'Guest', accountEnabled: true, assignedLicenses: [] }
];
const skus = { value: [{ skuId: E3, skuPartNumber: 'SPE_E3', consumedUnits: 1, prepaidUnits: { enabled: 5 }, capabilityStatus: 'Enabled' }] };
const mfa = { value: [{ id: 'u1', isMfaRegistered: true, isMfaCapable: true, methodsRegistered: ['microsoftAuthenticatorPush'], userPreferredMethodForSecondaryAuthentication: 'push' }] };
const activity = { value: [{ reportRefreshDate: '2026-11-19', userPrincipalName: 'ann@contoso.com', displayName: 'Ann Lee', isDeleted: false, exchangeLastActivityDate: '2026-11-18', assignedProducts: ['Microsoft 365 E3'] }] };
const forbidden = (code: string, message: string): Route => ({ status: 403, body: { error: { code, message } } });

const base: Record<string, Route> = {
  '/users?': { body: { value: users } },
  '/subscribedSkus': { body: skus },
  '/reports/authenticationMethods/userRegistrationDetails': { body: mfa },
  '/reports/getOffice365ActiveUserDetail': { body: activity },
  '/$batch': (_p, b) => ({ body: { responses: ((b as { requests: { id: string }[] }).requests).map(r => ({ id: r.id, status: 404, body: {} })) } })
};

function renderUsers(routes: Record<string, Route> = base, store = memoryStore(), onOpenUser?: (id: string) => void, defaultColumns?: string[]) {
  const { services, calls } = fakeServices(routes, store);
  const utils = render(<ServicesProvider services={services}><UsersView onOpenUser={onOpenUser} defaultColumns={defaultColumns} /></ServicesProvider>);
  return { ...utils, calls, store };
}

/** A client answering from `base`, holding back requests whose path starts with `prefix` until released (or no longer held). */
function holdingClient(prefix: string): { client: IGraphClientLike; calls: string[]; release: () => void; stopHolding: () => void } {
  const { client: answering, calls } = fakeClient(base);
  let release: () => void = () => undefined;
  const held = new Promise<void>(resolve => { release = resolve; });
  let holding = true;
  const client: IGraphClientLike = {
    api(path: string) {
      const req = answering.api(path);
      if (!path.startsWith(prefix) || !holding) return req;
      const get = req.get.bind(req);
      const wrapped: IGraphRequestLike = { ...req, version: v => { req.version(v); return wrapped; }, headers: h => { req.headers(h); return wrapped; }, responseType: t => { req.responseType(t); return wrapped; }, option: (k, v) => { req.option(k, v); return wrapped; }, get: () => held.then(get) };
      return wrapped;
    }
  };
  return { client, calls, release, stopHolding: () => { holding = false; } };
}

const count = () => screen.getByTestId('user-count').textContent ?? '';

describe('UsersView', () => {
  it('lists users with friendly products, MFA and last activity, and counts them', async () => {
    renderUsers();
    await waitFor(() => expect(count()).toMatch(/^3 of 3 users/));
    await screen.findByText('Microsoft 365 E3');
    await screen.findByText('Capable');
    await screen.findByText('2026-11-18');
    expect(screen.getAllByText('Not registered')).toHaveLength(2);
  });

  it('while the first page is on its way, says so and already shows the column headers', async () => {
    // /users is held back until released; everything else answers at once.
    const { client, release } = holdingClient('/users?');
    const services = servicesFor(client);
    render(<ServicesProvider services={services}><UsersView /></ServicesProvider>);
    await waitFor(() => expect(count()).toBe('Loading users…'));
    expect(screen.getByRole('columnheader', { name: /Display Name/ })).toBeInTheDocument();
    expect(screen.queryAllByRole('row')).toHaveLength(1); // the header row only
    release();
    await waitFor(() => expect(count()).toMatch(/^3 of 3 users/));
  });

  it('coming back shows the list read before at once; after changes were applied it is read again', async () => {
    const { services, calls } = fakeServices(base);
    const view = (directoryVersion = 0): JSX.Element => <ServicesProvider services={services}><UsersView directoryVersion={directoryVersion} /></ServicesProvider>;
    const usersReads = (): number => calls.filter(c => c.includes('/users?')).length;
    const first = render(view());
    await waitFor(() => expect(count()).toMatch(/^3 of 3 users/));
    await screen.findByText('Capable');
    const before = calls.length;
    first.unmount();
    // back from an impression: the whole list, with its joins, from the first frame; not one request
    const again = render(view());
    expect(count()).toMatch(/^3 of 3 users/);
    expect(screen.getByText('Capable')).toBeInTheDocument();
    expect(calls.length).toBe(before);
    again.unmount();
    // an impression applied changes: the directory version moved on, so the list is read again
    render(view(1));
    expect(count()).toBe('Loading users…');
    await waitFor(() => expect(count()).toMatch(/^3 of 3 users/));
    expect(usersReads()).toBe(2);
  });

  it('a list left while its first page was on its way is read again on coming back', async () => {
    const { client, calls, release, stopHolding } = holdingClient('/users?');
    const services = servicesFor(client);
    const first = render(<ServicesProvider services={services}><UsersView /></ServicesProvider>);
    await waitFor(() => expect(count()).toBe('Loading users…'));
    first.unmount(); // leaving cancels the read
    stopHolding();
    release();
    render(<ServicesProvider services={services}><UsersView /></ServicesProvider>);
    expect(count()).toBe('Loading users…');
    await waitFor(() => expect(count()).toMatch(/^3 of 3 users/));
    expect(calls.filter(c => c.includes('/users?'))).toHaveLength(2);
  });

  it('coming back to a list whose MFA join was cut off shows the list at once and reads only MFA again', async () => {
    const { client, calls, release, stopHolding } = holdingClient('/reports/authenticationMethods/');
    const services = servicesFor(client);
    const first = render(<ServicesProvider services={services}><UsersView /></ServicesProvider>);
    await waitFor(() => expect(count()).toMatch(/^3 of 3 users/));
    await screen.findByText('Microsoft 365 E3');
    first.unmount(); // the MFA read is cut off
    stopHolding();
    release();
    render(<ServicesProvider services={services}><UsersView /></ServicesProvider>);
    expect(count()).toMatch(/^3 of 3 users/);
    await screen.findByText('Capable');
    expect(calls.filter(c => c.includes('/users?'))).toHaveLength(1);
    expect(calls.filter(c => c.includes('userRegistrationDetails'))).toHaveLength(2);
    expect(calls.filter(c => c.includes('/subscribedSkus'))).toHaveLength(1);
  });

  it('searches instantly over name, UPN and email', async () => {
    renderUsers();
    await waitFor(() => expect(count()).toMatch(/^3 of 3/));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search users' }), { target: { value: 'fabrikam' } });
    expect(count()).toMatch(/^1 of 3 users/);
    expect(screen.getByText('Gail Guest')).toBeInTheDocument();
    expect(screen.queryByText('Ann Lee')).not.toBeInTheDocument();
  });

  it('filters from the panel and removes a filter from its chip', async () => {
    renderUsers();
    await waitFor(() => expect(count()).toMatch(/^3 of 3/));
    await screen.findByText('Microsoft 365 E3');
    fireEvent.click(await screen.findByRole('menuitem', { name: /Filters/ }));
    const panel = await screen.findByRole('dialog');
    fireEvent.click(within(within(panel).getByRole('radiogroup', { name: /In Microsoft 365/ })).getByLabelText('No'));
    expect(count()).toMatch(/^2 of 3 users/);
    fireEvent.click(within(within(panel).getByRole('radiogroup', { name: 'Account' })).getByLabelText('Disabled'));
    expect(count()).toMatch(/^1 of 3 users/);
    fireEvent.click(within(panel).getByRole('button', { name: 'Done' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove filter Account: Disabled' }));
    expect(count()).toMatch(/^2 of 3 users/);
  });

  it('sorts by a column header, toggling direction', async () => {
    renderUsers();
    await waitFor(() => expect(count()).toMatch(/^3 of 3/));
    const names = () => screen.getAllByRole('row').slice(1).map(r => within(r).getAllByRole('gridcell')[0]?.querySelector('.ms-Persona-primaryText')?.textContent);
    fireEvent.click(screen.getByText('Display Name'));
    expect(names()).toEqual(['Ann Lee', 'Bob Stone', 'Gail Guest']);
    fireEvent.click(screen.getByText('Display Name'));
    expect(names()).toEqual(['Gail Guest', 'Bob Stone', 'Ann Lee']);
  });

  it('shows a photo only in its own user\'s row, also after a sort moves the rows', async () => {
    const ANN_PHOTO = 'QU5O'; // base64 of "ANN"
    const routes: Record<string, Route> = {
      ...base,
      '/$batch': (_p, b) => ({
        body: {
          responses: (b as { requests: { id: string; url: string }[] }).requests.map(r =>
            r.url.includes('/users/u1/') ? { id: r.id, status: 200, headers: { 'content-type': 'image/png' }, body: ANN_PHOTO } : { id: r.id, status: 404, body: {} })
        }
      })
    };
    renderUsers(routes);
    await waitFor(() => expect(count()).toMatch(/^3 of 3/));
    const photoIn = (name: string): string | null | undefined => {
      const row = screen.getAllByRole('row').find(r => within(r).queryByText(name));
      return row?.querySelector('img')?.getAttribute('src');
    };
    await waitFor(() => expect(photoIn('Ann Lee')).toBe(`data:image/png;base64,${ANN_PHOTO}`));
    fireEvent.click(screen.getByText('Display Name'));
    fireEvent.click(screen.getByText('Display Name')); // Z to A: Ann moves from the first row to the last
    expect(screen.getAllByRole('row').slice(1).map(r => r.textContent?.includes('Ann Lee'))).toEqual([false, false, true]);
    expect(photoIn('Gail Guest')).toBeFalsy();
    expect(photoIn('Bob Stone')).toBeFalsy();
    await waitFor(() => expect(photoIn('Ann Lee')).toBe(`data:image/png;base64,${ANN_PHOTO}`));
  });

  it('chooses columns and keeps the choice per web part instance', async () => {
    const store = memoryStore();
    const first = renderUsers(base, store);
    await waitFor(() => expect(count()).toMatch(/^3 of 3/));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Columns' }));
    const panel = await screen.findByRole('dialog');
    fireEvent.click(within(panel).getByLabelText('Department'));
    fireEvent.click(within(panel).getByLabelText('Email'));
    expect(screen.queryByRole('columnheader', { name: /Department/ })).not.toBeInTheDocument();
    expect(JSON.parse(store.data.get('m365i:test:users:columns') ?? '[]')).toContain('mail');
    first.unmount();
    renderUsers(base, store);
    await waitFor(() => expect(count()).toMatch(/^3 of 3/));
    expect(screen.getByRole('columnheader', { name: /Email/ })).toBeInTheDocument();
    expect(screen.queryByRole('columnheader', { name: /Department/ })).not.toBeInTheDocument();
  });

  it('degrades each column alone: no AuditLog scope, no report role', async () => {
    renderUsers({
      ...base,
      '/reports/authenticationMethods/userRegistrationDetails': forbidden('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
      '/reports/getOffice365ActiveUserDetail': forbidden('S2SUnauthorized', 'Invalid Permission.')
    });
    await waitFor(() => expect(count()).toMatch(/^3 of 3/));
    await withText(() => screen.getByTestId('degraded-mfa'), 'AuditLog.Read.All');
    await withText(() => screen.getByTestId('degraded-activity'), /Reports Reader/);
    // MFA cells say "Unavailable", never "Not registered"
    expect(screen.queryByText('Not registered')).not.toBeInTheDocument();
    expect(screen.getAllByText('Unavailable').length).toBeGreaterThanOrEqual(3);
    // the directory columns still work
    expect(screen.getByText('Microsoft 365 E3')).toBeInTheDocument();
  });

  it('says the users could not be read, with the scope, and offers a retry', async () => {
    renderUsers({ ...base, '/users?': forbidden('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.') });
    expect(await screen.findByText(/User\.Read\.All/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('explains concealed report names instead of showing no activity, and an activity filter cannot apply', async () => {
    renderUsers({ ...base, '/reports/getOffice365ActiveUserDetail': { body: { value: [{ ...activity.value[0], userPrincipalName: '0A1B2C3D4E5F60718293A4B5C6D7E8F9', displayName: '0A1B2C3D4E5F60718293A4B5C6D7E8F9' }] } } });
    await withText(() => screen.getByTestId('concealed-banner'), /concealed/);
    expect(screen.getAllByText('Concealed')).toHaveLength(3);
    expect(screen.queryByText('No activity')).not.toBeInTheDocument();
    expect(screen.queryByText('Not in report')).not.toBeInTheDocument();
    fireEvent.click(await screen.findByRole('menuitem', { name: /Filters/ }));
    const panel = await screen.findByRole('dialog');
    const choices = within(panel).getByRole('radiogroup', { name: 'Last activity' });
    expect(within(choices).getByLabelText('Never active')).toBeDisabled();
  });

  it("says names are concealed by the tenant's setting, and who can change it, before the activity report is read", async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>(resolve => { release = resolve; });
    const { calls } = renderUsers({
      ...base,
      '/admin/reportSettings': { body: { displayConcealedNames: true } },
      '/reports/getOffice365ActiveUserDetail': () => held.then(() => ({ body: activity }))
    });
    const banner = await withText(() => screen.getByTestId('concealed-banner'), /Names are concealed by the tenant's setting\. Last activity cannot be matched to users\./);
    expect(banner).toHaveTextContent(/A Global Administrator can show names in the Microsoft 365 admin center: Settings > Org settings > Reports/);
    // The report was asked for and has not answered: the setting said it first.
    expect(calls.filter(c => c.includes('getOffice365ActiveUserDetail'))).toHaveLength(1);
    expect(screen.queryByText('2026-11-18')).not.toBeInTheDocument();
    release();
    await screen.findByText('2026-11-18');
    expect(calls.filter(c => c.includes('/admin/reportSettings'))).toEqual(['GET v1.0/admin/reportSettings']);
  });

  it('a refused report-settings read degrades alone: no banner of its own, the list and its activity as ever', async () => {
    renderUsers({ ...base, '/admin/reportSettings': forbidden('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.') });
    await screen.findByText('2026-11-18');
    await waitFor(() => expect(count()).toMatch(/^3 of 3 users/));
    expect(screen.queryByTestId('concealed-banner')).not.toBeInTheDocument();
    expect(screen.queryByText(/ReportSettings\.Read\.All/)).not.toBeInTheDocument();
  });

  it('tells a user the report has no row for from one without activity', async () => {
    const withBob = { value: [...activity.value, { ...activity.value[0], userPrincipalName: 'bob@contoso.com', displayName: 'Bob Stone', exchangeLastActivityDate: null }] };
    renderUsers({ ...base, '/reports/getOffice365ActiveUserDetail': { body: withBob } });
    await screen.findByText('2026-11-18');
    const cellOf = (name: string): string => {
      const row = screen.getAllByRole('row').find(r => within(r).queryByText(name));
      return row ? (within(row).getAllByRole('gridcell').pop()?.textContent ?? '') : '';
    };
    expect(cellOf('Bob Stone')).toBe('No activity');
    expect(cellOf('Gail Guest')).toBe('Not in report');
  });

  it('a filter over data still loading matches no one and says it waits; it applies when the data arrives', async () => {
    const { client, release } = holdingClient('/reports/getOffice365ActiveUserDetail');
    render(<ServicesProvider services={servicesFor(client)}><UsersView /></ServicesProvider>);
    await waitFor(() => expect(count()).toMatch(/^3 of 3/));
    fireEvent.click(await screen.findByRole('menuitem', { name: /Filters/ }));
    const panel = await screen.findByRole('dialog');
    fireEvent.click(within(within(panel).getByRole('radiogroup', { name: 'Last activity' })).getByLabelText('Active in the last 7 days'));
    fireEvent.click(within(panel).getByRole('button', { name: 'Done' }));
    expect(count()).toMatch(/^0 of 3 users/);
    expect(screen.getByRole('button', { name: 'Remove filter Active in the last 7 days (waiting for last activity)' })).toBeInTheDocument();
    expect(screen.getByTestId('users-none-match')).toHaveTextContent('Waiting for last activity to apply “Active in the last 7 days”…');
    release();
    await waitFor(() => expect(count()).toMatch(/^1 of 3 users/));
    expect(screen.getByText('Ann Lee')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Remove filter Active in the last 7 days' })).toBeInTheDocument();
  });

  it('offers Try again on a join that failed for a passing reason, and reads only that join again', async () => {
    let mfaReads = 0;
    const routes: Record<string, Route> = {
      ...base,
      '/reports/authenticationMethods/userRegistrationDetails': () => (++mfaReads === 1 ? { status: 500, body: { error: { code: 'InternalServerError', message: 'Something broke.' } } } : { body: mfa })
    };
    const { calls } = renderUsers(routes);
    const banner = await screen.findByTestId('degraded-mfa');
    expect(screen.queryByText('Capable')).not.toBeInTheDocument();
    fireEvent.click(within(banner).getByRole('button', { name: 'Try again: MFA columns' }));
    // the banner goes, and focus with it to the count line, not to the page's start
    expect(document.activeElement).toBe(screen.getByTestId('user-count').parentElement);
    expect(await screen.findByText('Capable')).toBeInTheDocument();
    expect(screen.queryByTestId('degraded-mfa')).not.toBeInTheDocument();
    expect(calls.filter(c => c.includes('/users?'))).toHaveLength(1);
    expect(mfaReads).toBe(2);
  });

  it('offers no Try again where only an admin can help (a missing scope)', async () => {
    renderUsers({ ...base, '/reports/authenticationMethods/userRegistrationDetails': forbidden('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.') });
    const banner = await screen.findByTestId('degraded-mfa');
    expect(within(banner).queryByRole('button', { name: /^Try again/ })).not.toBeInTheDocument();
  });

  it('keeps the search, filters and sort for when the viewer comes back', async () => {
    const { services } = fakeServices(base);
    const view = (): JSX.Element => <ServicesProvider services={services}><UsersView /></ServicesProvider>;
    const first = render(view());
    await waitFor(() => expect(count()).toMatch(/^3 of 3/));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search users' }), { target: { value: 'o' } });
    fireEvent.click(await screen.findByRole('menuitem', { name: /Filters/ }));
    const panel = await screen.findByRole('dialog');
    fireEvent.click(within(within(panel).getByRole('radiogroup', { name: /In Microsoft 365/ })).getByLabelText('No'));
    fireEvent.click(within(panel).getByRole('button', { name: 'Done' }));
    fireEvent.click(screen.getByText('Display Name'));
    fireEvent.click(screen.getByText('Display Name'));
    expect(count()).toMatch(/^2 of 3 users/);
    first.unmount();
    render(view());
    expect(count()).toMatch(/^2 of 3 users/);
    expect(screen.getByRole('searchbox', { name: 'Search users' })).toHaveValue('o');
    expect(screen.getByRole('button', { name: 'Remove filter In Microsoft 365: No' })).toBeInTheDocument();
    const names = screen.getAllByRole('row').slice(1).map(r => r.querySelector('.ms-Persona-primaryText')?.textContent);
    expect(names).toEqual(['Gail Guest', 'Bob Stone']);
  });

  it('offers Export all only once every user is read', async () => {
    // The second page of users waits until released.
    let release: () => void = () => undefined;
    const held = new Promise<void>(resolve => { release = resolve; });
    const page2 = 'https://graph.microsoft.com/v1.0/users?$skiptoken=2';
    const { client } = fakeClient({ ...base, '/users?': path => (path.includes('skiptoken') ? { body: { value: users.slice(2) } } : { body: { value: users.slice(0, 2), '@odata.nextLink': page2 } }) });
    const holding: IGraphClientLike = {
      api(path: string) {
        const req = client.api(path);
        if (!path.includes('skiptoken')) return req;
        const get = req.get.bind(req);
        const wrapped: IGraphRequestLike = { ...req, version: v => { req.version(v); return wrapped; }, headers: h => { req.headers(h); return wrapped; }, responseType: t => { req.responseType(t); return wrapped; }, option: (k, v) => { req.option(k, v); return wrapped; }, get: () => held.then(get) };
        return wrapped;
      }
    };
    render(<ServicesProvider services={servicesFor(holding)}><UsersView /></ServicesProvider>);
    await waitFor(() => expect(count()).toMatch(/^2 of 2 users — loading/));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Export' }));
    expect(await screen.findByRole('menuitem', { name: 'Export all (once every user is read)' })).toHaveAttribute('aria-disabled', 'true');
    release();
    await waitFor(() => expect(count()).toMatch(/^3 of 3 users/));
    // the open menu follows the list
    expect(await screen.findByRole('menuitem', { name: /Export all \(3 users, every column\)/ })).toHaveAttribute('aria-disabled', 'false');
  });

  it('says a list cut short is incomplete and does not offer it as "all"', async () => {
    const page2 = 'https://graph.microsoft.com/v1.0/users?$skiptoken=2';
    renderUsers({
      ...base,
      '/users?': path => (path.includes('skiptoken') ? { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'Try later.' } } } : { body: { value: users.slice(0, 2), '@odata.nextLink': page2 } })
    });
    await waitFor(() => expect(count()).toMatch(/^2 of 2 users — incomplete/));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Export' }));
    expect(await screen.findByRole('menuitem', { name: /Export all \(the list is incomplete/ })).toHaveAttribute('aria-disabled', 'true');
    expect(await screen.findByRole('menuitem', { name: /Export view \(2 users/ })).toHaveAttribute('aria-disabled', 'false');
  });

  it('announces matches found so far to a search typed while users load', async () => {
    const page2 = 'https://graph.microsoft.com/v1.0/users?$skiptoken=2';
    let letGo: () => void = () => undefined;
    const held = new Promise<void>(resolve => { letGo = resolve; });
    const { client: paged } = fakeClient({ ...base, '/users?': async path => (path.includes('skiptoken') ? (await held, { body: { value: users.slice(2) } }) : { body: { value: users.slice(0, 2), '@odata.nextLink': page2 } }) });
    render(<ServicesProvider services={servicesFor(paged)}><UsersView /></ServicesProvider>);
    await waitFor(() => expect(count()).toMatch(/^2 of 2 users — loading/));
    const announced = (): string => screen.getByTestId('user-count-announced').textContent ?? '';
    expect(announced()).toBe('Loading users…');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search users' }), { target: { value: 'bob' } });
    await waitFor(() => expect(announced()).toBe('1 user matches so far; loading.'));
    letGo();
    await waitFor(() => expect(announced()).toBe('1 of 3 users'));
  });

  it('announces the settled count to screen readers, not every page or keystroke', async () => {
    renderUsers();
    const announced = (): string => screen.getByTestId('user-count-announced').textContent ?? '';
    expect(screen.getByTestId('user-count-announced')).toHaveAttribute('role', 'status');
    expect(screen.getByTestId('user-count')).not.toHaveAttribute('aria-live');
    await waitFor(() => expect(announced()).toBe('3 of 3 users'));
    const search = screen.getByRole('searchbox', { name: 'Search users' });
    fireEvent.change(search, { target: { value: 'a' } });
    fireEvent.change(search, { target: { value: 'an' } });
    expect(announced()).toBe('3 of 3 users'); // not yet: the typing has not settled
    await waitFor(() => expect(announced()).toBe('1 of 3 users'));
  });

  it('says when the activity report waits for Graph\'s report limit, and fills the column when it has read on', async () => {
    // Two pages of the active-user report; the window holds one request per 1.5 s.
    const page2 = 'https://graph.microsoft.com/beta/reports/getOffice365ActiveUserDetail(period=\'D180\')?$format=application/json&page=2';
    const bob = { ...activity.value[0], userPrincipalName: 'bob@contoso.com', displayName: 'Bob Stone', exchangeLastActivityDate: '2026-11-02' };
    const routes: Record<string, Route> = {
      ...base,
      '/reports/getOffice365ActiveUserDetail': path => (path.includes('page=2') ? { body: { value: [bob] } } : { body: { ...activity, '@odata.nextLink': page2 } })
    };
    const limiter = new ReportLimiter({ limits: { json: { requests: 1, windowMs: 1500 } } });
    const { services, calls } = fakeServices(routes, memoryStore(), limiter);
    render(<ServicesProvider services={services}><UsersView /></ServicesProvider>);
    await withText(() => screen.getByTestId('activity-progress'), /1 report rows read, waiting for Microsoft Graph's report limit \(going on in \d s\)/);
    // The list is usable meanwhile.
    expect(count()).toMatch(/^3 of 3/);
    await waitFor(() => expect(screen.queryByTestId('activity-progress')).not.toBeInTheDocument());
    expect(await screen.findByText('2026-11-02')).toBeInTheDocument();
    expect(calls.filter(c => c.includes('getOffice365ActiveUserDetail'))).toHaveLength(2);
  });

  it('opens a user from the name link', async () => {
    const open = jest.fn();
    renderUsers(base, memoryStore(), open);
    fireEvent.click(await screen.findByText('Bob Stone'));
    expect(open).toHaveBeenCalledWith('u2');
  });

  it('reads sign-ins only when their column shows, and says Entra ID P1 is needed', async () => {
    const routes = { ...base, '/users?$select=id,signInActivity': forbidden('Authentication_RequestFromNonPremiumTenantOrB2CTenant', 'Neither tenant is B2C or tenant doesn\'t have premium license') };
    const first = renderUsers(routes);
    await waitFor(() => expect(count()).toMatch(/^3 of 3/));
    expect(first.calls.some(c => c.includes('signInActivity'))).toBe(false);
    first.unmount();
    const second = renderUsers(routes, memoryStore(), undefined, ['displayName', 'lastSignIn']);
    await withText(() => screen.getByTestId('degraded-signIns'), /P1/);
    expect(second.calls.some(c => c.includes('signInActivity'))).toBe(true);
  });

  it('hands focus to the next chip when one is removed, and to Filters after the last', async () => {
    renderUsers();
    await waitFor(() => expect(count()).toMatch(/^3 of 3/));
    fireEvent.click(await screen.findByRole('menuitem', { name: /Filters/ }));
    const panel = await screen.findByRole('dialog');
    fireEvent.click(within(within(panel).getByRole('radiogroup', { name: /In Microsoft 365/ })).getByLabelText('No'));
    fireEvent.click(within(within(panel).getByRole('radiogroup', { name: 'Account' })).getByLabelText('Enabled'));
    fireEvent.click(within(panel).getByRole('button', { name: 'Done' }));
    const first = screen.getByRole('button', { name: 'Remove filter In Microsoft 365: No' });
    first.focus();
    fireEvent.click(first);
    expect(document.activeElement).toBe(screen.getByRole('button', { name: 'Remove filter Account: Enabled' }));
    fireEvent.click(screen.getByRole('button', { name: 'Remove filter Account: Enabled' }));
    expect(document.activeElement).toBe(await screen.findByRole('menuitem', { name: 'Filters' }));
  });

  it('Export all reads last sign-ins first when their column has not, and writes them', async () => {
    exported.mockClear();
    const routes = { ...base, '/users?$select=id,signInActivity': { body: { value: [{ id: 'u1', signInActivity: { lastSignInDateTime: '2026-11-20T08:00:00Z' } }, { id: 'u2', signInActivity: {} }] } } };
    const { calls } = renderUsers(routes);
    await waitFor(() => expect(count()).toMatch(/^3 of 3/));
    await screen.findByText('Capable');
    await screen.findByText('2026-11-18');
    expect(calls.some(c => c.includes('signInActivity'))).toBe(false);
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Export' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Export all (3 users, every column)' }));
    await waitFor(() => expect(exported).toHaveBeenCalledTimes(1));
    expect(calls.some(c => c.includes('signInActivity'))).toBe(true);
    const [sheets, fileName] = exported.mock.calls[0] as [ISheetSpec[], string];
    const sheet = sheets[0]!;
    const at = sheet.columns.findIndex(c => c.header === 'Last Sign-in');
    expect(sheet.rows.map(r => r[at])).toEqual(['2026-11-20T08:00:00Z', null, null]);
    expect(fileName).not.toMatch(/filtered/);
  });

  it('says in the Export menu which columns are still loading and will be written empty', async () => {
    const { client, release } = holdingClient('/reports/getOffice365ActiveUserDetail');
    render(<ServicesProvider services={servicesFor(client)}><UsersView /></ServicesProvider>);
    await waitFor(() => expect(count()).toMatch(/^3 of 3/));
    await screen.findByText('Capable');
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Export' }));
    expect(await screen.findByRole('menuitem', { name: 'Export all (3 users, every column; last activity still loading, written empty)' })).toBeInTheDocument();
    expect(await screen.findByRole('menuitem', { name: 'Export view (3 users, visible columns; last activity still loading, written empty)' })).toBeInTheDocument();
    release();
    expect(await screen.findByRole('menuitem', { name: 'Export all (3 users, every column)' })).toBeInTheDocument();
  });

  it('Export all still writes the file when sign-ins fail, and offers no Try again while their column is hidden', async () => {
    exported.mockClear();
    renderUsers({ ...base, '/users?$select=id,signInActivity': { status: 503, body: { error: { code: 'ServiceUnavailable', message: 'Try later.' } } } });
    await waitFor(() => expect(count()).toMatch(/^3 of 3/));
    await screen.findByText('Capable');
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Export' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: /^Export all \(3 users/ }));
    await waitFor(() => expect(exported).toHaveBeenCalledTimes(1));
    const banner = await screen.findByTestId('degraded-signIns');
    expect(within(banner).queryByRole('button', { name: /^Try again/ })).not.toBeInTheDocument();
  });

  it('Export all can be cancelled while it reads sign-ins: nothing is exported', async () => {
    exported.mockClear();
    const never = new Promise<never>(() => undefined);
    const { calls } = renderUsers({ ...base, '/users?$select=id,signInActivity': async () => never });
    await waitFor(() => expect(count()).toMatch(/^3 of 3/));
    await screen.findByText('Capable');
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Export' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: /^Export all \(3 users/ }));
    expect(await screen.findByText('Export all: reading last sign-ins first')).toBeInTheDocument();
    await waitFor(() => expect(calls.some(c => c.includes('signInActivity'))).toBe(true));
    fireEvent.click(screen.getByRole('button', { name: 'Cancel export' }));
    expect(screen.queryByText('Export all: reading last sign-ins first')).not.toBeInTheDocument();
    await new Promise(r => setTimeout(r, 50));
    expect(exported).not.toHaveBeenCalled();
    expect(screen.queryByTestId('degraded-signIns')).not.toBeInTheDocument();
  });
});

describe('UsersView: security readiness', () => {
  // Ann clicked twice and was compromised once, with a training overdue; Bob was simulated without a click and is
  // excluded from the MFA policy; Gail (a guest, MFA registered) is in no report and meets only a report-only policy.
  const coverage = { value: [
    { attackSimulationUser: { userId: 'u1' }, simulationCount: 3, clickCount: 2, compromisedCount: 1, latestSimulationDateTime: '2026-11-02T09:30:00Z' },
    { attackSimulationUser: { userId: 'u2' }, simulationCount: 1, clickCount: 0, compromisedCount: 0, latestSimulationDateTime: '2026-10-12T08:00:00Z' }
  ] };
  const trainings = { value: [{ attackSimulationUser: { userId: 'u1' }, userTrainings: [{ displayName: 'Spot a phish', trainingStatus: 'completed' }, { displayName: 'Passwords', trainingStatus: 'overdue' }] }] };
  const everyone = {
    id: 'p1', displayName: 'Require MFA for all', state: 'enabled', grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    conditions: { users: { includeUsers: ['All'], excludeUsers: ['u2'], excludeGuestsOrExternalUsers: { guestOrExternalUserTypes: 'b2bCollaborationGuest' } }, applications: { includeApplications: ['All'] } }
  };
  const guests = {
    id: 'p2', displayName: 'Guests MFA', state: 'enabledForReportingButNotEnforced', grantControls: { operator: 'OR', builtInControls: ['mfa'] },
    conditions: { users: { includeGuestsOrExternalUsers: { guestOrExternalUserTypes: 'b2bCollaborationGuest' } }, applications: { includeApplications: ['All'] } }
  };
  const registered = { value: [...mfa.value, { id: 'u3', isMfaRegistered: true, isMfaCapable: true, methodsRegistered: ['microsoftAuthenticatorPush'] }] };
  const secure: Record<string, Route> = {
    ...base,
    '/reports/authenticationMethods/userRegistrationDetails': { body: registered },
    '/reports/security/getAttackSimulationSimulationUserCoverage': { body: coverage },
    '/reports/security/getAttackSimulationRepeatOffenders': { body: { value: [{ attackSimulationUser: { userId: 'u1' }, repeatOffenceCount: 2 }] } },
    '/reports/security/getAttackSimulationTrainingUserCoverage': { body: trainings },
    '/policies/identitySecurityDefaultsEnforcementPolicy': { body: { isEnabled: false } },
    '/identity/conditionalAccess/policies': { body: { value: [everyone, guests] } }
  };
  const securityReads = (calls: string[]): number => calls.filter(c => c.includes('/reports/security/') || c.includes('/identity/conditionalAccess/')).length;
  const cellsOf = (name: string): string[] => {
    const row = screen.getAllByRole('row').find(r => within(r).queryByText(name));
    return row ? within(row).getAllByRole('gridcell').map(c => c.textContent ?? '') : [];
  };
  const openFilters = async (): Promise<HTMLElement> => {
    fireEvent.click(await screen.findByRole('menuitem', { name: /Filters/ }));
    return screen.findByRole('dialog');
  };

  it('reads nothing of them by default; shown, their columns hold the figures, the training and how MFA is enforced', async () => {
    const first = renderUsers(secure);
    await waitFor(() => expect(count()).toMatch(/^3 of 3/));
    await screen.findAllByText('Capable');
    expect(securityReads(first.calls)).toBe(0);
    first.unmount();
    renderUsers(secure, memoryStore(), undefined, ['displayName', 'simulations', 'clicked', 'compromised', 'repeatOffences', 'lastSimulation', 'training', 'mfaEnforcedBy']);
    await screen.findByText('Require MFA for all');
    await screen.findByText('1 of 2 completed, 1 overdue');
    expect(cellsOf('Ann Lee').slice(1)).toEqual(['3', '2', '1', '2', '2026-11-02 09:30', '1 of 2 completed, 1 overdue', 'Require MFA for all']);
    expect(cellsOf('Bob Stone').slice(1)).toEqual(['1', '0', '0', '0', '2026-10-12 08:00', 'None assigned', 'Not enforced']);
    // Never simulated: no click, compromise or repeat offence to count, so a dash, not a 0 that reads as passed (the export keeps 0).
    expect(cellsOf('Gail Guest').slice(1)).toEqual(['Never', '—', '—', '—', 'Never', 'None assigned', 'Report-only: Guests MFA']);
    // Why on hover: the policy Bob is excluded from.
    expect(screen.getByText('Not enforced')).toHaveAttribute('title', 'Excluded from: Require MFA for all');
  });

  it('a 403 for attack simulation shows its banner, without Try again, and leaves the other columns', async () => {
    renderUsers({ ...secure, '/reports/security/getAttackSimulationRepeatOffenders': forbidden('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.') },
      memoryStore(), undefined, ['displayName', 'clicked', 'training', 'mfaEnforcedBy', 'mfaStatus']);
    const banner = await withText(() => screen.getByTestId('degraded-attackSimulation'), /Attack simulation columns unavailable.*AttackSimulation\.Read\.All/);
    expect(within(banner).queryByRole('button', { name: /^Try again/ })).not.toBeInTheDocument();
    await screen.findByText('Require MFA for all');
    expect(cellsOf('Ann Lee').slice(1)).toEqual(['Unavailable', 'Unavailable', 'Require MFA for all', 'Capable']);
    expect(screen.queryByTestId('degraded-mfaEnforcement')).not.toBeInTheDocument();
  });

  it('"MFA not enforced" narrows the list, asks for enforcement only once set, and says where "could not tell" goes', async () => {
    const { calls } = renderUsers(secure);
    await waitFor(() => expect(count()).toMatch(/^3 of 3/));
    await screen.findAllByText('Capable');
    const panel = await openFilters();
    expect(within(panel).getByTestId('enforcement-note')).toHaveTextContent(/Users it cannot be told for .* are left out/);
    expect(securityReads(calls)).toBe(0);
    fireEvent.click(within(within(panel).getByRole('radiogroup', { name: 'MFA enforcement' })).getByLabelText('MFA not enforced'));
    await waitFor(() => expect(count()).toMatch(/^2 of 3 users/));
    expect(calls.filter(c => c.includes('/identity/conditionalAccess/'))).toHaveLength(1);
    expect(calls.filter(c => c.includes('/reports/security/'))).toHaveLength(0);
    fireEvent.click(within(within(panel).getByRole('radiogroup', { name: 'MFA enforcement' })).getByLabelText('MFA not enforced and not registered'));
    expect(count()).toMatch(/^1 of 3 users/);
    fireEvent.click(within(panel).getByRole('button', { name: 'Done' }));
    expect(screen.getByText('Bob Stone')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Remove filter MFA not enforced and not registered' })).toBeInTheDocument();
  });

  it('an attack simulation filter waits for its data, then applies; over a refused read it cannot apply', async () => {
    let release: () => void = () => undefined;
    const held = new Promise<void>(resolve => { release = resolve; });
    const first = renderUsers({ ...secure, '/reports/security/getAttackSimulationSimulationUserCoverage': async () => { await held; return { body: coverage }; } });
    await waitFor(() => expect(count()).toMatch(/^3 of 3/));
    let panel = await openFilters();
    fireEvent.click(within(panel).getByLabelText('Clicked in a simulation'));
    fireEvent.click(within(panel).getByRole('button', { name: 'Done' }));
    expect(count()).toMatch(/^0 of 3 users/);
    await screen.findByRole('button', { name: 'Remove filter Clicked in a simulation (waiting for attack simulation data)' });
    release();
    await waitFor(() => expect(count()).toMatch(/^1 of 3 users/));
    expect(screen.getByText('Ann Lee')).toBeInTheDocument();
    first.unmount();

    renderUsers({ ...secure, '/reports/security/getAttackSimulationTrainingUserCoverage': { status: 403, body: { error: { code: 'Forbidden', message: 'Your tenant is not licensed for this feature.' } } } });
    await waitFor(() => expect(count()).toMatch(/^3 of 3/));
    panel = await openFilters();
    fireEvent.click(within(panel).getByLabelText('Training overdue'));
    await waitFor(() => expect(within(panel).getByLabelText('Training overdue')).toBeDisabled());
    fireEvent.click(within(panel).getByRole('button', { name: 'Done' }));
    expect(count()).toMatch(/^0 of 3 users/);
    expect(screen.getByRole('button', { name: 'Remove filter Training overdue (cannot apply)' })).toBeInTheDocument();
    expect(screen.getByTestId('users-none-match')).toHaveTextContent('“Training overdue” cannot be applied: Microsoft Graph has no attack simulation data for this tenant.');
  });

  it('Export all waits for every optional join, saying which, then writes their columns', async () => {
    exported.mockClear();
    let release: () => void = () => undefined;
    const held = new Promise<void>(resolve => { release = resolve; });
    const routes: Record<string, Route> = {
      ...secure,
      '/users?$select=id,signInActivity': { body: { value: [{ id: 'u1', signInActivity: { lastSignInDateTime: '2026-11-20T08:00:00Z' } }] } },
      '/identity/conditionalAccess/policies': async () => { await held; return { body: { value: [everyone, guests] } }; }
    };
    const { calls } = renderUsers(routes);
    await waitFor(() => expect(count()).toMatch(/^3 of 3/));
    await screen.findAllByText('Capable');
    expect(securityReads(calls)).toBe(0);
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Export' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Export all (3 users, every column)' }));
    // Sign-ins and the attack simulation reports answer at once; enforcement is held back.
    expect(await screen.findByText('Export all: reading MFA enforcement first')).toBeInTheDocument();
    expect(screen.getByText(/Security defaults, Conditional Access policies and the members of the groups and roles they name; the file follows\./)).toBeInTheDocument();
    await new Promise(r => setTimeout(r, 20));
    expect(exported).not.toHaveBeenCalled();
    release();
    await waitFor(() => expect(exported).toHaveBeenCalledTimes(1));
    const [sheets] = exported.mock.calls[0] as [ISheetSpec[], string];
    const sheet = sheets[0]!;
    const column = (header: string): unknown[] => sheet.rows.map(r => r[sheet.columns.findIndex(c => c.header === header)]);
    expect(column('Clicked')).toEqual([2, 0, 0]);
    expect(column('Training')).toEqual(['1 of 2 completed, 1 overdue', 'None assigned', 'None assigned']);
    expect(column('MFA Enforced By')).toEqual(['Require MFA for all', 'Not enforced', 'Report-only: Guests MFA']);
    expect(column('Last Sign-in')).toEqual(['2026-11-20T08:00:00Z', null, null]);
    // The wait is over: its progress line goes.
    expect(screen.queryByText(/^Export all: reading/)).not.toBeInTheDocument();
  });
});

describe('UsersView: large tenants (issue 18)', () => {
  const kept = {
    version: 1 as const,
    select: USER_LIST_SELECT,
    deltaLink: 'https://graph.microsoft.com/v1.0/users/delta?$deltatoken=k1',
    // Kept a minute ago by the list's own clock (a list older than 7 days is not shown).
    savedAt: Date.now() - 60_000,
    users: users.map(u => toUserRecord(u)).filter((u): u is IUserRecord => !!u)
  };
  const cacheOf = (value = kept): IUserListCache & { saved: IKeptUsers[] } => {
    const saved: IKeptUsers[] = [];
    return { saved, load: async () => value, save: async k => { saved.push(k); }, clear: async () => undefined };
  };
  const renderWith = (routes: Record<string, Route>, cache?: IUserListCache) => {
    const { client, calls } = fakeClient({ ...base, ...routes });
    const services = servicesFor(client);
    const withCache = { ...services, sessions: new Sessions(services.gateway, services.reports, cache) };
    render(<ServicesProvider services={withCache}><UsersView /></ServicesProvider>);
    return { calls };
  };

  it('shows the list kept from the last visit at once, says so while Graph is asked what changed, then counts the list as it is', async () => {
    let answer: () => void = () => undefined;
    const asked = new Promise<void>(resolve => { answer = resolve; });
    const joiner = { id: 'u4', displayName: 'Dee New', userPrincipalName: 'dee@contoso.com', userType: 'Member', accountEnabled: true, assignedLicenses: [] };
    const cache = cacheOf();
    const { calls } = renderWith({ '/users/delta': async () => { await asked; return { body: { value: [joiner], '@odata.deltaLink': 'https://graph.microsoft.com/v1.0/users/delta?$deltatoken=k2' } }; } }, cache);
    await waitFor(() => expect(count()).toBe('3 of 3 users — as kept from your last visit, checking for changes…'));
    expect(screen.getByText('Ann Lee')).toBeInTheDocument();
    expect(screen.getByRole('progressbar', { name: 'Checking for changes' })).toBeInTheDocument();
    answer();
    await waitFor(() => expect(count()).toMatch(/^4 of 4 users/));
    expect(count()).not.toMatch(/kept|checking/);
    await screen.findByText('Dee New');
    // No page of /users was read: the kept link told what changed; the list is kept again with the new link.
    expect(calls.filter(c => /^GET v1\.0\/users\?/.test(c))).toEqual([]);
    await waitFor(() => expect(cache.saved.map(k => k.deltaLink)).toEqual(['https://graph.microsoft.com/v1.0/users/delta?$deltatoken=k2']));
  });

  it('keeps the kept list on screen, and says the check failed, when Graph could not be asked', async () => {
    renderWith({ '/users/delta': { status: 503, body: { error: { code: 'serviceNotAvailable', message: 'Service unavailable.' } } } }, cacheOf());
    await waitFor(() => expect(count()).toBe('3 of 3 users — as kept from your last visit: checking for changes failed (see the message below)'));
    expect(screen.getByText('Ann Lee')).toBeInTheDocument();
    // The list is whole, only not brought up to date: the Export menu says that, not "incomplete".
    fireEvent.click(screen.getByRole('menuitem', { name: 'Export' }));
    expect(await screen.findByRole('menuitem', { name: 'Export all (the list as kept could not be brought up to date: try again first)' })).toBeInTheDocument();
  });

  it('says how far a large tenant is read once the first page brings Graph\'s count', async () => {
    const page = Array.from({ length: 999 }, (_, i) => ({ ...users[0], id: `p${i}`, userPrincipalName: `user${String(i).padStart(4, '0')}@contoso.com` }));
    renderWith({
      // The first page: 999 of 10,000 counted; the ranges after it are held back.
      '/users?': path => (path.includes('filter') ? new Promise<never>(() => undefined) : { body: { '@odata.count': 10_000, '@odata.nextLink': 'https://graph.microsoft.com/v1.0/users?$skiptoken=2', value: page } })
    });
    await waitFor(() => expect(screen.getByRole('progressbar', { name: 'Loading users' }).getAttribute('aria-valuenow')).toBe('10'));
    expect(screen.getByRole('progressbar', { name: 'Loading users' }).getAttribute('aria-valuetext')).toBe('999 of 10,000 users');
    expect(count()).toMatch(/^999 of 999 users — loading… 999 loaded/);
  });
});
