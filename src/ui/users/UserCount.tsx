import * as React from 'react';
import { Text } from '@fluentui/react/lib/Text';
import { hiddenContentStyle, mergeStyles } from '@fluentui/react/lib/Styling';
import { ACTIVITY_PERIOD, ACTIVITY_REPORT } from '../../core/directory';
import { unchanging } from '../../core/graph';
import type { IReadProgress, IReportSource } from '../../core/reports';
import { relaySourceText, relaySourceTitle, reportKey } from '../../core/reports';
import { useServices } from '../common/services';
import { useQuery, useSecondsLeft } from '../common/useQuery';
import { formatSeconds as countdown } from '../common/format';

const ACTIVITY_KEY = reportKey(ACTIVITY_REPORT, ACTIVITY_PERIOD);
const NOT_READING = unchanging<IReadProgress | undefined>(undefined);
const fmt = new Intl.NumberFormat('en-US');

/** Props of UserCount. */
export interface IUserCountProps {
  /** Users the search and filters keep. */
  shown: number;
  /** Users read so far. */
  total: number;
  /** The read of /users itself. */
  status: 'loading' | 'done' | 'error';
  /** The activity report's date, when it has been read. */
  refreshDate?: string;
  /** Set when the activity report's rows came from the relay. */
  source?: IReportSource;
  /** The activity report is being read. */
  activityLoading: boolean;
  /** A search or filter narrows the list. */
  narrowed: boolean;
  /** Focus lands here when the control that had it goes away (a banner's Try again). */
  countRef: React.RefObject<HTMLDivElement>;
  /** The list shown is the one kept from the last visit, while (or after) Graph is asked what changed. */
  kept?: { checking: boolean };
}

/** A value once it has held still for `ms`: what a live region announces. */
function useSettled<T>(value: T, ms: number): T {
  const [settled, setSettled] = React.useState(value);
  React.useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return settled;
}

const LIVE_REGION = mergeStyles(hiddenContentStyle);

/**
 * "1,204 of 48,771 users", and while the active-user report is read, its rows so far and any wait for
 * Graph's report limit (a page per 200 users: in a large tenant it outlasts Graph's report window).
 * Its own component, so each report page redraws this line, not the list. Screen readers hear the count
 * once it settles, not every page loaded, keystroke or second of a countdown.
 */
export function UserCount({ shown, total, status, refreshDate, source, activityLoading, narrowed, countRef, kept }: IUserCountProps): JSX.Element {
  const { sessions } = useServices();
  const progress = useQuery(activityLoading ? sessions.reports.progress(ACTIVITY_KEY) : NOT_READING);
  const secondsLeft = useSecondsLeft(progress?.waitingUntil);
  const activityRead = progress && { rows: progress.rows, secondsLeft };
  const loading = status === 'loading';
  // While users load, a narrowed list says its matches so far (they settle between pages); the whole
  // list just says it is loading. A wait for Graph's report limit is said once, without its countdown.
  const checking = loading && kept?.checking === true;
  const count = checking
    ? `${fmt.format(shown)} of ${fmt.format(total)} users, as kept from your last visit; checking for changes.`
    : loading
    ? narrowed && total > 0 ? `${shown === 1 ? '1 user matches' : `${fmt.format(shown)} users match`} so far; loading.` : 'Loading users…'
    : status === 'error' ? kept ? `${fmt.format(total)} users as kept from your last visit; checking for changes failed.` : `${fmt.format(total)} users read; the list is incomplete.` : `${fmt.format(shown)} of ${fmt.format(total)} users`;
  const waiting = activityRead?.secondsLeft !== undefined ? " Last activity waits for Microsoft Graph's report limit." : '';
  const announce = useSettled(count + waiting, 1000);
  return (
    <>
      <div ref={countRef} tabIndex={-1}>
        <Text variant="medium" data-testid="user-count">
          {loading && total === 0 ? 'Loading users…' : `${fmt.format(shown)} of ${fmt.format(total)} users`}
          {checking ? ' — as kept from your last visit, checking for changes…' : loading && total > 0 ? ` — loading… ${fmt.format(total)} loaded` : ''}
          {status === 'error' && total > 0 ? kept ? ' — as kept from your last visit: checking for changes failed (see the message below)' : ' — incomplete: reading stopped (see the message below)' : ''}
          {refreshDate ? ` · activity as of ${refreshDate}` : ''}
          {refreshDate && source ? <span title={relaySourceTitle(source)}>{` (${relaySourceText(source)})`}</span> : null}
          {activityRead && activityRead.rows > 0 ? (
            <span data-testid="activity-progress">
              {` · last activity: ${fmt.format(activityRead.rows)} report rows read`}
              {activityRead.secondsLeft !== undefined ? `, waiting for Microsoft Graph's report limit (going on in ${countdown(activityRead.secondsLeft)})` : '…'}
            </span>
          ) : null}
        </Text>
      </div>
      <div role="status" aria-live="polite" className={LIVE_REGION} data-testid="user-count-announced">{announce}</div>
    </>
  );
}
