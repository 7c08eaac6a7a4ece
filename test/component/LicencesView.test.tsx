import * as React from 'react';
import { render, screen, fireEvent, waitFor, within } from '@testing-library/react';
import { LicencesView } from '../../src/ui/licences/LicencesView';
import { ServicesProvider } from '../../src/ui/common/services';
import { planSource } from '../../src/ui/common/plan/planSources';
import type { PlanRequest } from '../../src/ui/common/plan/planSources';
import { exportWorkbook } from '../../src/ui/common/exportWorkbook';
import { StoreError } from '../../src/core/history/types';
import type { ITenantStore } from '../../src/core/history/types';
import type { ISkuPrice } from '../../src/core/licences/types';
import { fileDate } from '../../src/core/export/fileNames';
import { fakeServices } from './fakeGraph';
import type { Route } from './fakeGraph';
import { withText } from './messages';

// The workbook writer is tested on its own; here, what the view hands it.
jest.mock('../../src/ui/common/exportWorkbook', () => ({ exportWorkbook: jest.fn(async () => undefined) }));
const exported = exportWorkbook as jest.MockedFunction<typeof exportWorkbook>;

const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
const E5 = '06ebc4ee-1bb5-47dd-8120-11324bc54e06';
const EXO1 = '4b9405b0-7788-4568-add1-99614e613b69';
const plan = (id: string, name: string): object => ({ servicePlanId: id, servicePlanName: name, appliesTo: 'User' });
const EXO = plan('efb87545-963c-4e0d-99df-69c6916d9eb0', 'EXCHANGE_S_ENTERPRISE');
const SPO = plan('5dbe027f-2339-4123-9542-606e4d348a72', 'SHAREPOINTENTERPRISE');
const TEAMS = plan('57ff2da0-773e-42df-b2af-ffb7a2317929', 'TEAMS1');
const PBI = plan('70d33638-9c74-4d01-bfd3-562de28bd4ba', 'BI_AZURE_P2');
const sku = (skuId: string, part: string, plans: object[], enabled: number, consumed: number): object =>
  ({ skuId, skuPartNumber: part, appliesTo: 'User', capabilityStatus: 'Enabled', consumedUnits: consumed, prepaidUnits: { enabled, warning: 0, suspended: 0, lockedOut: 0 }, servicePlans: plans });
const person = (id: string, name: string, skus: string[], extra: Record<string, unknown> = {}): Record<string, unknown> =>
  ({ id, displayName: name, userPrincipalName: `${id}@contoso.com`, userType: 'Member', accountEnabled: true, createdDateTime: '2020-01-01T00:00:00Z', assignedLicenses: skus.map(skuId => ({ skuId })), ...extra });
const forbidden = (code: string, message: string): Route => ({ status: 403, body: { error: { code, message } } });
const act = (upn: string, date: string | null): object => ({ reportRefreshDate: '2026-11-19', userPrincipalName: upn, displayName: upn, isDeleted: false, exchangeLastActivityDate: date, assignedProducts: [] });

const base: Record<string, Route> = {
  '/users?$select=id,licenseAssignmentStates': {
    body: {
      value: [
        { id: 'ann', licenseAssignmentStates: [{ skuId: E3, assignedByGroup: null, state: 'Active' }, { skuId: E5, assignedByGroup: null, state: 'Active' }] },
        { id: 'bob', licenseAssignmentStates: [{ skuId: E3, assignedByGroup: null, state: 'Active' }] },
        { id: 'cid', licenseAssignmentStates: [{ skuId: E3, assignedByGroup: 'g1', state: 'Active' }] },
        { id: 'dee', licenseAssignmentStates: [{ skuId: E3, assignedByGroup: null, state: 'Active' }] },
        { id: 'gail', licenseAssignmentStates: [{ skuId: EXO1, assignedByGroup: null, state: 'Active' }] }
      ]
    }
  },
  '/users?$select=id,signInActivity': {
    body: { value: ['ann', 'bob', 'cid', 'gail'].map(id => ({ id, signInActivity: { lastSignInDateTime: '2026-11-10T08:00:00Z' } })).concat([{ id: 'dee', signInActivity: null } as never]) }
  },
  '/users?': {
    body: {
      value: [
        person('ann', 'Ann Overlap', [E3, E5]),
        person('bob', 'Bob Disabled', [E3], { accountEnabled: false }),
        person('cid', 'Cid Group', [E3]),
        person('dee', 'Dee Never', [E3]),
        person('gail', 'Gail Guest', [EXO1], { userType: 'Guest' })
      ]
    }
  },
  '/subscribedSkus': { body: { value: [sku(E3, 'SPE_E3', [EXO, SPO, TEAMS], 10, 4), sku(E5, 'SPE_E5', [EXO, SPO, TEAMS, PBI], 2, 1), sku(EXO1, 'EXCHANGESTANDARD', [plan('9aaf7827-d63c-4b61-89c3-182f06f82e5c', 'EXCHANGE_S_STANDARD')], 1, 1)] } },
  '/reports/authenticationMethods/userRegistrationDetails': { body: { value: [] } },
  '/reports/getOffice365ActiveUserDetail': { body: { value: [act('ann@contoso.com', '2026-11-18'), act('cid@contoso.com', '2026-06-01'), act('dee@contoso.com', '2026-11-18'), act('bob@contoso.com', '2026-11-01')] } },
  '/$batch': (_p, b) => ({ body: { responses: (b as { requests: Array<{ id: string; url: string }> }).requests.map(r => ({ id: r.id, status: 200, body: r.url.startsWith('/groups/g1') ? { id: 'g1', displayName: 'All staff' } : {} })) } })
};

/** The shared store, in memory: prices only (what this view uses). */
function memoryTenantStore(initial: ISkuPrice[] = [], refuse?: StoreError): ITenantStore & { prices: ISkuPrice[] } {
  const store = {
    prices: [...initial],
    location: { kind: 'demo' as const, where: 'https://contoso.sharepoint.com/sites/it' },
    readPrices: async () => [...store.prices],
    writePrice: async (skuId: string, price: Omit<ISkuPrice, 'skuId'> | null) => {
      if (refuse) throw refuse;
      store.prices = store.prices.filter(p => p.skuId !== skuId).concat(price ? [{ skuId, ...price }] : []);
    },
    readSnapshots: async () => [],
    writeSnapshots: async () => 0,
    readPublication: async () => null,
    publish: async () => undefined
  };
  return store;
}

function renderView(routes: Record<string, Route> = base, props: Partial<React.ComponentProps<typeof LicencesView>> = {}, tenantStore?: ITenantStore) {
  const { services, calls } = fakeServices(routes);
  if (tenantStore) services.tenantStore = tenantStore;
  services.scopes = new Set(['licenseassignment.readwrite.all', 'user.read.all']);
  const utils = render(<ServicesProvider services={services}><LicencesView {...props} /></ServicesProvider>);
  return { ...utils, calls, services };
}

const skuTable = (): HTMLElement => screen.getByRole('grid', { name: 'Subscribed SKUs' });
const rowOf = (name: string): HTMLElement => within(skuTable()).getByText(name).closest('[role="row"]') as HTMLElement;
const openSku = (name: string): void => { fireEvent.click(within(skuTable()).getByText(name)); };
async function chooseList(label: RegExp): Promise<void> {
  fireEvent.click(within(screen.getByTestId('licences-list')).getByRole('combobox', { name: /^List/ }));
  fireEvent.click(await screen.findByRole('option', { name: label }));
}

describe('LicencesView', () => {
  beforeEach(() => exported.mockClear());

  it('shows every SKU with its units and holders split direct / group, and each waste category counted', async () => {
    renderView();
    await screen.findByRole('grid', { name: 'Subscribed SKUs' });
    const e3 = rowOf('Microsoft 365 E3');
    expect(within(e3).getByText('4 (3 / 1)')).toBeInTheDocument(); // Cid through a group
    expect(within(e3).getByText('6')).toBeInTheDocument(); // available: 10 - 4
    const waste = screen.getByTestId('licences-waste');
    await waitFor(() => expect(waste).toHaveTextContent('Never signed in: 1 holding'));
    expect(waste).toHaveTextContent('Assigned to disabled accounts: 1 holding');
    expect(waste).toHaveTextContent('No activity in 90 days: 1 holding');
    expect(waste).toHaveTextContent('Overlapping products: 1 holding');
    expect(waste).toHaveTextContent('Guests holding a paid licence: 1 holding');
    // No store on this host: no cost, and where prices would live.
    await withText(() => screen.getByTestId('licences-no-store'), /M365 Impressions history/);
    expect(within(e3).getByText('No price')).toBeInTheDocument();
  });

  it('lists a SKU\'s waste with what decides it, and says which category cannot be told', async () => {
    renderView({ ...base, '/users?$select=id,signInActivity': forbidden('Authentication_RequestFromNonPremiumTenantOrB2CTenant', 'Neither tenant is B2C or tenant does not have premium license') });
    await screen.findByRole('grid', { name: 'Subscribed SKUs' });
    openSku('Microsoft 365 E3');
    await screen.findByTestId('licences-list');
    await chooseList(/Overlapping products \(1\)/);
    const list = screen.getByTestId('licences-list');
    expect(within(list).getByText('Ann Overlap')).toBeInTheDocument();
    expect(within(list).getByText('Microsoft 365 E5')).toBeInTheDocument();
    await chooseList(/Never signed in \(not available\)/);
    await withText(() => screen.getByTestId('licences-list-unavailable'), /Sign-in data could not be read/);
    await chooseList(/No activity in 90 days \(1\)/);
    expect(screen.getByTestId('licences-list-count')).toHaveTextContent('1 holder · activity to 2026-11-19');
    expect(within(screen.getByTestId('licences-list')).getByText('Group (All staff)')).toBeInTheDocument();
  });

  it('enters a price into the shared store and shows the cost of waste per currency', async () => {
    const store = memoryTenantStore([{ skuId: EXO1, monthly: 4, currency: 'USD', by: 'lead@contoso.com', at: '2026-11-01T00:00:00Z' }]);
    renderView(base, {}, store);
    await screen.findByRole('grid', { name: 'Subscribed SKUs' });
    await withText(() => screen.getByTestId('licences-cost'), /USD 4\.00 a month/);
    fireEvent.click(within(rowOf('Microsoft 365 E3')).getByText('Enter a price'));
    const price = await screen.findByTestId('licences-price');
    fireEvent.change(within(price).getByLabelText(/Unit price a month/), { target: { value: '30' } });
    fireEvent.change(within(price).getByLabelText('Currency'), { target: { value: 'eur' } });
    fireEvent.click(within(price).getByRole('button', { name: 'Save price' }));
    await waitFor(() => expect(store.prices).toEqual(expect.arrayContaining([expect.objectContaining({ skuId: E3, monthly: 30, currency: 'EUR' })])));
    // EUR: 10 x 30 a month; saving: 6 unassigned + Bob, Cid (inactive 90), Dee (never signed in), Ann (overlap) = 10 x 30.
    await withText(() => screen.getByTestId('licences-cost'), /EUR 300\.00 a month/);
    expect(screen.getByTestId('licences-saving-EUR')).toHaveTextContent('EUR 300.00');
    expect(screen.getByTestId('licences-saving-USD')).toHaveTextContent('USD 4.00'); // Gail, a guest on a paid SKU: never added to EUR
  });

  it('says who may enter prices when the store refuses a write', async () => {
    const store = memoryTenantStore([], new StoreError('readOnly', 'Access denied', 403));
    renderView(base, {}, store);
    await screen.findByRole('grid', { name: 'Subscribed SKUs' });
    openSku('Microsoft 365 E3');
    const price = await screen.findByTestId('licences-price');
    fireEvent.change(within(price).getByLabelText(/Unit price a month/), { target: { value: '30' } });
    fireEvent.click(within(price).getByRole('button', { name: 'Save price' }));
    await withText(() => screen.getByTestId('licences-price'), /only people who may edit that list/);
    expect(within(screen.getByTestId('licences-price')).queryByRole('button', { name: 'Save price' })).not.toBeInTheDocument();
  });

  it('reads a typed price only when it means one thing, says who can read prices, and says what was saved', async () => {
    const store = memoryTenantStore();
    renderView(base, {}, store);
    await screen.findByRole('grid', { name: 'Subscribed SKUs' });
    openSku('Microsoft 365 E3');
    const price = await screen.findByTestId('licences-price');
    expect(within(price).getByTestId('licences-price-readers')).toHaveTextContent(
      'Prices are kept in the "M365 Impressions history" list at https://contoso.sharepoint.com/sites/it; everyone who may read that site can read them');
    const amount = within(price).getByLabelText(/Unit price a month/);
    fireEvent.change(within(price).getByLabelText('Currency'), { target: { value: 'eur' } });
    // "1,250" could be a thousand or 1.25: refused with a way to write it, never kept as 1.25.
    fireEvent.change(amount, { target: { value: '1,250' } });
    await withText(() => screen.getByTestId('licences-price'), /Write it as 1250 or 1250\.00/); // Fluent shows a field's error a moment later
    expect(within(price).getByRole('button', { name: 'Save price' })).toBeDisabled();
    fireEvent.change(amount, { target: { value: '1,234.50' } });
    fireEvent.click(within(price).getByRole('button', { name: 'Save price' }));
    await withText(() => screen.getByTestId('licences-price-saved'), /Saved: EUR 1,234\.50 per unit per month/);
    expect(store.prices).toEqual([expect.objectContaining({ skuId: E3, monthly: 1234.5, currency: 'EUR' })]);
    fireEvent.change(within(screen.getByTestId('licences-price')).getByLabelText(/Unit price a month/), { target: { value: '36,50' } });
    fireEvent.click(within(screen.getByTestId('licences-price')).getByRole('button', { name: 'Save price' }));
    await withText(() => screen.getByTestId('licences-price-saved'), /Saved: EUR 36\.50 per unit per month/);
    fireEvent.change(within(screen.getByTestId('licences-price')).getByLabelText('Currency'), { target: { value: 'E1' } });
    await withText(() => screen.getByTestId('licences-price'), /three-letter ISO 4217 code/);
    expect(within(screen.getByTestId('licences-price')).getByRole('button', { name: 'Save price' })).toBeDisabled();
  });

  it('after a refusal to create the list, says prices cannot be kept there and why, as the table does', async () => {
    const store = memoryTenantStore([], new StoreError('cannotCreate', 'Access denied', 403));
    renderView(base, {}, store);
    await screen.findByRole('grid', { name: 'Subscribed SKUs' });
    expect(screen.getByTestId('licences-cost-none')).toHaveTextContent(/everyone who may read that site can read them/);
    openSku('Microsoft 365 E3');
    const price = await screen.findByTestId('licences-price');
    fireEvent.change(within(price).getByLabelText(/Unit price a month/), { target: { value: '30' } });
    fireEvent.click(within(price).getByRole('button', { name: 'Save price' }));
    await withText(() => screen.getByTestId('licences-cost-none'), /No cost is shown: prices cannot be kept in .+\. The list that keeps prices does not exist yet, and you may not create it/);
    expect(screen.getByTestId('licences-cost-none')).not.toHaveTextContent(/for every admin|everyone who may read/);
    expect(within(rowOf('Microsoft 365 E3')).getByText('No price')).toBeInTheDocument();
  });

  it('counts no waste on a free SKU: its row, its lists and the totals leave it out', async () => {
    const FLOW = 'f30db892-07e9-47e9-837c-80727f46fd3d';
    const users = (base['/users?'] as { body: { value: Array<Record<string, unknown>> } }).body.value
      .map(u => (u.id === 'bob' || u.id === 'dee' ? { ...u, assignedLicenses: [...(u.assignedLicenses as object[]), { skuId: FLOW }] } : u));
    renderView({
      ...base,
      '/users?': { body: { value: users } },
      '/subscribedSkus': { body: { value: [...(base['/subscribedSkus'] as { body: { value: object[] } }).body.value, sku(FLOW, 'FLOW_FREE', [plan('50e68c76-46c6-4674-81f9-75456511b170', 'FLOW_P2_VIRAL')], 10000, 2)] } }
    });
    await screen.findByRole('grid', { name: 'Subscribed SKUs' });
    const waste = screen.getByTestId('licences-waste');
    await waitFor(() => expect(waste).toHaveTextContent('Never signed in: 1 holding')); // Dee on E3, not again on the free SKU
    expect(waste).toHaveTextContent('Assigned to disabled accounts: 1 holding'); // Bob on E3 only
    expect(within(waste).getByRole('heading', { name: 'Waste across all SKUs' })).toBeInTheDocument();
    expect(screen.getByTestId('licences-waste-free')).toHaveTextContent('1 free or trial SKU is left out');
    const flowName = within(skuTable()).getByText(/FLOW_FREE|Power Automate/).textContent ?? '';
    expect(within(rowOf(flowName)).getByText('Free: not counted as waste')).toBeInTheDocument();
    openSku(flowName);
    await withText(() => screen.getByTestId('licences-list-free'), /Free: not counted as waste/);
    fireEvent.click(within(screen.getByTestId('licences-list')).getByRole('combobox', { name: /^List/ }));
    expect((await screen.findAllByRole('option')).map(o => o.textContent)).toEqual(['All holders (2)']);
  });

  it('puts the columns an admin decides on first, so they stay in view on a narrow screen', async () => {
    renderView();
    await screen.findByRole('grid', { name: 'Subscribed SKUs' });
    const headers = within(skuTable()).getAllByRole('columnheader').map(h => h.textContent?.trim());
    expect(headers.slice(0, 8)).toEqual(['Product', 'Purchased', 'Assigned', 'Available', 'Wasted holdings', 'Unit price (month)', 'Monthly cost', 'Potential saving']);
  });

  it('reclaims from a waste list through the plan launcher: holders chosen, group-based ones locked and named', async () => {
    const onReclaim = jest.fn<void, [PlanRequest]>();
    const { services } = renderView(base, { onReclaim });
    await screen.findByRole('grid', { name: 'Subscribed SKUs' });
    openSku('Microsoft 365 E3');
    await screen.findByTestId('licences-list');
    const grid = within(screen.getByTestId('licences-list')).getByRole('grid');
    for (const box of within(grid).getAllByRole('checkbox', { name: 'Select' }).slice(1, 3)) fireEvent.click(box); // Bob, Cid
    await waitFor(() => expect(screen.getByRole('menuitem', { name: /Reclaim… \(2\)/ })).not.toHaveAttribute('aria-disabled', 'true'));
    fireEvent.click(screen.getByRole('menuitem', { name: /Reclaim/ }));
    const request = onReclaim.mock.calls[0]?.[0];
    expect(request).toMatchObject({ kind: 'licenseRemove', skuId: E3, people: [{ id: 'bob', assignment: { direct: true, groupIds: [] } }, { id: 'cid', assignment: { direct: false, groupIds: ['g1'] } }] });
    const source = planSource(services, request as PlanRequest, {}, false);
    const plan = await source?.load(new AbortController().signal);
    expect(plan?.title).toBe('Reclaim Microsoft 365 E3 from 2 people');
    expect(plan?.steps[0]).toMatchObject({ userId: 'bob', selected: true });
    expect(plan?.steps[1]?.locked).toMatch(/through the group All staff/);
  });

  it('without onReclaim there is no Reclaim; exports the whole workbook and a single list', async () => {
    const { services } = renderView();
    // File names carry the admin's own day (fileDate: local time), which differs from UTC's in a far zone.
    const day = fileDate(services.now());
    await screen.findByRole('grid', { name: 'Subscribed SKUs' });
    await waitFor(() => expect(screen.getByTestId('licences-waste')).toHaveTextContent('Never signed in: 1 holding'));
    fireEvent.click(screen.getByRole('button', { name: /Export all/ }));
    await waitFor(() => expect(exported).toHaveBeenCalled());
    expect(exported.mock.calls[0]?.[1]).toBe(`m365-licences-contoso-${day}.xlsx`);
    expect(exported.mock.calls[0]?.[0].map(s => s.name)).toEqual(['SKUs', 'Holders', 'Waste', 'Notes']);
    openSku('Microsoft 365 E3');
    await screen.findByTestId('licences-list');
    expect(screen.queryByRole('menuitem', { name: /Reclaim/ })).not.toBeInTheDocument();
    await chooseList(/Assigned to disabled accounts \(1\)/);
    fireEvent.click(await screen.findByRole('menuitem', { name: /Export \(1\)/ }));
    await waitFor(() => expect(exported).toHaveBeenCalledTimes(2));
    expect(exported.mock.calls[1]?.[1]).toBe(`m365-licences-SPE_E3-disabled-contoso-${day}.xlsx`);
    expect(exported.mock.calls[1]?.[0][0]?.rows).toEqual([expect.arrayContaining(['Assigned to disabled accounts', 'Bob Disabled'])]);
  });

  it('says in words when the SKUs cannot be read', async () => {
    renderView({ ...base, '/subscribedSkus': forbidden('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.') });
    await screen.findByText(/the sign-in does not carry LicenseAssignment\.Read\.All/);
    expect(screen.queryByRole('grid', { name: 'Subscribed SKUs' })).not.toBeInTheDocument();
  });
});
