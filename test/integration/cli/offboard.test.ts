import * as fs from 'fs';
import * as path from 'path';
import { startDemoTenant } from '../../../workbench/demo-tenant';
import type { IDemoTenant } from '../../../workbench/demo-tenant';
import { offboardArgs, offboardCommand } from '../../../src/cli/commands/offboard';
import type { ICommandContext, ICommandResult } from '../../../src/cli/context';
import type { CommandName } from '../../../src/cli/args';
import { CliError, UsageError } from '../../../src/cli/errors';
import { Progress } from '../../../src/cli/progress';
import { ReportStore } from '../../../src/core/reports/store';
import { RECORD_SHEETS } from '../../../src/core/plans';
import { gatewayFor } from '../../helpers/graph';
import { readWorkbookFile, rowsOf, tempDir } from './cli';

// `m365-impressions offboard` against the demo tenant. The command runs in this process with the shell's context
// (its flags as the parser hands them: a repeated --user joined by commas), so it is tested before the shell
// registers it; the exit codes are the shell's mapping of what it returns or throws.
jest.setTimeout(60_000);

describe('m365-impressions offboard', () => {
  let tenant: IDemoTenant;
  let dir: string;
  const person = (name: 'leaverUpcoming7' | 'leaverUpcoming30' | 'leftStillEnabled'): { id: string; userPrincipalName: string } => {
    const p = tenant.lifecycle.people()[name];
    if (!p) throw new Error(`no demo person ${name}`);
    return p;
  };

  /** Run the command with flags; stdout and stderr captured; `connected` says whether it reached Graph. */
  async function run(flags: Record<string, string | string[]>, switches: string[] = [], json = false): Promise<{ result: ICommandResult; stdout: string; stderr: string; connected: boolean }> {
    let stdout = '';
    let stderr = '';
    let connected = false;
    const values = new Map(Object.entries(flags).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : v]));
    const gateway = gatewayFor(tenant.url, tenant.token);
    const ctx: ICommandContext = {
      args: { command: 'offboard' as CommandName, positionals: [], values, switches: new Set(switches) },
      cwd: dir,
      today: '2026-03-10',
      now: () => new Date('2026-03-10T09:00:00Z'),
      progress: new Progress({ write: (t: string) => { stderr += t; return true; } }, false),
      json,
      stdout: t => { stdout += t; },
      env: {},
      topic: { current: 'users' },
      watchReports: () => undefined,
      connect: async () => {
        connected = true;
        return { graphUrl: tenant.url, gateway, reports: new ReportStore(gateway, { format: 'csv' }), auth: { kind: 'token flag', getToken: async () => tenant.token, secrets: [tenant.token] }, close: async () => undefined };
      }
    };
    const result = await offboardCommand(ctx);
    return { result, stdout, stderr, connected };
  }

  beforeAll(async () => {
    tenant = await startDemoTenant({ users: 40, seed: 11, today: '2026-03-10' });
    dir = tempDir();
  });
  afterAll(async () => {
    await tenant.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('prints the plan and changes nothing without --apply', async () => {
    const who = person('leaverUpcoming30');
    const before = tenant.lifecycle.revoked().length;
    const { result, stdout } = await run({ user: who.userPrincipalName });
    expect(stdout).toMatch(/^Offboard Sakura Nakamura\n\nSakura Nakamura\n {2}\[by hand\] Before Finish: convert the mailbox/);
    expect(stdout).toMatch(/\n {2}\[x\] Block sign-in\n {2}\[x\] Sign out of every session/);
    expect(stdout).toMatch(/\n {2}\[locked\] Remove from Finance Approvers \(Mail-enabled security groups are managed in Exchange/);
    expect(stdout).toMatch(/\n {2}\[ \] Remove Microsoft Authenticator/);
    expect(result).toMatchObject({ warnings: [], details: { applied: false } });
    expect(result.exitCode).toBeUndefined();
    expect(result.output).toBeUndefined();
    expect(tenant.lifecycle.revoked()).toHaveLength(before);
    expect(tenant.requests.some(r => r.method !== 'GET' && !/\$batch/.test(r.path))).toBe(false);
  });

  it('applies with --apply and writes the record workbook', async () => {
    const who = person('leaverUpcoming7');
    const out = path.join(dir, 'record-{today}.xlsx');
    // Licences stay (the demo tenant unmanages a device whose person holds none, so its retire would answer 404).
    const { result, stdout } = await run({ user: who.userPrincipalName, steps: 'block,revoke,groups,devices-retire', out }, ['apply']);
    expect(result.exitCode).toBeUndefined();
    expect(result.output).toBe(path.join(dir, 'record-2026-03-10.xlsx'));
    expect(result.sheets).toEqual([...RECORD_SHEETS]);
    expect(stdout).toMatch(/\n {2}\[DONE\] Block sign-in\n/);
    expect(stdout).toMatch(/\n {2}\[DONE\] Retire /);
    const book = readWorkbookFile(result.output ?? '');
    const steps = rowsOf(book.Sheets.Steps);
    expect(steps[0]?.slice(0, 7)).toEqual(['Person', 'User Principal Name', 'Step', 'Kind', 'State Before', 'Result', 'Reason']);
    expect(steps.find(r => r[2] === 'Block sign-in')?.slice(4, 6)).toEqual(['Enabled', 'Done']);
    expect(steps.filter(r => r[3] === 'Remove authentication method').every(r => r[5] === 'Not selected')).toBe(true);
    expect(rowsOf(book.Sheets.Checklist).length).toBe(4);
    expect(tenant.lifecycle.revoked().map(r => r.userId)).toContain(who.id);
  });

  it('exits 6 when done in part, keeping and recording what was done; 3 when a refusal did nothing', async () => {
    const ok = person('leftStillEnabled');
    const refused = person('leaverUpcoming30');
    tenant.lifecycle.refuseWritesFor(refused.id, 403);
    try {
      const out = path.join(dir, 'partial.xlsx');
      const { result } = await run({ user: [ok.userPrincipalName, refused.userPrincipalName], out }, ['apply'], true);
      expect(result.exitCode).toBe(6);
      expect(result.error).toMatch(/^Done in part: \d+ step\(s\) done, \d+ failed, 0 not sent\. First failure: Microsoft Graph refused this for your admin role/);
      const results = rowsOf(readWorkbookFile(out).Sheets.Steps).filter(r => r[0] === 'Sakura Nakamura' && r[5] !== 'Locked' && r[5] !== 'Not selected').map(r => r[5]);
      expect(new Set(results)).toEqual(new Set(['Failed']));
      const alone = await run({ user: refused.userPrincipalName, steps: 'block' }, ['apply']);
      expect(alone.result.exitCode).toBe(3);
      expect(alone.result.error).toMatch(/^Nothing was done: 0 step\(s\) done, 1 failed/);
    } finally {
      tenant.lifecycle.refuseWritesFor(refused.id, null);
    }
  });

  it('exits 4 for a user the tenant does not have, 2 on bad flags before any request', async () => {
    await expect(run({ user: `nobody@${tenant.info.domain}` })).rejects.toMatchObject({ exitCode: 4, message: expect.stringMatching(/No user "nobody@/) });
    expect(() => offboardArgs(new Map(), new Set())).toThrow(UsageError);
    expect(() => offboardArgs(new Map([['user', 'a@b.c'], ['steps', 'block,nuke']]), new Set())).toThrow(/"nuke" is not a step/);
    const bad = run({ user: 'a@b.c', out: path.join(dir, 'x.csv') }, ['apply']);
    await expect(bad).rejects.toBeInstanceOf(CliError);
    await expect(bad).rejects.toMatchObject({ exitCode: 2 });
    expect(offboardArgs(new Map([['user', 'a@b.c, d@e.f,a@b.c']]), new Set(['apply']))).toEqual({ users: ['a@b.c', 'd@e.f'], steps: ['block', 'revoke', 'licenses', 'groups'], apply: true, out: undefined });
  });
});
