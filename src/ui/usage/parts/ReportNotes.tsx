import * as React from 'react';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { Shimmer, ShimmerElementType } from '@fluentui/react/lib/Shimmer';
import { Text } from '@fluentui/react/lib/Text';
import { useTheme } from '@fluentui/react/lib/Theme';
import type { IConcealment } from '../../../core/reports/concealed';
import { SectionMessage } from '../../common/SectionMessage';
import { formatSeconds } from '../model/format';

const fmt = new Intl.NumberFormat('en-US');

/** Props of ThrottleWait. */
export interface IThrottleWaitProps {
  /** Seconds until the read is tried again. */
  secondsLeft: number;
  /** What is waiting (a tile or report title). */
  what?: string;
}

/** Graph asked us to slow down: a live countdown, then the read is tried again by itself. */
export const ThrottleWait: React.FC<IThrottleWaitProps> = ({ secondsLeft, what }) => (
  <MessageBar messageBarType={MessageBarType.warning} isMultiline data-testid="throttle-wait">
    <strong>Microsoft Graph is busy.</strong> It limits how often usage reports may be read; {what ? `${what} ` : 'this report '}
    will be read again in <span data-testid="throttle-seconds" aria-live="off">{formatSeconds(secondsLeft)}</span>.
    {/* The countdown ticks silently; screen readers hear the wait once. */}
    <span role="status" style={{ position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' }}>
      {secondsLeft > 0 ? 'Waiting for Microsoft Graph before reading the report again.' : ''}
    </span>
  </MessageBar>
);

/** Props of LoadingBlock. */
export interface ILoadingBlockProps {
  /** Height of the placeholder in pixels. */
  height: number;
  /** Screen-reader label. */
  label: string;
}

/** A shimmer the size of the chart that is coming. */
export const LoadingBlock: React.FC<ILoadingBlockProps> = ({ height, label }) => (
  <div role="status" aria-label={label} data-testid="report-loading">
    <Shimmer shimmerElements={[{ type: ShimmerElementType.line, height: 28, width: '40%' }]} />
    <Shimmer styles={{ root: { marginTop: 8 } }} shimmerElements={[{ type: ShimmerElementType.line, height: height - 36 }]} />
  </div>
);

/** Props of RefreshNote. */
export interface IRefreshNoteProps {
  /** The report's `Report Refresh Date` (null: none in the data). */
  refreshDate: string | null;
  /** Extra words after the date (period, rows). */
  detail?: string;
}

/** "Data as of ...": reports lag by a day or two (Teams up to a week), so every view says how fresh it is. */
export const RefreshNote: React.FC<IRefreshNoteProps> = ({ refreshDate, detail }) => {
  const theme = useTheme();
  return (
    <Text variant="small" data-testid="refresh-date" styles={{ root: { color: theme.semanticColors.bodySubtext } }}>
      {refreshDate ? `Data as of ${refreshDate}` : 'Refresh date not reported'}
      {detail ? ` · ${detail}` : ''}
    </Text>
  );
};

/** Props of ConcealedBanner. */
export interface IConcealedBannerProps {
  /** What detection found in the rows. */
  concealment: IConcealment;
}

/** Names are hidden in reports: what that means, and where an admin turns it off. */
export const ConcealedBanner: React.FC<IConcealedBannerProps> = ({ concealment }) =>
  concealment.concealedRows > 0 ? (
    <MessageBar messageBarType={MessageBarType.warning} isMultiline data-testid="concealed-banner">
      <strong>User, group and site names are concealed in this tenant&apos;s reports.</strong>{' '}
      {fmt.format(concealment.concealedRows)} of {fmt.format(concealment.totalRows)} rows show an anonymous ID instead of a name, so they cannot be
      matched to people or sites. A Global Administrator can show names in the Microsoft 365 admin center: Settings &gt; Org settings &gt; Reports,
      by clearing &quot;Display concealed user, group, and site names in all reports&quot;.
    </MessageBar>
  ) : null;

/** Props of ReportProblem. */
export interface IReportProblemProps {
  /** The failure. */
  error: unknown;
  /** Offered as "Try again". */
  onRetry: () => void;
}

/** A report that could not be read: which role or scope is missing, or what else went wrong. */
export const ReportProblem: React.FC<IReportProblemProps> = ({ error, onRetry }) => (
  <div data-testid="report-error">
    <SectionMessage error={error} topic="reports" onRetry={onRetry} />
  </div>
);
