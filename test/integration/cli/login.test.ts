import * as fs from 'fs';
import * as path from 'path';
import { cli, summaryOf, tempDir } from './cli';

// The saved sign-in in a child process, with the real @azure/identity and no network: a record whose
// authority is this machine's closed port 9 must be used (after the explicit credentials), silently,
// and fail as a sign-in that could not reach its service. The paths with tokens are unit tests
// (test/unit/cli/signin.test.ts), with a fake credential.
jest.setTimeout(60_000);

describe('m365-impressions login / logout', () => {
  let dir: string;
  let config: string;
  beforeEach(() => {
    dir = tempDir();
    config = path.join(dir, 'config');
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const record = (authority: string): void => {
    fs.mkdirSync(config, { recursive: true });
    fs.writeFileSync(
      path.join(config, 'login.json'),
      JSON.stringify({
        version: 1,
        authenticationRecord: {
          authority,
          homeAccountId: '0a1b2c3d-1111-2222-3333-444455556666.6f1c2a4e-0b7d-4c39-9a51-2e8d7f3b9c10',
          clientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
          tenantId: '6f1c2a4e-0b7d-4c39-9a51-2e8d7f3b9c10',
          username: 'ann@contoso.com',
          version: '1.0'
        },
        tokenCache: 'file',
        savedAt: '2025-05-01T06:00:00.000Z'
      })
    );
  };

  it('a run without a token uses the saved record, never prompts, and says when the sign-in service cannot be reached (exit 3)', async () => {
    record('127.0.0.1:9');
    const run = await cli(['users', '--out', path.join(dir, 'users.xlsx'), '--json'], { env: { M365_IMPRESSIONS_CONFIG_DIR: config } });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^m365-impressions: Sign-in \(saved sign-in\) failed: .*The sign-in service could not be reached/);
    expect(run.stderr).not.toMatch(/devicelogin|enter the code/);
    expect(summaryOf(run)).toMatchObject({ ok: false, exitCode: 3 });
    expect(fs.existsSync(path.join(dir, 'users.xlsx'))).toBe(false);
  });

  it('GRAPH_TOKEN still comes first; logout removes the record, and says so when there is none', async () => {
    record('127.0.0.1:9');
    const first = await cli(['users', '--out', path.join(dir, 'users.xlsx'), '--graph-url', 'http://127.0.0.1:9'], {
      env: { M365_IMPRESSIONS_CONFIG_DIR: config, GRAPH_TOKEN: 'a-static-graph-token' }
    });
    expect(first.stderr).not.toMatch(/saved sign-in/);

    const out = await cli(['logout'], { env: { M365_IMPRESSIONS_CONFIG_DIR: config } });
    expect(out.code).toBe(0);
    expect(out.stderr).toMatch(/Signed out ann@contoso\.com: removed .*login\.json\./);
    expect(fs.readdirSync(config)).toEqual([]);
    const again = await cli(['logout', '--json'], { env: { M365_IMPRESSIONS_CONFIG_DIR: config } });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/No saved sign-in/);
    expect(summaryOf(again)).toMatchObject({ command: 'logout', ok: true });
  });
});
