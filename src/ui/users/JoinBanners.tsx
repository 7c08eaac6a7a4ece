import * as React from 'react';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { MessageBarButton } from '@fluentui/react/lib/Button';
import { degradedJoins } from '../../core/directory';
import type { IJoinSources, UserJoinKey, WantedJoins } from '../../core/directory';
import { NAMES_CONCEALED_BY_SETTING, SHOW_NAMES_HELP } from '../../core/reports';
import { useNamesConcealed } from '../common/NamesConcealed';

const fmt = new Intl.NumberFormat('en-US');

/** Props of JoinBanners. */
export interface IJoinBannersProps {
  joins: IJoinSources;
  /** The optional joins wanted now (wantedJoins): only those are read, so only those may be tried again. */
  wanted: WantedJoins;
  /** Read one failed join again. */
  onRetry: (join: UserJoinKey) => void;
  /** Takes focus from a Try again, which goes away with its banner: the count says what happens next. */
  countRef: React.RefObject<HTMLElement>;
}

/**
 * A banner per failed join (each degrades only its columns), with Try again where the failure may pass,
 * and one when report names are concealed, so last activity cannot be matched to users: from the tenant's
 * setting before the activity report is read, from its rows when the setting could not be read.
 */
export function JoinBanners({ joins, wanted, onRetry, countRef }: IJoinBannersProps): JSX.Element {
  const activity = joins.activity.status === 'ready' ? joins.activity.data : undefined;
  const bySetting = useNamesConcealed() === true;
  const rowsConcealed = !!activity && activity.concealedRows > 0;
  return (
    <>
      {degradedJoins(joins, wanted).map(d => (
        <div key={d.source} data-testid={`degraded-${d.source}`}>
          <MessageBar messageBarType={MessageBarType.warning} isMultiline actions={d.canRetry ? (
            <MessageBarButton ariaLabel={`Try again: ${d.name}`} onClick={() => { onRetry(d.join); countRef.current?.focus(); }}>Try again</MessageBarButton>
          ) : undefined}>
            <strong>{d.name} unavailable.</strong> {d.why.detail} {d.why.action ?? ''}
          </MessageBar>
        </div>
      ))}
      {(bySetting || rowsConcealed) && (
        <MessageBar messageBarType={MessageBarType.warning} isMultiline className="m365i-concealed" data-testid="concealed-banner">
          <strong>{bySetting ? NAMES_CONCEALED_BY_SETTING : 'Names are concealed in usage reports.'}</strong> Last activity cannot be matched to users
          {activity && rowsConcealed ? ` (${fmt.format(activity.concealedRows)} of ${fmt.format(activity.totalRows)} report rows are anonymised)` : ''}.
          {' '}{SHOW_NAMES_HELP}
        </MessageBar>
      )}
    </>
  );
}
