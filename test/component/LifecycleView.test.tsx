import * as React from 'react';
import { createEvent, render, screen, fireEvent, waitFor, within } from '@testing-library/react';
import { LifecycleView } from '../../src/ui/lifecycle/LifecycleView';
import { ServicesProvider } from '../../src/ui/common/services';
import { exportWorkbook } from '../../src/ui/common/exportWorkbook';
import { fileDate } from '../../src/core/export/fileNames';
import { fakeServices } from './fakeGraph';
import type { Route } from './fakeGraph';
import { withText } from './messages';

// The workbook writer is tested on its own; here, what the view hands it.
jest.mock('../../src/ui/common/exportWorkbook', () => ({ exportWorkbook: jest.fn(async () => undefined) }));
const exported = exportWorkbook as jest.MockedFunction<typeof exportWorkbook>;

// fakeServices' now is 2026-11-21T12:00:00Z: a 30-day window runs 2026-10-22 to 2026-12-21.
const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
const person = (id: string, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ id, displayName: name, userPrincipalName: `${id}@contoso.com`, userType: 'Member', accountEnabled: true, createdDateTime: '2020-01-01T00:00:00Z', assignedLicenses: [{ skuId: E3 }], ...extra });
const forbidden = (code: string, message: string): Route => ({ status: 403, body: { error: { code, message } } });
const notFound: Route = { status: 404, body: { error: { code: 'Request_ResourceNotFound', message: 'Not found' } } };

/** `$batch` answered item by item from the same routes (longest prefix wins). */
function withBatch(routes: Record<string, Route>): Record<string, Route> {
  const answer = async (url: string): Promise<{ status?: number; body: unknown }> => {
    const key = Object.keys(routes).filter(k => url.startsWith(k)).sort((a, b) => b.length - a.length)[0];
    if (key === undefined) return notFound as { status: number; body: unknown };
    const r = routes[key] as Route;
    return typeof r === 'function' ? r(url) : r;
  };
  return {
    ...routes,
    '/$batch': async (_p, b) => ({
      body: { responses: await Promise.all((b as { requests: Array<{ id: string; url: string }> }).requests.map(async r => { const a = await answer(r.url); return { id: r.id, status: a.status ?? 200, body: a.body }; })) }
    })
  };
}

const base: Record<string, Route> = {
  '/users?$filter=employeeHireDate': { body: { value: [person('h', 'Hana Hire', { employeeHireDate: '2026-12-01T00:00:00Z', department: 'Sales' })] } },
  '/users?$filter=createdDateTime': { body: { value: [person('c', 'Cole Created', { createdDateTime: '2026-11-19T09:00:00Z', employeeHireDate: null })] } },
  '/users?$filter=employeeLeaveDateTime': forbidden('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'),
  '/users?$select=id,signInActivity': { body: { value: [{ id: 'd', signInActivity: null }, { id: 'ok', signInActivity: { lastSignInDateTime: '2026-11-20T00:00:00Z' } }] } },
  '/users?': { body: { value: [person('d', 'Dana Disabled', { accountEnabled: false }), person('ok', 'Olly Active'), person('g', 'Gus Groups', { accountEnabled: false, assignedLicenses: [] })] } },
  '/subscribedSkus': { body: { value: [{ skuId: E3, skuPartNumber: 'SPE_E3', consumedUnits: 1, prepaidUnits: { enabled: 5 }, capabilityStatus: 'Enabled' }] } },
  '/reports/authenticationMethods/userRegistrationDetails/': forbidden('Authentication_RequestFromNonPremiumTenantOrB2CTenant', 'Tenant does not have a SKU required for this feature.'),
  '/reports/authenticationMethods/userRegistrationDetails': { body: { value: [] } },
  '/reports/getOffice365ActiveUserDetail': { body: { value: [] } },
  '/users/h/manager': { body: { id: 'm', displayName: 'Mia Manager' } },
  '/users/c/manager': notFound,
  '/users/h?$select=id,signInActivity': { body: { id: 'h', signInActivity: null } },
  '/users/c?$select=id,signInActivity': { body: { id: 'c', signInActivity: { lastSignInDateTime: '2026-11-20T10:00:00Z' } } },
  '/users/h/memberOf': { body: { value: [{ id: 'g1' }, { id: 'g2' }] } },
  '/users/d/memberOf': { body: { value: [{ id: 'g1' }] } },
  '/users/g/memberOf': { body: { value: [{ id: 'g1' }] } },
  '/users/': { body: { value: [] } }
};

function renderView(routes: Record<string, Route> = base, props: Partial<React.ComponentProps<typeof LifecycleView>> = {}) {
  const { services, calls } = fakeServices(withBatch(routes));
  const utils = render(<ServicesProvider services={services}><LifecycleView {...props} /></ServicesProvider>);
  return { ...utils, calls, services };
}

const count = (): string => screen.getByTestId('lifecycle-count').textContent ?? '';
const disabled = (name: RegExp): string | null => screen.getByRole('menuitem', { name }).getAttribute('aria-disabled');
/** A key on an element, as Fluent's selection zone reads it (`which`/`keyCode`, which jsdom's event init leaves 0). */
function press(el: HTMLElement, key: string, code: number, ctrlKey = false): void {
  const ev = createEvent.keyDown(el, { key, keyCode: code, ctrlKey });
  Object.defineProperty(ev, 'which', { value: code });
  Object.defineProperty(ev, 'keyCode', { value: code });
  fireEvent(el, ev);
}
const openLeavers = (): void => { fireEvent.click(screen.getByRole('tab', { name: /Leavers/ })); };

describe('LifecycleView', () => {
  beforeEach(() => exported.mockClear());

  it('lists joiners by hire date and by creation, with manager, groups and sign-in, and says which part was refused', async () => {
    renderView();
    await waitFor(() => expect(count()).toBe('2 joiners'));
    expect(screen.getByText('Hana Hire')).toBeInTheDocument();
    expect(screen.getByText('No hire date (created)')).toBeInTheDocument();
    const grid = screen.getByRole('grid', { name: 'Joiners' });
    await within(grid).findByText('Mia Manager');
    await within(grid).findByText('Not signed in yet');
    // MFA registration refused alone: its cells say Unavailable, its message names the licence.
    await withText(() => screen.getByTestId('lifecycle-part-messages'), /MFA registration: Microsoft Entra ID P1 needed/);
    expect(screen.getAllByText('Unavailable').length).toBeGreaterThan(0);
  });

  it('filters joiners by basis and by "not signed in yet", and searches', async () => {
    renderView();
    await waitFor(() => expect(count()).toBe('2 joiners'));
    await within(screen.getByRole('grid', { name: 'Joiners' })).findByText('Not signed in yet');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Not signed in yet' }));
    await waitFor(() => expect(count()).toBe('1 of 2 joiners'));
    expect(screen.queryByText('Cole Created')).not.toBeInTheDocument();
    fireEvent.click(screen.getByRole('checkbox', { name: 'Not signed in yet' }));
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search joiners' }), { target: { value: 'nobody' } });
    await screen.findByTestId('lifecycle-none-match');
  });

  it('says so when no one joins in the window', async () => {
    renderView({ ...base, '/users?$filter=employeeHireDate': { body: { value: [] } }, '/users?$filter=createdDateTime': { body: { value: [] } } });
    await withText(() => screen.getByTestId('lifecycle-empty'), 'No one joined in the last 30 days or joins in the next 30.');
  });

  it('leavers: a refused leave-date read says which permission and role, and disabled accounts are still listed with what remains', async () => {
    renderView();
    openLeavers();
    await waitFor(() => expect(count()).toBe('2 leavers'));
    await withText(() => screen.getByTestId('lifecycle-part-messages'), /User-LifeCycleInfo\.Read\.All/);
    expect(screen.getByTestId('lifecycle-part-messages')).toHaveTextContent(/Lifecycle Workflows Administrator or Global Reader role/);
    // A combination of reasons reads as one phrase.
    expect(screen.getByText('Disabled, still licensed and in groups')).toBeInTheDocument();
    expect(screen.getByText('Disabled, still in groups')).toBeInTheDocument();
    expect(screen.queryByText('Olly Active')).not.toBeInTheDocument();
  });

  it('offboards the leavers selected (keyboard: Ctrl+A), and sets up one selected joiner like someone', async () => {
    const onOffboard = jest.fn();
    const onSetupLike = jest.fn();
    renderView(base, { onOffboard, onSetupLike });
    await waitFor(() => expect(count()).toBe('2 joiners'));
    expect(disabled(/Set up like/)).toBe('true');
    const grid = screen.getByRole('grid', { name: 'Joiners' });
    fireEvent.click(within(grid).getAllByRole('checkbox', { name: 'Select' })[1] as HTMLElement);
    await waitFor(() => expect(disabled(/Set up like/)).not.toBe('true'));
    fireEvent.click(screen.getByRole('menuitem', { name: /Set up like/ }));
    expect(onSetupLike).toHaveBeenCalledWith('h');

    openLeavers();
    await waitFor(() => expect(count()).toBe('2 leavers'));
    expect(disabled(/Offboard/)).toBe('true');
    const rows = within(screen.getByRole('grid', { name: 'Leavers' })).getAllByRole('row').slice(1);
    // Ctrl+A in the list selects every leaver (Space toggles one, Enter opens it: Fluent's selection zone).
    press(rows[0] as HTMLElement, 'a', 65, true);
    await waitFor(() => expect(disabled(/Offboard… \(2\)/)).not.toBe('true'));
    fireEvent.click(screen.getByRole('menuitem', { name: /Offboard/ }));
    expect(onOffboard).toHaveBeenCalledWith(expect.arrayContaining(['d', 'g']));
  });

  it('without the plan props there is no Offboard or Set up like command; a name opens the impression', async () => {
    const onOpenUser = jest.fn();
    renderView(base, { onOpenUser });
    await waitFor(() => expect(count()).toBe('2 joiners'));
    expect(screen.queryByRole('menuitem', { name: /Set up like/ })).not.toBeInTheDocument();
    fireEvent.click(screen.getByTitle("Open Hana Hire's impression"));
    expect(onOpenUser).toHaveBeenCalledWith('h');
    // Nothing to act on: no selection column either.
    expect(within(screen.getByRole('grid', { name: 'Joiners' })).queryAllByRole('checkbox')).toHaveLength(0);
    openLeavers();
    await waitFor(() => expect(count()).toBe('2 leavers'));
    expect(screen.queryByRole('menuitem', { name: /Offboard/ })).not.toBeInTheDocument();
    expect(within(screen.getByRole('grid', { name: 'Leavers' })).queryAllByRole('checkbox')).toHaveLength(0);
  });

  it('shows a last sign-in the same way in Joiners and Leavers: date and minutes, UTC', async () => {
    const signIns: Route = { body: { value: [{ id: 'd', signInActivity: { lastSignInDateTime: '2026-11-18T07:45:12Z' } }, { id: 'g', signInActivity: null }, { id: 'ok', signInActivity: { lastSignInDateTime: '2026-11-20T00:00:00Z' } }] } };
    renderView({ ...base, '/users?$select=id,signInActivity': signIns });
    await waitFor(() => expect(count()).toBe('2 joiners'));
    await within(screen.getByRole('grid', { name: 'Joiners' })).findByText('2026-11-20 10:00 UTC');
    openLeavers();
    await waitFor(() => expect(count()).toBe('2 leavers'));
    const grid = screen.getByRole('grid', { name: 'Leavers' });
    await within(grid).findByText('2026-11-18 07:45 UTC');
    expect(within(grid).getByText('Never signed in')).toBeInTheDocument();
  });

  it('reads joiners again when the app bumps the directory version (after a "Set up like" plan\'s Finish)', async () => {
    const { calls, rerender, services } = renderView();
    await waitFor(() => expect(count()).toBe('2 joiners'));
    const hireReads = (): number => calls.filter(c => c.includes('$filter=employeeHireDate')).length;
    const before = hireReads();
    rerender(<ServicesProvider services={services}><LifecycleView directoryVersion={1} /></ServicesProvider>);
    await waitFor(() => expect(hireReads()).toBe(before + 1));
    await waitFor(() => expect(count()).toBe('2 joiners'));
  });

  const leaving = (url: string): { body: unknown } => ({
    body: { value: decodeURIComponent(url).includes('accountEnabled eq true')
      ? [person('x', 'Xena Gone', { employeeLeaveDateTime: '2025-02-28T23:59:59Z' })]
      : [person('u', 'Uma Upcoming', { employeeLeaveDateTime: '2026-12-05T23:59:59Z' })] }
  });
  const withLeavers: Record<string, Route> = {
    ...base,
    '/users?$filter=employeeLeaveDateTime': leaving,
    '/users?$select=id,signInActivity': { body: { value: ['d', 'ok', 'g', 'x', 'u'].map(id => ({ id, signInActivity: { lastSignInDateTime: '2026-11-20T00:00:00Z' } })) } },
    '/users?': { body: { value: [person('d', 'Dana Disabled', { accountEnabled: false }), person('ok', 'Olly Active'), person('g', 'Gus Groups', { accountEnabled: false, assignedLicenses: [] }), person('x', 'Xena Gone'), person('u', 'Uma Upcoming')] } }
  };

  it('lists who left long ago and is still enabled first, whatever the window', async () => {
    renderView(withLeavers);
    openLeavers();
    await waitFor(() => expect(count()).toBe('4 leavers'));
    const rows = within(screen.getByRole('grid', { name: 'Leavers' })).getAllByRole('row').slice(1);
    expect(rows[0]).toHaveTextContent('Xena Gone');
    expect(rows[0]).toHaveTextContent('Left 2025-02-28, still enabled');
    expect(screen.getByText('Leaves 2026-12-05')).toBeInTheDocument();
  });

  it('asks before offboarding someone whose leave date is still ahead: blocking now ends their access early', async () => {
    const onOffboard = jest.fn();
    renderView(withLeavers, { onOffboard });
    openLeavers();
    await waitFor(() => expect(count()).toBe('4 leavers'));
    const grid = screen.getByRole('grid', { name: 'Leavers' });
    const uma = within(grid).getAllByRole('row').find(r => r.textContent?.includes('Uma Upcoming')) as HTMLElement;
    fireEvent.click(within(uma).getByRole('checkbox', { name: 'Select' }));
    await waitFor(() => expect(disabled(/Offboard… \(1\)/)).not.toBe('true'));
    expect(screen.getByRole('menuitem', { name: /Offboard/ }).getAttribute('title')).toMatch(/not left yet/);
    fireEvent.click(screen.getByRole('menuitem', { name: /Offboard/ }));
    const dialog = await screen.findByRole('alertdialog');
    expect(dialog).toHaveTextContent(/Uma Upcoming \(leaves 2026-12-05\) would lose access now, before their leave date/);
    expect(onOffboard).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument());
    expect(onOffboard).not.toHaveBeenCalled();
    fireEvent.click(screen.getByRole('menuitem', { name: /Offboard/ }));
    fireEvent.click(within(await screen.findByRole('alertdialog')).getByRole('button', { name: 'Build the plan anyway' }));
    expect(onOffboard).toHaveBeenCalledWith(['u']);
  });

  it('offboards someone who already left without asking', async () => {
    const onOffboard = jest.fn();
    renderView(withLeavers, { onOffboard });
    openLeavers();
    await waitFor(() => expect(count()).toBe('4 leavers'));
    const xena = within(screen.getByRole('grid', { name: 'Leavers' })).getAllByRole('row').find(r => r.textContent?.includes('Xena Gone')) as HTMLElement;
    fireEvent.click(within(xena).getByRole('checkbox', { name: 'Select' }));
    await waitFor(() => expect(disabled(/Offboard… \(1\)/)).not.toBe('true'));
    fireEvent.click(screen.getByRole('menuitem', { name: /Offboard/ }));
    expect(onOffboard).toHaveBeenCalledWith(['x']);
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
  });

  it('exports the rows shown and a notes sheet, named like the Users export', async () => {
    const { services } = renderView();
    await waitFor(() => expect(count()).toBe('2 joiners'));
    await waitFor(() => expect(disabled(/Export \(2 joiners\)/)).not.toBe('true'));
    fireEvent.click(screen.getByRole('menuitem', { name: /Export/ }));
    await waitFor(() => expect(exported).toHaveBeenCalled());
    const [sheets, name] = exported.mock.calls[0] ?? [];
    expect(name).toBe(`m365-joiners-contoso-${fileDate(services.now())}-30d.xlsx`);
    expect(sheets?.map(s => s.name)).toEqual(['Joiners', 'Notes']);
    expect(sheets?.[0]?.rows).toHaveLength(2);
    expect(JSON.stringify(sheets?.[1]?.rows)).toMatch(/MFA registration.*Could not be read/);
  });

  it('changes the window: reads again for 7 days', async () => {
    const { calls } = renderView();
    await waitFor(() => expect(count()).toBe('2 joiners'));
    fireEvent.click(screen.getByText('30 days before and after today'));
    fireEvent.click(await screen.findByRole('option', { name: '7 days before and after today' }));
    await waitFor(() => expect(calls.some(c => c.includes(encodeURIComponent('employeeHireDate ge 2026-11-14 and employeeHireDate le 2026-11-29')))).toBe(true));
    await waitFor(() => expect(count()).toBe('1 joiners'));
  });
});
