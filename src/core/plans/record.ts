/**
 * The offboarding record (any plan's record, in fact): who, when, each step with its result and reason, the
 * state before, and the checklist done by hand. Cells hold values, never formulas (the writer writes text as text).
 */
import type { ISheetSpec } from '../export/types';
import { keyValueSheet } from '../export/sheets';
import type { KeyValuePair } from '../export/sheets';
import { GROUP_KIND_LABEL } from '../directory/groups';
import { explainDeviceError } from '../directory/deviceCounts';
import type { IGroupInfo } from '../directory/groups';
import type { IDeviceInfo } from '../devices/types';
import { outcomeCounts } from './apply';
import { countSteps } from './edit';
import type { IAuthMethodInfo, IDirectoryRoleInfo, IOffboardFacts } from './facts';
import { PART_SCOPES, partReason } from './facts';
import type { IBulkOutcome, IBulkPlan, IPlanStep, StepKind, StepResult } from './types';

/** The record's sheets, in order: a public contract (README). */
export const RECORD_SHEETS = ['Summary', 'Steps', 'Before', 'Checklist'] as const;

/** Each kind of step in words, for the Steps sheet. */
export const STEP_KIND_LABEL: Record<StepKind, string> = {
  block: 'Block sign-in',
  revoke: 'Revoke sessions',
  licenseRemove: 'Remove licence',
  licenseAdd: 'Assign licence',
  groupRemove: 'Leave group',
  groupAdd: 'Join group',
  field: 'Profile field',
  manager: 'Manager',
  methodRemove: 'Remove authentication method',
  deviceRetire: 'Retire device',
  deviceWipe: 'Wipe device',
  manual: 'By hand'
};

/** Each purpose of a plan in words, for the record's Summary. */
export const PURPOSE_LABEL: Record<IBulkPlan['purpose'], string> = {
  offboard: 'Offboarding',
  setupLike: 'Set up like a colleague',
  licenseRemove: 'Remove a licence',
  groupAdd: 'Add to a group',
  groupRemove: 'Remove from a group'
};

/** A result's time as the record shows it: `2026-03-10 09:00:00 UTC`. */
const when = (iso: string): string => `${iso.slice(0, 19).replace('T', ' ')} UTC`;

/**
 * A step's results in order when Try again sent it again ("Failed (reason) at …, then Done at …"); null when it
 * was answered once.
 */
export function historyText(step: IPlanStep, r: StepResult | undefined): string | null {
  if (!r?.earlier?.length) return null;
  return [...r.earlier, r].map(one => {
    const [word, reason] = resultText(step, one);
    return `${word}${reason ? ` (${reason})` : ''}${one.at ? ` at ${when(one.at)}` : ''}`;
  }).join(', then ');
}

/** A result in one word, and its reason. */
export function resultText(step: IPlanStep, r: StepResult | undefined): [string, string | null] {
  if (!r) return [step.kind === 'manual' ? 'By hand' : step.selected && !step.locked ? 'Planned' : step.locked ? 'Locked' : 'Not selected', step.locked ?? null];
  switch (r.status) {
    case 'done': return ['Done', r.note ?? null];
    case 'failed': return ['Failed', r.reason];
    case 'skipped': return [step.kind === 'manual' ? 'By hand' : r.retryable ? 'Not sent' : step.locked ? 'Locked' : 'Not selected', r.reason];
  }
}

/** Who, when, how many. */
function summary(plan: IBulkPlan, outcome: IBulkOutcome | undefined, generated: Date): ISheetSpec {
  const c = countSteps(plan);
  const pairs: KeyValuePair[] = [['Plan', plan.title], ['Purpose', PURPOSE_LABEL[plan.purpose]], ['People', [...new Set(plan.steps.map(s => s.userName))]], ['People Count', c.people, 'number']];
  if (outcome) {
    const o = outcomeCounts(outcome);
    pairs.push(
      ['Run By', outcome.by ?? null],
      ['Started', outcome.startedAt, 'datetime'], ['Finished', outcome.finishedAt, 'datetime'],
      ['Steps Done', o.done, 'number'], ['Steps Failed', o.failed, 'number'], ['Steps Not Sent', o.notSent, 'number'],
      ['Round Trips', outcome.requests, 'number'], ['Cancelled', outcome.cancelled === true, 'boolean']
    );
  } else pairs.push(['Status', 'Planned only: nothing was sent.'], ['Steps Selected', c.selected, 'number']);
  pairs.push(['Steps By Hand', c.manual, 'number'], ['Gaps', plan.gaps.length, 'number'], ['Generated', generated, 'datetime']);
  return keyValueSheet('Summary', pairs);
}

/** The Steps sheet's headers, in order: a public contract (README). */
export const STEPS_COLUMNS = ['Person', 'User Principal Name', 'Step', 'Kind', 'State Before', 'Result', 'Reason', 'Answered At', 'History', 'Detail', 'Destructive', 'Request', 'User Id', 'Step Key'] as const;

/** One row per step sent, planned, locked or skipped; a step sent again by Try again tells each try. */
function stepsSheet(plan: IBulkPlan, outcome: IBulkOutcome | undefined, upns: Map<string, string>): ISheetSpec {
  return {
    name: 'Steps',
    columns: STEPS_COLUMNS.map(header => ({ header, type: header === 'Destructive' ? 'boolean' as const : header === 'Answered At' ? 'datetime' as const : 'string' as const })),
    rows: plan.steps.filter(s => s.kind !== 'manual').map(s => {
      const r = outcome?.results.get(s.key);
      const [result, reason] = resultText(s, r);
      const request = s.request ? `${s.request.method} ${s.request.url}` : null;
      return [
        s.userName, upns.get(s.userId) ?? null, s.label, STEP_KIND_LABEL[s.kind], s.before ?? null, result, reason, r?.at ?? null, historyText(s, r),
        s.detail ?? null, s.destructive === true, request, s.userId, s.key
      ];
    })
  };
}

/** The state before, one row per thing the person held; a part that could not be read says why. */
function beforeSheet(plan: IBulkPlan, facts: readonly IOffboardFacts[]): ISheetSpec {
  const rows: Array<Array<string | null>> = [];
  for (const f of facts) {
    if (f.person.status !== 'ready') {
      rows.push([f.asked, f.asked, 'Profile', 'Unavailable', f.person.status === 'error' ? partReason(f.person.error, PART_SCOPES.person) : 'Not read.']);
      continue;
    }
    const p = f.person.data;
    const add = (part: string, item: string, value: string | null): void => { rows.push([p.displayName, p.userPrincipalName, part, item, value]); };
    add('Account', 'Sign-in', p.accountEnabled === null ? null : p.accountEnabled ? 'Enabled' : 'Blocked');
    add('Account', 'User type', p.userType);
    add('Account', 'Usage location', p.usageLocation);
    const groupName = (id: string): string => (f.groups.status === 'ready' ? f.groups.data.find(g => g.id === id)?.displayName : undefined) ?? id;
    for (const l of p.licenses) {
      const step = plan.steps.find(s => s.key === `${p.id}:licenseRemove:${l.skuId.toLowerCase()}`);
      add('Licence', step?.label.replace(/^Remove /, '') ?? l.skuId, [l.direct ? 'Assigned directly' : '', l.groupIds.length ? `through ${l.groupIds.map(groupName).join(', ')}` : ''].filter(Boolean).join(', '));
    }
    const part = <T,>(name: string, state: IOffboardFacts['groups'] | IOffboardFacts['roles'] | IOffboardFacts['methods'] | IOffboardFacts['devices'], why: (e: unknown) => string, each: (x: T) => [string, string | null]): void => {
      if (state.status === 'error') add(name, 'Unavailable', why(state.error));
      else if (state.status === 'ready') for (const x of state.data as T[]) add(name, ...each(x));
    };
    part<IGroupInfo>('Group', f.groups, e => partReason(e, PART_SCOPES.groups), g => [g.displayName, GROUP_KIND_LABEL[g.kind]]);
    part<IDirectoryRoleInfo>('Admin role', f.roles, e => partReason(e, PART_SCOPES.groups), r => [r.displayName, 'Active assignment']);
    part<IGroupInfo>('Owned group', f.owned, e => partReason(e, PART_SCOPES.owned), g => [g.displayName, `Owner (${GROUP_KIND_LABEL[g.kind]})`]);
    part<IAuthMethodInfo>('Authentication method', f.methods, e => partReason(e, PART_SCOPES.methods), m => [m.label, m.detail]);
    part<IDeviceInfo>('Intune device', f.devices, e => explainDeviceError(e, 'managed').detail, d => [d.displayName || d.model || d.id, [d.operatingSystem, d.ownership, d.complianceState, d.lastSeen ? `last sync ${d.lastSeen}` : null].filter(Boolean).join(', ')]);
  }
  for (const g of plan.gaps) if (!facts.some(f => f.asked === g.userId)) rows.push([g.userName, null, g.part, 'Unavailable', g.reason]);
  return { name: 'Before', columns: ['Person', 'User Principal Name', 'Part', 'Item', 'Value'].map(header => ({ header, type: 'string' as const })), rows };
}

/** What is left to do by hand, with where; a Done column for the admin to tick. */
function checklistSheet(plan: IBulkPlan): ISheetSpec {
  return {
    name: 'Checklist',
    columns: ['Person', 'Task', 'Where', 'Done'].map(header => ({ header, type: 'string' as const })),
    rows: plan.steps.filter(s => s.kind === 'manual').map(s => [s.userName, s.label, s.detail ?? null, null])
  };
}

/**
 * The record workbook's sheets: Summary (who, when, counts), Steps (each step, its state before, result and
 * reason), Before (what each person held, from the facts read), Checklist (what is left by hand). Without an
 * outcome the record is of the plan alone ("Planned").
 */
export function offboardingRecordSheets(plan: IBulkPlan, outcome: IBulkOutcome | undefined, facts: readonly IOffboardFacts[], generated: Date): ISheetSpec[] {
  const upns = new Map<string, string>();
  for (const f of facts) if (f.person.status === 'ready') upns.set(f.person.data.id, f.person.data.userPrincipalName);
  return [summary(plan, outcome, generated), stepsSheet(plan, outcome, upns), beforeSheet(plan, facts), checklistSheet(plan)];
}
