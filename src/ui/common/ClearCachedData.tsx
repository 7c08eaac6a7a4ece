import * as React from 'react';
import { ActionButton } from '@fluentui/react/lib/Button';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import type { IClearedReports } from '../../core/reports';
import { useServices } from './services';

/** What a "Clear cached data" did: what was dropped (`users`: the kept user list was deleted), or why it could not be. */
export type ClearOutcome = { cleared: IClearedReports; users?: boolean } | { error: string };

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

/**
 * "Clear cached data": deletes the signed-in person's report reads and user list kept in this browser
 * (IndexedDB) and those held in memory (security readiness with them), so the next read asks Microsoft Graph.
 * Other people's are left alone.
 */
export const ClearCachedDataButton: React.FC<{ onDone: (outcome: ClearOutcome) => void }> = ({ onDone }) => {
  const { reports, sessions, userCache } = useServices();
  const [busy, setBusy] = React.useState(false);
  const mounted = React.useRef(true);
  React.useEffect(() => () => { mounted.current = false; }, []);
  const clear = (): void => {
    setBusy(true);
    // What the session holds in memory only (the user list and its joins, security readiness, the tenant's
    // report setting) is read again by the next screen too.
    sessions.forget();
    Promise.all([reports.clear(), userCache?.clear()]).then(
      ([cleared]) => { if (mounted.current) { setBusy(false); onDone({ cleared, users: !!userCache }); } },
      (e: unknown) => { if (mounted.current) { setBusy(false); onDone({ error: e instanceof Error ? e.message : String(e) }); } }
    );
  };
  return (
    <ActionButton
      iconProps={{ iconName: 'Delete' }}
      text="Clear cached data"
      title="Delete the usage report data and the user list kept in this browser for you; the next read asks Microsoft Graph"
      disabled={busy}
      onClick={clear}
      data-testid="clear-cache"
    />
  );
};

/** The confirmation of what a clear did (or why it failed), in words. */
export const ClearCachedDataMessage: React.FC<{ outcome: ClearOutcome; onDismiss: () => void }> = ({ outcome, onDismiss }) => {
  if ('error' in outcome) {
    return (
      <MessageBar messageBarType={MessageBarType.error} isMultiline onDismiss={onDismiss} dismissButtonAriaLabel="Close" data-testid="clear-cache-result">
        <strong>Cached data could not be cleared.</strong> {outcome.error}
      </MessageBar>
    );
  }
  const { persisted, inMemory, persists } = outcome.cleared;
  const users = outcome.users ? '; the user list is no longer kept in this browser for you' : '';
  const kept = persists
    ? persisted > 0
      ? `${plural(persisted, 'report read', 'report reads')} kept in this browser for you deleted`
      : 'no report reads were kept in this browser for you'
    : 'nothing is kept in this browser for this sign-in (reads stay in memory only)';
  return (
    <MessageBar messageBarType={MessageBarType.success} isMultiline onDismiss={onDismiss} dismissButtonAriaLabel="Close" data-testid="clear-cache-result">
      <strong>Cached data cleared:</strong> {kept}{users}; {plural(inMemory, 'read', 'reads')} held in memory dropped. The next report read asks
      Microsoft Graph.
    </MessageBar>
  );
};
