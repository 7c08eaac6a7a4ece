import { startDemoTenant } from '../../workbench/demo-tenant';
import { ReportStore } from '../../src/core/reports/store';
import { loadSkuNames } from '../../src/core/directory/skus';
import { loadImpressionDirectory } from '../../src/core/impression/directory';
import { loadActiveUserRow, loadWorkloads } from '../../src/core/impression/loadImpression';
import { gatewayFor } from '../helpers/graph';

/** Round trips and time for a first and a second user's impression (shared report cache). */
export async function impressionBench(users = 50_000, latencyMs = 100): Promise<Array<Record<string, unknown>>> {
  const t = await startDemoTenant({ users, seed: 1, latencyMs });
  try {
    const gw = gatewayFor(t.url, t.token);
    const store = new ReportStore(gw, { format: 'json' });
    const names = await loadSkuNames();
    const out: Array<Record<string, unknown>> = [];
    for (const [label, who] of [['first', t.info.people.admin?.id], ['second', t.info.people.unicode?.id]] as const) {
      if (!who) throw new Error('demo tenant lacks the benchmark users');
      const req0 = gw.stats.requests;
      const reads0 = store.stats.reads;
      const reportReq0 = store.stats.requests;
      const s = performance.now();
      const dir = await loadImpressionDirectory(gw, who, names);
      const batchMs = performance.now() - s;
      const dirRequests = gw.stats.requests - req0;
      await Promise.all([...loadWorkloads(store, dir.user.userPrincipalName, 'D30'), loadActiveUserRow(store, dir.user.userPrincipalName, 'D30')]);
      const totalMs = performance.now() - s;
      out.push({
        bench: `impression-${label}-user`, users, latencyMs, directoryRoundTrips: dirRequests, directoryMs: Math.round(batchMs),
        reportReads: store.stats.reads - reads0, reportRequests: store.stats.requests - reportReq0,
        reportsAfterBatchMs: Math.round(totalMs - batchMs), totalMs: Math.round(totalMs)
      });
    }
    return out;
  } finally {
    await t.close();
  }
}
