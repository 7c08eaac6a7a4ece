import * as React from 'react';
import { DefaultButton } from '@fluentui/react/lib/Button';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { Text } from '@fluentui/react/lib/Text';
import { useTheme } from '@fluentui/react/lib/Theme';
import { publicationStaleness } from '../../../core/history';
import type { IPublication } from '../../../core/history';
import { useServices } from '../../common/services';
import { publishedLabel, storeProblem } from '../model/publication';
import { PublishDialog } from './PublishDialog';
import type { PublicationView } from './usePublication';

/** Props of PublishButton. */
export interface IPublishButtonProps {
  /** Whether the viewer read a report (only then can there be anything to publish). */
  enabled: boolean;
  onPublished: (publication: IPublication) => void;
}

/** "Publish for visitors…": opens the dialog that says what will be shared and asks before writing. */
export const PublishButton: React.FC<IPublishButtonProps> = ({ enabled, onPublished }) => {
  const [open, setOpen] = React.useState(false);
  return (
    <>
      <DefaultButton iconProps={{ iconName: 'Globe' }} text="Publish for visitors…" disabled={!enabled} onClick={() => setOpen(true)} />
      {open && <PublishDialog onDismiss={() => setOpen(false)} onPublished={p => { setOpen(false); onPublished(p); }} />}
    </>
  );
};

/** Props of PublicationStatus. */
export interface IPublicationStatusProps {
  /** The publication in the store, as read. */
  view: PublicationView | undefined;
  /** What this session just published (said as done). */
  justPublished?: IPublication;
  /** Graph's report dates now, by report function: a publication older than them is said to be stale. */
  liveDates: Record<string, string>;
}

/** What visitors without a report role see now, for the admin: the publication's label and freshness, or that there is none. */
export const PublicationStatus: React.FC<IPublicationStatusProps> = ({ view, justPublished, liveDates }) => {
  const services = useServices();
  const theme = useTheme();
  if (justPublished) {
    return (
      <MessageBar messageBarType={MessageBarType.success} isMultiline data-testid="published">
        {`Published ${justPublished.publishedAt.slice(0, 10)} by ${justPublished.publishedBy}.`} Visitors without a report role see these figures from now on.
      </MessageBar>
    );
  }
  const say = (text: string, testId: string): JSX.Element => (
    <Text variant="small" data-testid={testId} styles={{ root: { color: theme.semanticColors.bodySubtext } }}>{text}</Text>
  );
  if (!view || view.status === 'loading') return say('Reading what visitors without a report role see…', 'publication-loading');
  switch (view.status) {
    case 'none':
      return say('No dashboard has been published for visitors yet: visitors without a report role see none. Publish for visitors shares these tiles\' figures with them.', 'publication-none');
    case 'damaged':
      return say(`The dashboard published for visitors could not be read (${view.detail}); visitors see none until it is published again.`, 'publication-damaged');
    case 'failed':
      return say(storeProblem(view.error, services.tenantStore, 'read'), 'publication-failed');
    default: {
      const stale = publicationStaleness(view.publication, services.now(), liveDates);
      return (
        <>
          {say(`Visitors without a report role see: ${publishedLabel(view.publication)}.`, 'publication-status')}
          {stale.length > 0 && (
            <MessageBar messageBarType={MessageBarType.warning} isMultiline data-testid="publication-stale">
              <strong>The dashboard visitors see is out of date:</strong> {stale.join('; ')}. Publish for visitors to refresh it.
            </MessageBar>
          )}
        </>
      );
    }
  }
};
