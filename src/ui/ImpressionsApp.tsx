import * as React from 'react';
import { ThemeProvider } from '@fluentui/react/lib/Theme';
import type { ITheme } from '@fluentui/react/lib/Styling';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { Pivot, PivotItem } from '@fluentui/react/lib/Pivot';
import { Stack } from '@fluentui/react/lib/Stack';
import { ServicesProvider } from './common/services';
import type { IImpressionsServices, IImpressionsSettings, ViewName } from './common/services';
import { UsersView } from './users/UsersView';
import { Spinner, SpinnerSize } from '@fluentui/react/lib/Spinner';
import { ClearCachedDataButton, ClearCachedDataMessage } from './common/ClearCachedData';
import type { ClearOutcome } from './common/ClearCachedData';
import { RelayNotice } from './common/RelayNotice';
import { DailySnapshotNotice } from './common/history/DailySnapshotNotice';
import { PlanLauncher } from './common/plan/PlanLauncher';
import type { PlanRequest } from './common/plan/planSources';
import { editAccess } from '../core/impression';

// The impression and usage views are chunks of their own, loaded when first opened: the web part's
// first load carries the Users view only.
const ImpressionView = React.lazy(() => import(/* webpackChunkName: 'impression-view' */ './impression/ImpressionView').then(m => ({ default: m.ImpressionView })));
const UsageView = React.lazy(() => import(/* webpackChunkName: 'usage-view' */ './usage/UsageView').then(m => ({ default: m.UsageView })));
const LifecycleView = React.lazy(() => import(/* webpackChunkName: 'lifecycle-view' */ './lifecycle/LifecycleView').then(m => ({ default: m.LifecycleView })));
const LicencesView = React.lazy(() => import(/* webpackChunkName: 'licences-view' */ './licences/LicencesView').then(m => ({ default: m.LicencesView })));

/** Props of the root component every host renders. */
export interface IImpressionsAppProps {
  /** The host's services; absent when the host could not get a Graph client. */
  services?: IImpressionsServices;
  /** Why the host could not start the app (token or Graph client failure), in words. */
  hostError?: string;
  /** The host's theme (SharePoint section/page theme or Teams theme). */
  theme: ITheme;
  settings: IImpressionsSettings;
  /** A deep link's target (Teams subPageId or the workbench's ?view=&user=). */
  route?: { view?: ViewName; user?: string };
}

/** The app: the same tree in SharePoint, Teams, the workbench (and its core in the CLI). */
export const ImpressionsApp: React.FC<IImpressionsAppProps> = ({ services, hostError, theme, settings, route }) => {
  const [view, setView] = React.useState<ViewName>(route?.view ?? settings.defaultView);
  const [user, setUser] = React.useState<string | undefined>(route?.user);
  const dirty = React.useRef(false);
  const onDirtyChange = React.useCallback((d: boolean) => { dirty.current = d; }, []);
  // Leaving an impression with pending changes asks first; nothing is sent without Finish.
  const go = (next: ViewName): void => {
    if (next === view) return;
    if (view === 'impression' && dirty.current && !window.confirm('You have changes that were not applied. Leave and discard them?')) return;
    dirty.current = false;
    setView(next);
  };
  // An admin who changes the default view in the property pane sees it at once (as a SharePoint page
  // in edit mode re-renders the web part); the first render already started there.
  const shownDefault = React.useRef(settings.defaultView);
  const latestGo = React.useRef(go);
  latestGo.current = go;
  React.useEffect(() => {
    if (shownDefault.current === settings.defaultView) return;
    shownDefault.current = settings.defaultView;
    latestGo.current(settings.defaultView);
  }, [settings.defaultView]);
  const openUser = React.useCallback((id: string) => { setUser(id); setView('impression'); }, []);
  // Changes applied in an impression make the Users list read before out of date.
  const [directoryVersion, setDirectoryVersion] = React.useState(0);
  const onApplied = React.useCallback(() => setDirectoryVersion(v => v + 1), []);
  const [cleared, setCleared] = React.useState<ClearOutcome | undefined>(undefined);
  // Plans opened from the Joiners & leavers and Licences views (the Users and Impression views open their own).
  const [plan, setPlan] = React.useState<PlanRequest | undefined>(undefined);
  const canPlan = services !== undefined && editAccess(services.scopes, settings.allowEdits).canEdit;
  return (
    <ThemeProvider theme={theme} className="m365i-root" style={{ background: theme.semanticColors.bodyBackground, color: theme.semanticColors.bodyText }}>
      <Stack tokens={{ childrenGap: 12, padding: 12 }}>
        {hostError || !services ? (
          <MessageBar messageBarType={MessageBarType.error} isMultiline data-testid="host-error">
            <strong>M365 Impressions could not connect to Microsoft Graph.</strong> {hostError ?? 'No Graph client was provided.'}
          </MessageBar>
        ) : (
          <ServicesProvider services={services}>
            <Stack horizontal wrap horizontalAlign="space-between" verticalAlign="center" tokens={{ childrenGap: 8 }}>
              <Pivot
                selectedKey={view}
                onLinkClick={item => item?.props.itemKey && go(item.props.itemKey as ViewName)}
                headersOnly
                aria-label="M365 Impressions views"
              >
                <PivotItem headerText="Users" itemKey="users" itemIcon="People" />
                <PivotItem headerText="Impression" itemKey="impression" itemIcon="Contact" />
                <PivotItem headerText="Usage" itemKey="usage" itemIcon="BarChartVerticalFill" />
                <PivotItem headerText="Joiners & leavers" itemKey="lifecycle" itemIcon="UserFollowed" />
                <PivotItem headerText="Licences" itemKey="licences" itemIcon="Tag" />
              </Pivot>
              <ClearCachedDataButton onDone={setCleared} />
            </Stack>
            {cleared && <ClearCachedDataMessage outcome={cleared} onDismiss={() => setCleared(undefined)} />}
            <RelayNotice />
            <DailySnapshotNotice directoryVersion={directoryVersion} view={view} />
            {view === 'users' && (
              <UsersView defaultColumns={settings.defaultColumns} onOpenUser={openUser} directoryVersion={directoryVersion}
                allowEdits={settings.allowEdits} allowDestructive={settings.allowDestructive === true} onApplied={onApplied} />
            )}
            <React.Suspense fallback={<Spinner size={SpinnerSize.large} label="Loading…" />}>
              {view === 'impression' && (
                <ImpressionView user={user} defaultPeriod={settings.defaultPeriod} allowEdits={settings.allowEdits} allowDestructive={settings.allowDestructive === true}
                  onUserChange={setUser} onDirtyChange={onDirtyChange} onApplied={onApplied} />
              )}
              {view === 'usage' && <UsageView defaultPeriod={settings.defaultPeriod} tiles={settings.usageTiles} directoryVersion={directoryVersion} visitors={settings.visitors} />}
              {view === 'lifecycle' && (
                <LifecycleView onOpenUser={openUser} directoryVersion={directoryVersion}
                  onOffboard={canPlan ? ids => setPlan({ kind: 'offboard', userIds: ids }) : undefined}
                  onSetupLike={canPlan ? id => setPlan({ kind: 'setupLike', targetId: id }) : undefined} />
              )}
              {view === 'licences' && <LicencesView onOpenUser={openUser} directoryVersion={directoryVersion} onReclaim={canPlan ? setPlan : undefined} />}
            </React.Suspense>
            {plan && <PlanLauncher request={plan} allowDestructive={settings.allowDestructive === true} onDismiss={() => setPlan(undefined)} onApplied={onApplied} />}
          </ServicesProvider>
        )}
      </Stack>
    </ThemeProvider>
  );
};
