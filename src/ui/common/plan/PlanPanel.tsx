import * as React from 'react';
import { Panel, PanelType } from '@fluentui/react/lib/Panel';
import { DefaultButton, PrimaryButton } from '@fluentui/react/lib/Button';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { ChoiceGroup } from '@fluentui/react/lib/ChoiceGroup';
import { ProgressIndicator } from '@fluentui/react/lib/ProgressIndicator';
import { Spinner, SpinnerSize } from '@fluentui/react/lib/Spinner';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import { useTheme } from '@fluentui/react/lib/Theme';
import type { IBulkOutcome, IBulkPlan } from '../../../core/plans';
import { SectionMessage } from '../SectionMessage';
import { PlanSteps } from './PlanSteps';
import { stepsByPerson } from '../../../core/plans';
import { outcomeSummary, planSummary } from './planText';
import { usePlanRun } from './usePlanRun';
import type { IPlanSource } from './usePlanRun';

/** Props of PlanPanel. */
export interface IPlanPanelProps {
  /** How the plan is read and applied (built by the view that opens the panel). */
  source: IPlanSource;
  /** Closes the panel (Cancel before Finish, Close after). */
  onDismiss: () => void;
  /** Tells the app that Finish changed the directory (lists read before are out of date). */
  onApplied?: () => void;
}

/** The plan as read: gaps first (what could not be seen), then each person's steps. */
const PlanBody: React.FC<{ plan: IBulkPlan; outcome?: IBulkOutcome; progress?: IBulkOutcome['results']; editable: boolean; onToggle: (key: string) => void }> = ({ plan, outcome, progress, editable, onToggle }) => {
  const people = React.useMemo(() => stepsByPerson(plan), [plan]);
  return (
    <Stack tokens={{ childrenGap: 16 }}>
      {plan.gaps.length > 0 && (
        <MessageBar messageBarType={MessageBarType.warning} isMultiline data-testid="plan-gaps">
          <strong>Part of the plan could not be read.</strong> It shows what was seen; check these yourself:
          <ul style={{ margin: '4px 0 0', paddingLeft: 18 }}>
            {plan.gaps.map((g, i) => <li key={i}>{g.userName} — {g.part}: {g.reason}</li>)}
          </ul>
        </MessageBar>
      )}
      {people.map(p => (
        <Stack key={p.userId} tokens={{ childrenGap: 4 }} data-person={p.userId}>
          <Text variant="mediumPlus" as="h3" style={{ margin: 0, fontWeight: 600 }}>{p.userName}</Text>
          <PlanSteps steps={p.steps} results={outcome?.results ?? progress} editable={editable} onToggle={onToggle} />
        </Stack>
      ))}
    </Stack>
  );
};

/** Retire or wipe: one choice for the plan's Intune devices (each still chosen one by one below). */
const DeviceAction: React.FC<{ plan: IBulkPlan; onChange: (action: 'retire' | 'wipe') => void }> = ({ plan, onChange }) => {
  const devices = plan.steps.filter(s => s.kind === 'deviceRetire' || s.kind === 'deviceWipe');
  if (!devices.length) return null;
  const wiping = devices.some(s => s.kind === 'deviceWipe');
  return (
    <ChoiceGroup label="Intune devices" selectedKey={wiping ? 'wipe' : 'retire'} onChange={(_, o) => o && onChange(o.key as 'retire' | 'wipe')}
      options={[
        { key: 'retire', text: 'Retire: remove company data, apps and settings, and end management' },
        { key: 'wipe', text: 'Wipe: factory reset company devices (personal devices are retired, never wiped)' }
      ]} />
  );
};

/**
 * A reviewed plan in a side panel: each step deselectable, nothing sent before Finish; Finish applies in the
 * plan's safe order with progress, then shows a result per step, keeps failures with Graph's reason and offers
 * Try again for them; the record can be exported. A panel that is closed while Finish runs stops sending.
 */
export const PlanPanel: React.FC<IPlanPanelProps> = ({ source, onDismiss, onApplied }) => {
  const run = usePlanRun(source, onApplied);
  const theme = useTheme();
  const { state } = run;
  const busy = state.phase === 'applying';
  const footer = (): JSX.Element => (
    <Stack horizontal tokens={{ childrenGap: 8 }} wrap>
      {state.phase === 'review' && <PrimaryButton text={`Finish (${planSummary(state.plan).selected})`} disabled={planSummary(state.plan).selected === 0} onClick={run.finish} />}
      {state.phase === 'done' && state.retry && <PrimaryButton text="Try again" onClick={run.tryAgain} />}
      {state.phase === 'done' && source.exportRecord && <DefaultButton text="Export record" iconProps={{ iconName: 'ExcelDocument' }} onClick={() => void run.exportRecord()} />}
      {(state.phase === 'review' || state.phase === 'done') && source.script && <DefaultButton text="Generate script" iconProps={{ iconName: 'Code' }} onClick={run.showScript} />}
      <DefaultButton text={state.phase === 'done' ? 'Close' : busy ? 'Stop' : 'Cancel'} onClick={busy ? run.stop : onDismiss} />
    </Stack>
  );
  return (
    <Panel isOpen type={PanelType.medium} headerText={'plan' in state ? state.plan.title : source.title} onDismiss={busy ? undefined : onDismiss} isBlocking
      closeButtonAriaLabel="Close" onRenderFooterContent={footer} isFooterAtBottom data-testid="plan-panel"
      // The footer sticks over the steps as they scroll; Fluent gives it a background only when it measured an
      // overflow at mount, before the plan was read, so the steps showed through it.
      styles={{ footer: { backgroundColor: theme.semanticColors.bodyBackground, borderTopColor: theme.semanticColors.variantBorder } }}>
      <Stack tokens={{ childrenGap: 12 }} style={{ paddingTop: 8 }}>
        {state.phase === 'loading' && <Spinner size={SpinnerSize.large} label="Reading what each person holds…" />}
        {state.phase === 'error' && <SectionMessage error={state.error} topic="edits" onRetry={run.reload} />}
        {state.phase === 'review' && (
          <Text data-testid="plan-summary">{planSummary(state.plan).text} Nothing is sent before Finish.</Text>
        )}
        {state.phase === 'review' && run.setDevices && <DeviceAction plan={state.plan} onChange={run.setDevices} />}
        {state.phase === 'applying' && (
          <ProgressIndicator label="Applying…" description={`${state.progress.size} of ${planSummary(state.plan).selected} steps answered`}
            percentComplete={planSummary(state.plan).selected ? state.progress.size / planSummary(state.plan).selected : undefined} />
        )}
        {state.phase === 'done' && (
          <MessageBar messageBarType={outcomeSummary(state.plan, state.outcome).failed ? MessageBarType.warning : MessageBarType.success} isMultiline data-testid="plan-outcome">
            {outcomeSummary(state.plan, state.outcome).text}
          </MessageBar>
        )}
        {run.notice && <MessageBar onDismiss={run.clearNotice}>{run.notice}</MessageBar>}
        {'plan' in state && (
          <PlanBody plan={state.plan} outcome={state.phase === 'done' ? state.outcome : undefined} progress={state.phase === 'applying' ? state.progress : undefined}
            editable={state.phase === 'review'} onToggle={run.toggle} />
        )}
        {run.scriptDialog}
      </Stack>
    </Panel>
  );
};
