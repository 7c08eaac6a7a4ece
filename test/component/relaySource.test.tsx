import * as React from 'react';
import { TextEncoder as NodeTextEncoder } from 'util';
import { act, fireEvent, render, screen } from '@testing-library/react';
import { WorkloadCard } from '../../src/ui/impression/WorkloadCard';
import { RefreshNote } from '../../src/ui/usage/parts/ReportNotes';
import type { WorkloadPart } from '../../src/core/impression/workloads';
import type { IReportSource } from '../../src/core/reports/reader';
import { RelayNotice } from '../../src/ui/common/RelayNotice';
import { ServicesProvider } from '../../src/ui/common/services';
import type { IImpressionsServices } from '../../src/ui/common/services';
import { Sessions } from '../../src/ui/common/sessions';
import { ReportStore } from '../../src/core/reports/store';
import { RelayAccessError } from '../../src/core/reports/relay';
import type { IFileStore } from '../../src/core/reports/relay';
import { requireReport } from '../../src/core/reports/catalog';
import { GraphGateway } from '../../src/core/graph/GraphGateway';
import { fakeClient, servicesFor } from './fakeGraph';
import { withText } from './messages';

// Rows from the report relay say so wherever their report date is shown (issue 20); Graph's own rows do not.
const source: IReportSource = { kind: 'relay', publishedAt: '2026-11-20T06:00:00.000Z', publishedBy: 'scheduled task', where: "the library 'M365 Impressions relay' in https://contoso.sharepoint.com/sites/it" };
const part = (from?: IReportSource): WorkloadPart => ({ status: 'ready', fn: 'getEmailActivityUserDetail', figures: [{ field: 'Send Count', value: 3, type: 'number' }], refreshDate: '2026-11-19', period: 30, ...(from ? { source: from } : {}) });

describe('where report rows came from', () => {
  it('says a workload card\'s rows came from a relay copy, when and by whom, and where it lives on hover', () => {
    render(<WorkloadCard title="Exchange" parts={[part(source)]} />);
    expect(screen.getByText('Data as of 2026-11-19')).toBeInTheDocument();
    const note = screen.getByTestId('card-source');
    expect(note).toHaveTextContent('From the relay copy published 2026-11-20 by scheduled task');
    expect(note.getAttribute('title')).toContain("the library 'M365 Impressions relay' in https://contoso.sharepoint.com/sites/it");
  });

  it('says nothing of the kind for Graph\'s own rows', () => {
    render(<WorkloadCard title="Exchange" parts={[part()]} />);
    expect(screen.getByText('Data as of 2026-11-19')).toBeInTheDocument();
    expect(screen.queryByTestId('card-source')).toBeNull();
  });

  it('adds the copy to a report\'s date line', () => {
    render(<RefreshNote refreshDate="2026-11-19" detail="Last 30 days" source={source} />);
    expect(screen.getByTestId('refresh-date')).toHaveTextContent('Data as of 2026-11-19 · relay copy published 2026-11-20 by scheduled task · Last 30 days');
  });
});

describe('a refused publication', () => {
  // jsdom has no TextEncoder (browsers do): the copy is encoded before it is written.
  beforeAll(() => {
    if (typeof globalThis.TextEncoder === 'undefined') Object.assign(globalThis, { TextEncoder: NodeTextEncoder });
  });
  const entry = requireReport('getEmailActivityUserDetail');
  function withRelay(write: IFileStore['write']): { services: IImpressionsServices; reports: ReportStore } {
    const { client } = fakeClient({ '/reports/getEmailActivityUserDetail': { body: { value: [{ reportRefreshDate: '2026-11-19', userPrincipalName: 'ann@contoso.com', sendCount: 3, reportPeriod: '30' }] } } });
    const gateway = new GraphGateway(client);
    const files: IFileStore = { where: source.where, read: () => Promise.resolve(undefined), write };
    const reports = new ReportStore(gateway, { format: 'json', relay: { files } });
    return { services: { ...servicesFor(client), gateway, reports, sessions: new Sessions(gateway, reports) }, reports };
  }

  it('is said once, with SharePoint\'s reason, and can be dismissed; reports still come from Graph', async () => {
    const { services, reports } = withRelay(() => Promise.reject(new RelayAccessError(403, "Could not create the library 'M365 Impressions relay' in https://contoso.sharepoint.com/sites/it: SharePoint refused.")));
    render(<ServicesProvider services={services}><RelayNotice /></ServicesProvider>);
    expect(screen.queryByTestId('relay-notice')).toBeNull();
    await act(async () => { expect((await reports.get(entry, { period: 'D30' })).rows).toHaveLength(1); await reports.published(); });
    // A MessageBar's words come a tick after the bar: wait for them, not for the bar.
    const notice = await withText(() => screen.getByTestId('relay-notice'), "Report copies are not being published. Could not create the library 'M365 Impressions relay' in https://contoso.sharepoint.com/sites/it: SharePoint refused. Reports are read from Microsoft Graph as before.");
    expect(notice).toBeInTheDocument();
    fireEvent.click(screen.getByRole('button', { name: 'Close' }));
    expect(screen.queryByTestId('relay-notice')).toBeNull();
  });

  it('says nothing when copies are published', async () => {
    const { services, reports } = withRelay(() => Promise.resolve());
    render(<ServicesProvider services={services}><RelayNotice /></ServicesProvider>);
    await act(async () => { await reports.get(entry, { period: 'D30' }); await reports.published(); });
    expect(reports.publishLog).toEqual([{ key: 'getEmailActivityUserDetail(period=D30)', ok: true }]);
    expect(screen.queryByTestId('relay-notice')).toBeNull();
  });
});
