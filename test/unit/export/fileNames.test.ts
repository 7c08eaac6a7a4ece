import { execFileSync } from 'child_process';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { fileDate, impressionFileName, reportFileName, safeFileNamePart, usersFileName } from '../../../src/core/export';

// A local date: file names carry the user's "today", not UTC's.
const may1 = new Date(2024, 4, 1, 23, 30);

describe('file names', () => {
  it('names the users export', () => {
    expect(usersFileName('contoso.onmicrosoft.com', may1, false)).toBe('m365-users-contoso.onmicrosoft.com-2024-05-01.xlsx');
    expect(usersFileName('Contoso Ltd', '2024-05-01', true)).toBe('m365-users-Contoso-Ltd-2024-05-01-filtered.xlsx');
  });

  it('names the impression workbook, keeping the UPN’s @ and dots', () => {
    expect(impressionFileName('adele.vance@contoso.com', may1)).toBe('impression-adele.vance@contoso.com-2024-05-01.xlsx');
    expect(impressionFileName('john_fabrikam.com#EXT#@contoso.onmicrosoft.com', '2024-05-01T08:00:00Z')).toBe(
      'impression-john_fabrikam.com#EXT#@contoso.onmicrosoft.com-2024-05-01.xlsx'
    );
  });

  it('names report exports with the function, its parameter and the date', () => {
    expect(reportFileName('getEmailActivityUserDetail', 'D30', may1)).toBe('m365-report-getEmailActivityUserDetail-D30-2024-05-01.xlsx');
    expect(reportFileName('getTeamsUserActivityUserDetail', '2024-04-28', may1, 'csv')).toBe('m365-report-getTeamsUserActivityUserDetail-2024-04-28-2024-05-01.csv');
    expect(reportFileName('getOffice365ActivationsUserDetail', undefined, may1)).toBe('m365-report-getOffice365ActivationsUserDetail-2024-05-01.xlsx');
    expect(reportFileName('getMailboxUsageDetail', '2024-04-01/2024-04-28', may1)).toBe('m365-report-getMailboxUsageDetail-2024-04-01-2024-04-28-2024-05-01.xlsx');
  });

  it.each([
    ['a<b>c:d"e/f\\g|h?i*j', 'a-b-c-d-e-f-g-h-i-j'],
    ['  spaced   out  ', 'spaced-out'],
    ['..hidden.', 'hidden'],
    ['tab\tand\u0001control', 'tab-and-control'],
    ['???', 'unknown'],
    ['Zoë Ødegård', 'Zoë-Ødegård']
  ])('safeFileNamePart(%j) -> %j', (input, expected) => {
    expect(safeFileNamePart(input)).toBe(expected);
  });

  it('never produces characters Windows refuses, and stays bounded', () => {
    const part = safeFileNamePart(`${'x'.repeat(150)}<>:"/\\|?*`);
    // eslint-disable-next-line no-control-regex -- the assertion is that no control character is left
    expect(part).not.toMatch(/[<>:"/\\|?*\u0000-\u001f]/);
    expect(part.length).toBeLessThanOrEqual(100);
  });

  it('formats dates as yyyy-mm-dd and refuses what is not a date', () => {
    expect(fileDate(new Date(2024, 0, 9))).toBe('2024-01-09');
    expect(fileDate('2024-12-31T23:59:59Z')).toBe('2024-12-31');
    expect(() => fileDate('yesterday')).toThrow(/ISO date/);
    expect(() => fileDate(new Date(NaN))).toThrow(/Invalid date/);
  });

  it('dates a name with the local day where UTC is another day: UTC+14 and UTC-11 (a child Node in each zone)', () => {
    // Jest cannot change its own process's zone, so the names are made in a child Node whose TZ is set;
    // 10:30 UTC on 21 November is already the 22nd in Kiritimati and still the 20th in Pago Pago.
    const script = `
      const f = require(${JSON.stringify(path.resolve(__dirname, '../../../src/core/export/fileNames.ts'))});
      const at = new Date('2026-11-21T10:30:00Z');
      const out = {};
      for (const tz of ['UTC', 'Pacific/Kiritimati', 'Pacific/Pago_Pago']) {
        process.env.TZ = tz; // Node takes a new TZ at once
        out[tz] = [f.usersFileName('contoso', at, false), f.impressionFileName('ann@contoso.com', at), f.reportFileName('getEmailActivityUserDetail', 'D30', at), f.fileDate('2026-11-21T23:30:00Z')];
      }
      process.stdout.write(JSON.stringify(out));`;
    const tsx = pathToFileURL(require.resolve('tsx')).href;
    const out = JSON.parse(execFileSync(process.execPath, ['--import', tsx, '-e', script], { encoding: 'utf8', env: { ...process.env, TZ: 'UTC' } })) as Record<string, string[]>;
    const names = (day: string): string[] => [`m365-users-contoso-${day}.xlsx`, `impression-ann@contoso.com-${day}.xlsx`, `m365-report-getEmailActivityUserDetail-D30-${day}.xlsx`, '2026-11-21'];
    expect(out).toEqual({ UTC: names('2026-11-21'), 'Pacific/Kiritimati': names('2026-11-22'), 'Pacific/Pago_Pago': names('2026-11-20') });
  });
});
