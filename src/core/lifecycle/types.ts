/** The joiners and leavers lists' shapes. */


/** Look back and ahead this many days. */
export type LifecycleWindow = 7 | 30 | 90;

/** Why a person is on the leavers list. */
export type LeaverReason =
  | 'leaveDate' // employeeLeaveDateTime in the window (past or upcoming)
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
