import * as React from 'react';
import { Panel, PanelType } from '@fluentui/react/lib/Panel';
import { ChoiceGroup } from '@fluentui/react/lib/ChoiceGroup';
import type { IChoiceGroupOption } from '@fluentui/react/lib/ChoiceGroup';
import { Dropdown } from '@fluentui/react/lib/Dropdown';
import { DefaultButton, PrimaryButton } from '@fluentui/react/lib/Button';
import { Stack } from '@fluentui/react/lib/Stack';
import { panelFocusTrap } from '../common/focus';
import type { ActivityFilter, FilterSource, IUserFilters } from '../../core/directory';
import { ACTIVITY_LABELS } from './filterLabels';
import { SecurityFilters } from './SecurityFilters';

/** Props of FilterPanel. */
export interface IFilterPanelProps {
  isOpen: boolean;
  filters: IUserFilters;
  /** Product names present in the tenant. */
  products: string[];
  departments: string[];
  /** Which filters have no data behind them (their source failed), with the reason. */
  unavailable: Partial<Record<FilterSource, string>>;
  onChange: (f: IUserFilters) => void;
  onDismiss: () => void;
}

const ANY = 'any';
const tri = (v: boolean | undefined): string => (v === undefined ? ANY : v ? 'yes' : 'no');
const fromTri = (k: string | undefined): boolean | undefined => (k === 'yes' ? true : k === 'no' ? false : undefined);

/** The filters panel: every filter of the Users view, applied as you choose. */
export const FilterPanel: React.FC<IFilterPanelProps> = ({ isOpen, filters, products, departments, unavailable, onChange, onDismiss }) => {
  const set = (patch: Partial<IUserFilters>): void => {
    const next = { ...filters, ...patch };
    (Object.keys(patch) as Array<keyof IUserFilters>).forEach(k => { if (next[k] === undefined) delete next[k]; });
    onChange(next);
  };
  const yesNo = (yes: string, no: string): IChoiceGroupOption[] => [
    { key: ANY, text: 'Any' },
    { key: 'yes', text: yes },
    { key: 'no', text: no }
  ];
  const activity: IChoiceGroupOption[] = [{ key: ANY, text: 'Any' }, ...Object.entries(ACTIVITY_LABELS).map(([key, text]) => ({ key, text }))];
  return (
    <Panel isOpen={isOpen} onDismiss={onDismiss} headerText="Filter users" type={PanelType.smallFixedFar} isLightDismiss closeButtonAriaLabel="Close" focusTrapZoneProps={panelFocusTrap(isOpen)}
      onRenderFooterContent={() => (
        <Stack horizontal tokens={{ childrenGap: 8 }}>
          <PrimaryButton text="Done" onClick={onDismiss} />
          <DefaultButton text="Clear all" onClick={() => onChange({})} />
        </Stack>
      )}
      isFooterAtBottom
    >
      <Stack tokens={{ childrenGap: 16 }}>
        <ChoiceGroup label="In Microsoft 365 (holds a licence)" selectedKey={tri(filters.inM365)} options={yesNo('Yes', 'No')} onChange={(_, o) => set({ inM365: fromTri(o?.key) })} />
        <ChoiceGroup label="MFA" selectedKey={tri(filters.mfaEnabled)} options={yesNo('Enabled (registered or capable)', 'Not enabled')} disabled={!!unavailable.mfa}
          onChange={(_, o) => set({ mfaEnabled: fromTri(o?.key) })} title={unavailable.mfa} />
        <ChoiceGroup label="Last activity" selectedKey={filters.activity ?? ANY} options={activity} disabled={!!unavailable.activity} title={unavailable.activity}
          onChange={(_, o) => set({ activity: o?.key === ANY ? undefined : (o?.key as ActivityFilter) })} />
        <SecurityFilters filters={filters} unavailable={unavailable} set={set} />
        <ChoiceGroup label="Account" selectedKey={tri(filters.accountEnabled)} options={yesNo('Enabled', 'Disabled')} onChange={(_, o) => set({ accountEnabled: fromTri(o?.key) })} />
        <ChoiceGroup label="User type" selectedKey={filters.userType ?? ANY}
          options={[{ key: ANY, text: 'Any' }, { key: 'Member', text: 'Members' }, { key: 'Guest', text: 'Guests' }]}
          onChange={(_, o) => set({ userType: o?.key === ANY ? undefined : (o?.key as 'Member' | 'Guest') })} />
        <Dropdown label="Assigned product" placeholder="Any product" multiSelect selectedKeys={filters.products ?? []}
          options={products.map(p => ({ key: p, text: p }))}
          onChange={(_, o) => o && set({ products: o.selected ? [...(filters.products ?? []), String(o.key)] : (filters.products ?? []).filter(p => p !== o.key) })} />
        <Dropdown label="Department" placeholder="Any department" multiSelect selectedKeys={filters.departments ?? []}
          options={departments.map(d => ({ key: d, text: d || '(no department)' }))}
          onChange={(_, o) => o && set({ departments: o.selected ? [...(filters.departments ?? []), String(o.key)] : (filters.departments ?? []).filter(d => d !== o.key) })} />
      </Stack>
    </Panel>
  );
};
