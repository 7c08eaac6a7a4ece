/**
 * Security readiness in the demo tenant: directory roles, Conditional Access policies, security defaults
 * and Attack simulation training results. Every per-user fact is a pure function of (seed, user index),
 * as activity.ts is, so 100k users cost nothing until a page asks for them; the few role holders and the
 * people /_demo/info names are found once per tenant and kept.
 */
import { BREAK_GLASS, F, PERSONAS } from './names';
import { hash4, unit } from './rng';
import { Tenant, WL, ymdOf } from './tenant';

// ---------------------------------------------------------------- directory roles

export interface IRoleTemplate {
  templateId: string;
  displayName: string;
  description: string;
}

/** Built-in role templates the demo knows (template ids are Microsoft's, the same in every tenant). */
export const ROLES = {
  globalAdministrator: { templateId: '62e90394-69f5-4237-9190-012177145e10', displayName: 'Global Administrator', description: 'Can manage all aspects of Microsoft Entra ID and Microsoft services that use Microsoft Entra identities.' },
  userAdministrator: { templateId: 'fe930be7-5e62-47db-91af-98c3a49a38b1', displayName: 'User Administrator', description: 'Can manage all aspects of users and groups, including resetting passwords for limited admins.' },
  securityReader: { templateId: '5d6b6bb7-de71-4623-b4af-96380a352509', displayName: 'Security Reader', description: 'Can read security information and reports in Microsoft Entra ID and Office 365.' },
  exchangeAdministrator: { templateId: '29232cdf-9323-42fd-ade2-1d097af3e4de', displayName: 'Exchange Administrator', description: 'Can manage all aspects of the Exchange product.' },
  securityAdministrator: { templateId: '194ae4cb-b126-40b2-bd5b-6091b380977d', displayName: 'Security Administrator', description: 'Can read security information and reports, and manage configuration in Microsoft Entra ID and Office 365.' },
  securityOperator: { templateId: '5f2222b1-57c3-48ba-8ad5-d4759f1fde6f', displayName: 'Security Operator', description: 'Creates and manages security events.' },
  globalReader: { templateId: 'f2ef992c-3afb-46b9-b7cf-a126ee74c451', displayName: 'Global Reader', description: 'Can read everything that a Global Administrator can, but not update anything.' },
  conditionalAccessAdministrator: { templateId: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', displayName: 'Conditional Access Administrator', description: 'Can manage Conditional Access capabilities.' },
  attackSimulationAdministrator: { templateId: 'c430b396-e693-46cc-96f3-db01bf8bb62a', displayName: 'Attack Simulation Administrator', description: 'Can create and manage all aspects of attack simulation campaigns.' },
  attackPayloadAuthor: { templateId: '9c6df0f2-1e7c-4dc3-b195-66dfbd24aa8f', displayName: 'Attack Payload Author', description: 'Can create attack payloads that an administrator can initiate later.' },
  globalSecureAccessAdministrator: { templateId: 'ac434307-12b9-4fa1-a708-88bf58caabc1', displayName: 'Global Secure Access Administrator', description: 'Create and manage all aspects of Global Secure Access.' }
} as const satisfies Record<string, IRoleTemplate>;
export type RoleKey = keyof typeof ROLES;

/** Roles activated in the tenant (a directoryRole object exists), in the order /directoryRoles lists them. */
export const ACTIVATED_ROLES: readonly RoleKey[] = ['globalAdministrator', 'userAdministrator', 'securityReader', 'exchangeAdministrator'];

/** Roles whose holders may read Attack simulation training data (Microsoft's "Get started using Attack simulation training"). */
export const ATTACK_SIMULATION_READERS: readonly RoleKey[] = ['globalAdministrator', 'securityAdministrator', 'securityReader', 'securityOperator', 'globalReader', 'attackSimulationAdministrator', 'attackPayloadAuthor'];

/** Roles whose holders may read Conditional Access policies and security defaults (Graph's "Get conditionalAccessPolicy"). */
export const POLICY_READERS: readonly RoleKey[] = ['globalAdministrator', 'securityAdministrator', 'securityReader', 'globalReader', 'conditionalAccessAdministrator', 'globalSecureAccessAdministrator'];

// ---------------------------------------------------------------- Conditional Access

/** Windows Azure Service Management API: the one app the app-specific MFA policy targets. */
export const AZURE_MANAGEMENT_APP = '797f4846-ba00-4fd7-ba43-dac1f8f63013';

/** Microsoft's built-in "Phishing-resistant MFA" authentication strength. */
export const PHISHING_RESISTANT = {
  id: '00000000-0000-0000-0000-000000000004',
  createdDateTime: '2021-12-01T08:00:00Z',
  modifiedDateTime: '2021-12-01T08:00:00Z',
  displayName: 'Phishing-resistant MFA',
  description: 'Phishing-resistant, Passwordless methods for the strongest authentication, such as a FIDO2 security key',
  policyType: 'builtIn',
  requirementsSatisfied: 'mfa',
  allowedCombinations: ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor']
};

export type PolicyState = 'enabled' | 'disabled' | 'enabledForReportingButNotEnforced';

/** The parts of a policy the demo decides; the rest of Graph's shape is filled in by conditionalAccessPolicy(). */
export interface IPolicySpec {
  key: string;
  displayName: string;
  state: PolicyState;
  includeUsers: string[];
  excludeUsers: string[];
  includeGroups: string[];
  excludeGroups: string[];
  includeRoles: string[];
  excludeRoles: string[];
  includeApplications: string[];
  clientAppTypes: string[];
  builtInControls: string[];
  authenticationStrength: boolean;
  createdOff: number;
  modifiedOff: number | null;
}

// ---------------------------------------------------------------- Attack simulation training

/** A user's simulation figures; `listed` without counts: Graph lists the user with nulls (its own example does). */
export interface ISimulation {
  simulationCount: number | null;
  clickCount: number | null;
  compromisedCount: number | null;
  /** Days before the refresh date of the latest simulation; -1 when never. */
  latestOff: number;
  latestSecs: number;
}

export type TrainingStatus = 'assigned' | 'inProgress' | 'completed' | 'overdue';

export interface ITraining {
  displayName: string;
  assignedOff: number;
  assignedSecs: number;
  completionOff: number | null;
  status: TrainingStatus;
}

/** Training modules of Microsoft's catalogue the demo assigns. */
const TRAININGS = ['Mass Market Phishing', 'Spear Phishing', 'Credential Harvesting', 'Malware Attachments', 'Business Email Compromise', 'Phishing', 'Link in Attachment', 'Insider Threat'];
/** Days a training may stay unfinished before it is overdue. */
export const TRAINING_DUE_DAYS = 30;

/** People whose simulation and training results are set, not drawn, so every tenant has each case. */
type CraftedKind = 'clicker' | 'compromised' | 'repeatOffender' | 'neverSimulated' | 'neverSimulatedListed' | 'trainingOverdue' | 'trainingInProgress' | 'trainingCompleted';
const NEVER: ISimulation = { simulationCount: null, clickCount: null, compromisedCount: null, latestOff: -1, latestSecs: 0 };
const sim = (simulationCount: number, clickCount: number, compromisedCount: number, latestOff: number): ISimulation => ({ simulationCount, clickCount, compromisedCount, latestOff, latestSecs: 34567 + latestOff * 61 });
const training = (displayName: string, assignedOff: number, status: TrainingStatus, completionOff: number | null = null): ITraining => ({ displayName, assignedOff, assignedSecs: 30000 + assignedOff * 97, completionOff, status });
const CRAFTED: Record<CraftedKind, { simulation: ISimulation | null; trainings: ITraining[] }> = {
  clicker: { simulation: sim(6, 2, 0, 9), trainings: [training('Spear Phishing', 8, 'assigned')] },
  compromised: { simulation: sim(4, 1, 1, 20), trainings: [training('Credential Harvesting', 19, 'completed', 12)] },
  repeatOffender: { simulation: sim(9, 4, 3, 5), trainings: [training('Credential Harvesting', 70, 'overdue'), training('Business Email Compromise', 4, 'assigned')] },
  neverSimulated: { simulation: null, trainings: [] },
  neverSimulatedListed: { simulation: NEVER, trainings: [] },
  trainingOverdue: { simulation: sim(3, 0, 0, 60), trainings: [training('Mass Market Phishing', 59, 'overdue')] },
  trainingInProgress: { simulation: sim(5, 0, 0, 12), trainings: [training('Phishing', 11, 'inProgress')] },
  trainingCompleted: { simulation: sim(8, 0, 0, 40), trainings: [training('Malware Attachments', 39, 'completed', 30), training('Phishing', 56, 'completed', 50)] }
};
const CRAFTED_ORDER = Object.keys(CRAFTED) as CraftedKind[];

// Salts for hash4, one per fact.
const S = { ROLE: 7100, SIM: 7200, CLICK: 7201, COMP: 7202, LATEST: 7203, SECS: 7204, COUNT: 7205, TRAIN: 7300, QUIRK: 7400, POLICY: 7500 } as const;

/** What /_demo/info names for this part of the tenant. */
export interface ISecurityPeople {
  clicker: number;
  compromised: number;
  repeatOffender: number;
  neverSimulated: number;
  neverSimulatedListed: number;
  trainingOverdue: number;
  trainingInProgress: number;
  trainingCompleted: number;
  mfaNotEnforced: number;
  mfaNotEnforcedNotRegistered: number;
  mfaReportOnly: number;
  mfaViaNestedGroup: number;
  userAdministrator: number;
  securityReader: number;
}

/** Whether the user's MFA is enforced, as a per-user evaluation of the enabled policies would say. */
export interface IMfaCoverage {
  /** Enabled policies requiring MFA (or an authentication strength) for all cloud apps. */
  enforcedBy: string[];
  /** Report-only policies that would. */
  reportOnly: string[];
}

/** The security side of one tenant; get it with securityOf(t). */
export class Security {
  private readonly members = new Map<RoleKey, number[]>();
  private policySpecs: IPolicySpec[] | undefined;
  private peopleCache: Partial<Record<keyof ISecurityPeople, number>> | undefined;
  private crafted: Map<number, CraftedKind> | undefined;
  private notEnforced: number[] | undefined;

  public constructor(private readonly t: Tenant) {
    const admins = [0, BREAK_GLASS].filter((i) => i < t.nUsers);
    this.members.set('globalAdministrator', admins);
    const taken = new Set(admins);
    this.members.set('userAdministrator', this.pick(S.ROLE, 2, taken));
    this.members.set('securityReader', this.pick(S.ROLE + 1, 1, taken));
    // Activated (someone held it once) but empty now: its members list is an empty 200, not a 404.
    this.members.set('exchangeAdministrator', []);
  }

  /**
   * `count` enabled members (not guests, not personas) from a seeded start, scanning forward: role holders
   * are a handful of people wherever the tenant's size puts them.
   */
  private pick(salt: number, count: number, taken: Set<number>): number[] {
    const first = PERSONAS.length;
    const span = this.t.nUsers - first;
    const out: number[] = [];
    if (span <= 0) return out;
    const start = hash4(this.t.seed, salt) % span;
    for (let k = 0; k < span && out.length < count; k++) {
      const i = first + ((start + k) % span);
      const flags = this.t.flags[i] ?? 0;
      if (taken.has(i) || flags & (F.GUEST | F.DISABLED) || (this.t.createdOff[i] ?? 0) < 0) continue;
      out.push(i);
      taken.add(i);
    }
    return out;
  }

  // ------------------------------------------------------------ roles

  /** Holders of a role (directory indexes); undefined when the role is not activated in the tenant. */
  public roleMembers(role: RoleKey): readonly number[] | undefined {
    return ACTIVATED_ROLES.includes(role) ? (this.members.get(role) ?? []) : undefined;
  }

  /** The roles a user holds. */
  public rolesOf(i: number): RoleKey[] {
    const out: RoleKey[] = [];
    for (const [role, list] of this.members) if (list.includes(i)) out.push(role);
    return out;
  }

  public hasAnyRole(i: number, roles: readonly RoleKey[]): boolean {
    return this.rolesOf(i).some((r) => roles.includes(r));
  }

  /** The directoryRole object's id (Global Administrator keeps the id memberOf always showed). */
  public roleObjectId(role: RoleKey): string {
    return this.t.requestGuid(777777 + ACTIVATED_ROLES.indexOf(role));
  }

  public roleByKey(key: string): RoleKey | undefined {
    const k = key.toLowerCase();
    return ACTIVATED_ROLES.find((r) => this.roleObjectId(r) === k) ?? (Object.keys(ROLES) as RoleKey[]).find((r) => ROLES[r].templateId === k);
  }

  // ------------------------------------------------------------ Conditional Access

  public policyId(n: number): string {
    return this.t.requestGuid(880000 + n);
  }

  /** The tenant's Conditional Access policies, in the order Graph lists them. */
  public policies(): IPolicySpec[] {
    if (this.policySpecs) return this.policySpecs;
    const t = this.t;
    const gid = (g: number): string[] => {
      const group = t.groups[g];
      return group ? [group.id] : [];
    };
    const bg = BREAK_GLASS < t.nUsers ? [t.userId(BREAK_GLASS)] : [];
    const admins: string[] = [ROLES.globalAdministrator, ROLES.userAdministrator, ROLES.exchangeAdministrator, ROLES.securityAdministrator].map((r) => r.templateId);
    const base = { excludeGroups: [] as string[], includeGroups: [] as string[], includeRoles: [] as string[], excludeRoles: [] as string[], includeApplications: ['All'], clientAppTypes: ['all'], builtInControls: ['mfa'], authenticationStrength: false, modifiedOff: null as number | null };
    this.policySpecs = [
      // Everyone but the break-glass account, guests (their own policy) and the Finance Approvers group.
      { ...base, key: 'requireMfaAllUsers', displayName: 'Require MFA for all users', state: 'enabled', includeUsers: ['All'], excludeUsers: [...bg, 'GuestsOrExternalUsers'], excludeGroups: gid(2), createdOff: 700, modifiedOff: 40 },
      // IT Security, which holds the synced HQ-FileShare-RW group: its members are in scope transitively.
      { ...base, key: 'requireMfaGroup', displayName: 'Require MFA for IT Security', state: 'enabled', includeUsers: [], excludeUsers: bg, includeGroups: gid(1), createdOff: 650 },
      { ...base, key: 'requireMfaAdmins', displayName: 'Require phishing-resistant MFA for administrators', state: 'enabled', includeUsers: [], excludeUsers: bg, includeRoles: admins, builtInControls: [], authenticationStrength: true, createdOff: 600, modifiedOff: 90 },
      { ...base, key: 'requireMfaGuestsReportOnly', displayName: 'Require MFA for guests (pilot)', state: 'enabledForReportingButNotEnforced', includeUsers: ['GuestsOrExternalUsers'], excludeUsers: [], createdOff: 30 },
      { ...base, key: 'disabled', displayName: 'Require MFA outside the office (retired)', state: 'disabled', includeUsers: ['All'], excludeUsers: bg, createdOff: 1100, modifiedOff: 500 },
      // MFA for one app only: it does not protect a user's sign-ins to everything else.
      { ...base, key: 'requireMfaAzureManagement', displayName: 'Require MFA for Azure management', state: 'enabled', includeUsers: ['All'], excludeUsers: bg, includeApplications: [AZURE_MANAGEMENT_APP], createdOff: 500 },
      // Not an MFA policy at all.
      { ...base, key: 'blockLegacyAuthentication', displayName: 'Block legacy authentication', state: 'enabled', includeUsers: ['All'], excludeUsers: bg, clientAppTypes: ['exchangeActiveSync', 'other'], builtInControls: ['block'], createdOff: 800 }
    ];
    return this.policySpecs;
  }

  private inScope(i: number, users: string[], groups: string[], roles: string[], groupIds: () => string[]): boolean {
    const t = this.t;
    if (users.includes('All')) return true;
    if (users.includes('GuestsOrExternalUsers') && t.isGuest(i)) return true;
    if (users.length && users.includes(t.userId(i))) return true;
    if (groups.length && groups.some((g) => groupIds().includes(g))) return true;
    if (roles.length && this.rolesOf(i).some((r) => roles.includes(ROLES[r].templateId))) return true;
    return false;
  }

  /** The ids of the user's groups, direct and nested, computed once per evaluation. */
  private groupIdsOf(i: number): () => string[] {
    let ids: string[] | undefined;
    return () => (ids ??= this.t.transitiveGroupsOf(i).map((g) => this.t.groups[g]?.id ?? ''));
  }

  /** Whether a policy applies to the user (included and not excluded); exclusion wins, as in Entra. */
  public applies(p: IPolicySpec, i: number, groupIds = this.groupIdsOf(i)): boolean {
    return this.inScope(i, p.includeUsers, p.includeGroups, p.includeRoles, groupIds) && !this.inScope(i, p.excludeUsers, p.excludeGroups, p.excludeRoles, groupIds);
  }

  /** A policy that requires MFA (or an authentication strength) for every cloud app and every client. */
  public static requiresMfaEverywhere(p: IPolicySpec): boolean {
    return (p.builtInControls.includes('mfa') || p.authenticationStrength) && p.includeApplications.includes('All') && p.clientAppTypes.includes('all');
  }

  /** The demo's own evaluation (for picking people and for tests); the product evaluates from Graph's data. */
  public mfaCoverage(i: number): IMfaCoverage {
    const out: IMfaCoverage = { enforcedBy: [], reportOnly: [] };
    const groupIds = this.groupIdsOf(i);
    for (const p of this.policies()) {
      if (p.state === 'disabled' || !Security.requiresMfaEverywhere(p) || !this.applies(p, i, groupIds)) continue;
      (p.state === 'enabled' ? out.enforcedBy : out.reportOnly).push(p.displayName);
    }
    return out;
  }

  // ------------------------------------------------------------ Attack simulation training

  /** Whether the user could be simulated: a mailbox (as reported), in the directory at the refresh date. */
  private simulatable(i: number): boolean {
    const t = this.t;
    if (i < 0 || i >= t.nUsers || i === BREAK_GLASS || t.isGuest(i) || (t.createdOff[i] ?? 0) < 0) return false;
    return (t.capsOf(t.lic0[i] ?? 0) & (1 << WL.EXO)) !== 0;
  }

  /**
   * The user's simulation coverage: null when absent from the report (never simulated, or no mailbox);
   * counts null when listed without ever being simulated.
   */
  public simulationOf(i: number): ISimulation | null {
    if (!this.simulatable(i)) return null;
    const kind = this.craftedKinds().get(i);
    if (kind) return CRAFTED[kind].simulation;
    const seed = this.t.seed;
    const r = unit(hash4(seed, S.SIM, i));
    if (r < 0.08) return null;
    if (r < 0.11) return { simulationCount: null, clickCount: null, compromisedCount: null, latestOff: -1, latestSecs: 0 };
    const simulationCount = 1 + (hash4(seed, S.COUNT, i) % 10);
    const hc = hash4(seed, S.CLICK, i);
    const clickCount = unit(hc) < 0.74 ? 0 : 1 + ((hc >>> 8) % Math.min(simulationCount, 4));
    const hp = hash4(seed, S.COMP, i);
    const compromisedCount = clickCount === 0 || unit(hp) < 0.45 ? 0 : 1 + ((hp >>> 8) % clickCount);
    // Campaigns run monthly or so: most latest simulations are recent, a few are months old.
    const recency = unit(hash4(seed, S.LATEST, i));
    return { simulationCount, clickCount, compromisedCount, latestOff: Math.floor(recency * recency * 150), latestSecs: 28800 + (hash4(seed, S.SECS, i) % 36000) };
  }

  /** Repeat offenders: users compromised by more than one simulation; the count is their compromises. */
  public repeatOffencesOf(i: number): number {
    const s = this.simulationOf(i);
    return s?.compromisedCount && s.compromisedCount >= 2 ? s.compromisedCount : 0;
  }

  /** Trainings assigned to the user (empty: absent from the training coverage report). */
  public trainingsOf(i: number): ITraining[] {
    const s = this.simulationOf(i);
    if (!s || s.simulationCount === null) return [];
    const kind = this.craftedKinds().get(i);
    if (kind) return CRAFTED[kind].trainings;
    const seed = this.t.seed;
    const h = hash4(seed, S.TRAIN, i);
    const n = (s.clickCount ?? 0) > 0 ? 1 + (h % 3) : unit(h) < 0.3 ? 1 : 0;
    const out: ITraining[] = [];
    for (let k = 0; k < n; k++) {
      const hk = hash4(seed, S.TRAIN + 1 + k, i);
      const assignedOff = s.latestOff + k * 17 + (hk % 5);
      const rs = unit(hash4(seed, S.TRAIN + 10 + k, i));
      let status: TrainingStatus;
      let completionOff: number | null = null;
      if (rs < 0.45 && assignedOff > 0) {
        status = 'completed';
        completionOff = Math.max(0, assignedOff - 1 - ((hk >>> 8) % Math.min(assignedOff, 25)));
      } else if (rs < 0.78) status = assignedOff > TRAINING_DUE_DAYS ? 'overdue' : 'inProgress';
      else status = assignedOff > TRAINING_DUE_DAYS ? 'overdue' : 'assigned';
      // Graph's own example carries a training with an empty display name.
      const name = (hk >>> 12) % 40 === 0 ? '' : (TRAININGS[(hk >>> 4) % TRAININGS.length] ?? 'Phishing');
      out.push({ displayName: name, assignedOff, assignedSecs: (hk >>> 3) % 86400, completionOff, status });
    }
    return out;
  }

  /** Graph's training report sometimes names a user with nulls (its example does); the demo does for a few. */
  public trainingUserConcealed(i: number): boolean {
    return hash4(this.t.seed, S.QUIRK, i) % 33 === 0;
  }

  // ------------------------------------------------------------ people for /_demo/info

  /** A plain member: enabled, not a guest, in the directory at the refresh date, holding no role. */
  private plainMember(i: number): boolean {
    return ((this.t.flags[i] ?? 0) & (F.GUEST | F.DISABLED)) === 0 && (this.t.createdOff[i] ?? 0) >= 0 && this.rolesOf(i).length === 0;
  }

  /** The first plain members with a mailbox after the personas, one per crafted case. */
  private craftedKinds(): Map<number, CraftedKind> {
    if (this.crafted) return this.crafted;
    const out = new Map<number, CraftedKind>();
    for (let i = PERSONAS.length; i < this.t.nUsers && out.size < CRAFTED_ORDER.length; i++) if (this.plainMember(i) && this.simulatable(i)) out.set(i, CRAFTED_ORDER[out.size] ?? 'clicker');
    this.crafted = out;
    return out;
  }

  /** The first two plain members no MFA policy covers; the second has no method registered (see methodsOf). */
  public notEnforcedPeople(): number[] {
    if (this.notEnforced) return this.notEnforced;
    const out: number[] = [];
    for (let i = PERSONAS.length; i < this.t.nUsers && out.length < 2; i++) {
      if (!this.plainMember(i)) continue;
      const cover = this.mfaCoverage(i);
      if (cover.enforcedBy.length === 0 && cover.reportOnly.length === 0) out.push(i);
    }
    this.notEnforced = out;
    return out;
  }

  /** Whether the user is the one made to have no MFA method (not enforced and not registered either). */
  public forcedUnregistered(i: number): boolean {
    return i >= PERSONAS.length && this.notEnforcedPeople()[1] === i;
  }

  /** The awkward people of this part of the tenant, found once. */
  public people(): Partial<Record<keyof ISecurityPeople, number>> {
    if (this.peopleCache) return this.peopleCache;
    const t = this.t;
    const out: Partial<Record<keyof ISecurityPeople, number>> = {};
    for (const [i, kind] of this.craftedKinds()) out[kind] = i;
    const [notEnforced, unregistered] = this.notEnforcedPeople();
    if (notEnforced !== undefined) out.mfaNotEnforced = notEnforced;
    if (unregistered !== undefined) out.mfaNotEnforcedNotRegistered = unregistered;
    const ua = (this.members.get('userAdministrator') ?? [])[0];
    if (ua !== undefined) out.userAdministrator = ua;
    const reader = (this.members.get('securityReader') ?? [])[0];
    if (reader !== undefined) out.securityReader = reader;
    // In the nested group, not in IT Security itself; preferably also excluded from the all-users policy.
    let nested = -1;
    for (let i = PERSONAS.length; i < t.nUsers; i++) {
      if (!this.plainMember(i)) continue;
      const direct = t.groupsOf(i);
      if (!direct.includes(5) || direct.includes(1) || !this.mfaCoverage(i).enforcedBy.includes('Require MFA for IT Security')) continue;
      if (nested < 0) nested = i;
      if (direct.includes(2)) {
        nested = i;
        break;
      }
      if (i > nested + 5000) break;
    }
    if (nested >= 0) out.mfaViaNestedGroup = nested;
    for (let i = 0; i < t.nUsers; i++) {
      if (!t.isGuest(i)) continue;
      const cover = this.mfaCoverage(i);
      if (cover.enforcedBy.length === 0 && cover.reportOnly.length > 0) {
        out.mfaReportOnly = i;
        break;
      }
    }
    this.peopleCache = out;
    return out;
  }
}

const cache = new WeakMap<Tenant, Security>();
/** The tenant's security model (built on first use). */
export function securityOf(t: Tenant): Security {
  let s = cache.get(t);
  if (!s) cache.set(t, (s = new Security(t)));
  return s;
}

/** ISO date-time of a day offset before the refresh date plus seconds, optionally with a fraction of `digits` digits. */
export function isoAt(t: Tenant, off: number, secs: number, fraction?: number, digits = 6): string {
  const ymd = ymdOf(t.refreshDay - off);
  const hh = String(Math.floor(secs / 3600) % 24).padStart(2, '0');
  const mm = String(Math.floor(secs / 60) % 60).padStart(2, '0');
  const ss = String(secs % 60).padStart(2, '0');
  return `${ymd}T${hh}:${mm}:${ss}${fraction !== undefined ? `.${String(fraction % 10 ** digits).padStart(digits, '0')}` : ''}Z`;
}
