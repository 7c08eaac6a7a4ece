import * as React from 'react';
import { usersScript } from '../../core/directory';
import type { IUserFilters } from '../../core/directory';
import { ScriptDialog } from '../common/ScriptDialog';
import { useServices } from '../common/services';

/** Props of UsersScriptDialog. */
export interface IUsersScriptDialogProps {
  filters: IUserFilters;
  /** Visible column keys, in order. */
  visible: readonly string[];
  /** The search box's text. */
  text: string;
  sort?: { key: string; descending?: boolean };
  onDismiss: () => void;
}

/** The Users view's script in its dialog: built only when asked for, in its own chunk with the script builders. */
export const UsersScriptDialog: React.FC<IUsersScriptDialogProps> = ({ filters, visible, text, sort, onDismiss }) => {
  const services = useServices();
  const script = React.useMemo(
    () => usersScript({ filters, columns: visible, tenantName: services.tenantName, search: text, sort, graphUrl: services.graphUrl }),
    [filters, visible, text, sort, services.tenantName, services.graphUrl]
  );
  return <ScriptDialog script={script} writes={'what "Export view" writes (these filters and visible columns)'} onDismiss={onDismiss} />;
};
