import * as React from 'react';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';

/** Props of DateProblem. */
export interface IDateProblemProps {
  /** Why the date is refused. */
  text: string;
  /** Element id, so the input can point at the message (aria-describedby). */
  id?: string;
}

/** A date the explorer refuses, said before any request is sent. */
export const DateProblem: React.FC<IDateProblemProps> = ({ text, id }) => (
  <div id={id} data-testid="date-error">
    <MessageBar messageBarType={MessageBarType.error} isMultiline>{text}</MessageBar>
  </div>
);
