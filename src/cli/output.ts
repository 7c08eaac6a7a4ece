/** Output files: checked before any request, written whole (a temp file renamed), never half. */
import { promises as fs } from 'fs';
import * as path from 'path';
import { writeWorkbook } from '../core/export/xlsxStream';
import { zlibDeflateStreams } from './deflate';
import { safeFileNamePart } from '../core/export';
import type { ExportProgress, ISheetSpec } from '../core/export';
import { CliError, EXIT, UsageError } from './errors';

/** Output formats a command accepts. */
export type OutFormat = 'xlsx' | 'csv';

/** `--out` checked: present, with an accepted extension; returned absolute. */
export function checkOut(value: string | undefined, cwd: string, accepted: readonly OutFormat[]): { file: string; format: OutFormat } {
  if (!value) throw new UsageError(`--out <file.${accepted.join('|file.')}> is required.`);
  const ext = path.extname(value).slice(1).toLowerCase();
  const format = accepted.find(f => f === ext);
  if (!format) throw new UsageError(`--out must end in ${accepted.map(f => `.${f}`).join(' or ')}, not "${path.basename(value)}".`);
  return { file: path.resolve(cwd, value), format };
}

/** What `--out` (and `--log`) placeholders stand for in one run. */
export interface IOutFill {
  /** `{today}`: the run's local day, YYYY-MM-DD, as the web part dates its exports (and `date +%F` would). */
  today: string;
  /**
   * `{param}` (report only): the period, the day or `start_to_end`, as the explorer names its exports;
   * null for a report that takes no parameter (`-{param}` then goes, as the export's name has no part there).
   */
  param?: string | null;
}

/**
 * A file name with its placeholders filled, so a scheduled command names each run's file as the web part's
 * export does (`--out 'm365-report-getEmailActivityUserDetail-{param}-{today}.xlsx'` with --days-back 2
 * writes that day's and today's date), in every shell and in Task Scheduler alike. Other `{...}` is refused.
 */
export function fillOutName(value: string | undefined, fill: IOutFill, flag = '--out'): string | undefined {
  if (value === undefined) return undefined;
  let out = value;
  if (out.includes('{param}')) {
    if (fill.param === undefined) throw new UsageError(`${flag}: {param} is for report only; use {today}.`);
    const param = fill.param === null ? '' : safeFileNamePart(fill.param);
    out = param ? out.split('{param}').join(param) : out.replace(/[-_.]?\{param\}/g, '');
  }
  out = out.split('{today}').join(fill.today);
  const unknown = /\{[^{}]*\}/.exec(out);
  if (unknown) throw new UsageError(`${flag} holds ${unknown[0]}, which is not a placeholder; ${flag} takes {today}${fill.param === undefined ? '' : ' and {param}'}.`);
  return out;
}

/** Fail early (before Graph is asked anything) when the folder of the output does not exist. */
export async function checkOutFolder(file: string): Promise<void> {
  const dir = path.dirname(file);
  const stat = await fs.stat(dir).catch(() => undefined);
  if (!stat?.isDirectory()) throw new CliError(EXIT.other, `Cannot write ${file}: the folder ${dir} does not exist.`);
}

/** The workbook bytes, written by the same core writer the web part uses, deflated by Node's zlib. */
export function workbookBytes(sheets: readonly ISheetSpec[], progress?: ExportProgress): Promise<Uint8Array> {
  return writeWorkbook(sheets, zlibDeflateStreams, { progress });
}

/** Write a file whole: to a temp file beside it, then rename (a reader never sees half a workbook). */
export async function writeWhole(file: string, data: Uint8Array | string): Promise<void> {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    await fs.writeFile(temp, data);
    await fs.rename(temp, file);
  } catch (e) {
    await fs.rm(temp, { force: true }).catch(() => undefined);
    throw new CliError(EXIT.other, `Cannot write ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
}
