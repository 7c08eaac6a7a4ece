/**
 * Export benchmark (Node): the users workbook built by our core as the CLI builds it (core's writer, zlib's
 * deflate) vs SheetJS's defaults (`json_to_sheet` + `write`), same rows, side by side. Prints one JSON line per variant.
 *
 *   npx tsx test/bench/export.bench.ts [--rows 100000] [--only ours|baseline]
 *
 * Each variant runs in its own child process so peak RSS is that variant's alone.
 */
import { fork } from 'child_process';
import * as XLSX from 'xlsx';
import { writeWorkbook } from '../../src/core/export/xlsxStream';
import { zlibDeflateStreams } from '../../src/cli/deflate';
import type { CellValue, IColumnSpec, ISheetSpec } from '../../src/core/export';

/** A variant of the benchmark. */
export type ExportBenchVariant = 'ours' | 'baseline';

/** One result line. */
export interface IExportBenchResult {
  bench: string;
  rows: number;
  cols: number;
  /** Wall-clock seconds of the build (data generation excluded). */
  seconds: number;
  secondsPer10k: number;
  /** CPU seconds (user + system, all threads incl. GC) of the build: steadier than wall time on a busy machine. */
  cpuSeconds: number;
  peakRssMB: number;
  /** RSS with the source rows in memory, before building. */
  rssBeforeMB: number;
  fileMB: number;
}

const BENCH_NAMES: Record<ExportBenchVariant, string> = {
  ours: 'export-users-node',
  baseline: 'export-users-node-sheetjs-default'
};

/** The Users view's "Export all" columns (16). */
export const USER_COLUMNS: IColumnSpec[] = [
  { header: 'Display name', type: 'string' },
  { header: 'User principal name', type: 'string' },
  { header: 'Email', type: 'string' },
  { header: 'Role', type: 'string' },
  { header: 'Department', type: 'string' },
  { header: 'Office', type: 'string' },
  { header: 'User type', type: 'string' },
  { header: 'Account enabled', type: 'boolean' },
  { header: 'Created', type: 'datetime' },
  { header: 'In Microsoft 365', type: 'boolean' },
  { header: 'Assigned products', type: 'string' },
  { header: 'MFA status', type: 'string' },
  { header: 'Authentication methods', type: 'string' },
  { header: 'Default MFA method', type: 'string' },
  { header: 'Last activity', type: 'date' },
  { header: 'Last sign-in', type: 'datetime' }
];

const FIRST = ['Adele', 'Alex', 'Diego', 'Grady', 'Henrietta', 'Isaiah', 'Johanna', 'Joni', 'Lee', 'Lidia', 'Lynne', 'Megan', 'Miriam', 'Nestor', 'Patti', 'Pradeep'];
const LAST = ['Vance', 'Wilber', 'Siciliani', 'Archie', 'Mueller', 'Langer', 'Lorenz', 'Sherman', 'Gu', 'Holloway', 'Robbins', 'Bowen', 'Graham', 'Wilke', 'Fernandez', 'Gupta'];
const DEPTS = ['Sales', 'Marketing', 'Finance', 'Operations', 'Research & Development', 'Legal', 'IT', 'Human Resources'];
const OFFICES = ['Redmond', 'London', 'Berlin', 'Tokyo', 'Sydney', 'Paris'];
const TITLES = ['Manager', 'Engineer', 'Analyst', 'Director', 'Consultant', 'Designer'];
const PRODUCTS = ['Microsoft 365 E3', 'Microsoft 365 E5', 'Office 365 E1', 'Power BI Pro', 'Visio Plan 2', 'Project Plan 3'];
const METHODS = ['Microsoft Authenticator', 'Authenticator code', 'SMS', 'Phone call', 'FIDO2 security key', 'Windows Hello for Business', 'Email', 'Passkey'];

/** Deterministic users: the same rows for both variants and every run. */
export function makeUserRows(rows: number): CellValue[][] {
  let seed = 42;
  const rnd = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const pick = <T>(list: readonly T[]): T => list[rnd(list.length)] as T;
  const day = 86_400_000;
  const now = Date.UTC(2025, 5, 1);
  const out: CellValue[][] = new Array<CellValue[]>(rows);
  for (let i = 0; i < rows; i++) {
    const first = pick(FIRST);
    const last = pick(LAST);
    const upn = `${first}.${last}${i}@contoso.onmicrosoft.com`.toLowerCase();
    const licensed = rnd(10) > 1;
    const products = licensed ? PRODUCTS.filter(() => rnd(3) === 0) : [];
    const methods = METHODS.filter(() => rnd(4) === 0);
    out[i] = [
      // Every 500th name tries a formula, as a hostile display name would.
      i % 500 === 0 ? `=HYPERLINK("http://x","${first}")` : `${first} ${last}`,
      upn,
      upn,
      pick(TITLES),
      pick(DEPTS),
      pick(OFFICES),
      rnd(20) === 0 ? 'Guest' : 'Member',
      rnd(30) !== 0,
      new Date(now - rnd(3000) * day - rnd(day)).toISOString(),
      licensed,
      products,
      methods.length > 0 ? 'Registered' : 'Not registered',
      methods,
      methods[0] ?? null,
      rnd(8) === 0 ? null : new Date(now - rnd(200) * day).toISOString().slice(0, 10),
      rnd(5) === 0 ? null : new Date(now - rnd(100) * day - rnd(day)).toISOString()
    ];
  }
  return out;
}

/** The same rows as objects with plain values, the way a caller of `json_to_sheet` would pass them. */
export function toObjects(rows: CellValue[][]): Array<Record<string, string | number | boolean | Date | null>> {
  return rows.map((row) => {
    const o: Record<string, string | number | boolean | Date | null> = {};
    USER_COLUMNS.forEach((column, c) => {
      const v = row[c];
      o[column.header] =
        v === undefined || v === null ? null : Array.isArray(v) ? v.join(', ') : (column.type === 'date' || column.type === 'datetime') && typeof v === 'string' ? new Date(v) : v;
    });
    return o;
  });
}

const mb = (bytes: number): number => Math.round(bytes / 1048576);

/** Runs one variant in this process and measures it. */
export async function runVariantInProcess(variant: ExportBenchVariant, rows: number): Promise<IExportBenchResult> {
  const data = makeUserRows(rows);
  const objects = variant === 'baseline' ? toObjects(data) : undefined;
  const rssBefore = process.memoryUsage().rss;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let size: number;
  if (variant === 'ours') {
    const spec: ISheetSpec = { name: 'Users', columns: USER_COLUMNS, rows: data };
    let calls = 0;
    // What the CLI's workbookBytes does (src/cli/output.ts, whose file system imports a page could not bundle).
    size = (await writeWorkbook([spec], zlibDeflateStreams, { progress: () => void calls++ })).length;
    if (calls === 0) throw new Error('progress was never called');
  } else {
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.json_to_sheet(objects ?? []), 'Users');
    size = (XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer).byteLength;
  }
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  return {
    bench: BENCH_NAMES[variant],
    rows,
    cols: USER_COLUMNS.length,
    seconds: round(seconds),
    secondsPer10k: round((seconds * 10_000) / rows),
    cpuSeconds: round((cpu.user + cpu.system) / 1e6),
    // maxRSS is in KiB and covers this process's life (each variant has its own process).
    peakRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    rssBeforeMB: mb(rssBefore),
    fileMB: Math.round((size / 1048576) * 10) / 10
  };
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000;
}

/** Runs the variants (default: ours, then the SheetJS default baseline), each in a child process. */
export async function runExportBench(rows = 100_000, variants: ReadonlyArray<ExportBenchVariant> = ['ours', 'baseline']): Promise<IExportBenchResult[]> {
  const results: IExportBenchResult[] = [];
  for (const variant of variants) {
    results.push(await runInChild(variant, rows));
  }
  return results;
}

function runInChild(variant: ExportBenchVariant, rows: number): Promise<IExportBenchResult> {
  return new Promise((resolve, reject) => {
    // process.execArgv carries tsx's loader, so the child runs this same TypeScript file.
    const child = fork(__filename, ['--child', variant, '--rows', String(rows)], { execArgv: process.execArgv, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: IExportBenchResult | undefined;
    child.on('message', (message) => {
      result = message as IExportBenchResult;
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`export bench child (${variant}) exited with ${code ?? 'a signal'} and no result`));
    });
  });
}

function argValue(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<void> {
  const rows = Number(argValue('--rows') ?? 100_000);
  if (!Number.isInteger(rows) || rows <= 0) throw new Error('--rows takes a positive whole number');
  const child = argValue('--child');
  if (child === 'ours' || child === 'baseline') {
    const result = await runVariantInProcess(child, rows);
    process.send?.(result);
    return;
  }
  const only = argValue('--only');
  const variants: ExportBenchVariant[] = only === 'ours' || only === 'baseline' ? [only] : ['ours', 'baseline'];
  for (const result of await runExportBench(rows, variants)) console.log(JSON.stringify(result));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
