import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { fileUserCache, userCacheFile } from '../../../src/cli/userCache';
import type { IKeptUsers } from '../../../src/core/directory/userCache';

// `users --cache <dir>`: the kept user list as a file per tenant and signed-in identity, read back by the
// next run; anything odd in the folder is "nothing kept", never a crash.

const TENANT = '6f1d2c3b-0000-4000-8000-00000000000a';
const ANN = 'a0a0a0a0-0000-4000-8000-000000000001';
const BOB = 'b0b0b0b0-0000-4000-8000-000000000002';

const kept = (ids: string[], token = 'd1'): IKeptUsers => ({
  version: 1,
  select: 'id,displayName,userPrincipalName',
  deltaLink: `https://graph.microsoft.com/v1.0/users/delta?$deltatoken=${token}`,
  savedAt: 1_790_000_000_000,
  users: ids.map(id => ({ id, displayName: id, userPrincipalName: `${id}@contoso.com`, mail: null, jobTitle: null, department: null, officeLocation: null, userType: 'Member', accountEnabled: true, createdDateTime: null, usageLocation: null, skuIds: [] }))
});

describe('the kept user list in a folder (--cache)', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'm365i-cache-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('keeps a list that the next run reads back whole, in a file only this account can read, named by a hash', async () => {
    const problems: string[] = [];
    const first = fileUserCache(path.join(dir, 'new', 'folder'), TENANT, ANN, { onProblem: t => problems.push(t) });
    expect(await first.load()).toBeUndefined();
    expect(first.lastSave).toBe('none');
    await first.save(kept(['u1', 'u2']));
    expect(first.lastSave).toBe('written');

    const next = fileUserCache(path.join(dir, 'new', 'folder'), TENANT.toUpperCase(), ANN.toUpperCase());
    expect(await next.load()).toEqual(kept(['u1', 'u2']));
    expect(next.file).toBe(first.file);
    expect(problems).toEqual([]); // none kept on the first run is not a problem

    const names = fs.readdirSync(path.join(dir, 'new', 'folder'));
    expect(names).toEqual([path.basename(first.file)]); // no temporary file left behind
    expect(names[0]).toMatch(/^users-[0-9a-f]{32}\.json$/);
    if (process.platform !== 'win32') {
      expect(fs.statSync(first.file).mode & 0o777).toBe(0o600);
      expect(fs.statSync(path.join(dir, 'new', 'folder')).mode & 0o077).toBe(0);
    }
    // The file holds the list and whose it is; no token claim beyond the two ids.
    const text = fs.readFileSync(first.file, 'utf8');
    expect(JSON.parse(text)).toEqual({ format: 'm365-impressions/users', tenant: TENANT, person: ANN, kept: kept(['u1', 'u2']) });
  });

  it('never lets two people or two tenants share a list', async () => {
    await fileUserCache(dir, TENANT, ANN).save(kept(['ann-sees']));
    expect(await fileUserCache(dir, TENANT, BOB).load()).toBeUndefined();
    expect(await fileUserCache(dir, 'another-tenant', ANN).load()).toBeUndefined();
    await fileUserCache(dir, TENANT, BOB).save(kept(['bob-sees']));
    expect((await fileUserCache(dir, TENANT, ANN).load())?.users.map(u => u.id)).toEqual(['ann-sees']);
    expect((await fileUserCache(dir, TENANT, BOB).load())?.users.map(u => u.id)).toEqual(['bob-sees']);
    // A file copied over another person's name is not theirs.
    fs.copyFileSync(userCacheFile(dir, TENANT, ANN), userCacheFile(dir, TENANT, BOB));
    const problems: string[] = [];
    expect(await fileUserCache(dir, TENANT, BOB, { onProblem: t => problems.push(t) }).load()).toBeUndefined();
    expect(problems).toEqual([expect.stringMatching(/is not this sign-in's kept user list/)]);
  });

  it('names no account in the file name and stays in the folder whatever the names hold', () => {
    const file = userCacheFile(dir, '../../etc', 'ann@contoso.com/../../passwd');
    expect(path.dirname(file)).toBe(path.resolve(dir));
    expect(path.basename(file)).not.toMatch(/ann|contoso|etc|passwd/);
  });

  it('answers nothing kept for a damaged, foreign or other-version file, saying why except for another version', async () => {
    const problems: string[] = [];
    const store = fileUserCache(dir, TENANT, ANN, { onProblem: t => problems.push(t) });
    const write = (content: string): void => fs.writeFileSync(store.file, content);
    write('{"format":"m365-impressions/users","tenant":');
    expect(await store.load()).toBeUndefined();
    write(JSON.stringify({ some: 'other file' }));
    expect(await store.load()).toBeUndefined();
    write('null');
    expect(await store.load()).toBeUndefined();
    expect(problems).toEqual([
      expect.stringMatching(/is not a kept user list \(damaged JSON\)/),
      expect.stringMatching(/is not this sign-in's kept user list/),
      expect.stringMatching(/is not this sign-in's kept user list/)
    ]);
    problems.length = 0;
    write(JSON.stringify({ format: 'm365-impressions/users', tenant: TENANT, person: ANN, kept: { ...kept(['u1']), version: 2 } }));
    expect(await store.load()).toBeUndefined();
    write(JSON.stringify({ format: 'm365-impressions/users', tenant: TENANT, person: ANN, kept: { ...kept(['u1']), users: [{ id: 1 }] } }));
    expect(await store.load()).toBeUndefined();
    expect(problems).toEqual([]);
    // The next save replaces it.
    await store.save(kept(['u3']));
    expect((await store.load())?.users.map(u => u.id)).toEqual(['u3']);
  });

  it('answers nothing kept where the file cannot be read, and lets a failed write go with a word', async () => {
    const problems: string[] = [];
    const store = fileUserCache(dir, TENANT, ANN, { onProblem: t => problems.push(t) });
    fs.mkdirSync(store.file); // a folder where the file should be: reading and renaming over it fail
    expect(await store.load()).toBeUndefined();
    await expect(store.save(kept(['u1']))).resolves.toBeUndefined();
    expect(store.lastSave).toBe('failed');
    expect(problems).toEqual([expect.stringMatching(/could not be read/), expect.stringMatching(/could not be kept in .* the next run reads every user again/)]);
    expect(fs.readdirSync(dir)).toEqual([path.basename(store.file)]); // its temporary file removed

    const blocked = path.join(dir, 'a-file');
    fs.writeFileSync(blocked, 'not a folder');
    const nowhere = fileUserCache(path.join(blocked, 'sub'), TENANT, ANN, { onProblem: t => problems.push(t) });
    await nowhere.save(kept(['u1']));
    expect(nowhere.lastSave).toBe('failed');
  });

  it('runs loads, saves and clears in the order asked, and flush waits for them all', async () => {
    const store = fileUserCache(dir, TENANT, ANN);
    await store.save(kept(['u1']));
    const order: string[] = [];
    void store.clear().then(() => order.push('clear'));
    void store.save(kept(['u2'], 'd2')).then(() => order.push('save'));
    const loaded = store.load().then(k => { order.push('load'); return k; });
    await store.flush();
    expect(order).toEqual(['clear', 'save', 'load']);
    expect((await loaded)?.deltaLink).toMatch(/deltatoken=d2$/);
    await store.clear();
    expect(store.lastSave).toBe('none');
    expect(fs.existsSync(store.file)).toBe(false);
    await expect(store.clear()).resolves.toBeUndefined(); // nothing to clear is fine
  });
});
