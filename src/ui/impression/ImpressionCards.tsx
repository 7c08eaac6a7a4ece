import * as React from 'react';
import { addGroup, removeGroup, setField, toggleLicense, WORKLOAD_SOURCES } from '../../core/impression';
import type { IChangeSet, IEditAccess, IImpressionDirectory, RetriablePart, WorkloadKey } from '../../core/impression';
import type { IImpressionState } from '../../core/impression';
import { ProfileCard } from './ProfileCard';
import { GroupsCard } from './GroupsCard';
import { LicensesCard } from './LicensesCard';
import { SecurityCard } from './SecurityCard';
import { DevicesCard } from './DevicesCard';
import { WorkloadCard } from './WorkloadCard';

const WORKLOADS: WorkloadKey[] = ['Exchange', 'OneDrive', 'SharePoint', 'Teams', 'Apps'];

/** Props of ImpressionCards. */
export interface IImpressionCardsProps {
  /** The user's directory batch, read. */
  directory: IImpressionDirectory;
  /** The impression as read so far (the workloads and the active-user row load on their own). */
  state: IImpressionState;
  /** Staged edits; the cards show them marked. */
  changes: IChangeSet;
  /** Stages an edit: the update gets the latest set and returns the next one. */
  onChange: (update: (changes: IChangeSet) => IChangeSet) => void;
  /** Whether the cards take edits now (editing, and Finish not running). */
  editing: boolean;
  /** The kinds of edit the sign-in allows: a card the token cannot change stays read-only. */
  can: IEditAccess['can'];
  /** Reads a security part, or the devices, again (its Try again). */
  onRetrySecurity?: (part: RetriablePart) => void;
}

/** The impression's cards: profile, licences, security, devices, groups, then one card per workload. */
export const ImpressionCards: React.FC<IImpressionCardsProps> = ({ directory: dir, state, changes, onChange, editing, can, onRetrySecurity }) => {
  // Licences need a usage location: the card checks the staged one, where a change sets it.
  const usageLocation = (() => {
    const c = changes.changes.find(x => x.kind === 'field' && x.field === 'usageLocation');
    return c && c.kind === 'field' ? (c.to as string | null) : dir.user.usageLocation;
  })();
  return (
    <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(320px, 1fr))', gap: 12 }}>
      <ProfileCard directory={dir} changes={changes} editing={editing && can.profile} onEdit={(f, from, to) => onChange(c => setField(c, f, from, to))} />
      <LicensesCard directory={dir} activeUser={state.activeUser} changes={changes} editing={editing && can.licenses} usageLocation={usageLocation}
        onToggle={(l, assigned) => onChange(c => toggleLicense(c, l, assigned))} />
      <SecurityCard directory={dir} attackSimulation={state.attackSimulation} mfaEnforcement={state.mfaEnforcement} onRetry={onRetrySecurity} />
      <DevicesCard devices={state.devices} onRetry={onRetrySecurity && (() => onRetrySecurity('devices'))} />
      <GroupsCard directory={dir} changes={changes} editing={editing && can.groups}
        onAdd={(g, isMember) => onChange(c => addGroup(c, g, isMember))} onRemove={(g, isMember) => onChange(c => removeGroup(c, g, isMember))} />
      {WORKLOADS.map(w => (
        <WorkloadCard key={w} title={w} parts={state.workloads.filter((_, i) => WORKLOAD_SOURCES[i]?.workload === w)} />
      ))}
    </div>
  );
};
