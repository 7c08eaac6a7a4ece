declare interface IImpressionsWebPartStrings {
  PropertyPaneDescription: string;
  DisplayGroupName: string;
  DefaultViewLabel: string;
  ViewUsers: string;
  ViewImpression: string;
  ViewUsage: string;
  ViewLifecycle: string;
  ViewLicences: string;
  DefaultPeriodLabel: string;
  Period7: string;
  Period30: string;
  Period90: string;
  Period180: string;
  DefaultColumnsLabel: string;
  DefaultColumnsDescription: string;
  UsageTilesGroupName: string;
  VisitorsGroupName: string;
  VisitorsLabel: string;
  VisitorsDashboard: string;
  VisitorsNone: string;
  VisitorsDescription: string;
  RelayGroupName: string;
  RelayLabel: string;
  RelayPublish: string;
  RelayRead: string;
  RelayOff: string;
  RelaySiteLabel: string;
  RelaySiteDescription: string;
  RelaySiteInvalid: string;
  StoreGroupName: string;
  StoreSiteLabel: string;
  StoreSiteDescription: string;
  StoreSiteInvalid: string;
  EditsGroupName: string;
  AllowEditsLabel: string;
  AllowDestructiveLabel: string;
  On: string;
  Off: string;
  TokenFailed: string;
  GraphClientFailed: string;
}

declare module 'ImpressionsWebPartStrings' {
  const strings: IImpressionsWebPartStrings;
  export = strings;
}
