import * as React from 'react';
import { Dropdown } from '@fluentui/react/lib/Dropdown';
import { Persona, PersonaSize } from '@fluentui/react/lib/Persona';
import { DefaultButton } from '@fluentui/react/lib/Button';
import { MessageBar } from '@fluentui/react/lib/MessageBar';
import { Spinner, SpinnerSize } from '@fluentui/react/lib/Spinner';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import type { ReportPeriod } from '../../core/reports';
import { editAccess, impressionSheets, impressionScript } from '../../core/impression';
import type { IImpressionState } from '../../core/impression';
import { unchanging } from '../../core/graph';
import { impressionFileName } from '../../core/export';
import { useServices } from '../common/services';
import { SectionMessage } from '../common/SectionMessage';
import { exportWorkbook } from '../common/exportWorkbook';
import { useQuery } from '../common/useQuery';
import { UserPicker } from '../common/UserPicker';
import { ScriptDialog } from '../common/ScriptDialog';
import { ImpressionCommands } from './ImpressionCommands';
import { ImpressionCards } from './ImpressionCards';
import { ApplyResults, MissingEditScopes, ReloadProblem } from './ImpressionNotes';
import { PendingBar } from './PendingBar';
import { useStagedEdits } from './useStagedEdits';
import { PlanLauncher } from '../common/plan/PlanLauncher';
import type { PlanRequest } from '../common/plan/planSources';

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
  /** The property pane's second switch: destructive optional steps of an offboarding may be chosen. */
  allowDestructive?: boolean;
}

const PERIODS: Array<{ key: ReportPeriod; text: string }> = [
  { key: 'D7', text: 'Last 7 days' }, { key: 'D30', text: 'Last 30 days' }, { key: 'D90', text: 'Last 90 days' }, { key: 'D180', text: 'Last 180 days' }
];

/** What the view shows while no user is chosen (the picker). */
const NO_USER = unchanging<IImpressionState>({
  directory: { status: 'loading' }, workloads: [], activeUser: { status: 'loading' }, attackSimulation: { status: 'loading' }, mfaEnforcement: { status: 'loading' }
});

/** One user's Microsoft 365 footprint: view, stage edits, Finish/Cancel, export, script, link. */
export const ImpressionView: React.FC<IImpressionViewProps> = ({ user, defaultPeriod, allowEdits, onUserChange, onDirtyChange, onApplied, allowDestructive = false }) => {
  const services = useServices();
  const [period, setPeriod] = React.useState<ReportPeriod>(defaultPeriod);
  const session = user ? services.sessions.impression(user) : undefined;
  const state = useQuery(session ?? NO_USER);
  React.useEffect(() => session?.setPeriod(period), [session, period]);
  const reload = (): void => session?.reload();
  const dir = state.directory.status === 'ready' ? state.directory.data : undefined;
  const edits = useStagedEdits(services.gateway, { user, userId: dir?.user.id, onDirtyChange, onApplied, onReload: reload });
  const [script, setScript] = React.useState(false);
  const [notice, setNotice] = React.useState<string | undefined>(undefined);
  const [plan, setPlan] = React.useState<PlanRequest | undefined>(undefined);
  // Edits the token allows (unknown scopes: offer them; Graph's answer per change says what is missing).
  const access = editAccess(services.scopes, allowEdits);

  const exportExcel = async (): Promise<void> => {
    const imp = session?.impression();
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
        <SectionMessage error={state.directory.error} topic="profile" onRetry={reload} />
        <UserPicker onPick={onUserChange} />
      </Stack>
    );
  }
  if (!dir) return <Spinner size={SpinnerSize.large} label="Loading the impression…" />;

  return (
    <Stack tokens={{ childrenGap: 12 }} className="m365i-impression">
      <Stack horizontal wrap verticalAlign="center" tokens={{ childrenGap: 12 }}>
        <Persona text={dir.user.displayName} secondaryText={dir.user.userPrincipalName} tertiaryText={dir.user.jobTitle ?? undefined}
          imageUrl={dir.photo.status === 'ready' ? dir.photo.data ?? undefined : undefined} size={PersonaSize.size56} styles={{ root: { flex: '1 1 280px' } }} />
        <Dropdown label="Period" options={PERIODS} selectedKey={period} onChange={(_, o) => o && setPeriod(o.key as ReportPeriod)} styles={{ root: { width: 150 } }} />
        <DefaultButton text="Another user" iconProps={{ iconName: 'People' }} onClick={() => { if (!edits.dirty || window.confirm('Discard the pending changes?')) onUserChange(undefined); }} />
      </Stack>
      <ImpressionCommands state={state} userPrincipalName={dir.user.userPrincipalName} canEdit={access.canEdit} editing={edits.editing}
        onExport={() => void exportExcel()} onScript={() => setScript(true)} onEdit={edits.edit} onNotice={setNotice}
        onOffboard={() => setPlan({ kind: 'offboard', userIds: [dir.user.id] })} onSetupLike={() => setPlan({ kind: 'setupLike', targetId: dir.user.id })} />
      {notice && <MessageBar onDismiss={() => setNotice(undefined)}>{notice}</MessageBar>}
      {edits.outcome && edits.outcome.results.length > 0 && <ApplyResults outcome={edits.outcome} scopes={services.scopes} onDismiss={edits.dismissOutcome} />}
      {state.reloadError !== undefined && <ReloadProblem error={state.reloadError} onRetry={reload} />}
      {edits.editing && <PendingBar count={edits.changes.changes.length} applying={edits.applying} onFinish={() => void edits.finish()} onCancel={edits.cancel} />}
      {access.missing.length > 0 && <MissingEditScopes missing={access.missing} />}
      <ImpressionCards directory={dir} state={state} changes={edits.changes} onChange={edits.setChanges} editing={edits.editing && !edits.applying} can={access.can}
        onRetrySecurity={part => session?.retrySecurity(part)} />
      {plan && <PlanLauncher request={plan} allowDestructive={allowDestructive} onDismiss={() => setPlan(undefined)} onApplied={() => { reload(); onApplied?.(); }} />}
      {script && <ScriptDialog script={impressionScript(dir.user.userPrincipalName, period, services.graphUrl)} writes={'the same workbook as "Export to Excel"'} onDismiss={() => setScript(false)} />}
    </Stack>
  );
};
