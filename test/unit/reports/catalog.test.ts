// Contract: the TypeScript catalog holds to src/core/reports/data/reports.json, Microsoft's documented facts.
import * as fs from 'fs';
import * as path from 'path';
import { REPORT_CATALOG, conventionalJsonName, findReport } from '../../../src/core/reports';
import type { IReportEntry } from '../../../src/core/reports';
import { loadRawReports, splitBetaRow } from './reportsData';
import type { IRawReport } from './reportsData';

const raw = loadRawReports();
const rawByFn = new Map<string, IRawReport>(raw.map((r) => [r.function, r]));

function entryOf(fn: string): IReportEntry {
  const e = REPORT_CATALOG.find((x) => x.fn === fn);
  if (e === undefined) throw new Error(`no catalog entry for ${fn}`);
  return e;
}

function loose(s: string): string {
  return s.replace(/\(Byte\)/g, 'In Bytes').toLowerCase().replace(/[^a-z0-9]/g, '');
}

// JSON-only fields of Microsoft's beta examples that have no CSV column (kept as unknown fields by the reader).
const JSON_ONLY_FIELDS: Record<string, string[]> = {
  getSharePointSiteUsageDetail: [
    'SiteSensitivityLabelId',
    'ExternalSharing',
    'UnmanagedDevicePolicy',
    'GeoLocation',
    'AnonymousLinkCount',
    'CompanyLinkCount',
    'SecureLinkForGuestCount',
    'SecureLinkForMemberCount'
  ],
  getYammerGroupsActivityDetail: ['networkDisplayName']
};

// CSV columns whose field is absent from the beta example row although the report has one.
const CSV_ONLY_COLUMNS: Record<string, string[]> = {
  getEmailActivityCounts: ['Meeting Created', 'Meeting Interacted'],
  getEmailActivityUserDetail: ['Meeting Created Count', 'Meeting Interacted Count'],
  getMailboxUsageDetail: ['Deleted Item Quota (Byte)', 'Has Archive'],
  getTeamsDeviceUsageUserDetail: ['User Id'],
  getTeamsUserActivityCounts: [
    'Post Messages',
    'Reply Messages',
    'Audio Duration',
    'Video Duration',
    'Screen Share Duration',
    'Meetings Organized',
    'Meetings Attended'
  ]
};

// Header <-> field pairs that no name rule derives; each is asserted explicitly.
const NON_MECHANICAL: Array<[string, string, string]> = [
  ['getMailboxUsageDetail', 'Storage Used (Byte)', 'storageUsedInBytes'],
  ['getMailboxUsageDetail', 'Prohibit Send/Receive Quota (Byte)', 'prohibitSendReceiveQuotaInBytes'],
  ['getOffice365GroupsActivityDetail', 'Guest Count', 'externalMemberCount'],
  ['getSkypeForBusinessActivityUserDetail', 'Organized Conference Dial-in/out Microsoft Count', 'organizedConferenceCloudDialInOutMicrosoftCount'],
  ['getSkypeForBusinessActivityUserDetail', 'Organized Conference Dial-in Microsoft Minutes', 'organizedConferenceCloudDialInMicrosoftMinutes'],
  ['getSkypeForBusinessActivityUserDetail', 'Organized Conference Dial-out Microsoft Minutes', 'organizedConferenceCloudDialOutMicrosoftMinutes'],
  ['getSkypeForBusinessParticipantActivityMinuteCounts', 'Audio/Video', 'audiovideo'],
  ['getM365AppUserDetail', 'Outlook (Windows)', 'outlookWindows'],
  ['getOffice365ActivationCounts', 'Windows 10 Mobile', 'windows10Mobile']
];

describe('report catalog vs reports.json', () => {
  it('has every function exactly once, in the same order', () => {
    expect(raw).toHaveLength(75);
    expect(REPORT_CATALOG.map((e) => e.fn)).toEqual(raw.map((r) => r.function));
    expect(new Set(REPORT_CATALOG.map((e) => e.fn)).size).toBe(REPORT_CATALOG.length);
  });

  it.each(raw.map((r) => [r.function, r] as const))('%s: params, headers, kind, retired, workload', (fn, r) => {
    const e = entryOf(fn);
    expect([...e.params]).toEqual(r.params);
    expect(e.columns.map((c) => c.header)).toEqual(r.csvHeaders);
    expect(e.kind).toBe(r.kind);
    expect(e.retired).toBe(r.serviceRetired);
    // reports.json qualifies two names ("Skype for Business (retired service)", "Viva Engage (Yammer)").
    expect(r.workload.startsWith(e.workload)).toBe(true);
    expect(e.workload).toBe(r.workload.replace(/ \(.*\)$/, ''));
    expect(e.retired).toBe(e.workload === 'Skype for Business');
  });

  it.each(raw.filter((r) => r.betaJsonRow).map((r) => [r.function, r] as const))(
    '%s: JSON names exist in betaJsonRow and every matching field is mapped',
    (fn, r) => {
      const e = entryOf(fn);
      const { top, nestedKey, nested } = splitBetaRow(r.betaJsonRow ?? {});
      const mapped = new Set<string>();
      for (const c of e.columns) {
        if (c.json === undefined) continue;
        expect({ fn, header: c.header, found: c.json in top || c.json in nested }).toEqual({ fn, header: c.header, found: true });
        expect({ header: c.header, nested: c.jsonNested === true }).toEqual({ header: c.header, nested: c.json in nested });
        mapped.add(c.json);
      }
      const allFields = [...Object.keys(top), ...Object.keys(nested)];
      const unmapped = allFields.filter((f) => !mapped.has(f));
      expect(unmapped.sort()).toEqual([...(JSON_ONLY_FIELDS[fn] ?? [])].sort());
      // Any field that mechanically matches a header must be mapped to that header.
      for (const f of allFields) {
        const header = r.csvHeaders.find((h) => loose(h) === loose(f));
        if (header !== undefined) expect([header, e.columns.find((c) => c.header === header)?.json]).toEqual([header, f]);
      }
      const withoutJson = e.columns.filter((c) => c.json === undefined).map((c) => c.header);
      expect(withoutJson).toEqual(CSV_ONLY_COLUMNS[fn] ?? []);
      expect(e.jsonShape).toBe(nestedKey ?? 'flat');
      expect(e.jsonArray).toBeUndefined();
    }
  );

  it.each(NON_MECHANICAL)('%s maps "%s" to %s', (fn, header, json) => {
    expect(entryOf(fn).columns.find((c) => c.header === header)?.json).toBe(json);
  });

  it.each(raw.filter((r) => !r.betaJsonRow).map((r) => [r.function] as const))(
    '%s (no beta example): JSON names follow the camelCase convention',
    (fn) => {
      for (const c of entryOf(fn).columns) expect([c.header, c.json]).toEqual([c.header, conventionalJsonName(c.header)]);
    }
  );

  it('knows the nested arrays Microsoft documents for reports without a beta example in reports.json', () => {
    expect(raw.filter((r) => !r.betaJsonRow).map((r) => r.function).sort()).toEqual(
      [
        'getOffice365ActivationsUserDetail',
        'getTeamsTeamActivityCounts',
        'getTeamsTeamActivityDetail',
        'getTeamsTeamActivityDistributionCounts',
        'getTeamsTeamCounts',
        'getTeamsUserActivityUserDetail'
      ].sort()
    );
    expect([entryOf('getTeamsTeamCounts').jsonShape, entryOf('getTeamsTeamCounts').jsonArray]).toEqual(['userCounts', 'teamsTeamUsageByDate']);
    expect(entryOf('getOffice365ActivationsUserDetail').jsonArray).toBe('userActivationCounts');
    expect(entryOf('getTeamsTeamActivityDetail').jsonShape).toBe('details');
    expect(entryOf('getTeamsUserActivityUserDetail').jsonShape).toBe('flat');
  });

  it.each(raw.map((r) => [r.function, r] as const))('%s: column types follow the header and the beta field type', (fn, r) => {
    const e = entryOf(fn);
    const { top, nested } = splitBetaRow(r.betaJsonRow ?? {});
    for (const c of e.columns) {
      const h = c.header;
      const got = [h, c.type, c.unit];
      if (h === 'Assigned Products') expect(got).toEqual([h, 'products', undefined]);
      else if (h === 'Report Period') expect(got).toEqual([h, 'number', 'days']);
      else if (/(^| )Date$/.test(h)) expect(got).toEqual([h, 'date', undefined]);
      else if (/\(Byte\)$/.test(h)) expect(got).toEqual([h, 'number', 'bytes']);
      else if (/In Seconds$/.test(h)) expect(got).toEqual([h, 'number', 'seconds']);
      else if (/^(Is|Has|Used) /.test(h)) expect(got).toEqual([h, 'boolean', undefined]);
      const betaType = c.json === undefined ? undefined : (top[c.json] ?? nested[c.json]);
      if (betaType === 'boolean') expect([h, c.type]).toEqual([h, 'boolean']);
      if (betaType === 'number') expect([h, c.type]).toEqual([h, 'number']);
      if (c.type === 'number') expect([h, c.unit === undefined]).toEqual([h, h !== 'Report Period' && (/Minutes$/.test(h) || fn.includes('MinuteCounts'))]);
    }
  });

  it('types the columns without a beta field by name', () => {
    const types = (fn: string): Record<string, string> =>
      Object.fromEntries(entryOf(fn).columns.map((c) => [c.header, `${c.type}${c.unit ? `/${c.unit}` : ''}`]));
    expect(types('getMailboxUsageDetail')).toMatchObject({ 'Deleted Item Quota (Byte)': 'number/bytes', 'Has Archive': 'boolean' });
    expect(types('getTeamsUserActivityUserDetail')).toMatchObject({
      'User Id': 'string',
      'Audio Duration': 'string',
      'Audio Duration In Seconds': 'number/seconds',
      'Has Other Action': 'boolean',
      'Is Licensed': 'boolean',
      'Team Chat Message Count': 'number/count'
    });
    expect(types('getOffice365ActivationsUserDetail')).toMatchObject({
      'Product Type': 'string',
      'Last Activated Date': 'date',
      iOS: 'number/count',
      'Activated On Shared Computer': 'boolean'
    });
    expect(types('getEmailAppUsageUserDetail')).toMatchObject({ 'Outlook For Windows': 'string' });
  });

  it.each(REPORT_CATALOG.map((e) => [e.fn, e] as const))('%s: subject, chart and text', (_fn, e) => {
    const numeric = e.columns.filter((c) => c.type === 'number' && c.header !== 'Report Period').map((c) => c.header);
    const headers = e.columns.map((c) => c.header);
    expect(e.title.length).toBeGreaterThan(5);
    expect(e.description.length).toBeGreaterThan(20);
    expect(e.description).not.toMatch(/\n/);
    for (const s of e.chart.series) expect(numeric).toContain(s);
    if (e.chart.x !== undefined) expect(headers).toContain(e.chart.x);
    if (e.kind === 'trend') {
      expect(e.subject).toBe('tenant');
      expect(e.chart.x).toBe('Report Date');
      expect(e.chart.series).toEqual(numeric);
      expect(e.chart.type).toBe(e.columns.some((c) => c.unit === 'bytes') ? 'area' : 'line');
    } else if (e.kind === 'distribution') {
      expect(e.subject).toBe('tenant');
      expect(['bar', 'pie']).toContain(e.chart.type);
      expect(e.chart.series.length).toBeGreaterThan(0);
    } else {
      expect(e.subject).not.toBe('tenant');
      expect(e.chart.type).toBe('table');
      expect(e.chart.x).toBeDefined();
    }
  });

  it('gives each report a distinct title and a sensible subject', () => {
    expect(new Set(REPORT_CATALOG.map((e) => e.title)).size).toBe(REPORT_CATALOG.length);
    expect(entryOf('getEmailActivityUserDetail').title).toBe('Email activity user detail');
    expect(entryOf('getSharePointSiteUsageDetail').subject).toBe('site');
    expect(entryOf('getOffice365GroupsActivityDetail').subject).toBe('group');
    expect(entryOf('getTeamsTeamActivityDetail').subject).toBe('team');
    expect(entryOf('getMailboxUsageDetail').chart.series).toEqual(['Storage Used (Byte)']);
    expect(entryOf('getSharePointSiteUsageStorage').chart.type).toBe('area');
  });

  it('finds reports by name, forgiving case and spaces, and nothing else', () => {
    expect(findReport('getEmailActivityUserDetail')?.fn).toBe('getEmailActivityUserDetail');
    expect(findReport(' getemailactivityuserdetail ')?.fn).toBe('getEmailActivityUserDetail');
    expect(findReport('getNothing')).toBeUndefined();
    expect(findReport('')).toBeUndefined();
    for (const r of raw) expect(findReport(r.function)).toBe(rawByFn.has(r.function) ? entryOf(r.function) : undefined);
  });
});

describe('report core boundaries', () => {
  const dir = path.join(__dirname, '../../../src/core/reports');
  const sources = fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')] as const);

  it('has source files to check', () => {
    expect(sources.map(([f]) => f)).toEqual(expect.arrayContaining(['catalog.ts', 'csv.ts', 'json.ts', 'params.ts', 'index.ts']));
  });

  it.each(sources)('%s stays host-free and never imports reports.json', (file, text) => {
    const specs = [...text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)].map((m) => m[1] ?? '');
    for (const spec of specs) {
      if (spec.startsWith('.')) {
        // Relative imports stay inside src/core (siblings, ../graph, ...).
        expect([spec, path.resolve(dir, spec).startsWith(path.resolve(dir, '..') + path.sep)]).toEqual([spec, true]);
      } else {
        expect(spec).not.toMatch(/^(react|react-dom|@fluentui\/|@microsoft\/sp-|node:|fs$|path$|os$|crypto$|stream$|buffer$|util$)/);
      }
      expect(spec).not.toMatch(/reports\.json$/);
    }
    expect([file, /\b(Buffer|process)\.|\brequire\(/.test(text)]).toEqual([file, false]);
  });
});
