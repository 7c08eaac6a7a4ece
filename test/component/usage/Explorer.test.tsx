import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { fakeServices } from '../fakeGraph';
import type { Route } from '../fakeGraph';
import { REFRESH, emailUser, overviewRoutes, renderUsage, reportCalls, trendPage } from './usageFixtures';
import { withText } from '../messages';

const HEX = 'A1B2C3D4E5F60718293A4B5C6D7E8F90';

function routes(extra: Record<string, Route> = {}): Record<string, Route> {
  return {
    ...overviewRoutes(),
    '/reports/getEmailAppUsageVersionsUserCounts': { body: { value: [{ reportRefreshDate: REFRESH, outlook2016: 12, outlook2013: 3, outlook2010: 0, outlook2007: 0, undetermined: 1, reportPeriod: '30', outlookM365: 150, outlook2019: 20 }] } },
    '/reports/getOffice365ActivationCounts': { body: { value: [
      { reportRefreshDate: REFRESH, productType: 'MICROSOFT 365 APPS FOR ENTERPRISE', windows: 424, mac: 25, android: 43, ios: 59, windows10Mobile: 0 },
      { reportRefreshDate: REFRESH, productType: 'MICROSOFT 365 APPS FOR BUSINESS', windows: 84, mac: 2, android: 10, ios: 11, windows10Mobile: 0 }
    ] } },
    '/reports/getEmailActivityUserDetail': (path: string) => {
      const date = /date=(\d{4}-\d{2}-\d{2})/.exec(path)?.[1];
      return { body: { value: [emailUser('ann@contoso.com', date ? Number(date.slice(8)) : 30), emailUser('bob@contoso.com', 5), emailUser('cy@contoso.com', 12)] } };
    },
    '/reports/getSkypeForBusinessActivityCounts': trendPage(30, i => ({ peerToPeer: i, organized: 1, participated: 2 })),
    ...extra
  };
}

function openExplorer(r: Record<string, Route> = routes()): { calls: string[] } {
  const { services, calls } = fakeServices(r);
  renderUsage(services, { defaultMode: 'explorer' });
  return { calls };
}

function pickReport(title: string | RegExp): void {
  fireEvent.click(screen.getByRole('combobox', { name: /^Report/ }));
  fireEvent.click(screen.getByRole('option', { name: title }));
}

// A date input has no textbox role; find it by its label among inputs.
const dateInput = (label: string): HTMLElement => screen.getByLabelText(label, { selector: 'input' });
const chart = (): Promise<HTMLElement> => screen.findByTestId('usage-chart');

describe('Report explorer', () => {
  it('charts a trend report as lines, switches to areas, and offers the table as the accessible alternative', async () => {
    const { calls } = openExplorer();
    expect(await chart()).toHaveAttribute('data-chart-type', 'line');
    expect(screen.getByTestId('refresh-date')).toHaveTextContent('Data as of 2026-11-19 · Last 30 days · 30 rows');
    // Office 365, Exchange, OneDrive, SharePoint, Yammer, Teams: Skype For Business is a retired service's series.
    expect(document.querySelectorAll('.recharts-line')).toHaveLength(6);
    expect(screen.getByText(/Not charted: Skype For Business \(retired service\)/)).toBeInTheDocument();
    // Keyboard: the chart surface is a tab stop named after what it shows.
    const surface = document.querySelector('.recharts-surface') as SVGElement;
    expect(surface).toHaveAttribute('tabindex', '0');
    expect(surface.querySelector('title')?.textContent).toBe('Active users by service, last 30 days');

    fireEvent.click(screen.getByRole('button', { name: 'Area' }));
    expect(await chart()).toHaveAttribute('data-chart-type', 'area');
    expect(document.querySelectorAll('.recharts-area').length).toBe(6);

    fireEvent.click(screen.getByRole('switch', { name: 'Table' }));
    const table = screen.getByTestId('chart-table');
    expect(screen.queryByTestId('usage-chart')).not.toBeInTheDocument();
    expect(within(table).getAllByRole('columnheader').map(h => h.textContent)).toEqual(['Report Date', 'Office 365', 'Exchange', 'OneDrive', 'SharePoint', 'Yammer', 'Teams']);
    // Oldest day first, like the chart: 2026-10-21 is i = 29 (Office 365 = 170 + 29).
    const first = within(table).getAllByRole('row')[1] as HTMLElement;
    expect(within(first).getByRole('rowheader')).toHaveTextContent('2026-10-21');
    expect(within(first).getAllByRole('cell')[0]).toHaveTextContent('199');
    fireEvent.click(screen.getByRole('switch', { name: 'Table' }));
    expect(await chart()).toBeInTheDocument();
    expect(reportCalls(calls, 'getOffice365ActiveUserCounts')).toHaveLength(1);
  });

  it('charts a distribution as a pie (or bars), and a distribution by product as grouped bars', async () => {
    openExplorer();
    await chart();
    pickReport('Outlook desktop versions');
    expect(await chart()).toHaveAttribute('data-chart-type', 'pie');
    // Zero slices (Outlook 2010, 2007) are left out of the pie; the table keeps them.
    await waitFor(() => expect(document.querySelectorAll('.recharts-pie-sector')).toHaveLength(5));
    fireEvent.click(screen.getByRole('button', { name: 'Bar' }));
    expect(await chart()).toHaveAttribute('data-chart-type', 'bar');
    await waitFor(() => expect(document.querySelectorAll('.recharts-bar-rectangle').length).toBe(7));
    fireEvent.click(screen.getByRole('switch', { name: 'Table' }));
    const rows = within(screen.getByTestId('chart-table')).getAllByRole('row').slice(1).map(r => r.textContent);
    expect(rows).toContain('Outlook M365150');
    expect(rows).toContain('Outlook 20100');

    pickReport('Office activations by platform');
    expect(screen.getByText('This report takes no period or date: it shows the current figures.')).toBeInTheDocument();
    expect(await chart()).toHaveAttribute('data-chart-type', 'bar');
    // Windows, Mac, Android, iOS and Windows 10 Mobile (all zeros, still a measure with data).
    await waitFor(() => expect(document.querySelectorAll('.recharts-bar').length).toBe(5));
  });

  it('shows a detail report as a searchable, sortable table with a top-N chart of a chosen column', async () => {
    openExplorer();
    await chart();
    pickReport('Email activity user detail');
    const topN = await screen.findByTestId('top-n');
    expect(within(topN).getByText('Top 10 by Send Count', { selector: 'span' })).toBeInTheDocument();
    await waitFor(() => expect(topN.querySelectorAll('.recharts-bar-rectangle')).toHaveLength(3));
    expect(screen.getByTestId('row-count')).toHaveTextContent('3 of 3 rows');
    const grid = screen.getByRole('grid', { name: 'Email activity user detail' });
    const upns = (): string[] => within(grid).getAllByRole('row').slice(1).map(r => within(r).getAllByRole('gridcell')[0]?.textContent ?? '');
    expect(upns()).toEqual(['ann@contoso.com', 'bob@contoso.com', 'cy@contoso.com']);
    fireEvent.click(within(grid).getByText('Send Count'));
    expect(upns()).toEqual(['ann@contoso.com', 'cy@contoso.com', 'bob@contoso.com']);
    fireEvent.click(within(grid).getByText('Send Count'));
    expect(upns()).toEqual(['bob@contoso.com', 'cy@contoso.com', 'ann@contoso.com']);
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search report rows' }), { target: { value: 'cy@' } });
    expect(screen.getByTestId('row-count')).toHaveTextContent('1 of 3 rows');
    expect(upns()).toEqual(['cy@contoso.com']);
    // The top-N chart follows the rows shown, and another column can be chosen.
    await waitFor(() => expect(topN.querySelectorAll('.recharts-bar-rectangle')).toHaveLength(1));
    fireEvent.click(within(topN).getByRole('combobox', { name: /By/ }));
    fireEvent.click(screen.getByRole('option', { name: 'Read Count' }));
    expect(within(topN).getByText('Top 10 by Read Count', { selector: 'span' })).toBeInTheDocument();
  });

  it('refuses a date older than 30 days with a message, before any request', async () => {
    const { calls } = openExplorer();
    await chart();
    pickReport('Email activity user detail');
    await screen.findByTestId('top-n');
    const before = reportCalls(calls).length;
    fireEvent.click(screen.getByRole('radio', { name: 'One day' }));
    fireEvent.change(dateInput('Date'), { target: { value: '2026-09-01' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show report' }));
    await waitFor(() => expect(screen.getByTestId('date-error')).toHaveTextContent('2026-09-01 is more than 30 days ago'));
    await waitFor(() => expect(screen.getByTestId('date-error')).toHaveTextContent('The earliest date you can ask for today is 2026-10-22'));
    expect(dateInput('Date')).toHaveAttribute('aria-invalid', 'true');
    expect(reportCalls(calls)).toHaveLength(before);
    expect(calls.some(c => c.includes('date='))).toBe(false);

    // Days back beyond the window is refused the same way; a day inside it is read once.
    fireEvent.click(screen.getByRole('combobox', { name: 'Date: give as' }));
    fireEvent.click(screen.getByRole('option', { name: 'Days back' }));
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Date: days before today' }), { target: { value: '45' } });
    await waitFor(() => expect(screen.getByTestId('date-error')).toHaveTextContent('more than 30 days ago'));
    fireEvent.click(screen.getByRole('button', { name: 'Show report' }));
    expect(calls.some(c => c.includes('date='))).toBe(false);
    fireEvent.change(screen.getByRole('spinbutton', { name: 'Date: days before today' }), { target: { value: '3' } });
    fireEvent.click(screen.getByRole('button', { name: 'Show report' }));
    await waitFor(() => expect(screen.getByTestId('refresh-date')).toHaveTextContent('On 2026-11-18'));
    expect(calls.filter(c => c.includes('date='))).toEqual(["GET beta/reports/getEmailActivityUserDetail(date=2026-11-18)?$format=application/json&$top=5000"]);
  });

  it('says how many requests a date range takes, then reads day by day and merges the days with a Report Date column', async () => {
    const { calls } = openExplorer();
    await chart();
    pickReport('Email activity user detail');
    await screen.findByTestId('top-n');
    fireEvent.click(screen.getByRole('radio', { name: 'Date range' }));
    // Default: the week ending the day before yesterday.
    expect(screen.getByTestId('range-requests')).toHaveTextContent(/^7 requests to Microsoft Graph \(one per day\)/);
    fireEvent.change(dateInput('Start'), { target: { value: '2026-11-17' } });
    expect(screen.getByTestId('range-requests')).toHaveTextContent(/^3 requests/);
    expect(calls.some(c => c.includes('date='))).toBe(false);
    fireEvent.click(screen.getByRole('button', { name: 'Read 3 days' }));
    await waitFor(() => expect(screen.getByTestId('refresh-date')).toHaveTextContent('2026-11-17 to 2026-11-19, day by day · 9 rows'));
    expect(calls.filter(c => c.includes('date=')).map(c => /date=([\d-]+)/.exec(c)?.[1])).toEqual(['2026-11-17', '2026-11-18', '2026-11-19']);
    const grid = screen.getByRole('grid', { name: 'Email activity user detail' });
    expect(within(grid).getAllByRole('columnheader')[0]).toHaveTextContent('Report Date');
    expect(screen.getByTestId('row-count')).toHaveTextContent('9 of 9 rows');
    // Top-N adds a user's days up: Ann sent 17 + 18 + 19.
    expect(screen.getByText('Top 10 by Send Count (total over the days)', { selector: 'span' })).toBeInTheDocument();
    fireEvent.click(within(screen.getByTestId('top-n')).getByRole('switch', { name: 'Table' }));
    expect(within(screen.getByTestId('chart-table')).getAllByRole('row')[1]).toHaveTextContent('ann@contoso.com54');

    // An end before the start is refused before any request.
    fireEvent.change(dateInput('End'), { target: { value: '2026-11-10' } });
    await waitFor(() => expect(screen.getByTestId('date-error')).toHaveTextContent('The start date 2026-11-17 is after the end date 2026-11-10.'));
    expect(screen.getByRole('button', { name: 'Read days' })).toBeDisabled();
  });

  it('hides retired Skype for Business reports until asked, then marks them as retired', async () => {
    openExplorer();
    await chart();
    fireEvent.click(screen.getByRole('combobox', { name: /^Report/ }));
    expect(screen.queryByRole('option', { name: /Skype/ })).not.toBeInTheDocument();
    expect(screen.getAllByRole('option').length).toBeGreaterThan(50);
    fireEvent.click(screen.getByRole('option', { name: 'Active users by service' }));
    fireEvent.click(screen.getByRole('switch', { name: 'Show retired' }));
    pickReport('Skype for Business activity counts (retired)');
    await waitFor(() => expect(screen.getByTestId('retired-note')).toHaveTextContent('retired on 31 July 2021'));
    // Asked for explicitly, its own series are charted.
    expect(await chart()).toHaveAttribute('data-chart-type', 'line');
    await waitFor(() => expect(document.querySelectorAll('.recharts-line')).toHaveLength(3));
    // Hiding them again leaves the retired report.
    fireEvent.click(screen.getByRole('switch', { name: 'Show retired' }));
    expect(screen.queryByTestId('retired-note')).not.toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: /^Report/ })).toHaveTextContent('Active users by service');
  });

  it('explains concealed names with where an admin turns them off', async () => {
    const concealed = { body: { value: [emailUser(HEX, 3, { displayName: HEX }), emailUser('5F4DCC3B5AA765D61D8327DEB882CF99', 1, { displayName: '5F4DCC3B5AA765D61D8327DEB882CF99' }), emailUser('ann@contoso.com', 2)] } };
    openExplorer(routes({ '/reports/getEmailActivityUserDetail': concealed }));
    await chart();
    pickReport('Email activity user detail');
    const banner = await withText(() => screen.getByTestId('concealed-banner'), '2 of 3 rows show an anonymous ID');
    expect(banner).toHaveTextContent('Microsoft 365 admin center: Settings > Org settings > Reports');
  });

  it('shows no concealed banner for ordinary names', async () => {
    openExplorer();
    await chart();
    pickReport('Email activity user detail');
    await screen.findByTestId('top-n');
    expect(screen.queryByTestId('concealed-banner')).not.toBeInTheDocument();
  });
});
