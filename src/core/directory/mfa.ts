import type { GraphGateway } from '../graph/GraphGateway';
import { isRecord } from '../graph/GraphError';

/** MFA state as the Users view shows it. */
export type MfaStatus = 'capable' | 'registered' | 'notRegistered';

/** One user's authentication-method registration (from userRegistrationDetails). */
export interface IMfaInfo {
  status: MfaStatus;
  /** Friendly names of registered methods. */
  methods: string[];
  /** The default (preferred or system-preferred) MFA method, friendly; null when none. */
  defaultMethod: string | null;
  isAdmin: boolean;
}

/** methodsRegistered values -> names admins see in the Entra admin center. */
export const METHOD_NAMES: Record<string, string> = {
  microsoftAuthenticatorPush: 'Microsoft Authenticator',
  microsoftAuthenticatorPasswordless: 'Microsoft Authenticator (passwordless)',
  softwareOneTimePasscode: 'Authenticator code',
  hardwareOneTimePasscode: 'Hardware token',
  mobilePhone: 'SMS or phone call',
  alternateMobilePhone: 'Phone call (alternate mobile)',
  officePhone: 'Phone call (office)',
  email: 'Email',
  fido2: 'FIDO2 security key',
  windowsHelloForBusiness: 'Windows Hello for Business',
  passKeyDeviceBound: 'Passkey',
  passKeyDeviceBoundAuthenticator: 'Passkey (Microsoft Authenticator)',
  passKeyDeviceBoundWindowsHello: 'Passkey (Windows Hello)',
  temporaryAccessPass: 'Temporary Access Pass',
  securityQuestion: 'Security questions',
  appPassword: 'App password',
  macOsSecureEnclaveKey: 'Platform credential for macOS',
  sms: 'SMS',
  voiceMobile: 'Phone call (mobile)'
};

/** userPreferredMethodForSecondaryAuthentication / systemPreferredAuthenticationMethods -> names. */
export const DEFAULT_METHOD_NAMES: Record<string, string> = {
  push: 'Microsoft Authenticator notification',
  oath: 'Authenticator code',
  voiceMobile: 'Phone call (mobile)',
  voiceAlternateMobile: 'Phone call (alternate mobile)',
  voiceOffice: 'Phone call (office)',
  sms: 'SMS',
  fido2: 'FIDO2 security key',
  passkey: 'Passkey',
  windowsHelloForBusiness: 'Windows Hello for Business',
  hardwareOneTimePasscode: 'Hardware token',
  softwareOneTimePasscode: 'Authenticator code',
  microsoftAuthenticatorPush: 'Microsoft Authenticator notification',
  email: 'Email'
};

const friendly = (v: string, table: Record<string, string>): string =>
  table[v] ?? Object.entries(table).find(([k]) => k.toLowerCase() === v.toLowerCase())?.[1] ?? v.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/^./, c => c.toUpperCase());

/** Turn one userRegistrationDetails item into (user id, info). */
export function toMfaInfo(raw: unknown): [string, IMfaInfo] | undefined {
  if (!isRecord(raw) || typeof raw.id !== 'string') return undefined;
  const methods = Array.isArray(raw.methodsRegistered) ? raw.methodsRegistered.filter((m): m is string => typeof m === 'string') : [];
  const system = Array.isArray(raw.systemPreferredAuthenticationMethods) ? raw.systemPreferredAuthenticationMethods.filter((m): m is string => typeof m === 'string') : [];
  const preferred = typeof raw.userPreferredMethodForSecondaryAuthentication === 'string' ? raw.userPreferredMethodForSecondaryAuthentication : 'none';
  // With system-preferred MFA on, Entra uses the strongest registered method, not the user's choice.
  const def = raw.isSystemPreferredAuthenticationMethodEnabled === true && system[0] ? system[0] : preferred !== 'none' ? preferred : null;
  const status: MfaStatus = raw.isMfaCapable === true ? 'capable' : raw.isMfaRegistered === true ? 'registered' : 'notRegistered';
  return [raw.id, { status, methods: methods.map(m => friendly(m, METHOD_NAMES)), defaultMethod: def ? friendly(def, DEFAULT_METHOD_NAMES) : null, isAdmin: raw.isAdmin === true }];
}

/** Stream MFA registration for every user, a page at a time (AuditLog.Read.All). */
export async function* streamMfa(gateway: GraphGateway, signal?: AbortSignal): AsyncGenerator<Array<[string, IMfaInfo]>, void, undefined> {
  for await (const page of gateway.pages<unknown>('/reports/authenticationMethods/userRegistrationDetails?$top=999', { signal })) {
    const out: Array<[string, IMfaInfo]> = [];
    for (const raw of page) {
      const r = toMfaInfo(raw);
      if (r) out.push(r);
    }
    yield out;
  }
}

/** Label for an MFA status. */
export const MFA_STATUS_LABEL: Record<MfaStatus, string> = { capable: 'Capable', registered: 'Registered', notRegistered: 'Not registered' };
