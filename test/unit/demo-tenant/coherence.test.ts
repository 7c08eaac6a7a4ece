/**
 * One seeded tenant drives everything: report figures agree with each other and with the directory,
 * and the tenant has the people and groups a real one has.
 */
import { IDemoTenant, startDemoTenant } from '../../../workbench/demo-tenant';
import { client, downloadCsv, expectGraphError, jsonPages, REFRESH, SKU_NAMES, TODAY } from './helpers';

let t: IDemoTenant;
beforeAll(async () => {
  t = await startDemoTenant({ users: 300, seed: 11, today: TODAY });
});
afterAll(async () => {
  await t.close();
});

const num = (s: string | undefined): number => Number(s ?? 'NaN');

interface IUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  userType: string;
  accountEnabled: boolean;
  assignedLicenses: Array<{ skuId: string }>;
  jobTitle: string | null;
}
async function allUsers(): Promise<IUser[]> {
  const g = client(t);
  const out: IUser[] = [];
  let url: string | undefined = '/v1.0/users?$select=id,userPrincipalName,displayName,userType,accountEnabled,assignedLicenses,jobTitle&$top=999';
  while (url) {
    const r = await g.get(url);
    const body = r.body as { value: IUser[]; '@odata.nextLink'?: string };
    out.push(...body.value);
    url = body['@odata.nextLink'];
  }
  return out;
}

describe('reports agree with the directory', () => {
  it('has no mailbox row for a user without an Exchange licence, and one for each licensed user', async () => {
    const skus = (await client(t).get('/v1.0/subscribedSkus')).body as { value: Array<{ skuId: string; servicePlans: Array<{ servicePlanName: string }> }> };
    const exchangeSkus = new Set(skus.value.filter((s) => s.servicePlans.some((p) => p.servicePlanName.startsWith('EXCHANGE_S_'))).map((s) => s.skuId));
    const users = await allUsers();
    const mailbox = await downloadCsv(t, "getMailboxUsageDetail(period='D7')");
    const rows = new Set(mailbox.rows.filter((r) => r['Is Deleted'] === 'False').map((r) => r['User Principal Name']?.toLowerCase()));
    // Users created after the refresh date are not in reports yet.
    const info = t.info;
    for (const u of users) {
      const hasExo = u.assignedLicenses.some((l) => exchangeSkus.has(l.skuId));
      if (u.userPrincipalName === info.people.createdAfterRefresh?.userPrincipalName) continue;
      expect({ upn: u.userPrincipalName, mailbox: rows.has(u.userPrincipalName.toLowerCase()) }).toEqual({ upn: u.userPrincipalName, mailbox: hasExo });
    }
  });

  it('trend = sum of detail per day (email, Teams, OneDrive)', async () => {
    const pairs: Array<[string, string, Array<[string, string]>]> = [
      ['getEmailActivityCounts', 'getEmailActivityUserDetail', [['Send', 'Send Count'], ['Receive', 'Receive Count'], ['Read', 'Read Count'], ['Meeting Created', 'Meeting Created Count']]],
      ['getTeamsUserActivityCounts', 'getTeamsUserActivityUserDetail', [['Team Chat Messages', 'Team Chat Message Count'], ['Private Chat Messages', 'Private Chat Message Count'], ['Calls', 'Call Count'], ['Meetings Organized', 'Meetings Organized Count']]],
      ['getOneDriveActivityFileCounts', 'getOneDriveActivityUserDetail', [['Viewed Or Edited', 'Viewed Or Edited File Count'], ['Synced', 'Synced File Count'], ['Shared Internally', 'Shared Internally File Count']]],
      ['getSharePointActivityPages', 'getSharePointActivityUserDetail', [['Visited Page Count', 'Visited Page Count']]]
    ];
    for (const [trendFn, detailFn, cols] of pairs) {
      const trend = await downloadCsv(t, `${trendFn}(period='D7')`);
      for (const date of ['2026-03-08', '2026-03-05', '2026-03-02']) {
        const day = trend.rows.find((r) => r['Report Date'] === date);
        const detail = await downloadCsv(t, `${detailFn}(date=${date})`);
        for (const [trendCol, detailCol] of cols) {
          const sum = detail.rows.reduce((s, r) => s + num(r[detailCol]), 0);
          expect({ trendFn, date, trendCol, value: num(day?.[trendCol]) }).toEqual({ trendFn, date, trendCol, value: sum });
        }
      }
    }
  });

  it('counts grow with the period for every user: D7 <= D30 <= D90 <= D180', async () => {
    const periods = ['D7', 'D30', 'D90', 'D180'];
    const byPeriod = await Promise.all(periods.map((p) => downloadCsv(t, `getEmailActivityUserDetail(period='${p}')`)));
    const teams = await Promise.all(periods.map((p) => downloadCsv(t, `getTeamsUserActivityUserDetail(period='${p}')`)));
    const bad: string[] = [];
    for (const [sets, cols] of [
      [byPeriod, ['Send Count', 'Receive Count', 'Read Count']],
      [teams, ['Private Chat Message Count', 'Call Count', 'Audio Duration In Seconds']]
    ] as const) {
      const maps = sets.map((s) => new Map(s.rows.map((r) => [r['User Principal Name'], r])));
      for (const upn of maps[0]?.keys() ?? []) {
        for (const col of cols) {
          const values = maps.map((m) => num(m.get(upn)?.[col]));
          for (let k = 1; k < values.length; k++) if ((values[k] ?? 0) < (values[k - 1] ?? 0)) bad.push(`${upn} ${col} ${values.join(' ')}`);
        }
      }
      expect(maps[0]?.size).toBe(maps[3]?.size);
    }
    expect(bad).toEqual([]);
    // Somebody was active at all.
    expect(byPeriod[3]?.rows.some((r) => num(r['Send Count']) > 0)).toBe(true);
  });

  it('storage adds up: mailbox and OneDrive detail sum to the storage trend, and /drive matches the report', async () => {
    const mailbox = await downloadCsv(t, "getMailboxUsageDetail(period='D7')");
    const storage = await downloadCsv(t, "getMailboxUsageStorage(period='D7')");
    const live = mailbox.rows.filter((r) => r['Is Deleted'] === 'False').reduce((s, r) => s + num(r['Storage Used (Byte)']), 0);
    expect(num(storage.rows.find((r) => r['Report Date'] === REFRESH)?.['Storage Used (Byte)'])).toBe(live);
    const counts = await downloadCsv(t, "getMailboxUsageMailboxCounts(period='D7')");
    expect(num(counts.rows.find((r) => r['Report Date'] === REFRESH)?.Total)).toBe(mailbox.rows.filter((r) => r['Is Deleted'] === 'False').length);

    const accounts = await downloadCsv(t, "getOneDriveUsageAccountDetail(period='D7')");
    const odStorage = await downloadCsv(t, "getOneDriveUsageStorage(period='D7')");
    const odLive = accounts.rows.filter((r) => r['Is Deleted'] === 'False').reduce((s, r) => s + num(r['Storage Used (Byte)']), 0);
    expect(num(odStorage.rows.find((r) => r['Report Date'] === REFRESH)?.['Storage Used (Byte)'])).toBe(odLive);

    const row = accounts.rows.find((r) => r['Is Deleted'] === 'False');
    const drive = await client(t).get(`/v1.0/users/${encodeURIComponent(row?.['Owner Principal Name'] ?? '')}/drive`);
    const quota = (drive.body as { quota: { used: number; total: number; remaining: number; deleted: number; state: string } }).quota;
    expect(quota.used).toBe(num(row?.['Storage Used (Byte)']));
    expect(quota.used + quota.remaining + quota.deleted).toBe(quota.total);

    const sites = await downloadCsv(t, "getSharePointSiteUsageDetail(period='D7')");
    const siteStorage = await downloadCsv(t, "getSharePointSiteUsageStorage(period='D7')");
    expect(num(siteStorage.rows[0]?.['Storage Used (Byte)'])).toBe(sites.rows.reduce((s, r) => s + num(r['Storage Used (Byte)']), 0));
  });

  it('distributions count the detail rows, and service counts match the active-user detail', async () => {
    const apps = await downloadCsv(t, "getEmailAppUsageAppsUserCounts(period='D30')");
    const detail = await downloadCsv(t, "getEmailAppUsageUserDetail(period='D30')");
    for (const col of ['Outlook For Windows', 'Outlook For Web', 'Outlook For Mobile']) expect(num(apps.rows[0]?.[col])).toBe(detail.rows.filter((r) => r[col] !== '').length);

    const services = await downloadCsv(t, "getOffice365ServicesUserCounts(period='D30')");
    const active = await downloadCsv(t, "getOffice365ActiveUserDetail(period='D30')");
    const licensed = active.rows.filter((r) => r['Has Exchange License'] === 'True').length;
    expect(num(services.rows[0]?.['Exchange Active']) + num(services.rows[0]?.['Exchange Inactive'])).toBe(licensed);

    const activations = await downloadCsv(t, 'getOffice365ActivationsUserDetail');
    const actCounts = await downloadCsv(t, 'getOffice365ActivationsUserCounts');
    for (const p of actCounts.rows) expect(num(p.Assigned)).toBe(activations.rows.filter((r) => r['Product Type'] === p['Product Type']).length);
  });

  it('the same user carries the same products in every report and in the directory', async () => {
    const users = await allUsers();
    const names = new Map(SKU_NAMES.map((s) => [s.skuId, s.displayName.toUpperCase()]));
    const email = await downloadCsv(t, "getEmailActivityUserDetail(period='D7')");
    const teams = await downloadCsv(t, "getTeamsUserActivityUserDetail(period='D7')");
    const byUpn = new Map(users.map((u) => [u.userPrincipalName, u]));
    for (const r of email.rows.slice(0, 50)) {
      const u = byUpn.get(r['User Principal Name'] ?? '');
      if (!u) continue; // deleted users are only in reports
      const expected = u.assignedLicenses.map((l) => names.get(l.skuId) ?? 'CONTOSO_LEGACY_ADDON').sort();
      expect((r['Assigned Products'] ?? '').split('+').sort()).toEqual(expected);
      const tr = teams.rows.find((x) => x['User Principal Name'] === r['User Principal Name']);
      if (tr) expect(tr['Assigned Products']).toBe(r['Assigned Products']);
      if (tr) expect(tr['User Id']).toBe(u.id);
    }
  });
});

describe('people and groups a real tenant has', () => {
  it('has guests with #EXT# UPNs, disabled and unlicensed users, unicode, RTL, commas and quotes, and formula-like names', async () => {
    const users = await allUsers();
    expect(users.some((u) => u.userType === 'Guest' && u.userPrincipalName.includes('#EXT#'))).toBe(true);
    expect(users.some((u) => !u.accountEnabled)).toBe(true);
    expect(users.some((u) => u.userType === 'Member' && u.assignedLicenses.length === 0)).toBe(true);
    expect(users.some((u) => /[\u0250-\uffff]/.test(u.displayName) && /[\u0590-\u08ff]/.test(u.displayName))).toBe(true);
    expect(users.some((u) => /[À-ÿ]/.test(u.displayName))).toBe(true);
    expect(users.some((u) => u.displayName.includes(',') && u.displayName.includes('"'))).toBe(true);
    for (const c of ['=', '+', '-', '@']) expect(users.some((u) => u.displayName.startsWith(c) || (u.jobTitle ?? '').startsWith(c))).toBe(true);
  });

  it('quotes names with commas and quotes in CSV so they read back intact', async () => {
    const csv = await downloadCsv(t, "getEmailActivityUserDetail(period='D7')");
    expect(csv.rows.map((r) => r['Display Name'])).toContain(`O'Connor, Siobhán "Shiv"`);
    expect(csv.raw.toString('utf8')).toContain(`"O'Connor, Siobhán ""Shiv"""`);
  });

  it('has users without a manager or a photo, and serves photos as PNG', async () => {
    const g = client(t);
    const p = t.info.people;
    expectGraphError(await g.get(`/v1.0/users/${p.noManagerNoPhoto?.id}/manager`), 404, 'Request_ResourceNotFound');
    expectGraphError(await g.get(`/v1.0/users/${p.noManagerNoPhoto?.id}/photo/$value`), 404, 'ImageNotFound');
    const m = await g.get(`/v1.0/users/${p.unicode?.id}/manager`);
    expect(m.status).toBe(200);
    const photo = await fetch(`${t.url}/v1.0/users/${p.admin?.id}/photo/$value`, { headers: { Authorization: `Bearer ${t.token}` } });
    expect(photo.headers.get('content-type')).toBe('image/png');
    expect([...Buffer.from(await photo.arrayBuffer()).subarray(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('keeps deleted users in reports only, and users inactive for 90+ days', async () => {
    const csv = await downloadCsv(t, "getOffice365ActiveUserDetail(period='D180')");
    const deleted = csv.rows.filter((r) => r['Is Deleted'] === 'True');
    expect(deleted.length).toBeGreaterThan(0);
    expect(deleted[0]?.['Deleted Date']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expectGraphError(await client(t).get(`/v1.0/users/${encodeURIComponent(deleted[0]?.['User Principal Name'] ?? '')}`), 404, 'Request_ResourceNotFound');
    const inactive = csv.rows.find((r) => r['User Principal Name'] === t.info.people.inactive?.userPrincipalName);
    const last = inactive?.['Exchange Last Activity Date'] ?? '';
    expect(last === '' || Date.parse(last) < Date.parse(REFRESH) - 90 * 86400000).toBe(true);
  });

  it('lists an unknown SKU id in subscribedSkus, and one SKU with no units left', async () => {
    const skus = ((await client(t).get('/v1.0/subscribedSkus')).body as { value: Array<{ skuId: string; consumedUnits: number; prepaidUnits: { enabled: number } }> }).value;
    const known = new Set(SKU_NAMES.map((s) => s.skuId));
    expect(skus.filter((s) => !known.has(s.skuId))).toHaveLength(1);
    expect(skus.some((s) => s.consumedUnits === s.prepaidUnits.enabled && s.consumedUnits > 0)).toBe(true);
  });

  it('has groups of each kind', async () => {
    const groups = ((await client(t).get('/v1.0/groups?$top=999')).body as {
      value: Array<{ groupTypes: string[]; mailEnabled: boolean; securityEnabled: boolean; onPremisesSyncEnabled: boolean | null }>;
    }).value;
    expect(groups.some((g) => g.groupTypes.includes('Unified'))).toBe(true);
    expect(groups.some((g) => g.groupTypes.includes('DynamicMembership'))).toBe(true);
    expect(groups.some((g) => !g.groupTypes.length && g.securityEnabled && !g.mailEnabled && !g.onPremisesSyncEnabled)).toBe(true);
    expect(groups.some((g) => !g.groupTypes.length && g.securityEnabled && g.mailEnabled)).toBe(true);
    expect(groups.some((g) => !g.groupTypes.length && !g.securityEnabled && g.mailEnabled)).toBe(true);
    expect(groups.some((g) => g.onPremisesSyncEnabled === true)).toBe(true);
  });
});

describe('concealed names', () => {
  it('replaces UPNs with stable 32-char hex tokens, obscures names and site URLs, zeros Teams user ids', async () => {
    const g = client(t);
    expect((await g.patch('/v1.0/admin/reportSettings', { displayConcealedNames: true })).status).toBe(204);
    try {
      expect((await g.get('/v1.0/admin/reportSettings')).body).toMatchObject({ displayConcealedNames: true });
      const a = await downloadCsv(t, "getTeamsUserActivityUserDetail(period='D7')");
      const b = await jsonPages(t, "getEmailActivityUserDetail(period='D7')");
      const c = await downloadCsv(t, "getEmailActivityUserDetail(period='D30')");
      expect(a.rows.every((r) => /^[0-9A-F]{32}$/.test(r['User Principal Name'] ?? ''))).toBe(true);
      expect(a.rows.every((r) => r['User Id'] === '00000000-0000-0000-0000-000000000000')).toBe(true);
      // Stable per user across reports, periods and forms.
      expect(new Set(b.items.map((i) => i.userPrincipalName))).toEqual(new Set(c.rows.map((r) => r['User Principal Name'])));
      expect(c.rows.every((r) => /^[0-9A-F]{32}$/.test(r['Display Name'] ?? '') && r['Display Name'] !== r['User Principal Name'])).toBe(true);
      const sites = await downloadCsv(t, "getSharePointSiteUsageDetail(period='D7')");
      expect(sites.rows.every((r) => !/^https:/.test(r['Site URL'] ?? ''))).toBe(true);
    } finally {
      await g.patch('/v1.0/admin/reportSettings', { displayConcealedNames: false });
    }
    const plain = await downloadCsv(t, "getTeamsUserActivityUserDetail(period='D7')");
    expect(plain.rows.some((r) => (r['User Principal Name'] ?? '').includes('@'))).toBe(true);
  });
});
