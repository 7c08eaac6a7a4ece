import * as React from 'react';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { Shimmer, ShimmerElementType } from '@fluentui/react/lib/Shimmer';
import { Text } from '@fluentui/react/lib/Text';
import { useTheme } from '@fluentui/react/lib/Theme';
import { SHOW_NAMES_HELP, relaySourceText, relaySourceTitle } from '../../../core/reports';
import type { IConcealment, IReportSource } from '../../../core/reports';
import { SectionMessage } from '../../common/SectionMessage';
import { formatSeconds } from '../../common/format';
import { useServices } from '../../common/services';
import { useSecondsLeft } from '../../common/useQuery';
import { isPassingFailure } from '../../../core/graph';

const fmt = new Intl.NumberFormat('en-US');

/** Props of ThrottleWait. */
export interface IThrottleWaitProps {
  /** When (ms since epoch) the read goes on: core keeps waits as timestamps; this counts down to it. */
  until: number;
  /** What is waiting (a tile or report title). */
  what?: string;
  /**
   * 'throttled': Graph answered 429 and the read is tried again after Retry-After. 'limit': the read
   * waits for a place in Graph's report window (our limiter) and goes on where it stopped.
   */
  reason?: 'throttled' | 'limit';
  /** Rows read so far (limit waits). */
  rows?: number;
}

/** "10 minutes" (Graph's window); shortened windows (tests) in seconds. */
function windowText(ms: number): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} minutes` : formatSeconds(ms / 1000);
}

const srOnly: React.CSSProperties = { position: 'absolute', width: 1, height: 1, overflow: 'hidden', clip: 'rect(0 0 0 0)' };

/** A wait for Microsoft Graph: a live countdown, then the read goes on by itself. */
export const ThrottleWait: React.FC<IThrottleWaitProps> = ({ until, what, reason = 'throttled', rows }) => {
  const { reports } = useServices();
  const secondsLeft = useSecondsLeft(until) ?? 0;
  const subject = what ? `${what} ` : 'this report ';
  const countdown = <span data-testid="throttle-seconds" aria-live="off">{formatSeconds(secondsLeft)}</span>;
  if (reason === 'limit') {
    const limit = reports.limiter.limit(reports.format);
    return (
      <MessageBar messageBarType={MessageBarType.info} isMultiline data-testid="throttle-wait" data-reason="limit">
        <strong>Waiting for Microsoft Graph&apos;s report limit.</strong> Graph answers at most {fmt.format(limit.requests)} requests for each report
        in {windowText(limit.windowMs)}, and {subject}needs more{rows ? ` (${fmt.format(rows)} rows read so far)` : ''}. Reading goes on
        by itself in {countdown}; nothing is lost meanwhile.
        {/* The countdown ticks silently; screen readers hear the wait once. */}
        <span role="status" style={srOnly}>{secondsLeft > 0 ? 'Waiting for Microsoft Graph\'s report limit before reading on.' : ''}</span>
      </MessageBar>
    );
  }
  return (
    <MessageBar messageBarType={MessageBarType.warning} isMultiline data-testid="throttle-wait" data-reason="throttled">
      <strong>Microsoft Graph is busy.</strong> It limits how often usage reports may be read; {subject}will be read again in {countdown}.
      {/* The countdown ticks silently; screen readers hear the wait once. */}
      <span role="status" style={srOnly}>{secondsLeft > 0 ? 'Waiting for Microsoft Graph before reading the report again.' : ''}</span>
    </MessageBar>
  );
};

/** Props of LoadingBlock. */
export interface ILoadingBlockProps {
  /** Height of the placeholder in pixels. */
  height: number;
  /** Screen-reader label. */
  label: string;
  /** Rows read so far, once a large report's first pages are in. */
  rows?: number;
}

/** A shimmer the size of the chart that is coming, with the rows read so far on a large report. */
export const LoadingBlock: React.FC<ILoadingBlockProps> = ({ height, label, rows }) => (
  <div role="status" aria-label={label} data-testid="report-loading">
    <Shimmer shimmerElements={[{ type: ShimmerElementType.line, height: 28, width: '40%' }]} />
    <Shimmer styles={{ root: { marginTop: 8 } }} shimmerElements={[{ type: ShimmerElementType.line, height: height - 36 }]} />
    {rows ? <Text variant="small" block data-testid="rows-read" styles={{ root: { marginTop: 4 } }}>{`${fmt.format(rows)} rows read…`}</Text> : null}
  </div>
);

/** Props of RefreshNote. */
export interface IRefreshNoteProps {
  /** The report's `Report Refresh Date` (null: none in the data). */
  refreshDate: string | null;
  /** Extra words after the date (period, rows). */
  detail?: string;
  /** Set when the rows came from the relay (said after the date, where it lives on hover). */
  source?: IReportSource;
}

/** "Data as of ...": reports lag by a day or two (Teams up to a week), so every view says how fresh it is. */
export const RefreshNote: React.FC<IRefreshNoteProps> = ({ refreshDate, detail, source }) => {
  const theme = useTheme();
  return (
    <Text variant="small" data-testid="refresh-date" title={source ? relaySourceTitle(source) : undefined} styles={{ root: { color: theme.semanticColors.bodySubtext } }}>
      {refreshDate ? `Data as of ${refreshDate}` : 'Refresh date not reported'}
      {source ? ` · ${relaySourceText(source)}` : ''}
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
      matched to people or sites. {SHOW_NAMES_HELP}
    </MessageBar>
  ) : null;

/** Props of ReportProblem. */
export interface IReportProblemProps {
  /** The failure. */
  error: unknown;
  /** Offered as "Try again" where the failure may pass (not for a missing scope, role or licence). */
  onRetry: () => void;
}

/** A report that could not be read: which role or scope is missing, or what else went wrong. */
export const ReportProblem: React.FC<IReportProblemProps> = ({ error, onRetry }) => (
  <div data-testid="report-error">
    <SectionMessage error={error} topic="reports" onRetry={isPassingFailure(error) ? onRetry : undefined} />
  </div>
);
