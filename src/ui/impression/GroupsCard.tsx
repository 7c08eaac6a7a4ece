import * as React from 'react';
import { IconButton } from '@fluentui/react/lib/Button';
import { Icon } from '@fluentui/react/lib/Icon';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import { TooltipHost } from '@fluentui/react/lib/Tooltip';
import type { IImpressionDirectory, IChangeSet } from '../../core/impression';
import { GROUP_KIND_LABEL } from '../../core/directory';
import type { IGroupInfo } from '../../core/directory';
import { GroupPicker } from '../common/GroupPicker';
import { SectionMessage } from '../common/SectionMessage';
import { Card } from './Card';
import { Marked } from '../common/markers';

/** Props of GroupsCard. */
export interface IGroupsCardProps {
  directory: IImpressionDirectory;
  changes: IChangeSet;
  editing: boolean;
  onAdd: (g: IGroupInfo, isMember: boolean) => void;
  onRemove: (g: IGroupInfo, isMember: boolean) => void;
}

/** Groups: memberships with their kind; add through a picker (green), remove (red, struck through). */
export const GroupsCard: React.FC<IGroupsCardProps> = ({ directory, changes, editing, onAdd, onRemove }) => {
  if (directory.groups.status === 'error') return <Card title="Groups"><SectionMessage error={directory.groups.error} topic="groups" /></Card>;
  if (directory.groups.status !== 'ready') return <Card title="Groups" loading />;
  const member = directory.groups.data;
  const memberIds = new Set(member.map(g => g.id));
  const added = changes.changes.flatMap(c => (c.kind === 'groupAdd' ? [c.group] : []));
  const removed = new Set(changes.changes.flatMap(c => (c.kind === 'groupRemove' ? [c.group.id] : [])));
  const rows = [...member, ...added];

  return (
    <Card title="Groups" aside={<Text variant="small">{member.length} memberships</Text>}>
      <Stack tokens={{ childrenGap: 6 }}>
        {rows.length === 0 && <Text>Not a member of any group.</Text>}
        <ul style={{ listStyle: 'none', margin: 0, padding: 0 }} aria-label="Group memberships">
          {rows.map(g => {
            const isAdded = !memberIds.has(g.id);
            const marker = isAdded ? 'added' : removed.has(g.id) ? 'removed' : undefined;
            return (
              <li key={g.id} style={{ display: 'flex', alignItems: 'center', gap: 8, minHeight: 32 }}>
                <span style={{ flex: 1, minWidth: 0 }}>
                  <Marked marker={marker}>{g.displayName}</Marked>
                  <Text variant="small" styles={{ root: { marginLeft: 8, opacity: 0.75 } }}>{GROUP_KIND_LABEL[g.kind]}</Text>
                </span>
                {editing && (g.notEditable ? (
                  <TooltipHost content={g.notEditable}>
                    <Icon iconName="Lock" aria-label={`Not editable: ${g.notEditable}`} />
                  </TooltipHost>
                ) : isAdded ? (
                  <IconButton iconProps={{ iconName: 'Undo' }} title={`Undo adding ${g.displayName}`} ariaLabel={`Undo adding ${g.displayName}`} onClick={() => onRemove(g, false)} />
                ) : removed.has(g.id) ? (
                  <IconButton iconProps={{ iconName: 'Undo' }} title={`Keep ${g.displayName}`} ariaLabel={`Keep ${g.displayName}`} onClick={() => onAdd(g, true)} />
                ) : (
                  <IconButton iconProps={{ iconName: 'Delete' }} title={`Remove from ${g.displayName}`} ariaLabel={`Remove from ${g.displayName}`} onClick={() => onRemove(g, true)} />
                ))}
              </li>
            );
          })}
        </ul>
        {editing && <GroupPicker label="Add to a group" onPick={g => onAdd(g, false)} exclude={g => memberIds.has(g.id) || added.some(a => a.id === g.id)} />}
      </Stack>
    </Card>
  );
};
