/**
 * The Licences view's figures (issue 17): 100,000 users and 40 SKUs, after the user list is loaded — holders and
 * every waste list per SKU (buildLicenceModel, overlap from service plans included) and the cost of entered prices
 * (buildCostModel), holders split direct / group from every user's assignments — beside a bare pass over the same rows that touches each held skuId once with a Map look-up
 * (the least any per-holding count does), in the same run. Goal: model + cost under 300 ms. Seeded: the same tenant
 * every run. Medians of 5 runs, taken in turn.
 *
 *   npm run bench -- --only licences [--quick: 20,000 users]
 */
import { buildCostModel, buildLicenceModel } from '../../src/core/licences';
import type { IAssignment, IAssignmentIndex, ILicenceSku, ISkuPrice } from '../../src/core/licences';
import { toLicenceSku } from '../../src/core/licences/skus';
import type { IJoinSources, IUserRow } from '../../src/core/directory/userIndex';
import type { IUserRecord } from '../../src/core/directory/users';

type Line = Record<string, unknown>;

const RUNS = 5;
const SKUS = 40;
const PLANS = 60;
const GOAL_MS = 300;
const TODAY = '2026-11-21';
const REPORT_DATE = '2026-11-18';

/** mulberry32: a small seeded generator. */
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

/** 40 SKUs over 60 plans: suites of 6-12 plans (some nested in others), add-ons of 1-3, a few free ones. */
function benchSkus(rnd: () => number): ILicenceSku[] {
  const plan = (p: number): object => ({ servicePlanId: guid(0x9000, p), servicePlanName: p % 15 === 14 ? `PLAN_${p}_VIRAL` : `PLAN_${p}`, appliesTo: 'User' });
  return Array.from({ length: SKUS }, (_, s) => {
    const suite = s < 12;
    const size = suite ? 6 + (s % 7) : 1 + Math.floor(rnd() * 3);
    const start = suite ? 0 : Math.floor(rnd() * (PLANS - size));
    const plans = Array.from({ length: size }, (_, k) => plan(start + k));
    const part = s % 13 === 12 ? `ADDON_${s}_FREE` : `SKU_${s}`;
    return toLicenceSku({ skuId: guid(0x8000, s), skuPartNumber: part, capabilityStatus: 'Enabled', consumedUnits: 1000, prepaidUnits: { enabled: 1200 }, servicePlans: plans }, () => undefined) as ILicenceSku;
  });
}

/** `n` rows: 1-4 SKUs each (most one suite), one in 20 a guest, one in 25 disabled, activity and sign-ins spread over a year. */
function benchRows(n: number, skus: readonly ILicenceSku[], rnd: () => number): IUserRow[] {
  const day = (back: number): string => new Date(Date.parse(`${REPORT_DATE}T00:00:00Z`) - back * 86_400_000).toISOString().slice(0, 10);
  return Array.from({ length: n }, (_, i) => {
    const held = new Set<string>();
    held.add((skus[Math.floor(rnd() * 12)] as ILicenceSku).skuId);
    const extra = Math.floor(rnd() * 4);
    for (let k = 0; k < extra; k++) held.add((skus[Math.floor(rnd() * SKUS)] as ILicenceSku).skuId);
    const user: IUserRecord = {
      id: guid(0xaaaa, i), displayName: `User ${i}`, userPrincipalName: `user${i}@contoso.com`, mail: null, jobTitle: null, department: null, officeLocation: null,
      userType: i % 20 === 0 ? 'Guest' : 'Member', accountEnabled: i % 25 !== 0, createdDateTime: '2020-01-01T00:00:00Z', usageLocation: null, skuIds: [...held]
    };
    const r = rnd();
    const activity = r < 0.05 ? undefined : r < 0.1 ? null : { date: r < 0.15 ? null : day(Math.floor(rnd() * 365)), workload: 'Exchange' };
    const lastSignIn = rnd() < 0.03 ? null : `${day(Math.floor(rnd() * 365))}T08:00:00Z`;
    return { user, products: [], inM365: true, mfa: undefined, activity, lastSignIn, simulation: undefined, repeatOffences: undefined, training: undefined, mfaEnforcement: undefined, search: '' };
  });
}

function joins(): IJoinSources {
  return {
    skus: { status: 'off' }, mfa: { status: 'off' }, attackSimulation: { status: 'off' }, mfaEnforcement: { status: 'off' }, devices: { status: 'off' },
    activity: { status: 'ready', data: { byUpn: new Map(), refreshDate: REPORT_DATE, concealedRows: 0, totalRows: 0 } },
    signIns: { status: 'ready', data: new Map() }
  };
}

/** The assignments as readAssignments keeps them: one user in ten holds their first licence through a group (the rest: direct). */
function benchAssignments(rows: readonly IUserRow[]): IAssignmentIndex {
  const byUser = new Map<string, Map<string, IAssignment>>();
  rows.forEach((row, i) => { if (i % 10 === 0) byUser.set(row.user.id, new Map([[(row.user.skuIds[0] ?? '').toLowerCase(), { direct: false, groupIds: ['g1'] }]])); });
  return { byUser, groupNames: new Map([['g1', 'All staff']]) };
}

/** The baseline: every held skuId of every row looked up once in a Map, nothing else. */
function bareLoop(rows: readonly IUserRow[], skus: readonly ILicenceSku[]): number {
  const index = new Map(skus.map((s, i) => [s.skuId, i]));
  let hits = 0;
  for (const row of rows) for (const id of row.user.skuIds) if (index.get(id) !== undefined) hits++;
  return hits;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}
const round = (n: number): number => Math.round(n * 10) / 10;

/** Figures of the Licences model and cost for `users` users and 40 SKUs. */
export function licencesBench(users = 100_000): Line[] {
  const rnd = seeded(17);
  const skus = benchSkus(rnd);
  const rows = benchRows(users, skus, rnd);
  const assignments = { status: 'ready' as const, data: benchAssignments(rows) };
  const prices: ISkuPrice[] = skus.filter((_, i) => i % 2 === 0).map((s, i) => ({ skuId: s.skuId, monthly: 10 + i, currency: i % 3 ? 'EUR' : 'USD', by: null, at: TODAY }));
  const modelTimes: number[] = [];
  const costTimes: number[] = [];
  const bareTimes: number[] = [];
  let holdings = 0;
  let wasted = 0;
  let hits = 0;
  for (let run = 0; run < RUNS; run++) {
    let s = performance.now();
    const model = buildLicenceModel({ rows, joins: joins(), skus, assignments, today: TODAY });
    modelTimes.push(performance.now() - s);
    s = performance.now();
    const cost = buildCostModel(model, prices);
    costTimes.push(performance.now() - s);
    s = performance.now();
    hits = bareLoop(rows, skus);
    bareTimes.push(performance.now() - s);
    holdings = model.skus.reduce((n, u) => n + u.holders.length, 0);
    wasted = model.skus.reduce((n, u) => n + u.waste.inactive90.holders.length + u.waste.overlap.holders.length, 0);
    if (!cost.totals.length) throw new Error('no cost computed');
  }
  const ms = median(modelTimes) + median(costTimes);
  const bareMs = median(bareTimes);
  return [{
    bench: 'licences-model',
    users,
    skus: SKUS,
    holdings,
    runs: RUNS,
    modelMs: round(median(modelTimes)),
    costMs: round(median(costTimes)),
    ms: round(ms),
    modelRunsMs: modelTimes.map(round),
    baselineMs: round(bareMs),
    baseline: 'a bare pass over the rows, one Map look-up per held skuId',
    ratioToBaseline: bareMs > 0 ? round(ms / bareMs) : null,
    goalMs: GOAL_MS,
    withinGoal: ms < GOAL_MS,
    inactive90AndOverlap: wasted,
    baselineHits: hits
  }];
}
