import type { CellValue, ISheetSpec } from '../export/types';
import { keyValueSheet, reportColumnType } from '../export/sheets';
import type { KeyValuePair } from '../export/sheets';
import { MFA_STATUS_LABEL } from '../directory/mfa';
import { productNames } from '../directory/skus';
import { lastActivityOf } from '../directory/activity';
import { GROUP_KIND_LABEL } from '../directory/groups';
import { periodDays, WORKLOAD_SOURCES } from './workloads';
import type { WorkloadKey, WorkloadPart } from './workloads';
import type { IImpression } from './loadImpression';
import type { SourceState } from '../directory/userIndex';
import { explainError } from '../graph/explain';
import { enforcementText, trainingText } from '../security';
import { enforcementDetail } from './security';
import { neverSimulated, TRAINING_STATUS_LABEL } from '../security';
import { COMPLIANCE_LABEL, explainDeviceError } from '../devices';
import type { DevicePart, IDeviceInfo, IUserDevices } from '../devices';

/** Sheet names, in order: a public contract (README "Impression workbook"). */
export const IMPRESSION_SHEETS = ['Summary', 'Licenses', 'Groups', 'Security', 'Exchange', 'OneDrive', 'SharePoint', 'Teams', 'Apps', 'Devices'] as const;

const unavailable = (s: SourceState<unknown>, topic: Parameters<typeof explainError>[1]): string | undefined =>
  s.status === 'error' ? `Unavailable: ${explainError(s.error, topic).detail}` : s.status === 'loading' ? 'Not loaded' : undefined;

/** Status words for a workload part that has no figures. */
export function partStatus(part: WorkloadPart): string | undefined {
  switch (part.status) {
    case 'noRow': return 'No activity in this period (the report has no row for this user).';
    case 'concealed': return 'Names are concealed in usage reports, so this activity cannot be matched to the user.';
    case 'error': return `Unavailable: ${explainError(part.error, 'reports').detail}`;
    case 'loading': return 'Not loaded';
    default: return undefined;
  }
}

/** The rows of one workload sheet: Microsoft's column names, then Report Refresh Date and Report Period. */
export function workloadPairs(imp: IImpression, workload: WorkloadKey): KeyValuePair[] {
  const pairs: KeyValuePair[] = [];
  const seen = new Set<string>();
  let refresh: string | null = null;
  const notes: string[] = [];
  WORKLOAD_SOURCES.forEach((source, i) => {
    if (source.workload !== workload) return;
    const part = imp.workloads[i];
    if (!part) return;
    if (part.status === 'ready') {
      // Several reports feed a section; a column name they share is shown once (the first report's).
      for (const f of part.figures) {
        if (seen.has(f.field)) continue;
        seen.add(f.field);
        // Typed as its report column (a date an Excel date, a flag a boolean); a column the read lacked says so.
        pairs.push(f.missing !== undefined ? [f.field, f.missing] : [f.field, f.value as CellValue, reportColumnType(f)]);
      }
      refresh ??= part.refreshDate;
    } else {
      const s = partStatus(part);
      if (s) notes.push(`${source.fn}: ${s}`);
      if (part.status === 'noRow' || part.status === 'concealed') refresh ??= part.refreshDate;
    }
  });
  for (const n of notes) pairs.push(['Status', n]);
  pairs.push(['Report Refresh Date', refresh, 'date']);
  pairs.push(['Report Period', periodDays(imp.period), 'number']);
  return pairs;
}

/**
 * The Security sheet's attack simulation and MFA enforcement rows, after the MFA registration and sign-in rows.
 * Each part degrades alone: a failed or unread part is one row per field group saying why. Trainings are
 * numbered rows (`Training 1`, `Training 1 Status`, ...), as the sheet's two columns hold no second table.
 */
export function securityReadinessPairs(imp: Pick<IImpression, 'attackSimulation' | 'mfaEnforcement'>): KeyValuePair[] {
  const pairs: KeyValuePair[] = [];
  const sim = imp.attackSimulation;
  if (sim.status === 'ready') {
    const s = sim.data.simulation;
    pairs.push(
      ['Simulations', s?.simulationCount ?? 0, 'number'],
      ['Clicked', s?.clickCount ?? 0, 'number'],
      ['Compromised', s?.compromisedCount ?? 0, 'number'],
      // Never included in a simulation: words, not a date we lack.
      ['Last Simulation', neverSimulated(s) ? 'Never simulated' : s?.latestSimulationDateTime ?? null, neverSimulated(s) ? 'general' : 'datetime'],
      ['Repeat Offences', sim.data.repeatOffences, 'number'],
      ['Training', trainingText(sim.data.training ?? undefined) ?? 'None assigned']
    );
    (sim.data.training?.trainings ?? []).forEach((t, i) => {
      const n = `Training ${i + 1}`;
      pairs.push([n, t.displayName], [`${n} Status`, TRAINING_STATUS_LABEL[t.status]], [`${n} Assigned`, t.assignedDateTime, 'datetime'], [`${n} Completed`, t.completionDateTime, 'datetime']);
    });
  } else {
    const why = unavailable(sim, 'attackSimulation') ?? null;
    pairs.push(['Simulations', why], ['Training', why]);
  }
  const mfa = imp.mfaEnforcement;
  if (mfa.status === 'ready') pairs.push(['MFA Enforced By', enforcementText(mfa.data)], ['MFA Enforcement Detail', enforcementDetail(mfa.data)]);
  else pairs.push(['MFA Enforced By', unavailable(mfa, 'mfaEnforcement') ?? null]);
  return pairs;
}

/** The Devices sheet's columns: a public contract (README "Impression workbook"). */
export const DEVICE_COLUMNS = ['Source', 'Name', 'Operating System', 'OS Version', 'Model', 'Manufacturer', 'Serial Number', 'Compliance', 'Last Seen', 'Ownership', 'Entra Device Id', 'Id'] as const;

/** Where a device entry comes from, in words. */
export const DEVICE_SOURCE_LABEL: Record<IDeviceInfo['source'], string> = { registered: 'Entra (registered)', owned: 'Entra (owned)', managed: 'Intune' };
const PART_LABEL: Record<DevicePart, string> = { entra: 'Entra', managed: 'Intune' };

/** A part that is not read, in words (null when it is). */
function devicePartStatus(devices: SourceState<IUserDevices>, part: DevicePart): string | null {
  if (devices.status === 'error') return `Unavailable: ${explainDeviceError(devices.error, part).detail}`;
  if (devices.status !== 'ready') return 'Not loaded';
  const state = devices.data[part];
  if (state.status === 'error') return `Unavailable: ${explainDeviceError(state.error, part).detail}`;
  return state.status === 'ready' ? null : 'Not loaded';
}

/**
 * The Devices sheet: one row per device (Entra's and Intune's entries of one device each a row, as Graph lists
 * them), and a row per part that could not be read saying why, in the Name column.
 */
export function devicesSheet(devices: SourceState<IUserDevices>): ISheetSpec {
  const types = ['string', 'string', 'string', 'string', 'string', 'string', 'string', 'string', 'datetime', 'string', 'string', 'string'] as const;
  const rows: CellValue[][] = [];
  for (const part of ['entra', 'managed'] as const) {
    const status = devicePartStatus(devices, part);
    if (status !== null || devices.status !== 'ready') {
      rows.push([PART_LABEL[part], status, null, null, null, null, null, null, null, null, null, null]);
      continue;
    }
    const state = devices.data[part];
    for (const d of state.status === 'ready' ? state.data : []) {
      rows.push([DEVICE_SOURCE_LABEL[d.source], d.displayName || null, d.operatingSystem, d.osVersion, d.model, d.manufacturer, d.serialNumber,
        d.complianceState ? COMPLIANCE_LABEL[d.complianceState] ?? d.complianceState : null, d.lastSeen, d.ownership, d.deviceId, d.id]);
    }
    if (part === 'entra' && devices.data.entraLimited) {
      rows.push([PART_LABEL.entra, 'Listed without details: the sign-in does not carry Device.Read.All.', null, null, null, null, null, null, null, null, null, null]);
    }
  }
  return { name: 'Devices', columns: DEVICE_COLUMNS.map((header, i) => ({ header, type: types[i] ?? 'string' })), rows };
}

/** The impression workbook's sheets (same in the browser and the CLI). */
export function impressionSheets(imp: IImpression, generated: Date): ISheetSpec[] {
  const d = imp.directory;
  const u = d.user;
  const skus = d.skus.status === 'ready' ? d.skus.data : undefined;
  const products = productNames(u.skuIds, skus);
  const active = imp.activeUser.status === 'ready' ? imp.activeUser.data : null;
  const last = active ? lastActivityOf(active) : undefined;
  const manager = d.manager.status === 'ready' ? d.manager.data?.displayName ?? '(none)' : unavailable(d.manager, 'profile');
  const summary: KeyValuePair[] = [
    ['Display Name', u.displayName],
    ['User Principal Name', u.userPrincipalName],
    ['Email', u.mail],
    ['Job Title', u.jobTitle],
    ['Department', u.department],
    ['Office', u.officeLocation],
    ['Usage Location', u.usageLocation],
    ['Manager', manager],
    ['Account Enabled', u.accountEnabled, 'boolean'],
    ['User Type', u.userType],
    ['Created', u.createdDateTime, 'datetime'],
    ['In Microsoft 365', u.skuIds.length > 0, 'boolean'],
    ['Assigned Products', products],
    ['Last Activity Date', last?.date ?? null, 'date'],
    ['Last Activity Workload', last?.workload ?? null],
    ['User Id', u.id],
    ['Report Period', periodDays(imp.period), 'number'],
    ['Generated', generated, 'datetime']
  ];
  if (active) {
    for (const [k, v] of Object.entries(active)) if (/License Assign Date$/.test(k) && typeof v === 'string' && v) summary.push([k, v, 'date']);
  }
  // Last activity and the licence assign dates come from the active-user report: say when they could not be.
  const activeNote = imp.activeUser.status === 'ready' && imp.activeUser.data === null
    ? 'not in the active-user report for this period (no licence for its workloads, a guest, or names concealed in usage reports)'
    : unavailable(imp.activeUser, 'reports');
  if (activeNote) summary.push(['Status', `Last activity and licence assign dates: ${activeNote}${imp.activeUser.status === 'loading' ? ' (exported before the impression had read them)' : ''}`]);
  const licenses: ISheetSpec = {
    name: 'Licenses',
    columns: [{ header: 'Product', type: 'string' }, { header: 'SKU Part Number', type: 'string' }, { header: 'SKU Id', type: 'string' }],
    rows: u.skuIds.map(id => {
      const s = skus?.get(id.toLowerCase());
      return [s?.name ?? id, s?.skuPartNumber ?? null, id];
    })
  };
  const groups: ISheetSpec = {
    name: 'Groups',
    columns: [{ header: 'Group', type: 'string' }, { header: 'Kind', type: 'string' }, { header: 'Editable', type: 'boolean' }, { header: 'Group Id', type: 'string' }],
    rows: d.groups.status === 'ready'
      ? d.groups.data.map(g => [g.displayName, GROUP_KIND_LABEL[g.kind], !g.notEditable, g.id])
      : [[unavailable(d.groups, 'groups') ?? '', null, null, null]]
  };
  const mfa = d.mfa.status === 'ready' ? d.mfa.data : undefined;
  const security: KeyValuePair[] = d.mfa.status === 'ready'
    ? [
        ['MFA Status', MFA_STATUS_LABEL[mfa?.status ?? 'notRegistered']],
        ['Authentication Methods', mfa?.methods ?? []],
        ['Default MFA Method', mfa?.defaultMethod ?? null],
        ['Is Admin', mfa?.isAdmin ?? false, 'boolean']
      ]
    : [['MFA Status', unavailable(d.mfa, 'mfa') ?? null]];
  security.push(['Last Sign-in', d.signIn.status === 'ready' ? d.signIn.data : unavailable(d.signIn, 'signIns') ?? null, d.signIn.status === 'ready' ? 'datetime' : 'general']);
  security.push(...securityReadinessPairs(imp));
  return [
    keyValueSheet('Summary', summary),
    licenses,
    groups,
    keyValueSheet('Security', security),
    ...(['Exchange', 'OneDrive', 'SharePoint', 'Teams', 'Apps'] as const).map(w => keyValueSheet(w, workloadPairs(imp, w))),
    devicesSheet(imp.devices)
  ];
}
