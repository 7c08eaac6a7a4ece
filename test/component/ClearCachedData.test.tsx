import * as React from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ImpressionsApp } from '../../src/ui/ImpressionsApp';
import { resolveTheme } from '../../src/ui/common/theme';
import type { IImpressionsServices, IImpressionsSettings } from '../../src/ui/common/services';
import { ReportStore } from '../../src/core/reports/store';
import { Sessions } from '../../src/ui/common/sessions';
import type { IReportPersistence } from '../../src/core/reports/store';
import type { IReportResult } from '../../src/core/reports/reader';
import { GraphGateway } from '../../src/core/graph/GraphGateway';
import { fakeClient, servicesFor } from './fakeGraph';
import { overviewRoutes, reportCalls } from './usage/usageFixtures';
import { withText } from './messages';
import { mapPersistence } from '../helpers/persistence';
import type { IKeptUsers, IUserListCache } from '../../src/core/directory/userCache';

// "Clear cached data" in the app's top row: deletes the signed-in person's report reads kept in the
// browser and those in memory (the store's and the screens' settled ones), so the next read asks Graph.

const NOW = Date.parse('2026-11-21T12:00:00Z');
const ADMIN = 'a0a0a0a0-0000-4000-8000-000000000001';
const OTHER = 'b0b0b0b0-0000-4000-8000-000000000002';


const settings: IImpressionsSettings = { defaultView: 'usage', defaultPeriod: 'D30', allowEdits: false, defaultColumns: [], usageTiles: ['email'] };

function renderApp(persistence: IReportPersistence, userKey: string | undefined, userCache?: IUserListCache): { calls: string[]; services: IImpressionsServices } {
  const { client, calls } = fakeClient(overviewRoutes());
  const gateway = new GraphGateway(client);
  const reports = new ReportStore(gateway, { format: 'json', tenantKey: 'tenant-a', userKey, persistence, now: () => NOW });
  const services: IImpressionsServices = { ...servicesFor(client), gateway, reports, sessions: new Sessions(gateway, reports), userCache };
  render(<ImpressionsApp services={services} theme={resolveTheme({})} settings={settings} />);
  return { calls, services };
}

const emailReads = (calls: string[]): number => reportCalls(calls, 'getEmailActivityCounts').length;
const emailTileDrawn = (): Promise<void> => waitFor(() => expect(within(screen.getByTestId('tile-email')).getByTestId('usage-chart')).toBeInTheDocument());

/** Leave the Usage view and come back (it remounts, as when the viewer switches views). */
async function roundTrip(): Promise<void> {
  fireEvent.click(screen.getByRole('tab', { name: /Impression/ }));
  await waitFor(() => expect(screen.queryByTestId('tile-email')).not.toBeInTheDocument());
  fireEvent.click(screen.getByRole('tab', { name: /Usage/ }));
  await emailTileDrawn();
}

describe('Clear cached data', () => {
  it('deletes this person\'s kept and in-memory report reads (not another person\'s), says so, and the next read asks Graph', async () => {
    const p = mapPersistence();
    const othersKey = `tenant-a|${OTHER}|json|getEmailActivityCounts(period=D30)`;
    p.data.set(othersKey, { savedAt: NOW, result: { rows: [], headers: [], requests: 1 } as unknown as IReportResult });
    const { calls } = renderApp(p, ADMIN);

    await emailTileDrawn();
    expect(emailReads(calls)).toBe(1); // another person's kept read was not served to this one
    await waitFor(() => expect(p.data.has(`tenant-a|${ADMIN}|json|getEmailActivityCounts(period=D30)`)).toBe(true));

    // Coming back is answered from memory: no second read (so the read after the clear is the clear's doing).
    await roundTrip();
    expect(emailReads(calls)).toBe(1);
    expect(calls.filter(c => c.includes('/admin/reportSettings'))).toHaveLength(1);

    fireEvent.click(screen.getByRole('button', { name: 'Clear cached data' }));
    const result = await withText(() => screen.getByTestId('clear-cache-result'), /Cached data cleared/);
    expect(result).toHaveTextContent('1 report read kept in this browser for you deleted; 1 read held in memory dropped. The next report read asks Microsoft Graph.');
    expect([...p.data.keys()]).toEqual([othersKey]);

    await roundTrip();
    expect(emailReads(calls)).toBe(2);
    await waitFor(() => expect(p.data.has(`tenant-a|${ADMIN}|json|getEmailActivityCounts(period=D30)`)).toBe(true));
    // The tenant's report setting (names concealed or not) is read again too: once before the clear, once after.
    await waitFor(() => expect(calls.filter(c => c.includes('/admin/reportSettings'))).toHaveLength(2));

    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    await waitFor(() => expect(screen.queryByTestId('clear-cache-result')).not.toBeInTheDocument());
  });

  it('without a known person nothing is kept, and the confirmation says so', async () => {
    const p = mapPersistence();
    const { calls } = renderApp(p, undefined);
    await emailTileDrawn();
    expect(p.data.size).toBe(0);
    fireEvent.click(screen.getByRole('button', { name: 'Clear cached data' }));
    const result = await withText(() => screen.getByTestId('clear-cache-result'), /Cached data cleared/);
    expect(result).toHaveTextContent('nothing is kept in this browser for this sign-in');
    await roundTrip();
    expect(emailReads(calls)).toBe(2);
  });

  it('says so when the browser could not delete them', async () => {
    const p = mapPersistence();
    p.clear = async () => { throw new Error('The database connection is closing.'); };
    renderApp(p, ADMIN);
    await emailTileDrawn();
    fireEvent.click(screen.getByRole('button', { name: 'Clear cached data' }));
    const result = await withText(() => screen.getByTestId('clear-cache-result'), /could not be cleared/);
    expect(result).toHaveTextContent('The database connection is closing.');
  });

  it('deletes the user list kept for this person too, and says so; a failure to delete it is said as the reports\' is', async () => {
    const kept: IKeptUsers = { version: 1, select: 'id', deltaLink: 'https://graph.microsoft.com/v1.0/users/delta?$deltatoken=d1', savedAt: NOW, users: [] };
    let held: IKeptUsers | undefined = kept;
    const userCache: IUserListCache = { load: async () => held, save: async k => { held = k; }, clear: async () => { held = undefined; } };
    renderApp(mapPersistence(), ADMIN, userCache);
    await emailTileDrawn();
    fireEvent.click(screen.getByRole('button', { name: 'Clear cached data' }));
    const result = await withText(() => screen.getByTestId('clear-cache-result'), /Cached data cleared/);
    expect(result).toHaveTextContent('the user list is no longer kept in this browser for you');
    expect(held).toBeUndefined();
  });

  it('says so when the kept user list could not be deleted', async () => {
    const userCache: IUserListCache = { load: async () => undefined, save: async () => undefined, clear: async () => { throw new Error('The database connection is closing.'); } };
    renderApp(mapPersistence(), ADMIN, userCache);
    await emailTileDrawn();
    fireEvent.click(screen.getByRole('button', { name: 'Clear cached data' }));
    const result = await withText(() => screen.getByTestId('clear-cache-result'), /could not be cleared/);
    expect(result).toHaveTextContent('The database connection is closing.');
  });
});
