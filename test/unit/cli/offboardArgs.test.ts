import { parseArgs } from '../../../src/cli/args';
import { UsageError } from '../../../src/cli/errors';
import { offboardArgs } from '../../../src/cli/commands/offboard';
import { offboardScript, buildGroupPlan } from '../../../src/core/plans';

const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof UsageError) return e.message;
    throw e;
  }
  return '';
};

describe('offboard: its command line', () => {
  it('takes several people as a list or as --user given again, in the order given, once each', () => {
    const a = parseArgs(['offboard', '--user', 'ann@contoso.com', '--user', 'bob@contoso.com,ann@contoso.com', '--apply']);
    expect(offboardArgs(a.values, a.switches)).toMatchObject({ users: ['ann@contoso.com', 'bob@contoso.com'], apply: true });
  });

  it('still refuses a flag given twice elsewhere (impression takes one user)', () => {
    expect(refusal(() => parseArgs(['impression', '--user', 'a@contoso.com', '--user', 'b@contoso.com', '--out', 'x.xlsx']))).toMatch(/--user is given twice/);
  });

  it('parses the script the plan review generates back to the same people and steps', () => {
    const plan = buildGroupPlan([{ id: 'u1', name: 'Ann' }, { id: 'u2', name: 'Bob' }], { id: 'g', displayName: 'Sales', kind: 'security' }, 'remove');
    const script = offboardScript(plan, ['ann@contoso.com', 'bob@contoso.com']);
    const words = (script.apply.match(/'[^']*'|\S+/g) ?? []).map(w => w.replace(/^'|'$/g, '')).slice(2);
    const parsed = parseArgs(words);
    expect(parsed.command).toBe('offboard');
    expect(offboardArgs(parsed.values, parsed.switches).users).toEqual(['ann@contoso.com', 'bob@contoso.com']);
  });
});
