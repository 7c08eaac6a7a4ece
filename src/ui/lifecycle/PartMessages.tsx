import * as React from 'react';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { MessageBarButton } from '@fluentui/react/lib/Button';
import { Stack } from '@fluentui/react/lib/Stack';
import { isPassingFailure } from '../../core/graph';
import { explainPart } from '../../core/lifecycle';
import type { LifecyclePart } from '../../core/lifecycle';
import type { SourceState } from '../../core/directory';

/** Props of PartMessages. */
export interface IPartMessagesProps {
  parts: Partial<Record<LifecyclePart, SourceState<unknown>>>;
  /** Read the failed parts again; offered where the failure may pass (throttling, network). */
  onRetry: () => void;
}

/** Each part that could not be read, in words naming the scope, role or licence; the rest of the list stays. */
export function PartMessages({ parts, onRetry }: IPartMessagesProps): JSX.Element | null {
  const failed = (Object.entries(parts) as Array<[LifecyclePart, SourceState<unknown>]>).filter(([, s]) => s.status === 'error');
  if (!failed.length) return null;
  return (
    <Stack tokens={{ childrenGap: 4 }} data-testid="lifecycle-part-messages">
      {failed.map(([part, state]) => {
        const error = state.status === 'error' ? state.error : undefined;
        const e = explainPart(part, error);
        return (
          <MessageBar key={part} messageBarType={MessageBarType.warning} isMultiline
            actions={isPassingFailure(error) ? <MessageBarButton onClick={onRetry}>Try again</MessageBarButton> : undefined}>
            <strong>{e.title}.</strong> {e.detail}{e.action ? <> {e.action}</> : null}
          </MessageBar>
        );
      })}
    </Stack>
  );
}
