import * as fs from 'fs';
import * as path from 'path';
import { startDemoTenant } from '../../../workbench/demo-tenant';
import type { IDemoTenant } from '../../../workbench/demo-tenant';
import { offboardArgs, offboardCommand } from '../../../src/cli/commands/offboard';
import type { ICommandContext, ICommandResult } from '../../../src/cli/context';
import { parseArgs } from '../../../src/cli/args';
import type { CommandName } from '../../../src/cli/args';
import { CliError, UsageError } from '../../../src/cli/errors';
import { Progress } from '../../../src/cli/progress';
import { ReportStore } from '../../../src/core/reports/store';
import { fileDate } from '../../../src/core/export/fileNames';
import { RECORD_SHEETS, SELF_LOCK, buildOffboardPlan, offboardScript, readOffboardFacts, toggleStep } from '../../../src/core/plans';
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

  it('says where each by-hand item is done, once: the next person\'s same item points back to it', async () => {
    const a = person('leaverUpcoming30');
    const b = person('leaverUpcoming7');
    const { stdout } = await run({ user: `${a.userPrincipalName},${b.userPrincipalName}` });
    const where = 'Where: Exchange admin center (admin.exchange.microsoft.com) > Recipients > Mailboxes > the user > Others > Convert to shared mailbox';
    expect(stdout.split(where)).toHaveLength(2);
    expect(stdout).toMatch(/\[by hand\] Before Finish: convert the mailbox[^\n]*\n {6}Where: Exchange admin center/);
    // The second person's items: "as above", each under its item.
    const second = stdout.slice(stdout.lastIndexOf('[by hand] Before Finish'));
    expect(second).toMatch(/^\[by hand\] Before Finish[^\n]*\n {6}Where: as above\./);
  });

  it('applies with --apply and writes the record workbook', async () => {
    const who = person('leaverUpcoming7');
    const out = path.join(dir, 'record-{today}.xlsx');
    // Licences stay (the demo tenant unmanages a device whose person holds none, so its retire would answer 404).
    const { result, stdout } = await run({ user: who.userPrincipalName, steps: 'block,revoke,groups,devices-retire', out }, ['apply']);
    expect(result.exitCode).toBeUndefined();
    // Named after the admin's own day of the run (the machine's zone), as every export is.
    expect(result.output).toBe(path.join(dir, `record-${fileDate(new Date('2026-03-10T09:00:00Z'))}.xlsx`));
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
      // The refused person's block failed, so nothing else of theirs was sent: not sent, for Try again.
      expect(result.error).toMatch(/^Done in part: \d+ step\(s\) done, 1 failed, \d+ not sent\. First failure: Microsoft Graph refused this for your admin role: blocking sign-in/);
      const rows = rowsOf(readWorkbookFile(out).Sheets.Steps).filter(r => r[0] === 'Sakura Nakamura' && r[5] !== 'Locked' && r[5] !== 'Not selected');
      expect(rows.find(r => r[2] === 'Block sign-in')?.[5]).toBe('Failed');
      const rest = rows.filter(r => r[2] !== 'Block sign-in');
      expect(rest.length).toBeGreaterThan(0);
      expect(rest.every(r => r[5] === 'Not sent' && String(r[6]).startsWith('Not sent: blocking sign-in failed first ('))).toBe(true);
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
    expect(offboardArgs(new Map([['user', 'a@b.c, d@e.f,a@b.c']]), new Set(['apply']))).toEqual({ users: ['a@b.c', 'd@e.f'], steps: ['block', 'revoke', 'licenses', 'groups'], except: [], apply: true, out: undefined });
    expect(offboardArgs(new Map([['user', 'a@b.c'], ['except', 'g-1, a@b.c:account']]), new Set()).except).toEqual([{ target: 'g-1' }, { user: 'a@b.c', target: 'account' }]);
    expect(() => offboardArgs(new Map([['user', 'a@b.c'], ['except', 'g-1,,']]), new Set())).toThrow(/--except takes targets/);
  });

  it('leaves what --except names, and says an entry that names nothing', async () => {
    const who = person('leaverUpcoming30');
    const [facts] = await readOffboardFacts(gatewayFor(tenant.url, tenant.token), [who.userPrincipalName]);
    const editable = (facts?.groups.status === 'ready' ? facts.groups.data : []).filter(g => !g.notEditable);
    const kept = editable[0];
    if (!kept || editable.length < 2) throw new Error('the demo leaver needs two groups Graph can change');
    const { result, stdout } = await run({ user: who.userPrincipalName, steps: 'groups', except: `${kept.id},${who.userPrincipalName}:nothing-here` });
    expect(stdout).toContain(`\n  [ ] Remove from ${kept.displayName}\n`);
    expect(stdout).toContain(`\n  [x] Remove from ${editable[1]?.displayName ?? ''}\n`);
    expect(result.warnings).toEqual([`--except ${who.userPrincipalName}:nothing-here: no step of the plan has this target.`]);
    expect(result.details).toMatchObject({ selected: editable.length - 1 });
    // The script of a plan with that group deselected says --except, and parses back to it.
    const plan = toggleStep(buildOffboardPlan(facts ? [facts] : [], undefined), `${who.id}:groupRemove:${kept.id}`);
    const words = (offboardScript(plan, [who.userPrincipalName]).apply.match(/'[^']*'|\S+/g) ?? []).map(w => w.replace(/^'|'$/g, '')).slice(2);
    const parsed = parseArgs(words);
    expect(offboardArgs(parsed.values, parsed.switches).except).toEqual([{ target: kept.id }]);
  });

  it('locks every step of the signed-in admin, and names who ran it in the record', async () => {
    const admin = tenant.info.people.admin;
    if (!admin) throw new Error('no admin');
    const { result, stdout } = await run({ user: admin.userPrincipalName }, ['apply'], true);
    expect(result.details).toMatchObject({ applied: false, selected: 0 });
    expect(result.warnings).toContain('Nothing to apply: no step of the kinds asked can be sent.');
    expect(stdout).toBe('');
    const lines = (result.details as { steps: Array<{ result: string; reason: string | null }> }).steps;
    expect(lines.every(l => l.reason === SELF_LOCK)).toBe(true);
    const who = person('leftStillEnabled');
    const out = path.join(dir, 'run-by.xlsx');
    const ran = await run({ user: who.userPrincipalName, steps: 'revoke', out }, ['apply']);
    expect(ran.result.exitCode).toBeUndefined();
    const summary = new Map(rowsOf(readWorkbookFile(out).Sheets.Summary).map(r => [r[0], r[1]]));
    expect(summary.get('Run By')).toBe(admin.userPrincipalName);
    expect(summary.get('Purpose')).toBe('Offboarding');
  });

  it('retires a personal device under devices-wipe and says so in the preview', async () => {
    const gw = gatewayFor(tenant.url, tenant.token);
    const users = (await gw.get<{ value: Array<{ userPrincipalName: string }> }>('/users?$select=userPrincipalName&$top=40')).value.map(u => u.userPrincipalName);
    const facts = await readOffboardFacts(gw, users);
    const owner = facts.find(f => f.devices.status === 'ready' && f.devices.data.some(d => d.ownership === 'Personal') && f.person.status === 'ready' && f.person.data.id !== tenant.info.people.admin?.id);
    if (!owner || owner.devices.status !== 'ready') throw new Error('no demo person with a personal Intune device');
    const personal = owner.devices.data.find(d => d.ownership === 'Personal');
    const { stdout } = await run({ user: owner.asked, steps: 'devices-wipe' });
    expect(stdout).toContain(`  [x] Retire ${personal?.displayName ?? ''} (${personal?.operatingSystem ?? ''}, Personal) — Personal device: retired (company data only), never wiped.\n`);
    expect(stdout).not.toMatch(/\[x\] Wipe [^\n]*Personal/);
  });
});
