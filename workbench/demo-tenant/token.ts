/** Demo tokens: unsigned JWTs whose payload carries `scp`, `tid`, `upn`, `name`, like a real delegated Graph token. */
import { graphError, MSG } from './errors';

/** Every delegated scope the product uses; the default demo token carries them all. */
export const ALL_SCOPES: readonly string[] = [
  'User.Read',
  'User.Read.All',
  'User.ReadWrite.All',
  'Directory.Read.All',
  'GroupMember.Read.All',
  'GroupMember.ReadWrite.All',
  'Group.Read.All',
  'AuditLog.Read.All',
  'Reports.Read.All',
  'ReportSettings.Read.All',
  'ReportSettings.ReadWrite.All',
  'LicenseAssignment.Read.All',
  'LicenseAssignment.ReadWrite.All',
  'Organization.Read.All',
  'Files.Read.All',
  'UserAuthenticationMethod.Read.All',
  'ProfilePhoto.Read.All',
  'AttackSimulation.Read.All',
  'Policy.Read.All',
  'RoleManagement.Read.Directory',
  // The personnel lifecycle (issue 16): leave dates, devices, and the offboarding writes.
  'User-LifeCycleInfo.Read.All',
  'Device.Read.All',
  'DeviceManagementManagedDevices.Read.All',
  'DeviceManagementManagedDevices.PrivilegedOperations.All',
  'User.RevokeSessions.All',
  'UserAuthenticationMethod.ReadWrite.All'
];

export interface ITokenClaims {
  scp?: string;
  roles?: string[];
  tid?: string;
  upn?: string;
  name?: string;
  exp?: number;
  [claim: string]: unknown;
}

function b64url(s: string): string {
  return Buffer.from(s, 'utf8').toString('base64url');
}

/** Global Administrator's role template id (the `wids` claim lists the signed-in user's roles). */
export const GLOBAL_ADMIN_ROLE = '62e90394-69f5-4237-9190-012177145e10';

/** Build an unsigned JWT (`alg: none`) with the given scopes, for the user `oid` holding the roles `wids`. */
export function makeToken(scopes: readonly string[], tid: string, upn: string, name: string, oid: string, wids: readonly string[] = [GLOBAL_ADMIN_ROLE]): string {
  const now = Math.floor(Date.now() / 1000);
  const header = { typ: 'JWT', alg: 'none' };
  const payload: ITokenClaims = {
    aud: 'https://graph.microsoft.com',
    iss: `https://sts.windows.net/${tid}/`,
    iat: now,
    nbf: now,
    exp: now + 365 * 24 * 3600,
    app_displayname: 'M365 Impressions (demo)',
    appid: 'd300d300-0000-4000-8000-000000000001',
    oid,
    tid,
    upn,
    unique_name: upn,
    name,
    scp: scopes.join(' '),
    ver: '1.0',
    // The roles claim SPFx tokens may lack: present here so role checks can be simulated.
    wids: [...wids]
  };
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}.`;
}

/** What a request may do, from its bearer token. */
export interface IAuth {
  scopes: Set<string>;
  claims: ITokenClaims;
}

/** Parse `Authorization: Bearer ...`; throws 401 InvalidAuthenticationToken as Graph does. */
export function authenticate(header: string | undefined): IAuth {
  const www = { 'WWW-Authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"' };
  if (!header || !/^Bearer\s+\S/i.test(header)) throw graphError(401, 'InvalidAuthenticationToken', MSG.tokenEmpty, www);
  const token = header.replace(/^Bearer\s+/i, '').trim();
  const parts = token.split('.');
  if (parts.length < 2) throw graphError(401, 'InvalidAuthenticationToken', MSG.tokenMalformed, www);
  let claims: ITokenClaims;
  try {
    const parsed: unknown = JSON.parse(Buffer.from(parts[1] ?? '', 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
    claims = parsed as ITokenClaims;
  } catch {
    throw graphError(401, 'InvalidAuthenticationToken', MSG.tokenInvalid, www);
  }
  if (typeof claims.scp !== 'string' && !Array.isArray(claims.roles)) throw graphError(401, 'InvalidAuthenticationToken', MSG.tokenInvalid, www);
  if (typeof claims.exp === 'number' && claims.exp * 1000 < Date.now()) throw graphError(401, 'InvalidAuthenticationToken', MSG.tokenExpired, www);
  const scopes = new Set<string>();
  for (const s of (claims.scp ?? '').split(/\s+/)) if (s) scopes.add(s.toLowerCase());
  for (const r of claims.roles ?? []) if (typeof r === 'string') scopes.add(r.toLowerCase());
  return { scopes, claims };
}

/** True when the token holds any of the scopes (case-insensitive). */
export function hasAny(auth: IAuth, scopes: readonly string[]): boolean {
  return scopes.some((s) => auth.scopes.has(s.toLowerCase()));
}

/** Least-privilege scope sets per operation (any one suffices), after Microsoft's permission tables. */
export const SCOPES = {
  readUsers: ['User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  readMemberOf: ['User.Read.All', 'User.ReadWrite.All', 'GroupMember.Read.All', 'GroupMember.ReadWrite.All', 'Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  readGroups: ['GroupMember.Read.All', 'GroupMember.ReadWrite.All', 'Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  photo: ['ProfilePhoto.Read.All', 'ProfilePhoto.ReadWrite.All', 'User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  auditLog: ['AuditLog.Read.All'],
  reports: ['Reports.Read.All'],
  reportSettingsRead: ['ReportSettings.Read.All', 'ReportSettings.ReadWrite.All'],
  reportSettingsWrite: ['ReportSettings.ReadWrite.All'],
  writeUser: ['User.ReadWrite.All', 'Directory.ReadWrite.All'],
  writeMembers: ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All'],
  assignLicense: ['LicenseAssignment.ReadWrite.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
  subscribedSkus: ['LicenseAssignment.Read.All', 'LicenseAssignment.ReadWrite.All', 'Organization.Read.All', 'Organization.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  drive: ['Files.Read.All', 'Files.ReadWrite.All', 'Sites.Read.All', 'Sites.ReadWrite.All'],
  authMethods: ['UserAuthenticationMethod.Read.All', 'UserAuthenticationMethod.ReadWrite.All'],
  // securityReportsRoot: getAttackSimulation* (AttackSimulation.Read.All; the ReadWrite scope includes it).
  attackSimulation: ['AttackSimulation.Read.All', 'AttackSimulation.ReadWrite.All'],
  // Get identitySecurityDefaultsEnforcementPolicy.
  securityDefaults: ['Policy.Read.All', 'Policy.ReadWrite.SecurityDefaults'],
  // List conditionalAccessPolicies.
  conditionalAccess: ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess'],
  // List group transitive members (least privileged GroupMember.ReadBasic.All).
  transitiveMembers: ['GroupMember.ReadBasic.All', 'GroupMember.Read.All', 'GroupMember.ReadWrite.All', 'Group.ReadBasic.All', 'Group.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  // List directoryRoles and their members.
  roleMembers: ['RoleManagement.Read.Directory', 'RoleManagement.ReadWrite.Directory', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  // Without one of these, users in a directoryObject collection come back with their id and type only.
  readUserBasics: ['User.ReadBasic.All', 'User.Read.All', 'User.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  // employeeLeaveDateTime: read needs one of these besides a user read scope.
  readLifecycle: ['User-LifeCycleInfo.Read.All', 'User-LifeCycleInfo.ReadWrite.All'],
  // List devices (least privileged Device.Read.All); also what device properties in registeredDevices need.
  readDevices: ['Device.Read.All', 'Device.ReadWrite.All', 'Directory.Read.All', 'Directory.ReadWrite.All'],
  // Intune managedDevices, list and get.
  readManagedDevices: ['DeviceManagementManagedDevices.Read.All', 'DeviceManagementManagedDevices.ReadWrite.All'],
  // Intune retire and wipe.
  privilegedDeviceOps: ['DeviceManagementManagedDevices.PrivilegedOperations.All'],
  // revokeSignInSessions: User.RevokeSessions.All (newer reference), User.ReadWrite.All, Directory.ReadWrite.All.
  revokeSessions: ['User.RevokeSessions.All', 'User.ReadWrite.All', 'Directory.ReadWrite.All'],
  // Delete another user's authentication method.
  writeAuthMethods: ['UserAuthenticationMethod.ReadWrite.All'],
  // Assign or remove a manager.
  writeManager: ['User.ReadWrite.All', 'Directory.ReadWrite.All']
} as const;

/** 403 Authorization_RequestDenied unless the token has one of the scopes. */
export function requireScope(auth: IAuth, scopes: readonly string[]): void {
  if (!hasAny(auth, scopes)) throw graphError(403, 'Authorization_RequestDenied', MSG.insufficient);
}
