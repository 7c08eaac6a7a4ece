/** How every plan builder makes a step: its key, its lock (structural, then permission, then the destructive switch), its selection. */
import type { ISkuInfo } from '../directory/skus';
import { decodeJwtPayload } from '../graph/scopes';
import { DESTRUCTIVE_LOCK, scopeLock } from './policy';
import type { IPlanStep, StepKind, StepMarker } from './types';

/** What every plan builder is told about the sign-in and the web part. */
export interface IPlanOptions {
  /** The token's delegated scopes (scopesFromToken); undefined when unknown: nothing is locked, Graph's answer decides. */
  scopes?: Set<string>;
  /** The property pane's second switch ("Allow destructive steps"): authentication methods and devices may be selected. */
  allowDestructive?: boolean;
  /**
   * The signed-in admin's object id (the token's `oid`): an offboarding plan locks every step of that person, so
   * nobody blocks their own sign-in or revokes their own session halfway through a run.
   */
  signedInUserId?: string;
}

/** The lock of every step of an offboarding of the signed-in admin. */
export const SELF_LOCK = "You are signed in as this person: offboard them from another admin's session.";

/** Whether `userId` is the signed-in admin (ids compared without case). */
export const isSignedIn = (userId: string, options: IPlanOptions): boolean =>
  options.signedInUserId !== undefined && options.signedInUserId.trim() !== '' && options.signedInUserId.trim().toLowerCase() === userId.toLowerCase();

/**
 * Who a token signs in (never verified: Graph verifies; this only names the runner and locks offboarding oneself):
 * the object id (`oid`) and a name for the record (`upn`, else `preferred_username`, else `unique_name`, else `name`).
 */
export function signedInFromToken(token: string): { userId?: string; by?: string } {
  const payload = decodeJwtPayload(token);
  const claim = (name: string): string | undefined => {
    const v = payload?.[name];
    return typeof v === 'string' && v.trim() ? v.trim() : undefined;
  };
  const userId = claim('oid');
  const by = claim('upn') ?? claim('preferred_username') ?? claim('unique_name') ?? claim('name');
  return { ...(userId ? { userId } : {}), ...(by ? { by } : {}) };
}

/** The person a step belongs to. */
export interface IStepOwner {
  id: string;
  name: string;
}

/** A step before its key, lock and selection are decided. */
export interface IStepInput {
  kind: StepKind;
  /** Unique per person and kind (a group id, a skuId, a field name). */
  target: string;
  marker: StepMarker;
  label: string;
  detail?: string;
  before?: string;
  request?: IPlanStep['request'];
  destructive?: boolean;
  /** A structural reason it cannot be done here (group-based licence, dynamic group, already blocked). */
  lock?: string;
  /** Starts deselected though it may be sent (it would overwrite what the person already has): the admin opts in. */
  optIn?: boolean;
}

/** Graph's object URL for `$ref` bodies. */
export const GRAPH_OBJECTS = 'https://graph.microsoft.com/v1.0/directoryObjects/';

/** A path segment, encoded. */
export const seg = (s: string): string => encodeURIComponent(s);

/**
 * Make a step. A locked step is shown and never sent (no request); a destructive or opt-in one starts deselected;
 * a manual one is never sent; every other one starts selected.
 */
export function makeStep(owner: IStepOwner, input: IStepInput, options: IPlanOptions): IPlanStep {
  const sent = input.kind !== 'manual';
  const locked = input.lock
    ?? (sent ? scopeLock(input.kind as Exclude<StepKind, 'manual'>, options.scopes) : undefined)
    ?? (input.destructive && !options.allowDestructive ? DESTRUCTIVE_LOCK : undefined);
  const step: IPlanStep = {
    key: `${owner.id}:${input.kind}:${input.target}`,
    userId: owner.id,
    userName: owner.name,
    kind: input.kind,
    marker: input.marker,
    label: input.label,
    selected: sent && !locked && !input.destructive && !input.optIn
  };
  if (input.detail) step.detail = input.detail;
  if (input.before) step.before = input.before;
  if (input.request && sent && !locked) step.request = input.request;
  if (locked) step.locked = locked;
  if (input.destructive) step.destructive = true;
  return step;
}

/** A licence's name: the tenant's product name, else its skuId. */
export function licenseName(skuId: string, skus: ReadonlyMap<string, ISkuInfo> | undefined): string {
  return skus?.get(skuId.toLowerCase())?.name ?? skuId;
}

/** The `assignLicense` request of one licence change (Graph wants both lists, even empty). */
export function assignLicenseRequest(userId: string, add: string[], remove: string[]): NonNullable<IPlanStep['request']> {
  return {
    method: 'POST',
    url: `/users/${seg(userId)}/assignLicense`,
    body: { addLicenses: add.map(skuId => ({ skuId, disabledPlans: [] as string[] })), removeLicenses: remove }
  };
}
