import * as React from 'react';
import { Checkbox } from '@fluentui/react/lib/Checkbox';
import { ChoiceGroup } from '@fluentui/react/lib/ChoiceGroup';
import { Label } from '@fluentui/react/lib/Label';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import type { FilterSource, IUserFilters, MfaEnforcementFilter } from '../../core/directory';
import { ENFORCEMENT_LABELS, SIMULATION_LABELS } from './filterLabels';
import type { SimulationFilterKey } from './filterLabels';

/** Props of SecurityFilters. */
export interface ISecurityFiltersProps {
  filters: IUserFilters;
  /** Which filters have no data behind them (their source failed), with the reason. */
  unavailable: Partial<Record<FilterSource, string>>;
  /** Applies a change of some filters (undefined removes one). */
  set: (patch: Partial<IUserFilters>) => void;
}

const ANY = 'any';

/** Where a user whose MFA enforcement cannot be told goes: nowhere, and the panel says so. */
export const ENFORCEMENT_NOTE =
  'Not enforced: security defaults are off and no enabled Conditional Access policy requiring MFA for all cloud apps applies; ' +
  'report-only policies do not enforce, and a policy narrowed by conditions (sign-in risk, locations, platforms, Office 365 apps only, ' +
  '"MFA or another control") does not always ask, so its users count as not enforced too. Per-user MFA (the legacy setting) is not read. ' +
  'Users it cannot be told for (a policy names a group or role whose members could not be read) are left out, and show "Could not tell".';

/** The security readiness filters of the panel: MFA enforcement, and attack simulation training (every ticked one must hold). */
export function SecurityFilters({ filters, unavailable, set }: ISecurityFiltersProps): JSX.Element {
  const enforcement = [{ key: ANY, text: 'Any' }, ...Object.entries(ENFORCEMENT_LABELS).map(([key, text]) => ({ key, text }))];
  return (
    <>
      <Stack tokens={{ childrenGap: 4 }}>
        <ChoiceGroup label="MFA enforcement" selectedKey={filters.mfaEnforcement ?? ANY} options={enforcement} disabled={!!unavailable.mfaEnforcement} title={unavailable.mfaEnforcement}
          onChange={(_, o) => set({ mfaEnforcement: o?.key === ANY ? undefined : (o?.key as MfaEnforcementFilter) })} />
        <Text variant="small" data-testid="enforcement-note">{ENFORCEMENT_NOTE}</Text>
      </Stack>
      <Stack tokens={{ childrenGap: 6 }} role="group" aria-labelledby="m365i-simulation-filters">
        <Label id="m365i-simulation-filters">Attack simulation training</Label>
        {(Object.keys(SIMULATION_LABELS) as SimulationFilterKey[]).map(key => (
          <Checkbox key={key} label={SIMULATION_LABELS[key]} checked={!!filters[key]} disabled={!!unavailable.attackSimulation} title={unavailable.attackSimulation}
            onChange={(_, checked) => set({ [key]: checked ? true : undefined })} />
        ))}
        <Text variant="small">Users not in the simulation reports were never simulated; no training assigned is not &quot;not completed&quot;.</Text>
      </Stack>
    </>
  );
}
