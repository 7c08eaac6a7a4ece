/**
 * The bulk plan: offboarding, "set up like", bulk licence and group changes, and (later) licence reclaim.
 * A plan is reviewed step by step, and nothing is sent to Graph before Finish.
 */
import type { GraphError } from '../graph/GraphError';


/**
 * What one step does. Order of application is by phase: `block` and `revoke` go first (the person loses
 * access before anything else is taken), then the removals and additions, then the destructive optional steps.
 */
export type StepKind =
  | 'block' // PATCH /users/{id} { accountEnabled: false }
  | 'revoke' // POST /users/{id}/revokeSignInSessions
  | 'licenseRemove' // POST /users/{id}/assignLicense { removeLicenses }
  | 'licenseAdd' // POST /users/{id}/assignLicense { addLicenses }
  | 'groupRemove' // DELETE /groups/{g}/members/{id}/$ref
  | 'groupAdd' // POST /groups/{g}/members/$ref
  | 'field' // PATCH /users/{id} (department, office, job title, usage location)
  | 'manager' // PUT /users/{id}/manager/$ref
  | 'methodRemove' // DELETE /users/{id}/authentication/{type}Methods/{methodId}
  | 'deviceRetire' // POST /deviceManagement/managedDevices/{id}/retire
  | 'deviceWipe' // POST /deviceManagement/managedDevices/{id}/wipe
  | 'manual'; // a checklist item Graph cannot do from a browser: never sent

/** How a step shows in review: red for what is taken away, green for what is added, bold for a change. */
export type StepMarker = 'removed' | 'added' | 'changed' | 'manual';

/** One reviewed step of a plan: one Graph call (or none, for a manual item), for one person. */
export interface IPlanStep {
  /** Unique within the plan: `${userId}:${kind}:${target}`. */
  key: string;
  userId: string;
  /** The person's name as the review shows it. */
  userName: string;
  kind: StepKind;
  marker: StepMarker;
  /** What the step does, in words ("Remove Microsoft 365 E3", "Add to Sales team"). */
  label: string;
  /** Why, or what it leaves in place ("assigned through the group Sales — left to it"). */
  detail?: string;
  /** The Graph call; absent for manual items and locked steps. */
  request?: { method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'; url: string; body?: unknown };
  /** Selected for Finish. Optional destructive steps start deselected. */
  selected: boolean;
  /** Shown but never sent: why it cannot be done here (group-based licence, dynamic group, missing permission). */
  locked?: string;
  /** Needs the property pane's second switch ("allow destructive steps"): methods, device retire/wipe. */
  destructive?: boolean;
  /** The state before, as the record keeps it ("Enabled", "Member", "Assigned directly"). */
  before?: string;
}

/** A reviewed plan across one or more people. Immutable: every edit returns a new plan. */
export interface IBulkPlan {
  /** 'offboard' | 'setupLike' | 'licenseRemove' | 'groupAdd' | 'groupRemove' — for titles and the record. */
  purpose: 'offboard' | 'setupLike' | 'licenseRemove' | 'groupAdd' | 'groupRemove';
  title: string;
  steps: readonly IPlanStep[];
  /** Parts of the plan that could not be read (a person's groups, devices...), each with its reason: the plan says what it could not see. */
  gaps: readonly IPlanGap[];
}

/** A part of a plan that could not be read (a person's groups, devices...), with its reason in words. */
export interface IPlanGap {
  userId: string;
  userName: string;
  part: string;
  reason: string;
}

/** What happened to one step on Finish. */
export type StepResult = (
  /** `note`: Graph answered that the state asked for was already there ("Already removed from the group"). */
  | { status: 'done'; note?: string }
  | { status: 'failed'; error: GraphError; reason: string }
  /**
   * Deselected, locked, manual, or not sent because a step it needs failed or the run was cancelled;
   * `retryable` marks the last two (Try again sends them), never the admin's own choices.
   */
  | { status: 'skipped'; reason: string; retryable?: boolean }
) & {
  /** When it was answered (or held back), ISO; absent for what was never meant to be sent. */
  at?: string;
  /** The earlier results of a step sent again by Try again, oldest first (mergeOutcomes keeps them for the record). */
  earlier?: readonly StepResult[];
};

/** The outcome of Finish: a result per step sent (by key), the round trips, and when. */
export interface IBulkOutcome {
  results: ReadonlyMap<string, StepResult>;
  requests: number;
  startedAt: string;
  finishedAt: string;
  /** The run was cancelled: what was done before stays done and is reported. */
  cancelled?: boolean;
  /** Who ran it (the signed-in UPN or name), as the caller knows it: the record names them. */
  by?: string;
}
