import * as React from 'react';
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { UsersView } from '../../src/ui/users/UsersView';
import { ImpressionView } from '../../src/ui/impression/ImpressionView';
import { ServicesProvider } from '../../src/ui/common/services';
import { exportWorkbook } from '../../src/ui/common/exportWorkbook';
import { fakeServices } from './fakeGraph';
import type { Route } from './fakeGraph';

// The workbook writer is tested on its own; here, the name each view hands it.
jest.mock('../../src/ui/common/exportWorkbook', () => ({ exportWorkbook: jest.fn(async () => undefined) }));
const exported = exportWorkbook as jest.MockedFunction<typeof exportWorkbook>;

/**
 * An export's file name carries the admin's local day, from the services' clock (never the machine's):
 * someone in UTC+14 exporting at 00:30 expects today's date, not UTC's yesterday. The clock is set half an
 * hour from a local midnight, where UTC is another day in every zone but UTC itself: 00:30 is the day
 * before in UTC east of it (Kiritimati), 23:30 the day after west of it (New York, Pago Pago). The
 * expected date is the one the clock is built from, so it holds in any zone and fails in such zones when
 * a name is dated in UTC (scripts/clock-check.sh runs this file in them).
 */
const atLocal = (hour: number, minute: number): (() => Date) => () => new Date(2026, 10, 21, hour, minute);

const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
const ann = { id: 'u1', displayName: 'Ann Lee', userPrincipalName: 'ann@contoso.com', mail: 'ann@contoso.com', jobTitle: 'Engineer', department: 'IT', officeLocation: 'Delft', usageLocation: 'NL', accountEnabled: true, userType: 'Member', createdDateTime: '2024-01-01T00:00:00Z', assignedLicenses: [{ skuId: E3 }] };
const skus = { value: [{ skuId: E3, skuPartNumber: 'SPE_E3', consumedUnits: 1, prepaidUnits: { enabled: 5 }, capabilityStatus: 'Enabled' }] };
const notFound = { status: 404, body: { error: { code: 'Request_ResourceNotFound', message: 'none' } } };
const routes: Record<string, Route> = {
  '/users?': { body: { value: [ann] } },
  '/subscribedSkus': { body: skus },
  '/reports/authenticationMethods/userRegistrationDetails': { body: { value: [] } },
  '/reports/': { body: { value: [] } },
  // The impression's directory part: Ann's profile and skus; the rest answers "none".
  '/$batch': (_p, b) => ({
    body: {
      responses: (b as { requests: Array<{ id: string }> }).requests.map(r =>
        r.id === 'profile' ? { id: r.id, status: 200, body: ann }
          : r.id === 'skus' ? { id: r.id, status: 200, body: skus }
            : r.id === 'groups' ? { id: r.id, status: 200, body: { value: [] } }
              : { id: r.id, ...notFound })
    }
  })
};

describe('export file names carry the local day of the services clock', () => {
  beforeEach(() => exported.mockClear());

  it.each([[0, 30], [23, 30]])('Users: Export all and Export view at %i:%i local', async (hour, minute) => {
    const { services } = fakeServices(routes);
    services.now = atLocal(hour, minute);
    render(<ServicesProvider services={services}><UsersView /></ServicesProvider>);
    await waitFor(() => expect(screen.getByTestId('user-count').textContent).toMatch(/^1 of 1/));
    // findByRole: Fluent's CommandBar shows its items one animation frame after it mounts.
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Export' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: /^Export all \(1 user/ }));
    await waitFor(() => expect(exported).toHaveBeenCalledTimes(1));
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Export' }));
    fireEvent.click(await screen.findByRole('menuitem', { name: /^Export view \(1 user/ }));
    await waitFor(() => expect(exported).toHaveBeenCalledTimes(2));
    expect(exported.mock.calls.map(c => c[1])).toEqual(['m365-users-contoso-2026-11-21.xlsx', 'm365-users-contoso-2026-11-21-filtered.xlsx']);
  });

  it.each([[0, 30], [23, 30]])('Impression: Export to Excel at %i:%i local', async (hour, minute) => {
    const { services } = fakeServices(routes);
    services.now = atLocal(hour, minute);
    render(<ServicesProvider services={services}><ImpressionView user="ann@contoso.com" defaultPeriod="D30" allowEdits={false} onUserChange={() => undefined} /></ServicesProvider>);
    fireEvent.click(await screen.findByRole('menuitem', { name: 'Export to Excel' }));
    await waitFor(() => expect(exported).toHaveBeenCalledTimes(1));
    expect(exported.mock.calls[0]?.[1]).toBe('impression-ann@contoso.com-2026-11-21.xlsx');
  });
});
