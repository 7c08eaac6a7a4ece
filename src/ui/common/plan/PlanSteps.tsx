import * as React from 'react';
import { Checkbox } from '@fluentui/react/lib/Checkbox';
import { Icon } from '@fluentui/react/lib/Icon';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import { useTheme } from '@fluentui/react/lib/Theme';
import type { IPlanStep, StepResult } from '../../../core/plans';
import { Marked } from '../markers';

/** Props of PlanSteps. */
export interface IPlanStepsProps {
  /** One person's steps, in the plan's order. */
  steps: readonly IPlanStep[];
  /** Results by step key, once Finish has run (or while it runs). */
  results?: ReadonlyMap<string, StepResult>;
  /** Whether steps may still be chosen (not while Finish runs, nor after). */
  editable: boolean;
  onToggle: (key: string) => void;
}

/** What happened to a step, as an icon and words; colour is never the only cue. */
const ResultLine: React.FC<{ result: StepResult }> = ({ result }) => {
  const theme = useTheme();
  const contrast = theme.semanticColors.bodyBackground === '#000000';
  if (result.status === 'done') {
    return <Text variant="small" data-result="done" style={{ color: contrast ? '#3ff23f' : theme.semanticColors.successIcon }}><Icon iconName="CheckMark" /> Done{result.note ? `: ${result.note}` : ''}</Text>;
  }
  if (result.status === 'skipped') return <Text variant="small" data-result="skipped" style={{ color: theme.semanticColors.bodySubtext }}><Icon iconName="Remove" /> Not sent: {result.reason}</Text>;
  return <Text variant="small" data-result="failed" style={{ color: contrast ? '#ff6b6b' : theme.semanticColors.errorText }}><Icon iconName="ErrorBadge" /> Failed: {result.reason}</Text>;
};

/** One step: its checkbox (or why it cannot be chosen), its marked label, detail and result. */
const StepRow: React.FC<{ step: IPlanStep; result?: StepResult; editable: boolean; onToggle: (key: string) => void }> = ({ step, result, editable, onToggle }) => {
  const theme = useTheme();
  // Only a step that will be sent carries its marker: a deselected or locked one changes nothing, so it reads plain.
  const marker = step.marker !== 'manual' && step.selected && !step.locked ? step.marker : undefined;
  const label = <Marked marker={marker}>{step.label}</Marked>;
  const sub = theme.semanticColors.bodySubtext;
  return (
    <Stack tokens={{ childrenGap: 2 }} data-step={step.key} style={{ padding: '4px 0' }}>
      {step.kind === 'manual' ? (
        <Stack horizontal verticalAlign="center" tokens={{ childrenGap: 8 }}>
          {/* Not a checkbox (it would read as chosen): a task for the admin, done elsewhere. */}
          <Icon iconName="Info" aria-hidden />
          <Text>{label} <Text variant="small" style={{ color: sub }}>(to do yourself; not sent)</Text></Text>
        </Stack>
      ) : (
        <Checkbox
          checked={step.selected && !step.locked}
          disabled={!editable || step.locked !== undefined}
          onChange={() => onToggle(step.key)}
          onRenderLabel={() => <Text style={{ marginLeft: 8 }}>{label}{step.destructive ? <Text variant="small" style={{ color: sub }}> · destructive</Text> : null}</Text>}
          ariaLabel={`${step.label}${step.locked ? ` (cannot be chosen: ${step.locked})` : ''}`}
        />
      )}
      {step.detail && <Text variant="small" style={{ color: sub, marginLeft: 28 }}>{step.detail}</Text>}
      {step.locked && <Text variant="small" style={{ color: sub, marginLeft: 28, fontStyle: 'italic' }}><Icon iconName="Lock" /> {step.locked}</Text>}
      {result && <div style={{ marginLeft: 28 }}><ResultLine result={result} /></div>}
    </Stack>
  );
};

/** One person's steps as checkboxes with markers: red for what is taken away, green for what is added. */
export const PlanSteps: React.FC<IPlanStepsProps> = ({ steps, results, editable, onToggle }) => (
  <Stack role="group">
    {steps.map(s => <StepRow key={s.key} step={s} result={results?.get(s.key)} editable={editable} onToggle={onToggle} />)}
  </Stack>
);
