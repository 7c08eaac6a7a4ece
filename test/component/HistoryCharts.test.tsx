import * as React from 'react';
import { act, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import * as XLSX from 'xlsx';
import { ThemeProvider } from '@fluentui/react/lib/Theme';
import { ServicesProvider } from '../../src/ui/common/services';
import type { IImpressionsServices } from '../../src/ui/common/services';
import { HistoryCharts, useDailySnapshot, useSnapshotWaste } from '../../src/ui/common/history';
import type { DailySnapshotState } from '../../src/ui/common/history';
import { teamsTheme } from '../../src/ui/common/theme';
import { StoreError } from '../../src/core/history';
import type { ISnapshot } from '../../src/core/history';
import { fakeServices } from './fakeGraph';
import { REFRESH, TODAY, overviewRoutes, reportCalls } from './usage/usageFixtures';
import { MemoryTenantStore, readOnly } from '../unit/history/snapshotMemoryStore';
import { captureDownloads, readBack } from './downloads';

const snap = (day: string, figures: Record<string, number>, over: Partial<ISnapshot> = {}): ISnapshot => ({ day, source: 'taken', takenAt: `${day}T08:00:00.000Z`, takenBy: 'web part', figures, ...over });

const HISTORY: ISnapshot[] = [
  snap('2030-09-01', { 'active:teams:1d': 50, 'active:exchange:1d': 70 }, { source: 'backfill', reportDates: { getOffice365ActiveUserCounts: '2030-09-01' } }),
  snap('2031-03-01', { enabled: 100, mfaRegistered: 80, mfaCapable: 70, mfaEnforced: 60, mfaEnforcementUnknown: 0, 'sku:aaa:purchased': 120, 'sku:aaa:assigned': 100, 'sku:bbb:purchased': 10, 'sku:bbb:assigned': 9, 'wasteCost:total:EUR': 230.5, 'active:teams:1d': 64 }, { reportDates: { getOffice365ActiveUserCounts: '2031-02-27' } }),
  snap('2031-03-02', { enabled: 100, mfaRegistered: 82, 'sku:aaa:purchased': 120, 'sku:aaa:assigned': 104 })
];

function servicesWith(store: MemoryTenantStore | undefined): IImpressionsServices {
  const { services } = fakeServices({});
  services.tenantStore = store;
  services.tenantName = 'contoso';
  services.now = () => new Date(2031, 2, 3, 12);
  return services;
}

function renderCharts(services: IImpressionsServices, theme?: Parameters<typeof ThemeProvider>[0]['theme']): ReturnType<typeof render> {
  const charts = (
    <ServicesProvider services={services}>
      <HistoryCharts skuName={id => (id === 'aaa' ? 'Microsoft 365 E3' : undefined)} />
    </ServicesProvider>
  );
  return render(theme ? <ThemeProvider theme={theme}>{charts}</ThemeProvider> : charts);
}

describe('HistoryCharts', () => {
  it('draws the four charts from the store, says where the history lives, and reads the store once', async () => {
    const store = new MemoryTenantStore(HISTORY);
    const { unmount } = renderCharts(servicesWith(store));
    expect(await screen.findAllByTestId('history-chart')).toHaveLength(4);
    expect(screen.getByTestId('history-where')).toHaveTextContent('Kept in the demo tenant\'s SharePoint (memory) · 3 days from 2030-09-01');
    expect(screen.getByRole('heading', { name: 'Paid licences assigned and purchased (free and trial SKUs left out)' })).toBeInTheDocument();
    // Keyboard: each chart surface is a tab stop named after what it shows.
    const surface = within(screen.getByTestId('history-mfa')).getByTestId('history-chart').querySelector('.recharts-surface');
    expect(surface).toHaveAttribute('tabindex', '0');
    expect(surface?.querySelector('title')?.textContent).toBe('MFA coverage of enabled accounts');
    unmount();
    renderCharts(servicesWith(store));
    await screen.findAllByTestId('history-chart');
    // A second render over the same store object shares the first read.
    expect(store.log.reads).toBe(1);
  });

  it('offers each chart as a table, a SKU by name, and the daily active users over report dates', async () => {
    renderCharts(servicesWith(new MemoryTenantStore(HISTORY)));
    const licences = await screen.findByTestId('history-licences');
    fireEvent.click(within(licences).getByRole('switch', { name: 'Table' }));
    const table = within(licences).getByTestId('history-table');
    expect(within(table).getAllByRole('row').map(r => r.textContent)).toEqual(['DayPaid licences purchasedPaid licences assigned', '2031-03-02120104', '2031-03-01130109']);
    fireEvent.click(within(licences).getByRole('combobox', { name: /^Licence/ }));
    fireEvent.click(screen.getByRole('option', { name: 'Microsoft 365 E3' }));
    expect(within(licences).getByRole('heading')).toHaveTextContent('Licences assigned and purchased (Microsoft 365 E3)');

    const active = screen.getByTestId('history-activeUsers');
    fireEvent.click(within(active).getByRole('switch', { name: 'Table' }));
    const rows = within(within(active).getByTestId('history-table')).getAllByRole('row').map(r => r.textContent ?? '');
    expect(rows[0]).toContain('Report date');
    // The snapshot of 2031-03-01 charts its daily figure on its report date; what a day did not read is "—".
    expect(rows.slice(1).map(r => r.slice(0, 10))).toEqual(['2031-02-27', '2030-09-01']);
    expect(rows[1]).toContain('—');

    const mfa = screen.getByTestId('history-mfa');
    fireEvent.click(within(mfa).getByRole('switch', { name: 'Table' }));
    expect(within(mfa).getByTestId('history-table')).toHaveTextContent('80%');
  });

  it('exports a chart\'s series as a workbook', async () => {
    const dl = captureDownloads();
    try {
      renderCharts(servicesWith(new MemoryTenantStore(HISTORY)));
      const waste = await screen.findByTestId('history-wasteCost');
      fireEvent.click(within(waste).getByRole('button', { name: 'Export Potential saving per month' }));
      await waitFor(() => expect(dl.files).toHaveLength(1));
      expect(dl.files[0]?.name).toBe('m365-history-wasteCost-contoso-2031-03-03.xlsx');
      const wb = await readBack(dl.files[0]!.blob);
      expect(wb.SheetNames).toEqual(['About', 'Potential saving per month']);
      const rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['Potential saving per month']!, { raw: true });
      expect(rows).toEqual([expect.objectContaining({ EUR: 230.5 })]);
      // The About sheet says where in one sentence, and names the tenant.
      const about = XLSX.utils.sheet_to_json<{ Field: string; Value: unknown }>(wb.Sheets.About!, { raw: true });
      expect(about).toEqual(expect.arrayContaining([{ Field: 'Tenant', Value: 'contoso' }, { Field: 'Where', Value: "History is kept in the list 'M365 Impressions history' at memory (the demo tenant's SharePoint)." }]));
    } finally {
      dl.restore();
    }
  });

  it('says there is no history yet, and a chart without figures says why', async () => {
    renderCharts(servicesWith(new MemoryTenantStore()));
    await waitFor(() => expect(screen.getByTestId('history-none')).toHaveTextContent('No history yet: the first snapshot is taken today.'));
    const only = new MemoryTenantStore([snap('2031-03-02', { users: 5 })]);
    renderCharts(servicesWith(only));
    const waste = await screen.findByTestId('history-wasteCost');
    expect(within(waste).getByTestId('history-empty')).toHaveTextContent('once prices are entered in the Licences view');
    expect(within(waste).getByRole('button', { name: /^Export/ })).toBeDisabled();
  });

  it('says why the history could not be read, and Try again reads it again', async () => {
    const store = new MemoryTenantStore(HISTORY);
    store.refuseReads = new StoreError('unreachable', 'Site did not answer', 503);
    renderCharts(servicesWith(store));
    // A MessageBar renders its text a moment later (for screen readers to announce it).
    await waitFor(() => expect(screen.getByTestId('history-error')).toHaveTextContent('The history could not be reached'));
    store.refuseReads = undefined;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findAllByTestId('history-chart')).toHaveLength(4);
  });

  it('adds up paid licences only (a free offer\'s units would swamp them), and a free SKU stays choosable', async () => {
    const withFree = HISTORY.map(s => (s.day === '2031-03-01' ? { ...s, figures: { ...s.figures, 'sku:fff:purchased': 10_055, 'sku:fff:assigned': 12 } } : s));
    // Told free on the 2nd: the 1st's figures of the same SKU are read the same way.
    withFree.push(snap('2031-03-03', { 'sku:aaa:purchased': 120, 'sku:aaa:assigned': 104, 'sku:aaa:free': 0, 'sku:fff:purchased': 10_055, 'sku:fff:assigned': 15, 'sku:fff:free': 1 }));
    renderCharts(servicesWith(new MemoryTenantStore(withFree)));
    const licences = await screen.findByTestId('history-licences');
    fireEvent.click(within(licences).getByRole('switch', { name: 'Table' }));
    expect(within(within(licences).getByTestId('history-table')).getAllByRole('row').map(r => r.textContent)).toEqual(
      ['DayPaid licences purchasedPaid licences assigned', '2031-03-03120104', '2031-03-02120104', '2031-03-01130109']);
    fireEvent.click(within(licences).getByRole('combobox', { name: /^Licence/ }));
    fireEvent.click(screen.getByRole('option', { name: 'fff (free or trial)' }));
    expect(within(licences).getByRole('heading')).toHaveTextContent('Licences assigned and purchased (fff)');
    expect(within(within(licences).getByTestId('history-table')).getAllByRole('row')[1]?.textContent).toBe('2031-03-0310,05515');
  });

  it('writes money with its currency code, never a symbol', async () => {
    renderCharts(servicesWith(new MemoryTenantStore([...HISTORY, snap('2031-03-02', { 'wasteCost:total:EUR': 1861.5 })])));
    const waste = await screen.findByTestId('history-wasteCost');
    fireEvent.click(within(waste).getByRole('switch', { name: 'Table' }));
    const table = within(waste).getByTestId('history-table');
    expect(table).toHaveTextContent('EUR 1,861.50');
    expect(table).toHaveTextContent('EUR 230.50');
    expect(table.textContent).not.toContain('€');
  });

  it('with no history and today\'s snapshot refused, says no history is kept yet, why, and where it would be', async () => {
    const store = new MemoryTenantStore();
    store.refuseWrites = new StoreError('cannotCreate', 'The list does not exist and you may not create it.', 403);
    const { services } = fakeServices({ '/reports/getOffice365ServicesUserCounts': { body: { value: [{ reportRefreshDate: REFRESH, teamsActive: 40, reportPeriod: '7' }] } } });
    services.tenantStore = store;
    services.now = () => new Date(`${TODAY}T10:00:00Z`);
    const Taker: React.FC = () => { useDailySnapshot({ directoryVersion: 0, view: 'licences' }); return null; };
    render(<ServicesProvider services={services}><Taker /><HistoryCharts /></ServicesProvider>);
    await waitFor(() => expect(screen.getByTestId('history-none')).toHaveTextContent(
      "No history is kept yet: the history list does not exist yet and you may not create lists in this site (a site owner's first visit creates it). It would be kept in the demo tenant's SharePoint (memory)."));
    expect(screen.getByTestId('history-none')).not.toHaveTextContent('first snapshot is taken today');
    expect(screen.queryByTestId('history-where')).toBeNull();
  });

  it('shows nothing where the host keeps no history, and draws in Teams high contrast', async () => {
    const { container } = renderCharts(servicesWith(undefined));
    expect(container).toBeEmptyDOMElement();
    renderCharts(servicesWith(new MemoryTenantStore(HISTORY)), teamsTheme('contrast'));
    const line = (await screen.findAllByTestId('history-chart'))[0]?.querySelector('.recharts-line-curve');
    expect(line).toHaveAttribute('stroke', '#ffff01');
    expect(line).toHaveAttribute('stroke-width', '3');
  });
});

describe('useDailySnapshot', () => {
  const Probe: React.FC<{ onState: (s: DailySnapshotState) => void }> = ({ onState }) => {
    const state = useDailySnapshot({ directoryVersion: 0, view: 'usage' });
    React.useEffect(() => onState(state), [state, onState]);
    return null;
  };
  const servicesCounts = { body: { value: [{ reportRefreshDate: REFRESH, teamsActive: 40, exchangeActive: 60, reportPeriod: '7' }] } };

  it('backfills a new history from the 180-day reports and takes today\'s, drawn without reading the store again', async () => {
    const store = new MemoryTenantStore();
    const { services, calls } = fakeServices({ ...overviewRoutes(), '/reports/getOffice365ServicesUserCounts': servicesCounts });
    services.tenantStore = store;
    services.now = () => new Date(`${TODAY}T10:00:00Z`);
    const states: DailySnapshotState[] = [];
    render(
      <ServicesProvider services={services}>
        <Probe onState={s => states.push(s)} />
        <HistoryCharts charts={['activeUsers']} />
      </ServicesProvider>
    );
    await waitFor(() => expect(states.some(s => s.status === 'done')).toBe(true));
    expect(states.find(s => s.status === 'done')).toMatchObject({ backfilled: 30, snapshot: { day: TODAY, source: 'taken' } });
    const today = store.all.find(s => s.day === TODAY);
    expect(today?.figures).toMatchObject({ 'active:teams:7d': 40, 'active:teams:1d': 89, 'storage:sharePoint': 105_571_236_657 });
    expect(today?.reportDates?.getOffice365ActiveUserCounts).toBe(REFRESH);
    expect(store.all.filter(s => s.source === 'backfill')).toHaveLength(30);
    // Each trend report read once, for 180 days: today's newest day comes from the same read.
    expect(reportCalls(calls, 'getOffice365ActiveUserCounts')).toHaveLength(1);
    expect(reportCalls(calls, 'getOffice365ActiveUserCounts')[0]).toContain("period='D180'");
    expect(store.log.reads).toBe(2); // the whole history once, the backfilled days once
    const active = await screen.findByTestId('history-activeUsers');
    fireEvent.click(within(active).getByRole('switch', { name: 'Table' }));
    expect(within(within(active).getByTestId('history-table')).getAllByRole('row')).toHaveLength(31);
  });

  it('adds the Licences view\'s waste and its cost to today\'s snapshot once the view has computed them', async () => {
    const store = new MemoryTenantStore([snap('2026-01-01', { users: 1 })]);
    const { services } = fakeServices({ '/reports/getOffice365ServicesUserCounts': servicesCounts });
    services.tenantStore = store;
    services.now = () => new Date(`${TODAY}T10:00:00Z`);
    const ready = (holders: number[]) => ({ status: 'ready' as const, holders });
    const model = { availability: { disabled: { status: 'ready' } }, skus: [{ sku: { skuId: 'FLOW-FREE', enabled: 10_000, assigned: 3, freeWhy: 'Free' }, waste: { disabled: ready([1, 2]) } }] } as unknown as Parameters<typeof useSnapshotWaste>[0];
    const cost = { totals: [{ currency: 'EUR', monthly: 100, unassigned: 10, waste: { disabled: 40 }, saving: 50, skus: 1 }] } as unknown as Parameters<typeof useSnapshotWaste>[1];
    const Licences: React.FC = () => { useSnapshotWaste(model, cost, 0); return null; };
    const states: DailySnapshotState[] = [];
    render(<ServicesProvider services={services}><Probe onState={s => states.push(s)} /><Licences /></ServicesProvider>);
    await waitFor(() => expect(store.all.find(s => s.day === TODAY)?.figures).toMatchObject({ 'waste:disabled': 2, 'wasteCost:disabled:EUR': 40, 'wasteCost:total:EUR': 50, 'active:teams:7d': 40 }));
    // Its SKUs too, free or paid as the view tells them from their service plans.
    expect(store.all.find(s => s.day === TODAY)?.figures).toMatchObject({ 'sku:flow-free:purchased': 10_000, 'sku:flow-free:assigned': 3, 'sku:flow-free:free': 1 });
  });

  it('never breaks the view: a store refusal is one quiet message and nothing is tried again', async () => {
    const store = new MemoryTenantStore([snap('2026-01-01', { users: 1 })]);
    store.refuseWrites = readOnly();
    const { services } = fakeServices({ '/reports/getOffice365ServicesUserCounts': servicesCounts });
    services.tenantStore = store;
    services.now = () => new Date(`${TODAY}T10:00:00Z`);
    const states: DailySnapshotState[] = [];
    const { rerender } = render(<ServicesProvider services={services}><Probe onState={s => states.push(s)} /></ServicesProvider>);
    await waitFor(() => expect(states.some(s => s.status === 'refused')).toBe(true));
    expect(states.find(s => s.status === 'refused')).toMatchObject({ message: expect.stringContaining('you may read the history but not add to it') });
    const writes = store.log.writes.length;
    await act(async () => { rerender(<ServicesProvider services={services}><Probe onState={s => states.push(s)} /></ServicesProvider>); await Promise.resolve(); });
    expect(store.log.writes).toHaveLength(writes);
  });
});
