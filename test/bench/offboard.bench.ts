/**
 * A bulk offboarding of 100 users (issue 16) against the demo tenant at 100 ms a round trip: the app's way (the facts
 * read 20 to a `$batch` across people, the plan applied in phases of `$batch` calls of 20) against a baseline in the
 * same run: the same reads and the same steps sent one request at a time. Each side runs on its own tenant of the same
 * seed, so both offboard the same people from the same state. Round trips and time, and their ratios; nothing asserted.
 */
import { startDemoTenant } from '../../workbench/demo-tenant';
import type { IDemoTenant } from '../../workbench/demo-tenant';
import { loadSkuNames } from '../../src/core/directory/skus';
import { scopesFromToken } from '../../src/core/graph/scopes';
import type { GraphGateway } from '../../src/core/graph/GraphGateway';
import { applyPlan, buildOffboardPlan, outcomeCounts, readOffboardFacts, readPlanSkus, selectedSteps } from '../../src/core/plans';
import type { IBulkPlan, IOffboardFacts } from '../../src/core/plans';
import { MANAGED_DEVICE_SELECT } from '../../src/core/devices/parse';
import { GROUP_SELECT } from '../../src/core/directory/groups';
import { PLAN_PROFILE_SELECT } from '../../src/core/plans/facts';
import { gatewayFor } from '../helpers/graph';

type Line = Record<string, unknown>;

/** The enabled, licensed members to offboard: the first `count` by UPN, the signed-in admins left out. */
async function leavers(t: IDemoTenant, count: number): Promise<string[]> {
  const gw = gatewayFor(t.url, t.token);
  const keep = new Set([t.info.people.admin?.userPrincipalName, t.info.people.breakGlass?.userPrincipalName]);
  const out: string[] = [];
  for await (const page of gw.pages<{ userPrincipalName: string; accountEnabled: boolean; userType: string; assignedLicenses: unknown[] }>('/users?$select=userPrincipalName,accountEnabled,userType,assignedLicenses&$top=999')) {
    for (const u of page) if (u.accountEnabled && u.userType === 'Member' && u.assignedLicenses.length > 0 && !keep.has(u.userPrincipalName)) out.push(u.userPrincipalName);
  }
  return out.sort().slice(0, count);
}

/** The offboarding plan of these people (the non-destructive steps, as the plan selects them). */
async function planOf(gw: GraphGateway, t: IDemoTenant, facts: IOffboardFacts[]): Promise<IBulkPlan> {
  const skus = await readPlanSkus(gw, await loadSkuNames());
  return buildOffboardPlan(facts, skus.status === 'ready' ? skus.data : undefined, { scopes: scopesFromToken(t.token) });
}

/** The app: facts in `$batch`es, then applyPlan. */
async function ours(t: IDemoTenant, upns: string[]): Promise<Line> {
  const gw = gatewayFor(t.url, t.token);
  const r0 = Date.now();
  const facts = await readOffboardFacts(gw, upns);
  const readMs = Date.now() - r0;
  const readRequests = gw.stats.requests;
  const plan = await planOf(gw, t, facts);
  const a0 = Date.now();
  const outcome = await applyPlan(gw, plan);
  return { readRequests, readMs, applyRequests: outcome.requests, applyMs: Date.now() - a0, steps: selectedSteps(plan).length, ...outcomeCounts(outcome) };
}

/** The baseline: each read, then each step, one request at a time. */
async function oneAtATime(t: IDemoTenant, upns: string[]): Promise<Line> {
  const gw = gatewayFor(t.url, t.token);
  const r0 = Date.now();
  for (const upn of upns) {
    const u = `/users/${encodeURIComponent(upn)}`;
    for (const url of [`${u}?$select=${PLAN_PROFILE_SELECT}`, `${u}/memberOf?$select=${GROUP_SELECT}&$top=999`, `${u}/authentication/methods`, `${u}/managedDevices?$select=${MANAGED_DEVICE_SELECT}`, `${u}/ownedObjects/microsoft.graph.group?$select=${GROUP_SELECT}`]) await gw.send('GET', url);
  }
  const readMs = Date.now() - r0;
  const readRequests = gw.stats.requests;
  // The same plan, from facts read the app's way (not counted: the baseline's own reads are above).
  const plan = await planOf(gatewayFor(t.url, t.token), t, await readOffboardFacts(gatewayFor(t.url, t.token), upns));
  const a0 = Date.now();
  let done = 0;
  for (const s of selectedSteps(plan)) {
    const req = s.request;
    if (!req || req.method === 'GET' || req.method === 'PUT') continue;
    const res = await gw.send(req.method, req.url, req.body);
    if (res.status < 300) done++;
  }
  return { readRequests, readMs, applyRequests: gw.stats.requests - readRequests, applyMs: Date.now() - a0, steps: selectedSteps(plan).length, done };
}

/** Both ways over tenants of the same seed, and the ratios (ours / baseline: lower is better). */
export async function offboardBench(people: number, latencyMs: number): Promise<Line[]> {
  const users = Math.max(200, people * 3);
  const start = (): Promise<IDemoTenant> => startDemoTenant({ users, seed: 1, today: '2026-03-10' });
  const [a, b] = await Promise.all([start(), start()]);
  try {
    const upns = await leavers(a, people);
    a.options.latencyMs = latencyMs;
    b.options.latencyMs = latencyMs;
    const app = await ours(a, upns);
    const base = await oneAtATime(b, upns);
    const ratio = (k: string): number => Math.round((Number(app[k]) / Number(base[k])) * 1000) / 1000;
    const total = (l: Line, k: 'Requests' | 'Ms'): number => Number(l[`read${k}`]) + Number(l[`apply${k}`]);
    return [
      { bench: 'offboard-bulk', way: 'batched', people: upns.length, latencyMs, ...app },
      { bench: 'offboard-bulk', way: 'one-at-a-time', people: upns.length, latencyMs, ...base },
      {
        bench: 'offboard-bulk-ratio', people: upns.length, latencyMs,
        readRequests: ratio('readRequests'), readMs: ratio('readMs'), applyRequests: ratio('applyRequests'), applyMs: ratio('applyMs'),
        totalRequests: Math.round((total(app, 'Requests') / total(base, 'Requests')) * 1000) / 1000,
        totalMs: Math.round((total(app, 'Ms') / total(base, 'Ms')) * 1000) / 1000
      }
    ];
  } finally {
    await Promise.all([a.close(), b.close()]);
  }
}
