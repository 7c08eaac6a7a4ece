import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import * as XLSX from 'xlsx';
import { fakeServices } from '../fakeGraph';
import { REFRESH, emailUser, forbiddenRole, overviewRoutes, renderUsage, reportCalls } from './usageFixtures';
import { captureDownloads, readBack } from '../downloads';

/**
 * A file name carries the admin's local day (the machine's time zone), while report dates stay Graph's UTC
 * days. Each export runs at a local time half an hour from a midnight, so its name would be another day
 * if it were taken in UTC: 00:30 is the previous day in UTC anywhere east of UTC (Kiritimati, UTC+14),
 * 23:30 the next day anywhere west of it (New York, Pago Pago). The expected day is the one the clock
 * was built from, in any zone (scripts/clock-check.sh runs this file in those zones).
 */
const atLocal = (hour: number, minute: number): (() => Date) => () => new Date(2026, 10, 21, hour, minute);

const routes = {
  ...overviewRoutes(),
  '/reports/getEmailActivityUserDetail': { body: { value: [emailUser('ann@contoso.com', 30), emailUser('bob@contoso.com', 5), emailUser('cy@contoso.com', 12)] } }
};

describe('Usage exports', () => {
  let dl: ReturnType<typeof captureDownloads>;
  beforeEach(() => { dl = captureDownloads(); });
  afterEach(() => { dl.restore(); });

  it('"Export report" writes the rows as shown (searched and sorted), typed, named after report, period and today', async () => {
    const { services, calls } = fakeServices(routes);
    services.now = atLocal(0, 30);
    renderUsage(services, { defaultMode: 'explorer' });
    await screen.findByTestId('usage-chart');
    fireEvent.click(screen.getByRole('combobox', { name: /^Report/ }));
    fireEvent.click(screen.getByRole('option', { name: 'Email activity user detail' }));
    await screen.findByTestId('top-n');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search report rows' }), { target: { value: 'ann bob' } });
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search report rows' }), { target: { value: 'contoso' } });
    const grid = screen.getByRole('grid', { name: 'Email activity user detail' });
    fireEvent.click(within(grid).getByText('Send Count')); // largest first
    const before = reportCalls(calls).length;
    fireEvent.click(screen.getByRole('button', { name: 'Export report' }));
    await waitFor(() => expect(dl.files).toHaveLength(1));
    const file = dl.files[0]!;
    expect(file.name).toBe('m365-report-getEmailActivityUserDetail-D30-2026-11-21.xlsx');
    const wb = await readBack(file.blob);
    const sheet = wb.Sheets[wb.SheetNames[0]!]!;
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(sheet, { raw: true });
    expect(rows.map(r => r['User Principal Name'])).toEqual(['ann@contoso.com', 'cy@contoso.com', 'bob@contoso.com']);
    // Typed cells: counts are numbers, dates are dates, booleans are booleans.
    expect(sheet['A1']?.v).toBe('User Principal Name');
    const headers = XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1 })[0] as string[];
    const col = (h: string): string => XLSX.utils.encode_col(headers.indexOf(h));
    expect(sheet[`${col('Send Count')}2`]?.t).toBe('n');
    expect(sheet[`${col('Send Count')}2`]?.v).toBe(30);
    expect(sheet[`${col('Last Activity Date')}2`]?.t).toMatch(/^[nd]$/);
    expect(sheet[`${col('Is Deleted')}2`]?.t).toBe('b');
    expect(sheet[`${col('Report Refresh Date')}2`]?.w ?? '').toContain('2026-11-19');
    expect(reportCalls(calls)).toHaveLength(before);
  });

  it('"Export report" of a search keeps only the rows shown', async () => {
    const { services } = fakeServices(routes);
    renderUsage(services, { defaultMode: 'explorer' });
    await screen.findByTestId('usage-chart');
    fireEvent.click(screen.getByRole('combobox', { name: /^Report/ }));
    fireEvent.click(screen.getByRole('option', { name: 'Email activity user detail' }));
    await screen.findByTestId('top-n');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search report rows' }), { target: { value: 'bob' } });
    fireEvent.click(screen.getByRole('button', { name: 'Export report' }));
    await waitFor(() => expect(dl.files).toHaveLength(1));
    const wb = await readBack(dl.files[0]!.blob);
    const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets[wb.SheetNames[0]!]!);
    expect(rows.map(r => r['User Principal Name'])).toEqual(['bob@contoso.com']);
  });

  it('"Export dashboard" writes one workbook with a sheet per loaded tile and says which tile failed, without new reads', async () => {
    const { services, calls } = fakeServices({ ...routes, '/reports/getTeamsUserActivityCounts': forbiddenRole });
    services.now = atLocal(23, 30);
    renderUsage(services);
    await waitFor(() => expect(screen.getAllByTestId('usage-chart')).toHaveLength(5));
    await screen.findByTestId('report-error');
    const before = reportCalls(calls).length;
    fireEvent.click(screen.getByRole('button', { name: 'Export dashboard' }));
    await waitFor(() => expect(dl.files).toHaveLength(1));
    expect(dl.files[0]!.name).toBe('m365-report-usage-dashboard-D30-2026-11-21.xlsx');
    const wb = await readBack(dl.files[0]!.blob);
    expect(wb.SheetNames).toEqual(['About', 'Active users by service', 'Email activity', 'OneDrive and SharePoint storage', 'Mailbox quota status', 'Microsoft 365 apps by platform']);
    const about = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['About']!);
    expect(about.find(r => r['Field'] === 'Teams activity')?.['Value']).toMatch(/^Not exported/);
    expect(about.find(r => r['Field'] === 'Email activity')?.['Value']).toBe(`Data as of ${REFRESH}`);
    // The merged storage tile: one row per day with OneDrive and SharePoint bytes as numbers.
    const storage = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['OneDrive and SharePoint storage']!, { raw: true });
    expect(storage).toHaveLength(30);
    expect(storage[0]?.['OneDrive']).toBe(4_190_224_715_141);
    expect(storage[0]?.['SharePoint']).toBe(105_571_236_657);
    expect(reportCalls(calls)).toHaveLength(before);
  });
});
