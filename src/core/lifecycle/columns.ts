/**
 * The Joiners and Leavers columns: one definition for the view's grid, its sort, search filters and the
 * export's sheets (headers are a public contract, like the Users export's).
 */
import type { CellValue, ExportColumnType } from '../export/types';
import { foldText } from '../directory/userIndex';
import { MFA_STATUS_LABEL } from '../directory/mfa';
import type { IJoinerRow, ILeaverRow, JoinerBasis, LeaverPart, JoinerPart, LeaverReason } from './types';

/** One column of a lifecycle list and its sheet. */
export interface ILifecycleColumn<Row> {
  key: string;
  /** Header in the view and in exports: a public contract. */
  header: string;
  type: ExportColumnType;
  /** The part whose data the column shows ('directory' for the person's own fields). */
  part: JoinerPart | LeaverPart | 'directory';
  value: (row: Row) => CellValue;
  width: number;
}

/** The joiner bases in words. */
export const BASIS_LABEL: Record<JoinerBasis, string> = { hireDate: 'Hire date', created: 'No hire date (created)' };

/** Each reason's name, as the view's Reason filter offers it. */
export const REASON_LABEL: Record<LeaverReason, string> = {
  leftStillEnabled: 'Left, still enabled',
  leaveDate: 'Leave date in the window',
  disabledLicensed: 'Disabled, still licensed',
  disabledInGroups: 'Disabled, still in groups',
  inactiveLicensed: 'No sign-in for 90+ days, enabled and licensed'
};

/** "Not signed in yet" where sign-ins were read and the joiner has none. */
export const NOT_SIGNED_IN = 'Not signed in yet';
/** "Never signed in" where sign-ins were read and the leaver has none. */
export const NEVER_SIGNED_IN = 'Never signed in';

const day = (iso: string | null | undefined): string | null => (iso ? iso.slice(0, 10) : null);

/**
 * Why a leaver is listed, as one phrase a combination reads cleanly in: "Left 2026-11-17, still enabled",
 * "Leaves 2026-12-01", "Disabled, still licensed and in groups", joined by "; " ("Left 2026-10-30; disabled,
 * still licensed"). The view's cells and the sheet say the same.
 */
export function reasonsText(row: Pick<ILeaverRow, 'reasons' | 'leaveDate' | 'days'>): string {
  const has = (r: LeaverReason): boolean => row.reasons.includes(r);
  const date = day(row.leaveDate) ?? '';
  const phrases: string[] = [];
  if (has('leftStillEnabled')) phrases.push(`Left ${date}, still enabled`);
  else if (has('leaveDate')) phrases.push(row.days !== undefined && row.days > 0 ? `Leaves ${date}` : row.days === 0 ? `Leaves today (${date})` : `Left ${date}`);
  const held = [has('disabledLicensed') ? 'licensed' : '', has('disabledInGroups') ? 'in groups' : ''].filter(Boolean);
  if (held.length) phrases.push(`Disabled, still ${held.join(' and ')}`);
  if (has('inactiveLicensed')) phrases.push(REASON_LABEL.inactiveLicensed);
  return phrases.map((p, i) => (i === 0 ? p : p.charAt(0).toLowerCase() + p.slice(1))).join('; ');
}

/** A last sign-in as a cell holds it: the ISO instant, the words for none (when read), or empty (not known). */
const signInCell = (iso: string | null | undefined, none: string): string | null => (iso === undefined ? null : iso === null ? none : iso);

/** The Joiners columns, in the view's and the sheet's order. */
export const JOINER_COLUMNS: readonly ILifecycleColumn<IJoinerRow>[] = [
  { key: 'displayName', header: 'Display Name', type: 'string', part: 'directory', width: 200, value: r => r.user.displayName },
  { key: 'userPrincipalName', header: 'User Principal Name', type: 'string', part: 'directory', width: 220, value: r => r.user.userPrincipalName },
  { key: 'basis', header: 'Listed By', type: 'string', part: 'directory', width: 150, value: r => BASIS_LABEL[r.basis] },
  { key: 'date', header: 'Start Date', type: 'date', part: 'directory', width: 100, value: r => day(r.date) },
  { key: 'days', header: 'Days From Today', type: 'number', part: 'directory', width: 90, value: r => r.days },
  { key: 'manager', header: 'Manager', type: 'string', part: 'manager', width: 160, value: r => (r.manager === undefined ? null : r.manager?.displayName ?? '') },
  { key: 'department', header: 'Department', type: 'string', part: 'directory', width: 130, value: r => r.user.department },
  { key: 'jobTitle', header: 'Role (Job Title)', type: 'string', part: 'directory', width: 150, value: r => r.user.jobTitle },
  { key: 'products', header: 'Assigned Products', type: 'string', part: 'licenses', width: 220, value: r => r.products },
  { key: 'mfaStatus', header: 'MFA Status', type: 'string', part: 'mfa', width: 110, value: r => (r.mfa === undefined ? null : MFA_STATUS_LABEL[r.mfa?.status ?? 'notRegistered']) },
  { key: 'lastSignIn', header: 'Last Sign-in', type: 'datetime', part: 'signIns', width: 150, value: r => signInCell(r.lastSignIn, NOT_SIGNED_IN) },
  { key: 'groups', header: 'Groups', type: 'number', part: 'groups', width: 70, value: r => r.groups ?? null },
  { key: 'devices', header: 'Devices', type: 'number', part: 'devices', width: 70, value: r => r.devices ?? null },
  { key: 'accountEnabled', header: 'Account Enabled', type: 'boolean', part: 'directory', width: 90, value: r => r.user.accountEnabled },
  { key: 'hireDate', header: 'Hire Date', type: 'date', part: 'directory', width: 100, value: r => day(r.user.employeeHireDate) },
  { key: 'created', header: 'Created', type: 'datetime', part: 'directory', width: 110, value: r => r.user.createdDateTime },
  { key: 'id', header: 'User Id', type: 'string', part: 'directory', width: 260, value: r => r.user.id }
];

/** The Leavers columns, in the view's and the sheet's order. */
export const LEAVER_COLUMNS: readonly ILifecycleColumn<ILeaverRow>[] = [
  { key: 'displayName', header: 'Display Name', type: 'string', part: 'directory', width: 200, value: r => r.user.displayName },
  { key: 'userPrincipalName', header: 'User Principal Name', type: 'string', part: 'directory', width: 220, value: r => r.user.userPrincipalName },
  { key: 'reasons', header: 'Reasons', type: 'string', part: 'directory', width: 300, value: r => reasonsText(r) },
  { key: 'leaveDate', header: 'Leave Date', type: 'date', part: 'leaveDates', width: 100, value: r => day(r.leaveDate) },
  { key: 'days', header: 'Days From Today', type: 'number', part: 'leaveDates', width: 90, value: r => r.days ?? null },
  { key: 'accountEnabled', header: 'Account Enabled', type: 'boolean', part: 'directory', width: 90, value: r => r.user.accountEnabled },
  { key: 'department', header: 'Department', type: 'string', part: 'directory', width: 130, value: r => r.user.department },
  { key: 'jobTitle', header: 'Role (Job Title)', type: 'string', part: 'directory', width: 150, value: r => r.user.jobTitle },
  { key: 'lastSignIn', header: 'Last Sign-in', type: 'datetime', part: 'signIns', width: 150, value: r => signInCell(r.lastSignIn, NEVER_SIGNED_IN) },
  { key: 'lastActivity', header: 'Last Activity Date', type: 'date', part: 'activity', width: 110, value: r => r.lastActivity ?? null },
  { key: 'licenses', header: 'Licences Held', type: 'number', part: 'directory', width: 80, value: r => r.remains.licenses ?? null },
  { key: 'products', header: 'Assigned Products', type: 'string', part: 'licenses', width: 220, value: r => r.products },
  { key: 'groups', header: 'Groups', type: 'number', part: 'groups', width: 70, value: r => r.remains.groups ?? null },
  { key: 'devices', header: 'Devices', type: 'number', part: 'devices', width: 70, value: r => r.remains.devices ?? null },
  { key: 'mfaMethods', header: 'MFA Methods', type: 'number', part: 'mfa', width: 80, value: r => r.remains.mfaMethods ?? null },
  { key: 'methods', header: 'Authentication Methods', type: 'string', part: 'mfa', width: 220, value: r => r.methods ?? null },
  { key: 'id', header: 'User Id', type: 'string', part: 'directory', width: 260, value: r => r.user.id }
];

/** Columns the view shows (the sheet writes them all). */
export const JOINER_VISIBLE = ['displayName', 'basis', 'date', 'manager', 'department', 'jobTitle', 'products', 'mfaStatus', 'lastSignIn', 'groups', 'devices'];
/** Columns the view shows (the sheet writes them all). */
export const LEAVER_VISIBLE = ['displayName', 'reasons', 'leaveDate', 'accountEnabled', 'lastSignIn', 'products', 'groups', 'devices', 'mfaMethods'];

/** A sort value of a cell: text folded, lists joined, booleans 0/1, empty last. */
export function sortValue(v: CellValue): string | number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (Array.isArray(v)) return v.length ? foldText(v.join(', ')) : null;
  if (v instanceof Date) return v.getTime();
  return foldText(v);
}
