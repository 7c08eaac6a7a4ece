import * as React from 'react';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { MessageBarButton } from '@fluentui/react/lib/Button';

/** Why the panel asked for is not opening: its code could not be fetched. Try again fetches it again. */
export const PanelsProblem: React.FC<{ panel: 'filters' | 'columns'; error: string; onRetry: () => void; onDismiss: () => void }> = ({ panel, error, onRetry, onDismiss }) => (
  <MessageBar messageBarType={MessageBarType.error} onDismiss={onDismiss} actions={<MessageBarButton onClick={onRetry}>Try again</MessageBarButton>}>
    The {panel === 'filters' ? 'Filters' : 'Columns'} panel could not be loaded ({error}). Nothing was lost.
  </MessageBar>
);
