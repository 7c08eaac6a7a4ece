/**
 * "Generate script" of an offboarding plan: the same plan run unattended through the CLI's `offboard` command,
 * first as a preview (prints the plan, changes nothing), then with --apply (applies it, writes the record). No
 * token or secret in it: the run signs in from its environment.
 */
import { graphUrlArgs, shellWord, windowsWord } from '../export/script';
import { safeFileNamePart } from '../export/fileNames';
import { PERSONAL_DEVICE_RETIRED } from './offboard';
import type { IBulkPlan, IPlanStep, StepKind } from './types';

/** The CLI's names of step kinds (`--steps`), in the order they apply. */
export const OFFBOARD_STEP_NAMES = ['block', 'revoke', 'licenses', 'groups', 'methods', 'devices-retire', 'devices-wipe'] as const;
export type OffboardStepName = (typeof OFFBOARD_STEP_NAMES)[number];

/** The step kinds each name selects. */
export const STEP_NAME_KINDS: Record<OffboardStepName, StepKind> = {
  block: 'block',
  revoke: 'revoke',
  licenses: 'licenseRemove',
  groups: 'groupRemove',
  methods: 'methodRemove',
  'devices-retire': 'deviceRetire',
  'devices-wipe': 'deviceWipe'
};

/** What `--steps` means when it is not given: the non-destructive steps. */
export const DEFAULT_OFFBOARD_STEPS: readonly OffboardStepName[] = ['block', 'revoke', 'licenses', 'groups'];

/** Read `--steps a,b,c`: the names, or the first unknown one (and whether both device actions were asked). */
export function parseStepNames(text: string): { ok: true; steps: OffboardStepName[] } | { ok: false; error: string } {
  const words = text.split(',').map(w => w.trim().toLowerCase()).filter(Boolean);
  const bad = words.find(w => !(OFFBOARD_STEP_NAMES as readonly string[]).includes(w));
  if (bad !== undefined) return { ok: false, error: `--steps: "${bad}" is not a step; use ${OFFBOARD_STEP_NAMES.join(', ')}.` };
  if (words.length === 0) return { ok: false, error: `--steps needs at least one of ${OFFBOARD_STEP_NAMES.join(', ')}.` };
  if (words.includes('devices-retire') && words.includes('devices-wipe')) return { ok: false, error: '--steps: choose devices-retire or devices-wipe, not both.' };
  return { ok: true, steps: OFFBOARD_STEP_NAMES.filter(n => words.includes(n)) };
}

/** A device step that is a retire only because its device is personal and the plan wipes (never a wipe). */
export const isPersonalRetire = (s: IPlanStep): boolean => s.kind === 'deviceRetire' && s.detail === PERSONAL_DEVICE_RETIRED;

/**
 * The `--steps` names of the kinds a plan has selected. A plan that wipes names devices-wipe alone: the command
 * retires personal devices under it, as the plan does.
 */
export function selectedStepNames(plan: IBulkPlan): OffboardStepName[] {
  const names = OFFBOARD_STEP_NAMES.filter(n => plan.steps.some(s => s.selected && s.kind === STEP_NAME_KINDS[n]));
  return names.includes('devices-wipe') ? names.filter(n => n !== 'devices-retire') : names;
}

/** A step's target: the part of its key after the person and the kind (a group id, a skuId, a method or device id, `account`, `sessions`). */
export function stepTarget(step: Pick<IPlanStep, 'key' | 'userId' | 'kind'>): string {
  return step.key.slice(step.userId.length + step.kind.length + 2);
}

/** One `--except` entry: a target for every person, or `<user>:<target>` for one (their id or UPN). */
export interface IExceptEntry {
  target: string;
  user?: string;
}

/** Read `--except a,b,user:c`: the targets to leave unselected; an empty entry is an error. */
export function parseExcept(text: string): { ok: true; except: IExceptEntry[] } | { ok: false; error: string } {
  const words = text.split(',').map(w => w.trim());
  if (words.some(w => w === '' || w.endsWith(':') || w.startsWith(':'))) return { ok: false, error: '--except takes targets separated by commas (a group id, skuId, method or device id, account, sessions), each optionally as <user>:<target>.' };
  return { ok: true, except: words.map(w => { const at = w.indexOf(':'); return at < 0 ? { target: w } : { user: w.slice(0, at), target: w.slice(at + 1) }; }) };
}

/** Whether an `--except` entry names a step (targets and people compared without case; a person by id or UPN). */
export function exceptMatches(entry: IExceptEntry, step: IPlanStep, upn?: string): boolean {
  if (entry.target.toLowerCase() !== stepTarget(step).toLowerCase()) return false;
  if (entry.user === undefined) return true;
  const who = entry.user.toLowerCase();
  return who === step.userId.toLowerCase() || (upn !== undefined && who === upn.toLowerCase());
}

/**
 * The `--except` entries that carry a plan's own choices: each step of a kind the command runs that was deselected
 * on screen. A target deselected for everyone who has it is named alone; otherwise per person (`<userId>:<target>`).
 */
export function exceptEntries(plan: IBulkPlan, names: readonly OffboardStepName[] = selectedStepNames(plan)): string[] {
  const kinds = new Set(names.map(n => STEP_NAME_KINDS[n]));
  if (kinds.has('deviceWipe')) kinds.add('deviceRetire');
  const runs = (s: IPlanStep): boolean => kinds.has(s.kind) && !s.locked && s.request !== undefined;
  const left = plan.steps.filter(s => runs(s) && (!s.selected || (kinds.has('deviceWipe') && s.kind === 'deviceRetire' && !isPersonalRetire(s))));
  const out: string[] = [];
  for (const s of left) {
    const target = stepTarget(s);
    const all = plan.steps.filter(o => runs(o) && stepTarget(o) === target).every(o => left.includes(o));
    const entry = all ? target : `${s.userId}:${target}`;
    if (!out.includes(entry)) out.push(entry);
  }
  return out;
}

/** The commands of a plan, for each place it may run. */
export interface IOffboardScript {
  /** bash: prints the plan and changes nothing. */
  preview: string;
  /** bash: applies the plan and writes the record workbook. */
  apply: string;
  /** Windows (PowerShell or cmd): the same two lines. */
  windows: string;
  /** What the commands do not carry, said as comments above them. */
  notes: string[];
}

/** The record's name: `offboarding-<upn>-{today}.xlsx` for one person, `offboarding-<n>-people-{today}.xlsx` for more. */
export function offboardRecordName(users: readonly string[]): string {
  return users.length === 1 ? `offboarding-${safeFileNamePart(users[0] ?? '', 'user')}-{today}.xlsx` : `offboarding-${users.length}-people-{today}.xlsx`;
}

/**
 * The CLI commands that run the same plan unattended: the people by UPN, the kinds selected as `--steps`, and each
 * step deselected on its own as `--except` (exceptEntries). A device set to retire while the plan wipes cannot be
 * said in one command: it is left out (excepted) and named in the notes.
 */
export function offboardScript(plan: IBulkPlan, upns: readonly string[], graphUrl?: string): IOffboardScript {
  const steps = selectedStepNames(plan);
  const except = exceptEntries(plan, steps);
  const args = ['offboard', ...upns.flatMap(u => ['--user', u]), '--steps', steps.join(','), ...(except.length ? ['--except', except.join(',')] : []), ...graphUrlArgs(graphUrl)];
  const applyArgs = [...args, '--apply', '--out', offboardRecordName(upns)];
  const retired = steps.includes('devices-wipe') ? plan.steps.filter(s => s.selected && s.kind === 'deviceRetire' && !isPersonalRetire(s)).map(s => `${s.userName}: ${s.label}`) : [];
  const notes = [
    'Run the preview first: it prints the plan and changes nothing. Then the apply line applies it and writes the record.',
    'Sign-in: a saved `m365-impressions login`, or an app registration in AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET (never in this file).',
    ...(retired.length ? [`Left out, as the command wipes the company devices it is given and these were to be retired: ${retired.join('; ')}. Retire them in the Intune admin center.`] : [])
  ];
  const bash = (a: string[]): string => ['npx', 'm365-impressions', ...a].map(shellWord).join(' ');
  const win = (a: string[]): string => ['npx', 'm365-impressions', ...a].map(windowsWord).join(' ');
  const comments = notes.map(n => `# ${n}`);
  return {
    preview: [...comments, bash(args)].join('\n'),
    apply: bash(applyArgs),
    windows: [...notes.map(n => `REM ${n}`), win(args), win(applyArgs)].join('\r\n'),
    notes
  };
}
