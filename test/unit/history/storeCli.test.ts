/**
 * The CLI's way to the shared store (src/cli/store.ts): --site or --to checked before anyone is asked, and the
 * store's refusals as the CLI's exit codes (the commands that use it are tested against the demo tenant).
 */
import { StoreError } from '../../../src/core/history';
import { checkStoreFlags, storeCliError } from '../../../src/cli/store';
import { EXIT, UsageError } from '../../../src/cli/errors';

describe('the CLI store flags', () => {
  it('takes --site (a site, normalized) or --to (a JSON-lines file), one of them', () => {
    expect(checkStoreFlags({ site: ' https://contoso.sharepoint.com/sites/it/ ' })).toEqual({ site: 'https://contoso.sharepoint.com/sites/it' });
    expect(checkStoreFlags({ to: 'history.jsonl' })).toEqual({ to: 'history.jsonl' });
    for (const bad of [{}, { site: 'https://contoso.sharepoint.com/sites/it', to: 'h.jsonl' }, { to: 'history.xlsx' }, { site: 'http://contoso.sharepoint.com/sites/it' }, { site: 'https://contoso.sharepoint.com/sites/it/SitePages/Home.aspx' }]) {
      expect(() => checkStoreFlags(bad)).toThrow(UsageError);
    }
  });

  it('says the store\u2019s refusals with the exit codes scripts rely on', () => {
    expect(storeCliError(new StoreError('cannotCreate', 'no list', 403)).exitCode).toBe(EXIT.auth);
    expect(storeCliError(new StoreError('readOnly', 'read only', 403)).message).toMatch(/^read only .*AllSites\.Write/);
    expect(storeCliError(new StoreError('notFound', 'no site', 404)).exitCode).toBe(EXIT.notFound);
    expect(storeCliError(new StoreError('unreachable', 'token', 401)).exitCode).toBe(EXIT.auth);
    expect(storeCliError(new StoreError('damaged', 'bad')).exitCode).toBe(EXIT.other);
  });
});
