/**
 * `licences [--prices <prices.json>] [--out <file.xlsx>]`: the Licences view's workbook — every subscribed SKU
 * (units, holders direct or through groups, each waste count, cost), the Cost sheet per currency (with prices),
 * every holder, every waste list and the Notes sheet. Same reads, rules and sheets as the web part; prices come
 * from the file here (the web part's come from the tenant's shared store). Nothing is priced without a price.
 */
import { promises as fsp } from 'fs';
import * as path from 'path';
import { WASTE_KINDS, WASTE_LABEL, buildCostModel, buildLicenceModel, licencesFileName, licencesSheets, loadLicences, parsePriceFile } from '../../core/licences';
import type { ILicenceSku, ISkuPrice } from '../../core/licences';
import { fileDate } from '../../core/export';
import { explainError } from '../../core/graph';
import type { ICommandContext, ICommandResult } from '../context';
import { CliError, UsageError, describeError, exitCodeOf } from '../errors';
import { checkOut, checkOutFolder, fillOutName, workbookBytes, writeWhole } from '../output';
import { count } from '../progress';

/** `--prices`: the file read and parsed as JSON before anything is asked of Graph (its SKUs are matched after). */
export async function readPricesArg(value: string | undefined, cwd: string): Promise<{ file: string; json: unknown } | undefined> {
  if (value === undefined) return undefined;
  const file = path.resolve(cwd, value);
  let text: string;
  try {
    text = await fsp.readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--prices: ${file} could not be read (${(e as NodeJS.ErrnoException).code ?? String(e)}).`);
  }
  try {
    return { file, json: JSON.parse(text) as unknown };
  } catch (e) {
    throw new UsageError(`--prices: ${file} is not JSON (${(e as Error).message}). Write [{ "sku": "SPE_E3", "monthly": 36, "currency": "EUR" }].`);
  }
}

/** What could not be told, in the view's words: the assignments, and each waste category. */
function partWarnings(state: Awaited<ReturnType<typeof loadLicences>>, model: ReturnType<typeof buildLicenceModel>): string[] {
  const out: string[] = [];
  if (state.assignments.status === 'error') out.push(`Holders are not split into direct and group-based: ${explainError(state.assignments.error, 'users').detail}`);
  const told = new Set<string>();
  for (const k of WASTE_KINDS) {
    const a = model.availability[k];
    if (a.status === 'ready' || told.has(a.why ?? k)) continue;
    told.add(a.why ?? k);
    const why = a.error !== undefined ? ` ${explainError(a.error, k === 'neverSignedIn' ? 'signIns' : 'reports').detail}` : '';
    out.push(`${WASTE_LABEL[k]}: not available (left empty). ${a.why ?? ''}${why}`);
  }
  return out;
}

/** `m365-impressions licences`. */
export async function licencesCommand(ctx: ICommandContext): Promise<ICommandResult> {
  const { values } = ctx.args;
  const today = fileDate(ctx.now());
  const out = checkOut(fillOutName(values.get('out') ?? licencesFileName('tenant', today), { today }), ctx.cwd, ['xlsx']);
  await checkOutFolder(out.file);
  const pricesFile = await readPricesArg(values.get('prices'), ctx.cwd);
  const conn = await ctx.connect();
  ctx.topic.current = 'users';
  const p = ctx.progress;
  let state: Awaited<ReturnType<typeof loadLicences>>;
  try {
    state = await loadLicences(conn.gateway, conn.reports, { onUsers: n => p.update('Reading users', n) });
  } catch (e) {
    throw new CliError(exitCodeOf(e), `The users could not be read. ${describeError(e, 'users')}`);
  }
  p.step(`Read ${count(state.list.users.length)} users`);
  if (state.skus.status !== 'ready') {
    const error = state.skus.status === 'error' ? state.skus.error : undefined;
    throw new CliError(exitCodeOf(error), `The subscribed SKUs could not be read. ${describeError(error, 'licenses')}`);
  }
  const skus: ILicenceSku[] = state.skus.data;
  const model = buildLicenceModel({ rows: state.list.rows, joins: state.list.joins, skus, assignments: state.assignments, today: ctx.today });
  const warnings = partWarnings(state, model);
  let prices: ISkuPrice[] = [];
  if (pricesFile) {
    const parsed = parsePriceFile(pricesFile.json, skus, path.basename(pricesFile.file), ctx.now().toISOString());
    prices = parsed.prices;
    warnings.push(...parsed.problems.map(pr => `--prices: ${pr}`));
    p.step(`Prices: ${parsed.prices.length} of ${skus.length} SKUs priced from ${pricesFile.file}`);
  }
  warnings.forEach(w => p.warn(w));
  const cost = prices.length ? buildCostModel(model, prices) : undefined;
  const sheets = licencesSheets(model, cost, ctx.now(), warnings);
  const bytes = await workbookBytes(sheets, (done, total) => p.update('Writing workbook', done, total));
  await writeWhole(out.file, bytes);
  const holdings = model.skus.reduce((n, u) => n + u.holders.length, 0);
  p.step(`Wrote ${out.file} (${count(skus.length)} SKUs, ${count(holdings)} holdings)`);
  return {
    output: out.file,
    rows: holdings,
    sheets: sheets.map(s => s.name),
    requests: conn.gateway.stats.requests + conn.reports.stats.reads,
    warnings,
    details: { skus: skus.length, totals: cost?.totals ?? [] }
  };
}
