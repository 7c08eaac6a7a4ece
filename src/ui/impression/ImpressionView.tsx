import * as React from 'react';
import { CommandBar } from '@fluentui/react/lib/CommandBar';
import type { ICommandBarItemProps } from '@fluentui/react/lib/CommandBar';
import { Dropdown } from '@fluentui/react/lib/Dropdown';
import { Persona, PersonaSize } from '@fluentui/react/lib/Persona';
import { DefaultButton, MessageBarButton, PrimaryButton } from '@fluentui/react/lib/Button';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { Spinner, SpinnerSize } from '@fluentui/react/lib/Spinner';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import { useTheme } from '@fluentui/react/lib/Theme';
import type { ReportPeriod } from '../../core/reports';
import {
  addGroup,
  applyChanges,
  describeChange,
  emptyChangeSet,
  removeGroup,
  setField,
  toggleLicense,
  impressionSheets,
  impressionScript,
  WORKLOAD_SOURCES
} from '../../core/impression';
import type { Change, IApplyOutcome, IChangeSet, WorkloadKey } from '../../core/impression';
import type { GraphError } from '../../core/graph';
import { impressionFileName } from '../../core/export';
import { explainError, hasScope } from '../../core/graph';
import { useServices } from '../common/services';
import { SectionMessage } from '../common/SectionMessage';
import { exportWorkbook } from '../common/exportWorkbook';
import { toSubPageId } from '../common/route';
import { toImpression, useImpression } from './useImpression';
import { UserPicker } from './UserPicker';
import { ProfileCard } from './ProfileCard';
import { GroupsCard } from './GroupsCard';
import { LicensesCard } from './LicensesCard';
import { SecurityCard } from './SecurityCard';
import { WorkloadCard } from './WorkloadCard';
import { ScriptDialog } from './ScriptDialog';

/** Props of ImpressionView. */
export interface IImpressionViewProps {
  /** The user (id or UPN); none shows the picker. */
  user?: string;
  defaultPeriod: ReportPeriod;
  /** The property pane's "allow edits". */
  allowEdits: boolean;
  /** Called when the viewer picks another user. */
  onUserChange: (user: string | undefined) => void;
  /** Tells the app whether changes are pending (it then asks before leaving). */
  onDirtyChange?: (dirty: boolean) => void;
  /** Tells the app that Finish applied at least one change to the directory. */
  onApplied?: () => void;
}

const PERIODS: Array<{ key: ReportPeriod; text: string }> = [
  { key: 'D7', text: 'Last 7 days' }, { key: 'D30', text: 'Last 30 days' }, { key: 'D90', text: 'Last 90 days' }, { key: 'D180', text: 'Last 180 days' }
];
const WORKLOADS: WorkloadKey[] = ['Exchange', 'OneDrive', 'SharePoint', 'Teams', 'Apps'];

type EditKind = 'profile' | 'groups' | 'licenses';

/** Delegated scopes that allow each kind of edit (any one suffices; Directory.ReadWrite.All covers all three). */
const EDIT_SCOPES: Record<EditKind, string[]> = {
  profile: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
  groups: ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  licenses: ['User.ReadWrite.All', 'LicenseAssignment.ReadWrite.All', 'Directory.ReadWrite.All']
};

/** The admin role Graph also asks for, per kind of edit. */
const EDIT_ROLES: Record<EditKind, string> = {
  profile: 'changing a user needs the User Administrator role (and a privileged role to change an administrator)',
  groups: 'changing members needs the Groups Administrator role or ownership of the group',
  licenses: 'assigning licences needs the License Administrator or User Administrator role'
};

const editKind = (c: Change): EditKind => (c.kind === 'field' ? 'profile' : c.kind === 'groupAdd' || c.kind === 'groupRemove' ? 'groups' : 'licenses');

/**
 * Why a change failed. A 403 from a sign-in known to carry the permission is the admin's role, not the
 * permission: saying "approve the permission" would send the admin to change nothing.
 */
function editErrorText(error: GraphError, change: Change, scopes: Set<string> | undefined): string {
  const kind = editKind(change);
  if (error.kind === 'permission' && scopes !== undefined && hasScope(scopes, EDIT_SCOPES[kind])) {
    return `Microsoft Graph refused this for your admin role: the sign-in carries the permission, but ${EDIT_ROLES[kind]}.`;
  }
  return explainError(error, 'edits').detail;
}

/** One user's Microsoft 365 footprint: view, stage edits, Finish/Cancel, export, script, link. */
export const ImpressionView: React.FC<IImpressionViewProps> = ({ user, defaultPeriod, allowEdits, onUserChange, onDirtyChange, onApplied }) => {
  const services = useServices();
  const theme = useTheme();
  const [period, setPeriod] = React.useState<ReportPeriod>(defaultPeriod);
  const [reload, setReload] = React.useState(0);
  const state = useImpression(services, user, period, reload);
  const dir = state.directory.status === 'ready' ? state.directory.data : undefined;
  const [changes, setChanges] = React.useState<IChangeSet>(emptyChangeSet(''));
  const [editing, setEditing] = React.useState(false);
  const [applying, setApplying] = React.useState(false);
  const [outcome, setOutcome] = React.useState<IApplyOutcome | undefined>(undefined);
  const [script, setScript] = React.useState(false);
  const [notice, setNotice] = React.useState<string | undefined>(undefined);

  // Another user (or none, or the same one picked again after "Another user") starts afresh: the pending
  // changes were discarded when the viewer chose to leave them.
  React.useEffect(() => {
    setChanges(emptyChangeSet(''));
    setEditing(false);
    setOutcome(undefined);
  }, [user]);
  // The set is stamped with the user's id once the directory names it; the same user read again after
  // Finish (or after a failed reload) keeps its set.
  const dirId = dir?.user.id;
  React.useEffect(() => {
    if (dirId !== undefined) setChanges(c => (c.userId === dirId ? c : emptyChangeSet(dirId)));
  }, [dirId, user]);
  const dirty = changes.changes.length > 0;
  // Edits the token allows (unknown scopes: offer them; Graph's answer per change says what is missing).
  const can = {
    profile: hasScope(services.scopes, EDIT_SCOPES.profile),
    groups: hasScope(services.scopes, EDIT_SCOPES.groups),
    licenses: hasScope(services.scopes, EDIT_SCOPES.licenses)
  };
  const canEdit = allowEdits && (can.profile || can.groups || can.licenses);
  const missing = [!can.profile && `profile fields (${EDIT_SCOPES.profile[0]})`, !can.groups && `group membership (${EDIT_SCOPES.groups[0]})`, !can.licenses && `licences (${EDIT_SCOPES.licenses[0]})`].filter(Boolean);
  React.useEffect(() => { onDirtyChange?.(dirty); }, [dirty, onDirtyChange]);
  React.useEffect(() => {
    if (!dirty) return undefined;
    const warn = (e: BeforeUnloadEvent): void => { e.preventDefault(); e.returnValue = ''; };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const finish = async (): Promise<void> => {
    setApplying(true);
    try {
      const out = await applyChanges(services.gateway, changes);
      setOutcome(out);
      setChanges(out.remaining); // failures keep their markers; nothing typed is lost
      if (out.results.some(r => r.ok)) {
        setReload(r => r + 1);
        onApplied?.();
      }
      if (out.remaining.changes.length === 0) setEditing(false);
    } finally {
      setApplying(false);
    }
  };

  const exportExcel = async (): Promise<void> => {
    const imp = toImpression(state, period);
    if (!imp) return;
    const now = services.now();
    try {
      await exportWorkbook(impressionSheets(imp, now), impressionFileName(imp.directory.user.userPrincipalName, now), { worker: services.exportWorker });
    } catch (e) {
      setNotice(`The export failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  };

  if (!user) {
    return (
      <Stack tokens={{ childrenGap: 12 }} style={{ maxWidth: 560 }}>
        <Text variant="large">Whose impression?</Text>
        <UserPicker onPick={onUserChange} />
        <Text variant="small">Or open a user from the Users view.</Text>
      </Stack>
    );
  }
  if (state.directory.status === 'error') {
    return (
      <Stack tokens={{ childrenGap: 12 }}>
        <SectionMessage error={state.directory.error} topic="profile" onRetry={() => setReload(r => r + 1)} />
        <UserPicker onPick={onUserChange} />
      </Stack>
    );
  }
  if (!dir) return <Spinner size={SpinnerSize.large} label="Loading the impression…" />;

  const usageLocation = (() => {
    const c = changes.changes.find(x => x.kind === 'field' && x.field === 'usageLocation');
    return c && c.kind === 'field' ? (c.to as string | null) : dir.user.usageLocation;
  })();
  const loadingParts = state.workloads.filter(w => w.status === 'loading').length + (state.activeUser.status === 'loading' ? 1 : 0);
  const stillLoading = loadingParts ? `${loadingParts} part${loadingParts === 1 ? '' : 's'}` : '';
  const commands: ICommandBarItemProps[] = [
    // Parts still being read are written as "Not loaded": the menu says so before the click, not after.
    { key: 'export', text: stillLoading ? `Export to Excel (${stillLoading} still loading: written as Not loaded)` : 'Export to Excel', iconProps: { iconName: 'ExcelDocument' }, onClick: () => void exportExcel() },
    { key: 'script', text: 'Generate script', iconProps: { iconName: 'Code' }, onClick: () => setScript(true) },
    ...(services.deepLink ? [{ key: 'link', text: 'Copy link', iconProps: { iconName: 'Link' }, onClick: () => {
      const link = services.deepLink?.(toSubPageId({ view: 'impression', user: dir.user.userPrincipalName })) ?? '';
      void navigator.clipboard?.writeText(link).then(() => setNotice('Link copied.'), () => setNotice(link));
    } }] : []),
    ...(canEdit && !editing ? [{ key: 'edit', text: 'Edit', iconProps: { iconName: 'Edit' }, onClick: () => setEditing(true) }] : [])
  ];

  return (
    <Stack tokens={{ childrenGap: 12 }} className="m365i-impression">
      <Stack horizontal wrap verticalAlign="center" tokens={{ childrenGap: 12 }}>
        <Persona text={dir.user.displayName} secondaryText={dir.user.userPrincipalName} tertiaryText={dir.user.jobTitle ?? undefined}
          imageUrl={dir.photo.status === 'ready' ? dir.photo.data ?? undefined : undefined} size={PersonaSize.size56} styles={{ root: { flex: '1 1 280px' } }} />
        <Dropdown label="Period" options={PERIODS} selectedKey={period} onChange={(_, o) => o && setPeriod(o.key as ReportPeriod)} styles={{ root: { width: 150 } }} />
        <DefaultButton text="Another user" iconProps={{ iconName: 'People' }} onClick={() => { if (!dirty || window.confirm('Discard the pending changes?')) onUserChange(undefined); }} />
      </Stack>
      <CommandBar items={commands} styles={{ root: { padding: 0, background: 'transparent' } }} ariaLabel="Impression actions" />
      {notice && <MessageBar onDismiss={() => setNotice(undefined)}>{notice}</MessageBar>}
      {outcome && outcome.results.length > 0 && (
        <div data-testid="apply-results">
          <MessageBar messageBarType={outcome.remaining.changes.length ? MessageBarType.warning : MessageBarType.success} isMultiline onDismiss={() => setOutcome(undefined)}>
            <strong>{outcome.results.filter(r => r.ok).length} of {outcome.results.length} changes applied.</strong>
            <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
              {outcome.results.map((r, i) => (
                <li key={i}>{r.ok ? '✓' : '✗'} {describeChange(r.change)}{r.error ? ` — ${editErrorText(r.error, r.change, services.scopes)}` : ''}</li>
              ))}
            </ul>
          </MessageBar>
        </div>
      )}
      {state.reloadError !== undefined && (
        <div data-testid="reload-error">
          <MessageBar messageBarType={MessageBarType.warning} isMultiline
            actions={<MessageBarButton onClick={() => setReload(r => r + 1)}>Try again</MessageBarButton>}>
            <strong>The profile could not be read again after Finish;</strong> what is shown is from before. {explainError(state.reloadError, 'profile').detail}
          </MessageBar>
        </div>
      )}
      {editing && (
        <Stack horizontal verticalAlign="center" tokens={{ childrenGap: 8 }} role="region" aria-label="Pending changes"
          style={{ position: 'sticky', top: 0, zIndex: 2, padding: 8, background: theme.palette.neutralLighter, borderRadius: 4 }}>
          <Text styles={{ root: { flex: 1 } }} data-testid="pending-count">{changes.changes.length ? `${changes.changes.length} pending change${changes.changes.length === 1 ? '' : 's'} — nothing is sent before Finish.` : 'Editing: make changes, then Finish.'}</Text>
          <PrimaryButton text={applying ? 'Applying…' : 'Finish'} disabled={!dirty || applying} onClick={() => void finish()} />
          <DefaultButton text="Cancel" disabled={applying} onClick={() => { setChanges(emptyChangeSet(dir.user.id)); setEditing(false); }} />
        </Stack>
      )}
      {allowEdits && missing.length > 0 && (
        <MessageBar messageBarType={MessageBarType.info} isMultiline data-testid="edit-scopes">
          Editing {missing.join(', ')} is not available: the sign-in lacks that permission. A SharePoint or Global Administrator can approve it in the SharePoint admin center under Advanced › API access.
        </MessageBar>
      )}
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))', gap: 12 }}>
        <ProfileCard directory={dir} changes={changes} editing={editing && !applying && can.profile} onEdit={(f, from, to) => setChanges(c => setField(c, f, from, to))} />
        <LicensesCard directory={dir} activeUser={state.activeUser} changes={changes} editing={editing && !applying && can.licenses} usageLocation={usageLocation}
          onToggle={(l, assigned) => setChanges(c => toggleLicense(c, l, assigned))} />
        <SecurityCard directory={dir} />
        <GroupsCard directory={dir} changes={changes} editing={editing && !applying && can.groups}
          onAdd={(g, isMember) => setChanges(c => addGroup(c, g, isMember))} onRemove={(g, isMember) => setChanges(c => removeGroup(c, g, isMember))} />
        {WORKLOADS.map(w => (
          <WorkloadCard key={w} title={w} parts={state.workloads.filter((_, i) => WORKLOAD_SOURCES[i]?.workload === w)} />
        ))}
      </div>
      {script && <ScriptDialog script={impressionScript(dir.user.userPrincipalName, period, services.graphUrl)} onDismiss={() => setScript(false)} />}
    </Stack>
  );
};
