import type { GraphGateway } from '../graph/GraphGateway';
import { batchResult } from '../graph/GraphGateway';
import { GraphError } from '../graph/GraphError';
import type { IBatchRequest } from '../graph/types';
import type { IGroupInfo } from '../directory/groups';

/** Profile fields an admin may change from the impression. */
export type EditableField = 'jobTitle' | 'department' | 'officeLocation' | 'usageLocation' | 'accountEnabled';
export type FieldValue = string | boolean | null;

/** A licence as the change set names it. */
export interface ILicenseRef {
  skuId: string;
  name: string;
}

/** One staged change. Nothing is sent to Graph until the set is applied (Finish). */
export type Change =
  | { kind: 'field'; field: EditableField; from: FieldValue; to: FieldValue }
  | { kind: 'groupAdd'; group: IGroupInfo }
  | { kind: 'groupRemove'; group: IGroupInfo }
  | { kind: 'licenseAdd'; license: ILicenseRef }
  | { kind: 'licenseRemove'; license: ILicenseRef };

/** The staged changes of one user's impression; immutable — every edit returns a new set. */
export interface IChangeSet {
  userId: string;
  changes: readonly Change[];
}

/** A stable key per change, for markers and results. */
export function changeKey(c: Change): string {
  switch (c.kind) {
    case 'field': return `field:${c.field}`;
    case 'groupAdd': case 'groupRemove': return `group:${c.group.id}`;
    case 'licenseAdd': case 'licenseRemove': return `license:${c.license.skuId.toLowerCase()}`;
  }
}

/** An empty set for a user. */
export function emptyChangeSet(userId: string): IChangeSet {
  return { userId, changes: [] };
}

/** A field value as Graph is sent it: text trimmed, empty text as null. */
export const normalizeField = (v: FieldValue): FieldValue => (typeof v === 'string' ? (v.trim() === '' ? null : v.trim()) : v);

/**
 * Stage a field value (normalized: the editor keeps the text as typed, spaces and all); setting it back to
 * the original drops the change.
 */
export function setField(set: IChangeSet, field: EditableField, original: FieldValue, value: FieldValue): IChangeSet {
  const rest = set.changes.filter(c => changeKey(c) !== `field:${field}`);
  if (normalizeField(value) === normalizeField(original)) return { ...set, changes: rest };
  return { ...set, changes: [...rest, { kind: 'field', field, from: original, to: normalizeField(value) }] };
}

/** Stage adding a group, or undo a staged removal of it. */
export function addGroup(set: IChangeSet, group: IGroupInfo, isMember: boolean): IChangeSet {
  const rest = set.changes.filter(c => changeKey(c) !== `group:${group.id}`);
  return isMember ? { ...set, changes: rest } : { ...set, changes: [...rest, { kind: 'groupAdd', group }] };
}

/** Stage removing a group, or undo a staged add of it. */
export function removeGroup(set: IChangeSet, group: IGroupInfo, isMember: boolean): IChangeSet {
  const rest = set.changes.filter(c => changeKey(c) !== `group:${group.id}`);
  return isMember ? { ...set, changes: [...rest, { kind: 'groupRemove', group }] } : { ...set, changes: rest };
}

/** Stage adding or removing a licence (the opposite of the current state); again drops it. */
export function toggleLicense(set: IChangeSet, license: ILicenseRef, assigned: boolean): IChangeSet {
  const key = `license:${license.skuId.toLowerCase()}`;
  if (set.changes.some(c => changeKey(c) === key)) return { ...set, changes: set.changes.filter(c => changeKey(c) !== key) };
  return { ...set, changes: [...set.changes, assigned ? { kind: 'licenseRemove', license } : { kind: 'licenseAdd', license }] };
}

/** One Graph call of a plan, and the changes whose fate it decides. */
export interface IPlannedCall {
  request: IBatchRequest;
  changes: Change[];
  /** The call (by request id) that must have succeeded first: it is sent in a later round, never with `dependsOn`. */
  after?: string;
}

const GRAPH_OBJECT = 'https://graph.microsoft.com/v1.0/directoryObjects/';

/**
 * Turn a change set into Graph calls: the field edits in ONE `PATCH /users/{id}`, a `$ref` call per
 * group, and one `assignLicense` for all licence changes — which comes after the PATCH when the same
 * set changes usageLocation (Graph refuses licences without one).
 */
export function plan(set: IChangeSet): IPlannedCall[] {
  const calls: IPlannedCall[] = [];
  const user = encodeURIComponent(set.userId);
  const fields = set.changes.filter((c): c is Extract<Change, { kind: 'field' }> => c.kind === 'field');
  if (fields.length) {
    const body: Record<string, FieldValue> = {};
    for (const f of fields) body[f.field] = f.to;
    calls.push({ request: { id: 'profile', method: 'PATCH', url: `/users/${user}`, body }, changes: fields });
  }
  for (const c of set.changes) {
    if (c.kind === 'groupAdd') {
      calls.push({ request: { id: `add-${c.group.id}`, method: 'POST', url: `/groups/${encodeURIComponent(c.group.id)}/members/$ref`, body: { '@odata.id': GRAPH_OBJECT + set.userId } }, changes: [c] });
    } else if (c.kind === 'groupRemove') {
      calls.push({ request: { id: `remove-${c.group.id}`, method: 'DELETE', url: `/groups/${encodeURIComponent(c.group.id)}/members/${user}/$ref` }, changes: [c] });
    }
  }
  const licenses = set.changes.filter(c => c.kind === 'licenseAdd' || c.kind === 'licenseRemove');
  if (licenses.length) {
    const addLicenses = licenses.filter(c => c.kind === 'licenseAdd').map(c => ({ skuId: (c as Extract<Change, { kind: 'licenseAdd' }>).license.skuId, disabledPlans: [] as string[] }));
    const removeLicenses = licenses.filter(c => c.kind === 'licenseRemove').map(c => (c as Extract<Change, { kind: 'licenseRemove' }>).license.skuId);
    const after = fields.some(f => f.field === 'usageLocation') ? 'profile' : undefined;
    calls.push({ request: { id: 'licenses', method: 'POST', url: `/users/${user}/assignLicense`, body: { addLicenses, removeLicenses } }, changes: licenses, after });
  }
  return calls;
}

/** What happened to one change. */
export interface IChangeResult {
  change: Change;
  ok: boolean;
  error?: GraphError;
}

/** The outcome of Finish: a result per change, and the set of what is still pending (the failures). */
export interface IApplyOutcome {
  results: IChangeResult[];
  /** Failed changes only: their markers stay, nothing typed is lost, and Finish can retry them. */
  remaining: IChangeSet;
  requests: number;
}

/**
 * Apply a change set through Graph: one `$batch` (20 calls per batch; more go side by side), and a second for
 * calls that need another to have succeeded first (licences after a new usage location). A second round,
 * not `dependsOn`: Graph refuses a dependency on a request outside the same batch, which a split into 20s
 * or a retry of one throttled item would make. An add to a group the user is already in, or a removal
 * from one they have already left, has the state asked for: it counts as applied.
 */
export async function applyChanges(gateway: GraphGateway, set: IChangeSet, signal?: AbortSignal): Promise<IApplyOutcome> {
  const calls = plan(set);
  if (calls.length === 0) return { results: [], remaining: set, requests: 0 };
  const before = gateway.stats.requests;
  const answered = new Map<string, unknown>();
  const rounds = [calls.filter(c => !c.after), calls.filter(c => c.after)];
  for (const round of rounds) {
    const ready: IPlannedCall[] = [];
    for (const call of round) {
      const needed = call.after !== undefined ? answered.get(call.after) : undefined;
      // 424 Failed Dependency: its own status, so the call is never explained as refused by Graph itself.
      if (needed instanceof GraphError) answered.set(call.request.id, new GraphError(424, 'DependencyFailed', `Not sent: it needs the profile change, which failed (${needed.message}).`));
      else ready.push(call);
    }
    try {
      // A $batch call that fails as a whole fails only its own calls: the others' results (applied, or
      // refused) are still reported.
      const answers = await gateway.batch(ready.map(c => c.request), { signal }, true);
      for (const call of ready) answered.set(call.request.id, settled(call, batchResult<unknown>(answers.get(call.request.id))));
    } catch (e) {
      // Cancelled: its changes stay pending with that reason.
      const error = e instanceof GraphError ? e : new GraphError(0, 'NetworkError', String(e));
      for (const call of ready) answered.set(call.request.id, error);
    }
  }
  const results: IChangeResult[] = [];
  for (const call of calls) {
    const r = answered.get(call.request.id);
    for (const change of call.changes) results.push(r instanceof GraphError ? { change, ok: false, error: r } : { change, ok: true });
  }
  const failed = new Set(results.filter(r => !r.ok).map(r => changeKey(r.change)));
  return { results, remaining: { ...set, changes: set.changes.filter(c => failed.has(changeKey(c))) }, requests: gateway.stats.requests - before };
}

/** A group call whose refusal says the user already has the membership asked for succeeded. */
function settled(call: IPlannedCall, answer: unknown): unknown {
  if (!(answer instanceof GraphError)) return answer;
  const change = call.changes[0];
  if (change?.kind === 'groupAdd' && answer.status === 400 && /added object references already exist/i.test(answer.message)) return undefined;
  if (change?.kind === 'groupRemove' && answer.status === 404 && answer.code === 'Request_ResourceNotFound') return undefined;
  return answer;
}

/** A change in words, for results and the confirmation list. */
export function describeChange(c: Change): string {
  const label: Record<EditableField, string> = { jobTitle: 'Job title', department: 'Department', officeLocation: 'Office', usageLocation: 'Usage location', accountEnabled: 'Account enabled' };
  const show = (v: FieldValue): string => (v === null ? '(empty)' : typeof v === 'boolean' ? (v ? 'Yes' : 'No') : `"${v}"`);
  switch (c.kind) {
    case 'field': return `${label[c.field]}: ${show(c.from)} → ${show(c.to)}`;
    case 'groupAdd': return `Add to ${c.group.displayName}`;
    case 'groupRemove': return `Remove from ${c.group.displayName}`;
    case 'licenseAdd': return `Assign ${c.license.name}`;
    case 'licenseRemove': return `Remove ${c.license.name}`;
  }
}
