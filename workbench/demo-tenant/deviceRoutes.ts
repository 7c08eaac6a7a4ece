/**
 * Device endpoints: a user's Entra devices (registeredDevices, ownedDevices), the tenant's Entra devices
 * (/devices, with `$expand=registeredOwners`), Intune managed devices (per user and tenant-wide) and the
 * retire and wipe actions, with their refusals (scope, Intune licence, role, the refuseWritesFor seam).
 */
import { IGraphRequest, IGraphResponse, IHandlerCtx, json, noContent } from './context';
import { pageSize, resolveUser, USER_PROPS } from './directory';
import { deviceSlot, devicesOf, entraDevice, IDeviceSlot, managedDevice, SLOTS, slotsOf } from './devices';
import { graphError } from './errors';
import { isoNow } from './lifecycle';
import { checkRefused, INTUNE_ADMINS, requirePrivilegedRole } from './lifecycleRoutes';
import { checkFilter, evalFilter, FilterNode, IFilterRules, nextLink, option, parseFilter, readSkipToken, skipToken, unknownProperty } from './odata';
import { hasAny, requireScope, SCOPES } from './token';

type Ctx = IHandlerCtx;
type Req = IGraphRequest;

const DEVICE_TYPE = '#microsoft.graph.device';

/** The position of the next slot that holds a device at or after `from` (before `end`), if any: where the next page starts. */
function nextFilled(at: (p: number) => unknown, from: number, end: number): number | undefined {
  for (let p = from; p < end; p++) if (at(p)) return p;
  return undefined;
}

/** Intune's page of managed devices (Graph documents none; 1,000 is what Intune is seen to serve). */
export const MANAGED_PAGE = 1000;
/** A directory object list with `$expand` is served 100 objects a page at most. */
const EXPAND_PAGE = 100;

/** Select and project one object; 400 for a property the type does not have. */
function selected(raw: string | null, known: Record<string, unknown>, type: string): string[] | null {
  if (raw === null || raw.trim() === '') return null;
  const props = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const p of props) if (!(p in known)) throw unknownProperty(p, type);
  if (!props.includes('id')) props.unshift('id');
  return props;
}

function project(o: Record<string, unknown>, select: string[] | null): Record<string, unknown> {
  if (!select) return o;
  const out: Record<string, unknown> = {};
  for (const p of select) out[p] = o[p] ?? null;
  return out;
}

/** A made-up slot of user 0: what the device types' properties are, for $select checks. */
const SAMPLE: IDeviceSlot = { user: 0, slot: 0, n: 0, platform: 'windows', inEntra: true, managed: true, trustType: 'AzureAd', ownerType: 'company', complianceState: 'compliant', lastSeenOff: 0, registeredOff: 0, h: 1 };

/** The device type's properties. */
function deviceKnown(ctx: Ctx): Record<string, unknown> {
  return entraDevice(ctx.t, SAMPLE);
}

/**
 * GET /users/{id}/registeredDevices and /ownedDevices: the person's Entra devices (directoryObjects typed
 * #microsoft.graph.device). A token that may not read devices gets them with their id and type only.
 */
export function listUserDevices(ctx: Ctx, req: Req, key: string): IGraphResponse {
  const i = resolveUser(ctx, req, key);
  const self = key === 'me' || i === ctx.t.findUser(String(req.auth.claims.upn ?? ''));
  if (!(self && hasAny(req.auth, ['User.Read']))) requireScope(req.auth, SCOPES.readUsers);
  const select = selected(option(req.query, 'select'), deviceKnown(ctx), 'device');
  const full = hasAny(req.auth, SCOPES.readDevices);
  const value = slotsOf(ctx.t, i)
    .filter((s) => s.inEntra)
    .map((s) => {
      const d = entraDevice(ctx.t, s);
      if (full) return { '@odata.type': DEVICE_TYPE, ...project(d, select) };
      // Limited information: the type and id, every other property null.
      const o: Record<string, unknown> = { '@odata.type': DEVICE_TYPE, id: d.id };
      for (const k of select ?? Object.keys(d)) if (k !== 'id') o[k] = null;
      return o;
    });
  return json({ '@odata.context': `${req.base}/${req.version}/$metadata#directoryObjects`, value });
}

const DEVICE_FILTER: IFilterRules = {
  resource: 'Device',
  basic: {
    id: ['eq', 'in'],
    deviceId: ['eq', 'in'],
    displayName: ['eq', 'in', 'startswith'],
    operatingSystem: ['eq', 'in', 'startswith'],
    operatingSystemVersion: ['eq', 'startswith'],
    accountEnabled: ['eq'],
    trustType: ['eq', 'in'],
    isCompliant: ['eq'],
    isManaged: ['eq'],
    approximateLastSignInDateTime: ['eq', 'ge', 'le']
  },
  advanced: { displayName: ['ne', 'endswith'], operatingSystem: ['ne'], accountEnabled: ['ne'] },
  collections: {}
};

/** `registeredOwners`, `registeredOwners($select=id,...)`: the owner properties to show, or undefined when not expanded. */
function parseExpand(raw: string | null): string[] | null | undefined {
  if (raw === null || raw.trim() === '') return undefined;
  const m = /^registeredOwners(?:\(\$select=([^)]*)\))?$/i.exec(raw.trim());
  if (!m) throw graphError(400, 'BadRequest', `Could not find a property named '${raw.split('(')[0] ?? raw}' on type 'microsoft.graph.device'.`);
  if (m[1] === undefined) return null;
  const props = m[1].split(',').map((s) => s.trim()).filter(Boolean);
  for (const p of props) if (!(p in USER_PROPS)) throw unknownProperty(p, 'User');
  return props;
}

/** GET /devices: the tenant's Entra devices, paged; `$expand=registeredOwners($select=id)` names each one's owner. */
export function listDevices(ctx: Ctx, req: Req): IGraphResponse {
  requireScope(req.auth, SCOPES.readDevices);
  const select = selected(option(req.query, 'select'), deviceKnown(ctx), 'device');
  const expand = parseExpand(option(req.query, 'expand'));
  const top = Math.min(pageSize(req, 999), expand !== undefined ? EXPAND_PAGE : 999);
  const filterRaw = option(req.query, 'filter');
  const filter: FilterNode | null = filterRaw ? parseFilter(filterRaw) : null;
  const eventual = (req.headers.consistencylevel ?? '').toLowerCase() === 'eventual';
  const count = (option(req.query, 'count') ?? '').toLowerCase() === 'true';
  if (filter) checkFilter(filter, DEVICE_FILTER, eventual && count, (p) => p in deviceKnown(ctx));
  const t = ctx.t;
  const end = t.dirLength * SLOTS;
  const at = (p: number): IDeviceSlot | undefined => {
    const s = deviceSlot(t, t.dirIndex(Math.floor(p / SLOTS)), p % SLOTS);
    if (!s || !s.inEntra) return undefined;
    return !filter || evalFilter(filter, (k) => entraDevice(t, s)[k]) ? s : undefined;
  };
  let pos = readSkipToken(option(req.query, 'skiptoken'));
  const value: unknown[] = [];
  for (; pos < end && value.length < top; pos++) {
    const s = at(pos);
    if (!s) continue;
    const o: Record<string, unknown> = project(entraDevice(t, s), select);
    if (expand !== undefined) {
      const owner = t.user(s.user);
      const props = expand ?? ['id', 'displayName', 'userPrincipalName'];
      o.registeredOwners = [{ '@odata.type': '#microsoft.graph.user', ...Object.fromEntries(props.map((p) => [p, USER_PROPS[p]?.(ctx, owner) ?? null])), id: owner.id }];
    }
    value.push(o);
  }
  const next = nextFilled(at, pos, end);
  const more = next !== undefined;
  if (next !== undefined) pos = next;
  const body: Record<string, unknown> = { '@odata.context': `${req.base}/${req.version}/$metadata#devices${select ? `(${select.join(',')})` : ''}` };
  if (more) body['@odata.nextLink'] = nextLink(req.base, `/${req.version}/devices`, req.query, '$skiptoken', skipToken(pos));
  body.value = value;
  return json(body);
}

/** Intune's refusal of a token without the scope (its wording as Intune is seen to answer; unverified). */
function intuneScope(req: Req, scopes: readonly string[]): void {
  if (hasAny(req.auth, scopes)) return;
  throw graphError(
    403,
    'Forbidden',
    `Application is not authorized to perform this operation. Application must have one of the following scopes: ${scopes.join(', ')} - Operation ID (for customer support): 00000000-0000-0000-0000-000000000000 - Activity ID: ${req.requestId}`
  );
}

/** The tenant has no Intune licence: 400 as Graph is reported to answer (undocumented). */
function intuneLicence(ctx: Ctx): void {
  if (ctx.state.noIntune) throw graphError(400, 'BadRequest', 'Request not applicable to target tenant.');
}

/** The managedDevice type's properties. */
function managedKnown(ctx: Ctx): Record<string, unknown> {
  return { '@odata.type': null, ...managedDevice(ctx.t, SAMPLE) };
}

/** A managed device as listed: typed, with its pending action. */
function managedOut(ctx: Ctx, s: IDeviceSlot, select: string[] | null): Record<string, unknown> {
  const o = managedDevice(ctx.t, s, devicesOf(ctx.t).byN.get(s.n));
  return { '@odata.type': '#microsoft.graph.managedDevice', ...project(o, select) };
}

/**
 * GET /deviceManagement/managedDevices (tenant-wide) and /users/{id}/managedDevices: Intune's devices, paged
 * with `$skiptoken`; `$select` (userId, azureADDeviceId, ...) and `$filter` on their properties.
 */
export function listManagedDevices(ctx: Ctx, req: Req, key?: string): IGraphResponse {
  intuneScope(req, SCOPES.readManagedDevices);
  intuneLicence(ctx);
  const t = ctx.t;
  const only = key === undefined ? -1 : resolveUser(ctx, req, key);
  const select = selected(option(req.query, 'select'), managedKnown(ctx), 'managedDevice');
  const topRaw = Number(option(req.query, 'top') ?? MANAGED_PAGE);
  const top = Number.isInteger(topRaw) && topRaw > 0 ? Math.min(topRaw, MANAGED_PAGE) : MANAGED_PAGE;
  const filterRaw = option(req.query, 'filter');
  const filter = filterRaw ? parseFilter(filterRaw) : null;
  const from = only < 0 ? 0 : only * SLOTS;
  const end = only < 0 ? t.dirLength * SLOTS : from + SLOTS;
  const at = (p: number): IDeviceSlot | undefined => {
    const i = only < 0 ? t.dirIndex(Math.floor(p / SLOTS)) : only;
    const s = deviceSlot(t, i, p % SLOTS);
    if (!s || !s.managed) return undefined;
    if (filter) {
      const o = managedDevice(t, s, devicesOf(t).byN.get(s.n));
      if (!evalFilter(filter, (k) => {
        if (!(k in o)) throw unknownProperty(k, 'managedDevice');
        return o[k];
      })) return undefined;
    }
    return s;
  };
  let pos = Math.max(from, readSkipToken(option(req.query, 'skiptoken')));
  const value: unknown[] = [];
  for (; pos < end && value.length < top; pos++) {
    const s = at(pos);
    if (s) value.push(managedOut(ctx, s, select));
  }
  const next = nextFilled(at, pos, end);
  const more = next !== undefined;
  if (next !== undefined) pos = next;
  const path = only < 0 ? '/deviceManagement/managedDevices' : `/users/${t.userId(only)}/managedDevices`;
  const body: Record<string, unknown> = { '@odata.context': `${req.base}/${req.version}/$metadata#${only < 0 ? 'deviceManagement/managedDevices' : `users('${t.userId(only)}')/managedDevices`}` };
  if (more) body['@odata.nextLink'] = nextLink(req.base, `/${req.version}${path}`, req.query, '$skiptoken', skipToken(pos));
  body.value = value;
  return json(body);
}

/** GET /deviceManagement/managedDevices/{id}. */
export function getManagedDevice(ctx: Ctx, req: Req, id: string): IGraphResponse {
  intuneScope(req, SCOPES.readManagedDevices);
  intuneLicence(ctx);
  const s = devicesOf(ctx.t).findManaged(id);
  if (!s || !ctx.t.isLive(s.user)) throw graphError(404, 'ResourceNotFound', `Resource not found for the segment '${id}'.`);
  const select = selected(option(req.query, 'select'), managedKnown(ctx), 'managedDevice');
  return json({ '@odata.context': `${req.base}/${req.version}/$metadata#deviceManagement/managedDevices/$entity`, ...managedOut(ctx, s, select) });
}

/**
 * POST /deviceManagement/managedDevices/{id}/retire and /wipe -> 204 (DeviceManagementManagedDevices.
 * PrivilegedOperations.All); the device then shows managementState retirePending / wipePending.
 */
export function deviceAction(ctx: Ctx, req: Req, id: string, action: 'retire' | 'wipe'): IGraphResponse {
  intuneScope(req, SCOPES.privilegedDeviceOps);
  intuneLicence(ctx);
  const state = devicesOf(ctx.t);
  const s = state.findManaged(id);
  if (!s || !ctx.t.isLive(s.user)) throw graphError(404, 'ResourceNotFound', `Resource not found for the segment '${id}'.`);
  requirePrivilegedRole(ctx, req, INTUNE_ADMINS);
  checkRefused(ctx, s.user, id);
  if (req.body !== undefined && (typeof req.body !== 'object' || req.body === null || Array.isArray(req.body))) throw graphError(400, 'BadRequest', 'Invalid request body.');
  state.record(s, action, isoNow(ctx.now()));
  return noContent();
}
