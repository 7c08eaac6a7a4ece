import * as React from 'react';
import { CommandBar } from '@fluentui/react/lib/CommandBar';
import { MORE } from '../common/focus';
import type { ICommandBarItemProps } from '@fluentui/react/lib/CommandBar';
import { useServices } from '../common/services';
import { toSubPageId } from '../common/route';
import type { IImpressionState } from '../../core/impression';

/** Props of ImpressionCommands. */
export interface IImpressionCommandsProps {
  /** The impression as read so far: parts still loading are named in the export command. */
  state: IImpressionState;
  /** The shown user's UPN, for the copied link. */
  userPrincipalName: string;
  /** Whether Edit is offered (the web part allows it and the sign-in allows some edit). */
  canEdit: boolean;
  /** Whether editing already (Edit is then not offered). */
  editing: boolean;
  onExport: () => void;
  onScript: () => void;
  onEdit: () => void;
  /** Opens the offboarding plan for this person (offered with Edit). */
  onOffboard?: () => void;
  /** Opens "set up like…" for this person (offered with Edit). */
  onSetupLike?: () => void;
  /** Says something in the view's notice bar (the link copied, or the link itself where the clipboard refuses). */
  onNotice: (text: string) => void;
}

/** "2 parts" while parts of the impression are still read, '' when none is. */
function stillLoadingText(state: IImpressionState): string {
  const loadingParts = state.workloads.filter(w => w.status === 'loading').length
    + [state.activeUser, state.attackSimulation, state.mfaEnforcement].filter(p => p.status === 'loading').length;
  return loadingParts ? `${loadingParts} part${loadingParts === 1 ? '' : 's'}` : '';
}

/** The impression's actions: export, script, copy link (where the host makes links), Edit. */
export const ImpressionCommands: React.FC<IImpressionCommandsProps> = ({ state, userPrincipalName, canEdit, editing, onExport, onScript, onEdit, onOffboard, onSetupLike, onNotice }) => {
  const { deepLink } = useServices();
  const stillLoading = stillLoadingText(state);
  const commands: ICommandBarItemProps[] = [
    // Parts still being read are written as "Not loaded": the menu says so before the click, not after.
    { key: 'export', text: stillLoading ? `Export to Excel (${stillLoading} still loading: written as Not loaded)` : 'Export to Excel', iconProps: { iconName: 'ExcelDocument' }, onClick: () => onExport() },
    { key: 'script', text: 'Generate script', iconProps: { iconName: 'Code' }, onClick: () => onScript() },
    ...(deepLink ? [{ key: 'link', text: 'Copy link', iconProps: { iconName: 'Link' }, onClick: () => {
      const link = deepLink(toSubPageId({ view: 'impression', user: userPrincipalName }));
      void navigator.clipboard?.writeText(link).then(() => onNotice('Link copied.'), () => onNotice(link));
    } }] : []),
    ...(canEdit && !editing ? [{ key: 'edit', text: 'Edit', iconProps: { iconName: 'Edit' }, onClick: () => onEdit() }] : []),
    // Plans are reviewed in a panel of their own; not while edits are staged here (they would race each other).
    ...(canEdit && !editing && onSetupLike ? [{ key: 'setupLike', text: 'Set up like…', iconProps: { iconName: 'AddFriend' }, onClick: () => onSetupLike() }] : []),
    ...(canEdit && !editing && onOffboard ? [{ key: 'offboard', text: 'Offboard…', iconProps: { iconName: 'UserRemove' }, onClick: () => onOffboard() }] : [])
  ];
  return <CommandBar items={commands} styles={{ root: { padding: 0, background: 'transparent' } }} ariaLabel="Impression actions" overflowButtonProps={MORE} />;
};
