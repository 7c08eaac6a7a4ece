import * as React from 'react';
import { DefaultButton, PrimaryButton } from '@fluentui/react/lib/Button';
import { MessageBar, MessageBarType } from '@fluentui/react/lib/MessageBar';
import { Stack } from '@fluentui/react/lib/Stack';
import { Text } from '@fluentui/react/lib/Text';
import { TextField } from '@fluentui/react/lib/TextField';
import { formatMoney, readPriceInput } from '../../core/licences';
import type { ISkuPrice } from '../../core/licences';
import type { ITenantStore } from '../../core/history';
import type { IPrices } from './useLicences';
import { priceReaders } from './useLicences';

/** Props of PriceEditor. */
export interface IPriceEditorProps {
  skuId: string;
  skuName: string;
  price: ISkuPrice | undefined;
  prices: IPrices;
  /** The currency offered first: the last one entered for any SKU. */
  currencyHint: string;
  /** Where prices are kept: who can read them is said where they are entered. */
  store: ITenantStore;
}

/**
 * A SKU's unit price: shown with who entered it and when; entered or changed by someone the store lets write. The
 * amount is read only when it means one thing ("1,250" is refused with a way to write it), and what was kept is
 * said back, so a slip is seen.
 */
export function PriceEditor({ skuId, skuName, price, prices, currencyHint, store }: IPriceEditorProps): JSX.Element {
  const [amount, setAmount] = React.useState(price ? String(price.monthly) : '');
  const [currency, setCurrency] = React.useState(price?.currency ?? currencyHint);
  const [saved, setSaved] = React.useState<string | undefined>(undefined);
  React.useEffect(() => { setAmount(price ? String(price.monthly) : ''); setCurrency(price?.currency ?? currencyHint); }, [price, currencyHint, skuId]);
  React.useEffect(() => setSaved(undefined), [skuId]);
  const typed = amount.trim() === '' ? undefined : readPriceInput(amount, currency);
  const problem = typed && !typed.ok ? typed : undefined;
  const save = async (): Promise<void> => {
    if (!typed?.ok) return;
    setSaved(undefined);
    const kept = { monthly: typed.monthly, currency: typed.currency };
    if (await prices.write(skuId, kept)) setSaved(`Saved: ${formatMoney({ amount: kept.monthly, currency: kept.currency })} per unit per month for ${skuName}.`);
  };
  const remove = async (): Promise<void> => {
    setSaved(undefined);
    if (await prices.write(skuId, null)) setSaved(`Removed the price of ${skuName}: no cost is shown for it.`);
  };
  return (
    <Stack tokens={{ childrenGap: 6 }} data-testid="licences-price">
      <Text>
        {price ? <>Unit price: <strong>{formatMoney({ amount: price.monthly, currency: price.currency })}</strong> a month{price.by ? `, entered by ${price.by}` : ''} on {price.at.slice(0, 10)}.</> : <>No price entered for {skuName}: no cost is shown for it.</>}
      </Text>
      {!prices.readOnly && (
        <>
          <Text variant="small" data-testid="licences-price-readers">{priceReaders(store)}</Text>
          <Stack horizontal wrap verticalAlign="start" tokens={{ childrenGap: 8 }}>
            <TextField label={`Unit price a month (${skuName})`} value={amount} onChange={(_, v) => { setAmount(v ?? ''); setSaved(undefined); }} inputMode="decimal"
              styles={{ root: { width: 260 } }} errorMessage={problem?.field === 'amount' ? problem.problem : undefined} description="Such as 1250, 1250.50 or 36,50" />
            <TextField label="Currency" value={currency} onChange={(_, v) => { setCurrency((v ?? '').toUpperCase()); setSaved(undefined); }} maxLength={3}
              styles={{ root: { width: 90 } }} errorMessage={problem?.field === 'currency' ? problem.problem : undefined} />
            <Stack.Item styles={{ root: { paddingTop: 29 } }}>
              <Stack horizontal tokens={{ childrenGap: 8 }}>
                <PrimaryButton text={prices.saving ? 'Saving…' : 'Save price'} disabled={!typed?.ok || prices.saving} onClick={() => void save()} />
                {price && <DefaultButton text="Remove price" disabled={prices.saving} onClick={() => void remove()} />}
              </Stack>
            </Stack.Item>
          </Stack>
        </>
      )}
      {saved && <MessageBar messageBarType={MessageBarType.success} data-testid="licences-price-saved">{saved}</MessageBar>}
      {prices.writeError && <MessageBar messageBarType={prices.readOnly ? MessageBarType.warning : MessageBarType.error} isMultiline>{prices.writeError}</MessageBar>}
    </Stack>
  );
}
