import * as React from 'react';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { MessageBarButton } from '@fluentui/react/lib/Button';
import { explainError } from '../../core/graph';
import type { SectionTopic } from '../../core/graph';

/** Props of SectionMessage. */
export interface ISectionMessageProps {
  /** The failure to explain. */
  error: unknown;
  /** What the section was loading, so the message names the scope or role. */
  topic: SectionTopic;
  /** Offered as "Try again" when given. */
  onRetry?: () => void;
}

/** A section's failure in words an admin can act on; the rest of the page stays up. */
export const SectionMessage: React.FC<ISectionMessageProps> = ({ error, topic, onRetry }) => {
  const e = explainError(error, topic);
  const severe = e.title !== 'Cancelled';
  return (
    <MessageBar
      messageBarType={severe ? MessageBarType.error : MessageBarType.info}
      isMultiline
      actions={onRetry ? <MessageBarButton onClick={onRetry}>Try again</MessageBarButton> : undefined}
    >
      <strong>{e.title}.</strong> {e.detail}
      {e.action ? <> {e.action}</> : null}
    </MessageBar>
  );
};
