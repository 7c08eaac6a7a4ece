import * as fs from 'fs';
import * as path from 'path';
import { startDemoTenant } from '../../../workbench/demo-tenant';
import type { IDemoTenant } from '../../../workbench/demo-tenant';
import { cellsOf, cli, readWorkbookFile, summaryOf, tempDir } from './cli';

// `users --cache <dir>` as a scheduled run uses it: the first run reads every user and keeps the list, the
// next asks /users/delta what changed; the workbook is the one a run without --cache writes.
jest.setTimeout(90_000);

describe('m365-impressions users --cache', () => {
  let tenant: IDemoTenant;
  let dir: string;
  const graph = (): string[] => ['--graph-url', tenant.url, '--token', tenant.token];
  beforeAll(async () => {
    tenant = await startDemoTenant({ users: 80, seed: 8 });
    dir = tempDir();
  });
  afterAll(async () => {
    await tenant.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A run with --cache, and the same export without it: both workbooks' cells and the first run's summary. */
  async function runBoth(name: string): Promise<{ summary: Record<string, unknown>; stderr: string; cached: unknown; plain: unknown; delta: number }> {
    tenant.clearRequests();
    const run = await cli(['users', '--out', path.join(dir, `${name}.xlsx`), '--cache', path.join(dir, 'kept'), '--json', ...graph()]);
    expect(run.code).toBe(0);
    const delta = tenant.requests.filter(r => r.path.includes('/users/delta')).length;
    const plain = await cli(['users', '--out', path.join(dir, `${name}-plain.xlsx`), '--json', ...graph()]);
    expect(plain.code).toBe(0);
    const cells = (file: string): unknown => cellsOf(readWorkbookFile(path.join(dir, file)).Sheets.Users);
    return { summary: summaryOf(run), stderr: run.stderr, cached: cells(`${name}.xlsx`), plain: cells(`${name}-plain.xlsx`), delta };
  }

  it('keeps the list on the first run and brings it up to date on the next, writing the same workbook as a run without it', async () => {
    const first = await runBoth('first');
    expect(first.summary).toMatchObject({ ok: true, rows: 80, warnings: [], cache: { users: 'read', kept: true } });
    expect(first.stderr).toMatch(/User list kept for the next run in .*users-[0-9a-f]{32}\.json/);
    expect(first.cached).toEqual(first.plain);
    const files = fs.readdirSync(path.join(dir, 'kept'));
    expect(files).toHaveLength(1);
    const kept = fs.readFileSync(path.join(dir, 'kept', files[0] ?? ''), 'utf8');
    expect(kept).not.toContain(tenant.token);
    if (process.platform !== 'win32') expect(fs.statSync(path.join(dir, 'kept', files[0] ?? '')).mode & 0o777).toBe(0o600);

    const updated = tenant.directory.updateUsers(5, 2);
    tenant.directory.removeUsers(3, 6);
    tenant.directory.addUsers(2);
    tenant.clearRequests();
    const second = await runBoth('second');
    expect(second.summary).toMatchObject({ ok: true, rows: 79, cache: { users: 'delta', kept: true } });
    expect(second.stderr).toMatch(/Users: 79 \(the list kept .*, brought up to date through \/users\/delta\)/);
    expect(second.cached).toEqual(second.plain);
    expect(second.delta).toBe(1); // one delta page, and no /users pages
    // The changes are in it: the first updated user's row differs from the first run's.
    expect(updated).toHaveLength(5);
    expect(JSON.stringify(second.cached)).not.toEqual(JSON.stringify(first.cached));
  });

  it('says a kept list that nothing changed is still kept and current (it is not written again)', async () => {
    await runBoth('before-unchanged');
    const again = await runBoth('unchanged');
    expect(again.summary).toMatchObject({ ok: true, cache: { users: 'delta', kept: true } });
    expect(again.stderr).toMatch(/User list kept in .*users-[0-9a-f]{32}\.json is up to date: nothing changed since it was kept/);
    expect(again.stderr).not.toMatch(/not kept/);
    expect(again.delta).toBe(1);
  });

  it('reads afresh when Graph refuses the kept link (expired), and keeps the new list', async () => {
    await runBoth('before-expiry');
    tenant.directory.expireDeltaTokens();
    const run = await runBoth('expired');
    expect(run.summary).toMatchObject({ ok: true, cache: { users: 'read', kept: true } });
    expect(run.stderr).toMatch(/read afresh: Graph would not bring the kept list up to date/);
    expect(run.cached).toEqual(run.plain);
    const next = await runBoth('after-expiry');
    expect(next.summary).toMatchObject({ cache: { users: 'delta' } });
  });

  it('a damaged kept file is read afresh with a warning, and replaced', async () => {
    const own = tempDir();
    try {
      const first = await cli(['users', '--out', path.join(own, 'a.xlsx'), '--cache', own, '--json', ...graph()]);
      expect(first.code).toBe(0);
      const file = fs.readdirSync(own).find(f => f.startsWith('users-')) ?? '';
      fs.writeFileSync(path.join(own, file), '{"format":"m365-impressions/users","kept":{"users":[');
      const run = await cli(['users', '--out', path.join(own, 'b.xlsx'), '--cache', own, '--json', ...graph()]);
      expect(run.code).toBe(0);
      expect(summaryOf(run)).toMatchObject({ cache: { users: 'read', kept: true }, warnings: [expect.stringMatching(/is not a kept user list \(damaged JSON\)/)] });
      expect(run.stderr).toMatch(/Warning: --cache: .* is not a kept user list/);
      expect(cellsOf(readWorkbookFile(path.join(own, 'b.xlsx')).Sheets.Users)).toEqual(cellsOf(readWorkbookFile(path.join(own, 'a.xlsx')).Sheets.Users));
    } finally {
      fs.rmSync(own, { recursive: true, force: true });
    }
  });

  it('keeps one list per signed-in person: another admin\'s run does not read the first one\'s', async () => {
    const own = tempDir();
    try {
      const admin = await cli(['users', '--out', path.join(own, 'a.xlsx'), '--cache', own, '--json', ...graph()]);
      expect(summaryOf(admin)).toMatchObject({ cache: { users: 'read' } });
      const other = tenant.tokenAs(tenant.info.people.breakGlass?.id ?? '');
      if (!other) throw new Error('no second administrator in the demo tenant');
      const run = await cli(['users', '--out', path.join(own, 'b.xlsx'), '--cache', own, '--json', '--graph-url', tenant.url, '--token', other]);
      expect(summaryOf(run)).toMatchObject({ cache: { users: 'read', kept: true } });
      expect(fs.readdirSync(own).filter(f => f.startsWith('users-'))).toHaveLength(2);
    } finally {
      fs.rmSync(own, { recursive: true, force: true });
    }
  });

  it('--cache takes a value and belongs to users only', async () => {
    const missing = await cli(['users', '--out', path.join(dir, 'x.xlsx'), '--cache', ...graph()]);
    expect(missing.code).toBe(2);
    const other = await cli(['impression', '--user', 'x', '--out', path.join(dir, 'x.xlsx'), '--cache', dir, ...graph()]);
    expect(other.code).toBe(2);
    expect(other.stderr).toMatch(/--cache does not apply to "impression"/);
  });
});
