import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { StoreError, parsePublication } from '../../../src/core/history';
import type { IImpressionsServices } from '../../../src/ui/common/services';
import { DEFAULT_TILE_KEYS } from '../../../src/ui/usage/model/tiles';
import { fakeServices } from '../fakeGraph';
import type { Route } from '../fakeGraph';
import { withText } from '../messages';
import { overviewRoutes, renderUsage, reportCalls } from './usageFixtures';
import { MemoryTenantStore, publicationFixture } from './visitorStore';

const tile = (key: string): HTMLElement => screen.getByTestId(`tile-${key}`);

/** An admin's services (reports readable, /me answers) with the store given. */
function admin(store?: MemoryTenantStore, routes: Record<string, Route> = overviewRoutes()): { services: IImpressionsServices; calls: string[] } {
  const { services, calls } = fakeServices({ ...routes, '/me': { body: { userPrincipalName: 'avery@contoso.com' } } });
  return { services: { ...services, tenantStore: store }, calls };
}

const publishButton = (): HTMLElement => screen.getByRole('button', { name: /Publish for visitors/ });

describe('Usage overview for an admin: Publish for visitors', () => {
  it('shows live tiles, what visitors see now, and a Publish for visitors action', async () => {
    const store = new MemoryTenantStore(null);
    renderUsage(admin(store).services, { tiles: ['email'] });
    await waitFor(() => expect(within(tile('email')).getByTestId('usage-chart')).toBeInTheDocument());
    expect(within(tile('email')).getByTestId('refresh-date')).toHaveTextContent('Data as of 2026-11-19 · Last 30 days');
    expect(within(tile('email')).getByTestId('refresh-date')).not.toHaveTextContent('published');
    await withText(() => screen.getByTestId('publication-none'), 'No dashboard has been published for visitors yet');
    await waitFor(() => expect(publishButton()).toBeEnabled());
  });

  it('says what will be shared and where, writes nothing before Publish, then says "Published <date> by <you>"', async () => {
    const store = new MemoryTenantStore(null);
    const { services, calls } = admin(store);
    renderUsage(services);
    await waitFor(() => expect(publishButton()).toBeEnabled());
    fireEvent.click(publishButton());
    const dialog = await screen.findByTestId('publish-dialog');
    const shared = await within(dialog).findByTestId('publish-shared');
    // Every report tile of the overview, with its measures, days and report date.
    expect(within(shared).getAllByRole('listitem')).toHaveLength(DEFAULT_TILE_KEYS.length);
    expect(shared).toHaveTextContent('Email activity — Send, Receive, Read: 30 days of daily figures from 2026-10-21, as of 2026-11-19');
    // Storage's two reports measure the same column: each is named (OneDrive, SharePoint), never "Storage Used (Byte)" twice.
    const storage = within(shared).getAllByRole('listitem').find(li => li.textContent?.startsWith('OneDrive and SharePoint storage'));
    expect(storage?.textContent).toMatch(/— OneDrive Storage Used \(Byte\): \d+ days of daily figures from [-\d]+(, as of [-\d]+)?; SharePoint Storage Used \(Byte\): \d+ days/);
    expect(dialog).toHaveTextContent('Never shared: a row per person, names, user principal names, ids, sites or groups');
    expect(dialog).toHaveTextContent("list 'M365 Impressions history' in https://contoso.sharepoint.com/sites/it");
    expect(dialog).toHaveTextContent('published as avery@contoso.com');
    // The 180 days were read for it (the session's reads), and nothing was written yet.
    expect(reportCalls(calls).filter(c => c.includes("(period='D180')"))).toHaveLength(7);
    expect(store.written).toEqual([]);

    fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    await withText(() => screen.getByTestId('published'), 'Published 2026-11-21 by avery@contoso.com. Visitors without a report role see these figures from now on.');
    expect(screen.queryByTestId('publish-dialog')).not.toBeInTheDocument();
    expect(store.written).toHaveLength(1);
    const written = parsePublication(store.written[0]);
    expect(written.status).toBe('ok');
    expect(store.written[0]?.publishedBy).toBe('avery@contoso.com');
    expect(Object.keys(store.written[0]?.tiles ?? {})).toEqual([...DEFAULT_TILE_KEYS]);
  });

  it('Cancel writes nothing', async () => {
    const store = new MemoryTenantStore(null);
    renderUsage(admin(store).services, { tiles: ['email'] });
    await waitFor(() => expect(publishButton()).toBeEnabled());
    fireEvent.click(publishButton());
    const dialog = await screen.findByTestId('publish-dialog');
    await within(dialog).findByTestId('publish-shared');
    fireEvent.click(screen.getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByTestId('publish-dialog')).not.toBeInTheDocument());
    expect(store.written).toEqual([]);
  });

  it('a tile Graph would not give is left out and said; the store refusing the write is said in the dialog', async () => {
    const store = new MemoryTenantStore(null);
    store.writeError = new StoreError('readOnly', 'Access denied.', 403);
    const routes = { ...overviewRoutes(), '/reports/getTeamsUserActivityCounts': { status: 500, body: { error: { code: 'InternalServerError', message: 'Oops.' } } } };
    renderUsage(admin(store, routes).services, { tiles: ['email'] });
    await waitFor(() => expect(publishButton()).toBeEnabled());
    fireEvent.click(publishButton());
    const dialog = await screen.findByTestId('publish-dialog');
    await withText(() => within(dialog).getByTestId('publish-left'), 'Left out: Teams activity (Microsoft Graph had a problem).');
    fireEvent.click(screen.getByRole('button', { name: 'Publish' }));
    await withText(() => within(dialog).getByTestId('publish-error'), 'You may read');
    expect(within(dialog).getByTestId('publish-error')).toHaveTextContent('but not write to it');
    expect(store.written).toEqual([]);
  });

  it('an out-of-date publication is said, against Graph\'s report dates now', async () => {
    const store = new MemoryTenantStore(publicationFixture({ at: '2026-11-19T09:00:00Z', asOf: '2026-11-17' }));
    renderUsage(admin(store).services, { tiles: ['email'] });
    await withText(() => screen.getByTestId('publication-status'), 'Visitors without a report role see: Published 2026-11-19 by admin@contoso.com · figures as of 2026-11-17.');
    await withText(() => screen.getByTestId('publication-stale'), "its figures are older than the reports now: Email activity counts is as of 2026-11-17, Graph's report as of 2026-11-19");
  });

  it("no Publish action with 'none' chosen, or without a store", async () => {
    const first = renderUsage(admin(new MemoryTenantStore(null)).services, { tiles: ['email'], visitors: 'none' });
    await waitFor(() => expect(within(tile('email')).getByTestId('usage-chart')).toBeInTheDocument());
    expect(screen.queryByRole('button', { name: /Publish for visitors/ })).not.toBeInTheDocument();
    first.unmount();
    renderUsage(admin(undefined).services, { tiles: ['email'] });
    await waitFor(() => expect(within(tile('email')).getByTestId('usage-chart')).toBeInTheDocument());
    expect(screen.queryByRole('button', { name: /Publish for visitors/ })).not.toBeInTheDocument();
  });
});
