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
    expect(part).not.toMatch(/[<>:"/\\|?*\u0000-\u001f]/);
    expect(part.length).toBeLessThanOrEqual(100);
  });

  it('formats dates as yyyy-mm-dd and refuses what is not a date', () => {
    expect(fileDate(new Date(2024, 0, 9))).toBe('2024-01-09');
    expect(fileDate('2024-12-31T23:59:59Z')).toBe('2024-12-31');
    expect(() => fileDate('yesterday')).toThrow(/ISO date/);
    expect(() => fileDate(new Date(NaN))).toThrow(/Invalid date/);
  });
});
