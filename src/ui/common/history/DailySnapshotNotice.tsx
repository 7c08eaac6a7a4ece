import * as React from 'react';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { useDailySnapshot } from './useDailySnapshot';

/** Props of DailySnapshotNotice. */
export interface IDailySnapshotNoticeProps {
  /** The version the Users list is read at, as the app passes it to the views. */
  directoryVersion: number;
  /** The view on show. */
  view: string;
}

/**
 * Mounted once inside the app's services: takes today's snapshot of tenant-wide figures beside the views, and
 * says once, quietly and dismissibly, when the store refused it (who may add to the history, and where).
 */
export const DailySnapshotNotice: React.FC<IDailySnapshotNoticeProps> = ({ directoryVersion, view }) => {
  const snap = useDailySnapshot({ directoryVersion, view });
  const [dismissed, setDismissed] = React.useState(false);
  if (snap.status !== 'refused' || dismissed) return null;
  return (
    <MessageBar messageBarType={MessageBarType.info} isMultiline onDismiss={() => setDismissed(true)} dismissButtonAriaLabel="Dismiss" data-testid="snapshot-refused">
      {snap.message}
    </MessageBar>
  );
};
