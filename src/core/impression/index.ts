/** One user's impression: directory batch, report joins, staged edits, workbook and script. */
export * from './workloads';
export * from './directory';
export * from './loadImpression';
export * from './changeSet';
export * from './workbook';
export * from './script';
