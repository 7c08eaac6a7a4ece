import * as React from 'react';
import { NormalPeoplePicker } from '@fluentui/react/lib/Pickers';
import type { IPersonaProps } from '@fluentui/react/lib/Persona';
import { searchUsers } from '../../core/directory';
import { useServices } from './services';

/** Props of UserPicker. */
export interface IUserPickerProps {
  /** Called with the chosen user's id. */
  onPick: (userId: string) => void;
  /** The field's label for screen readers and its placeholder (default: find a user). */
  label?: string;
}

/** Pick a user by name, UPN or email (Fluent people picker over our own Graph gateway). */
export const UserPicker: React.FC<IUserPickerProps> = ({ onPick, label }) => {
  const { gateway } = useServices();
  const resolve = async (filter: string): Promise<IPersonaProps[]> => {
    const users = await searchUsers(gateway, filter).catch(() => []);
    // Role and department beside the UPN: "someone in the same team" is chosen by them.
    return users.map(u => ({ key: u.id, text: u.displayName || u.userPrincipalName, secondaryText: [u.userPrincipalName, u.jobTitle, u.department].filter(Boolean).join(' · '), id: u.id }));
  };
  return (
    <NormalPeoplePicker
      onResolveSuggestions={resolve}
      onItemSelected={p => { if (p?.id) onPick(p.id); return null; }}
      itemLimit={1}
      pickerSuggestionsProps={{ suggestionsHeaderText: 'Users', noResultsFoundText: 'No users found', loadingText: 'Searching…' }}
      inputProps={{ 'aria-label': label ?? 'Find a user', placeholder: label ?? 'Find a user by name, UPN or email' }}
      resolveDelay={250}
    />
  );
};
