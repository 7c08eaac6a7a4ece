import { findReport } from '../../../src/core/reports/catalog';
import { detectConcealedNames } from '../../../src/core/reports/concealed';
import type { IReportResult } from '../../../src/core/reports/reader';
import type { ReportRow } from '../../../src/core/reports/types';
import { workloadPart } from '../../../src/core/impression/loadImpression';
import { WORKLOAD_SOURCES } from '../../../src/core/impression/workloads';
import { impressionSheets, IMPRESSION_SHEETS } from '../../../src/core/impression/workbook';
import { GraphError } from '../../../src/core/graph/GraphError';
import type { IImpression } from '../../../src/core/impression/loadImpression';
import { impressionScript } from '../../../src/core/impression/script';
import { impressionFileName } from '../../../src/core/export/fileNames';
import { buildWorkbook } from '../../../src/core/export/workbook';
import { summarizeTrainings } from '../../../src/core/security/simulations';
import * as XLSX from 'xlsx';
import { readBack, sheetOf } from '../export/readBack';

const mailbox = WORKLOAD_SOURCES.find(s => s.fn === 'getMailboxUsageDetail')!;
const oneDrive = WORKLOAD_SOURCES.find(s => s.fn === 'getOneDriveUsageAccountDetail')!;
const result = (fn: string, rows: ReportRow[]): IReportResult => ({
  fn, param: { period: 'D30' }, format: 'json', rows, refreshDate: '2026-11-19', warnings: [], unknownColumns: [],
  concealment: detectConcealedNames(rows, findReport(fn)!), requests: 1
});
const row = (upn: string, extra: ReportRow = {}): ReportRow => ({
  'Report Refresh Date': '2026-11-19', 'User Principal Name': upn, 'Display Name': 'Ann', 'Is Deleted': false, 'Deleted Date': null,
  'Storage Used (Byte)': 1024, 'Item Count': 12, 'Has Archive': true, 'Report Period': 30, ...extra
});

describe('impression join', () => {
  it('matches the user by UPN case-insensitively and keeps Microsoft\'s column names', () => {
    const part = workloadPart(mailbox, result(mailbox.fn, [row('someone@contoso.com'), row('Ann.Lee@Contoso.com')]), 'ann.lee@contoso.com');
    expect(part.status).toBe('ready');
    if (part.status !== 'ready') return;
    expect(part.figures.find(f => f.field === 'Storage Used (Byte)')).toEqual({ field: 'Storage Used (Byte)', value: 1024, unit: 'bytes', type: 'number' });
    expect(part.figures.find(f => f.field === 'Has Archive')).toEqual({ field: 'Has Archive', value: true, type: 'boolean' });
    expect(part.figures.some(f => f.field === 'User Principal Name' || f.field === 'Report Period')).toBe(false);
    expect(part.period).toBe(30);
  });

  it('joins OneDrive by owner principal name', () => {
    const part = workloadPart(oneDrive, result(oneDrive.fn, [{ 'Owner Principal Name': 'ann@contoso.com', 'File Count': 3, 'Report Period': 30 }]), 'ann@contoso.com');
    expect(part.status).toBe('ready');
  });

  it('says "no row" for a user the report lacks (no mailbox without an Exchange licence)', () => {
    expect(workloadPart(mailbox, result(mailbox.fn, [row('bob@contoso.com')]), 'ann@contoso.com').status).toBe('noRow');
  });

  it('says "concealed" when names are hidden and the user cannot be matched', () => {
    const hidden = row('5F3C9A0B1D2E4F60718293A4B5C6D7E8', { 'Display Name': '5F3C9A0B1D2E4F60718293A4B5C6D7E8' });
    expect(workloadPart(mailbox, result(mailbox.fn, [hidden]), 'ann@contoso.com').status).toBe('concealed');
  });

  it('says a column the read did not carry is not in Graph\'s JSON report, rather than leaving the user\'s figure blank', () => {
    const lacking = { ...result(mailbox.fn, [row('ann@contoso.com', { 'Has Archive': null, 'Deleted Item Quota (Byte)': null })]), missingColumns: ['Deleted Item Quota (Byte)', 'Has Archive'] };
    const part = workloadPart(mailbox, lacking, 'ann@contoso.com');
    if (part.status !== 'ready') throw new Error(part.status);
    const by = new Map(part.figures.map(f => [f.field, f]));
    expect(by.get('Has Archive')).toMatchObject({ value: null, missing: "Not in Graph's JSON report" });
    expect(by.get('Deleted Item Quota (Byte)')?.missing).toBe("Not in Graph's JSON report");
    expect(by.get('Item Count')?.missing).toBeUndefined();
    // The CSV read says so in its own words; a read that carried every column says nothing.
    const csvPart = workloadPart(mailbox, { ...lacking, format: 'csv' }, 'ann@contoso.com');
    expect(csvPart.status === 'ready' && csvPart.figures.find(f => f.field === 'Has Archive')?.missing).toBe("Not in Graph's CSV report");
    const whole = workloadPart(mailbox, result(mailbox.fn, [row('ann@contoso.com')]), 'ann@contoso.com');
    expect(whole.status === 'ready' && whole.figures.some(f => f.missing !== undefined)).toBe(false);
  });

  it('matches a deleted user still present in reports', () => {
    const part = workloadPart(mailbox, result(mailbox.fn, [row('gone@contoso.com', { 'Is Deleted': true, 'Deleted Date': '2026-10-01' })]), 'gone@contoso.com');
    expect(part.status).toBe('ready');
  });
});

describe('impression workbook', () => {
  const imp: IImpression = {
    period: 'D30',
    directory: {
      user: { id: 'u1', displayName: '=cmd|calc', userPrincipalName: 'ann@contoso.com', mail: 'ann@contoso.com', jobTitle: 'Engineer', department: 'IT', officeLocation: null, userType: 'Member', accountEnabled: true, createdDateTime: '2024-01-02T03:04:05Z', usageLocation: 'NL', skuIds: ['sku-1'] },
      manager: { status: 'ready', data: null },
      groups: { status: 'error', error: new Error('boom') },
      photo: { status: 'ready', data: null },
      mfa: { status: 'ready', data: { status: 'capable', methods: ['Microsoft Authenticator'], defaultMethod: 'SMS', isAdmin: false } },
      signIn: { status: 'ready', data: '2026-11-20T08:00:00Z' },
      skus: { status: 'ready', data: new Map([['sku-1', { skuId: 'sku-1', skuPartNumber: 'SPE_E3', name: 'Microsoft 365 E3', enabled: 1, consumed: 1, capabilityStatus: 'Enabled' }]]) },
      licenseSources: new Map(),
      requests: 1
    },
    workloads: WORKLOAD_SOURCES.map(s => (s.fn === 'getMailboxUsageDetail'
      ? workloadPart(s, result(s.fn, [row('ann@contoso.com')]), 'ann@contoso.com')
      : { status: 'noRow', fn: s.fn, refreshDate: '2026-11-19' })),
    activeUser: { status: 'ready', data: { 'Exchange License Assign Date': '2025-01-01', 'Exchange Last Activity Date': '2026-11-18' } },
    attackSimulation: {
      status: 'ready',
      data: {
        simulation: { simulationCount: 3, clickCount: 2, compromisedCount: 1, latestSimulationDateTime: '2026-11-02T09:30:00Z' },
        repeatOffences: 1,
        training: summarizeTrainings([
          { displayName: '=HYPERLINK("http://x")', assignedDateTime: '2026-10-01T08:00:00Z', completionDateTime: '2026-10-04T10:00:00Z', status: 'completed' },
          { displayName: 'Passwords', assignedDateTime: '2026-10-01T08:00:00Z', completionDateTime: null, status: 'overdue' }
        ])
      }
    },
    mfaEnforcement: { status: 'ready', data: { kind: 'notEnforced', why: 'Excluded from: All users MFA' } },
    devices: { status: 'ready', data: { entra: { status: 'ready', data: [] }, managed: { status: 'ready', data: [] } } }
  };
  const sheets = impressionSheets(imp, new Date('2026-11-21T10:00:00Z'));

  it('has the contract\'s sheets in order, with Field/Value layouts', () => {
    expect(sheets.map(s => s.name)).toEqual([...IMPRESSION_SHEETS]);
    for (const name of ['Summary', 'Security', 'Exchange', 'OneDrive', 'SharePoint', 'Teams', 'Apps']) {
      expect(sheets.find(s => s.name === name)?.columns.map(c => c.header)).toEqual(['Field', 'Value']);
    }
  });

  it('ends each workload sheet with Report Refresh Date and Report Period', () => {
    const ex = sheets.find(s => s.name === 'Exchange')!;
    const fields = ex.rows.map(r => r[0]);
    expect(fields).toContain('Storage Used (Byte)');
    expect(fields.slice(-2)).toEqual(['Report Refresh Date', 'Report Period']);
    expect(ex.rows[ex.rows.length - 1]?.[1]).toBe(30);
    expect(sheets.find(s => s.name === 'Teams')!.rows.some(r => String(r[1]).startsWith('getTeamsUserActivityUserDetail: No activity'))).toBe(true);
  });

  it('writes workload dates as Excel dates, numbers and flags typed, read back as Excel would', () => {
    const withDates = { ...imp, workloads: imp.workloads.map(w => (w.fn === 'getMailboxUsageDetail'
      ? workloadPart(mailbox, result(mailbox.fn, [row('ann@contoso.com', { 'Created Date': '2024-05-08', 'Last Activity Date': '2026-11-18' })]), 'ann@contoso.com')
      : w)) };
    const ws = sheetOf(readBack(buildWorkbook(XLSX, impressionSheets(withDates, new Date('2026-11-21T10:00:00Z')))), 'Exchange');
    const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true });
    const cell = (field: string): XLSX.CellObject => {
      const r = rows.findIndex(x => x[0] === field);
      if (r < 0) throw new Error(`no ${field} on Exchange`);
      return ws[`B${r + 1}`] as XLSX.CellObject;
    };
    for (const [field, day] of [['Created Date', '2024-05-08'], ['Last Activity Date', '2026-11-18'], ['Report Refresh Date', '2026-11-19']] as const) {
      const c = cell(field);
      expect([field, c.t, c.v instanceof Date ? c.v.toISOString() : c.v, c.z]).toEqual([field, 'd', `${day}T00:00:00.000Z`, 'yyyy-mm-dd']);
    }
    expect([cell('Storage Used (Byte)').t, cell('Storage Used (Byte)').v]).toEqual(['n', 1024]);
    expect([cell('Has Archive').t, cell('Has Archive').v]).toEqual(['b', true]);
  });

  it('writes the status, as text, where a column is not in the report read', () => {
    const lacking = { ...imp, workloads: imp.workloads.map(w => (w.fn === 'getMailboxUsageDetail'
      ? workloadPart(mailbox, { ...result(mailbox.fn, [row('ann@contoso.com', { 'Has Archive': null })]), missingColumns: ['Has Archive'] }, 'ann@contoso.com')
      : w)) };
    const ex = impressionSheets(lacking, new Date('2026-11-21T10:00:00Z')).find(s => s.name === 'Exchange')!;
    expect(ex.rows.find(r => r[0] === 'Has Archive')).toEqual(['Has Archive', "Not in Graph's JSON report"]);
    expect(ex.rows.find(r => r[0] === 'Item Count')?.[1]).toBe(12);
  });

  it('says why a section is missing instead of leaving it blank', () => {
    const groups = sheets.find(s => s.name === 'Groups')!;
    expect(String(groups.rows[0]?.[0])).toMatch(/^Unavailable/);
  });

  it('keeps a display name starting with = as plain data and carries licence assign dates', () => {
    const summary = sheets.find(s => s.name === 'Summary')!;
    expect(summary.rows[0]).toEqual(['Display Name', '=cmd|calc']);
    expect(summary.rows.map(r => r[0])).toContain('Exchange License Assign Date');
    expect(summary.rows.map(r => r[0])).not.toContain('Status');
  });

  it('says on Summary when last activity was not read yet or could not be', () => {
    const statusOf = (activeUser: IImpression['activeUser']): unknown => impressionSheets({ ...imp, activeUser }, new Date('2026-11-21T10:00:00Z'))
      .find(s => s.name === 'Summary')!.rows.find(r => r[0] === 'Status')?.[1];
    expect(statusOf({ status: 'loading' })).toBe('Last activity and licence assign dates: Not loaded (exported before the impression had read them)');
    expect(String(statusOf({ status: 'error', error: new Error('boom') }))).toMatch(/^Last activity and licence assign dates: Unavailable: boom/);
    expect(statusOf({ status: 'ready', data: null })).toMatch(/^Last activity and licence assign dates: not in the active-user report/);
    expect(statusOf({ status: 'ready', data: { 'Exchange Last Activity Date': '2026-11-18' } })).toBeUndefined();
  });

  describe('impression workbook: Security sheet', () => {
    const base = (sheets: ReturnType<typeof impressionSheets>): Map<unknown, unknown> => new Map(sheets.find(s => s.name === 'Security')!.rows.map(r => [r[0], r[1]]));
    const security = (over: Partial<IImpression> = {}): Map<unknown, unknown> => base(impressionSheets({ ...imp, ...over }, new Date('2026-11-21T10:00:00Z')));

    it('keeps the MFA and sign-in rows first, then simulations, repeat offences, training and enforcement', () => {
      const fields = sheets.find(s => s.name === 'Security')!.rows.map(r => r[0]);
      expect(fields).toEqual([
        'MFA Status', 'Authentication Methods', 'Default MFA Method', 'Is Admin', 'Last Sign-in',
        'Simulations', 'Clicked', 'Compromised', 'Last Simulation', 'Repeat Offences', 'Training',
        'Training 1', 'Training 1 Status', 'Training 1 Assigned', 'Training 1 Completed',
        'Training 2', 'Training 2 Status', 'Training 2 Assigned', 'Training 2 Completed',
        'MFA Enforced By', 'MFA Enforcement Detail'
      ]);
      const s = security();
      expect([s.get('Simulations'), s.get('Clicked'), s.get('Compromised'), s.get('Repeat Offences')]).toEqual([3, 2, 1, 1]);
      expect(s.get('Last Simulation')).toEqual(new Date('2026-11-02T09:30:00Z'));
      expect(s.get('Training')).toBe('1 of 2 completed, 1 overdue');
      expect([s.get('Training 2'), s.get('Training 2 Status'), s.get('Training 2 Completed')]).toEqual(['Passwords', 'Overdue', null]);
      expect(s.get('Training 1 Assigned')).toEqual(new Date('2026-10-01T08:00:00Z'));
      expect([s.get('MFA Enforced By'), s.get('MFA Enforcement Detail')]).toEqual(['Not enforced', 'Excluded from: All users MFA']);
    });

    it('says never simulated and none assigned for a user the reports do not list', () => {
      const s = security({ attackSimulation: { status: 'ready', data: { simulation: null, repeatOffences: 0, training: null } }, mfaEnforcement: { status: 'ready', data: { kind: 'policies', policies: ['All users MFA', 'Admins MFA'] } } });
      expect([s.get('Simulations'), s.get('Clicked'), s.get('Last Simulation'), s.get('Training')]).toEqual([0, 0, 'Never simulated', 'None assigned']);
      expect(s.has('Training 1')).toBe(false);
      // Graph may list a user with null counts and no date: never simulated too.
      const listed = security({ attackSimulation: { status: 'ready', data: { simulation: { simulationCount: 0, clickCount: 0, compromisedCount: 0, latestSimulationDateTime: null }, repeatOffences: 0, training: null } } });
      expect([listed.get('Simulations'), listed.get('Last Simulation')]).toEqual([0, 'Never simulated']);
      expect([s.get('MFA Enforced By'), s.get('MFA Enforcement Detail')]).toEqual(['All users MFA; Admins MFA', null]);
    });

    it('says why a security part is missing, each on its own, and what was not loaded yet', () => {
      const refused = new GraphError(403, 'Authorization_RequestDenied', 'Insufficient privileges.');
      const s = security({ attackSimulation: { status: 'error', error: refused }, mfaEnforcement: { status: 'loading' } });
      expect(String(s.get('Simulations'))).toMatch(/^Unavailable: Microsoft Graph refused the attack simulation reports.*AttackSimulation\.Read\.All/);
      expect(s.get('Training')).toBe(s.get('Simulations'));
      expect(s.get('MFA Enforced By')).toBe('Not loaded');
      expect(s.get('MFA Status')).toBe('Capable');
      const t = security({ mfaEnforcement: { status: 'error', error: refused } });
      expect(String(t.get('MFA Enforced By'))).toMatch(/^Unavailable: .*Policy\.Read\.All/);
      expect(t.get('Simulations')).toBe(3);
    });

    it('writes typed cells read back as values, never formulas', () => {
      const ws = sheetOf(readBack(buildWorkbook(XLSX, sheets)), 'Security');
      const rows = XLSX.utils.sheet_to_json<unknown[]>(ws, { header: 1, raw: true });
      const at = (field: string): unknown[] | undefined => rows.find(r => r[0] === field);
      expect(at('Training 1')?.[1]).toBe('=HYPERLINK("http://x")');
      expect(Object.values(ws).some(c => typeof c === 'object' && c !== null && 'f' in c)).toBe(false);
      expect(at('Simulations')?.[1]).toBe(3);
      expect(at('Training 1 Completed')?.[1]).toBeInstanceOf(Date);
    });
  });
});

describe('generate script', () => {
  it('gives a runnable command with the user quoted, and never a token', () => {
    const s = impressionScript("o'brien@contoso.com", 'D90');
    expect(s.command).toBe(`npx m365-impressions impression --user 'o'\\''brien@contoso.com' --period D90 --out 'impression-o'\\''brien@contoso.com'"-$(date +%F).xlsx"`);
    expect(s.cron).toMatch(/^0 6 \* \* 1 /);
    expect(s.cron).toContain('\\%F');
    expect(s.windows).toMatch(/^schtasks \/Create/);
    expect(JSON.stringify(s)).not.toMatch(/Bearer|token/i);
    expect(impressionScript('a@b.com', 'D7', 'http://127.0.0.1:7000/').command).toContain("--graph-url 'http://127.0.0.1:7000'");
  });

  it('names the file as "Export to Excel" does, a guest\'s #EXT# included', () => {
    const guest = 'gail_fabrikam.com#EXT#@contoso.onmicrosoft.com';
    const out = /--out '([^']+)'"-\$\(date \+%F\)\.xlsx"$/.exec(impressionScript(guest, 'D30').command)?.[1];
    expect(`${out}-2026-11-21.xlsx`).toBe(impressionFileName(guest, '2026-11-21'));
    // ! and $ stay literal: the name's own part is single-quoted
    expect(impressionScript('a!b$c@contoso.com', 'D30').command).toContain(`--out 'impression-a!b$c@contoso.com'"-$(date +%F).xlsx"`);
  });

  it('gives GitHub Actions and Azure Pipelines steps in their own secret syntax, the command as a block', () => {
    const s = impressionScript("o'brien@contoso.com", 'D30');
    expect(s.github.split('\n')).toEqual([
      '- name: Impression workbook', '  shell: bash', '  run: |', '    npm ci', `    ${s.command}`, '  env:',
      '    AZURE_TENANT_ID: ${{ secrets.AZURE_TENANT_ID }}', '    AZURE_CLIENT_ID: ${{ secrets.AZURE_CLIENT_ID }}', '    AZURE_CLIENT_SECRET: ${{ secrets.AZURE_CLIENT_SECRET }}',
      '- uses: actions/upload-artifact@v4', '  with:', '    name: impression', "    path: impression-o'brien@contoso.com-*.xlsx"
    ]);
    expect(s.azure.split('\n')).toEqual([
      '- bash: |', '    npm ci', `    ${s.command}`, '  displayName: Impression workbook', '  env:',
      '    AZURE_TENANT_ID: $(AZURE_TENANT_ID)', '    AZURE_CLIENT_ID: $(AZURE_CLIENT_ID)', '    AZURE_CLIENT_SECRET: $(AZURE_CLIENT_SECRET)',
      '- task: CopyFiles@2', '  inputs:', "    contents: impression-o'brien@contoso.com-*.xlsx", '    targetFolder: $(Build.ArtifactStagingDirectory)',
      '- publish: $(Build.ArtifactStagingDirectory)', '  artifact: impression'
    ]);
  });

  it('keeps a ^ in a UPN for cmd.exe (its escape character)', () => {
    expect(impressionScript('o^brien@contoso.com', 'D30').windows).toContain('--user o^^brien@contoso.com --period D30 --out impression-o^^brien@contoso.com.xlsx');
  });
});
