import * as React from 'react';
import { MessageBarButton } from '@fluentui/react/lib/Button';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { describeChange, editErrorText } from '../../core/impression';
import type { IApplyOutcome } from '../../core/impression';
import { explainError } from '../../core/graph';

/** Props of ApplyResults. */
export interface IApplyResultsProps {
  /** What Finish did, change by change. */
  outcome: IApplyOutcome;
  /** The sign-in's scopes, so a refusal names the role or the permission (see editErrorText). */
  scopes: Set<string> | undefined;
  onDismiss: () => void;
}

/** What Finish did: how many changes were applied, and why each failure failed. */
export const ApplyResults: React.FC<IApplyResultsProps> = ({ outcome, scopes, onDismiss }) => (
  <div data-testid="apply-results">
    <MessageBar messageBarType={outcome.remaining.changes.length ? MessageBarType.warning : MessageBarType.success} isMultiline onDismiss={onDismiss}>
      <strong>{outcome.results.filter(r => r.ok).length} of {outcome.results.length} changes applied.</strong>
      <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
        {outcome.results.map((r, i) => (
          <li key={i}>{r.ok ? '✓' : '✗'} {describeChange(r.change)}{r.error ? ` — ${editErrorText(r.error, r.change, scopes)}` : ''}</li>
        ))}
      </ul>
    </MessageBar>
  </div>
);

/** Props of ReloadProblem. */
export interface IReloadProblemProps {
  /** Why the profile could not be read again (explainError words any failure). */
  error: unknown;
  onRetry: () => void;
}

/** The profile read after Finish failed: what is shown is from before, and Try again reads it again. */
export const ReloadProblem: React.FC<IReloadProblemProps> = ({ error, onRetry }) => (
  <div data-testid="reload-error">
    <MessageBar messageBarType={MessageBarType.warning} isMultiline
      actions={<MessageBarButton onClick={onRetry}>Try again</MessageBarButton>}>
      <strong>The profile could not be read again after Finish;</strong> what is shown is from before. {explainError(error, 'profile').detail}
    </MessageBar>
  </div>
);

/** Props of MissingEditScopes. */
export interface IMissingEditScopesProps {
  /** The kinds of edit the sign-in lacks, each with its scope (editAccess's `missing`). */
  missing: string[];
}

/** Says which edits are not offered and who can approve their permission, so their absence is not a mystery. */
export const MissingEditScopes: React.FC<IMissingEditScopesProps> = ({ missing }) => (
  <MessageBar messageBarType={MessageBarType.info} isMultiline data-testid="edit-scopes">
    Editing {missing.join(', ')} is not available: the sign-in lacks that permission. A SharePoint or Global Administrator can approve it in the SharePoint admin center under Advanced › API access.
  </MessageBar>
);
