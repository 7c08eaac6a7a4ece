// The browser reads beta JSON, Node reads v1.0 CSV: for the same data both must yield the same rows.
import { REPORT_CATALOG, conventionalJsonName, requireReport, nestedJsonKey, parseReportCsv, rowsFromJsonValues } from '../../../src/core/reports';
import type { IReportColumn } from '../../../src/core/reports';

const entry = requireReport;

function expectSame(fn: string, csv: string, json: unknown[]): void {
  const e = entry(fn);
  const fromCsv = parseReportCsv(csv, e);
  const fromJson = rowsFromJsonValues(json, e);
  expect(fromCsv.warnings).toEqual([]);
  expect(fromJson.warnings).toEqual([]);
  expect(fromCsv.rows.length).toBeGreaterThan(0);
  expect(fromJson.rows).toEqual(fromCsv.rows);
  expect(fromJson.refreshDate).toBe(fromCsv.refreshDate);
}

describe('CSV and beta JSON give deep-equal rows (hand-written pairs)', () => {
  it('getEmailActivityUserDetail', () => {
    expectSame(
      'getEmailActivityUserDetail',
      '\uFEFFReport Refresh Date,User Principal Name,Display Name,Is Deleted,Deleted Date,Last Activity Date,Send Count,Receive Count,Read Count,Meeting Created Count,Meeting Interacted Count,Assigned Products,Report Period\r\n' +
        '2026-11-18,adele@contoso.com,"Vance, Adele",False,,2026-11-17,12,40,38,1,3,MICROSOFT 365 E5+MICROSOFT 365 COPILOT,7\r\n' +
        '2026-11-18,gone@contoso.com,Gone,True,2026-11-01,,0,0,0,0,0,,7\r\n',
      [
        {
          reportRefreshDate: '2026-11-18',
          userPrincipalName: 'adele@contoso.com',
          displayName: 'Vance, Adele',
          isDeleted: false,
          deletedDate: null,
          lastActivityDate: '2026-11-17',
          sendCount: 12,
          receiveCount: 40,
          readCount: 38,
          meetingCreatedCount: 1,
          meetingInteractedCount: 3,
          assignedProducts: ['MICROSOFT 365 E5', 'MICROSOFT 365 COPILOT'],
          reportPeriod: '7'
        },
        {
          reportRefreshDate: '2026-11-18',
          userPrincipalName: 'gone@contoso.com',
          displayName: 'Gone',
          isDeleted: true,
          deletedDate: '2026-11-01',
          lastActivityDate: null,
          sendCount: 0,
          receiveCount: 0,
          readCount: 0,
          meetingCreatedCount: 0,
          meetingInteractedCount: 0,
          assignedProducts: [],
          reportPeriod: '7'
        }
      ]
    );
  });

  it('getMailboxUsageDetail (byte columns with non-mechanical names)', () => {
    expectSame(
      'getMailboxUsageDetail',
      'Report Refresh Date,User Principal Name,Display Name,Is Deleted,Deleted Date,Created Date,Last Activity Date,Item Count,Storage Used (Byte),Issue Warning Quota (Byte),Prohibit Send Quota (Byte),Prohibit Send/Receive Quota (Byte),Deleted Item Count,Deleted Item Size (Byte),Deleted Item Quota (Byte),Has Archive,Report Period\r\n' +
        '2026-11-18,megan@contoso.com,Megan Bowen,False,,2023-04-01,2026-11-17,5120,1073741824,105226698752,106300440576,107374182400,12,4096,32212254720,True,30\r\n',
      [
        {
          reportRefreshDate: '2026-11-18',
          userPrincipalName: 'megan@contoso.com',
          displayName: 'Megan Bowen',
          isDeleted: false,
          deletedDate: null,
          createdDate: '2023-04-01',
          lastActivityDate: '2026-11-17',
          itemCount: 5120,
          storageUsedInBytes: 1073741824,
          deletedItemCount: 12,
          deletedItemSizeInBytes: 4096,
          deletedItemQuotaInBytes: 32212254720,
          issueWarningQuotaInBytes: 105226698752,
          prohibitSendQuotaInBytes: 106300440576,
          prohibitSendReceiveQuotaInBytes: 107374182400,
          hasArchive: true,
          reportPeriod: '30'
        }
      ]
    );
  });

  it('getM365AppUserCounts (nested userCounts[])', () => {
    expectSame(
      'getM365AppUserCounts',
      'Report Refresh Date,Report Period,Report Date,Outlook,Word,Excel,PowerPoint,OneNote,Teams\n2026-11-18,7,2026-11-17,10,5,4,2,0,12\n2026-11-18,7,2026-11-16,9,4,3,1,1,11\n',
      [
        {
          reportRefreshDate: '2026-11-18',
          reportPeriod: 7,
          userCounts: [
            { reportDate: '2026-11-17', outlook: 10, word: 5, excel: 4, powerPoint: 2, oneNote: 0, teams: 12 },
            { reportDate: '2026-11-16', outlook: 9, word: 4, excel: 3, powerPoint: 1, oneNote: 1, teams: 11 }
          ]
        }
      ]
    );
  });

  it('getTeamsTeamActivityDetail (nested details[], numbers given as text)', () => {
    expectSame(
      'getTeamsTeamActivityDetail',
      'Report Refresh Date,Team Name,Team Id,Team Type,Last Activity Date,Report Period,Active Users,Active Channels,Guests,Reactions,Meetings Organized,Post Messages,Reply Messages,Channel Messages,Urgent Messages,Mentions,Active Shared Channels,Active External Users\r\n' +
        '2026-11-18,sampleTeam,a063d832-ae9a-467d-8cb4-17c073260890,Private,2026-11-17,7,26,17,4,36,0,0,0,0,0,0,6,8\r\n',
      [
        {
          reportRefreshDate: '2026-11-18',
          teamName: 'sampleTeam',
          teamId: 'a063d832-ae9a-467d-8cb4-17c073260890',
          teamType: 'Private',
          lastActivityDate: '2026-11-17',
          details: [
            { reportPeriod: 7, activeUsers: 26, activeChannels: 17, guests: 4, reactions: 36, meetingsOrganized: 0, postMessages: 0, replyMessages: 0, channelMessages: 0, urgentMessages: 0, mentions: 0, activeSharedChannels: '6', activeExternalUsers: '8' }
          ]
        }
      ]
    );
  });

  it('getOffice365ActivationsUserDetail (userActivationCounts[], booleans)', () => {
    expectSame(
      'getOffice365ActivationsUserDetail',
      'Report Refresh Date,User Principal Name,Display Name,Product Type,Last Activated Date,Windows,Mac,Windows 10 Mobile,iOS,Android,Activated On Shared Computer\r\n' +
        '2026-11-18,a@contoso.com,A,Project Client,2026-08-20,5,0,0,0,2,True\r\n' +
        '2026-11-18,a@contoso.com,A,Microsoft 365 Apps for enterprise,2026-09-01,1,1,0,1,0,False\r\n',
      [
        {
          reportRefreshDate: '2026-11-18',
          userPrincipalName: 'a@contoso.com',
          displayName: 'A',
          userActivationCounts: [
            { productType: 'Project Client', lastActivatedDate: '2026-08-20', windows: 5, mac: 0, windows10Mobile: 0, ios: 0, android: 2, activatedOnSharedComputer: true },
            { productType: 'Microsoft 365 Apps for enterprise', lastActivatedDate: '2026-09-01', windows: 1, mac: 1, windows10Mobile: 0, ios: 1, android: 0, activatedOnSharedComputer: false }
          ]
        }
      ]
    );
  });
});

// A value of the column's type, rendered both ways: the CSV text and the JSON value Graph would send.
function sample(column: IReportColumn, i: number): { csv: string; json: unknown } {
  switch (column.type) {
    case 'date':
      return i % 3 === 2 ? { csv: '', json: null } : { csv: `2026-11-${10 + i}`, json: `2026-11-${10 + i}` };
    case 'boolean':
      return i % 2 === 0 ? { csv: 'True', json: true } : { csv: 'False', json: false };
    case 'products':
      return i % 2 === 0 ? { csv: 'E5+Copilot', json: ['E5', 'Copilot'] } : { csv: '', json: [] };
    case 'number':
      if (column.header === 'Report Period') return { csv: '7', json: i % 2 === 0 ? '7' : 7 };
      return { csv: String(1000 * i + 7), json: 1000 * i + 7 };
    default:
      return i % 4 === 3 ? { csv: '', json: null } : { csv: `"${column.header}, row ${i} ""q"""`, json: `${column.header}, row ${i} "q"` };
  }
}

describe('CSV and beta JSON give deep-equal rows (every catalog entry, synthesised)', () => {
  it.each(REPORT_CATALOG.map((e) => [e.fn, e] as const))('%s', (_fn, e) => {
    const csvLines = [e.columns.map((c) => c.header).join(',')];
    const nestedKey = nestedJsonKey(e);
    // Fields Microsoft's example row lacks are sent under their camelCase name, as the reader expects.
    const field = (c: IReportColumn): string => c.json ?? conventionalJsonName(c.header);
    const parent: Record<string, unknown> = {};
    const inner: Array<Record<string, unknown>> = [];
    const items: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      // Parent (non-nested) fields are the same on every inner row of one item, as in Graph's answer.
      const cells = e.columns.map((c) => sample(c, nestedKey !== undefined && !c.jsonNested ? 0 : i));
      csvLines.push(cells.map((s) => s.csv).join(','));
      const obj: Record<string, unknown> = {};
      e.columns.forEach((c, k) => {
        const json = cells[k]?.json;
        if (nestedKey !== undefined && !c.jsonNested) parent[field(c)] = json;
        else obj[field(c)] = json;
      });
      if (nestedKey === undefined) items.push(obj);
      else inner.push(obj);
    }
    if (nestedKey !== undefined) items.push({ ...parent, [nestedKey]: inner });
    const fromCsv = parseReportCsv(csvLines.join('\r\n') + '\r\n', e);
    const fromJson = rowsFromJsonValues(items, e);
    expect(fromCsv.warnings).toEqual([]);
    expect(fromJson.warnings).toEqual([]);
    expect(fromCsv.rows).toHaveLength(3);
    expect(fromJson.rows).toEqual(fromCsv.rows);
  });
});
