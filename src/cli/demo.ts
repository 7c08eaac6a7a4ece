/**
 * `--demo`: start the demo tenant (workbench/demo-tenant, a Graph simulator) in this process.
 * The only place the CLI reaches the workbench, and only on this code path, through a dynamic import of
 * a path computed at run time: production code does not depend on demo data, and a copy of the CLI
 * without the workbench folder fails here with a clear message instead of at load time.
 */
import { existsSync } from 'fs';
import { join } from 'path';
import { pathToFileURL } from 'url';
import { CliError, EXIT } from './errors';

/** What the CLI uses of a running demo tenant. */
export interface IDemoHandle {
  url: string;
  token: string;
  users: number;
  /** A few UPNs to try with `impression --demo --user`. */
  sampleUpns: string[];
  close(): Promise<void>;
}

interface IDemoModule {
  startDemoTenant(options: { users?: number; seed?: number }): Promise<{
    url: string;
    token: string;
    info: { users: number; people: Record<string, { userPrincipalName: string } | undefined> };
    close(): Promise<void>;
  }>;
}

/** Users in the CLI's demo tenant: enough to look real, quick to start. */
export const DEMO_USERS = 200;

/** Start the demo tenant on an ephemeral local port. */
export async function startDemo(): Promise<IDemoHandle> {
  const entry = join(__dirname, '..', '..', 'workbench', 'demo-tenant', 'index.ts');
  if (!existsSync(entry)) {
    throw new CliError(EXIT.other, `--demo needs the demo tenant (workbench/demo-tenant), which this copy lacks: run it from a clone of the repository.`);
  }
  const mod = (await import(pathToFileURL(entry).href)) as Partial<IDemoModule> & { default?: Partial<IDemoModule> };
  const start = mod.startDemoTenant ?? mod.default?.startDemoTenant;
  if (typeof start !== 'function') throw new CliError(EXIT.other, 'The demo tenant in workbench/demo-tenant has no startDemoTenant().');
  const tenant = await start({ users: DEMO_USERS, seed: 1 });
  const sampleUpns = ['admin', 'guest', 'inactive']
    .map(k => tenant.info.people[k]?.userPrincipalName)
    .filter((u): u is string => typeof u === 'string');
  return { url: tenant.url, token: tenant.token, users: tenant.info.users, sampleUpns, close: () => tenant.close() };
}
