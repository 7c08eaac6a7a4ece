import { countSteps } from '../../../core/plans';
import type { IBulkOutcome, IBulkPlan } from '../../../core/plans';

const plural = (n: number, one: string, many = `${one}s`): string => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** How many steps Finish would send, and the review's one-line summary. */
export function planSummary(plan: IBulkPlan): { selected: number; text: string } {
  const c = countSteps(plan);
  const parts = [`${plural(c.selected, 'step')} chosen for ${plural(c.people, 'person', 'people')}.`];
  if (c.destructiveSelected) parts.push(`${plural(c.destructiveSelected, 'destructive step')} among them.`);
  if (c.locked) parts.push(`${plural(c.locked, 'step')} cannot be done here (each says why).`);
  if (c.manual) parts.push(`${plural(c.manual, 'item')} to do yourself elsewhere.`);
  return { selected: c.selected, text: parts.join(' ') };
}

/** Finish's outcome in one sentence: what was done, what failed, and that nothing done was undone. */
export function outcomeSummary(plan: IBulkPlan, outcome: IBulkOutcome): { failed: number; text: string } {
  let done = 0;
  let failed = 0;
  let held = 0;
  for (const s of plan.steps) {
    const r = outcome.results.get(s.key);
    if (r?.status === 'done') done++;
    else if (r?.status === 'failed') failed++;
    else if (r?.status === 'skipped' && r.retryable) held++;
  }
  const parts = [`${plural(done, 'step')} done`];
  if (failed) parts.push(`${plural(failed, 'step')} failed, each with its reason`);
  if (held) parts.push(`${plural(held, 'step')} not sent${outcome.cancelled ? ' (stopped)' : ''}`);
  const again = failed || held ? ' Try again sends only those; nothing that was done is undone.' : '';
  return { failed: failed + held, text: `${parts.join(', ')}.${again}` };
}
