import { GraphError } from '../../../src/core/graph/GraphError';
import { explainError } from '../../../src/core/graph/explain';

// How a refused security read is put to an admin: the scope, the role and the licence that can cause it.

const forbidden = new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');

describe('explainError for security readiness', () => {
  it('names the scope and the licence when the attack simulation reports are refused', () => {
    const e = explainError(forbidden, 'attackSimulation');
    expect(e.title).toBe('Attack simulation data refused');
    expect(e.detail).toMatch(/AttackSimulation\.Read\.All/);
    expect(e.detail).toMatch(/Defender for Office 365 Plan 2/);
    expect(e.detail).toMatch(/Microsoft 365 E5/);
    expect(e.action).toMatch(/API access/);
    expect(explainError(new GraphError(403, 'UnknownError', ''), 'attackSimulation').detail).toMatch(/AttackSimulation\.Read\.All/);
  });

  it('words a 404 or a licence refusal of the attack simulation reports as training not available', () => {
    // Graph says a missing licence only in words, under a plain Forbidden: no scope or role would help.
    const unlicensed = new GraphError(403, 'Forbidden', 'Your tenant is not licensed for this feature.');
    expect(unlicensed.kind).toBe('license');
    for (const error of [new GraphError(404, 'ResourceNotFound', 'x'), new GraphError(403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', 'x'), unlicensed]) {
      const e = explainError(error, 'attackSimulation');
      expect(e.title).toBe('Attack simulation training not available');
      expect(e.detail).toMatch(/Defender for Office 365 Plan 2/);
    }
  });

  it('names Policy.Read.All and the roles that read Conditional Access when MFA enforcement is refused', () => {
    const e = explainError(forbidden, 'mfaEnforcement');
    expect(e.title).toBe('Permission missing');
    expect(e.detail).toMatch(/Policy\.Read\.All/);
    for (const role of ['Security Reader', 'Global Reader', 'Conditional Access Administrator']) expect(e.detail).toContain(role);
    const role = explainError(new GraphError(403, 'S2SUnauthorized', 'x'), 'mfaEnforcement');
    expect(role.title).toBe('Admin role missing');
    expect(role.detail).toContain('Security Reader');
    expect(explainError(new GraphError(403, 'Authentication_RequestFromNonPremiumTenantOrB2CTenant', 'x'), 'mfaEnforcement').detail).toMatch(/Entra ID P1/);
  });

  it('leaves throttling and network failures to the common words', () => {
    expect(explainError(new GraphError(429, 'TooManyRequests', 'x', undefined, 5), 'attackSimulation')).toMatchObject({ title: 'Microsoft Graph is busy', retryAfterSeconds: 5 });
    expect(explainError(new GraphError(0, 'NetworkError', 'offline'), 'mfaEnforcement').title).toBe('Microsoft Graph could not be reached');
  });
});
