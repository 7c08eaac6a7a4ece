import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { StoreError } from '../../../src/core/history';
import { DEFAULT_TILE_KEYS } from '../../../src/ui/usage/model/tiles';
import type { IImpressionsServices } from '../../../src/ui/common/services';
import { fakeServices } from '../fakeGraph';
import type { Route } from '../fakeGraph';
import { withText } from '../messages';
import { forbiddenRole, overviewRoutes, renderUsage, reportCalls } from './usageFixtures';
import { MemoryTenantStore, publicationFixture } from './visitorStore';

const tile = (key: string): HTMLElement => screen.getByTestId(`tile-${key}`);

/** Every overview report refused for the role, as Graph answers a person without Reports Reader or an admin role. */
function refusedRoutes(): Record<string, Route> {
  return Object.fromEntries(Object.keys(overviewRoutes()).map(k => [k, forbiddenRole]));
}

/** A visitor's services (today 2026-11-21) with the store given. */
function visitor(store?: MemoryTenantStore, routes = refusedRoutes()): { services: IImpressionsServices; calls: string[] } {
  const { services, calls } = fakeServices(routes);
  return { services: { ...services, tenantStore: store }, calls };
}

describe('Usage overview for a visitor without a report role', () => {
  it('shows the published tiles, labelled with their date, publisher, report date and who refreshes them, instead of the refusals', async () => {
    const store = new MemoryTenantStore(publicationFixture());
    const { services, calls } = visitor(store);
    renderUsage(services);
    const label = await withText(() => screen.getByTestId('published-label'), 'Published 2026-11-20 by admin@contoso.com · figures as of 2026-11-19');
    expect(label).toBeInTheDocument();
    expect(screen.getByTestId('visitor-dashboard')).toHaveTextContent('An admin with a report role refreshes it by opening this page and choosing Publish for visitors.');
    for (const key of DEFAULT_TILE_KEYS) {
      await waitFor(() => expect(within(tile(key)).getByTestId('usage-chart')).toBeInTheDocument());
      expect(within(tile(key)).getByTestId('refresh-date')).toHaveTextContent('Data as of 2026-11-19 · Last 30 days · published');
    }
    // Not a 403 in sight, nothing to publish, nothing to export, and no stale warning for a day-old publication.
    expect(screen.queryByTestId('report-error')).not.toBeInTheDocument();
    expect(screen.queryByText(/Admin role missing/)).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /Publish for visitors/ })).not.toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Export dashboard' })).not.toBeInTheDocument();
    expect(screen.queryByTestId('visitor-stale')).not.toBeInTheDocument();
    // The headline is the published newest day's figure (base 40 + day 0).
    expect(within(tile('activeUsers')).getByTestId('tile-headline')).toHaveTextContent('40active in Teams');
    // Each report was asked once, for the page's period, and refused; no per-user report was asked.
    expect(reportCalls(calls)).toHaveLength(7);
    expect(calls.some(c => /UserDetail|Detail\(/.test(c))).toBe(false);
    expect(store.reads).toBe(1);
  });

  it("another period slices the published 180 days: no report is read again and the store is not asked again", async () => {
    const store = new MemoryTenantStore(publicationFixture());
    const { services, calls } = visitor(store);
    renderUsage(services, { tiles: ['email'] });
    await waitFor(() => expect(within(tile('email')).getByTestId('usage-chart')).toBeInTheDocument());
    const before = reportCalls(calls).length;
    fireEvent.click(screen.getByRole('combobox', { name: /Period/ }));
    fireEvent.click(screen.getByRole('option', { name: 'Last 180 days' }));
    await waitFor(() => expect(within(tile('email')).getByTestId('refresh-date')).toHaveTextContent('Last 180 days · published'));
    expect(tile('email').querySelectorAll('.recharts-line').length).toBeGreaterThan(0);
    expect(reportCalls(calls)).toHaveLength(before);
    // The explorer and back: the same dashboard, read once.
    fireEvent.click(screen.getByRole('tab', { name: /Report explorer/ }));
    fireEvent.click(screen.getByRole('tab', { name: /Overview/ }));
    await waitFor(() => expect(within(tile('email')).getByTestId('usage-chart')).toBeInTheDocument());
    expect(store.reads).toBe(1);
  });

  it('never shows a per-user row: a tampered tile carrying a name is left out, and said', async () => {
    const good = publicationFixture();
    const tampered = {
      ...good,
      tiles: {
        ...good.tiles,
        email: { title: 'Email activity', sources: [{ fn: 'getEmailActivityCounts', from: '2026-11-19', series: { 'megan.bowen@contoso.com': [3] } }] },
        teams: { title: 'Teams activity', sources: [{ fn: 'getTeamsUserActivityUserDetail', from: '2026-11-19', series: { Meetings: [3] } }] }
      }
    };
    const { services } = visitor(new MemoryTenantStore(tampered));
    renderUsage(services);
    await withText(() => screen.getByTestId('visitor-skipped'), /Part of the publication could not be read and is left out: Email activity \(.*\); Teams activity \(Teams .* is not a tenant-wide trend report\)/);
    await waitFor(() => expect(within(tile('activeUsers')).getByTestId('usage-chart')).toBeInTheDocument());
    expect(within(tile('email')).getByTestId('not-published')).toHaveTextContent('This tile is not in the published dashboard');
    // Switch every tile to its table: dates and counts, never a person.
    for (const key of DEFAULT_TILE_KEYS.filter(k => k !== 'email' && k !== 'teams')) {
      const toggle = within(tile(key)).queryByRole('switch');
      if (toggle) fireEvent.click(toggle);
    }
    expect(document.body.textContent).not.toMatch(/megan/i);
    expect(document.body.textContent?.match(/[\w.]+@contoso\.com/g) ?? []).toEqual(['admin@contoso.com']);
  });

  it('a publication older than 7 days says it may be out of date, and who refreshes it', async () => {
    const { services } = visitor(new MemoryTenantStore(publicationFixture({ at: '2026-11-10T09:00:00Z', asOf: '2026-11-08' })));
    renderUsage(services, { tiles: ['email'] });
    await withText(() => screen.getByTestId('visitor-stale'), 'This dashboard may be out of date: it was published 11 days ago (more than 7). An admin with a report role refreshes it');
    expect(screen.getByTestId('published-label')).toHaveTextContent('Published 2026-11-10 by admin@contoso.com · figures as of 2026-11-08');
    await waitFor(() => expect(within(tile('email')).getByTestId('usage-chart')).toBeInTheDocument());
  });

  it('none published says so, and who publishes it; no tile and no refusal', async () => {
    const { services } = visitor(new MemoryTenantStore(null));
    renderUsage(services);
    await withText(() => screen.getByTestId('visitor-none'), 'No dashboard has been published for visitors yet; an admin with a report role publishes it from this page.');
    expect(screen.queryByTestId('report-error')).not.toBeInTheDocument();
    expect(screen.queryByTestId('tile-email')).not.toBeInTheDocument();
  });

  it('a store without the list yet is none published', async () => {
    const store = new MemoryTenantStore();
    store.readError = new StoreError('notFound', 'There is no list yet.', 404);
    renderUsage(visitor(store).services);
    await withText(() => screen.getByTestId('visitor-none'), 'No dashboard has been published for visitors yet');
  });

  it('a damaged publication is treated as none, and said', async () => {
    const { services } = visitor(new MemoryTenantStore({ publishedAt: 'last Tuesday', publishedBy: 'admin@contoso.com', tiles: {} }));
    renderUsage(services);
    await withText(() => screen.getByTestId('visitor-damaged'), 'The dashboard published for visitors could not be read (its publication time is not a time), so none is shown.');
    expect(screen.queryByTestId('tile-email')).not.toBeInTheDocument();
  });

  it('a store that cannot be reached says so with Try again, which reads again', async () => {
    const store = new MemoryTenantStore(publicationFixture());
    store.readError = new StoreError('unreachable', 'SharePoint answered 503.', 503);
    renderUsage(visitor(store).services, { tiles: ['email'] });
    await withText(() => screen.getByTestId('visitor-failed'), 'could not be reached: SharePoint answered 503.');
    store.readError = undefined;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(within(tile('email')).getByTestId('usage-chart')).toBeInTheDocument());
    expect(store.reads).toBe(2);
  });

  it("with 'none' chosen in the property pane, or no store, a visitor sees today's refusals", async () => {
    const store = new MemoryTenantStore(publicationFixture());
    const first = renderUsage(visitor(store).services, { tiles: ['email'], visitors: 'none' });
    await withText(() => within(tile('email')).getByTestId('report-error'), 'Admin role missing');
    expect(screen.queryByTestId('published-label')).not.toBeInTheDocument();
    expect(store.reads).toBe(0);
    first.unmount();
    renderUsage(visitor(undefined).services, { tiles: ['email'] });
    await withText(() => within(tile('email')).getByTestId('report-error'), 'Admin role missing');
    expect(screen.queryByRole('button', { name: /Publish for visitors/ })).not.toBeInTheDocument();
  });

  it("with 'none' chosen, a person refused reports sees no history either (it is report figures by other means); an admin does", async () => {
    const store = new MemoryTenantStore(publicationFixture());
    const first = renderUsage(visitor(store).services, { tiles: ['email', 'activeUsers'], visitors: 'none' });
    await withText(() => within(tile('email')).getByTestId('report-error'), 'Admin role missing');
    await withText(() => within(tile('activeUsers')).getByTestId('report-error'), 'Admin role missing');
    expect(screen.queryByTestId('history-charts')).not.toBeInTheDocument();
    expect(store.snapshotReads).toBe(0);
    first.unmount();
    // The same page for an admin whose reads come back: the history is shown beside the tiles.
    renderUsage(visitor(store, overviewRoutes()).services, { tiles: ['email', 'activeUsers'], visitors: 'none' });
    await waitFor(() => expect(screen.getByTestId('history-charts')).toBeInTheDocument());
    await waitFor(() => expect(store.snapshotReads).toBeGreaterThan(0));
  });

  it('a refusal for another reason (a missing scope) is not a visitor: its message stays', async () => {
    const scope: Route = { status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' } } };
    const routes = Object.fromEntries(Object.keys(overviewRoutes()).map(k => [k, scope]));
    const store = new MemoryTenantStore(publicationFixture());
    renderUsage(visitor(store, routes).services, { tiles: ['email'] });
    await withText(() => within(tile('email')).getByTestId('report-error'), 'Reports.Read.All');
    expect(screen.queryByTestId('published-label')).not.toBeInTheDocument();
    expect(store.reads).toBe(0);
  });

  it('a sign-in without Reports.Read.All is not a visitor, though Graph words its refusal as the role\'s: the page lacks the permission', async () => {
    const store = new MemoryTenantStore(publicationFixture());
    const { services } = visitor(store);
    renderUsage({ ...services, scopes: new Set(['user.read.all']) }, { tiles: ['email'] });
    await withText(() => within(tile('email')).getByTestId('report-error'), 'Reports.Read.All');
    expect(screen.queryByTestId('published-label')).not.toBeInTheDocument();
    expect(screen.queryByTestId('visitor-none')).not.toBeInTheDocument();
    expect(store.reads).toBe(0);
  });
});
