import * as React from 'react';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { MessageBarButton } from '@fluentui/react/lib/Button';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import { WASTE_KINDS, WASTE_LABEL, formatMoney } from '../../core/licences';
import type { ICostModel } from '../../core/licences';
import type { ITenantStore } from '../../core/history';
import type { IPrices } from './useLicences';
import { priceReaders, storeErrorText, storeWhere } from './useLicences';

/** Props of CostSummary. */
export interface ICostSummaryProps {
  cost: ICostModel | undefined;
  prices: IPrices;
  store: ITenantStore | undefined;
}

/** Totals per currency (never added across), or why there is no cost: no store here, prices not read, none entered. */
export function CostSummary({ cost, prices, store }: ICostSummaryProps): JSX.Element {
  if (!store) {
    return (
      <MessageBar messageBarType={MessageBarType.info} isMultiline data-testid="licences-no-store">
        No cost is shown: unit prices are entered by an admin and kept in the product&apos;s shared store (the &quot;M365 Impressions history&quot; list of the site hosting
        the web part, or the site named in its property pane), which this page does not reach. Whoever may edit that list enters them in the Licences view there.
      </MessageBar>
    );
  }
  if (prices.state.status === 'error') {
    return (
      <MessageBar messageBarType={MessageBarType.warning} isMultiline actions={<MessageBarButton onClick={prices.retry}>Try again</MessageBarButton>}>
        {storeErrorText(prices.state.error, store)}
      </MessageBar>
    );
  }
  if (prices.state.status === 'loading') return <Text>Reading the prices from {storeWhere(store)}…</Text>;
  if (prices.cannotKeep) {
    // The store refused to create the list: no price can be kept there, as the table's "No price" says.
    return (
      <MessageBar messageBarType={MessageBarType.warning} isMultiline data-testid="licences-cost-none">
        No cost is shown: prices cannot be kept in {storeWhere(store)}. {prices.cannotKeep}
      </MessageBar>
    );
  }
  if (!cost || !cost.totals.length) {
    return (
      <Text data-testid="licences-cost-none">
        No prices entered yet: choose a SKU and enter its unit price to see what it costs and what is wasted. {priceReaders(store)}
      </Text>
    );
  }
  return (
    <Stack tokens={{ childrenGap: 4 }} data-testid="licences-cost">
      {cost.totals.map(t => (
        <Text key={t.currency}>
          <strong>{t.currency}</strong> ({t.skus} {t.skus === 1 ? 'SKU' : 'SKUs'} priced): {formatMoney({ amount: t.monthly, currency: t.currency })} a month,
          of which unassigned units {formatMoney({ amount: t.unassigned, currency: t.currency })};
          {' '}{WASTE_KINDS.filter(k => t.waste[k] !== undefined).map(k => `${WASTE_LABEL[k].toLowerCase()} ${formatMoney({ amount: t.waste[k] ?? 0, currency: t.currency })}`).join('; ')}.
          {' '}Potential saving: <strong data-testid={`licences-saving-${t.currency}`}>{formatMoney({ amount: t.saving, currency: t.currency })}</strong> a month.
        </Text>
      ))}
      {cost.unpriced > 0 && <Text variant="small">{cost.unpriced} {cost.unpriced === 1 ? 'SKU has' : 'SKUs have'} no price: enter one to count {cost.unpriced === 1 ? 'it' : 'them'}.</Text>}
    </Stack>
  );
}
