import * as React from 'react';
import * as ReactDom from 'react-dom';
import { Version } from '@microsoft/sp-core-library';
import { BaseClientSideWebPart } from '@microsoft/sp-webpart-base';
import { PropertyPaneCheckbox, PropertyPaneDropdown, PropertyPaneLabel, PropertyPaneTextField, PropertyPaneToggle } from '@microsoft/sp-property-pane';
import type { IPropertyPaneConfiguration } from '@microsoft/sp-property-pane';
import { ThemeProvider } from '@microsoft/sp-component-base';
import { SPHttpClient } from '@microsoft/sp-http';
import type { IReadonlyTheme, ThemeChangedEventArgs } from '@microsoft/sp-component-base';
import * as strings from 'ImpressionsWebPartStrings';
import type { IGraphClientLike } from '../../core/graph';
import { identityFromToken, scopesFromToken } from '../../core/graph';
import { ImpressionsApp } from '../../ui/ImpressionsApp';
import type { IImpressionsServices } from '../../ui/common/services';
import { createBrowserServices } from '../../ui/common/createServices';
import { resolveTheme } from '../../ui/common/theme';
import { parseSubPageId, teamsDeepLink } from '../../ui/common/route';
import { registerProductIcons } from '../../ui/common/icons';
import type { IRoute } from '../../ui/common/route';
import { DEFAULT_COLUMNS_TEXT, DEFAULT_RELAY, USAGE_TILE_CHOICES, relayFromProperties, settingsFromProperties, tileShown } from '../../ui/common/defaults';
import { DEFAULT_VISITORS } from '../../ui/common/defaults';
import type { SharePointFetch } from '../../core/sharepoint';
import { chooseStoreSite, storeSiteOnHost } from '../../core/history';
import type { IImpressionsProperties } from '../../ui/common/defaults';

/**
 * Web part properties (the property pane edits them). Their defaults live in ui/common/defaults.ts;
 * the manifest's preconfigured properties are held equal to them by a test.
 */
export type IImpressionsWebPartProps = IImpressionsProperties;

/** The SPFx shell: gets the Graph client, follows the host's theme, reads the deep link, renders the app. */
export default class ImpressionsWebPart extends BaseClientSideWebPart<IImpressionsWebPartProps> {
  private services: IImpressionsServices | undefined;
  private hostError: string | undefined;
  private teamsTheme: string | undefined;
  private spTheme: IReadonlyTheme | undefined;
  private route: IRoute | undefined;
  private deepLink: ((subPageId: string) => string) | undefined;

  protected async onInit(): Promise<void> {
    await super.onInit();
    // SharePoint pages register only part of Fluent's icon font and Teams-hosted pages none: bring ours.
    registerProductIcons();
    const themes = this.context.serviceScope.consume(ThemeProvider.serviceKey);
    this.spTheme = themes.tryGetTheme();
    // A theme change before the first render (onInit still running) is taken by that render.
    themes.themeChangedEvent.add(this, (args: ThemeChangedEventArgs) => { this.spTheme = args.theme; if (this.renderedOnce) this.render(); });

    const teams = this.context.sdks.microsoftTeams;
    // Who is signed in (their directory object id) keys the report reads kept in this browser.
    let teamsUserId: string | undefined;
    if (teams) {
      // Use SPFx's own teams-js instance; a second copy would not be initialized.
      try {
        const ctx = await teams.teamsJs.app.getContext();
        this.teamsTheme = ctx.app.theme ?? 'default';
        teamsUserId = ctx.user?.id;
        this.route = parseSubPageId(ctx.page.subPageId);
        // A Teams deep link back to this tab at a sub-page (works for "Sync to Teams" and the uploaded app alike).
        const appId = ctx.app.appId?.toString();
        if (appId) {
          this.deepLink = sub => teamsDeepLink(appId, ctx.page.id, sub, ctx.channel?.id);
        }
        teams.teamsJs.app.registerOnThemeChangeHandler((theme: string) => { this.teamsTheme = theme; if (this.renderedOnce) this.render(); });
      } catch {
        this.teamsTheme = 'default';
      }
    }

    // The shared store's site: the storeSite property, else the tenant-wide setting (one SharePoint request, asked
    // while Graph's client and token are got), else this site. In a Teams personal app "this site" is the tenant's
    // root site, which serves the personal app's page.
    const spFetch = spHttpFetch(this.context.spHttpClient);
    const storeChoice = chooseStoreSite({ property: this.properties.storeSite, hostingSite: this.context.pageContext.web.absoluteUrl, fetch: spFetch });
    try {
      const client = await this.context.msGraphClientFactory.getClient('3');
      const page = this.context.pageContext;
      // Which Graph scopes the admin approved, to offer only the edits they allow. Only the scope
      // names are kept; the token itself is neither stored nor logged.
      // MSGraphClientV3 asks the same provider for every call: when it refuses now, every read would
      // fail alike, so the web part says why once instead of showing each section's failure.
      let token: string;
      try {
        const provider = await this.context.aadTokenProviderFactory.getTokenProvider();
        token = await provider.getToken('https://graph.microsoft.com');
      } catch (e) {
        this.hostError = `${strings.TokenFailed} ${e instanceof Error ? e.message : String(e)}`;
        return;
      }
      const scopes = scopesFromToken(token);
      const tokenUserId = identityFromToken(token).userId;
      // Report copies in a library of this site (or the one the page's owner named), through the person's own SharePoint session.
      const relay = relayFromProperties(this.properties, page.web.absoluteUrl);
      // A choice not made within a moment is waited for by the store's first call instead of by the page.
      const chosen = await settledWithin(storeChoice, STORE_SITE_WAIT_MS);
      this.services = createBrowserServices({
        client: client as unknown as IGraphClientLike,
        host: teams ? 'teams' : 'sharepoint',
        instanceId: this.instanceId,
        tenant: page.aadInfo?.tenantId?.toString() ?? page.site.absoluteUrl,
        // SharePoint's page context names the user; Teams' context and the token's oid say the same. None
        // known: report reads are not kept across reloads.
        userId: page.aadInfo?.userId?.toString() ?? teamsUserId ?? tokenUserId,
        userName: page.user.email || page.user.loginName,
        // contoso.sharepoint.com -> contoso, for export file names.
        tenantName: new URL(page.site.absoluteUrl).hostname.split('.')[0],
        deepLink: this.deepLink,
        scopes,
        relay: relay && { fetch: spFetch, siteUrl: relay.siteUrl, publish: relay.publish, publishedBy: page.user.email || page.user.loginName },
        store: chosen ? { fetch: spFetch, site: chosen.siteUrl, chosenBy: chosen.chosenBy } : { fetch: spFetch, site: storeChoice }
      });
    } catch (e) {
      this.hostError = `${strings.GraphClientFailed} ${e instanceof Error ? e.message : String(e)}`;
    }
  }

  public render(): void {
    // A property missing, emptied or unknown (an instance saved by an older version) is its default.
    const settings = settingsFromProperties(this.properties);
    const theme = resolveTheme({ teamsTheme: this.teamsTheme, sharePointTheme: this.spTheme });
    ReactDom.render(
      React.createElement(ImpressionsApp, { services: this.services, hostError: this.hostError, theme, settings, route: this.route }),
      this.domElement
    );
  }

  protected onDispose(): void {
    ReactDom.unmountComponentAtNode(this.domElement);
  }

  protected get dataVersion(): Version {
    return Version.parse('1.0');
  }

  protected getPropertyPaneConfiguration(): IPropertyPaneConfiguration {
    // The pane shows what the web part does, defaults included, for properties never set.
    const shown = settingsFromProperties(this.properties);
    return {
      pages: [
        {
          header: { description: strings.PropertyPaneDescription },
          groups: [
            {
              groupName: strings.DisplayGroupName,
              groupFields: [
                PropertyPaneDropdown('defaultView', {
                  label: strings.DefaultViewLabel,
                  selectedKey: shown.defaultView,
                  options: [
                    { key: 'users', text: strings.ViewUsers },
                    { key: 'impression', text: strings.ViewImpression },
                    { key: 'usage', text: strings.ViewUsage },
                    { key: 'lifecycle', text: strings.ViewLifecycle },
                    { key: 'licences', text: strings.ViewLicences }
                  ]
                }),
                PropertyPaneDropdown('defaultPeriod', {
                  label: strings.DefaultPeriodLabel,
                  selectedKey: shown.defaultPeriod,
                  options: [
                    { key: 'D7', text: strings.Period7 },
                    { key: 'D30', text: strings.Period30 },
                    { key: 'D90', text: strings.Period90 },
                    { key: 'D180', text: strings.Period180 }
                  ]
                }),
                // Left empty (or emptied), the field shows the default columns, which the Users view then uses.
                PropertyPaneTextField('defaultColumns', { label: strings.DefaultColumnsLabel, description: strings.DefaultColumnsDescription, multiline: true, value: DEFAULT_COLUMNS_TEXT })
              ]
            },
            {
              groupName: strings.UsageTilesGroupName,
              // One checkbox per overview tile, stored as usageTiles.<key>; new report tiles start shown, Security readiness unticked.
              groupFields: USAGE_TILE_CHOICES.map(t => PropertyPaneCheckbox(`usageTiles.${t.key}`, { text: t.title, checked: tileShown(this.properties, t.key) }))
            },
            {
              groupName: strings.VisitorsGroupName,
              // Visitors Graph refuses usage reports: the dashboard an admin published, or the refusals as before.
              groupFields: [
                PropertyPaneDropdown('visitors', {
                  label: strings.VisitorsLabel,
                  selectedKey: shown.visitors ?? DEFAULT_VISITORS,
                  options: [
                    { key: 'dashboard', text: strings.VisitorsDashboard },
                    { key: 'none', text: strings.VisitorsNone }
                  ]
                }),
                PropertyPaneLabel('visitors', { text: strings.VisitorsDescription })
              ]
            },
            {
              groupName: strings.RelayGroupName,
              groupFields: [
                PropertyPaneDropdown('reportRelay', {
                  label: strings.RelayLabel,
                  selectedKey: this.properties.reportRelay ?? DEFAULT_RELAY,
                  options: [
                    { key: 'publish', text: strings.RelayPublish },
                    { key: 'read', text: strings.RelayRead },
                    { key: 'off', text: strings.RelayOff }
                  ]
                }),
                PropertyPaneTextField('relaySite', {
                  label: strings.RelaySiteLabel,
                  description: strings.RelaySiteDescription,
                  placeholder: this.context.pageContext.web.absoluteUrl,
                  // A site of another tenant, or not a URL: said here; the web part keeps to its own site meanwhile.
                  onGetErrorMessage: (value: string) => (relayFromProperties({ relaySite: value }, this.context.pageContext.web.absoluteUrl)?.ignoredSite ? strings.RelaySiteInvalid : '')
                })
              ]
            },
            {
              groupName: strings.StoreGroupName,
              groupFields: [
                PropertyPaneTextField('storeSite', {
                  label: strings.StoreSiteLabel,
                  description: strings.StoreSiteDescription,
                  placeholder: this.context.pageContext.web.absoluteUrl,
                  // A site of another tenant, or not a URL: said here; the tenant-wide setting or this site keeps the store meanwhile.
                  onGetErrorMessage: (value: string) => (value.trim() && !storeSiteOnHost(value, this.context.pageContext.web.absoluteUrl) ? strings.StoreSiteInvalid : '')
                })
              ]
            },
            {
              groupName: strings.EditsGroupName,
              groupFields: [
                PropertyPaneToggle('allowEdits', { label: strings.AllowEditsLabel, onText: strings.On, offText: strings.Off, checked: shown.allowEdits }),
                PropertyPaneToggle('allowDestructive', { label: strings.AllowDestructiveLabel, onText: strings.On, offText: strings.Off, checked: shown.allowDestructive === true, disabled: !shown.allowEdits })
              ]
            }
          ]
        }
      ]
    };
  }
}

/** How long the page waits for the store's site to be chosen before it starts without knowing it yet. */
const STORE_SITE_WAIT_MS = 1500;

/** The value, when the promise settles within `ms`; undefined otherwise (the promise goes on). */
function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise<T | undefined>(resolve => {
    const timer = setTimeout(() => resolve(undefined), ms);
    promise.then(v => { clearTimeout(timer); resolve(v); }, () => { clearTimeout(timer); resolve(undefined); });
  });
}

/** SharePoint REST through SPFx's SPHttpClient: the person's own session, the request digest added to writes. */
function spHttpFetch(client: SPHttpClient): SharePointFetch {
  return (url, init) => client.fetch(url, SPHttpClient.configurations.v1, { method: init.method, headers: init.headers, body: init.body, signal: init.signal });
}
