import * as React from 'react';
import { ActionButton } from '@fluentui/react/lib/Button';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { ProgressIndicator } from '@fluentui/react/lib/ProgressIndicator';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import { useTheme } from '@fluentui/react/lib/Theme';
import { explainError } from '../../core/graph';
import { WASTE_KINDS, WASTE_LABEL, licencesFileName, licencesSheets } from '../../core/licences';
import type { ILicenceModel } from '../../core/licences';
import type { PlanRequest } from '../common/plan/planSources';
import { SectionMessage } from '../common/SectionMessage';
import { HistoryCharts, SnapshotScript, useSnapshotWaste } from '../common/history';
import { useServices } from '../common/services';
import { useExport } from '../common/useExport';
import { CostSummary } from './CostSummary';
import { HolderList } from './HolderList';
import type { ListKind } from './HolderList';
import { PriceEditor } from './PriceEditor';
import { SkuTable } from './SkuTable';
import { useCost, useLicenceModel, usePrices } from './useLicences';

const fmt = new Intl.NumberFormat('en-US');

/** Props of LicencesView. */
export interface ILicencesViewProps {
  /** Bumped by the app when changes were applied to the directory: the list (and the SKUs' counts) are read again. */
  directoryVersion?: number;
  /** Opens the reviewed reclaim plan (the app's plan launcher); without it there is no "Reclaim…". */
  onReclaim?: (request: PlanRequest) => void;
  onOpenUser?: (id: string) => void;
}

/** Each waste category across every paid SKU: holdings counted, or why it cannot be told; under a heading, set apart from the table and the history. */
function WasteSummary({ model }: { model: ILicenceModel }): JSX.Element {
  const theme = useTheme();
  const free = model.skus.filter(u => u.sku.freeWhy !== null).length;
  return (
    <Stack as="section" aria-labelledby="licences-waste-heading" tokens={{ childrenGap: theme.spacing.s1 }} data-testid="licences-waste"
      styles={{ root: { padding: theme.spacing.m, border: `1px solid ${theme.palette.neutralLight}`, borderRadius: theme.effects.roundedCorner2, background: theme.semanticColors.bodyBackground } }}>
      <Text variant="mediumPlus" as="h3" id="licences-waste-heading" styles={{ root: { margin: 0, fontWeight: 600 } }}>Waste across all SKUs</Text>
      <Stack as="ul" tokens={{ childrenGap: theme.spacing.s2 }} styles={{ root: { margin: 0, paddingLeft: theme.spacing.l1 } }}>
        {WASTE_KINDS.map(k => {
          const a = model.availability[k];
          const n = model.skus.reduce((sum, u) => sum + u.waste[k].holders.length, 0);
          const what = a.status === 'ready' ? `${fmt.format(n)} ${n === 1 ? 'holding' : 'holdings'}` : a.status === 'loading' ? 'still reading' : `not available: ${a.why ?? ''} ${a.error !== undefined ? explainError(a.error, k === 'neverSignedIn' ? 'signIns' : 'reports').detail : ''}`;
          return <li key={k}><Text>{WASTE_LABEL[k]}: {what}</Text></li>;
        })}
      </Stack>
      {free > 0 && (
        <Text variant="small" styles={{ root: { color: theme.semanticColors.bodySubtext } }} data-testid="licences-waste-free">
          {free === 1 ? '1 free or trial SKU is' : `${fmt.format(free)} free or trial SKUs are`} left out: waste is about paid licences.
        </Text>
      )}
    </Stack>
  );
}

/** Licences: every subscribed SKU, its holders and waste, cost from entered prices, and reclaim through a reviewed plan. */
export const LicencesView: React.FC<ILicencesViewProps> = ({ directoryVersion, onReclaim, onOpenUser }) => {
  const services = useServices();
  const { read, state, model } = useLicenceModel(services, directoryVersion ?? 0);
  const prices = usePrices(services.tenantStore, services.signedIn?.name ?? null, services.now);
  const cost = useCost(model, prices.state);
  // Today's snapshot gets the waste and its cost once they are counted (nothing more is read for it).
  useSnapshotWaste(model, cost, directoryVersion ?? 0);
  const [chosen, setChosen] = React.useState<string | undefined>(undefined);
  const [list, setList] = React.useState<ListKind>('holders');
  const exp = useExport(e => `The export failed: ${e instanceof Error ? e.message : String(e)}. Nothing was lost; try again.`);
  const { list: users, skus, assignments } = state;
  const usage = model?.skus.find(u => u.sku.key === chosen);
  const priceOf = chosen ? cost?.bySku.get(chosen)?.price : undefined;
  const lastCurrency = prices.state.status === 'ready' ? prices.state.data[prices.state.data.length - 1]?.currency ?? 'EUR' : 'EUR';
  const canPrice = services.tenantStore !== undefined && !prices.readOnly && prices.state.status === 'ready';
  const exportAll = (): void => {
    if (!model) return;
    const notes = users.status === 'error' ? ['Not every user could be read: the figures cover the users read.'] : [];
    void exp.run(() => ({ sheets: licencesSheets(model, cost, services.now(), notes), fileName: licencesFileName(services.tenantName ?? 'tenant', services.now()) }));
  };
  const choose = (key: string): void => { setChosen(key); setList('holders'); };
  return (
    <Stack tokens={{ childrenGap: 12 }} className="m365i-licences">
      <Stack horizontal wrap horizontalAlign="space-between" verticalAlign="center" tokens={{ childrenGap: 8 }}>
        <Text variant="large" as="h2">Licences</Text>
        {/* One command: a button, not a command bar (which may fold its only item into an overflow menu). */}
        <ActionButton iconProps={{ iconName: 'ExcelDocument' }} disabled={!model || !!exp.progress} onClick={exportAll}>{model ? 'Export all (.xlsx)' : 'Export (once read)'}</ActionButton>
      </Stack>
      {exp.progress && <ProgressIndicator label="Exporting to Excel" description={`${fmt.format(exp.progress.done)} of ${fmt.format(exp.progress.total)} rows`} />}
      {exp.error && <MessageBar messageBarType={MessageBarType.error} onDismiss={exp.clearError}>{exp.error}</MessageBar>}
      {users.status === 'loading' && (
        <ProgressIndicator label="Reading users…" description={`${fmt.format(users.users.length)}${users.expected ? ` of ${fmt.format(users.expected)}` : ''} users so far; holders and waste are counted once every user is read.`}
          percentComplete={users.expected ? Math.min(1, users.users.length / users.expected) : undefined} />
      )}
      {users.status === 'error' && <SectionMessage error={users.error} topic="users" onRetry={() => read.retry()} />}
      {skus.status === 'loading' && <ProgressIndicator label="Reading subscribed SKUs…" />}
      {skus.status === 'error' && <SectionMessage error={skus.error} topic="licenses" onRetry={() => read.retry()} />}
      {assignments.status === 'error' && (
        <MessageBar messageBarType={MessageBarType.warning} isMultiline data-testid="licences-assignments-error">
          Holders are not split into direct and group-based: {explainError(assignments.error, 'users').detail} A reclaim plan then leaves it to Microsoft Graph to refuse group-based ones.
        </MessageBar>
      )}
      {model && <CostSummary cost={cost} prices={prices} store={services.tenantStore} />}
      {model && !model.skus.length && <Text variant="large" data-testid="licences-empty">This tenant subscribes to no SKU.</Text>}
      {model && model.skus.length > 0 && (
        <>
          <SkuTable model={model} cost={cost} chosen={chosen} onChoose={choose} canPrice={canPrice} />
          <WasteSummary model={model} />
        </>
      )}
      {model && usage && (
        <Stack tokens={{ childrenGap: 8 }} data-testid="licences-sku">
          <Text variant="large" as="h3">{usage.sku.name}</Text>
          <Text>
            {fmt.format(usage.sku.enabled)} purchased, {fmt.format(usage.sku.assigned)} assigned, {fmt.format(usage.sku.available)} available
            {usage.sku.warning || usage.sku.suspended ? ` (${fmt.format(usage.sku.warning)} in warning, ${fmt.format(usage.sku.suspended)} suspended)` : ''}; {usage.sku.capabilityStatus}.
            {' '}{usage.sku.freeWhy ?? 'Paid.'}
          </Text>
          {services.tenantStore && prices.state.status === 'ready' && (
            <PriceEditor skuId={usage.sku.skuId} skuName={usage.sku.name} price={priceOf} prices={prices} currencyHint={lastCurrency} store={services.tenantStore} />
          )}
          <HolderList key={usage.sku.key} model={model} usage={usage} cost={cost} list={list} onList={setList} onReclaim={onReclaim} onOpenUser={onOpenUser} />
        </Stack>
      )}
      {/* The history beyond Graph's 180 days: licences assigned vs purchased, and what the waste costs. */}
      {services.tenantStore && <HistoryCharts charts={['licences', 'wasteCost']} skuName={id => model?.skus.find(u => u.sku.key === id)?.sku.name} />}
      {/* The history also grows on days nobody opens the page: the same snapshot from a scheduled command. */}
      {services.tenantStore && <SnapshotScript site={services.tenantStore.location.kind === 'file' ? undefined : services.tenantStore.location.where} />}
    </Stack>
  );
};
