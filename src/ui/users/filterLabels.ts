import { ACTIVITY_LABELS } from '../../core/directory';
import type { IUserFilters, MfaEnforcementFilter } from '../../core/directory';

/** Labels of the last-activity choices (core's, as the scripts say them). */
export { ACTIVITY_LABELS };

/** The attack simulation training filters, each a checkbox and a chip, in this order. */
export const SIMULATION_LABELS = {
  clicked: 'Clicked in a simulation',
  compromised: 'Compromised in a simulation',
  repeatOffender: 'Repeat offender',
  neverSimulated: 'Never simulated',
  trainingOverdue: 'Training overdue',
  trainingIncomplete: 'Training not completed'
} as const;

/** The attack simulation filters' keys (IUserFilters fields, and their chips' keys). */
export type SimulationFilterKey = keyof typeof SIMULATION_LABELS;

/** Labels of the MFA enforcement choices. */
export const ENFORCEMENT_LABELS: Record<MfaEnforcementFilter, string> = {
  notEnforced: 'MFA not enforced',
  notEnforcedNotRegistered: 'MFA not enforced and not registered'
};

/** One active filter as a chip: its words and how to remove it. */
export interface IFilterChip {
  key: string;
  label: string;
  remove: (f: IUserFilters) => IUserFilters;
}

const without = <K extends keyof IUserFilters>(k: K) => (f: IUserFilters): IUserFilters => {
  const next = { ...f };
  delete next[k];
  return next;
};

/** The chips for the active filters, in a stable order. */
export function filterChips(f: IUserFilters): IFilterChip[] {
  const chips: IFilterChip[] = [];
  if (f.inM365 !== undefined) chips.push({ key: 'inM365', label: `In Microsoft 365: ${f.inM365 ? 'Yes' : 'No'}`, remove: without('inM365') });
  if (f.mfaEnabled !== undefined) chips.push({ key: 'mfa', label: `MFA: ${f.mfaEnabled ? 'Enabled' : 'Not enabled'}`, remove: without('mfaEnabled') });
  if (f.activity !== undefined) chips.push({ key: 'activity', label: ACTIVITY_LABELS[f.activity], remove: without('activity') });
  if (f.accountEnabled !== undefined) chips.push({ key: 'account', label: `Account: ${f.accountEnabled ? 'Enabled' : 'Disabled'}`, remove: without('accountEnabled') });
  if (f.userType !== undefined) chips.push({ key: 'type', label: f.userType === 'Guest' ? 'Guests' : 'Members', remove: without('userType') });
  if (f.mfaEnforcement !== undefined) chips.push({ key: 'mfaEnforcement', label: ENFORCEMENT_LABELS[f.mfaEnforcement], remove: without('mfaEnforcement') });
  for (const key of Object.keys(SIMULATION_LABELS) as SimulationFilterKey[]) {
    if (f[key]) chips.push({ key, label: SIMULATION_LABELS[key], remove: without(key) });
  }
  for (const p of f.products ?? []) chips.push({ key: `p:${p}`, label: p, remove: x => ({ ...x, products: (x.products ?? []).filter(v => v !== p) }) });
  for (const d of f.departments ?? []) chips.push({ key: `d:${d}`, label: `Department: ${d || '(none)'}`, remove: x => ({ ...x, departments: (x.departments ?? []).filter(v => v !== d) }) });
  return chips;
}
