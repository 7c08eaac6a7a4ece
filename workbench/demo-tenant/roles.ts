/** /directoryRoles: the activated roles and their members, by object id or by role template id. */
import { IGraphRequest, IGraphResponse, IHandlerCtx, json } from './context';
import { directoryRoleObject, parseSelect, projectUser, USER_PROPS } from './directory';
import { graphError, notFound } from './errors';
import { nextLink, option, readSkipToken, skipToken } from './odata';
import { ACTIVATED_ROLES, RoleKey, securityOf } from './security';
import { hasAny, requireScope, SCOPES } from './token';

type Ctx = IHandlerCtx;
type Req = IGraphRequest;

/** Graph answers up to 1,000 members and documents no `$top` paging for role members. */
const ROLE_MEMBERS_PAGE = 1000;

/**
 * The role a path segment names: `directoryRoles/{id}`, `directoryRoles/roleTemplateId={templateId}` or
 * `directoryRoles(roleTemplateId='{templateId}')` (the key is what follows `directoryRoles`).
 */
export function parseRoleKey(segment: string): string | undefined {
  const m = /^(?:\(roleTemplateId='([^']*)'\)|roleTemplateId=([^/]*))$/i.exec(segment);
  return m ? (m[1] ?? m[2] ?? '') : undefined;
}

/** An activated role, or 404 the way Graph answers for a role that was never activated in the tenant. */
function resolveRole(ctx: Ctx, key: string): RoleKey {
  const role = securityOf(ctx.t).roleByKey(key);
  if (!role || securityOf(ctx.t).roleMembers(role) === undefined) throw notFound(key);
  return role;
}

/** GET /directoryRoles */
export function listDirectoryRoles(ctx: Ctx, req: Req): IGraphResponse {
  requireScope(req.auth, SCOPES.roleMembers);
  const sample = directoryRoleObject(ctx, 'globalAdministrator');
  const select = parseSelect(option(req.query, 'select'), sample, 'DirectoryRole');
  const value = ACTIVATED_ROLES.map((r) => directoryRoleObject(ctx, r)).map((o) => {
    if (!select) return o;
    const out: Record<string, unknown> = {};
    for (const p of select) out[p] = o[p] ?? null;
    return out;
  });
  return json({ '@odata.context': `${req.base}/${req.version}/$metadata#directoryRoles`, value });
}

/** GET /directoryRoles/{key} */
export function getDirectoryRole(ctx: Ctx, req: Req, key: string): IGraphResponse {
  requireScope(req.auth, SCOPES.roleMembers);
  return json({ '@odata.context': `${req.base}/${req.version}/$metadata#directoryRoles/$entity`, ...directoryRoleObject(ctx, resolveRole(ctx, key)) });
}

/** GET /directoryRoles/{key}/members */
export function listDirectoryRoleMembers(ctx: Ctx, req: Req, key: string, pathKey: string): IGraphResponse {
  requireScope(req.auth, SCOPES.roleMembers);
  const role = resolveRole(ctx, key);
  const select = parseSelect(option(req.query, 'select'), USER_PROPS, 'DirectoryObject');
  const members = securityOf(ctx.t).roleMembers(role) ?? [];
  const basics = hasAny(req.auth, SCOPES.readUserBasics);
  const pos = readSkipToken(option(req.query, 'skiptoken'));
  if (pos > members.length) throw graphError(400, 'Request_BadRequest', 'The specified page token value has expired and can no longer be included in your request.');
  const value = members.slice(pos, pos + ROLE_MEMBERS_PAGE).map((i) => {
    const u = ctx.t.user(i);
    if (basics) return { '@odata.type': '#microsoft.graph.user', ...projectUser(ctx, u, select) };
    const o: Record<string, unknown> = { '@odata.type': '#microsoft.graph.user', id: u.id };
    for (const p of select ?? []) if (p !== 'id') o[p] = null;
    return o;
  });
  const body: Record<string, unknown> = { '@odata.context': `${req.base}/${req.version}/$metadata#directoryObjects${select ? `(${select.join(',')})` : ''}` };
  if (pos + ROLE_MEMBERS_PAGE < members.length) body['@odata.nextLink'] = nextLink(req.base, `/${req.version}/directoryRoles${pathKey}/members`, req.query, '$skiptoken', skipToken(pos + ROLE_MEMBERS_PAGE));
  body.value = value;
  return json(body);
}
