import * as React from 'react';
import { TagPicker } from '@fluentui/react/lib/Pickers';
import type { ITag } from '@fluentui/react/lib/Pickers';
import { Text } from '@fluentui/react/lib/Text';
import { GROUP_KIND_LABEL, searchGroups } from '../../core/directory';
import type { IGroupInfo } from '../../core/directory';
import { useServices } from './services';

/** Props of GroupPicker. */
export interface IGroupPickerProps {
  /** Called with a group whose members Graph can change (the others are shown, marked, and not taken). */
  onPick: (group: IGroupInfo) => void;
  /** Groups not to suggest (already a member, already chosen). */
  exclude?: (group: IGroupInfo) => boolean;
  /** The field's label for screen readers and its placeholder. */
  label: string;
}

/** Find a group by name (Graph `$search`), each with its kind and whether its members can be changed here. */
export const GroupPicker: React.FC<IGroupPickerProps> = ({ onPick, exclude, label }) => {
  const { gateway } = useServices();
  const found = React.useRef(new Map<string, IGroupInfo>());
  const suggest = async (filter: string): Promise<ITag[]> => {
    const groups = await searchGroups(gateway, filter).catch(() => []);
    groups.forEach(g => found.current.set(g.id, g));
    return groups.filter(g => !exclude?.(g)).map(g => ({ key: g.id, name: g.displayName }));
  };
  return (
    <TagPicker
      onResolveSuggestions={suggest}
      onItemSelected={tag => {
        const g = tag ? found.current.get(String(tag.key)) : undefined;
        if (g && !g.notEditable) onPick(g);
        return null;
      }}
      getTextFromItem={t => t.name}
      pickerSuggestionsProps={{ suggestionsHeaderText: 'Groups', noResultsFoundText: 'No groups found' }}
      inputProps={{ 'aria-label': label, placeholder: `${label}…` }}
      onRenderSuggestionsItem={tag => {
        const g = found.current.get(String(tag.key));
        return (
          <div style={{ padding: '6px 8px', textAlign: 'left' }}>
            <div>{tag.name}</div>
            <Text variant="small">{g ? GROUP_KIND_LABEL[g.kind] : ''}{g?.notEditable ? ' · cannot be changed here' : ''}</Text>
          </div>
        );
      }}
    />
  );
};
