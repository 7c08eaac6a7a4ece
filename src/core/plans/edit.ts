/** Reviewing a plan: select and deselect steps (one, a person's, a kind's, all), count, group by person. Immutable. */
import type { IDeviceInfo } from '../devices/types';
import { deviceStep } from './offboard';
import { SELF_LOCK, isSignedIn, makeStep } from './steps';
import type { IPlanOptions } from './steps';
import type { IBulkPlan, IPlanStep, StepKind } from './types';

/** Whether a step can be sent at all: not manual, not locked, with a request. */
export const canSend = (s: IPlanStep): boolean => s.kind !== 'manual' && !s.locked && s.request !== undefined;

/** The steps Finish sends: selected and sendable. */
export function selectedSteps(plan: IBulkPlan): IPlanStep[] {
  return plan.steps.filter(s => s.selected && canSend(s));
}

/** Select or deselect the steps `which` picks; locked and manual steps never become selected. */
function select(plan: IBulkPlan, which: (s: IPlanStep) => boolean, selected: boolean): IBulkPlan {
  let changed = false;
  const steps = plan.steps.map(s => {
    if (!which(s) || !canSend(s) || s.selected === selected) return s;
    changed = true;
    return { ...s, selected };
  });
  return changed ? { ...plan, steps } : plan;
}

/** Toggle one step (or set it to `selected`). */
export function toggleStep(plan: IBulkPlan, key: string, selected?: boolean): IBulkPlan {
  const step = plan.steps.find(s => s.key === key);
  return step ? select(plan, s => s.key === key, selected ?? !step.selected) : plan;
}

/** Select or deselect every step of a person. */
export function selectPerson(plan: IBulkPlan, userId: string, selected: boolean): IBulkPlan {
  return select(plan, s => s.userId === userId, selected);
}

/** Select or deselect every step of these kinds (all removals of licences, all device steps...). */
export function selectKind(plan: IBulkPlan, kinds: StepKind | readonly StepKind[], selected: boolean): IBulkPlan {
  const set = new Set<StepKind>(typeof kinds === 'string' ? [kinds] : kinds);
  return select(plan, s => set.has(s.kind), selected);
}

/** Select or deselect every step. */
export function selectAll(plan: IBulkPlan, selected: boolean): IBulkPlan {
  return select(plan, () => true, selected);
}

/** How a plan stands: steps Finish sends, could send, cannot (locked), by hand, and destructive ones selected. */
export interface IPlanCounts {
  selected: number;
  sendable: number;
  locked: number;
  manual: number;
  destructiveSelected: number;
  people: number;
}

/** Count a plan's steps for the review's header and the Finish button. */
export function countSteps(plan: IBulkPlan): IPlanCounts {
  const sendable = plan.steps.filter(canSend);
  return {
    selected: sendable.filter(s => s.selected).length,
    sendable: sendable.length,
    locked: plan.steps.filter(s => s.locked).length,
    manual: plan.steps.filter(s => s.kind === 'manual').length,
    destructiveSelected: sendable.filter(s => s.selected && s.destructive).length,
    people: new Set(plan.steps.map(s => s.userId)).size
  };
}

/** The count of steps Finish would send. */
export function countSelected(plan: IBulkPlan): number {
  return selectedSteps(plan).length;
}

/** One person's steps, in plan order. */
export interface IPersonSteps {
  userId: string;
  userName: string;
  steps: IPlanStep[];
}

/** The steps grouped by person, people in the order they first appear. */
export function stepsByPerson(plan: IBulkPlan): IPersonSteps[] {
  const out = new Map<string, IPersonSteps>();
  for (const s of plan.steps) {
    const p = out.get(s.userId) ?? { userId: s.userId, userName: s.userName, steps: [] };
    p.steps.push(s);
    out.set(s.userId, p);
  }
  return [...out.values()];
}

/**
 * Turn device steps into retires or wipes (all of them, or the one `key` names), keeping each step's selection. A
 * personal device is never wiped: under 'wipe' it is retired, and its detail says so.
 * `devices` are the facts the steps were built from; a step whose device is not among them is left as it is.
 */
export function setDeviceAction(plan: IBulkPlan, action: 'retire' | 'wipe', devices: readonly IDeviceInfo[], options: IPlanOptions, key?: string): IBulkPlan {
  const steps = plan.steps.map(s => {
    if ((s.kind !== 'deviceRetire' && s.kind !== 'deviceWipe') || (key !== undefined && s.key !== key)) return s;
    const device = devices.find(d => s.key === `${s.userId}:${s.kind}:${d.id}`);
    if (!device) return s;
    const input = deviceStep(device, action);
    const next = makeStep({ id: s.userId, name: s.userName }, isSignedIn(s.userId, options) ? { ...input, lock: SELF_LOCK } : input, options);
    return { ...next, selected: s.selected && canSend(next) };
  });
  return { ...plan, steps };
}
