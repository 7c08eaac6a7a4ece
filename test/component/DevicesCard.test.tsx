import * as React from 'react';
import { fireEvent, render, screen, within } from '@testing-library/react';
import { DevicesCard } from '../../src/ui/impression/DevicesCard';
import { GraphError } from '../../src/core/graph/GraphError';
import { toEntraDevice, toManagedDevice } from '../../src/core/devices';
import type { IDeviceInfo, IUserDevices } from '../../src/core/devices';

// The impression's Devices card: one entry per physical device, and each part (Entra, Intune) saying in words
// why it is missing, while the other shows.

const LAPTOP = 'aaaaaaaa-0000-4000-8000-000000000001';
const laptop = toEntraDevice({ id: 'e1', deviceId: LAPTOP, displayName: 'ANN-LAPTOP', operatingSystem: 'Windows', operatingSystemVersion: '10.0.26100', isCompliant: true, trustType: 'AzureAd', approximateLastSignInDateTime: '2026-11-20T08:00:00Z' }, 'registered') as IDeviceInfo;
const phone = toEntraDevice({ id: 'e2', deviceId: 'aaaaaaaa-0000-4000-8000-000000000002', displayName: "Ann's iPhone", operatingSystem: 'iOS', trustType: 'Workplace' }, 'owned') as IDeviceInfo;
const managedLaptop = toManagedDevice({ id: 'm1', deviceName: 'ANN-LAPTOP', operatingSystem: 'Windows', osVersion: '10.0.26100.2314', manufacturer: 'Microsoft', model: 'Surface Laptop 6', serialNumber: 'SN-123', complianceState: 'noncompliant', lastSyncDateTime: '2026-11-21T07:00:00Z', managedDeviceOwnerType: 'company', azureADDeviceId: LAPTOP }) as IDeviceInfo;
const ready = (devices: IUserDevices): { status: 'ready'; data: IUserDevices } => ({ status: 'ready', data: devices });

describe('DevicesCard', () => {
  it('lists each physical device once, with OS, model, compliance, last seen and ownership', () => {
    render(<DevicesCard devices={ready({ entra: { status: 'ready', data: [laptop, phone] }, managed: { status: 'ready', data: [managedLaptop] } })} />);
    const card = screen.getByTestId('card-devices');
    const rows = within(card).getAllByRole('listitem');
    expect(rows).toHaveLength(2);
    // The laptop's Entra entry and Intune record are one row, Intune's details first.
    expect(rows[0]).toHaveTextContent('ANN-LAPTOP');
    expect(rows[0]).toHaveTextContent('Entra and Intune');
    expect(rows[0]).toHaveTextContent('Windows 10.0.26100.2314');
    expect(rows[0]).toHaveTextContent('Microsoft Surface Laptop 6 (serial SN-123)');
    expect(rows[0]).toHaveTextContent('Not compliant');
    expect(rows[0]).toHaveTextContent('2026-11-21 07:00');
    expect(rows[0]).toHaveTextContent('Company, Entra joined');
    expect(rows[1]).toHaveTextContent("Ann's iPhone");
    expect(rows[1]).toHaveTextContent('Entra registered');
    // A list, named for screen readers: the card is too narrow for a table of six columns.
    expect(within(card).getByRole('list', { name: 'Devices' })).toBeInTheDocument();
  });

  it('says so when the person has no devices', () => {
    render(<DevicesCard devices={ready({ entra: { status: 'ready', data: [] }, managed: { status: 'ready', data: [] } })} />);
    expect(screen.getByTestId('devices-empty')).toHaveTextContent('No devices registered or managed');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('a refused Intune part says which permission, next to the Entra devices', () => {
    const refused = new GraphError(403, 'Forbidden', 'Application is not authorized to perform this operation.');
    const onRetry = jest.fn();
    render(<DevicesCard devices={ready({ entra: { status: 'ready', data: [laptop] }, managed: { status: 'error', error: refused } })} onRetry={onRetry} />);
    expect(screen.getByTestId('devices-problem-managed')).toHaveTextContent(/Intune devices unavailable\..*DeviceManagementManagedDevices\.Read\.All/);
    expect(screen.getAllByRole('listitem').find(li => /ANN-LAPTOP/.test(li.textContent ?? ''))).toHaveTextContent('Compliant');
    // A missing scope does not pass by itself: no Try again.
    expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
    expect(screen.queryByTestId('devices-problem-entra')).not.toBeInTheDocument();
  });

  it('says Intune is not there, and offers Try again for a failure that may pass', () => {
    const noIntune = new GraphError(400, 'BadRequest', 'Request not applicable to target tenant.');
    const busy = new GraphError(503, 'ServiceUnavailable', 'Try later.');
    const onRetry = jest.fn();
    const { rerender } = render(<DevicesCard devices={ready({ entra: { status: 'ready', data: [] }, managed: { status: 'error', error: noIntune } })} onRetry={onRetry} />);
    expect(screen.getByTestId('devices-problem-managed')).toHaveTextContent(/no active Microsoft Intune licence/);
    expect(screen.getByTestId('devices-empty')).toHaveTextContent('No Entra devices');
    expect(screen.queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
    rerender(<DevicesCard devices={ready({ entra: { status: 'error', error: busy }, managed: { status: 'ready', data: [managedLaptop] } })} onRetry={onRetry} />);
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(onRetry).toHaveBeenCalledTimes(1);
  });

  it('shows loading while the devices are read', () => {
    render(<DevicesCard devices={undefined} />);
    expect(screen.getByRole('status', { name: 'Loading Devices' })).toBeInTheDocument();
  });
});
