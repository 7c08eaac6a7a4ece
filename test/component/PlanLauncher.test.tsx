import * as React from 'react';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { ServicesProvider } from '../../src/ui/common/services';
import { PlanLauncher } from '../../src/ui/common/plan/PlanLauncher';
import { fakeServices } from './fakeGraph';
import type { Route } from './fakeGraph';

// A loaded machine (the whole suite on two cores) may take more than the default second to answer.
const LONG = { timeout: 5000 };

interface IItem { id: string; method: string; url: string }
type Answer = { status?: number; body: unknown };

const E3 = '05e9a617-0261-4cee-bb44-138d3ef5d965';
const person = (id: string, name: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  '@odata.type': '#microsoft.graph.user', id, displayName: name, userPrincipalName: `${id}@contoso.com`, jobTitle: 'Sales Associate', department: 'Sales',
  officeLocation: 'Seattle', usageLocation: 'US', accountEnabled: true, userType: 'Member', createdDateTime: '2020-01-01T00:00:00Z', assignedLicenses: [{ skuId: E3 }], ...extra
});
const HANA = person('h', 'Hana Hire', { createdDateTime: '2026-11-20T09:00:00Z', officeLocation: null });
const ROB = person('r1', 'Rob Ref', { assignedLicenses: [{ skuId: E3 }], licenseAssignmentStates: [{ skuId: E3, assignedByGroup: null }] });
const SUE = person('r2', 'Sue Same', { jobTitle: 'Sales Lead' });
const notFound: Answer = { status: 404, body: { error: { code: 'Request_ResourceNotFound', message: "Resource 'manager' does not exist." } } };
const refused: Answer = { status: 403, body: { error: { code: 'Authorization_RequestDenied', message: 'Insufficient privileges to complete the operation.' } } };

/** Graph answers by URL prefix (longest first); `$batch` items the same way, each recorded. */
const BASE: Record<string, Answer> = {
  '/users/h?': { body: HANA },
  '/users/h/manager': { body: { id: 'm', displayName: 'Mia Manager' } },
  '/users/h/memberOf': { body: { value: [] } },
  '/users/m/directReports': { body: { value: [HANA, ROB, SUE, person('x', 'Xena Gone', { accountEnabled: false }), person('b', 'Emergency Access', { assignedLicenses: [] })] } },
  "/users?$filter=department eq 'Sales'": { body: { value: [ROB, person('d1', 'Dora Dept', { jobTitle: 'Sales Director' })] } },
  '/users/r1?': { body: ROB },
  '/users/r1/memberOf': { body: { value: [{ '@odata.type': '#microsoft.graph.group', id: 'g1', displayName: 'Sales team', groupTypes: [], mailEnabled: false, securityEnabled: true }] } },
  '/users/r1/manager': { body: { id: 'm', displayName: 'Mia Manager' } },
  '/users/r2?': { body: SUE },
  '/users/r2/memberOf': { body: { value: [] } },
  '/users/r2/manager': { body: { id: 'm', displayName: 'Mia Manager' } },
  '/subscribedSkus': { body: { value: [{ skuId: E3, skuPartNumber: 'SPE_E3', consumedUnits: 1, prepaidUnits: { enabled: 5 }, capabilityStatus: 'Enabled' }] } }
};

function routes(answers: Record<string, Answer>, items: IItem[], hold?: Promise<void>): Record<string, Route> {
  const answer = (url: string): Answer => {
    const key = Object.keys(answers).filter(k => url.startsWith(k)).sort((a, b) => b.length - a.length)[0];
    return key === undefined ? { status: 404, body: { error: { code: 'Request_ResourceNotFound', message: `No route for ${url}` } } } : answers[key] as Answer;
  };
  return {
    ...answers,
    '/$batch': async (_p, b) => {
      if (hold) await hold;
      const requests = (b as { requests: IItem[] }).requests;
      items.push(...requests);
      return { body: { responses: requests.map(r => { const a = answer(r.url); return { id: r.id, status: a.status ?? 200, body: a.body }; }) } };
    }
  };
}

function renderLauncher(answers: Record<string, Answer> = BASE, hold?: Promise<void>) {
  const items: IItem[] = [];
  const { services } = fakeServices(routes(answers, items, hold));
  const onDismiss = jest.fn();
  const utils = render(<ServicesProvider services={services}><PlanLauncher request={{ kind: 'setupLike', targetId: 'h' }} allowDestructive={false} onDismiss={onDismiss} /></ServicesProvider>);
  return { ...utils, items, onDismiss };
}

/** What a browser does with Enter on a focused element: the key event, then (not cancelled, a native button) a click. */
function pressEnter(el: HTMLElement): void {
  const notCancelled = fireEvent.keyDown(el, { key: 'Enter', code: 'Enter', keyCode: 13, which: 13 });
  if (notCancelled && el.tagName === 'BUTTON' && !(el as HTMLButtonElement).disabled) fireEvent.click(el);
  fireEvent.keyUp(el, { key: 'Enter', code: 'Enter', keyCode: 13, which: 13 });
}

/** The elements Tab visits in a container, in order (Fluent's focus-trap bumpers, hidden from readers, left out). */
function tabOrder(container: HTMLElement): HTMLElement[] {
  return Array.from(container.querySelectorAll<HTMLElement>('button, input, select, textarea, a[href], [tabindex]'))
    .filter(el => el.tabIndex >= 0 && !(el as HTMLButtonElement).disabled && el.getAttribute('aria-hidden') !== 'true');
}

describe('PlanLauncher: Set up like…', () => {
  it('suggests colleagues with their reasons while the free picker stays; choosing one opens the plan for them', async () => {
    const { items } = renderLauncher();
    expect(screen.getByText('Finding colleagues like them…')).toBeInTheDocument();
    // The dialog's first focus: the empty search box (as Fluent's focus trap puts it in a browser).
    screen.getByRole('combobox', { name: 'Set up like (find a user)' }).focus();
    const list = await screen.findByRole('list', { name: 'Suggested colleagues' }, LONG);
    const buttons = within(list).getAllByRole('button');
    // Rob shares the manager, job, department and office; Sue the manager and department; Dora the department.
    // Each button's name is its visible text (no separate label a screen reader would say instead).
    expect(buttons.map(b => [b.getAttribute('aria-label'), b.textContent])).toEqual([
      [null, 'Rob RefSales AssociateSame manager (Mia Manager) · Same job title · Same department (Sales)'],
      [null, 'Sue SameSales LeadSame manager (Mia Manager) · Same department (Sales)'],
      [null, 'Dora Dept · reports to someone elseSales DirectorSame department (Sales)']
    ]);
    expect(within(buttons[0] as HTMLElement).getByText('Same manager (Mia Manager) · Same job title · Same department (Sales)')).toBeInTheDocument();
    expect(within(buttons[0] as HTMLElement).getByText('Sales Associate')).toBeInTheDocument();
    expect(screen.queryByText(/Xena Gone/)).toBeNull();
    expect(screen.queryByText(/Emergency Access/)).toBeNull();
    expect(screen.getByText('Or find someone')).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Set up like (find a user)' })).toBeInTheDocument();
    // Two round trips so far, nothing written.
    expect(items.map(i => `${i.method} ${i.url.split('?')[0]}`)).toEqual([
      'GET /users/h', 'GET /users/h/manager', 'GET /users/m/directReports', 'GET /users',
      'GET /users/r1/memberOf/microsoft.graph.directoryRole', 'GET /users/r2/memberOf/microsoft.graph.directoryRole', 'GET /users/d1/memberOf/microsoft.graph.directoryRole'
    ]);
    // The focus rested on the empty search box: it moves to the first suggestion.
    await waitFor(() => expect(document.activeElement).toBe(buttons[0]));

    items.length = 0;
    fireEvent.click(buttons[1] as HTMLElement);
    await screen.findByTestId('plan-summary', {}, LONG);
    // The plan's facts are read for Sue (the one chosen) and Hana.
    expect(items.filter(i => i.id.endsWith('-person')).map(i => i.url.split('?')[0])).toEqual(['/users/r2', '/users/h']);
    expect(screen.getByRole('heading', { name: 'Set up Hana Hire like Sue Same' })).toBeInTheDocument();
    // Sue's job title is proposed for Hana; nothing is sent before Finish.
    expect(screen.getByText('Job title: "Sales Associate" → "Sales Lead"')).toBeInTheDocument();
    expect(screen.queryByTestId('plan-gaps')).toBeNull();
    expect(items.every(i => i.method === 'GET')).toBe(true);
  });

  it('reaches a suggestion with Tab before the picker, and Enter chooses it', async () => {
    const { items } = renderLauncher();
    const list = await screen.findByRole('list', { name: 'Suggested colleagues' }, LONG);
    const rob = within(list).getAllByRole('button')[0] as HTMLElement;
    expect(rob.tagName).toBe('BUTTON');
    const dialog = screen.getByRole('dialog');
    const order = tabOrder(dialog);
    const picker = screen.getByRole('combobox', { name: 'Set up like (find a user)' });
    expect(order).toContain(rob);
    expect(order.indexOf(rob)).toBeLessThan(order.indexOf(picker));
    rob.focus();
    expect(document.activeElement).toBe(rob);
    items.length = 0;
    pressEnter(rob);
    await screen.findByTestId('plan-summary', {}, LONG);
    expect(items.filter(i => i.id.endsWith('-person')).map(i => i.url.split('?')[0])).toEqual(['/users/r1', '/users/h']);
    expect(screen.getByRole('heading', { name: 'Set up Hana Hire like Rob Ref' })).toBeInTheDocument();
    expect(screen.getByText('Add to Sales team')).toBeInTheDocument();
  });

  it('says why no one is suggested: no manager and no department yet', async () => {
    renderLauncher({ ...BASE, '/users/h?': { body: { ...HANA, department: null } }, '/users/h/manager': notFound });
    expect((await screen.findByTestId('no-suggestions', {}, LONG)).textContent).toBe('No suggestions: the new account has no manager or department yet. Find a colleague below.');
    expect(screen.queryByRole('list', { name: 'Suggested colleagues' })).toBeNull();
    expect(screen.getByRole('combobox', { name: 'Set up like (find a user)' })).toBeInTheDocument();
  });

  it('names what was refused: the profile, or a part while the others still suggest', async () => {
    const first = renderLauncher({ ...BASE, '/users/h?': refused });
    expect((await screen.findByTestId('no-suggestions', {}, LONG)).textContent)
      .toBe('No suggestions: the new account could not be read. Microsoft Graph refused it: the sign-in does not carry User.Read.All. Find a colleague below.');
    first.unmount();
    renderLauncher({ ...BASE, "/users?$filter=department eq 'Sales'": refused });
    const list = await screen.findByRole('list', { name: 'Suggested colleagues' }, LONG);
    expect(within(list).getAllByRole('button').map(b => b.getAttribute('data-suggestion'))).toEqual(['r1', 'r2']);
    expect(screen.getByTestId('suggestion-gaps').textContent).toBe('Not everyone could be looked at: People in Sales could not be read. Microsoft Graph refused it: the sign-in does not carry User.Read.All.');
  });

  it('stops reading when the dialog closes before the answer', async () => {
    let release: () => void = () => undefined;
    const hold = new Promise<void>(r => { release = r; });
    const errors = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const { unmount, items } = renderLauncher(BASE, hold);
      expect(screen.getByText('Finding colleagues like them…')).toBeInTheDocument();
      unmount();
      release();
      await new Promise(r => setTimeout(r, 50));
      // Cancelled: no second round, and no state set on a closed dialog (React warns of that).
      expect(items.filter(i => i.url.includes('directReports'))).toEqual([]);
      expect(errors).not.toHaveBeenCalled();
    } finally {
      errors.mockRestore();
    }
  });
});
