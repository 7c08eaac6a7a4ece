import * as React from 'react';
import { ProgressIndicator } from '@fluentui/react/lib/ProgressIndicator';
import { Text } from '@fluentui/react/lib/Text';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import type { IFigure, WorkloadPart } from '../../core/impression';
import { partStatus } from '../../core/impression';
import { findReport } from '../../core/reports';
import { formatBytes, formatCell } from '../common/format';
import { Card, Facts } from './Card';

/** Props of WorkloadCard. */
export interface IWorkloadCardProps {
  title: string;
  /** The report parts behind this section, in order. */
  parts: WorkloadPart[];
}

const num = (f: IFigure[] | undefined, field: string): number | undefined => {
  const v = f?.find(x => x.field === field)?.value;
  return typeof v === 'number' ? v : undefined;
};

/** A usage bar: used of a limit (mailbox quota, OneDrive allocation). */
const UsageBar: React.FC<{ label: string; used?: number; limit?: number }> = ({ label, used, limit }) =>
  used !== undefined && limit ? (
    <ProgressIndicator label={label} description={`${formatBytes(used)} of ${formatBytes(limit)} (${Math.round((used / limit) * 100)}%)`} percentComplete={Math.min(1, used / limit)} />
  ) : null;

/** One workload of the impression, from the cached report rows for this user. */
export const WorkloadCard: React.FC<IWorkloadCardProps> = ({ title, parts }) => {
  const loading = parts.every(p => p.status === 'loading');
  const ready = parts.filter((p): p is Extract<WorkloadPart, { status: 'ready' }> => p.status === 'ready');
  const refresh = parts.map(p => ('refreshDate' in p ? p.refreshDate : null)).find(Boolean) ?? null;
  const source = parts.map(p => ('source' in p ? p.source : undefined)).find(Boolean);
  const figures = ready.flatMap(p => p.figures);
  const seen = new Set<string>();
  const unique = figures.filter(f => (seen.has(f.field) ? false : (seen.add(f.field), true)));
  const notes = parts.map(p => ({ p, text: partStatus(p) })).filter(x => x.text && x.p.status !== 'loading');
  return (
    <Card title={title} refreshDate={refresh} source={source} loading={loading}>
      {title === 'Exchange' && <UsageBar label="Mailbox" used={num(figures, 'Storage Used (Byte)')} limit={num(figures, 'Prohibit Send/Receive Quota (Byte)')} />}
      {title === 'OneDrive' && <UsageBar label="OneDrive storage" used={num(figures, 'Storage Used (Byte)')} limit={num(figures, 'Storage Allocated (Byte)')} />}
      {notes.map(({ p, text }) => (
        <MessageBar key={p.fn} messageBarType={p.status === 'error' ? MessageBarType.warning : MessageBarType.info} isMultiline>
          <strong>{findReport(p.fn)?.title ?? p.fn}:</strong> {text}
        </MessageBar>
      ))}
      {unique.length > 0 ? <Facts items={unique.map(f => [f.field, f.missing ?? formatCell(f.value, f.unit)])} /> : !loading && notes.length === 0 ? <Text>No figures.</Text> : null}
    </Card>
  );
};
