/** Routes one Graph request (an HTTP request or a $batch item) to its handler. */
import { IGraphRequest, IGraphResponse, IHandlerCtx } from './context';
import { usersDelta } from './delta';
import * as dir from './directory';
import { graphError } from './errors';
import { reportCall, reportSettings } from './reportRoutes';
import { getDirectoryRole, listDirectoryRoleMembers, listDirectoryRoles, parseRoleKey } from './roles';
import { attackSimulationReport, getConditionalAccessPolicy, listConditionalAccessPolicies, securityDefaults } from './securityRoutes';
import { deviceAction, getManagedDevice, listDevices, listManagedDevices, listUserDevices } from './deviceRoutes';
import { deleteAuthMethod, managerRef, METHOD_COLLECTIONS, revokeSignInSessions } from './lifecycleRoutes';

function notAllowed(method: string): Error {
  return graphError(405, 'Request_BadRequest', `The HTTP method '${method}' is not allowed for this resource.`);
}

export function route(ctx: IHandlerCtx, req: IGraphRequest): IGraphResponse {
  const segs = req.path.split('/').filter((s) => s.length > 0);
  const m = req.method;
  if (segs[0] === 'me') segs.splice(0, 1, 'users', 'me');
  const [a, b, c, d, e] = segs;
  const only = (method: string, handler: () => IGraphResponse): IGraphResponse => {
    if (m !== method) throw notAllowed(m);
    return handler();
  };
  // directoryRoles(roleTemplateId='...') is one segment.
  const keyed = /^directoryRoles(\(.*\))$/i.exec(a ?? '');
  if (keyed) {
    const key = parseRoleKey(keyed[1] ?? '');
    if (key !== undefined && b === undefined) return only('GET', () => getDirectoryRole(ctx, req, key));
    if (key !== undefined && b === 'members' && c === undefined) return only('GET', () => listDirectoryRoleMembers(ctx, req, key, keyed[1] ?? ''));
  }
  switch (a) {
    case 'directoryRoles': {
      if (b === undefined) return only('GET', () => listDirectoryRoles(ctx, req));
      const key = parseRoleKey(b) ?? b;
      if (c === undefined) return only('GET', () => getDirectoryRole(ctx, req, key));
      if (c === 'members' && d === undefined) return only('GET', () => listDirectoryRoleMembers(ctx, req, key, `/${b}`));
      break;
    }
    case 'policies':
      if (b === 'identitySecurityDefaultsEnforcementPolicy' && c === undefined) return only('GET', () => securityDefaults(ctx, req));
      break;
    case 'identity':
      if (b === 'conditionalAccess' && c === 'policies' && d === undefined) return only('GET', () => listConditionalAccessPolicies(ctx, req));
      if (b === 'conditionalAccess' && c === 'policies' && d !== undefined && e === undefined) return only('GET', () => getConditionalAccessPolicy(ctx, req, d));
      break;
    case 'users':
      if (b === undefined) return only('GET', () => dir.listUsers(ctx, req));
      if (b === '$count') return only('GET', () => dir.countUsers(ctx, req));
      // users/delta, or its fully qualified name as the SDKs send it (with or without the call parentheses).
      if (c === undefined && /^(?:microsoft\.graph\.)?delta(?:\(\))?$/.test(b)) return only('GET', () => usersDelta(ctx, req));
      if (c === undefined) {
        if (m === 'GET') return dir.getUser(ctx, req, b);
        if (m === 'PATCH') return dir.patchUser(ctx, req, b);
        throw notAllowed(m);
      }
      if (c === 'manager' && d === undefined) return only('GET', () => dir.getManager(ctx, req, b));
      if (c === 'directReports' && d === undefined) return only('GET', () => dir.listDirectReports(ctx, req, b));
      if (c === 'manager' && d === '$ref' && e === undefined) {
        if (m !== 'PUT' && m !== 'DELETE') throw notAllowed(m);
        return managerRef(ctx, req, b);
      }
      if ((c === 'registeredDevices' || c === 'ownedDevices') && d === undefined) return only('GET', () => listUserDevices(ctx, req, b));
      if (c === 'managedDevices' && d === undefined) return only('GET', () => listManagedDevices(ctx, req, b));
      if ((c === 'revokeSignInSessions' || c === 'microsoft.graph.revokeSignInSessions') && d === undefined) return only('POST', () => revokeSignInSessions(ctx, req, b));
      // The password method is no collection a DELETE may name.
      if (c === 'authentication' && d === 'passwordMethods' && e !== undefined) throw notAllowed(m);
      if (c === 'authentication' && d !== undefined && d in METHOD_COLLECTIONS && e !== undefined) return only('DELETE', () => deleteAuthMethod(ctx, req, b, d, e));
      if (c === 'ownedObjects' && e === undefined) return only('GET', () => dir.listOwnedObjects(ctx, req, b, d));
      if ((c === 'memberOf' || c === 'transitiveMemberOf') && e === undefined) return only('GET', () => dir.listMemberOf(ctx, req, b, d, c === 'transitiveMemberOf'));
      if (c === 'photo' && d === undefined) return only('GET', () => dir.photo(ctx, req, b, false));
      if (c === 'photo' && d === '$value') return only('GET', () => dir.photo(ctx, req, b, true));
      if (c === 'photos' && d !== undefined && e === '$value') return only('GET', () => dir.photo(ctx, req, b, true, d));
      if (c === 'drive' && d === undefined) return only('GET', () => dir.drive(ctx, req, b));
      if (c === 'authentication' && d === 'methods' && e === undefined) return only('GET', () => dir.authMethods(ctx, req, b));
      if (c === 'assignLicense' || c === 'microsoft.graph.assignLicense') return only('POST', () => dir.assignLicense(ctx, req, b));
      if (c === 'licenseDetails') return only('GET', () => dir.licenseDetails(ctx, req, b));
      break;
    case 'groups':
      if (b === undefined) return only('GET', () => dir.listGroups(ctx, req));
      if (c === undefined) return only('GET', () => dir.getGroup(ctx, req, b));
      if (c === 'members' && d === undefined) return only('GET', () => dir.listGroupMembers(ctx, req, b));
      if (c === 'owners' && d === undefined) return only('GET', () => dir.listGroupOwners(ctx, req, b));
      if (c === 'transitiveMembers' && e === undefined) return only('GET', () => dir.listTransitiveMembers(ctx, req, b, d));
      if (c === 'members' && d === '$ref' && e === undefined) return only('POST', () => dir.addMember(ctx, req, b));
      if (c === 'members' && d !== undefined && e === '$ref') return only('DELETE', () => dir.removeMember(ctx, req, b, d));
      break;
    case 'devices':
      if (b === undefined) return only('GET', () => listDevices(ctx, req));
      break;
    case 'deviceManagement':
      if (b === 'managedDevices' && c === undefined) return only('GET', () => listManagedDevices(ctx, req));
      if (b === 'managedDevices' && c !== undefined && d === undefined) return only('GET', () => getManagedDevice(ctx, req, c));
      if (b === 'managedDevices' && c !== undefined && e === undefined && (d === 'retire' || d === 'microsoft.graph.retire')) return only('POST', () => deviceAction(ctx, req, c, 'retire'));
      if (b === 'managedDevices' && c !== undefined && e === undefined && (d === 'wipe' || d === 'microsoft.graph.wipe')) return only('POST', () => deviceAction(ctx, req, c, 'wipe'));
      break;
    case 'subscribedSkus':
      if (b === undefined) return only('GET', () => dir.subscribedSkus(ctx, req));
      break;
    case 'organization':
      if (b === undefined) return only('GET', () => dir.organization(ctx, req));
      break;
    case 'admin':
      if (b === 'reportSettings' && c === undefined) return reportSettings(ctx, req);
      break;
    case 'reports':
      if (b === 'security' && c !== undefined && d === undefined) return only('GET', () => attackSimulationReport(ctx, req, c));
      if (b === 'authenticationMethods' && c === 'userRegistrationDetails' && e === undefined) return only('GET', () => dir.userRegistrationDetails(ctx, req, d));
      if (b !== undefined && c === undefined) return only('GET', () => reportCall(ctx, req, b));
      break;
    default:
      break;
  }
  throw graphError(400, 'BadRequest', `Resource not found for the segment '${segs.find((s, i) => i > 0 && !/^[0-9a-f-]{36}$/i.test(s)) ?? a ?? ''}'.`);
}
