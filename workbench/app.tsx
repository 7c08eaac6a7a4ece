import * as React from 'react';
import * as ReactDom from 'react-dom';
import { PrimaryButton } from '@fluentui/react/lib/Button';
import { TextField } from '@fluentui/react/lib/TextField';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import { Spinner } from '@fluentui/react/lib/Spinner';
import { identityFromToken, scopesFromToken } from '../src/core/graph';
import { signedInFromToken } from '../src/core/plans';
import { createTokenClient } from '../src/core/graph/tokenClient';
import type { ITokenIdentity } from '../src/core/graph';
import { createBrowserServices } from '../src/ui/common/createServices';
import { bearerFetch } from '../src/core/sharepoint';
import { chooseStoreSite } from '../src/core/history';
import { relayFromProperties } from '../src/ui/common/defaults';
import { ImpressionsApp } from '../src/ui/ImpressionsApp';
import type { IImpressionsServices } from '../src/ui/common/services';
import { settingsFromProperties } from '../src/ui/common/defaults';
import { resolveTheme } from '../src/ui/common/theme';
import { parseSubPageId } from '../src/ui/common/route';
import type { IRoute } from '../src/ui/common/route';
import { SharePointFrame, TeamsFrame } from './frames';
import { registerProductIcons } from '../src/ui/common/icons';

/** What the workbench server tells the page (never the token itself). */
interface IWorkbenchConfig {
  graphUrl: string;
  /** demo: the demo tenant's token; env: GRAPH_TOKEN held by the server; paste: the user pastes one. */
  tokenSource: 'demo' | 'env' | 'paste';
  today?: string;
  /** Keys persisted report reads with the token's tenant id (the demo tenant's seed, size and day, or the Graph URL). */
  tenant: string;
  tenantName: string;
}

/** The server's token; `as` (demo tenant only) signs in as another of its people instead of the admin. */
async function fetchToken(as?: string): Promise<string> {
  const res = await fetch(`/_workbench/token${as ? `?as=${encodeURIComponent(as)}` : ''}`, { cache: 'no-store' });
  if (!res.ok) throw new Error(`The workbench server has no token${as ? ` for ${as}` : ''} (${res.status}).`);
  return res.text();
}

/** What the page keeps of a token: what it may do and whom it names (keys the report cache), never the token. */
interface ISignIn {
  scopes?: Set<string>;
  identity: ITokenIdentity;
  /** The name a plan's record gives who ran it (the token's upn claim). */
  name?: string;
}
const readSignIn = (token: string): ISignIn => ({ scopes: scopesFromToken(token), identity: identityFromToken(token), name: signedInFromToken(token).by });

/** A token the user pasted: held in memory only — never in storage, the URL or logs. */
const TokenPrompt: React.FC<{ onToken: (t: string) => void; graphUrl: string }> = ({ onToken, graphUrl }) => {
  const [value, setValue] = React.useState('');
  return (
    <Stack tokens={{ childrenGap: 12, padding: 16 }} style={{ maxWidth: 560 }}>
      <Text variant="large">Connect to {graphUrl}</Text>
      <Text>Paste a Microsoft Graph access token (for example from Graph Explorer). It stays in this tab&apos;s memory only.</Text>
      <TextField label="Access token" type="password" canRevealPassword={false} value={value} onChange={(_, v) => setValue(v ?? '')} autoComplete="off" />
      <PrimaryButton text="Connect" disabled={!value.trim()} onClick={() => onToken(value.trim())} />
    </Stack>
  );
};

const Workbench: React.FC<{ config: IWorkbenchConfig }> = ({ config }) => {
  const q = new URLSearchParams(window.location.search);
  const host = q.get('host') === 'teams' ? 'teams' : 'sharepoint';
  const teamsTheme = host === 'teams' ? q.get('theme') ?? 'default' : undefined;
  // The same decision the web part makes: Teams' theme in Teams, SharePoint's elsewhere.
  const theme = resolveTheme({ teamsTheme });
  const route: IRoute | undefined = q.get('user')
    ? { view: 'impression', user: q.get('user') ?? undefined }
    : parseSubPageId(q.get('view'));
  // The web part's properties, from the query (as the property pane would set them); the rest are the
  // same defaults a freshly added web part has.
  const settings = settingsFromProperties({
    defaultView: q.get('view') ?? undefined,
    defaultPeriod: q.get('period') ?? undefined,
    allowEdits: q.has('allowEdits') ? q.get('allowEdits') === '1' : undefined,
    allowDestructive: q.get('allowDestructive') === '1',
    visitors: q.get('visitors') ?? undefined,
    defaultColumns: q.get('columns') ?? undefined
  });
  const [pasted, setPasted] = React.useState<string | undefined>(undefined);
  // What the token may do (for edits); only the scope names are kept, never the token. A pasted token's
  // are read from it at once; the server's are fetched, `null` until then — the app starts once they are
  // known (as the web part does), so it never starts twice.
  // Who is signed in comes from the token too (its oid and tid), so report reads kept in the browser are
  // one person's. `?as=<upn>` signs in as another of the demo tenant's people (e.g. one without a report role).
  const as = q.get('as') ?? undefined;
  const [fetched, setFetched] = React.useState<ISignIn | null>(null);
  React.useEffect(() => {
    if (config.tokenSource === 'paste') return;
    fetchToken(as).then(t => setFetched(readSignIn(t)), () => setFetched({ identity: {} }));
  }, [config, as]);
  const pastedSignIn = React.useMemo(() => (pasted ? readSignIn(pasted) : undefined), [pasted]);
  const signIn = config.tokenSource === 'paste' ? pastedSignIn : fetched;
  const scopes = signIn === null ? null : signIn?.scopes;
  const persistReports = q.get('cache') !== 'off';
  // ?shards=off reads /users one page after another: the baseline the large-tenant benchmark compares with.
  const shardUsers = q.get('shards') !== 'off';
  const relayMode = q.get('relay') ?? undefined;
  const relay = React.useMemo(() => relayFromProperties({ reportRelay: relayMode }, `${config.graphUrl}/sites/impressions`), [relayMode, config.graphUrl]);
  // The shared store's site, as the web part chooses it: ?storeSite= (its property), else the demo tenant's
  // M365ImpressionsStoreSite tenant property, else the demo's /sites/impressions (the "hosting" site).
  const storeSite = q.get('storeSite') ?? undefined;
  const services = React.useMemo<IImpressionsServices | undefined>(() => {
    if (config.tokenSource === 'paste' && !pasted) return undefined;
    if (scopes === null) return undefined;
    const getToken = config.tokenSource === 'paste' ? async () => pasted ?? '' : memo(() => fetchToken(as));
    const { userId, tenantId } = signIn?.identity ?? {};
    return createBrowserServices({
      client: createTokenClient({ baseUrl: config.graphUrl, getToken }),
      baseUrl: config.graphUrl,
      host: host === 'teams' ? 'teams' : 'workbench',
      instanceId: 'workbench',
      tenant: tenantId ? `${config.tenant}|${tenantId}` : config.tenant,
      // Unknown (an opaque token): report reads are kept in memory only.
      userId,
      userName: signIn?.name,
      tenantName: config.tenantName,
      now: () => (config.today ? new Date(`${config.today}T12:00:00Z`) : new Date()),
      // The workbench accepts the same sub-page as Teams: ?host=..&user=<upn>.
      deepLink: sub => {
        const u = new URL(window.location.href);
        u.search = '';
        u.searchParams.set('host', host);
        if (teamsTheme) u.searchParams.set('theme', teamsTheme);
        const r = parseSubPageId(sub);
        if (r?.user) u.searchParams.set('user', r.user);
        else u.searchParams.set('view', sub);
        return u.toString();
      },
      persistReports,
      shardUsers,
      scopes: scopes ?? undefined,
      // The demo tenant serves SharePoint's REST too: the relay's library lives in its /sites/impressions
      // (?relay=read|off as the property pane would set it). A real tenant's SharePoint takes another token: no relay.
      relay: relay && config.tokenSource === 'demo' ? { fetch: bearerFetch(getToken), siteUrl: relay.siteUrl, publish: relay.publish, publishedBy: as } : undefined,
      // The shared store lives in the demo tenant's SharePoint too (a real tenant's SharePoint takes another token: none).
      store: config.tokenSource === 'demo' ? demoStore(getToken, config.graphUrl, storeSite) : undefined
    });
  }, [config, pasted, host, teamsTheme, persistReports, shardUsers, scopes, signIn, as, relay, storeSite]);

  const Frame = host === 'teams' ? TeamsFrame : SharePointFrame;
  const width = q.get('width') === 'narrow' ? 'narrow' : 'full';
  return (
    <Frame theme={theme} teamsTheme={teamsTheme} width={width}>
      {services ? (
        <ImpressionsApp services={services} theme={theme} settings={settings} route={route} />
      ) : scopes === null && (config.tokenSource !== 'paste' || pasted) ? (
        <Spinner label="Signing in…" />
      ) : (
        <TokenPrompt graphUrl={config.graphUrl} onToken={setPasted} />
      )}
    </Frame>
  );
};

/** The demo tenant's store: its list in the site chosen as the web part chooses, a form digest asked as SPHttpClient would. */
function demoStore(getToken: () => Promise<string>, graphUrl: string, property: string | undefined): NonNullable<Parameters<typeof createBrowserServices>[0]['store']> {
  const fetch = bearerFetch(getToken);
  return { fetch, site: chooseStoreSite({ property, hostingSite: `${graphUrl}/sites/impressions`, fetch }), kind: 'demo', requestDigest: true };
}

function memo<T>(fn: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= fn().catch(e => { p = undefined; throw e; }));
}

async function main(): Promise<void> {
  registerProductIcons();
  const config = (await (await fetch('/_workbench/config.json', { cache: 'no-store' })).json()) as IWorkbenchConfig;
  document.body.style.margin = '0';
  ReactDom.render(<Workbench config={config} />, document.getElementById('root'));
}

void main();
