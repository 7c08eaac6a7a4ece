import * as fs from 'fs';
import * as path from 'path';
import { startDemoTenant } from '../../../workbench/demo-tenant';
import type { IDemoTenant } from '../../../workbench/demo-tenant';
import { daysArg, joinersCommand, leaversCommand } from '../../../src/cli/commands/lifecycle';
import type { ICommandContext, ICommandResult } from '../../../src/cli/context';
import type { CommandName } from '../../../src/cli/args';
import { UsageError } from '../../../src/cli/errors';
import { Progress } from '../../../src/cli/progress';
import { ReportStore } from '../../../src/core/reports/store';
import { gatewayFor } from '../../helpers/graph';
import { readWorkbookFile, rowsOf, tempDir } from './cli';
import { fileDate } from '../../../src/core/export/fileNames';

// `m365-impressions joiners` and `leavers` against the demo tenant, run in this process with the shell's context
// (as the parser hands the flags), so they are tested before the shell registers them.
jest.setTimeout(60_000);

describe('m365-impressions joiners / leavers', () => {
  let tenant: IDemoTenant;
  let dir: string;

  async function run(command: 'joiners' | 'leavers', flags: Record<string, string>, token = tenant.token): Promise<{ result: ICommandResult; stderr: string }> {
    let stderr = '';
    const gateway = gatewayFor(tenant.url, token);
    const ctx: ICommandContext = {
      args: { command: command as CommandName, positionals: [], values: new Map(Object.entries(flags)), switches: new Set() },
      cwd: dir,
      today: '2026-03-10',
      now: () => new Date('2026-03-10T09:00:00Z'),
      progress: new Progress({ write: (t: string) => { stderr += t; return true; } }, false),
      json: false,
      stdout: () => undefined,
      env: {},
      topic: { current: 'users' },
      watchReports: () => undefined,
      connect: async () => ({ graphUrl: tenant.url, gateway, reports: new ReportStore(gateway, { format: 'csv' }), auth: { kind: 'token flag', getToken: async () => token, secrets: [token] }, close: async () => undefined })
    };
    const result = await (command === 'joiners' ? joinersCommand : leaversCommand)(ctx);
    return { result, stderr };
  }

  beforeAll(async () => {
    tenant = await startDemoTenant({ users: 60, seed: 11, today: '2026-03-10' });
    dir = tempDir();
  });
  afterAll(async () => {
    await tenant.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('joiners --days 7 writes the Joiners and Notes sheets', async () => {
    const { result, stderr } = await run('joiners', { days: '7', out: 'j.xlsx' });
    expect(result.output).toBe(path.join(dir, 'j.xlsx'));
    expect(result.sheets).toEqual(['Joiners', 'Notes']);
    const wb = readWorkbookFile(path.join(dir, 'j.xlsx'));
    const rows = rowsOf(wb.Sheets.Joiners);
    expect(rows[0]?.slice(0, 5)).toEqual(['Display Name', 'User Principal Name', 'Listed By', 'Start Date', 'Days From Today']);
    const upns = rows.slice(1).map(r => r[1]);
    expect(upns).toContain(tenant.lifecycle.people().futureHire7?.userPrincipalName);
    expect(upns).not.toContain(tenant.lifecycle.people().futureHire30?.userPrincipalName);
    expect(result.rows).toBe(rows.length - 1);
    expect(rowsOf(wb.Sheets.Notes)[1]?.[1]).toBe('2026-03-03 to 2026-03-17 (7 days either side of 2026-03-10, UTC)');
    expect(stderr).toMatch(/Wrote .*j\.xlsx/);
  });

  it('leavers (default 30 days, default file name) without User-LifeCycleInfo.Read.All: warns in words and still writes the left-behind accounts', async () => {
    const token = tenant.tokenFor(['User.Read.All', 'AuditLog.Read.All', 'Reports.Read.All', 'LicenseAssignment.Read.All', 'GroupMember.Read.All']);
    const { result } = await run('leavers', {}, token);
    // Named after the admin's own day of the run (the machine's zone), as every export is.
    expect(path.basename(result.output ?? '')).toBe(`m365-leavers-tenant-${fileDate(new Date('2026-03-10T09:00:00Z'))}-30d.xlsx`);
    expect(result.warnings.join(' ')).toMatch(/Leave dates unavailable.*User-LifeCycleInfo\.Read\.All/);
    const wb = readWorkbookFile(result.output ?? '');
    const leavers = rowsOf(wb.Sheets.Leavers);
    expect(leavers.length).toBeGreaterThan(1);
    expect(leavers.slice(1).some(r => String(r[2]).includes('Disabled, still licensed'))).toBe(true);
    const notes = rowsOf(wb.Sheets.Notes);
    expect(notes.find(r => r[0] === 'Leave dates')?.[1]).toBe('Could not be read');
  });

  it('leavers --days 7 with leave dates: who left and is still enabled comes first, its reasons in one phrase', async () => {
    const { result } = await run('leavers', { days: '7', out: 'l.xlsx' });
    const rows = rowsOf(readWorkbookFile(result.output ?? '').Sheets.Leavers);
    expect(rows[1]?.[1]).toBe(tenant.lifecycle.people().leftStillEnabled?.userPrincipalName);
    expect(String(rows[1]?.[2])).toMatch(/^Left \d{4}-\d{2}-\d{2}, still enabled/);
  });

  it('refuses a window other than 7, 30 or 90 before asking Graph', () => {
    expect(() => daysArg('14')).toThrow(UsageError);
    expect(daysArg(undefined)).toBe(30);
  });
});
