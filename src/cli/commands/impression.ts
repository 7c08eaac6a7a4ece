/**
 * `impression --user <upn|id> --out <file.xlsx> [--period D7|D30|D90|D180]`: one user's impression
 * workbook, loaded and built by the same core as the web part's "Export to Excel".
 */
import { loadSkuNames } from '../../core/directory';
import { fileDate } from '../../core/export';
import type { SourceState } from '../../core/directory';
import { explainError } from '../../core/graph';
import type { SectionTopic } from '../../core/graph';
import { loadImpression, impressionSheets, partStatus } from '../../core/impression';
import type { IImpression } from '../../core/impression';
import { SHOW_NAMES_HELP, parsePeriod } from '../../core/reports';
import type { ReportPeriod } from '../../core/reports';
import type { ICommandContext, ICommandResult } from '../context';
import { CliError, UsageError, exitCodeOf, EXIT, describeError } from '../errors';
import { checkOut, checkOutFolder, fillOutName, workbookBytes, writeWhole } from '../output';
import { count } from '../progress';

/** The period when --period is not given. */
export const DEFAULT_IMPRESSION_PERIOD: ReportPeriod = 'D30';

/** --user and --period checked. */
export function impressionArgs(values: ReadonlyMap<string, string>): { user: string; period: ReportPeriod } {
  const user = values.get('user')?.trim();
  if (!user) throw new UsageError('--user <upn|id> is required.');
  const periodText = values.get('period');
  let period = DEFAULT_IMPRESSION_PERIOD;
  if (periodText !== undefined) {
    const p = parsePeriod(periodText);
    if (!p.ok) throw new UsageError(p.error);
    period = p.value;
  }
  return { user, period };
}

const PARTS: Array<{ key: 'manager' | 'groups' | 'mfa' | 'signIn' | 'skus'; name: string; topic: SectionTopic }> = [
  { key: 'manager', name: 'Manager', topic: 'profile' },
  { key: 'groups', name: 'Groups', topic: 'groups' },
  { key: 'mfa', name: 'Security (MFA)', topic: 'mfa' },
  { key: 'signIn', name: 'Last sign-in', topic: 'signIns' },
  { key: 'skus', name: 'Licence names', topic: 'licenses' }
];

export async function impressionCommand(ctx: ICommandContext): Promise<ICommandResult> {
  const { values } = ctx.args;
  const out = checkOut(fillOutName(values.get('out'), { today: fileDate(ctx.now()) }), ctx.cwd, ['xlsx']);
  const { user, period } = impressionArgs(values);
  await checkOutFolder(out.file);

  const conn = await ctx.connect();
  ctx.topic.current = 'profile';
  const p = ctx.progress;
  p.update(`Reading the impression of ${user} (${period})`, 0);
  const names = await loadSkuNames();
  let imp: IImpression;
  try {
    imp = await loadImpression(conn.gateway, conn.reports, user, period, names);
  } catch (e) {
    if (exitCodeOf(e) === EXIT.notFound) {
      const hint = conn.demoUpns?.length ? ` Demo users include ${conn.demoUpns.join(', ')}.` : '';
      throw new CliError(EXIT.notFound, `${describeError(e, 'profile')}${hint}`);
    }
    throw e;
  }
  p.step(`${imp.directory.user.displayName} <${imp.directory.user.userPrincipalName}>`);

  // Each part degrades alone, as in the web part; the workbook says so in its cells, the terminal here.
  const warnings: string[] = [];
  for (const part of PARTS) {
    const state = imp.directory[part.key] as SourceState<unknown>;
    if (state.status === 'error') warnings.push(`${part.name} unavailable. ${explainError(state.error, part.topic).detail}`);
  }
  const security = [
    { state: imp.attackSimulation, name: 'Security (attack simulation training)', topic: 'attackSimulation' },
    { state: imp.mfaEnforcement, name: 'Security (MFA enforcement)', topic: 'mfaEnforcement' }
  ] as const;
  for (const part of security) {
    if (part.state.status === 'error') warnings.push(`${part.name} unavailable. ${explainError(part.state.error, part.topic).detail}`);
  }
  const concealed = imp.workloads.filter(w => w.status === 'concealed').map(w => w.fn);
  for (const w of imp.workloads) {
    if (w.status === 'error') warnings.push(`${w.fn}: ${partStatus(w) ?? 'unavailable'}`);
  }
  if (concealed.length) {
    warnings.push(
      `Names are concealed in usage reports: activity in ${concealed.join(', ')} cannot be matched to this user. ${SHOW_NAMES_HELP}`
    );
  }
  warnings.forEach(w => p.warn(w));

  const sheets = impressionSheets(imp, ctx.now());
  const bytes = await workbookBytes(sheets, (done, total) => p.update('Writing workbook', done, total));
  await writeWhole(out.file, bytes);
  const rows = sheets.reduce((n, s) => n + s.rows.length, 0);
  p.step(`Wrote ${out.file} (${sheets.length} sheets, ${count(rows)} rows)`);
  return {
    output: out.file,
    rows,
    sheets: sheets.map(s => s.name),
    requests: conn.gateway.stats.requests + conn.reports.stats.reads,
    warnings
  };
}
