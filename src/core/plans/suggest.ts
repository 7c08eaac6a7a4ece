/**
 * "Set up like…", guided: reference colleagues suggested for a new user from their own profile — the people who
 * report to the same manager and the people in the same department — each with the reasons in words. Three `$batch`
 * round trips: the new user's profile and manager, then the manager's direct reports and the department, then
 * whether the best-ranked hold an admin role (left out). A part
 * refused is a gap of its own and the others still suggest; a profile refused suggests no one, and says why.
 */
import type { GraphGateway } from '../graph/GraphGateway';
import { batchResult } from '../graph/GraphGateway';
import { GraphError, isRecord } from '../graph/GraphError';
import { abortError } from '../graph/abort';
import type { IBatchRequest, IBatchResponse } from '../graph/types';
import { toUserRecord } from '../directory/users';
import type { IUserRecord } from '../directory/users';
import { PART_SCOPES, partReason } from './facts';
import type { IManagerRef } from './facts';

/** One suggested reference colleague. */
export interface ISuggestion {
  id: string;
  displayName: string;
  userPrincipalName: string;
  jobTitle: string | null;
  /** Why they are suggested, in words ("Same manager (Mia Manager)", "Same job title", …), strongest first. */
  reasons: string[];
  /** Created within NEW_COLLEAGUE_DAYS before the new user, or after them: likely new too, and not set up yet. */
  newToo: boolean;
  /** The new user has a manager and this colleague reports to someone else (the plan would offer to change it). */
  otherManager: boolean;
}

/** What the suggestions were looked for by: the new user's manager, department and job title (each when they have one). */
export interface ISuggestionBasis {
  manager?: IManagerRef;
  department?: string;
  jobTitle?: string;
}

/** Suggested reference colleagues, what they were found by, and each part that could not be read. */
export interface ISuggestions {
  suggestions: ISuggestion[];
  basis: ISuggestionBasis;
  gaps: Array<{ part: string; reason: string }>;
}

/** At most this many suggestions. */
export const MAX_SUGGESTIONS = 5;
/** A colleague created this many days before the new user (or after them) counts as new too. */
export const NEW_COLLEAGUE_DAYS = 7;
/**
 * How much each likeness weighs, summed: the manager most (the same team), then the job, the department, the office.
 * The same manager and department outrank the same job and department; the same job and department outrank the
 * same manager alone (a reference is copied from: the job tells more of what the new user needs than the team alone).
 */
export const LIKENESS_WEIGHTS = { manager: 4, jobTitle: 3, department: 2, office: 1 } as const;

/** What the new user's profile is read for. */
export const SUGGEST_PROFILE_SELECT = 'id,displayName,userPrincipalName,department,jobTitle,officeLocation,createdDateTime';
/** What each colleague is read for. */
export const SUGGEST_PEOPLE_SELECT = 'id,displayName,userPrincipalName,jobTitle,department,officeLocation,accountEnabled,userType,createdDateTime,assignedLicenses';

const DAY_MS = 86_400_000;
const userPath = (id: string): string => `/users/${encodeURIComponent(id.trim())}`;
const same = (a: string | null | undefined, b: string | null | undefined): boolean => !!a && !!b && a.trim().toLowerCase() === b.trim().toLowerCase();
const text = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** The `$filter` of the people in a department: the value an OData string (quotes doubled), URL-encoded. */
export function departmentFilter(department: string): string {
  return `department eq '${encodeURIComponent(department.replace(/'/g, "''"))}'`;
}

type Answers = Map<string, IBatchResponse>;

/** A collection answer as users, or the error it was; directReports may list org contacts too, which are left out. */
function people(res: Answers, id: string): IUserRecord[] | GraphError {
  const body = batchResult<unknown>(res.get(id));
  if (body instanceof GraphError) return body;
  const value = isRecord(body) && Array.isArray(body.value) ? body.value : [];
  return value
    .filter(raw => isRecord(raw) && (raw['@odata.type'] === undefined || raw['@odata.type'] === '#microsoft.graph.user'))
    .map(toUserRecord)
    .filter((u): u is IUserRecord => u !== undefined);
}

/** The new user as the suggestions need them, and who their manager is (404: they have none, a fact). */
async function readTarget(gateway: GraphGateway, targetId: string, signal?: AbortSignal): Promise<{ target?: IUserRecord; manager?: IManagerRef; gaps: ISuggestions['gaps'] }> {
  const u = userPath(targetId);
  const res = await gateway.batch([
    { id: 'profile', method: 'GET', url: `${u}?$select=${SUGGEST_PROFILE_SELECT}` },
    { id: 'manager', method: 'GET', url: `${u}/manager?$select=id,displayName` }
  ], { signal }, true);
  const profile = batchResult<unknown>(res.get('profile'));
  const target = profile instanceof GraphError ? undefined : toUserRecord(profile);
  if (!target) {
    const error = profile instanceof GraphError ? profile : new GraphError(404, 'UnreadableUser', `The user "${targetId}" could not be read.`);
    return { gaps: [{ part: 'Profile', reason: partReason(error, PART_SCOPES.person) }] };
  }
  const m = batchResult<unknown>(res.get('manager'));
  if (m instanceof GraphError) return { target, gaps: m.kind === 'notFound' ? [] : [{ part: 'Manager', reason: partReason(m, PART_SCOPES.manager) }] };
  const manager = isRecord(m) && typeof m.id === 'string' ? { id: m.id, displayName: text(m.displayName) ?? m.id } : undefined;
  return { target, manager, gaps: [] };
}

/** Whether a colleague was created within NEW_COLLEAGUE_DAYS before the new user, or after them. */
function isNewToo(colleague: IUserRecord, target: IUserRecord): boolean {
  const mine = Date.parse(target.createdDateTime ?? '');
  const theirs = Date.parse(colleague.createdDateTime ?? '');
  return Number.isFinite(mine) && Number.isFinite(theirs) && theirs >= mine - NEW_COLLEAGUE_DAYS * DAY_MS;
}

/**
 * Rank the colleagues: a score from the likenesses (LIKENESS_WEIGHTS), higher first. The one rule beyond the score:
 * a colleague who is new too (see isNewToo) ranks below every colleague with the same score who is not, as they are
 * likely not set up yet themselves; then by name. The new user, disabled accounts, guests and unlicensed accounts are
 * never suggested, nor (when the new user has a job title) an account without one.
 */
export function rankColleagues(target: IUserRecord, manager: IManagerRef | undefined, reports: readonly IUserRecord[], department: readonly IUserRecord[], limit: number = MAX_SUGGESTIONS, reportsKnown = true): ISuggestion[] {
  const reportIds = new Set(reports.map(r => r.id.toLowerCase()));
  // A new user with a job title is set up like someone with one: a room, a bot or a service account rarely has one.
  const titled = !!text(target.jobTitle);
  const seen = new Set<string>([target.id.toLowerCase()]);
  const ranked: Array<{ suggestion: ISuggestion; score: number }> = [];
  for (const c of [...reports, ...department]) {
    const key = c.id.toLowerCase();
    // Nobody to copy a person from: a disabled account, a guest, or an account without a licence (a break-glass or
    // service account, a shared mailbox, a room: what they hold is not what a new person needs).
    if (seen.has(key) || c.accountEnabled === false || c.userType === 'Guest' || c.skuIds.length === 0 || (titled && !text(c.jobTitle))) continue;
    seen.add(key);
    const reasons: string[] = [];
    let score = 0;
    const like = (yes: boolean, weight: number, reason: string): void => { if (yes) { score += weight; reasons.push(reason); } };
    like(manager !== undefined && reportIds.has(key), LIKENESS_WEIGHTS.manager, `Same manager (${manager?.displayName ?? ''})`);
    like(same(c.jobTitle, target.jobTitle), LIKENESS_WEIGHTS.jobTitle, 'Same job title');
    like(same(c.department, target.department), LIKENESS_WEIGHTS.department, `Same department (${target.department ?? ''})`);
    like(same(c.officeLocation, target.officeLocation), LIKENESS_WEIGHTS.office, `Same office (${target.officeLocation ?? ''})`);
    if (score === 0) continue;
    const otherManager = manager !== undefined && reportsKnown && !reportIds.has(key);
    ranked.push({ suggestion: { id: c.id, displayName: c.displayName || c.userPrincipalName, userPrincipalName: c.userPrincipalName, jobTitle: c.jobTitle, reasons, newToo: isNewToo(c, target), otherManager }, score });
  }
  ranked.sort((a, b) => b.score - a.score || Number(a.suggestion.newToo) - Number(b.suggestion.newToo)
    || a.suggestion.displayName.localeCompare(b.suggestion.displayName, 'en') || a.suggestion.id.localeCompare(b.suggestion.id));
  return ranked.slice(0, limit).map(r => r.suggestion);
}

/**
 * Reference colleagues for the new user `targetId`: round 1 reads their profile and manager, round 2 the manager's
 * direct reports and the people in their department. Round 2 reads the first page of each only (999 people): these
 * are suggestions, and the free picker finds anyone else.
 */
export async function suggestReferences(gateway: GraphGateway, targetId: string, signal?: AbortSignal): Promise<ISuggestions> {
  const first = await readTarget(gateway, targetId, signal);
  const { target, manager } = first;
  const gaps = [...first.gaps];
  if (!target) return { suggestions: [], basis: {}, gaps };
  const department = text(target.department);
  const basis: ISuggestionBasis = { ...(manager ? { manager } : {}), ...(department ? { department } : {}), ...(text(target.jobTitle) ? { jobTitle: text(target.jobTitle) } : {}) };
  const requests: IBatchRequest[] = [];
  if (manager) requests.push({ id: 'reports', method: 'GET', url: `${userPath(manager.id)}/directReports?$select=${SUGGEST_PEOPLE_SELECT}&$top=999` });
  if (department) requests.push({ id: 'department', method: 'GET', url: `/users?$filter=${departmentFilter(department)}&$select=${SUGGEST_PEOPLE_SELECT}&$top=999` });
  if (requests.length === 0) return { suggestions: [], basis, gaps };
  // Cancelled between the rounds (the dialog closed): the second is not sent.
  if (signal?.aborted) throw abortError();
  const res = await gateway.batch(requests, { signal }, true);
  const read = (id: string, part: string): IUserRecord[] => {
    if (!requests.some(r => r.id === id)) return [];
    const got = people(res, id);
    if (!(got instanceof GraphError)) return got;
    gaps.push({ part, reason: partReason(got, PART_SCOPES.person) });
    return [];
  };
  const reports = read('reports', `${manager?.displayName ?? 'The manager'}'s direct reports`);
  const colleagues = read('department', `People in ${department ?? 'the department'}`);
  const reportsKnown = !gaps.some(g => g.part.endsWith('direct reports'));
  const ranked = rankColleagues(target, manager, reports, colleagues, MAX_SUGGESTIONS * 2, reportsKnown);
  const admins = await adminRoleHolders(gateway, ranked.map(r => r.id), signal);
  return { suggestions: ranked.filter(r => !admins.has(r.id)).slice(0, MAX_SUGGESTIONS), basis, gaps };
}

/**
 * Of the best-ranked colleagues, those holding an admin role (a `directoryRole` among their memberships), in one
 * `$batch`: an admin's groups and licences are an admin's, never a template for a new person. One that could not be
 * read is not counted as an admin (a suggestion is reviewed before anything is sent).
 */
async function adminRoleHolders(gateway: GraphGateway, ids: readonly string[], signal?: AbortSignal): Promise<Set<string>> {
  const out = new Set<string>();
  if (ids.length === 0) return out;
  if (signal?.aborted) throw abortError();
  const res = await gateway.batch(ids.map((id, n) => ({ id: `${n}`, method: 'GET' as const, url: `${userPath(id)}/memberOf/microsoft.graph.directoryRole?$select=id` })), { signal }, true);
  ids.forEach((id, n) => {
    const body = batchResult<unknown>(res.get(`${n}`));
    const value = !(body instanceof GraphError) && isRecord(body) && Array.isArray(body.value) ? body.value : [];
    if (value.some(o => isRecord(o) && o['@odata.type'] === '#microsoft.graph.directoryRole')) out.add(id);
  });
  return out;
}
