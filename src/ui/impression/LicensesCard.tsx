import * as React from 'react';
import { Dropdown } from '@fluentui/react/lib/Dropdown';
import { IconButton } from '@fluentui/react/lib/Button';
import { Icon } from '@fluentui/react/lib/Icon';
import { TooltipHost } from '@fluentui/react/lib/Tooltip';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import type { IImpressionDirectory, IChangeSet, ILicenseRef } from '../../core/impression';
import type { ReportRow } from '../../core/reports';
import type { SourceState } from '../../core/directory';
import { SectionMessage } from '../common/SectionMessage';
import { Card, Facts } from './Card';
import { Marked } from '../common/markers';

/** Props of LicensesCard. */
export interface ILicensesCardProps {
  directory: IImpressionDirectory;
  activeUser: SourceState<ReportRow | null>;
  changes: IChangeSet;
  editing: boolean;
  /** The usage location after staged edits (licences need one). */
  usageLocation: string | null;
  onToggle: (license: ILicenseRef, assigned: boolean) => void;
}

/** Licences: products by friendly name, service assign dates from the active-user report, staged adds/removes. */
export const LicensesCard: React.FC<ILicensesCardProps> = ({ directory, activeUser, changes, editing, usageLocation, onToggle }) => {
  const skus = directory.skus.status === 'ready' ? directory.skus.data : undefined;
  const assigned = directory.user.skuIds;
  const staged = new Map(changes.changes.flatMap(c => (c.kind === 'licenseAdd' || c.kind === 'licenseRemove' ? [[c.license.skuId.toLowerCase(), c.kind] as const] : [])));
  const name = (id: string): string => skus?.get(id.toLowerCase())?.name ?? id;
  const added = [...staged.entries()].filter(([, k]) => k === 'licenseAdd').map(([id]) => id);
  const available = skus ? [...skus.values()].filter(s => s.enabled - s.consumed > 0 && !assigned.some(a => a.toLowerCase() === s.skuId.toLowerCase()) && !staged.has(s.skuId.toLowerCase())) : [];
  // Group-based licensing: a licence that comes only through groups is changed there, not on the user.
  const groupName = (groupId: string): string =>
    (directory.groups.status === 'ready' ? directory.groups.data.find(g => g.id.toLowerCase() === groupId.toLowerCase())?.displayName : undefined) ?? 'a group';
  const through = (id: string): string | undefined => {
    const source = directory.licenseSources.get(id.toLowerCase());
    return source && source.groupIds.length ? source.groupIds.map(groupName).join(', ') : undefined;
  };
  const assignDates = activeUser.status === 'ready' && activeUser.data
    ? Object.entries(activeUser.data).filter(([k, v]) => /License Assign Date$/.test(k) && typeof v === 'string' && v).map(([k, v]) => [k.replace(' License Assign Date', ''), String(v)] as [string, string])
    : [];
  return (
    <Card title="Licences">
      <Stack tokens={{ childrenGap: 8 }}>
        {directory.skus.status === 'error' && <SectionMessage error={directory.skus.error} topic="licenses" />}
        {assigned.length === 0 && added.length === 0 && <Text>No licences: this user is not in Microsoft 365.</Text>}
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Licences">
          {[...assigned, ...added].map(id => {
            const kind = staged.get(id.toLowerCase());
            const isAssigned = assigned.some(a => a.toLowerCase() === id.toLowerCase());
            const groups = isAssigned ? through(id) : undefined;
            const inheritedOnly = groups !== undefined && directory.licenseSources.get(id.toLowerCase())?.direct === false;
            const locked = `Assigned through ${groups ?? 'a group'}: change that group's licences or membership instead.`;
            return (
              <li key={id} style={{ display: 'flex', alignItems: 'center', gap: 8, minHeight: 32 }}>
                <span style={{ flex: 1, minWidth: 0 }}>
                  <Marked marker={kind === 'licenseAdd' ? 'added' : kind === 'licenseRemove' ? 'removed' : undefined}>{name(id)}</Marked>
                  {groups && <Text variant="small" styles={{ root: { marginLeft: 8, opacity: 0.75 } }}>{inheritedOnly ? `through ${groups}` : `also through ${groups}`}</Text>}
                </span>
                {editing && inheritedOnly && !kind && (
                  <TooltipHost content={locked}>
                    <Icon iconName="Lock" aria-label={`Not removable here: ${locked}`} />
                  </TooltipHost>
                )}
                {editing && !(inheritedOnly && !kind) && (
                  <IconButton iconProps={{ iconName: kind ? 'Undo' : 'Delete' }} ariaLabel={kind ? `Undo ${name(id)}` : `Remove ${name(id)}`} title={kind ? 'Undo' : 'Remove licence'}
                    onClick={() => onToggle({ skuId: id, name: name(id) }, isAssigned)} />
                )}
              </li>
            );
          })}
        </ul>
        {editing && skus && (
          <Dropdown placeholder={available.length ? 'Assign a product with free licences…' : 'No product has free licences'} disabled={!available.length} ariaLabel="Assign a licence"
            options={available.map(s => ({ key: s.skuId, text: `${s.name} (${s.enabled - s.consumed} free)` }))}
            selectedKey={null}
            onChange={(_, o) => o && onToggle({ skuId: String(o.key), name: name(String(o.key)) }, false)} />
        )}
        {editing && added.length > 0 && !usageLocation && (
          <MessageBar messageBarType={MessageBarType.severeWarning}>Set a usage location in the profile: Microsoft Graph refuses licences for users without one.</MessageBar>
        )}
        {assignDates.length > 0 && <><Text variant="small" styles={{ root: { fontWeight: 600 } }}>Licence assigned, by service</Text><Facts items={assignDates} /></>}
      </Stack>
    </Card>
  );
};
