import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { fakeClient, fakeServices, servicesFor } from '../fakeGraph';
import type { Route } from '../fakeGraph';
import { ReportLimiter } from '../../../src/core/reports/limiter';
import { DEFAULT_TILE_KEYS } from '../../../src/ui/usage/model/tiles';
import { forbiddenRole, overviewRoutes, renderUsage, reportCalls, throttlingServices, trendPage } from './usageFixtures';
import { withText } from '../messages';

const tile = (key: string): HTMLElement => screen.getByTestId(`tile-${key}`);

describe('Usage overview', () => {
  it('renders every tile with a chart, its headline figure and the refresh date', async () => {
    const { services, calls } = fakeServices(overviewRoutes());
    renderUsage(services);
    for (const key of DEFAULT_TILE_KEYS) {
      await waitFor(() => expect(within(tile(key)).getByTestId('usage-chart')).toBeInTheDocument());
      expect(within(tile(key)).getByTestId('refresh-date')).toHaveTextContent('Data as of 2026-11-19 · Last 30 days');
    }
    // Trend tiles draw lines; the storage tile draws areas in TB; quota status draws bars of the latest day.
    expect(within(tile('activeUsers')).getByTestId('usage-chart')).toHaveAttribute('data-chart-type', 'line');
    expect(tile('activeUsers').querySelectorAll('.recharts-line')).toHaveLength(5);
    expect(within(tile('storage')).getByTestId('usage-chart')).toHaveAttribute('data-chart-type', 'area');
    expect(within(tile('storage')).getByTestId('tile-headline')).toHaveTextContent('3.81 TB');
    expect(tile('mailboxQuota').querySelectorAll('.recharts-bar-rectangle').length).toBeGreaterThan(0);
    expect(within(tile('mailboxQuota')).getByTestId('tile-headline')).toHaveTextContent('1cannot send');
    // One read per report: seven reports for six tiles (storage merges OneDrive and SharePoint).
    expect(reportCalls(calls)).toHaveLength(7);
    expect(reportCalls(calls).every(c => c.startsWith('GET beta/reports/') && c.includes("(period='D30')"))).toBe(true);
  });

  it('shows only the tiles chosen in the property pane, in that order', async () => {
    const { services, calls } = fakeServices(overviewRoutes());
    renderUsage(services, { tiles: ['storage', 'nonsense', 'email'] });
    await waitFor(() => expect(within(tile('email')).getByTestId('usage-chart')).toBeInTheDocument());
    const shown = [...document.querySelectorAll('section[data-testid^="tile-"]')].map(e => e.getAttribute('data-testid'));
    expect(shown).toEqual(['tile-storage', 'tile-email']);
    await waitFor(() => expect(reportCalls(calls)).toHaveLength(3));
  });

  it("says names are concealed by the tenant's setting, and who can change it, before any report answers; nothing when names are shown", async () => {
    const held = new Promise<never>(() => undefined);
    const routes: Record<string, Route> = Object.fromEntries(Object.keys(overviewRoutes()).map(k => [k, () => held]));
    const { services, calls } = fakeServices({ ...routes, '/admin/reportSettings': { body: { displayConcealedNames: true } } });
    const view = renderUsage(services);
    const notice = await withText(() => screen.getByTestId('names-concealed-setting'), /^Names are concealed by the tenant's setting\. Usage reports show anonymised IDs/);
    expect(notice).toHaveTextContent(/A Global Administrator can show names .*Settings > Org settings > Reports/);
    expect(reportCalls(calls).length).toBeGreaterThan(0);
    view.unmount();
    const shown = fakeServices({ ...overviewRoutes(), '/admin/reportSettings': { body: { displayConcealedNames: false } } });
    renderUsage(shown.services);
    await waitFor(() => expect(shown.calls).toContain('GET v1.0/admin/reportSettings'));
    await waitFor(() => expect(within(tile('email')).getByTestId('usage-chart')).toBeInTheDocument());
    expect(screen.queryByTestId('names-concealed-setting')).not.toBeInTheDocument();
  });

  it('says so when an editor unticked every tile, and reads nothing', async () => {
    const { services, calls } = fakeServices(overviewRoutes());
    renderUsage(services, { tiles: [] });
    await waitFor(() => expect(screen.getByTestId('no-tiles')).toHaveTextContent('No overview tiles are chosen'));
    expect(screen.getByRole('button', { name: 'Export dashboard' })).toBeDisabled();
    expect(reportCalls(calls)).toEqual([]);
  });

  it('a 403 on one tile says which role is missing while the other tiles render', async () => {
    const routes = { ...overviewRoutes(), '/reports/getTeamsUserActivityCounts': forbiddenRole };
    const { services } = fakeServices(routes);
    renderUsage(services);
    const failed = await withText(() => within(tile('teams')).getByTestId('report-error'), 'Admin role missing');
    expect(failed).toHaveTextContent('Reports Reader');
    expect(within(tile('teams')).queryByTestId('usage-chart')).not.toBeInTheDocument();
    for (const key of DEFAULT_TILE_KEYS.filter(k => k !== 'teams')) {
      await waitFor(() => expect(within(tile(key)).getByTestId('usage-chart')).toBeInTheDocument());
      expect(within(tile(key)).queryByTestId('report-error')).not.toBeInTheDocument();
    }
  });

  it('a tile whose reports are refused alike says it once, and offers no Try again for a missing role', async () => {
    const routes = { ...overviewRoutes(), '/reports/getOneDriveUsageStorage': forbiddenRole, '/reports/getSharePointSiteUsageStorage': forbiddenRole };
    const { services } = fakeServices(routes);
    renderUsage(services, { tiles: ['storage'] });
    await withText(() => within(tile('storage')).getByTestId('report-error'), 'Admin role missing');
    // Both reads have ended (no loading block), and one message speaks for the two.
    await waitFor(() => expect(within(tile('storage')).queryByTestId('report-loading')).not.toBeInTheDocument());
    expect(within(tile('storage')).getAllByTestId('report-error')).toHaveLength(1);
    expect(within(tile('storage')).queryByRole('button', { name: 'Try again' })).not.toBeInTheDocument();
  });

  it('a missing scope (403 without the role code) names Reports.Read.All', async () => {
    const routes = { ...overviewRoutes(), '/reports/getEmailActivityCounts': { status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges.' } } } };
    const { services } = fakeServices(routes);
    renderUsage(services, { tiles: ['email'] });
    await withText(() => within(tile('email')).getByTestId('report-error'), 'Reports.Read.All');
  });

  it('switching to the explorer and back, or to another period and back, never re-reads', async () => {
    const { services, calls } = fakeServices(overviewRoutes());
    renderUsage(services, { tiles: ['email'] });
    await waitFor(() => expect(within(tile('email')).getByTestId('usage-chart')).toBeInTheDocument());
    expect(reportCalls(calls, 'getEmailActivityCounts')).toHaveLength(1);
    fireEvent.click(screen.getByRole('tab', { name: /Report explorer/ }));
    fireEvent.click(screen.getByRole('tab', { name: /Overview/ }));
    // Back at once from the session's store: no shimmer, no request.
    expect(within(tile('email')).queryByTestId('report-loading')).not.toBeInTheDocument();
    await waitFor(() => expect(within(tile('email')).getByTestId('usage-chart')).toBeInTheDocument());
    expect(reportCalls(calls, 'getEmailActivityCounts')).toHaveLength(1);
    // Another period is another report read; coming back to the first is not.
    const pickPeriod = (name: string): void => {
      fireEvent.click(screen.getByRole('combobox', { name: /Period/ }));
      fireEvent.click(screen.getByRole('option', { name }));
    };
    pickPeriod('Last 7 days');
    await waitFor(() => expect(reportCalls(calls, 'getEmailActivityCounts')).toHaveLength(2));
    expect(reportCalls(calls, 'getEmailActivityCounts')[1]).toContain("(period='D7')");
    await waitFor(() => expect(within(tile('email')).getByTestId('refresh-date')).toHaveTextContent('Last 7 days'));
    pickPeriod('Last 30 days');
    await waitFor(() => expect(within(tile('email')).getByTestId('refresh-date')).toHaveTextContent('Last 30 days'));
    expect(reportCalls(calls, 'getEmailActivityCounts')).toHaveLength(2);
  });
});

describe('Usage overview under throttling', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('a report of more pages than Graph\'s report window allows waits for a place (countdown, rows so far), then finishes by itself', async () => {
    // Thirty days of email counts in three pages of ten; the window holds one request per 3 s.
    const all = (trendPage(30, i => ({ send: 600 + i, receive: 4000, read: 3000, meetingCreated: 10, meetingInteracted: 20 })).body as { value: unknown[] }).value;
    const paged: Route = path => {
      const n = Number(/[?&]page=(\d)/.exec(path)?.[1] ?? '0');
      const next = n < 2 ? { '@odata.nextLink': `https://graph.microsoft.com/beta/reports/getEmailActivityCounts(period='D30')?$format=application/json&page=${n + 1}` } : {};
      return { body: { value: all.slice(n * 10, n * 10 + 10), ...next } };
    };
    const { client, calls } = fakeClient({ ...overviewRoutes(), '/reports/getEmailActivityCounts': paged });
    const limiter = new ReportLimiter({ limits: { json: { requests: 1, windowMs: 3000 } } });
    const services = servicesFor(client, { limiter });
    renderUsage(services, { tiles: ['email'] });
    const wait = await withText(() => within(tile('email')).getByTestId('throttle-wait'), 'Waiting for Microsoft Graph\'s report limit');
    expect(wait).toHaveAttribute('data-reason', 'limit');
    expect(wait).toHaveTextContent('at most 1 requests for each report in 3 s');
    expect(wait).toHaveTextContent('(10 rows read so far)');
    // The countdown ticks each second toward the moment the oldest request leaves the window (3 s).
    const seconds = (): number => Number(/\d+/.exec(within(tile('email')).getByTestId('throttle-seconds').textContent ?? '')?.[0]);
    const first = seconds();
    expect(first).toBeGreaterThanOrEqual(2);
    expect(first).toBeLessThanOrEqual(4);
    await act(async () => { jest.advanceTimersByTime(1000); });
    expect(seconds()).toBe(first - 1);
    expect(reportCalls(calls, 'getEmailActivityCounts')).toHaveLength(1);
    for (let i = 0; i < 8; i++) await act(async () => { jest.advanceTimersByTime(1000); });
    await waitFor(() => expect(within(tile('email')).getByTestId('usage-chart')).toBeInTheDocument());
    expect(within(tile('email')).queryByTestId('throttle-wait')).not.toBeInTheDocument();
    expect(within(tile('email')).queryByTestId('report-error')).not.toBeInTheDocument();
    // Three pages, three requests: nothing was read twice and nothing hit a 429.
    expect(reportCalls(calls, 'getEmailActivityCounts')).toHaveLength(3);
    expect(limiter.stats.waits).toBe(2);
  });

  it('counts down Retry-After, then reads again by itself (no error, no loop)', async () => {
    const { services, calls } = throttlingServices(overviewRoutes(), 'getEmailActivityCounts', 1, '3');
    renderUsage(services, { tiles: ['email', 'apps'] });
    await withText(() => within(tile('email')).getByTestId('throttle-seconds'), '3 s');
    expect(within(tile('email')).queryByTestId('report-error')).not.toBeInTheDocument();
    // The other tile is not held up by the wait.
    await waitFor(() => expect(within(tile('apps')).getByTestId('usage-chart')).toBeInTheDocument());
    await act(async () => { jest.advanceTimersByTime(1000); });
    expect(within(tile('email')).getByTestId('throttle-seconds')).toHaveTextContent('2 s');
    await act(async () => { jest.advanceTimersByTime(1000); });
    expect(within(tile('email')).getByTestId('throttle-seconds')).toHaveTextContent('1 s');
    expect(reportCalls(calls, 'getEmailActivityCounts')).toHaveLength(1);
    await act(async () => { jest.advanceTimersByTime(1000); });
    await waitFor(() => expect(within(tile('email')).getByTestId('usage-chart')).toBeInTheDocument());
    expect(within(tile('email')).queryByTestId('throttle-wait')).not.toBeInTheDocument();
    expect(reportCalls(calls, 'getEmailActivityCounts')).toHaveLength(2);
  });

  it('gives up after repeated throttling and offers Try again instead of retrying forever', async () => {
    const { services, calls } = throttlingServices(overviewRoutes(), 'getEmailActivityCounts', 10, '1');
    renderUsage(services, { tiles: ['email'] });
    for (let i = 0; i < 6; i++) await act(async () => { jest.advanceTimersByTime(1000); });
    const failed = await withText(() => within(tile('email')).getByTestId('report-error'), 'Microsoft Graph is busy');
    const before = reportCalls(calls, 'getEmailActivityCounts').length;
    expect(before).toBe(4); // the first read and three waits
    for (let i = 0; i < 5; i++) await act(async () => { jest.advanceTimersByTime(1000); });
    expect(reportCalls(calls, 'getEmailActivityCounts')).toHaveLength(before);
    expect(within(failed).getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
