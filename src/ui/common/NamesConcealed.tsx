import * as React from 'react';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { NAMES_CONCEALED_BY_SETTING, SHOW_NAMES_HELP } from '../../core/reports';
import { useServices } from './services';
import { useQuery } from './useQuery';

/**
 * Whether the tenant's report setting conceals names (read once per session, ReportSettings.Read.All): true or
 * false once read, undefined while it is read or when it could not be (then only the report rows can tell).
 */
export function useNamesConcealed(): boolean | undefined {
  const state = useQuery(useServices().sessions.reportSettings);
  return state.status === 'ready' ? state.data.concealedNames : undefined;
}

/** Props of NamesConcealedNotice. */
export interface INamesConcealedNoticeProps {
  /** What concealment costs in this view. */
  consequence: string;
}

/**
 * Says, before the first report is read, that the tenant's setting conceals names in usage reports, what that
 * costs here and who can change it. Nothing when names are shown, or when the setting could not be read.
 */
export const NamesConcealedNotice: React.FC<INamesConcealedNoticeProps> = ({ consequence }) =>
  useNamesConcealed() === true ? (
    <MessageBar messageBarType={MessageBarType.warning} isMultiline data-testid="names-concealed-setting">
      <strong>{NAMES_CONCEALED_BY_SETTING}</strong> {consequence} {SHOW_NAMES_HELP}
    </MessageBar>
  ) : null;
