define([], function () {
  return {
    PropertyPaneDescription: 'Choose what M365 Impressions shows first and whether admins may edit users from it.',
    DisplayGroupName: 'Display',
    DefaultViewLabel: 'Default view',
    ViewUsers: 'Users',
    ViewImpression: 'Impression (one user)',
    ViewUsage: 'Usage reports',
    DefaultPeriodLabel: 'Default report period',
    Period7: 'Last 7 days',
    Period30: 'Last 30 days',
    Period90: 'Last 90 days',
    Period180: 'Last 180 days',
    DefaultColumnsLabel: 'Default user-list columns',
    DefaultColumnsDescription: 'Column keys, comma-separated, in order (viewers can still choose their own). Left empty, the default columns shown here are used. See the README for the keys.',
    UsageTilesGroupName: 'Usage overview tiles',
    EditsGroupName: 'Edits',
    AllowEditsLabel: 'Allow edits to users, groups and licences (needs write permissions)',
    On: 'On',
    Off: 'Off',
    TokenFailed: 'Signing in to Microsoft Graph failed. If the API access requests of M365 Impressions are not approved yet, an administrator approves them in the SharePoint admin center (Advanced, API access). The sign-in said:',
    GraphClientFailed: 'The Microsoft Graph client could not be created. An administrator may need to approve the API access requests in the SharePoint admin center.'
  };
});
