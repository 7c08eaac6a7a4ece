/**
 * Security readiness endpoints: the three Attack simulation training reports, security defaults and
 * Conditional Access policies, with their refusals (scope, licence, role).
 */
import { IGraphRequest, IGraphResponse, IHandlerCtx, json } from './context';
import { graphError, MSG, notFound } from './errors';
import { checkFilter, evalFilter, IFilterRules, nextLink, option, parseFilter, readSkipToken, skipToken, unknownProperty } from './odata';
import { ATTACK_SIMULATION_READERS, IPolicySpec, isoAt, PHISHING_RESISTANT, POLICY_READERS, RoleKey, securityOf } from './security';
import { hasAny, SCOPES } from './token';

type Ctx = IHandlerCtx;
type Req = IGraphRequest;

/** Page size of the Attack simulation reports when `$top` is not given (Graph documents none; unverified). */
export const ATTACK_SIMULATION_PAGE = 1000;

/**
 * A delegated sign-in must hold one of the roles (app-only tokens need none); `noSecurityRole` refuses
 * every delegated sign-in.
 */
function checkRole(ctx: Ctx, req: Req, roles: readonly RoleKey[], refuse: () => Error): void {
  if (typeof req.auth.claims.scp !== 'string') return;
  const i = ctx.t.findUser(String(req.auth.claims.oid ?? ''));
  if (ctx.state.noSecurityRole || i < 0 || !securityOf(ctx.t).hasAnyRole(i, roles)) throw refuse();
}

// ---------------------------------------------------------------- Attack simulation training reports

const REPORTS = {
  getAttackSimulationSimulationUserCoverage: 'attackSimulationSimulationUserCoverage',
  getAttackSimulationTrainingUserCoverage: 'attackSimulationTrainingUserCoverage',
  getAttackSimulationRepeatOffenders: 'attackSimulationRepeatOffender'
} as const;
type ReportName = keyof typeof REPORTS;

function displayNameOf(ctx: Ctx, i: number): string {
  const edited = ctx.t.edits.get(i)?.displayName;
  return typeof edited === 'string' ? edited : ctx.t.names(i)[2];
}

function simulationUser(ctx: Ctx, i: number, concealed = false): Record<string, unknown> {
  return { userId: ctx.t.userId(i), displayName: concealed ? null : displayNameOf(ctx, i), email: concealed ? null : (ctx.t.mail(i) ?? '') };
}

/** The report's row for user i, or null when the user is not in that report. */
function reportRow(ctx: Ctx, fn: ReportName, i: number): Record<string, unknown> | null {
  const sec = securityOf(ctx.t);
  const t = ctx.t;
  if (fn === 'getAttackSimulationSimulationUserCoverage') {
    const s = sec.simulationOf(i);
    if (!s) return null;
    return {
      simulationCount: s.simulationCount,
      latestSimulationDateTime: s.simulationCount === null ? null : isoAt(t, s.latestOff, s.latestSecs),
      clickCount: s.clickCount,
      compromisedCount: s.compromisedCount,
      attackSimulationUser: simulationUser(ctx, i)
    };
  }
  if (fn === 'getAttackSimulationTrainingUserCoverage') {
    const trainings = sec.trainingsOf(i);
    if (!trainings.length) return null;
    return {
      userTrainings: trainings.map((x) => ({
        assignedDateTime: isoAt(t, x.assignedOff, x.assignedSecs, x.assignedSecs * 7919),
        completionDateTime: x.completionOff === null ? null : isoAt(t, x.completionOff, (x.assignedSecs + 3 * 3600) % 86400),
        trainingStatus: x.status,
        displayName: x.displayName
      })),
      attackSimulationUser: simulationUser(ctx, i, sec.trainingUserConcealed(i))
    };
  }
  const offences = sec.repeatOffencesOf(i);
  return offences ? { repeatOffenceCount: offences, attackSimulationUser: simulationUser(ctx, i) } : null;
}

/** GET /reports/security/getAttackSimulation{SimulationUserCoverage|TrainingUserCoverage|RepeatOffenders}. */
export function attackSimulationReport(ctx: Ctx, req: Req, segment: string): IGraphResponse {
  const m = /^([A-Za-z]+)(?:\(\))?$/.exec(segment);
  const fn = m?.[1] as ReportName | undefined;
  if (!fn || !(fn in REPORTS)) throw graphError(400, 'BadRequest', `Resource not found for the segment '${m?.[1] ?? segment}'.`);
  if (!hasAny(req.auth, SCOPES.attackSimulation)) throw graphError(403, 'Forbidden', MSG.scopesMissing);
  if (ctx.state.noAttackSimulation) throw graphError(403, 'Forbidden', MSG.notLicensed);
  checkRole(ctx, req, ATTACK_SIMULATION_READERS, () => graphError(403, 'S2SUnauthorized', MSG.reportRole));
  const topRaw = option(req.query, 'top');
  const top = topRaw === null ? ATTACK_SIMULATION_PAGE : Number(topRaw);
  if (!Number.isInteger(top) || top < 1 || top > ATTACK_SIMULATION_PAGE) throw graphError(400, 'BadRequest', `Invalid page size specified: '${topRaw ?? ''}'. Must be between 1 and ${ATTACK_SIMULATION_PAGE} inclusive.`);
  const n = ctx.t.nUsers;
  let pos = readSkipToken(option(req.query, 'skiptoken'));
  const value: Array<Record<string, unknown>> = [];
  for (; pos < n && value.length < top; pos++) {
    const row = reportRow(ctx, fn, pos);
    if (row) value.push(row);
  }
  // Link a next page only when there is a row left for it (rows are sparse in the offender report).
  let next = -1;
  for (let p = pos; p < n; p++)
    if (reportRow(ctx, fn, p)) {
      next = p;
      break;
    }
  const body: Record<string, unknown> = { '@odata.context': `${req.base}/${req.version}/$metadata#Collection(microsoft.graph.${REPORTS[fn]})` };
  if (next >= 0) body['@odata.nextLink'] = nextLink(req.base, `/${req.version}/reports/security/${fn}`, req.query, '$skiptoken', skipToken(next));
  body.value = value;
  return json(body);
}

// ---------------------------------------------------------------- policies

function checkPolicyAccess(ctx: Ctx, req: Req, scopes: readonly string[]): void {
  if (!hasAny(req.auth, scopes)) throw graphError(403, 'AccessDenied', MSG.scopesMissing);
  checkRole(ctx, req, POLICY_READERS, () => graphError(403, 'Authorization_RequestDenied', MSG.insufficient));
}

function selectOf(req: Req, known: Record<string, unknown>, resource: string): string[] | null {
  const raw = option(req.query, 'select');
  if (raw === null || raw.trim() === '') return null;
  const props = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const p of props) if (!(p in known)) throw unknownProperty(p, resource);
  if (!props.includes('id')) props.unshift('id');
  return props;
}

function pick(obj: Record<string, unknown>, select: string[] | null): Record<string, unknown> {
  if (!select) return obj;
  const out: Record<string, unknown> = {};
  for (const p of select) out[p] = obj[p] ?? null;
  return out;
}

const SECURITY_DEFAULTS_ID = '00000000-0000-0000-0000-000000000005';

/** GET /policies/identitySecurityDefaultsEnforcementPolicy */
export function securityDefaults(ctx: Ctx, req: Req): IGraphResponse {
  checkPolicyAccess(ctx, req, SCOPES.securityDefaults);
  const obj: Record<string, unknown> = {
    id: SECURITY_DEFAULTS_ID,
    displayName: 'Security Defaults',
    description:
      'Security defaults is a set of basic identity security mechanisms recommended by Microsoft. When enabled, these recommendations will be automatically enforced in your organization. Administrators and users will be better protected from common identity related attacks.',
    isEnabled: ctx.state.securityDefaults
  };
  return json({ '@odata.context': `${req.base}/${req.version}/$metadata#policies/identitySecurityDefaultsEnforcementPolicy/$entity`, ...pick(obj, selectOf(req, obj, 'IdentitySecurityDefaultsEnforcementPolicy')) });
}

function at(ctx: Ctx, off: number): string {
  // Conditional Access timestamps carry seven fractional digits.
  return isoAt(ctx.t, off, 37000 + (off % 7) * 1111, off * 1047293, 7);
}

/** A policy in Graph's v1.0 shape. */
function policyObject(ctx: Ctx, req: Req, p: IPolicySpec, id: string): Record<string, unknown> {
  return {
    id,
    templateId: null,
    displayName: p.displayName,
    createdDateTime: at(ctx, p.createdOff),
    modifiedDateTime: p.modifiedOff === null ? null : at(ctx, p.modifiedOff),
    state: p.state,
    sessionControls: null,
    conditions: {
      userRiskLevels: [],
      signInRiskLevels: [],
      clientAppTypes: p.clientAppTypes,
      servicePrincipalRiskLevels: [],
      insiderRiskLevels: null,
      platforms: null,
      locations: null,
      devices: null,
      clientApplications: null,
      authenticationFlows: null,
      applications: { includeApplications: p.includeApplications, excludeApplications: [], includeUserActions: [], includeAuthenticationContextClassReferences: [], applicationFilter: null },
      users: {
        includeUsers: p.includeUsers,
        excludeUsers: p.excludeUsers,
        includeGroups: p.includeGroups,
        excludeGroups: p.excludeGroups,
        includeRoles: p.includeRoles,
        excludeRoles: p.excludeRoles,
        includeGuestsOrExternalUsers: null,
        excludeGuestsOrExternalUsers: null
      }
    },
    grantControls: {
      operator: 'OR',
      builtInControls: p.builtInControls,
      customAuthenticationFactors: [],
      termsOfUse: [],
      'authenticationStrength@odata.context': `${req.base}/${req.version}/$metadata#identity/conditionalAccess/policies('${id}')/grantControls/authenticationStrength/$entity`,
      authenticationStrength: p.authenticationStrength ? PHISHING_RESISTANT : null
    }
  };
}

/** The tenant's policies as Graph returns them; none while security defaults are on. */
function policyObjects(ctx: Ctx, req: Req): Array<Record<string, unknown>> {
  if (ctx.state.securityDefaults) return [];
  const sec = securityOf(ctx.t);
  return sec.policies().map((p, n) => policyObject(ctx, req, p, sec.policyId(n)));
}

const POLICY_FILTER: IFilterRules = {
  resource: 'ConditionalAccessPolicy',
  basic: { id: ['eq', 'ne', 'in'], displayName: ['eq', 'ne', 'startswith'], state: ['eq', 'ne', 'in'] },
  advanced: {},
  collections: {}
};

/** GET /identity/conditionalAccess/policies */
export function listConditionalAccessPolicies(ctx: Ctx, req: Req): IGraphResponse {
  checkPolicyAccess(ctx, req, SCOPES.conditionalAccess);
  const all = policyObjects(ctx, req);
  const sample = policyObject(ctx, req, securityOf(ctx.t).policies()[0] ?? ({} as IPolicySpec), '');
  const select = selectOf(req, sample, 'ConditionalAccessPolicy');
  const filterRaw = option(req.query, 'filter');
  const filter = filterRaw ? parseFilter(filterRaw) : null;
  if (filter) checkFilter(filter, POLICY_FILTER, true, (p) => p in sample);
  const matching = filter ? all.filter((o) => evalFilter(filter, (p) => o[p])) : all;
  const topRaw = option(req.query, 'top');
  const top = topRaw === null ? 100 : Number(topRaw);
  if (!Number.isInteger(top) || top < 1 || top > 999) throw graphError(400, 'BadRequest', `Invalid page size specified: '${topRaw ?? ''}'.`);
  const pos = readSkipToken(option(req.query, 'skiptoken'));
  const body: Record<string, unknown> = { '@odata.context': `${req.base}/${req.version}/$metadata#identity/conditionalAccess/policies${select ? `(${select.join(',')})` : ''}` };
  if (pos + top < matching.length) body['@odata.nextLink'] = nextLink(req.base, `/${req.version}/identity/conditionalAccess/policies`, req.query, '$skiptoken', skipToken(pos + top));
  body.value = matching.slice(pos, pos + top).map((o) => pick(o, select));
  return json(body);
}

/** GET /identity/conditionalAccess/policies/{id} */
export function getConditionalAccessPolicy(ctx: Ctx, req: Req, id: string): IGraphResponse {
  checkPolicyAccess(ctx, req, SCOPES.conditionalAccess);
  const obj = policyObjects(ctx, req).find((o) => o.id === id.toLowerCase());
  if (!obj) throw notFound(id);
  return json({ '@odata.context': `${req.base}/${req.version}/$metadata#identity/conditionalAccess/policies/$entity`, ...pick(obj, selectOf(req, obj, 'ConditionalAccessPolicy')) });
}
