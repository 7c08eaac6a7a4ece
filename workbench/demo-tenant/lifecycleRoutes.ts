/**
 * The personnel lifecycle's Graph calls: reading employeeLeaveDateTime (its scope and role), and the offboarding
 * writes: revokeSignInSessions, deleting an authentication method, manager/$ref, with their refusals (scope,
 * role, the `noPrivilegedRole` switch, and the test seam that refuses one user's writes).
 */
import { IGraphRequest, IGraphResponse, IHandlerCtx, json, noContent } from './context';
import { methodEntries, registrationOf, resolveUser } from './directory';
import { graphError, GraphHttpError, MSG, notFound } from './errors';
import { lifecycleOf } from './lifecycle';
import { RoleKey, securityOf } from './security';
import { hasAny, requireScope, SCOPES } from './token';

type Ctx = IHandlerCtx;
type Req = IGraphRequest;

/**
 * Roles that may read employeeLeaveDateTime signed in. Microsoft's user resource: "at least one of Lifecycle Workflows
 * Administrator (least privilege), Global Reader" (earlier versions also name the Global Administrator, who holds every
 * right). The demo has no Lifecycle Workflows Administrator role to hold (security.ts's ROLES); writing the date needs
 * the Global Administrator.
 */
const LEAVE_DATE_READERS: readonly RoleKey[] = ['globalAdministrator', 'globalReader'];
/** Roles that may revoke another user's sessions (of those the demo models). */
const REVOKERS: readonly RoleKey[] = ['globalAdministrator', 'userAdministrator'];
/** Authentication Administrator and Intune Administrator are not modelled: the Global Administrator stands in. */
const METHOD_ADMINS: readonly RoleKey[] = ['globalAdministrator'];
export const INTUNE_ADMINS: readonly RoleKey[] = ['globalAdministrator'];

/** Whether the token is a delegated sign-in whose person holds none of the roles (app-only tokens need none). */
function lacksRole(ctx: Ctx, req: Req, roles: readonly RoleKey[]): boolean {
  if (typeof req.auth.claims.scp !== 'string') return false;
  const i = ctx.t.findUser(String(req.auth.claims.oid ?? ''));
  return i < 0 || !securityOf(ctx.t).hasAnyRole(i, roles);
}

/** 403 Authorization_RequestDenied for a privileged write without its role (or under `noPrivilegedRole`). */
export function requirePrivilegedRole(ctx: Ctx, req: Req, roles: readonly RoleKey[]): void {
  if (ctx.state.noPrivilegedRole || lacksRole(ctx, req, roles)) throw graphError(403, 'Authorization_RequestDenied', MSG.insufficient);
}

/**
 * Whether this request may read employeeLeaveDateTime: true, or false when it should read null
 * (`leaveDateUnscoped: 'null'`); throws 403 Authorization_RequestDenied for the whole request by default.
 */
export function leaveDateReadable(ctx: Ctx, req: Req): boolean {
  if (hasAny(req.auth, SCOPES.readLifecycle) && !lacksRole(ctx, req, LEAVE_DATE_READERS)) return true;
  if (ctx.state.leaveDateUnscoped === 'null') return false;
  throw graphError(403, 'Authorization_RequestDenied', MSG.insufficient);
}

/** The error a refused write answers (the refuseWritesFor seam), as Graph words each status. */
export function refusal(status: number, key: string): GraphHttpError {
  switch (status) {
    case 400:
      return graphError(400, 'Request_BadRequest', 'Invalid request.');
    case 403:
      return graphError(403, 'Authorization_RequestDenied', MSG.insufficient);
    case 404:
      return notFound(key);
    case 409:
      return graphError(409, 'Request_MultipleObjectsWithSameKeyValue', 'Another object with the same value for property userPrincipalName already exists.');
    case 429:
      return graphError(429, 'TooManyRequests', MSG.throttled, { 'Retry-After': '1' });
    case 503:
      return graphError(503, 'ServiceUnavailable', MSG.unavailable, { 'Retry-After': '1' });
    default:
      return graphError(status, status >= 500 ? 'InternalServerError' : 'BadRequest', 'The demo tenant refuses writes about this user.');
  }
}

/** Throw the seam's refusal when writes about user i are refused. */
export function checkRefused(ctx: Ctx, i: number, key: string): void {
  const status = lifecycleOf(ctx.t).refusals.get(i);
  if (status !== undefined) throw refusal(status, key);
}

/** POST /users/{id}/revokeSignInSessions -> 200 { value: true }. */
export function revokeSignInSessions(ctx: Ctx, req: Req, key: string): IGraphResponse {
  requireScope(req.auth, SCOPES.revokeSessions);
  const i = resolveUser(ctx, req, key);
  requirePrivilegedRole(ctx, req, REVOKERS);
  checkRefused(ctx, i, key);
  lifecycleOf(ctx.t).revoke(i, ctx.now());
  return json({ '@odata.context': `${req.base}/${req.version}/$metadata#Edm.Boolean`, value: true });
}

/** The method collections a DELETE may name, and the methodsOf kinds each holds. */
export const METHOD_COLLECTIONS: Record<string, readonly string[]> = {
  phoneMethods: ['mobilePhone'],
  microsoftAuthenticatorMethods: ['microsoftAuthenticatorPush', 'microsoftAuthenticatorPasswordless'],
  softwareOathMethods: ['softwareOneTimePasscode'],
  fido2Methods: ['fido2'],
  emailMethods: ['email'],
  windowsHelloForBusinessMethods: ['windowsHelloForBusiness'],
  temporaryAccessPassMethods: ['temporaryAccessPass']
};

/** Which methodsOf kinds the user's default (preferred second-factor) method is. */
function defaultKinds(preferred: unknown): readonly string[] {
  if (preferred === 'push') return METHOD_COLLECTIONS.microsoftAuthenticatorMethods ?? [];
  if (preferred === 'oath') return ['softwareOneTimePasscode'];
  if (preferred === 'sms') return ['mobilePhone'];
  return [];
}

/**
 * DELETE /users/{id}/authentication/{collection}/{methodId} -> 204; the method no longer lists. The user's
 * default method cannot go while another method remains (Graph documents this for phone methods).
 */
export function deleteAuthMethod(ctx: Ctx, req: Req, key: string, collection: string, methodId: string): IGraphResponse {
  if (!hasAny(req.auth, SCOPES.writeAuthMethods)) throw graphError(403, 'accessDenied', 'Request Authorization failed');
  const i = resolveUser(ctx, req, key);
  const kinds = METHOD_COLLECTIONS[collection];
  if (!kinds) throw graphError(400, 'BadRequest', `Resource not found for the segment '${collection}'.`);
  requirePrivilegedRole(ctx, req, METHOD_ADMINS);
  const entries = methodEntries(ctx, i);
  const target = entries.find((e) => e.id.toLowerCase() === methodId.toLowerCase() && kinds.includes(e.kind));
  if (!target) throw notFound(methodId);
  checkRefused(ctx, i, key);
  const def = defaultKinds(registrationOf(ctx, i).userPreferredMethodForSecondaryAuthentication);
  const othersRemain = entries.some((e) => e !== target && !def.includes(e.kind));
  const sameKindRemains = entries.some((e) => e !== target && e.kind === target.kind);
  if (def.includes(target.kind) && othersRemain && !sameKindRemains)
    throw graphError(400, 'badRequest', "The user's default authentication method cannot be deleted while they have other methods. Change their default method first.");
  lifecycleOf(ctx.t).deleteMethod(i, collection, target.id, ctx.now());
  return noContent();
}

/** The user index a manager $ref body names (`@odata.id` .../users/{id} or .../directoryObjects/{id}). */
function managerTarget(ctx: Ctx, body: unknown): number {
  const ref = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)['@odata.id'] : undefined;
  if (typeof ref !== 'string') throw graphError(400, 'Request_BadRequest', "Invalid object identifier 'undefined'.");
  const m = /\/(?:directoryObjects|users)\/([^/?]+)$/i.exec(ref) ?? /\/(?:directoryObjects|users)\('([^']+)'\)$/i.exec(ref);
  const id = m?.[1] ? decodeURIComponent(m[1]) : '';
  const i = ctx.t.findUser(id);
  if (i < 0) throw notFound(id);
  return i;
}

/** PUT /users/{id}/manager/$ref -> 204; DELETE -> 204 (404 when the user has no manager). */
export function managerRef(ctx: Ctx, req: Req, key: string): IGraphResponse {
  requireScope(req.auth, SCOPES.writeManager);
  const i = resolveUser(ctx, req, key);
  if (req.method === 'DELETE') {
    if (ctx.t.managerOf(i) < 0) throw graphError(404, 'Request_ResourceNotFound', "Resource 'manager' does not exist or one of its queried reference-property objects are not present.");
    checkRefused(ctx, i, key);
    lifecycleOf(ctx.t).setManager(i, -1, ctx.now());
    return noContent();
  }
  const m = managerTarget(ctx, req.body);
  if (m === i) throw graphError(400, 'Request_BadRequest', 'A user cannot be their own manager.');
  checkRefused(ctx, i, key);
  lifecycleOf(ctx.t).setManager(i, m, ctx.now());
  return noContent();
}
