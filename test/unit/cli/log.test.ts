// The run log's writer: one JSON line per event, the time from the run's clock, and never a token or a
// secret, whichever event carries it (a warning quoting Graph, a request URL, the command line).
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RunLog, logPathOf, loggedArgs, loggedPath } from '../../../src/cli/log';
import { CliError } from '../../../src/cli/errors';
import { fileDate } from '../../../src/core/export';

const NOW = new Date('2026-11-27T10:00:00.000Z');
// A JWT-shaped token (three base64url parts) and a client secret that looks like nothing in particular.
const TOKEN = 'eyJhbGciOiJub25lIn0.eyJzY3AiOiJVc2VyLlJlYWQuQWxsIn0.c2lnbmF0dXJl';
const SECRET = 'Qw8~s3cr3t.value_with~tilde';

describe('RunLog', () => {
  let dir: string;
  beforeEach(() => { dir = fs.mkdtempSync(path.join(os.tmpdir(), 'm365i-log-')); });
  afterEach(() => { fs.rmSync(dir, { recursive: true, force: true }); });

  it('appends one JSON line per event, as the run goes, with the run clock\'s time', () => {
    const secrets: string[] = [];
    const log = RunLog.open(path.join(dir, 'run-{today}.jsonl'), dir, () => NOW, secrets);
    if (!log) throw new Error('no log');
    // {today} is the run's local day, as the export names files.
    expect(log.file).toBe(path.join(dir, `run-${fileDate(NOW)}.jsonl`));
    log.write({ event: 'step', text: 'Users: 3' });
    expect(fs.readFileSync(log.file, 'utf8')).toBe('{"at":"2026-11-27T10:00:00.000Z","event":"step","text":"Users: 3"}\n');
    log.watch.onRequest?.({ method: 'GET', url: 'https://graph.microsoft.com/v1.0/users?$select=id,displayName&$top=999&$skiptoken=abc', status: 200, ms: 12.4 });
    log.watch.onRetryWait?.(7, 429);
    const lines = fs.readFileSync(log.file, 'utf8').trimEnd().split('\n').map(l => JSON.parse(l) as unknown);
    expect(lines.slice(1)).toEqual([
      { at: NOW.toISOString(), event: 'request', method: 'GET', path: '/v1.0/users?$select=id,displayName&$top=999&$skiptoken=…', status: 200, ms: 12 },
      { at: NOW.toISOString(), event: 'wait', reason: 'throttled', seconds: 7, status: 429 }
    ]);
  });

  it('never writes a token or a secret, even one learnt after the log was opened', () => {
    const secrets: string[] = [];
    const file = path.join(dir, 'run.jsonl');
    const log = new RunLog(file, () => NOW, secrets);
    log.write({ event: 'start', command: 'users', args: loggedArgs(['users', '--token', 'opaque-token-value-1', '--token=opaque-token-value-2', '--out', 'x.xlsx']) });
    // The token's text in a warning (as a Graph message might quote it): JWT-shaped text is always removed.
    log.write({ event: 'warning', text: `Graph said: invalid token ${TOKEN}` });
    // A secret known only later (the connection's credential) is redacted from then on: the list is shared.
    secrets.push(SECRET);
    log.write({ event: 'warning', text: `credential ${SECRET} refused` });
    log.write({ event: 'result', ok: false, exitCode: 3, error: `AADSTS7000215: Invalid client secret provided: ${SECRET}` });
    const text = fs.readFileSync(file, 'utf8');
    for (const leak of [TOKEN, SECRET, 'opaque-token-value-1', 'opaque-token-value-2']) expect(text).not.toContain(leak);
    expect(text.match(/\[redacted\]/g)).toHaveLength(5);
    expect(JSON.parse(text.split('\n')[0] ?? '')).toMatchObject({ args: ['users', '--token', '[redacted]', '--token=[redacted]', '--out', 'x.xlsx'] });
  });

  it('keeps a query\'s known OData options and only the names of the rest (a download\'s signature, a skip token)', () => {
    expect(loggedPath('https://reports.office.com/data/download/abc?sv=2020&sig=SECRETSIG&se=2026')).toBe('/data/download/abc?sv=…&sig=…&se=…');
    expect(loggedPath("http://127.0.0.1:5000/v1.0/reports/getMailboxUsageDetail(period='D7')")).toBe("/v1.0/reports/getMailboxUsageDetail(period='D7')");
    expect(loggedPath('/beta/reports/x?$format=application/json&$top=200')).toBe('/beta/reports/x?$format=application/json&$top=200');
  });

  it('finds --log on the raw command line, not the scheduled command\'s', () => {
    expect(logPathOf(['users', '--log', 'a.jsonl'])).toBe('a.jsonl');
    expect(logPathOf(['--log=b.jsonl', 'users'])).toBe('b.jsonl');
    expect(logPathOf(['schedule', '--print', 'cron', 'users', '--log', 'c.jsonl'])).toBeUndefined();
    expect(logPathOf(['users'])).toBeUndefined();
  });

  it('refuses a log in a folder that does not exist, before anything runs (exit 1)', () => {
    expect(() => RunLog.open(path.join(dir, 'nope', 'run.jsonl'), dir, () => NOW, [])).toThrow(CliError);
    expect(RunLog.open(undefined, dir, () => NOW, [])).toBeUndefined();
  });

  it('goes on without the log when it cannot be written any more, saying so once', () => {
    const told: string[] = [];
    const log = new RunLog(path.join(dir, 'x.jsonl'), () => NOW, [], () => { throw new Error('ENOSPC'); }, m => told.push(m));
    log.write({ event: 'step', text: 'a' });
    log.write({ event: 'step', text: 'b' });
    expect(told).toEqual([expect.stringMatching(/Cannot write the log .*ENOSPC.*goes on without it/)]);
  });
});
