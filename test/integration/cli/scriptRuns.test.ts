import * as fs from 'fs';
import * as path from 'path';
import { startDemoTenant } from '../../../workbench/demo-tenant';
import type { IDemoTenant } from '../../../workbench/demo-tenant';
import { run } from '../../../src/cli/main';
import { usersScriptArgs } from '../../../src/core/directory/script';
import { loadUsers } from '../../../src/core/directory/userList';
import { userColumn, usersSheet } from '../../../src/core/directory/userColumns';
import type { IUserColumn } from '../../../src/core/directory/userColumns';
import { activityAsOf, queryRows } from '../../../src/core/directory/userIndex';
import type { IUserFilters } from '../../../src/core/directory/userIndex';
import { fileDate, usersFileName } from '../../../src/core/export/fileNames';
import { reportAskArgs, reportOutName } from '../../../src/core/export/script';
import { requireReport } from '../../../src/core/reports/catalog';
import { ReportStore } from '../../../src/core/reports/store';
import { gatewayFor } from '../../helpers/graph';
import { cellsOf, expectedWorkbook, readWorkbookFile, tempDir } from './cli';

// What "Generate script" gives, run: the Users view's command writes what its "Export view" writes (same
// users, same visible columns, same file name), and the explorer's command for a days-back range writes the
// file "Export report" names. In process, the demo tenant and the CLI on one fixed day.
jest.setTimeout(60_000);

const TODAY = '2026-11-27';
const NOW = new Date(`${TODAY}T10:00:00Z`);

describe('generated scripts, run', () => {
  let tenant: IDemoTenant;
  let dir: string;
  const cli = async (argv: string[]): Promise<{ code: number; stderr: string }> => {
    let stderr = '';
    const code = await run({ argv: [...argv, '--graph-url', tenant.url, '--token', tenant.token], env: {}, stdout: { write: () => undefined }, stderr: { write: t => { stderr += t; } }, stdinIsTTY: false, cwd: dir, now: () => NOW });
    return { code, stderr };
  };

  beforeAll(async () => {
    tenant = await startDemoTenant({ users: 40, seed: 6, today: TODAY });
    dir = tempDir();
  });
  afterAll(async () => {
    await tenant.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the Users view\'s script writes its "Export view": the filtered users, the visible columns in order, the same name', async () => {
    const filters: IUserFilters = { inM365: true, userType: 'Member', mfaEnabled: true };
    const visible = ['userPrincipalName', 'displayName', 'mfaStatus', 'lastActivity', 'department'];
    const { args, notes } = usersScriptArgs({ filters, columns: visible, tenantName: 'contoso' });
    expect(notes).toEqual([]);
    const r = await cli(['users', ...args, '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);

    // The view's export, from the browser's reads of the same tenant.
    const gw = gatewayFor(tenant.url, tenant.token);
    const browser = await loadUsers(gw, new ReportStore(gw, { format: 'json' }), {});
    const shown = queryRows(browser.rows, { filters }, activityAsOf(browser.joins, TODAY));
    expect(shown.length).toBeGreaterThan(3);
    expect(shown.length).toBeLessThan(browser.rows.length);
    const columns = visible.map(k => userColumn(k)).filter((c): c is IUserColumn => !!c);
    const file = path.join(dir, usersFileName('contoso', NOW, true));
    expect(path.basename(file)).toBe(`m365-users-contoso-${fileDate(NOW)}-filtered.xlsx`);
    const got = readWorkbookFile(file);
    expect(cellsOf(got.Sheets.Users)).toEqual(cellsOf(expectedWorkbook([usersSheet(shown, columns)]).Sheets.Users));
  });

  it('the explorer\'s script for a days-back range writes the file "Export report" names, for the days of the run', async () => {
    const email = requireReport('getEmailActivityUserDetail');
    const ask = { by: 'range' as const, from: { daysBack: 4 }, to: { daysBack: 3 } };
    const r = await cli(['report', email.fn, ...reportAskArgs(ask), '--out', reportOutName(email, ask), '--quiet']);
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(dir, `m365-report-getEmailActivityUserDetail-2026-11-23_to_2026-11-24-${fileDate(NOW)}.xlsx`))).toBe(true);
  });
});
