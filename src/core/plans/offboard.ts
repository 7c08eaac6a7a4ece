/**
 * The offboarding plan: per person, in the safe order (block sign-in, revoke sessions, remove direct licences,
 * leave every group Graph can change, then the destructive optional steps), and a checklist of what Graph cannot
 * do from a browser (or this app's scopes do not allow: admin roles, group ownership), each item saying where to do it.
 */
import { GROUP_KIND_LABEL } from '../directory/groups';
import { explainDeviceError } from '../directory/deviceCounts';
import type { GroupKind, IGroupInfo } from '../directory/groups';
import type { ISkuInfo } from '../directory/skus';
import type { IDeviceInfo } from '../devices/types';
import { PART_SCOPES, partReason } from './facts';
import type { IAuthMethodInfo, IDirectoryRoleInfo, IOffboardFacts, IPlanPerson } from './facts';
import { SELF_LOCK, assignLicenseRequest, isSignedIn, licenseName, makeStep, seg } from './steps';
import type { IPlanOptions, IStepInput, IStepOwner } from './steps';
import type { IBulkPlan, IPlanGap, IPlanStep } from './types';

/** Options of an offboarding plan. */
export interface IOffboardOptions extends IPlanOptions {
  /** What a device step does: retire (the default: company data only) or wipe (factory reset). */
  deviceAction?: 'retire' | 'wipe';
}

/** The checklist of what Graph cannot do from a browser, with where to do it; never sent. */
export const OFFBOARD_CHECKLIST: ReadonlyArray<{ target: string; label: string; detail: string; when: 'before' | 'after' }> = [
  {
    target: 'sharedMailbox',
    when: 'before',
    label: 'Before Finish: convert the mailbox to a shared mailbox (if it is to be kept)',
    detail: 'Exchange admin center (admin.exchange.microsoft.com) > Recipients > Mailboxes > the user > Others > Convert to shared mailbox; or Microsoft 365 admin center > Users > Active users > the user > Mail > Convert to shared mailbox. Do it while the licence is still assigned: a mailbox whose licence is removed is deleted after 30 days. A shared mailbox over 50 GB, with an archive or on hold still needs a licence.'
  },
  {
    target: 'forwarding',
    when: 'after',
    label: 'Forward their mail, or give someone access to the mailbox',
    detail: 'Microsoft 365 admin center > Users > Active users > the user > Mail > Email forwarding (or Mailbox permissions); or Exchange admin center > Recipients > Mailboxes > the user > Mail flow settings / Delegation.'
  },
  {
    target: 'oneDrive',
    when: 'after',
    label: 'Hand over their OneDrive files',
    detail: 'Microsoft 365 admin center > Users > Active users > the user > OneDrive > Get access to files (gives you a link to copy what is needed). When the account is deleted, its OneDrive is kept for the retention set in the SharePoint admin center > Settings > OneDrive retention, and access goes to the manager if set there.'
  }
];

const manual = (item: (typeof OFFBOARD_CHECKLIST)[number]): IStepInput => ({ kind: 'manual', target: item.target, marker: 'manual', label: item.label, detail: item.detail });

/** Where a group's owners are changed, by its kind (Exchange keeps mail-enabled groups' owners, AD synced ones'). */
const OWNER_WHERE: Record<GroupKind, string> = {
  microsoft365: 'Microsoft 365 groups: Microsoft Entra admin center > Groups > the group > Owners > Add owners (for a team, Teams admin center > Teams > the team > Members).',
  security: 'Security groups: Microsoft Entra admin center > Groups > the group > Owners > Add owners.',
  dynamic: 'Dynamic groups: Microsoft Entra admin center > Groups > the group > Owners > Add owners.',
  distribution: 'Distribution lists and mail-enabled security groups: Exchange admin center > Recipients > Groups > the group > Owners.',
  mailSecurity: 'Distribution lists and mail-enabled security groups: Exchange admin center > Recipients > Groups > the group > Owners.',
  onPremises: 'Groups synced from on-premises: change the owner (managedBy) in Active Directory; the next sync brings it here.'
};

/** The checklist items of this person's admin roles and owned groups (none when they hold none; never sent). */
function holdingsChecklist(roles: readonly IDirectoryRoleInfo[], owned: readonly IGroupInfo[], groups: readonly IGroupInfo[]): IStepInput[] {
  const out: IStepInput[] = [];
  const roleGroups = groups.filter(g => g.roleAssignable);
  if (roles.length || roleGroups.length) {
    const names = roles.map(r => r.displayName).join(', ');
    const through = roleGroups.length ? ` They are in role-assignable group${roleGroups.length === 1 ? '' : 's'} (${roleGroups.map(g => g.displayName).join(', ')}): any role assigned to ${roleGroups.length === 1 ? 'it' : 'them'} is theirs while they are members, and this app cannot take them out (locked above).` : '';
    out.push({
      kind: 'manual', target: 'directoryRoles', marker: 'manual', before: [names, ...roleGroups.map(g => `through ${g.displayName}`)].filter(Boolean).join(', '),
      label: roles.length
        ? `Remove their admin role${roles.length === 1 ? '' : 's'}: ${names}${roleGroups.length ? ', and check the roles of their role-assignable groups' : ''}`
        : `Check the admin roles they hold through role-assignable groups: ${roleGroups.map(g => g.displayName).join(', ')}`,
      detail: `Microsoft Entra admin center > Users > the user > Assigned roles (active assignments; look at Eligible assignments too, which Privileged Identity Management keeps and Graph lists elsewhere).${through} Once sign-in is blocked (in Active Directory for a synced account) the role cannot be used; removing it keeps the role list true. This app does not change roles: that needs RoleManagement.ReadWrite.Directory, which it does not ask for.`
    });
  }
  if (owned.length) {
    const where = [...new Set(owned.map(g => OWNER_WHERE[g.kind]))].join(' ');
    out.push({
      kind: 'manual', target: 'ownedGroups', marker: 'manual', before: owned.map(g => g.displayName).join(', '),
      label: `Give the group${owned.length === 1 ? '' : 's'} they own another owner: ${owned.map(g => `${g.displayName} (${GROUP_KIND_LABEL[g.kind]})`).join(', ')}`,
      detail: `${where} Do it before the account is deleted: a group whose last owner goes is managed by admins alone, and its members cannot change a team's settings.`
    });
  }
  return out;
}

/** Block sign-in (already blocked: shown, nothing to send) and revoke every session. */
function accessSteps(p: IPlanPerson): IStepInput[] {
  const block: IStepInput = p.accountEnabled === false
    ? { kind: 'block', target: 'account', marker: 'removed', label: 'Block sign-in', before: 'Blocked', lock: 'Sign-in is already blocked: nothing to change.' }
    : p.onPremisesSync
      ? { kind: 'block', target: 'account', marker: 'removed', label: 'Block sign-in', before: 'Enabled', lock: 'Synced from on-premises Active Directory: disable the account there; the next sync blocks it here. Revoking sessions (below) still signs them out now.' }
      : { kind: 'block', target: 'account', marker: 'removed', label: 'Block sign-in', before: p.accountEnabled === true ? 'Enabled' : 'Not known', request: { method: 'PATCH', url: `/users/${seg(p.id)}`, body: { accountEnabled: false } } };
  const revoke: IStepInput = {
    kind: 'revoke', target: 'sessions', marker: 'removed', label: 'Sign out of every session (revoke sign-in sessions)',
    detail: p.userType === 'Guest'
      ? 'A guest signs in through their home tenant: Graph does not revoke those sessions. Blocking sign-in still keeps them out of this tenant.'
      : 'Refresh tokens and browser sessions stop working; Graph may take a few minutes.',
    request: { method: 'POST', url: `/users/${seg(p.id)}/revokeSignInSessions` }
  };
  return [block, revoke];
}

/** Remove every directly assigned licence; one held only through groups is shown locked, named with its group. */
function licenseSteps(p: IPlanPerson, groups: IGroupInfo[] | undefined, skus: ReadonlyMap<string, ISkuInfo> | undefined): IStepInput[] {
  const groupName = (id: string): string => groups?.find(g => g.id === id)?.displayName ?? id;
  return p.licenses.map(l => {
    const name = licenseName(l.skuId, skus);
    const via = l.groupIds.map(groupName).join(', ');
    const base = { kind: 'licenseRemove' as const, target: l.skuId.toLowerCase(), marker: 'removed' as const, label: `Remove ${name}` };
    if (!l.direct) {
      const editable = l.groupIds.every(id => groups?.some(g => g.id === id && !g.notEditable));
      return {
        ...base, before: `Through ${via}`,
        lock: `Assigned through the group ${via}: it stays while they are a member${editable ? ' and goes when they leave it (a group step below).' : '.'}`
      };
    }
    return {
      ...base,
      before: via ? `Assigned directly and through ${via}` : 'Assigned directly',
      detail: via ? `Removes the direct assignment; it still comes through ${via} until they leave it.` : undefined,
      request: assignLicenseRequest(p.id, [], [l.skuId])
    };
  });
}

/** Leave every group Graph can change; the others are listed with why. */
function groupSteps(p: IPlanPerson, groups: IGroupInfo[], skus: ReadonlyMap<string, ISkuInfo> | undefined): IStepInput[] {
  return groups.map(g => {
    const brings = p.licenses.filter(l => l.groupIds.includes(g.id)).map(l => licenseName(l.skuId, skus));
    return {
      kind: 'groupRemove', target: g.id, marker: 'removed', label: `Remove from ${g.displayName}`, before: `Member (${GROUP_KIND_LABEL[g.kind]})`,
      detail: brings.length ? `Also takes away ${brings.join(', ')}, which the group assigns.` : undefined,
      lock: g.notEditable,
      request: { method: 'DELETE', url: `/groups/${seg(g.id)}/members/${seg(p.id)}/$ref` }
    };
  });
}

/** Remove each registered method but the password (which blocking sign-in covers). */
function methodSteps(p: IPlanPerson, methods: IAuthMethodInfo[]): IStepInput[] {
  return methods.filter(m => m.odataType !== '#microsoft.graph.passwordAuthenticationMethod').map(m => ({
    kind: 'methodRemove', target: m.id, marker: 'removed', destructive: true,
    label: `Remove ${m.label}${m.detail ? ` (${m.detail})` : ''}`, before: 'Registered',
    detail: 'They would have to register it again if the account came back. Graph refuses to remove the default method while others remain, so one refused for that is sent again once the others are gone.',
    lock: m.segment ? undefined : 'Microsoft Graph cannot remove this kind of method: remove it in the Microsoft Entra admin center (Users > the user > Authentication methods).',
    request: m.segment ? { method: 'DELETE' as const, url: `/users/${seg(p.id)}/authentication/${m.segment}/${seg(m.id)}` } : undefined
  }));
}

/** The detail of a personal device's step under 'wipe': retired, never wiped. */
export const PERSONAL_DEVICE_RETIRED = 'Personal device: retired (company data only), never wiped.';

/** Whether Intune says the device is personally owned (managedDeviceOwnerType personal). */
export const isPersonalDevice = (device: IDeviceInfo): boolean => /personal/i.test(device.ownership ?? '');

/**
 * Retire (or wipe) one Intune device. A wipe erases the owner's own data too, so a personal device is retired
 * under 'wipe' as well (company data only), and its detail says so.
 */
export function deviceStep(device: IDeviceInfo, action: 'retire' | 'wipe'): IStepInput {
  const what = [device.operatingSystem, device.ownership].filter(Boolean).join(', ');
  const personal = isPersonalDevice(device);
  const wipe = action === 'wipe' && !personal;
  const name = device.displayName || device.model || device.serialNumber || device.id;
  return {
    kind: wipe ? 'deviceWipe' : 'deviceRetire', target: device.id, marker: 'removed', destructive: true,
    label: `${wipe ? 'Wipe' : 'Retire'} ${name}${what ? ` (${what})` : ''}`,
    before: `Managed by Intune${device.complianceState ? `, ${device.complianceState}` : ''}`,
    detail: wipe
      ? 'Erases the device to factory settings.'
      : action === 'wipe' ? PERSONAL_DEVICE_RETIRED : 'Removes company data, apps and settings and ends management; the owner\'s own data stays.',
    request: { method: 'POST', url: `/deviceManagement/managedDevices/${seg(device.id)}/${wipe ? 'wipe' : 'retire'}`, body: wipe ? { keepEnrollmentData: false, keepUserData: false } : undefined }
  };
}

/** One person's steps and gaps. */
function personPlan(f: IOffboardFacts, p: IPlanPerson, skus: ReadonlyMap<string, ISkuInfo> | undefined, options: IOffboardOptions): { steps: IPlanStep[]; gaps: IPlanGap[] } {
  const owner: IStepOwner = { id: p.id, name: p.displayName || p.userPrincipalName };
  const gaps: IPlanGap[] = [];
  const gap = (part: string, error: unknown, scope: string): void => { gaps.push({ userId: p.id, userName: owner.name, part, reason: partReason(error, scope) }); };
  const groups = f.groups.status === 'ready' ? f.groups.data : undefined;
  if (f.groups.status === 'error') gap('Groups and admin roles', f.groups.error, PART_SCOPES.groups);
  if (f.methods.status === 'error') gap('Authentication methods', f.methods.error, PART_SCOPES.methods);
  if (f.devices.status === 'error') gaps.push({ userId: p.id, userName: owner.name, part: 'Intune devices', reason: explainDeviceError(f.devices.error, 'managed').detail });
  // The roles come from the memberships read: a failure there is the Groups gap already.
  if (f.owned.status === 'error') gap('Groups they own', f.owned.error, PART_SCOPES.owned);
  const inputs: IStepInput[] = [
    manual(OFFBOARD_CHECKLIST[0] as (typeof OFFBOARD_CHECKLIST)[number]),
    ...accessSteps(p),
    ...licenseSteps(p, groups, skus),
    ...groupSteps(p, groups ?? [], skus),
    ...methodSteps(p, f.methods.status === 'ready' ? f.methods.data : []),
    ...(f.devices.status === 'ready' ? f.devices.data : []).map(d => deviceStep(d, options.deviceAction ?? 'retire')),
    ...holdingsChecklist(f.roles.status === 'ready' ? f.roles.data : [], f.owned.status === 'ready' ? f.owned.data : [], groups ?? []),
    ...OFFBOARD_CHECKLIST.slice(1).map(manual)
  ];
  // Offboarding oneself would cut the run off halfway (blocked, signed out): shown, every step locked.
  const self = isSignedIn(p.id, options);
  return { steps: inputs.map(i => makeStep(owner, self ? { ...i, lock: SELF_LOCK } : i, options)), gaps };
}

/**
 * The offboarding plan of one or more people. A person whose profile could not be read is a gap and gets no
 * steps; each other part that could not be read is a gap with its reason, and the rest is still planned.
 */
export function buildOffboardPlan(facts: readonly IOffboardFacts[], skus: ReadonlyMap<string, ISkuInfo> | undefined, options: IOffboardOptions = {}): IBulkPlan {
  const steps: IPlanStep[] = [];
  const gaps: IPlanGap[] = [];
  const names: string[] = [];
  for (const f of facts) {
    if (f.person.status !== 'ready') {
      gaps.push({ userId: f.asked, userName: f.asked, part: 'Profile', reason: f.person.status === 'error' ? partReason(f.person.error, PART_SCOPES.person) : 'Not read.' });
      continue;
    }
    const one = personPlan(f, f.person.data, skus, options);
    names.push(f.person.data.displayName || f.person.data.userPrincipalName);
    steps.push(...one.steps);
    gaps.push(...one.gaps);
  }
  const title = names.length === 1 ? `Offboard ${names[0] ?? ''}` : `Offboard ${names.length} people`;
  return { purpose: 'offboard', title, steps, gaps };
}
