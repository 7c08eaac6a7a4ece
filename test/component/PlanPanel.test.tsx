import * as React from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ServicesProvider } from '../../src/ui/common/services';
import { PlanPanel } from '../../src/ui/common/plan/PlanPanel';
import type { IPlanSource } from '../../src/ui/common/plan/usePlanRun';
import { buildGroupPlan, buildLicenseRemovePlan } from '../../src/core/plans';
import type { IBulkPlan } from '../../src/core/plans';
import { fakeServices } from './fakeGraph';
import type { Route } from './fakeGraph';
import { withText } from './messages';

interface IItem { id: string; method: string; url: string }

// A loaded machine (the whole suite on two cores) may take more than the default second to answer.
const LONG = { timeout: 5000 };

const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
const people = [
  { id: 'u1', name: 'Ann Lee', groupIds: ['g1'] },
  { id: 'u2', name: 'Bob Ray', groupIds: ['g1'] },
  { id: 'u3', name: 'Cy Fox', groupIds: ['g1'] }
];
const sales = { id: 'g1', displayName: 'Sales team', kind: 'security' as const };

/** $batch answers: every write recorded; Bob's refused (role) until `bobFixed` says otherwise. */
function routes(writes: IItem[], state: { bobFixed: boolean }): Record<string, Route> {
  return {
    '/$batch': async (_p, b) => ({
      body: {
        responses: (b as { requests: IItem[] }).requests.map(r => {
          writes.push(r);
          return /u2/.test(r.url) && !state.bobFixed
            ? { id: r.id, status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } } }
            : { id: r.id, status: 204 };
        })
      }
    })
  };
}

function renderPlan(plan: IBulkPlan, writes: IItem[], state = { bobFixed: false }): { onApplied: jest.Mock } {
  const { services } = fakeServices(routes(writes, state));
  const source: IPlanSource = { title: plan.title, load: async () => plan };
  const onApplied = jest.fn();
  render(<ServicesProvider services={services}><PlanPanel source={source} onDismiss={() => undefined} onApplied={onApplied} /></ServicesProvider>);
  return { onApplied };
}

describe('PlanPanel', () => {
  it('shows each step with its marker, sends nothing before Finish, and sends only the chosen steps', async () => {
    const writes: IItem[] = [];
    renderPlan(buildGroupPlan(people, sales, 'remove'), writes);
    await screen.findByTestId('plan-summary', {}, LONG);
    expect(screen.getByTestId('plan-summary').textContent).toMatch(/^3 steps chosen for 3 people\. Nothing is sent before Finish\./);
    // Red for what is taken away, said in words too.
    const ann = screen.getByText('Ann Lee').parentElement as HTMLElement;
    expect(within(ann).getByText('Remove from Sales team').closest('[data-marker]')?.getAttribute('data-marker')).toBe('removed');
    // Cy is deselected: Finish counts two.
    const cy = screen.getByText('Cy Fox').parentElement as HTMLElement;
    fireEvent.click(within(cy).getByRole('checkbox'));
    expect(screen.getByRole('button', { name: 'Finish (2)' })).toBeTruthy();
    // A deselected step changes nothing, so it loses its marker.
    expect(within(cy).getByText('Remove from Sales team').closest('[data-marker]')).toBeNull();
    expect(writes).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Finish (2)' }));
    await screen.findByTestId('plan-outcome', {}, LONG);
    expect(writes.map(w => `${w.method} ${w.url}`).sort()).toEqual(['DELETE /groups/g1/members/u1/$ref', 'DELETE /groups/g1/members/u2/$ref']);
  });

  it('keeps every success and every failure with its reason; Try again sends only the failures', async () => {
    const writes: IItem[] = [];
    const state = { bobFixed: false };
    const { onApplied } = renderPlan(buildGroupPlan(people, sales, 'remove'), writes, state);
    fireEvent.click(await screen.findByRole('button', { name: 'Finish (3)' }, LONG));
    // Fluent draws a message bar's words a moment after the bar (so screen readers announce them): wait for them.
    await waitFor(() => expect(screen.getByTestId('plan-outcome').textContent).toMatch(/2 steps done, 1 step failed, each with its reason\. Try again sends only those; nothing that was done is undone\./), LONG);
    const bob = screen.getByText('Bob Ray').parentElement as HTMLElement;
    expect(within(bob).getByText(/^Failed:/).textContent).toMatch(/role|privileges|administrator/i);
    expect((screen.getByText('Ann Lee').parentElement as HTMLElement).querySelector('[data-result="done"]')).not.toBeNull();
    expect(onApplied).toHaveBeenCalledTimes(1);
    // The refusal is fixed (a role granted); Try again sends Bob's step alone.
    state.bobFixed = true;
    writes.length = 0;
    fireEvent.click(screen.getByRole('button', { name: 'Try again' }));
    await waitFor(() => expect(screen.getByTestId('plan-outcome').textContent).toMatch(/^3 steps done\.$/), LONG);
    expect(writes.map(w => `${w.method} ${w.url}`)).toEqual(['DELETE /groups/g1/members/u2/$ref']);
    expect(screen.queryByRole('button', { name: 'Try again' })).toBeNull();
  });

  it('shows a step that cannot be done here as locked, with why, and never sends it', async () => {
    const writes: IItem[] = [];
    const plan = buildLicenseRemovePlan([
      { id: 'u1', name: 'Ann Lee', licenses: [{ skuId: E3, direct: true, groupIds: [] }] },
      { id: 'u2', name: 'Bob Ray', licenses: [{ skuId: E3, direct: false, groupIds: ['g-lic'] }] }
    ], { skuId: E3, name: 'Microsoft 365 E3' });
    renderPlan(plan, writes);
    await screen.findByTestId('plan-summary', {}, LONG);
    expect(screen.getByTestId('plan-summary').textContent).toMatch(/^1 step chosen for 2 people\. 1 step cannot be done here/);
    const bob = screen.getByText('Bob Ray').parentElement as HTMLElement;
    expect((within(bob).getByRole('checkbox') as HTMLInputElement).disabled).toBe(true);
    expect(within(bob).getByText(/Assigned through a group/)).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Finish (1)' }));
    await screen.findByTestId('plan-outcome', {}, LONG);
    expect(writes.map(w => w.url)).toEqual(['/users/u1/assignLicense']);
  });

  it('says what could not be read, and a plan that cannot be read at all offers Try again', async () => {
    const { services } = fakeServices({});
    let reads = 0;
    const source: IPlanSource = {
      title: 'Offboard',
      load: async () => {
        reads++;
        if (reads === 1) throw new Error('network down');
        return { ...buildGroupPlan(people.slice(0, 1), sales, 'remove'), gaps: [{ userId: 'u1', userName: 'Ann Lee', part: 'devices', reason: 'Intune is not licensed in this tenant.' }] };
      }
    };
    render(<ServicesProvider services={services}><PlanPanel source={source} onDismiss={() => undefined} /></ServicesProvider>);
    fireEvent.click(await screen.findByRole('button', { name: 'Try again' }, LONG));
    // A MessageBar's words come a tick after the bar: wait for them.
    expect(await withText(() => screen.getByTestId('plan-gaps'), /Ann Lee — devices: Intune is not licensed in this tenant\./)).toBeInTheDocument();
  });
});
