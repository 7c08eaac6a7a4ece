/**
 * CLI: `npx tsx workbench/demo-tenant/main.ts --port 7000 --users 5000 --seed 1 [--latency-ms 100]
 * [--latency-per-kb-ms 2] [--directory-throttle [ru]] [--concealed] [--throttle] [--fault-rate 0.05] [--scopes "User.Read.All Reports.Read.All"] [--no-p1]
 * [--no-report-role] [--no-attack-simulation] [--no-intune] [--no-privileged-role] [--leave-date-unscoped refuse|null] [--no-security-role] [--security-defaults] [--json-documented-only]
 * [--report-page-cap 200] [--report-top-over-cap cap|reject] [--today YYYY-MM-DD]` prints the URL and a demo token, then serves until stopped.
 */
import { ALL_SCOPES, startDemoTenant } from './index';

function parseArgs(argv: string[]): Map<string, string | true> {
  const out = new Map<string, string | true>();
  for (let k = 0; k < argv.length; k++) {
    const a = argv[k] ?? '';
    if (!a.startsWith('--')) continue;
    const [name, inline] = a.slice(2).split('=', 2);
    const next = argv[k + 1];
    if (inline !== undefined) out.set(name ?? '', inline);
    else if (next !== undefined && !next.startsWith('--')) {
      out.set(name ?? '', next);
      k++;
    } else out.set(name ?? '', true);
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.has('help')) {
    process.stdout.write('Usage: demo-tenant [--port 7000] [--host 127.0.0.1] [--users 5000] [--seed 1] [--latency-ms 0] [--latency-per-kb-ms 0] [--directory-throttle [ru]] [--concealed] [--throttle] [--fault-rate 0] [--scopes "A B"] [--no-p1] [--no-report-role] [--no-attack-simulation] [--no-intune] [--no-privileged-role] [--leave-date-unscoped refuse|null] [--no-security-role] [--security-defaults] [--json-documented-only] [--report-page-cap 200] [--report-top-over-cap cap|reject] [--today YYYY-MM-DD]\n');
    return;
  }
  const num = (name: string, def: number): number => {
    const v = args.get(name);
    if (v === undefined || v === true) return def;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new Error(`--${name} expects a number, got '${v}'`);
    return n;
  };
  const str = (name: string): string | undefined => {
    const v = args.get(name);
    return typeof v === 'string' ? v : undefined;
  };
  const overCap = str('report-top-over-cap') ?? 'cap';
  if (overCap !== 'cap' && overCap !== 'reject') throw new Error(`--report-top-over-cap expects cap or reject, got '${overCap}'`);
  const pageCap = num('report-page-cap', 200);
  if (!Number.isInteger(pageCap) || pageCap < 1) throw new Error(`--report-page-cap expects a whole number of at least 1, got '${String(args.get('report-page-cap'))}'`);
  const latencyPerKbMs = num('latency-per-kb-ms', 0);
  if (latencyPerKbMs < 0) throw new Error(`--latency-per-kb-ms expects a number of at least 0, got '${String(args.get('latency-per-kb-ms'))}'`);
  // --directory-throttle alone: the quota for the tenant's size; with a number: that many units per 10 seconds.
  const dt = args.get('directory-throttle');
  const directoryThrottle = dt === undefined ? false : dt === true ? true : { ruPer10s: Number(dt) };
  if (typeof directoryThrottle === 'object' && !(Number.isFinite(directoryThrottle.ruPer10s) && directoryThrottle.ruPer10s > 0))
    throw new Error(`--directory-throttle expects no value or a positive number of resource units per 10 seconds, got '${String(dt)}'`);
  const started = Date.now();
  const tenant = await startDemoTenant({
    port: num('port', 7000),
    host: str('host'),
    users: num('users', 5000),
    seed: num('seed', 1),
    latencyMs: num('latency-ms', 0),
    latencyPerKbMs,
    directoryThrottle,
    concealed: args.has('concealed'),
    throttle: args.has('throttle'),
    faultRate: num('fault-rate', 0),
    noP1: args.has('no-p1'),
    noReportRole: args.has('no-report-role'),
    noAttackSimulation: args.has('no-attack-simulation'),
    noIntune: args.has('no-intune'),
    noPrivilegedRole: args.has('no-privileged-role'),
    leaveDateUnscoped: args.get('leave-date-unscoped') === 'null' ? 'null' : 'refuse',
    noSecurityRole: args.has('no-security-role'),
    securityDefaults: args.has('security-defaults'),
    jsonDocumentedOnly: args.has('json-documented-only'),
    reportPageCap: pageCap,
    reportTopOverCap: overCap,
    today: str('today')
  });
  const scopes = str('scopes');
  const token = scopes ? tenant.tokenFor(scopes.split(/[\s,]+/).filter(Boolean)) : tenant.token;
  const mb = Math.round(process.memoryUsage().rss / 1048576);
  process.stdout.write(
    [
      `Demo tenant (Microsoft Graph simulator) listening on ${tenant.url}`,
      `  Graph:    ${tenant.url}/v1.0/  and  ${tenant.url}/beta/`,
      `  Users:    ${tenant.info.users} (+${tenant.info.deletedUsers.length} deleted, in reports only), seed ${tenant.info.seed}, report refresh date ${tenant.info.refreshDate}`,
      `  Scopes:   ${scopes ?? ALL_SCOPES.join(' ')}`,
      `  Time:     ${tenant.options.latencyMs} ms + ${tenant.options.latencyPerKbMs} ms per KB of body; directory throttle ${directoryLine(tenant.directoryUsage)}`,
      `  Requests: ${tenant.url}/_demo/requests   Options: ${tenant.url}/_demo/options   Info: ${tenant.url}/_demo/info`,
      `  Started in ${Date.now() - started} ms, ${mb} MB resident`,
      '',
      `URL=${tenant.url}`,
      `TOKEN=${token}`,
      ''
    ].join('\n')
  );
  const stop = (): void => {
    tenant.close().then(
      () => process.exit(0),
      () => process.exit(1)
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

function directoryLine(u: { enforced: boolean; ruPer10s: number; tenantSize: string }): string {
  return u.enforced ? `${u.ruPer10s} RU per 10 s (tenant size ${u.tenantSize})` : `off (costed only; ${u.ruPer10s} RU per 10 s for size ${u.tenantSize})`;
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
