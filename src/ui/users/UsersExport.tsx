import * as React from 'react';
import type { ICommandBarItemProps } from '@fluentui/react/lib/CommandBar';
import type { IContextualMenuItem } from '@fluentui/react/lib/ContextualMenu';
import { ProgressIndicator } from '@fluentui/react/lib/ProgressIndicator';
import { Stack } from '@fluentui/react/lib/Stack';
import { ActionButton } from '@fluentui/react/lib/Button';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { OPTIONAL_JOINS, awaitedExportMayStart, exportAllAwaits, exportAwaitProgress, exportMenu, USER_COLUMNS, usersSheet } from '../../core/directory';
import type { IJoinSources, IUserColumn, IUserRow } from '../../core/directory';
import { usersFileName } from '../../core/export';
import { useServices } from '../common/services';
import { useExport } from '../common/useExport';
import type { IExportState } from '../common/useExport';

const fmt = new Intl.NumberFormat('en-US');

/** What the Users view's export reads: the list as it stands, and the view's "Export all waits for the optional joins" state. */
export interface IUsersExportInput {
  /** The read of /users itself. */
  status: 'loading' | 'done' | 'error';
  /** The list shown is the one kept from the last visit. */
  kept?: boolean;
  /** Every user read so far ("Export all"). */
  rows: IUserRow[];
  /** The users the search and filters keep, in order ("Export view"). */
  shown: IUserRow[];
  visibleColumns: readonly IUserColumn[];
  joins: IJoinSources;
  /** "Export all" is reading the optional joins first; the view holds it, as it asks for them while it is set. */
  awaitingJoins: boolean;
  setAwaitingJoins: (awaiting: boolean) => void;
}

/** The Users view's export: the Export command with its menu, and the export's progress and failure. */
export interface IUsersExport {
  command: ICommandBarItemProps;
  state: IExportState;
}

/**
 * Export view or Export all. "Export all" holds every column, the optional joins' too (last sign-in,
 * attack simulation, MFA enforcement): it reads those not read yet first (as the CLI's export does), then
 * writes the file.
 */
export function useUsersExport({ status, kept, rows, shown, visibleColumns, joins, awaitingJoins, setAwaitingJoins }: IUsersExportInput): IUsersExport {
  const services = useServices();
  const exp = useExport(e => `The export failed: ${e instanceof Error ? e.message : String(e)}. Nothing was lost; try again.`);
  const exporting = exp.progress;
  const runExport = (which: 'all' | 'view'): Promise<void> => {
    const cols = which === 'all' ? [...USER_COLUMNS] : visibleColumns;
    const written = which === 'all' ? rows : shown;
    return exp.run(() => ({ sheets: [usersSheet(written, cols)], fileName: usersFileName(services.tenantName ?? 'tenant', services.now(), which === 'view') }), written.length);
  };
  const exportAll = (): void => {
    if (exportAllAwaits(joins).length === 0) void runExport('all');
    else setAwaitingJoins(true);
  };
  // The waiting export starts when the optional joins settle, with this render's rows and columns (not on every render).
  const latestRunExport = React.useRef(runExport);
  latestRunExport.current = runExport;
  const mayStart = awaitedExportMayStart(awaitingJoins, OPTIONAL_JOINS.map(k => joins[k].status), !!exporting);
  React.useEffect(() => {
    if (!mayStart) return;
    setAwaitingJoins(false);
    void latestRunExport.current('all'); // a failed read (no Entra ID P1, no scope, no licence) leaves its columns empty; its banner says why
  }, [mayStart, setAwaitingJoins]);

  const menu = exportMenu({ listStatus: status, kept, total: rows.length, shown: shown.length, visibleColumns, joins, exporting: !!exporting, awaitingJoins });
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
  /** "Export all" is reading the optional joins first. */
  awaiting: boolean;
  /** The list's joins: those not settled are what it waits for. */
  joins: IJoinSources;
  /** Users read: the sign-in read costs a request per 120 of them. */
  total: number;
  /** Stops a waiting "Export all"; nothing is exported. */
  onCancel: () => void;
}

/** An "Export all" reading the optional joins first (with Cancel), an export being written, or why it failed. */
export function ExportProgress({ state, awaiting, joins, total, onCancel }: IExportProgressProps): JSX.Element {
  const exporting = state.progress;
  const reading = awaiting ? exportAwaitProgress(exportAllAwaits(joins), total) : undefined;
  return (
    <>
      {reading && (
        <Stack horizontal verticalAlign="end" tokens={{ childrenGap: 8 }}>
          <ProgressIndicator styles={{ root: { flex: 1 } }} label={reading.label} description={reading.description} />
          {/* With their columns hidden and no filter over them, the list stops waiting for them (a shared security read
              may finish for the session); nothing is exported. */}
          <ActionButton iconProps={{ iconName: 'Cancel' }} onClick={onCancel}>Cancel export</ActionButton>
        </Stack>
      )}
      {exporting && <ProgressIndicator label="Exporting to Excel" description={`${fmt.format(exporting.done)} of ${fmt.format(exporting.total)} rows`} percentComplete={exporting.total ? exporting.done / exporting.total : undefined} />}
      {state.error && <MessageBar messageBarType={MessageBarType.error} onDismiss={state.clearError}>{state.error}</MessageBar>}
    </>
  );
}
