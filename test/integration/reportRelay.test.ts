/**
 * Reading usage reports fast in a large tenant (issue 20), against the demo tenant over real HTTP: page sizes
 * learned from Graph's cap or refusal, row lookups that stop at the row's page and keep a partial read that is
 * never served as the report, and the relay's copies in a SharePoint library: used only when fresh, and only
 * for someone Graph lets read the report.
 */
import { gunzipSync, gzipSync } from 'zlib';
import { startDemoTenant } from '../../workbench/demo-tenant';
import type { IDemoTenant } from '../../workbench/demo-tenant';
import { ReportStore } from '../../src/core/reports/store';
import type { IReportStoreOptions } from '../../src/core/reports/store';
import { requireReport } from '../../src/core/reports/catalog';
import { PageSizer } from '../../src/core/reports/pageSize';
import { RELAY_LIBRARY_TITLE, relayFileName } from '../../src/core/reports/relay';
import type { IReportRelayOptions } from '../../src/core/reports/relay';
import { SharePointLibrary } from '../../src/core/sharepoint/library';
import type { SharePointFetch } from '../../src/core/sharepoint/library';
import { GraphError } from '../../src/core/graph/GraphError';
import type { ReportRow } from '../../src/core/reports/types';
import { gatewayFor } from '../helpers/graph';

jest.setTimeout(120_000);

const entry = requireReport('getEmailActivityUserDetail');
const D30 = { period: 'D30' } as const;
const KEY = 'getEmailActivityUserDetail(period=D30)';
const SITE = 'relay-test';
const upnOf = (r: ReportRow): unknown => r['User Principal Name'];
const byUpn = (upn: string) => (r: ReportRow): boolean => typeof upnOf(r) === 'string' && (upnOf(r) as string).toLowerCase() === upn.toLowerCase();

describe('report reads in a large tenant', () => {
  let t: IDemoTenant;
  let whole: ReportRow[];

  const store = (options: Partial<IReportStoreOptions> = {}, token = t.token): ReportStore => new ReportStore(gatewayFor(t.url, token), { format: 'json', ...options });
  const bearer = (token: string): SharePointFetch => (url, init) => fetch(url, { ...init, headers: { ...init.headers, Authorization: `Bearer ${token}` } });
  const library = (token = t.token): SharePointLibrary => new SharePointLibrary(bearer(token), `${t.url}/sites/${SITE}`, RELAY_LIBRARY_TITLE);
  const relay = (options: Partial<IReportRelayOptions> = {}, token = t.token): IReportRelayOptions => ({ files: library(token), ...options });
  const copyPath = (): string => `${t.sharePoint.list(SITE, RELAY_LIBRARY_TITLE)?.serverRelativeUrl ?? ''}/${relayFileName(entry.fn, D30)}`;

  beforeAll(async () => {
    t = await startDemoTenant({ users: 2300, seed: 4 });
    whole = (await store({ sizer: new PageSizer([200]) }).get(entry, D30)).rows;
    expect(whole.length).toBeGreaterThan(1200);
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => {
    t.options.reportPageCap = 200;
    t.options.reportTopOverCap = 'cap';
  });

  describe('page sizes', () => {
    it('asks for large pages and follows the cap Graph shows: the same rows in a fifth of the requests', async () => {
      t.options.reportPageCap = 1000;
      const s = store();
      const read = await s.get(entry, D30);
      expect(read.rows).toEqual(whole);
      expect(read.requests).toBe(Math.ceil(whole.length / 1000));
      expect(s.sizer.state()).toEqual({ ask: 1000, cap: 1000, refused: [] });
    });

    it('steps down after Graph refuses the size with 400, and asks the smaller size from then on', async () => {
      t.options.reportPageCap = 1000;
      t.options.reportTopOverCap = 'reject';
      const s = store();
      const gw = (s as unknown as { gateway: { stats: { requests: number } } }).gateway;
      expect((await s.get(entry, D30)).rows).toEqual(whole);
      expect(s.sizer.state()).toEqual({ ask: 1000, refused: [5000] });
      const before = gw.stats.requests;
      expect((await s.get(requireReport('getMailboxUsageDetail'), D30)).requests).toBeGreaterThan(0);
      // The second report asks 1000 at once: no second refusal.
      expect(gw.stats.requests - before).toBe(Math.ceil((await store({ pageSize: 1000 }).get(requireReport('getMailboxUsageDetail'), D30)).rows.length / 1000));
    });

    it('remembers nothing when the 400 was not about the size (Graph refuses the default size too)', async () => {
      const s = store();
      await expect(s.get(entry, { date: '2001-01-01' })).rejects.toBeInstanceOf(GraphError);
      expect(s.sizer.ask).toBe(5000);
    });
  });

  describe('stop when found', () => {
    it('reads only as far as the row, then a later whole read finishes from there: never a partial read as the report', async () => {
      const s = store({ sizer: new PageSizer([200]) });
      const early = String(upnOf(whole[150] ?? {}));
      const found = await s.findRow(entry, D30, byUpn(early));
      expect(upnOf(found.row ?? {})).toBe(early);
      expect(found.complete).toBe(false);
      expect(found.result.rows.length).toBeLessThan(whole.length);
      const afterFind = s.stats.requests;
      expect(afterFind).toBe(1);
      // A second user further on: the pages already read are searched first, and the read goes on from there.
      const later = String(upnOf(whole[900] ?? {}));
      expect(upnOf((await s.findRow(entry, D30, byUpn(later))).row ?? {})).toBe(later);
      expect(s.stats.requests).toBe(5);
      // The whole report, asked for after the partial reads: every row, in order, the pages read once.
      const all = await s.get(entry, D30);
      expect(all.rows).toEqual(whole);
      expect(s.stats.requests).toBe(Math.ceil(whole.length / 200));
    });

    it('reads the whole report for a user who has no row, and then holds it whole', async () => {
      const s = store({ sizer: new PageSizer([200]) });
      const found = await s.findRow(entry, D30, byUpn('nobody@example.com'));
      expect(found).toMatchObject({ row: undefined, complete: true });
      expect(found.result.rows).toEqual(whole);
      const requests = s.stats.requests;
      expect((await s.get(entry, D30)).rows).toEqual(whole);
      expect(s.stats.requests).toBe(requests);
    });

    it('shares the pages when two lookups and a whole read run at once', async () => {
      const s = store({ sizer: new PageSizer([200]) });
      const [a, b, all] = await Promise.all([
        s.findRow(entry, D30, byUpn(String(upnOf(whole[10] ?? {})))),
        s.findRow(entry, D30, byUpn(String(upnOf(whole[1500] ?? {})))),
        s.get(entry, D30)
      ]);
      expect(a.row).toBeDefined();
      expect(b.row).toBeDefined();
      expect(all.rows).toEqual(whole);
      expect(s.stats.requests).toBe(Math.ceil(whole.length / 200));
    });
  });

  describe('the relay', () => {
    beforeAll(async () => {
      // The admin's session reads the report whole and publishes it (creating the library, theirs alone).
      const publisher = store({ relay: relay({ read: false, publishedBy: 'admin' }) });
      await publisher.get(entry, D30);
      expect(await publisher.published()).toEqual([{ key: KEY, ok: true }]);
      expect(t.sharePoint.list(SITE, RELAY_LIBRARY_TITLE)?.hasUniqueRoleAssignments).toBe(true);
    });

    it('serves the copy after one Graph request for one row (access and report date), with where it came from', async () => {
      const s = store({ relay: relay({ publish: false }) });
      const found = await s.findRow(entry, D30, byUpn(String(upnOf(whole[2100] ?? {}))));
      expect(found.complete).toBe(true);
      expect(found.result.rows).toEqual(whole);
      expect(found.result.source).toMatchObject({ kind: 'relay', publishedBy: 'admin', where: expect.stringContaining(RELAY_LIBRARY_TITLE) });
      expect(s.stats.requests).toBe(1);
      expect(s.relayLog).toEqual([{ key: KEY, outcome: 'used' }]);
      // Held whole from then on: the whole read costs nothing more.
      expect((await s.get(entry, D30)).rows).toEqual(whole);
      expect(s.stats.requests).toBe(1);
    });

    it('keeps copies compressed, a fraction of their JSON', () => {
      const bytes = t.sharePoint.getFileBytes(SITE, copyPath()) ?? new Uint8Array();
      expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
      expect(bytes.length * 4).toBeLessThan(gunzipSync(bytes).length);
    });

    it('reads Graph when the copy is older than Graph\'s report', async () => {
      const path = copyPath();
      const bytes = t.sharePoint.getFileBytes(SITE, path) ?? new Uint8Array();
      const text = gunzipSync(bytes).toString('utf8');
      try {
        t.sharePoint.putFile(SITE, path, gzipSync(text.replace(/"refreshDate":"[^"]+"/, '"refreshDate":"2001-01-01"')));
        const s = store({ relay: relay({ publish: false }), sizer: new PageSizer([200]) });
        const read = await s.get(entry, D30);
        expect(read.source).toBeUndefined();
        expect(read.rows).toEqual(whole);
        expect(s.relayLog).toEqual([{ key: KEY, outcome: 'stale', detail: expect.stringContaining('(2001-01-01) is older than Graph\'s') }]);
      } finally {
        t.sharePoint.putFile(SITE, path, bytes);
      }
    });

    it.each([
      ['truncated JSON', (text: string): Uint8Array | string => text.slice(0, 200), 'it is not JSON'],
      ['damaged compression', (_text: string, bytes: Uint8Array): Uint8Array | string => bytes.slice(0, 300), 'its compression is damaged']
    ])('reads Graph when the copy is malformed (%s), and says why', async (_name, damage, detail) => {
      const path = copyPath();
      const bytes = t.sharePoint.getFileBytes(SITE, path) ?? new Uint8Array();
      try {
        t.sharePoint.putFile(SITE, path, damage(gunzipSync(bytes).toString('utf8'), bytes));
        const s = store({ relay: relay({ publish: false }) });
        expect((await s.get(entry, D30)).rows).toEqual(whole);
        expect(s.relayLog).toEqual([{ key: KEY, outcome: 'malformed', detail }]);
      } finally {
        t.sharePoint.putFile(SITE, path, bytes);
      }
    });

    it('reads Graph when there is no copy of that read', async () => {
      const s = store({ relay: relay({ publish: false }) });
      await s.get(entry, { period: 'D7' });
      expect(s.relayLog).toEqual([{ key: 'getEmailActivityUserDetail(period=D7)', outcome: 'missing' }]);
    });

    it('keeps no copy of a single day\'s read, and looks for none (the explorer\'s dates and ranges)', async () => {
      const s = store({ relay: relay() });
      expect((await s.get(entry, { date: t.info.refreshDate })).rows.length).toBeGreaterThan(0);
      expect(await s.published()).toEqual([]);
      expect(s.relayLog).toEqual([]);
    });

    it('reads Graph for another admin the library does not let in (SharePoint hides it from them)', async () => {
      const other = t.info.people.breakGlass;
      const token = t.tokenAs(other?.userPrincipalName ?? '') ?? '';
      expect(token).not.toBe('');
      const s = store({ relay: relay({ publish: false }, token), sizer: new PageSizer([200]) }, token);
      const read = await s.get(entry, D30);
      expect(read.source).toBeUndefined();
      expect(read.rows).toEqual(whole);
      expect(s.relayLog[0]?.outcome).toBe('missing');
    });

    it('never shows a copy to someone Graph does not let read the report, even when the library lets them in', async () => {
      const person = t.info.people.unicode ?? t.info.people.inactive90;
      const token = t.tokenAs(person?.userPrincipalName ?? '') ?? '';
      t.sharePoint.grant(SITE, RELAY_LIBRARY_TITLE, person?.id ?? '');
      const s = store({ relay: relay({ publish: false }, token) }, token);
      const refused = await s.findRow(entry, D30, () => true).then(() => undefined, (e: unknown) => e);
      expect(refused).toBeInstanceOf(GraphError);
      expect((refused as GraphError).status).toBe(403);
      await expect(s.get(entry, D30)).rejects.toMatchObject({ status: 403 });
    });
  });
});
