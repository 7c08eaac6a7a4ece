/** The joiners and leavers lists' shapes. */
import type { SourceState } from '../directory/userIndex';
import type { IUserRecord } from '../directory/users';
import type { IMfaInfo } from '../directory/mfa';

/** Look back and ahead this many days. */
export type LifecycleWindow = 7 | 30 | 90;

/** Why a person is on the leavers list. */
export type LeaverReason =
  | 'leaveDate' // employeeLeaveDateTime in the window (past or upcoming)
  | 'leftStillEnabled' // employeeLeaveDateTime passed (any time ago), account still enabled: the riskiest case
  | 'disabledLicensed' // accountEnabled false, still holds licences
  | 'disabledInGroups' // accountEnabled false, still a member of groups
  | 'inactiveLicensed'; // enabled and licensed, no sign-in (or activity) for 90+ days

/** What a leaver (or an offboarded person) still holds; undefined parts are not known (loading, refused). */
export interface IRemains {
  licenses: number | undefined;
  groups: number | undefined;
  devices: number | undefined;
  mfaMethods: number | undefined;
}

/** The window around today, as UTC days and the instants a `$filter` compares with. */
export interface IWindowBounds {
  days: LifecycleWindow;
  /** Today, YYYY-MM-DD (UTC), from the `now` passed in. */
  today: string;
  /** First day in the window (today - days), YYYY-MM-DD. */
  fromDay: string;
  /** Last day in the window (today + days), YYYY-MM-DD. */
  toDay: string;
  /** `fromDay` at 00:00:00Z. */
  from: string;
  /** `toDay` at 23:59:59Z. */
  to: string;
  /** The `now` passed in, to the second (ISO, UTC): a leave date at or before it has passed. */
  now: string;
}

/** A user as the lifecycle reads them: the list's fields and the two dates HR keeps. */
export interface ILifecycleUser extends IUserRecord {
  /** `employeeHireDate` (ISO), null when not set. */
  employeeHireDate: string | null;
  /** `employeeLeaveDateTime` (ISO), null when not set; undefined when not read (it needs User-LifeCycleInfo.Read.All). */
  employeeLeaveDateTime?: string | null;
}

/** Why a joiner is listed: a hire date in the window, or no hire date and created in the window. */
export type JoinerBasis = 'hireDate' | 'created';

/** The manager of a joiner, as read. */
export interface IManagerRef {
  id: string;
  displayName: string;
}

/** One row of the Joiners tab and sheet. Every enrichment is undefined while unknown (loading or refused), never "no". */
export interface IJoinerRow {
  user: ILifecycleUser;
  basis: JoinerBasis;
  /** The date the row is placed by: the hire date, or (basis 'created') the account's creation. ISO. */
  date: string;
  /** Whole UTC days from today to `date`: negative in the past, 0 today, positive upcoming. */
  days: number;
  /** Friendly product names of the assigned licences. */
  products: string[];
  manager: IManagerRef | null | undefined;
  /** MFA registration; null: not in the registration report (not registered yet). */
  mfa: IMfaInfo | null | undefined;
  /** Last sign-in (ISO); null: not signed in yet. Graph keeps the last sign-in only, not the first. */
  lastSignIn: string | null | undefined;
  groups: number | undefined;
  devices: number | undefined;
  /** Folded name, UPN and mail, for search. */
  search: string;
}

/** One row of the Leavers tab and sheet: the person, why they are listed, and what they still hold. */
export interface ILeaverRow {
  user: ILifecycleUser;
  reasons: LeaverReason[];
  /** `employeeLeaveDateTime` (ISO) when read and set. */
  leaveDate: string | null | undefined;
  /** Days from today to the leave date (negative: gone). */
  days: number | undefined;
  products: string[];
  /** Last sign-in (ISO); null never; undefined unknown (no Entra ID P1, no scope, or not read). */
  lastSignIn: string | null | undefined;
  /** Last activity in any workload (usage report), YYYY-MM-DD; null none in its 180 days; undefined unknown. */
  lastActivity: string | null | undefined;
  /** Names of the registered authentication methods, when MFA registration was read. */
  methods: string[] | undefined;
  remains: IRemains;
  search: string;
}

/** The parts the Joiners tab reads, each loading or failing alone. */
export type JoinerPart = 'hireDates' | 'created' | 'licenses' | 'manager' | 'mfa' | 'signIns' | 'groups' | 'devices';

/** The parts the Leavers tab reads, each loading or failing alone. */
export type LeaverPart = 'users' | 'leaveDates' | 'licenses' | 'mfa' | 'signIns' | 'activity' | 'groups' | 'devices';

/** Any part of either tab. */
export type LifecyclePart = JoinerPart | LeaverPart;

/** A part's state, apart from its data (which the rows carry). */
export type PartStatus = SourceState<unknown>['status'];

/** A tab's read as it arrives: rows built from what is known, and each part's state. */
export interface ILifecycleState<Row, Part extends string> {
  /** Whether the rows are complete: 'loading' while the reads that decide who is listed are still going. */
  status: 'loading' | 'done' | 'error';
  /** Why the list itself could not be read (status 'error'). */
  error?: unknown;
  rows: Row[];
  parts: Record<Part, SourceState<unknown>>;
  bounds: IWindowBounds;
}

/** The Joiners tab's state. */
export type IJoinersState = ILifecycleState<IJoinerRow, JoinerPart>;
/** The Leavers tab's state. */
export type ILeaversState = ILifecycleState<ILeaverRow, LeaverPart>;
