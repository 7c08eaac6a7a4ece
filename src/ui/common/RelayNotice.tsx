import * as React from 'react';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import type { IRelayPublish } from '../../core/reports';
import { useServices } from './services';

/**
 * Said once a session, where the page's owner turned publishing on: a report copy could not be published to
 * the relay's library (SharePoint refused, the library has the site's permissions...). Reports still come
 * from Graph; successes say nothing. Dismissed, it stays away for the session.
 */
export const RelayNotice: React.FC = () => {
  const { reports } = useServices();
  const [refused, setRefused] = React.useState<IRelayPublish | undefined>(undefined);
  const [dismissed, setDismissed] = React.useState(false);
  React.useEffect(() => {
    const first = reports.publishLog.find(p => !p.ok);
    if (first) setRefused(first);
    return reports.onPublished(p => { if (!p.ok) setRefused(r => r ?? p); });
  }, [reports]);
  if (!refused || dismissed) return null;
  return (
    <MessageBar messageBarType={MessageBarType.warning} isMultiline onDismiss={() => setDismissed(true)} dismissButtonAriaLabel="Close" data-testid="relay-notice">
      <strong>Report copies are not being published.</strong> {refused.detail ?? 'SharePoint did not take the copy.'} Reports are read from
      Microsoft Graph as before.
    </MessageBar>
  );
};
