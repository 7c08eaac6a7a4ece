/**
 * MFA enforcement per user (issue 15): 100,000 users against 50 Conditional Access policies, evaluated with
 * prepareEnforcement, beside a bare loop over the same users doing one Set look-up per policy (the least any
 * per-user evaluation does), measured in the same run. Goal: the whole evaluation under a second in Node.
 * Seeded and deterministic: the same tenant every run. Medians of 5 runs, taken in turn.
 *
 *   npm run bench -- --only security [--quick: 20,000 users]
 */
import { prepareEnforcement } from '../../src/core/security/enforcement';
import type { ICaPolicy, IEnforcementModel, MfaEnforcement } from '../../src/core/security/enforcement';

type Line = Record<string, unknown>;

const RUNS = 5;
const POLICIES = 50;
const GROUPS = 40;
const ROLES = 10;
const GOAL_MS = 1000;

/** mulberry32: a small seeded generator, so the tenant is the same every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const guid = (prefix: number, n: number): string => `${prefix.toString(16).padStart(8, '0')}-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

interface IBenchTenant {
  users: Array<{ id: string; userType: string }>;
  model: IEnforcementModel;
}

/**
 * `n` users (one in 20 a guest), 40 groups of about 2% of the users each, 10 roles of a few dozen holders, and
 * 50 policies in the mixes real tenants have: one for all users with a break-glass group excluded, a group or
 * two, a role, guests, report-only, a few disabled or not for all apps, some excluding a group or a few users;
 * one group's members could not be read.
 */
export function benchTenant(n: number, seed = 15): IBenchTenant {
  const rnd = seeded(seed);
  const pick = (k: number): number => Math.floor(rnd() * k);
  const users = Array.from({ length: n }, (_, i) => ({ id: guid(0xaaaa, i), userType: i % 20 === 0 ? 'Guest' : 'Member' }));
  const groupIds = Array.from({ length: GROUPS }, (_, g) => guid(0x6000, g));
  const roleIds = Array.from({ length: ROLES }, (_, r) => guid(0x7000, r));
  const groupMembers = new Map(groupIds.map(g => [g, new Set(Array.from({ length: Math.ceil(n / 50) }, () => users[pick(n)]?.id ?? ''))]));
  const roleMembers = new Map(roleIds.map(r => [r, new Set(Array.from({ length: 20 + pick(40) }, () => users[pick(n)]?.id ?? ''))]));
  const policies: ICaPolicy[] = Array.from({ length: POLICIES }, (_, i) => {
    const shape = i % 10;
    return {
      id: guid(0x5000, i),
      displayName: `Policy ${i}`,
      state: shape === 9 ? 'disabled' : shape === 8 ? 'enabledForReportingButNotEnforced' : 'enabled',
      includeUsers: i === 0 || shape === 8 ? ['All'] : shape === 5 ? ['GuestsOrExternalUsers'] : [],
      excludeUsers: shape === 0 ? Array.from({ length: 3 }, () => users[pick(n)]?.id ?? '') : [],
      includeGroups: (shape === 0 && i > 0) || (shape >= 1 && shape <= 3) ? [groupIds[pick(GROUPS)] ?? '', groupIds[pick(GROUPS)] ?? ''] : [],
      excludeGroups: shape === 0 || shape === 2 ? [groupIds[pick(GROUPS)] ?? ''] : [],
      includeRoles: shape === 4 || shape === 6 ? [roleIds[pick(ROLES)] ?? ''] : [],
      excludeRoles: shape === 3 ? [roleIds[pick(ROLES)] ?? ''] : [],
      allApps: shape !== 7,
      requiresMfa: true
    };
  });
  // One group could not be read: the policies naming it answer 'unknown' where they would decide.
  groupMembers.delete(groupIds[GROUPS - 1] ?? '');
  return { users, model: { securityDefaults: false, policies, groupMembers, roleMembers } };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}
const round = (n: number): number => Math.round(n * 10) / 10;

/** Evaluate every user with prepareEnforcement (preparing included); the count of each answer. */
function evaluateAll(t: IBenchTenant): Record<MfaEnforcement['kind'], number> {
  const counts: Record<MfaEnforcement['kind'], number> = { securityDefaults: 0, policies: 0, conditional: 0, reportOnly: 0, unknown: 0, notEnforced: 0 };
  const evaluate = prepareEnforcement(t.model);
  for (const u of t.users) counts[evaluate(u).kind]++;
  return counts;
}

/** The baseline: the same users, one Set look-up per policy, nothing else. */
function bareLoop(t: IBenchTenant, sets: Array<Set<string>>): number {
  let hits = 0;
  for (const u of t.users) for (const s of sets) if (s.has(u.id)) hits++;
  return hits;
}

/** Figures of evaluating MFA enforcement for `users` users against 50 policies. */
export function securityBench(users = 100_000): Line[] {
  const t0 = performance.now();
  const tenant = benchTenant(users);
  const buildMs = performance.now() - t0;
  // One set per policy for the baseline: its include group's members (what a look-up per policy costs).
  const sets = tenant.model.policies.map(p => tenant.model.groupMembers.get(p.includeGroups[0] ?? '') ?? new Set(p.includeUsers));
  const prepareTimes: number[] = [];
  const evaluateTimes: number[] = [];
  const bareTimes: number[] = [];
  let counts: Record<string, number> = {};
  let hits = 0;
  for (let run = 0; run < RUNS; run++) {
    let s = performance.now();
    prepareEnforcement(tenant.model);
    prepareTimes.push(performance.now() - s);
    s = performance.now();
    counts = evaluateAll(tenant);
    evaluateTimes.push(performance.now() - s);
    s = performance.now();
    hits = bareLoop(tenant, sets);
    bareTimes.push(performance.now() - s);
  }
  const ms = median(evaluateTimes);
  const bareMs = median(bareTimes);
  return [
    { bench: 'security-tenant-build', users, policies: POLICIES, groups: GROUPS, roles: ROLES, ms: round(buildMs) },
    {
      bench: 'security-mfa-enforcement',
      users,
      policies: POLICIES,
      runs: RUNS,
      // Preparing (flattening groups and roles into sets) is part of every evaluation's time.
      prepareMs: round(median(prepareTimes)),
      ms: round(ms),
      evaluateRunsMs: evaluateTimes.map(round),
      baselineMs: round(bareMs),
      baseline: 'a bare loop over the users, one Set look-up per policy',
      ratioToBaseline: bareMs > 0 ? round(ms / bareMs) : null,
      goalMs: GOAL_MS,
      withinGoal: ms < GOAL_MS,
      answers: counts,
      baselineHits: hits
    }
  ];
}
