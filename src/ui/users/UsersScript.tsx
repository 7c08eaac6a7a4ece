import * as React from 'react';
import type { ICommandBarItemProps } from '@fluentui/react/lib/CommandBar';
import type { IUserFilters } from '../../core/directory';
import type { UsersScriptDialog } from './UsersScriptDialog';

/** What the Users view's script carries: its filters and visible columns, and what it says it leaves out. */
export interface IUsersScriptInput {
  filters: IUserFilters;
  /** Visible column keys, in order. */
  visible: readonly string[];
  /** The search box's text. */
  text: string;
  sort?: { key: string; descending?: boolean };
}

// The loaded code (not data): the dialog and the script builders stay out of the initial bundle.
let loaded: typeof UsersScriptDialog | undefined;
let loading: Promise<typeof UsersScriptDialog> | undefined;

function load(): Promise<typeof UsersScriptDialog> {
  loading ??= import(/* webpackChunkName: 'users-script' */ './UsersScriptDialog').then(m => (loaded = m.UsersScriptDialog));
  loading.catch(() => { loading = undefined; });
  return loading;
}

/**
 * "Generate script" of the Users view: the command that writes what "Export view" writes (its filters,
 * its visible columns), the file named as that export names it; what the CLI cannot express is said in
 * the script's comments. The dialog's code is fetched once the view has drawn (out of the initial bundle,
 * which has a budget), so it is there when asked for.
 */
export function useUsersScript(input: IUsersScriptInput): { command: ICommandBarItemProps; dialog: JSX.Element | null } {
  const [open, setOpen] = React.useState(false);
  const [Dialog, setDialog] = React.useState(() => loaded);
  React.useEffect(() => {
    if (Dialog) return undefined;
    let live = true;
    load().then(d => { if (live) setDialog(() => d); }, () => undefined);
    return () => { live = false; };
  }, [Dialog]);
  return {
    command: { key: 'script', text: 'Generate script', iconProps: { iconName: 'Code' }, onClick: () => setOpen(true) },
    dialog: open && Dialog ? <Dialog {...input} onDismiss={() => setOpen(false)} /> : null
  };
}
