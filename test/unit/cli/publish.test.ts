// `publish --site <url> [--period ...] [--reports ...]`: what it reads, checked before anyone is asked; its
// SharePoint token; its exit codes; and scheduling it. Nothing here signs in or reads.
import * as path from 'path';
import { parseArgs } from '../../../src/cli/args';
import type { IAuth } from '../../../src/cli/auth';
import { tokenAccount } from '../../../src/cli/auth';
import {
  DEFAULT_PUBLISH_REPORTS,
  normalizeSiteUrl,
  publishExitCode,
  publishPlan,
  publishRunCode,
  sharePointTokens,
  siteOnDemo
} from '../../../src/cli/commands/publish';
import type { IPublishOutcome } from '../../../src/cli/commands/publish';
import { CliError, EXIT, UsageError } from '../../../src/cli/errors';
import { run } from '../../../src/cli/main';
import { WORKLOAD_SOURCES } from '../../../src/core/impression/workloads';
import { GraphError } from '../../../src/core/graph/GraphError';
import { RelayAccessError } from '../../../src/core/reports/relay';

const SITE = 'https://contoso.sharepoint.com/sites/it';
const plan = (...a: string[]) => publishPlan(parseArgs(['publish', ...a]).values);
const reads = (...a: string[]) => plan(...a).reads.map(r => `${r.entry.fn} ${r.param.period}`);
const refusal = (f: () => unknown, type: new (...args: never[]) => Error = UsageError): string => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(type);
    return (e as Error).message;
  }
  throw new Error('not refused');
};

describe('publish: what it reads', () => {
  it('by default: the 9 workload reports and the active-user report for D30, and the active-user report for D180 as the Users view reads it', () => {
    expect(DEFAULT_PUBLISH_REPORTS).toEqual([...WORKLOAD_SOURCES.map(s => s.fn), 'getOffice365ActiveUserDetail']);
    expect(DEFAULT_PUBLISH_REPORTS).toHaveLength(10);
    const p = plan('--site', SITE);
    expect(p.site).toBe(SITE);
    expect(p.periods).toEqual(['D30']);
    expect(reads('--site', SITE)).toEqual([...DEFAULT_PUBLISH_REPORTS.map(fn => `${fn} D30`), 'getOffice365ActiveUserDetail D180']);
    expect(p.reads[10]?.note).toMatch(/Users view/);
  });

  it('several periods (comma or space separated, 30 as D30, each once); D180 asked covers the Users view', () => {
    expect(plan('--site', SITE, '--period', 'd7,30 D30').periods).toEqual(['D7', 'D30']);
    expect(reads('--site', SITE, '--period', 'D7,D30')).toHaveLength(21);
    const withD180 = reads('--site', SITE, '--period', 'D30,D180');
    expect(withD180).toHaveLength(20);
    expect(withD180.filter(r => r === 'getOffice365ActiveUserDetail D180')).toHaveLength(1);
  });

  it('--reports: those reports for each period (names in any case), and nothing else', () => {
    expect(reads('--site', SITE, '--reports', 'getmailboxusagedetail, getOffice365ActiveUserDetail', '--period', 'D7,D90')).toEqual([
      'getMailboxUsageDetail D7', 'getOffice365ActiveUserDetail D7', 'getMailboxUsageDetail D90', 'getOffice365ActiveUserDetail D90'
    ]);
  });

  it('refuses, before any request: no --site, a bad period, an unknown report (exit 4, with the closest), a report the relay does not keep', () => {
    expect(refusal(() => plan())).toMatch(/publish needs --site/);
    expect(refusal(() => plan('--site', SITE, '--period', 'D8'))).toMatch(/"D8" is not a report period/);
    expect(refusal(() => plan('--site', SITE, '--period', ','))).toMatch(/--period takes one or more periods/);
    const unknown = refusal(() => plan('--site', SITE, '--reports', 'getMailboxUsageDetal'), CliError);
    expect(unknown).toMatch(/Unknown report function "getMailboxUsageDetal". Did you mean getMailboxUsageDetail/);
    expect(() => plan('--site', SITE, '--reports', 'nope')).toThrow(expect.objectContaining({ exitCode: EXIT.notFound }));
    expect(refusal(() => plan('--site', SITE, '--reports', 'getEmailActivityCounts'))).toMatch(/not a detail report read by period/);
    expect(refusal(() => plan('--site', SITE, '--reports', 'getOffice365ActivationsUserDetail'))).toMatch(/not a detail report read by period/);
    expect(refusal(() => parseArgs(['publish', '--site', SITE, '--out', 'x.xlsx']))).toMatch(/--out does not apply to "publish"/);
    expect(refusal(() => parseArgs(['publish', '--site', SITE, '--period', 'D7', '--period', 'D30']))).toMatch(/--period is given twice/);
  });
});

describe('publish: --site', () => {
  it('takes the site\'s address: https, any site path or the root site, trailing slashes dropped', () => {
    expect(normalizeSiteUrl('https://contoso.sharepoint.com/sites/it/')).toBe(SITE);
    expect(normalizeSiteUrl(' https://contoso.sharepoint.com/teams/Sales ')).toBe('https://contoso.sharepoint.com/teams/Sales');
    expect(normalizeSiteUrl('https://contoso.sharepoint.com')).toBe('https://contoso.sharepoint.com');
    expect(normalizeSiteUrl('http://127.0.0.1:7000/sites/demo')).toBe('http://127.0.0.1:7000/sites/demo');
  });

  it('refuses what is not a site\'s address, saying what to give', () => {
    expect(refusal(() => normalizeSiteUrl('contoso/sites/it'))).toMatch(/is not a URL; give the site's address/);
    expect(refusal(() => normalizeSiteUrl('ftp://contoso.sharepoint.com/sites/it'))).toMatch(/https URL, not ftp:/);
    expect(refusal(() => normalizeSiteUrl('http://contoso.sharepoint.com/sites/it'))).toMatch(/plain http only for localhost/);
    expect(refusal(() => normalizeSiteUrl(`${SITE}?web=1`))).toMatch(/no query, fragment or credentials/);
    expect(refusal(() => normalizeSiteUrl(`${SITE}/SitePages/Home.aspx`))).toMatch(/not a page or a library in it \(e\.g\. https:\/\/contoso\.sharepoint\.com\/sites\/it/);
    expect(refusal(() => normalizeSiteUrl(`${SITE}/Shared%20Documents/Forms/AllItems.aspx`))).toMatch(/not a page or a library/);
    expect(refusal(() => normalizeSiteUrl(`${SITE}/_api/web`))).toMatch(/not a page or a library/);
  });

  it('with --demo, the same path on the demo tenant', () => {
    expect(siteOnDemo(SITE, 'http://127.0.0.1:7000')).toBe('http://127.0.0.1:7000/sites/it');
    expect(siteOnDemo('https://contoso.sharepoint.com', 'http://127.0.0.1:7000/')).toBe('http://127.0.0.1:7000');
  });
});

describe('publish: the SharePoint token', () => {
  const graphUrl = 'https://graph.microsoft.com';
  const fixed = (token: string): IAuth => ({ kind: 'GRAPH_TOKEN', getToken: () => Promise.resolve(token), secrets: [token] });

  it('SHAREPOINT_TOKEN first; the Graph token where Graph and the site share a host (the demo tenant)', async () => {
    expect(await (await sharePointTokens(fixed('graph'), graphUrl, SITE, { SHAREPOINT_TOKEN: ' sp ' }))()).toBe('sp');
    expect(await (await sharePointTokens(fixed('graph'), 'http://127.0.0.1:7000', 'http://127.0.0.1:7000/sites/x', {}))()).toBe('graph');
  });

  it('asks the sign-in\'s credential for https://<host>/.default, now', async () => {
    const asked: string[] = [];
    const auth: IAuth = { ...fixed('graph'), kind: 'saved sign-in', forScope: scope => () => { asked.push(scope); return Promise.resolve(`token for ${scope}`); } };
    const source = await sharePointTokens(auth, graphUrl, SITE, {});
    expect(asked).toEqual(['https://contoso.sharepoint.com/.default']);
    expect(await source()).toBe('token for https://contoso.sharepoint.com/.default');
  });

  it('exit 3 before any read: a Graph-only token without SHAREPOINT_TOKEN; a credential that cannot have one, with the permissions needed', async () => {
    await expect(sharePointTokens(fixed('graph'), graphUrl, SITE, {})).rejects.toThrow(/token given with --token or GRAPH_TOKEN is for Graph only. Set SHAREPOINT_TOKEN/);
    await expect(sharePointTokens(fixed('graph'), graphUrl, SITE, {})).rejects.toMatchObject({ exitCode: EXIT.auth });
    const refused: IAuth = { ...fixed('graph'), forScope: () => () => Promise.reject(new CliError(EXIT.auth, 'Sign-in (device code) failed: AADSTS65001: no consent.')) };
    const e = (await sharePointTokens(refused, graphUrl, SITE, {}).then(() => undefined, (x: unknown) => x)) as CliError;
    expect(e).toBeInstanceOf(CliError);
    expect(e.exitCode).toBe(EXIT.auth);
    expect(e.message).toMatch(/^Could not get a token for SharePoint \(https:\/\/contoso\.sharepoint\.com\): Sign-in \(device code\) failed: AADSTS65001/);
    expect(e.message).toMatch(/AllSites\.Write/);
  });

  it('names who publishes from the token: a UPN of a delegated sign-in, nobody for an app or a non-JWT', () => {
    const jwt = (claims: Record<string, unknown>): string => `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    expect(tokenAccount(jwt({ upn: 'ann@contoso.com', roles: [] }))).toBe('ann@contoso.com');
    expect(tokenAccount(jwt({ preferred_username: 'bob@contoso.com' }))).toBe('bob@contoso.com');
    expect(tokenAccount(jwt({ roles: ['Reports.Read.All'], app_displayname: 'Publisher' }))).toBeUndefined();
    expect(tokenAccount('not-a-jwt')).toBeUndefined();
  });
});

describe('publish: exit codes', () => {
  const ok = (report: string): IPublishOutcome => ({ report, period: 'D30', rows: 3, requests: 2, published: true });
  const failed = (report: string, error: unknown): IPublishOutcome => ({ report, period: 'D30', published: false, reason: 'x', error });
  const role = new GraphError(403, 'S2SUnauthorized', 'Invalid Permission.');

  it('0 when all were published; 6 when some were (they are kept); else the failure\'s own code', () => {
    expect(publishRunCode([ok('a'), ok('b')])).toBe(EXIT.ok);
    expect(publishRunCode([ok('a'), failed('b', role)])).toBe(EXIT.partial);
    expect(EXIT.partial).toBe(6);
    expect(publishRunCode([failed('a', role), failed('b', role)])).toBe(EXIT.auth);
    expect(publishRunCode([failed('a', new RelayAccessError(403, 'refused'))])).toBe(EXIT.auth);
    expect(publishRunCode([failed('a', new RelayAccessError(0, 'unreachable'))])).toBe(EXIT.other);
    expect(publishExitCode(new GraphError(429, 'TooManyRequests', 'slow down'))).toBe(EXIT.throttled);
    expect(publishExitCode(new RelayAccessError(401, 'no'))).toBe(EXIT.auth);
  });
});

describe('publish: on a schedule', () => {
  const cli = async (argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> => {
    let stdout = '';
    let stderr = '';
    const code = await run({ argv, env: {}, stdout: { write: t => { stdout += t; } }, stderr: { write: t => { stderr += t; } }, stdinIsTTY: false, cwd: path.resolve('/tmp'), now: () => new Date('2026-11-27T10:00:00Z') });
    return { code, stdout, stderr };
  };

  it('schedule --print takes publish, checks it as the run will, and says it signs in to SharePoint too', async () => {
    const cron = await cli(['schedule', '--print', 'cron', 'publish', '--site', SITE, '--period', 'D7,D30']);
    expect(cron.code).toBe(0);
    expect(cron.stderr).toBe('');
    expect(cron.stdout).toMatch(/# M365 Impressions: m365-impressions publish report copies\./);
    expect(cron.stdout).toMatch(/# publish writes the report copies into the site's library "M365 Impressions relay"/);
    expect(cron.stdout).toMatch(/AllSites\.Write/);
    expect(cron.stdout.trimEnd().split('\n').pop()).toMatch(/bin\/m365-impressions\.js publish --site https:\/\/contoso\.sharepoint\.com\/sites\/it --period D7,D30$/);
    const bad = await cli(['schedule', '--print', 'github', 'publish', '--site', 'contoso']);
    expect(bad.code).toBe(EXIT.usage);
    expect(bad.stderr).toMatch(/--site "contoso" is not a URL/);
  });

  it('--help lists publish and exit code 6', async () => {
    const help = await cli(['--help']);
    expect(help.stdout).toMatch(/publish {5}--site <https:\/\/contoso\.sharepoint\.com\/sites\/it>/);
    expect(help.stdout).toMatch(/6 done in part \(publish: some reports published, some not\)/);
  });
});
