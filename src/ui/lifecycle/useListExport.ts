import type { ICommandBarItemProps } from '@fluentui/react/lib/CommandBar';
import type { ISheetSpec } from '../../core/export';
import { lifecycleFileName } from '../../core/lifecycle';
import { useServices } from '../common/services';
import { useExport } from '../common/useExport';
import type { IExportState } from '../common/useExport';

/** A lifecycle list's Export command (the rows shown and the notes sheet) and its state. */
export function useListExport(kind: 'joiners' | 'leavers', days: number, rows: number, filtered: boolean, loading: boolean, sheets: () => ISheetSpec[]): { command: ICommandBarItemProps; state: IExportState } {
  const services = useServices();
  const state = useExport(e => `The export failed: ${e instanceof Error ? e.message : String(e)}. Nothing was lost; try again.`);
  const run = (): void => {
    void state.run(() => ({ sheets: sheets(), fileName: lifecycleFileName(kind, services.tenantName ?? 'tenant', services.now(), days, filtered) }), rows);
  };
  const text = loading ? 'Export (once read)' : `Export (${rows} ${kind}${filtered ? ', as filtered' : ''})`;
  return { command: { key: 'export', text, iconProps: { iconName: 'ExcelDocument' }, disabled: loading || !!state.progress, onClick: run }, state };
}
