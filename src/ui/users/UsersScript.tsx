import * as React from 'react';
import type { ICommandBarItemProps } from '@fluentui/react/lib/CommandBar';
import { usersScript } from '../../core/directory';
import type { IUserFilters } from '../../core/directory';
import { ScriptDialog } from '../common/ScriptDialog';
import { useServices } from '../common/services';

/** What the Users view's script carries: its filters and visible columns, and what it says it leaves out. */
export interface IUsersScriptInput {
  filters: IUserFilters;
  /** Visible column keys, in order. */
  visible: readonly string[];
  /** The search box's text. */
  text: string;
  sort?: { key: string; descending?: boolean };
}

/**
 * "Generate script" of the Users view: the command that writes what "Export view" writes (its filters,
 * its visible columns), the file named as that export names it; what the CLI cannot express is said in
 * the script's comments.
 */
export function useUsersScript({ filters, visible, text, sort }: IUsersScriptInput): { command: ICommandBarItemProps; dialog: JSX.Element | null } {
  const services = useServices();
  const [open, setOpen] = React.useState(false);
  const script = React.useMemo(
    () => (open ? usersScript({ filters, columns: visible, tenantName: services.tenantName, search: text, sort, graphUrl: services.graphUrl }) : undefined),
    [open, filters, visible, text, sort, services.tenantName, services.graphUrl]
  );
  return {
    command: { key: 'script', text: 'Generate script', iconProps: { iconName: 'Code' }, onClick: () => setOpen(true) },
    dialog: script ? <ScriptDialog script={script} writes={'what "Export view" writes (these filters and visible columns)'} onDismiss={() => setOpen(false)} /> : null
  };
}
