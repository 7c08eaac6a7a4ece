import * as React from 'react';
import { render, screen } from '@testing-library/react';
import { WorkloadCard } from '../../src/ui/impression/WorkloadCard';
import { RefreshNote } from '../../src/ui/usage/parts/ReportNotes';
import type { WorkloadPart } from '../../src/core/impression/workloads';
import type { IReportSource } from '../../src/core/reports/reader';

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
