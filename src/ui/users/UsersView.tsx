import * as React from 'react';
import { DetailsList, DetailsListLayoutMode, SelectionMode } from '@fluentui/react/lib/DetailsList';
import type { IColumn } from '@fluentui/react/lib/DetailsList';
import { Persona, PersonaSize } from '@fluentui/react/lib/Persona';
import { ProgressIndicator } from '@fluentui/react/lib/ProgressIndicator';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import type { IUserRecord } from '../../core/directory/users';
import { SectionMessage } from '../common/SectionMessage';
import { useServices } from '../common/services';
import { useUserList } from './useUserList';

const COLUMNS: IColumn[] = [
  {
    key: 'displayName', name: 'Display name', fieldName: 'displayName', minWidth: 180, maxWidth: 280, isResizable: true,
    onRender: (u: IUserRecord) => <Persona text={u.displayName || u.userPrincipalName} size={PersonaSize.size24} hidePersonaDetails={false} />
  },
  { key: 'userPrincipalName', name: 'User principal name', fieldName: 'userPrincipalName', minWidth: 200, maxWidth: 320, isResizable: true },
  { key: 'mail', name: 'Email', fieldName: 'mail', minWidth: 180, maxWidth: 300, isResizable: true },
  { key: 'jobTitle', name: 'Role', fieldName: 'jobTitle', minWidth: 120, maxWidth: 220, isResizable: true }
];

const count = new Intl.NumberFormat('en-US');

/** Every user in the tenant: loads page by page and stays usable while loading. */
export const UsersView: React.FC = () => {
  const { gateway } = useServices();
  const [attempt, setAttempt] = React.useState(0);
  const { status, users, error } = useUserList(gateway, attempt);

  return (
    <Stack tokens={{ childrenGap: 8 }} className="m365i-users">
      <Text variant="medium" role="status" aria-live="polite" data-testid="user-count">
        {status === 'loading' ? `Loading users… ${count.format(users.length)} loaded` : `${count.format(users.length)} users`}
      </Text>
      {status === 'loading' && <ProgressIndicator ariaLabel="Loading users" />}
      {status === 'error' && <SectionMessage error={error} topic="users" onRetry={() => setAttempt(a => a + 1)} />}
      {status === 'done' && users.length === 0 && (
        <Text variant="large" data-testid="users-empty">No users found in this tenant.</Text>
      )}
      {users.length > 0 && (
        <DetailsList
          items={users}
          columns={COLUMNS}
          getKey={(u: IUserRecord) => u.id}
          selectionMode={SelectionMode.none}
          layoutMode={DetailsListLayoutMode.justified}
          ariaLabelForGrid="Users"
        />
      )}
    </Stack>
  );
};
