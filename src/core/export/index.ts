/**
 * The way into core/export: sheet specs, CSV and file names, host-free. The workbook writer is not here: it is
 * loaded on demand by its own path (core/export/xlsxStream: the browser's dynamic import makes it a chunk of its
 * own, the CLI and the export worker import it directly), so importing this entry never brings it into a first load.
 */
export type { CellValue, ExportProgress, IColumnSpec, ISheetSpec } from './types';
export type { RawDeflateStreams } from './deflate';
export { csvEscape, toCsv } from './csv';
export { keyValueSheet, reportColumnType, reportSheets } from './sheets';
export type { KeyValuePair } from './sheets';
export { fileDate, impressionFileName, reportFileName, safeFileNamePart, usersFileName } from './fileNames';
export {
  SCHEDULE_KINDS,
  azurePipeline,
  cronEntry,
  githubWorkflow,
  graphUrlArgs,
  outputsOf,
  reportAskArgs,
  reportOutName,
  reportScript,
  runScript,
  scheduleArtifact,
  shellWord,
  windowsTask,
  windowsWord
} from './script';
export type { IRunScript, IScheduleInput, ScheduleKind } from './script';
