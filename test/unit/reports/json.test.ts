// The beta JSON reader: flat and nested value[] items, loose field names, unexpected shapes.
import { requireReport, nestedJsonKey, rowsFromJsonValues } from '../../../src/core/reports';

const entry = requireReport;

describe('rowsFromJsonValues', () => {
  const email = entry('getEmailActivityUserDetail');

  it('reads flat items into rows keyed by CSV header, typed like the CSV reader', () => {
    const parsed = rowsFromJsonValues(
      [
        {
          reportRefreshDate: '2026-11-18',
          userPrincipalName: 'adele@contoso.com',
          displayName: 'Adele Vance',
          isDeleted: false,
          deletedDate: null,
          lastActivityDate: '2026-11-17',
          sendCount: 12,
          receiveCount: 40,
          readCount: 38,
          meetingCreatedCount: 1,
          meetingInteractedCount: 3,
          assignedProducts: ['MICROSOFT 365 E5', ' MICROSOFT TEAMS ROOMS STANDARD '],
          reportPeriod: '7'
        }
      ],
      email
    );
    expect(parsed.warnings).toEqual([]);
    expect(parsed.unknownColumns).toEqual([]);
    expect(parsed.refreshDate).toBe('2026-11-18');
    expect(parsed.rows).toEqual([
      {
        'Report Refresh Date': '2026-11-18',
        'User Principal Name': 'adele@contoso.com',
        'Display Name': 'Adele Vance',
        'Is Deleted': false,
        'Deleted Date': null,
        'Last Activity Date': '2026-11-17',
        'Send Count': 12,
        'Receive Count': 40,
        'Read Count': 38,
        // Not in Microsoft's example row: found by the camelCase convention.
        'Meeting Created Count': 1,
        'Meeting Interacted Count': 3,
        'Assigned Products': ['MICROSOFT 365 E5', 'MICROSOFT TEAMS ROOMS STANDARD'],
        'Report Period': 7
      }
    ]);
  });

  it('matches field names case-insensitively and normalises Report Period given as a number', () => {
    const parsed = rowsFromJsonValues([{ ReportRefreshDate: '2026-11-18', USERPRINCIPALNAME: 'a@contoso.com', SendCount: '5', reportperiod: 30, ISDELETED: 'True' }], email);
    expect(parsed.rows[0]).toMatchObject({ 'User Principal Name': 'a@contoso.com', 'Send Count': 5, 'Report Period': 30, 'Is Deleted': true });
    expect(parsed.unknownColumns).toEqual([]);
    expect(parsed.warnings).toEqual([
      'Columns missing from the data (left empty): Display Name, Deleted Date, Last Activity Date, Receive Count, Read Count, Meeting Created Count, Meeting Interacted Count, Assigned Products.'
    ]);
    // Named, so a sheet can say "not in Graph's JSON report" where a figure would be.
    expect(parsed.missingColumns).toEqual(['Display Name', 'Deleted Date', 'Last Activity Date', 'Receive Count', 'Read Count', 'Meeting Created Count', 'Meeting Interacted Count', 'Assigned Products']);
  });

  it('a field sent as null is the user\'s empty cell, not a missing column; one absent from some rows only is not missing', () => {
    const full = { reportRefreshDate: '2026-11-18', userPrincipalName: 'a@contoso.com', displayName: 'A', isDeleted: false, deletedDate: null, lastActivityDate: null, sendCount: 1, receiveCount: 2, readCount: 3, meetingCreatedCount: null, meetingInteractedCount: 0, assignedProducts: [], reportPeriod: '7' };
    const { meetingCreatedCount: _dropped, ...lacking } = full;
    expect(rowsFromJsonValues([full], email).missingColumns).toBeUndefined();
    expect(rowsFromJsonValues([full, { ...lacking, userPrincipalName: 'b@contoso.com' }], email).missingColumns).toBeUndefined();
    expect(rowsFromJsonValues([lacking], email).missingColumns).toEqual(['Meeting Created Count']);
    // No rows: nothing to say about columns.
    expect(rowsFromJsonValues([], email).missingColumns).toBeUndefined();
  });

  it('finds fields whose spelling is only loosely like the header (Skype "audiovideo")', () => {
    const minutes = entry('getSkypeForBusinessParticipantActivityMinuteCounts');
    const parsed = rowsFromJsonValues([{ audiovideo: 14, reportRefreshDate: '2021-07-30', reportDate: '2021-07-29', reportPeriod: '7' }], minutes);
    expect(parsed.rows).toEqual([{ 'Report Refresh Date': '2021-07-30', 'Report Date': '2021-07-29', 'Report Period': 7, 'Audio/Video': 14 }]);
  });

  it('flattens userCounts[] into one row per date, copying the parent fields', () => {
    const apps = entry('getM365AppUserCounts');
    expect(nestedJsonKey(apps)).toBe('userCounts');
    const parsed = rowsFromJsonValues(
      [
        {
          reportRefreshDate: '2026-11-18',
          reportPeriod: 7,
          userCounts: [
            { reportDate: '2026-11-17', outlook: 10, word: 5, excel: 4, powerPoint: 2, oneNote: 0, teams: 12 },
            { reportDate: '2026-11-16', outlook: 9, word: 4, excel: 3, powerPoint: 1, oneNote: 1, teams: 11 }
          ]
        }
      ],
      apps
    );
    expect(parsed.warnings).toEqual([]);
    expect(parsed.rows).toEqual([
      { 'Report Refresh Date': '2026-11-18', 'Report Period': 7, 'Report Date': '2026-11-17', Outlook: 10, Word: 5, Excel: 4, PowerPoint: 2, OneNote: 0, Teams: 12 },
      { 'Report Refresh Date': '2026-11-18', 'Report Period': 7, 'Report Date': '2026-11-16', Outlook: 9, Word: 4, Excel: 3, PowerPoint: 1, OneNote: 1, Teams: 11 }
    ]);
  });

  it('flattens details[] per user and keeps a user whose details[] is empty', () => {
    const detail = entry('getM365AppUserDetail');
    const booleans = Object.fromEntries(detail.columns.filter((c) => c.type === 'boolean').map((c) => [c.json as string, true]));
    const parsed = rowsFromJsonValues(
      [
        { reportRefreshDate: '2026-11-18', userPrincipalName: 'a@contoso.com', lastActivationDate: '2026-01-02', lastActivityDate: '2026-11-17', details: [{ reportPeriod: 7, ...booleans, mac: false }] },
        { reportRefreshDate: '2026-11-18', userPrincipalName: 'b@contoso.com', lastActivationDate: null, lastActivityDate: null, details: [] }
      ],
      detail
    );
    expect(parsed.rows).toHaveLength(2);
    expect(parsed.rows[0]).toMatchObject({ 'User Principal Name': 'a@contoso.com', 'Report Period': 7, Windows: true, Mac: false, 'Teams (Web)': true });
    expect(parsed.rows[1]).toMatchObject({ 'User Principal Name': 'b@contoso.com', 'Report Period': null, Windows: null, 'Last Activity Date': null });
  });

  it('drops a trend item whose userCounts[] is empty (no dates, no rows)', () => {
    const parsed = rowsFromJsonValues([{ reportRefreshDate: '2026-11-18', reportPeriod: 7, userCounts: [] }], entry('getM365AppPlatformUserCounts'));
    expect(parsed.rows).toEqual([]);
    expect(parsed.warnings).toEqual([]);
  });

  it('uses the catalog\'s own array name where Graph does not say userCounts/details', () => {
    const counts = entry('getTeamsTeamCounts');
    const parsed = rowsFromJsonValues(
      [{ reportRefreshDate: '2026-11-18', reportPeriod: 7, teamsTeamUsageByDate: [{ reportDate: '2026-11-17', publicTeams: 26, privateTeams: 17, activePublicTeams: 20, activePrivateTeams: 12 }] }],
      counts
    );
    expect(parsed.rows).toEqual([
      { 'Report Refresh Date': '2026-11-18', 'Report Date': '2026-11-17', 'Public Teams': 26, 'Active Public Teams': 20, 'Private Teams': 17, 'Active Private Teams': 12, reportPeriod: '7' }
    ]);
    // reportPeriod is a JSON-only field here (the CSV has no Report Period column).
    expect(parsed.unknownColumns).toEqual(['reportPeriod']);
    expect(parsed.warnings).toEqual([]);
  });

  it('flattens an unexpected nested list and reads a flat item where a list was expected, with warnings', () => {
    const flat = entry('getMailboxUsageMailboxCounts');
    const surprise = rowsFromJsonValues([{ reportRefreshDate: '2026-11-18', reportPeriod: 7, byDate: [{ reportDate: '2026-11-17', total: 5, active: 3 }] }], flat);
    expect(surprise.rows).toEqual([{ 'Report Refresh Date': '2026-11-18', Total: 5, Active: 3, 'Report Date': '2026-11-17', 'Report Period': 7 }]);
    expect(surprise.warnings).toEqual(['Items nest their rows in "byDate[]" although this report is expected to be flat; flattened them.']);

    const nested = entry('getM365AppPlatformUserCounts');
    const flatItem = rowsFromJsonValues([{ reportRefreshDate: '2026-11-18', reportPeriod: 7, reportDate: '2026-11-17', windows: 1, mac: 2, mobile: 3, web: 4 }], nested);
    expect(flatItem.rows).toEqual([{ 'Report Refresh Date': '2026-11-18', 'Report Period': 7, 'Report Date': '2026-11-17', Windows: 1, Mac: 2, Mobile: 3, Web: 4 }]);
    expect(flatItem.warnings).toEqual(['Items have no "userCounts[]" list; read each item as one row.']);

    const renamed = rowsFromJsonValues([{ reportRefreshDate: '2026-11-18', reportPeriod: 7, counts: [{ reportDate: '2026-11-17', windows: 1 }] }], nested);
    expect(renamed.rows[0]).toMatchObject({ 'Report Date': '2026-11-17', Windows: 1, Mac: null });
    expect(renamed.warnings[0]).toBe('Items nest their rows in "counts[]" instead of "userCounts[]"; flattened them.');
  });

  it('never throws on unexpected shapes and says what it skipped', () => {
    const weird: unknown[] = [
      null,
      'text',
      42,
      ['array'],
      { userPrincipalName: 'a@contoso.com', sendCount: 'lots', isDeleted: 'perhaps', lastActivityDate: 20261117, assignedProducts: 'E5+E3', displayName: { first: 'A' } }
    ];
    const parsed = rowsFromJsonValues(weird, email);
    expect(parsed.rows).toHaveLength(1);
    expect(parsed.rows[0]).toMatchObject({ 'User Principal Name': 'a@contoso.com', 'Send Count': null, 'Is Deleted': null, 'Last Activity Date': null, 'Assigned Products': ['E5', 'E3'], 'Display Name': null });
    expect(parsed.warnings).toEqual(
      expect.arrayContaining([
        'Item 1 is not an object; skipped.',
        'Item 2 is not an object; skipped.',
        'Item 3 is not an object; skipped.',
        'Item 4 is not an object; skipped.',
        'Item 5, field "sendCount" (Send Count): "lots" is not a number; left empty.',
        'Item 5, field "isDeleted" (Is Deleted): "perhaps" is not True/False; left empty.',
        'Item 5, field "lastActivityDate" (Last Activity Date): "20261117" is not a YYYY-MM-DD date; left empty.',
        'Item 5, field "displayName" (Display Name): an object is not text; left empty.'
      ])
    );
    const notArray = rowsFromJsonValues({ value: [] } as unknown as unknown[], email);
    expect(notArray).toEqual({ rows: [], refreshDate: null, warnings: ['The response has no value[] list of rows.'], unknownColumns: [] });
    const badNested = rowsFromJsonValues([{ reportRefreshDate: '2026-11-18', userCounts: 'none' }], entry('getM365AppUserCounts'));
    expect(badNested.rows).toHaveLength(1);
    expect(badNested.warnings[0]).toBe('Field "userCounts" should be a list of rows but is not; read each item as one row.');
    const badInner = rowsFromJsonValues([{ reportRefreshDate: '2026-11-18', userCounts: [{ reportDate: '2026-11-17', word: 1 }, 7] }], entry('getM365AppUserCounts'));
    expect(badInner.rows).toHaveLength(1);
    expect(badInner.warnings).toContain('Item 1, userCounts[1] is not an object; skipped.');
  });

  it('keeps JSON-only fields (SharePoint PascalCase extras) as text and lists them, skipping @odata', () => {
    const sites = entry('getSharePointSiteUsageDetail');
    const parsed = rowsFromJsonValues(
      [{ '@odata.type': '#x', reportRefreshDate: '2026-11-18', siteId: 'abc', siteUrl: 'https://contoso.sharepoint.com/sites/a', ExternalSharing: false, AnonymousLinkCount: 3, GeoLocation: 'EUR', storageUsedInBytes: 1024, storageAllocatedInBytes: 2048, reportPeriod: '7' }],
      sites
    );
    expect(parsed.unknownColumns).toEqual(['ExternalSharing', 'AnonymousLinkCount', 'GeoLocation']);
    expect(parsed.rows[0]).toMatchObject({ 'Storage Used (Byte)': 1024, 'Storage Allocated (Byte)': 2048, ExternalSharing: 'false', AnonymousLinkCount: '3', GeoLocation: 'EUR' });
    expect(parsed.rows[0]).not.toHaveProperty('@odata.type');
  });

  it('joins the string[] app versions of getEmailAppUsageUserDetail like a CSV list', () => {
    const apps = entry('getEmailAppUsageUserDetail');
    const parsed = rowsFromJsonValues([{ userPrincipalName: 'a@contoso.com', mailForMac: [], outlookForMobile: ['Undetermined'], outlookForWindows: ['Outlook 2016', 'Outlook 2019'] }], apps);
    expect(parsed.rows[0]).toMatchObject({ 'Mail For Mac': null, 'Outlook For Mobile': 'Undetermined', 'Outlook For Windows': 'Outlook 2016+Outlook 2019' });
  });

  it('takes the refresh date from the first row that has one', () => {
    const parsed = rowsFromJsonValues([{ userPrincipalName: 'a' }, { userPrincipalName: 'b', reportRefreshDate: '2026-11-18T00:00:00Z' }], email);
    expect(parsed.refreshDate).toBe('2026-11-18');
    expect(rowsFromJsonValues([], email)).toEqual({ rows: [], refreshDate: null, warnings: [], unknownColumns: [] });
  });
});
