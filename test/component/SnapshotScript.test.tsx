import * as React from 'react';
import { fireEvent, render, screen } from '@testing-library/react';
import { ServicesProvider } from '../../src/ui/common/services';
import { SnapshotScript } from '../../src/ui/common/history/SnapshotScript';
import { parseArgs } from '../../src/cli/args';
import { fakeServices } from './fakeGraph';
import { parseXml, parseYaml, xmlAt } from '../unit/export/artifactParsers';

// "Schedule a daily snapshot…": the "Generate script" dialog with the CLI's daily snapshot for the store's site (every
// day at 07:00 in each artifact), or, where the history has no site, the snapshot into history.jsonl, said beside the button.

const SITE = 'https://contoso.sharepoint.com/sites/it';
const pre = (label: string): string => screen.getByLabelText(label, { selector: 'pre' }).textContent ?? '';

function renderScript(site: string | undefined, graphUrl?: string): void {
  const { services } = fakeServices({});
  if (graphUrl) services.graphUrl = graphUrl;
  render(<ServicesProvider services={services}><SnapshotScript site={site} /></ServicesProvider>);
}

describe('SnapshotScript', () => {
  it('opens the script dialog with the daily snapshot of the store\'s site, every schedule daily at 07:00', async () => {
    renderScript(SITE);
    expect(screen.queryByTestId('snapshot-script-no-site')).toBeNull();
    expect(screen.queryByText('Generate script')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Schedule a daily snapshot…' }));
    await screen.findByText('Generate script', { selector: '.ms-Dialog-title' });
    expect(screen.getByText(/^Writes today's snapshot to the list "M365 Impressions history" of https:\/\/contoso\.sharepoint\.com\/sites\/it, every day at 07:00/)).toBeTruthy();
    const lines = pre('Command for bash').split('\n');
    expect(lines[lines.length - 1]).toBe(`npx m365-impressions snapshot --site ${SITE}`);
    expect(lines.slice(0, -1).join('\n')).toMatch(/signs in to SharePoint as well as Graph[\s\S]*AllSites\.Write/);

    fireEvent.click(screen.getByRole('tab', { name: 'cron' }));
    expect(pre('crontab line').split('\n').pop()).toMatch(/^0 7 \* \* \* cd .* npx m365-impressions snapshot --site https:\/\/contoso\.sharepoint\.com\/sites\/it$/);
    fireEvent.click(screen.getByRole('tab', { name: 'Windows' }));
    const task = parseXml(pre('Task Scheduler'));
    expect(xmlAt(task, ['Triggers', 'CalendarTrigger', 'ScheduleByDay', 'DaysInterval'])?.text).toBe('1');
    fireEvent.click(screen.getByRole('tab', { name: 'GitHub Actions' }));
    const wf = parseYaml(pre('GitHub Actions')) as { on: { schedule: Array<{ cron: string }> } };
    expect(wf.on.schedule[0]?.cron).toBe('0 7 * * *');
    fireEvent.click(screen.getByRole('tab', { name: 'Azure Pipelines' }));
    const pipeline = parseYaml(pre('Azure Pipelines')) as { schedules: Array<{ cron: string }> };
    expect(pipeline.schedules[0]?.cron).toBe('0 7 * * *');
    expect(document.body.textContent).not.toMatch(/Bearer|eyJ/);

    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByText('Generate script', { selector: '.ms-Dialog-title' })).toBeNull();
  });

  it('without a site says to run snapshot --to history.jsonl, and its script does so', async () => {
    renderScript(undefined);
    expect(screen.getByTestId('snapshot-script-no-site').textContent).toMatch(/npx m365-impressions snapshot --to history\.jsonl/);
    fireEvent.click(screen.getByRole('button', { name: 'Schedule a daily snapshot…' }));
    await screen.findByText('Generate script', { selector: '.ms-Dialog-title' });
    const command = pre('Command for bash');
    expect(command.split('\n').pop()).toBe('npx m365-impressions snapshot --to history.jsonl');
    expect(command).not.toMatch(/SharePoint permissions/);
  });

  it('keeps a national cloud\'s Graph URL, and the command parses back as the CLI reads it', async () => {
    renderScript(SITE, 'https://graph.microsoft.us');
    fireEvent.click(screen.getByRole('button', { name: 'Schedule a daily snapshot…' }));
    await screen.findByText('Generate script', { selector: '.ms-Dialog-title' });
    const words = (pre('Command for bash').split('\n').pop() ?? '').split(' ').slice(2);
    expect(words).toEqual(['snapshot', '--site', SITE, '--graph-url', 'https://graph.microsoft.us']);
    const parsed = parseArgs(words);
    expect([parsed.command, parsed.values.get('site'), parsed.values.get('graph-url')]).toEqual(['snapshot', SITE, 'https://graph.microsoft.us']);
  });
});
