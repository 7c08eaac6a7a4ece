import * as React from 'react';
import type { ICommandBarItemProps } from '@fluentui/react/lib/CommandBar';
import type { IContextualMenuItem } from '@fluentui/react/lib/ContextualMenu';
import { ProgressIndicator } from '@fluentui/react/lib/ProgressIndicator';
import { Stack } from '@fluentui/react/lib/Stack';
import { ActionButton } from '@fluentui/react/lib/Button';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { awaitedExportMayStart, exportAllStep, exportMenu, USER_COLUMNS, usersSheet } from '../../core/directory';
import type { IJoinSources, IUserColumn, IUserRow } from '../../core/directory';
import { usersFileName } from '../../core/export';
import { useServices } from '../common/services';
import { useExport } from '../common/useExport';
import type { IExportState } from '../common/useExport';

const fmt = new Intl.NumberFormat('en-US');

/** What the Users view's export reads: the list as it stands, and the view's "Export all waits for sign-ins" state. */
export interface IUsersExportInput {
  /** The read of /users itself. */
  status: 'loading' | 'done' | 'error';
  /** Every user read so far ("Export all"). */
  rows: IUserRow[];
  /** The users the search and filters keep, in order ("Export view"). */
  shown: IUserRow[];
  visibleColumns: readonly IUserColumn[];
  joins: IJoinSources;
  /** "Export all" is reading sign-ins first; the view holds it, as it asks for sign-ins while it is set. */
  awaitingSignIns: boolean;
  setAwaitingSignIns: (awaiting: boolean) => void;
}

/** The Users view's export: the Export command with its menu, and the export's progress and failure. */
export interface IUsersExport {
  command: ICommandBarItemProps;
  state: IExportState;
}

/**
 * Export view or Export all. "Export all" holds every column, last sign-in included: it reads sign-ins
 * first when their column has not (as the CLI's export does), then writes the file.
 */
export function useUsersExport({ status, rows, shown, visibleColumns, joins, awaitingSignIns, setAwaitingSignIns }: IUsersExportInput): IUsersExport {
  const services = useServices();
  const exp = useExport(e => `The export failed: ${e instanceof Error ? e.message : String(e)}. Nothing was lost; try again.`);
  const exporting = exp.progress;
  const runExport = (which: 'all' | 'view'): Promise<void> => {
    const cols = which === 'all' ? [...USER_COLUMNS] : visibleColumns;
    const written = which === 'all' ? rows : shown;
    return exp.run(() => ({ sheets: [usersSheet(written, cols)], fileName: usersFileName(services.tenantName ?? 'tenant', services.now(), which === 'view') }), written.length);
  };
  const signInState = joins.signIns.status;
  const exportAll = (): void => {
    if (exportAllStep(signInState) === 'run') void runExport('all');
    else setAwaitingSignIns(true);
  };
  // The waiting export starts when sign-ins settle, with this render's rows and columns (not on every render).
  const latestRunExport = React.useRef(runExport);
  latestRunExport.current = runExport;
  React.useEffect(() => {
    if (!awaitedExportMayStart(awaitingSignIns, signInState, !!exporting)) return;
    setAwaitingSignIns(false);
    void latestRunExport.current('all'); // a failed read (no Entra ID P1, no scope) leaves the column empty; its banner says why
  }, [awaitingSignIns, signInState, exporting, setAwaitingSignIns]);

  const menu = exportMenu({ listStatus: status, total: rows.length, shown: shown.length, visibleColumns, joins, exporting: !!exporting, awaitingJoins: awaitingSignIns });
  const choose = { view: () => void runExport('view'), all: exportAll };
  const items = menu.items.map((i): IContextualMenuItem => (i.disabled ? { key: i.key, text: i.text, disabled: true } : { key: i.key, text: i.text, onClick: choose[i.key] }));
  return {
    command: { key: 'export', text: 'Export', iconProps: { iconName: 'ExcelDocument' }, disabled: menu.disabled, subMenuProps: { items } },
    state: exp
  };
}

/** Props of ExportProgress. */
export interface IExportProgressProps {
  state: IExportState;
  /** "Export all" is reading sign-ins first. */
  awaitingSignIns: boolean;
  /** Users read: the sign-in read costs a request per 120 of them. */
  total: number;
  /** Stops a waiting "Export all"; nothing is exported. */
  onCancel: () => void;
}

/** An "Export all" reading sign-ins first (with Cancel), an export being written, or why it failed. */
export function ExportProgress({ state, awaitingSignIns, total, onCancel }: IExportProgressProps): JSX.Element {
  const exporting = state.progress;
  return (
    <>
      {awaitingSignIns && (
        <Stack horizontal verticalAlign="end" tokens={{ childrenGap: 8 }}>
          <ProgressIndicator styles={{ root: { flex: 1 } }} label="Export all: reading last sign-ins first"
            description={`About ${fmt.format(Math.ceil(total / 120))} requests to Microsoft Graph (one per 120 users); the file follows.`} />
          {/* Leaving the column hidden, this stops the read too; nothing is exported. */}
          <ActionButton iconProps={{ iconName: 'Cancel' }} onClick={onCancel}>Cancel export</ActionButton>
        </Stack>
      )}
      {exporting && <ProgressIndicator label="Exporting to Excel" description={`${fmt.format(exporting.done)} of ${fmt.format(exporting.total)} rows`} percentComplete={exporting.total ? exporting.done / exporting.total : undefined} />}
      {state.error && <MessageBar messageBarType={MessageBarType.error} onDismiss={state.clearError}>{state.error}</MessageBar>}
    </>
  );
}
