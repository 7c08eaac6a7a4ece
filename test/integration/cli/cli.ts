/** Helpers of the CLI tests: run bin/m365-impressions.js as a child process; read workbooks back as cells. */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as XLSX from 'xlsx';
import { buildWorkbook } from '../../../src/core/export/workbook';
import type { ISheetSpec } from '../../../src/core/export/types';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
const BIN = path.join(ROOT, 'bin', 'm365-impressions.js');

/** One finished CLI run. */
export interface ICliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** A config folder that is never there: a developer's own `m365-impressions login` must not sign the tests in. */
const NO_SAVED_SIGN_IN = path.join(os.tmpdir(), 'm365i-cli-tests-no-saved-sign-in');

/** Credentials in the parent environment must not leak into (or decide) a run. */
function cleanEnv(extra: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, M365_IMPRESSIONS_CONFIG_DIR: NO_SAVED_SIGN_IN };
  for (const k of Object.keys(env)) if (k === 'GRAPH_TOKEN' || k.startsWith('AZURE_')) delete env[k];
  for (const [k, v] of Object.entries(extra)) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  return env;
}

/** Start the CLI (stdin is not a terminal: no device-code prompt); resolves when it exits. */
export function startCli(args: string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}): { done: Promise<ICliRun> } {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: cleanEnv(options.env ?? {}), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => { stdout += c.toString('utf8'); });
  child.stderr.on('data', (c: Buffer) => { stderr += c.toString('utf8'); });
  const done = new Promise<ICliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', code => resolve({ code, stdout, stderr, ms: Date.now() - started }));
  });
  return { done };
}

/** Run the CLI to the end. */
export function cli(args: string[], options: { env?: Record<string, string | undefined>; cwd?: string } = {}): Promise<ICliRun> {
  return startCli(args, options).done;
}

/** The --json summary line. */
export function summaryOf(run: ICliRun): Record<string, unknown> {
  const lines = run.stdout.trim().split('\n');
  expect(lines).toHaveLength(1);
  return JSON.parse(lines[0] ?? '') as Record<string, unknown>;
}

/** A fresh folder for output files. */
export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'm365i-cli-'));
}

/** A workbook read back as a user's Excel or script sees it (dates as dates, number formats kept). */
export function readWorkbook(bytes: Uint8Array): XLSX.WorkBook {
  return XLSX.read(bytes, { type: 'array', cellDates: true, cellNF: true });
}

export function readWorkbookFile(file: string): XLSX.WorkBook {
  return readWorkbook(new Uint8Array(fs.readFileSync(file)));
}

/** The workbook the web part's export would build from these sheets, read back the same way. */
export function expectedWorkbook(sheets: readonly ISheetSpec[]): XLSX.WorkBook {
  return readWorkbook(buildWorkbook({ utils: XLSX.utils, writeXLSX: XLSX.writeXLSX }, sheets));
}

/** A cell as compared: type, value (dates as ISO text), number format. */
export interface ICellView {
  t: string;
  v: unknown;
  z?: string;
}

/** Every cell of a sheet by address (`A1` ...), typed. */
export function cellsOf(ws: XLSX.WorkSheet | undefined): Record<string, ICellView> {
  if (!ws) throw new Error('missing sheet');
  const out: Record<string, ICellView> = {};
  for (const [address, cell] of Object.entries(ws)) {
    if (address.startsWith('!')) continue;
    const c = cell as XLSX.CellObject;
    const v = c.v instanceof Date ? c.v.toISOString() : c.v;
    out[address] = { t: c.t, v, ...(typeof c.z === 'string' && c.z !== 'General' ? { z: c.z } : {}) };
  }
  return out;
}

/** Rows of a sheet as values (header row first). */
export function rowsOf(ws: XLSX.WorkSheet | undefined): unknown[][] {
  if (!ws) throw new Error('missing sheet');
  return XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true, defval: null });
}
