/** The lifecycle exports: the Joiners or Leavers sheet and a Notes sheet that says which parts could not be read and why. */
import type { ISheetSpec } from '../export/types';
import { fileDate, safeFileNamePart } from '../export/fileNames';
import { JOINER_COLUMNS, LEAVER_COLUMNS } from './columns';
import type { ILifecycleColumn } from './columns';
import { PART_NAME, explainPart } from './explain';
import type { IJoinersState, IJoinerRow, ILeaversState, ILeaverRow, IWindowBounds, LifecyclePart } from './types';
import type { SourceState } from '../directory/userIndex';

function sheet<Row>(name: string, rows: readonly Row[], columns: readonly ILifecycleColumn<Row>[]): ISheetSpec {
  return { name, columns: columns.map(c => ({ header: c.header, type: c.type })), rows: rows.map(r => columns.map(c => c.value(r))) };
}

/** The Joiners sheet: every column, one row per joiner. */
export function joinersSheet(rows: readonly IJoinerRow[]): ISheetSpec {
  return sheet('Joiners', rows, JOINER_COLUMNS);
}

/** The Leavers sheet: every column, one row per leaver. */
export function leaversSheet(rows: readonly ILeaverRow[]): ISheetSpec {
  return sheet('Leavers', rows, LEAVER_COLUMNS);
}

const STATE_WORDS: Record<SourceState<unknown>['status'], string> = { ready: 'Read', loading: 'Not read (still loading)', error: 'Could not be read', off: 'Not read' };

/**
 * The Notes sheet: the window, then each part, whether it was read, and why not (its columns are empty for
 * everyone then, never "no"). A reader of the file sees what the list could not vouch for.
 */
export function notesSheet(bounds: IWindowBounds, parts: Partial<Record<LifecyclePart, SourceState<unknown>>>, extra: readonly string[] = []): ISheetSpec {
  const rows: string[][] = [['Window', `${bounds.fromDay} to ${bounds.toDay} (${bounds.days} days either side of ${bounds.today}, UTC)`, '', '']];
  for (const [part, state] of Object.entries(parts) as Array<[LifecyclePart, SourceState<unknown>]>) {
    const why = state.status === 'error' ? explainPart(part, state.error) : undefined;
    rows.push([PART_NAME[part], STATE_WORDS[state.status], why ? `${why.title}. ${why.detail}` : '', why?.action ?? '']);
  }
  for (const note of extra) rows.push(['Note', note, '', '']);
  return {
    name: 'Notes',
    columns: [{ header: 'Part', type: 'string' }, { header: 'State', type: 'string' }, { header: 'Why', type: 'string' }, { header: 'What To Do', type: 'string' }],
    rows
  };
}

/** The sheets of a Joiners export: the rows given (the whole list, or the view's) and the notes. */
export function joinersSheets(state: IJoinersState, rows: readonly IJoinerRow[] = state.rows): ISheetSpec[] {
  return [joinersSheet(rows), notesSheet(state.bounds, state.parts)];
}

/** The sheets of a Leavers export: the rows given (the whole list, or the view's) and the notes. */
export function leaversSheets(state: ILeaversState, rows: readonly ILeaverRow[] = state.rows): ISheetSpec[] {
  return [leaversSheet(rows), notesSheet(state.bounds, state.parts)];
}

/** `m365-<joiners|leavers>-<tenant>-<yyyy-mm-dd>-<N>d[-filtered].xlsx`, as the Users export names its files. */
export function lifecycleFileName(kind: 'joiners' | 'leavers', tenant: string, date: Date | string, days: number, filtered: boolean): string {
  return `m365-${kind}-${safeFileNamePart(tenant, 'tenant')}-${fileDate(date)}-${days}d${filtered ? '-filtered' : ''}.xlsx`;
}
