import * as path from 'path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { chromiumPath, launchChromium, noChromiumMessage } from '../helpers/chromium';

jest.setTimeout(120_000);
const exe = chromiumPath();
const suite = exe || process.env.CI ? describe : describe.skip;

// The browser's stores of idbPersistence in Chromium's own IndexedDB: the kept user list per tenant and
// person, and the upgrade from the database version 2 (report reads only) that keeps those reads.
// The module is bundled as the web part bundles it and run in a page of its own origin.

const ORIGIN = 'https://idb.test';
const ROOT = path.resolve(__dirname, '..', '..');

/** What the page's script exposes (window.idb). */
type Window = typeof globalThis & { idb: typeof import('../../src/ui/common/idbPersistence') };

suite('the kept user list in IndexedDB (Chromium)', () => {
  let browser: Browser;
  let script: string;
  beforeAll(async () => {
    if (!exe) throw new Error(noChromiumMessage());
    const out = await build({
      entryPoints: [path.join(ROOT, 'src/ui/common/idbPersistence.ts')],
      bundle: true,
      format: 'iife',
      globalName: 'idb',
      platform: 'browser',
      target: 'es2019',
      write: false,
      logLevel: 'silent'
    });
    script = out.outputFiles[0]?.text ?? '';
    browser = await launchChromium(exe);
  });
  afterAll(async () => { await browser?.close(); });

  /** A fresh browser profile (its own IndexedDB) with a page at ORIGIN; the module loaded unless `load` is false. */
  async function page(load = true): Promise<Page> {
    const context = await browser.newContext();
    await context.route(`${ORIGIN}/**`, route => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>idb</title>' }));
    const p = await context.newPage();
    await p.goto(`${ORIGIN}/`);
    if (load) await p.addScriptTag({ content: script });
    return p;
  }

  const kept = (ids: string[], deltaLink = 'https://graph.microsoft.com/v1.0/users/delta?$deltatoken=d1'): unknown => ({
    version: 1,
    select: 'id,displayName',
    deltaLink,
    savedAt: 1_790_000_000_000,
    users: ids.map(id => ({ id, displayName: id, userPrincipalName: `${id}@contoso.com`, mail: null, jobTitle: null, department: null, officeLocation: null, userType: 'Member', accountEnabled: true, createdDateTime: null, usageLocation: null, skuIds: [] }))
  });

  it('deletes anyone\'s list kept longer than a delta link lasts (7 days) when a list is kept', async () => {
    const p = await page();
    const result = await p.evaluate(async ({ old, recent }) => {
      const { indexedDbUserCache } = (window as unknown as Window).idb;
      const gone = indexedDbUserCache('contoso.onmicrosoft.com', 'left-the-company');
      const stays = indexedDbUserCache('contoso.onmicrosoft.com', 'colleague');
      const saver = indexedDbUserCache('contoso.onmicrosoft.com', 'admin');
      if (!gone || !stays || !saver) throw new Error('no IndexedDB');
      await gone.save(old as never);
      await stays.save({ ...(recent as object), savedAt: (recent as { savedAt: number }).savedAt - 6 * 86_400_000 } as never);
      const before = await gone.load();
      await saver.save(recent as never);
      return { before: !!before, gone: await gone.load(), goneLink: await gone.loadLink?.(), stays: !!(await stays.load()), saver: !!(await saver.load()) };
    }, { old: { ...(kept(['u1']) as object), savedAt: 1_790_000_000_000 - 8 * 86_400_000 }, recent: kept(['u2']) });
    expect(result).toEqual({ before: true, gone: undefined, goneLink: undefined, stays: true, saver: true });
    await p.context().close();
  });

  it('keeps one list per tenant and person, returns it whole, and clears only that one', async () => {
    const p = await page();
    const result = await p.evaluate(async ({ a, b }) => {
      const { indexedDbUserCache } = (window as unknown as Window).idb;
      const mine = indexedDbUserCache('contoso.onmicrosoft.com', 'person-a');
      const theirs = indexedDbUserCache('contoso.onmicrosoft.com', 'person-b');
      const otherTenant = indexedDbUserCache('fabrikam.onmicrosoft.com', 'person-a');
      if (!mine || !theirs || !otherTenant) throw new Error('no IndexedDB');
      const before = await mine.load();
      await mine.save(a as never);
      await theirs.save(b as never);
      const loaded = { mine: await mine.load(), theirs: await theirs.load(), otherTenant: await otherTenant.load() };
      const links = { mine: await mine.loadLink?.(), otherTenant: await otherTenant.loadLink?.() };
      await mine.clear();
      return { before, loaded, links, afterClear: { mine: await mine.load(), mineLink: await mine.loadLink?.(), theirs: await theirs.load() } };
    }, { a: kept(['u1', 'u2']), b: kept(['u9'], 'https://graph.microsoft.com/v1.0/users/delta?$deltatoken=b') });
    expect(result.before).toBeUndefined();
    expect(result.loaded.mine).toEqual(kept(['u1', 'u2']));
    expect(result.loaded.theirs).toEqual(kept(['u9'], 'https://graph.microsoft.com/v1.0/users/delta?$deltatoken=b'));
    expect(result.loaded.otherTenant).toBeUndefined();
    // The link alone, written with the list (Graph is asked what changed while the list is read).
    const { users: _users, ...link } = kept(['u1', 'u2']) as Record<string, unknown>;
    void _users;
    expect(result.links.mine).toEqual(link);
    expect(result.links.otherTenant).toBeUndefined();
    expect(result.afterClear.mine).toBeUndefined();
    expect(result.afterClear.mineLink).toBeUndefined();
    expect(result.afterClear.theirs).toEqual(kept(['u9'], 'https://graph.microsoft.com/v1.0/users/delta?$deltatoken=b'));
    await p.context().close();
  });

  it('answers "nothing kept" for an entry of another shape, and never mixes with the report reads', async () => {
    const p = await page();
    const result = await p.evaluate(async () => {
      const { indexedDbUserCache, indexedDbPersistence } = (window as unknown as Window).idb;
      const cache = indexedDbUserCache('t', 'p');
      const reports = indexedDbPersistence();
      if (!cache || !reports) throw new Error('no IndexedDB');
      await reports.set('t|p|json|x', { savedAt: 1, result: { rows: [] } } as never);
      await cache.load(); // the database is open at its version
      // Write odd entries straight into the users store, as another version of the app might have.
      const put = (value: unknown): Promise<void> => new Promise((resolve, reject) => {
        const open = indexedDB.open('m365-impressions');
        open.onsuccess = () => {
          const tx = open.result.transaction('users', 'readwrite');
          tx.objectStore('users').put(value, 't|p|users');
          tx.oncomplete = () => { open.result.close(); resolve(); };
          tx.onerror = () => reject(tx.error);
        };
        open.onerror = () => reject(open.error);
      });
      const answers: unknown[] = [];
      for (const odd of [{ version: 2, select: '', deltaLink: 'x', savedAt: 1, users: [] }, 'text', { version: 1, select: 'id', deltaLink: 'x', savedAt: 1, users: [{ id: 7 }] }]) {
        await put(odd);
        answers.push(await cache.load());
      }
      await reports.clear('t|p|');
      return { answers, reportGone: await reports.get('t|p|json|x') };
    });
    expect(result.answers).toEqual([undefined, undefined, undefined]);
    expect(result.reportGone).toBeUndefined();
    await p.context().close();
  });

  it('upgrades a version 2 database, keeping its report reads', async () => {
    const p = await page(false);
    // The database as version 2 of the app left it: the 'reports' store with a read in it.
    await p.evaluate(() => new Promise<void>((resolve, reject) => {
      const open = indexedDB.open('m365-impressions', 2);
      open.onupgradeneeded = () => { open.result.createObjectStore('reports'); };
      open.onsuccess = () => {
        const tx = open.result.transaction('reports', 'readwrite');
        tx.objectStore('reports').put({ savedAt: 5, result: { rows: [{ a: 1 }] } }, 'tenant|person|json|getEmailActivityCounts(period=D30)');
        tx.oncomplete = () => { open.result.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
      open.onerror = () => reject(open.error);
    }));
    await p.addScriptTag({ content: script });
    const result = await p.evaluate(async () => {
      const { indexedDbUserCache, indexedDbPersistence } = (window as unknown as Window).idb;
      const reports = indexedDbPersistence();
      const cache = indexedDbUserCache('tenant', 'person');
      if (!reports || !cache) throw new Error('no IndexedDB');
      const read = await reports.get('tenant|person|json|getEmailActivityCounts(period=D30)');
      await cache.save({ version: 1, select: 'id', deltaLink: 'https://graph.microsoft.com/v1.0/users/delta?$deltatoken=z', savedAt: 1, users: [] });
      const list = await cache.load();
      const version = await new Promise<number>(resolve => {
        const open = indexedDB.open('m365-impressions');
        open.onsuccess = () => { const v = open.result.version; open.result.close(); resolve(v); };
      });
      return { read, list, version };
    });
    expect(result.read).toEqual({ savedAt: 5, result: { rows: [{ a: 1 }] } });
    expect(result.list).toMatchObject({ deltaLink: 'https://graph.microsoft.com/v1.0/users/delta?$deltatoken=z' });
    expect(result.version).toBe(3);
    await p.context().close();
  });
});
