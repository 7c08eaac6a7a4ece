/**
 * "Generate script" of an offboarding plan: the same plan run unattended through the CLI's `offboard` command,
 * first as a preview (prints the plan, changes nothing), then with --apply (applies it, writes the record). No
 * token or secret in it: the run signs in from its environment.
 */
import { graphUrlArgs, shellWord, windowsWord } from '../export/script';
import { safeFileNamePart } from '../export/fileNames';
import type { IBulkPlan, StepKind } from './types';

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

/** The `--steps` names of the kinds a plan has selected. */
export function selectedStepNames(plan: IBulkPlan): OffboardStepName[] {
  return OFFBOARD_STEP_NAMES.filter(n => plan.steps.some(s => s.selected && s.kind === STEP_NAME_KINDS[n]));
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
 * The CLI commands that run the same plan unattended: the people by UPN, the kinds selected as `--steps`. Steps
 * deselected one by one (one group of several) have no flag: the notes name them, as the command would run them.
 */
export function offboardScript(plan: IBulkPlan, upns: readonly string[], graphUrl?: string): IOffboardScript {
  const steps = selectedStepNames(plan);
  const args = ['offboard', ...upns.flatMap(u => ['--user', u]), '--steps', steps.join(','), ...graphUrlArgs(graphUrl)];
  const applyArgs = [...args, '--apply', '--out', offboardRecordName(upns)];
  const kinds = new Set(steps.map(n => STEP_NAME_KINDS[n]));
  const left = plan.steps.filter(s => kinds.has(s.kind) && !s.selected && !s.locked).map(s => `${s.userName}: ${s.label}`);
  const notes = [
    'Run the preview first: it prints the plan and changes nothing. Then the apply line applies it and writes the record.',
    'Sign-in: a saved `m365-impressions login`, or an app registration in AZURE_TENANT_ID, AZURE_CLIENT_ID, AZURE_CLIENT_SECRET (never in this file).',
    ...(left.length ? [`These steps were deselected on screen but the command runs every step of its kinds: ${left.join('; ')}.`] : [])
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
