import * as React from 'react';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { MessageBarButton } from '@fluentui/react/lib/Button';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import { publicationStaleness } from '../../../core/history';
import { useServices } from '../../common/services';
import { LoadingBlock } from '../parts/ReportNotes';
import { publishedLabel, storeProblem } from '../model/publication';
import { OVERVIEW_TILES } from '../model/tiles';
import type { PublicationView } from './usePublication';

/** Props of VisitorNotice. */
export interface IVisitorNoticeProps {
  /** The publication as read (undefined: not asked yet). */
  view: PublicationView | undefined;
  /** Read the store again after a failure. */
  onRetry: () => void;
}

const ROLE_ONLY = 'Microsoft Graph shows usage reports only to people with an admin or Reports Reader role.';
const WHY = `${ROLE_ONLY} This page shows what an admin published for its visitors: tenant-wide counts per day, never a row per person.`;
const WHO = 'An admin with a report role refreshes it by opening this page and choosing Publish for visitors.';

/** A skipped tile by the overview's name for it; a key this version does not know is not repeated (it may be anything). */
function tileTitle(key: string): string {
  return OVERVIEW_TILES.find(t => t.key === key)?.title ?? 'a tile this version does not know';
}

/** What a visitor without a report role is shown above the tiles: the publication's date, publisher and freshness, or why there is none. */
export const VisitorNotice: React.FC<IVisitorNoticeProps> = ({ view, onRetry }) => {
  const services = useServices();
  if (!view || view.status === 'loading') return <LoadingBlock height={60} label="Loading the published usage dashboard" />;
  switch (view.status) {
    case 'none':
      return (
        <MessageBar messageBarType={MessageBarType.info} isMultiline data-testid="visitor-none">
          <strong>No dashboard has been published for visitors yet;</strong> an admin with a report role publishes it from this page. {ROLE_ONLY}
        </MessageBar>
      );
    case 'damaged':
      return (
        <MessageBar messageBarType={MessageBarType.warning} isMultiline data-testid="visitor-damaged">
          <strong>The dashboard published for visitors could not be read</strong> ({view.detail}), so none is shown. An admin with a report role publishes it again from this page.
        </MessageBar>
      );
    case 'failed':
      return (
        <MessageBar messageBarType={MessageBarType.error} isMultiline data-testid="visitor-failed" actions={<MessageBarButton onClick={onRetry}>Try again</MessageBarButton>}>
          <strong>The dashboard published for visitors could not be read.</strong> {storeProblem(view.error, services.tenantStore, 'read')}
        </MessageBar>
      );
    default: {
      const stale = publicationStaleness(view.publication, services.now());
      return (
        <Stack tokens={{ childrenGap: 6 }} data-testid="visitor-dashboard">
          <MessageBar messageBarType={MessageBarType.info} isMultiline>
            <strong data-testid="published-label">{publishedLabel(view.publication)}</strong>
            <Text block variant="small">{WHY} {WHO}</Text>
          </MessageBar>
          {stale.length > 0 && (
            <MessageBar messageBarType={MessageBarType.warning} isMultiline data-testid="visitor-stale">
              <strong>This dashboard may be out of date:</strong> {stale.join('; ')}. {WHO}
            </MessageBar>
          )}
          {view.skipped.length > 0 && (
            <MessageBar messageBarType={MessageBarType.warning} isMultiline data-testid="visitor-skipped">
              Part of the publication could not be read and is left out: {view.skipped.map(s => `${tileTitle(s.key)} (${s.why})`).join('; ')}.
            </MessageBar>
          )}
        </Stack>
      );
    }
  }
};
