/** `reports`: the report catalog as a table (or JSON with --json); no sign-in needed. */
import { REPORT_CATALOG } from '../../core/reports';
import type { ICommandContext, ICommandResult } from '../context';

/** One catalog line as scripts read it. */
export interface ICatalogLine {
  function: string;
  workload: string;
  kind: string;
  params: string[];
  retired: boolean;
  title: string;
}

export function catalogLines(): ICatalogLine[] {
  return REPORT_CATALOG.map(e => ({ function: e.fn, workload: e.workload, kind: e.kind, params: [...e.params], retired: e.retired, title: e.title }));
}

/** An aligned text table. */
export function catalogTable(lines: readonly ICatalogLine[]): string {
  const head = ['FUNCTION', 'WORKLOAD', 'KIND', 'PARAMS', 'RETIRED'];
  const body = lines.map(l => [l.function, l.workload, l.kind, l.params.length ? l.params.join('|') : '-', l.retired ? 'retired' : '']);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map(r => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd();
  return [line(head), ...body.map(line)].join('\n') + '\n';
}

export function reportsCommand(ctx: ICommandContext): Promise<ICommandResult> {
  const lines = catalogLines();
  ctx.stdout(ctx.json ? JSON.stringify(lines) + '\n' : catalogTable(lines));
  return Promise.resolve({ rows: lines.length, requests: 0, warnings: [], printed: true });
}
