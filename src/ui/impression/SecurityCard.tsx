import * as React from 'react';
import { Link } from '@fluentui/react/lib/Link';
import { Text } from '@fluentui/react/lib/Text';
import { useTheme } from '@fluentui/react/lib/Theme';
import { enforcementDetail } from '../../core/impression';
import { neverSimulated, TRAINING_STATUS_LABEL } from '../../core/security';
import type { IImpressionDirectory, IUserAttackSimulation, SecurityPart } from '../../core/impression';
import { MFA_STATUS_LABEL } from '../../core/directory';
import type { SourceState } from '../../core/directory';
import { enforcementText, trainingText } from '../../core/security';
import type { ITraining, MfaEnforcement } from '../../core/security';
import { explainError, isPassingFailure } from '../../core/graph';
import type { SectionTopic } from '../../core/graph';
import { Card, Facts } from './Card';

/** Props of SecurityCard. */
export interface ISecurityCardProps {
  /** The user's directory batch: MFA registration and last sign-in. */
  directory: IImpressionDirectory;
  /** The user's simulations, repeat offences and trainings, as read so far. */
  attackSimulation: SourceState<IUserAttackSimulation>;
  /** How MFA is enforced for the user, as read so far. */
  mfaEnforcement: SourceState<MfaEnforcement>;
  /** Reads a security part again; offered only where its failure may pass. */
  onRetry?: (part: SecurityPart) => void;
}

type Fact = [React.ReactNode, React.ReactNode];

const why = (e: unknown, t: SectionTopic): string => { const x = explainError(e, t); return `Unavailable: ${x.detail}${x.action ? ` ${x.action}` : ''}`; };
/** ISO date-time as the card shows it (UTC, to the minute). */
const dateTime = (iso: string | null): string => (iso ? iso.replace('T', ' ').slice(0, 16) : '—');
const day = (iso: string | null): string => (iso ? iso.slice(0, 10) : '—');

/** A part's failure in words, with Try again where it may pass. */
const Problem: React.FC<{ error: unknown; topic: SectionTopic; onRetry?: () => void }> = ({ error, topic, onRetry }) => (
  <span data-testid={`security-problem-${topic}`}>
    {why(error, topic)}
    {onRetry && isPassingFailure(error) && <> <Link onClick={onRetry}>Try again</Link></>}
  </span>
);

/** How MFA is enforced: the words, and under them what they leave out (report-only, or why not). */
const Enforcement: React.FC<{ value: MfaEnforcement }> = ({ value }) => {
  const theme = useTheme();
  const detail = enforcementDetail(value);
  return (
    <span data-testid="mfa-enforcement" data-kind={value.kind}>
      {enforcementText(value)}
      {detail && <Text block variant="small" styles={{ root: { color: theme.semanticColors.bodySubtext } }}>{detail}</Text>}
    </span>
  );
};

/** The simulation and training facts, or why they cannot be shown. */
function simulationFacts(state: SourceState<IUserAttackSimulation>, onRetry?: () => void): Fact[] {
  if (state.status === 'error') return [['Simulations', <Problem key="problem" error={state.error} topic="attackSimulation" onRetry={onRetry} />]];
  if (state.status !== 'ready') return [['Simulations', '…']];
  const { simulation: s, repeatOffences, training } = state.data;
  // Never included in a simulation, which is not "0 (0 clicked)".
  if (!s || neverSimulated(s)) return [['Simulations', 'Never simulated'], ['Training', trainingText(training ?? undefined) ?? 'None assigned']];
  return [
    ['Simulations', `${s.simulationCount} (${s.clickCount} clicked, ${s.compromisedCount} compromised)`],
    ['Last simulation', dateTime(s.latestSimulationDateTime)],
    ['Repeat offences', String(repeatOffences)],
    ['Training', trainingText(training ?? undefined) ?? 'None assigned']
  ];
}

/** Each assigned training with its status and dates, as a table (the card's facts hold one value a line). */
const Trainings: React.FC<{ trainings: ITraining[] }> = ({ trainings }) => {
  const theme = useTheme();
  const cell: React.CSSProperties = { textAlign: 'left', padding: '2px 8px 2px 0', fontSize: 13, verticalAlign: 'top' };
  const head: React.CSSProperties = { ...cell, color: theme.semanticColors.bodySubtext, fontWeight: 400 };
  return (
    <table data-testid="trainings" style={{ borderCollapse: 'collapse', marginTop: 8, width: '100%' }}>
      <caption style={{ textAlign: 'left', fontWeight: 600, fontSize: 13, paddingBottom: 4 }}>Assigned trainings</caption>
      <thead><tr><th style={head}>Training</th><th style={head}>Status</th><th style={head}>Assigned</th><th style={head}>Completed</th></tr></thead>
      <tbody>
        {trainings.map((t, i) => (
          <tr key={i}>
            <td style={{ ...cell, overflowWrap: 'anywhere' }}>{t.displayName}</td>
            <td style={{ ...cell, fontWeight: t.status === 'overdue' ? 600 : 400 }}>{TRAINING_STATUS_LABEL[t.status]}</td>
            <td style={cell}>{day(t.assignedDateTime)}</td>
            <td style={cell}>{day(t.completionDateTime)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
};

/** Security: MFA registration, methods, default method and last sign-in first, then how MFA is enforced, simulations and trainings. */
export const SecurityCard: React.FC<ISecurityCardProps> = ({ directory, attackSimulation, mfaEnforcement, onRetry }) => {
  const mfa = directory.mfa;
  const sign = directory.signIn;
  const items: Fact[] =
    mfa.status === 'ready'
      ? [
          ['MFA', MFA_STATUS_LABEL[mfa.data?.status ?? 'notRegistered']],
          ['Methods', mfa.data?.methods.length ? mfa.data.methods.join(', ') : 'None registered'],
          ['Default method', mfa.data?.defaultMethod ?? 'None'],
          ['Admin role', mfa.data?.isAdmin ? 'Yes' : 'No']
        ]
      : [['MFA', mfa.status === 'error' ? why(mfa.error, 'mfa') : '…']];
  items.push(['Last sign-in', sign.status === 'ready' ? sign.data?.replace('T', ' ').slice(0, 16) ?? 'Never' : sign.status === 'error' ? why(sign.error, 'signIns') : '…']);
  const enforcement = mfaEnforcement;
  items.push(['MFA enforced by', enforcement.status === 'ready' ? <Enforcement value={enforcement.data} />
    : enforcement.status === 'error' ? <Problem error={enforcement.error} topic="mfaEnforcement" onRetry={onRetry && (() => onRetry('mfaEnforcement'))} /> : '…']);
  items.push(...simulationFacts(attackSimulation, onRetry && (() => onRetry('attackSimulation'))));
  const trainings = attackSimulation.status === 'ready' ? attackSimulation.data.training?.trainings ?? [] : [];
  return (
    <Card title="Security">
      <Facts items={items} />
      {trainings.length > 0 && <Trainings trainings={trainings} />}
    </Card>
  );
};
